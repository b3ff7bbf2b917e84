"""`pmo reviews`: what is overdue or due soon, in three formats; it lists, it does not gate."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from mkdocs_pmo.cli.main import main
from tests.core.conftest import WHY, fm

if TYPE_CHECKING:
    from pathlib import Path

CONFIG = """\
site_name: T
docs_dir: docs
plugins:
  - pmo:
      today: "2026-11-27"
"""

FILES = {
    # due 2026-12-15: 18 days left
    "standards/STD-001-soon.md": fm(
        title="Intake", owner="PMO lead", last_reviewed="2025-12-15", review_cycle_months=12
    )
    + WHY,
    # due 2026-05-01: 210 days overdue
    "standards/STD-002-late.md": fm(
        id="STD-002",
        title="Gates",
        owner="Portfolio board",
        effective="2025-05-01",
        review_cycle_months=12,
    )
    + WHY,
    # due 2027-06-01: outside the default 60 days
    "standards/STD-003-later.md": fm(
        id="STD-003", last_reviewed="2026-06-01", review_cycle_months=12
    )
    + WHY,
    # not in force: never listed
    "standards/STD-004-draft.md": fm(
        id="STD-004", status="draft", last_reviewed="2020-01-01", review_cycle_months=12
    )
    + WHY,
    # in force, overdue too, due on the same day as STD-002: sorted by ID after it
    "playbooks/PB-001-x.md": fm(
        id="PB-001",
        title="Run | the gate",
        owner="Delivery lead",
        status="deprecated",
        standards="[STD-002]",
        effective="2025-05-01",
        review_cycle_months=12,
    )
    + WHY,
    # no review cycle: nothing to list
    "playbooks/PB-002-y.md": fm(id="PB-002", standards="[STD-001]") + WHY,
}


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    for uri, text in FILES.items():
        (tmp_path / uri).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / uri).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "playbooks")  # any folder of the site
    return tmp_path


def reviews(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["reviews", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_lists_overdue_and_due_soon_soonest_first(site, capsys):
    code, out, err = reviews(capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "ID       Title           Owner            Due         When              Path",
        "PB-001   Run | the gate  Delivery lead    2026-05-01  210 days overdue  playbooks/PB-001-x.md",
        "STD-002  Gates           Portfolio board  2026-05-01  210 days overdue  standards/STD-002-late.md",
        "STD-001  Intake          PMO lead         2026-12-15  due in 18 days    standards/STD-001-soon.md",
        "",
        "2 reviews overdue, 1 due within 60 days (as of 2026-11-27).",
    ]


def test_within_widens_and_narrows_the_window(site, capsys):
    code, out, _ = reviews(capsys, "--within", "0")
    assert code == 0
    assert "STD-001" not in out
    assert out.splitlines()[-1] == "2 reviews overdue, 0 due within 0 days (as of 2026-11-27)."
    code, out, _ = reviews(capsys, "--within", "365", "--format", "json")
    assert [r["id"] for r in json.loads(out)["reviews"]] == [
        "PB-001",
        "STD-002",
        "STD-001",
        "STD-003",
    ]


def test_today_moves_the_calendar(site, capsys):
    code, out, _ = reviews(capsys, "--today", "2026-04-01")
    assert code == 0
    assert out.splitlines()[1:3] == [
        "PB-001   Run | the gate  Delivery lead    2026-05-01  due in 30 days  playbooks/PB-001-x.md",
        "STD-002  Gates           Portfolio board  2026-05-01  due in 30 days  standards/STD-002-late.md",
    ]
    code, out, _ = reviews(capsys, "--today", "2026-05-01", "--within", "0")
    assert "due today" in out


def test_nothing_due(site, capsys):
    code, out, _ = reviews(capsys, "--today", "2024-01-01")
    assert (code, out) == (0, "No review overdue or due within 60 days (as of 2024-01-01).\n")
    code, out, _ = reviews(capsys, "--today", "2024-01-01", "--format", "markdown")
    assert out == "## Reviews due\n\nNo review overdue or due within 60 days (as of 2024-01-01).\n"


def test_json_has_stable_keys(site, capsys):
    code, out, _ = reviews(capsys, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert {k: data[k] for k in ("today", "within_days", "overdue", "due_soon")} == {
        "today": "2026-11-27",
        "within_days": 60,
        "overdue": 2,
        "due_soon": 1,
    }
    assert data["reviews"][1] == {
        "id": "STD-002",
        "title": "Gates",
        "owner": "Portfolio board",
        "kind": "standard",
        "status": "active",
        "path": "standards/STD-002-late.md",
        "last_reviewed": None,
        "review_cycle_months": 12,
        "due": "2026-05-01",
        "days_left": -210,
        "overdue": True,
    }
    assert data["reviews"][2]["last_reviewed"] == "2025-12-15"


def test_markdown_is_a_table_for_job_summaries(site, capsys):
    code, out, _ = reviews(capsys, "--format", "markdown")
    assert code == 0
    assert out.splitlines() == [
        "## Reviews due",
        "",
        "2 reviews overdue, 1 due within 60 days (as of 2026-11-27).",
        "",
        "| ID | Title | Owner | Due | When | Path |",
        "|---|---|---|---|---|---|",
        "| PB-001 | Run \\| the gate | Delivery lead | 2026-05-01 | **210 days overdue** "
        "| `playbooks/PB-001-x.md` |",
        "| STD-002 | Gates | Portfolio board | 2026-05-01 | **210 days overdue** "
        "| `standards/STD-002-late.md` |",
        "| STD-001 | Intake | PMO lead | 2026-12-15 | due in 18 days | `standards/STD-001-soon.md` |",
    ]


def test_fail_on_overdue_is_the_opt_in_gate(site, capsys):
    assert reviews(capsys, "--fail-on-overdue")[0] == 1
    assert reviews(capsys, "--fail-on-overdue", "--today", "2026-04-01")[0] == 0


def test_documents_with_errors_are_mentioned_on_stderr(site, capsys):
    (site / "standards/STD-009-broken.md").write_text("no front matter\n", encoding="utf-8")
    code, out, err = reviews(capsys, "--format", "json")
    assert code == 0
    assert json.loads(out)["overdue"] == 2
    assert err == (
        "pmo: note: some documents have errors and may be missing from this list; run pmo check\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--within", "-1"], "-1 is negative"),
        (["--within", "soon"], "'soon' is not a whole number of days"),
        (["--today", "2026-02-30"], "today: '2026-02-30' is not a YYYY-MM-DD date"),
        (["--format", "xml"], "invalid choice"),
    ],
)
def test_usage_errors_exit_two(site, capsys, args, message):
    code, out, err = reviews(capsys, *args)
    assert (code, out) == (2, "")
    assert message in err


def test_no_site_is_a_usage_error(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = reviews(capsys)
    assert code == 2
    assert "no mkdocs.yml found" in err


def test_repository_reviews_far_ahead(capsys, monkeypatch):
    """This repository's own content: every review is overdue in 2100, and it still exits 0."""
    from tests.cli.test_cli import REPO

    monkeypatch.chdir(REPO / "standards")
    code, out, _ = reviews(capsys, "--today", "2100-01-01", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["overdue"] == len(data["reviews"]) >= 10
    assert all(r["status"] in ("active", "deprecated") for r in data["reviews"])
