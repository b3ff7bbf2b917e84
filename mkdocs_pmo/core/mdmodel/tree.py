"""The element tree the model builds: the shape of python-markdown's `ElementTree`, with `Text`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

    from mkdocs_pmo.core.mdmodel.text import Text

STX = "\x02"
ETX = "\x03"
HTML_PLACEHOLDER = STX + "wzxhzdk:%s" + ETX
INLINE_PLACEHOLDER = STX + "klzzwxh:%s" + ETX


class El:
    """One element: tag, attributes, children, and `Text` text and tail.

    `text_atomic`/`tail_atomic` mirror python-markdown's `AtomicString`: such text is never
    run through the inline patterns (code, raw HTML, `markdown="0"` content).
    """

    __slots__ = (
        "attrib",
        "children",
        "end",
        "pos",
        "tag",
        "tail",
        "tail_atomic",
        "text",
        "text_atomic",
    )

    def __init__(self, tag: str, attrib: dict[str, str] | None = None) -> None:
        self.tag = tag
        self.attrib: dict[str, str] = attrib if attrib is not None else {}
        self.children: list[El] = []
        self.text: Text | None = None
        self.tail: Text | None = None
        self.text_atomic = False
        self.tail_atomic = False
        #: For headings: source offsets of the heading's first and last characters.
        self.pos = -1
        self.end = -1

    def __repr__(self) -> str:
        return f"El({self.tag!r}, {len(self.children)} children)"

    def __len__(self) -> int:
        return len(self.children)

    def __bool__(self) -> bool:
        return True

    def __iter__(self) -> Iterator[El]:
        return iter(self.children)

    def get(self, key: str, default: str = "") -> str:
        return self.attrib.get(key, default)

    def append(self, child: El) -> None:
        self.children.append(child)

    def insert(self, index: int, child: El) -> None:
        self.children.insert(index, child)

    def remove(self, child: El) -> None:
        self.children.remove(child)

    def last(self) -> El | None:
        return self.children[-1] if self.children else None

    def iter(self) -> list[El]:
        """This element and its descendants, in document order (`Element.iter`)."""
        out: list[El] = []
        stack = [self]
        while stack:
            el = stack.pop()
            out.append(el)
            stack.extend(reversed(el.children))
        return out


def sub(parent: El, tag: str, attrib: dict[str, str] | None = None) -> El:
    """`etree.SubElement`."""
    el = El(tag, attrib)
    parent.children.append(el)
    return el


class Stash:
    """python-markdown's `htmlStash`: raw HTML (or, for `md_in_html`, elements) set aside."""

    def __init__(self) -> None:
        self.blocks: list[El | str] = []

    def store(self, value: El | str) -> str:
        """Stash `value` and return its placeholder."""
        self.blocks.append(value)
        return HTML_PLACEHOLDER % (len(self.blocks) - 1)
