"""Reading Markdown bodies: code-aware scanning for `[[ID]]` links, the Why section, unsafe HTML.

Code spans, fenced and indented code are masked first, so examples in code never count.
The site renders links with a Markdown extension; this scanner exists to give file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mkdocs_pmo.core.model import BodyLink

if TYPE_CHECKING:
    from collections.abc import Iterable

_FENCE_OPEN = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_HEADING = re.compile(r"^ {0,3}(?P<hashes>#{1,6})(?:[ \t]+(?P<text>.*?))?[ \t]*$")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_UNSAFE_HTML = re.compile(
    r"<\s*(?P<tag>script|iframe|object|embed|frame|frameset|base|meta)\b"
    r"|<[a-zA-Z][^>]*?\s(?P<handler>on[a-zA-Z]+)\s*="
    r"|(?P<scheme>(?:java|vb)script:|data:text/html)",
    re.IGNORECASE,
)


def link_pattern(prefixes: Iterable[str]) -> re.Pattern[str]:
    """The `[[ID]]`, `[[ID|text]]`, `[[ID#anchor]]` pattern for the configured prefixes only."""
    alternatives = "|".join(sorted((re.escape(p) for p in prefixes), key=len, reverse=True))
    return re.compile(
        rf"\[\[(?P<id>(?:{alternatives})-[0-9]+)"
        r"(?:#(?P<anchor>[A-Za-z0-9_.:-]*))?"
        r"(?:\|(?P<text>[^\]\n]*))?\]\]"
    )


@dataclass
class BodyScan:
    """What a body says about itself, with 1-based file lines."""

    links: list[BodyLink] = field(default_factory=list)
    why: str | None = None
    why_line: int = 0
    unsafe_html: list[tuple[int, int, str]] = field(default_factory=list)


def masked_lines(body: str) -> list[str]:
    """Body lines with code replaced by spaces (keeping columns) and fences blanked."""
    out: list[str] = []
    fence: str | None = None
    previous_blank = True
    for line in body.split("\n"):
        if fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence) and not stripped.lstrip(fence[0]):
                fence = None
            out.append("")
            continue
        match = _FENCE_OPEN.match(line)
        if match and not (match["fence"][0] == "`" and "`" in match["info"]):
            fence = match["fence"]
            out.append("")
            previous_blank = False
            continue
        if previous_blank and (line.startswith("    ") or line.startswith("\t")) and line.strip():
            out.append("")  # indented code block (after a blank line)
            continue
        previous_blank = not line.strip()
        if "`" in line:
            line = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        out.append(line)
    return out


def scan_body(body: str, first_line: int, pattern: re.Pattern[str]) -> BodyScan:
    """Find links, the `## Why` section and unsafe HTML in `body` (starting at `first_line`)."""
    scan = BodyScan()
    lines = body.split("\n")
    masked = masked_lines(body)
    why_start: int | None = None
    why_end = len(lines)
    for index, line in enumerate(masked):
        number = first_line + index
        if "[[" in line:
            for m in pattern.finditer(line):
                scan.links.append(
                    BodyLink(
                        m["id"], number, m.start() + 1, m["anchor"] or "", (m["text"] or "").strip()
                    )
                )
        if "<" in line or ":" in line:
            for m in _UNSAFE_HTML.finditer(line):
                what = m["tag"] or m["handler"] or m["scheme"]
                scan.unsafe_html.append((number, m.start() + 1, what))
        heading = _HEADING.match(line)
        if heading:
            level = len(heading["hashes"])
            text = (
                re.sub(r"\s*\{[^}]*\}\s*$", "", heading["text"] or "").strip().rstrip("#").strip()
            )
            if why_start is not None and why_end == len(lines) and level <= 2:
                why_end = index
            if why_start is None and level == 2 and text.lower() == "why":
                why_start = index
                scan.why_line = number
    if why_start is not None:
        scan.why = "\n".join(lines[why_start + 1 : why_end]).strip()
    return scan
