"""ProperDocs (the MkDocs 1.x continuation) builds the same site with the same plugin."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import doc_text, mkdocs_yml, read_html, write_tree

PROPERDOCS = Path(sys.executable).parent / "properdocs"


def properdocs(cwd: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `properdocs build --strict` with a minimal environment (no MkDocs on PATH)."""
    return subprocess.run(
        [str(PROPERDOCS), "build", "--strict", "-f", "mkdocs.yml", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={
            "PATH": f"{PROPERDOCS.parent}:/usr/bin:/bin",
            "NO_MKDOCS_2_WARNING": "1",
            "HOME": str(home),
        },
    )


def test_properdocs_build_strict(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "mkdocs.yml": mkdocs_yml(),
            "docs/index.md": "# Home\n\nSee [[STD-001]].\n",
            "standards/STD-001-a.md": doc_text("STD-001", "Alpha"),
            "playbooks/PB-001-b.md": doc_text("PB-001", "Beta", standards=["STD-001"]),
        },
    )
    result = properdocs(tmp_path, tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert 'href="standards/STD-001-a/"' in read_html(site, "index.html")
    page = read_html(site, "standards/STD-001-a/")
    assert "pmo-card" in page
    assert "Implemented by" in page


def test_properdocs_strict_fails_with_location(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "mkdocs.yml": mkdocs_yml({"validation": {"pmo.dangling-ref": "warn"}}),
            "standards/STD-001-a.md": doc_text("STD-001", body="[[STD-404]]\n\n## Why\n\nB.\n"),
            "docs/index.md": "# Home\n",
        },
    )
    result = properdocs(tmp_path, tmp_path)
    assert result.returncode == 1
    assert "standards/STD-001-a.md:11:1: link [[STD-404]]" in result.stderr


def test_properdocs_builds_this_repository_site(tmp_path: Path) -> None:
    """The reference deployment itself, with `--strict`: zero warnings under ProperDocs too."""
    repo = Path(__file__).resolve().parents[2]
    result = properdocs(repo, tmp_path, "-d", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr[-3000:]
    page = read_html(tmp_path / "site", "standards/STD-006-weekly-written-status-report/")
    assert "pmo-banner" in page
    assert "STD-007" in page
    # The theme overrides in docs/ are templates, not part of the published site.
    assert not (tmp_path / "site" / "overrides").exists()
    assert "assets/vendor/mermaid/mermaid.min.js" in page
