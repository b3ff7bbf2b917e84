"""Reading Markdown bodies: `[[ID]]` references, Markdown links, headings and the Why section.

`scan_body` finds exactly the references the site's renderer records (the `[[ID]]` inline
processor of `mkdocs_pmo.site.links`, run by python-markdown with the site's extensions), in
the renderer's order, each with its file line and column; it does so without rendering, by
replaying the renderer's parse (`mkdocs_pmo.core.mdmodel`). So a reference is never missed
in a list item's indented paragraph, nor reported from code in a blockquote's fence, a code
span wrapped over two lines, an HTML comment or a tag's attribute.

Known limitations (constructs the model leaves out, on purpose):

- Nesting deep enough for python-markdown's recursion guards (`nearing_recursion_limit`,
  pymdownx's depth limit) to stop treating `>` and `???` as blocks is not modelled.
- Where the renderer's reference text holds inline-markup placeholders (`[[ID|a `code` b]]`,
  escapes or inline HTML inside `|text`), `BodyLink.text` is the source text instead.
- A fence whose info string makes Pygments or the highlighter raise is still taken as a
  fence (the renderer would leave its lines as Markdown).
- A footnote defined inside another footnote is ignored, as the renderer ignores it when it
  is the last one (otherwise python-markdown fails: "OrderedDict mutated during iteration").
- The body is read as written (its templates are checked on their own, by
  `mkdocs_pmo.core.templates`): in the build, mkdocs-macros renders Jinja (`{{ ... }}`,
  `{# ... #}`) before Markdown, which can add or hide text. (MkDocs' own extensions change
  nothing the `[[ID]]` processor sees: they run after it, or read without changing.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mkdocs_pmo.core.mdmodel import parse
from mkdocs_pmo.core.mdmodel.flat import Section, heading_text, scan_flat
from mkdocs_pmo.core.model import BodyLink, Heading, NearMiss, PlainLink, requirement_number

if TYPE_CHECKING:
    from collections.abc import Iterable

    from mkdocs_pmo.core.mdmodel import Parsed


def link_pattern(prefixes: Iterable[str]) -> re.Pattern[str]:
    """The `[[ID]]`, `[[ID|text]]`, `[[ID#anchor]]`, `[[ID.R3]]` pattern for the prefixes.

    `scan_body` and the `[[ID]]` processor take a pattern made here: groups `id`, `req` (a
    requirement's number as written), `anchor` and `text`, in that order, and no match across
    a line break.
    """
    alternatives = "|".join(sorted((re.escape(p) for p in prefixes), key=len, reverse=True))
    return re.compile(
        rf"\[\[(?P<id>(?:{alternatives})-[0-9]+)"
        r"(?:\.R(?P<req>[0-9]+)|#(?P<anchor>[\w.:-]*))?"
        r"(?:\|(?P<text>[^\]\n]*))?\]\]"
    )


#: `[[...]]` on one line: a candidate near miss when the reference pattern does not take it.
_BRACKETS = re.compile(r"\[\[([^\[\]\n]{1,80})\]\]")
#: What an ID written wrongly looks like: letters, maybe a separator, digits (`std-18`, `SDT018`),
#: then what a reference may add (`.R3`, also written wrongly: `.r3`, `. R3`; `#anchor`, `|text`).
_ID_LIKE = re.compile(
    r"\s*([A-Za-z]+)([-_ ]?)([0-9]+)(?:\s*\.\s*[A-Za-z]*\s*[0-9]*)?\s*(?:[#|].*)?", re.DOTALL
)


def near_misses(
    text: str, first_line: int, pattern: re.Pattern[str], links: Iterable[BodyLink] = ()
) -> list[NearMiss]:
    """`[[...]]` in `text` shaped like an ID but not taken by `pattern` (`[[std-018]]`).

    Also a reference with `|text` in a table row that the renderer did not make a link (not
    among `links`): the table's `|` split it into two cells.

    Args:
        text: A body with its code blanked out (`BodyScan.html_text`), so code is never read.
        first_line: The file line of the text's first line.
        pattern: `link_pattern(...)`: what it matches is a reference, not a near miss.
        links: The references the renderer makes of the body (`BodyScan.links`).
    """
    found: list[NearMiss] = []
    made: set[tuple[int, int]] | None = None
    for m in _BRACKETS.finditer(text):
        start = m.start()
        taken = pattern.match(text, start)
        if taken is None and "\\|" in m.group(1):  # `[[ID\|text]]`, escaped for a table
            taken = pattern.fullmatch(m.group(0).replace("\\|", "|", 1))
        if taken is None and not _ID_LIKE.fullmatch(m.group(1)):
            continue
        in_table = False
        if taken is not None:
            if not taken["text"] or not _in_table_row(text, start):
                continue
            if made is None:
                made = {(link.line, link.col) for link in links}
            in_table = True
        line = text.count("\n", 0, start)
        col = start - (text.rfind("\n", 0, start) + 1)
        if in_table and made is not None and (first_line + line, col + 1) in made:
            continue
        found.append(NearMiss(m.group(1), first_line + line, col + 1, in_table))
    return found


#: A table's delimiter row (`|---|:--:|`, `--- | ---`).
_TABLE_DELIMITER = re.compile(r"^[ \t>]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$")


def _in_table_row(text: str, at: int) -> bool:
    """Whether `at` is on a line of a block (lines without a blank one) holding a table row."""
    start = text.rfind("\n\n", 0, at)
    end = text.find("\n\n", at)
    block = text[start + 2 if start != -1 else 0 : end if end != -1 else len(text)]
    return any(_TABLE_DELIMITER.match(line) for line in block.split("\n"))


def id_shape(text: str) -> tuple[str, str, int] | None:
    """`(prefix, separator, number)` of text shaped like an ID (`std-18` → `("std", "-", 18)`)."""
    m = _ID_LIKE.fullmatch(text)
    return (m.group(1), m.group(2), int(m.group(3))) if m else None


#: A pattern that matches nothing: reading a body's code without looking for references.
_NO_REFERENCES = re.compile(r"(?!)")


def masked_body(body: str) -> str:
    """`body` with its code blanked out exactly as the renderer sees code (offsets kept)."""
    return _mask(body, parse(body, _NO_REFERENCES))


@dataclass
class BodyScan:
    """What a body says about itself, with 1-based file lines."""

    #: References in the order the renderer records them.
    links: list[BodyLink] = field(default_factory=list)
    #: Headings in document order, as the renderer (and its table of contents) sees them.
    headings: list[Heading] = field(default_factory=list)
    why: str | None = None
    why_line: int = 0
    #: Markdown links `[text](href)`, where the renderer makes them.
    plain_links: list[PlainLink] = field(default_factory=list)
    #: The body with code (fences, indented code, code spans) blanked out: same length, same
    #: offsets, newlines kept, raw HTML kept.
    html_text: str = ""
    #: What python-markdown reads as Markdown though it holds `<...>`, as `(start, end)` body
    #: offsets: reference definitions, and autolinks and email links (`check_html` takes them);
    #: None where the body was not parsed by the model (it has no `<`).
    definitions: list[tuple[int, int]] | None = None
    autolinks: list[tuple[int, int]] | None = None


def _blank(code: str) -> str:
    """`code` as spaces, line breaks kept."""
    if "\r" in code:
        return re.sub(r"[^\r\n]", " ", code)
    return "\n".join(" " * len(line) for line in code.split("\n"))


def _mask(body: str, parsed: Parsed) -> str:
    """The body with its code blanked out (line breaks kept)."""
    if not parsed.code:
        return body
    source = parsed.source
    spans = sorted(
        (source.body_offset(start), source.body_offset(end - 1) + 1) for start, end in parsed.code
    )
    out: list[str] = []
    done = 0
    for first, stop in spans:
        first = max(first, done)
        if stop <= first:
            continue
        out.append(body[done:first])
        out.append(_blank(body[first:stop]))
        done = stop
    out.append(body[done:])
    return "".join(out)


def scan_body(body: str, first_line: int, pattern: re.Pattern[str]) -> BodyScan:
    """Find the references, headings and `## Why` section of `body`.

    Args:
        body: The Markdown after the front matter.
        first_line: The file line of the body's first line.
        pattern: `link_pattern(...)` for the configured ID prefixes.
    """
    # The shortcut records no Markdown links: a body with one (or a reference definition)
    # takes the model.
    shortcut = body and "](" not in body and "]:" not in body
    flat = scan_flat(body, pattern, first_line) if shortcut else None
    if flat is None:
        return _scan_model(body, first_line, pattern)
    scan = BodyScan(links=flat.links, html_text=body)
    sections = flat.sections
    scan.headings = [section[0] for section in sections]
    _find_why(scan, body, sections, ordered=True)
    return scan


def _scan_model(body: str, first_line: int, pattern: re.Pattern[str]) -> BodyScan:
    """`scan_body` by the model of the renderer (any document)."""
    scan = BodyScan(html_text=body)
    parsed = parse(body, pattern)
    source = parsed.source
    for found in parsed.found:
        line, col = source.locate(found.offset)
        label = source.text_of(found.text).strip() if found.text is not None else ""
        number = requirement_number(found.requirement)
        scan.links.append(
            BodyLink(found.target, first_line + line, col + 1, found.anchor, label, number)
        )
    for href, offset in parsed.links:
        line, col = source.locate(offset)
        scan.plain_links.append(PlainLink(href, first_line + line, col + 1))
    starts = source.body_starts
    sections: list[Section] = []
    for el in parsed.headings:
        text = el.text
        pos = el.pos if el.pos >= 0 else (text.first_offset() if text is not None else -1)
        if pos < 0:
            continue
        end = el.end if el.end >= 0 else (text.last_offset() if text is not None else pos)
        line = source.locate(pos)[0]
        last_line = source.locate(max(end, pos))[0]
        written = heading_text(source.text_of(text)) if text is not None else ""
        heading = Heading(int(el.tag[1]), written, first_line + line)
        scan.headings.append(heading)
        after = starts[last_line + 1] if last_line + 1 < len(starts) else len(body)
        sections.append((heading, starts[line], after))
    _find_why(scan, body, sections)
    scan.html_text = _mask(body, parsed)
    scan.definitions = _body_ranges(parsed, parsed.definitions)
    scan.autolinks = _body_ranges(parsed, parsed.autolinks)
    return scan


def _body_ranges(parsed: Parsed, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Ranges of the normalised text as body offsets."""
    body_offset = parsed.source.body_offset
    return [(body_offset(start), body_offset(end - 1) + 1) for start, end in ranges]


def _find_why(scan: BodyScan, body: str, sections: list[Section], *, ordered: bool = False) -> None:
    """The `## Why` section: from the line after the heading to the next heading of level <= 2."""
    if not ordered:
        sections = sorted(sections, key=lambda section: section[1])
    for n, (heading, _, after) in enumerate(sections):
        if heading.level != 2 or heading.text.lower() != "why":
            continue
        scan.why_line = heading.line
        end = len(body)
        for other, start, _ in sections[n + 1 :]:
            if other.level <= 2 and start >= after:
                end = start
                break
        scan.why = body[after:end].strip()
        return
