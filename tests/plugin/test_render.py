"""The pure HTML functions behind document pages (no MkDocs build)."""

from __future__ import annotations

import datetime as dt
import re

import markdown
import pytest

from mkdocs_pmo.core.body import link_pattern
from mkdocs_pmo.core.model import Corpus, Document
from mkdocs_pmo.core.pipeline import DEFAULT_KINDS
from mkdocs_pmo.site.render import card
from mkdocs_pmo.site.render.links import LinkContext, PmoLinkExtension
from mkdocs_pmo.site.render.sanitize import sanitize_html
from mkdocs_pmo.site.render.why import wrap_why


def make_doc(doc_id: str, **kw: object) -> Document:
    kind = "playbook" if doc_id.startswith("PB") else "standard"
    folder = "playbooks" if kind == "playbook" else "standards"
    fields: dict[str, object] = {
        "id": doc_id,
        "kind": kind,
        "uri": f"{folder}/{doc_id}.md",
        "title": f"Title {doc_id}",
        "status": "active",
        "owner": "PMO",
        "summary": f"About {doc_id}.",
        "meta": {},
        "body": "",
        "body_line": 1,
        "why": "Because.",
    }
    fields.update(kw)
    return Document(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>plain <em>text</em> &amp; entities &para;</p>", "<p>plain <em>text</em> &amp; entities ¶</p>"),
        ("<p>a</p><script>alert(1)</script><p>b</p>", "<p>a</p><p>b</p>"),
        ("<SCRIPT type='x'>alert(1)</SCRIPT>ok", "ok"),
        ('<img src="x.png" onerror="alert(1)">', '<img src="x.png">'),
        ('<img/onerror="alert(1)" src="x.png">', '<img src="x.png">'),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="  JaVa&#x09;Script:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="javascr&#105;pt:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="javascr\tipt:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="javascr\nipt:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="javascr&Tab;ipt:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="javascript&colon;alert(1)">x</a>', "<a>x</a>"),
        ('<a href="vbscript:x">x</a>', "<a>x</a>"),
        ('<a href="data:text/html,<b>x</b>">x</a>', "<a>x</a>"),
        ('<img src="data:image/png;base64,AAAA">', "<img>"),
        ('<iframe src="https://evil.example">fallback</iframe>', "fallback"),
        ('<object data="x.swf"><embed src="x.swf"></object>', ""),
        ('<meta http-equiv="refresh" content="0;url=x"><base href="x">', ""),
        ('<svg><a xlink:href="javascript:alert(1)">x</a></svg>', "<svg><a>x</a></svg>"),
        ('<iframe srcdoc="<script>x</script>"></iframe>', ""),
        ('<form action="https://evil.example/"><input type="password" name="p"></form>', '<input name="p">'),
        ('<link rel="stylesheet" href="//evil.example/x.css">', ""),
        ("<style>@import url(//evil.example/x.css);</style>", ""),
        ('<a href="https://example.org/" title="on=off">ok</a>', '<a href="https://example.org/" title="on=off">ok</a>'),
        ('<span class="md-tag" data-md-x="1">tag</span>', '<span class="md-tag" data-md-x="1">tag</span>'),
        ("<scr<script>ipt>alert(1)</script>", "ipt&gt;alert(1)"),
    ],
)  # fmt: skip
def test_sanitize_html(html: str, expected: str) -> None:
    """Whatever the allowlist does not name goes; what it names stays, re-serialised."""
    result = sanitize_html(html)
    assert result == expected
    assert not re.search(r"<script|onerror|javascript:", result, re.IGNORECASE)


def test_sanitize_keeps_material_markup() -> None:
    html = (
        '<div class="admonition note"><p class="admonition-title">Note</p></div>'
        '<pre class="mermaid"><code>a --&gt; b</code></pre>'
        '<h2 id="why">Why<a class="headerlink" href="#why" title="Permanent link">¶</a></h2>'
        '<input type="checkbox" disabled="" checked=""><label class="task-list-control"></label>'
    )
    assert sanitize_html(html + "<script>x</script>") == html


