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
from typing import TYPE_CHECKING, Any, NamedTuple

from mkdocs_pmo.core.body import masked_body
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

# No `\b` in front: a pattern that starts with its alternatives' first letters lets the engine
# skip to the next upper-case M, S, N, R or O; the word start is checked by `_keyword_matches`.
_KEYWORD = re.compile(
    r"(MUST(?:[ \t\n]+NOT)?|SHOULD(?:[ \t\n]+NOT)?|MAY"
    r"|SHALL(?:[ \t\n]+NOT)?|NOT[ \t\n]+RECOMMENDED|RECOMMENDED|REQUIRED|OPTIONAL)\b"
)
#: A word of a clause, for the MAY-prohibition test (`no-one` is one word).
_WORD = re.compile(r"[A-Za-z]+(?:[-'][A-Za-z]+)*")
#: Words that, first in a clause, make its subject negative: "No spend MAY be incurred",
#: "Neither the sponsor nor the PM MAY approve" ("no one" starts with "no").
_NEGATIVE_SUBJECT = frozenset({"no", "nobody", "none", "neither", "nothing", "never", "no-one"})
#: Negative pronouns that negate a MAY they directly precede: "... and nobody MAY commit".
_NEGATIVE_PRONOUN = frozenset({"nobody", "none", "nothing", "no-one"})
#: Conjunctions that may open a clause before its subject: "..., and no other scale MAY".
_CLAUSE_CONJUNCTIONS = frozenset({"and", "but", "or", "so", "yet"})
_PLAIN_KEYWORDS = frozenset({"MUST", "MUST NOT", "SHOULD", "SHOULD NOT"})
_NEGATED_AFTER = re.compile(r"[ \t\n]+(?:not|never)(?![A-Za-z])", re.IGNORECASE)
#: "MUST not", "SHOULD Not": an ordinary "not" after a keyword (RFC 8174: not a keyword).
_PLAIN_NOT = re.compile(r"[ \t\n]+((?!NOT)[Nn][Oo][Tt])(?![A-Za-z])")
#: "No later than G1 the sponsor MAY": a time limit, not a negative subject.
_NOT_SUBJECT = frozenset({"later", "earlier", "sooner"})
#: "Under no circumstances MAY a team...": a negative adverbial right before an inverted MAY.
_NEGATIVE_ADVERBIAL = frozenset(
    {"circumstances", "circumstance", "point", "time", "case", "account", "condition", "event"}
)
#: What ends a clause for the MAY-prohibition test.
_CLAUSE_END = re.compile(r"[.;:!?,()\u2014\u2013]|\s-\s")

_HEADING_ATTRS = re.compile(r"\s*\{[^}]*\}\s*$")
#: python-markdown's list item (`OListProcessor.CHILD_RE`): a marker indented by at most three
#: spaces (its `tab_length` - 1), then at least one space (tabs are expanded first). `1)` is
#: not a marker there.
_ITEM = re.compile(r" {0,3}(?:[*+-]|[0-9]+\.)[ ]+")
#: After `**R3**`: ` — `, ` - `, `: `, `. ` (or just spaces).
_SEPARATOR = r"(?:[ \t]+[\u2014\u2013-](?=[ \t]|$)|:|\.)?[ \t]*"
#: A list item that opens a requirement, on the line as written (masked): marker, `**R3**`,
#: separator. Group 1: the number as written.
_ITEM_OPENING = re.compile(r"[ \t]*(?:[*+-]|[0-9]+\.)[ \t]+\*\*R([0-9]+)\*\*" + _SEPARATOR)
#: A paragraph that opens a requirement.
_PARAGRAPH_OPENING = re.compile(r"[ \t]*\*\*R([0-9]+)\*\*" + _SEPARATOR)


class Opening(NamedTuple):
    """Where a requirement is: body line indices and 0-based columns."""

    #: The number as written (`03` for a wrongly written `R03`).
    written: str
    #: The number, or -1 when written with a leading zero (`R03`, `R0`).
    number: int
    #: The body line (0-based) of its `**R<n>**`, and the column of that `**`.
    row: int
    col: int
    #: Where its text starts on that line (after the separator).
    text_col: int
    #: Its last line (nested items, lazy lines and further paragraphs included).
    last: int
    #: Its Markdown as written from `text_col` to the end of `last` (continuation lines
    #: dedented by up to four spaces, as list content is).
    source: str
    #: The same text with code blanked (not stripped: offsets as in `source` before stripping).
    masked: str


