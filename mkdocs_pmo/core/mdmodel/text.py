"""`Text`: a string whose characters remember where they came from.

The model runs python-markdown's string manipulations (split on blank lines, remove indents
and `>` markers, join, strip) on `Text` instead of `str`, so every character that reaches the
inline stage still knows its offset in the normalised source. Characters the parser makes up
(joins, placeholders) have offset -1, except that a placeholder's first and last characters
carry the offsets of the first and last source characters it replaces: a slice that starts or
ends on a placeholder can still be mapped back to the source.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence


def _joined(a: Sequence[int], b: Sequence[int]) -> list[int]:
    return (a if type(a) is list else list(a)) + (b if type(b) is list else list(b))


class Text:
    """A `str` (`s`) with one source offset per character (`o`).

    Offsets copied from the source are a `range` (slicing one costs nothing, and most texts
    are slices of source lines); texts the parser assembles have a list.
    """

    __slots__ = ("o", "s")

    def __init__(self, s: str, o: Sequence[int]) -> None:
        self.s = s
        self.o = o

    @classmethod
    def made(cls, s: str) -> Text:
        """Characters the parser makes up."""
        return cls(s, [-1] * len(s))

    @classmethod
    def at(cls, s: str, start: int) -> Text:
        """Characters copied from the source, starting at offset `start`."""
        return cls(s, range(start, start + len(s)))

    @classmethod
    def placeholder(cls, s: str, first: int, last: int) -> Text:
        """A placeholder standing for the source characters `first` to `last` (inclusive)."""
        o = [-1] * len(s)
        if o:
            o[0] = first
            o[-1] = last
        return cls(s, o)

    def __len__(self) -> int:
        return len(self.s)

    def __bool__(self) -> bool:
        return bool(self.s)

    def __repr__(self) -> str:
        return f"Text({self.s!r})"

    def __getitem__(self, key: slice) -> Text:
        return Text(self.s[key], self.o[key])

    def __add__(self, other: Text | str) -> Text:
        if isinstance(other, str):
            return Text(self.s + other, _joined(self.o, [-1] * len(other)))
        return Text(self.s + other.s, _joined(self.o, other.o))

    def __radd__(self, other: str) -> Text:
        return Text(other + self.s, _joined([-1] * len(other), self.o))

    def startswith(self, prefix: str | tuple[str, ...]) -> bool:
        return self.s.startswith(prefix)

    def endswith(self, suffix: str | tuple[str, ...]) -> bool:
        return self.s.endswith(suffix)

    def split(self, sep: str) -> list[Text]:
        """`str.split(sep)`, keeping offsets."""
        s, o = self.s, self.o
        out: list[Text] = []
        start = 0
        width = len(sep)
        while True:
            i = s.find(sep, start)
            if i < 0:
                out.append(Text(s[start:], o[start:]))
                return out
            out.append(Text(s[start:i], o[start:i]))
            start = i + width

    def lstrip(self, chars: str | None = None) -> Text:
        cut = len(self.s) - len(self.s.lstrip(chars))
        return self[cut:] if cut else self

    def rstrip(self, chars: str | None = None) -> Text:
        keep = len(self.s.rstrip(chars))
        return self[:keep] if keep != len(self.s) else self

    def strip(self, chars: str | None = None) -> Text:
        return self.lstrip(chars).rstrip(chars)

    def join(self, parts: Iterable[Text]) -> Text:
        """`self.s.join(...)`: `self` is the separator."""
        strings: list[str] = []
        offsets: list[int] = []
        first = True
        for part in parts:
            if not first:
                strings.append(self.s)
                offsets += self.o
            first = False
            strings.append(part.s)
            offsets += part.o
        return Text("".join(strings), offsets)

    def first_offset(self) -> int:
        """The first source offset in the text, or -1."""
        for offset in self.o:
            if offset >= 0:
                return offset
        return -1

    def last_offset(self) -> int:
        """The last source offset in the text, or -1."""
        for offset in reversed(self.o):
            if offset >= 0:
                return offset
        return -1


NEWLINE = Text.made("\n")
BLANK_LINE = Text.made("\n\n")
EMPTY = Text.made("")


def lines_join(lines: Iterable[Text]) -> Text:
    """The lines joined with line breaks."""
    return NEWLINE.join(lines)
