"""Requirements: `**R3** — ... MUST ...` items of a document's `## Requirements` section, as data.

A top-level list item (ordered or not) or a paragraph of the section whose text starts with
`**R<n>**` is requirement `R<n>` of the document. Nested list items and further paragraphs of
the same list item belong to it. The site's renderer marks the very same elements
(`mkdocs_pmo.site.links`, a tree processor that gives each its `id="R<n>"`); this module finds
them in the Markdown the way python-markdown groups it: blocks separated by blank lines, a
list item starting at a marker indented by at most three spaces, lines indented by four or
more (or lazy continuation lines) belonging to the item above.

Each requirement's RFC 2119 / BCP 14 keyword is its first upper-case `MUST NOT`, `MUST`,
`SHOULD NOT`, `SHOULD` or `MAY` outside code; findings: no keyword, two different keywords,
and `MAY` used to forbid ("nobody MAY", "MAY not").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mkdocs_pmo.core.body import masked_lines
from mkdocs_pmo.core.facets import resolve
from mkdocs_pmo.core.issues import Issue, IssueCode, SourceLocation
from mkdocs_pmo.core.model import Requirement

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from mkdocs_pmo.core.facets import Facet
    from mkdocs_pmo.core.parameters import ParamCall, Parameter

#: The BCP 14 keywords a requirement may use, longest first (for matching).
KEYWORDS = ("MUST NOT", "MUST", "SHOULD NOT", "SHOULD", "MAY")
#: Display and sort order of keywords (strongest obligation first).
KEYWORD_ORDER = ("MUST", "MUST NOT", "SHOULD", "SHOULD NOT", "MAY", "")
#: RFC 2119 words this site does not use, and the BCP 14 word to write instead.
NOT_USED = {
    "SHALL NOT": "MUST NOT",
    "SHALL": "MUST",
    "REQUIRED": "MUST",
    "NOT RECOMMENDED": "SHOULD NOT",
    "RECOMMENDED": "SHOULD",
    "OPTIONAL": "MAY",
}
SECTION_TITLE = "requirements"

_KEYWORD = re.compile(
    r"(?<![A-Za-z0-9_])(MUST(?:[ \t\n]+NOT)?|SHOULD(?:[ \t\n]+NOT)?|MAY"
    r"|SHALL(?:[ \t\n]+NOT)?|NOT[ \t\n]+RECOMMENDED|RECOMMENDED|REQUIRED|OPTIONAL)"
    r"(?![A-Za-z0-9_])"
)
_NEGATION = re.compile(
    r"(?<![A-Za-z])(?:no|not|nobody|none|nothing|never|neither|nor|no[ -]one)(?![A-Za-z])",
    re.IGNORECASE,
)
_NEGATED_AFTER = re.compile(r"[ \t\n]+(?:not|never)(?![A-Za-z])", re.IGNORECASE)
#: What ends a clause for the MAY-prohibition test.
_CLAUSE_END = re.compile(r"[.;:!?,()\u2014\u2013]|\s-\s")

_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_HEADING_ATTRS = re.compile(r"\s*\{[^}]*\}\s*$")
#: python-markdown's list item (`OListProcessor.CHILD_RE`): a marker indented by at most three
#: spaces (its `tab_length` - 1), then at least one space. `1)` is not a marker there.
_ITEM = re.compile(r" {0,3}(?:[*+-]|[0-9]+\.)[ ]+")
#: The same marker on a line as written (tabs not yet expanded), to find where its text starts.
_MARKER = re.compile(r"[ \t]*(?:[*+-]|[0-9]+\.)[ \t]+")
_OPENING = re.compile(r"\*\*R([0-9]+)\*\*")
#: After `**R3**`: ` — `, ` - `, `: `, `. ` (or just spaces).
_SEPARATOR = re.compile(r"(?:[ \t]+[\u2014\u2013-](?=[ \t]|$)|:|\.)?[ \t]*")


@dataclass
class _Found:
    number: int
    #: The number as written (`03` for a wrongly written `R03`).
    written: str
    #: Body line index of the opening, and its column (0-based) of `**`.
    index: int
    col: int
    #: (body line index, column where the requirement's text starts on that line).
    lines: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Parsed:
    """A document's requirements and the problems found with them."""

    requirements: list[Requirement] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


