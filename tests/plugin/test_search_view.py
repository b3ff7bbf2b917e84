"""`search_view`: what search indexes of a document page, alone and in real builds."""

from __future__ import annotations

import json
import logging
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

import pytest
from mkdocs.exceptions import Abort

from mkdocs_pmo.site.render.search_view import search_view, strip_search_attributes
from tests.conftest import build_site, doc_text, mkdocs_yml, read_html, write_tree

if TYPE_CHECKING:
    from pathlib import Path

CARD = '<div class="pmo-card"><p>Summary.</p><dl><dt>Version</dt><dd>1.2</dd></dl></div>'
CARD_WORDS = "<p>Summary.</p><p>Owner: PMO</p>"
CONTENT = (
    f"<h1>STD-1 Title</h1>{CARD}<p>See "
    '<a class="pmo-ref pmo-ref--active" href="../STD-2/" title="Active · A &gt; b">STD-2 Two</a>'
    ' and <a class="pmo-ref pmo-ref--deprecated" href="../STD-3/#why" title="Deprecated">'
    'STD-3 <em>Three</em><span class="pmo-ref__marker"> (deprecated)</span></a>'
    ' or <a href="https://example.org">the web</a>'
    ' or <a class="pmo-reference" href="x">look-alike</a>.</p>'
)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def text_of(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


def test_reference_links_become_their_text_and_other_links_stay() -> None:
    view = search_view(CONTENT, CARD, CARD_WORDS)
    assert 'class="pmo-ref pmo-ref--' not in view
    assert "title=" not in view
    assert "STD-2 Two and STD-3 <em>Three</em><span" in view
    assert '<a href="https://example.org">the web</a>' in view
    assert '<a class="pmo-reference" href="x">look-alike</a>' in view


def test_the_card_becomes_its_summary_and_owner() -> None:
    view = search_view(CONTENT, CARD, CARD_WORDS)
    assert view.startswith("<h1>STD-1 Title</h1><p>Summary.</p><p>Owner: PMO</p><p>See ")
    assert "Version" not in view


def test_the_view_has_the_pages_words_apart_from_the_card() -> None:
    view = search_view(CONTENT, CARD, CARD_WORDS)
    page_words = text_of(CONTENT.replace(CARD, ""))
    assert text_of(view.replace(CARD_WORDS, "")) == page_words


def test_without_a_card_or_links_the_content_is_returned_as_is() -> None:
    plain = "<h1>T</h1><p>text</p>"
    assert search_view(plain, "", "") is plain


def test_search_attributes_are_stripped_as_search_plugins_do() -> None:
    html = '<div data-search-exclude="yes">x</div><p data-search-boost="2">y</p>'
    assert strip_search_attributes(html) == "<div>x</div><p>y</p>"
    clean = "<p>no attributes</p>"
    assert strip_search_attributes(clean) is clean


# --- in real builds -------------------------------------------------------------------------


def _index(site: Path) -> list[dict[str, Any]]:
    data = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return list(data["docs"])


def _two_documents(root: Path, body: str, extra: str = "") -> Path:
    return write_tree(
        root,
        {
            "mkdocs.yml": mkdocs_yml(extra=extra),
            "standards/STD-001-a.md": doc_text("STD-001", "Alpha", body=body),
            "standards/STD-002-b.md": doc_text("STD-002", "Beta", summary="Beta's summary."),
        },
    )


def test_search_indexes_link_text_and_card_words_and_the_page_keeps_its_markup(
    tmp_path: Path,
) -> None:
    body = "Read [[STD-002]] and [[STD-002|the beta rule]].\n\n## Why\n\nBecause.\n"
    site = build_site(_two_documents(tmp_path, body), strict=True)
    entry = next(d for d in _index(site) if d["location"] == "standards/STD-001-a/")
    assert "Read STD-002 Beta and the beta rule." in entry["text"]
    assert "Owner: PMO lead" in entry["text"]
    assert "Beta's summary" not in entry["text"]  # the tooltip is not indexed
    page = read_html(site, "standards/STD-001-a/")
    assert page.count('class="pmo-ref pmo-ref--active"') == 2
    assert 'title="Active · Beta&#x27;s summary."' in page
    assert '<dl class="pmo-card__fields">' in page
    assert "Owner: PMO lead" not in page  # the card shows the owner in its own field


def test_data_search_exclude_keeps_a_block_out_of_search_and_off_the_page_markup(
    tmp_path: Path,
) -> None:
    body = (
        "Visible.\n\n"
        '<div markdown data-search-exclude="yes">\nThe word zanzibar.\n</div>\n\n'
        "## Why\n\nBecause.\n"
    )
    site = build_site(_two_documents(tmp_path, body), strict=True)
    assert "zanzibar" not in json.dumps(_index(site))
    page = read_html(site, "standards/STD-001-a/")
    assert "The word zanzibar." in page
    assert "data-search-exclude" not in page


HOOK = """\
from mkdocs.plugins import event_priority


def on_page_context(context, page, config, nav):
    if page.file.src_uri.startswith("standards/"):
        page.content += "<p>added during indexing</p>"
    return context


@event_priority(-50)
def on_post_page(output, page, config):
    return output
"""


def test_a_change_to_the_page_while_search_indexes_it_is_reported(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = _two_documents(tmp_path, "Text.\n\n## Why\n\nBecause.\n", extra="hooks:\n  - hook.py\n")
    write_tree(root, {"hook.py": HOOK})
    with pytest.raises(Abort):
        build_site(root, strict=True)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(
        "standards/STD-001-a.md: another plugin changed the page while search indexed it" in m
        for m in warnings
    ), warnings


def test_a_change_after_indexing_is_kept(tmp_path: Path) -> None:
    late = HOOK.replace("def on_page_context", "@event_priority(-10)\ndef on_page_context")
    root = _two_documents(tmp_path, "Text.\n\n## Why\n\nBecause.\n", extra="hooks:\n  - hook.py\n")
    write_tree(root, {"hook.py": late})
    site = build_site(root, strict=True)
    assert "<p>added during indexing</p>" in read_html(site, "standards/STD-001-a/")
    assert "added during indexing" not in json.dumps(_index(site))
