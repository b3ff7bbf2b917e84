"""`pmo impact` against real git repositories: what changed, the blast radius, failure modes."""

from __future__ import annotations

import json
import subprocess
from typing import TYPE_CHECKING, Any

from gitrepo import BASE_FILES, doc, init_repo, pmo_subprocess

from mkdocs_pmo.cli.main import main

if TYPE_CHECKING:
    from pathlib import Path

    import pytest
    from gitrepo import Repo


def impact(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["impact", *args])
    out, err = capsys.readouterr()
    return code, out, err


def impact_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code, out, _err = impact(capsys, *args, "--format", "json")
    return code, json.loads(out)


def test_no_change_is_clean(in_repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = impact(capsys, "--base", "main")
    assert code == 0, err
    assert "No standards or playbooks changed." in out
    assert "Uncommitted" not in out


def test_added_removed_and_moved(in_repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    in_repo.git("checkout", "-q", "-b", "feature")
    in_repo.write({"standards/STD-003-risk.md": doc("STD-003", "Risk")})
    in_repo.git("rm", "-q", "playbooks/PB-002-report.md")
    in_repo.git("mv", "playbooks/PB-001-triage.md", "playbooks/PB-001-run-triage.md")
    in_repo.commit("Add, remove, move")

    code, data = impact_json(capsys, "--base", "main")

    assert code == 0
    assert [d["id"] for d in data["added"]] == ["STD-003"]
    assert data["added"][0]["path"] == "standards/STD-003-risk.md"
    assert [d["id"] for d in data["removed"]] == ["PB-002"]
    assert data["moved"] == [
        {
            "id": "PB-001",
            "path": "playbooks/PB-001-run-triage.md",
            "from": "playbooks/PB-001-triage.md",
            "to": "playbooks/PB-001-run-triage.md",
        }
    ]
    assert data["renumbered"] == []
    assert data["head"]["dirty"] is False


def test_renumbered_file_is_a_warning(in_repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    in_repo.replace("standards/STD-002-reporting.md", "id: STD-002", "id: STD-020")
    in_repo.commit("Renumber")

    code, data = impact_json(capsys, "--base", "HEAD~1")

    assert code == 0  # a warning by default
    assert data["renumbered"] == [
        {"path": "standards/STD-002-reporting.md", "from": "STD-002", "to": "STD-020"}
    ]
    assert data["added"] == []
    assert data["removed"] == []
    (issue,) = data["issues"]
    assert issue["code"] == "pmo.id-changed"
    assert issue["severity"] == "warning"
    assert issue["path"] == "standards/STD-002-reporting.md"
    assert issue["line"] == 2
    assert main(["impact", "--base", "HEAD~1", "--strict"]) == 1


def test_a_file_renamed_with_its_id_is_renumbered(
    in_repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    """`STD-002-reporting.md` → `STD-020-reporting.md` with `id: STD-020`: not added + removed."""
    in_repo.git("mv", "standards/STD-002-reporting.md", "standards/STD-020-reporting.md")
    in_repo.replace("standards/STD-020-reporting.md", "id: STD-002", "id: STD-020")
    in_repo.commit("Renumber and rename")

    code, data = impact_json(capsys, "--base", "HEAD~1")

    assert code == 0  # a warning by default
    assert data["renumbered"] == [
        {"path": "standards/STD-020-reporting.md", "from": "STD-002", "to": "STD-020"}
    ]
    assert (data["added"], data["removed"]) == ([], [])
    assert [i["code"] for i in data["issues"]] == ["pmo.id-changed"]


def test_status_and_version_changes(in_repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    in_repo.replace("standards/STD-002-reporting.md", "status: active", "status: deprecated")
    in_repo.replace("standards/STD-001-intake.md", "version: '1.0'", "version: '1.1'")
    in_repo.replace("standards/STD-001-intake.md", "Because.", "Because it matters.")
    in_repo.commit("Deprecate and bump")

    code, out, err = impact(capsys, "--base", "HEAD~1")

    assert code == 0, err
    assert "### Status changes" in out
    assert "- **STD-002** Reporting: active → deprecated" in out
    assert "### Version changes" in out
    assert "- **STD-001** Intake: 1.0 → 1.1" in out
    assert "### Problems" not in out


def test_text_change_without_version_bump_is_an_error(
    in_repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    in_repo.replace("standards/STD-001-intake.md", "Because.", "Because we say so.")

    code, out, err = impact(capsys, "--base", "main")

    assert code == 1
    assert "standards/STD-001-intake.md:7:10: error: STD-001's text changed since main" in err
    assert "bump `version`" in err
    assert "[pmo.unversioned-change]" in err
    assert "### Problems (1 error)" in out
    assert "`standards/STD-001-intake.md:7`" in out


def test_whitespace_only_change_is_not_a_text_change(
    in_repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    in_repo.replace("standards/STD-001-intake.md", "Because.", "Because.   \n\n")
    code, data = impact_json(capsys, "--base", "main")
    assert code == 0
    assert data["modified"] == []


def test_drafts_may_change_without_a_bump(
    in_repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    in_repo.write({"standards/STD-003-draft.md": doc("STD-003", "Draft", status="draft")})
    in_repo.commit("Add a draft")
    in_repo.replace("standards/STD-003-draft.md", "Because.", "Because, still drafting.")

    code, data = impact_json(capsys, "--base", "HEAD")

    assert code == 0
    assert data["issues"] == []
    assert data["modified"][0]["id"] == "STD-003"
    assert data["modified"][0]["body_changed"] is True


def test_level_is_configurable(in_repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    in_repo.write(
        {
            "mkdocs.yml": BASE_FILES["mkdocs.yml"]
            + "      validation:\n        pmo.unversioned-change: warn\n"
        }
    )
    in_repo.replace("standards/STD-001-intake.md", "Because.", "Because we say so.")
    code, _out, err = impact(capsys, "--base", "main")
    assert code == 0
    assert "warning: STD-001's text changed" in err


def test_blast_radius_lists_implementing_and_linking_documents(
    in_repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    in_repo.replace("standards/STD-001-intake.md", "version: '1.0'", "version: '2.0'")
    in_repo.replace("standards/STD-001-intake.md", "Because.", "Because. New MUST.")

    code, data = impact_json(capsys, "--base", "main")

    assert code == 0
    (entry,) = data["blast_radius"]
    assert entry["id"] == "STD-001"
    assert entry["change"] == "version 1.0 → 2.0; text changed"
    incoming = {label: [d["id"] for d in docs] for label, docs in entry["incoming"].items()}
    assert incoming == {"Implemented by": ["PB-001"], "Referenced by": ["PB-002", "STD-002"]}

    code, out, _ = impact(capsys, "--base", "main")
    assert "### Blast radius" in out
    assert "  - Implemented by: PB-001 Triage" in out
    assert "  - Referenced by: PB-002 Write the report, STD-002 Reporting" in out


def test_blast_radius_of_a_removed_standard_uses_the_base(
    in_repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    in_repo.git("rm", "-q", "standards/STD-002-reporting.md")
    code, data = impact_json(capsys, "--base", "main")
    assert code == 0
    (entry,) = data["blast_radius"]
    assert entry["id"] == "STD-002"
    assert entry["change"] == "removed"
    assert [d["id"] for d in entry["incoming"]["Implemented by"]] == ["PB-002"]


def test_dirty_tree_is_compared_and_said_so(
    in_repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    in_repo.write({"standards/STD-003-risk.md": doc("STD-003", "Risk")})  # untracked
    in_repo.replace("standards/STD-002-reporting.md", "status: active", "status: retired")

    code, out, _ = impact(capsys, "--base", "main")
    assert code == 0
    assert "**Uncommitted changes are included:** 2 content files differ from HEAD" in out
    assert "`standards/STD-003-risk.md`" in out
    assert "- **STD-003** Risk" in out
    assert "active → retired" in out

    _code, data = impact_json(capsys, "--base", "main")
    assert data["head"]["dirty"] is True
    assert data["head"]["uncommitted"] == [
        "standards/STD-002-reporting.md",
        "standards/STD-003-risk.md",
    ]


def test_compares_with_the_merge_base(in_repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    """Work merged into main after the branch started is not reported as reverted."""
    in_repo.git("checkout", "-q", "-b", "feature")
    in_repo.write({"standards/STD-003-risk.md": doc("STD-003", "Risk")})
    in_repo.commit("Add STD-003 on the branch")
    in_repo.git("checkout", "-q", "main")
    in_repo.write({"standards/STD-004-other.md": doc("STD-004", "Other")})
    in_repo.commit("Add STD-004 on main")
    in_repo.git("checkout", "-q", "feature")

    code, data = impact_json(capsys, "--base", "main")

    assert code == 0
    assert [d["id"] for d in data["added"]] == ["STD-003"]
    assert data["removed"] == []
    assert data["base"]["commit"] != data["base"]["compared_commit"]


def test_project_in_a_subfolder_of_the_repository(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = init_repo(tmp_path / "mono")
    repo.write({f"pmo/{path}": text for path, text in BASE_FILES.items()})
    repo.commit("Initial")
    repo.replace("pmo/standards/STD-001-intake.md", "Because.", "Changed.")
    monkeypatch.chdir(repo.root / "pmo")

    code, data = impact_json(capsys, "--base", "main")

    assert code == 1
    assert data["modified"][0]["path"] == "standards/STD-001-intake.md"
    assert data["head"]["uncommitted"] == ["standards/STD-001-intake.md"]


def test_hostile_titles_are_escaped_in_markdown(
    in_repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    in_repo.write(
        {"standards/STD-003-x.md": doc("STD-003", "<img src=x onerror=alert(1)> [a](javascript:x)")}
    )
    _code, out, _ = impact(capsys, "--base", "main")
    assert "<img" not in out
    assert "&lt;img src=x onerror=alert(1)&gt; \\[a\\](javascript:x)" in out


# Failure modes: exit 2 with a clear message, never a traceback.


def test_not_a_git_repository(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "mkdocs.yml").write_text(BASE_FILES["mkdocs.yml"], encoding="utf-8")
    result = pmo_subprocess("impact", "--base", "main", cwd=folder)
    assert result.returncode == 2
    assert "not a git repository" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_ref(in_repo: Repo) -> None:
    result = pmo_subprocess("impact", "--base", "no-such-branch", cwd=in_repo.root)
    assert result.returncode == 2
    assert "unknown git ref 'no-such-branch'" in result.stderr
    assert "Traceback" not in result.stderr


def test_option_like_ref_is_refused(in_repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = impact(capsys, "--base=--output=/tmp/x")
    assert code == 2
    assert "not a valid git ref" in err


def test_shallow_clone_lacking_the_base(repo: Repo, tmp_path: Path) -> None:
    repo.replace("standards/STD-001-intake.md", "Because.", "Changed.")
    repo.commit("Second commit")
    clone = tmp_path / "shallow"
    repo.git("clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone))

    result = pmo_subprocess("impact", "--base", "HEAD~1", cwd=clone)

    assert result.returncode == 2
    assert "shallow clone" in result.stderr
    assert "git fetch --unshallow" in result.stderr
    assert "fetch-depth: 0" in result.stderr
    assert "Traceback" not in result.stderr


def test_shallow_clone_without_a_merge_base(repo: Repo, tmp_path: Path) -> None:
    """The base branch fetched shallowly too: the ref exists but the histories do not meet."""
    repo.git("checkout", "-q", "-b", "feature")
    repo.replace("standards/STD-001-intake.md", "Because.", "Changed.")
    repo.commit("On the branch")
    repo.git("checkout", "-q", "main")
    repo.write({"standards/STD-009-x.md": doc("STD-009", "X")})
    repo.commit("On main")
    clone = tmp_path / "shallow"
    repo.git("clone", "-q", "--depth", "1", "-b", "feature", f"file://{repo.root}", str(clone))
    fetch = ["git", "fetch", "-q", "--depth", "1", "origin", "main:refs/remotes/origin/main"]
    subprocess.run(fetch, cwd=clone, check=True)

    result = pmo_subprocess("impact", "--base", "origin/main", cwd=clone)

    assert result.returncode == 2
    assert "cannot find where HEAD and origin/main meet" in result.stderr
    assert "fetch-depth: 0" in result.stderr


def test_broken_mkdocs_yml(in_repo: Repo) -> None:
    in_repo.write({"mkdocs.yml": "plugins: [pmo\n"})
    result = pmo_subprocess("impact", "--base", "main", cwd=in_repo.root)
    assert result.returncode == 2
    assert "mkdocs.yml: not valid YAML" in result.stderr
    assert "Traceback" not in result.stderr


def test_repository_without_commits(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "empty")
    repo.write(BASE_FILES)
    result = pmo_subprocess("impact", "--base", "main", cwd=repo.root)
    assert result.returncode == 2
    assert "no commits yet" in result.stderr


def test_base_is_required(in_repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = impact(capsys)
    assert code == 2
    assert "--base" in err
