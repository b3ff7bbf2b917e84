"""Generate a synthetic, valid catalogue of N documents for benchmarks.

Roughly one playbook for every four standards; each document links to a few others in
its front matter and body, so the link graph grows linearly with N.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

WORDS = [
    "project",
    "sponsor",
    "milestone",
    "risk",
    "budget",
    "scope",
    "quality",
    "review",
    "gate",
    "benefit",
    "outcome",
    "team",
    "decision",
    "escalation",
    "status",
    "report",
    "stakeholder",
    "change",
    "dependency",
    "schedule",
    "delivery",
]


def _sentence(rng: random.Random, n: int = 12) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def generate(root: Path, n: int, seed: int = 7) -> None:
    """Write `n` valid documents into `root/standards` and `root/playbooks`."""
    rng = random.Random(seed)
    n_playbooks = max(1, n // 5)
    n_standards = max(1, n - n_playbooks)
    (root / "standards").mkdir(parents=True, exist_ok=True)
    (root / "playbooks").mkdir(parents=True, exist_ok=True)
    for i in range(1, n_standards + 1):
        related = sorted(
            {f"STD-{rng.randint(1, n_standards):04d}" for _ in range(2)} - {f"STD-{i:04d}"}
        )
        others = [f"STD-{rng.randint(1, n_standards):04d}" for _ in range(2)]
        body_links = " ".join(f"[[{o}]]" for o in others if o != f"STD-{i:04d}")
        _write(
            root / "standards" / f"STD-{i:04d}-standard-{i}.md",
            f"STD-{i:04d}",
            f"Standard {i}",
            related,
            None,
            body_links,
            rng,
        )
    for i in range(1, n_playbooks + 1):
        standards = sorted({f"STD-{rng.randint(1, n_standards):04d}" for _ in range(3)})
        body_links = " ".join(f"[[{s}]]" for s in standards)
        _write(
            root / "playbooks" / f"PB-{i:04d}-playbook-{i}.md",
            f"PB-{i:04d}",
            f"Playbook {i}",
            [],
            standards,
            body_links,
            rng,
        )


def _write(
    path: Path,
    doc_id: str,
    title: str,
    related: list[str],
    standards: list[str] | None,
    links: str,
    rng: random.Random,
) -> None:
    lines = [
        "---",
        f"id: {doc_id}",
        f"title: {title}",
        "status: active",
        f"owner: {rng.choice(['PMO lead', 'Portfolio board', 'Delivery lead', 'Quality lead'])}",
        f"summary: {_sentence(rng)}",
        'version: "1.0"',
        f"tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}x]",
        "effective: 2026-01-15",
        "last_reviewed: 2026-09-01",
        "review_cycle_months: 12",
    ]
    if related:
        lines.append(f"related: [{', '.join(related)}]")
    if standards:
        lines.append(f"standards: [{', '.join(standards)}]")
    paragraphs = "\n\n".join(_sentence(rng, 40) for _ in range(4))
    lines += [
        "---",
        "",
        _sentence(rng),
        "",
        "## Why",
        "",
        _sentence(rng, 20) + " " + links,
        "",
        "## Requirements",
        "",
        paragraphs,
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
