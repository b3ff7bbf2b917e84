"""Requirements in a document's `## Requirements` section: numbers, text, keywords, findings."""

from __future__ import annotations

import textwrap
from types import SimpleNamespace
from typing import TYPE_CHECKING

import pytest

from mkdocs_pmo.core.facets import Facet
from mkdocs_pmo.core.issues import IssueCode
from mkdocs_pmo.core.parameters import Parameter
from mkdocs_pmo.core.pipeline import Settings, check
from mkdocs_pmo.core.plaintext import first_sentence, plain_text, shorten
from mkdocs_pmo.core.requirements import parse_requirements
from tests.core.conftest import MACROS, TODAY, WHY, fm

if TYPE_CHECKING:
    from pathlib import Path


def parse(body: str, **kwargs: object) -> tuple[list[tuple[int, int, int, str, str]], list[str]]:
    """(number, line, col, keyword, text) of each requirement; `line:col: code message` issues."""
    found = parse_requirements("STD-001", "s.md", textwrap.dedent(body), 1, **kwargs)  # type: ignore[arg-type]
    reqs = [(r.number, r.line, r.col, r.keyword, r.text) for r in found.requirements]
    issues = [
        f"{i.location.line}:{i.location.col}: {i.code.value} {i.message}" for i in found.issues
    ]
    return reqs, issues


def test_list_items_and_paragraphs_with_separators() -> None:
    reqs, issues = parse(
        """\
        Intro **R9** MUST not count: not in the section.

        ## Requirements

        - **R1** — The sponsor MUST approve the charter.
        - **R2** - Teams SHOULD hold a retrospective.
        * **R3**: The PM MAY skip G0.
        - A plain item MUST not count.

        **R4**. A paragraph requirement MUST NOT be ignored.

        1. **R5** Numbered items MUST count too.

        ## Why

        - **R6** MUST not count either.
        """
    )
    assert issues == []
    assert reqs == [
        (1, 5, 3, "MUST", "The sponsor MUST approve the charter."),
        (2, 6, 3, "SHOULD", "Teams SHOULD hold a retrospective."),
        (3, 7, 3, "MAY", "The PM MAY skip G0."),
        (4, 10, 1, "MUST NOT", "A paragraph requirement MUST NOT be ignored."),
        (5, 12, 4, "MUST", "Numbered items MUST count too."),
    ]


def test_nested_items_lazy_lines_and_further_paragraphs_belong_to_the_item() -> None:
    reqs, _ = parse(
        """\
        ## Requirements

        - **R1** — The pack MUST include:
            - the plan,
            - **R7** the budget (not a requirement of its own).
        - **R2** — Continued
        lazily, it MUST still count.

            A further paragraph of R2.

        - **R3** — Last MUST.

        Not indented: a paragraph of the section, not of R3.
        """
    )
    assert [(n, text) for n, _, _, _, text in reqs] == [
        (1, "The pack MUST include: the plan; R7 the budget (not a requirement of its own)."),
        (2, "Continued lazily, it MUST still count. A further paragraph of R2."),
        (3, "Last MUST."),
    ]


def test_what_is_not_a_requirement() -> None:
    reqs, _ = parse(
        """\
        ## Requirements {#reqs}

        Intro paragraph.
        - **R1** is inside the paragraph above (no blank line), so not a list item.

        **R2** MUST count; **R3** in the same paragraph does not.
        **R4** on the paragraph's second line does not either.

            **R5** indented code MUST not count.

        `**R6**` MUST not count (code).

        ```
        **R8** fenced MUST not count
        ```

        **R9** MUST count.

        ### A sub-heading stays in the section

        - **R10** — MUST count.

        # An h1 ends it

        - **R11** MUST not count.
        """
    )
    assert [r[0] for r in reqs] == [2, 9, 10]


def test_section_title_any_case_with_attributes() -> None:
    reqs, _ = parse("## REQUIREMENTS { .x }\n\n- **R1** MUST.\n")
    assert [r[0] for r in reqs] == [1]


MAY_NOT = ["pmo.req-may-prohibition"]


