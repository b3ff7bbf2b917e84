"""Applicability: `applies_to` and per-requirement overrides against the configured facets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs_pmo.core.facets import Facet, resolve
from mkdocs_pmo.core.issues import IssueCode
from mkdocs_pmo.core.pipeline import Settings, check
from tests.core.conftest import TODAY, WHY

if TYPE_CHECKING:
    from pathlib import Path

FACETS = (
    Facet("role", "Role", (("sponsor", "Sponsor"), ("project-manager", "Project manager"))),
    Facet("tier", "Tier", (("1", "Tier 1"), ("2", "Tier 2"), ("3", "Tier 3"))),
    Facet("gate", "Gate", (("G0", "G0 Accept"), ("G1", "G1 Commit"))),
)

HEAD = """\
---
id: STD-001
title: A standard
status: active
owner: PMO lead
summary: One line.
"""


def _check(tmp_path: Path, front_matter: str, facets: tuple[Facet, ...] = FACETS) -> list[str]:
    path = tmp_path / "standards" / "STD-001.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    reqs = "\n## Requirements\n\n- **R1** — X MUST.\n- **R2** — Y MUST.\n"
    path.write_text(HEAD + front_matter + "---\n" + reqs + WHY, encoding="utf-8")
    _, report = check(Settings(root=tmp_path, today=TODAY, facets=facets))
    assert all(i.code is IssueCode.APPLIES_TO for i in report), report.issues
    return [f"{i.location.line}:{i.location.col}: {i.message}" for i in report]


def test_known_facets_and_values_pass(tmp_path: Path) -> None:
    text = "applies_to:\n  role: [sponsor]\n  tier: [1, 2]\nrequirements:\n  R1: {gate: [G1]}\n"
    assert _check(tmp_path, text) == []


def test_unknown_facet_named_at_its_key_with_a_suggestion(tmp_path: Path) -> None:
    assert _check(tmp_path, "applies_to:\n  roles: [sponsor]\n") == [
        "8:3: applies_to: unknown facet 'roles'; known facets: role, tier, gate; "
        "did you mean 'role'?"
    ]


def test_unknown_value_named_at_its_list_item(tmp_path: Path) -> None:
    assert _check(tmp_path, "applies_to:\n  role: [sponsor, project-manger]\n  tier: [4]\n") == [
        "8:19: applies_to.role: unknown role 'project-manger'; one of: sponsor, "
        "project-manager; did you mean 'project-manager'?",
        "9:10: applies_to.tier: unknown tier '4'; one of: 1, 2, 3",
    ]


def test_override_values_checked_too(tmp_path: Path) -> None:
    assert _check(tmp_path, "requirements:\n  R2:\n    gate: [g1]\n") == [
        "9:12: requirements.R2.gate: unknown gate 'g1'; one of: G0, G1; did you mean 'G1'?"
    ]


def test_no_facets_configured(tmp_path: Path) -> None:
    assert _check(tmp_path, "applies_to:\n  role: [sponsor]\n", facets=()) == [
        "8:3: applies_to: unknown facet 'role'; no facets are configured: add `facets:` to "
        "the pmo plugin in mkdocs.yml"
    ]


def test_resolve_fills_missing_facets_and_overrides_per_facet() -> None:
    default = {"role": ["project-manager", "sponsor"], "tier": [2, 1]}
    assert resolve(FACETS, default) == {
        "role": ("sponsor", "project-manager"),
        "tier": ("1", "2"),
        "gate": ("G0", "G1"),
    }
    assert resolve(FACETS, default, {"role": ["sponsor"], "gate": ["G1"]}) == {
        "role": ("sponsor",),
        "tier": ("1", "2"),
        "gate": ("G1",),
    }


def test_a_bad_requirement_key_is_located_at_the_key(tmp_path: Path) -> None:
    path = tmp_path / "standards" / "STD-001.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    front = "requirements:\n  R1: {gate: [G1]}\n  R2: {gate: [G0]}\n  r4: {gate: [G1]}\n"
    path.write_text(HEAD + front + "---\n\n## Requirements\n\n- **R1** — X MUST.\n" + WHY)
    _, report = check(Settings(root=tmp_path, today=TODAY, facets=FACETS))
    schema = [i for i in report if i.code is IssueCode.SCHEMA]
    assert [(i.location.line, i.location.col) for i in schema] == [(10, 3)]  # not 7
    assert "'r4'" in schema[0].message
