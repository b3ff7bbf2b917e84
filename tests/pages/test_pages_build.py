"""Real builds: the generated index pages keep their filter attributes, links and escaping."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from tests.conftest import build_site, doc_text, mkdocs_yml, read_html, write_tree

if TYPE_CHECKING:
    from pathlib import Path

XSS = "<script>alert(1)</script> {{ 7*7 }}"


def test_index_table_rows_have_filters_links_and_escaped_values(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "mkdocs.yml": mkdocs_yml(),
            "standards/STD-001-charter.md": doc_text(
                "STD-001", XSS, owner="Team <b>", tags=["gov", 'say "hi"']
            ),
            "playbooks/PB-001-run.md": doc_text("PB-001", "Run it", standards=["STD-001"]),
        },
    )
    site = build_site(tmp_path, strict=True)
    html = read_html(site, "catalogue/standards/")
    assert "<script>alert(1)</script>" not in html
    assert '<td><a href="../../standards/STD-001-charter/">STD-001</a></td>' in html
    assert (
        '<a href="../../standards/STD-001-charter/">&lt;script&gt;alert(1)&lt;/script&gt; '
        "&#123;&#123; 7*7 &#125;&#125;</a>"
    ) in html
    assert 'data-owner="Team &lt;b&gt;"' in html
    assert 'data-status="active"' in html
    tags = json.dumps(["gov", 'say "hi"']).replace('"', "&quot;")
    assert f'data-tags="{tags}"' in html
    assert '<select id="pmo-index-standard-tag" data-pmo-filter="tag">' in html
    assert '<script src="../../assets/pmo/pmo.js"></script>' in html
    rationale = read_html(site, "catalogue/rationale/")
    assert 'href="../../standards/STD-001-charter/#why"' in rationale
    graph = read_html(site, "catalogue/graph/")
    diagram = graph.split('<pre class="mermaid"><code>', 1)[1].split("</code></pre>", 1)[0]
    assert diagram.startswith("flowchart LR\n")
    assert "n_PB_001 --&gt; n_STD_001" in diagram
    assert "<script>" not in diagram
    assert "#lt;script#gt;" in diagram  # Mermaid escapes the title itself


def test_sentences_about_a_kind_use_its_plural_label(tmp_path: Path) -> None:
    """The catalogue, the kind indexes, the handbook, the graph and relation summaries speak of
    "standards" and of "SOPs" (a label with an acronym keeps its case), never "every standards"
    or "sops"."""
    kinds = {
        "standard": {"folder": "standards", "prefix": "STD"},
        "sop": {"folder": "sops", "prefix": "SOP", "label": "SOPs", "why_required": False},
        "work_instruction": {"folder": "wi", "prefix": "WI", "label": "Work instructions"},
    }
    write_tree(
        tmp_path,
        {
            "mkdocs.yml": mkdocs_yml({"kinds": kinds}),
            "standards/STD-001-charter.md": doc_text("STD-001", "Charter"),
            "standards/STD-002-gates.md": doc_text("STD-002", "Gates"),
            **{
                f"sops/SOP-00{n}-step.md": doc_text(f"SOP-00{n}", "Step", related=["STD-001"])
                for n in range(1, 10)
            },
        },
    )
    site = build_site(tmp_path, strict=True)
    home = read_html(site, "catalogue/")
    assert "All standards, filterable by status, owner and tag." in home
    assert "All SOPs, filterable by status, owner and tag." in home
    assert "All work instructions, filterable by status, owner and tag." in home
    assert "Every standards" not in home and "Every SOPs" not in home
    assert "All 9 SOPs of the catalogue." in read_html(site, "catalogue/sops/")
    assert 'aria-label="Filter SOPs"' in read_html(site, "catalogue/sops/")
    assert "There are no work instructions yet." in read_html(site, "catalogue/wi/")
    assert "2 standards, 9 " in read_html(site, "handbook/")
    assert "standards as rectangles, SOPs as stadiums" in read_html(site, "catalogue/graph/")
    # A long relation list is summarised by kind.
    assert "Show all 9 (SOPs: 9)" in read_html(site, "standards/STD-001-charter/")


def test_sentences_about_one_document_use_the_kind_s_singular(tmp_path: Path) -> None:
    """ "This SOP is a draft", "1 SOP" in the handbook: never "sop"."""
    kinds = {
        "standard": {"folder": "standards", "prefix": "STD"},
        "sop": {"folder": "sops", "prefix": "SOP", "label": "SOPs", "why_required": False},
        "policy": {"folder": "policies", "prefix": "POL", "label": "Policies"},
    }
    write_tree(
        tmp_path,
        {
            "mkdocs.yml": mkdocs_yml({"kinds": kinds}),
            "standards/STD-001-charter.md": doc_text("STD-001", "Charter"),
            "sops/SOP-001-step.md": doc_text("SOP-001", "Step"),
            "sops/SOP-002-next.md": doc_text("SOP-002", "Next", status="draft"),
            "policies/POL-001-rule.md": doc_text("POL-001", "Rule", status="proposed"),
        },
    )
    site = build_site(tmp_path, strict=True)
    assert "1 standard, 1 SOP" in read_html(site, "handbook/")
    assert "This SOP is a draft" in read_html(site, "sops/SOP-002-next/")
    assert "This policy is proposed" in read_html(site, "policies/POL-001-rule/")
