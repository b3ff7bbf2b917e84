"""The publish workflow's deploy command, run for real against a bare repository."""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from gitrepo import Repo


def mkdocs(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env=None,
    )


def test_gh_deploy_publishes_the_site_to_a_bare_repository(repo: Repo, tmp_path: Path) -> None:
    remote = tmp_path / "published.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    repo.git("remote", "add", "origin", str(remote))
    repo.git("push", "-q", "origin", "main")

    # The same command as .github/workflows/publish.yml.
    result = mkdocs(
        "gh-deploy",
        "--strict",
        "--force",
        "--remote-name",
        "origin",
        "--remote-branch",
        "gh-pages",
        cwd=repo.root,
    )
    assert result.returncode == 0, result.stderr

    bare = ["git", "--git-dir", str(remote)]
    listing = subprocess.run(
        [*bare, "ls-tree", "-r", "--name-only", "gh-pages"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    for expected in (
        "index.html",
        ".nojekyll",
        "feed.xml",
        "standards/STD-001-intake/index.html",
        "playbooks/PB-001-triage/index.html",
        "schemas/standard.schema.json",
    ):
        assert expected in listing, expected
    page = subprocess.run(
        [*bare, "show", "gh-pages:standards/STD-001-intake/index.html"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "STD-001 Intake" in page
    assert "Last changed" in page  # history read from the full clone
    # Nothing else was touched: main on the remote is still the source commit.
    assert (
        subprocess.run(
            [*bare, "rev-parse", "main"], capture_output=True, text=True, check=True
        ).stdout.strip()
        == repo.git("rev-parse", "HEAD").strip()
    )


def test_gh_deploy_refuses_a_broken_catalogue(repo: Repo, tmp_path: Path) -> None:
    remote = tmp_path / "published.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    repo.git("remote", "add", "origin", str(remote))
    repo.write({"standards/STD-009-dup.md": "---\nid: STD-001\n---\n"})

    result = mkdocs("gh-deploy", "--strict", "--force", cwd=repo.root)

    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    branches = subprocess.run(
        ["git", "--git-dir", str(remote), "branch", "--list", "gh-pages"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert branches.strip() == ""
