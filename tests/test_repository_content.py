"""Dogfood: the PMO playbook shipped in this repository is complete, coherent and clean."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from mkdocs_pmo.core.pipeline import Settings, check
from mkdocs_pmo.site.mkdocs_config import load_settings

if TYPE_CHECKING:
    from mkdocs_pmo.core.model import Corpus

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    settings = load_settings(REPO / "mkdocs.yml")
    corpus, report = check(Settings(root=REPO, kinds=settings.kinds, today=dt.date.today()))
    assert [i.format() for i in report.issues] == []
    return corpus


def test_counts(corpus: Corpus) -> None:
    assert len(corpus.of_kind("standard")) >= 12
    assert len(corpus.of_kind("playbook")) >= 10


def test_every_playbook_implements_a_standard(corpus: Corpus) -> None:
    for playbook in corpus.of_kind("playbook"):
        targets = [corpus.get(t) for t in playbook.targets("standards")]
        assert targets, playbook.id
        assert all(t is not None and t.kind == "standard" for t in targets), playbook.id


def test_every_active_standard_is_implemented(corpus: Corpus) -> None:
    for standard in corpus.of_kind("standard"):
        if standard.status == "active":
            assert corpus.incoming(standard.id).get("Implemented by"), standard.id


def test_supersession_is_exercised_honestly(corpus: Corpus) -> None:
    superseded = [d for d in corpus if d.status == "superseded"]
    assert superseded
    for old in superseded:
        successors = corpus.successors(old)
        assert successors, old.id
        assert all(old.id in s.targets("supersedes") and s.status == "active" for s in successors)


def test_standards_have_the_sections_and_normative_language(corpus: Corpus) -> None:
    for doc in corpus.of_kind("standard"):
        assert doc.why, doc.id
        for heading in ("## Applies to", "## Requirements", "## Exceptions"):
            assert re.search(rf"^{re.escape(heading)}\b", doc.body, re.MULTILINE), (doc.id, heading)
        assert re.search(r"\b(MUST|SHOULD|MAY)\b", doc.body), doc.id


def test_playbooks_have_steps_checklist_and_pitfalls(corpus: Corpus) -> None:
    for doc in corpus.of_kind("playbook"):
        assert doc.why, doc.id
        for heading in ("## When to use it", "## Roles", "## Steps", "## Checklist", "## Pitfalls"):
            assert re.search(rf"^{re.escape(heading)}\b", doc.body, re.MULTILINE), (doc.id, heading)
        assert re.search(r"^\s*- \[ \] ", doc.body, re.MULTILINE), doc.id
        assert re.search(r"^1\. ", doc.body, re.MULTILINE), doc.id


def test_rag_is_defined_once(corpus: Corpus) -> None:
    """Every other document links to the RAG definitions instead of restating them."""
    defining = [d.id for d in corpus if re.search(r"^## RAG definitions", d.body, re.MULTILINE)]
    assert len(defining) == 1


def test_reader_pages_exist() -> None:
    for page in ("index.md", "propose-a-change.md", "glossary.md", "adopt.md"):
        assert (REPO / "docs" / page).is_file(), page
