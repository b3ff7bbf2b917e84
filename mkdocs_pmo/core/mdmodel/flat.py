"""The shortcut for flat documents: the model's answers without running the model.

Most documents are flat: paragraphs, `#` headings, single-line list items and tables, with no
indentation, blockquotes, code, HTML, escapes, links, footnotes or extension blocks. For
these the model reduces to a few rules, applied here on plain strings:

- blocks split at blank lines; a block whose first two lines are a table header and
  separator is a table, else a `#` line splits it into what comes before (a block of its
  own), the heading, and what comes after (another block); a block that starts with a list
  item is a list, anything else a paragraph;
- a table row splits into cells at every `|` (so `[[ID|text]]` in a table is not a
  reference), and cells past the header's count are dropped;
- the inline stage finds exactly the `[[ID]]` pattern's matches (nothing that runs before it
  can match) and visits texts breadth first: paragraphs and headings, then tight list items,
  then the paragraphs of loose list items (a list right after another list continues it: the
  last item of the first and the first item of the second become paragraphs), then table
  cells.

`scan_flat` returns None as soon as a document leaves that ground, and the model runs. A test
checks the shortcut against the model on generated flat documents.

This runs for every document of every check, so it is written for speed: whole-block string
methods and a few regular expressions instead of per-line loops, checks that run over the
whole text only for single characters, and named tuples made with `tuple.__new__`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mkdocs_pmo.core.model import BodyLink, Heading, requirement_number

#: Characters that need the model: code, HTML, escapes, tabs, odd line ends, tilde fences.
_NOT_FLAT_CHARS = ("`", "<", "\\", "\t", "\r", "\x02", "\x03", "~")
_ITEM = r"(?:\d+\.|[*+-]) +"
_ITEM_ATOMIC = r"(?:\d+\.|[*+-]) ++"  # no backtracking into the spaces after the marker
#: A list item's content that the parser takes as another block (heading, quote, definition,
#: abbreviation, footnote, reference, list, rule).
_BAD_CONTENT = r"(?:[#>:]|\*\[|\[\^|\[[^\[\]\n]*\]:|" + _ITEM + r"|[-*_ ]*(?:\n|$))"
#: Lines that need the model: indented, quoted, definitions, setext underlines, admonitions,
#: details, tabs, abbreviations, footnotes, references, rules, and such list items.
_BAD_LINE = (
    r"(?:[ >:=!?]|\*\[|\[\^|\[[^\[\]\n]*\]:|[-*_][-*_ ]*(?:\n|$)|" + _ITEM + _BAD_CONTENT + ")"
)
#: First characters of the lines `_BAD_LINE` may match.
_SPECIAL_FIRST = frozenset(" >:=!?*_-[+0123456789")
_BAD_FIRST_LINE = re.compile(_BAD_LINE)
#: The lookahead lets most lines fail on their first character.
_BAD_OTHER_LINE = re.compile(r"\n(?=[ >:=!?*_\-\[+0-9])" + _BAD_LINE)
#: Lines the admonition, details and tabs processors take even inside a table (a block's
#: first line is checked with `_BAD_FIRST_LINE`; a leading `\n` makes the search fast).
_TABLE_BAD_LINE = re.compile(r"\n(?:!!!|\?\?\?|===)")
_LIST_ITEM = re.compile(_ITEM)
#: A list item line holding no other block (matched line by line: `map` keeps the loop in C).
_PLAIN_ITEM = re.compile(rf"{_ITEM_ATOMIC}(?!{_BAD_CONTENT})")
#: attr_list's heading attributes (`AttrListTreeprocessor.HEADER_RE`).
_HEADER_ATTRS = re.compile(r"[ ]+\{\:?[ ]*([^\}\n ][^\n]*)\}[ ]*$")
_make = tuple.__new__

#: A heading, the offset of its first line and the offset just after its last line.
Section = tuple[Heading, int, int]


def heading_text(text: str) -> str:
    """A heading's text as written (stripped, as the parser keeps it), without attributes."""
    text = text.strip()
    if "{" in text:
        m = _HEADER_ATTRS.search(text)
        if m:
            text = text[: m.start()].rstrip("#").rstrip()
    return text


@dataclass
class Flat:
    """References (in the renderer's order) and headings of a flat document."""

    links: list[BodyLink] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


def _only_items(block: str) -> bool:
    """Whether every line of a block is a list item holding no other block."""
    return all(map(_PLAIN_ITEM.match, block.split("\n")))


