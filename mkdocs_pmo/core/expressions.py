"""A template without block tags or comments, read as its `{{ ... }}` expressions.

Without blocks, each expression stands alone: parsing them one by one (and remembering each,
since pages repeat the same calls) costs a fraction of parsing the whole text. The readers of
templates (`templates.TemplateChecker`, `parameters.param_calls`) use this and fall back to
parsing the whole text when an expression does not parse alone (a `}}` inside a string).
"""

from __future__ import annotations


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
