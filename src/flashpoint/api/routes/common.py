"""What every route shares: the service dependency, parameter rules and error responses.

Parameter rules are the API's input validation: bounded page sizes, closed vocabularies from
`records`, and identifier patterns, so bad input is a 422 with the error shape, never a 500.
"""

from __future__ import annotations

from typing import Annotated, Any, Final

from fastapi import Depends, Query, Request

from flashpoint.api.models import ErrorBody
from flashpoint.api.service import Service

MAX_PAGE: Final = 500
MAX_OFFSET: Final = 10_000_000
ACTOR_ID: Final = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$"
COUNTRY: Final = r"^[A-Z]{3}$"
KEY: Final = r"^[^\x00-\x1f\x7f]{1,300}$"

ERRORS: Final[dict[int | str, dict[str, Any]]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in ((400, "bad request"), (404, "not found"),
                         (413, "request body too large"), (422, "invalid parameter"),
                         (500, "internal error"))
}
WRITE_ERRORS: Final[dict[int | str, dict[str, Any]]] = {
    **ERRORS,
    401: {"model": ErrorBody, "description": "missing or wrong token"},
    403: {"model": ErrorBody, "description": "write endpoints are off (no token)"},
    409: {"model": ErrorBody, "description": "store busy or locked"},
    502: {"model": ErrorBody, "description": "fetching the URL failed"},
}


def _service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


Svc = Annotated[Service, Depends(_service)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"page size, at most {MAX_PAGE}")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip")]
ActorId = Annotated[str | None, Query(pattern=ACTOR_ID, description="actor id, e.g. PAK.MIL")]
Country = Annotated[str | None, Query(pattern=COUNTRY, description="ISO3 country code")]
