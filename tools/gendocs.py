"""Regenerate the generated parts of docs/: the CLI reference and the error table.

    .venv/bin/python tools/gendocs.py          # rewrite docs/cli.md and docs/errors.md
    .venv/bin/python tools/gendocs.py --check  # exit 1 if either is stale (tests/docs runs this)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import typer.main
from typer.testing import CliRunner

from flashpoint.cli import app
from flashpoint.errors import all_errors

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _commands(group: Any, prefix: list[str]) -> list[list[str]]:
    out: list[list[str]] = []
    for name in sorted(group.commands):
        cmd = group.commands[name]
        if hasattr(cmd, "commands"):
            if getattr(cmd, "invoke_without_command", False):
                out.append([*prefix, name])  # a group that is a command too (`alerts`)
            out += _commands(cmd, [*prefix, name])
        else:
            out.append([*prefix, name])
    return out


def cli_markdown() -> str:
    """`--help` of every command, as Markdown."""
    runner = CliRunner()
    lines = ["# Command-line reference", "",
             "Generated from `--help` by `tools/gendocs.py`; do not edit by hand.", ""]
    for path in _commands(typer.main.get_command(app), []):
        result = runner.invoke(app, [*path, "--help"], prog_name="flashpoint",
                               env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"})
        text = "\n".join(line.rstrip() for line in result.output.splitlines()).strip()
        lines += [f"## `flashpoint {' '.join(path)}`", "", "```", text, "```", ""]
    return "\n".join(lines)


def errors_markdown() -> str:
    """Every error code with its class, HTTP status and message template."""
    lines = ["# Errors", "",
             "Generated from `flashpoint/errors.py` by `tools/gendocs.py`. The CLI prints",
             "`error [CODE]: message` and exits 1 (2 for E120, nothing could be read); the",
             "HTTP API answers with the status below.",
             "Per-record problems (a file that cannot be read, a duplicate, another language)",
             "are not raised: they are reported with the same codes in the run summary and the",
             "`problems` table, and the batch goes on.", "",
             "| code | error | HTTP | message |", "|---|---|---|---|"]
    for cls in all_errors():
        template = cls.template.replace("|", "\\|")
        lines.append(f"| {cls.code} | `{cls.__name__}` | {cls.http_status} | {template} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    stale = []
    for name, text in (("cli.md", cli_markdown()), ("errors.md", errors_markdown())):
        path = DOCS / name
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print(f"stale: {', '.join(stale)}; run tools/gendocs.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