def test_wrap_why_stops_at_next_h2_and_keeps_h3() -> None:
    html = '<p>i</p><h2 id="why">Why</h2><p>r</p><h3 id="d">D</h3><p>s</p><h2 id="n">N</h2><p>t</p>'
    assert wrap_why(html) == (
        '<p>i</p><section class="pmo-why" aria-labelledby="why"><h2 id="why">Why</h2><p>r</p>'
        '<h3 id="d">D</h3><p>s</p></section><h2 id="n">N</h2><p>t</p>'
    )


def test_wrap_why_to_the_end_and_absent() -> None:
    assert wrap_why('<h2 id="why">Why</h2><p>r</p>').endswith("<p>r</p></section>")
    assert wrap_why("<h2 id='other'>x</h2>") == "<h2 id='other'>x</h2>"


def test_header_card_escapes_every_value() -> None:
    doc = make_doc(
        "STD-001",
        owner="<b>o</b>",
        summary='"<script>"',
        status="active",
        meta={"version": "<1>", "effective": "2024-01-01"},
    )
    html = card.header_card(doc, dt.date(2026, 1, 1))
    assert "<b>o</b>" not in html
    assert "&lt;b&gt;o&lt;/b&gt;" in html
    assert "&quot;&lt;script&gt;&quot;" in html
    assert "&lt;1&gt;" in html


def test_header_card_overdue_only_when_in_force() -> None:
    meta = {"last_reviewed": "2024-01-01", "review_cycle_months": 6}
    active = card.header_card(make_doc("STD-001", meta=meta), dt.date(2025, 1, 1))
    draft = card.header_card(make_doc("STD-001", meta=meta, status="draft"), dt.date(2025, 1, 1))
    assert "pmo-overdue" in active
    assert "pmo-overdue" not in draft


def test_banner_for_superseded_links_successors_and_active_has_none() -> None:
    old = make_doc("STD-001", status="superseded")
    new = make_doc("STD-002", title="<New>")
    html = card.status_banner(old, [new], lambda d: f"../{d.id}/", "standard")
    assert 'href="../STD-002/"' in html
    assert "STD-002 &lt;New&gt;" in html
    assert card.status_banner(new, [], lambda d: "", "standard") == ""


def test_relations_are_ordered_and_deduplicated() -> None:
    a, b = make_doc("STD-001"), make_doc("PB-001", status="deprecated")
    html = card.relations_section(
        {"Related": [a]}, {"Implemented by": [b, b], "Related": [a]}, lambda d: d.id
    )
    assert html.index("Implemented by") < html.index("Related")
    assert html.count("PB-001 Title PB-001") == 1
    assert "(deprecated)" in html


def test_relation_and_banner_links_escape_their_urls() -> None:
    doc = make_doc("STD-001")
    html = card.relations_section({"Related": [doc]}, {}, lambda d: 'a&b"<c')
    assert 'href="a&amp;b&quot;&lt;c"' in html
    banner = card.status_banner(
        make_doc("STD-002", status="superseded"), [doc], lambda d: "x&y", "standard"
    )
    assert 'href="x&amp;y"' in banner


def test_relation_items_are_reused_only_through_the_caller_s_cache() -> None:
    """`made` holds items for one `href`: pages sharing it reuse them; others make their own."""
    doc = make_doc("STD-001")
    made: dict[str, str] = {}
    here = card.relations_section({"Related": [doc]}, {}, lambda d: f"../{d.id}/", made=made)
    assert 'href="../STD-001/"' in here
    assert 'href="../STD-001/"' in made["STD-001"]
    renamed = make_doc("STD-001", title="Renamed")
    again = card.relations_section({"Related": [renamed]}, {}, lambda d: "unused", made=made)
    assert again == here  # served from `made`
    there = card.relations_section({"Related": [renamed]}, {}, lambda d: f"../../{d.id}/")
    assert 'href="../../STD-001/"' in there
    assert "STD-001 Renamed" in there


