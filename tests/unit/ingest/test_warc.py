"""Reading HTML responses out of a WARC archive built by the test with warcio."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from flashpoint.ingest import read_sources, read_warc
from flashpoint.ingest.clean import content_hash
from flashpoint.records import Article, Problem

TEXT = ("DHAKA, Jan 8 - Police clashed with opposition supporters in Dhaka on Monday, a day "
        "after a disputed election, witnesses said.\n\nSeveral people were injured.")
PAGE = ("<html><head><title>Clashes in Dhaka</title></head><body><article><h1>Clashes in Dhaka"
        "</h1><p>" + TEXT.replace("\n\n", "</p><p>") + "</p></article></body></html>")


def _record(writer: WARCWriter, url: str, body: bytes, content_type: str,
            status: str = "200 OK") -> str:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    # a known length keeps warcio from spooling the payload to a temporary file
    record = writer.create_warc_record(url, "response", payload=BytesIO(body),
                                       length=len(body), http_headers=headers)
    writer.write_record(record)
    return str(record.rec_headers.get_header("WARC-Record-ID"))


def _warc(path: Path, *, gzip: bool) -> list[str]:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        ids = [
            _record(writer, "https://news.example.com/dhaka", PAGE.encode(), "text/html"),
            _record(writer, "https://news.example.com/logo.png", b"\x89PNG", "image/png"),
            _record(writer, "https://news.example.com/gone", b"no", "text/html", "404 Not Found"),
            _record(writer, "https://news.example.com/empty", b"<html><body></body></html>",
                    "text/html"),
        ]
        writer.write_record(writer.create_warc_record(
            "https://news.example.com/dhaka", "request", payload=BytesIO(b"GET /"), length=5))
    return ids


def test_ingest_warc_response_records_become_articles(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    page_id, _, _, empty_id = _warc(path, gzip=True)
    article, problem = read_warc(path)
    assert isinstance(article, Article)
    assert article == Article(
        doc_id=page_id, text=TEXT, title="Clashes in Dhaka", url="https://news.example.com/dhaka",
        publisher="news.example.com", language="en", source=page_id,
        content_hash=content_hash(TEXT), fetched_at=article.fetched_at,
        published=None)
    assert article.fetched_at is not None and article.fetched_at[:2] == "20"
    assert problem == Problem(empty_id, "E103", f"{empty_id}: no text left to code after cleaning")


def test_ingest_read_sources_reads_plain_warc_by_suffix(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    ids = _warc(path, gzip=False)
    items = list(read_sources([tmp_path]))
    assert [(i.doc_id, type(i).__name__) for i in items] == [
        (ids[0], "Article"), (ids[3], "Problem")]
    assert ids[0].startswith("<urn:uuid:")


def test_ingest_warc_that_is_not_a_warc_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_text("this is not an archive\n")
    (item,) = read_sources([path])
    assert isinstance(item, Problem)
    assert (item.doc_id, item.code, "not a readable WARC" in item.reason) == (
        str(path), "E101", True)


def _three_pages(path: Path, *, gzip: bool) -> list[str]:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        return [_record(writer, f"https://news.example.com/dhaka-{i}",
                        PAGE.replace("Several", f"{i + 2}").encode(), "text/html")
                for i in range(3)]


@pytest.mark.issue(20)
@pytest.mark.parametrize(("gzip", "cut"), [(True, 40), (True, 300), (False, 40)])
def test_ingest_warc_cut_mid_record_reports_the_lost_record(tmp_path: Path, gzip: bool,
                                                           cut: int) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    ids = _three_pages(path, gzip=gzip)
    path.write_bytes(path.read_bytes()[:-cut])
    items = list(read_warc(path))
    assert [type(item).__name__ for item in items] == ["Article", "Article", "Problem"]
    problem = items[2]
    assert isinstance(problem, Problem) and problem.code == "E101"
    assert problem.doc_id in (ids[2], str(path)) and "truncated" in problem.reason


@pytest.mark.issue(20)
@pytest.mark.parametrize("gzip", [True, False])
def test_ingest_whole_warc_gives_no_problem(tmp_path: Path, gzip: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    _three_pages(path, gzip=gzip)
    assert [type(item).__name__ for item in read_warc(path)] == ["Article"] * 3
