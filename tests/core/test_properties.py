"""Property-based tests: random input never crashes the core, and the fast path never lies."""

from __future__ import annotations

import datetime as dt
import math
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from mkdocs_pmo.core.fastyaml import FastYAML
from mkdocs_pmo.core.frontmatter import FrontMatterLoader, PmoYAMLHandler, closing_line
from mkdocs_pmo.core.issues import Issue
from mkdocs_pmo.core.load import split_document
from mkdocs_pmo.core.pipeline import Settings, check

FAST = FastYAML(FrontMatterLoader)

#: Plain scalars YAML 1.1 (PyYAML's resolver) reads as something other than a string, and
#: strings that look like them or like YAML syntax.
BOOLEANS = [
    *("y", "Y", "n", "N", "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE"),
    *("false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "oN", "yEs"),
]
NULLS = ["~", "null", "Null", "NULL", "nULL"]
NUMBERS = [
    *("0", "00", "12", "-3", "+4", "1_000", "0b1", "0b1_0", "-0b11", "0b2", "0o7", "017"),
    *("09", "0x1F", "-0x1f", "0xg", "1:30", "-1:30", "190:20:30", "1:60", "1:30.5", "1.10"),
    *(".5", "-.5", "+.5", "1.", "1e3", "1.0e3", "1.5e+3", "1.0E-3", "1_0.5", ".inf", "-.Inf"),
    *("+.INF", ".nan", ".NaN", ".NAN", "NaN", "inf"),
]
DATES = [
    *("2026-01-15", "2026-1-5", "2026-02-30", "2026-13-01", "0000-00-00", "2026-01-15T10:00:00Z"),
    *("2026-01-15 10:00:00", "2026-01-15t10:00:00.5+01:00", "2026-01-15T10:00", "20260115"),
]
TEXT = [
    *("STD-001", "PMO lead", "a: b", "a:b", "a #b", "a#b", "#c", "&x", "&x y", "*x", "!x"),
    *("!!str x", "[a, b]", "{a: 1}", "- item", "-x", "--x", "--- x", "...", "| block", "> fold"),
    *("x,", "a, b", "a [b]", "a]", "it's", 'say "hi"', "?x", ":x", "%x", "@x", "`x`", "=", "<<"),
    *("ünïcödé", "emoji 🎯", "tab\tx", "C:\\path", "http://x.y", "a -b", "a - b", "(paren)"),
    *("x:", "a  b", "R&D", "100%", "1 000", "0.1.2", "v1", "1a", ""),
]
TRICKY = BOOLEANS + NULLS + NUMBERS + DATES + TEXT
KEYS = [
    *("id", "title", "status", "owner", "summary", "version", "tags", "related", "effective"),
    *("review_cycle_months", "owenr", "x_1", "_", "standards", "key-dash"),
    *("on", "Off", "yes", "y", "N", "true", "False", "null", "~", "0b1", "017", "0x1F", "1:30"),
    *(".5", "1e3", ".inf", ".NaN", "2026-01-15", "<<", "=", '"on"', "'yes'", '"id"', "a b"),
]

PLAIN_KEYS = KEYS[:15]
#: Mostly field names, so that a good share of the examples stays in the fast path's subset.
keys = st.one_of(st.sampled_from(PLAIN_KEYS), st.sampled_from(PLAIN_KEYS), st.sampled_from(KEYS))


@st.composite
def scalars(draw: st.DrawFn) -> str:
    """A scalar as written: plain, or quoted in either style (escaped as each style needs)."""
    pool = draw(st.integers(0, 9))
    if pool == 0:
        text = draw(st.text(max_size=12))
    elif pool < 3:
        text = draw(st.sampled_from(TEXT))
    else:
        text = draw(st.sampled_from(BOOLEANS + NULLS + NUMBERS + DATES))
    style = draw(st.sampled_from(["plain"] * 6 + ["single", "double"]))
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "double":
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def _one_in(draw: st.DrawFn, n: int) -> bool:
    return draw(st.integers(0, n - 1)) == 0


@st.composite
def simple_front_matter(draw: st.DrawFn) -> str:
    lines = []
    for key in draw(st.lists(keys, max_size=6, unique=True)):
        if _one_in(draw, 10):
            lines.append(draw(st.sampled_from(["", "# note", "  # indented note", "   "])))
        form = draw(
            st.sampled_from(["scalar", "scalar", "flow", "block", "empty", "nested", "flowmap"])
        )
        space = "  " if _one_in(draw, 10) else " "
        trail = draw(st.sampled_from(["  ", " # c"])) if _one_in(draw, 10) else ""
        if form == "scalar":
            lines.append(f"{key}:{space}{draw(scalars())}{trail}")
        elif form == "flow":
            items = draw(st.lists(scalars(), max_size=4))
            sep = draw(st.sampled_from([", ", ", ", ",", " , "]))
            lines.append(f"{key}:{space}[{sep.join(items)}]{trail}")
        elif form == "block":
            indent = draw(st.sampled_from(["", "  ", "    "]))
            lines.append(f"{key}:")
            for item in draw(st.lists(scalars(), max_size=3)):
                if _one_in(draw, 10):
                    lines.append("# between items")
                odd = _one_in(draw, 20)  # now and then, a wrong indentation
                lines.append(f"{indent + ' ' if odd else indent}- {item}{trail}")
        elif form == "nested":  # `applies_to:` with `role: [...]` lines, keys of every sort
            lines.append(f"{key}:")
            for sub in draw(st.lists(keys, max_size=3, unique=True)):
                if _one_in(draw, 2):
                    items = ", ".join(draw(st.lists(scalars(), max_size=3)))
                    lines.append(f"  {sub}: [{items}]{trail}")
                else:
                    lines.append(f"  {sub}: {draw(scalars())}{trail}")
        elif form == "flowmap":  # `R3: {role: [sponsor]}`
            pairs = [
                f"{sub}: {draw(scalars())}" for sub in draw(st.lists(keys, max_size=3, unique=True))
            ]
            lines.append(f"{key}:{space}{{{', '.join(pairs)}}}{trail}")
        else:
            lines.append(f"{key}:{trail}")
    return "\n".join(lines) + "\n"


def _keys(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [*value, *(k for v in value.values() for k in _keys(v))]
    if isinstance(value, list):
        return [k for v in value for k in _keys(v)]
    return []


def _typed(value: Any) -> Any:
    """`value` with every leaf tagged by its type (so `1`, `1.0` and `True` differ) and NaN
    made equal to itself."""
    if isinstance(value, dict):
        return {_typed(k): _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def _full(text: str) -> Any:
    """The full path, bypassing the fast path."""
    return PmoYAMLHandler("x.md")._parse_full(text)


@settings(max_examples=800, deadline=None)
@given(simple_front_matter())
def test_fast_path_agrees_with_the_full_path(text: str) -> None:
    fast = FAST.parse(text)
    event("fast path answered" if fast is not None else "fast path fell back")
    if fast is None:
        return
    full = _full(text)
    assert full.issues == [], (text, full.issues)
    assert _typed(fast) == _typed(full.meta), text


@settings(max_examples=400, deadline=None)
@given(simple_front_matter())
def test_front_matter_data_only_ever_has_string_keys(text: str) -> None:
    """The schema validator refuses any other key: `on:` or `1:` at any depth stays as written."""
    for meta in (FAST.parse(text), _full(text).meta):
        assert all(isinstance(key, str) for key in _keys(meta)), (text, meta)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tags: [0b1]\n", {"tags": [1]}),
        (
            "tags: [0b1, 017, 0x1F, 0o7]\nt: 1:30\nu:\n- 190:20:30\n",
            {"tags": [1, 15, 31, "0o7"], "t": 90, "u": [685230]},
        ),
        (
            "a: yes\nb: Off\nc: y\nd: ~\ne:\nf: null\n",
            {"a": True, "b": False, "c": "y", "d": None, "e": None, "f": None},
        ),
        (
            "a: .5\nb: 1e3\nc: 1.0e+3\nd: -.inf\n",
            {"a": 0.5, "b": "1e3", "c": 1000.0, "d": -math.inf},
        ),
        (
            "a: 2026-01-15\nb: 2026-02-30\nc: 2026-01-15T10:00:00Z\nd: 2026-1-5\n",
            {"a": "2026-01-15", "b": "2026-02-30", "c": "2026-01-15T10:00:00Z", "d": "2026-1-5"},
        ),
        (
            "tags:\n  - yes\n  - 'yes'\n  - \"0.1\"\n  - it's\n",
            {"tags": [True, "yes", "0.1", "it's"]},
        ),
        (
            "title: Risk [draft], a - b\nowner: 'O''Brien'\n# a comment\nversion: \"1.10\"\n",
            {"title": "Risk [draft], a - b", "owner": "O'Brien", "version": "1.10"},
        ),
    ],
)
def test_fast_path_answers_these_as_the_full_path_does(text: str, expected: dict[str, Any]) -> None:
    """The fast path answers (it does not just fall back) and agrees, type for type."""
    fast = FAST.parse(text)
    assert fast is not None
    assert _typed(fast) == _typed(expected) == _typed(_full(text).meta)


@pytest.mark.parametrize(
    "text",
    [
        "on: x\n",  # a boolean key
        "1:30: x\n",
        "null: x\n",
        "a: =\n",  # the value tag, refused by the loader
        "a: <<\n",
        "a: b # comment\n",
        "a: [[b]]\n",
        "a: &x b\n",
        "a:\n  - b\n - c\n",
        "a: b\n  c\n",
    ],
)
def test_fast_path_falls_back_on_what_it_does_not_read(text: str) -> None:
    assert FAST.parse(text) is None


def test_a_key_yaml_reads_as_another_type_is_named_as_written() -> None:
    """`on:` is the boolean True to YAML; the field is called what the author wrote."""
    loaded = _full("on: x\n0x1F: y\n~: z\n")
    assert loaded.issues == []
    assert loaded.meta == {"on": "x", "0x1F": "y", "~": "z"}


def test_keys_that_read_the_same_are_duplicates() -> None:
    loaded = _full('on: a\nOn: b\n"on": c\n')
    assert [(i.code.value, i.location.line, i.message) for i in loaded.issues] == [
        ("pmo.duplicate-key", 3, "key 'On' appears twice (first on line 2); remove one"),
        ("pmo.duplicate-key", 4, "key 'on' appears twice (first on line 2); remove one"),
    ]
    assert loaded.meta == {"on": "a"}


@pytest.mark.parametrize(
    "text",
    [
        "a: {role: [x], role: [y]}\n",
        "a:\n  role: [x]\n  role: [y]\n",
        "a:\n  - {b: 1, b: 2}\n",
        "a: {on: 1, yes: 2}\n",
    ],
)
def test_a_nested_key_written_twice_is_reported(text: str) -> None:
    """PyYAML would keep the last value silently: neither value is taken as meant."""
    assert FAST.parse(text) is None  # the fast path never picks one
    loaded = _full(text)
    assert [i.code.value for i in loaded.issues if "twice" in i.message] == ["pmo.duplicate-key"]


def test_realistic_front_matter_takes_the_fast_path() -> None:
    text = (
        "id: STD-0001\ntitle: Standard 1\nstatus: active\nowner: PMO lead\n"
        'summary: Risk budget review gate.\nversion: "1.0"\ntags: [risk, budgetx]\n'
        "effective: 2026-01-15\nlast_reviewed: 2026-09-01\nreview_cycle_months: 12\n"
        "related: [STD-0002, STD-0003]\n"
    )
    fast = FAST.parse(text)
    assert fast is not None
    assert _typed(fast) == _typed(_full(text).meta)


documents = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.builds(
        lambda fm, body: f"---\n{fm}---\n{body}".encode("utf-8", "surrogatepass"),
        simple_front_matter(),
        st.text(max_size=200),
    ),
    st.builds(
        lambda data, body: (
            "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n" + body
        ).encode(),
        st.dictionaries(
            keys,
            st.recursive(
                st.one_of(
                    st.none(),
                    st.booleans(),
                    st.integers(),
                    st.floats(allow_nan=True),
                    st.text(max_size=30),
                    st.dates(min_value=dt.date(1, 1, 1)),
                ),
                lambda children: (
                    st.lists(children, max_size=3)
                    | st.dictionaries(st.text(max_size=5), children, max_size=3)
                ),
                max_leaves=8,
            ),
            max_size=8,
        ),
        st.text(alphabet=st.sampled_from(list("ab[]#`\n-STD0123|<>:{}%")), max_size=200),
    ),
)


