"""`[[ID#anchor]]` against the target's anchors, and ID-shaped `[[...]]` that is not a reference."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import markdown
import pytest
from pymdownx.slugs import slugify as pymdownx_slugify

from mkdocs_pmo.core.anchors import TocSettings, page_anchors
from mkdocs_pmo.core.body import link_pattern, scan_body
from mkdocs_pmo.core.issues import IssueCode, Severity
from mkdocs_pmo.core.pipeline import Settings, check
from tests.core.conftest import TODAY, WHY, fm

if TYPE_CHECKING:
    from pathlib import Path

S1 = "standards/STD-001-a.md"
S18 = "standards/STD-018-b.md"
PATTERN = link_pattern(["STD", "PB"])

TARGET_BODY = """\
# Title

## Why

Because.

## Why

## Custom heading {: #chosen }

## `Code` and *emphasis* & more

## Ünïcode ✓

## The `_config` file, snake_case_ and _x

## __drawer and `__x` \\*starred\\* [a link](x.md) <b>bold</b>

<div id="raw-box"></div>

Note[^n].

[^n]: A footnote.
"""


def _rendered_ids(body: str, toc: dict[str, object]) -> set[str]:
    """The ids python-markdown really gives the page (the truth the reading must match)."""
    md = markdown.Markdown(
        extensions=["toc", "attr_list", "footnotes", "md_in_html"], extension_configs={"toc": toc}
    )
    html = md.convert(body)
    return set(re.findall(r'\bid="([^"]+)"', html)) | set(re.findall(r'name="([^"]+)"', html))


@pytest.mark.parametrize(
    ("toc", "settings"),
    [
        ({}, TocSettings()),
        (
            {"slugify": pymdownx_slugify(case="lower")},
            TocSettings(slugify=pymdownx_slugify(case="lower")),
        ),
        ({"separator": "_"}, TocSettings(separator="_")),
    ],
)
def test_anchors_are_the_ids_the_renderer_makes(
    toc: dict[str, object], settings: TocSettings
) -> None:
    scan = scan_body(TARGET_BODY, 1, PATTERN)
    found = page_anchors(TARGET_BODY, 1, scan.headings, (), settings)
    assert found == _rendered_ids(TARGET_BODY, toc)
    assert {"why", "why_1", "chosen", "raw-box", "fn:n"} <= found
    assert "custom-heading" not in found  # an explicit id wins over the slug


def _check(tmp_path: Path, files: dict[str, str], **settings: object) -> list[tuple[str, int]]:
    for uri, text in files.items():
        path = tmp_path / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    _, report = check(Settings(root=tmp_path, today=TODAY, **settings))  # type: ignore[arg-type]
    return [(i.code.value, i.location.line) for i in report.issues]


def test_a_missing_anchor_is_reported_at_the_link_and_known_ones_are_not(tmp_path: Path) -> None:
    body = WHY + "\nSee [[STD-018#why]], [[STD-018#R1]] and [[STD-018#nowhere]].\n"
    target = fm(id="STD-018") + "\n## Requirements\n\n- **R1** — Teams MUST plan.\n" + WHY
    found = _check(tmp_path, {S1: fm() + body, S18: target})
    assert found == [("pmo.missing-anchor", 13)]


def test_the_anchor_level_follows_the_configuration(tmp_path: Path) -> None:
    body = WHY + "\nSee [[STD-018#nowhere]].\n"
    files = {S1: fm() + body, S18: fm(id="STD-018") + WHY}
    for uri, text in files.items():
        (tmp_path / uri).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / uri).write_text(text, encoding="utf-8")
    _, default = check(Settings(root=tmp_path, today=TODAY))
    assert [i.severity for i in default.issues] == [Severity.INFO]
    levels = {IssueCode.MISSING_ANCHOR: Severity.WARNING}
    _, warned = check(Settings(root=tmp_path, today=TODAY, levels=levels))
    assert warned.failed(strict=True)
    _, unchecked = check(Settings(root=tmp_path, today=TODAY, toc=None))
    assert unchecked.issues == []


@pytest.mark.parametrize("written", ["SDT-018", "std-018", "Std-18", "STD018", "STD_018"])
def test_near_misses_suggest_the_existing_id(tmp_path: Path, written: str) -> None:
    body = WHY + f"\nSee [[{written}]] here.\n"
    _, report = check(Settings(root=_tree(tmp_path, body), today=TODAY))
    (issue,) = report.issues
    assert issue.code is IssueCode.NEAR_MISS_REF
    assert issue.severity is Severity.WARNING
    assert (issue.location.line, issue.location.col) == (13, 5)
    assert "did you mean STD-018?" in issue.message


@pytest.mark.parametrize(
    ("written", "wanted"),
    [
        ("STD-018.r3", "[[STD-018.R3]]"),
        ("STD-018. R3", "[[STD-018.R3]]"),
        ("STD-018.R", "[[STD-018.R<n>]]"),
        ("STD-018.Rx|the rule", "[[STD-018.R<n>]]"),
    ],
)
def test_a_requirement_link_written_wrongly_is_a_near_miss(
    tmp_path: Path, written: str, wanted: str
) -> None:
    """Shown as text by the renderer: said, with how to write it."""
    _, report = check(Settings(root=_tree(tmp_path, WHY + f"\nSee [[{written}]].\n"), today=TODAY))
    (issue,) = report.issues
    assert issue.code is IssueCode.NEAR_MISS_REF
    assert f"a requirement link is written {wanted}" in issue.message


@pytest.mark.parametrize("written", ["[[ STD-018 ]]", "[[STD-018 ]]", "[[STD-999 ]]"])
def test_spaces_inside_the_brackets_are_said_to_be_the_problem(
    tmp_path: Path, written: str
) -> None:
    """Even for an ID no document has: the author clearly meant a reference."""
    _, report = check(Settings(root=_tree(tmp_path, WHY + f"\nSee {written}.\n"), today=TODAY))
    (issue,) = report.issues
    assert issue.code is IssueCode.NEAR_MISS_REF
    stripped = "[[" + written[2:-2].strip() + "]]"
    assert issue.message.endswith(f"write it without spaces inside the brackets, {stripped}")


def test_an_anchor_with_letters_beyond_ascii_is_a_link(tmp_path: Path) -> None:
    """A slugify keeping Unicode (`pymdownx.slugs.slugify`) makes ids such as `café-über`."""
    target = fm(id="STD-018") + WHY + "\n## Café über\n"
    files = {S1: fm() + WHY + "\nSee [[STD-018#café-über]] and [[STD-018#café-übér]].\n"}
    files[S18] = target
    for uri, text in files.items():
        (tmp_path / uri).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / uri).write_text(text, encoding="utf-8")
    toc = TocSettings(slugify=pymdownx_slugify(case="lower"))
    _, report = check(Settings(root=tmp_path, today=TODAY, toc=toc))
    assert [(i.code, i.location.line) for i in report.issues] == [(IssueCode.MISSING_ANCHOR, 13)]
    assert "did you mean #café-über?" in report.issues[0].message


def test_an_unpadded_id_is_a_dangling_reference_with_a_suggestion(tmp_path: Path) -> None:
    _, report = check(Settings(root=_tree(tmp_path, WHY + "\nSee [[STD-18]].\n"), today=TODAY))
    (issue,) = report.issues
    assert issue.code is IssueCode.DANGLING_REF
    assert "did you mean STD-018?" in issue.message


@pytest.mark.parametrize(
    "text",
    ["[[0, 1]]", "[[x]]", "[[XYZ-777]]", "`[[SDT-018]]`", "[[Ownership Manifesto]]", "[[v2]]"],
)
def test_other_bracketed_text_stays_quiet(tmp_path: Path, text: str) -> None:
    _, report = check(Settings(root=_tree(tmp_path, WHY + f"\nSee {text} here.\n"), today=TODAY))
    assert report.issues == []


def test_near_misses_in_fenced_code_stay_quiet(tmp_path: Path) -> None:
    body = WHY + "\n```\n[[SDT-018]]\n```\n"
    _, report = check(Settings(root=_tree(tmp_path, body), today=TODAY))
    assert report.issues == []


def _tree(tmp_path: Path, body: str) -> Path:
    for uri, text in {S1: fm() + body, S18: fm(id="STD-018") + WHY}.items():
        (tmp_path / uri).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / uri).write_text(text, encoding="utf-8")
    return tmp_path


def test_a_heading_holding_a_reference_is_slugged_as_the_page_shows_it(tmp_path: Path) -> None:
    """`## Rule [[STD-018]]` shows "Rule STD-018 A standard": its id is made from that."""
    target = fm() + WHY + "\n## Rule [[STD-018]]\n\n## Also [[STD-018.R1]]\n"
    source = fm(id="STD-018") + "\n## Requirements\n\n- **R1** — Teams MUST plan.\n" + WHY
    good = "[[STD-001#rule-std-018-a-standard]] [[STD-001#also-std-018-r1]]"
    (tmp_path / "standards").mkdir()
    (tmp_path / S1).write_text(target, encoding="utf-8")
    (tmp_path / S18).write_text(source + f"\nSee {good}.\n", encoding="utf-8")
    _, report = check(Settings(root=tmp_path, today=TODAY))
    assert report.issues == []
    (tmp_path / S18).write_text(source + "\nSee [[STD-001#rule-std-018]].\n", encoding="utf-8")
    _, report = check(Settings(root=tmp_path, today=TODAY))
    assert [i.code for i in report.issues] == [IssueCode.MISSING_ANCHOR]


def test_a_labelled_reference_in_a_table_row_is_a_near_miss(tmp_path: Path) -> None:
    """The table splits `[[ID|text]]` at its `|`: no link, so it is said, even for an unknown ID."""
    table = (
        "\n| Doc | Note |\n|---|---|\n| [[STD-018|the rule]] | a |\n| [[STD-999|gone]] | b |\n"
        "| [[STD-018\\|esc]] | c |\n| [[STD-018]] | d |\n\nText [[STD-018|fine]] and a | pipe.\n"
    )
    _, report = check(Settings(root=_tree(tmp_path, WHY + table), today=TODAY))
    found = [(i.code, i.location.line, i.message.split(" is not")[0]) for i in report.issues]
    assert found == [
        (IssueCode.NEAR_MISS_REF, 15, "[[STD-018|the rule]]"),
        (IssueCode.NEAR_MISS_REF, 16, "[[STD-999|gone]]"),
        (IssueCode.NEAR_MISS_REF, 17, "[[STD-018\\|esc]]"),
    ]
    assert report.issues[0].message.endswith("write [[STD-018]] there")
