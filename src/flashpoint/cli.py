"""The `flashpoint` command: a thin layer over the library (STYLE.md 2.6).

Each command checks its options, calls one library function and renders the result. Data goes
to stdout or --output; progress, summaries and problems go to stderr. Exit codes: 0 success,
1 a flashpoint error (one line `error [Exxx]: ...`), 2 a usage error or sources of which
not one could be read (E120), 70 an internal error.
"""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from flashpoint.errors import (
    FlashpointError,
    NothingRead,
    OutputNotWritable,
    StoreUnavailable,
)

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Code news pages into political-conflict events (PLOVER/CAMEO).")
actors_app = typer.Typer(no_args_is_help=True, help="Look up, check and import actor registries.")
app.add_typer(actors_app, name="actors")
alerts_app = typer.Typer(invoke_without_command=True)
app.add_typer(alerts_app, name="alerts")
err = Console(stderr=True, highlight=False)
STATE: dict[str, bool] = {"debug": False}

DbOption = Annotated[Path, typer.Option("--db", help="DuckDB store file.")]
DateOption = Annotated[str | None, typer.Option(
    "--date", help="Publication date (YYYY-MM-DD) for inputs that carry none.")]
ActorsOption = Annotated[list[Path] | None, typer.Option(
    "--actors", help="Your own actor registry file(s), on top of the built-in one.")]
VerbsOption = Annotated[list[Path] | None, typer.Option(
    "--verbs", help="Your own TABARI/PETRARCH verb dictionary file(s): the verbs they list are "
                    "coded with their codes (docs/formats.md).")]
NoModelOption = Annotated[bool, typer.Option(
    "--no-model", help="Run the rules alone, without the learned layer (docs/model.md).")]
WorkersOption = Annotated[int | None, typer.Option(
    "--workers", min=1, show_default="one per core",
    help="Processes that parse and code; the output is the same as with one (docs/scaling.md).")]
# Sources stay strings: a Path would fold "https://host/x" into the file name "https:/host/x".
SourcesArgument = Annotated[list[str], typer.Argument(
    help="Files, folders, JSONL, WARC, feed files or http(s) URLs.", show_default=False)]
_DUCKDB_MAGIC = b"DUCK"  # at byte 8 of every DuckDB database file


def _check_store(db: Path, *, create: bool) -> None:
    """Refuse a --db that cannot work before DuckDB answers with its raw message: a missing
    store to read, a folder that does not exist, a file that is not a DuckDB store."""
    path = str(db)
    if not db.exists():
        if not create:
            raise StoreUnavailable(path=path, reason="no such store", todo=(
                f"create it with `flashpoint run SOURCES --db {path}`, or point --db at an "
                "existing store"))
        if not db.parent.is_dir():
            raise StoreUnavailable(path=path, reason=f"the folder {db.parent} does not exist",
                                   todo="create the folder first, or choose another --db")
        return
    if db.is_dir():
        if create:
            raise StoreUnavailable(path=path, reason="this is a folder, not a store file",
                                   todo="name a file, e.g. --db flashpoint.duckdb")
        return
    try:
        with db.open("rb") as handle:
            head = handle.read(12)
    except OSError as exc:
        raise StoreUnavailable(path=path, reason=exc.strerror or "cannot be opened",
                               todo="check the file's permissions, or choose another --db"
                               ) from exc
    if head and head[8:12] != _DUCKDB_MAGIC:
        raise StoreUnavailable(path=path, reason="not a DuckDB store file",
                               todo="point --db at a store written by flashpoint, or at a new "
                               "file name to create one")


def _open_read(db: Path) -> Any:
    """A store to read: a DuckDB file, a backfill's Parquet folder, or, while `serve` or
    `monitor` holds the file, the snapshot it keeps beside it (#17)."""
    from flashpoint.store.db import Store
    from flashpoint.store.holder import open_for_reading

    _check_store(db, create=False)
    if db.is_dir():
        return Store.open_parquet(db)
    store, holder = open_for_reading(db)
    if holder is not None:
        err.print(f"[dim]reading the snapshot of `flashpoint {holder.command}` (pid "
                  f"{holder.pid}, {holder.url}) taken {holder.snapshot_at}[/]")
    return store


def _check_output(output: Path) -> None:
    """A file we are about to write: its folder must exist, and it must not be a folder."""
    if output.is_dir():
        raise OutputNotWritable(path=str(output), reason="it is a folder",
                                todo="name a file inside it, e.g. -o out.jsonl")
    if not output.parent.is_dir():
        raise OutputNotWritable(path=str(output),
                                reason=f"the folder {output.parent} does not exist",
                                todo="create the folder first, or choose another -o")


