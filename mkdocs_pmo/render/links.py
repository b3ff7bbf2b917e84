"""A python-markdown extension turning `[[ID]]`, `[[ID|text]]` and `[[ID#anchor]]` into links.

Links are emitted as relative `.md` paths, so MkDocs' own link resolution rewrites them to
page URLs (and validates them). Being an inline processor, code spans and fences are untouched.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

from mkdocs_pmo.pages.text import rel_uri

if TYPE_CHECKING:
    import re

    from markdown import Markdown

    from mkdocs_pmo.core.model import Corpus, Document

#: Statuses that get a visible marker on links pointing at them.
MARKED_STATUSES = frozenset({"deprecated", "superseded", "retired"})
#: Above `reference` (170) and `link` (160), below `backtick` (190) so code spans win.
PRIORITY = 175


@dataclass
class LinkContext:
    """Mutable state shared with the extension: the corpus and the page being rendered."""

    corpus: Corpus | None = None
    page_uri: str = ""


def relative_md_path(target_uri: str, page_uri: str) -> str:
    """`target_uri` relative to the folder of `page_uri` (both `/`-separated site paths)."""
    return rel_uri(page_uri, target_uri)


def link_title(doc: Document) -> str:
    """Tooltip text: status and summary."""
    status = doc.status.capitalize() if doc.status else ""
    return f"{status} · {doc.summary}" if doc.summary else status


def link_element(
    doc: Document, page_uri: str, *, anchor: str = "", text: str = ""
) -> etree.Element:
    """The `<a>` element for a reference from `page_uri` to `doc`."""
    href = relative_md_path(doc.uri, page_uri) + (f"#{anchor}" if anchor else "")
    el = etree.Element("a")
    el.set("href", href)
    el.set("title", link_title(doc))
    classes = ["pmo-ref", f"pmo-ref--{doc.status}"] if doc.status else ["pmo-ref"]
    el.set("class", " ".join(classes))
    el.text = AtomicString(text or f"{doc.id} {doc.title}")
    if doc.status in MARKED_STATUSES:
        marker = etree.SubElement(el, "span")
        marker.set("class", "pmo-ref__marker")
        marker.text = AtomicString(f" ({doc.status})")
    return el


def broken_element(source: str) -> etree.Element:
    """Visible text for an unknown ID (the core reports it with file and line)."""
    el = etree.Element("span")
    el.set("class", "pmo-broken")
    el.set("title", "Unknown document ID")
    el.text = AtomicString(source)
    return el


class _RefProcessor(InlineProcessor):
    def __init__(self, pattern: re.Pattern[str], context: LinkContext, md: Markdown) -> None:
        super().__init__(pattern.pattern, md)
        self.compiled_re = pattern
        self.context = context

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element, int, int]:
        corpus = self.context.corpus
        doc = corpus.get(m["id"]) if corpus is not None else None
        if doc is None:
            return broken_element(m.group(0)), m.start(0), m.end(0)
        text = (m["text"] or "").strip()
        el = link_element(doc, self.context.page_uri, anchor=m["anchor"] or "", text=text)
        return el, m.start(0), m.end(0)


class PmoLinkExtension(Extension):
    """Registers the `[[ID]]` inline processor for the configured ID prefixes."""

    def __init__(self, pattern: re.Pattern[str], context: LinkContext) -> None:
        super().__init__()
        self.pattern = pattern
        self.context = context

    def extendMarkdown(self, md: Markdown) -> None:
        md.inlinePatterns.register(
            _RefProcessor(self.pattern, self.context, md), "pmo_ref", PRIORITY
        )
