"""What readers find on a built site: navigation by kind, the handbook, relations, the Why block.

Real MkDocs builds of small sites in a temporary folder, read as HTML.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import pytest

from tests.conftest import build_site, doc_text, mkdocs_yml, read_html, write_tree
from tests.plugin.test_build import Node, article, group_label, parse

if TYPE_CHECKING:
    from pathlib import Path

WHY = "## Why\n\nBecause {id} matters.\n"
FILES = {
    "standards/STD-001-lifecycle.md": doc_text(
        "STD-001",
        "Lifecycle",
        related=["STD-002"],
        body=(
            "Intro of STD-001 links to [[STD-002]], [[STD-002#why|its reason]] and "
            "[[STD-003]].\n\n" + WHY.format(id="STD-001") + "\n## Rules\n\nRule text.\n"
        ),
    ),
    # Related to STD-001 and linked from its text: listed once, under "Related".
    "standards/STD-002-reporting.md": doc_text(
        "STD-002",
        "Reporting",
        status="deprecated",
        related=["STD-001"],
        body="Intro.\n\n" + WHY.format(id="STD-002"),
    ),
    "standards/STD-003-draft.md": doc_text(
        "STD-003", "Draft", status="draft", body="Intro.\n\n" + WHY.format(id="STD-003")
    ),
    "standards/STD-004-old.md": doc_text(
        "STD-004", "Old", status="retired", body="Intro.\n\n" + WHY.format(id="STD-004")
    ),
    **{
        f"playbooks/PB-{n:03d}-step.md": doc_text(
            f"PB-{n:03d}",
            f"Step {n}",
            standards=["STD-001"],
            body="Follow [[STD-001]].\n\n" + WHY.format(id=f"PB-{n:03d}"),
        )
        for n in range(1, 11)
    },
    "docs/index.md": "# Home\n\nWelcome.\n",
}
IN_FORCE = ["STD-001", "STD-002", *(f"PB-{n:03d}" for n in range(1, 11))]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_tree(tmp_path_factory.mktemp("reader"), FILES)
    return build_site(root, strict=True)


def nav_entries(html: str) -> list[tuple[str, str]]:
    """(text, href) of the primary navigation's page links, the logo and anchors left out."""
    nav = parse(html).find("nav", cls="md-nav--primary")
    links = [(" ".join(a.text.split()), a.attrs.get("href", "")) for a in nav.find_all("a")]
    return [(t, h) for t, h in links if t and not h.startswith(("#", "http"))]


# --- navigation -----------------------------------------------------------------------------


def test_a_document_page_lists_its_siblings_by_kind(site: Path) -> None:
    entries = nav_entries(read_html(site, "playbooks/PB-002-step/"))
    titles = [t for t, _ in entries]
    standards = ["STD-001 Lifecycle", "STD-002 Reporting", "STD-003 Draft", "STD-004 Old"]
    playbooks = [f"PB-{n:03d} Step {n}" for n in range(1, 11)]
    assert titles == ["Home", "Standards", *standards, "Playbooks", *playbooks,
                      "Catalogue", "Handbook"]  # fmt: skip
    # The kind's index page heads its section (Material's section index).
    assert entries[titles.index("Playbooks")][1] == "../../catalogue/playbooks/"


def test_status_marks_in_the_navigation_say_what_the_status_means(site: Path) -> None:
    nav = parse(read_html(site, "index.html")).find("nav", cls="md-nav--primary")
    marks = {
        next(c for c in span.classes if c.startswith("md-status--")): span.attrs.get("title")
        for span in nav.find_all("span", "md-status")
    }
    assert marks["md-status--retired"] == "Retired: no longer in force"
    assert marks["md-status--deprecated"] == "Deprecated: in force, being phased out"
    assert marks["md-status--draft"] == "Draft: not in force"


def test_above_the_threshold_documents_stay_out_of_the_navigation(tmp_path: Path) -> None:
    files = {**FILES, "mkdocs.yml": mkdocs_yml({"nav_max_documents": 13})}  # 14 documents
    site = build_site(write_tree(tmp_path, files), strict=True)
    entries = nav_entries(read_html(site, "standards/STD-001-lifecycle/"))
    assert [t for t, _ in entries] == ["Home", "Catalogue", "Handbook"]


def test_a_site_with_its_own_nav_keeps_it_with_the_kinds_where_it_lists_them(
    tmp_path: Path,
) -> None:
    nav = (
        "nav:\n"
        "  - Home: index.md\n"
        "  - Rules:\n"
        "      - Our standards: catalogue/standards/index.md\n"
        "  - Catalogue: catalogue.md\n"
        "  - Handbook: handbook.md\n"
    )
    files = {**FILES, "mkdocs.yml": mkdocs_yml(extra=nav)}
    site = build_site(write_tree(tmp_path, files), strict=True)
    titles = [t for t, _ in nav_entries(read_html(site, "standards/STD-001-lifecycle/"))]
    standards = ["STD-001 Lifecycle", "STD-002 Reporting", "STD-003 Draft", "STD-004 Old"]
    # Playbooks are not listed: the site's navigation leaves them out.
    assert titles == ["Home", "Our standards", *standards, "Catalogue", "Handbook"]
    page = parse(read_html(site, "standards/STD-001-lifecycle/"))
    assert page.find("nav", cls="md-nav--primary").find("label", cls="md-nav__link")


