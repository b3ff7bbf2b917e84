"""Requirement pages, `catalogue.json` (format 2) and `requirements.csv` from a real build."""

from __future__ import annotations

import csv
import html
import io
import json
import logging
import re
from pathlib import Path

import jsonschema
import pytest
from mkdocs.exceptions import Abort, PluginError

from mkdocs_pmo.cli.main import main
from tests.conftest import build_site, doc_text, mkdocs_yml, read_html, write_tree

ROOT = Path(__file__).resolve().parents[2]
FACETS = {
    "role": {"label": "Role", "values": {"sponsor": "Sponsor", "project-manager": "PM"}},
    "gate": {"label": "Gate", "values": {"G0": "G0 Accept", "G1": "G1 Commit"}},
}
MACROS = "  - macros:\n      modules: [mkdocs_pmo.site.macros]\n      on_undefined: strict\n"
LIFECYCLE = """\
## Requirements

- **R1** — The sponsor MUST approve <em>the</em> charter & budget.
- **R2** — Evidence SHOULD be out {{ param("evidence_days") }} before the gate, under `## Evidence <G1>`.
- **R3** — =Teams MAY skip G0.

## Why

Because.
"""

#: R2's plain text: the parameter's value; inline code kept, backticks and all.
R2_TEXT = "Evidence SHOULD be out 3 working days before the gate, under `## Evidence <G1>`."
#: PB-001's Why, and its first sentence as the rationale page and the export show it.
GATE_WHY = (
    'Gates wait **at most** {{ param("evidence_days") }} for [[STD-004]] and [[STD-004.R2]] '
    "(see [[STD-004|the lifecycle]], `<gate>`, `[[STD-004]]` and *why*). A second sentence."
)
GATE_WHY_SENTENCE = (
    "Gates wait at most 3 working days for STD-004 Lifecycle and STD-004 R2 "
    "(see the lifecycle, `<gate>`, `[[STD-004]]` and why)."
)
#: A retired document: its requirements are no longer in force.
OLD_GATES = """\
## Requirements

- **R1** — Gates MUST be announced {{ param("notice_weeks") }} ahead and the evidence sent {{ param("evidence_days") }} before.

## Why

Because.
"""


def _files(**extra: str) -> dict[str, str]:
    files = {
        "mkdocs.yml": mkdocs_yml({"facets": FACETS}) + MACROS,
        "docs/index.md": "# Home\n",
        "parameters.yml": (
            "evidence_days:\n  value: 3\n  unit: working days\n  owner: PMO\n  why: Reading time.\n"
            "budget_line:\n  value: 250000\n  unit: EUR\n  owner: CFO\n  why: Board limit.\n"
            "notice_weeks:\n  value: 2\n  unit: weeks\n  owner: PMO\n  why: Planning time.\n"
        ),
        "standards/STD-002-old-gates.md": doc_text(
            "STD-002", "Old gates", status="retired", body=OLD_GATES
        ),
        "standards/STD-004-lifecycle.md": doc_text(
            "STD-004",
            "Lifecycle",
            body=LIFECYCLE,
            requirements={"R1": {"role": ["sponsor"], "gate": ["G1"]}},
        ),
        "standards/STD-009-tiers.md": doc_text(
            "STD-009",
            "Tiers",
            status="draft",
            body="## Requirements\n\n**R1** Tiers MUST be set.\n\n## Why\n\nB.\n",
        ),
        "playbooks/PB-001-gate.md": doc_text(
            "PB-001",
            "Gate",
            body="Do [[STD-004.R2]]. Above {{ params.budget_line.display }} ask the board.\n\n"
            f"## Why\n\n{GATE_WHY}\n",
            standards=["STD-004"],
        ),
    }
    files.update(extra)
    return files


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_tree(tmp_path_factory.mktemp("reqs"), _files())
    return build_site(root, strict=True)


