"""POST routes that add to the store: ingest a text or a URL, poll a feed.

They are off unless the server was started with a token, and then need it as a Bearer token.
Work is serialised: the server is the store's one writer.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Header

from flashpoint.api import models
from flashpoint.api.problems import Unauthorized, WritesDisabled
from flashpoint.api.routes.common import WRITE_ERRORS, Svc


def _authorised(
    svc: Svc, authorization: Annotated[str | None, Header(max_length=500)] = None,
) -> None:
    if not svc.writes_enabled or svc.token is None:
        raise WritesDisabled()
    scheme, _, given = (authorization or "").partition(" ")
    # Constant-time comparison, so the token cannot be guessed a character at a time.
    if scheme.lower() != "bearer" or not secrets.compare_digest(
            given.strip().encode(), svc.token.encode()):
        raise Unauthorized()


router = APIRouter(prefix="/api", responses=WRITE_ERRORS, tags=["write"],
                   dependencies=[Depends(_authorised)])


@router.post("/ingest")
def ingest(svc: Svc, request: models.IngestRequest) -> models.IngestResult:
    """Code one text (cleaned like a .txt file) or one page URL into the store, as a run."""
    return svc.ingest(request)


@router.post("/feeds/poll")
def poll_feed(svc: Svc, request: models.FeedPollRequest) -> models.IngestResult:
    """Fetch an RSS/Atom feed and code the entries not stored yet, as a run."""
    return svc.poll_feed(request)
