"""`pmo` finds its site as git finds a repository, and reads `mkdocs.yml` as MkDocs does."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from mkdocs_pmo.cli.main import main
from mkdocs_pmo.site.mkdocs_config import PythonTag, find_config_file, read_config
from tests.core.conftest import WHY, fm

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

CONFIG = """\
site_name: T
docs_dir: docs
plugins:
  - search
  - pmo:
      today: "2026-11-27"
"""
FILES = {
    "standards/STD-001-ok.md": fm() + WHY,
    "standards/STD-002-ok.md": fm(id="STD-002") + WHY,
    "playbooks/PB-001-x.md": fm(id="PB-001", standards="[STD-001]") + WHY + "\n[[STD-404]]\n",
}


@pytest.fixture
def site(tmp_path: Path) -> Callable[..., Path]:
    def _make(files: dict[str, str] = FILES, **configs: str) -> Path:
        root = tmp_path / "site"
        for name, text in (configs or {"mkdocs.yml": CONFIG}).items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")
        for uri, text in files.items():
            (root / uri).parent.mkdir(parents=True, exist_ok=True)
            (root / uri).write_text(text, encoding="utf-8")
        return root

    return _make


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_check_from_a_content_folder_checks_the_whole_site(site, capsys, monkeypatch):
    monkeypatch.chdir(site() / "standards")
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert out == [
        "playbooks/PB-001-x.md:14:1: error: link [[STD-404]]: no document has this ID "
        "[pmo.dangling-ref]",
        "1 error, 0 warnings in 3 documents",
    ]


def test_check_dot_from_a_subfolder_reports_that_folder(site, capsys, monkeypatch):
    monkeypatch.chdir(site() / "standards")
    code, out, _ = run(capsys, "check", ".")
    assert (code, out) == (0, ["0 errors, 0 warnings in 3 documents"])


def test_a_deeper_folder_and_mkdocs_yaml_are_found(site, capsys, monkeypatch):
    root = site(**{"mkdocs.yaml": CONFIG})
    deep = root / "docs" / "a" / "b"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert out[-1] == "1 error, 0 warnings in 3 documents"
    assert find_config_file(deep) == root / "mkdocs.yaml"


def test_mkdocs_yml_wins_over_mkdocs_yaml_as_in_mkdocs(site):
    root = site(**{"mkdocs.yml": CONFIG, "mkdocs.yaml": "site_name: other\n"})
    assert find_config_file(root / "standards") == root / "mkdocs.yml"


def test_the_nearest_mkdocs_yml_wins(site, capsys, monkeypatch):
    """A site nested in a bigger one is checked on its own, as git does with nested repos."""
    root = site()
    inner = root / "docs" / "inner"
    (inner / "standards").mkdir(parents=True)
    (inner / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (inner / "standards" / "STD-001-only.md").write_text(fm() + WHY, encoding="utf-8")
    monkeypatch.chdir(inner / "standards")
    assert run(capsys, "check")[:2] == (0, ["0 errors, 0 warnings in 1 document"])


def test_config_file_option_wins(site, capsys, monkeypatch, tmp_path):
    root = site()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "mkdocs.yml").write_text("site_name: [broken\n", encoding="utf-8")
    monkeypatch.chdir(elsewhere)
    code, out, _ = run(capsys, "check", "-f", str(root / "mkdocs.yml"))
    assert code == 1
    assert out[-1] == "1 error, 0 warnings in 3 documents"


def test_no_mkdocs_yml_anywhere_is_a_usage_error(tmp_path, capsys, monkeypatch):
    empty = tmp_path / "nothing"
    empty.mkdir()
    monkeypatch.chdir(empty)
    code, out, err = run(capsys, "check")
    assert (code, out) == (2, [])
    assert err == (
        f"pmo: error: no mkdocs.yml found in {empty} or any parent folder; run pmo inside "
        "the site's folder, or pass -f FILE\n"
    )


def test_without_mkdocs_yml_a_kind_folder_means_the_defaults(tmp_path, capsys, monkeypatch):
    (tmp_path / "standards").mkdir()
    (tmp_path / "standards" / "STD-001-ok.md").write_text(fm() + WHY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "check")[:2] == (0, ["0 errors, 0 warnings in 1 document"])


def test_no_documents_is_a_usage_error_naming_the_folders(site, capsys, monkeypatch):
    root = site({"docs/index.md": "# Home\n"})
    (root / "standards").mkdir()
    monkeypatch.chdir(root / "docs")
    code, out, err = run(capsys, "check")
    assert (code, out) == (2, [])
    assert err == (
        f"pmo: error: no documents found: no Markdown files in {root}/standards/ or "
        f"{root}/playbooks/\n"
    )


def test_no_documents_comes_before_what_the_pages_link_to(site, capsys, monkeypatch):
    """Pages linking to documents that are not there: "no documents", not a dangling ref each."""
    root = site({"docs/index.md": "# Home\n\nSee [[STD-001]] and [[PB-001]].\n"})
    (root / "standards").mkdir()
    (root / "parameters.yml").write_text("cap: [broken\n", encoding="utf-8")
    monkeypatch.chdir(root)
    code, out, err = run(capsys, "check", "--strict")
    assert (code, out) == (2, [])
    assert err == (
        f"pmo: error: no documents found: no Markdown files in {root}/standards/ or "
        f"{root}/playbooks/\n"
    )


def test_problems_found_instead_of_documents_are_shown(site, capsys, monkeypatch, tmp_path):
    """A folder holding only a link out of the repository: the link is the news, not "none"."""
    root = site({"docs/index.md": "# Home\n"})
    (root / "standards").mkdir()
    (tmp_path / "outside.md").write_text(fm() + WHY, encoding="utf-8")
    (root / "standards" / "STD-001-link.md").symlink_to(tmp_path / "outside.md")
    monkeypatch.chdir(root)
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert out[0].startswith("standards/STD-001-link.md:1:1: error: symbolic link points outside")


def test_files_that_fail_to_load_are_documents_found(site, capsys, monkeypatch):
    monkeypatch.chdir(site({"standards/STD-001-x.md": "no front matter\n"}))
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert out[-1] == "1 error, 0 warnings in 1 document"  # found, though not loaded


# mkdocs.yml as MkDocs reads it


def test_inherit_merges_the_parent_file(site, capsys, monkeypatch):
    base = CONFIG + "      validation:\n        pmo.dangling-ref: ignore\n"
    child = "INHERIT: config/base.yml\nsite_name: Child\n"
    monkeypatch.chdir(site(**{"config/base.yml": base, "mkdocs.yml": child}))
    assert run(capsys, "check")[:2] == (0, ["0 errors, 0 warnings in 3 documents"])


def test_inherit_of_a_missing_file_is_a_configuration_error(site, capsys, monkeypatch):
    monkeypatch.chdir(site(**{"mkdocs.yml": "INHERIT: nope.yml\n" + CONFIG}))
    code, _, err = run(capsys, "check")
    assert code == 2
    assert err.startswith("pmo: error: mkdocs.yml: Inherited config file 'nope.yml' does not exist")


def test_env_tags_are_read(site, capsys, monkeypatch):
    config = CONFIG.replace('"2026-11-27"', "!ENV [PMO_TODAY, '2026-11-27']")
    old = fm(last_reviewed="2024-01-01", review_cycle_months=12) + WHY
    monkeypatch.chdir(site({"standards/STD-001-old.md": old}, **{"mkdocs.yml": config}))
    monkeypatch.setenv("PMO_TODAY", "2024-06-01")
    assert run(capsys, "check")[:2] == (0, ["0 errors, 0 warnings in 1 document"])
    monkeypatch.delenv("PMO_TODAY")
    code, out, _ = run(capsys, "check")
    assert code == 0
    assert "[pmo.review-overdue]" in out[0]


def test_a_relative_tag_is_refused_as_the_build_refuses_it(site, capsys, monkeypatch):
    config = CONFIG + (
        "      kinds:\n        standard:\n          folder: standards\n          prefix: STD\n"
        "          schema: !relative $config_dir/schemas/standard.schema.json\n"
    )
    root = site(**{"mkdocs.yml": config})
    (root / "docs").mkdir(exist_ok=True)
    monkeypatch.chdir(root)
    code, _, err = run(capsys, "check")
    assert code == 2
    assert "plugins.pmo.kinds: Sub-option 'schema': Expected type: <class 'str'>" in err
    with pytest.raises((Abort, ConfigurationError)):
        load_config(str(root / "mkdocs.yml"))


def test_python_tags_are_kept_inert_and_never_imported(site, capsys, monkeypatch):
    config = CONFIG + (
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:no_such_module_pmo.index\n"
        "  - x: !!python/object/apply:os.system ['touch PWNED']\n"
    )
    root = site(**{"mkdocs.yml": config})
    monkeypatch.chdir(root)
    assert run(capsys, "check")[0] == 1
    assert not (root / "PWNED").exists()
    extensions = read_config(root / "mkdocs.yml")["markdown_extensions"]
    index = extensions[0]["pymdownx.emoji"]["emoji_index"]
    assert index == PythonTag("tag:yaml.org,2002:python/name:no_such_module_pmo.index", "")


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("site_name: [broken\n", "pmo: error: mkdocs.yml: not valid YAML: "),
        ("just text\n", "pmo: error: mkdocs.yml: must be a mapping of settings"),
        ("site_name: T\nplugins: 3\n", "pmo: error: mkdocs.yml: plugins must be a list"),
        ("plugins:\n  - pmo: 3\n", "pmo: error: mkdocs.yml: plugins.pmo must be a mapping"),
        ("plugins:\n  /pmo:\n    kinds: 3\n", "pmo: error: mkdocs.yml: plugins.pmo.kinds: "),
    ],
)
def test_a_broken_mkdocs_yml_is_exit_two_from_a_subfolder_too(
    site, capsys, monkeypatch, config, message
):
    monkeypatch.chdir(site(**{"mkdocs.yml": config}) / "standards")
    code, out, err = run(capsys, "check")
    assert (code, out) == (2, [])
    assert err.startswith(message.replace("mkdocs.yml", "../mkdocs.yml")), err
    assert "Traceback" not in err
