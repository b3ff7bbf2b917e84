"""The repository's scripts on machines unlike CI's: no apt-get, no Chromium, no activated venv."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from distribution import REPO, VERSION

INSTALL_BROWSER = REPO / "scripts" / "install-browser.sh"


def bin_without_apt(tmp_path: Path) -> Path:
    """A PATH folder with the few tools the script needs, and no apt-get, sudo or dpkg."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for tool in ("id",):
        found = shutil.which(tool)
        assert found
        (folder / tool).symlink_to(found)
    return folder


def install_browser(tmp_path: Path, chromium: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["/bin/sh", str(INSTALL_BROWSER)],
        env={"PATH": str(bin_without_apt(tmp_path)), "PMO_CHROMIUM": chromium},
        capture_output=True,
        text=True,
        check=False,
    )


def test_install_browser_without_apt_get_says_how_in_one_line(tmp_path: Path) -> None:
    result = install_browser(tmp_path, str(tmp_path / "no-chromium"))
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert "Chromium is missing and there is no apt-get here" in line
    assert "sudo apt-get install chromium" in line
    assert "PMO_CHROMIUM=" in line


def test_install_browser_with_chromium_but_no_font_is_fine(tmp_path: Path) -> None:
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n", encoding="utf-8")
    fake.chmod(0o755)
    result = install_browser(tmp_path, str(fake))
    assert result.returncode == 0, result.stderr
    assert f"chromium present: {fake}" in result.stdout


def test_test_script_goes_on_when_the_browser_cannot_be_installed() -> None:
    text = (REPO / "scripts" / "test.sh").read_text(encoding="utf-8")
    assert "if ! bash scripts/install-browser.sh; then" in text


def test_browser_tests_without_chromium_fail_with_one_clear_line(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    env = {**os.environ, "PMO_CHROMIUM": str(tmp_path / "no-chromium"), "PMO_E2E_SITE": str(site)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-q",
            "-x",
            "-m",
            "browser",
            str(REPO / "tests" / "e2e" / "test_reader.py"),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    message = f"Chromium not found at {tmp_path / 'no-chromium'}: install it with 'sudo apt-get install chromium'"
    assert message in result.stdout
    assert "Traceback" not in result.stdout
    assert "def browser" not in result.stdout  # no source listing: the line says it all


def test_pmo_wrapper_runs_the_checkouts_pmo_from_anywhere(tmp_path: Path) -> None:
    venv = Path(sys.executable).parent.parent
    result = subprocess.run(
        [str(REPO / "scripts" / "pmo"), "--version"],
        cwd=tmp_path,
        env={**os.environ, "PMO_VENV": str(venv)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"pmo {VERSION}"