def test_catalogue_json_format_2(site: Path) -> None:
    data = json.loads((site / "catalogue.json").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "schemas" / "catalogue.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["version"] == 2
    assert data["facets"][0] == {
        "name": "role",
        "label": "Role",
        "values": [
            {"key": "sponsor", "label": "Sponsor"},
            {"key": "project-manager", "label": "PM"},
        ],
    }
    assert [(p["name"], p["used_by"], p["documents"]) for p in data["parameters"]] == [
        ("evidence_days", ["STD-002.R1", "STD-004.R2"], ["STD-002", "STD-004", "PB-001"]),
        ("budget_line", [], ["PB-001"]),  # in prose only
        ("notice_weeks", ["STD-002.R1"], ["STD-002"]),
    ]
    std = next(d for d in data["documents"] if d["id"] == "STD-004")
    assert std["requirements"][0] == {
        "id": "STD-004.R1",
        "number": 1,
        "keyword": "MUST",
        "text": "The sponsor MUST approve the charter & budget.",
        "applies_to": {"role": ["sponsor"], "gate": ["G1"]},
        "parameters": [],
    }
    assert std["requirements"][1]["text"] == R2_TEXT
    playbook = next(d for d in data["documents"] if d["id"] == "PB-001")
    assert playbook["why_first_sentence"] == GATE_WHY_SENTENCE


def test_rationale_shows_the_first_why_sentence_as_read(site: Path) -> None:
    """References, parameters and emphasis as a reader sees them; code as written, escaped."""
    rationale = read_html(site, "catalogue/rationale/")
    assert f"PB-001 Gate</a>: {html.escape(GATE_WHY_SENTENCE, quote=True)}</li>" in rationale
    assert "[[STD-004|" not in rationale and "param(" not in rationale and "**" not in rationale


def test_inline_code_is_code_and_is_escaped(site: Path) -> None:
    """`## Evidence <G1>` in a requirement: code on the pages, `<` escaped (the CSV and the
    link tooltips keep the backticks, as plain text)."""
    escaped = (
        "Evidence SHOULD be out 3 working days before the gate, under "
        "<code>## Evidence &lt;G1&gt;</code>."
    )
    table = read_html(site, "catalogue/requirements/")
    assert f"<td>{escaped}</td>" in table
    checklist = read_html(site, "catalogue/checklist/")
    assert f'<span class="pmo-checklist__text">{escaped}</span>' in checklist
    applies = read_html(site, "catalogue/applies/role-sponsor/")
    assert f'<a href="../../../standards/STD-004-lifecycle/#R2">STD-004.R2</a> {escaped}' in applies
    for page in (table, checklist, applies):
        assert "<G1>" not in page


def test_requirements_csv(site: Path) -> None:
    rows = list(csv.reader(io.StringIO((site / "requirements.csv").read_text(encoding="utf-8"))))
    assert rows[0] == [
        "id", "document", "status", "number", "keyword", "text", "role", "gate", "parameters",
        "url",
    ]  # fmt: skip
    assert rows[1:] == [
        [
            "STD-002.R1", "STD-002", "retired", "1", "MUST",
            "Gates MUST be announced 2 weeks ahead and the evidence sent 3 working days before.",
            "sponsor; project-manager", "G0; G1", "notice_weeks; evidence_days",
            "https://pmo.example.org/standards/STD-002-old-gates/#R1",
        ],
        [
            "STD-004.R1", "STD-004", "active", "1", "MUST", "The sponsor MUST approve the charter & budget.",
            "sponsor", "G1", "", "https://pmo.example.org/standards/STD-004-lifecycle/#R1",
        ],
        [
            "STD-004.R2", "STD-004", "active", "2", "SHOULD",
            R2_TEXT, "sponsor; project-manager",
            "G0; G1", "evidence_days", "https://pmo.example.org/standards/STD-004-lifecycle/#R2",
        ],
        [
            "STD-004.R3", "STD-004", "active", "3", "MAY", "'=Teams MAY skip G0.",
            "sponsor; project-manager", "G0; G1", "",
            "https://pmo.example.org/standards/STD-004-lifecycle/#R3",
        ],
        [
            "STD-009.R1", "STD-009", "draft", "1", "MUST", "Tiers MUST be set.", "sponsor; project-manager",
            "G0; G1", "", "https://pmo.example.org/standards/STD-009-tiers/#R1",
        ],
    ]  # fmt: skip


def test_document_page_anchors_and_links(site: Path) -> None:
    html = read_html(site, "standards/STD-004-lifecycle/")
    assert re.findall(
        r'<li class="pmo-req pmo-req--(\w+)" data-pmo-req="([^"]+)" id="(R\d)"', html
    ) == [
        ("must", "STD-004.R1", "R1"),
        ("should", "STD-004.R2", "R2"),
        ("may", "STD-004.R3", "R3"),
    ]
    playbook = read_html(site, "playbooks/PB-001-gate/")
    assert (
        'href="../../standards/STD-004-lifecycle/#R2" '
        'title="Evidence SHOULD be out 3 working days before the gate, under '
        '`## Evidence &lt;G1&gt;`.">STD-004 R2</a>'
    ) in playbook


def test_requirements_page(site: Path) -> None:
    html = read_html(site, "catalogue/requirements/")
    in_force = html[html.index('id="pmo-req-in-force"') : html.index('id="proposed"')]
    assert re.findall(r">(STD-\d+\.R\d)</a>", in_force) == [
        "STD-004.R1",
        "STD-004.R2",
        "STD-004.R3",
    ]
    assert "<td>Role: Sponsor · Gate: G1 Commit</td>" in in_force
    assert "<td>Everyone</td>" in in_force
    assert 'data-f-role="[&#34;sponsor&#34;]" data-f-gate="[&#34;G1&#34;]"' in in_force
    proposed = html[html.index('id="pmo-req-proposed"') : html.index('id="no-longer-in-force"')]
    assert re.findall(r">(STD-\d+\.R\d)</a>", proposed) == ["STD-009.R1"]
    # STD-002 is retired: its requirements are listed last, under the same filter.
    no_longer = html[html.index('id="pmo-req-no-longer"') :]
    assert re.findall(r">(STD-\d+\.R\d)</a>", no_longer) == ["STD-002.R1"]
    assert "<caption>Requirements of superseded and retired documents</caption>" in no_longer
    assert ('data-pmo-filter-for="pmo-req-in-force pmo-req-proposed pmo-req-no-longer"') in html
    assert (
        "3 requirements in force in 1 document, then 1 proposed and 1 no longer in force, "
        "each with whom it binds. Filter them by role, gate or keyword"
    ) in html
    # The filter box is for scripts; the tables read on their own.
    assert 'role="search" aria-label="Filter requirements" hidden>' in html


def test_applies_pages(site: Path) -> None:
    for key in ("sponsor", "project-manager", "G0", "G1"):
        facet = "gate" if key.startswith("G") else "role"
        assert (site / f"catalogue/applies/{facet}-{key}/index.html").is_file()
    html = read_html(site, "catalogue/applies/role-project-manager/")
    # R1 binds sponsors only; STD-009 is a draft: not in force.
    assert re.findall(r'<a href="[^"]*#(R\d)">', html) == ["R2", "R3"]
    sponsor = read_html(site, "catalogue/applies/role-sponsor/")
    order = re.findall(r'pmo-kw--([a-z-]+)">', sponsor)
    assert order == ["must", "should", "may"]
    assert 'href="../../../catalogue/checklist/?role=sponsor"' in sponsor
    home = read_html(site, "catalogue/")
    assert 'href="applies/role-sponsor/"' in home


def test_parameters_page(site: Path) -> None:
    html = read_html(site, "catalogue/parameters/")
    row = re.search(r'<tr id="evidence_days">.*?</tr>', html, re.DOTALL)
    assert row is not None
    assert '<td class="pmo-params__value">3 working days</td>' in row[0]
    assert '<a href="../../standards/STD-004-lifecycle/#R2"' in row[0]
    assert "250,000 EUR" in html and "no requirement" in html
    used_in = row[0][row[0].index("Used in: ") :]
    assert re.findall(r'<a href="../../[^"]+"[^>]*>([A-Z]+-\d+)</a>', used_in) == [
        "STD-002",
        "STD-004",
        "PB-001",
    ]
    budget = re.search(r'<tr id="budget_line">.*?</tr>', html, re.DOTALL)
    assert budget is not None
    assert "no requirement<br>Used in: " in budget[0]
    assert re.search(r'<a href="../../playbooks/PB-001-gate/"[^>]*>PB-001</a>', budget[0])


def test_checklist_page(site: Path) -> None:
    html = read_html(site, "catalogue/checklist/")
    assert re.findall(r'data-req="([^"]+)"', html) == ["STD-004.R1", "STD-004.R2", "STD-004.R3"]
    assert '<form class="pmo-checklist__controls" aria-label="Choose what applies" hidden>' in html
    assert 'id="cl-STD-004.R1" data-pmo-req="STD-004.R1"' in html


def test_dangling_requirement_link_is_refused_by_build_and_check(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    playbook = doc_text(
        "PB-001", "Gate", body="Do [[STD-004.R99]].\n\n## Why\n\nB.\n", standards=["STD-004"]
    )
    root = write_tree(tmp_path, _files(**{"playbooks/PB-001-gate.md": playbook}))
    line = playbook.split("\n").index("Do [[STD-004.R99]].") + 1
    message = (
        f"playbooks/PB-001-gate.md:{line}:4: error: link [[STD-004.R99]]: STD-004 has no "
        "requirement R99; its requirements: R1, R2, R3 [pmo.dangling-ref]"
    )
    assert main(["check", "-f", str(root / "mkdocs.yml")]) == 1
    assert message in capsys.readouterr().out
    with caplog.at_level(logging.ERROR), pytest.raises((Abort, PluginError)):
        build_site(root)
    assert any(message.replace("error: ", "") in r.getMessage() for r in caplog.records)


def test_a_site_overrides_how_an_applies_page_lists_a_document(tmp_path: Path) -> None:
    """`custom_dir/pmo/applies-group.html` renders each document's part of the "what applies"
    pages; a set of requirements shared by several pages is rendered once, and each page still
    gets its own set."""
    files = _files()
    files["mkdocs.yml"] = files["mkdocs.yml"].replace(
        "  name: material\n", "  name: material\n  custom_dir: overrides\n", 1
    )
    files["overrides/pmo/applies-group.html"] = (
        '<section class="mine">{{ group.id }}:{% for word, reqs in group.by_keyword %}'
        "{% for r in reqs %} {{ r.id }}{% endfor %}{% endfor %}</section>"
    )
    site = build_site(write_tree(tmp_path, files), strict=True)
    every = '<section class="mine">STD-004: STD-004.R1 STD-004.R2 STD-004.R3</section>'
    # R1 binds sponsors at gate G1 only; R2 and R3 bind every role and gate.
    assert every in read_html(site, "catalogue/applies/role-sponsor/")
    assert every in read_html(site, "catalogue/applies/gate-G1/")
    rest = '<section class="mine">STD-004: STD-004.R2 STD-004.R3</section>'
    assert rest in read_html(site, "catalogue/applies/role-project-manager/")
    assert rest in read_html(site, "catalogue/applies/gate-G0/")
    assert "pmo-req-group" not in read_html(site, "catalogue/applies/gate-G0/")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Run `pmo check` first.", "Run <code>pmo check</code> first."),
        ("A `` `## Why` `` section & <b>.", "A <code>`## Why`</code> section &amp; &lt;b&gt;."),
        ("An unpaired ` stays.", "An unpaired ` stays."),
    ],
)
def test_code_spans(text: str, shown: str) -> None:
    from mkdocs_pmo.site.pages.requirements import code_spans

    assert str(code_spans(text)) == shown


def test_what_applies_says_to_whom(site: Path) -> None:
    page = read_html(site, "catalogue/applies/role-sponsor/")
    assert "requirements in force apply to Sponsor." in page
    assert "bind it" not in page
