# The two commands of the README: `make demo` and `make test`. Both set up .venv on first use
# (pinned dependencies from pyproject.toml) and are quick once it is there.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DB ?= flashpoint.duckdb
PORT ?= 8000

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/flashpoint run data/sample --db $(DB)
	$(VENV)/bin/flashpoint alerts --db $(DB)
	$(VENV)/bin/flashpoint serve --db $(DB) --port $(PORT)

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/mypy

test: $(STAMP) lint
	$(VENV)/bin/pytest

bench: $(STAMP)
	$(PY) bench/throughput.py

clean:
	rm -rf $(VENV) $(DB) .pytest_cache .mypy_cache .ruff_cache
