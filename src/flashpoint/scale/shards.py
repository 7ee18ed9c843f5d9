"""Shards of a backfill: what they are, their digests, their dedup keys, and the manifest.

It owns the bookkeeping that makes a backfill resumable and the dedup plan that makes it
equal to a single-machine run: each input file is one shard; its key table (content hash,
MinHash signature, day, position) is cached beside the output; exact duplicates are found per
content-hash partition, near duplicates per time-window bucket, and the two are resolved in one
order. It does not code, write Parquet or talk to Dask (see `backfill`).

Order. A run keeps the first copy of a story in this order: articles of finished shards that
were kept (their output is already written and must not be doubled), then by publication day,
then by the shard's place in the input list, then by the record's place in its shard. With
inputs sorted by date, as news archives are, that is the order `flashpoint run` reads them in.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Final

import pyarrow as pa  # pyarrow ships no stubs
import pyarrow.ipc as ipc
from datasketch import MinHashLSH

from flashpoint.errors import UnreadableRecord
from flashpoint.ingest.clean import content_hash
from flashpoint.ingest.dedup import NUM_PERM, THRESHOLD, load_signature, signature
from flashpoint.ingest.readers import kind_of, read_sources
from flashpoint.records import Article

MANIFEST: Final = "_manifest.json"
WORK_DIR: Final = "_backfill"  # underscore: Spark, pyarrow and `*.parquet` globs skip it
MANIFEST_FORMAT: Final = "flashpoint-backfill/1"
WINDOW_DAYS: Final = 7
UNDATED: Final = -(2**31)  # the bucket of articles with no publication day
_LAST_DAY: Final = 2**31 - 1  # undated articles sort after every dated one
_EPOCH: Final = date(1970, 1, 1)

KEY_SCHEMA: Final = pa.schema([
    ("position", pa.int32()), ("content_hash", pa.string()), ("day", pa.int32()),
    ("signature", pa.binary()),
])
# A key row inside the plan: the shard's place in the input list and, for finished shards,
# whether the article was kept (1) or dropped (0); -1 for shards still to code.
PLAN_SCHEMA: Final = KEY_SCHEMA.append(pa.field("shard", pa.int32())).append(
    pa.field("fixed", pa.int8()))
# A near-duplicate pair; `*_rank` with the node id sorts articles in run order (`_rank`).
PAIR_SCHEMA: Final = pa.schema([
    ("later", pa.int64()), ("later_rank", pa.int64()), ("later_fixed", pa.int8()),
    ("earlier", pa.int64()), ("earlier_rank", pa.int64()), ("earlier_hash", pa.string()),
    ("score", pa.float64()),
])


# -- shards ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Shard:
    """One input file: its path, its place in the input list and a stable key for file names."""

    path: str
    order: int

    @property
    def key(self) -> str:
        """16 hex digits of the path: output and cache files of this shard are named by it."""
        return hashlib.sha1(self.path.encode("utf-8")).hexdigest()[:16]


def find_shards(inputs: Iterable[str | Path]) -> list[Shard]:
    """Input files as shards, folders walked in sorted order as `read_sources` walks them.

    A file named twice is one shard: coding it twice would double its events. A missing input
    stops the run before anything starts (E101): a backfill silently short of a year is worse.
    """
    paths: list[str] = []
    for source in inputs:
        path = Path(source)
        if not path.exists():
            raise UnreadableRecord(doc_id=str(source), reason=(
                "no such file or folder; a backfill reads local or mounted shards, not URLs"))
        if path.is_dir():
            paths.extend(
                str(child) for child in sorted(path.rglob("*"))
                if child.is_file() and kind_of(child) is not None
                and not any(p.startswith(".") for p in child.relative_to(path).parts))
        else:
            paths.append(str(path))
    unique = list(dict.fromkeys(paths))
    return [Shard(path, order) for order, path in enumerate(unique)]


def file_digest(path: str | Path) -> str:
    """sha256 of a shard file, read in 1 MiB blocks; a changed shard is coded again."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def day_number(day: date | None) -> int | None:
    """Days since 1970-01-01, the integer the plan sorts and buckets by."""
    return None if day is None else (day - _EPOCH).days


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a hidden temp name beside `path`, then rename: readers see all of it or none."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    temp.write_bytes(data)
    os.replace(temp, path)


