"""The pure HTML functions behind document pages (no MkDocs build)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import markdown
import pytest

from mkdocs_pmo.core.body import link_pattern
from mkdocs_pmo.core.model import Corpus, Document
from mkdocs_pmo.core.pipeline import DEFAULT_KINDS
from mkdocs_pmo.site.links import LinkContext, PmoLinkExtension
from mkdocs_pmo.site.render import DocLink, Templates, relation_groups

if TYPE_CHECKING:
    from pathlib import Path


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


T = Templates()


def test_why_block_stops_at_next_h2_and_keeps_h3() -> None:
    """The section is taken out of the body (the page puts it under the card)."""
    html = '<p>i</p><h2 id="why">Why</h2><p>r</p><h3 id="d">D</h3><p>s</p><h2 id="n">N</h2><p>t</p>'
    assert T.why(html) == (
        '<section class="pmo-why" aria-labelledby="why"><h2 id="why">Why</h2><p>r</p>'
        '<h3 id="d">D</h3><p>s</p></section>',
        '<p>i</p><h2 id="n">N</h2><p>t</p>',
    )


def test_why_block_to_the_end_and_absent() -> None:
    block, rest = T.why('<p>i</p><h2 id="why">Why</h2><p>r</p>')
    assert block.endswith("<p>r</p></section>")
    assert rest == "<p>i</p>"
    assert T.why("<h2 id='other'>x</h2>") == ("", "<h2 id='other'>x</h2>")


def test_header_card_escapes_every_value() -> None:
    doc = make_doc(
        "STD-001",
        owner="<b>o</b>",
        summary='"<script>"',
        status="active",
        meta={"version": "<1>", "effective": "2024-01-01"},
    )
    html = T.card(doc, T.card_fields(doc, dt.date(2026, 1, 1)))
    assert "<b>o</b>" not in html
    assert "&lt;b&gt;o&lt;/b&gt;" in html
    assert "&#34;&lt;script&gt;&#34;" in html
    assert "&lt;1&gt;" in html


def test_header_card_overdue_only_when_in_force() -> None:
    meta = {"last_reviewed": "2024-01-01", "review_cycle_months": 6}
    active = T.card_fields(make_doc("STD-001", meta=meta), dt.date(2025, 1, 1))
    draft = T.card_fields(make_doc("STD-001", meta=meta, status="draft"), dt.date(2025, 1, 1))
    assert "pmo-overdue" in active
    assert "pmo-overdue" not in draft


def test_banner_for_superseded_links_successors_and_active_has_none() -> None:
    old = make_doc("STD-001", status="superseded")
    new = make_doc("STD-002", title="<New>")
    html = T.banner(old, "standard", [DocLink.to(new, "../STD-002/")])
    assert 'href="../STD-002/"' in html
    assert "STD-002 &lt;New&gt;" in html
    assert "no longer in force" in html
    assert T.banner(new, "standard", []) == ""


def test_relations_are_ordered_and_deduplicated() -> None:
    a, b = make_doc("STD-001"), make_doc("PB-001", status="deprecated")
    html = T.relations(
        a,
        relation_groups(
            {"Related": [a]}, {"Implemented by": [b, b], "Related": [a]}, lambda d: d.id, {}
        ),
    )
    assert html.index("Implemented by") < html.index("Related")
    assert html.count("PB-001 Title PB-001") == 1
    # The status is said once, by the badge (the text's "(deprecated)" marker is left out).
    assert '<span class="pmo-badge pmo-badge--deprecated">deprecated</span>' in html
    assert "(deprecated)" not in html


def test_a_document_is_listed_once_under_its_strongest_relation_with_kind_counts() -> None:
    a, b, c = make_doc("STD-001"), make_doc("PB-001"), make_doc("STD-002")
    groups = relation_groups(
        {"Related": [b, c]},
        {"Referenced by": [b, c, a], "Implemented by": [b]},
        lambda d: d.id,
        {},
        {"standard": "Standards", "playbook": "Playbooks"},
    )
    assert [(g.label, [link.id for link in g.links], g.kinds) for g in groups] == [
        ("Implemented by", ["PB-001"], (("Playbooks", 1),)),
        ("Related", ["STD-002"], (("Standards", 1),)),
        ("Referenced by", ["STD-001"], (("Standards", 1),)),
    ]
    # A group left empty by that rule is not shown.
    assert [
        g.label for g in relation_groups({"Related": [b]}, {"Referenced by": [b]}, str, {})
    ] == ["Related"]


def test_relation_and_banner_links_escape_their_urls() -> None:
    doc = make_doc("STD-001")
    html = T.relations(doc, relation_groups({"Related": [doc]}, {}, lambda d: 'a&b"<c', {}))
    assert 'href="a&amp;b&#34;&lt;c"' in html
    banner = T.banner(
        make_doc("STD-002", status="superseded"), "standard", [DocLink.to(doc, "x&y")]
    )
    assert 'href="x&amp;y"' in banner


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
    other = make_doc("PB-001")
    html = T.relations(
        doc,
        relation_groups(
            {}, {"Implemented by": [other]}, lambda d: d.id, {"Implemented by": ("in", "-->", "x")}
        ),
    )
    assert 'data-pmo-id="STD-001"' in html
    assert 'data-pmo-title="&lt;b&gt;&#34;x&#34;&lt;/b&gt;"' in html
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


def test_a_site_overrides_a_template_from_its_custom_dir(tmp_path: Path) -> None:
    """As Material's partials: `custom_dir/pmo/card.html` replaces the package's card."""
    (tmp_path / "pmo").mkdir()
    (tmp_path / "pmo" / "card.html").write_text(
        '<aside class="my-card">{{ doc.id }}: {{ doc.title }}</aside>', encoding="utf-8"
    )
    html = Templates(str(tmp_path)).card(make_doc("STD-001", title="<T>"), "")
    assert html == '<aside class="my-card">STD-001: &lt;T&gt;</aside>'
    # The others still come from the package.
    assert "pmo-banner" in Templates(str(tmp_path)).banner(
        make_doc("STD-002", status="draft"), "standard", []
    )


@pytest.mark.parametrize(
    ("override", "wanted"),
    [
        (
            "<aside>\n{% if %}</aside>",
            r"pmo/card\.html:2: template syntax error: Expected an expression",
        ),
        (
            "<aside>{{ doc.nonexistent.attr }}</aside>",
            r"pmo/card\.html: template error: .*nonexistent",
        ),
    ],
)
def test_a_broken_override_stops_the_build_with_its_file(
    tmp_path: Path, override: str, wanted: str
) -> None:
    """A Jinja error in a site's override is a located build error, not a traceback."""
    from mkdocs.exceptions import PluginError

    (tmp_path / "pmo").mkdir()
    (tmp_path / "pmo" / "card.html").write_text(override, encoding="utf-8")
    with pytest.raises(PluginError, match=wanted) as refused:
        Templates(str(tmp_path)).card(make_doc("STD-001"), "")
    assert str(tmp_path) in str(refused.value)


