"""Splitting an over-long text into pieces the parser takes, and joining their parses (#20).

A single article far longer than any news story (a pasted book, a concatenated dump) must not
stop a batch: it is parsed in chunks cut on paragraph, then sentence, then word boundaries, and
the chunks' Docs are joined into one whose text is the original text exactly, so every offset
an event records stays an offset into the cleaned article. This module knows nothing of coding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from spacy.tokens import Doc

# Where a chunk may end, best first: after a blank line, after a sentence, after a space.
_BOUNDARIES = (re.compile(r"\n\s*\n\s*"), re.compile(r"(?<=[.!?])[\"')\]]*\s+"),
               re.compile(r"\s+"))


def split_text(text: str, limit: int) -> list[str]:
    """`text` cut into pieces of at most `limit` characters that join back into `text`.

    Each piece keeps the whitespace that ends it, so `"".join(pieces) == text`; a text within
    the limit is one piece. A stretch with no boundary at all is cut at the limit.
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    return list(_pieces(text, limit)) if len(text) > limit else [text]


def _pieces(text: str, limit: int) -> Iterator[str]:
    start = 0
    while len(text) - start > limit:
        end = _cut(text, start, limit)
        yield text[start:end]
        start = end
    if start < len(text):
        yield text[start:]


def _cut(text: str, start: int, limit: int) -> int:
    """The end of the longest piece from `start` that ends on the best boundary available."""
    window = text[start:start + limit]
    for boundary in _BOUNDARIES:
        ends = [match.end() for match in boundary.finditer(window)]
        if ends and ends[-1] > limit // 4:  # a tiny first piece would only add a chunk
            return start + ends[-1]
    return start + limit


def join_docs(docs: Sequence[Doc]) -> Doc:
    """One Doc from the Docs of consecutive pieces; its text is the pieces' text joined."""
    if len(docs) == 1:
        return docs[0]
    return Doc.from_docs(list(docs), ensure_whitespace=False)
