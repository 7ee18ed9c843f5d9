"""The HTTP API's own errors (E602-E605), defined with every other error in `flashpoint.errors`.

Re-exported here because the API's modules import them from this place.
"""

from __future__ import annotations

from flashpoint.errors import (
    ApiError,
    MethodNotAllowed,
    RequestInvalid,
    Unauthorized,
    WritesDisabled,
)

__all__ = ["ApiError", "MethodNotAllowed", "RequestInvalid", "Unauthorized", "WritesDisabled"]