def _nothing_read(problems: int) -> None:
    """Exit 2: sources were named but not one record could be read from them."""
    error = NothingRead(problems=problems)
    err.print(f"[red]error [{error.code}][/]: {error}")
    raise typer.Exit(2)


def _coder(actors: list[Path] | None, no_model: bool = False,
           verbs: list[Path] | None = None) -> Any:
    from flashpoint.pipeline import load_coder

    return load_coder(tuple(actors or ()), learned=not no_model, verb_files=tuple(verbs or ()))


def _date(value: str | None, name: str = "--date") -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a YYYY-MM-DD date", param_hint=name) from None


@app.callback()
def main_options(debug: Annotated[bool, typer.Option(
        "--debug", help="Show tracebacks for errors.")] = False) -> None:
    """flashpoint: raw news in, coded events and escalation alerts out."""
    STATE["debug"] = debug


@app.command()
def code(
    paths: SourcesArgument,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Events JSONL.")] = None,
    date_: DateOption = None,
    actors: ActorsOption = None,
    no_model: NoModelOption = False,
    workers: WorkersOption = None,
    verbs: VerbsOption = None,
) -> None:
    """Code documents into events (JSON Lines), without a store.

    Exits 2 when not one document could be read from the sources given.

    Example: flashpoint code article.txt https://example.org/news/1.html -o events.jsonl
    """
    from flashpoint.runner import code_paths

    if output is not None:
        _check_output(output)
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        result = code_paths(paths, default_date=_date(date_),
                            coder=_coder(actors, no_model, verbs),
                            emit=lambda e: out.write(json.dumps(e.to_dict()) + "\n"),
                            workers=workers)
    finally:
        if output:
            out.close()
    for problem in result.problems:
        err.print(f"[yellow]skipped[/] {problem}")
    err.print(f"{result.read} documents read, {len(result.problems)} skipped, "
              f"{result.events} events written")
    if result.read == 0:
        _nothing_read(len(result.problems))


@app.command()
def run(
    paths: Annotated[list[str] | None, typer.Argument(
        help="Files, folders, JSONL, WARC, feeds or http(s) URLs; none: code what is pending.",
        show_default=False)] = None,
    db: DbOption = Path("flashpoint.duckdb"),
    date_: DateOption = None,
    actors: ActorsOption = None,
    no_model: NoModelOption = False,
    workers: WorkersOption = None,
    verbs: VerbsOption = None,
) -> None:
    """Ingest and code into the store (and code what `ingest` left pending), then summarise.

    Exits 2 when sources were given but not one document could be read from them.

    Example: flashpoint run data/sample --db flashpoint.duckdb
    """
    from flashpoint.progress import progress_reporter
    from flashpoint.report import render_summary
    from flashpoint.runner import estimate_total, run_paths

    sources = paths or []
    _check_store(db, create=True)
    with progress_reporter(err, total=estimate_total(sources)) as report:
        summary = run_paths(sources, db=db, default_date=_date(date_), progress=report,
                            coder=_coder(actors, no_model, verbs), workers=workers)
    render_summary(summary, err)
    if sources and summary.all_failed:  # every input failed: not a success (#20)
        _nothing_read(len(summary.problems))


@app.command()
def ingest(
    paths: SourcesArgument,
    db: DbOption = Path("flashpoint.duckdb"),
    date_: DateOption = None,
) -> None:
    """Store articles without coding them (duplicates and languages are still sorted out);
    the next `flashpoint run` codes them. Exits 2 when not one document could be read.

    Example: flashpoint ingest https://example.org/feed.xml pages/ --db flashpoint.duckdb
    """
    from flashpoint.progress import progress_reporter
    from flashpoint.report import render_summary
    from flashpoint.runner import estimate_total, run_paths

    _check_store(db, create=True)
    with progress_reporter(err, total=estimate_total(paths)) as report:
        summary = run_paths(paths, db=db, default_date=_date(date_), progress=report,
                            code=False)
    render_summary(summary, err)
    if summary.all_failed:  # every input failed: not a success (#20)
        _nothing_read(len(summary.problems))


