"""The results cache: a run from the cache says exactly what a run without it says.

Real files in a temporary project, the real check run twice or more; what changes between
runs (a document, the parameters, the facets) must show in the second run's report.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs_pmo.core.cache import CACHE_DIR
from mkdocs_pmo.core.facets import Facet
from mkdocs_pmo.core.pipeline import Settings, check
from mkdocs_pmo.core.templates import TemplateSettings
from tests.conftest import build_site, doc_text, mkdocs_yml, write_tree

if TYPE_CHECKING:
    import pytest

REPO = Path(__file__).resolve().parents[2]


def _cache_files(root: Path) -> dict[str, int]:
    """The cache's files, with their modification times."""
    return {p.name: p.stat().st_mtime_ns for p in (root / CACHE_DIR).glob("*/*.pickle")}


REQUIREMENTS = """\
Intro linking [[STD-002]], [[STD-002.R1]] and [[STD-404]].

## Why

Because it matters.

## Requirements

- **R1** — The sponsor MUST approve a spend over {{ param("board_threshold") }}.
- **R2** — No spend MAY be incurred before the gate.
- **R3** — The team reviews risks weekly.
"""

PARAMETERS = """\
board_threshold:
  value: 50000
  unit: EUR
  owner: Finance
  why: Above this, the board decides.
"""


def _project(root: Path) -> Path:
    write_tree(
        root,
        {
            "mkdocs.yml": mkdocs_yml(),
            "parameters.yml": PARAMETERS,
            "standards/STD-001-a.md": doc_text("STD-001", body=REQUIREMENTS),
            "standards/STD-002-b.md": doc_text(
                "STD-002", body="See [[STD-001#why]].\n\n## Why\n\nIt helps.\n\n## Requirements\n\n"
                "- **R1** — Each project MUST keep a risk log.\n",
            ),
            "standards/STD-003-broken.md": "---\nid: STD-003\ntitle: [unclosed\n---\n\nBody.\n",
            "playbooks/PB-001-c.md": doc_text("PB-001", status="retired", standards=["STD-009"]),
        },
    )  # fmt: skip
    return root


def _cached_uris(root: Path) -> set[str]:
    """The files the cache holds results of (read with the plain unpickler: the test wrote it)."""
    uris: set[str] = set()
    for path in (root / CACHE_DIR).glob("*/*.pickle"):
        with path.open("rb") as handle:
            unpickler = pickle.Unpickler(handle)
            unpickler.load()
            uris.update(unpickler.load())
    return uris


def _settings(root: Path, *, cache: bool = True, **changes: object) -> Settings:
    settings = Settings(root=root, cache_dir=root / CACHE_DIR if cache else None)
    return dataclasses.replace(settings, **changes)  # type: ignore[arg-type]


def _said(settings: Settings) -> tuple[list[str], list[tuple[object, ...]]]:
    """What a run reports, and what it knows of each document."""
    corpus, report = check(settings)
    issues = [issue.format() for issue in report.issues]
    documents: list[tuple[object, ...]] = [
        (
            doc.id, doc.uri, doc.title, doc.status, dict(doc.meta), doc.body, doc.body_line,
            doc.body_links, doc.why, doc.why_line, doc.headings, doc.near_misses, doc.param_calls,
            doc.front_matter,
            [(r.id, r.line, r.col, r.keyword, r.applies_to, r.parameters, r.text, r.end_line)
             for r in doc.requirements],
        )
        for doc in corpus
    ]  # fmt: skip
    return issues, documents


def test_a_run_from_the_cache_says_what_a_run_without_it_says(tmp_path: Path) -> None:
    root = _project(tmp_path)
    uncached = _said(_settings(root, cache=False))
    assert not (root / CACHE_DIR).exists()
    cold = _said(_settings(root))
    assert _cached_uris(root) == {
        "standards/STD-001-a.md", "standards/STD-002-b.md", "standards/STD-003-broken.md",
        "playbooks/PB-001-c.md",
    }  # fmt: skip
    warm = _said(_settings(root))
    assert cold == uncached
    assert warm == uncached
    issues = "\n".join(warm[0])
    # The file's own problems (kept in the cache) and those across files (found again).
    for code in ("pmo.yaml", "pmo.req-may-prohibition", "pmo.req-no-keyword", "pmo.dangling"):
        assert code in issues