def section_ranges(masked: Sequence[str]) -> list[tuple[int, int]]:
    """Line indices `[start, end)` of the content of each `## Requirements` section.

    A section ends at the next heading of level 1 or 2. (One section per document is the
    convention; a second one is read as the renderer reads it: as more requirements.)
    """
    ranges: list[tuple[int, int]] = []
    start: int | None = None
    for index, line in enumerate(masked):
        if "#" not in line[:4]:
            continue
        m = _HEADING.match(line)
        if m is None or len(m[1]) > 2:
            continue
        if start is not None:
            ranges.append((start, index))
            start = None
        title = _HEADING_ATTRS.sub("", m[2] or "").strip().rstrip("#").strip()
        if len(m[1]) == 2 and title.lower() == SECTION_TITLE:
            start = index + 1
    if start is not None:
        ranges.append((start, len(masked)))
    return ranges


def find_requirements(
    lines: Sequence[str], masked: Sequence[str], start: int, end: int
) -> list[_Found]:
    """The requirements among lines `[start, end)`, in order.

    Blocks and list items are told from the lines as written (`lines`): an indented paragraph
    of a list item is not code, whatever a scanner without list context says. A requirement's
    opening `**R<n>**` must be outside code (`masked`, code blanked, same offsets).
    """
    found: list[_Found] = []
    current: _Found | None = None
    in_list = False
    # python-markdown expands tabs to four columns before it looks at indentation.
    lines = [line.expandtabs(4) if "\t" in line else line for line in lines]
    index = start
    while index < end:
        if not lines[index].strip():
            index += 1
            continue
        block_end = index
        while block_end < end and lines[block_end].strip():
            block_end += 1
        first = lines[index]
        indent = len(first) - len(first.lstrip(" "))
        if indent >= 4:
            # An indented block after a list continues its last item (ListIndentProcessor).
            if in_list and current is not None:
                current.lines += [(i, 0) for i in range(index, block_end)]
        elif _ITEM.match(first):
            in_list = True
            for i in range(index, block_end):
                item = _ITEM.match(lines[i])
                if item is None:
                    if current is not None:
                        current.lines.append((i, 0))
                    continue
                marker = _MARKER.match(masked[i])
                current = _opening(masked[i], i, marker.end()) if marker else None
                if current is not None:
                    found.append(current)
        else:
            in_list = False
            written = masked[index]
            current = _opening(written, index, len(written) - len(written.lstrip(" \t")))
            if current is not None:
                found.append(current)
                current.lines += [(i, 0) for i in range(index + 1, block_end)]
            current = None  # a paragraph ends with its block
        index = block_end
    return found


def _opening(line: str, index: int, at: int) -> _Found | None:
    m = _OPENING.match(line, at)
    if m is None:
        return None
    written = m[1]
    number = int(written) if written[0] != "0" else -1
    sep = _SEPARATOR.match(line, m.end())
    text_col = sep.end() if sep else m.end()
    return _Found(number, written, index, at, [(index, text_col)])