@app.command()
def events(
    db: DbOption = Path("flashpoint.duckdb"),
    type_: Annotated[str | None, typer.Option("--type", help="PLOVER type.")] = None,
    actor: Annotated[str | None, typer.Option(help="Actor id, either side.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO3 code, either side.")] = None,
    modality: Annotated[str | None, typer.Option(help="asserted, negated, ...")] = None,
    since: Annotated[str | None, typer.Option(help="From date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Until date (YYYY-MM-DD).")] = None,
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 100,
    fmt: Annotated[str, typer.Option("--format", help="table, json or csv.")] = "table",
) -> None:
    """Query stored events (--db may also be a backfill's Parquet folder).

    Example: flashpoint events --country PAK --type ASSAULT --format json
    """
    from flashpoint.report import render_events

    if fmt not in ("table", "json", "csv"):
        raise typer.BadParameter("choose table, json or csv", param_hint="--format")
    with _open_read(db) as store:
        found = store.events(type=type_, actor=actor, country=country, modality=modality,
                             since=_date(since, "--since"), until=_date(until, "--until"),
                             limit=limit)
    render_events(found, fmt, sys.stdout)


@app.command()
def dyad(
    a: Annotated[str, typer.Argument(help="Actor id or ISO3 country, e.g. AFG.")],
    b: Annotated[str, typer.Argument(help="The other side, e.g. PAK.")],
    db: DbOption = Path("flashpoint.duckdb"),
    by: Annotated[str, typer.Option(help="day, week or month.")] = "week",
    plot: Annotated[Path | None, typer.Option(help="Write a chart (PNG/SVG) here.")] = None,
) -> None:
    """Print a dyad's series (incidents counted once), its trend and alerts.

    Example: flashpoint dyad AFG PAK --by week --plot dyad.png
    """
    from flashpoint.analysis.monitor import dyad_report
    from flashpoint.report import render_dyad

    if by not in ("day", "week", "month"):
        raise typer.BadParameter("choose day, week or month", param_hint="--by")
    with _open_read(db) as store:
        report = dyad_report(store, a.upper(), b.upper(), by=by)  # type: ignore[arg-type]
    render_dyad(report, Console(highlight=False))
    if plot is not None:
        from flashpoint.analysis.plot import plot_dyad

        err.print(f"chart written to {plot_dyad(report, plot)}")


ConfigOption = Annotated[Path | None, typer.Option(
    "--config", help="Monitor TOML file (channels, watchlists); default ./flashpoint.toml.")]


def _config(path: Path | None) -> Any:
    from flashpoint.monitor.config import default_config_path, load_config

    return load_config(path or default_config_path())


@alerts_app.callback()
def alerts(
    ctx: typer.Context,
    db: DbOption = Path("flashpoint.duckdb"),
    since: Annotated[str | None, typer.Option(help="Only alerts ending after this date.")] = None,
    by: Annotated[str, typer.Option(help="day, week or month.")] = "week",
) -> None:
    """List escalation alerts on the most active country pairs, each explained.

    Example: flashpoint alerts --since 2024-06-01
    """
    from flashpoint.analysis.monitor import scan_alerts

    if ctx.invoked_subcommand is not None:
        return
    with _open_read(db) as store:
        found = scan_alerts(store, by=by, since=_date(since, "--since"))  # type: ignore[arg-type]
    if not found:
        err.print("no alerts")
    for alert in found:
        typer.echo(alert.explain() + "\n")


@alerts_app.command("test")
def alerts_test(
    config: ConfigOption = None,
    dashboard: Annotated[str, typer.Option(help="Dashboard address for the test link.")] = (
        "http://127.0.0.1:8000/"),
) -> None:
    """Send a test message to every alert channel in the config; exit 1 if one fails.

    Example: flashpoint alerts test --config flashpoint.toml
    """
    from flashpoint.monitor import build_channels, send_test

    settings = _config(config)
    results = send_test(build_channels(settings.channels), settings.monitor.dashboard_url
                        or dashboard)
    if not results:
        err.print("no channels configured; add [channels.<name>] tables (docs/monitor.md)")
    for name, failure in results:
        err.print(f"[red]failed[/] {name}: {failure}" if failure else f"sent {name}")
    if any(failure for _, failure in results):
        raise typer.Exit(1)


@app.command()
def incidents(
    db: DbOption = Path("flashpoint.duckdb"),
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 50,
    min_sources: Annotated[int, typer.Option(
        help="Only incidents reported by at least this many sources.")] = 1,
) -> None:
    """List incidents: events from several reports merged into one happening, each with
    the reports (publishers, else article ids) it was merged from.

    Example: flashpoint incidents --min-sources 2 --limit 20
    """
    from flashpoint.report import render_incidents

    with _open_read(db) as store:
        rows = store.incident_page(limit=limit, min_sources=min_sources)
        reports = store.incident_reports([str(r["incident_id"]) for r in rows])
    render_incidents(rows, Console(highlight=False, width=200), reports)