@settings(max_examples=300, deadline=None)
@given(documents)
def test_split_document_never_raises(data: bytes) -> None:
    parsed = split_document("standards/STD-001-x.md", data)
    assert all(isinstance(issue, Issue) for issue in parsed.issues)
    assert parsed.meta is None or isinstance(parsed.meta, dict)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(documents, min_size=1, max_size=4))
def test_whole_pipeline_never_raises(files: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "standards").mkdir()
        (root / "playbooks").mkdir()
        for index, data in enumerate(files):
            folder = "standards" if index % 2 == 0 else "playbooks"
            (root / folder / f"doc-{index}.md").write_bytes(data)
        corpus, report = check(Settings(root=root, today=dt.date(2026, 11, 27)))
        for issue in report.issues:
            assert issue.location.uri.startswith(("standards/", "playbooks/"))
            assert issue.format().startswith(issue.location.uri)
        for doc in corpus:
            corpus.incoming(doc.id)
            corpus.outgoing(doc)


def _closing_line_by_walking(text: str, start: int) -> tuple[int, int] | None:
    """The former line-by-line walk that `frontmatter.closing_line` replaced."""
    pos = start
    while pos <= len(text):
        end = text.find("\n", pos)
        if text[pos : end if end != -1 else len(text)].rstrip() in ("---", "..."):
            return pos, end
        if end == -1:
            return None
        pos = end + 1
    return None


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["---", "--- ", "...", "... \t", " ---", "a---", "----", "", "x: 1", "...x", "-- -"]
        ),
        max_size=8,
    ),
    st.booleans(),
)
def test_closing_line_search_agrees_with_the_line_walk(lines: list[str], newline: bool) -> None:
    text = "---\n" + "\n".join(lines) + ("\n" if newline else "")
    assert closing_line(text, 4) == _closing_line_by_walking(text, 4)
