"""Turning raw bytes into text for ingest: strict UTF-8 first, a declared charset for HTML.

It owns decoding only; it does not clean or parse. UTF-8 is tried first even when a page declares
another charset, because valid multi-byte UTF-8 is almost never an accident, while wrong
declarations (a UTF-8 page labelled ISO-8859-1) are common.
"""

from __future__ import annotations

import codecs
import re

from flashpoint.errors import UnreadableRecord, UnsupportedFormat

# Where browsers look for a declared charset: <meta charset=...> or the http-equiv content type.
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_SNIFF_BYTES = 8192
# Byte-order marks that say which Unicode encoding follows; UTF-32 first, as its little-endian
# mark begins with UTF-16's.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def looks_binary(head: bytes) -> bool:
    """True if the first bytes hold a NUL, which no UTF-8 or 8-bit text or HTML file has
    (UTF-16 and UTF-32 text with its byte-order mark is text, not binary)."""
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    return b"\x00" in head[:_SNIFF_BYTES]


def charset_from_content_type(content_type: str | None) -> str | None:
    """The `charset=` parameter of an HTTP Content-Type header, if any."""
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return match.group(1) if match else None


def declared_charset(html: bytes) -> str | None:
    """The charset a page declares in a <meta> tag near its start."""
    match = _META_CHARSET.search(html[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


def _utf8_error(data: bytes, doc_id: str) -> UnreadableRecord | None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return UnreadableRecord(
            doc_id=doc_id,
            reason=f"not valid UTF-8 (byte {exc.start}); re-save the file as UTF-8",
        )
    return None


def _bom_text(data: bytes, doc_id: str) -> str | None:
    """The text of UTF-16 or UTF-32 data that starts with its byte-order mark, else None.

    Such a file is full of NUL bytes, and was called binary (#20); its mark says exactly how
    to read it, so nothing is guessed.
    """
    codec = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if codec is None:
        return None
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise UnreadableRecord(doc_id=doc_id, reason=(
            f"starts with a {codec.upper()} byte-order mark but is not valid {codec.upper()} "
            f"(byte {exc.start})")) from exc


def decode_text(data: bytes, *, doc_id: str) -> str:
    """Decode a plain-text record strictly as UTF-8 (a BOM is dropped), or as UTF-16/32 when
    it starts with their byte-order mark.

    Plain text has nowhere to declare its encoding, so guessing could silently garble names;
    we report instead and let the user re-save the file.
    """
    marked = _bom_text(data, doc_id)
    if marked is not None:
        return marked
    if looks_binary(data):
        raise UnsupportedFormat(doc_id=doc_id, reason="binary file (NUL bytes), not text")
    error = _utf8_error(data, doc_id)
    if error is not None:
        raise error
    return data.decode("utf-8-sig")


def decode_html(data: bytes, *, doc_id: str, content_type: str | None = None) -> str:
    """Decode an HTML page: UTF-8 if valid, else the HTTP header's or the page's own charset."""
    marked = _bom_text(data, doc_id)
    if marked is not None:
        return marked
    if looks_binary(data):
        raise UnsupportedFormat(doc_id=doc_id, reason="binary file (NUL bytes), not HTML")
    error = _utf8_error(data, doc_id)
    if error is None:
        return data.decode("utf-8-sig")
    for charset in (charset_from_content_type(content_type), declared_charset(data)):
        if not charset or charset.lower().replace("_", "-") in ("utf-8", "utf8"):
            continue
        try:
            codec = codecs.lookup(charset)
        except LookupError:
            continue
        try:
            return data.decode(codec.name)
        except UnicodeDecodeError:
            continue
    raise error
