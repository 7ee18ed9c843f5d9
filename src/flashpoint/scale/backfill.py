"""Backfill: code years of sharded news on Dask (or in-process) into month-partitioned Parquet.

It owns the run of a backfill: finding shards, planning dedup across them (a shuffle on the
content hash, then one on time-window buckets), coding each unfinished shard with the same
`read_sources` and `Coder.code_checked` as `flashpoint run`, writing Parquet, and the manifest
that makes a rerun skip finished shards. It has no scheduler of its own: with `engine="dask"`
every step is a dask.distributed future; with `engine="local"` the same functions run here.
"""

from __future__ import annotations

import json
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

import pyarrow as pa  # pyarrow ships no stubs
import pyarrow.parquet as pq
from distributed import WorkerPlugin

from flashpoint.errors import ConfigError, DuplicateRecord, NotCoded, StoreError
from flashpoint.ingest.readers import read_sources
from flashpoint.pipeline import load_coder
from flashpoint.records import Article, Event, Problem
from flashpoint.runner import CODED_LANGUAGES
from flashpoint.scale import shards as sh
from flashpoint.scale.incidents import build_incidents
from flashpoint.store.rows import EVENT_SCHEMA, event_to_row, to_arrow

if TYPE_CHECKING:
    from distributed import Client

BATCH_SIZE: Final = 256  # articles per Parquet row-group flush; see docs/scaling.md for memory
UNDATED_MONTH: Final = "unknown"
_WARM_UP: Final = "Police in Kabul arrested 12 protesters on Monday, the interior ministry said."
Progress = Callable[[str, int, int], None]  # stage ("scan", "code"), shards done, shard total


@dataclass
class BackfillSummary:
    """What a backfill did, over every shard including those finished by an earlier run."""

    out: str = ""
    run_id: str = ""
    shards: int = 0
    skipped: int = 0  # finished by an earlier run (manifest) and not coded again
    coded_shards: int = 0
    read: int = 0
    coded: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    not_coded: int = 0
    events: int = 0
    words: int = 0  # words of the coded articles, for throughput figures
    incidents: int = 0  # built per month partition plus its boundary days (scale/incidents.py)
    problems: Counter[str] = field(default_factory=Counter)  # code -> count
    seconds: float = 0.0

    def counts(self) -> dict[str, object]:
        """A JSON-able summary for the CLI."""
        return {
            "out": self.out, "run_id": self.run_id, "shards": self.shards,
            "skipped": self.skipped, "coded_shards": self.coded_shards, "read": self.read,
            "coded": self.coded, "duplicates": self.duplicates,
            "near_duplicates": self.near_duplicates, "not_coded": self.not_coded,
            "events": self.events, "words": self.words, "incidents": self.incidents,
            "problems": dict(self.problems),
            "seconds": round(self.seconds, 2),
        }


@dataclass(frozen=True)
class ShardJob:
    """Everything a worker needs to code one shard; small, so it travels to any worker."""

    shard: sh.Shard
    digest: str
    out: str
    run_id: str
    drops: dict[int, str]  # position -> content hash of the kept original
    batch_size: int = BATCH_SIZE


@dataclass(frozen=True)
class ShardResult:
    """What coding one shard produced; the driver turns it into a manifest entry."""

    job: ShardJob
    coder: str
    items: int
    read: int
    coded: int
    not_coded: int
    events: int
    words: int
    problems: dict[str, int]
    files: tuple[str, ...]


# -- the worker side ---------------------------------------------------------------------------


def warm_up() -> None:
    """Load the coder and everything it loads lazily (actor registry, gazetteer) by coding one
    sentence, so no task pays for it and a worker's memory is at its working size."""
    load_coder().code_articles([Article(doc_id="warm-up", text=_WARM_UP)])


def coder_versions() -> tuple[str, dict[str, str]]:
    """The coder version and data versions, from a warm coder in this process."""
    warm_up()
    coder = load_coder()
    return coder.version, coder.data_versions()


class CoderPlugin(WorkerPlugin):
    """A dask WorkerPlugin: each worker loads the spaCy pipeline and registries once, at start.

    `load_coder` is cached per process, so tasks find it loaded; a worker restarted after a
    crash loads it again before it takes tasks.
    """

    name = "flashpoint-coder"

    def setup(self, worker: Any) -> None:
        """Load the coder (spaCy model, lexicon, cues, registries) into the worker process."""
        warm_up()


def _month(event: Event, article: Article) -> str:
    if event.date is not None and event.date.value:
        return event.date.value[:7]
    return article.published.isoformat()[:7] if article.published else UNDATED_MONTH


