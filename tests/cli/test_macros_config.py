"""What `pmo check` makes of the site's `macros` plugin: there, absent, or not checkable."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs_pmo.cli.main import main
from mkdocs_pmo.site.mkdocs_config import load_settings
from tests.conftest import doc_text, mkdocs_yml, write_tree

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

PARAMETERS = "cap:\n  value: 85\n  unit: '%'\n  owner: PMO\n  why: Queues.\n"
BODY = 'Keep load under {{ param("cap") }}.\n\n## Why\n\nBecause.\n'


def _site(tmp_path: Path, plugins: str) -> Path:
    return write_tree(
        tmp_path,
        {
            "mkdocs.yml": mkdocs_yml() + plugins,
            "parameters.yml": PARAMETERS,
            "docs/index.md": "# Home\n",
            "standards/STD-001-a.md": doc_text("STD-001", body=BODY),
        },
    )


def test_param_without_the_macros_plugin_fails_the_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _site(tmp_path, "")
    assert not load_settings(root / "mkdocs.yml").macros
    assert main(["check", "-f", str(root / "mkdocs.yml")]) == 1
    out = capsys.readouterr().out
    assert "standards/STD-001-a.md:" in out and "[pmo.no-macros]" in out


def test_macros_with_extensions_the_check_cannot_load_are_still_the_macros_plugin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Its templates go unchecked (loading the extension would run code), but param() works."""
    plugins = (
        "  - macros:\n      modules: [mkdocs_pmo.site.macros]\n"
        "      j2_extensions: [some_package.ext.Custom]\n"
    )
    root = _site(tmp_path, plugins)
    settings = load_settings(root / "mkdocs.yml")
    assert (settings.macros, settings.templates) == (True, None)
    assert main(["check", "-f", str(root / "mkdocs.yml")]) == 0
    assert "pmo.no-macros" not in capsys.readouterr().out


def test_param_in_markdown_code_is_shown_as_written_without_the_macros_plugin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Documenting the syntax is no mistake; a call after it, in prose, still is."""
    from tests.conftest import build_site, read_html

    in_code = (
        'Write `{{ param("cap") }}` to show a parameter:\n\n'
        '```markdown\nKeep load under {{ param("cap") }}.\n```\n\n## Why\n\nBecause.\n'
    )
    root = _site(tmp_path, "")
    write_tree(
        root,
        {
            "standards/STD-001-a.md": doc_text("STD-001", body=in_code),
            "docs/usage.md": '# Usage\n\n    {{ param("cap") }}\n',
        },
    )
    assert main(["check", "--strict", "-f", str(root / "mkdocs.yml")]) == 0, capsys.readouterr()
    site = build_site(root, strict=True)
    assert '<code>{{ param("cap") }}</code>' in read_html(site, "standards/STD-001-a/")
    write_tree(
        root, {"docs/usage.md": '# Usage\n\n    {{ param("cap") }}\n\nUse {{ param("cap") }}.\n'}
    )
    assert main(["check", "-f", str(root / "mkdocs.yml")]) == 1
    assert (
        "docs/usage.md:5:8: error: param('cap') needs the macros plugin" in capsys.readouterr().out
    )
