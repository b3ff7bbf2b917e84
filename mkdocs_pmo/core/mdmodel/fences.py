"""Fenced code as `pymdownx.superfences` finds it: a preprocessor over all lines.

SuperFences looks for fences on every line whatever the block context: after any run of `>`,
spaces and tabs, a fence of three or more backticks or tildes opens if its info string is one
the site accepts, and closes on the same fence string with the same prefix. Every content line
must carry the opening line's prefix (blank lines excepted), else the fence is abandoned and
its lines stay Markdown, as does an unclosed fence. A closed fence becomes one placeholder
line (prefix + placeholder), which a paragraph later shows as the highlighted code, or an
indented code block turns back into its lines (as code either way).

The patterns are copies of pymdownx.superfences' (a test checks them against the installed
package): importing the package would cost more than the scan of a whole corpus.
"""

# The verbose pattern below is a verbatim copy (its comments are part of the pattern string).
# ruff: noqa: E501

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mkdocs_pmo.core.mdmodel.text import Text

if TYPE_CHECKING:
    from mkdocs_pmo.core.mdmodel.tree import Stash

RE_NESTED_FENCE_START = re.compile(
    r"""(?x)
    (?P<fence>~{3,}|`{3,})
    (?:[ \t]*\.?(?P<lang>[\w#.+-]+)(?=[\t ]|$))?                                           # Language
    (?:
        [ \t]*(\{(?P<attrs>[^\n]*)\}) |                                                    # Optional attributes or
        (?P<options>
            (?:
                (?:[ \t]*[a-zA-Z][a-zA-Z0-9_]*(?:=(?P<quot>"|').*?(?P=quot))?)(?=[\t ]|$)  # Options
            )+
        ) |
        (?P<unrecognized>
            (?:([ \t]*[^\s]+)(?=[\t ]|$))+
        )
    )?[ \t]*$
    """
)
RE_HL_LINES = re.compile(r"^(?P<hl_lines>\d+(?:-\d+)?(?:[ \t]+\d+(?:-\d+)?)*)$")
RE_LINENUMS = re.compile(
    r"(?P<linestart>[\d]+)(?:[ \t]+(?P<linestep>[\d]+))?(?:[ \t]+(?P<linespecial>[\d]+))?"
)
RE_OPTIONS = re.compile(
    r"""(?x)
    (?:
        (?P<key>[a-zA-Z][a-zA-Z0-9_]*)(?:=(?P<quot>"|')(?P<value>.*?)(?P=quot))?
    )
    """
)
PREFIX_CHARS = (">", " ", "\t")
#: Options pymdownx.highlight accepts on a fence (with Pygments, the default), and their checks.
_HIGHLIGHT_OPTIONS: dict[str, re.Pattern[str] | None] = {
    "hl_lines": RE_HL_LINES,
    "linenums": RE_LINENUMS,
    "title": None,
    "title_mode": None,
}


@dataclass
class Fence:
    """A closed fence: its placeholder, its lines, and the part of each line that is code."""

    key: str
    lines: list[Text]
    #: The opening line's prefix width (SuperFences' `ws_virtual_len`), for reverting.
    indent: int
    #: Source ranges `(start, end)` of the code, fence lines included, prefixes excluded.
    code: list[tuple[int, int]] = field(default_factory=list)


def _accepted(m: re.Match[str]) -> bool:
    """Whether SuperFences (with the site's settings) accepts this fence's info string."""
    if m["unrecognized"]:
        return False  # `relaxed_headers` is off
    if m["attrs"]:
        return True  # `{...}`: every validator accepts attributes
    for option in RE_OPTIONS.finditer(m["options"] or ""):
        key, value = option["key"], option["value"]
        if key not in _HIGHLIGHT_OPTIONS:
            return False  # an unknown option becomes an attribute, which fails the fence
        check = _HIGHLIGHT_OPTIONS[key]
        if check is not None and not check.match(value if value is not None else key):
            return False
    return True


@functools.cache
def _fence_end(fence: str) -> re.Pattern[str]:
    """SuperFences' `NESTED_FENCE_END` for a fence string."""
    return re.compile(f"{fence}[ \\t]*$")


def _prefix_width(s: str) -> int:
    width = 0
    for c in s:
        if c not in PREFIX_CHARS:
            break
        width += 1
    return width


def find_fences(lines: list[Text], stash: Stash) -> tuple[list[Text], list[Fence]]:
    """Replace every fence SuperFences would take by its placeholder line.

    `lines` are the normalised source lines (tabs already expanded). Returns the new lines and
    the fences found, in source order.
    """
    fences: list[Fence] = []
    replace: list[tuple[Text, int, int]] = []
    fence: str | None = None
    fence_end: re.Pattern[str] | None = None
    ws = ""
    ws_len = 0
    quote_level = 0
    empty_lines = 0
    start = 0

    def close(end: int) -> None:
        first = lines[start]
        placeholder = stash.store("")
        original = lines[start:end]
        record = Fence(placeholder[1:-1], original, len(ws))
        for i, line in enumerate(original):
            width = ws_len if i == 0 else _prefix_width(line.s[:ws_len])
            if len(line.s) > width:
                record.code.append((line.o[width], line.o[-1] + 1))
        fences.append(record)
        head = first[: len(ws)]
        replace.append(
            (
                head + Text.placeholder(placeholder, first.o[len(ws)], lines[end - 1].o[-1]),
                start,
                end,
            )
        )

    for count, line in enumerate(lines):
        s = line.s
        if fence is None:
            ws_len = _prefix_width(s)
            ws = s[:ws_len]
            m = RE_NESTED_FENCE_START.match(s, ws_len)
            if m is not None and _accepted(m):
                start = count
                quote_level = ws.count(">")
                empty_lines = 0
                fence = m["fence"]
                fence_end = _fence_end(fence)
            continue
        assert fence_end is not None
        # parse_fence_line: the prefix, up to the opening line's width.
        width = min(_prefix_width(s), len(ws))
        line_ws, content = s[:width], s[width:]
        level = line_ws.count(">")
        if quote_level:
            if level > quote_level:
                fence = None
            elif content == "":
                empty_lines += 1
            elif len(line_ws) < ws_len or (empty_lines and level < quote_level):
                fence = None
            elif fence_end.match(content) is not None:
                close(count + 1)
                fence = None
            else:
                empty_lines = 0
        elif level == 0:
            if not (line_ws + content).strip():
                empty_lines += 1
            elif len(line_ws) != len(ws) and content != "":
                fence = None
            elif fence_end.match(content) is not None and not content.startswith((" ", "\t")):
                close(count + 1)
                fence = None
            else:
                empty_lines = 0
        else:
            fence = None
    if not replace:
        return lines, fences
    out: list[Text] = []
    last = 0
    for placeholder_line, begin, end in replace:
        out.extend(lines[last:begin])
        out.append(placeholder_line)
        last = end
    out.extend(lines[last:])
    return out, fences
