"""Property-based fuzzing of every route from the OpenAPI description (schemathesis).

No input, valid or not, may produce a 500; responses must match the described schemas and
status codes. Runs against the demo store, with writes off (their routes answer 403).
"""

from __future__ import annotations

import importlib.util
import os
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest

if importlib.util.find_spec("schemathesis") is None:
    pytest.skip("schemathesis is not installed", allow_module_level=True)

with warnings.catch_warnings():
    # Starlette 1.x asks for `httpx2` under its TestClient; plain httpx works the same here.
    warnings.simplefilter("ignore")
    import schemathesis
    from hypothesis import HealthCheck, given, settings

from flashpoint.api import create_app

HERE = Path(__file__).resolve().parent
EXAMPLES = int(os.environ.get("FLASHPOINT_FUZZ_EXAMPLES", "40"))  # per operation


def _demo() -> Any:
    spec = importlib.util.spec_from_file_location("api_demo_store", HERE / "demo_store.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _operations() -> list[tuple[str, str]]:
    app = create_app(":memory:")
    try:
        return [(path, method.upper()) for path, item in app.openapi()["paths"].items()
                for method in item]
    finally:
        app.state.service.close()


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Any:
    db = tmp_path_factory.mktemp("fuzz") / "demo.duckdb"
    _demo().build_demo_store(db)
    app = create_app(db)
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    app.state.service.close()


# Driven through Hypothesis directly: schemathesis' pytest plugin does not run on pytest 9.
@pytest.mark.parametrize("path, method", _operations())
def test_api_fuzz_never_fails_and_matches_its_description(api_schema: Any, path: str,
                                                          method: str) -> None:
    operation = api_schema[path][method]

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    def fuzz(case: Any) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            case.call_and_validate()

    fuzz()
