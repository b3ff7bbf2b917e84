"""Fixtures for the workflow tests: an isolated git identity and a small PMO repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from distribution import build_distributions
from gitrepo import BASE_FILES, GIT_ENV, Repo, init_repo


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


@pytest.fixture(scope="session")
def distributions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path | None]:
    """(wheel, sdist) built once from this checkout, or `$PMO_WHEEL` (the release's wheel)."""
    given = os.environ.get("PMO_WHEEL")
    if given:
        return Path(given).resolve(), None
    return build_distributions(tmp_path_factory.mktemp("dist"))
