"""A fast path for the plain front matter nearly every document has.

It reads only a strict subset of YAML's *syntax* — top-level `key: value` lines, block or flow
lists of scalars, single-line quoted strings, full-line comments — and returns None for
anything else, which then goes through the full loader with its error reporting. What a
scalar *means* is never decided here: plain scalars are classified by the loader's own
resolver (PyYAML's implicit resolvers: YAML 1.1 booleans, nulls, binary, octal, hex and
sexagesimal integers, floats, timestamps) and built by the loader's own constructors, so
the answer is the full path's answer. Keys that do not resolve to a string (`on:` is a
boolean to YAML) and tags the fast path does not build fall back. A property-based test
checks that, whenever it answers, it answers exactly what the full path does.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from collections.abc import Callable

_STR = "tag:yaml.org,2002:str"
#: Scalar tags whose constructors build immutable values from the text alone.
_BUILT = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null", "timestamp")
)
_PLAIN_IMPLICIT = (True, False)

_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,99}")
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)'")
#: Characters that cannot start a plain scalar (YAML's indicators and quotes); a `-` can when
#: something other than a space follows it (`-3`).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
#: Characters the fast path never reads inside a flow list item.
_FLOW_SPECIAL = re.compile(r"[\[\]{}:#'\"]")

#: Anything but YAML's printable characters, plus the line breaks and BOM YAML treats specially.
#: Written as the characters it matches: the negated class of the allowed ones (the same set)
#: takes `re` 6 ms to compile, at every start.
_AWKWARD = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")

_Scalar = tuple[bool, Any]
_FAIL: _Scalar = (False, None)


class FastYAML:
    """Front matter in the plain subset as data, with `loader_class`'s resolver and constructors.

    Args:
        loader_class: The full path's loader; its implicit resolvers classify plain scalars
            and its constructors (including any it overrides, such as timestamps) build them.
    """

    def __init__(self, loader_class: Callable[[str], yaml.SafeLoader]) -> None:
        loader = loader_class("")
        self._resolve = functools.partial(loader.resolve, yaml.ScalarNode)
        self._constructors = {tag: loader.yaml_constructors[tag] for tag in _BUILT}
        self._loader = loader
        # Front matter repeats itself (statuses, owners, dates, tags): each distinct scalar
        # text is resolved and built once. Only immutable values are cached.
        self._block_scalar = functools.lru_cache(maxsize=4096)(self._scalar)
        self._flow_items = functools.lru_cache(maxsize=1024)(self._flow)
        self._key = functools.lru_cache(maxsize=256)(self.is_plain_key)

    def parse(self, yaml_text: str) -> dict[str, Any] | None:
        """The front matter as data if it is in the plain subset, else None (use the loader)."""
        if _AWKWARD.search(yaml_text):
            return None
        data: dict[str, Any] = {}
        items: list[Any] | None = None  # the block list of the last `key:` with no value
        open_key: str | None = None
        indent = -1
        for line in yaml_text.split("\n"):
            stripped = line.lstrip(" ")
            if not stripped or stripped[0] == "#":
                continue  # blank lines and full-line comments mean nothing anywhere here
            if open_key is not None:
                if stripped[:2] == "- ":
                    width = len(line) - len(stripped)
                    if items is None:
                        indent = width
                        items = data[open_key] = []
                    elif width != indent:
                        return None
                    ok, value = self._block_scalar(stripped[2:].strip(" "))
                    if not ok:
                        return None
                    items.append(value)
                    continue
                open_key, items = None, None
            key, colon, rest = line.partition(":")
            if not colon or (rest and rest[0] != " ") or not self._key(key):
                return None
            if key in data:
                return None  # the loader reports duplicates
            text = rest.strip(" ")
            if not text:
                data[key] = None
                open_key = key
                continue
            if text[0] == "[":
                ok, values = self._flow_items(text)
                value = list(values)
            else:
                ok, value = self._block_scalar(text)
            if not ok:
                return None
            data[key] = value
        return data

    def is_plain_key(self, key: str) -> bool:
        """`key` is a word the fast path reads as a key: a plain scalar that is a string.

        `on`, `yes`, `null` or `0x1F` are not (YAML reads them as a boolean, null, a number).
        """
        return _KEY.fullmatch(key) is not None and self._resolve(key, _PLAIN_IMPLICIT) == _STR

    def _scalar(self, text: str, flow: bool = False) -> _Scalar:
        """A one-line scalar (already trimmed) as the loader reads it, or `_FAIL`."""
        if not text:
            return _FAIL  # `- ` alone: a null item
        first = text[0]
        if first == '"':
            inner = text[1:-1]
            if len(text) < 2 or text[-1] != '"' or '"' in inner or "\\" in inner:
                return _FAIL
            return True, inner
        if first == "'":
            quoted = _SINGLE_QUOTED.fullmatch(text)
            return (True, quoted.group(1).replace("''", "'")) if quoted else _FAIL
        if first in _INDICATORS and (first != "-" or len(text) < 2 or text[1] == " "):
            return _FAIL
        # `: ` (or a final `:`) would start a mapping, ` #` a comment.
        if ": " in text or text[-1] == ":" or " #" in text:
            return _FAIL
        if flow and _FLOW_SPECIAL.search(text):
            return _FAIL
        tag = self._resolve(text, _PLAIN_IMPLICIT)
        if tag == _STR:
            return True, text
        if tag not in _BUILT:
            return _FAIL  # `<<` (merge) and `=` (value): the loader refuses them
        return True, self._constructors[tag](self._loader, yaml.ScalarNode(tag, text))

    def _flow(self, text: str) -> tuple[bool, tuple[Any, ...]]:
        """`[a, b]` on one line: its items (scalars only) as the loader reads them."""
        if text[-1] != "]":
            return False, ()
        inner = text[1:-1].strip(" ")
        if not inner:
            return True, ()
        values: list[Any] = []
        for part in inner.split(","):
            item = part.strip(" ")
            ok, value = self._scalar(item, flow=True) if item else _FAIL
            if not ok:
                return False, ()
            values.append(value)
        return True, tuple(values)
