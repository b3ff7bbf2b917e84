"""Escaping for generated Markdown, HTML and Mermaid."""

from __future__ import annotations

import html
import re

_MD_SPECIALS = re.compile(r"([\\`*_\[\]()|~])")


def esc(value: object) -> str:
    """HTML-escape a value for text or a quoted attribute; braces become entities.

    Braces are entity-encoded so that no template engine running over the page later
    (mkdocs-macros) can see `{{` or `{%` coming from front matter.
    """
    text = html.escape(str(value), quote=True)
    return text.replace("{", "&#123;").replace("}", "&#125;")


_MD_ENTITIES = str.maketrans(
    {c: f"&#{ord(c)};" for c in "\\`*_[]~"}  # Markdown's inline punctuation, as entities
)


def inert_text(value: object) -> str:
    """Text that reads the same in Markdown and in raw HTML.

    HTML-escaped, with Markdown's punctuation as character references, so that `[[STD-999]]`
    or `**x**` in a value stays text.
    """
    return esc(value).translate(_MD_ENTITIES)


def md_text(value: object) -> str:
    """Inline Markdown text: HTML-escaped, Markdown punctuation backslash-escaped, one line."""
    text = " ".join(str(value).split())
    return esc(_MD_SPECIALS.sub(r"\\\1", text))


_MERMAID_ENTITIES = {
    "&": "#amp;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "{": "#123;",
    "}": "#125;",
    "#": "#35;",
    "%": "#37;",
    "`": "#96;",
    "|": "#124;",
    "[": "#91;",
    "]": "#93;",
    "\\": "#92;",
}


_MERMAID_TABLE = str.maketrans(_MERMAID_ENTITIES)


def mermaid_label(value: object) -> str:
    """Text for a quoted Mermaid label: one line, quotes/brackets/braces as Mermaid entities."""
    return " ".join(str(value).split()).translate(_MERMAID_TABLE)


def mermaid_id(doc_id: str) -> str:
    """A Mermaid node id for a document ID (IDs are `[A-Z][A-Z0-9]*-digits`)."""
    return "n_" + re.sub(r"[^A-Za-z0-9]", "_", doc_id)


_SAFE_URL = re.compile(r"^[A-Za-z0-9._~/-]+$")


def safe_url(url: str) -> str | None:
    """`url` if it has only plain path characters (safe in Mermaid `click` lines), else None."""
    return url if _SAFE_URL.match(url) else None


#: Finished HTML in generated pages (tables and lists of every document) is marked with these.
#: When the page is added to the site, each block is set aside for a placeholder comment, and
#: put back into the converted page (`on_page_content`): Markdown would only copy it, at a cost
#: that grows with the catalogue (at 200 documents, a tenth of the whole build).
RAW_START = "<!-- pmo:raw -->"
RAW_END = "<!-- /pmo:raw -->"


def raw_block(lines: list[str]) -> list[str]:
    """`lines` of finished HTML, marked to bypass Markdown."""
    return ["", RAW_START, *lines, RAW_END, ""]


def split_raw(markdown: str) -> tuple[str, list[str]]:
    """Markdown with each raw block replaced by `<!-- pmo:raw N -->`, and the blocks.

    Found with `str.find`: a lazy regex would try the end marker at every character of blocks
    hundreds of kilobytes long.
    """
    blocks: list[str] = []
    parts: list[str] = []
    start_mark, end_mark = RAW_START + "\n", "\n" + RAW_END
    pos = 0
    while (start := markdown.find(start_mark, pos)) != -1:
        end = markdown.find(end_mark, start + len(start_mark))
        if end == -1:
            break
        blocks.append(markdown[start + len(start_mark) : end])
        parts += (markdown[pos:start], f"\n{raw_placeholder(len(blocks) - 1)}\n")
        pos = end + len(end_mark)
    if not blocks:
        return markdown, blocks
    parts.append(markdown[pos:])
    return "".join(parts), blocks


def raw_placeholder(index: int) -> str:
    return f"<!-- pmo:raw {index} -->"


def join_raw(html: str, blocks: list[str]) -> str:
    """Put raw blocks back into the converted page."""
    for index, block in enumerate(blocks):
        html = html.replace(raw_placeholder(index), block, 1)
    return html
