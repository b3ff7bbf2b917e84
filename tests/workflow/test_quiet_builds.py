"""Builds are quiet unless something is wrong: no Material end-of-life banner, no
mkdocs-macros start-up lines, no warning; only MkDocs' three lines."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from distribution import REPO, noisy_lines

MKDOCS = Path(sys.executable).with_name("mkdocs")
BANNER = "Material for MkDocs reaches end of life"


def build(site_dir: Path, *args: str, quiet_env: bool = True) -> str:
    env = {k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"}
    if quiet_env:
        env["NO_MKDOCS_2_WARNING"] = "1"
    result = subprocess.run(
        [str(MKDOCS), "build", "--strict", "--site-dir", str(site_dir), *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def test_the_repository_site_builds_quietly(tmp_path: Path) -> None:
    output = build(tmp_path / "site")
    assert noisy_lines(output) == []
    assert "[macros]" not in output
    assert BANNER not in output


def test_macros_start_up_lines_are_still_there_with_verbose(tmp_path: Path) -> None:
    """Filed at DEBUG, not dropped: `mkdocs build -v` shows them."""
    output = build(tmp_path / "site", "-v")
    macros = [line for line in output.splitlines() if "[macros]" in line]
    assert macros
    assert all(line.startswith("DEBUG") for line in macros), macros[:3]


def test_the_banner_needs_the_environment_switch(tmp_path: Path) -> None:
    """Material prints its banner before any plugin loads: only the variable silences it,
    so the scripts and every workflow set it."""
    assert BANNER in build(tmp_path / "site", quiet_env=False)
    assert "export NO_MKDOCS_2_WARNING=1" in (REPO / "scripts" / "bootstrap.sh").read_text()
    for workflow in sorted((REPO / ".github" / "workflows").glob("*.yml")):
        data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
        assert data["env"]["NO_MKDOCS_2_WARNING"] == "1", workflow.name


@pytest.mark.parametrize("script", ["serve.sh", "test.sh", "pmo"])
def test_scripts_go_through_bootstrap(script: str) -> None:
    text = (REPO / "scripts" / script).read_text(encoding="utf-8")
    assert "scripts/bootstrap.sh" in text
