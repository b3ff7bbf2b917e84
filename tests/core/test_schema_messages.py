"""Schema messages say what to write: exact text and location for each kind of mistake."""

from __future__ import annotations

import pytest

from tests.core.conftest import WHY, fm

S1 = "standards/STD-001-a.md"


def problems(run, **fields: object) -> list[str]:
    """`line:col: code: message` of every issue of one standard with `fields` set."""
    _, report = run({S1: fm(**fields) + WHY})
    return [
        f"{i.location.line}:{i.location.col}: {i.code.value}: {i.message}" for i in report.issues
    ]


def test_over_long_summary_gives_the_count_and_the_limit(run):
    assert problems(run, summary="x" * 412) == [
        "6:10: pmo.schema: summary: 412 characters; at most 300 (shorten it to one sentence)"
    ]


def test_over_long_title_gives_the_count(run):
    assert problems(run, title="t" * 201) == [
        "3:8: pmo.schema: title: 201 characters; at most 200 (shorten it)"
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("STD-010", "related: write a list: related: [STD-010] (or one `- STD-010` per line)"),
        (
            "STD-010, STD-011",
            "related: write a list: related: [STD-010, STD-011] (or one `- STD-010` per line)",
        ),
    ],
)
def test_a_scalar_where_a_list_belongs_shows_the_list_syntax(run, value, message):
    assert problems(run, related=value) == [f"7:10: pmo.schema: {message}"]


def test_a_tag_written_as_a_scalar(run):
    assert problems(run, tags="governance") == [
        "7:7: pmo.schema: tags: write a list: tags: [governance] (or one `- governance` per line)"
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-02-30", "effective: 2026-02-30 is not a real date: February 2026 has 28 days"),
        ("2028-02-30", "effective: 2028-02-30 is not a real date: February 2028 has 29 days"),
        ("2026-13-01", "effective: 2026-13-01 is not a real date: there is no month 13"),
        ("2026-1-5", "effective: '2026-1-5' must be written YYYY-MM-DD: 2026-01-05"),
        (
            "'1st May'",
            "effective: '1st May' is not a date; write it as YYYY-MM-DD, e.g. 2026-01-31",
        ),
        (
            "2026-01-05 10:30",
            "effective: '2026-01-05 10:30' has a time; write the date only: 2026-01-05",
        ),
        ("20260105", "effective: write a date as YYYY-MM-DD, e.g. 2026-01-31"),
    ],
)
def test_each_bad_date_is_reported_once_saying_what_to_write(run, value, message):
    assert problems(run, effective=value) == [f"7:12: pmo.invalid-date: {message}"]


def test_two_bad_dates_are_two_messages(run):
    _, report = run({S1: fm(effective="2026-1-5", last_reviewed="2026-02-30") + WHY})
    assert [(i.code.value, i.location.line) for i in report.issues] == [
        ("pmo.invalid-date", 7),
        ("pmo.invalid-date", 8),
    ]


@pytest.mark.parametrize(
    ("value", "tip"),
    [
        ("actve", "; did you mean 'active'?"),
        ("Active", "; did you mean 'active'?"),
        ("depreciated", "; did you mean 'deprecated'?"),
        ("approved", ""),
        ("done", ""),
    ],
)
def test_status_suggestions_only_when_close(run, value, tip):
    options = "draft, proposed, active, deprecated, superseded, retired"
    assert problems(run, status=value) == [
        f"4:9: pmo.schema: status: '{value}' is not one of {options}{tip}"
    ]


def test_a_malformed_id_in_a_one_or_list_field_says_it_is_not_an_id(run):
    """`supersedes` takes an ID or a list; a bad ID is not reported as "not an array"."""
    found = problems(run, supersedes="std-1")
    assert found == [
        "7:13: pmo.schema: supersedes: 'std-1' is not an ID (upper-case prefix, a dash, three "
        "or more digits, e.g. STD-001)"
    ]