@pytest.mark.parametrize(
    ("text", "keyword", "codes"),
    [
        ("Teams MUST report.", "MUST", []),
        ("Teams MUST NOT hide.", "MUST NOT", []),
        ("Teams MUST\n  NOT hide.", "MUST NOT", []),
        ("Teams SHOULD NOT wait.", "SHOULD NOT", []),
        ("Teams must report.", "", ["pmo.req-no-keyword"]),
        ("Teams SHALL report.", "", ["pmo.req-no-keyword"]),
        ("Teams MUST report and MUST sign.", "MUST", []),
        ("Teams MUST report and SHOULD sign.", "MUST", ["pmo.req-mixed-keywords"]),
        ("Teams MUST report; they MUST NOT hide.", "MUST", ["pmo.req-mixed-keywords"]),
        ("Nobody MAY approve alone.", "MAY", ["pmo.req-may-prohibition"]),
        ("The PM MAY not skip G0.", "MAY", ["pmo.req-may-prohibition"]),
        ("The PM MAY never skip G0.", "MAY", ["pmo.req-may-prohibition"]),
        ("No one MAY approve alone.", "MAY", ["pmo.req-may-prohibition"]),
        # A negation that is the clause's subject forbids...
        ("No delivery spend before G1 MAY be incurred.", "MAY", ["pmo.req-may-prohibition"]),
        ("Ratings use the 1-5 scale; no other scale MAY be used.", "MAY", MAY_NOT),
        ("Ratings use the 1-5 scale, and no other scale MAY be used.", "MAY", MAY_NOT),
        ("Changes go through review and nobody MAY commit directly.", "MAY", MAY_NOT),
        ("Changes go through review; nobody MAY commit directly.", "MAY", MAY_NOT),
        ("Neither the sponsor nor the PM MAY approve alone.", "MAY", MAY_NOT),
        ("Nothing MAY be deleted.", "MAY", MAY_NOT),
        ("*Nobody* MAY approve alone.", "MAY", MAY_NOT),
        # ... a "no" that only qualifies the subject does not.
        ("A project with no supplier MAY skip PB-023.", "MAY", []),
        ("A team that has no sponsor MAY ask the board for one.", "MAY", []),
        ("Teams that have no budget MAY ask.", "MAY", []),
        ("A team without a sponsor MAY ask the board.", "MAY", []),
        ("If no decision is made within 5 days, the PM MAY escalate.", "MAY", []),
        ("Teams with nobody on call MAY defer.", "MAY", []),
        ("If no risk is open, the team MAY close.", "MAY", []),
        ("The PM MAY skip G0; nobody else decides.", "MAY", []),
        ("The PM MAY skip G0 `MAY not`.", "MAY", []),
        ("MUSTARD is not a keyword.", "", ["pmo.req-no-keyword"]),
        # A keyword only starts a word: the MAY of XMAY and the NOT of SNOT are none.
        ("The XMAY flag MUST be set.", "MUST", []),
        ("Teams MUST SNOT RECOMMENDED hide.", "MUST", []),
        ("Teams MUST report, NOT RECOMMENDED.", "MUST", []),
        ("No budget, so the team MAY close.", "MAY", []),
        # A conjunction inside a sentence opens a clause with a subject of its own.
        ("Nothing found at G0 is binding and the sponsor MAY revisit it.", "MAY", []),
        ("Never having shipped is fine and a team MAY ask for a mentor.", "MAY", []),
        ("No team or sponsor MAY approve alone.", "MAY", MAY_NOT),
        ("No team and no sponsor MAY approve alone.", "MAY", MAY_NOT),
        # A time limit is no negative subject; a negative adverbial before MAY is a negation.
        ("No later than G1 the sponsor MAY reopen the plan.", "MAY", []),
        ("Under no circumstances MAY a team skip G1.", "MAY", MAY_NOT),
        ("At no point MAY the team skip G1.", "MAY", MAY_NOT),
        # An ordinary "not" after a keyword is no MUST NOT (RFC 8174: capitals only).
        ("The PMO partner MUST not decide any gate.", "MUST", ["pmo.req-no-keyword"]),
        ("A sponsor SHOULD Not attend.", "SHOULD", ["pmo.req-no-keyword"]),
        ("Teams MUST NOT hide and MUST notify.", "MUST NOT", ["pmo.req-mixed-keywords"]),
    ],
)
def test_keywords(text: str, keyword: str, codes: list[str]) -> None:
    found = parse_requirements("STD-001", "s.md", f"## Requirements\n\n- **R1** — {text}\n", 1)
    assert [r.keyword for r in found.requirements] == [keyword]
    assert [i.code.value for i in found.issues] == codes