class _MonthWriter:
    """Parquet files of one shard, one per event month, written under temp names until done."""

    def __init__(self, out: Path, key: str) -> None:
        self.out, self.key = out, key
        self._writers: dict[str, pq.ParquetWriter] = {}
        self._rows: dict[str, list[dict[str, Any]]] = {}

    def final(self, month: str) -> Path:
        return self.out / f"month={month}" / f"part-{self.key}.parquet"

    def _temp(self, month: str) -> Path:
        return self.final(month).with_name(f".part-{self.key}.parquet.tmp")

    def add(self, month: str, row: dict[str, Any]) -> None:
        self._rows.setdefault(month, []).append(row)

    def flush(self) -> None:
        """Write the buffered rows as one row group per month; memory stays at one batch."""
        for month, rows in self._rows.items():
            if not rows:
                continue
            writer = self._writers.get(month)
            if writer is None:
                self._temp(month).parent.mkdir(parents=True, exist_ok=True)
                writer = pq.ParquetWriter(self._temp(month), EVENT_SCHEMA, compression="zstd")
                self._writers[month] = writer
            writer.write_table(to_arrow(rows, EVENT_SCHEMA))
            rows.clear()

    def close(self) -> tuple[str, ...]:
        """Close every file and rename it into place; returns the paths relative to `out`."""
        self.flush()
        files = []
        for month, writer in sorted(self._writers.items()):
            writer.close()
            self._temp(month).replace(self.final(month))
            files.append(str(self.final(month).relative_to(self.out)))
        return tuple(files)


def remove_shard_files(out: Path, key: str) -> None:
    """Delete whatever an earlier, unfinished attempt at this shard left, so nothing doubles."""
    for pattern in (f"month=*/part-{key}.parquet", f"month=*/.part-{key}.parquet.tmp"):
        for path in out.glob(pattern):
            path.unlink(missing_ok=True)


def code_shard(job: ShardJob) -> ShardResult:
    """Code one shard into its Parquet files; safe to run again after a crash at any point.

    Output names depend only on the shard, an attempt starts by deleting what an earlier one
    left, and files appear (by rename) only when complete: a retried task overwrites, never
    doubles. Duplicates and other languages are reported as `runner` reports them.
    """
    coder = load_coder()
    out = Path(job.out)
    remove_shard_files(out, job.shard.key)
    writer = _MonthWriter(out, job.shard.key)
    counts: Counter[str] = Counter()
    problems: list[Problem] = []

    def articles() -> Iterator[Article]:
        for position, item in enumerate(read_sources([job.shard.path])):
            counts["items"] += 1
            if isinstance(item, Problem):
                problems.append(item)
                continue
            counts["read"] += 1
            original = job.drops.get(position)
            if original is not None:
                problems.append(Problem(item.doc_id, DuplicateRecord.code, str(
                    DuplicateRecord(doc_id=item.doc_id, original=original))))
            elif item.language and item.language not in CODED_LANGUAGES:
                counts["not_coded"] += 1
                problems.append(Problem(item.doc_id, NotCoded.code, str(
                    NotCoded(doc_id=item.doc_id, language=item.language))))
            else:
                yield item

    seen: set[str] = set()
    for done, (article, events, failed) in enumerate(coder.code_checked(articles()), start=1):
        if failed is not None:  # too long to parse, or coding failed: reported (#20)
            counts["not_coded"] += 1
            problems.append(failed)
            continue
        counts["coded"] += 1
        counts["words"] += len(article.text.split())
        for event in events:
            if event.event_id in seen:  # the store keeps the first of an id, so do we
                continue
            seen.add(event.event_id)
            counts["events"] += 1
            writer.add(_month(event, article), event_to_row(
                event, run_id=job.run_id, content_hash=article.content_hash))
        if done % job.batch_size == 0:
            writer.flush()
    files = writer.close()
    _write_problems(out, job.shard.key, problems)
    return ShardResult(
        job=job, coder=coder.version, items=counts["items"], read=counts["read"],
        coded=counts["coded"], not_coded=counts["not_coded"], events=counts["events"],
        words=counts["words"], problems=dict(Counter(p.code for p in problems)), files=files)


def _write_problems(out: Path, key: str, problems: Sequence[Problem]) -> None:
    lines = "".join(json.dumps({"doc_id": p.doc_id, "code": p.code, "reason": p.reason}) + "\n"
                    for p in problems)
    sh.write_atomic(out / sh.WORK_DIR / "problems" / f"{key}.jsonl", lines.encode())