def test_a_malformed_id_inside_a_list_is_located_at_the_item(run):
    found = problems(run, supersedes="[STD-002, STD-1]")
    assert (
        "7:23: pmo.schema: supersedes[1]: 'STD-1' is not an ID (upper-case prefix, a dash, "
        "three or more digits, e.g. STD-001)"
    ) in found


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("twelve", "review_cycle_months: twelve is not a whole number; write digits only, e.g. 12"),
        ("'12'", "review_cycle_months: '12' is text; write the number without quotes: 12"),
        ("1.5", "review_cycle_months: 1.5 is not a whole number; write digits only, e.g. 12"),
        # Not a YAML 1.1 octal number: text, though written without quotes.
        (
            "08",
            "review_cycle_months: YAML reads a number with a leading zero like 08 as text; write 8",
        ),
        (
            "'09'",
            "review_cycle_months: YAML reads a number with a leading zero like 09 as text; write 9",
        ),
        # YAML 1.1 numbers out of range: said as YAML reads them.
        (
            "12:30",
            "review_cycle_months: 12:30 is read by YAML as the number 750, and it must be at "
            "most 120",
        ),
        (
            "0x0",
            "review_cycle_months: 0x0 is read by YAML as the number 0, and it must be at least 1",
        ),
    ],
)
def test_a_number_field_says_to_write_digits(run, value, message):
    assert problems(run, review_cycle_months=value) == [f"7:22: pmo.schema: {message}"]


def test_a_number_where_text_belongs_says_to_quote_it(run):
    assert problems(run, owner="1.10") == [
        '5:8: pmo.schema: owner: 1.10 is read by YAML as a number; quote it: "1.10"'
    ]


def test_a_list_item_yaml_reads_as_another_type_is_shown_as_written(run):
    assert problems(run, tags="[on, 017, 0x1F]") == [
        '7:8: pmo.schema: tags[0]: on is read by YAML as true/false; quote it: "on"',
        '7:12: pmo.schema: tags[1]: 017 is read by YAML as a number; quote it: "017"',
        '7:17: pmo.schema: tags[2]: 0x1F is read by YAML as a number; quote it: "0x1F"',
    ]


@pytest.mark.parametrize(
    ("field", "value", "where", "written"),
    [
        ("title", "2026-01-01", "3:8: pmo.schema: title", "2026-01-01"),
        ("title", "2026-01-01T10:00:00Z", "3:8: pmo.schema: title", "2026-01-01T10:00:00Z"),
        ("summary", "2026-1-5 10:00:00", "6:10: pmo.schema: summary", "2026-1-5 10:00:00"),
        ("tags", "[risk, 2026-01-01]", "7:14: pmo.schema: tags[1]", "2026-01-01"),
        ("tags", "\n  - 2026-01-01", "8:5: pmo.schema: tags[0]", "2026-01-01"),
    ],
)
def test_a_date_where_text_belongs_says_to_quote_it(run, field, value, where, written):
    """YAML reads a plain date as a date, as it reads `017` as a number: the same advice."""
    assert problems(run, **{field: value}) == [
        f'{where}: {written} is read by YAML as a date, not as text; quote it: "{written}"'
    ]


@pytest.mark.parametrize(
    "fields",
    [
        {"title": "'2026-01-01'"},
        {"tags": '["2026-01-01"]'},
        {"effective": "2026-01-01", "last_reviewed": "2026-01-15"},
        {"title": "2026-01-01 is the date"},
    ],
)
def test_a_quoted_date_in_text_and_a_date_in_a_date_field_are_fine(run, fields):
    assert problems(run, **fields) == []


def test_a_duplicate_list_item_is_named(run):
    assert problems(run, tags="[risk, risk]") == [
        "7:7: pmo.schema: tags: risk is listed twice; remove one"
    ]


def test_an_empty_list_item_is_reported_once(run):
    assert problems(run, tags="[risk, '']") == [
        "7:14: pmo.schema: tags[1]: is empty; write a value or remove it"
    ]


def test_a_relation_of_the_wrong_type(run):
    assert problems(run, superseded_by=5) == [
        "7:16: pmo.schema: superseded_by: write an ID (superseded_by: STD-001) or a list of IDs "
        "(superseded_by: [STD-001, STD-002])"
    ]


def test_long_values_are_cut_in_generic_messages(run):
    """A message keyword has no wording of its own for: the value is quoted, cut short."""
    found = problems(
        run, review_cycle_months=10_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000
    )
    assert len(found) == 1
    assert "is greater than the maximum of 120" in found[0]
    assert len(found[0]) < 200


def test_a_custom_field_whose_pattern_is_a_date_takes_a_plain_date(tmp_path):
    """A kind's own `due: {type: string, pattern: ^[0-9]{4}-...}` is a date written as text."""
    from mkdocs_pmo.core.model import KindSpec
    from mkdocs_pmo.core.schemas import compile_schema

    schema = tmp_path / "due.schema.json"
    schema.write_text(
        '{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",'
        ' "properties": {"due": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},'
        ' "note": {"type": "string", "pattern": "\\\\S"}}}',
        encoding="utf-8",
    )
    kind = KindSpec("task", "tasks", "TSK", str(schema), False, "Tasks")
    assert compile_schema(kind, tmp_path).date_fields == {"due"}
