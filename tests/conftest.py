"""Shared fixtures: write a tree of files, build a real MkDocs site from it.

Stable API (other test packages use it):

- `write_tree(root, {relative_path: text}) -> root`
- `mkdocs_yml(pmo={options}, extra="yaml") -> str`: the default config, adjusted
- `doc_text(id, title=..., body=..., **front_matter) -> str`: a valid document's Markdown
- `load_site_config(root, **overrides) -> MkDocsConfig` (writes a default `mkdocs.yml` if none)
- `build_site(root, *, strict=False, **overrides) -> Path` (the site dir; raises MkDocs' `Abort`
  or `PluginError` like `mkdocs build` would)
- `read_html(site, uri) -> str`

Each is a plain function and also a fixture of the same name returning it.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

TODAY = "2026-01-15"

DEFAULT_MKDOCS_YML = f"""\
site_name: Test PMO
site_url: https://pmo.example.org/
repo_url: https://github.com/example-org/pmo-playbook
edit_uri: edit/main/
docs_dir: docs
theme:
  name: material
  features:
    - content.action.edit
markdown_extensions:
  - toc:
      permalink: true
  - admonition
  - attr_list
  - md_in_html
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
plugins:
  - search
  - pmo:
      today: "{TODAY}"
"""


def mkdocs_yml(
    pmo: dict[str, Any] | None = None, *, extra: str = "", plugins: tuple[str, ...] = ()
) -> str:
    """The default test `mkdocs.yml` with extra `pmo` options, plugins before `pmo`, YAML lines."""
    text = DEFAULT_MKDOCS_YML
    if plugins:
        listed = "".join(f"  - {name}\n" for name in plugins)
        text = text.replace("  - search\n", f"  - search\n{listed}")
    if pmo:
        options = textwrap.indent(yaml.safe_dump(pmo, sort_keys=False), " " * 6)
        text += options
    return text + textwrap.dedent(extra)


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write `files` (relative path → text, dedented) under `root`; return `root`."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def doc_text(
    doc_id: str,
    title: str = "A document",
    *,
    body: str = "Intro.\n\n## Why\n\nBecause it matters.\n",
    **front_matter: Any,
) -> str:
    """A valid document: required fields filled in, `front_matter` overriding or adding keys."""
    meta: dict[str, Any] = {
        "id": doc_id,
        "title": title,
        "status": "active",
        "owner": "PMO lead",
        "summary": f"Summary of {doc_id}.",
        "version": "1.0",
        "effective": "2025-01-01",
    }
    meta.update(front_matter)
    meta = {k: v for k, v in meta.items() if v is not None}
    head = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
    return f"---\n{head}---\n\n{body}"


def _ensure_site(root: Path) -> None:
    if not (root / "mkdocs.yml").exists():
        (root / "mkdocs.yml").write_text(DEFAULT_MKDOCS_YML, encoding="utf-8")
    (root / "docs").mkdir(exist_ok=True)
    if not (root / "docs" / "index.md").exists():
        (root / "docs" / "index.md").write_text("# Home\n\nWelcome.\n", encoding="utf-8")


def load_site_config(root: Path, **overrides: Any) -> MkDocsConfig:
    """Load `root/mkdocs.yml` (a default one is written if missing) with overrides."""
    from mkdocs.config import load_config

    _ensure_site(root)
    overrides.setdefault("site_dir", str(root / "site"))
    return load_config(str(root / "mkdocs.yml"), **overrides)


def build_site(root: Path, *, strict: bool = False, **overrides: Any) -> Path:
    """Build the site in `root` with real MkDocs, as `mkdocs build` does; return the site dir."""
    from mkdocs.commands.build import build

    config = load_site_config(root, strict=strict, **overrides)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return Path(config.site_dir)


def read_html(site: Path, uri: str) -> str:
    """The HTML of a built page, e.g. `standards/STD-001-x/` or `index.html`."""
    path = site / uri
    if uri.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path.read_text(encoding="utf-8")


@pytest.fixture(name="write_tree")
def _write_tree_fixture() -> Any:
    return write_tree


@pytest.fixture(name="build_site")
def _build_site_fixture() -> Any:
    return build_site


@pytest.fixture(name="mkdocs_yml")
def _mkdocs_yml_fixture() -> Any:
    return mkdocs_yml


@pytest.fixture(name="doc_text")
def _doc_text_fixture() -> Any:
    return doc_text


@pytest.fixture(name="load_site_config")
def _load_site_config_fixture() -> Any:
    return load_site_config


@pytest.fixture(name="read_html")
def _read_html_fixture() -> Any:
    return read_html
