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




def raw_block(lines: list[str]) -> list[str]:
    """`lines` of finished HTML as a raw HTML block of the Markdown (blank lines around it)."""
    return ["", *lines, ""]
