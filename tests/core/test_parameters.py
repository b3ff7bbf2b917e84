"""parameters.yml: loading with located problems, value formatting, `param()` calls found by Jinja."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import pytest

from mkdocs_pmo.core.issues import IssueCode, Severity
from mkdocs_pmo.core.parameters import format_value, param_calls, parse_parameters
from mkdocs_pmo.core.pipeline import Settings, check
from mkdocs_pmo.core.templates import TemplateSettings
from tests.core.conftest import MACROS, TODAY, WHY, fm

if TYPE_CHECKING:
    from pathlib import Path

GOOD = """\
capacity_line:
  value: 85
  unit: "%"
  owner: Head of PMO
  why: Above this, queues grow faster than work gets done.
decision_days:
  value: 20
  unit: working days
  label: Decision time limit
  owner: Portfolio board
  why: A month of waiting costs more than most wrong decisions.
"""


def test_good_file_gives_parameters_in_order() -> None:
    parameters, issues, _ = parse_parameters(GOOD)
    assert issues == []
    assert list(parameters) == ["capacity_line", "decision_days"]
    capacity = parameters["capacity_line"]
    assert (capacity.value, capacity.unit, capacity.label, capacity.line) == (
        85,
        "%",
        "Capacity line",
        1,
    )
    assert parameters["decision_days"].label == "Decision time limit"
    assert parameters["decision_days"].display == "20 working days"


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (85, "%", "85%"),
        (20, "working days", "20 working days"),
        (1_000_000, "EUR", "1,000,000 EUR"),
        (10_000, "", "10,000"),
        (9_999, "", "9999"),
        (2026, "", "2026"),
        (0.5, "", "0.5"),
        ("quarterly", "", "quarterly"),
    ],
)
def test_format_value(value: int | float | str, unit: str, shown: str) -> None:
    assert format_value(value, unit) == shown


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a:\n  value: 1\n  onwer: X\n  why: y\n",
            [
                (1, 1, "a: missing 'owner' (the role accountable for the value)"),
                (3, 3, "a: unknown key 'onwer'; did you mean 'owner'?"),
            ],
        ),
        (
            "Bad-Name:\n  value: 1\n  owner: X\n  why: y\n",
            [(1, 1, "parameter name 'Bad-Name' must be lower case")],
        ),
        ("a:\n  value: [1]\n  owner: X\n  why: y\n", [(2, 10, "a.value:")]),
        ('a:\n  value: 1\n  owner: X\n  why: "one\\ntwo"\n', [(4, 8, "a.why: write one line")]),
        (
            "a:\n  value: 1\n  owner: X\n  why: y\na:\n  value: 2\n",
            [(5, 1, "parameter 'a' is defined twice (first on line 1)")],
        ),
        (
            "a:\n  value: 1\n  owner: X\n  owner: Y\n  why: y\n",
            [(4, 3, "'owner' is written twice in one parameter (first on line 3)")],
        ),
        ("a: [1,\n", [(2, 1, "parameters.yml is not valid YAML")]),
        ("- a\n- b\n", [(1, 1, "parameters.yml must be `name:` entries")]),
        ("a: &x 1\nb: *x\n", [(1, 4, "YAML anchors and aliases")]),
        ("a:\n\tvalue: 1\n", [(2, 1, "tab character in parameters.yml")]),
    ],
)
def test_problems_are_located(text: str, expected: list[tuple[int, int, str]]) -> None:
    _, issues, _ = parse_parameters(text)
    found = [(i.location.line, i.location.col, i.message) for i in issues]
    assert len(found) == len(expected), found
    for (line, col, message), (want_line, want_col, start) in zip(found, expected, strict=True):
        assert (line, col) == (want_line, want_col), found
        assert message.startswith(start), message
    assert all(i.code is IssueCode.PARAMETERS for i in issues)


def test_invalid_entries_are_left_out_valid_ones_kept() -> None:
    parameters, issues, broken = parse_parameters(GOOD + "broken:\n  value: 3\n")
    assert list(parameters) == ["capacity_line", "decision_days"]
    assert broken == {"broken"}
    assert [i.location.line for i in issues] == [12, 12]


def test_calls_found_by_jinja_with_file_positions() -> None:
    body = textwrap.dedent(
        """\
        Intro.

        Keep it under {{ param("capacity_line") }} and {{ param( 'decision_days' ) }}.
        {% raw %}{{ param("shown_literally") }}{% endraw %}
        {{ param(name) }} {{ other("x") }} {{ param("capacity_line") }}
        """
    )
    calls = param_calls(body, first_line=10)
    assert [(c.name, c.line, c.col) for c in calls] == [
        ("capacity_line", 12, 18),
        ("decision_days", 12, 51),
        ("capacity_line", 14, 39),
    ]


def test_unparsable_jinja_finds_nothing() -> None:
    assert param_calls('{{ param("a") }} {% if %}') == []


def _write(root: Path, files: dict[str, str]) -> None:
    for uri, text in files.items():
        path = root / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_check_reports_unknown_parameter_at_the_call(tmp_path: Path) -> None:
    body = '\nKeep load under {{ param("capacity_lin") }}.\n' + WHY
    _write(tmp_path, {"parameters.yml": GOOD, "standards/STD-001.md": fm() + body})
    corpus, report = check(Settings(root=tmp_path, today=TODAY, macros=True, templates=MACROS))
    assert [(i.code, str(i.location), i.message) for i in report] == [
        (
            IssueCode.UNKNOWN_PARAMETER,
            "standards/STD-001.md:9:20",
            "unknown parameter 'capacity_lin'; did you mean 'capacity_line'?",
        )
    ]
    assert list(corpus.parameters) == ["capacity_line", "decision_days"]


def test_check_reports_unknown_parameter_in_a_hand_written_page(tmp_path: Path) -> None:
    """As in documents, at the call's line and column (after the page's front matter)."""
    page = '---\ntitle: Glossary\n---\n# Glossary\n\nLoad: {{ param("capacity_lin") }}.\n'
    _write(tmp_path, {"parameters.yml": GOOD, "docs/glossary.md": page})
    settings = Settings(root=tmp_path, today=TODAY, macros=True, templates=MACROS, docs_dir="docs")
    _, report = check(settings)
    assert [(i.code, str(i.location), i.message) for i in report] == [
        (
            IssueCode.UNKNOWN_PARAMETER,
            "docs/glossary.md:6:10",
            "unknown parameter 'capacity_lin'; did you mean 'capacity_line'?",
        )
    ]
    # A page mkdocs-macros does not render is not checked.
    (tmp_path / "docs/glossary.md").write_text(
        page.replace("title:", "render_macros: false\ntitle:")
    )
    assert list(check(settings)[1]) == []


STRICT = TemplateSettings(frozenset({"param", "params"}), undefined_is_error=True)


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("{{ params.capacity_line.value }} {{ params['decision_days'].unit }}", []),
        (
            "{{ params.nope.value }}",
            ["11: template error: unknown parameter 'nope'; define it in the parameters file"],
        ),
        (
            "{{ params['capacity_lin'].value }}",
            ["11: template error: unknown parameter 'capacity_lin'; did you mean 'capacity_line'?"],
        ),
        # With block tags the whole body is read, not each `{{ }}` on its own.
        (
            "{% if true %}\n{{ params.capacity_lin.value }}\n{% endif %}",
            ["12: template error: unknown parameter 'capacity_lin'; did you mean 'capacity_line'?"],
        ),
        # Asking is not using; a name read from a variable is left to rendering.
        ("{% if params.nope is defined %}x{% endif %}{% set k = 'x' %}{{ params[k] }}", []),
    ],
)
def test_check_reports_params_naming_no_parameter(
    tmp_path: Path, body: str, found: list[str]
) -> None:
    """`params.X` as the build renders it: an undefined name, `pmo.template` at its line."""
    text = fm() + "\nIntro.\n\n" + body + "\n" + WHY
    _write(tmp_path, {"parameters.yml": GOOD, "standards/STD-001.md": text})
    _, report = check(Settings(root=tmp_path, today=TODAY, macros=True, templates=STRICT))
    assert [f"{i.location.line}: {i.message}" for i in report] == found
    assert {i.code for i in report} <= {IssueCode.TEMPLATE_SYNTAX}


def test_check_reports_params_naming_no_parameter_in_a_page(tmp_path: Path) -> None:
    page = "# Page\n\n{{ params.nope.value }}\n"
    _write(tmp_path, {"parameters.yml": GOOD, "docs/page.md": page})
    settings = Settings(root=tmp_path, today=TODAY, macros=True, templates=STRICT, docs_dir="docs")
    assert [(str(i.location), i.code) for i in check(settings)[1]] == [
        ("docs/page.md:3", IssueCode.TEMPLATE_SYNTAX)
    ]
    # A page whose front matter defines `params` reads its own.
    (tmp_path / "docs/page.md").write_text("---\nparams: {nope: {value: 1}}\n---\n" + page)
    assert list(check(settings)[1]) == []


def test_check_reports_parameters_file_problems(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {"parameters.yml": "a:\n  value: 1\n", "standards/STD-001.md": fm() + WHY},
    )
    _, report = check(Settings(root=tmp_path, today=TODAY, macros=True, templates=MACROS))
    assert [str(i.location) for i in report] == ["parameters.yml:1:1", "parameters.yml:1:1"]
    assert {i.code for i in report} == {IssueCode.PARAMETERS}


def test_calls_to_broken_or_unreadable_parameters_are_not_also_unknown(tmp_path: Path) -> None:
    body = '\n{{ param("broken") }} {{ param("nope") }}\n' + WHY
    _write(
        tmp_path,
        {"parameters.yml": GOOD + "broken:\n  value: 3\n", "standards/STD-001.md": fm() + body},
    )
    _, report = check(Settings(root=tmp_path, today=TODAY, macros=True, templates=MACROS))
    assert [(i.code, i.location.uri) for i in report] == [
        (IssueCode.PARAMETERS, "parameters.yml"),
        (IssueCode.PARAMETERS, "parameters.yml"),
        (IssueCode.UNKNOWN_PARAMETER, "standards/STD-001.md"),
    ]
    (tmp_path / "parameters.yml").write_text("a: [1,\n", encoding="utf-8")
    _, report = check(Settings(root=tmp_path, today=TODAY, macros=True, templates=MACROS))
    assert [(i.code, i.location.uri) for i in report] == [(IssueCode.PARAMETERS, "parameters.yml")]


def test_no_file_no_parameters(tmp_path: Path) -> None:
    _write(tmp_path, {"standards/STD-001.md": fm() + '\n{{ param("x") }}\n' + WHY})
    corpus, report = check(Settings(root=tmp_path, today=TODAY, macros=True, templates=MACROS))
    assert corpus.parameters == {}
    assert [i.message for i in report] == [
        "unknown parameter 'x'; no parameters are defined (parameters.yml)"
    ]


def test_a_site_with_macros_but_unchecked_templates_is_not_said_to_lack_macros(
    tmp_path: Path,
) -> None:
    """Templates go unchecked (Jinja extensions the check may not load): the plugin is there."""
    body = '\nKeep load under {{ param("capacity_line") }}.\n'
    _write(tmp_path, {"parameters.yml": GOOD, "standards/STD-001.md": fm() + body + WHY})
    assert list(check(Settings(root=tmp_path, today=TODAY, macros=True))[1]) == []


def test_param_on_a_site_without_macros_is_refused_once(tmp_path: Path) -> None:
    """One finding for the site, at the first call, not one per document."""
    body = '\nKeep load under {{ param("capacity_line") }}, {{ param("decision_days") }}.\n'
    _write(
        tmp_path,
        {
            "parameters.yml": GOOD,
            "standards/STD-001.md": fm() + body + WHY,
            "standards/STD-002.md": fm(id="STD-002") + body + WHY,
            "standards/STD-003.md": fm(id="STD-003") + "\nNo parameters.\n" + WHY,
        },
    )
    _, report = check(Settings(root=tmp_path, today=TODAY))
    assert [(i.code, str(i.location), i.severity) for i in report] == [
        (IssueCode.NO_MACROS, "standards/STD-001.md:9:20", Severity.ERROR)
    ]
    message = next(iter(report)).message
    assert message.startswith(
        "param('capacity_line') needs the macros plugin (and in 1 other page): add"
    )
    assert "mkdocs_pmo.site.macros" in message
    for uri in ("standards/STD-001.md", "standards/STD-002.md"):
        (tmp_path / uri).unlink()
    assert list(check(Settings(root=tmp_path, today=TODAY))[1]) == []


def test_param_in_a_hand_written_page_without_macros_is_refused_with_the_documents(
    tmp_path: Path,
) -> None:
    """One finding for the site: at the first document's call, counting the pages too."""
    body = '\nKeep load under {{ param("capacity_line") }}.\n'
    page = '# Glossary\n\nLoad: {{ param("capacity_line") }}.\n'
    _write(
        tmp_path,
        {
            "parameters.yml": GOOD,
            "standards/STD-001.md": fm() + body + WHY,
            "docs/glossary.md": page,
            "docs/index.md": "# Home\n",
        },
    )
    settings = Settings(root=tmp_path, today=TODAY, docs_dir="docs")
    _, report = check(settings)
    assert [(i.code, str(i.location)) for i in report] == [
        (IssueCode.NO_MACROS, "standards/STD-001.md:9:20")
    ]
    assert next(iter(report)).message.startswith(
        "param('capacity_line') needs the macros plugin (and in 1 other page): add"
    )
    (tmp_path / "standards/STD-001.md").unlink()
    _, report = check(settings)
    assert [(i.code, str(i.location)) for i in report] == [
        (IssueCode.NO_MACROS, "docs/glossary.md:3:10")
    ]
    assert next(iter(report)).message.startswith("param('capacity_line') needs the macros plugin:")
