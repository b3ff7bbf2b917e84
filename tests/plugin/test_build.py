"""Real MkDocs builds of tiny sites: links, card, Why block, banners, relations, edit URLs."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import mkdocs_pmo
from tests.conftest import (
    build_site,
    doc_text,
    load_site_config,
    mkdocs_yml,
    read_html,
    write_tree,
)

XSS = "<script>alert(1)</script> & co"


class Node:
    """A minimal DOM node built by `parse` (enough for selectors by tag/class/id)."""

    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[Node | str] = []

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def iter(self) -> Any:
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        return [
            n
            for n in self.iter()
            if (tag is None or n.tag == tag)
            and (cls is None or cls in n.classes)
            and all(n.attrs.get(k) == v for k, v in attrs.items())
        ]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Node:
        found = self.find_all(tag, cls, **attrs)
        assert found, f"no <{tag} class={cls} {attrs}>"
        return found[0]


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr", "path", "circle", "rect"}  # fmt: skip


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in _VOID:
            self.current = node

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    return builder.root


def article(site: Path, uri: str) -> Node:
    return parse(read_html(site, uri)).find("article")


SITE_FILES = {
    "mkdocs.yml": mkdocs_yml(
        {"validation": {"pmo.unsafe-html": "warn", "pmo.review-overdue": "info"}},
        plugins=("tags",),
    ),
    "standards/STD-001-lifecycle.md": doc_text(
        "STD-001",
        "Lifecycle",
        owner="Delivery lead",
        version="2.1",
        effective="2024-01-01",
        last_reviewed="2024-06-01",
        review_cycle_months=12,
        tags=["lifecycle", "<b>bold-tag</b>"],
        related=["STD-003"],
        body=(
            "Intro links to [[STD-003]], [[STD-003|the new rule]] and [[STD-003#why]].\n\n"
            "Code stays: `[[STD-003]]`.\n\n"
            "```text\n[[STD-003]] in a fence\n```\n\n"
            "## Why\n\nGates make success repeatable. Second sentence.\n\n"
            "### Detail\n\nStill part of the why.\n\n"
            "## Rules\n\nRule text with [[STD-002]].\n\n"
            "<script>alert('body')</script>\n\n"
            '<a href="javascript:alert(2)" onclick="alert(3)">click</a>\n'
        ),
    ),
    "standards/STD-002-old-rule.md": doc_text(
        "STD-002", "Old rule", status="superseded", superseded_by="STD-003"
    ),
    "standards/STD-003-new-rule.md": doc_text("STD-003", "New rule", supersedes="STD-002"),
    "standards/STD-004-draft.md": doc_text("STD-004", XSS, status="draft", owner="<i>Owner</i>"),
    "playbooks/PB-001-run-gates.md": doc_text(
        "PB-001", "Run the gates", standards=["STD-001"], body="See [[STD-004]].\n\n## Why\n\nB.\n"
    ),
    "docs/index.md": "# Home\n\nStart with [[STD-001]] or [[PB-001|the playbook]].\n",
    "docs/guides/how.md": "# How\n\nRead [[STD-003]].\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_tree(tmp_path_factory.mktemp("site"), SITE_FILES)
    return build_site(root)


STD1 = "standards/STD-001-lifecycle/"


def test_id_links_become_relative_links_with_title_text_and_tooltip(site: Path) -> None:
    refs = article(site, STD1).find_all("a", "pmo-ref")
    texts = [(a.text, a.attrs["href"]) for a in refs]
    # Plain links: one `../` per folder of the page's URL, then the target's URL.
    assert ("STD-003 New rule", "../../standards/STD-003-new-rule/") in texts
    assert ("the new rule", "../../standards/STD-003-new-rule/") in texts
    # With an anchor: a `.md` link that MkDocs resolves, so it checks the anchor exists.
    assert ("STD-003 New rule", "../STD-003-new-rule/#why") in texts
    first = refs[0]
    assert first.attrs["title"] == "Active · Summary of STD-003."


def test_links_in_code_are_untouched(site: Path) -> None:
    art = article(site, STD1)
    codes = [c.text for c in art.find_all("code")]
    assert "[[STD-003]]" in codes
    assert any("[[STD-003]] in a fence" in c for c in codes)


def test_link_to_superseded_document_is_marked(site: Path) -> None:
    link = next(a for a in article(site, STD1).find_all("a", "pmo-ref") if "STD-002" in a.text)
    assert "pmo-ref--superseded" in link.classes
    assert "(superseded)" in link.text


def test_links_work_in_docs_dir_pages(site: Path) -> None:
    home = [(a.text, a.attrs["href"]) for a in article(site, "index.html").find_all("a", "pmo-ref")]
    assert home == [
        ("STD-001 Lifecycle", "standards/STD-001-lifecycle/"),
        ("the playbook", "playbooks/PB-001-run-gates/"),
    ]
    guide = article(site, "guides/how/").find("a", "pmo-ref")
    assert guide.attrs["href"] == "../../standards/STD-003-new-rule/"


def test_header_card_shows_metadata_and_flags_overdue_review(site: Path) -> None:
    card = article(site, STD1).find("div", "pmo-card")
    fields = {f.find("dt").text: f.find("dd").text for f in card.find_all("div", "pmo-card__field")}
    assert fields["ID"] == "STD-001"
    assert fields["Status"] == "active"
    assert fields["Owner"] == "Delivery lead"
    assert fields["Version"] == "2.1"
    assert fields["Effective"] == "2024-01-01"
    assert fields["Last reviewed"] == "2024-06-01"
    assert fields["Next review"] == "2025-06-01 overdue"
    assert card.find("div", "pmo-overdue")
    assert card.find("p", "pmo-card__summary").text == "Summary of STD-001."
    siblings = [c for c in card.parent.children if isinstance(c, Node)]
    after = siblings[siblings.index(card) + 1]
    assert (after.tag, after.attrs["class"]) == ("section", "pmo-why")  # the Why block follows


def test_why_section_is_a_block_up_to_the_next_h2(site: Path) -> None:
    why = article(site, STD1).find("section", "pmo-why")
    assert why.find("h2").attrs["id"] == "why"
    assert "Gates make success repeatable." in why.text
    assert "Still part of the why." in why.text  # h3 stays inside
    assert "Rule text" not in why.text


def test_superseded_banner_links_to_successor(site: Path) -> None:
    banner = article(site, "standards/STD-002-old-rule/").find("div", "pmo-banner")
    assert "pmo-banner--superseded" in banner.classes
    link = banner.find("a")
    # Relative to the page (one `../` per folder of its URL), so the site works from any path.
    assert link.attrs["href"] == "../../standards/STD-003-new-rule/"
    assert link.text == "STD-003 New rule"


def test_draft_banner_says_not_in_force_and_active_has_none(site: Path) -> None:
    banner = article(site, "standards/STD-004-draft/").find("div", "pmo-banner")
    assert "not in force" in banner.text
    assert not article(site, STD1).find_all("div", "pmo-banner")


def group_label(group: Node) -> str:
    """A relation group's label, without the count that follows it."""
    return next(c for c in group.find("dt").children if isinstance(c, str)).strip()