def _split_row(row: str, border: bool) -> tuple[list[str], int]:
    """Cells of a table row (no code or escapes in a flat document), and where they start."""
    start = 0
    if border:
        if row.startswith("|"):
            row = row[1:]
            start = 1
        if row.endswith("|"):
            row = row[:-1]
    return row.split("|"), start


def _table_width(lines: list[str]) -> int:
    """The number of columns if `lines` start with a table header and separator, else 0."""
    header = lines[0].strip(" ")
    border = header.startswith("|") or header.endswith("|")
    width = len(_split_row(header, border)[0])
    is_table = width > 1
    if not is_table and width == 1 and border:
        for line in lines[1:]:
            row = line.strip(" ")
            is_table = row.startswith("|") or row.endswith("|")
            if not is_table:
                break
    if not is_table:
        return 0
    separator = _split_row(lines[1].strip(" "), border)[0]
    if len(separator) != width or not set("".join(separator)) <= set("|:- "):
        return 0
    return width


class _Scanner:
    """Walks the blocks in order, keeping references by the inline stage's queue depth."""

    def __init__(self, pattern: re.Pattern[str], first_line: int) -> None:
        self.finditer = pattern.finditer
        self.first_line = first_line
        #: References by depth: paragraphs and headings, tight list items, loose list items,
        #: table cells.
        self.levels: tuple[list[BodyLink], ...] = ([], [], [], [])
        self.sections: list[Section] = []
        #: The kind of the last part parsed: a list right after a list continues it.
        self.last = ""
        #: References in the last list item (at depth 1), moved if the list continues.
        self.last_item = 0

    def links(self, text: str, line: int, col: int) -> list[BodyLink]:
        """The references in one line of text that starts at column `col` (0-based)."""
        line += self.first_line
        col += 1
        out: list[BodyLink] = []
        for m in self.finditer(text):
            target, req, anchor, label = m.groups()  # `link_pattern`'s groups, in order
            label = label.strip() if label else ""
            link = (target, line, col + m.start(), anchor or "", label, requirement_number(req))
            out.append(_make(BodyLink, link))
        return out

    def located(self, block: str, line: int) -> list[BodyLink]:
        """The references in a block of lines (whose first line is `line`)."""
        out: list[BodyLink] = []
        line += self.first_line
        last = 0
        line_start = -1
        for m in self.finditer(block):
            pos = m.start()
            newlines = block.count("\n", last, pos)
            if newlines:
                line += newlines
                line_start = block.rfind("\n", 0, pos)
            last = pos
            target, req, anchor, label = m.groups()
            label = label.strip() if label else ""
            link = (target, line, pos - line_start, anchor or "", label, requirement_number(req))
            out.append(_make(BodyLink, link))
        return out

    def attach(self) -> None:
        """This list continues the previous one: its last item becomes a paragraph."""
        count = self.last_item
        if count:
            tight = self.levels[1]
            self.levels[2].extend(tight[-count:])
            del tight[-count:]

    def run(self, body: str) -> bool:
        """Walk the blocks of `body`; False if it is not flat."""
        special = _SPECIAL_FIRST
        line = 0
        start = 0
        for chunk in body.split("\n\n"):
            size = len(chunk)
            if not size:
                line += 2
                start += 2
                continue
            if chunk[0] == "\n" or chunk[-1] == "\n":  # more than one blank line
                block = chunk.strip("\n")
                total = chunk.count("\n")
                if not block:
                    line += total + 2
                    start += size + 2
                    continue
                lead = size - len(chunk.lstrip("\n"))
                at_line, at = line + lead, start + lead
                newline = block.find("\n")
            else:
                block, at_line, at = chunk, line, start
                newline = block.find("\n")
                total = block.count("\n", newline + 1) + 1 if newline != -1 else 0
            first = block[0]
            if newline == -1:  # one line: the commonest blocks
                refs = "[[" in block
                if refs and "](" in block:
                    return False  # an inline link shares the text with references
                if first == "#":
                    self.heading(block, at_line, at)
                elif first in special:
                    if _BAD_FIRST_LINE.match(block):
                        return False
                    if _LIST_ITEM.match(block):
                        if not self.listing(block, at_line):
                            return False
                    else:
                        if refs:
                            self.levels[0].extend(self.links(block, at_line, 0))
                        self.last = "p"
                else:
                    if refs:
                        self.levels[0].extend(self.links(block, at_line, 0))
                    self.last = "p"
            elif first in special and _BAD_FIRST_LINE.match(block):
                return False
            elif "[[" not in block and "#" not in block:
                if not self.kind_only(block, newline):
                    return False
            elif "](" in block or not self.part(block, at_line, at):
                return False  # an inline link shares the text with references, or not flat
            line += total + 2
            start += size + 2
        return True

    def kind_only(self, block: str, newline: int) -> bool:
        """Note the kind of a block with nothing to record (a list continues a list)."""
        if newline != -1 and "|" in block[:newline] and _table_width(block.split("\n")):
            if _TABLE_BAD_LINE.search(block):
                return False
            self.last = "table"
        elif _LIST_ITEM.match(block):
            if not _only_items(block):
                return False
            if self.last == "list":
                self.attach()
            self.last_item = 0
            self.last = "list"
        elif newline != -1 and _BAD_OTHER_LINE.search(block):
            return False
        else:
            self.last = "p"
        return True

    def heading(self, text: str, line: int, start: int) -> None:
        level = len(text) - len(text.lstrip("#"))
        if level > 6:
            level = 6
        header = text[level:].rstrip("#")
        if "[[" in header:
            self.levels[0].extend(self.links(header, line, level))
        title = heading_text(header) if "{" in header else header.strip()
        self.sections.append(
            (_make(Heading, (level, title, self.first_line + line)), start, start + len(text) + 1)
        )
        self.last = "h"

    def part(self, block: str, line: int, start: int) -> bool:
        """A block (or what is left of one) the parser takes as one piece.

        A table if its first two lines say so; else it splits at its first `#` line; else
        a list or a paragraph.
        """
        if block[0] in _SPECIAL_FIRST and _BAD_FIRST_LINE.match(block):
            return False
        newline = block.find("\n")
        if newline != -1 and "|" in block[:newline]:
            lines = block.split("\n")
            width = _table_width(lines)
            if width:
                if _TABLE_BAD_LINE.search(block):
                    return False
                self.table(lines, line, width)
                self.last = "table"
                return True
        pos = 0 if block[0] == "#" else block.find("\n#") + 1
        if pos or block[0] == "#":
            if pos and not self.part(block[: pos - 1], line, start):
                return False
            end = block.find("\n", pos)
            k = block.count("\n", 0, pos)
            self.heading(block[pos:end] if end != -1 else block[pos:], line + k, start + pos)
            return end == -1 or self.part(block[end + 1 :], line + k + 1, start + end + 1)
        if _LIST_ITEM.match(block):
            return self.listing(block, line)
        if newline != -1 and _BAD_OTHER_LINE.search(block):
            return False
        if "[[" in block:
            if "  \n" in block:
                return False  # a hard line break inside the paragraph
            self.levels[0].extend(self.located(block, line))
        self.last = "p"
        return True

    def listing(self, block: str, line: int) -> bool:
        if not _only_items(block):
            return False  # a lazy continuation line, or an item holding another block
        attached = self.last == "list"
        if attached:
            self.attach()
        count = 0
        if "[[" in block:
            tight, loose = self.levels[1], self.levels[2]
            first = self.first_line + line
            last = first + block.count("\n")
            for link in self.located(block, line):
                if attached and link.line == first:
                    loose.append(link)  # the first item continues the previous list
                    continue
                tight.append(link)
                if link.line == last:
                    count += 1
        self.last_item = count
        self.last = "list"
        return True

    def table(self, lines: list[str], line: int, width: int) -> None:
        header = lines[0].strip(" ")
        border = header.startswith("|") or header.endswith("|")
        found = self.levels[3]
        for k, text in enumerate(lines):
            if k == 1 or "[[" not in text:
                continue
            row = text.strip(" ")
            start = len(text) - len(text.lstrip(" "))
            if border:  # `_split_row`, keeping the offset
                if row.startswith("|"):
                    row = row[1:]
                    start += 1
                if row.endswith("|"):
                    row = row[:-1]
            for cell in row.split("|", width)[:width]:
                if "[[" in cell:
                    lead = len(cell) - len(cell.lstrip(" "))
                    found.extend(self.links(cell.strip(" "), line + k, start + lead))
                start += len(cell) + 1


def scan_flat(body: str, pattern: re.Pattern[str], first_line: int = 1) -> Flat | None:
    """References and headings of a flat `body`, or None if it is not flat."""
    for char in _NOT_FLAT_CHARS:
        if char in body:
            return None
    if (":" in body and "]:" in body) or ("^" in body and "[^" in body):
        return None  # a reference or footnote definition (possibly in a list item)
    scanner = _Scanner(pattern, first_line)
    if not scanner.run(body):
        return None
    levels = scanner.levels
    return Flat(levels[0] + levels[1] + levels[2] + levels[3], scanner.sections)