@dataclass
class Parsed:
    """A document's requirements and the problems found with them."""

    requirements: list[Requirement] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


#: A heading of level 1 or 2 as python-markdown reads one (`HashHeaderProcessor`): `#`s at
#: the very start of a line, no space needed after them, closing `#`s dropped.
_TOP_HEADING = re.compile(r"(#{1,2})(?!#)(.*)")


def section_ranges(masked: str) -> list[tuple[int, int]]:
    """Offsets `[start, end)` of the content of each `## Requirements` section of `masked`.

    A section runs from the line after its heading to the next heading of level 1 or 2. (One
    section per document is the convention; a second one is read as the renderer reads it: as
    more requirements.) Headings are found by jumping from line-initial `#` to the next.
    """
    ranges: list[tuple[int, int]] = []
    start: int | None = None
    pos = 0 if masked.startswith("#") else masked.find("\n#")
    while pos != -1:
        at = pos + (masked[pos] == "\n")
        m = _TOP_HEADING.match(masked, at)
        pos = masked.find("\n#", at)
        if m is None:
            continue
        if start is not None:
            ranges.append((start, at))
            start = None
        if len(m[1]) == 2 and SECTION_TITLE in m[2].lower():
            title = _HEADING_ATTRS.sub("", m[2]).strip().rstrip("#").strip()
            if title.lower() == SECTION_TITLE:
                start = m.end() + 1
    if start is not None and start <= len(masked):
        ranges.append((start, len(masked)))
    return ranges


def requirement_openings(body: str, masked: str) -> list[Opening]:
    """Every requirement of `body`'s `## Requirements` sections, in order.

    Blocks and list items are told from the lines as written: an indented paragraph of a list
    item is not code, whatever a scanner without list context says. A requirement's opening
    `**R<n>**` must be outside code (`masked`: the body with code blanked, same offsets).
    """
    found: list[Opening] = []
    for start, end in section_ranges(masked):
        base = body.count("\n", 0, start)
        lines = body[start:end].split("\n")
        blanked = masked[start:end].split("\n") if masked is not body else lines
        found += _openings(lines, blanked, base)
    return found


def _openings(lines: list[str], blanked: list[str], base: int) -> list[Opening]:
    """The requirements among the lines of one section (`base`: the body line of the first)."""
    found: list[list[Any]] = []
    current: list[Any] | None = None  # the list item being read, if it is a requirement
    in_list = False
    count = len(lines)
    i = 0
    while i < count:
        line = lines[i]
        if not line or line.isspace():
            i += 1
            continue
        end = i + 1
        while end < count and lines[end] and not lines[end].isspace():
            end += 1
        # python-markdown expands tabs to four columns before it looks at indentation.
        first = line.expandtabs(4) if "\t" in line else line
        if len(first) - len(first.lstrip(" ")) >= 4:
            # An indented block after a list continues its last item (ListIndentProcessor).
            if in_list and current is not None:
                current[4] = end - 1
        elif _ITEM.match(first):
            in_list = True
            for k in range(i, end):
                text = lines[k]
                if k > i and not _ITEM.match(text.expandtabs(4) if "\t" in text else text):
                    if current is not None:
                        current[4] = k  # a lazy or nested line of the item
                    continue
                m = _ITEM_OPENING.match(blanked[k])
                current = [m[1], k, m.start(1) - 3, m.end(), k] if m else None
                if current is not None:
                    found.append(current)
        else:
            in_list = False
            current = None  # a paragraph ends with its block
            m = _PARAGRAPH_OPENING.match(blanked[i])
            if m:
                found.append([m[1], i, m.start(1) - 3, m.end(), end - 1])
        i = end
    out = []
    for written, index, col, text_col, last in found:
        number = int(written) if written[0] != "0" else -1
        if last == index:  # one line: nothing to dedent or join
            text = lines[index][text_col:]
            out.append(
                Opening(
                    written, number, base + index, col, text_col, base + last, text.strip(),
                    blanked[index][text_col:],
                )
            )  # fmt: skip
            continue
        source = [lines[index][text_col:]]
        masked_text = [blanked[index][text_col:]]
        for k in range(index + 1, last + 1):
            text = lines[k]
            # Up to four spaces of indentation belong to the list, not to the text.
            cut = min(len(text) - len(text.lstrip(" ")), 4)
            source.append(text[cut:])
            masked_text.append(blanked[k][cut:])
        out.append(
            Opening(
                written,
                number,
                base + index,
                col,
                text_col,
                base + last,
                "\n".join(source).strip(),
                "\n".join(masked_text),
            )
        )
    return out


