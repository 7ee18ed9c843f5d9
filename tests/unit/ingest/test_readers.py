"""Reading files, folders and JSON Lines into Articles, and every failure into one Problem."""

from __future__ import annotations

import gzip
import json
import os
import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from flashpoint.ingest import read_sources
from flashpoint.ingest.clean import content_hash
from flashpoint.records import Article, Problem

DATA = Path(__file__).resolve().parents[2] / "data"
BAD = DATA / "bad"
STORY = ("KISUMU, May 2 - Police fired tear gas at traders protesting against new market fees "
         "in Kisumu on Thursday, a police commander said.\n\nThe traders dispersed by midday.")


def _codes(items: list[Article | Problem]) -> dict[str, str]:
    return {item.doc_id: item.code for item in items if isinstance(item, Problem)}


def test_ingest_bad_fixtures_each_give_one_problem() -> None:
    items = list(read_sources([BAD / "binary.bin", BAD / "bad_utf8.txt", BAD / "empty.txt",
                               BAD / "furniture_only.txt", BAD / "broken.jsonl",
                               BAD / "missing.txt"]))
    jsonl = f"{BAD / 'broken.jsonl'}"
    assert _codes(items) == {
        str(BAD / "binary.bin"): "E102",
        str(BAD / "bad_utf8.txt"): "E101",
        str(BAD / "empty.txt"): "E103",
        str(BAD / "furniture_only.txt"): "E103",
        f"{jsonl}:2": "E101",  # not JSON: doc_id is file:line
        "no-text": "E101",
        "bad-date": "E101",
        f"{jsonl}:5": "E101",  # an array, not an object
        "empty-text": "E103",
        str(BAD / "missing.txt"): "E101",
    }
    assert [item.doc_id for item in items if isinstance(item, Article)] == ["ok-1"]


@pytest.mark.parametrize(("name", "words"), [
    ("binary.bin", "binary file"),
    ("bad_utf8.txt", "not valid UTF-8 (byte 98)"),
    ("missing.txt", "no such file or directory"),
])
def test_ingest_problem_reasons_say_what_is_wrong(name: str, words: str) -> None:
    (item,) = read_sources([BAD / name])
    assert isinstance(item, Problem)
    assert words in item.reason


def test_ingest_jsonl_problem_reasons() -> None:
    reasons = {p.doc_id: p.reason for p in read_sources([BAD / "broken.jsonl"])
               if isinstance(p, Problem)}
    assert "line is not JSON" in reasons[f"{BAD / 'broken.jsonl'}:2"]
    assert "no `text` or `html`" in reasons["no-text"]
    assert "bad date 'last Tuesday'" in reasons["bad-date"]


def test_ingest_truncated_html_still_yields_its_text() -> None:
    (article,) = read_sources([BAD / "truncated.html"])
    assert isinstance(article, Article)
    assert article.title == "Militia attack on river port"
    assert article.text.startswith("KISANGANI, April 3 - Militia fighters attacked")
    assert article.text.endswith("kept their boats moored on the far ba")
    assert "Home" not in article.text


def test_ingest_folder_is_read_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text(STORY.replace("Kisumu", "Eldoret"))
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "notes.yaml").write_text("not: read\n")
    (tmp_path / ".hidden.txt").write_text(STORY)
    items = list(read_sources([tmp_path]))
    assert [i.doc_id for i in items] == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "two.txt")]


def test_ingest_text_article_fields(tmp_path: Path) -> None:
    path = tmp_path / "kisumu.txt"
    path.write_text("# Traders protest market fees\n\n" + STORY + "\n\nComments: 0\n")
    (article,) = read_sources([path], default_date=date(2024, 5, 2))
    assert article == Article(
        doc_id=str(path), text=STORY, title="Traders protest market fees",
        published=date(2024, 5, 2), language="en", source=str(path),
        content_hash=content_hash(STORY),
    )


def test_ingest_jsonl_record_metadata_and_gzip(tmp_path: Path) -> None:
    record = {"id": "k-1", "text": STORY, "date": "2024-05-02T09:30:00Z", "title": "Fees protest",
              "url": "https://news.example.org/k-1", "publisher": "Example News"}
    path = tmp_path / "shard.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps(record) + "\n\n" + json.dumps({"text": STORY + " Again."}) + "\n")
    first, second = read_sources([path], default_date=date(2024, 1, 1))
    assert first == Article(
        doc_id="k-1", text=STORY, title="Fees protest", url="https://news.example.org/k-1",
        publisher="Example News", published=date(2024, 5, 2), language="en",
        source=f"{path}:1", content_hash=content_hash(STORY))
    assert isinstance(second, Article)
    assert (second.doc_id, second.published) == (f"{path}:3", date(2024, 1, 1))


def test_ingest_jsonl_html_record_is_extracted(tmp_path: Path) -> None:
    html = ("<html><body><nav>Home | World</nav><article><h1>Fees protest</h1><p>"
            + STORY.replace("\n\n", "</p><p>") + "</p></article></body></html>")
    path = tmp_path / "pages.json"
    path.write_text(json.dumps({"id": "h-1", "html": html}) + "\n")
    (article,) = read_sources([path])
    assert isinstance(article, Article)
    assert (article.title, article.text) == ("Fees protest", STORY)