def parse_requirements(
    doc_id: str,
    uri: str,
    body: str,
    first_line: int,
    *,
    masked: Sequence[str] | None = None,
    meta: Mapping[str, object] | None = None,
    facets: Sequence[Facet] = (),
    parameters: Mapping[str, Parameter] | None = None,
    calls: Iterable[ParamCall] = (),
) -> Parsed:
    """Requirements of one document body, with their keyword findings.

    Args:
        doc_id: The document's ID (requirements are `ID.R<n>`).
        uri: Its path, for locations.
        body: Its Markdown body.
        first_line: The file line of the body's first line.
        masked: The body's lines with code blanked (computed if not given).
        meta: Its front matter (`applies_to`, `requirements` overrides).
        facets: The configured facets.
        parameters: The parameters, to show their values in requirements' plain text.
        calls: Its `param()` calls (file lines), to tell which requirement uses which.
    """
    parsed = Parsed()
    if "**R" not in body:
        return parsed
    if masked is None:
        masked = masked_lines(body)
    ranges = section_ranges(masked)
    if not ranges:
        return parsed
    lines = body.split("\n")
    meta = meta or {}
    default = meta.get("applies_to")
    overrides = meta.get("requirements")
    seen: dict[int, int] = {}
    call_list = list(calls)
    found_all = [f for bounds in ranges for f in find_requirements(lines, masked, *bounds)]
    for found in found_all:
        line, col = first_line + found.index, found.col + 1
        if found.number < 0:
            parsed.issues.append(
                Issue(
                    IssueCode.REQ_DUPLICATE,
                    f"R{found.written}: requirement numbers are positive and have no leading "
                    f"zeros (R{found.written.lstrip('0') or '1'})",
                    SourceLocation(uri, line, col),
                )
            )
            continue
        if found.number in seen:
            parsed.issues.append(
                Issue(
                    IssueCode.REQ_DUPLICATE,
                    f"R{found.number} is already used on line {seen[found.number]}; numbers "
                    f"are never reused: take R{max(seen) + 1} or the next free number",
                    SourceLocation(uri, line, col),
                )
            )
            continue
        seen[found.number] = line
        source, masked_text, positions = _extract(lines, masked, found)
        keyword = _keywords(masked_text, positions, uri, found.number, line, col, parsed.issues)
        last_line = first_line + found.lines[-1][0]
        used: list[str] = []
        for call in call_list:
            if line <= call.line <= last_line and call.name not in used:
                used.append(call.name)
        override = overrides.get(f"R{found.number}") if isinstance(overrides, dict) else None
        parsed.requirements.append(
            Requirement(
                doc_id=doc_id,
                number=found.number,
                line=line,
                col=col,
                source=source,
                text=plain_text(source, parameters or {}),
                keyword=keyword,
                applies_to=resolve(
                    facets,
                    default if isinstance(default, dict) else None,
                    override if isinstance(override, dict) else None,
                ),
                parameters=tuple(used),
                end_line=last_line,
            )
        )
    return parsed


def _extract(
    lines: Sequence[str], masked: Sequence[str], found: _Found
) -> tuple[str, str, list[tuple[int, int, int]]]:
    """The requirement's source (dedented), its masked text, and where each of its lines is.

    Positions: (offset in the masked text, body line index, column of that offset).
    """
    source_parts: list[str] = []
    masked_parts: list[str] = []
    positions: list[tuple[int, int, int]] = []
    offset = 0
    for i, (index, col) in enumerate(found.lines):
        text, blank = lines[index], masked[index]
        if i:
            # Continuation: up to four spaces of indentation belong to the list, not the text.
            col = min(len(text) - len(text.lstrip(" ")), 4)
        source_parts.append(text[col:])
        masked_parts.append(blank[col:])
        positions.append((offset, index, col))
        offset += len(blank) - col + 1
    return "\n".join(source_parts).strip(), "\n".join(masked_parts), positions


def _locate(positions: list[tuple[int, int, int]], offset: int) -> tuple[int, int]:
    """Body line index and 0-based column of `offset` in the requirement's masked text."""
    line, col = positions[0][1], positions[0][2]
    for start, index, first_col in positions:
        if start > offset:
            break
        line, col = index, first_col + offset - start
    return line, col


def _keywords(
    text: str,
    positions: list[tuple[int, int, int]],
    uri: str,
    number: int,
    line: int,
    col: int,
    issues: list[Issue],
) -> str:
    """The requirement's first keyword; findings appended to `issues`."""
    used: list[str] = []
    others: list[str] = []
    at_first = SourceLocation(uri, line, col)
    for m in _KEYWORD.finditer(text):
        word = " ".join(m[1].split())
        if word in NOT_USED:
            others.append(word)
            continue
        if word not in used:
            used.append(word)
        if word == "MAY" and _may_forbids(text, m.start(), m.end()):
            index, at = _locate(positions, m.start())
            issues.append(
                Issue(
                    IssueCode.REQ_MAY_PROHIBITION,
                    f"R{number}: MAY used to forbid: write MUST NOT (MAY grants a permission; "
                    "a negated MAY reads as either 'need not' or 'must not')",
                    SourceLocation(uri, line + index - positions[0][1], at + 1),
                )
            )
    if not used:
        if others:
            instead = NOT_USED[others[0]]
            message = (
                f"R{number}: {others[0]} is not one of this site's keywords; write {instead} "
                "(BCP 14: MUST, MUST NOT, SHOULD, SHOULD NOT, MAY)"
            )
        else:
            message = (
                f"R{number}: no requirement keyword; say how binding it is with MUST, MUST NOT, "
                "SHOULD, SHOULD NOT or MAY (upper case)"
            )
        issues.append(Issue(IssueCode.REQ_NO_KEYWORD, message, at_first))
        return ""
    if len(used) > 1:
        issues.append(
            Issue(
                IssueCode.REQ_MIXED_KEYWORDS,
                f"R{number}: mixes {' and '.join(used)}; split it into one requirement per "
                "keyword so each can be checked on its own",
                at_first,
            )
        )
    return used[0]