def test_history_template_escapes_and_links_commits() -> None:
    from mkdocs_pmo.git.history import DocumentHistory, History, HistoryEntry

    entry = HistoryEntry("STD-001", "T", "s.md", "2026-01-02T00:00:00", "abcdef123", "status",
                         "draft", "active", "<b>subject</b>")  # fmt: skip
    history = History({"STD-001": DocumentHistory("STD-001", "2026-01-02", "abcdef123", (entry,))})
    html = T.history(
        history, "STD-001", commit_url=lambda sha: f"https://x/c/{sha}", feed_url="../feed.xml"
    )
    assert "Last changed" in html and "History (1 change)" in html
    assert "&lt;b&gt;subject&lt;/b&gt;" in html
    assert '<a href="https://x/c/abcdef123"><code>abcdef1</code></a>' in html
    assert "not yet committed" in T.history(History(), "STD-009", commit_url=None, feed_url="")


def test_a_link_text_with_markup_shows_that_markup_not_placeholders() -> None:
    """`[[ID|...]]` text with a code span, an escape, HTML or an entity, with page URLs known."""
    corpus = Corpus([make_doc("STD-001")], DEFAULT_KINDS)
    pattern = link_pattern(k.prefix for k in DEFAULT_KINDS)
    context = LinkContext(
        corpus=corpus, page_uri="playbooks/PB-001.md", urls={"STD-001": "standards/STD-001/"}
    )
    html = markdown.markdown(
        "[[STD-001|the `G1` gate]] [[STD-001|x\\]y]] [[STD-001|<b>q</b>]] [[STD-001|a &lt; b]] "
        "[[STD-001|plain]]",
        extensions=[PmoLinkExtension(pattern, context)],
    )
    assert "klzzwxh" not in html and "\x02" not in html
    assert ">the <code>G1</code> gate</a>" in html
    assert ">x]y</a>" in html and "><b>q</b></a>" in html
    assert ">a &lt; b</a>" in html
    assert 'href="standards/STD-001/"' in html  # a plain text keeps the page's URL