def scan_shard(shard: sh.Shard, out: str, finished: tuple[str, set[int]] | None, parts: int
               ) -> tuple[str, list[pa.Table]]:
    """Map step of the dedup plan: the shard's digest and its key rows split by content hash.

    A finished shard's decisions are fixed only if its file is unchanged; a changed file is
    coded again from scratch.
    """
    digest, keys = sh.read_keys(shard, Path(out))
    kept = finished[1] if finished is not None and finished[0] == digest else None
    return digest, sh.split_by_hash(sh.plan_rows(keys, shard, kept), parts)


def exact_step(*parts: pa.Table) -> tuple[pa.Table, pa.Table]:
    """Reduce step of the hash shuffle (see `shards.exact_partition`)."""
    return sh.exact_partition(*parts)


# -- the driver --------------------------------------------------------------------------------


@dataclass
class _State:
    out: Path
    shards: list[sh.Shard]
    manifest: sh.Manifest
    coder: str
    summary: BackfillSummary
    progress: Progress | None


def _finished(state: _State, shard: sh.Shard) -> tuple[str, set[int]] | None:
    """A finished shard's digest and kept positions, for the scan to check against the file."""
    entry = state.manifest.shards.get(shard.key)
    if entry is None or entry.get("coder") != state.coder:
        return None
    return str(entry["sha256"]), state.manifest.kept(state.out, shard)


def _record(state: _State, result: ShardResult) -> None:
    job = result.job
    state.manifest.add(state.out, job.shard.key, {
        "path": job.shard.path, "sha256": job.digest, "coder": result.coder,
        "items": result.items, "read": result.read, "coded": result.coded,
        "events": result.events, "files": list(result.files), "run_id": job.run_id,
    }, dropped=job.drops)
    summary = state.summary
    summary.coded_shards += 1
    summary.read += result.read
    summary.coded += result.coded
    summary.not_coded += result.not_coded
    summary.events += result.events
    summary.words += result.words
    summary.problems.update(result.problems)


def _jobs(state: _State, digests: list[str], plan: sh.Plan, run_id: str,
          batch_size: int) -> list[ShardJob]:
    jobs = []
    for shard, digest in zip(state.shards, digests, strict=True):
        if state.manifest.finished(shard, digest, state.coder):
            state.summary.skipped += 1
            continue
        jobs.append(ShardJob(shard, digest, str(state.out), run_id,
                             plan.drops.get(shard.order, {}), batch_size))
    return jobs


def _run_local(state: _State, run_id: str, batch_size: int) -> None:
    """The same steps in this process, one partition, one shard at a time."""
    scans = []
    for done, shard in enumerate(state.shards, start=1):
        scans.append(scan_shard(shard, str(state.out), _finished(state, shard), 1))
        if state.progress:
            state.progress("scan", done, len(state.shards))
    winners, losers = exact_step(*(parts[0] for _, parts in scans))
    pairs = sh.near_pairs(*sh.split_by_window(winners, 1))
    plan = sh.resolve([losers], [pairs])
    _count_plan(state, plan)
    jobs = _jobs(state, [digest for digest, _ in scans], plan, run_id, batch_size)
    for done, job in enumerate(jobs, start=1):
        _record(state, code_shard(job))
        if state.progress:
            state.progress("code", done, len(jobs))


def _count_plan(state: _State, plan: sh.Plan) -> None:
    state.summary.duplicates = plan.duplicates
    state.summary.near_duplicates = plan.near_duplicates


def _pick(value: Sequence[Any], index: int) -> Any:
    """Item `index` of a task's result: how one shuffle output reaches one reduce task."""
    return value[index]


def _hash_part(scan: tuple[str, list[pa.Table]], index: int) -> pa.Table:
    """Hash partition `index` of a scan: the piece one exact-dedup reduce task receives."""
    return scan[1][index]


