"""The publish workflow's deploy command, run for real against a bare repository."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gitrepo import Repo

ROOT = Path(__file__).resolve().parents[2]


#: What the publish workflow sets for a repository `example-org/pmo-playbook`.
SITE_URL = "https://example-org.github.io/pmo-playbook/"


def mkdocs(*args: str, cwd: Path, site_url: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PMO_SITE_URL": site_url},
    )


def test_gh_deploy_publishes_the_site_to_a_bare_repository(repo: Repo, tmp_path: Path) -> None:
    # This repository's own site_url line (read from PMO_SITE_URL, which the workflow sets).
    (line,) = [
        x for x in (ROOT / "mkdocs.yml").read_text().splitlines() if x.startswith("site_url")
    ]
    config = repo.root / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_url:.*$", line, config.read_text()))
    repo.commit("Site address from the environment", "2026-01-06T09:00:00+00:00")
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
        site_url=SITE_URL,
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
    # The 404 page is served at any missing address: its links go through the site's address.
    missing = subprocess.run(
        [*bare, "show", "gh-pages:404.html"], capture_output=True, text=True, check=True
    ).stdout
    assert 'href="/pmo-playbook/assets/stylesheets/' in missing
    assert 'href="/assets/' not in missing
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
