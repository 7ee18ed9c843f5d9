"""Feed files: entries, and hostile feeds that must neither hang nor leak non-http links."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from flashpoint.ingest import FeedEntry, read_feed

BAD = Path(__file__).resolve().parents[2] / "data" / "bad"


def test_ingest_hostile_feed_keeps_only_http_entries_quickly() -> None:
    started = time.monotonic()
    result = read_feed(BAD / "hostile_feed.xml")
    assert time.monotonic() - started < 2.0  # entity expansion is not performed
    assert result.entries == (FeedEntry(
        url="http://127.0.0.1/story-1", title="Real story",
        summary="Soldiers clashed with militants near the border.", published=date(2024, 3, 5)),)
    assert [(p.doc_id.rsplit("#", 1)[1], p.code) for p in result.problems] == [
        ("1", "E101"), ("2", "E101")]
    assert "passwd" not in (result.title or "") + str(result.entries)


def test_ingest_feed_file_that_is_not_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "news.rss"
    path.write_text("just some words, no feed here")
    result = read_feed(path)
    assert result.entries == ()
    assert [(p.doc_id, p.code) for p in result.problems] == [(str(path), "E102")]


def test_ingest_missing_feed_file_is_a_problem(tmp_path: Path) -> None:
    result = read_feed(tmp_path / "absent.rss")
    assert [p.code for p in result.problems] == ["E101"]
