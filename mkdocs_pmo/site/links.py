"""The `[[ID]]` Markdown extension: the one place where a reference to a document becomes a link.

`[[STD-004]]`, `[[STD-004|text]]` and `[[STD-004#heading]]` are found by an inline processor,
so python-markdown itself decides where a reference can be: never in code spans, fenced or
indented code, raw HTML blocks, inline HTML tags or HTML comments (the processor runs just
after python-markdown's `html` pattern has set those aside).

A reference becomes a finished `<a>` to the target page's URL, relative to the page, stored as
raw HTML the way python-markdown's own inline HTML is (the checker has validated the target, so
MkDocs need not resolve it again). A reference with a `#heading` is an ordinary relative `.md`
link instead, which MkDocs resolves and whose anchor it checks like any other.

Every reference the processor meets is recorded in `LinkContext.rendered`, known or not: the
plugin reports the unknown ones with the page and line (the build is the final judge of what
is a link), and the tests compare the recorded references with those `pmo check` finds.
"""

from __future__ import annotations

import posixpath
from html import escape
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

if TYPE_CHECKING:
    import re
    from collections.abc import Mapping

    from markdown import Markdown

    from mkdocs_pmo.core.model import Corpus, Document

#: Statuses that get a visible marker on links pointing at them.
MARKED_STATUSES = frozenset({"deprecated", "superseded", "retired"})
#: Just below python-markdown's `html` pattern (90), which sets inline tags and comments aside
#: first, and above `entity` (80) and emoji (75). Code spans (190) and escapes (180) come first.
PRIORITY = 85


@dataclass(frozen=True)
class RenderedRef:
    """One `[[...]]` reference as the renderer met it."""

    target: str
    anchor: str
    text: str
    #: The reference as written, e.g. `[[STD-004|the lifecycle]]`.
    source: str
    #: Whether the target exists (else it is shown as broken text, and reported).
    known: bool


@dataclass
class LinkContext:
    """What the extension needs from the build: the catalogue and the page being rendered."""

    corpus: Corpus | None = None
    #: The page's path among the site's files (`standards/STD-004-lifecycle.md`).
    page_uri: str = ""
    #: `../` per folder from the page up to the site root (`urls.root_prefix(page.url)`).
    prefix: str = ""
    #: Site URL of each document's page, by ID (empty: every link is a `.md` link).
    urls: Mapping[str, str] = field(default_factory=dict)
    #: References met on the current page, in order (the plugin clears it for each page).
    rendered: list[RenderedRef] = field(default_factory=list)


def link_title(doc: Document) -> str:
    """A link's tooltip: status and summary."""
    status = doc.status.capitalize() if doc.status else ""
    return f"{status} · {doc.summary}" if doc.summary else status


def relative_md_path(target_uri: str, page_uri: str) -> str:
    """`target_uri` relative to the folder of `page_uri` (both `/`-separated file paths)."""
    return posixpath.relpath(target_uri, posixpath.dirname(page_uri) or ".")


def link_element(
    doc: Document, page_uri: str, *, anchor: str = "", text: str = ""
) -> etree.Element:
    """The `<a>` for a reference from the page `page_uri` to `doc` (text: `ID Title`)."""
    el = etree.Element("a")
    el.set("href", relative_md_path(doc.uri, page_uri) + (f"#{anchor}" if anchor else ""))
    el.set("title", link_title(doc))
    el.set("class", f"pmo-ref pmo-ref--{doc.status}" if doc.status else "pmo-ref")
    el.text = AtomicString(text or f"{doc.id} {doc.title}")
    if doc.status in MARKED_STATUSES:
        marker = etree.SubElement(el, "span")
        marker.set("class", "pmo-ref__marker")
        marker.text = AtomicString(f" ({doc.status})")
    return el


def link_html(doc: Document, url: str, text: str = "") -> str:
    """The `<a>` that `link_element` makes, as HTML, to `url` (every value escaped)."""
    marker = (
        f'<span class="pmo-ref__marker"> ({escape(doc.status)})</span>'
        if doc.status in MARKED_STATUSES
        else ""
    )
    classes = f"pmo-ref pmo-ref--{escape(doc.status)}" if doc.status else "pmo-ref"
    label = escape(text or f"{doc.id} {doc.title}", quote=False)
    return (
        f'<a class="{classes}" href="{escape(url)}" title="{escape(link_title(doc))}">'
        f"{label}{marker}</a>"
    )


def broken_element(source: str) -> etree.Element:
    """Visible text for a reference to an unknown ID (reported as an error by the plugin)."""
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
    ) -> tuple[etree.Element | str, int, int]:
        context = self.context
        corpus = context.corpus
        doc = corpus.get(m["id"]) if corpus is not None else None
        text = (m["text"] or "").strip()
        anchor = m["anchor"] or ""
        context.rendered.append(RenderedRef(m["id"], anchor, text, m[0], doc is not None))
        if doc is None:
            return broken_element(m[0]), m.start(0), m.end(0)
        url = context.urls.get(doc.id)
        if anchor or url is None:
            return link_element(doc, context.page_uri, anchor=anchor, text=text), *m.span(0)
        html = link_html(doc, context.prefix + url, text)
        return self.md.htmlStash.store(html), m.start(0), m.end(0)


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
