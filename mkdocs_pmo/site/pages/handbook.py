"""The handbook (`handbook/`): every document in force on one page, to print or save as a PDF.

The page is made in two steps. Its Markdown (`handbook_page`) holds a title, a short
introduction and a placeholder. When the site is built, each document in force keeps the body
its own page got (banner, card, Why block, text: the same HTML, made once), and
`chapter_html` rewrites that body for its place in the handbook:

- ids get the document's ID as a prefix (`why` → `STD-004--why`), and links to them follow, so
  that the headings of thirty documents do not collide on one page;
- headings go down two levels (the page's `h1`, a kind's `h2`, a document's `h3`);
- a link to a document in the handbook becomes a link within the page (`#STD-004`), any other
  relative link is rebased from the document's URL to the handbook's; a link to a document
  whose text does not show its ID carries it in `data-pmo-target`, which the print style sheet
  prints after the link.

Pure functions: no MkDocs imports.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from mkdocs_pmo.core.model import IN_FORCE
from mkdocs_pmo.site.pages.model import CATALOGUE, GeneratedPage
from mkdocs_pmo.site.pages.text import md_text
from mkdocs_pmo.site.urls import root_prefix

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Collection, Mapping

    from mkdocs_pmo.core.model import Corpus, Document

HANDBOOK_URI = "handbook.md"
#: Where the chapters go in the converted page.
PLACEHOLDER = "<!-- pmo:handbook -->"
#: Headings of a document go down this many levels (its `h2` becomes an `h4`).
HEADING_SHIFT = 2

_VALUE = r"(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+)"
_ANY_ATTRIBUTE = rf"\s+[^\s\"'>/=]+(?:\s*=\s*{_VALUE})?"
_REWRITTEN = r"id|href|src|for|headers|aria-(?:labelledby|describedby|controls|owns)"
#: A start tag with at least one attribute that `chapter_html` rewrites (quoted values may hold
#: `>`). Most tags have none: the regular expression engine passes over them.
_START_TAG = re.compile(
    rf"<([a-zA-Z][a-zA-Z0-9-]*)"
    rf"((?:{_ANY_ATTRIBUTE})*?\s+(?i:{_REWRITTEN})\s*=\s*{_VALUE}(?:{_ANY_ATTRIBUTE})*)"
    rf"(\s*/?)>"
)
_ATTRIBUTE = re.compile(rf"(\s+)([^\s\"'>/=]+)(?:(\s*=\s*)({_VALUE}))?")
_HEADING = re.compile(r"<(/?)[hH]([1-6])(?=[\s/>])")
_LINK = re.compile(r"(<a\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>)(.*?)(</a\s*>)", re.DOTALL)
_TARGET = re.compile(r' data-pmo-target="([^"]*)"')
_TAG = re.compile(r"<[^>]*>")
#: Attributes holding one id, or a space-separated list of ids.
_ID_ATTRIBUTES = frozenset({"id"})
_IDREF_ATTRIBUTES = frozenset(
    {"for", "headers", "aria-labelledby", "aria-describedby", "aria-controls", "aria-owns"}
)
_URL_ATTRIBUTES = frozenset({"href", "src"})


def in_handbook(doc: Document) -> bool:
    """Whether `doc` belongs in the handbook: it is in force (active or deprecated)."""
    return doc.status in IN_FORCE


def handbook_page(corpus: Corpus, today: dt.date) -> GeneratedPage:
    """The handbook's Markdown: title, introduction, and the placeholder for the chapters."""
    counts = []
    for kind in corpus.kinds.values():
        n = sum(1 for d in corpus.of_kind(kind.name) if in_handbook(d))
        if n:
            noun = kind.plural if n != 1 else kind.singular
            counts.append(f"{n} {md_text(noun)}")
    what = ", ".join(counts) if counts else "no documents"
    text = [
        "# Handbook",
        "",
        f"Every document in force on {today.isoformat()} (active or deprecated): {what}. "
        "Each one has its card, its *Why* and its full text; drafts, proposals and replaced "
        "documents are left out. To hand it to a board on paper or as one PDF, print this page "
        "(choose *Save as PDF* as the printer): each document starts on a new page, and links "
        "to other documents show their ID.",
        "",
        PLACEHOLDER,
        "",
    ]
    return GeneratedPage(
        HANDBOOK_URI,
        "Handbook",
        "\n".join(text),
        search=False,
        description="Every document in force on one page, to print or save as a PDF.",
    )


