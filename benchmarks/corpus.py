"""Generate a synthetic, valid catalogue of N documents for benchmarks.

Roughly one playbook for every four standards; each document links to a few others in
its front matter and body, so the link graph grows linearly with N.

Two shapes of document:

- `realistic` (the default): shaped like the repository's own standards and playbooks, about
  4–5 KB each: an intro, a Why section, a table, a numbered list of eight requirements (each
  with a BCP 14 keyword, some with a `{{ param("...") }}` threshold or a `[[STD-0001.R2]]`
  requirement link), exceptions and a list of related documents, with about a dozen `[[ID]]`
  links. Front matter says whom the requirements bind (`applies_to`, and a per-requirement
  override); `FACETS_YAML` is the matching `facets:` block, `parameters.yml` is written too.
- `minimal`: about 1.9 KB of plain paragraphs with two `[[ID]]` links. It exaggerates any
  fixed per-page cost, because there is so little page to build around it.
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


#: The pmo plugin's `facets:` option for the generated corpus (indented under `- pmo:`).
FACETS_YAML = """\
      facets:
        role:
          label: Role
          values: {sponsor: Sponsor, project-manager: Project manager, pmo: PMO,
                   board: Portfolio board, team: Delivery team, finance: Finance partner}
        tier:
          label: Tier
          values: {"1": Tier 1, "2": Tier 2, "3": Tier 3}
        gate:
          label: Gate
          values: {G0: G0 Accept, G1: G1 Commit, G2: G2 Go live, G3: G3 Close}
