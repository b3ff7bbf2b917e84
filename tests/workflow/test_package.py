"""The distributions: what the wheel and the sdist hold, and the version written once."""

from __future__ import annotations

import tarfile
import zipfile
from email.parser import Parser
from typing import TYPE_CHECKING

import pytest
from distribution import REPO

from mkdocs_pmo import REPOSITORY, __version__
from mkdocs_pmo.cli import starters

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@pytest.fixture(scope="module")
def wheel(distributions: tuple[Path, Path | None]) -> Iterator[zipfile.ZipFile]:
    with zipfile.ZipFile(distributions[0]) as archive:
        archive.testzip()
        yield archive


def source_files(folder: Path) -> set[str]:
    return {
        p.relative_to(REPO).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }


def test_wheel_holds_the_whole_package(wheel: zipfile.ZipFile) -> None:
    """Code, templates, scaffolds, assets and py.typed: every file of mkdocs_pmo/."""
    names = set(wheel.namelist())
    package = {
        n
        for n in names
        if n.startswith("mkdocs_pmo/")
        and not n.startswith(("mkdocs_pmo/schemas/", "mkdocs_pmo/starters/"))
    }
    assert package == source_files(REPO / "mkdocs_pmo")
    for needed in (
        "mkdocs_pmo/py.typed",
        "mkdocs_pmo/site/assets/pmo.css",
        "mkdocs_pmo/cli/scaffolds/standard.md",
        "mkdocs_pmo/cli/scaffolds/site/common/dot-github/workflows/pr.yml",
        "mkdocs_pmo/cli/scaffolds/site/example/mkdocs.yml",
    ):
        assert needed in names, needed


def test_wheel_holds_the_schemas(wheel: zipfile.ZipFile) -> None:
    for schema in sorted((REPO / "schemas").glob("*.json")):
        assert wheel.read(f"mkdocs_pmo/schemas/{schema.name}") == schema.read_bytes()


def test_wheel_holds_the_starter_as_pmo_init_reads_it(wheel: zipfile.ZipFile) -> None:
    prefix = f"mkdocs_pmo/{starters.PACKAGE_FOLDER}/{starters.PLAYBOOK}/"
    shipped = {n.removeprefix(prefix) for n in wheel.namelist() if n.startswith(prefix)}
    selected = dict(starters.walk(REPO))
    assert shipped == set(selected)
    for rel, entry in selected.items():
        assert wheel.read(prefix + rel) == entry.read_bytes(), rel
    assert "docs/adopt.md" not in shipped
    assert not any(rel.startswith("docs/assets/screenshots/") for rel in shipped)


def test_wheel_metadata_carries_the_one_version(wheel: zipfile.ZipFile) -> None:
    (meta_name,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    meta = Parser().parsestr(wheel.read(meta_name).decode("utf-8"))
    assert meta["Name"] == "mkdocs-pmo"
    assert meta["Version"] == __version__
    assert f"Repository, {REPOSITORY}" in meta.get_all("Project-URL")
    entry_points = wheel.read(meta_name.replace("METADATA", "entry_points.txt")).decode()
    assert "pmo = mkdocs_pmo.cli.main:console" in entry_points
    assert "pmo = mkdocs_pmo.site.plugin:PmoPlugin" in entry_points


def test_sdist_builds_the_same_wheel(distributions: tuple[Path, Path | None]) -> None:
    """`python -m build` made the wheel from the sdist: the sdist holds the starter's sources."""
    wheel_path, sdist = distributions
    if sdist is None:
        pytest.fail("PMO_WHEEL is set: this test needs the sdist built here")
    assert wheel_path.name == f"mkdocs_pmo-{__version__}-py3-none-any.whl"
    with tarfile.open(sdist) as archive:
        names = {n.split("/", 1)[1] for n in archive.getnames() if "/" in n}
    for needed in ("pyproject.toml", "hatch_build.py", "mkdocs.yml", "README.md"):
        assert needed in names, needed
    assert {n for n in names if n.startswith("standards/")} == source_files(REPO / "standards")
    assert not any(n.startswith("docs/assets/screenshots/") for n in names)


def test_wheel_is_small(distributions: tuple[Path, Path | None]) -> None:
    assert distributions[0].stat().st_size < 3_000_000
