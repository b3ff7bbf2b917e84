"""What MkDocs reads of a document: its body, never taken for MultiMarkdown metadata."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs_pmo.site.files import document_source
from tests.conftest import build_site, doc_text, read_html, write_tree

if TYPE_CHECKING:
    from pathlib import Path


def test_a_body_that_starts_with_a_blank_line_is_passed_on_uncopied() -> None:
    body = "\nIntro.\n"
    assert document_source(body) is body


def test_a_body_right_under_the_front_matter_gets_a_blank_line_first() -> None:
    assert document_source("Owner: not metadata\n") == "\nOwner: not metadata\n"


def test_key_value_lines_right_under_the_front_matter_stay_text(tmp_path: Path) -> None:
    text = doc_text("STD-001", body="Audience: delivery teams\n\n## Why\n\nBecause.\n")
    text = text.replace("---\n\nAudience", "---\nAudience")  # no blank line after `---`
    site = build_site(write_tree(tmp_path, {"standards/STD-001-a.md": text}), strict=True)
    assert "Audience: delivery teams" in read_html(site, "standards/STD-001-a/")
