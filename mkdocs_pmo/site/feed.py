"""An Atom feed of new documents, status changes and new versions (a pure function).

Built with `xml.etree.ElementTree`, which escapes every text and attribute value; characters
that XML 1.0 cannot carry at all are removed first.
"""

from __future__ import annotations

import html
import re
import uuid
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING
from urllib.parse import urljoin

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from mkdocs_pmo.git.history import HistoryEntry

ATOM = "http://www.w3.org/2005/Atom"
FEED_URI = "feed.xml"
MAX_ENTRIES = 50
#: Characters XML 1.0 does not allow (the complement of its `Char` production; written as the
#: excluded characters, which compiles in a fraction of the time of the negated allowed ones).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_EPOCH = "1970-01-01T00:00:00+00:00"


def link_tag(href: str, title: str) -> str:
    """The `<link rel="alternate">` that lets browsers and feed readers find the feed."""
    return (
        f'<link rel="alternate" type="application/atom+xml" '
        f'title="{html.escape(title, quote=True)}" href="{html.escape(href, quote=True)}">'
    )


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def entry_title(entry: HistoryEntry) -> str:
    name = f"{entry.doc_id} {entry.title}"
    if entry.change == "created":
        version = f", version {entry.new}" if entry.new else ""
        return f"New: {name} ({entry.old or 'no status'}{version})"
    if entry.change == "status":
        return f"{name} is now {entry.new or '(no status)'} (was {entry.old or '(none)'})"
    return f"{name}: version {entry.new or '(none)'} (was {entry.old or '(none)'})"


def render_atom(
    entries: Iterable[HistoryEntry],
    *,
    title: str,
    site_url: str = "",
    url_for: Callable[[str], str | None] = lambda doc_id: None,
    feed_uri: str = FEED_URI,
    limit: int = MAX_ENTRIES,
) -> str:
    """The Atom XML document for `entries` (newest first; at most `limit` are kept).

    Args:
        entries: history events, e.g. `History.entries()`.
        title: the feed's title (the site name).
        site_url: the site's absolute URL; links are made absolute against it when given.
        url_for: a document ID → its page URL relative to the site root (or None).
        feed_uri: where the feed is published, relative to the site root.
        limit: how many of the newest entries to include.
    """
    kept = sorted(entries, key=lambda e: (e.date, e.doc_id, e.change), reverse=True)[:limit]
    base = site_url if site_url.endswith("/") or not site_url else site_url + "/"
    ET.register_namespace("", ATOM)

    def tag(name: str) -> str:
        return f"{{{ATOM}}}{name}"

    def link(uri: str) -> str:
        return urljoin(base, uri) if base else uri

    feed = ET.Element(tag("feed"))
    ET.SubElement(feed, tag("title")).text = _clean(title)
    ET.SubElement(feed, tag("id")).text = (
        link(feed_uri) if base else uuid.uuid5(uuid.NAMESPACE_URL, "pmo:" + title).urn
    )
    ET.SubElement(feed, tag("updated")).text = kept[0].date if kept else _EPOCH
    ET.SubElement(feed, tag("link"), rel="self", href=link(feed_uri))
    ET.SubElement(feed, tag("link"), rel="alternate", href=link("") or "./")
    author = ET.SubElement(feed, tag("author"))
    ET.SubElement(author, tag("name")).text = _clean(title)
    ET.SubElement(feed, tag("generator")).text = "mkdocs-pmo"
    for entry in kept:
        item = ET.SubElement(feed, tag("entry"))
        ET.SubElement(item, tag("title")).text = _clean(entry_title(entry))
        key = f"{entry.doc_id}/{entry.commit}/{entry.change}/{entry.new}"
        ET.SubElement(item, tag("id")).text = uuid.uuid5(uuid.NAMESPACE_URL, key).urn
        ET.SubElement(item, tag("updated")).text = entry.date
        page = url_for(entry.doc_id)
        if page is not None:
            ET.SubElement(item, tag("link"), rel="alternate", href=link(page))
        summary = entry.describe() + (f" — {entry.subject}" if entry.subject else "")
        ET.SubElement(item, tag("summary")).text = _clean(summary)
        ET.SubElement(item, tag("category"), term=_clean(entry.change))
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"
