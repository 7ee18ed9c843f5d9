"""The HTTP API under #20's faults: a poison page in a feed, bad request bodies."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from local_http import QuietHandler, send, serve

from flashpoint.api.app import create_app
from flashpoint.pipeline import MAX_CODED_CHARS

with warnings.catch_warnings():  # starlette warns that its test client will move to httpx2
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.issue(20)
TOKEN = "reliability-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
GOOD = ("KIDAL, May 3 - Gunmen attacked a convoy near Kidal on Thursday, killing four drivers, "
        "a local official said.\n\nThe army sent reinforcements to the area on Friday.")
# a plain-text page just over the coding limit: read and stored, never parsed
POISON = ("Crowds gathered in the square. " * (MAX_CODED_CHARS // 31 + 2))[:MAX_CODED_CHARS + 1]


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    """A feed with one ordinary page and one page too long to code."""
    pages = {"/good.txt": GOOD, "/poison.txt": POISON}

    class Handler(QuietHandler):
        def do_GET(self) -> None:
            if self.path == "/feed.xml":
                items = "".join(f"<item><title>{p}</title><link>{base}{p}</link></item>"
                                for p in pages)
                send(self, 200, (f'<?xml version="1.0"?><rss version="2.0"><channel><title>'
                                 f"Sahel Wire</title>{items}</channel></rss>").encode(),
                     {"Content-Type": "application/rss+xml"})
            elif self.path in pages:
                send(self, 200, pages[self.path].encode(), {"Content-Type": "text/plain"})
            else:
                send(self, 404, b"no", {"Content-Type": "text/plain"})

    with serve(Handler) as base:
        yield base


@pytest.fixture()
def writer(tmp_path: Path) -> Iterator[TestClient]:
    """A writable API over a fresh store."""
    with TestClient(create_app(tmp_path / "api.duckdb", token=TOKEN)) as client:
        yield client


def test_api_feed_poll_with_a_poison_page_stores_the_good_entries(site: str,
                                                                  writer: TestClient) -> None:
    answer = writer.post("/api/feeds/poll", json={"url": f"{site}/feed.xml"}, headers=AUTH)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["read"], body["coded"]) == (2, 1)
    assert [(p["doc_id"], p["code"]) for p in body["problems"]] == [
        (f"{site}/poison.txt", "E211")]
    good = writer.get("/api/events", params={"doc_id": f"{site}/good.txt"}).json()["items"]
    assert len(good) == body["events"] > 0


def test_api_url_ingest_of_a_poison_page_answers_200(site: str, writer: TestClient) -> None:
    answer = writer.post("/api/ingest", json={"url": f"{site}/poison.txt"}, headers=AUTH)
    assert answer.status_code == 200, answer.text
    assert [p["code"] for p in answer.json()["problems"]] == ["E211"]


@pytest.mark.parametrize(("body", "content_type"), [
    (b"{not json", "application/json"), (b"[]", "application/json"),
    (b"a=1", "application/x-www-form-urlencoded"), (b'{"text": 5}', "application/json"),
    (b'{"url": "javascript:alert(1)"}', "application/json"),
])
def test_api_bad_bodies_are_invalid_requests_not_not_found(writer: TestClient, body: bytes,
                                                           content_type: str) -> None:
    answer = writer.post("/api/ingest", content=body,
                         headers={**AUTH, "Content-Type": content_type})
    assert (answer.status_code, answer.json()["code"]) == (422, "E602")
