"""The front-matter fast path reads `applies_to`/`requirements` mappings as the full loader does."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from tests.core.test_properties import FAST, _full, _typed, keys, scalars


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "applies_to:\n  role: [sponsor, project-manager]\n  tier: [1, 2]\n",
            {"applies_to": {"role": ["sponsor", "project-manager"], "tier": [1, 2]}},
        ),
        (
            "requirements:\n  R1: {role: [pmo-lead]}\n  R12: {role: [a, b], gate: [G1]}\nid: X\n",
            {
                "requirements": {
                    "R1": {"role": ["pmo-lead"]},
                    "R12": {"role": ["a", "b"], "gate": ["G1"]},
                },
                "id": "X",
            },
        ),
        ("requirements: {R1: {gate: [G3]}}\n", {"requirements": {"R1": {"gate": ["G3"]}}}),
        (
            "applies_to:\n    role:\n      - sponsor\n    tier:\n    - 1\n# c\nx: {}\n",
            {"applies_to": {"role": ["sponsor"], "tier": [1]}, "x": {}},
        ),
        ("a:\n  b:\n    c: yes\n  d: 1.10\n", {"a": {"b": {"c": True}, "d": 1.1}}),
    ],
)
def test_nested_mappings_answer_as_the_full_path(text: str, expected: dict[str, Any]) -> None:
    fast = FAST.parse(text)
    assert fast is not None
    assert _typed(fast) == _typed(expected) == _typed(_full(text).meta)


@pytest.mark.parametrize(
    "text",
    [
        "a:\n  b: 1\n   c: 2\n",  # deeper than its sibling
        "a:\n  b: 1\n c: 2\n",  # between levels
        "a: {b: 1, b: 2}\n",  # duplicate
        "a: {b: }\n",
        "a: {b:1}\n",
        "a: {'b': 1}\n",
        "a: {b: [1}\n",
        "a: {b: {c: {d: {e: {f: 1}}}}}\n",
        "a:\n  b: 1\n  b: 2\n",
    ],
)
def test_nested_forms_outside_the_subset_fall_back(text: str) -> None:
    assert FAST.parse(text) is None


@st.composite
def nested_front_matter(draw: st.DrawFn) -> str:
    """Front matter with block and flow mappings of lists and scalars, at varied indents."""
    lines: list[str] = []
    for key in draw(st.lists(keys, max_size=4, unique=True)):
        form = draw(st.sampled_from(["block", "flow", "scalar"]))
        if form == "scalar":
            lines.append(f"{key}: {draw(scalars())}")
            continue
        if form == "flow":
            parts = [
                f"{k}: [{', '.join(draw(st.lists(scalars(), max_size=3)))}]"
                for k in draw(st.lists(keys, max_size=3))
            ]
            lines.append(f"{key}: {{{', '.join(parts)}}}")
            continue
        indent = " " * draw(st.sampled_from([1, 2, 4]))
        lines.append(f"{key}:")
        for sub in draw(st.lists(keys, max_size=3)):
            shape = draw(st.sampled_from(["flow", "map", "block", "scalar"]))
            if shape == "flow":
                lines.append(f"{indent}{sub}: [{', '.join(draw(st.lists(scalars(), max_size=3)))}]")
            elif shape == "map":
                lines.append(f"{indent}{sub}: {{{sub}: [{draw(scalars())}]}}")
            elif shape == "block":
                lines.append(f"{indent}{sub}:")
                inner = indent + draw(st.sampled_from(["", "  "]))
                lines += [f"{inner}- {draw(scalars())}" for _ in range(draw(st.integers(0, 2)))]
            else:
                lines.append(f"{indent}{sub}: {draw(scalars())}")
    return "\n".join(lines) + "\n"


@settings(max_examples=600, deadline=None)
@given(nested_front_matter())
def test_fast_path_agrees_with_the_full_path_on_nested_mappings(text: str) -> None:
    fast = FAST.parse(text)
    event("fast path answered" if fast is not None else "fast path fell back")
    if fast is None:
        return
    full = _full(text)
    assert full.issues == [], (text, full.issues)
    assert _typed(fast) == _typed(full.meta), text
