"""Docs stay true to the code: generated references are fresh, data files are documented."""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def test_docs_every_command_is_in_the_cli_reference() -> None:
    import typer.main

    from flashpoint.cli import app

    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")

    def walk(group: Any, prefix: list[str]) -> list[tuple[list[str], Any]]:
        out: list[tuple[list[str], Any]] = []
        for name, cmd in sorted(group.commands.items()):
            out += walk(cmd, [*prefix, name]) if hasattr(cmd, "commands") else [
                ([*prefix, name], cmd)]
        return out

    commands = walk(typer.main.get_command(app), [])
    assert len(commands) >= 8
    for path, cmd in commands:
        assert f"## `flashpoint {' '.join(path)}`" in text, path
        example = next(line.strip() for line in (cmd.help or "").splitlines()
                       if line.strip().startswith("Example:"))
        assert example in text, path


def test_docs_every_error_code_is_documented() -> None:
    from flashpoint.errors import all_errors

    text = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    for cls in all_errors():
        assert f"| {cls.code} | `{cls.__name__}` |" in text


def test_docs_every_data_file_is_documented() -> None:
    text = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    files = [p for p in (ROOT / "src" / "flashpoint").glob("*/data/*") if p.is_file()]
    assert files
    missing = [str(p.relative_to(ROOT / "src" / "flashpoint")) for p in files
               if p.name not in text]
    assert missing == []


def test_docs_readme_commands_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    assert "\ndemo:" in makefile and "\ntest:" in makefile
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
