"""python-markdown's block parser, with the site's block extensions, on `Text`.

A line-for-line port of `markdown.blockparser`/`blockprocessors` 3.11 and of the block
processors of admonition, pymdownx.details, pymdownx.tabbed (alternate style), md_in_html,
def_list, tables, footnotes and abbr, in the renderer's priority order. Ported rather than
approximated because the outcome depends on details that rules of thumb miss: whether an
indented block is code or list content depends on the previous sibling and the parser state,
a heading anywhere in a block splits it, a table row splits at `|` even inside `[[ID|text]]`.
Only what decides where text goes is kept: no attributes beyond those processors test, no
HTML escaping, no highlighting.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mkdocs_pmo.core.mdmodel.text import EMPTY, NEWLINE, Text, lines_join
from mkdocs_pmo.core.mdmodel.tree import El, sub

if TYPE_CHECKING:
    from collections.abc import Callable

    from mkdocs_pmo.core.mdmodel.fences import Fence
    from mkdocs_pmo.core.mdmodel.tree import Stash

TAB = 4
INDENT = " " * TAB

_ADMONITION_RE = re.compile(r'(?:^|\n)!!! ?([\w\-]+(?: +[\w\-]+)*)(?: +"(.*?)")? *(?:\n|$)')
_DETAILS_RE = re.compile(
    r"(?:^|\n)\?{3}(\+)? ?"
    r'(?:([\w\-]+(?: +[\w\-]+)*?)?(?: +"(.*?)")|([\w\-]+(?: +[\w\-]+)*?)) *(?:\n|$)'
)
_DETAILS_HEADING = re.compile(r"^(?P<level>#{1,6})(?P<header>(?:\\.|[^\\]|#+(?=[^#\n]))*?)#*$")
_SPACES = re.compile("  +")
_TABBED_RE = re.compile(r'(?:^|\n)={3}(\+|\+!|!\+|!)? +"(.*?)" *(?:\n|$)')
_TABBED_SET = "tabbed-set tabbed-alternate"
_HTML_PLACEHOLDER_RE = re.compile("\x02wzxhzdk:([0-9]+)\x03")
_FENCED_BLOCK_RE = re.compile("^([\\> ]*)\x02(wzxhzdk:([0-9]+))\x03$")
_LIST_INDENT_RE = re.compile(r"^(([ ]{4})+)")
_TABLE_PIPES = re.compile(r"(?:(\\\\)|(\\`+)|(`+)|(\\\|)|(\|))")
_TABLE_END_BORDER = re.compile(r"(?<!\\)(?:\\\\)*\|$")
_HASH_HEADER = re.compile(
    r"(?:^|\n)(?P<level>#{1,6})(?P<header>(?:\\.|[^\\#]|#+(?=[^#\n]))*?)#*(?:\n|$)"
)
_SETEXT = re.compile(r"^.*?\n(?:=+|-+)[ ]*(\n|$)", re.MULTILINE)
_HR = re.compile(
    r"^[ ]{0,3}(?=(?P<atomicgroup>(-+[ ]{0,2}){3,}|(_+[ ]{0,2}){3,}|(\*+[ ]{0,2}){3,}))"
    r"(?P=atomicgroup)[ ]*$",
    re.MULTILINE,
)
_OL = re.compile(r"^[ ]{0,3}\d+\.[ ]+(.*)")
_UL = re.compile(r"^[ ]{0,3}[*+-][ ]+(.*)")
_LIST_CHILD = re.compile(r"^[ ]{0,3}((\d+\.)|[*+-])[ ]+(.*)")
_LIST_NESTED = re.compile(r"^[ ]{4,7}((\d+\.)|[*+-])[ ]+.*")
_DEFLIST = re.compile(r"(^|\n)[ ]{0,3}:[ ]{1,3}(.*?)(\n|$)")
_DEFLIST_NO_INDENT = re.compile(r"^[ ]{0,3}[^ :]")
_QUOTE = re.compile(r"(^|\n)[ ]{0,3}>[ ]?(.*)")
_FOOTNOTE = re.compile(r"^[ ]{0,3}\[\^([^\]]*)\]:[ ]*(.*)$", re.MULTILINE)
_ABBR = re.compile(r"^[*]\[(?P<abbr>[^\\]*?)\][ ]?:[ ]*\n?[ ]*(?P<title>.*)$", re.MULTILINE)
_REFERENCE = re.compile(
    r"^[ ]{0,3}\[([^\[\]]*)\]:[ ]*(?:\n[ ]*)?([^\s]+)[ ]*(?:\n[ ]*)?"
    r"""((["\'])(.*)\4[ ]*|\((.*)\)[ ]*)?$""",
    re.MULTILINE,
)
_CHECKBOX = re.compile(r"^(?P<checkbox> *\[(?P<state>(?:x|X| ){1})\] +)(?P<line>.*)", re.DOTALL)
#: python-markdown's footnote placeholders (`FN_BACKLINK_TEXT`, `NBSP_PLACEHOLDER`).
_NBSP_PLACEHOLDER = "\x02qq3936677670287331zz\x03"
_FOOTNOTE_MARKER = "///Footnotes Go Here///"

_Processor = tuple["Callable[[El, Text], bool]", "Callable[[El, list[Text]], bool | None]"]


def _line_search(pattern: re.Pattern[str], s: str, marker: str) -> re.Match[str] | None:
    """`pattern.search(s)`, for a pattern anchored at line starts holding `marker` there.

    Such a pattern has no literal prefix, so a plain search tries it at every character;
    no match can start before the line of the first `marker`, so the search starts there.
    """
    i = s.find(marker)
    if i == -1:
        return None
    return pattern.search(s, max(s.rfind("\n", 0, i), 0))


def _detab(text: Text, length: int = TAB) -> tuple[Text, Text]:
    """`BlockProcessor.detab`: the indented lines (unindented) and the rest."""
    prefix = " " * length
    out: list[Text] = []
    lines = text.split("\n")
    for line in lines:
        if line.s.startswith(prefix):
            out.append(line[length:])
        elif not line.s.strip():
            out.append(EMPTY)
        else:
            break
    return lines_join(out), lines_join(lines[len(out) :])


def _loose_detab(text: Text, level: int = 1) -> Text:
    """`BlockProcessor.looseDetab`: remove `level` indents where present."""
    width = TAB * level
    prefix = " " * width
    return lines_join(
        line[width:] if line.s.startswith(prefix) else line for line in text.split("\n")
    )


def _footnote_detab(text: Text) -> Text:
    return lines_join(
        line[TAB:] if line.s.startswith(INDENT) else line for line in text.split("\n")
    )


def _move_text_to_p(item: El) -> None:
    """A list item's (or definition's) loose text becomes its first paragraph."""
    p = El("p")
    p.text = item.text
    item.text = EMPTY
    item.insert(0, p)


def _loose_text_to_last_p(container: El) -> None:
    """A block continued in a list item or definition: its loose text, a last paragraph.

    Appended after the children, as pymdownx's admonition, details and tabs do.
    """
    if container.tag in ("li", "dd") and container.text:
        text = container.text
        container.text = EMPTY
        sub(container, "p").text = text


class BlockParser:
    """`markdown.blockparser.BlockParser` with the site's block processors."""

    def __init__(self, stash: Stash, fences: dict[str, Fence], source: str) -> None:
        """A parser for one document.

        Args:
            stash: The raw HTML (and `md_in_html` elements) set aside so far.
            fences: The fences SuperFences found, by placeholder key.
            source: The normalised source (and the text after raw HTML was set aside):
                processors that cannot match anything in it
                (no `!!!` anywhere, no `|`...) are left out, which changes nothing but time.
        """
        self.stash = stash
        self.fences = fences
        self.state: list[str] = []
        #: Reference definitions' destinations by label (the last definition wins, as in
        #: python-markdown's `md.references`).
        self.references: dict[str, str] = {}
        #: Reference definitions (`[label]: url "title"`), each as the text it consumed.
        self.definitions: list[Text] = []
        self.footnotes: dict[str, Text] = {}
        #: Indented code blocks, for the code mask.
        self.code: list[Text] = []
        self._admonition: tuple[El | None, int] = (None, 0)
        self._details: tuple[El | None, int] = (None, 0)
        self._tabbed: tuple[El | None, int] = (None, 0)
        self._tab_groups = 0
        self._hr: re.Match[str] | None = None
        self._border = 0
        self._separator: list[str] = []
        always = self._always
        html = "<" in source
        indented = INDENT in source
        candidates: list[tuple[bool, _Processor]] = [
            # An admonition div may also come from HTML with `markdown` and that class.
            (
                "!!!" in source or "admonition" in source,
                (self._admonition_test, self._admonition_run),
            ),
            ("???" in source or html, (self._details_test, self._details_run)),
            ("===" in source or html, (self._tabbed_test, self._tabbed_run)),
            (any(isinstance(b, El) for b in stash.blocks), (always, self._md_in_html_run)),
            (True, (self._empty_test, self._empty_run)),
            (indented, (self._indent_test, self._indent_run)),
            (indented, (self._defindent_test, self._defindent_run)),
            (indented, (always, self._code_run)),
            ("|" in source, (self._table_test, self._table_run)),
            ("#" in source, (self._hash_test, self._hash_run)),
            ("=" in source or "-" in source, (self._setext_test, self._setext_run)),
            ("-" in source or "_" in source or "*" in source, (self._hr_test, self._hr_run)),
            ("." in source, (self._olist_test, self._olist_run)),
            ("*" in source or "+" in source or "-" in source, (self._ulist_test, self._ulist_run)),
            (":" in source, (self._deflist_test, self._deflist_run)),
            (">" in source, (self._quote_test, self._quote_run)),
            ("[^" in source, (always, self._footnote_run)),
            ("*[" in source, (always, self._abbr_run)),
            ("]:" in source, (always, self._reference_run)),
            (True, (always, self._paragraph_run)),
        ]
        self.processors: list[_Processor] = [proc for keep, proc in candidates if keep]

    # Parser -------------------------------------------------------------------------------

    def parse_chunk(self, parent: El, text: Text) -> None:
        self.parse_blocks(parent, text.split("\n\n"))

    def parse_blocks(self, parent: El, blocks: list[Text]) -> None:
        processors = self.processors
        while blocks:
            for test, run in processors:
                if test(parent, blocks[0]) and run(parent, blocks) is not False:
                    break

    def _is(self, state: str) -> bool:
        return bool(self.state) and self.state[-1] == state

    @staticmethod
    def _always(parent: El, block: Text) -> bool:
        return True

    # Admonition, details, tabbed: a marker line, then content indented under it -----------

    def _container_content(
        self, parent: El, block: Text, is_container: Callable[[El], bool], kind: str
    ) -> tuple[El | None, Text, Text]:
        """`parse_content` of admonition, details and tabbed.

        Returns the container an indented block continues (possibly a list item inside it),
        the block detabbed, and the rest.
        """
        held, indent = getattr(self, kind)
        if held is not None:
            setattr(self, kind, (None, 0))
            block, rest = _detab(block, indent)
            return held, block, rest
        old_block = block
        rest = EMPTY
        sibling = parent.last()
        if sibling is None or not is_container(sibling):
            return None, block, rest
        if kind == "_tabbed":
            content = sibling.last()
            last_child = content.last() if content is not None else None
            child_class = last_child.get("class") if last_child is not None else ""
        else:
            last_child = sibling.last()
            child_class = ""
        indent = 0
        candidate: El | None = sibling
        while last_child is not None:
            nested_tab = kind == "_tabbed" and (
                last_child.tag == "div" and child_class == "tabbed-block"
            )
            if (
                candidate is not None
                and block.s.startswith(INDENT * 2)
                and (last_child.tag in ("ul", "ol", "dl") or nested_tab)
            ):
                if nested_tab:
                    temp = last_child.last()
                    if temp is None or temp.tag not in ("ul", "ol", "dl"):
                        break
                    last_child = temp
                candidate = last_child.last()
                last_child = candidate.last() if candidate is not None else None
                child_class = last_child.get("class") if last_child is not None else ""
                block = block[TAB:]
                indent += TAB
            else:
                last_child = None
        if not block.s.startswith(INDENT):
            candidate = None
        if candidate is not None:
            indent += TAB
            block, rest = _detab(old_block, indent)
            setattr(self, kind, (candidate, indent))
        return candidate, block, rest

    @staticmethod
    def _is_admonition(el: El) -> bool:
        return el.tag == "div" and el.get("class").find("admonition") != -1

    def _admonition_test(self, parent: El, block: Text) -> bool:
        if _line_search(_ADMONITION_RE, block.s, "!!!"):
            return True
        return (
            self._container_content(parent, block, self._is_admonition, "_admonition")[0]
            is not None
        )

    def _admonition_run(self, parent: El, blocks: list[Text]) -> None:
        block = blocks.pop(0)
        m = _line_search(_ADMONITION_RE, block.s, "!!!")
        if m:
            if m.start() > 0:
                self.parse_blocks(parent, [block[: m.start()]])
            title = block[m.start(2) : m.end(2)] if m.group(2) is not None else None
            block, rest = _detab(block[m.end() :])
            klass = _SPACES.sub(" ", m.group(1).lower())
            div = sub(parent, "div", {"class": f"admonition {klass}"})
            if title is None or title:
                p = sub(div, "p", {"class": "admonition-title"})
                p.text = title or Text.made(klass.split(" ", 1)[0].capitalize())
        else:
            sibling, block, rest = self._container_content(
                parent, block, self._is_admonition, "_admonition"
            )
            assert sibling is not None
            _loose_text_to_last_p(sibling)
            div = sibling
        self.parse_chunk(div, block)
        if rest:
            blocks.insert(0, rest)

    @staticmethod
    def _is_details(el: El) -> bool:
        return el.tag.lower() == "details"

    def _details_test(self, parent: El, block: Text) -> bool:
        if _line_search(_DETAILS_RE, block.s, "???"):
            return True
        return self._container_content(parent, block, self._is_details, "_details")[0] is not None

    def _details_run(self, parent: El, blocks: list[Text]) -> None:
        block = blocks.pop(0)
        m = _line_search(_DETAILS_RE, block.s, "???")
        if m:
            if m.start() > 0:
                self.parse_blocks(parent, [block[: m.start()]])
            whole = block
            block, rest = _detab(block[m.end() :])
            div = sub(parent, "details")
            summary = sub(div, "summary")
            if m.group(4):
                class_name = _SPACES.sub(" ", m.group(4).lower())
                title = Text.made(class_name.split(" ")[0].capitalize())
            else:
                title = whole[m.start(3) : m.end(3)] if m.group(3) is not None else EMPTY
            m2 = _DETAILS_HEADING.match(title.s)
            if m2:
                h = sub(summary, f"h{len(m2.group('level'))}")
                h.text = title[m2.start("header") : m2.end("header")].strip()
                h.pos = title.first_offset()
                h.end = title.last_offset()
            else:
                summary.text = title
        else:
            sibling, block, rest = self._container_content(
                parent, block, self._is_details, "_details"
            )
            assert sibling is not None
            _loose_text_to_last_p(sibling)
            div = sibling
        self.parse_chunk(div, block)
        if rest:
            blocks.insert(0, rest)

    @staticmethod
    def _is_tab_set(el: El) -> bool:
        return el.tag.lower() == "div" and el.get("class") == _TABBED_SET

    def _tabbed_test(self, parent: El, block: Text) -> bool:
        if _line_search(_TABBED_RE, block.s, "==="):
            return True
        return self._container_content(parent, block, self._is_tab_set, "_tabbed")[0] is not None

    def _tabbed_run(self, parent: El, blocks: list[Text]) -> None:
        block = blocks.pop(0)
        m = _line_search(_TABBED_RE, block.s, "===")
        if m:
            if m.start() > 0:
                self.parse_blocks(parent, [block[: m.start()]])
            title = block[m.start(2) : m.end(2)]
            sibling = parent.last()
            block, rest = _detab(block[m.end() :])
            special = m.group(1) or ""
            if sibling is not None and self._is_tab_set(sibling) and "!" not in special:
                group = sibling
                index = sum(1 for child in group if child.tag == "input")
                labels = next(c for c in group if c.get("class") == "tabbed-labels")
                content = next(c for c in group if c.get("class") == "tabbed-content")
            else:
                self._tab_groups += 1
                group = sub(parent, "div", {"class": _TABBED_SET})
                index = 0
                labels = sub(group, "div", {"class": "tabbed-labels"})
                content = sub(group, "div", {"class": "tabbed-content"})
            group.insert(index, El("input"))
            sub(labels, "label").text = title
            div = sub(content, "div", {"class": "tabbed-block"})
        else:
            found, block, rest = self._container_content(parent, block, self._is_tab_set, "_tabbed")
            assert found is not None
            if found.tag == "div" and found.get("class") == _TABBED_SET:
                div = found.children[-1].children[-1]
            else:
                _loose_text_to_last_p(found)
                div = found
        self.parse_chunk(div, block)
        if rest:
            blocks.insert(0, rest)

    # md_in_html ---------------------------------------------------------------------------

    def _md_in_html_run(self, parent: El, blocks: list[Text]) -> bool:
        m = _HTML_PLACEHOLDER_RE.match(blocks[0].s)
        if m:
            index = int(m.group(1))
            element = self.stash.blocks[index]
            if isinstance(element, El):
                block = blocks.pop(0)
                parent.append(element)
                self._parse_element_content(element)
                self.stash.blocks[index] = ""
                content = block[m.end(0) :]
                if content:
                    blocks.insert(0, content)
                return True
        return False

    def _parse_element_content(self, element: El) -> None:
        state = element.attrib.pop("markdown", "off")
        if state == "block":
            if element.text:
                block = element.text.rstrip("\n")
                element.text = EMPTY
                self.parse_blocks(element, block.split("\n\n"))
        elif state == "span":
            block = element.text if element.text is not None else EMPTY
            element.text = EMPTY
            child: El | None = None
            start = 0
            for m in _HTML_PLACEHOLDER_RE.finditer(block.s):
                index = int(m.group(1))
                el = self.stash.blocks[index]
                end = m.start()
                if isinstance(el, El):
                    if child is None:
                        element.text = element.text + block[start:end]
                    else:
                        child.tail = (child.tail or EMPTY) + block[start:end]
                    element.append(el)
                    self._parse_element_content(el)
                    child = el
                    if child.tail is None:
                        child.tail = EMPTY
                    self.stash.blocks[index] = ""
                elif child is None:
                    element.text = element.text + block[start:end]
                else:
                    child.tail = (child.tail or EMPTY) + block[start:end]
                start = end
            if child is None:
                element.text = element.text + block[start:]
            else:
                child.tail = (child.tail or EMPTY) + block[start:]
        else:
            if element.text is None:
                element.text = EMPTY
            element.text_atomic = True
            for child in list(element.children):
                self._parse_element_content(child)
                if child.tail:
                    child.tail_atomic = True

    # Core processors ----------------------------------------------------------------------

    @staticmethod
    def _empty_test(parent: El, block: Text) -> bool:
        return not block or block.s.startswith("\n")

    def _empty_run(self, parent: El, blocks: list[Text]) -> None:
        block = blocks.pop(0)
        if block:
            rest = block[1:]
            if rest:
                blocks.insert(0, rest)

    def _list_indent_test(
        self, parent: El, block: Text, items: tuple[str, ...], lists: tuple[str, ...]
    ) -> bool:
        return (
            block.s.startswith(INDENT)
            and not self._is("detabbed")
            and (
                parent.tag in items or (bool(parent.children) and parent.children[-1].tag in lists)
            )
        )

    def _indent_test(self, parent: El, block: Text) -> bool:
        return self._list_indent_test(parent, block, ("li",), ("ul", "ol"))

    def _defindent_test(self, parent: El, block: Text) -> bool:
        return self._list_indent_test(parent, block, ("dd", "li"), ("dl", "ol", "ul"))

    def _indent_run(self, parent: El, blocks: list[Text]) -> None:
        self._list_indent_run(parent, blocks, ("li",), ("ul", "ol"), "li")

    def _defindent_run(self, parent: El, blocks: list[Text]) -> None:
        self._list_indent_run(parent, blocks, ("dd", "li"), ("dl", "ol", "ul"), "dd")

    def _list_indent_run(
        self,
        parent: El,
        blocks: list[Text],
        items: tuple[str, ...],
        lists: tuple[str, ...],
        new_item: str,
    ) -> None:
        block = blocks.pop(0)
        m = _LIST_INDENT_RE.match(block.s)
        indent_level = len(m.group(1)) // TAB if m else 0
        level = 1 if self._is("list") else 0
        sibling = parent
        while indent_level > level:
            child = sibling.last()
            if child is not None and (child.tag in lists or child.tag in items):
                if child.tag in lists:
                    level += 1
                sibling = child
            else:
                break
        block = _loose_detab(block, level)
        self.state.append("detabbed")
        if parent.tag in items:
            if parent.children and parent.children[-1].tag in lists:
                self.parse_blocks(parent.children[-1], [block])
            else:
                self.parse_blocks(parent, [block])
        elif sibling.tag in items:
            self.parse_blocks(sibling, [block])
        elif sibling.children and sibling.children[-1].tag in items:
            if sibling.children[-1].text:
                _move_text_to_p(sibling.children[-1])
            self.parse_chunk(sibling.children[-1], block)
        else:
            self.parse_blocks(sub(sibling, new_item), [block])
        self.state.pop()

    def _revert_fences(self, block: Text) -> Text:
        """SuperFences' `revert_greedy_fences`: fences inside indented code become code."""
        out: list[Text] = []
        for line in block.split("\n"):
            m = _FENCED_BLOCK_RE.match(line.s)
            fence = self.fences.pop(m.group(2), None) if m else None
            if m is None or fence is None:
                out.append(line)
                continue
            cut = fence.indent - len(m.group(1))
            out.append(lines_join(original[cut:] for original in fence.lines))
        return lines_join(out)

    def _code_run(self, parent: El, blocks: list[Text]) -> bool:
        if not blocks[0].s.startswith(INDENT):
            return False
        blocks[0] = self._revert_fences(blocks[0])
        sibling = parent.last()
        block = blocks.pop(0)
        code, rest = _detab(block)
        self.code.append(code)
        if sibling is None or sibling.tag != "pre" or not sibling.children:
            pre = sub(parent, "pre")
            sub(pre, "code").text_atomic = True
        if rest:
            blocks.insert(0, rest)
        return True

    def _split_row(self, row: Text) -> list[Text]:
        if self._border:
            if row.s.startswith("|"):
                row = row[1:]
            m = _TABLE_END_BORDER.search(row.s) if row.s.endswith("|") else None
            if m:
                row = row[: m.start()]
        return self._split_cells(row)

    @staticmethod
    def _split_cells(row: Text) -> list[Text]:
        """`TableProcessor._split`: cells at `|`s outside code spans and escapes."""
        s = row.s
        pipes: list[int] = []
        tics: list[int] = []
        tic_points: list[tuple[int, int, int]] = []
        for m in _TABLE_PIPES.finditer(s):
            if m.group(2):
                tics.append(len(m.group(2)) - 1)
                tic_points.append((m.start(2), m.end(2) - 1, 1))
            elif m.group(3):
                tics.append(len(m.group(3)))
                tic_points.append((m.start(3), m.end(3) - 1, 0))
            elif m.group(5):
                pipes.append(m.start(5))
        regions: list[tuple[int, int]] = []
        pos = 0
        while pos < len(tics):
            size = tics[pos] - tic_points[pos][2]
            try:
                if size == 0:
                    raise ValueError
                index = tics[pos + 1 :].index(size) + 1
                regions.append((tic_points[pos][0], tic_points[pos + index][1]))
                pos += index + 1
            except ValueError:
                pos += 1
        good: list[int] = []
        for pipe in pipes:
            thrown_out = False
            for first, last in regions:
                if pipe < first:
                    break
                if first <= pipe <= last:
                    thrown_out = True
                    break
            if not thrown_out:
                good.append(pipe)
        cells: list[Text] = []
        pos = 0
        for pipe in good:
            cells.append(row[pos:pipe])
            pos = pipe + 1
        cells.append(row[pos:])
        return cells

    def _table_test(self, parent: El, block: Text) -> bool:
        if "|" not in block.s:
            return False
        rows = [row.strip(" ") for row in block.split("\n")]
        if len(rows) < 2:
            return False
        header = rows[0]
        self._border = 0
        if header.s.startswith("|"):
            self._border |= 1
        if header.s.endswith("|") and _TABLE_END_BORDER.search(header.s) is not None:
            self._border |= 2
        width = len(self._split_row(header))
        is_table = width > 1
        if not is_table and width == 1 and self._border:
            for row in rows[1:]:
                is_table = row.s.startswith("|") or (
                    row.s.endswith("|") and _TABLE_END_BORDER.search(row.s) is not None
                )
                if not is_table:
                    break
        if is_table:
            separator = [cell.s for cell in self._split_row(rows[1])]
            is_table = len(separator) == width and set("".join(separator)) <= set("|:- ")
            if is_table:
                self._separator = separator
        return is_table

    def _table_run(self, parent: El, blocks: list[Text]) -> None:
        lines = blocks.pop(0).split("\n")
        columns = len(self._separator)
        table = sub(parent, "table")
        self._table_row(lines[0].strip(" "), sub(table, "thead"), "th", columns)
        body = sub(table, "tbody")
        if len(lines) < 3:
            row = sub(body, "tr")
            for _ in range(columns):
                sub(row, "td")
        for line in lines[2:]:
            self._table_row(line.strip(" "), body, "td", columns)

    def _table_row(self, line: Text, parent: El, tag: str, columns: int) -> None:
        row = sub(parent, "tr")
        cells = self._split_row(line)
        for i in range(columns):
            sub(row, tag).text = cells[i].strip(" ") if i < len(cells) else EMPTY

    @staticmethod
    def _hash_test(parent: El, block: Text) -> bool:
        return _line_search(_HASH_HEADER, block.s, "#") is not None

    def _hash_run(self, parent: El, blocks: list[Text]) -> None:
        block = blocks.pop(0)
        m = _line_search(_HASH_HEADER, block.s, "#")
        assert m is not None
        before = block[: m.start()]
        after = block[m.end() :]
        if before:
            self.parse_blocks(parent, [before])
        h = sub(parent, f"h{len(m.group('level'))}")
        h.text = block[m.start("header") : m.end("header")].strip()
        h.pos = block.o[m.start("level")]
        h.end = block[m.start("level") : m.end()].rstrip("\n").last_offset()
        if after:
            if self._is("looselist"):
                after = _loose_detab(after)
            blocks.insert(0, after)

    @staticmethod
    def _setext_test(parent: El, block: Text) -> bool:
        s = block.s
        newline = s.find("\n")  # the second line must start with `=` or `-`
        return (
            newline != -1
            and s[newline + 1 : newline + 2] in ("=", "-")
            and (_SETEXT.match(s) is not None)
        )

    def _setext_run(self, parent: El, blocks: list[Text]) -> None:
        lines = blocks.pop(0).split("\n")
        h = sub(parent, "h1" if lines[1].s.startswith("=") else "h2")
        h.text = lines[0].strip()
        h.pos = lines[0].first_offset()
        if h.pos < 0:
            h.pos = max(lines[1].first_offset() - 1, 0)
        h.end = lines[1].last_offset()
        if len(lines) > 2:
            blocks.insert(0, lines_join(lines[2:]))

    def _hr_test(self, parent: El, block: Text) -> bool:
        s = block.s
        # A rule is three or more of one of these: count first, the pattern is slow.
        if s.count("-") < 3 and s.count("*") < 3 and s.count("_") < 3:
            return False
        self._hr = _HR.search(s)
        return self._hr is not None

    def _hr_run(self, parent: El, blocks: list[Text]) -> None:
        block = blocks.pop(0)
        match = self._hr
        assert match is not None
        before = block[: match.start()].rstrip("\n")
        if before:
            self.parse_blocks(parent, [before])
        sub(parent, "hr")
        after = block[match.end() :].lstrip("\n")
        if after:
            blocks.insert(0, after)

    @staticmethod
    def _olist_test(parent: El, block: Text) -> bool:
        return _OL.match(block.s) is not None

    @staticmethod
    def _ulist_test(parent: El, block: Text) -> bool:
        return _UL.match(block.s) is not None

    def _olist_run(self, parent: El, blocks: list[Text]) -> None:
        self._list_run(parent, blocks, "ol")

    def _ulist_run(self, parent: El, blocks: list[Text]) -> None:
        self._list_run(parent, blocks, "ul")

    def _list_run(self, parent: El, blocks: list[Text], tag: str) -> None:
        items = self._list_items(blocks.pop(0))
        sibling = parent.last()
        if sibling is not None and sibling.tag in ("ol", "ul"):
            lst = sibling
            last_item = lst.children[-1]
            if last_item.text:
                _move_text_to_p(last_item)
            last_child = last_item.last()
            if last_child is not None and last_child.tail:
                sub(last_item, "p").text = last_child.tail.lstrip()
                last_child.tail = EMPTY
            li = sub(lst, "li")
            self.state.append("looselist")
            self.parse_blocks(li, [items.pop(0)])
            self.state.pop()
        elif parent.tag in ("ol", "ul"):
            lst = parent
        else:
            lst = sub(parent, tag)
        self.state.append("list")
        for item in items:
            if item.s.startswith(INDENT):
                self.parse_blocks(lst.children[-1], [item])
            else:
                self.parse_blocks(sub(lst, "li"), [item])
        self.state.pop()

    @staticmethod
    def _list_items(block: Text) -> list[Text]:
        items: list[Text] = []
        for line in block.split("\n"):
            m = _LIST_CHILD.match(line.s)
            if m:
                items.append(line[m.start(3) : m.end(3)])
            elif _LIST_NESTED.match(line.s) and not items[-1].s.startswith(INDENT):
                items.append(line)
            else:
                items[-1] = items[-1] + NEWLINE + line
        return items

    @staticmethod
    def _deflist_test(parent: El, block: Text) -> bool:
        return _line_search(_DEFLIST, block.s, ":") is not None

    def _deflist_run(self, parent: El, blocks: list[Text]) -> bool | None:
        raw = blocks.pop(0)
        m = _line_search(_DEFLIST, raw.s, ":")
        assert m is not None
        terms = [term.strip() for term in raw[: m.start()].split("\n") if term.s.strip()]
        block = raw[m.end() :]
        rest: Text | None
        if _DEFLIST_NO_INDENT.match(block.s):
            d, rest = block, None
        else:
            d, rest = _detab(block)
        definition = raw[m.start(2) : m.end(2)]
        d = definition + NEWLINE + d if d else definition
        sibling = parent.last()
        if not terms and sibling is None:
            blocks.insert(0, raw)
            return False
        if not terms and sibling is not None and sibling.tag == "p":
            state = "looselist"
            terms = (sibling.text or EMPTY).split("\n")
            parent.remove(sibling)
            sibling = parent.last()
        else:
            state = "list"
        if sibling is not None and sibling.tag == "dl":
            dl = sibling
            last = dl.last()
            if not terms and last is not None and last.tag == "dd" and last.children:
                state = "looselist"
        else:
            dl = sub(parent, "dl")
        for term in terms:
            sub(dl, "dt").text = term
        self.state.append(state)
        self.parse_blocks(sub(dl, "dd"), [d])
        self.state.pop()
        if rest:
            blocks.insert(0, rest)
        return None

    @staticmethod
    def _quote_test(parent: El, block: Text) -> bool:
        return _line_search(_QUOTE, block.s, ">") is not None

    def _quote_run(self, parent: El, blocks: list[Text]) -> None:
        block = blocks.pop(0)
        m = _line_search(_QUOTE, block.s, ">")
        if m:
            self.parse_blocks(parent, [block[: m.start()]])
            block = lines_join(self._unquote(line) for line in block[m.start() :].split("\n"))
        sibling = parent.last()
        quote = sibling if sibling is not None and sibling.tag == "blockquote" else None
        if quote is None:
            quote = sub(parent, "blockquote")
        self.state.append("blockquote")
        self.parse_chunk(quote, block)
        self.state.pop()

    @staticmethod
    def _unquote(line: Text) -> Text:
        if line.s.strip() == ">":
            return EMPTY
        m = _QUOTE.match(line.s)
        return line[m.start(2) : m.end(2)] if m else line

    def _footnote_run(self, parent: El, blocks: list[Text]) -> bool:
        block = blocks.pop(0)
        s = block.s
        m = _FOOTNOTE.search(s) if "[^" in s else None
        if m is None:
            blocks.insert(0, block)
            return False
        preceding = block[: m.start()]
        for m2 in _FOOTNOTE.finditer(s, m.end()):
            if s[m.end() : m2.start()].strip("\n"):
                break
            self.footnotes[m.group(1)] = block[m.start(2) : m.end(2)].rstrip()
            m = m2
        key = m.group(1)
        first = block[m.start(2) : m.end(2)]
        fn_blocks = [first]
        rest = block[m.end() :].lstrip("\n")
        next_one = _FOOTNOTE.search(rest.s)
        if next_one:
            before = rest[: next_one.start()].rstrip("\n")
            fn_blocks[0] = lines_join([first, _footnote_detab(before)]).lstrip("\n")
            blocks.insert(0, rest[next_one.start() :])
        else:
            fn_blocks[0] = lines_join([first, _footnote_detab(rest)]).strip("\n")
            while blocks and blocks[0].s.startswith(INDENT):
                more = blocks.pop(0)
                m3 = _FOOTNOTE.search(more.s)
                if m3:
                    fn_blocks.append(_footnote_detab(more[: m3.start()].rstrip("\n")))
                    blocks.insert(0, more[m3.start() :])
                    break
                fn_blocks.append(_footnote_detab(more))
        self.footnotes[key] = Text.made("\n\n").join(fn_blocks).rstrip()
        if preceding.s.strip():
            blocks.insert(0, preceding.rstrip("\n"))
        return True

    def _abbr_run(self, parent: El, blocks: list[Text]) -> bool:
        block = blocks.pop(0)
        m = _ABBR.search(block.s) if "*[" in block.s else None
        if m and m.group("abbr").strip() and m.group("title").strip():
            if block.s[m.end() :].strip():
                blocks.insert(0, block[m.end() :].lstrip("\n"))
            if block.s[: m.start()].strip():
                blocks.insert(0, block[: m.start()].rstrip("\n"))
            return True
        blocks.insert(0, block)
        return False

    def _reference_run(self, parent: El, blocks: list[Text]) -> bool:
        block = blocks.pop(0)
        s = block.s
        m = _REFERENCE.search(s) if "]:" in s else None
        if m is None:
            blocks.insert(0, block)
            return False
        start = end = m.start()
        for m2 in _REFERENCE.finditer(s, start):
            if m2.start() > start and (s[end : m2.start()].strip("\n") or "\n" in m2.group()):
                break
            self.references[m2.group(1).strip().lower()] = m2.group(2).lstrip("<").rstrip(">")
            self.definitions.append(block[m2.start() : m2.end()])
            end = m2.end()
        if s[end:].strip():
            blocks.insert(0, block[end:].lstrip("\n"))
        if s[:start].strip():
            blocks.insert(0, block[:start].rstrip("\n"))
        return True

    def _paragraph_run(self, parent: El, blocks: list[Text]) -> None:
        block = blocks.pop(0)
        if not block.s.strip():
            return
        if self._is("list"):
            sibling = parent.last()
            if sibling is not None:
                sibling.tail = sibling.tail + NEWLINE + block if sibling.tail else NEWLINE + block
            elif parent.text:
                parent.text = parent.text + NEWLINE + block
            else:
                parent.text = block.lstrip()
        else:
            sub(parent, "p").text = block.lstrip()

    # Tree processors that run before the inline stage ---------------------------------------

    def add_footnotes(self, root: El) -> None:
        """`FootnoteTreeprocessor`: the footnotes, parsed now, in a div at the marker or end."""
        if not self.footnotes:
            return
        div = El("div", {"class": "footnote"})
        sub(div, "hr")
        ol = sub(div, "ol")
        holder = El("div")
        # A footnote defined inside another one comes too late for this loop: python-markdown
        # skips it (or fails, when other footnotes are still to come).
        for key in list(self.footnotes):
            li = sub(ol, "li")
            self.parse_chunk(holder, self.footnotes[key])
            li.children.extend(holder.children)
            holder.children = []
            if li.children and li.children[-1].tag == "p":
                last = li.children[-1]
                last.text = (last.text or EMPTY) + _NBSP_PLACEHOLDER
            elif li.children:
                sub(li, "p")
        found = _find_marker(root)
        if found is None:
            root.append(div)
            return
        child, parent, in_text = found
        index = parent.children.index(child)
        if in_text:
            parent.remove(child)
            parent.insert(index, div)
        else:
            parent.insert(index + 1, div)
            child.tail = None

    def mark_tasks(self, root: El) -> None:
        """`TasklistTreeprocessor`: a leading `[ ]`/`[x]` becomes a (raw HTML) checkbox."""
        for li in root.iter():
            if li.tag != "li":
                continue
            target = li
            if not li.text:
                first = li.children[0] if li.children else None
                if first is None or first.tag != "p" or first.text is None:
                    continue
                target = first
            text = target.text
            assert text is not None
            m = _CHECKBOX.match(text.s)
            if m is not None:
                placeholder = self.stash.store("")
                box = Text.placeholder(placeholder, text.o[0], text.o[m.end("checkbox") - 1])
                target.text = box + text[m.start("line") :]


def _find_marker(root: El) -> tuple[El, El, bool] | None:
    for child in root.children:
        if child.text and _FOOTNOTE_MARKER in child.text.s:
            return child, root, True
        if child.tail and _FOOTNOTE_MARKER in child.tail.s:
            return child, root, False
        found = _find_marker(child)
        if found is not None:
            return found
    return None
