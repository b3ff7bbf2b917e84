"""Generated pages and the export as pure functions of a corpus checked from a tmp tree."""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import jsonschema
import pytest

from mkdocs_pmo.core.export import catalogue
from mkdocs_pmo.core.pipeline import Settings, check
from mkdocs_pmo.site.mkdocs_config import load_settings
from mkdocs_pmo.site.pages import generated_pages
from mkdocs_pmo.site.pages.graph import relation_drawings
from mkdocs_pmo.site.pages.text import mermaid_label
from mkdocs_pmo.site.urls import page_link, page_url
from tests.conftest import doc_text, write_tree

if TYPE_CHECKING:
    from mkdocs_pmo.core.model import Corpus
    from mkdocs_pmo.site.pages import GeneratedPage

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 1, 15)
XSS = '<script>alert(1)</script> {{ 7*7 }} "q" [b] | pipe'


def corpus_of(tmp_path: Path, files: dict[str, str]) -> Corpus:
    write_tree(tmp_path, files)
    corpus, report = check(Settings(root=tmp_path, today=TODAY))
    assert not report.has_errors, [i.format() for i in report]
    return corpus


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    return corpus_of(
        tmp_path,
        {
            "standards/STD-001-charter.md": doc_text(
                "STD-001",
                XSS,
                tags=["governance", "a b"],
                last_reviewed="2024-01-01",
                review_cycle_months=12,
                body="Intro.\n\n## Why\n\nCharters stop scope creep. More text.\n",
            ),
            "standards/STD-002-old.md": doc_text(
                "STD-002",
                "Old reporting",
                status="superseded",
                superseded_by="STD-003",
                owner="Reporting team",
            ),
            "standards/STD-003-new.md": doc_text(
                "STD-003",
                "New reporting",
                supersedes="STD-002",
                related=["STD-001"],
                owner="Reporting team",
                last_reviewed="2025-12-01",
                review_cycle_months=3,
            ),
            "playbooks/PB-001-run.md": doc_text(
                "PB-001",
                "Run it",
                standards=["STD-001"],
                tags=["governance"],
                body="See [[STD-003]].\n\n## Why\n\nRunning matters.\n",
                last_reviewed="2025-06-01",
                review_cycle_months=24,
            ),
        },
    )


def pages_of(corpus: Corpus) -> dict[str, GeneratedPage]:
    schemas = {
        k: json.loads((ROOT / "schemas" / f"{k}.schema.json").read_text()) for k in corpus.kinds
    }
    return {p.uri: p for p in generated_pages(corpus, TODAY, schemas)}


def test_one_index_per_kind_and_the_overview_pages(corpus: Corpus) -> None:
    pages = pages_of(corpus)
    assert next(iter(pages)) == "catalogue.md"
    for uri in (
        "catalogue/standards/index.md",
        "catalogue/playbooks/index.md",
        "catalogue/reviews.md",
        "catalogue/rationale.md",
        "catalogue/graph.md",
        "catalogue/fields.md",
        "catalogue/owners.md",
        "catalogue/status.md",
        "catalogue/tags.md",
        "handbook.md",
    ):
        assert uri in pages
        assert f"]({uri})" in pages["catalogue.md"].markdown


def test_kind_index_rows_carry_filter_attributes_and_relative_links(corpus: Corpus) -> None:
    text = pages_of(corpus)["catalogue/standards/index.md"].markdown
    row = next(line for line in text.splitlines() if 'data-status="superseded"' in line)
    assert 'data-owner="Reporting team"' in row
    assert '<a href="../../standards/STD-002-old/">STD-002</a>' in row
    tagged = next(line for line in text.splitlines() if "STD-001-charter/" in line)
    assert 'data-tags="[&quot;governance&quot;, &quot;a b&quot;]"' in tagged
    for key in ("status", "owner", "tag"):
        assert f'<label for="pmo-index-standard-{key}">' in text
        assert f'id="pmo-index-standard-{key}" data-pmo-filter="{key}"' in text
    assert '<option value="Reporting team">' in text


