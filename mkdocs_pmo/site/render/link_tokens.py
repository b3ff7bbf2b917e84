"""A document's `[[ID]]` links, swapped for plain words before Markdown and back after it.

python-markdown makes an inline link through an element, a placeholder and the serialiser:
about a million instructions for a page of eight links. But the checker has already found
every link of a document's body, with code masked, and where it is. So, before Markdown runs,
each link becomes a *token*, a word Markdown leaves alone (`pmo<nonce>r<n>z`, the nonce random
per build), and afterwards each token becomes the finished `<a>`. The page is the same.

Left to the Markdown extension (`render.links`), which still sees them as `[[...]]`:

- links with an `#anchor`: they are `.md` links for MkDocs to resolve and check;
- links to documents without a page, and unknown IDs;
- links on a heading's line (`#` before the link, or a `<h` tag) or on the line above a setext
  underline: the table of contents and the heading's ID are made from the heading's text.

A token that ends up where a link cannot go is put back as text: inside a tag (an image's
`alt`, a link's `title`) as the link's text, escaped; inside `<code>` (if Markdown saw code
where the checker did not) as it was written.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from mkdocs_pmo.core.model import BodyLink


class SwappedLink(NamedTuple):
    """One token's link: the `<a>`, its text (for attributes) and the source (for code)."""

    html: str
    text: str
    source: str


@dataclass(frozen=True)
class LinkTokens:
    """The token format of one build."""

    prefix: str
    pattern: re.Pattern[str]

    @classmethod
    def new(cls) -> LinkTokens:
        """Tokens with a fresh random nonce: no document can contain one by chance or design."""
        prefix = f"pmo{secrets.token_hex(6)}r"
        return cls(prefix, re.compile(f"{prefix}([0-9]+)z"))

    def swap_out(
        self,
        markdown: str,
        links: Sequence[BodyLink],
        render: Callable[[BodyLink], tuple[str, str] | None],
    ) -> tuple[str, list[SwappedLink]]:
        """`markdown` with each link that `render` makes into (`<a>`, text) as a token.

        `links` are the links of `markdown` (a document's body), in order, with their offsets.
        Returns the new Markdown and the links, in token order.
        """
        parts: list[str] = []
        swapped: list[SwappedLink] = []
        pos = 0
        for link in links:
            start, end = link.start, link.end
            if link.anchor or start < pos:  # `start < pos`: no offset (-1) or out of order
                continue
            if _near_heading(markdown, start, end, start - link.col + 1):
                continue
            made = render(link)
            if made is None:
                continue
            parts += (markdown[pos:start], f"{self.prefix}{len(swapped)}z")
            swapped.append(SwappedLink(made[0], made[1], markdown[start:end]))
            pos = end
        if not swapped:
            return markdown, swapped
        parts.append(markdown[pos:])
        return "".join(parts), swapped

    def swap_in(self, html: str, swapped: Sequence[SwappedLink]) -> str:
        """`html` with each token replaced by its link (or text, where a link cannot go)."""
        if not swapped or self.prefix not in html:
            return html
        has_code = "<code" in html

        def put(m: re.Match[str]) -> str:
            index = int(m[1])
            if index >= len(swapped):
                return m[0]
            link = swapped[index]
            at = m.start()
            if html.rfind("<", 0, at) > html.rfind(">", 0, at):
                return escape(link.text)
            if has_code and html.rfind("<code", 0, at) > html.rfind("</code>", 0, at):
                return escape(link.source, quote=False)
            return link.html

        return self.pattern.sub(put, html)

    def restore(self, markdown: str, swapped: Sequence[SwappedLink]) -> str:
        """`markdown` with each token back as the link was written (for `page.markdown`)."""
        if not swapped or self.prefix not in markdown:
            return markdown

        def source(m: re.Match[str]) -> str:
            index = int(m[1])
            return swapped[index].source if index < len(swapped) else m[0]

        return self.pattern.sub(source, markdown)


def _near_heading(markdown: str, start: int, end: int, line_start: int = -1) -> bool:
    """Whether the link at `start:end` may be part of a heading.

    Its line has a `#` or `<h` before it, or the next line is a setext underline (only `=` or
    only `-`). `line_start`, where the link's line starts, saves a search when it is known
    (from the link's column); a wrong one is found again.
    """
    if line_start < 0 or line_start > start or (line_start and markdown[line_start - 1] != "\n"):
        line_start = markdown.rfind("\n", 0, start) + 1
    before = markdown[line_start:start]
    if "#" in before or "<h" in before:
        return True
    line_end = markdown.find("\n", end)
    if line_end == -1:
        return False
    after = markdown[line_end + 1 : line_end + 2]
    if after == "\n" or not after:  # most links end a paragraph's line: a blank line follows
        return False
    next_end = markdown.find("\n", line_end + 1)
    underline = markdown[line_end + 1 : next_end if next_end != -1 else len(markdown)].strip()
    return bool(underline) and (not underline.strip("=") or not underline.strip("-"))
