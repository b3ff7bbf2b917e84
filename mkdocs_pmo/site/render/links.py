"""A python-markdown extension turning `[[ID]]`, `[[ID|text]]` and `[[ID#anchor]]` into links.

Being an inline processor, code spans and fences are untouched. A link points straight at the
target page's URL (`../` per folder of the page, then the target's URL): the checker has
already validated the target, so MkDocs need not resolve it again. Such links are built as
`<pmo-ref>` elements, which MkDocs' link rewriting (the `relpath` treeprocessor) skips, and
renamed to `<a>` after it. A link with an `#anchor` is a relative `.md` link instead, so that
MkDocs resolves it and checks that the anchor exists on the target page.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from mkdocs_pmo.site.pages.text import rel_uri

if TYPE_CHECKING:
    import re

    from markdown import Markdown

    from mkdocs_pmo.core.model import Corpus, Document

#: Statuses that get a visible marker on links pointing at them.
MARKED_STATUSES = frozenset({"deprecated", "superseded", "retired"})
#: Above `reference` (170) and `link` (160), below `backtick` (190) so code spans win.
PRIORITY = 175
#: Below the preprocessors that add or normalise text (snippets 32, critic 31.1,
#: whitespace 30 and 29.9), above those that stash code and HTML (meta 27, fences 25, 20).
PREPROCESSOR = 29


@dataclass
class LinkContext:
    """Mutable state shared with the extension: the corpus and the page being rendered."""

    corpus: Corpus | None = None
    page_uri: str = ""
    #: `../` up to the site root from the page being rendered (see `root_prefix`).
    prefix: str = ""
    #: Site URL of each document's page, by ID (empty: emit `.md` links for MkDocs).
    urls: dict[str, str] = field(default_factory=dict)


def relative_md_path(target_uri: str, page_uri: str) -> str:
    """`target_uri` relative to the folder of `page_uri` (both `/`-separated site paths)."""
    return rel_uri(page_uri, target_uri)


def link_title(doc: Document) -> str:
    """Tooltip text: status and summary."""
    status = doc.status.capitalize() if doc.status else ""
    return f"{status} · {doc.summary}" if doc.summary else status


#: Per (ID, title, status, summary): the link's escaped HTML before its href, after it, and
#: after it up to the text (`" title="...">`) with what follows the text (marker, `</a>`).
_LINK_PARTS: dict[tuple[str, str, str, str], tuple[str, str, str, str]] = {}


def _link_parts(doc: Document) -> tuple[str, str, str, str]:
    key = (doc.id, doc.title, doc.status, doc.summary)
    parts = _LINK_PARTS.get(key)
    if parts is None:
        marker = (
            f'<span class="pmo-ref__marker"> ({escape(doc.status)})</span>'
            if doc.status in MARKED_STATUSES
            else ""
        )
        before_text = f'" title="{escape(link_title(doc))}">'
        after_text = f"{marker}</a>"
        parts = (
            f'<a class="pmo-ref pmo-ref--{escape(doc.status)}" href="',
            f"{before_text}{escape(doc.id)} {escape(doc.title)}{after_text}",
            before_text,
            after_text,
        )
        if len(_LINK_PARTS) > 100_000:
            _LINK_PARTS.clear()
        _LINK_PARTS[key] = parts
    return parts


def link_parts(doc: Document) -> tuple[str, str]:
    """The escaped parts of a link to `doc` before and after its href.

    Cached: a document is linked from many pages.
    """
    parts = _link_parts(doc)
    return parts[0], parts[1]


def link_html(doc: Document, url: str, text: str = "") -> str:
    """An `<a>` to `doc` at `url` with the text `text` or `ID Title`, every value escaped.

    The same link as `link_element` makes in Markdown, for HTML built by the plugin.
    """
    head, tail, before_text, after_text = _link_parts(doc)
    if text:
        return f"{head}{href_value(url)}{before_text}{escape(text, quote=False)}{after_text}"
    return f"{head}{href_value(url)}{tail}"


def href_value(url: str) -> str:
    """`url` escaped for an `href="..."` (most URLs need nothing, and are returned as is)."""
    return escape(url) if "&" in url or '"' in url or "<" in url else url


def link_element(
    doc: Document, page_uri: str, *, anchor: str = "", text: str = "", url: str | None = None
) -> etree.Element:
    """The `<a>` element for a reference from `page_uri` to `doc`.

    With `url`, the element is a `<pmo-ref>` pointing at `url`, to be renamed to `<a>` after
    MkDocs has rewritten links (see the module docstring); without, an `<a>` to the `.md` file.
    """
    if url is None:
        el = etree.Element("a")
        el.set("href", relative_md_path(doc.uri, page_uri) + (f"#{anchor}" if anchor else ""))
    else:
        el = etree.Element(_PENDING_TAG)
        el.set("href", url)
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


_PENDING_TAG = "pmo-ref"


class _RefProcessor(InlineProcessor):
    def __init__(
        self,
        pattern: re.Pattern[str],
        context: LinkContext,
        md: Markdown,
        pending: list[etree.Element],
    ) -> None:
        super().__init__(pattern.pattern, md)
        self.compiled_re = pattern
        self.context = context
        self.pending = pending

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element, int, int]:
        corpus = self.context.corpus
        doc = corpus.get(m["id"]) if corpus is not None else None
        if doc is None:
            return broken_element(m.group(0)), m.start(0), m.end(0)
        text = (m["text"] or "").strip()
        anchor = m["anchor"] or ""
        url = self.context.urls.get(doc.id)
        if anchor or url is None:
            el = link_element(doc, self.context.page_uri, anchor=anchor, text=text)
        else:
            el = link_element(doc, self.context.page_uri, text=text, url=self.context.prefix + url)
            self.pending.append(el)
        return el, m.start(0), m.end(0)


class _RenameRefs(Treeprocessor):
    """Turn this page's `<pmo-ref>` elements into `<a>`, after MkDocs' `relpath` (priority 0)."""

    def __init__(self, md: Markdown, pending: list[etree.Element]) -> None:
        super().__init__(md)
        self.pending = pending

    def run(self, root: etree.Element) -> None:
        for el in self.pending:
            el.tag = "a"
        self.pending.clear()


class _RegisterIfNeeded(Preprocessor):
    """Registers the `[[ID]]` processors only for a text that has a `[[`.

    python-markdown tries every inline processor on every piece of text, so one that cannot
    match still costs time on each page. A document's links are mostly swapped out before
    Markdown runs (`render.link_tokens`), so most pages have none left. Runs after the
    preprocessors that bring in text (snippets at 32, the whitespace ones near 30) and before
    those that set HTML and code aside.
    """

    def __init__(self, md: Markdown, extension: PmoLinkExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        if "pmo_ref" not in self.md.inlinePatterns and "[[" in "\n".join(lines):
            self.extension.register_processors(self.md)
        return lines


class PmoLinkExtension(Extension):
    """Registers the `[[ID]]` inline processor for the configured ID prefixes."""

    def __init__(self, pattern: re.Pattern[str], context: LinkContext) -> None:
        super().__init__()
        self.pattern = pattern
        self.context = context

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(_RegisterIfNeeded(md, self), "pmo_ref_check", PREPROCESSOR)

    def register_processors(self, md: Markdown) -> None:
        """Register the inline processor and the renaming treeprocessor on `md`."""
        pending: list[etree.Element] = []
        md.inlinePatterns.register(
            _RefProcessor(self.pattern, self.context, md, pending), "pmo_ref", PRIORITY
        )
        md.treeprocessors.register(_RenameRefs(md, pending), "pmo_ref_rename", -10)