# --- the handbook ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def handbook(site: Path) -> Node:
    return article(site, "handbook/")


def test_the_handbook_holds_every_document_in_force_by_kind_and_id(handbook: Node) -> None:
    chapters = handbook.find_all("article", "pmo-handbook__doc")
    assert [c.attrs["aria-labelledby"] for c in chapters] == IN_FORCE
    for chapter in chapters:
        doc_id = chapter.attrs["aria-labelledby"]
        assert chapter.find("h3").attrs["id"] == doc_id
        assert chapter.find("div", "pmo-card").attrs["data-pmo-id"] == doc_id
        why = chapter.find("section", "pmo-why")
        assert why.find("h4").attrs["id"] == f"{doc_id}--why"
        assert f"Because {doc_id} matters." in why.text
    parts = handbook.find_all("section", "pmo-handbook__part")
    assert [p.find("h2").text for p in parts] == ["Standards", "Playbooks"]
    contents = handbook.find("nav", "pmo-handbook__contents")
    assert [a.attrs["href"] for a in contents.find_all("a")] == [
        "#handbook-standard",
        "#STD-001",
        "#STD-002",
        "#handbook-playbook",
        *(f"#PB-{n:03d}" for n in range(1, 11)),
    ]


def test_the_handbook_leaves_out_the_on_screen_extras(handbook: Node) -> None:
    classes = Counter(c for node in handbook.iter() for c in node.classes)
    for extra in ("pmo-relations", "pmo-graph", "pmo-history", "pmo-filter"):
        assert classes[extra] == 0, extra
    ids = [node.attrs["id"] for node in handbook.iter() if "id" in node.attrs]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]


def test_handbook_links_stay_on_the_page_or_lead_back_to_the_site(handbook: Node) -> None:
    intro = handbook.find("article", "pmo-handbook__doc").find_all("a", "pmo-ref")
    assert [(a.text, a.attrs["href"], a.attrs.get("data-pmo-target")) for a in intro] == [
        ("STD-002 Reporting (deprecated)", "#STD-002", None),
        ("its reason (deprecated)", "#STD-002--why", "STD-002"),
        ("STD-003 Draft", "../standards/STD-003-draft/", None),
    ]
    # The deprecated document keeps its banner: still in force, being phased out.
    second = handbook.find_all("article", "pmo-handbook__doc")[1]
    assert "pmo-banner--deprecated" in second.find("div", "pmo-banner").classes


def test_the_handbook_is_in_the_navigation_after_the_catalogue_and_out_of_search(
    site: Path,
) -> None:
    entries = nav_entries(read_html(site, "handbook/"))
    titles = [t for t, _ in entries]
    assert titles.index("Handbook") == titles.index("Catalogue") + 1
    catalogue = article(site, "catalogue/")
    assert "Handbook" in [a.text for a in catalogue.find_all("a")]
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"location":"handbook/' not in index


def test_the_handbook_can_be_turned_off_or_replaced(tmp_path: Path) -> None:
    off = build_site(
        write_tree(tmp_path / "off", {**FILES, "mkdocs.yml": mkdocs_yml({"handbook": False})})
    )
    assert not (off / "handbook").exists()
    assert "Handbook" not in [t for t, _ in nav_entries(read_html(off, "index.html"))]
    own = {**FILES, "docs/handbook.md": "# Our handbook\n\nAsk the PMO for a copy.\n"}
    replaced = build_site(write_tree(tmp_path / "own", own))
    assert "Ask the PMO for a copy." in article(replaced, "handbook/").text
    assert not article(replaced, "handbook/").find_all("article", "pmo-handbook__doc")


