"""The HTTP API's own errors, until they move into `flashpoint.errors` (codes E602-E605).

They have the shape of a `FlashpointError` (code, template, http_status, message) and the app
renders them the same way, `{ok: false, error, code, status}`. They stay outside that tree for
now so `errors.all_errors()` and docs/errors.md do not drift before they are moved there.
"""

from __future__ import annotations

from typing import Any, ClassVar


class ApiError(Exception):
    """Base of the API's own errors; the same fields as `FlashpointError`."""

    code: ClassVar[str] = "E600"
    template: ClassVar[str] = "{reason}"
    http_status: ClassVar[int] = 400

    def __init__(self, **fields: Any) -> None:
        self.fields = fields
        super().__init__(self.template.format(**fields))

    @property
    def message(self) -> str:
        """The user-facing message without the code."""
        return str(self)


class RequestInvalid(ApiError):
    """A query parameter, path segment or body field failed validation."""

    code = "E602"
    template = "invalid request: {where}: {reason}"
    http_status = 422


class Unauthorized(ApiError):
    """A write endpoint was called without the server's token."""

    code = "E603"
    template = ("this endpoint needs the token `flashpoint serve` was started with; send it as "
                "the header `Authorization: Bearer <token>`")
    http_status = 401


class WritesDisabled(ApiError):
    """A write endpoint was called on a server started without a token (or read-only)."""

    code = "E604"
    template = ("write endpoints are off: restart `flashpoint serve` with a token (and without "
                "--read-only) to ingest through the API, or stop the server and use the CLI")
    http_status = 403


class MethodNotAllowed(ApiError):
    """A route was called with the wrong HTTP method."""

    code = "E605"
    template = "{method} is not allowed on {path}"
    http_status = 405
