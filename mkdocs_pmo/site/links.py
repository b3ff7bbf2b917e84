"""The `[[ID]]` Markdown extension: the one place where a reference to a document becomes a link.

`[[STD-004]]`, `[[STD-004|text]]` and `[[STD-004#heading]]` are found by an inline processor,
so python-markdown itself decides where a reference can be: never in code spans, fenced or
indented code, raw HTML blocks, inline HTML tags or HTML comments (the processor runs just
after python-markdown's `html` pattern has set those aside).

A reference becomes a finished `<a>` to the target page's URL, relative to the page, stored as
raw HTML the way python-markdown's own inline HTML is (the checker has validated the target, so
MkDocs need not resolve it again). A reference with a `#heading` is an ordinary relative `.md`
link instead, which MkDocs resolves and whose anchor it checks like any other; so is one whose
`|text` holds inline markup or an entity (`[[STD-004|the `G1` gate]]`), which the tree keeps.

Every reference the processor meets is recorded in `LinkContext.rendered`, known or not: the
plugin reports the unknown ones with the page and line (the build is the final judge of what
is a link), and the tests compare the recorded references with those `pmo check` finds.

`[[STD-004.R3]]` links to requirement R3 of STD-004 (`STD-004.md#R3`, text `STD-004 R3`,
tooltip the requirement's text). The same extension's tree processor gives each requirement of
a document's page (a top-level list item or paragraph of its `## Requirements` section that
starts with a bold `R<n>`) its `id="R<n>"` and `pmo-req` classes; the numbers it marks are
recorded in `LinkContext.requirements`, which the tests compare with what `pmo check` finds.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from mkdocs_pmo.core.model import requirement_number
from mkdocs_pmo.core.plaintext import shorten
from mkdocs_pmo.core.requirements import SECTION_TITLE

if TYPE_CHECKING:
    from collections.abc import Mapping

    from markdown import Markdown

    from mkdocs_pmo.core.model import Corpus, Document, Requirement

#: Statuses that get a visible marker on links pointing at them.
MARKED_STATUSES = frozenset({"deprecated", "superseded", "retired"})
#: Just below python-markdown's `html` pattern (90), which sets inline tags and comments aside
#: first, and above `entity` (80) and emoji (75). Code spans (190) and escapes (180) come first.
PRIORITY = 85
#: After the inline processor (20), which makes `**R3**` a `<strong>`; before attr_list (8),
#: so a `{: #id }` the author gives an item still wins.
REQUIREMENT_PRIORITY = 15
_HEADING_ATTRS = re.compile(r"\s*\{[^}]*\}\s*$")
_NUMBER = re.compile(r"R([1-9][0-9]*)")


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
    #: For `[[ID.R3]]`: 3 (-1 for a number written with a leading zero); else 0.
    requirement: int = 0


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
    #: Requirement numbers marked on the current page, in order (the plugin clears it too).
    requirements: list[int] = field(default_factory=list)

    def start_page(self, page_uri: str, prefix: str) -> None:
        """Point the extension at the page about to be rendered, with nothing met yet."""
        self.page_uri = page_uri
        self.prefix = prefix
        self.rendered = []
        self.requirements = []


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


def requirement_element(
    doc: Document, req: Requirement, page_uri: str, *, text: str = ""
) -> etree.Element:
    """The `<a>` for `[[ID.R3]]`: `ID R3`, with the requirement's text as its tooltip."""
    el = etree.Element("a")
    el.set("href", f"{relative_md_path(doc.uri, page_uri)}#{req.anchor}")
    el.set("title", shorten(f"{req.text}"))
    status = f" pmo-ref--{doc.status}" if doc.status else ""
    el.set("class", f"pmo-ref pmo-ref--req{status}")
    el.text = AtomicString(text or f"{doc.id} {req.anchor}")
    if doc.status in MARKED_STATUSES:
        marker = etree.SubElement(el, "span")
        marker.set("class", "pmo-ref__marker")
        marker.text = AtomicString(f" ({doc.status})")
    return el


def broken_element(source: str, what: str = "Unknown document ID") -> etree.Element:
    """Visible text for a reference to an unknown ID (reported as an error by the plugin)."""
    el = etree.Element("span")
    el.set("class", "pmo-broken")
    el.set("title", what)
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
        number = requirement_number(m["req"])
        req = doc.requirements_by_number.get(number) if doc is not None and number else None
        known = doc is not None and (not number or req is not None)
        context.rendered.append(RenderedRef(m["id"], anchor, text, m[0], known, number))
        if doc is None:
            return broken_element(m[0]), m.start(0), m.end(0)
        if number:
            if req is None:
                return broken_element(m[0], "Unknown requirement"), m.start(0), m.end(0)
            # Anchored, like `#heading`: a `.md` link whose anchor MkDocs checks.
            element = requirement_element(doc, req, context.page_uri, text=text)
            return element, *m.span(0)
        url = context.urls.get(doc.id)
        # Text holding markup python-markdown set aside (code, escapes, HTML) or an entity
        # stays in the tree, where the inline processor puts those back.
        if anchor or url is None or "\x02" in text or "&" in text:
            return link_element(doc, context.page_uri, anchor=anchor, text=text), *m.span(0)
        html = link_html(doc, context.prefix + url, text)
        return self.md.htmlStash.store(html), m.start(0), m.end(0)


def _opening_number(el: etree.Element) -> int | None:
    """`n` when `el`'s content starts with a bold `R<n>` (`**R3**`), else None."""
    if el.text and el.text.strip():
        return None
    if len(el) == 0:
        return None
    first = el[0]
    if first.tag == "p" and el.tag == "li":
        return _opening_number(first)
    if first.tag != "strong" or len(first) or not first.text:
        return None
    m = _NUMBER.fullmatch(first.text)
    return int(m[1]) if m else None


class _RequirementProcessor(Treeprocessor):
    """Marks a document's requirements: `id="R3"`, classes, keyword and facets as data."""

    def __init__(self, md: Markdown, context: LinkContext) -> None:
        super().__init__(md)
        self.context = context

    def run(self, root: etree.Element) -> None:
        corpus = self.context.corpus
        doc = corpus.by_uri.get(self.context.page_uri) if corpus is not None else None
        inside = False
        for el in list(root):
            if el.tag in ("h1", "h2"):
                title = _HEADING_ATTRS.sub("", "".join(el.itertext())).strip().rstrip("#")
                inside = el.tag == "h2" and title.strip().lower() == SECTION_TITLE
                continue
            if not inside:
                continue
            if el.tag in ("ul", "ol"):
                for item in el:
                    if item.tag == "li":
                        self._mark(item, doc)
            elif el.tag == "p":
                self._mark(el, doc)

    def _mark(self, el: etree.Element, doc: Document | None) -> None:
        number = _opening_number(el)
        if number is None:
            return
        self.context.requirements.append(number)
        if doc is None:
            return
        req = doc.requirements_by_number.get(number)
        if req is None:
            return
        if "id" not in el.attrib:
            el.set("id", req.anchor)
        keyword = req.keyword.lower().replace(" ", "-") or "none"
        classes = el.get("class", "").split()
        el.set("class", " ".join([*classes, "pmo-req", f"pmo-req--{keyword}"]))
        el.set("data-pmo-req", req.id)


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
        md.treeprocessors.register(
            _RequirementProcessor(md, self.context), "pmo_requirements", REQUIREMENT_PRIORITY
        )
