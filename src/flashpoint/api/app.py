"""The FastAPI app: routes under /api/, the dashboard's static files, and `serve`.

Owns the HTTP surface: the error shape, security headers (a strict Content-Security-Policy, no
inline script or style), request-size limits, the write token and the host check. It holds no
SQL and no analysis; routes call `service.Service`, which calls `Store` and `analysis`.
"""

from __future__ import annotations

import ipaddress
import logging
import secrets
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Final

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from flashpoint import __version__
from flashpoint.api.atom import render_atom
from flashpoint.api.problems import ApiError, MethodNotAllowed, RequestInvalid
from flashpoint.api.routes import read, write
from flashpoint.api.service import Service
from flashpoint.errors import FlashpointError, NotFound, TooLarge
from flashpoint.store.db import Store
from flashpoint.store.holder import Holding

log = logging.getLogger(__name__)

MAX_BODY_BYTES: Final = 2_000_000
LOOPBACK_HOSTS: Final = ("127.0.0.1", "localhost", "::1", "[::1]")
# Everything the dashboard loads is served by this app: no CDN, no tiles, no inline code.
CSP: Final = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'; object-src 'none'"
)
SECURITY_HEADERS: Final = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"geolocation=(), camera=(), microphone=()"),
)


def error_response(error: FlashpointError | ApiError) -> JSONResponse:
    """The one error shape: `{ok: false, error, code, status}`."""
    return JSONResponse(
        {"ok": False, "error": error.message, "code": error.code, "status": error.http_status},
        status_code=error.http_status,
    )


class _Guard:
    """Pure ASGI middleware: security headers on every response, and a cap on body size.

    A body over the cap is refused with 413 before the route sees it, whether or not the
    client sent Content-Length.
    """

    def __init__(self, app: ASGIApp, *, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", [])
                           if h[0].lower() != b"content-security-policy"]
                message["headers"] = headers + list(SECURITY_HEADERS)
            await send(message)

        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            await self._too_large(scope, receive, send_with_headers, declared)
            return
        if scope.get("method") in ("POST", "PUT", "PATCH"):
            body, over = await _read_body(receive, self.max_body)
            if over:
                await self._too_large(scope, receive, send_with_headers, b"%d" % len(body))
                return
            receive = _replay(body)
        await self.app(scope, receive, send_with_headers)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send, size: bytes) -> None:
        error = TooLarge(doc_id="request body", size=size.decode("latin-1")[:20],
                         limit=self.max_body)
        await error_response(error)(scope, receive, send)


async def _read_body(receive: Receive, limit: int) -> tuple[bytes, bool]:
    chunks: list[bytes] = []
    size = 0
    more = True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return b"".join(chunks), True
        chunks.append(chunk)
        more = bool(message.get("more_body", False))
    return b"".join(chunks), False


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(FlashpointError)
    async def _flashpoint_error(request: Request, error: FlashpointError) -> JSONResponse:
        if error.http_status >= 500:
            log.error("%s %s failed: [%s] %s", request.method, request.url.path, error.code,
                      error, exc_info=error)
        return error_response(error)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, error: ApiError) -> JSONResponse:
        return error_response(error)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        first = error.errors()[0] if error.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ("request",)))
        reason = str(first.get("msg", "invalid value"))
        return error_response(RequestInvalid(where=where, reason=reason))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> JSONResponse:
        if error.status_code == 405:
            return error_response(MethodNotAllowed(method=request.method,
                                                   path=request.url.path))
        if error.status_code == 404:
            return error_response(NotFound(what="page", key=request.url.path))
        return JSONResponse({"ok": False, "error": str(error.detail), "code": "E600",
                             "status": error.status_code}, status_code=error.status_code)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> JSONResponse:
        # Details go to the server log only; the client learns that it was our fault.
        log.exception("%s %s: unexpected error", request.method, request.url.path)
        return JSONResponse({"ok": False, "error": "internal error, please report",
                             "code": "E000", "status": 500}, status_code=500)


def _static_dir() -> Path:
    return Path(str(resources.files("flashpoint.api").joinpath("static")))


