"""The anchors a document's page has, as the renderer makes them: what `[[ID#anchor]]` may name.

A page's ids come from four places, found here without rendering:

- headings, given ids by python-markdown's `toc` extension: the configured `slugify` callable
  (default `markdown.extensions.toc.slugify`, or e.g. `pymdownx.slugs.slugify`) applied to the
  heading's text, made unique with toc's own `unique` (`why`, `why_1`, ...) against the ids
  already in the tree;
- explicit ids written with attr_list (`## Title {#custom}`, `{: #custom }`), which a heading
  keeps instead of its slug;
- the requirement anchors `R<n>` the pmo extension puts on a document's requirements;
- raw HTML (`id="..."`, `<a name="...">`) and footnotes (`fn:x`, `fnref:x`).

These are the ids MkDocs' anchor validation collects from the rendered page (its
`_ExtractAnchorsTreeprocessor` and raw-HTML handler), which is what the strict build checks.

A heading holding an `[[ID]]` reference renders it as the target's ID and title (`[[ID.R3]]`
as `ID R3`), so its slug is made from those (`AnchorIndex` knows every document's title).
A page whose headings hold a template or an emoji shortcode, or that includes snippets, has ids
that cannot be known without rendering it: `page_anchors` returns None for it.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mkdocs_pmo.core.body import masked_body

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from markdown import Markdown

    from mkdocs_pmo.core.model import Document, Heading

#: An attr_list at the end of a line (`{#id .class}`, `{: #id }`): its `#id`.
_ATTR_LIST = re.compile(r"\{:?[ ]*([^}\n]*)\}[ ]*$", re.MULTILINE)
_ATTR_ID = re.compile(r"(?:^|\s)#([^\s}#]+)")
_HTML_ID = re.compile(
    r"<([A-Za-z][A-Za-z0-9-]*)\b[^>]*?\s(id|name)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))",
    re.IGNORECASE,
)
_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]")
# Inline markup the renderer turns into text before toc reads a heading.
_IMAGE_OR_LINK = re.compile(r"!?\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
_REFERENCE = re.compile(r"\[\[[^\]|#]*(?:#[^\]|]*)?\|([^\]]*)\]\]")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_EMPHASIS = re.compile(r"\*+|(?<!\w)_+|_+(?!\w)|`+|~~")


@dataclass(frozen=True)
class TocSettings:
    """How the site's `toc` extension names headings (from `markdown_extensions` → `toc`)."""

    #: The configured `slugify(text, separator)` callable (None: python-markdown's own).
    #: Left out of comparisons: a callable made by YAML is new at every read of the config.
    slugify: Callable[[str, str], str] | None = field(default=None, compare=False)
    separator: str = "-"


#: `[[ID]]`, `[[ID.R3]]`, `[[ID#anchor]]` without a text of their own.
_BARE_REFERENCE = re.compile(r"\[\[([A-Za-z]+-[0-9]+)(?:\.R([0-9]+)|#[^\]|]*)?\]\]")


def rendered_heading_text(text: str, titles: Mapping[str, str] | None = None) -> str:
    """A heading's text as toc reads it: inline markup gone, entities decoded.

    `titles` (document titles by ID): a bare `[[ID]]` reads as the link the page shows.
    """
    if titles and "[[" in text:

        def shown(m: re.Match[str]) -> str:
            title = titles.get(m[1])
            if title is None:
                return m[0]
            return f"{m[1]} R{m[2]}" if m[2] else f"{m[1]} {title}"

        text = _BARE_REFERENCE.sub(shown, text)
    if any(c in text for c in "[<*_`&\\"):
        # Rendered by python-markdown itself: emphasis, code spans, escapes, links and HTML
        # read as the page reads them (`_config` and `snake_case_` keep their underscores).
        text = _REFERENCE.sub(r"\1", text)
        md = _inline_markdown()
        md.reset()
        text = html.unescape(_TAG.sub("", md.convert(f"# {text}")))
    return text.strip()


@functools.cache
def _inline_markdown() -> Markdown:
    """A python-markdown without extensions, for heading texts (made when first needed)."""
    from markdown import Markdown

    return Markdown()


#: What makes a page's ids unknowable without rendering it: a template or an emoji shortcode
#: in a heading (rendered into other text first), or an included snippet (`--8<--`).
_UNKNOWABLE_HEADING = re.compile(r"\{\{|\{%|:[a-z0-9_+-]+:")


def page_anchors(
    body: str,
    body_line: int,
    headings: Iterable[Heading],
    requirement_numbers: Iterable[int],
    toc: TocSettings,
    titles: Mapping[str, str] | None = None,
) -> frozenset[str] | None:
    """Every id the page rendered from `body` has (see the module docstring).

    None when they cannot be known without rendering it (`_UNKNOWABLE_HEADING`): links to
    its anchors are then left to the build.
    """
    headings = list(headings)
    if "--8<--" in body or any(_UNKNOWABLE_HEADING.search(h.text) for h in headings):
        return None
    # python-markdown is imported only when a link names an anchor.
    from markdown.extensions.toc import slugify as default_slugify
    from markdown.extensions.toc import unique

    slugify = toc.slugify or default_slugify
    masked = masked_body(body) if body else ""
    lines = body.split("\n")
    # Ids in the tree before toc runs: attr_list's and the requirements'.
    used: set[str] = {f"R{n}" for n in requirement_numbers if n > 0}
    if "{" in masked:
        for m in _ATTR_LIST.finditer(masked):
            used.update(_ATTR_ID.findall(m.group(1)))
    for heading in headings:
        index = heading.line - body_line
        written = lines[index] if 0 <= index < len(lines) else ""
        attrs = _ATTR_LIST.search(written) if "{" in written else None
        if attrs is not None and _ATTR_ID.search(attrs.group(1)):
            continue  # an explicit id wins over the slug
        slug = slugify(rendered_heading_text(heading.text, titles), toc.separator)
        unique(slug, used)
    anchors = set(used)
    if "<" in masked:
        for m in _HTML_ID.finditer(masked):
            tag, attr = m.group(1).lower(), m.group(2).lower()
            if attr == "id" or tag == "a":
                anchors.add(m.group(3) or m.group(4) or m.group(5) or "")
    if "[^" in masked:
        for name in _FOOTNOTE.findall(masked):
            anchors.update((f"fn:{name}", f"fnref:{name}"))
    anchors.discard("")
    return frozenset(anchors)


class AnchorIndex:
    """Anchors of documents, read once per target when a link first needs them."""

    def __init__(self, toc: TocSettings, titles: Mapping[str, str] | None = None) -> None:
        self.toc = toc
        #: Every document's title by ID (what an `[[ID]]` in a heading shows).
        self.titles = titles
        self._anchors: dict[str, frozenset[str] | None] = {}

    def of(self, doc: Document) -> frozenset[str] | None:
        """`doc`'s ids (None: not knowable without rendering, see `page_anchors`)."""
        if doc.uri not in self._anchors:
            self._anchors[doc.uri] = page_anchors(
                doc.body,
                doc.body_line,
                doc.headings,
                (r.number for r in doc.requirements),
                self.toc,
                self.titles,
            )
        return self._anchors[doc.uri]
