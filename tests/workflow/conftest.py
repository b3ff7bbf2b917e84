"""Fixtures for the workflow tests: an isolated git identity and a small PMO repository."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from gitrepo import BASE_FILES, GIT_ENV, Repo, init_repo

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch) -> None:
    """Same identity and no user/system git config, for the test and every `git` it runs."""
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """A PMO repository with two standards and two playbooks in one commit on `main`."""
    repo = init_repo(tmp_path / "pmo")
    repo.write(BASE_FILES)
    repo.commit("Initial catalogue", "2026-01-05T09:00:00+00:00")
    return repo


@pytest.fixture
def in_repo(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """The repository, as the current folder."""
    monkeypatch.chdir(repo.root)
    return repo
