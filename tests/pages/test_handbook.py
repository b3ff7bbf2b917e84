"""The handbook's rewriting of a document's page body for one shared page (no MkDocs build)."""

from __future__ import annotations

import datetime as dt

import pytest

from mkdocs_pmo.core.model import Corpus, Document
from mkdocs_pmo.core.pipeline import DEFAULT_KINDS
from mkdocs_pmo.site.pages.handbook import PLACEHOLDER, chapter_html, handbook_page
from tests.html_markup import elements

URLS = {
    "standards/STD-001-a/": "STD-001",
    "standards/STD-002-b/": "STD-002",
    "standards/STD-009-draft/": "STD-009",
    "playbooks/PB-001-c/": "PB-001",
}
IN_HANDBOOK = {"STD-001", "STD-002", "PB-001"}


def rewrite(body: str, doc_id: str = "STD-001", page_url: str = "standards/STD-001-a/") -> str:
    return chapter_html(
        doc_id,
        body,
        page_url=page_url,
        handbook_url="handbook/",
        ids_by_url=URLS,
        included=IN_HANDBOOK,
    )


def test_ids_and_references_to_them_get_the_document_prefix() -> None:
    html = rewrite(
        '<section class="pmo-why" aria-labelledby="why"><h2 id="why">Why'
        '<a class="headerlink" href="#why">¶</a></h2></section>'
        '<label for="box">x</label><input id="box">'
        '<table><tr><td headers="a b">1</td></tr></table><a href="#">top</a>'
    )
    assert elements(html) == [
        ("section", {"class": "pmo-why", "aria-labelledby": "STD-001--why"}),
        ("h4", {"id": "STD-001--why"}),
        ("a", {"class": "headerlink", "href": "#STD-001--why"}),
        ("label", {"for": "STD-001--box"}),
        ("input", {"id": "STD-001--box"}),
        ("table", {}),
        ("tbody", {}),
        ("tr", {}),
        ("td", {"headers": "STD-001--a STD-001--b"}),
        ("a", {"href": "#STD-001"}),
    ]


@pytest.mark.parametrize(("level", "shifted"), [(1, 3), (2, 4), (3, 5), (4, 6), (5, 6), (6, 6)])
def test_headings_go_down_two_levels_and_stop_at_h6(level: int, shifted: int) -> None:
    assert rewrite(f"<h{level}>T</h{level}>") == f"<h{shifted}>T</h{shifted}>"
    assert rewrite(f'<H{level} class="x">T</H{level}>') == f'<h{shifted} class="x">T</h{shifted}>'


def test_links_to_documents_in_the_handbook_stay_within_the_page() -> None:
    html = rewrite(
        '<a class="pmo-ref" href="../STD-002-b/">STD-002 B</a> '
        '<a href="../STD-002-b/#rag-definitions">the RAG definitions</a> '
        '<a href="../../playbooks/PB-001-c/">the playbook</a>'
    )
    assert [attrs for tag, attrs in elements(html) if tag == "a"] == [
        {"class": "pmo-ref", "href": "#STD-002"},
        {"href": "#STD-002--rag-definitions", "data-pmo-target": "STD-002"},
        {"href": "#PB-001", "data-pmo-target": "PB-001"},
    ]


def test_other_relative_links_are_rebased_to_the_handbook_and_outside_links_kept() -> None:
    html = rewrite(
        '<a href="../STD-009-draft/">STD-009 Draft</a>'
        '<a href="../STD-009-draft/">a draft</a>'
        '<a href="../../catalogue/parameters/#capacity_line" title="a > b">85%</a>'
        '<img src="../img/chart.png" alt="">'
        '<a href="https://example.org/x?a=1&amp;b=2">out</a>'
        '<a href="mailto:pmo@example.org">mail</a>'
        '<a href="/absolute/">abs</a>'
        '<a href="../../services/">the services page</a>'
    )
    assert [attrs for _, attrs in elements(html)] == [
        {"href": "../standards/STD-009-draft/"},
        {"href": "../standards/STD-009-draft/", "data-pmo-target": "STD-009"},
        {"href": "../catalogue/parameters/#capacity_line", "title": "a > b"},
        {"src": "../standards/img/chart.png", "alt": ""},
        {"href": "https://example.org/x?a=1&b=2"},
        {"href": "mailto:pmo@example.org"},
        {"href": "/absolute/"},
        # A hand-written page: paper shows where it is on the site.
        {"href": "../services/", "data-pmo-target": "site: services/"},
    ]


def test_without_directory_urls_links_resolve_from_the_html_file() -> None:
    html = chapter_html(
        "STD-001",
        '<a href="STD-002-b.html">link</a><a href="../catalogue/owners.html">o</a>',
        page_url="standards/STD-001-a.html",
        handbook_url="handbook.html",
        ids_by_url={"standards/STD-002-b.html": "STD-002"},
        included={"STD-002"},
    )
    assert [attrs["href"] for _, attrs in elements(html)] == ["#STD-002", "catalogue/owners.html"]


def test_text_and_code_that_look_like_attributes_are_left_alone() -> None:
    body = (
        '<p>Write id="why" and href="#x" in text.</p>'
        '<pre><code>&lt;h2 id="why"&gt;\n<span class="k">a</span> href="#y"</code></pre>'
    )
    assert rewrite(body) == body


def test_the_target_id_is_added_only_when_the_link_text_lacks_it() -> None:
    html = rewrite(
        '<a href="../STD-002-b/"><code>STD-002</code> B</a><a href="../STD-002-b/">B</a>'
    )
    assert html == (
        '<a href="#STD-002"><code>STD-002</code> B</a>'
        '<a href="#STD-002" data-pmo-target="STD-002">B</a>'
    )


def _doc(doc_id: str, status: str, kind: str) -> Document:
    return Document(
        id=doc_id,
        kind=kind,
        uri=f"{kind}s/{doc_id}.md",
        title=f"T {doc_id}",
        status=status,
        owner="PMO",
        summary="S.",
        meta={},
        body="",
        body_line=1,
        why="W.",
    )


def test_the_page_counts_the_documents_in_force_by_kind() -> None:
    corpus = Corpus(
        [
            _doc("STD-001", "active", "standard"),
            _doc("STD-002", "deprecated", "standard"),
            _doc("STD-003", "draft", "standard"),
            _doc("STD-004", "superseded", "standard"),
            _doc("PB-001", "active", "playbook"),
        ],
        DEFAULT_KINDS,
    )
    page = handbook_page(corpus, dt.date(2026, 1, 15))
    assert page.uri == "handbook.md"
    assert not page.search
    assert "in force on 2026-01-15 (active or deprecated): 2 standards, 1 playbook" in page.markdown
    assert PLACEHOLDER in page.markdown
