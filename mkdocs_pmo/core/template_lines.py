"""Which line of a page's source made a line of the page as its template rendered it.

Markdown sees a page after mkdocs-macros has rendered it, so a reference that only the
rendering makes (`{{ "[[STD-" ~ n ~ "]]" }}`, an include) has no place in the file. The two
texts are aligned line by line (blank lines are no anchor): an unchanged line maps to itself;
a line in a stretch the template changed maps to the template line of that stretch whose
literal text it holds ("See {{ x }} here." made "See [[STD-9]] here."), the nearest in step
when several do.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

#: A template's expression, statement or comment, when it fits on one line.
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")


def source_line(source: str, rendered: str, offset: int) -> int:
    """The 1-based line of `source` that produced `rendered[offset]` (0 if none)."""
    if not 0 <= offset <= len(rendered):
        return 0
    wanted = rendered.count("\n", 0, offset)
    source_lines = source.splitlines()
    rendered_lines = rendered.splitlines()
    matcher = SequenceMatcher(
        lambda line: not line.strip(), source_lines, rendered_lines, autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if not j1 <= wanted < j2:
            continue
        if tag == "equal":
            return i1 + wanted - j1 + 1
        if i2 == i1:  # inserted after line i1
            return max(i1, 1)
        line = rendered_lines[wanted] if wanted < len(rendered_lines) else ""
        step = i1 + min(wanted - j1, i2 - i1 - 1)
        best = max(
            range(i1, i2), key=lambda i: (_literal_fit(source_lines[i], line), -abs(i - step))
        )
        return best + 1
    return 0


def _literal_fit(template_line: str, line: str) -> int:
    """How much of `template_line`'s literal text `line` holds, in order (-1: not all of it)."""
    if not template_line.strip():
        return -1  # a blank line makes no text
    at = 0
    held = 0
    for part in _TAG.split(template_line):
        part = part.strip()
        if not part:
            continue
        found = line.find(part, at)
        if found == -1:
            return -1
        at = found + len(part)
        held += len(part)
    return held