def test_has_relations_agrees_with_outgoing_and_incoming() -> None:
    docs = [
        make_doc("STD-001", relations={"related": ("STD-002",)}),
        make_doc("STD-002"),
        make_doc("STD-003", relations={"related": ("STD-003", "STD-999")}),  # self, unknown
        make_doc("PB-001", relations={"standards": ("STD-004",)}),
        make_doc("STD-004"),
        make_doc("STD-005"),
    ]
    corpus = Corpus(docs, DEFAULT_KINDS)
    for doc in docs:
        expected = bool(corpus.outgoing(doc) or corpus.incoming(doc.id))
        assert corpus.has_relations(doc) is expected, doc.id
    assert [d.id for d in docs if corpus.has_relations(d)] == [
        "STD-001", "STD-002", "PB-001", "STD-004"
    ]  # fmt: skip


def test_graph_placeholder_and_relation_groups_carry_escaped_drawing_data() -> None:
    doc = make_doc("STD-001", title='<b>"x"</b>')
    html = card.graph_placeholder(doc)
    assert 'data-pmo-id="STD-001"' in html
    assert 'data-pmo-title="&lt;b&gt;&quot;x&quot;&lt;/b&gt;"' in html
    other = make_doc("PB-001")
    html = card.relations_section(
        {}, {"Implemented by": [other]}, lambda d: d.id, {"Implemented by": ("in", "-->", "x")}
    )
    assert 'data-pmo-edge="in" data-pmo-arrow="--&gt;" data-pmo-verb="x"' in html
    assert '<li data-pmo-id="PB-001" data-pmo-kind="' in html


def _render(text: str, corpus: Corpus, page_uri: str) -> str:
    pattern = link_pattern(k.prefix for k in DEFAULT_KINDS)
    context = LinkContext(corpus=corpus, page_uri=page_uri)
    return markdown.markdown(text, extensions=[PmoLinkExtension(pattern, context)])


def test_link_extension_resolves_and_leaves_code_alone() -> None:
    corpus = Corpus(
        [make_doc("STD-001", title="A *b*"), make_doc("STD-002", status="superseded")],
        DEFAULT_KINDS,
    )
    html = _render(
        "[[STD-001]] [[STD-001|own]] [[STD-001#why]] [[STD-002]] [[STD-999]] `[[STD-001]]`",
        corpus,
        "playbooks/PB-001.md",
    )
    assert '<a class="pmo-ref pmo-ref--active" href="../standards/STD-001.md"' in html
    assert ">STD-001 A *b*</a>" in html  # title text is not Markdown
    assert ">own</a>" in html
    assert 'href="../standards/STD-001.md#why"' in html
    assert '<span class="pmo-ref__marker"> (superseded)</span>' in html
    assert '<span class="pmo-broken" title="Unknown document ID">[[STD-999]]</span>' in html
    assert "<code>[[STD-001]]</code>" in html


def test_link_processors_are_registered_only_for_text_with_links() -> None:
    corpus = Corpus([make_doc("STD-001")], DEFAULT_KINDS)
    pattern = link_pattern(k.prefix for k in DEFAULT_KINDS)
    context = LinkContext(corpus=corpus, page_uri="playbooks/PB-001.md")
    md = markdown.Markdown(extensions=[PmoLinkExtension(pattern, context)])
    assert md.convert("No links [here].") == "<p>No links [here].</p>"
    assert "pmo_ref" not in md.inlinePatterns
    md.reset()
    assert 'href="../standards/STD-001.md"' in md.convert("See [[STD-001]].")
    assert "pmo_ref" in md.inlinePatterns


def test_links_added_by_an_earlier_preprocessor_are_resolved() -> None:
    """Text that preprocessors such as snippets (priority 32) bring in is checked too."""
    from markdown.extensions import Extension
    from markdown.preprocessors import Preprocessor

    class AddLink(Preprocessor):
        def run(self, lines: list[str]) -> list[str]:
            return [*lines, "", "Included: [[STD-001]]"]

    class Include(Extension):
        def extendMarkdown(self, md: markdown.Markdown) -> None:
            md.preprocessors.register(AddLink(md), "include", 32)

    corpus = Corpus([make_doc("STD-001")], DEFAULT_KINDS)
    pattern = link_pattern(k.prefix for k in DEFAULT_KINDS)
    context = LinkContext(corpus=corpus, page_uri="playbooks/PB-001.md")
    html = markdown.markdown(
        "Nothing here.", extensions=[Include(), PmoLinkExtension(pattern, context)]
    )
    assert 'href="../standards/STD-001.md"' in html
