"""Escaping and relative links for generated Markdown, HTML and Mermaid (no MkDocs imports)."""

from __future__ import annotations

import functools
import html
import posixpath
import re

_MD_SPECIALS = re.compile(r"([\\`*_\[\]()|~])")


def esc(value: object) -> str:
    """HTML-escape a value for text or a quoted attribute; braces become entities.

    Braces are entity-encoded so that no template engine running over the page later
    (mkdocs-macros) can see `{{` or `{%` coming from front matter.
    """
    return _esc(value if type(value) is str else str(value))


@functools.lru_cache(maxsize=65536)
def _esc(text: str) -> str:
    """Cached: generated pages show the same IDs, titles and owners many times."""
    text = html.escape(text, quote=True)
    return text.replace("{", "&#123;").replace("}", "&#125;")


def md_text(value: object) -> str:
    """Inline Markdown text: HTML-escaped, Markdown punctuation backslash-escaped, one line."""
    text = " ".join(str(value).split())
    return esc(_MD_SPECIALS.sub(r"\\\1", text))


def _relpath(path: str, start: str) -> str:
    """`posixpath.relpath` for site-relative paths, without its filesystem lookups."""
    target = [p for p in path.split("/") if p and p != "."]
    base = [p for p in start.split("/") if p and p != "."]
    common = 0
    for a, b in zip(target, base, strict=False):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(base) - common) + target[common:]
    return "/".join(parts) or "."


def relative_url(url: str, other: str) -> str:
    """MkDocs' `get_relative_url(url, other)` without `posixpath.relpath`'s filesystem calls."""
    if other != ".":
        head, tail = posixpath.split(other)
        other = head if "." in tail else other
    rel = _relpath(url or ".", other)
    return rel + "/" if url.endswith("/") else rel


def rel_uri(from_uri: str, to_uri: str) -> str:
    """Relative path from the page `from_uri` to the file `to_uri` (both `/`-separated)."""
    return _relpath(to_uri, posixpath.dirname(from_uri))


@functools.lru_cache(maxsize=65536)
def page_url(uri: str, *, directory_urls: bool = True) -> str:
    """The URL MkDocs gives the Markdown file `uri` (as `File.url`, relative to the site root)."""
    stem, _ = posixpath.splitext(uri)
    parent, name = posixpath.split(stem)
    if name in ("index", "README"):
        return f"{parent}/" if parent else "./"
    if directory_urls:
        return f"{stem}/"
    return f"{stem}.html"


def root_prefix(url: str) -> str:
    """`../` repeated to climb from the page at site URL `url` to the site root (or "").

    `root_prefix(page.url) + other_url` is a valid relative link from that page, like
    MkDocs' `base_url`: not always the shortest one, but made with one string
    concatenation, which matters for pages that link dozens of neighbours.
    """
    return "../" * url[: url.rfind("/") + 1].count("/")


def rel_url(from_uri: str, to_uri: str, *, directory_urls: bool = True) -> str:
    """Relative URL between the built pages of two Markdown files."""
    src = page_url(from_uri, directory_urls=directory_urls)
    dst = page_url(to_uri, directory_urls=directory_urls)
    start = src if src.endswith("/") else posixpath.dirname(src) + "/"
    start = start.rstrip("/") or "."
    if start == ".":
        start = ""
    dst_path = dst.rstrip("/") or "."
    result = _relpath(dst_path, start)
    if dst.endswith("/"):
        result = "./" if result == "." else result + "/"
    return result


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


@functools.lru_cache(maxsize=65536)
def mermaid_id(doc_id: str) -> str:
    """A Mermaid node id for a document ID (IDs are `[A-Z][A-Z0-9]*-digits`)."""
    return "n_" + re.sub(r"[^A-Za-z0-9]", "_", doc_id)


_SAFE_URL = re.compile(r"^[A-Za-z0-9._~/-]+$")


def safe_url(url: str) -> str | None:
    """`url` if it has only plain path characters (safe in Mermaid `click` lines), else None."""
    return url if _SAFE_URL.match(url) else None


#: Raw HTML blocks in generated pages are wrapped in these markers. The plugin swaps each block
#: for a placeholder before Markdown conversion and puts it back afterwards: big tables and
#: lists of every document are already HTML, and passing them through Markdown (md_in_html)
#: cost more than the rest of the page.
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