@app.command()
def export(
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
    db: DbOption = Path("flashpoint.duckdb"),
    fmt: Annotated[str, typer.Option(
        "--format", help="jsonl, csv, parquet, gdelt or acled.")] = "jsonl",
    since: Annotated[str | None, typer.Option(help="From date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Until date (YYYY-MM-DD).")] = None,
) -> None:
    """Export stored events.

    Example: flashpoint export --format csv -o events.csv
    """
    from flashpoint.store.export import EXPORT_FORMATS
    from flashpoint.store.export import export as export_events

    if fmt not in EXPORT_FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(EXPORT_FORMATS)}",
                                 param_hint="--format")
    _check_output(output)
    with _open_read(db) as store:
        count = export_events(store, fmt, output, since=_date(since, "--since"),
                              until=_date(until, "--until"))
    err.print(f"{count} events written to {output}")


@app.command()
def backfill(
    inputs: Annotated[list[Path], typer.Argument(help="Sharded JSONL, JSONL.gz or WARC files.")],
    out: Annotated[Path, typer.Option("--out", help="Output folder for Parquet.")],
    engine: Annotated[str, typer.Option(help="local or dask.")] = "local",
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address.")] = None,
    workers: Annotated[int, typer.Option(help="Local Dask workers.")] = 2,
) -> None:
    """Code a large sharded corpus into month-partitioned Parquet (resumable).

    Example: flashpoint backfill shards/*.jsonl.gz --out events/ --engine dask --workers 4
    """
    from flashpoint.scale import backfill as run_backfill

    if engine not in ("local", "dask"):
        raise typer.BadParameter("choose local or dask", param_hint="--engine")
    summary = run_backfill(inputs, out, engine=engine,  # type: ignore[arg-type]
                           scheduler=scheduler, workers=workers)
    err.print(json.dumps(summary.counts(), indent=1))


@app.command()
def serve(
    db: DbOption = Path("flashpoint.duckdb"),
    host: Annotated[str, typer.Option(help="Address to bind; loopback by default.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    token: Annotated[str | None, typer.Option(
        envvar="FLASHPOINT_TOKEN", help="Bearer token that enables writes.")] = None,
    read_only: Annotated[bool, typer.Option("--read-only", help="Never write.")] = False,
) -> None:
    """Serve the HTTP API and the dashboard; the server owns the store while it runs and
    other commands read the snapshot it keeps beside it (docs/http-api.md).

    Example: flashpoint serve --db flashpoint.duckdb --port 8000
    """
    from flashpoint.api import bind_warning
    from flashpoint.api import serve as run_server

    warning = bind_warning(host, token)
    if warning:
        err.print(f"[yellow]warning[/]: {warning}")
    err.print(f"dashboard: http://{host}:{port}/  (API: http://{host}:{port}/api/, Ctrl-C stops)")
    run_server(db, host=host, port=port, token=token, read_only=read_only)


@app.command()
def watch(
    feeds: Annotated[Path, typer.Argument(help="A file of feed URLs (or feed files), one a line.")],
    db: DbOption = Path("flashpoint.duckdb"),
    every: Annotated[str, typer.Option(help="Poll interval: 30s, 15m, 2h, 1h30m.")] = "15m",
) -> None:
    """Poll feeds, code only what is new, one log line per poll; Ctrl-C stops cleanly.

    Example: flashpoint watch feeds.txt --every 15m --db flashpoint.duckdb
    """
    from flashpoint.watch import parse_every
    from flashpoint.watch import watch as run_watch

    try:
        run_watch(feeds, db=db, every=parse_every(every), log=lambda line: err.print(line))
    except KeyboardInterrupt:
        err.print("stopped; feed state saved, a restart resumes")


