"""`pmo new`: a valid draft with the next free ID, named after it; clear refusals."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
import yaml
from gitrepo import BASE_FILES, doc, pmo_subprocess

from mkdocs_pmo.cli.main import main
from mkdocs_pmo.cli.new import slugify

if TYPE_CHECKING:
    from pathlib import Path

    from gitrepo import Repo


def new(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["new", *args])
    out, err = capsys.readouterr()
    return code, out, err


def front_matter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def test_new_standard_is_valid_as_written(
    in_repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = new(capsys, "standard", "Risk appetite", "--owner", "Risk office")

    assert code == 0, err
    assert out == "standards/STD-003-risk-appetite.md\n"
    path = in_repo.root / "standards/STD-003-risk-appetite.md"
    meta = front_matter(path)
    assert meta["id"] == "STD-003"
    assert meta["title"] == "Risk appetite"
    assert meta["owner"] == "Risk office"
    assert meta["status"] == "draft"
    assert meta["version"] == "0.1"
    assert str(meta["last_reviewed"]) == "2026-01-15"  # the configured `today`
    body = path.read_text(encoding="utf-8")
    for heading in ("## Why", "## Applies to", "## Requirements", "## Exceptions"):
        assert f"\n{heading}\n" in body
    assert main(["check", "standards/STD-003-risk-appetite.md"]) == 0
    assert main(["check"]) == 0


def test_new_playbook_implementing_standards(
    in_repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = new(
        capsys, "playbook", "Assess a risk", "--implements", "std-002", "--implements", "STD-001"
    )
    assert code == 0, err
    path = in_repo.root / out.strip()
    assert path.name == "PB-003-assess-a-risk.md"
    assert front_matter(path)["standards"] == ["STD-002", "STD-001"]
    for heading in ("## Why", "## When to use it", "## Steps", "## Checklist"):
        assert heading in path.read_text(encoding="utf-8")
    assert main(["check"]) == 0


def test_unknown_standard_to_implement_is_refused(
    in_repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = new(capsys, "playbook", "X", "--implements", "STD-099")
    assert code == 2
    assert "--implements STD-099: no standard has this ID" in err
    assert not list((in_repo.root / "playbooks").glob("PB-003*"))


def test_next_id_keeps_the_padding_width_and_skips_gaps(
    in_repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    in_repo.write({"standards/STD-0041-wide.md": doc("STD-0041", "Wide")})
    code, out, _ = new(capsys, "standard", "Next")
    assert code == 0
    assert out.strip() == "standards/STD-0042-next.md"


def test_id_in_a_broken_file_still_counts(
    in_repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    in_repo.write({"standards/draft.md": "---\nid: STD-007\ntitle: [unclosed\n---\n"})
    _code, out, _ = new(capsys, "standard", "After broken")
    assert out.strip() == "standards/STD-008-after-broken.md"


def test_ids_of_deleted_documents_are_not_reused(
    in_repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    in_repo.write({"standards/STD-005-old.md": doc("STD-005", "Old")})
    in_repo.commit("Add STD-005")
    in_repo.git("rm", "-q", "standards/STD-005-old.md")
    in_repo.commit("Delete STD-005")
    _code, out, _ = new(capsys, "standard", "Fresh")
    assert out.strip() == "standards/STD-006-fresh.md"


def test_custom_kind_from_the_plugin_config(
    in_repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    in_repo.write(
        {
            "mkdocs.yml": BASE_FILES["mkdocs.yml"]
            + "      kinds:\n"
            + "        standard: {folder: standards, prefix: STD}\n"
            + "        playbook: {folder: playbooks, prefix: PB}\n"
            + "        policy: {folder: policies, prefix: POL, label: Policies}\n"
        }
    )
    code, out, err = new(capsys, "policy", "Acceptable use")
    assert code == 0, err
    assert out.strip() == "policies/POL-001-acceptable-use.md"
    assert front_matter(in_repo.root / out.strip())["id"] == "POL-001"
    assert main(["check"]) == 0


def test_awkward_titles_stay_valid_yaml(in_repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    title = 'Risk: "appetite" & tolerance # yes'
    code, out, err = new(capsys, "standard", title)
    assert code == 0, err
    path = in_repo.root / out.strip()
    assert path.name == "STD-003-risk-appetite-tolerance-yes.md"
    assert front_matter(path)["title"] == title
    assert main(["check"]) == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["memo", "Title"], "unknown kind 'memo'; the configured kinds are: standard, playbook"),
        (["standard", "   "], "title is empty"),
        (["standard", "x" * 201], "title is 201 characters long"),
        (["standard", "Bad\x07bell"], "title contains control characters"),
        (["standard", "T", "--owner", ""], "--owner is empty"),
    ],
)
def test_refusals(
    in_repo: Repo, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = new(capsys, *args)
    assert code == 2
    assert message in err
    assert out == ""


def test_an_id_in_a_file_name_counts_as_used(in_repo: Repo) -> None:
    target = in_repo.root / "standards/STD-003-risk.md"
    target.write_text("keep me", encoding="utf-8")  # no front matter at all
    result = pmo_subprocess("new", "standard", "Risk", cwd=in_repo.root)
    assert result.returncode == 0
    assert result.stdout.strip() == "standards/STD-004-risk.md"
    assert target.read_text(encoding="utf-8") == "keep me"


def test_existing_file_refused(in_repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    """The computed file name is taken (here by a folder the ID scan does not read)."""
    (in_repo.root / "standards/STD-003-risk.md").mkdir()  # occupies the computed file name
    code, _out, err = new(capsys, "standard", "Risk")
    assert code == 2
    assert "standards/STD-003-risk.md: already exists; not overwritten" in err


def test_outside_git_and_without_mkdocs_yml(tmp_path: Path) -> None:
    """With no mkdocs.yml, a folder holding a kind's folder is a site with the defaults."""
    (tmp_path / "standards").mkdir()
    result = pmo_subprocess("new", "standard", "First one", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "standards/STD-001-first-one.md"
    assert (tmp_path / "standards/STD-001-first-one.md").is_file()


def test_no_site_at_all_is_refused(tmp_path: Path) -> None:
    result = pmo_subprocess("new", "standard", "First one", cwd=tmp_path)
    assert result.returncode == 2
    assert f"no mkdocs.yml found in {tmp_path} or any parent folder" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("folder", "shown"),
    [
        ("standards", "STD-003-from-inside.md"),
        ("playbooks", "../standards/STD-003-from-inside.md"),
        ("docs/deep", "../../standards/STD-003-from-inside.md"),
    ],
)
def test_new_from_a_subfolder_writes_at_the_root(repo: Repo, folder: str, shown: str) -> None:
    """Never `standards/standards/STD-001-….md` with an ID already in use."""
    (repo.root / folder).mkdir(parents=True, exist_ok=True)
    result = pmo_subprocess("new", "standard", "From inside", cwd=repo.root / folder)
    assert result.returncode == 0, result.stderr
    assert result.stdout == shown + "\n"
    assert (repo.root / "standards/STD-003-from-inside.md").is_file()
    assert not (repo.root / folder / "standards").exists()


def test_broken_config_is_a_usage_error(in_repo: Repo) -> None:
    in_repo.write({"mkdocs.yml": "plugins:\n  - pmo:\n      kinds: 3\n"})
    result = pmo_subprocess("new", "standard", "X", cwd=in_repo.root)
    assert result.returncode == 2
    assert "plugins.pmo.kinds" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Risk appetite & tolerance", "risk-appetite-tolerance"),
        ("Égalité des chances", "egalite-des-chances"),
        ("計画", ""),
        ("a" * 80, "a" * 60),
        ("word " * 20, "word-word-word-word-word-word-word-word-word-word-word-word"),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_works_in_a_shallow_clone_and_a_dirty_tree(repo: Repo, tmp_path: Path) -> None:
    repo.write({"standards/STD-003-x.md": doc("STD-003", "X")})
    repo.commit("Add STD-003")
    clone = tmp_path / "shallow"
    repo.git("clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone))
    (clone / "standards/STD-004-uncommitted.md").write_text(doc("STD-004", "U"), "utf-8")

    result = pmo_subprocess("new", "standard", "Next", cwd=clone)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "standards/STD-005-next.md"
