"""A fast path for the plain front matter nearly every document has.

It accepts only a strict subset of YAML whose meaning is unambiguous — top-level
`key: value` lines, block or flow lists of plain words, simple quoted strings, integers
without leading zeros and `YYYY-MM-DD` dates — and returns None for anything else, which
then goes through PyYAML with full error reporting. A property-based test checks that,
whenever it answers, it answers exactly what the PyYAML path does.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):(?:[ ]+(.*?))?[ ]*$")
_ITEM = re.compile(r"^( *)- (.*?)[ ]*$")
_PLAIN = re.compile(r"^[A-Za-z0-9(][^#:\[\]{}\"'&*!|>%@`\t\\]*$")
_INT = re.compile(r"^(?:0|[1-9][0-9]*)$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
#: Plain scalars YAML 1.1 reads as something other than a string, or we don't handle.
_SPECIAL = re.compile(
    r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
    r"|null|Null|NULL|[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9].*|0x.*|0o.*"
    r"|[0-9]{4}-.*|=)$"
)


#: Anything but YAML's printable characters, plus the line breaks and BOM YAML treats specially.
#: Written as the characters it matches: the negated class of the allowed ones (the same set)
#: takes `re` 6 ms to compile, at every start.
_AWKWARD = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


@functools.lru_cache(maxsize=4096)
def _scalar(text: str) -> tuple[bool, Any]:
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        inner = text[1:-1]
        return ('"' not in inner and "\\" not in inner), inner
    if len(text) >= 2 and text[0] == "'" and text[-1] == "'":
        inner = text[1:-1]
        return ("'" not in inner), inner
    if _INT.match(text):
        return True, int(text)
    if _DATE.match(text):
        try:
            return True, dt.date.fromisoformat(text).isoformat()
        except ValueError:
            return True, text
    if not _PLAIN.match(text) or _SPECIAL.match(text) or text.endswith((" ", ",")) or " - " in text:
        return False, None
    return True, text


@functools.lru_cache(maxsize=1024)
def _flow_items(text: str) -> tuple[bool, tuple[str, ...]]:
    ok, items = _flow_list(text)
    return ok, tuple(items) if ok else ()


def _flow_list(text: str) -> tuple[bool, Any]:
    inner = text[1:-1].strip()
    if not inner:
        return True, []
    items: list[Any] = []
    for part in inner.split(","):
        part = part.strip()
        ok, value = _scalar(part) if part else (False, None)
        if not ok or not isinstance(value, str) or not _PLAIN.match(part):
            return False, None
        items.append(value)
    return True, items


def parse_simple(yaml_text: str) -> dict[str, Any] | None:
    """The front matter as data if it is in the plain subset, else None (use PyYAML)."""
    if _AWKWARD.search(yaml_text):
        return None
    data: dict[str, Any] = {}
    open_key: str | None = None  # a `key:` with no value, possibly starting a block list
    indent: str | None = None
    for line in yaml_text.split("\n"):
        if not line.strip():
            continue
        if open_key is not None:
            item = _ITEM.match(line)
            if item:
                if indent is None:
                    indent = item.group(1)
                    if len(indent) > 2:
                        return None
                    data[open_key] = []
                elif item.group(1) != indent:
                    return None
                ok, value = _scalar(item.group(2))
                if not ok or not isinstance(value, str):
                    return None
                data[open_key].append(value)
                continue
            open_key = indent = None
        match = _KEY.match(line)
        if match is None:
            return None
        key, text = match.group(1), match.group(2)
        if key in data:
            return None  # duplicates are reported by the full parser
        if not text:
            data[key] = None
            open_key = key
            continue
        if text.startswith("[") and text.endswith("]"):
            ok, items = _flow_items(text)
            value = list(items)
        else:
            ok, value = _scalar(text)
        if not ok:
            return None
        data[key] = value
    return data
