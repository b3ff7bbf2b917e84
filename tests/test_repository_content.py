"""Dogfood: the PMO playbook shipped in this repository is complete, coherent and clean."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from mkdocs_pmo.core.pipeline import check
from mkdocs_pmo.site.mkdocs_config import load_settings

if TYPE_CHECKING:
    from mkdocs_pmo.core.model import Corpus

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    # Everything mkdocs.yml configures (kinds, facets, parameters), as `pmo check` uses it.
    settings = replace(load_settings(REPO / "mkdocs.yml"), today=dt.date.today())
    corpus, report = check(settings)
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


STANDARD_SECTIONS = ("## What it means", "## Requirements", "## Exceptions")
PLAYBOOK_SECTIONS = (
    "## Key questions",
    "## When to use it",
    "## Roles",
    "## Inputs and outputs",
    "## Steps",
    "## Checklist",
    "## Pitfalls",
)
IN_FORCE = ("active", "deprecated")


def test_standards_have_the_sections_and_normative_language(corpus: Corpus) -> None:
    for doc in corpus.of_kind("standard"):
        assert doc.why, doc.id
        for heading in STANDARD_SECTIONS:
            assert re.search(rf"^{re.escape(heading)}\b", doc.body, re.MULTILINE), (doc.id, heading)
        assert re.search(r"\b(MUST|SHOULD|MAY)\b", doc.body), doc.id


def test_playbooks_have_steps_checklist_and_pitfalls(corpus: Corpus) -> None:
    for doc in corpus.of_kind("playbook"):
        assert doc.why, doc.id
        for heading in PLAYBOOK_SECTIONS:
            assert re.search(rf"^{re.escape(heading)}\b", doc.body, re.MULTILINE), (doc.id, heading)
        assert re.search(r"^\s*- \[ \] ", doc.body, re.MULTILINE), doc.id
        assert re.search(r"^1\. ", doc.body, re.MULTILINE), doc.id


def test_only_documents_in_force_have_a_review_cycle(corpus: Corpus) -> None:
    """STD-015 R9 and R13: a review cycle on a document no longer in force means nothing."""
    for doc in corpus:
        has_cycle = "review_cycle_months" in doc.meta
        assert has_cycle == (doc.status in IN_FORCE), (doc.id, doc.status)


def test_the_lifecycle_is_shown(corpus: Corpus) -> None:
    """The playbook shows, with real documents, every way a document leaves or is leaving force."""
    statuses = {doc.status for doc in corpus}
    assert {"active", "deprecated", "superseded", "retired"} <= statuses


def test_decision_rights_are_stated_once(corpus: Corpus) -> None:
    """Every other document links to the decision-rights table instead of keeping its own."""
    defining = [d.id for d in corpus if re.search(r"^## Decision rights", d.body, re.MULTILINE)]
    assert defining == ["STD-003"]


def _sentences(text: str) -> list[int]:
    text = re.sub(r"\[\[([^\]|]+)(?:\|[^\]]+)?\]\]", r"\1", text)
    text = re.sub(r"\{\{.*?\}\}", "X", text).replace("\n", " ").strip()
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z\"(*])", text)
    return [len(re.findall(r"[A-Za-z0-9'-]+", part)) for part in parts if part.strip()]


def test_why_sections_are_short_and_plain(corpus: Corpus) -> None:
    """Why sections: at most three paragraphs, at most 18 words a sentence on average."""
    for doc in corpus:
        match = re.search(r"^## Why\n(.*?)(?=^## )", doc.body, re.MULTILINE | re.DOTALL)
        assert match, doc.id
        paragraphs = [p for p in match.group(1).split("\n\n") if p.strip()]
        assert 1 <= len(paragraphs) <= 3, doc.id
        words = _sentences(match.group(1))
        assert sum(words) / len(words) <= 18, (doc.id, sum(words) / len(words))


def test_rag_is_defined_once(corpus: Corpus) -> None:
    """Every other document links to the RAG definitions instead of restating them."""
    defining = [d.id for d in corpus if re.search(r"^## RAG definitions", d.body, re.MULTILINE)]
    assert len(defining) == 1


def test_reader_pages_exist() -> None:
    for page in (
        "index.md",
        "propose-a-change.md",
        "glossary.md",
        "adopt.md",
        "services.md",
        "quick-start-product-teams.md",
        "quick-start-tier-3.md",
    ):
        assert (REPO / "docs" / page).is_file(), page


def test_the_home_page_links_every_what_applies_page() -> None:
    """Each role, tier and gate configured in mkdocs.yml has its page linked from the home page."""
    facets = load_settings(REPO / "mkdocs.yml").facets
    home = (REPO / "docs" / "index.md").read_text(encoding="utf-8")
    wanted = {f"catalogue/applies/{f.name}-{key}.md" for f in facets for key in f.keys}
    assert len(wanted) == 19
    assert wanted <= set(re.findall(r"\]\((catalogue/applies/[^)]+\.md)\)", home))


def test_the_readme_lists_every_issue_code_and_stays_short() -> None:
    from mkdocs_pmo.core.issues import IssueCode

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert [c.value for c in IssueCode if f"`{c.value}`" not in readme] == []
    assert len(readme.encode("utf-8")) < 20_000
