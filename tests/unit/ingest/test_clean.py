"""Furniture removal, title detection, HTML extraction and the content hash."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from flashpoint import datafiles
from flashpoint.errors import DataFileError
from flashpoint.ingest.clean import (
    Extracted,
    FurniturePattern,
    clean_text,
    content_hash,
    extract_html,
    furniture_pattern,
    furniture_version,
)

BODY = ("JUBA, Aug 9 - Soldiers clashed with armed youths in Jonglei state on Friday, leaving six "
        "people dead, a local official said.\n\nThe army said it had restored order.")


@pytest.mark.parametrize("line", [
    "fbpx examplenews", "Comments: 0", "12 Comments", "No comments yet",
    "Your email address will not be published. Required fields are marked *",
    "Required fields are marked *", "Share this:", "Share on Facebook", "Subscribe now",
    "Follow us on Twitter", "Related Stories", "Read more: Floods cut roads in the north",
    "Advertisement", "We use cookies to improve your experience. Accept all cookies.",
    "Sign up for our daily newsletter", "Click here to download the app",
    "Facebook Twitter WhatsApp", "Telegram", "© 2024 Example News. All rights reserved.",
])
def test_ingest_furniture_lines_are_removed(line: str) -> None:
    assert clean_text(f"{BODY}\n\n{line}\n") == (BODY, None)


@pytest.mark.parametrize("line", [
    "Share prices fell sharply in Juba on Friday after the clashes, traders said.",
    "Comments by the minister angered opposition lawmakers.",
    "Advertisement boards were torn down by protesters.",
])
def test_ingest_sentences_that_look_like_furniture_are_kept(line: str) -> None:
    assert clean_text(f"{BODY}\n\n{line}")[0] == f"{BODY}\n\n{line}"


@pytest.mark.parametrize("heading", ["# Clashes in Jonglei", "## Clashes in Jonglei ##"])
def test_ingest_markdown_heading_is_the_title(heading: str) -> None:
    raw = f"fbpx examplenews\n\n{heading}\n\n" + BODY + "\n\n\nComments: 0\n"
    assert clean_text(raw) == (BODY, "Clashes in Jonglei")


@pytest.mark.issue(20)
@pytest.mark.parametrize("first", [
    "Soldiers clashed with armed youths in Jonglei state on Friday.",  # final period
    "Soldiers clashed with armed youths in Jonglei state on Friday leaving six people dead "
    "and many more wounded",  # too long for a headline
    'The governor said: "Six people died in Bor."',  # ends in a quote
    "Six people died in Bor (officials)",  # ends in a bracket
    "Who armed the youths in Jonglei?",
    "Clashes in Jonglei",  # looks like a headline, but nothing says it is one
])
def test_ingest_a_lead_paragraph_is_never_guessed_to_be_the_title(first: str) -> None:
    assert clean_text(f"{first}\n\n{BODY}") == (f"{first}\n\n{BODY}", None)


@pytest.mark.issue(20)
def test_ingest_two_articles_with_different_leads_are_not_exact_duplicates() -> None:
    one = clean_text(f'The mayor of Bor said: "Six died."\n\n{BODY}')[0]
    two = clean_text(f'A nurse in Bor said: "Nine died."\n\n{BODY}')[0]
    assert content_hash(one) != content_hash(two)


def test_ingest_a_heading_alone_is_the_text() -> None:
    assert clean_text("# Clashes in Jonglei\n") == ("Clashes in Jonglei", None)


def test_ingest_clean_keeps_paragraphs_and_tidies_whitespace() -> None:
    raw = "  Line one of a paragraph  \r\nline two\r\n\r\n\r\n\r\nNext   paragraph.  \n"
    assert clean_text(raw) == ("Line one of a paragraph\nline two\n\nNext paragraph.", None)


def test_ingest_content_hash_ignores_case_and_spacing() -> None:
    assert content_hash("Rebels  attacked\nthe Town.") == content_hash("rebels attacked the town.")
    assert content_hash("Rebels attacked the town.") != content_hash("Rebels attacked a town.")


PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Clashes in Jonglei leave six dead | Example Post</title>
<link rel="canonical" href="https://post.example.org/2024/08/09/jonglei">
<meta property="og:site_name" content="Example Post">
<meta property="article:published_time" content="2024-08-09T10:00:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/africa">Africa</a> <a href="/sport">Sport</a></nav>
<div id="cookie-banner"><p>We use cookies to give you the best experience on our site.</p></div>
<article><h1>Clashes in Jonglei leave six dead</h1>
<p>JUBA, Aug 9 - Soldiers clashed with armed youths in Jonglei state on Friday, leaving six
people dead, a local official said.</p>
<p>The army said it had restored order and that two of its soldiers were among the dead.</p>
<p>Share this article</p></article>
<section id="comments"><h3>2 Comments</h3><div class="comment"><p>This is terrible news for
everyone in the region and the government must answer for it.</p></div></section>
<footer>Copyright 2024 Example Post</footer></body></html>"""


def test_ingest_extract_html_keeps_only_the_article() -> None:
    assert extract_html(PAGE) == Extracted(
        text=("JUBA, Aug 9 - Soldiers clashed with armed youths in Jonglei state on Friday, "
              "leaving six people dead, a local official said.\n\nThe army said it had restored "
              "order and that two of its soldiers were among the dead."),
        title="Clashes in Jonglei leave six dead",
        published=date(2024, 8, 9),
        publisher="Example Post",
        url="https://post.example.org/2024/08/09/jonglei",
        language="en",
    )


def test_ingest_extract_html_of_an_empty_page_has_no_text() -> None:
    assert extract_html("<html><body><nav>Home</nav></body></html>").text == ""


def test_ingest_furniture_file_is_versioned_data() -> None:
    assert furniture_version() == "2"
    assert furniture_pattern().fullmatch("Comments: 0")


def test_ingest_furniture_file_with_a_bad_regex_fails_loudly(tmp_path: Path) -> None:
    path = tmp_path / "furniture.yaml"
    path.write_text("schema: furniture/1\nversion: 1\nentries:\n  - name: broken\n"
                    "    pattern: '(unclosed'\n")
    with pytest.raises(DataFileError, match="entry 1"):
        datafiles.load(path, schema="furniture/1", model=FurniturePattern)