def test_front_matter_is_escaped_everywhere(corpus: Corpus) -> None:
    for page in pages_of(corpus).values():
        assert "<script>" not in page.markdown, page.uri
        assert "{{" not in page.markdown, page.uri
        if page.uri == "catalogue/graph.md":
            assert (
                "#lt;script#gt;alert(1)#lt;/script#gt; #123;#123; 7*7 #125;#125;" in page.markdown
            )
        elif "STD-001-charter" in page.markdown:
            assert "&lt;script&gt;" in page.markdown, page.uri


def test_reviews_sorted_by_due_date_and_overdue_flagged(corpus: Corpus) -> None:
    text = pages_of(corpus)["catalogue/reviews.md"].markdown
    rows = [line for line in text.splitlines() if line.startswith("<tr><td>20")]
    dues = [row.removeprefix("<tr><td>")[:10] for row in rows]
    assert dues == sorted(dues)
    assert dues == ["2025-01-01", "2026-03-01", "2027-06-01"]
    assert "<strong>Overdue</strong> (379 days)" in rows[0]
    assert "STD-001" in rows[0]
    assert "Due soon" in rows[1]
    assert "STD-003" in rows[1]
    assert "Scheduled" in rows[2]
    assert "STD-002" not in text  # superseded: not in force, no review
    assert "1 overdue" in text


def test_rationale_links_to_why_with_first_sentence(corpus: Corpus) -> None:
    text = pages_of(corpus)["catalogue/rationale.md"].markdown
    assert ('<a href="../../standards/STD-001-charter/#why">STD-001 ') in text
    assert "</a>: Charters stop scope creep.</li>" in text
    assert "More text" not in text
    assert text.index("## Standards") < text.index("## Playbooks")


def test_graph_has_nodes_edges_styles_and_clicks(corpus: Corpus) -> None:
    page = pages_of(corpus)["catalogue/graph.md"].markdown
    # Finished HTML that bypasses Markdown, as pymdownx's mermaid fence would make it.
    assert '\n<pre class="mermaid"><code>flowchart LR' in page
    text = html.unescape(page)
    assert "n_PB_001 --> n_STD_001" in text
    assert "n_STD_003 ==> n_STD_002" in text
    assert text.count("n_STD_003 ==>") == 1  # both declarations, one edge
    # the catalogue graph is structural: related and body links live on each page's own graph
    assert "n_STD_003 -.->" not in text
    assert "n_PB_001 -.->" not in text
    assert 'subgraph n_kind_standard["Standards"]' in text
    assert "class n_STD_002 superseded" in text
    assert 'click n_STD_001 href "../../standards/STD-001-charter/"' in text
    assert 'n_PB_001("PB-001' in text
    assert 'n_STD_001["STD-001' in text


def test_mermaid_labels_cannot_break_out() -> None:
    label = mermaid_label('a"]; click x call alert() %%{init}%% <b> `x` #')
    assert not set('"[]{}<>`') & set(label)


def test_relation_drawings_give_each_label_its_direction(corpus: Corpus) -> None:
    drawings = relation_drawings(corpus)
    assert drawings["Implements"] == ("out", "-->", "implements")
    assert drawings["Implemented by"] == ("in", "-->", "implements")
    assert drawings["Supersedes"] == ("out", "==>", "supersedes")
    # STD-003 declares `superseded_by`: its successor supersedes it, so the arrow comes in.
    assert drawings["Superseded by"] == ("in", "==>", "supersedes")
    assert drawings["Referenced by"][0] == "in"


def test_browser_graph_draws_like_the_catalogue_graph() -> None:
    """`pmo-graph.js` mirrors graph.py's status styles, shapes and label escaping."""
    from mkdocs_pmo.site.pages import graph, text

    script = (ROOT / "mkdocs_pmo" / "site" / "assets" / "pmo-graph.js").read_text(encoding="utf-8")

    def js_object(name: str) -> dict[str, str]:
        body = re.search(rf"var {name} = \{{(.*?)\}};", script, re.DOTALL)
        assert body, name
        string = r'"(?:[^"\\]|\\.)*"'
        pairs = re.findall(rf"(\w+|{string}|'[^']*'):\s*({string})", body.group(1))

        def key(k: str) -> str:
            return str(json.loads(k)) if k.startswith('"') else k.strip("'")

        return {key(k): json.loads(v) for k, v in pairs}

    assert js_object("STYLES") == graph._STATUS_STYLES
    assert js_object("ENTITIES") == text._MERMAID_ENTITIES
    for kind, (start, end) in graph._SHAPES.items():
        assert f"{kind}: ['{start}', '{end}']" in script