def test_finding_messages_and_locations() -> None:
    _, issues = parse(
        """\
        ## Requirements

        - **R1** — Reports SHALL be filed.
        - **R2** — The PM MUST report and
          nobody MAY skip it.
        - **R1** — Again MUST.
        - **R03** — Leading zero MUST.
        """
    )
    assert issues == [
        "3:3: pmo.req-no-keyword R1: SHALL is not one of this site's keywords; write MUST "
        "(BCP 14: MUST, MUST NOT, SHOULD, SHOULD NOT, MAY)",
        "5:10: pmo.req-may-prohibition R2: MAY used to forbid: write MUST NOT (MAY grants a "
        "permission; a negated MAY reads as either 'need not' or 'must not')",
        "4:3: pmo.req-mixed-keywords R2: mixes MUST and MAY; split it into one requirement per "
        "keyword so each can be checked on its own",
        "6:3: pmo.req-duplicate R1 is already used on line 3; numbers are never reused: take R3, "
        "the next free number",
        "7:3: pmo.req-duplicate R03: requirement numbers are positive and have no leading zeros "
        "(R3)",
    ]


def test_plain_text_and_parameters() -> None:
    parameters = {
        "capacity_line": Parameter("capacity_line", 85, "%", "Capacity line", "PMO", "Why.")
    }
    source = (
        'Keep **load** under {{ param("capacity_line") }} ({{ params.capacity_line.value }}), '
        "see [[STD-004.R3]], [[STD-004|the lifecycle]], [[PB-001#steps]], *this* "
        "`code` [link](x.md) <span>html</span> and snake_case_name."
    )
    assert plain_text(source, parameters) == (
        "Keep load under 85% (85), see STD-004 R3, the lifecycle, PB-001, this `code` link html "
        "and snake_case_name."
    )
    found = parse_requirements(
        "STD-001",
        "s.md",
        f"## Requirements\n\n- **R1** — {source} MUST\n",
        1,
        parameters=parameters,
        calls=[],
    )
    assert found.requirements[0].text.startswith("Keep load under 85% (85)")


def test_plain_text_keeps_code_as_written() -> None:
    """Inside code nothing is a reference, emphasis, tag or escape; parameters are rendered
    there too (mkdocs-macros runs before Markdown)."""
    parameters = {"days": Parameter("days", 3, "days", "Days", "PMO", "Why.")}
    source = (
        "a `## Why` section, ``a `tick` here``, `[[STD-001]]`, `__init__` and `<b>`, "
        '`\\*x\\*` and `{{ param("days") }}` but *not* `here` [[STD-001]]'
    )
    assert plain_text(source, parameters) == (
        "a `## Why` section, ``a `tick` here``, `[[STD-001]]`, `__init__` and `<b>`, "
        "`\\*x\\*` and `3 days` but not `here` STD-001"
    )


def test_plain_text_names_documents_when_given() -> None:
    documents = {"STD-004": SimpleNamespace(title="Lifecycle")}
    source = "[[STD-004]], [[STD-004#steps]], [[STD-004.R3]], [[STD-004|it]] and [[STD-999]]"
    assert plain_text(source, {}, documents) == (  # type: ignore[arg-type]
        "STD-004 Lifecycle, STD-004 Lifecycle, STD-004 R3, it and STD-999"
    )


