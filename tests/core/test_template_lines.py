"""A line of a rendered page is traced to the template line that made it."""

from __future__ import annotations

import pytest

from mkdocs_pmo.core.template_lines import source_line

SOURCE = (
    "---\ntitle: T\n---\n# T\n\nIntro [[STD-001]].\n\n{{ note }}\n\n"
    "See {{ link }} here.\n\n{% include 'part.md' %}\nEnd.\n"
)
RENDERED = (
    "# T\n\nIntro [[STD-001]].\n\nOne.\n\nTwo [[STD-007]].\n\n"
    "See [[STD-999]] here.\n\nline 1\nline 2 [[STD-008]]\nline 3\nEnd.\n"
)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("[[STD-001]]", 6),  # unchanged: itself, front matter counted
        ("[[STD-007]]", 8),  # one expression made several lines
        ("[[STD-999]]", 10),  # the template line whose literal text it holds
        ("[[STD-008]]", 12),  # an include's lines
        ("End.", 13),
    ],
)
def test_each_rendered_line_has_its_template_line(text: str, line: int) -> None:
    assert source_line(SOURCE, RENDERED, RENDERED.index(text)) == line


def test_an_offset_outside_the_text_has_no_line() -> None:
    assert source_line(SOURCE, RENDERED, len(RENDERED) + 1) == 0
