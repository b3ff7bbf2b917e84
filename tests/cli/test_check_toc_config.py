"""`pmo check` slugs headings as the site's `toc` extension is configured in mkdocs.yml."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from mkdocs_pmo.cli.main import main
from mkdocs_pmo.core.issues import IssueCode, Severity
from mkdocs_pmo.site.mkdocs_config import load_settings
from tests.conftest import doc_text, mkdocs_yml, write_tree

if TYPE_CHECKING:
    from pathlib import Path

TARGET = doc_text("STD-002", body="Intro.\n\n## Hello World\n\nText.\n\n## Why\n\nBecause.\n")


def _site(tmp_path: Path, toc: str, link: str) -> Path:
    config = mkdocs_yml().replace("  - toc:\n      permalink: true\n", toc)
    body = f"See [[STD-002#{link}]].\n\n## Why\n\nBecause.\n"
    return write_tree(
        tmp_path,
        {
            "mkdocs.yml": config + "validation:\n  anchors: warn\n",
            "standards/STD-001-a.md": doc_text("STD-001", body=body),
            "standards/STD-002-b.md": TARGET,
        },
    )


@pytest.mark.parametrize(
    ("toc", "good", "bad"),
    [
        ("  - toc:\n      permalink: true\n", "hello-world", "hello_world"),
        ("  - toc:\n      separator: _\n", "hello_world", "hello-world"),
        (
            "  - toc:\n      slugify: !!python/object/apply:pymdownx.slugs.slugify\n"
            "        kwds: {case: none}\n",
            "Hello-World",
            "hello-world",
        ),
    ],
)
def test_anchors_follow_the_configured_slugify(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], toc: str, good: str, bad: str
) -> None:
    root = _site(tmp_path / "good", toc, good)
    assert main(["check", "--strict", "-f", str(root / "mkdocs.yml")]) == 0
    root = _site(tmp_path / "bad", toc, bad)
    assert main(["check", "--strict", "-f", str(root / "mkdocs.yml")]) == 1
    out = capsys.readouterr().out
    assert "standards/STD-001-a.md:" in out and "[pmo.missing-anchor]" in out


def test_a_slugify_outside_the_known_slug_modules_is_never_imported(tmp_path: Path) -> None:
    toc = "  - toc:\n      slugify: !!python/name:os.system\n"
    root = _site(tmp_path, toc, "anything")
    assert load_settings(root / "mkdocs.yml").toc is None
    assert main(["check", "--strict", "-f", str(root / "mkdocs.yml")]) == 0


def test_a_slugify_that_refuses_its_arguments_is_a_configuration_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """MkDocs fails to load this configuration: the check refuses it first, with exit 2."""
    toc = "  - toc:\n      slugify: !!python/object/apply:pymdownx.slugs.slugify\n        args: 5\n"
    root = _site(tmp_path, toc, "anything")
    assert main(["check", "-f", str(root / "mkdocs.yml")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("pmo: error: ")
    assert "mkdocs.yml: markdown_extensions: toc: slugify: pymdownx.slugs.slugify: " in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("validation", "anchor", "missing_file"),
    [
        ("", Severity.INFO, Severity.WARNING),
        ("validation:\n  anchors: warn\n  not_found: info\n", Severity.WARNING, Severity.INFO),
        (
            "validation:\n  links:\n    anchors: ignore\n    not_found: warn\n",
            Severity.IGNORE,
            Severity.WARNING,
        ),
    ],
)
def test_link_levels_follow_mkdocs_validation(
    tmp_path: Path, validation: str, anchor: Severity, missing_file: Severity
) -> None:
    """MkDocs' `validation:` (flat or under `links:`) sets pmo's levels for the same checks."""
    write_tree(tmp_path, {"mkdocs.yml": mkdocs_yml() + validation})
    levels = load_settings(tmp_path / "mkdocs.yml").levels
    assert levels[IssueCode.MISSING_ANCHOR] == anchor
    assert levels[IssueCode.BROKEN_LINK] == missing_file