def create_app(
    db_path: str | Path, *, token: str | None = None, read_only: bool = False,
    allowed_hosts: Sequence[str] | None = None, max_body: int = MAX_BODY_BYTES,
    holder: str | None = None, public_url: str | None = None, snapshot_every: float = 0.0,
    atom_channel: str | None = None,
) -> FastAPI:
    """The HTTP API and dashboard over the store at `db_path`, which it opens (and holds).

    Write endpoints work only with a `token` and a store opened for writing. While the app
    lives, other processes cannot open the file; with `holder` (the command name, e.g.
    "serve") it announces itself beside the store and keeps a snapshot there, so readers
    elsewhere read the snapshot and writers get `StoreHeld` (E503) naming this process and
    `public_url`. `read_only=True` lets other read-only openers share the file instead.
    `allowed_hosts` (Host header values) guards a loopback server against DNS rebinding.
    `atom_channel` names the channel whose deliveries /alerts.atom lists (None: every alert
    recorded). Raises `StoreLocked` at once if another process holds the file.
    """
    if token is not None and len(token) < 8:
        raise RequestInvalid(where="token", reason="use at least 8 characters")
    store = Store.open(db_path, read_only=read_only)
    service = Service(store, token=token)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The store opened above is held until shutdown; a restarted app opens it again.
        service.reopen()
        holding = None
        if holder is not None:
            holding = Holding(service.store, command=holder, url=public_url or "/",
                              min_interval=snapshot_every)
            holding.start()
            service.after_write = holding.refresh
        service.holding = holding
        for callback in service.on_start:
            callback()
        try:
            yield
        finally:
            service.close()
            if holding is not None:
                holding.stop()

    app = FastAPI(
        title="flashpoint", version=__version__, lifespan=lifespan,
        description="Coded political-conflict events, incidents, dyads and escalation alerts.",
        docs_url=None, redoc_url=None, openapi_url="/openapi.json",
    )
    app.state.service = service
    _install_handlers(app)
    app.include_router(read.router)
    app.include_router(write.router)
    static = _static_dir()
    app.mount("/static", StaticFiles(directory=static), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(static / "index.html", media_type="text/html")

    @app.get("/alerts.atom", tags=["alerts"], response_class=Response,
             responses={200: {"content": {"application/atom+xml": {}}}})
    def alerts_atom(request: Request) -> Response:
        """The alerts the monitor sent, as an Atom feed any feed reader can follow."""
        base = str(request.base_url)
        rows = service.store.alert_log(limit=100, channel=atom_channel)
        return Response(render_atom(rows, base=base, feed_url=base + "alerts.atom"),
                        media_type="application/atom+xml")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        return FileResponse(static / "favicon.svg", media_type="image/svg+xml")

    app.add_middleware(_Guard, max_body=max_body)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    return app


def is_loopback(host: str) -> bool:
    """Whether `host` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind_warning(host: str, token: str | None) -> str | None:
    """The warning to show when the server listens beyond this machine, or None."""
    if is_loopback(host):
        return None
    if token is None:
        return (f"flashpoint serve is listening on {host}, beyond this machine, with no token: "
                "anyone who can reach it can read the whole store")
    return (f"flashpoint serve is listening on {host}, beyond this machine: anyone who can "
            "reach it can read the store; put it behind TLS so the token is not sent in clear")


def new_token() -> str:
    """A random token for the write endpoints."""
    return secrets.token_urlsafe(24)


def serve(
    db: Path, *, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
    read_only: bool = False,
) -> None:
    """Run the API and dashboard on `host:port` until interrupted; the server owns `db`.

    Binds to loopback by default; a warning is logged when it binds elsewhere. Raises
    `StoreLocked` (E501) before binding if another process holds the file.
    """
    import uvicorn

    warning = bind_warning(host, token)
    if warning:
        log.warning("%s", warning)
    hosts = list(LOOPBACK_HOSTS) if is_loopback(host) else None
    app = create_app(db, token=token, read_only=read_only, allowed_hosts=hosts, holder="serve",
                     public_url=f"http://{host}:{port}/")
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False,
                proxy_headers=False)
