"""`pmo check`: exit codes, formats, paths and configuration errors, run as a user would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from mkdocs_pmo.cli.main import main
from tests.core.conftest import WHY, fm

if TYPE_CHECKING:
    from collections.abc import Callable

REPO = Path(__file__).resolve().parents[2]

MKDOCS_YML = """\
site_name: T
docs_dir: docs
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
plugins:
  - search
  - pmo:
      today: "2026-11-27"
"""

BROKEN = {
    "standards/STD-001-ok.md": fm() + WHY,
    "standards/STD-002-bad.md": fm(id="STD-002", status="actve") + WHY + "\nSee [[STD-404]].\n",
    "playbooks/PB-001-x.md": fm(id="PB-001", standards="[STD-001]"),
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[dict[str, str]], Path]:
    def _make(files: dict[str, str], config: str = MKDOCS_YML) -> Path:
        (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
        for uri, text in files.items():
            path = tmp_path / uri
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        monkeypatch.chdir(tmp_path)
        return tmp_path

    return _make


def test_clean_project_exits_zero(project, capsys):
    project({"standards/STD-001-ok.md": fm() + WHY})
    assert main(["check"]) == 0
    assert capsys.readouterr().out.strip() == "0 errors, 0 warnings in 1 document"


def test_problems_exit_one_sorted_with_locations(project, capsys):
    project(BROKEN)
    assert main(["check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[:-1] == [
        "playbooks/PB-001-x.md:8:1: error: no '## Why' section: explain the outcome this "
        "document protects [pmo.missing-why]",
        "standards/STD-002-bad.md:4:9: error: status: 'actve' is not one of draft, proposed, "
        "active, deprecated, superseded, retired; did you mean 'active'? [pmo.schema]",
        "standards/STD-002-bad.md:13:5: error: link [[STD-404]]: no document has this ID "
        "[pmo.dangling-ref]",
    ]
    assert lines[-1] == "3 errors, 0 warnings in 3 documents"


def test_json_format_parses(project, capsys):
    project(BROKEN)
    assert main(["check", "--format", "json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["errors"] == 3
    assert payload["documents"] == 3
    assert {i["code"] for i in payload["issues"]} == {
        "pmo.missing-why",
        "pmo.schema",
        "pmo.dangling-ref",
    }
    first = payload["issues"][0]
    assert set(first) == {"path", "line", "col", "level", "code", "message"}


def test_github_format_annotates_and_keeps_the_text_report(project, capsys):
    project(BROKEN)
    assert main(["check", "--format", "github"]) == 1
    out = capsys.readouterr().out.splitlines()
    annotations = [line for line in out if line.startswith("::error ")]
    assert len(annotations) == 3
    # properties escape ":" and ","; the message (data) keeps them
    assert annotations[1].startswith(
        "::error file=standards/STD-002-bad.md,line=4,col=9,title=pmo.schema::status: 'actve'"
    )
    assert sum(1 for line in out if "[pmo." in line and not line.startswith("::")) == 3


def test_strict_fails_on_warnings(project):
    config = MKDOCS_YML + "      validation:\n        pmo.dangling-ref: warning\n"
    project({"standards/STD-001-ok.md": fm() + WHY + "\nSee [[STD-404]].\n"}, config=config)
    assert main(["check"]) == 0
    assert main(["check", "--strict"]) == 1


@pytest.mark.parametrize("level", ["error", "warning", "info"])
def test_an_overdue_review_never_fails_the_check(project, capsys, level):
    """A review falling due is shown at its level, but no run turns red on a date."""
    config = MKDOCS_YML + f"      validation:\n        pmo.review-overdue: {level}\n"
    old = fm(last_reviewed="2024-01-01", review_cycle_months=12) + WHY
    project({"standards/STD-001-old.md": old}, config=config)
    assert main(["check", "--strict", "-v"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"standards/STD-001-old.md:7:16: {level}: review overdue since 2025-01-01 (12 months "
        "after the last review, 2024-01-01); after the review, set last_reviewed to its date "
        "[pmo.review-overdue]",
        "0 errors, 0 warnings in 1 document; 1 review overdue (shown, never counted: see "
        "pmo reviews)",
    ]
    assert main(["check", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert (payload["errors"], payload["warnings"], payload["date_driven"]) == (0, 0, 1)
    assert payload["issues"][0]["level"] == level
    assert main(["check", "--format", "github"]) == 0
    assert capsys.readouterr().out.startswith("::notice file=standards/STD-001-old.md,line=7,")


def test_an_overdue_review_next_to_a_real_error_still_fails(project, capsys):
    old = fm(last_reviewed="2024-01-01", review_cycle_months=12) + WHY
    project({"standards/STD-001-old.md": old + "\n[[STD-404]]\n"})
    assert main(["check"]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == (
        "1 error, 0 warnings in 1 document; 1 review overdue (shown, never counted: see "
        "pmo reviews)"
    )


def test_a_filtered_report_keeps_the_cause_of_what_it_shows(project, capsys):
    project(
        {
            "standards/STD-001-ok.md": fm() + WHY,
            "standards/STD-019-broken.md": "---\nid: STD-019\ntitle: [oops\n---\n",
            "standards/STD-020-other.md": fm(id="STD-020") + WHY + "\n[[STD-404]]\n",
            "playbooks/PB-001-x.md": fm(id="PB-001", standards="[STD-019]") + WHY,
        }
    )
    assert main(["check", "playbooks"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(": ")[0] + " " + line.rsplit(" ", 1)[-1] for line in lines[:-1]] == [
        "standards/STD-019-broken.md:4:1 [pmo.yaml-syntax]",
        "playbooks/PB-001-x.md:7:13 [pmo.broken-target]",
    ]


def test_paths_filter_the_report_but_not_the_corpus(project, capsys):
    project(BROKEN)
    assert main(["check", "standards/STD-001-ok.md"]) == 0
    assert main(["check", "playbooks"]) == 1
    out = capsys.readouterr().out
    assert "standards/STD-002-bad.md" not in out


def test_configured_levels_apply(project):
    config = (
        MKDOCS_YML
        + "      validation:\n        pmo.missing-why: ignore\n        pmo.dangling-ref: warn\n        pmo.schema: warning\n"
    )
    project(BROKEN, config=config)
    assert main(["check"]) == 0
    assert main(["check", "--strict"]) == 1


@pytest.mark.parametrize(
    ("args", "config", "message"),
    [
        (["check", "nowhere"], MKDOCS_YML, "nowhere: no such file or folder"),
        (["check", "-f", "missing.yml"], MKDOCS_YML, "missing.yml: no such configuration file"),
        (["check"], "site_name: [broken\n", "not valid YAML"),
        (["check"], "site_name: T\nplugins:\n  - search\n", "pmo plugin is not listed"),
        (
            ["check"],
            MKDOCS_YML + "      validation:\n        pmo.nonsense: ignore\n",
            "unknown issue code 'pmo.nonsense'",
        ),
        (["check"], MKDOCS_YML + "      validation:\n        pmo.schema: loud\n", "validation"),
        (
            ["check"],
            MKDOCS_YML
            + "      kinds:\n        policy:\n          folder: ../outside\n          prefix: POL\n",
            "must be a folder inside the project",
        ),
        (
            ["check"],
            MKDOCS_YML
            + "      kinds:\n        policy:\n          folder: policies\n          prefix: POL\n          schema: nope.json\n",
            "schema file not found",
        ),
        (["check", "--format", "xml"], MKDOCS_YML, "invalid choice"),
        (["frobnicate"], MKDOCS_YML, "invalid choice"),
    ],
)
def test_usage_and_configuration_errors_exit_two(project, capsys, args, config, message):
    project({"standards/STD-001-ok.md": fm() + WHY}, config=config)
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_custom_kind_without_code_changes(project, capsys):
    config = MKDOCS_YML + (
        "      kinds:\n"
        "        standard: {folder: standards, prefix: STD}\n"
        "        policy: {folder: policies, prefix: POL, why_required: false}\n"
    )
    files = {
        "standards/STD-001-ok.md": fm(related="[POL-001]") + WHY,
        "policies/POL-001-travel.md": fm(id="POL-001", title="Travel policy"),
        "policies/POL-002-wrong.md": fm(id="STD-777"),
    }
    project(files, config=config)
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "policies/POL-002-wrong.md:2:5: error: ID STD-777 does not start with POL-" in out
    assert "POL-001" not in out


def test_invalid_custom_schema_is_a_configuration_error(project, capsys):
    config = MKDOCS_YML + (
        "      kinds:\n        policy: {folder: policies, prefix: POL, schema: schemas/p.json}\n"
    )
    project({"schemas/p.json": '{"type": "objekt"}'}, config=config)
    assert main(["check"]) == 2
    assert "not a valid Draft 2020-12 schema" in capsys.readouterr().err


def test_broken_tree_from_the_issue_runs_nothing_and_has_no_traceback(project):
    root = project(
        {
            "standards/STD-001-a.md": "---\nid: STD-001\ntitle: x\n\tstatus: active\n---\n",
            "standards/STD-002-b.md": "---\nid: STD-002\nowner: !!python/object/apply:os.system ['touch PWNED']\n---\n",
            "standards/STD-003-c.md": "no front matter",
            "standards/STD-004-d.md": "",
            "standards/STD-005-e.md": "---\nid: STD-005\n",
            "standards/STD-006-f.md": fm(id="STD-006", title="'<script>alert(1)</script>'")
            + WHY
            + "\n{{ cycler.__init__.__globals__.os.popen('touch PWNED2').read() }}\n",
        }
    )
    (root / "standards" / "STD-007-g.md").write_bytes(b"---\nid: STD-007\ntitle: \xff\n---\n")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs_pmo.cli.main", "check"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert not (root / "PWNED").exists()
    assert not (root / "PWNED2").exists()
    reported = {line.split(":")[0] for line in proc.stdout.splitlines() if "[pmo." in line}
    assert reported == {
        f"standards/STD-00{i}-{c}.md" for i, c in zip(range(1, 8), "abcdefg", strict=True) if i != 6
    }


def test_repository_content_checks_clean():
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs_pmo.cli.main", "check", "--strict"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_repository_content_stays_green_when_every_review_is_overdue():
    """CI of this repository runs `pmo check --strict`: a date must never turn it red."""
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs_pmo.cli.main", "check", "--strict", "--today", "2100-01-01"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    overdue = [line for line in proc.stdout.splitlines() if "[pmo.review-overdue]" in line]
    assert len(overdue) >= 10
    assert proc.stdout.splitlines()[-1].startswith("0 errors, 0 warnings in ")


def test_version_flag(capsys):
    assert main(["--version"]) == 0
    assert "pmo " in capsys.readouterr().out


def test_check_reports_links_in_hand_written_pages_as_the_build_does(project, capsys):
    """`[[ID]]` in docs/ (MkDocs' docs_dir) is checked by `pmo check` too, honouring
    exclude_docs as MkDocs does; the location is the page's path from the project root."""
    project(
        {
            "standards/STD-001-ok.md": fm() + WHY,
            "docs/index.md": "# Home\n\nSee [[STD-001]] and\n[[STD-777]].\n",
            "docs/drafts/wip.md": "[[STD-888]]\n",
            "docs/.hidden.md": "[[STD-889]]\n",
        },
        MKDOCS_YML + "exclude_docs: |\n  drafts/\n",
    )
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "docs/index.md:4:1: error: link [[STD-777]]: no document has this ID" in out
    assert "STD-888" not in out
    assert "STD-889" not in out