def _may_forbids(text: str, start: int, end: int) -> bool:
    """Whether the `MAY` at `start` is negated.

    Negated: a negation before it in its clause, or `MAY not` / `MAY never`.
    """
    if _NEGATED_AFTER.match(text, end):
        return True
    clause_start = 0
    for m in _CLAUSE_END.finditer(text, 0, start):
        clause_start = m.end()
    return _NEGATION.search(text, clause_start, start) is not None


def requirements_of_file(uri: str, data: bytes) -> dict[int, str]:
    """Number → text as written of the requirements in a document file's bytes (for history).

    Problems are ignored: an old version is read for what it said, not checked again.
    """
    from mkdocs_pmo.core.load import split_document

    parsed = split_document(uri, data)
    meta = parsed.meta or {}
    doc_id = meta.get("id") if isinstance(meta.get("id"), str) else "?"
    found = parse_requirements(str(doc_id), uri, parsed.body, parsed.body_line)
    return {req.number: req.source for req in found.requirements}


# -- plain text ----------------------------------------------------------------------------

_PARAM_CALL = re.compile(
    r"\{\{-?\s*param\(\s*(?:name\s*=\s*)?(['\"])(?P<name>[a-z][a-z0-9_]*)\1\s*\)\s*-?\}\}"
)
_PARAM_FIELD = re.compile(
    r"\{\{-?\s*params\.(?P<name>[a-z][a-z0-9_]*)\.(?P<field>value|unit|label|owner|why|display)"
    r"\s*-?\}\}"
)
_REF = re.compile(
    r"\[\[(?P<id>[A-Z][A-Z0-9]*-[0-9]+)(?:\.R(?P<req>[0-9]+)|#[A-Za-z0-9_.:-]*)?"
    r"(?:\|(?P<text>[^\]\n]*))?\]\]"
)
_IMAGE_OR_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_REF_LINK = re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")
_CODE = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.DOTALL)
_EM = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])", re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][^>\n]*>")
_NESTED_ITEM = re.compile(r"[,;]?\n[ \t]*(?:[*+-]|[0-9]+\.)[ \t]+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~])")


def plain_text(source: str, parameters: Mapping[str, Parameter]) -> str:
    """A requirement's Markdown as one line of plain text (for tooltips, pages and exports)."""

    def param(m: re.Match[str]) -> str:
        found = parameters.get(m["name"])
        return found.display if found is not None else m["name"]

    def param_field(m: re.Match[str]) -> str:
        found = parameters.get(m["name"])
        if found is None:
            return m["name"]
        return str(found.as_dict().get(m["field"], ""))

    def ref(m: re.Match[str]) -> str:
        if m["text"] and m["text"].strip():
            return m["text"].strip()
        return f"{m['id']} R{m['req']}" if m["req"] else m["id"]

    text = source
    if "{{" in text:
        text = _PARAM_FIELD.sub(param_field, _PARAM_CALL.sub(param, text))
    text = _NESTED_ITEM.sub("; ", text)
    text = _REF.sub(ref, text)
    text = _IMAGE_OR_LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _CODE.sub(lambda m: m[2].strip(), text)
    text = _STRONG.sub(r"\2", text)
    text = _EM.sub(r"\2", text)
    text = _TAG.sub("", text)
    text = _ESCAPE.sub(r"\1", text)
    text = " ".join(text.split())
    return text.replace(":;", ":")


def shorten(text: str, limit: int = 200) -> str:
    """`text` cut to at most `limit` characters, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rstrip()
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def keyword_rank(keyword: str) -> int:
    """Sort rank of a keyword (MUST first, no keyword last)."""
    try:
        return KEYWORD_ORDER.index(keyword)
    except ValueError:
        return len(KEYWORD_ORDER)
