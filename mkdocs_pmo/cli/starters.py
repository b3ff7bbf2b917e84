"""Where `pmo init` finds the `pmo-playbook` starter: this repository's own playbook.

One code path reads it. In a wheel the starter's files are package data under
`mkdocs_pmo/starters/pmo-playbook/` (the build hook, `hatch_build.py`, puts them there with
`walk()` below); in a source checkout they are the repository itself. Either way
`playbook_files()` yields the same `(relative path, bytes)` pairs.

This module imports only the standard library: the build hook loads it by file path, before
the package's dependencies exist.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator
    from importlib.resources.abc import Traversable

    Entry = Path | Traversable

PLAYBOOK = "pmo-playbook"
#: The package folder (inside `mkdocs_pmo/`) that holds the starters in a wheel.
PACKAGE_FOLDER = "starters"
#: What the starter takes from the repository's top level: the site's configuration, its
#: hand-written pages and theme overrides, the thresholds the documents use (`parameters.yml`),
#: the documents and the schemas they name.
PARTS = ("mkdocs.yml", "parameters.yml", "docs", "standards", "playbooks", "schemas")
#: Left out: the page about the tool itself (an adopter's site is not about mkdocs-pmo), the
#: footer partial that links to it, and the README's screenshots of this site.
EXCLUDED = (
    "docs/adopt.md",
    "docs/overrides/partials/copyright.html",
    "docs/assets/screenshots",
)


class StarterMissing(Exception):
    """The installation has no copy of the starter (a broken or partial install)."""


def selected(rel: str) -> bool:
    """Whether `rel` (a `/`-separated path from the top of the starter) belongs to it."""
    if rel.split("/", 1)[0] not in PARTS:
        return False
    if any(rel == skip or rel.startswith(skip + "/") for skip in EXCLUDED):
        return False
    parts = rel.split("/")
    return "__pycache__" not in parts and not parts[-1].endswith((".pyc", "~"))


def walk(root: Entry) -> Iterator[tuple[str, Entry]]:
    """`(relative path, file)` for each file of the starter under `root`, in sorted order."""
    for part in PARTS:
        yield from _walk(root / part, part)


def _walk(entry: Entry, rel: str) -> Iterator[tuple[str, Entry]]:
    if not selected(rel):
        return
    if entry.is_file():
        yield rel, entry
    elif entry.is_dir():
        for child in sorted(entry.iterdir(), key=lambda e: e.name):
            yield from _walk(child, f"{rel}/{child.name}")


def playbook_root() -> Entry:
    """The installed starter (a wheel), else the source checkout this module belongs to."""
    packaged = resources.files("mkdocs_pmo").joinpath(PACKAGE_FOLDER, PLAYBOOK)
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "mkdocs.yml").is_file() and (checkout / "standards").is_dir():
        return checkout
    raise StarterMissing(f"the {PLAYBOOK} starter is missing from this installation")


def playbook_files() -> Iterator[tuple[str, bytes]]:
    """The `pmo-playbook` starter's files as `(relative path, content)`, sorted by path."""
    for rel, entry in walk(playbook_root()):
        yield rel, entry.read_bytes()
