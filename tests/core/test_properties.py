"""Property-based tests: random input never crashes the core, and the fast path never lies."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_pmo.core.fastyaml import parse_simple
from mkdocs_pmo.core.issues import Issue
from mkdocs_pmo.core.load import ParsedFile, _parse_yaml, split_document
from mkdocs_pmo.core.pipeline import Settings, check

TRICKY = [
    "yes",
    "No",
    "on",
    "off",
    "null",
    "~",
    "1.10",
    "010",
    "0x1F",
    "1_000",
    "2026-1-5",
    "2026-02-30",
    "2026-01-15",
    "12",
    "-3",
    "+4",
    ".5",
    "a: b",
    "a #b",
    "#c",
    "&x",
    "*x",
    "!!python/object:os.system",
    "[a, b]",
    "{a: 1}",
    "'quoted'",
    '"dq"',
    '"a\\"b"',
    "'it''s'",
    "STD-001",
    "PMO lead",
    "(paren)",
    "=",
    "<<",
    "- item",
    "| block",
    "> fold",
    "x,",
    "tab\tx",
    "ünïcödé",
    "emoji 🎯",
    "",
]
keys = st.sampled_from(
    [
        "id",
        "title",
        "status",
        "owner",
        "summary",
        "version",
        "tags",
        "related",
        "effective",
        "review_cycle_months",
        "owenr",
        "x_1",
        "standards",
    ]
)
scalars = st.one_of(st.sampled_from(TRICKY), st.text(max_size=20))


def _full_parse(text: str) -> ParsedFile:
    parsed = ParsedFile("x.md")
    # the full PyYAML path, bypassing the fast path
    from mkdocs_pmo.core import load

    original = load.parse_simple
    load.parse_simple = lambda _text: None  # type: ignore[assignment]
    try:
        _parse_yaml(parsed, text)
    finally:
        load.parse_simple = original
    return parsed


@st.composite
def simple_front_matter(draw: st.DrawFn) -> str:
    lines = []
    for key in draw(st.lists(keys, max_size=8)):
        form = draw(st.sampled_from(["scalar", "flow", "block", "empty"]))
        if form == "scalar":
            lines.append(f"{key}: {draw(scalars)}")
        elif form == "flow":
            items = draw(st.lists(scalars, max_size=4))
            lines.append(f"{key}: [{', '.join(items)}]")
        elif form == "block":
            indent = draw(st.sampled_from(["", "  ", "    "]))
            lines.append(f"{key}:")
            lines += [f"{indent}- {item}" for item in draw(st.lists(scalars, max_size=3))]
        else:
            lines.append(f"{key}:")
    return "\n".join(lines) + "\n"


@settings(max_examples=400, deadline=None)
@given(simple_front_matter())
def test_fast_path_agrees_with_pyyaml(text: str) -> None:
    fast = parse_simple(text)
    if fast is None:
        return
    full = _full_parse(text)
    assert full.issues == [], (text, full.issues)
    assert fast == full.meta, text


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
    """The former line-by-line walk that `load._closing_line` replaced."""
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
    from mkdocs_pmo.core.load import _closing_line

    text = "---\n" + "\n".join(lines) + ("\n" if newline else "")
    assert _closing_line(text, 4) == _closing_line_by_walking(text, 4)