def _relations(site: Path, uri: str) -> dict[str, list[str]]:
    section = article(site, uri).find("section", "pmo-relations")
    groups = {}
    for g in section.find_all("div", "pmo-relations__group"):
        links = [a.text for a in g.find_all("a")]
        label = group_label(g)
        assert g.find("dt").find("span", "pmo-relations__count").text == f"({len(links)})"
        groups[label] = links
    return groups


def test_relations_both_ways_and_backlinks(site: Path) -> None:
    assert _relations(site, STD1) == {
        "Implemented by": ["PB-001 Run the gates"],
        "Related": ["STD-003 New rule"],
    }
    assert _relations(site, "standards/STD-003-new-rule/") == {
        "Supersedes": ["STD-002 Old rule"],
        "Referenced by": ["STD-001 Lifecycle"],
    }
    assert _relations(site, "playbooks/PB-001-run-gates/") == {"Implements": ["STD-001 Lifecycle"]}
    assert _relations(site, "standards/STD-004-draft/") == {
        "Referenced by": ["PB-001 Run the gates"]
    }


def test_edit_urls_point_at_the_real_files(site: Path) -> None:
    def edit(uri: str) -> str:
        return parse(read_html(site, uri)).find("a", rel="edit").attrs["href"]

    base = "https://github.com/example-org/pmo-playbook/edit/main/"
    assert edit(STD1) == base + "standards/STD-001-lifecycle.md"
    assert edit("playbooks/PB-001-run-gates/") == base + "playbooks/PB-001-run-gates.md"
    assert edit("index.html") == base + "docs/index.md"


def test_script_title_is_text_everywhere(site: Path) -> None:
    page = read_html(site, "standards/STD-004-draft/")
    doc = parse(page)
    expected = f"STD-004 {XSS}"
    assert doc.find("title").text == f"{expected} - Test PMO"
    assert doc.find("h1").text == expected
    assert doc.find("div", "pmo-card__field").parent is not None
    link = next(a for a in article(site, "playbooks/PB-001-run-gates/").find_all("a", "pmo-ref"))
    assert link.text == expected
    owner = [f for f in doc.find_all("div", "pmo-card__field") if f.find("dt").text == "Owner"]
    assert owner[0].find("dd").text == "<i>Owner</i>"
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in text, path
        assert "<i>Owner</i>" not in text, path
        assert "&amp;lt;" not in text, path  # not double-escaped either
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = {d["title"] for d in index["docs"] if d["location"].startswith("standards/STD-004")}
    assert "STD-004 &lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in titles
    assert "<script>" not in json.dumps(index)


