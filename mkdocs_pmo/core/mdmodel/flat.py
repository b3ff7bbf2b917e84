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
checks the shortcut against the model on generated flat documents. The checks that run over
the whole text are single-character searches and one regular expression anchored on line
breaks; blocks without a `[[` or a `#` are only classified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: Characters that need the model: code, HTML, escapes, tabs, odd line ends, tilde fences.
_NOT_FLAT_CHARS = ("`", "<", "\\", "\t", "\r", "\x02", "\x03", "~")
_ITEM = r"(?:\d+\.|[*+-]) +"
#: Lines that need the model: indented, quoted, definitions, setext underlines, admonitions,
#: details, tabs, abbreviations, footnotes, references, rules, and list items holding one of
#: these or another list.
_BAD_LINE = (
    r"(?:[ >:=!?]|\*\[|\[\^|\[[^\[\]\n]*\]:|[-*_][-*_ ]*(?:\n|$)"
    rf"|{_ITEM}(?:[#>:]|\*\[|\[\^|\[[^\[\]\n]*\]:|{_ITEM}|[-*_ ]*(?:\n|$)))"
)
_BAD_FIRST_LINE = re.compile(_BAD_LINE)
_BAD_OTHER_LINE = re.compile("\n" + _BAD_LINE)
_LIST_ITEM = re.compile(_ITEM)
#: A block of list items only (no lazy continuation line).
_ITEMS_ONLY = re.compile(rf"(?:{_ITEM}[^\n]*\n)*{_ITEM}[^\n]*")

_Ref = tuple[re.Match[str], int, int]


@dataclass
class Flat:
    """References (in the renderer's order) and headings of a flat document."""

    #: `(match, line, offset)`: the match was found in a text starting `offset` columns into
    #: the (0-based) line.
    refs: list[_Ref] = field(default_factory=list)
    #: `(level, text, line, start, end)`: start and end offsets of the heading's line.
    headings: list[tuple[int, str, int, int, int]] = field(default_factory=list)


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

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.finditer = pattern.finditer
        #: References by depth: paragraphs and headings, tight list items, loose list items,
        #: table cells.
        self.levels: tuple[list[_Ref], list[_Ref], list[_Ref], list[_Ref]] = ([], [], [], [])
        self.headings: list[tuple[int, str, int, int, int]] = []
        #: The kind of the last part parsed: a list right after a list continues it.
        self.last = ""
        #: References in the last list item (at depth 1), moved if the list continues.
        self.last_item = 0

    def attach(self) -> None:
        """This list continues the previous one: its last item becomes a paragraph."""
        count = self.last_item
        if count:
            tight = self.levels[1]
            self.levels[2].extend(tight[-count:])
            del tight[-count:]

    def block(self, block: str, line: int, start: int) -> bool:
        """A block (no blank line) at `line` and offset `start`; False if not flat."""
        if "[[" not in block and "#" not in block:
            # Nothing to record: only its kind matters.
            if "|" in block and "\n" in block and _table_width(block.split("\n")):
                self.last = "table"
            elif _LIST_ITEM.match(block):
                if self.last == "list":
                    self.attach()
                self.last_item = 0
                self.last = "list"
            else:
                self.last = "p"
            return True
        if block[0] == "#" and "\n" not in block:
            self.heading(block, line, start)
            return True
        return self.part(block.split("\n"), line, start)

    def heading(self, text: str, line: int, start: int) -> None:
        level = len(text) - len(text.lstrip("#"))
        if level > 6:
            level = 6
        header = text[level:].rstrip("#")
        if "[[" in header:
            self.levels[0].extend((m, line, level) for m in self.finditer(header))
        self.headings.append((level, header.strip(), line, start, start + len(text)))
        self.last = "h"

    def part(self, lines: list[str], line: int, start: int) -> bool:
        """Lines of a block the parser takes as one: a table, or split at `#` lines."""
        if len(lines) > 1 and "|" in lines[0]:
            width = _table_width(lines)
            if width:
                self.table(lines, line, width)
                self.last = "table"
                return True
        offset = start
        for k, text in enumerate(lines):
            if text[:1] == "#":
                if k and not self.part(lines[:k], line, start):
                    return False
                self.heading(text, line + k, offset)
                offset += len(text) + 1
                return k + 1 == len(lines) or self.part(lines[k + 1 :], line + k + 1, offset)
            offset += len(text) + 1
        if _LIST_ITEM.match(lines[0]):
            return self.listing(lines, line)
        found = self.levels[0]
        last = len(lines) - 1
        for k, text in enumerate(lines):
            if "[[" in text:
                if k < last and text.endswith("  "):
                    return False  # a hard line break inside the paragraph
                found.extend((m, line + k, 0) for m in self.finditer(text))
        self.last = "p"
        return True

    def listing(self, lines: list[str], line: int) -> bool:
        if _ITEMS_ONLY.fullmatch("\n".join(lines)) is None:
            return False  # a lazy continuation line
        if self.last == "list":
            self.attach()
            first = 2
        else:
            first = 1
        levels = self.levels
        count = 0
        for k, text in enumerate(lines):
            count = 0
            if "[[" in text:
                offset = _LIST_ITEM.match(text).end()  # type: ignore[union-attr]
                found = levels[first if not k else 1]
                before = len(found)
                found.extend((m, line + k, offset) for m in self.finditer(text[offset:]))
                # The last item moves if the list continues, unless it is a paragraph already.
                count = len(found) - before if k or first == 1 else 0
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
            cells, start = _split_row(text.strip(" "), border)
            for cell in cells[:width]:
                stripped = cell.strip(" ")
                if "[[" in stripped:
                    offset = start + len(cell) - len(cell.lstrip(" "))
                    found.extend((m, line + k, offset) for m in self.finditer(stripped))
                start += len(cell) + 1


def scan_flat(body: str, pattern: re.Pattern[str]) -> Flat | None:
    """References and headings of a flat `body`, or None if it is not flat."""
    for char in _NOT_FLAT_CHARS:
        if char in body:
            return None
    if "(" in body and "](" in body:
        return None  # an inline link: its text and destination are not plain text
    if (":" in body and "]:" in body) or ("^" in body and "[^" in body):
        return None  # a reference or footnote definition (possibly in a list item)
    if _BAD_FIRST_LINE.match(body) or _BAD_OTHER_LINE.search(body):
        return None
    scanner = _Scanner(pattern)
    line = 0
    start = 0
    for chunk in body.split("\n\n"):
        block = chunk.strip("\n")
        if block:
            blank = len(chunk) - len(chunk.lstrip("\n"))
            if not scanner.block(block, line + blank, start + blank):
                return None
        line += chunk.count("\n") + 2
        start += len(chunk) + 2
    levels = scanner.levels
    return Flat(levels[0] + levels[1] + levels[2] + levels[3], scanner.headings)
