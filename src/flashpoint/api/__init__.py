"""The HTTP API and the dashboard (DESIGN.md `api`): FastAPI routes over `Store` and `analysis`.

`create_app` builds the app over one store file; `serve` runs it with uvicorn. No SQL here.
"""

from __future__ import annotations

from flashpoint.api.app import bind_warning, create_app, serve

__all__ = ["bind_warning", "create_app", "serve"]
