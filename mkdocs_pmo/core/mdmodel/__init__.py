"""A model of how the site's Markdown renderer parses a body, traced back to the source.

`pmo check` must find `[[ID]]` references exactly where the renderer (python-markdown 3.11
with the site's extensions and the `[[ID]]` inline processor) finds them, without rendering.
This package replays the renderer's own algorithm, stage by stage, on strings that remember
their source offsets (`text.Text`):

1. `NormalizeWhitespace`: line endings, tabs expanded to 4, blank lines emptied (`Source`);
2. SuperFences' fenced-code preprocessor (`fences`);
3. `md_in_html`'s raw HTML extractor, reusing python-markdown's HTML parser (`html`);
4. the block parser with the site's block processors (`blocks`), then the footnotes and task
   list tree processors;
5. the inline patterns that run before the `[[ID]]` processor, in the inline stage's
   breadth-first order (`inline`).

Only what decides where text ends up and which text the inline patterns see is modelled: no
HTML is produced. Known limitations (documented in `mkdocs_pmo.core.body`) are the cases the
model leaves out on purpose.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mkdocs_pmo.core.mdmodel.blocks import BlockParser
from mkdocs_pmo.core.mdmodel.fences import find_fences
from mkdocs_pmo.core.mdmodel.inline import Found, Inline, find_autolinks, visit_texts
from mkdocs_pmo.core.mdmodel.text import Text, lines_join
from mkdocs_pmo.core.mdmodel.tree import El, Stash

if TYPE_CHECKING:
    from mkdocs_pmo.core.mdmodel.fences import Fence

__all__ = ["Found", "Parsed", "Source", "parse"]

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


class Source:
    """The body as `NormalizeWhitespace` leaves it (`normal`), and the way back to the body.

    The normalised text has the body's lines, in the same order: carriage returns become line
    breaks, STX/ETX characters go, tabs are expanded to four columns, lines of spaces are
    emptied, and two blank lines are added at the end.
    """

    def __init__(self, body: str) -> None:
        self.body = body
        lines = _LINE_BREAK.split(body)
        self.body_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(body)]
        normal: list[str] = []
        #: Lines whose columns moved (tabs, STX/ETX): their body line, by line index.
        self._moved: dict[int, str] = {}
        for i, line in enumerate(lines):
            text = line
            if "\t" in text or "\x02" in text or "\x03" in text:
                text = text.replace("\x02", "").replace("\x03", "").expandtabs(4)
                self._moved[i] = line
            if i and text and not text.strip(" "):
                text = ""
            normal.append(text)
        normal += ["", ""]
        self.normal = "\n".join(normal)
        self._normal_lines = normal
        starts = [0]
        for text in normal:
            starts.append(starts[-1] + len(text) + 1)
        self.normal_starts = starts[:-1]

    def lines(self) -> list[Text]:
        """The normalised lines, each knowing its offsets."""
        starts = self.normal_starts
        return [Text.at(line, starts[i]) for i, line in enumerate(self._normal_lines)]

    def locate(self, offset: int) -> tuple[int, int]:
        """0-based line and column in the body of the normalised text's `offset`."""
        line = bisect.bisect_right(self.normal_starts, offset) - 1
        col = offset - self.normal_starts[line]
        original = self._moved.get(line)
        if original is not None:
            col = _body_column(original, col)
        return line, col

    def body_offset(self, offset: int) -> int:
        line, col = self.locate(offset)
        if line >= len(self.body_starts):
            return len(self.body)
        return self.body_starts[line] + col

    def text_of(self, text: Text) -> str:
        """What `text` was in the source (placeholders stand for what they replaced)."""
        if -1 not in text.o:
            return text.s
        first, last = text.first_offset(), text.last_offset()
        return self.normal[first : last + 1] if first >= 0 else text.s


def _body_column(line: str, col: int) -> int:
    """The body column of normalised column `col` on a line with tabs or STX/ETX."""
    width = 0
    for i, c in enumerate(line):
        if c in "\x02\x03":
            continue
        step = 4 - width % 4 if c == "\t" else 1
        if col < width + step:
            return i
        width += step
    return len(line) + (col - width)


@dataclass
class Parsed:
    """What the model finds in a body, in normalised-text offsets."""

    source: Source
    #: References in the order the renderer records them.
    found: list[Found] = field(default_factory=list)
    #: h1-h6 elements, in document (tree) order.
    headings: list[El] = field(default_factory=list)
    #: Inline links `[text](href)`: destination and normalised-text offset of the `[`.
    links: list[tuple[str, int]] = field(default_factory=list)
    #: Code (fences, indented code, code spans), as `(start, end)` ranges.
    code: list[tuple[int, int]] = field(default_factory=list)
    #: Reference definitions (`[label]: <url> "title"`), consumed whole, as `(start, end)`
    #: ranges of their first and last characters (a blockquote's `>` between them included).
    definitions: list[tuple[int, int]] = field(default_factory=list)
    #: Autolinks and automatic email links in Markdown text (never in raw HTML), `(start, end)`.
    autolinks: list[tuple[int, int]] = field(default_factory=list)


def parse(body: str, pattern: re.Pattern[str]) -> Parsed:
    """Run the model over `body`, recording the references `pattern` matches."""
    source = Source(body)
    parsed = Parsed(source)
    if not body.strip():
        return parsed
    stash = Stash()
    lines = source.lines()
    fences: list[Fence] = []
    if "```" in source.normal or "~~~" in source.normal:
        lines, fences = find_fences(lines, stash)
    text = lines_join(lines)
    gate = source.normal
    if "<" in text.s:
        from mkdocs_pmo.core.mdmodel.html import extract_html

        text = extract_html(text, stash)
        # Setting raw HTML aside can join the spaces on either side into an indent.
        gate += text.s
    parser = BlockParser(stash, {fence.key: fence for fence in fences}, gate)
    root = El("div")
    parser.parse_chunk(root, text)
    parser.add_footnotes(root)
    normal = source.normal
    if "[ ]" in normal or "[x]" in normal or "[X]" in normal:
        parser.mark_tasks(root)
    inline = Inline(pattern, parser.references, parser.footnotes.keys())
    if "<" in normal and ("@" in normal or "://" in normal):
        process = inline.process

        def process_and_find_autolinks(text: Text) -> None:
            parsed.autolinks.extend(find_autolinks(text))
            process(text)

        visit_texts(root, process_and_find_autolinks)
    else:
        visit_texts(root, inline.process)
    parsed.found = inline.found
    parsed.links = inline.links
    parsed.headings = [el for el in root.iter() if el.tag in _HEADINGS]
    for fence in fences:
        parsed.code.extend(fence.code)
    for code in [*parser.code, *inline.code]:
        first, last = code.first_offset(), code.last_offset()
        if first >= 0:
            parsed.code.append((first, last + 1))
    for definition in parser.definitions:
        first, last = definition.first_offset(), definition.last_offset()
        if first >= 0:
            parsed.definitions.append((first, last + 1))
    return parsed
