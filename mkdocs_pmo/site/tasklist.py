"""Accessible names for the checkboxes of `pymdownx.tasklist` checklists.

The extension renders `- [ ] text` as an `<input type="checkbox">` with no label text, which
screen readers announce as an unnamed checkbox (axe: "Form elements must have labels", critical).
Playbook checklists are part of the content contract, so each checkbox gets the item's text.
"""

from __future__ import annotations

import re
from html import escape, unescape

_ITEM = re.compile(
    r'(<li class="task-list-item">(?:<label class="task-list-control">)?<input type="checkbox")'
    r"(?![^>]*aria-label)([^>]*>)(.*?)(?=</li>|<ul|<ol|<li)",
    re.DOTALL,
)
_TAG = re.compile(r"<[^>]+>")


def _name(item_html: str) -> str:
    return " ".join(unescape(_TAG.sub(" ", item_html)).split())


def label_task_checkboxes(html: str) -> str:
    """Give each task-list checkbox an `aria-label` with the text of its item."""
    if "task-list-item" not in html:
        return html

    def add(match: re.Match[str]) -> str:
        name = _name(match.group(3))
        if not name:
            return match.group(0)
        return f'{match.group(1)} aria-label="{escape(name)}"{match.group(2)}{match.group(3)}'

    return _ITEM.sub(add, html)
