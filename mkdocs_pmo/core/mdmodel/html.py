"""Raw HTML blocks as `md_in_html`'s `HtmlBlockPreprocessor` sets them aside.

python-markdown finds raw HTML with a patched copy of the standard library's `HTMLParser`
(`markdown.htmlparser`). This module reuses that parser, so tags, comments and declarations
are tokenised exactly as the renderer tokenises them, and ports the handlers of
`HTMLExtractor` and `md_in_html.HTMLExtractorExtra` so that what they keep carries source
offsets: a block-level tag at a line start opens a raw block (stashed, never Markdown) unless
it has a `markdown` attribute, whose content becomes an element for the block parser; other
tags, comments inside inline tags, entities stay in the text for the inline stage.

python-markdown is imported only for bodies that contain `<`.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from mkdocs_pmo.core.mdmodel.text import EMPTY, Text
from mkdocs_pmo.core.mdmodel.tree import El, Stash

if TYPE_CHECKING:
    from collections.abc import Sequence

_BLANK_LINE = re.compile(r"^([ ]*\n){2}")
_INNER_BLANK_LINE = re.compile(r"\n[ \t]*\n")


class _Md:
    """The part of `markdown.Markdown` the extractor reads."""

    def __init__(self, block_level_elements: list[str]) -> None:
        self.block_level_elements = block_level_elements

    def is_block_level(self, tag: object) -> bool:
        return isinstance(tag, str) and tag.lower().rstrip("/") in self.block_level_elements


class _Builder:
    """`xml.etree.ElementTree.TreeBuilder` building `El` with `Text`."""

    def __init__(self) -> None:
        self._data: list[Text] = []
        self._elem: list[El] = []
        self._last: El | None = None
        self._tail = False
        self._root: El | None = None

    def _flush(self) -> None:
        if self._data:
            if self._last is not None:
                text = EMPTY.join(self._data)
                if self._tail:
                    self._last.tail = text
                else:
                    self._last.text = text
            self._data = []

    def data(self, data: Text) -> None:
        self._data.append(data)

    def start(self, tag: str, attrs: dict[str, str]) -> El:
        self._flush()
        el = El(tag, dict(attrs))
        if self._elem:
            self._elem[-1].append(el)
        elif self._root is None:
            self._root = el
        self._elem.append(el)
        self._tail = False
        self._last = el
        return el

    def end(self, tag: str) -> El:
        self._flush()
        self._last = self._elem.pop()
        self._tail = True
        return self._last

    def close(self) -> El:
        assert self._root is not None
        return self._root


@functools.cache
def _extractor_class() -> type[Any]:
    from markdown import util
    from markdown.extensions import md_in_html
    from markdown.htmlparser import htmlparser  # type: ignore[attr-defined]

    # Typed as Any: this subclass replaces the handlers' types (`Text`, `El`) on purpose.
    base: Any = md_in_html.HTMLExtractorExtra

    class Extractor(base):
        """`HTMLExtractorExtra` keeping source offsets in everything it passes on."""

        # Set by the base classes' `reset`.
        inraw: bool
        intail: bool
        stack: list[str]
        inline_stack: list[str]
        mdstack: list[str]
        mdstate: list[str | None]
        mdstarted: list[bool]
        treebuilder: _Builder

        def __init__(self, source: Text, stash: Stash) -> None:
            self.source = source
            self.stash = stash
            self.line_starts = [0] + [m.end() for m in re.finditer("\n", source.s)]
            super().__init__(_Md(list(util.BLOCK_LEVEL_ELEMENTS)))

        def reset(self) -> None:
            super().reset()
            self.treebuilder = _Builder()
            self.cleandoc: list[Text] = []
            self._cache: list[Text] = []

        # Offsets ------------------------------------------------------------------------

        def _src(self, data: str) -> Text:
            """`data`, read by the parser at its current position."""
            line, col = self.getpos()
            pos = self.line_starts[line - 1] + col
            source = self.source
            if source.s.startswith(data, pos):
                return source[pos : pos + len(data)]
            offsets = list(source.o[pos : pos + len(data)])
            return Text(data, offsets + [-1] * (len(data) - len(offsets)))

        def _store(self, value: El | Text) -> Text:
            placeholder = self.stash.store(value if isinstance(value, El) else "")
            if isinstance(value, El):
                return Text.made(placeholder)
            return Text.placeholder(placeholder, value.first_offset(), value.last_offset())

        def get_element(self) -> El:
            element = self.treebuilder.close()
            self.treebuilder = _Builder()
            return element

        # HTMLExtractor ------------------------------------------------------------------

        def close(self) -> None:
            htmlparser.HTMLParser.close(self)
            if len(self.rawdata):
                self.handle_data(self.rawdata)
            if self._cache:
                self.cleandoc.append(self._store(EMPTY.join(self._cache)))
                self._cache = []
            if self.mdstack:
                self.handle_endtag(self.mdstack[0])

        def _base_starttag(self, tag: str, attrs: Any) -> None:
            if tag in self.empty_tags:
                self.handle_startendtag(tag, attrs)
                return
            if self.md.is_block_level(tag) and (
                self.intail or (self.at_line_start() and not self.inraw)
            ):
                self.inraw = True
                self.cleandoc.append(Text.made("\n"))
            text = self._src(self.get_starttag_text())
            if self.inraw:
                self.stack.append(tag)
                self._cache.append(text)
            else:
                self.cleandoc.append(text)
                self.open_inline_tag(tag)
                if tag in self.CDATA_CONTENT_ELEMENTS:
                    self.clear_cdata_mode()

        def _base_endtag(self, tag: str) -> None:
            text = self._src(self.get_endtag_text(tag))
            if self.inraw:
                self._cache.append(text)
                if tag in self.stack:
                    while self.stack:
                        if self.stack.pop() == tag:
                            break
                if len(self.stack) == 0:
                    after = self.rawdata[self.line_offset + self.offset + len(text) :]
                    if _BLANK_LINE.match(after):
                        self._cache.append(Text.made("\n"))
                    else:
                        self.intail = True
                    self.inraw = False
                    self.cleandoc.append(self._store(EMPTY.join(self._cache)))
                    self.cleandoc.append(Text.made("\n\n"))
                    self._cache = []
            else:
                self.cleandoc.append(text)
                self.close_inline_tag(tag)

        def _base_data(self, data: Text) -> None:
            if self.intail and "\n" in data.s:
                self.intail = False
            if self.inraw:
                self._cache.append(data)
            else:
                if _INNER_BLANK_LINE.search(data.s):
                    self.inline_stack = []
                self.cleandoc.append(data)

        def _base_empty_tag(self, data: Text, is_block: bool) -> None:
            if self.inraw or self.intail:
                self._cache.append(data)
            elif self.at_line_start() and is_block:
                after = self.rawdata[self.line_offset + self.offset + len(data) :]
                if _BLANK_LINE.match(after):
                    data = data + "\n"
                else:
                    self.intail = True
                item = self.cleandoc[-1] if self.cleandoc else EMPTY
                if not item.endswith("\n\n") and item.endswith("\n"):
                    self.cleandoc.append(Text.made("\n"))
                self.cleandoc.append(self._store(data))
                self.cleandoc.append(Text.made("\n\n"))
            else:
                self.cleandoc.append(data)

        def handle_charref(self, name: str) -> None:
            self._empty_tag(self._src(f"&#{name};"), is_block=False)

        def handle_entityref(self, name: str) -> None:
            self._empty_tag(self._src(f"&{name};"), is_block=False)

        def handle_comment(self, data: str) -> None:
            text = f"<!--{data}-->"
            is_block = bool(_INNER_BLANK_LINE.search(data)) or not self.inline_close_follows(text)
            self._empty_tag(self._src(text), is_block=is_block)

        def handle_decl(self, data: str) -> None:
            self._empty_tag(self._src(f"<!{data}>"), is_block=True)

        def handle_pi(self, data: str) -> None:
            self._empty_tag(self._src(f"<?{data}?>"), is_block=True)

        def unknown_decl(self, data: str) -> None:
            end = "]]>" if data.startswith("CDATA[") else "]>"
            self._empty_tag(self._src(f"<![{data}{end}"), is_block=True)

        # HTMLExtractorExtra -------------------------------------------------------------

        def _markdown_attr_tag(self, tag: str, attrs: dict[str, str]) -> Text:
            import xml.etree.ElementTree as etree

            attrs.pop("markdown")
            element = etree.Element(tag, attrs)
            return Text.made(etree.tostring(element, encoding="unicode", method="html"))

        def handle_starttag(self, tag: str, attrs: Sequence[tuple[str, str | None]]) -> None:
            if tag in self.empty_tags and (self.at_line_start() or self.intail):
                values = {key: value if value is not None else key for key, value in attrs}
                if "markdown" in values:
                    data = self._markdown_attr_tag(tag, values)
                else:
                    data = self._src(self.get_starttag_text())
                self._empty_tag(data, True)
                return
            if tag in self.block_level_tags and (
                self.at_line_start() or self.intail or (self.mdstarted and self.mdstarted[-1])
            ):
                values = {key: value if value is not None else key for key, value in attrs}
                state = self.get_state(tag, values)
                if self.inraw or (state in [None, "off"] and not self.mdstack):
                    values.pop("markdown", None)
                    self._base_starttag(tag, values)
                else:
                    if "p" in self.mdstack and tag in self.block_level_tags:
                        self.handle_endtag("p")
                    self.mdstate.append(state)
                    self.mdstack.append(tag)
                    self.mdstarted.append(True)
                    values["markdown"] = state
                    self.treebuilder.start(tag, values)
            elif self.inraw:
                self._base_starttag(tag, attrs)
            else:
                text = self._src(self.get_starttag_text())
                if self.mdstate and self.mdstate[-1] == "off":
                    self._data(self._store(text))
                else:
                    self._data(text)
                self.open_inline_tag(tag)
                if tag in self.CDATA_CONTENT_ELEMENTS:
                    self.clear_cdata_mode()

        def handle_endtag(self, tag: str) -> None:
            if tag in self.block_level_tags:
                if self.inraw:
                    self._base_endtag(tag)
                elif tag in self.mdstack:
                    self._close_markdown_element(tag)
                else:
                    self._orphan_endtag(tag)
            elif self.inraw:
                self._base_endtag(tag)
            else:
                self._orphan_endtag(tag)
                self.close_inline_tag(tag)

        def _orphan_endtag(self, tag: str) -> None:
            text = self._src(self.get_endtag_text(tag))
            if self.mdstate and self.mdstate[-1] == "off":
                self._data(self._store(text))
            else:
                self._data(text)

        def _close_markdown_element(self, tag: str) -> None:
            while self.mdstack:
                item = self.mdstack.pop()
                self.mdstate.pop()
                self.mdstarted.pop()
                self.treebuilder.end(item)
                if item == tag:
                    break
            if self.mdstack:
                return
            element = self.get_element()
            previous = self.cleandoc[-1] if self.cleandoc else EMPTY
            if not previous.endswith("\n\n") and previous.endswith("\n"):
                self.cleandoc.append(Text.made("\n"))
            self._flatten(element)
            self.cleandoc.append(self._store(element))
            self.cleandoc.append(Text.made("\n\n"))
            end = self.line_offset + self.offset + len(self.get_endtag_text(tag))
            if not _BLANK_LINE.match(self.rawdata[end:]):
                self.intail = True

        def _flatten(self, element: El) -> None:
            """Put `markdown` children back into their parent's text as placeholders."""
            current: El | None = element
            last: list[El] = []
            while current is not None:
                for child in list(current.children):
                    current.remove(child)
                    text = current.text if current.text is not None else EMPTY
                    tail = child.tail if child.tail is not None else EMPTY
                    child.tail = None
                    state = child.attrib.get("markdown", "off")
                    if tail.s != "\n":
                        tail = "\n" + tail.rstrip("\n")
                    if not text.endswith("\n\n"):
                        text = text.rstrip("\n") + "\n\n"
                    if state in ("span", "block"):
                        last.append(child)
                    else:
                        for descendant in child.iter():
                            descendant.attrib.pop("markdown", None)
                    current.text = text + self._store(child) + tail
                current = last.pop(0) if last else None

        def handle_startendtag(self, tag: str, attrs: Any) -> None:
            if tag in self.empty_tags:
                values = {key: value if value is not None else key for key, value in attrs}
                if "markdown" in values:
                    data = self._markdown_attr_tag(tag, values)
                else:
                    data = self._src(self.get_starttag_text())
            else:
                data = self._src(self.get_starttag_text())
            self._empty_tag(data, is_block=self.md.is_block_level(tag))

        def handle_data(self, data: str) -> None:
            self._data(self._src(data))

        def _data(self, data: Text) -> None:
            if self.intail and "\n" in data.s:
                self.intail = False
            if self.inraw or not self.mdstack:
                self._base_data(data)
            else:
                self.mdstarted[-1] = False
                self.treebuilder.data(data)

        def handle_empty_tag(self, data: str, is_block: bool) -> None:
            self._empty_tag(self._src(data), is_block)

        def _empty_tag(self, data: Text, is_block: bool) -> None:
            if self.inraw or not self.mdstack:
                self._base_empty_tag(data, is_block)
            elif self.at_line_start() and is_block:
                self._data("\n" + self._store(data) + "\n\n")
            elif self.mdstate and self.mdstate[-1] == "off":
                self._data(self._store(data))
            else:
                self._data(data)

    return Extractor


def extract_html(source: Text, stash: Stash) -> Text:
    """The source with raw HTML blocks replaced by placeholders (`HtmlBlockPreprocessor`)."""
    parser = _extractor_class()(source, stash)
    parser.feed(source.s)
    parser.close()
    return EMPTY.join(parser.cleandoc)