@pytest.mark.parametrize(
    ("markdown", "sentence"),
    [
        ("Charters stop scope creep. More text.", "Charters stop scope creep."),
        ("!!! note\n    Aside.\n\nFirst one! Second.", "First one!"),
        ("**At most** two. More.", "**At most** two."),
        ("- Listed item. More.\n", "Listed item."),
        ("> Quoted, with\n> a second line. More.", "Quoted, with a second line."),
        (
            "See `a. b` and [[STD-001|e.g. this]] now. Next.",
            "See `a. b` and [[STD-001|e.g. this]] now.",
        ),
        ("Use [the guide. v2](g.md) first. Next.", "Use [the guide. v2](g.md) first."),
        ("No end", "No end"),
    ],
)
def test_first_sentence(markdown: str, sentence: str) -> None:
    assert first_sentence(markdown) == sentence


def test_shorten() -> None:
    assert shorten("short") == "short"
    long = "word " * 60
    cut = shorten(long)
    assert len(cut) <= 200 and cut.endswith("…") and " wor…" not in cut


FACETS = (
    Facet("role", "Role", (("sponsor", "Sponsor"), ("pm", "PM"))),
    Facet("tier", "Tier", (("1", "Tier 1"), ("2", "Tier 2"))),
)


def _write(root: Path, files: dict[str, str]) -> None:
    for uri, text in files.items():
        path = root / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_corpus_requirements_applicability_parameters_and_links(tmp_path: Path) -> None:
    std = (
        fm(applies_to="{role: [pm], tier: [2]}", requirements="{R2: {role: [sponsor, pm]}}")
        + "\n## Requirements\n\n"
        + '- **R1** — Utilisation MUST stay under {{ param("cap") }}.\n'
        + "- **R2** — Sponsors and PMs SHOULD meet weekly.\n"
        + WHY
    )
    pb = (
        fm(id="PB-001", standards="[STD-001]")
        + "\nSee [[STD-001.R2]], [[STD-001.R2|the meeting rule]] and [[STD-001.R9]].\n"
        + WHY
    )
    params = "cap:\n  value: 85\n  unit: '%'\n  owner: PMO\n  why: Queues.\n"
    _write(
        tmp_path,
        {"standards/STD-001.md": std, "playbooks/PB-001.md": pb, "parameters.yml": params},
    )
    settings = Settings(root=tmp_path, today=TODAY, facets=FACETS, macros=True, templates=MACROS)
    corpus, report = check(settings)
    assert [(i.code, str(i.location), i.message) for i in report] == [
        (
            IssueCode.DANGLING_REF,
            "playbooks/PB-001.md:10:57",
            "link [[STD-001.R9]]: STD-001 has no requirement R9; its requirements: R1, R2",
        )
    ]
    doc = corpus.by_id["STD-001"]
    r1, r2 = doc.requirements
    assert (r1.id, r1.keyword, r1.text, r1.parameters) == (
        "STD-001.R1",
        "MUST",
        "Utilisation MUST stay under 85%.",
        ("cap",),
    )
    assert r1.applies_to == {"role": ("pm",), "tier": ("2",)}
    assert r2.applies_to == {"role": ("sponsor", "pm"), "tier": ("2",)}
    assert r2.parameters == ()


def test_override_for_a_missing_requirement(tmp_path: Path) -> None:
    std = fm(requirements="{R5: {role: [pm]}}") + "\n## Requirements\n\n- **R1** — X MUST.\n" + WHY
    _write(tmp_path, {"standards/STD-001.md": std})
    _, report = check(Settings(root=tmp_path, today=TODAY, facets=FACETS))
    assert [(str(i.location), i.message) for i in report] == [
        (
            "standards/STD-001.md:7:16",
            "requirements: R5 is not a requirement of this document (its requirements: R1)",
        )
    ]


def test_a_reused_number_is_told_the_document_s_next_free_one() -> None:
    """Numbers after the duplicate count too: R4 is taken, so R5 is suggested."""
    body = "## Requirements\n\n- **R1** MUST.\n- **R2** MUST.\n- **R1** MUST.\n- **R4** MUST.\n"
    found = parse_requirements("STD-001", "s.md", body, 1)
    assert [i.message for i in found.issues] == [
        "R1 is already used on line 3; numbers are never reused: take R5, the next free number"
    ]
