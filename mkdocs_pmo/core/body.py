"""Reading Markdown bodies: code-aware scanning for `[[ID]]` links, the Why section, unsafe HTML.

Code spans, fenced and indented code are masked first (with spaces, so every offset is kept),
so examples in code never count. The scanner gives each link its file, line and offset: the
site uses the offsets to swap a document's links around Markdown (`render.link_tokens`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mkdocs_pmo.core.model import BodyLink

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

_FENCE_OPEN = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_HEADING = re.compile(r" {0,3}(?P<hashes>#{1,6})(?:[ \t]+(?P<text>.*?))?[ \t]*$")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_UNSAFE_TAG = re.compile(
    r"<\s*(?P<tag>script|iframe|object|embed|frame|frameset|base|meta)\b"
    r"|<[a-zA-Z][^>]*?\s(?P<handler>on[a-zA-Z]+)\s*=",
    re.IGNORECASE,
)


def _obfuscatable(word: str) -> str:
    """A pattern for `word` as a browser reads it in a URL.

    Any character may be a character reference (`&#105;`, `&colon;`), and tabs and newlines
    (also as `&Tab;`, `&#10;`...) may sit anywhere: browsers decode and drop them.
    """
    gap = r"(?:[\t\n\r]|&(?:tab|newline);|&#0*(?:9|10|13);?|&#x0*(?:9|a|d);?)*"
    named = {":": "&colon;", "/": "&sol;"}
    parts = []
    for char in word:
        refs = {f"&#0*{ord(c)};?|&#x0*{ord(c):x};?" for c in {char.lower(), char.upper()}}
        if char in named:
            refs.add(named[char])
        parts.append(f"(?:{re.escape(char)}|{'|'.join(sorted(refs))})")
    return gap.join(parts)


@functools.cache
def _unsafe_scheme() -> re.Pattern[str]:
    """Script URL schemes, however obfuscated.

    Compiled on first use: it takes 6 ms, and a byte test rules it out for most bodies.
    """
    return re.compile(
        "|".join(_obfuscatable(w) for w in ("javascript:", "vbscript:", "data:text/html")),
        re.IGNORECASE,
    )


def link_pattern(prefixes: Iterable[str]) -> re.Pattern[str]:
    """The `[[ID]]`, `[[ID|text]]`, `[[ID#anchor]]`, `[[ID.R3]]` pattern for the prefixes.

    Group `req` is a requirement's number as written (`[[STD-004.R3]]`).
    """
    alternatives = "|".join(sorted((re.escape(p) for p in prefixes), key=len, reverse=True))
    return re.compile(
        rf"\[\[(?P<id>(?:{alternatives})-[0-9]+)"
        r"(?:\.R(?P<req>[0-9]+)|#(?P<anchor>[A-Za-z0-9_.:-]*))?"
        r"(?:\|(?P<text>[^\]\n]*))?\]\]"
    )


def requirement_number(written: str | None) -> int:
    """The number of `[[ID.R3]]` (`"3"` → 3); -1 for one written with a leading zero (`R03`)."""
    if not written:
        return 0
    return int(written) if written[0] != "0" else -1


@dataclass
class BodyScan:
    """What a body says about itself, with 1-based file lines."""

    links: list[BodyLink] = field(default_factory=list)
    why: str | None = None
    why_line: int = 0
    unsafe_html: list[tuple[int, int, str]] = field(default_factory=list)
    #: The body with code (fences, indented code, code spans) blanked out: same length, same
    #: offsets, newlines kept.
    html_text: str = ""


def masked_lines(body: str) -> list[str]:
    """Body lines with code, fences included, replaced by spaces: every offset is kept."""
    out: list[str] = []
    fence: str | None = None
    previous_blank = True
    for line in body.split("\n"):
        if fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence) and not stripped.lstrip(fence[0]):
                fence = None
            out.append(" " * len(line))
            continue
        match = _FENCE_OPEN.match(line)
        if match and not (match["fence"][0] == "`" and "`" in match["info"]):
            fence = match["fence"]
            out.append(" " * len(line))
            previous_blank = False
            continue
        if previous_blank and (line.startswith("    ") or line.startswith("\t")) and line.strip():
            out.append(" " * len(line))  # indented code block (after a blank line)
            continue
        previous_blank = not line.strip()
        if "`" in line:
            line = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        out.append(line)
    return out


def _headings(text: str) -> Iterator[re.Match[str]]:
    """ATX headings, found by jumping from `#` to `#` (a multiline regex scans every line)."""
    pos = text.find("#")
    while pos != -1:
        line_start = text.rfind("\n", 0, pos) + 1
        line_end = text.find("\n", pos)
        if line_end == -1:
            line_end = len(text)
        if pos - line_start <= 3 and not text[line_start:pos].strip(" "):
            match = _HEADING.match(text, line_start, line_end)
            if match:
                yield match
        pos = text.find("#", line_end)


def _needs_mask(body: str) -> bool:
    return "`" in body or ("~" in body and "~~~" in body) or "\n    " in body or "\n\t" in body


class _Lines:
    """Line and column of offsets in `text`, counting newlines from the previous answer on.

    Offsets usually come in increasing order (matches of one pattern), so a body with many
    links is counted once, not once per link.
    """

    def __init__(self, text: str, first_line: int) -> None:
        self.text = text
        self.offset = 0
        self.line = first_line

    def __call__(self, offset: int) -> tuple[int, int]:
        text = self.text
        if offset >= self.offset:
            self.line += text.count("\n", self.offset, offset)
        else:
            self.line -= text.count("\n", offset, self.offset)
        self.offset = offset
        return self.line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def scan_body(body: str, first_line: int, pattern: re.Pattern[str]) -> BodyScan:
    """Find links, the `## Why` section and unsafe HTML in `body` (starting at `first_line`).

    Works on the whole text with compiled patterns; lines are counted only for matches.
    """
    scan = BodyScan()
    text = "\n".join(masked_lines(body)) if _needs_mask(body) else body
    scan.html_text = text

    position = _Lines(text, first_line)
    if "[[" in text:
        # Lines counted inline, from link to link: this loop runs for every link of every
        # document, and a call per link to `position` would be most of its cost.
        line, last = first_line, 0
        for m in pattern.finditer(text):
            start, end = m.span()
            line += text.count("\n", last, start)
            last = start
            target, anchor, label, req = m.group("id", "anchor", "text", "req")
            scan.links.append(
                BodyLink(
                    target,
                    line,
                    start - text.rfind("\n", 0, start),
                    anchor or "",
                    label.strip() if label else "",
                    start,
                    end,
                    requirement_number(req),
                )
            )
    if "<" in text:
        for m in _UNSAFE_TAG.finditer(text):
            line, col = position(m.start())
            scan.unsafe_html.append((line, col, m["tag"] or m["handler"]))
    # Lower-cased UTF-8 is several times faster to make than lower-cased text, and enough to
    # tell whether the scheme pattern needs to run (browsers drop tabs and newlines in URLs).
    squeezed = text.encode("utf-8", "surrogatepass").lower()
    squeezed = squeezed.replace(b"\n", b"").replace(b"\t", b"").replace(b"\r", b"")
    if "&" in text or b"script" in squeezed or b"data:" in squeezed:
        for m in _unsafe_scheme().finditer(text):
            line, col = position(m.start())
            scan.unsafe_html.append((line, col, m.group(0)))
    why_start: int | None = None
    why_end: int | None = None
    for m in _headings(text):
        level = len(m["hashes"])
        if why_start is not None:
            if level <= 2:
                why_end = m.start()
                break
            continue
        title = re.sub(r"\s*\{[^}]*\}\s*$", "", m["text"] or "").strip().rstrip("#").strip()
        if level == 2 and title.lower() == "why":
            why_start = m.end()
            scan.why_line = position(m.start())[0]
    if why_start is not None:
        # Slice the original body (not the masked text, which has the same offsets) so code
        # in the Why section survives: from the line after the heading to the next heading.
        scan.why = body[why_start + 1 : why_end].strip()
    return scan