# -- key tables --------------------------------------------------------------------------------


def _key_path(out: Path, shard: Shard) -> Path:
    return out / WORK_DIR / "keys" / f"{shard.key}.arrow"


def _cached_keys(path: Path, digest: str) -> pa.Table | None:
    if not path.is_file():
        return None
    with ipc.open_file(path) as reader:
        table = reader.read_all()
    meta = table.schema.metadata or {}
    return table if meta.get(b"sha256") == digest.encode() else None


def read_keys(shard: Shard, out: Path) -> tuple[str, pa.Table]:
    """The shard's digest and key table: one row per article, read once and cached.

    The cache is keyed by the file's digest, so a rerun reads each unchanged shard's bytes only
    to hash them, never to parse them again. Unreadable records hold a position but no row.
    """
    digest = file_digest(shard.path)
    path = _key_path(out, shard)
    cached = _cached_keys(path, digest)
    if cached is not None:
        return digest, cached
    rows: dict[str, list[Any]] = {name: [] for name in KEY_SCHEMA.names}
    for position, item in enumerate(read_sources([shard.path])):
        if isinstance(item, Article):
            rows["position"].append(position)
            rows["content_hash"].append(item.content_hash or content_hash(item.text))
            rows["day"].append(day_number(item.published))
            rows["signature"].append(signature(item.text))
    table = pa.table(rows, schema=KEY_SCHEMA.with_metadata({"sha256": digest}))
    sink = pa.BufferOutputStream()
    with ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    write_atomic(path, sink.getvalue().to_pybytes())
    return digest, table


def plan_rows(keys: pa.Table, shard: Shard, kept: set[int] | None) -> pa.Table:
    """Key rows tagged with the shard's order and, for a finished shard, what it kept."""
    n = keys.num_rows
    if kept is None:
        fixed = [-1] * n
    else:
        fixed = [1 if p in kept else 0 for p in keys.column("position").to_pylist()]
    return pa.table({
        **{name: keys.column(name) for name in KEY_SCHEMA.names},
        "shard": pa.array([shard.order] * n, pa.int32()),
        "fixed": pa.array(fixed, pa.int8()),
    }, schema=PLAN_SCHEMA)


def split_by_hash(rows: pa.Table, parts: int) -> list[pa.Table]:
    """The map side of the content-hash shuffle: one table per hash partition."""
    index = [int(h[:8], 16) % parts for h in rows.column("content_hash").to_pylist()]
    return _split(rows, index, parts)


def _split(rows: pa.Table, index: Sequence[int], parts: int) -> list[pa.Table]:
    picks: list[list[int]] = [[] for _ in range(parts)]
    for row, part in enumerate(index):
        picks[part].append(row)
    return [rows.take(pa.array(pick, pa.int64())) for pick in picks]


# -- the dedup plan ----------------------------------------------------------------------------


def node_id(shard: int, position: int) -> int:
    """One integer per article of the run, for the pair lists."""
    return (shard << 32) | position


def _rank(row: dict[str, Any]) -> tuple[int, int]:
    """Run order as (kept-before flag and day packed in one int64, node id).

    Kept articles of finished shards come first: a new copy never displaces written output.
    """
    day = row["day"] if row["day"] is not None else _LAST_DAY
    flag = 0 if row["fixed"] == 1 else 1
    return (flag << 33) | (day + 2**31), node_id(row["shard"], row["position"])


