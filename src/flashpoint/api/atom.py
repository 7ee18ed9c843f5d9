"""The alerts as an Atom feed (`/alerts.atom`), for any feed reader (#17).

An entry per alert the monitor sent on its Atom channel (or, for a plain `serve`, every alert
it recorded). An entry keeps its id while its window grows; `updated` moves when the level
rises, which is when readers show it again. Links go to the dashboard of this server.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from urllib.parse import quote
from xml.etree import ElementTree as ET

from flashpoint import __version__
from flashpoint.store.monitoring import AlertLogRow

ATOM_NS = "http://www.w3.org/2005/Atom"


def _stamp(moment: datetime) -> str:
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _links(row: AlertLogRow, base: str) -> list[str]:
    links = [f"{base}#/dyad/{quote(row.a)}/{quote(row.b)}?by={row.period}"]
    for driver in row.payload.get("drivers", []):
        event_ids = driver.get("event_ids") or []
        if event_ids:
            links.append(f"{base}#/event/{quote(str(event_ids[0]))}")
    return links


def render_atom(rows: Sequence[AlertLogRow], *, base: str, feed_url: str) -> bytes:
    """The Atom document for `rows` (newest first); `base` is the dashboard's address."""
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        node = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            node.text = text
        return node

    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(feed, "id", f"{base}alerts.atom")
    sub(feed, "title", "flashpoint escalation alerts")
    sub(feed, "updated", _stamp(rows[0].last_raised) if rows else _stamp(datetime.now(UTC)))
    sub(feed, "generator", "flashpoint", version=__version__)
    sub(feed, "link", rel="self", href=feed_url)
    sub(feed, "link", rel="alternate", href=base)
    for row in rows:
        entry = sub(feed, "entry")
        sub(entry, "id", f"urn:flashpoint:{row.alert_id}")
        sub(entry, "title", f"[{row.level}] {row.a}–{row.b} escalation since "
                            f"{row.start_day.isoformat()}")
        sub(entry, "updated", _stamp(row.last_raised))
        sub(entry, "published", _stamp(row.first_raised))
        author = sub(entry, "author")
        sub(author, "name", "flashpoint monitor")
        sub(entry, "category", term=row.level)
        links = _links(row, base)
        sub(entry, "link", rel="alternate", href=links[0])
        for link in links[1:]:
            sub(entry, "link", rel="related", href=link)
        sub(entry, "content", row.explanation + "\n\n" + "\n".join(links), type="text")
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body
