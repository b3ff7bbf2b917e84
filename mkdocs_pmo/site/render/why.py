"""Turning the rendered `## Why` section into a prominent rationale block."""

from __future__ import annotations

import re

_WHY_HEADING = re.compile(r'<h2\b[^>]*\bid="why"[^>]*>', re.IGNORECASE)
_NEXT_SECTION = re.compile(r"<h[12]\b", re.IGNORECASE)


def wrap_why(html: str) -> str:
    """Wrap `<h2 id="why">` up to the next `<h1>`/`<h2>` in `<section class="pmo-why">`.

    The heading keeps its `id`, so `#why` links and the table of contents still work.
    Returns `html` unchanged if there is no Why heading.
    """
    start = _WHY_HEADING.search(html)
    if start is None:
        return html
    after = _NEXT_SECTION.search(html, start.end())
    end = after.start() if after else len(html)
    return (
        f"{html[: start.start()]}"
        '<section class="pmo-why" aria-labelledby="why">'
        f"{html[start.start() : end]}</section>{html[end:]}"
    )