def exact_partition(*parts: pa.Table) -> tuple[pa.Table, pa.Table]:
    """The reduce side of the shuffle: (first copy of each hash, later copies and their original).

    Copies dropped by an earlier run (fixed 0) stay dropped and are in neither table.
    """
    rows = pa.concat_tables(parts).to_pylist() if parts else []
    first: dict[str, dict[str, Any]] = {}
    for row in sorted((r for r in rows if r["fixed"] != 0), key=_rank):
        first.setdefault(row["content_hash"], row)
    losers = [
        {"node": node_id(r["shard"], r["position"]), "original": r["content_hash"]}
        for r in rows
        if r["fixed"] == -1 and first[r["content_hash"]] is not r
    ]
    winners = pa.Table.from_pylist(list(first.values()), schema=PLAN_SCHEMA)
    return winners, pa.Table.from_pylist(losers, schema=pa.schema(
        [("node", pa.int64()), ("original", pa.string())]))


def split_by_window(rows: pa.Table, parts: int, window: int = WINDOW_DAYS) -> list[pa.Table]:
    """Map side of the time-window shuffle: each row goes to its bucket and, as a reference,
    to the next one, so every pair of articles at most `window` days apart meets once."""
    out: list[list[dict[str, Any]]] = [[] for _ in range(parts)]
    for row in rows.to_pylist():
        if row["day"] is None:
            out[0].append({**row, "bucket": UNDATED, "member": True})
            continue
        bucket = row["day"] // window
        out[bucket % parts].append({**row, "bucket": bucket, "member": True})
        out[(bucket + 1) % parts].append({**row, "bucket": bucket + 1, "member": False})
    schema = PLAN_SCHEMA.append(pa.field("bucket", pa.int64())).append(
        pa.field("member", pa.bool_()))
    return [pa.Table.from_pylist(part, schema=schema) for part in out]


def near_pairs(*parts: pa.Table, window: int = WINDOW_DAYS,
               threshold: float = THRESHOLD) -> pa.Table:
    """Reduce side: every near-duplicate pair (later, earlier, score) within `window` days.

    Candidates come from the same MinHash LSH (threshold, permutations) as `Deduplicator`,
    confirmed by estimated Jaccard, so a pair is found here exactly when the single-machine
    deduplicator would find it.
    """
    buckets: dict[int, list[dict[str, Any]]] = {}
    for part in parts:
        for row in part.to_pylist():
            buckets.setdefault(row["bucket"], []).append(row)
    pairs: list[dict[str, Any]] = []
    for bucket, rows in sorted(buckets.items()):
        pairs.extend(_bucket_pairs(rows, None if bucket == UNDATED else window, threshold))
    return pa.Table.from_pylist(pairs, schema=PAIR_SCHEMA)