def test_ingest_json_array_file(tmp_path: Path) -> None:
    path = tmp_path / "records.json"
    path.write_text(json.dumps([{"id": "a", "text": STORY}, {"id": "b"}], indent=2))
    items = list(read_sources([path]))
    assert [(i.doc_id, type(i).__name__) for i in items] == [("a", "Article"), ("b", "Problem")]


def test_ingest_oversized_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50_000_000)  # sparse: 50 MB on paper, nothing written
    tracemalloc.start()
    (item,) = read_sources([path])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert item == Problem(str(path), "E104", (
        f"{path}: 50000000 bytes is over the 20000000-byte limit; split it or raise max_bytes"))
    assert peak < 5_000_000


def test_ingest_oversized_jsonl_line_is_skipped_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"id": "big", "text": "word " * 5000}) + "\n"
                    + json.dumps({"id": "small", "text": STORY}) + "\n")
    items = list(read_sources([path], max_bytes=2000))
    assert [(i.doc_id, getattr(i, "code", "ok")) for i in items] == [
        (f"{path}:1", "E104"), ("small", "ok")]


def test_ingest_html_in_a_declared_legacy_charset(tmp_path: Path) -> None:
    page = ('<html><head><meta charset="iso-8859-1"><title>x</title></head><body><article>'
            "<p>SÃO TOMÉ, May 2 - Police arrested José Mendes, a former minister, on Thursday "
            "over the theft of public funds, prosecutors said.</p><p>He denied the charges "
            "through his lawyer.</p></article></body></html>")
    path = tmp_path / "latin1.html"
    path.write_bytes(page.encode("iso-8859-1"))
    (article,) = read_sources([path])
    assert isinstance(article, Article)
    assert "arrested José Mendes" in article.text


def test_ingest_unknown_suffix_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "story.docx"
    path.write_text(STORY)
    (item,) = read_sources([path])
    assert isinstance(item, Problem)
    assert (item.code, "unknown file type '.docx'" in item.reason) == ("E102", True)


def test_ingest_seed_articles_folder_reads_without_problems() -> None:
    items = list(read_sources([DATA / "articles"]))
    assert [i for i in items if isinstance(i, Problem)] == []
    assert {i.language for i in items if isinstance(i, Article)} == {"en"}


@pytest.mark.issue(20)
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_ingest_utf16_and_utf32_with_a_byte_order_mark_are_read(tmp_path: Path,
                                                                encoding: str) -> None:
    path = tmp_path / "kisumu.txt"
    data = STORY.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path.write_bytes(data)
    (article,) = read_sources([path])
    assert isinstance(article, Article) and article.text == STORY


@pytest.mark.issue(20)
def test_ingest_utf16_with_an_unknown_suffix_is_not_called_binary(tmp_path: Path) -> None:
    path = tmp_path / "kisumu.md"
    path.write_bytes(STORY.encode("utf-16"))
    (item,) = read_sources([path])
    assert isinstance(item, Problem) and "binary" not in item.reason
    assert "unknown file type '.md'" in item.reason


@pytest.mark.issue(20)
def test_ingest_a_fifo_is_reported_as_a_fifo_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "stream.jsonl"
    os.mkfifo(fifo)
    (item,) = read_sources([fifo])  # opening a FIFO with no writer would block for ever
    assert item == Problem(str(fifo), "E102", f"{fifo}: unsupported input: a named pipe "
                                              "(FIFO), not a regular file; only files and "
                                              "folders are read")


@pytest.mark.issue(20)
def test_ingest_symbolic_links_that_loop_or_dangle_are_named(tmp_path: Path) -> None:
    loop, dangling = tmp_path / "loop.txt", tmp_path / "gone.txt"
    loop.symlink_to(loop)
    dangling.symlink_to(tmp_path / "deleted.txt")
    items = list(read_sources([loop, dangling, tmp_path / "never.txt"]))
    assert [(p.doc_id, p.reason.split(": ", 2)[-1]) for p in items
            if isinstance(p, Problem)] == [
        (str(loop), "a symbolic link that loops back on itself"),
        (str(dangling), f"a symbolic link to {str(tmp_path / 'deleted.txt')!r}, which does "
                        "not exist"),
        (str(tmp_path / "never.txt"), "no such file or directory")]


@pytest.mark.issue(20)
def test_ingest_deeply_nested_html_is_called_unreadable_not_empty(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 400 + f"<p>{STORY}</p>" + "</div>" * 400
                    + "</body></html>")
    (item,) = read_sources([path])
    assert item == Problem(str(path), "E101", f"{path}: cannot read: HTML nested 403 elements "
                                              "deep, over the parser's 255; no text could be "
                                              "extracted")


@pytest.mark.issue(20)
@pytest.mark.parametrize(("url", "kept"), [
    ("javascript:alert(document.cookie)", None), ("JavaScript:void(0)", None),
    ("data:text/html,<script>alert(1)</script>", None), ("ftp://files.example/a", None),
    ("https://news.example/kisumu", "https://news.example/kisumu"),
    ("http://news.example/kisumu", "http://news.example/kisumu"),
])
def test_ingest_only_http_urls_are_kept(tmp_path: Path, url: str, kept: str | None) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "a", "text": STORY, "url": url}) + "\n")
    html = tmp_path / "b.jsonl"
    html.write_text(json.dumps({"id": "b", "html": f"<html><head><link rel='canonical' "
                                                   f"href='{url}'></head><body><article><p>"
                                                   f"{STORY}</p></article></body></html>"})
                    + "\n")
    first, second = read_sources([path, html])
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.url, second.url) == (kept, kept)