@dataclass(frozen=True)
class Chapter:
    """A document of the handbook: what its heading says and its rewritten body."""

    id: str
    title: str
    html: str


def chapter_html(
    doc_id: str,
    body: str,
    *,
    page_url: str,
    handbook_url: str,
    ids_by_url: Mapping[str, str],
    included: Collection[str],
) -> str:
    """`body`, the HTML of `doc_id`'s page, rewritten for the handbook (see the module).

    Args:
        doc_id: The document's ID, the prefix of its ids.
        body: Its page's body as the page shows it (banner, card, Why block and text).
        page_url: Its page's URL relative to the site root (`standards/STD-004-x/`).
        handbook_url: The handbook's URL relative to the site root (`handbook/`).
        ids_by_url: Every document's page URL (relative to the site root) → its ID.
        included: IDs of the documents in the handbook.
    """
    prefix = f"{doc_id}--"
    to_root = root_prefix(handbook_url)

    def url(value: str) -> tuple[str, str | None]:
        """The rewritten URL and what paper shows of its target.

        A document's ID; for a hand-written page of the site, its path (`site: services/`).
        """
        if value.startswith("#"):
            return f"#{prefix}{value[1:]}" if len(value) > 1 else f"#{doc_id}", None
        parts = urlsplit(value)
        if parts.scheme or parts.netloc or value.startswith("/"):
            return value, None
        path = _resolve(page_url, parts.path)
        target = ids_by_url.get(path)
        if target is not None and target in included:
            anchor = f"#{target}--{parts.fragment}" if parts.fragment else f"#{target}"
            return anchor, target
        rebased = to_root + path + (f"?{parts.query}" if parts.query else "")
        rebased += f"#{parts.fragment}" if parts.fragment else ""
        if target is None and path and not path.startswith(f"{CATALOGUE}/"):
            target = f"site: {path}"  # a hand-written page (a parameter's value links its page)
        return rebased or "./", target

    def start_tag(match: re.Match[str]) -> str:
        name, attributes, end = match.group(1), match.group(2), match.group(3)
        is_link = name.lower() == "a"
        target: str | None = None

        def attribute(found: re.Match[str]) -> str:
            nonlocal target
            space, key, _equals, quoted = found.groups()
            if quoted is None:
                return found.group(0)
            key_lower = key.lower()
            if not (
                key_lower in _ID_ATTRIBUTES
                or key_lower in _IDREF_ATTRIBUTES
                or key_lower in _URL_ATTRIBUTES
            ):
                return found.group(0)
            value = html.unescape(quoted[1:-1] if quoted[0] in "\"'" else quoted)
            if key_lower in _ID_ATTRIBUTES:
                value = prefix + value
            elif key_lower in _IDREF_ATTRIBUTES:
                value = " ".join(prefix + ref for ref in value.split())
            else:
                value, linked = url(value)
                if is_link and key_lower == "href":
                    target = linked
            return f'{space}{key}="{html.escape(value, quote=True)}"'

        rewritten = _ATTRIBUTE.sub(attribute, attributes)
        if target is not None:
            rewritten += f' data-pmo-target="{html.escape(target, quote=True)}"'
        return f"<{name}{rewritten}{end}>"

    body = _START_TAG.sub(start_tag, body)
    body = _HEADING.sub(_shift_heading, body)
    return _LINK.sub(_drop_shown_target, body) if "data-pmo-target" in body else body


def _shift_heading(match: re.Match[str]) -> str:
    return f"<{match.group(1)}h{min(6, int(match.group(2)) + HEADING_SHIFT)}"


def _drop_shown_target(match: re.Match[str]) -> str:
    """A link whose text already shows the target's ID does not need it printed again."""
    start, text, end = match.groups()
    target = _TARGET.search(start)
    if target is None or html.unescape(target.group(1)) not in _TAG.sub("", text):
        return match.group(0)
    return start[: target.start()] + start[target.end() :] + text + end


def _resolve(page_url: str, path: str) -> str:
    """`path`, relative to the page at site URL `page_url`, as a URL relative to the root."""
    if not path:
        return page_url
    base = page_url if page_url.endswith("/") else posixpath.dirname(page_url) + "/"
    joined = posixpath.normpath(posixpath.join(base, path))
    joined = "" if joined == "." else joined.lstrip("/")
    if path.endswith("/") and joined:
        joined += "/"
    return joined
