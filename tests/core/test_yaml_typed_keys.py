"""Keys and values YAML reads as another type than the author meant: located, never a crash.

`on:` is true to YAML 1.1, `1:` a number, `~:` null; the schema validator accepts only string
keys. A nested key of that sort is an error at the key, worded as a fix (quote it), and the
data keeps the key as written, so nothing downstream meets a non-string key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from mkdocs_pmo.core.frontmatter import PmoYAMLHandler
from mkdocs_pmo.core.parameters import parse_parameters
from tests.core.conftest import WHY, codes, fm

if TYPE_CHECKING:
    from collections.abc import Callable

    from mkdocs_pmo.core.issues import Report
    from mkdocs_pmo.core.model import Corpus

URI = "standards/STD-001-a.md"


def _walk_keys(value: object) -> list[object]:
    if isinstance(value, dict):
        return [k for k in value] + [k for v in value.values() for k in _walk_keys(v)]
    if isinstance(value, list):
        return [k for v in value for k in _walk_keys(v)]
    return []


@pytest.mark.parametrize(
    ("yaml_text", "line", "col", "written", "what"),
    [
        ("applies_to:\n  on: [sponsor]\n", 3, 3, "on", "true"),
        ("applies_to: {on: [sponsor]}\n", 2, 14, "on", "true"),
        ("applies_to:\n  off: [sponsor]\n", 3, 3, "off", "false"),
        ("applies_to:\n  1: [sponsor]\n", 3, 3, "1", "a number"),
        ("applies_to:\n  ~: [sponsor]\n", 3, 3, "~", "null"),
        ("applies_to:\n  1.5: [sponsor]\n", 3, 3, "1.5", "a number"),
        ("applies_to:\n  1:30: [sponsor]\n", 3, 3, "1:30", "a number"),
        ("requirements:\n  yes: {role: [sponsor]}\n", 3, 3, "yes", "true"),
        ("requirements:\n  R1: {on: [sponsor]}\n", 3, 8, "on", "true"),
        ("tags: [{on: x}]\n", 2, 9, "on", "true"),
        ("title:\n  a:\n    - {null: x}\n", 4, 8, "null", "null"),
    ],
)
def test_a_nested_key_yaml_reads_as_another_type_is_located_with_a_fix(
    yaml_text: str, line: int, col: int, written: str, what: str
) -> None:
    loaded = PmoYAMLHandler(URI).parse(yaml_text)
    assert loaded.meta is not None
    assert all(isinstance(k, str) for k in _walk_keys(loaded.meta)), loaded.meta
    assert written in _walk_keys(loaded.meta)
    [issue] = loaded.issues
    assert (issue.code.value, issue.location.line, issue.location.col) == ("pmo.schema", line, col)
    assert f"key {written} is read by YAML as {what}" in issue.message
    assert f'quote it: "{written}":' in issue.message


def test_a_quoted_key_is_text_and_a_top_level_key_stays_a_field() -> None:
    loaded = PmoYAMLHandler(URI).parse('applies_to:\n  "on": [sponsor]\non: x\n')
    assert loaded.meta == {"applies_to": {"on": ["sponsor"]}, "on": "x"}
    assert loaded.issues == []


@pytest.mark.parametrize(
    "extra",
    [
        "applies_to:\n  on: [sponsor]",
        "applies_to: {on: [sponsor]}",
        "applies_to:\n  1: [sponsor]",
        "applies_to:\n  ~: [sponsor]",
        "applies_to:\n  1.5: [sponsor]",
        "applies_to:\n  1:30: [sponsor]",
        "requirements:\n  yes: {role: [sponsor]}",
        "requirements:\n  R1: {on: [sponsor]}",
        "tags: [{on: x}]",
        "related: [{1: STD-002}]",
    ],
)
def test_the_checker_reports_nested_typed_keys_instead_of_crashing(
    run: Callable[[dict[str, str | bytes]], tuple[Corpus, Report]], extra: str
) -> None:
    head, rest = fm(extra="x").split("extra: x\n")
    text = head + extra + "\n" + rest + "\n## Requirements\n\n- **R1** — Teams MUST plan.\n" + WHY
    _, report = run({URI: text})
    found = codes(report)
    assert ("pmo.schema", URI, 7) in found or ("pmo.schema", URI, 8) in found, found
    assert any("is read by YAML as" in i.message for i in report.issues)


def test_parameters_file_reports_typed_keys_at_any_depth() -> None:
    loaded = parse_parameters("cap:\n  value: 85\n  owner: PMO\n  why: Queues.\n  on: 1\n")
    assert [(i.location.line, i.location.col) for i in loaded.issues][:1] == [(5, 3)]
    assert "key on is read by YAML as true" in loaded.issues[0].message
    top = parse_parameters("yes:\n  value: 85\n  owner: PMO\n  why: Queues.\n")
    assert any("key yes is read by YAML as true" in i.message for i in top.issues)