"""
ROLES = ("sponsor", "project-manager", "pmo", "board", "team", "finance")
KEYWORDS = ("MUST", "MUST NOT", "SHOULD", "MUST", "SHOULD NOT", "MAY", "MUST", "SHOULD")
PARAMETERS = 20


def _parameters_yml() -> str:
    units = ["%", "working days", "EUR", "weeks", ""]
    entries = []
    for k in range(PARAMETERS):
        unit = units[k % len(units)]
        value = 1_000_000 if unit == "EUR" else 5 + k
        entries.append(
            f"limit_{k}:\n  value: {value}\n"
            + (f"  unit: {unit!r}\n" if unit else "")
            + f"  owner: PMO lead\n  why: Threshold {k}, set from last year's portfolio data.\n"
        )
    return "".join(entries)


def _sentence(rng: random.Random, n: int = 12) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


SHAPES = ("realistic", "minimal")


def generate(root: Path, n: int, seed: int = 7, shape: str = "realistic") -> None:
    """Write `n` valid documents of `shape` into `root/standards` and `root/playbooks`."""
    if shape not in SHAPES:
        raise ValueError(f"shape must be one of {', '.join(SHAPES)}")
    rng = random.Random(seed)
    n_playbooks = max(1, n // 5)
    n_standards = max(1, n - n_playbooks)
    (root / "standards").mkdir(parents=True, exist_ok=True)
    (root / "playbooks").mkdir(parents=True, exist_ok=True)
    (root / "parameters.yml").write_text(_parameters_yml(), encoding="utf-8")
    for i in range(1, n_standards + 1):
        related = sorted(
            {f"STD-{rng.randint(1, n_standards):04d}" for _ in range(2)} - {f"STD-{i:04d}"}
        )
        others = [f"STD-{rng.randint(1, n_standards):04d}" for _ in range(_links(shape))]
        body_links = " ".join(f"[[{o}]]" for o in others if o != f"STD-{i:04d}")
        _write(
            root / "standards" / f"STD-{i:04d}-standard-{i}.md",
            f"STD-{i:04d}",
            f"Standard {i}",
            related,
            None,
            body_links,
            rng,
            shape,
        )
    for i in range(1, n_playbooks + 1):
        standards = sorted({f"STD-{rng.randint(1, n_standards):04d}" for _ in range(3)})
        extra = [f"STD-{rng.randint(1, n_standards):04d}" for _ in range(_links(shape) - 3)]
        body_links = " ".join(f"[[{s}]]" for s in [*standards, *extra])
        _write(
            root / "playbooks" / f"PB-{i:04d}-playbook-{i}.md",
            f"PB-{i:04d}",
            f"Playbook {i}",
            [],
            standards,
            body_links,
            rng,
            shape,
        )


def _links(shape: str) -> int:
    return 2 if shape == "minimal" else 8


def _write(
    path: Path,
    doc_id: str,
    title: str,
    related: list[str],
    standards: list[str] | None,
    links: str,
    rng: random.Random,
    shape: str,
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
    if shape == "realistic":
        # Most documents bind some roles and tiers; a requirement narrows to a gate.
        if rng.random() < 0.8:
            roles = sorted(rng.sample(ROLES, 2), key=ROLES.index)
            lines.append(f"applies_to: {{role: [{', '.join(roles)}], tier: [1, 2]}}")
        lines.append(f"requirements: {{R{rng.randint(1, 8)}: {{gate: [G{rng.randint(0, 3)}]}}}}")
    lines.append("---")
    body = _minimal_body(links, rng) if shape == "minimal" else _realistic_body(links, rng)
    path.write_text("\n".join([*lines, "", *body, ""]), encoding="utf-8")


def _minimal_body(links: str, rng: random.Random) -> list[str]:
    paragraphs = "\n\n".join(_sentence(rng, 40) for _ in range(4))
    return [
        _sentence(rng),
        "",
        "## Why",
        "",
        _sentence(rng, 20) + " " + links,
        "",
        "## Requirements",
        "",
        paragraphs,
    ]


def _realistic_body(links: str, rng: random.Random) -> list[str]:
    """Sections like the repository's own documents, with `links` spread through the text."""
    refs = links.split()
    why, applies, table_refs, req_refs, related = (
        refs[:2],
        refs[2:3],
        refs[3:5],
        refs[5:7],
        refs[7:],
    )
    table = ["| Stage | What happens | Who decides |", "|---|---|---|"]
    for i in range(4):
        cite = f" ({table_refs[i]})" if i < len(table_refs) else ""
        table.append(
            f"| **{rng.choice(WORDS).capitalize()}** | {_sentence(rng, 14)}{cite} "
            f"| {rng.choice(['Sponsor', 'Board', 'PMO lead'])} |"
        )
    requirements = []
    for i in range(1, 9):
        cite = f" ({req_refs[i - 1]})" if i <= len(req_refs) else ""
        if i == 1 and req_refs:  # a link to a requirement of another standard
            cite = f" ({req_refs[0][:-2]}.R{rng.randint(1, 8)}]])"
        keyword = KEYWORDS[(i + rng.randint(0, 7)) % len(KEYWORDS)]
        limit = (
            f' within {{{{ param("limit_{rng.randrange(PARAMETERS)}") }}}}' if i % 4 == 0 else ""
        )
        requirements.append(
            f"{i}. **R{i}** — {_sentence(rng, 18)[:-1]} {keyword} be done{limit}{cite}."
        )
    return [
        _sentence(rng, 30) + " " + _sentence(rng, 20),
        "",
        "## Why",
        "",
        " ".join(_sentence(rng, 22) for _ in range(3)) + " " + " ".join(why),
        "",
        "## Applies to",
        "",
        " ".join([_sentence(rng, 25), *applies]),
        "",
        "## Stages",
        "",
        *table,
        "",
        "## Requirements",
        "",
        *requirements,
        "",
        "## Exceptions",
        "",
        " ".join(_sentence(rng, 24) for _ in range(3)),
        "",
        "## Related documents",
        "",
        *[f"- {r} — {_sentence(rng, 8)}" for r in related],
        *([] if related else [f"- {_sentence(rng, 8)}"]),
    ]


def compile_package() -> None:
    """Byte-compile `mkdocs_pmo`, so no timed run pays for compiling it.

    Where `PYTHONDONTWRITEBYTECODE` is set (as on this machine), Python never writes `.pyc`
    files itself, and every build would compile every changed module again.
    """
    import compileall
    import os

    import mkdocs_pmo

    compileall.compile_dir(os.path.dirname(mkdocs_pmo.__file__), quiet=1)
