"""Mistakes in `mkdocs.yml` get the same verdict from `pmo check` and the build, never a traceback."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from mkdocs_pmo.cli.main import main
from tests.conftest import build_site, doc_text, mkdocs_yml, write_tree

if TYPE_CHECKING:
    from pathlib import Path

MACROS = "  - macros:\n      modules: [mkdocs_pmo.site.macros]\n"


def _site(tmp_path: Path, config: str) -> Path:
    return write_tree(
        tmp_path,
        {
            "mkdocs.yml": config,
            "docs/index.md": "# Home\n",
            "standards/STD-001-a.md": doc_text("STD-001"),
        },
    )


def test_an_unknown_option_is_a_located_warning_that_strict_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _site(tmp_path, mkdocs_yml({"todya": "2026-01-01"}))
    line = (root / "mkdocs.yml").read_text().splitlines().index("      todya: '2026-01-01'") + 1
    assert main(["check", "-f", str(root / "mkdocs.yml")]) == 0
    assert main(["check", "--strict", "-f", str(root / "mkdocs.yml")]) == 1
    out = capsys.readouterr().out
    assert f"mkdocs.yml:{line}: warning: plugins.pmo.todya: Unrecognised configuration name" in out
    assert "did you mean 'today'?" in out and "[pmo.unknown-option]" in out
    with pytest.raises(Exception, match="strict"):
        build_site(root, strict=True)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"export": "../README.md"}, "'../README.md' must be a path inside the site"),
        ({"export": "/tmp/x.json"}, "'/tmp/x.json' must be a path inside the site"),
        ({"handbook_max_documents": -1}, "expected a whole number, 0 or more, not -1"),
        (
            {
                "kinds": {
                    "standard": {"folder": "standards", "prefix": "STD"},
                    "playbook": {"folder": "standards/pb", "prefix": "PB"},
                }
            },
            "kinds.playbook.folder: 'standards/pb' overlaps standard's folder 'standards'",
        ),
    ],
)
def test_options_that_would_do_harm_are_refused_by_both(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    options: dict[str, object],
    message: str,
) -> None:
    root = _site(tmp_path, mkdocs_yml(options))
    assert main(["check", "-f", str(root / "mkdocs.yml")]) == 2
    assert message in capsys.readouterr().err
    with pytest.raises(Exception) as refused:
        build_site(root)
    assert message in caplog.text + str(refused.value)
    assert not (tmp_path / "README.md").exists() and not (tmp_path / "site").exists()


def test_an_include_dir_outside_the_project_is_refused_by_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    root = _site(tmp_path / "site", mkdocs_yml() + MACROS + "      include_dir: ../outside\n")
    assert main(["check", "-f", str(root / "mkdocs.yml")]) == 2
    assert "plugins.macros.include_dir: '../outside' must be a folder inside the project" in (
        capsys.readouterr().err
    )
    with pytest.raises(Exception, match="BuildError"):
        build_site(root)
    assert "plugins.macros.include_dir: '../outside' must be a folder" in caplog.text


def test_a_date_no_calendar_has_is_located_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = mkdocs_yml() + "extra:\n  launch: 2026-02-30\n"
    root = _site(tmp_path, config)
    line = config.splitlines().index("  launch: 2026-02-30") + 1
    for command in (["check"], ["reviews"], ["new", "standard", "X", "--owner", "PMO"]):
        assert main([*command, "-f", str(root / "mkdocs.yml")]) == 2
        err = capsys.readouterr().err
        assert f"mkdocs.yml:{line}: 2026-02-30 is read by YAML as a date" in err
        assert "Traceback" not in err


def test_an_unknown_top_level_key_is_refused_by_both_under_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _site(tmp_path, "site_nmae: Typo\n" + mkdocs_yml())
    assert main(["check", "--strict", "-f", str(root / "mkdocs.yml")]) == 1
    out = capsys.readouterr().out
    assert "mkdocs.yml:1: warning: site_nmae: Unrecognised configuration name" in out
    assert "did you mean 'site_name'?" in out
    with pytest.raises(Exception, match="strict"):
        build_site(root, strict=True)
