"""A template without block tags or comments, read as its `{{ ... }}` expressions.

Without blocks, each expression stands alone: parsing them one by one (and remembering each,
since pages repeat the same calls) costs a fraction of parsing the whole text. The readers of
templates (`templates.TemplateChecker`, `parameters.param_calls`) use this and fall back to
parsing the whole text when an expression does not parse alone (a `}}` inside a string).
"""

from __future__ import annotations

import re


def expressions(text: str, start: str = "{{", end: str = "}}") -> list[tuple[int, str]] | None:
    """`(offset, "{{ ... }}")` of each expression of `text`, in order; None if one is unclosed."""
    found: list[tuple[int, str]] = []
    at = text.find(start)
    while at != -1:
        close = text.find(end, at + len(start))
        if close == -1:
            return None
        close += len(end)
        found.append((at, text[at:close]))
        at = text.find(start, close)
    return found


def blank_comments(text: str, start: str = "{#", end: str = "#}", block: str = "{%") -> str:
    """`text` with its template comments blanked (line breaks kept): what Markdown receives.

    mkdocs-macros drops `{# ... #}` before Markdown reads the page, so nothing in one is a link.
    A text with a `raw` block (`block` opens tags) is left whole: a comment there is text.
    """
    if start not in text or re.search(re.escape(block) + r"[-+]?\s*raw\b", text):
        return text
    out: list[str] = []
    done = 0
    at = text.find(start)
    while at != -1:
        close = text.find(end, at + len(start))
        if close == -1:
            break  # unclosed: a template syntax error, reported by the template check
        close += len(end)
        out += [text[done:at], "".join("\n" if c == "\n" else " " for c in text[at:close])]
        done = close
        at = text.find(start, close)
    out.append(text[done:])
    return "".join(out)


#: A block tag that opens or closes a block whose text rendering may drop or repeat.
_BLOCK_TAG = re.compile(r"\{%-?\s*(end)?(if|for|macro|call|filter|set)\b[^%]*?-?%\}")


def conditional_lines(text: str, first_line: int = 1) -> set[int]:
    """File lines of `text` inside a template's `if`/`for`/`macro`... blocks.

    What rendering makes of them depends on values only rendering knows (`{% if false %}`
    drops its lines): the check leaves their Markdown links to the build. A `{% set x = 1 %}`
    without a body opens no block.
    """
    lines: set[int] = set()
    stack: list[int] = []
    for m in _BLOCK_TAG.finditer(text):
        line = first_line + text.count("\n", 0, m.start())
        if m[1]:
            if stack:
                start = stack.pop()
                if not stack:
                    lines.update(range(start, line + 1))
        elif m[2] != "set" or "=" not in m[0]:
            stack.append(line)
    if stack:  # unclosed: the template check reports it; its lines are unknowable
        lines.update(range(stack[0], first_line + text.count("\n") + 1))
    return lines
