"""Helpers for the workflow tests: real git repositories in temporary folders (never mocked)."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tests.conftest import doc_text

if TYPE_CHECKING:
    from pathlib import Path

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Pat Author",
    "GIT_AUTHOR_EMAIL": "pat@example.org",
    "GIT_COMMITTER_NAME": "Pat Author",
    "GIT_COMMITTER_EMAIL": "pat@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}

MKDOCS_YML = """\
site_name: Test PMO
site_url: https://pmo.example.org/
docs_dir: docs
theme:
  name: material
plugins:
  - search
  - pmo:
      today: "2026-01-15"
"""


def doc(
    doc_id: str, title: str, *, body: str = "Intro.\n\n## Why\n\nBecause.\n", **meta: Any
) -> str:
    """A valid document with `meta` overriding or adding front-matter keys."""
    return doc_text(doc_id, title, body=body, **meta)


BASE_FILES = {
    "mkdocs.yml": MKDOCS_YML,
    "docs/index.md": "# Home\n",
    "standards/STD-001-intake.md": doc("STD-001", "Intake"),
    "standards/STD-002-reporting.md": doc("STD-002", "Reporting", related=["STD-001"]),
    "playbooks/PB-001-triage.md": doc("PB-001", "Triage", standards=["STD-001"]),
    "playbooks/PB-002-report.md": doc(
        "PB-002",
        "Write the report",
        standards=["STD-002"],
        body="Intro, see [[STD-001]].\n\n## Why\n\nBecause.\n",
    ),
}


@dataclass
class Repo:
    """A git working tree with helpers to write files and commit them on a given date."""

    root: Path

    def git(self, *args: str, check: bool = True) -> str:
        proc = subprocess.run(
            ["git", *args], cwd=self.root, capture_output=True, text=True, check=False
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr}")
        return proc.stdout

    def write(self, files: dict[str, str]) -> None:
        for rel, text in files.items():
            path = self.root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def replace(self, rel: str, old: str, new: str) -> None:
        text = self.read(rel)
        assert old in text, f"{old!r} not in {rel}"
        self.write({rel: text.replace(old, new, 1)})

    def commit(self, message: str, date: str = "2026-01-10T12:00:00+00:00") -> str:
        self.git("add", "-A")
        env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        subprocess.run(
            ["git", "commit", "-q", "--allow-empty", "-m", message],
            cwd=self.root,
            env=env,
            check=True,
        )
        return self.git("rev-parse", "HEAD").strip()


def init_repo(root: Path) -> Repo:
    root.mkdir(parents=True, exist_ok=True)
    repo = Repo(root)
    repo.git("init", "-q", "-b", "main")
    return repo


def pmo_subprocess(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the real `pmo` entry point in a new process, as CI does."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from mkdocs_pmo.cli.main import main; sys.exit(main())",
            *args,
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