@app.command()
def monitor(
    feeds: Annotated[Path, typer.Argument(help="A file of feed URLs (or feed files), one a line.")],
    db: DbOption = Path("flashpoint.duckdb"),
    every: Annotated[str | None, typer.Option(
        help="Poll interval (30s, 15m, 2h); default from the config, else 15m.")] = None,
    config: ConfigOption = None,
    host: Annotated[str, typer.Option(help="Address to bind; loopback by default.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    token: Annotated[str | None, typer.Option(
        envvar="FLASHPOINT_TOKEN", help="Bearer token that enables API writes.")] = None,
) -> None:
    """Watch feeds, code, update incidents and alerts, deliver them and serve the dashboard.

    One process owns the store; other commands read through its snapshot. Ctrl-C stops it.

    Example: flashpoint monitor feeds.txt --db flashpoint.duckdb --config flashpoint.toml
    """
    from flashpoint.api import bind_warning
    from flashpoint.monitor import run_monitor
    from flashpoint.watch import parse_every

    _check_store(db, create=True)
    settings = _config(config)
    seconds = parse_every(every or settings.monitor.every)
    warning = bind_warning(host, token)
    if warning:
        err.print(f"[yellow]warning[/]: {warning}")
    err.print(f"monitor: dashboard http://{host}:{port}/ (alerts: /alerts.atom), polling every "
              f"{seconds:g} s; Ctrl-C stops")
    run_monitor(feeds, db=db, config=settings, every=seconds, host=host, port=port,
                token=token, log_line=lambda line: err.print(line, markup=False))
    err.print("stopped; feed state and alert deliveries saved, a restart resumes")


@actors_app.command("lookup")
def actors_lookup(
    text: Annotated[str, typer.Argument(help="An actor mention, e.g. 'the Taliban'.")],
    on: Annotated[str | None, typer.Option("--date", help="Date of the mention.")] = None,
    actors_file: Annotated[list[Path] | None, typer.Option(
        "--actors", help="Your own registry file, on top of the built-in one.")] = None,
) -> None:
    """Show how a mention resolves on a date, and why.

    Example: flashpoint actors lookup "the Taliban" --date 2020-01-01
    """
    from flashpoint.actors.resolve import explain_actor, load_registry, resolve_actor

    registry = load_registry(list(actors_file) if actors_file else None)
    ref = resolve_actor(text, on=_date(on), registry=registry)
    typer.echo(json.dumps({"text": ref.text, "actor": ref.actor, "country": ref.country,
                           "sector": ref.sector, "name": ref.name, "cameo": ref.cameo}))
    for line in explain_actor(text, on=_date(on), registry=registry):
        err.print(f"  {line}")


@actors_app.command("check")
def actors_check(
    path: Annotated[Path, typer.Argument(help="A registry file to validate.")],
) -> None:
    """Validate your own actor registry file.

    Example: flashpoint actors check my_actors.yaml
    """
    from flashpoint.actors.resolve import check_registry_file

    problems = check_registry_file(path)
    for line in problems:
        err.print(f"[red]problem[/] {line}")
    if problems:
        raise typer.Exit(1)
    err.print(f"{path}: ok")


@actors_app.command("import")
def actors_import(
    fmt: Annotated[str, typer.Argument(help="Dictionary format: petrarch (TABARI/PETRARCH).")],
    files: Annotated[list[Path], typer.Argument(help="Actor and agent dictionary files.")],
    output: Annotated[Path, typer.Option(
        "-o", "--output", help="Registry file to write: .yaml for --actors, .tsv compact.")],
    source: Annotated[str | None, typer.Option(
        help="Where the files come from (repository and commit), kept in the header.")] = None,
    close_on: Annotated[str | None, typer.Option(
        "--close-on", help="End roles still open on this date (the dictionary's last day).")
    ] = None,
) -> None:
    """Convert the field's actor and agent dictionaries into a registry file, keeping dated
    roles and CAMEO codes.

    Example: flashpoint actors import petrarch my.actors.txt my.agents.txt -o my_actors.yaml
    """
    from flashpoint.actors.petrarch import import_petrarch

    if fmt != "petrarch":
        raise typer.BadParameter("the only format is petrarch", param_hint="FMT")
    result = import_petrarch(files, output, source=source,
                             close_on=_date(close_on, "--close-on"))
    err.print(f"{result.path}: {result.actors} actor entries, {result.agents} agent codes, "
              f"{result.names} names")