def parse_requirements(
    doc_id: str,
    uri: str,
    body: str,
    first_line: int,
    *,
    masked: str | None = None,
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
        masked: The body with code blanked, same offsets (computed if not given).
        meta: Its front matter (`applies_to`, `requirements` overrides).
        facets: The configured facets.
        parameters: The parameters, to show their values in requirements' plain text.
        calls: Its `param()` calls (file lines), to tell which requirement uses which.
    """
    parsed = Parsed()
    if "**R" not in body:
        return parsed
    if masked is None:
        masked = masked_body(body)
    openings = requirement_openings(body, masked)
    if not openings:
        return parsed
    meta = meta or {}
    default = meta.get("applies_to")
    default = default if isinstance(default, dict) else None
    overrides = meta.get("requirements")
    overrides = overrides if isinstance(overrides, dict) else None
    seen: dict[int, int] = {}
    call_list = list(calls)
    applies = resolve(facets, default)
    values = parameters or {}
    for opening in openings:
        line, col = first_line + opening.row, opening.col + 1
        number = opening.number
        if number < 0 or number in seen:
            highest = max((o.number for o in openings), default=0)
            parsed.issues.append(_numbering_issue(opening, uri, line, col, seen, highest))
            continue
        seen[number] = line
        keyword = _keywords(opening, body, uri, first_line, parsed.issues)
        last_line = first_line + opening.last
        used: list[str] = []
        for call in call_list:
            if line <= call.line <= last_line and call.name not in used:
                used.append(call.name)
        override = overrides.get(f"R{number}") if overrides else None
        parsed.requirements.append(
            Requirement(
                doc_id,
                number,
                line,
                col,
                opening.source,
                keyword,
                applies if not isinstance(override, dict) else resolve(facets, default, override),
                tuple(used),
                last_line,
                values=values,
            )
        )
    return parsed


def _numbering_issue(
    opening: Opening, uri: str, line: int, col: int, seen: Mapping[int, int], highest: int
) -> Issue:
    """A number written badly or used twice; `highest`: the document's highest number."""
    written = opening.written
    if opening.number < 0:
        message = (
            f"R{written}: requirement numbers are positive and have no leading zeros "
            f"(R{written.lstrip('0') or '1'})"
        )
    else:
        message = (
            f"R{written} is already used on line {seen[opening.number]}; numbers are never "
            f"reused: take R{highest + 1}, the next free number"
        )
    return Issue(IssueCode.REQ_DUPLICATE, message, SourceLocation(uri, line, col))


def _position(opening: Opening, body: str, offset: int) -> tuple[int, int]:
    """Body line index and 1-based column of `offset` in `opening.masked`."""
    text = opening.masked
    before = text.count("\n", 0, offset)
    if not before:
        return opening.row, opening.text_col + offset + 1
    line_start = text.rfind("\n", 0, offset) + 1
    index = opening.row + before
    written = body.split("\n")[index]
    cut = min(len(written) - len(written.lstrip(" ")), 4)
    return index, cut + offset - line_start + 1


def _keywords(opening: Opening, body: str, uri: str, first_line: int, issues: list[Issue]) -> str:
    """The requirement's first keyword; findings appended to `issues`."""
    text = opening.masked
    matches = _keyword_matches(text)
    if (
        len(matches) == 1
        and matches[0][1] in _PLAIN_KEYWORDS
        and not _PLAIN_NOT.match(text, matches[0].end())
    ):
        return str(matches[0][1])  # the common case: one keyword, written plainly, not MAY
    used: list[str] = []
    others: list[str] = []
    for m in matches:
        word = m[1]
        if " " in word or "\n" in word or "\t" in word:
            word = " ".join(word.split())
        if word in NOT_USED:
            others.append(word)
        elif word not in used:
            used.append(word)
    number = opening.number
    for m in matches:
        if m[1] in ("MUST", "SHOULD") and (plain := _PLAIN_NOT.match(text, m.end())):
            index, col = _position(opening, body, m.start())
            written = f"{m[1]} {plain[1]}"
            issues.append(
                Issue(
                    IssueCode.REQ_NO_KEYWORD,
                    f"R{number}: '{written}' reads as {m[1]}: write {m[1]} NOT in capitals "
                    "(keywords count only in capitals, RFC 8174)",
                    SourceLocation(uri, first_line + index, col),
                )
            )
        if m[1] == "MAY" and _may_forbids(text, m.start(), m.end()):
            index, col = _position(opening, body, m.start())
            issues.append(
                Issue(
                    IssueCode.REQ_MAY_PROHIBITION,
                    f"R{number}: MAY used to forbid: write MUST NOT (MAY grants a "
                    "permission; a negated MAY reads as either 'need not' or 'must not')",
                    SourceLocation(uri, first_line + index, col),
                )
            )
    if len(used) == 1:
        return used[0]
    at_first = SourceLocation(uri, first_line + opening.row, opening.col + 1)
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
    issues.append(
        Issue(
            IssueCode.REQ_MIXED_KEYWORDS,
            f"R{number}: mixes {' and '.join(used)}; split it into one requirement per "
            "keyword so each can be checked on its own",
            at_first,
        )
    )
    return used[0]


def _keyword_matches(text: str) -> list[re.Match[str]]:
    """The keywords of `text` that start a word, left to right, not overlapping."""
    found: list[re.Match[str]] = []
    search = _KEYWORD.search
    m = search(text)
    while m is not None:
        start = m.start()
        before = text[start - 1] if start else ""
        if before.isalnum() or before == "_":  # inside a word (no `\b` there): look further on
            m = search(text, start + 1)
            continue
        found.append(m)
        m = search(text, m.end())
    return found


def keywords_of(text: str) -> tuple[str, ...]:
    """Every BCP 14 keyword of `text`, in order (`MUST NOT` as one, spacing normalised)."""
    return tuple(" ".join(m[1].split()) for m in _keyword_matches(text))


def _may_forbids(text: str, start: int, end: int) -> bool:
    """Whether the `MAY` at `start` is negated.

    Negated: `MAY not` / `MAY never`, or a negation that is the subject of its clause: the
    clause's first word (after a conjunction) is one ("No spend MAY be incurred", "and nobody
    MAY commit"), or a negative pronoun comes directly before the MAY ("... and nobody MAY").
    A "no" inside a phrase that only qualifies the subject ("A project with no supplier MAY
    skip", "A team that has no sponsor MAY ask") or in a clause of its own ("If no decision
    is made, the PM MAY escalate") leaves the permission a permission.
    """
    if _NEGATED_AFTER.match(text, end):
        return True
    clause_start = 0
    for m in _CLAUSE_END.finditer(text, 0, start):
        clause_start = m.end()
    words = [w.lower() for w in _WORD.findall(text, clause_start, start)]
    if not words:
        return False
    if words[-1] in _NEGATIVE_PRONOUN or words[-2:] == ["no", "one"]:
        return True
    if len(words) > 1 and words[-2] == "no" and words[-1] in _NEGATIVE_ADVERBIAL:
        return True
    # A conjunction inside the clause opens a new one ("... is fine and a team MAY ask");
    # "or" and "nor" join subjects ("No team or sponsor MAY").
    opens = [i for i, w in enumerate(words[:-1]) if w in _CLAUSE_CONJUNCTIONS and w != "or"]
    subject = words[opens[-1] + 1 :] if opens else words
    if subject[0] in _CLAUSE_CONJUNCTIONS and len(subject) > 1:
        subject = subject[1:]
    if subject[0] == "no" and subject[1:2] and subject[1] in _NOT_SUBJECT:
        return False
    return subject[0] in _NEGATIVE_SUBJECT


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


def keyword_rank(keyword: str) -> int:
    """Sort rank of a keyword (MUST first, no keyword last)."""
    try:
        return KEYWORD_ORDER.index(keyword)
    except ValueError:
        return len(KEYWORD_ORDER)