def test_the_repository_content_checks_the_same_from_the_cache(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    for name in ("standards", "playbooks"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "parameters.yml", root / "parameters.yml")
    uncached = _said(_settings(root, cache=False))
    _said(_settings(root))
    assert _said(_settings(root)) == uncached
    assert len(uncached[1]) > 50


def test_an_unchanged_run_does_not_write_the_cache_again(tmp_path: Path) -> None:
    root = _project(tmp_path)
    check(_settings(root))
    written = _cache_files(root)
    check(_settings(root))
    assert _cache_files(root) == written
    path = root / "standards/STD-002-b.md"
    path.write_text(path.read_text() + "\nMore.\n", encoding="utf-8")
    check(_settings(root))
    changed = {name for name, mtime in _cache_files(root).items() if written[name] != mtime}
    assert len(changed) == 1  # only the edited file's bucket
    path.unlink()
    check(_settings(root))
    assert "standards/STD-002-b.md" not in _cached_uris(root)


def test_a_new_configuration_replaces_the_old_cache(tmp_path: Path) -> None:
    root = _project(tmp_path)
    check(_settings(root))
    (old,) = {p.parent for p in (root / CACHE_DIR).glob("*/*.pickle")}
    (root / "parameters.yml").write_text(PARAMETERS.replace("50000", "60000"))
    check(_settings(root))
    (new,) = {p.parent for p in (root / CACHE_DIR).glob("*/*.pickle")}
    assert new != old
    assert not old.exists()


def test_an_edited_document_is_checked_again(tmp_path: Path) -> None:
    root = _project(tmp_path)
    check(_settings(root))
    path = root / "standards/STD-002-b.md"
    path.write_text(path.read_text().replace("MUST keep", "keeps"), encoding="utf-8")
    issues, _ = _said(_settings(root))
    assert any("STD-002-b.md" in i and "pmo.req-no-keyword" in i for i in issues)
    assert _said(_settings(root)) == _said(_settings(root, cache=False))


def test_a_changed_parameters_file_or_facets_checks_every_document_again(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert not any("pmo.unknown-parameter" in i for i in _said(_settings(root))[0])
    (root / "parameters.yml").write_text(PARAMETERS.replace("board_threshold", "other"))
    issues, _ = _said(_settings(root))
    assert any("STD-001-a.md" in i and "board_threshold" in i for i in issues)

    path = root / "standards/STD-002-b.md"
    path.write_text(doc_text("STD-002", applies_to={"role": ["sponsor"]}), encoding="utf-8")
    no_facets = _said(_settings(root))
    facets = (Facet("role", "Role", (("sponsor", "Sponsor"),)),)
    with_facets = _said(_settings(root, facets=facets))
    assert with_facets == _said(_settings(root, cache=False, facets=facets))
    assert with_facets[0] != no_facets[0]


def test_a_changed_schema_or_a_file_it_refers_to_checks_every_document_again(
    tmp_path: Path,
) -> None:
    root = _project(tmp_path)
    write_tree(
        root,
        {
            "schemas/common.json": '{"$defs": {"owner": {"enum": ["PMO lead"]}}}',
            "schemas/standard.json": (
                '{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",'
                ' "properties": {"owner": {"$ref": "common.json#/$defs/owner"}}}'
            ),
        },
    )
    kinds = tuple(
        dataclasses.replace(kind, schema="schemas/standard.json") for kind in Settings(root).kinds
    )
    clean = _said(_settings(root, kinds=kinds))
    assert not any("owner" in i and "pmo.schema" in i for i in clean[0])
    (root / "schemas/common.json").write_text('{"$defs": {"owner": {"enum": ["Someone"]}}}')
    changed = _said(_settings(root, kinds=kinds))
    assert changed == _said(_settings(root, cache=False, kinds=kinds))
    assert any("STD-001-a.md" in i and "pmo.schema" in i for i in changed[0])


def test_a_hostile_or_broken_cache_file_is_ignored_and_runs_nothing(tmp_path: Path) -> None:
    root = _project(tmp_path)
    expected = _said(_settings(root, cache=False))
    check(_settings(root))
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    files = sorted((root / CACHE_DIR).glob("*/*.pickle"))
    with files[0].open("rb") as handle:
        header = pickle.Unpickler(handle).load()
    for content in (
        pickle.dumps(header) + pickle.dumps({"standards/STD-001-a.md": Payload()}),
        pickle.dumps(header) + pickle.dumps(Payload()),
        # Well-formed pickles of the wrong shape: entries that are not (digest, result).
        pickle.dumps(header) + pickle.dumps({"standards/STD-001-a.md": 5}),
        pickle.dumps(header) + pickle.dumps({"standards/STD-001-a.md": ("x", None)}),
        pickle.dumps(header) + pickle.dumps({"standards/STD-001-a.md": (b"", "no result")}),
        pickle.dumps(Payload()),
        b"not a pickle at all",
        b"",
    ):
        for path in files:
            path.write_bytes(content)
        assert _said(_settings(root)) == expected
        assert not marker.exists()
    assert _said(_settings(root)) == expected  # and it was written again, readable


def test_a_cache_made_with_another_users_key_is_never_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache committed by a pull request cannot vouch for a document that does not pass."""
    root = _project(tmp_path / "site")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "author"))
    assert any("STD-003-broken.md" in i for i in _said(_settings(root))[0])
    # Forge: the broken file's entry, made by its author, now says it has no problem.
    for path in (root / CACHE_DIR).glob("*/*.pickle"):
        with path.open("rb") as handle:
            unpickler = pickle.Unpickler(handle)
            header, entries = unpickler.load(), unpickler.load()
        if "standards/STD-003-broken.md" in entries:
            digest, result = entries["standards/STD-003-broken.md"]
            entries["standards/STD-003-broken.md"] = (
                digest,
                dataclasses.replace(result, issues=()),
            )
            path.write_bytes(pickle.dumps(header) + pickle.dumps(entries))
    # With the author's key the forged entry is read (what makes the key necessary)...
    assert not any("STD-003-broken.md" in i for i in _said(_settings(root))[0])
    # ...with anyone else's (a CI runner's), it is not.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "ci"))
    assert any("STD-003-broken.md" in i for i in _said(_settings(root))[0])
    assert len((tmp_path / "ci" / "mkdocs-pmo" / "cache-key").read_bytes()) == 32


def test_without_a_place_for_the_users_key_nothing_is_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path / "site")
    (tmp_path / "no-home").write_text("a file where the folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "no-home"))
    assert _said(_settings(root)) == _said(_settings(root, cache=False))
    assert not (root / CACHE_DIR).exists()


def test_an_unwritable_cache_folder_is_no_error(tmp_path: Path) -> None:
    root = _project(tmp_path)
    expected = _said(_settings(root, cache=False))
    (root / ".cache").write_text("a file where the folder would be")
    assert _said(_settings(root)) == expected
    assert _said(_settings(root)) == expected


def _pmo(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from mkdocs_pmo.cli.main import console; sys.exit(console())"
    return subprocess.run(
        [sys.executable, "-c", code, *args], cwd=root, capture_output=True, text=True, check=False
    )


def test_pmo_check_and_the_build_share_one_cache(tmp_path: Path) -> None:
    root = _project(tmp_path)
    for name in ("STD-003-broken.md",):
        (root / "standards" / name).unlink()
    (root / "playbooks/PB-001-c.md").write_text(doc_text("PB-001", standards=["STD-001"]))
    (root / "standards/STD-001-a.md").write_text(doc_text("STD-001"))
    first = _pmo(root, "check", "--no-cache")
    assert first.returncode == 0, first.stdout + first.stderr
    assert not (root / CACHE_DIR).exists()
    assert _pmo(root, "check").returncode == 0
    written = _cache_files(root)
    assert written
    # The build's configuration is the check's: the same fingerprint, every entry reused.
    build_site(root, strict=True)
    assert _cache_files(root) == written
    assert (root / CACHE_DIR / ".gitignore").read_text().splitlines()[-1] == "*"
    off = write_tree(tmp_path / "off", {"mkdocs.yml": mkdocs_yml({"cache": False})})
    shutil.copytree(root / "standards", off / "standards")
    assert _pmo(off, "check").returncode == 0
    build_site(off, strict=True)
    assert not (off / CACHE_DIR).exists()


def test_changed_template_settings_check_every_template_again(tmp_path: Path) -> None:
    """The template check is cached with the file: its settings (the names macros define) are
    part of the fingerprint, so a name a macro module starts to define clears its error."""
    root = _project(tmp_path)
    path = root / "standards/STD-002-b.md"
    path.write_text(doc_text("STD-002", body="Intro {{ site_owner }}.\n\n## Why\n\nIt helps.\n"))
    strict = TemplateSettings(frozenset({"param"}), undefined_is_error=True)
    cold = _said(_settings(root, macros=True, templates=strict))
    assert any("STD-002-b.md" in i and "site_owner" in i for i in cold[0])
    assert _said(_settings(root, macros=True, templates=strict)) == cold
    known = dataclasses.replace(strict, names=frozenset({"param", "site_owner"}))
    defined = _said(_settings(root, macros=True, templates=known))
    assert not any("site_owner" in i for i in defined[0])
    assert defined == _said(_settings(root, cache=False, macros=True, templates=known))


def test_macro_calls_with_computed_arguments_read_back_the_same(tmp_path: Path) -> None:
    """A kept call's computed argument (`kind=page.title`) is still "computed" from the cache."""
    body = 'Intro.\n\n{{ documents_table(kind=page.title, status="bad") }}\n\n## Why\n\nB.\n'
    write_tree(tmp_path, {"standards/STD-001-a.md": doc_text("STD-001", body=body)})
    templates = TemplateSettings(names=frozenset({"page", "documents_table"}))
    said = [_said(_settings(tmp_path, cache=cache, templates=templates)) for cache in (0, 1, 1)]
    assert said[0] == said[1] == said[2]
    assert "template error: unknown status 'bad'" in "\n".join(said[2][0])
