"""Scale: backfills of years of news on a Dask cluster, into month-partitioned Parquet.

`backfill` is the entry point; `shards` holds the manifest and the cross-shard dedup plan.
"""

from __future__ import annotations

from flashpoint.scale.backfill import BackfillSummary, backfill

__all__ = ["BackfillSummary", "backfill"]