def test_the_handbook_is_made_only_up_to_its_document_limit(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    at_limit = {**FILES, "mkdocs.yml": mkdocs_yml({"handbook_max_documents": len(IN_FORCE)})}
    site = build_site(write_tree(tmp_path / "at", at_limit), strict=True)
    assert len(article(site, "handbook/").find_all("article", "pmo-handbook__doc")) == 12
    over = {**FILES, "mkdocs.yml": mkdocs_yml({"handbook_max_documents": len(IN_FORCE) - 1})}
    with caplog.at_level("INFO"):
        site = build_site(write_tree(tmp_path / "over", over), strict=True)
    assert not (site / "handbook").exists()
    assert "Handbook" not in [a.text for a in article(site, "catalogue/").find_all("a")]
    assert "Handbook" not in [t for t, _ in nav_entries(read_html(site, "index.html"))]
    said = [r.getMessage() for r in caplog.records if "handbook_max_documents" in r.getMessage()]
    assert len(said) == 1
    assert said[0].endswith(
        "No handbook: 12 documents are in force, more than handbook_max_documents (11) that one "
        "page can hold; raise it in mkdocs.yml to make the handbook anyway"
    )


REQUIREMENTS_FILES = {
    "mkdocs.yml": mkdocs_yml()
    + "  - macros:\n      modules: [mkdocs_pmo.site.macros]\n      on_undefined: strict\n",
    "parameters.yml": "days:\n  value: 3\n  unit: working days\n  owner: PMO\n  why: Reading.\n",
    "standards/STD-004-gates.md": doc_text(
        "STD-004",
        "Gates",
        body=(
            "Intro, see R2 below: [[STD-004.R2]].\n\n## Why\n\nBecause.\n\n## Requirements\n\n"
            "- **R1** — The sponsor MUST approve.\n"
            '- **R2** — Evidence SHOULD be out {{ param("days") }} before the gate.\n'
        ),
    ),
    "playbooks/PB-001-gate.md": doc_text(
        "PB-001",
        "Gate",
        standards=["STD-004"],
        body="Do [[STD-004.R2]].\n\n## Why\n\nB.\n\n## Requirements\n\n**R1** Teams MAY skip.\n",
    ),
    "docs/index.md": "# Home\n",
}


def test_the_handbook_holds_requirements_with_ids_unique_on_its_page(tmp_path: Path) -> None:
    site = build_site(write_tree(tmp_path, REQUIREMENTS_FILES), strict=True)
    handbook = article(site, "handbook/")
    chapters = {c.attrs["aria-labelledby"]: c for c in handbook.find_all("article")}
    std, pb = chapters["STD-004"], chapters["PB-001"]
    assert std.find("h4", id="STD-004--requirements") is not None
    reqs = [(li.attrs["id"], li.attrs["data-pmo-req"]) for li in std.find_all("li", "pmo-req")]
    assert reqs == [("STD-004--R1", "STD-004.R1"), ("STD-004--R2", "STD-004.R2")]
    assert pb.find("p", "pmo-req").attrs["id"] == "PB-001--R1"
    # Both documents have an R1: each keeps its own, prefixed, id.
    ids = [node.attrs["id"] for node in handbook.iter() if "id" in node.attrs]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    # References to a requirement stay on the page; the parameter is rendered, not a template.
    hrefs = [a.attrs["href"] for a in pb.find_all("a", "pmo-ref")]
    assert "#STD-004--R2" in hrefs
    assert "#STD-004--R2" in [a.attrs["href"] for a in std.find_all("a", "pmo-ref")]
    assert "3 working days" in std.find("a", "pmo-param").text
    assert "{{" not in read_html(site, "handbook/")
    # The document's own page keeps the short ids its links use.
    page = article(site, "standards/STD-004-gates/")
    assert [li.attrs["id"] for li in page.find_all("li", "pmo-req")] == ["R1", "R2"]


# --- document pages -------------------------------------------------------------------------


def test_the_why_block_comes_right_after_the_card_before_the_introduction(site: Path) -> None:
    top = [
        node
        for node in article(site, "standards/STD-001-lifecycle/").children
        if isinstance(node, Node) and node.tag not in ("a", "nav")
    ]
    names = [(n.tag, n.classes[:1]) for n in top[:4]]
    assert names == [("h1", []), ("div", ["pmo-card"]), ("section", ["pmo-why"]), ("p", [])]
    assert top[3].text.startswith("Intro of STD-001")


def test_each_related_document_is_listed_once_under_its_strongest_relation(site: Path) -> None:
    page = article(site, "standards/STD-002-reporting/")
    groups = {
        group_label(g): [li.attrs["data-pmo-id"] for li in g.find_all("li")]
        for g in page.find_all("div", "pmo-relations__group")
    }
    # STD-001 relates to STD-002 and links to it from its text: once, as "Related".
    assert groups == {"Related": ["STD-001"]}


def test_long_relation_lists_are_collapsed_behind_their_count(site: Path) -> None:
    page = article(site, "standards/STD-001-lifecycle/")
    group = next(
        g
        for g in page.find_all("div", "pmo-relations__group")
        if group_label(g) == "Implemented by"
    )
    assert group.attrs["data-pmo-count"] == "10"
    assert group.find("span", "pmo-relations__count").text == "(10)"
    details = group.find("details", "pmo-relations__more")
    assert " ".join(details.find("summary").text.split()) == "Show all 10 (playbooks: 10)"
    assert len(details.find_all("li")) == 10
    short = next(
        g for g in page.find_all("div", "pmo-relations__group") if group_label(g) == "Related"
    )
    assert not short.find_all("details")
    canvas = page.find("div", "pmo-graph__canvas")
    assert int(canvas.attrs["data-pmo-max-nodes"]) > 0