def test_fields_page_comes_from_schema_descriptions(corpus: Corpus) -> None:
    text = pages_of(corpus)["catalogue/fields.md"].markdown
    common = json.loads((ROOT / "schemas" / "common.schema.json").read_text())
    props = common["$defs"]["document"]["properties"]
    standards_part, playbooks_part = text.split("## Playbooks")
    assert "| `owner` | string | yes | The accountable role or team" in standards_part
    assert props["review_cycle_months"]["description"][:40] in standards_part
    assert "| `related` | list of IDs |  |" in standards_part
    assert "`standards`" not in standards_part
    assert "| `standards` | list of IDs |  | IDs of the standards this playbook" in playbooks_part
    assert "one of `draft`, `proposed`, `active`" in text


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize(
    ("src", "dst"),
    [
        ("catalogue/standards.md", "standards/STD-001-x.md"),
        ("index.md", "standards/STD-001-x.md"),
        ("catalogue/index.md", "standards/a.md"),
        ("standards/a.md", "standards/b.md"),
        ("catalogue/graph.md", "index.md"),
        ("a/b/c/d.md", "a/x.md"),
    ],
)
def test_page_links_lead_from_one_page_to_the_other(
    src: str, dst: str, directory_urls: bool
) -> None:
    """Resolved against the page's URL, the link is the target page's URL."""
    here = page_url(src, directory_urls=directory_urls)
    link = page_link(src, dst, directory_urls=directory_urls)
    folder = here if here.endswith("/") else posixpath.dirname(here) + "/"
    resolved = posixpath.normpath(posixpath.join(folder, link))
    target = page_url(dst, directory_urls=directory_urls)
    assert resolved == (posixpath.normpath(target) if target != "./" else ".")


def test_export_of_tmp_corpus_matches_schema_and_has_both_directions(corpus: Corpus) -> None:
    data = catalogue(corpus, lambda d: "https://x.org/" + d.uri[:-3] + "/")
    schema = json.loads((ROOT / "schemas" / "catalogue.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["count"] == 4 == len(data["documents"])
    assert re.fullmatch(r"mkdocs-pmo \S+", data["generated_by"])
    by_id = {d["id"]: d for d in data["documents"]}
    assert by_id["STD-001"]["incoming"]["implemented_by"] == ["PB-001"]
    assert by_id["STD-001"]["incoming"]["referenced_by"] == ["STD-003"]
    assert by_id["PB-001"]["relations"]["standards"] == ["STD-001"]
    assert by_id["PB-001"]["links"] == ["STD-003"]
    assert by_id["STD-001"]["why_first_sentence"] == "Charters stop scope creep."
    assert by_id["STD-001"]["review_due"] == "2025-01-01"
    assert by_id["STD-001"]["title"] == XSS  # data, not HTML: consumers escape
    assert by_id["STD-003"]["url"] == "https://x.org/standards/STD-003-new/"
    json.dumps(data)


def test_export_of_the_real_catalogue_matches_schema() -> None:
    # The repository's own settings: its documents use the facets and parameters it configures.
    corpus, report = check(replace(load_settings(ROOT / "mkdocs.yml"), today=TODAY))
    assert not report.has_errors
    data = catalogue(corpus, lambda d: d.uri)
    schema = json.loads((ROOT / "schemas" / "catalogue.schema.json").read_text())
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert not errors, errors[0]
    assert data["count"] == len(corpus) > 20


def test_html_tables_pass_through_markdown_as_raw_html(corpus: Corpus) -> None:
    import markdown

    page = pages_of(corpus)["catalogue/standards/index.md"]
    html = markdown.markdown(page.markdown, extensions=["md_in_html"])
    assert html.count("<tr data-status") == len(corpus.of_kind("standard"))
    assert '<a href="../../standards/STD-002-old/">STD-002</a>' in html