@app.command("eval")
def eval_(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL (docs/gold-format.md).")],
    task: Annotated[str, typer.Option(
        help="plover, conflibert, india, gva, petr2, realnews, seed, or incidents (pairwise "
             "'same incident' on a realnews set whose pages mark clusters).")],
    split: Annotated[str, typer.Option(
        help="tune, check or all: the part of the gold file scored, by a hash of the record "
             "id (docs/accuracy.md). Read errors on tune only.")] = "all",
    errors: Annotated[int, typer.Option(help="Show the N worst misses.")] = 0,
    limit: Annotated[int | None, typer.Option(help="Score only the first N records.")] = None,
    pages: Annotated[Path | None, typer.Option(
        help="realnews: the articles' texts (default: pages.*.jsonl beside gold.*.jsonl).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    no_model: NoModelOption = False,
    actors: ActorsOption = None,
    verbs: VerbsOption = None,
) -> None:
    """Score the coder against gold data, with score.py's definitions.

    petr2 loads the PETR.Validate dictionaries beside the gold folder unless --actors or
    --verbs is given (docs/accuracy.md).

    Example: flashpoint eval gold.jsonl --task plover --split tune --errors 10
    """
    from flashpoint.evaluate import SPLITS, TASKS, evaluate
    from flashpoint.evaluate.report import render_json, render_text

    if task == "incidents":
        _eval_incidents(gold, split, pages, as_json, _coder(actors, no_model).code_articles)
        return
    if task not in TASKS:
        raise typer.BadParameter(f"choose one of {', '.join(TASKS)}", param_hint="--task")
    if split not in SPLITS:
        raise typer.BadParameter(f"choose one of {', '.join(SPLITS)}", param_hint="--split")
    if errors and split != "tune":
        err.print(f"[yellow]note[/]: these misses come from the {split} split; read errors "
                  "on --split tune only, and keep a change only if check does not fall")
    if task == "petr2" and not actors and not verbs:
        from flashpoint.evaluate.petr2 import petr2_dictionaries

        found = petr2_dictionaries(gold)
        if found is not None:
            actors, verbs = list(found.actors), list(found.verbs)
            err.print(f"petr2: coding with {found.verbs[0].parent}/PETR.Validate.* "
                      "(actors, agents, verbs)")
    result = evaluate(gold, task, _coder(actors, no_model, verbs).code_articles, errors=errors,
                      limit=limit, split=split, pages=pages)
    typer.echo(render_json(result) if as_json else "\n".join(render_text(result)))


def _eval_incidents(gold: Path, split: str, pages: Path | None, as_json: bool,
                    coder: Callable[..., Any]) -> None:
    from flashpoint.evaluate.incidents import (
        evaluate_incidents,
        incident_score_to_dict,
        render_incident_score,
    )
    from flashpoint.evaluate.split import SPLITS

    if split not in SPLITS:
        raise typer.BadParameter(f"choose one of {', '.join(SPLITS)}", param_hint="--split")
    result = evaluate_incidents(gold, coder, split=split, pages=pages)
    typer.echo(json.dumps(incident_score_to_dict(result), indent=2) if as_json
               else "\n".join(render_incident_score(result)))


@app.command()
def train(
    gold: Annotated[list[Path], typer.Argument(help="Gold JSONL files (docs/gold-format.md).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Model folder to write.")] = Path(
        "flashpoint-model"),
    split: Annotated[str, typer.Option(help="Train on the tune, check or all records.")] = "all",
    corpus: Annotated[bool, typer.Option(help="Include the project's own corpus.")] = True,
) -> None:
    """Train the learned type model on annotated sentences, deterministically.

    Example: flashpoint train my-gold.jsonl -o my-model
    """
    from flashpoint.learn.train import train as train_model

    if split not in ("tune", "check", "all"):
        raise typer.BadParameter("choose tune, check or all", param_hint="--split")
    report = train_model(gold, output, split=split, corpus=corpus)  # type: ignore[arg-type]
    err.print(f"{report.examples} examples, {report.epochs} epochs -> {report.path} "
              f"(weights sha256 {report.digest[:12]})")


def main() -> None:
    """Entry point: one top-level handler, so users never see a traceback."""
    handler: Callable[..., Any] = app
    try:
        status = handler(standalone_mode=False)
    except FlashpointError as exc:
        if STATE["debug"]:
            traceback.print_exc()
        err.print(f"[red]error [{exc.code}][/]: {exc}")
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err.print("aborted")
        sys.exit(130)
    except Exception as exc:  # the single top-level handler: no traceback for users
        if hasattr(exc, "show") and hasattr(exc, "exit_code"):  # click's usage errors
            exc.show()
            sys.exit(exc.exit_code)
        if STATE["debug"]:
            traceback.print_exc()
        err.print(f"[red]error [E000][/]: internal error, please report: {exc!r} "
                  "(run with --debug for details)")
        sys.exit(70)
    # Without standalone mode click returns a `typer.Exit`'s code instead of exiting.
    if isinstance(status, int) and status:
        sys.exit(status)
