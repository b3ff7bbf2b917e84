"""A fast path for the plain front matter nearly every document has.

It reads only a strict subset of YAML's *syntax* — `key: value` lines (nested block mappings
included, as `applies_to:` has), block or flow lists of scalars, one-line flow mappings of
those (`R3: {role: [sponsor]}`), single-line quoted strings, full-line comments — and returns
None for anything else, which then goes through the full loader with its error reporting. What a
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
#: is much slower for `re` to compile, at every start.
_AWKWARD = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")

_Scalar = tuple[bool, Any]
_FAIL: _Scalar = (False, None)


class _Frozen(tuple[Any, ...]):
    """A mapping or list from a flow mapping, as an immutable (cacheable) tuple."""

    __slots__ = ()
    mapping = False


class _FrozenMapping(_Frozen):
    __slots__ = ()
    mapping = True


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return _FrozenMapping((k, _freeze(v)) for k, v in value.items())
    if isinstance(value, list):
        return _Frozen(_freeze(v) for v in value)
    return value


def _thaw(value: Any) -> Any:
    """A fresh dict or list (callers own it) from a frozen value."""
    if isinstance(value, _Frozen):
        if value.mapping:
            return {k: _thaw(v) for k, v in value}
        return [_thaw(v) for v in value]
    return value


def _split_flow(inner: str) -> list[str]:
    """`inner` split at the commas outside brackets and braces (quotes are not read here)."""
    parts: list[str] = []
    depth = 0
    start = 0
    for i, char in enumerate(inner):
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(inner[start:i])
            start = i + 1
    parts.append(inner[start:])
    return parts


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
        self._flow_frozen = functools.lru_cache(maxsize=1024)(self._frozen_mapping)
        self._flow_scalar = functools.lru_cache(maxsize=1024)(
            functools.partial(self._scalar, flow=True)
        )
        self._key = functools.lru_cache(maxsize=256)(self.is_plain_key)

    def parse(self, yaml_text: str) -> dict[str, Any] | None:
        """The front matter as data if it is in the plain subset, else None (use the loader)."""
        if _AWKWARD.search(yaml_text):
            return None
        # Blank lines and full-line comments mean nothing anywhere here.
        lines = [
            line
            for line in yaml_text.split("\n")
            if (stripped := line.lstrip(" ")) and stripped[0] != "#"
        ]
        data, end = self._mapping(lines, 0, 0)
        return data if end == len(lines) else None

    def _mapping(self, lines: list[str], i: int, indent: int) -> tuple[dict[str, Any] | None, int]:
        """The block mapping whose keys start at column `indent`, from line `i` on.

        Returns the mapping and the index of the first line after it; the mapping is None (and
        the index points at the offending line) when the lines leave the subset.
        """
        data: dict[str, Any] = {}
        count = len(lines)
        while i < count:
            line = lines[i]
            width = len(line) - len(line.lstrip(" "))
            if width < indent:
                break
            if width > indent:
                return None, i
            key, colon, rest = line[indent:].partition(":")
            if not colon or (rest and rest[0] != " ") or not self._key(key):
                return None, i
            if key in data:
                return None, i  # the loader reports duplicates
            text = rest.strip(" ")
            i += 1
            if text:
                ok, value = self._flow_value(text)
                if not ok:
                    return None, i - 1
                data[key] = value
                continue
            data[key] = None
            if i == count:
                break
            below = lines[i]
            at = len(below) - len(below.lstrip(" "))
            if below[at : at + 2] == "- " and at >= indent:
                items: list[Any] = []
                while i < count and lines[i][at : at + 2] == "- ":
                    item = lines[i]
                    if len(item) - len(item.lstrip(" ")) != at:
                        return None, i
                    ok, value = self._block_scalar(item[at + 2 :].strip(" "))
                    if not ok:
                        return None, i
                    items.append(value)
                    i += 1
                data[key] = items
            elif at > indent:
                nested, i = self._mapping(lines, i, at)
                if nested is None:
                    return None, i
                data[key] = nested
        return data, i

    def _flow_value(self, text: str) -> _Scalar:
        """A value on a key's line: a scalar, a flow list or a flow mapping (one line)."""
        if text[0] == "[":
            ok, values = self._flow_items(text)
            return ok, list(values)
        if text[0] == "{":
            ok, frozen = self._flow_frozen(text)
            return ok, _thaw(frozen) if ok else None
        return self._block_scalar(text)

    def _frozen_mapping(self, text: str) -> _Scalar:
        """`_flow_mapping` as tuples, so that it can be cached (it recurs across documents)."""
        ok, value = self._flow_mapping(text)
        return ok, _freeze(value) if ok else None

    def _flow_mapping(self, text: str, depth: int = 0) -> _Scalar:
        """`{a: [x, y], b: z}` on one line: scalars, flow lists and flow mappings as values."""
        if text[-1] != "}" or depth > 3:
            return _FAIL
        inner = text[1:-1].strip(" ")
        data: dict[str, Any] = {}
        if not inner:
            return True, data
        for part in _split_flow(inner):
            key, colon, rest = part.strip(" ").partition(":")
            value_text = rest.strip(" ")
            if not colon or not rest or rest[0] != " " or not value_text:
                return _FAIL
            if not self._key(key) or key in data:
                return _FAIL
            if value_text[0] == "[":
                ok, values = self._flow_items(value_text)
                value: Any = list(values)
            elif value_text[0] == "{":
                ok, value = self._flow_mapping(value_text, depth + 1)
            else:
                ok, value = self._flow_scalar(value_text)
            if not ok:
                return _FAIL
            data[key] = value
        return True, data

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