def test_tags_are_escaped(site: Path) -> None:
    page = read_html(site, STD1)
    assert "<b>bold-tag</b>" not in page
    tags = [t.text.strip() for t in parse(page).find_all(cls="md-tag")]
    assert "<b>bold-tag</b>" in tags


def test_unsafe_html_is_removed_from_bodies(site: Path) -> None:
    art = article(site, STD1)
    assert not art.find_all("script")
    link = next(a for a in art.find_all("a") if a.text == "click")
    assert "href" not in link.attrs
    assert "onclick" not in link.attrs


def test_search_index_has_id_title_summary_owner_tags_and_why(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = [d for d in index["docs"] if d["location"].startswith(STD1)]
    page = next(d for d in entries if d["location"] == STD1)
    assert page["title"] == "STD-001 Lifecycle"
    everything = json.dumps(entries)
    for word in ("Summary of STD-001.", "Delivery lead", "Gates make success repeatable"):
        assert word in everything
    assert "lifecycle" in page["tags"]


def test_search_indexes_the_cards_summary_and_owner_only(site: Path) -> None:
    """Dates, version and status are shown on the page but would only be noise in search."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    page = next(d for d in index["docs"] if d["location"] == STD1)
    assert "Owner Delivery lead" in " ".join(page["text"].split())
    assert "Last reviewed" not in page["text"]
    assert "Version" not in page["text"]
    assert "2025-" not in page["text"]
    card = article(site, STD1).find("div", "pmo-card")
    assert len(card.find_all("div", "pmo-card__field")) >= 5
    # Material strips the data-search-* attributes from the page once it has indexed it.
    assert "data-search-exclude" not in read_html(site, STD1)


def test_generated_lists_stay_out_of_search(site: Path) -> None:
    """A search for an ID should find the document, not every list that names it."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    assert "catalogue/standards/" not in locations
    assert "catalogue/status/" not in locations
    assert "catalogue/fields/" in locations
    assert "STD-001" in article(site, "catalogue/standards/").text


def test_relations_graph_and_history_are_on_the_page_but_not_in_search(site: Path) -> None:
    """Neighbours' IDs would make every linking page match a search for an ID."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [d["location"] for d in index["docs"] if d["location"].startswith(STD1)]
    assert not [loc for loc in locations if "pmo-relations" in loc or "pmo-graph" in loc]
    page = article(site, STD1)
    assert page.find("section", "pmo-graph") is not None
    assert page.find("section", "pmo-relations") is not None


def test_documents_are_in_the_nav_by_kind_under_their_index(site: Path) -> None:
    """A small catalogue (under `nav_max_documents`): a section per kind, headed by the kind's
    index page, then its documents by ID, before the catalogue's one entry."""
    nav = parse(read_html(site, STD1)).find("nav", cls="md-nav--primary")
    links = [(" ".join(a.text.split()), a.attrs.get("href", "")) for a in nav.find_all("a")]
    entries = [(t, href) for t, href in links if t and not href.startswith(("#", "http"))]
    assert entries == [
        ("Home", "../.."),
        ("Standards", "../../catalogue/standards/"),
        ("STD-001 Lifecycle", "./"),
        ("STD-002 Old rule", "../STD-002-old-rule/"),
        ("STD-003 New rule", "../STD-003-new-rule/"),
        ("STD-004 <script>alert(1)</script> & co", "../STD-004-draft/"),
        ("Playbooks", "../../catalogue/playbooks/"),
        ("PB-001 Run the gates", "../../playbooks/PB-001-run-gates/"),
        ("Catalogue", "../../catalogue/"),
        ("Handbook", "../../handbook/"),
        ("How", "../../guides/how/"),
    ]
    hrefs = [href for _, href in links]
    # The catalogue is one entry (Material renders the nav into every page); its pages link
    # to each other instead.
    assert "../../catalogue/owners/" not in hrefs
    strip = article(site, "catalogue/standards/").find("nav", cls="pmo-catalogue-nav")
    links = {a.text: a.attrs for a in strip.find_all("a")}
    assert links["Catalogue"]["href"] == "../../catalogue/"
    assert links["Standards"].get("aria-current") == "page"
    assert "Reviews due" in links and "Relationship graph" in links


def test_generated_index_links_are_resolved(site: Path) -> None:
    standards = article(site, "catalogue/standards/")
    assert [a.attrs["href"] for a in standards.find_all("a") if "STD-001" in a.text] == [
        "../../standards/STD-001-lifecycle/"
    ]


def test_generated_pages_graph_and_export(site: Path) -> None:
    assert "STD-001" in article(site, "catalogue/standards/").text
    # The neighbourhood is drawn in the browser from the relations list (tests/e2e): the page
    # names the document and says how to draw each group of relations.
    page = article(site, STD1)
    canvas = page.find("section", "pmo-graph").find("div", "pmo-graph__canvas")
    assert canvas.attrs["data-pmo-id"] == "STD-001"
    assert canvas.attrs["data-pmo-kind"] == "standard"
    groups = {
        group_label(g): (g.attrs["data-pmo-edge"], g.attrs["data-pmo-verb"])
        for g in page.find_all("div", "pmo-relations__group")
    }
    assert groups["Implemented by"] == ("in", "implements")
    assert groups["Related"] == ("out", "related")
    data = json.loads((site / "catalogue.json").read_text(encoding="utf-8"))
    urls = {d["id"]: d["url"] for d in data["documents"]}
    assert urls["STD-001"] == "https://pmo.example.org/standards/STD-001-lifecycle/"


def test_assets_and_schemas_are_published(site: Path) -> None:
    """One stylesheet and one script, each joined from the package's assets, on every page."""
    assets = Path(mkdocs_pmo.__file__).parent / "site" / "assets"
    css = (site / "assets" / "pmo" / "pmo.css").read_text(encoding="utf-8")
    js = (site / "assets" / "pmo" / "pmo.js").read_text(encoding="utf-8")
    for path in assets.iterdir():
        assert path.read_text(encoding="utf-8") in (css if path.suffix == ".css" else js)
    for url, prefix in (("index.html", ""), ("standards/STD-001-lifecycle/", "../../")):
        page = read_html(site, url)
        head, body = page.split("</head>")
        assert head.count(f'<link rel="stylesheet" href="{prefix}assets/pmo/pmo.css">') == 1
        assert body.count(f'<script src="{prefix}assets/pmo/pmo.js"></script>') == 1
        assert head.count('type="application/atom+xml"') == 1
    assert (site / "schemas" / "standard.schema.json").is_file()


def test_page_meta_is_the_validated_front_matter_though_mkdocs_reads_only_the_body(
    tmp_path: Path,
) -> None:
    """Other plugins see the checked front matter in `page.meta`, and the body as Markdown."""
    from mkdocs.commands.build import build
    from mkdocs.plugins import BasePlugin

    seen: dict[str, Any] = {}

    class Probe(BasePlugin):  # type: ignore[type-arg]
        def on_page_content(self, html: str, *, page: Any, **kwargs: object) -> str:
            if page.file.src_uri == "standards/STD-001-a.md":
                seen.update(meta=dict(page.meta), markdown=page.markdown)
            return html

    text = doc_text("STD-001", "Alpha", owner="Quality lead", related=["STD-002"])
    write_tree(
        tmp_path,
        {"standards/STD-001-a.md": text, "standards/STD-002-b.md": doc_text("STD-002")},
    )
    config = load_site_config(tmp_path)
    config.plugins["probe"] = Probe()
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    assert seen["meta"]["owner"] == "Quality lead"
    assert seen["meta"]["related"] == ["STD-002"]
    assert seen["meta"]["title"] == "STD-001 Alpha"
    assert "id: STD-001" not in seen["markdown"]
    assert seen["markdown"].lstrip("\n").startswith("Intro.")


def test_templates_are_told_which_pages_will_get_a_graph(tmp_path: Path) -> None:
    """`page.meta["pmo_mermaid"]` is set before templates render, on pages with relations
    only (so a template can load Mermaid where a graph is drawn)."""
    from mkdocs.commands.build import build
    from mkdocs.plugins import BasePlugin, event_priority

    flags: dict[str, object] = {}

    class Probe(BasePlugin):  # type: ignore[type-arg]
        @event_priority(-100)  # last, as the theme's templates see the page
        def on_page_context(self, context: Any, *, page: Any, **kwargs: object) -> Any:
            flags[page.file.src_uri] = page.meta.get("pmo_mermaid")
            return context

    write_tree(
        tmp_path,
        {
            "standards/STD-001-a.md": doc_text("STD-001", related=["STD-002"]),
            "standards/STD-002-b.md": doc_text("STD-002"),
            "standards/STD-003-c.md": doc_text("STD-003"),
        },
    )
    config = load_site_config(tmp_path)
    config.plugins["probe"] = Probe()
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    assert flags["standards/STD-001-a.md"] is True
    assert flags["standards/STD-002-b.md"] is True  # the related document, from the other side
    assert flags["standards/STD-003-c.md"] is None
    page = read_html(Path(config.site_dir), "standards/STD-003-c/")
    assert 'class="pmo-graph"' not in page
