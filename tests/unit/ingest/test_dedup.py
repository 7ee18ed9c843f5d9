"""Exact and near-duplicate detection, seeded from stored signatures across runs."""

from __future__ import annotations

import pytest

from flashpoint.errors import UnreadableRecord
from flashpoint.ingest import Deduplicator, signature
from flashpoint.ingest.clean import content_hash
from flashpoint.records import Article

REPORT = (
    "HARGEISA, Jan 22 - Clan militias fought over grazing land near the town of Erigavo on "
    "Sunday, killing at least nine people, local elders said. The fighting broke out after a "
    "dispute over a water point and spread to three villages before police arrived. Regional "
    "officials said they had sent a team of mediators to the area and urged both sides to "
    "respect a ceasefire agreed last year. Hospitals in Erigavo treated more than twenty "
    "wounded people, a doctor said, adding that supplies of blood were running low."
)
# the same wire story lightly rewritten by a second outlet: new dateline, one changed word
NEAR_COPY = REPORT.replace("HARGEISA, Jan 22", "ERIGAVO, Somaliland, Jan 22").replace(
    "a doctor said", "a nurse said")
OTHER = (
    "LILONGWE, Jan 22 - Police arrested two customs officers at the border with Mozambique on "
    "Sunday over a fuel smuggling ring, a police spokesman said. The officers were accused of "
    "letting tankers through without paying duty, and investigators said the scheme had run "
    "for at least a year. The revenue authority said it had suspended six more officers."
)


def _article(doc_id: str, text: str) -> Article:
    return Article(doc_id=doc_id, text=text, content_hash=content_hash(text))


def test_ingest_dedup_finds_exact_copies_despite_spacing_and_case() -> None:
    dedup = Deduplicator()
    dedup.add("first", REPORT)
    assert dedup.check(_article("copy", REPORT.upper().replace(" ", "  "))) == "first"


def test_ingest_dedup_finds_near_copies_but_not_other_stories() -> None:
    dedup = Deduplicator()
    dedup.add("first", REPORT)
    dedup.add("other", OTHER)
    assert dedup.check(_article("copy", NEAR_COPY)) == "first"
    assert dedup.check(_article("fresh", REPORT[:200] + OTHER)) is None


def test_ingest_dedup_is_seeded_from_stored_signatures() -> None:
    stored = [("hash-1", signature(REPORT)), ("hash-2", signature(OTHER))]
    next_run = Deduplicator()
    for key, data in stored:
        next_run.add_signature(key, data)
    assert len(next_run) == 2
    assert next_run.check(_article("copy", NEAR_COPY)) == "hash-1"


def test_ingest_dedup_signature_is_stable_bytes() -> None:
    assert signature(REPORT) == signature(REPORT)
    assert len(signature(REPORT)) == 528
    assert signature(REPORT) != signature(OTHER)


def test_ingest_dedup_add_returns_the_signature_and_ignores_repeats() -> None:
    dedup = Deduplicator()
    assert dedup.add("first", REPORT) == signature(REPORT) == dedup.signature(REPORT)
    dedup.add("first", REPORT)
    assert (len(dedup), "first" in dedup) == (1, True)


def test_ingest_dedup_prefers_the_most_similar_then_the_earliest() -> None:
    dedup = Deduplicator()
    dedup.add("first", REPORT)
    dedup.add("second", REPORT)  # an exact twin stored under another key
    dedup.add("edited", NEAR_COPY)
    assert dedup.check(_article("again", REPORT + " ")) == "first"
    assert dedup.check(_article("edit-2", NEAR_COPY.replace("twenty", "thirty"))) == "edited"


def test_ingest_dedup_rejects_a_corrupt_signature() -> None:
    with pytest.raises(UnreadableRecord, match="bad minhash signature"):
        Deduplicator().add_signature("hash-1", b"\x00\x01")