def _run_dask(state: _State, client: Any, run_id: str, batch_size: int, parts: int) -> None:
    """Scan -> hash shuffle -> window shuffle -> resolve (here) -> code, all as futures."""
    from distributed import as_completed

    wait_all: Callable[..., Iterator[Any]] = as_completed
    scans = [client.submit(scan_shard, shard, str(state.out), _finished(state, shard), parts,
                           key=f"fp-scan-{shard.key}-{run_id}")
             for shard in state.shards]
    digests = [client.submit(_pick, scan, 0, key=f"fp-digest-{i}-{run_id}")
               for i, scan in enumerate(scans)]
    exact = []
    for p in range(parts):
        pieces = [client.submit(_hash_part, scan, p, key=f"fp-hash-{p}-{i}-{run_id}")
                  for i, scan in enumerate(scans)]
        exact.append(client.submit(exact_step, *pieces, key=f"fp-exact-{p}-{run_id}"))
    winners = [client.submit(_pick, e, 0, key=f"fp-win-{p}-{run_id}")
               for p, e in enumerate(exact)]
    losers = [client.submit(_pick, e, 1, key=f"fp-lose-{p}-{run_id}")
              for p, e in enumerate(exact)]
    windows = [client.submit(sh.split_by_window, w, parts, key=f"fp-wsplit-{p}-{run_id}")
               for p, w in enumerate(winners)]
    pairs = []
    for q in range(parts):
        pieces = [client.submit(_pick, w, q, key=f"fp-window-{q}-{p}-{run_id}")
                  for p, w in enumerate(windows)]
        pairs.append(client.submit(sh.near_pairs, *pieces, key=f"fp-near-{q}-{run_id}"))
    plan = sh.resolve(client.gather(losers), client.gather(pairs))
    _count_plan(state, plan)
    if state.progress:
        state.progress("scan", len(state.shards), len(state.shards))
    jobs = _jobs(state, client.gather(digests), plan, run_id, batch_size)
    futures = [client.submit(code_shard, job, key=f"fp-code-{job.shard.key}-{run_id}",
                             pure=False) for job in jobs]
    for done, future in enumerate(wait_all(futures), start=1):
        _record(state, future.result())
        if state.progress:
            state.progress("code", done, len(jobs))


def _connect(scheduler: str | None, workers: int) -> tuple[Any, Any]:
    """A client of `scheduler`, or of a new local cluster (returned too, to close it)."""
    import distributed

    new_client: Callable[..., Any] = distributed.Client
    new_cluster: Callable[..., Any] = distributed.LocalCluster

    if scheduler:
        try:
            return new_client(scheduler, timeout="30s"), None
        except OSError as error:
            raise ConfigError(key="scheduler", reason=f"cannot reach {scheduler}: {error}"
                              ) from error
    # One thread per worker process: spaCy pipelines are not shared across threads.
    cluster = new_cluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    return new_client(cluster), cluster


def backfill(
    inputs: Sequence[str | Path],
    out: str | Path,
    *,
    engine: Literal["local", "dask"] = "local",
    scheduler: str | None = None,
    workers: int = 2,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
    client: Client | None = None,
) -> BackfillSummary:
    """Code every shard of `inputs` into `out/month=YYYY-MM/part-<shard>.parquet`, then
    build the incidents of every month with its boundary days (`scale.incidents`).

    Finished shards (manifest entry with the same file digest and coder version) are skipped;
    a killed run resumes where it stopped. `engine="dask"` uses `client`, else connects to
    `scheduler`, else starts a local cluster of `workers` single-threaded processes.
    """
    if engine not in ("local", "dask"):
        raise ConfigError(key="engine", reason=f"{engine!r} is not one of local, dask")
    if batch_size < 1 or workers < 1:
        raise ConfigError(key="batch_size" if batch_size < 1 else "workers",
                          reason="must be at least 1")
    started = time.monotonic()
    target = Path(out)
    if target.exists() and not target.is_dir():
        raise StoreError(path=str(target), reason="the backfill output must be a folder")
    target.mkdir(parents=True, exist_ok=True)
    run_id = f"backfill-{uuid.uuid4().hex[:12]}"
    summary = BackfillSummary(out=str(target), run_id=run_id)
    found = sh.find_shards(inputs)
    summary.shards = len(found)
    if engine == "local":
        state = _State(target, found, sh.Manifest.load(target), coder_versions()[0], summary,
                       progress)
        _run_local(state, run_id, batch_size)
        summary.incidents = build_incidents(target)
    else:
        own: Any
        cluster: Any
        own, cluster = (client, None) if client is not None else _connect(scheduler, workers)
        try:
            own.register_plugin(CoderPlugin())
            version = own.submit(coder_versions, pure=False).result()[0]
            state = _State(target, found, sh.Manifest.load(target), version, summary, progress)
            parts = max(1, 2 * len(own.scheduler_info()["workers"]))
            _run_dask(state, own, run_id, batch_size, parts)
            summary.incidents = build_incidents(
                target, submit=lambda fn, *args: own.submit(fn, *args, pure=False))
        finally:
            if client is None:
                own.close()
                if cluster is not None:
                    cluster.close()
    summary.seconds = time.monotonic() - started
    return summary