@functools.lru_cache(maxsize=8)
def _lsh_params(threshold: float) -> tuple[int, int]:
    """The (bands, rows) `Deduplicator`'s LSH derives from the threshold; deriving them costs
    ~25 ms of numerical integration, too much to repeat for every weekly bucket."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return int(lsh.b), int(lsh.r)


def _bucket_pairs(rows: list[dict[str, Any]], window: int | None,
                  threshold: float) -> Iterator[dict[str, Any]]:
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, params=_lsh_params(threshold))
    sketches = {}
    for index, row in enumerate(rows):
        sketches[index] = load_signature(row["signature"], key=row["content_hash"])
        lsh.insert(index, sketches[index])
    for index, row in enumerate(rows):
        if not row["member"]:
            continue
        for other in lsh.query(sketches[index]):
            peer = rows[other]
            if other == index or (peer["member"] and _rank(peer) > _rank(row)):
                continue  # a pair of two members is emitted once, from its later side
            if window is not None and abs(peer["day"] - row["day"]) > window:
                continue
            score = sketches[index].jaccard(sketches[other])
            if score >= threshold:
                early, late = sorted((row, peer), key=_rank)
                yield {"later": _rank(late)[1], "later_rank": _rank(late)[0],
                       "later_fixed": late["fixed"], "earlier": _rank(early)[1],
                       "earlier_rank": _rank(early)[0], "earlier_hash": early["content_hash"],
                       "score": score}


@dataclass
class Plan:
    """What each shard drops: shard order -> position -> content hash of the kept original."""

    drops: dict[int, dict[int, str]] = field(default_factory=dict)
    duplicates: int = 0
    near_duplicates: int = 0

    def drop(self, node: int, original: str) -> None:
        """Mark one article as a copy of `original`."""
        self.drops.setdefault(node >> 32, {})[node & 0xFFFFFFFF] = original


def resolve(losers: Iterable[pa.Table], pairs: Iterable[pa.Table]) -> Plan:
    """Exact copies are dropped outright; near copies greedily in run order, as `runner` does.

    An article is a near copy if a *kept* earlier article is similar enough; the most similar
    one (ties to the earliest) becomes its original. A dropped article is no one's original.
    Only pairs reach this point, never the whole key table, so it runs on the client.
    """
    plan = Plan()
    for table in losers:
        for node, original in zip(table.column("node").to_pylist(),
                                  table.column("original").to_pylist(), strict=True):
            plan.drop(node, original)
            plan.duplicates += 1
    by_later: dict[tuple[int, int], list[tuple[tuple[int, int], str, float]]] = {}
    fixed: dict[int, int] = {}
    for table in pairs:
        for row in table.to_pylist():
            later = (row["later_rank"], row["later"])
            fixed[row["later"]] = row["later_fixed"]
            by_later.setdefault(later, []).append(
                ((row["earlier_rank"], row["earlier"]), row["earlier_hash"], row["score"]))
    dropped: set[int] = set()
    for later in sorted(by_later):
        if fixed[later[1]] != -1:
            continue  # a finished shard's decision stands
        best: tuple[float, str] | None = None
        for earlier, early_hash, score in sorted(by_later[later]):
            if earlier[1] not in dropped and (best is None or score > best[0]):
                best = (score, early_hash)
        if best is not None:
            dropped.add(later[1])
            plan.drop(later[1], best[1])
            plan.near_duplicates += 1
    return plan


# -- the manifest ------------------------------------------------------------------------------


@dataclass
class Manifest:
    """Finished shards of an output folder: key -> entry (path, sha256, coder, counts, files).

    Only the process driving the run writes it, after a shard's Parquet files are renamed into
    place; it is rewritten whole through a temp file, so a kill leaves the old or the new one.
    """

    path: Path
    shards: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, out: Path) -> Manifest:
        """The folder's manifest, or an empty one."""
        path = out / MANIFEST
        if not path.is_file():
            return cls(path)
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(path, dict(data.get("shards", {})))

    def finished(self, shard: Shard, digest: str, coder: str) -> bool:
        """Whether this exact shard file was coded by this coder version."""
        entry = self.shards.get(shard.key)
        return bool(entry and entry["sha256"] == digest and entry["coder"] == coder)

    def kept(self, out: Path, shard: Shard) -> set[int]:
        """Positions a finished shard coded (its dropped ones are in `_backfill/dropped`)."""
        entry = self.shards[shard.key]
        dropped_path = out / WORK_DIR / "dropped" / f"{shard.key}.json"
        dropped = set(json.loads(dropped_path.read_text(encoding="utf-8")))
        return set(range(int(entry["items"]))) - dropped

    def add(self, out: Path, shard_key: str, entry: dict[str, Any], dropped: Iterable[int]) -> None:
        """Record a finished shard: its dropped positions first, then the manifest itself."""
        write_atomic(out / WORK_DIR / "dropped" / f"{shard_key}.json",
                     json.dumps(sorted(dropped)).encode())
        self.shards[shard_key] = {**entry,
                                  "finished": datetime.now(UTC).isoformat(timespec="seconds")}
        body = {"format": MANIFEST_FORMAT, "shards": self.shards}
        write_atomic(self.path, json.dumps(body, indent=1, sort_keys=True).encode())
