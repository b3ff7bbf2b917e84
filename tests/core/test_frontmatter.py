"""python-frontmatter with `PmoYAMLHandler` reads front matter exactly as the checker does."""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

import frontmatter
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_pmo.core.frontmatter import FrontMatterError, NoFrontMatter, PmoYAMLHandler
from mkdocs_pmo.core.load import split_document

if TYPE_CHECKING:
    from pathlib import Path

URI = "standards/STD-001-a.md"
DOC = (
    "---\n"
    "id: STD-001\n"
    "title: Risk appetite\n"
    "status: active\n"
    "owner: PMO lead\n"
    "summary: How much risk a project may take.\n"
    'version: "1.10"\n'
    "tags: [risk, governance]\n"
    "related:\n"
    "  - STD-002\n"
    "effective: 2026-01-15\n"
    "last_reviewed: 2026-02-30\n"
    "review_cycle_months: 12\n"
    "---\n"
    "\n"
    "## Why\n"
    "\n"
    "Because.\n"
)
META = {
    "id": "STD-001",
    "title": "Risk appetite",
    "status": "active",
    "owner": "PMO lead",
    "summary": "How much risk a project may take.",
    "version": "1.10",
    "tags": ["risk", "governance"],
    "related": ["STD-002"],
    "effective": "2026-01-15",  # a date, given as the checker gives it
    "last_reviewed": "2026-02-30",  # an impossible date stays text
    "review_cycle_months": 12,
}


def _checker(text: str) -> tuple[dict[str, Any] | None, list[tuple[str, int, int, str]]]:
    parsed = split_document(URI, text.encode("utf-8"))
    return parsed.meta, [
        (i.code.value, i.location.line, i.location.col, i.message) for i in parsed.issues
    ]


def _issues(exc: FrontMatterError) -> list[tuple[str, int, int, str]]:
    assert all(i.location.uri == URI for i in exc.issues)
    return [(i.code.value, i.location.line, i.location.col, i.message) for i in exc.issues]


@pytest.mark.parametrize(
    "transform",
    [
        pytest.param(lambda s: s, id="plain"),
        pytest.param(lambda s: "\ufeff" + s, id="bom"),
        pytest.param(lambda s: s.replace("\n", "\r\n"), id="crlf"),
        pytest.param(lambda s: s.replace("\n", "\r"), id="cr"),
        pytest.param(lambda s: "\ufeff" + s.replace("\n", "\r\n"), id="bom-crlf"),
    ],
)
def test_loads_gives_the_checkers_front_matter(transform: Any) -> None:
    text = transform(DOC)
    post = frontmatter.loads(text, handler=PmoYAMLHandler(URI))
    meta, issues = _checker(text)
    assert issues == []
    assert post.metadata == meta == META
    assert post.content == "## Why\n\nBecause."  # python-frontmatter strips the body


def test_load_reads_a_file_with_the_handler(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_bytes(("\ufeff" + DOC.replace("\n", "\r\n")).encode("utf-8"))
    post = frontmatter.load(path, handler=PmoYAMLHandler(URI))
    assert post.metadata == META


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("---\nid: STD-001\nowner: a\nowner: b\n---\n", id="duplicate-key"),
        pytest.param("---\nid: STD-001\ntitle: Risk: appetite\n---\n", id="colon"),
        pytest.param("---\nid: STD-001\ntags:\n\t- a\n---\n", id="tab"),
        pytest.param("---\nid: STD-001\na: &x [1]\nb: *x\n---\n", id="alias"),
        pytest.param("---\nid: STD-001\ntitle: &draft Risk\n---\n", id="anchor"),
        pytest.param("---\nowner: !!python/object/apply:os.system [x]\n---\n", id="tag"),
        pytest.param("---\n<<: {a: 1}\n---\n", id="merge"),
        pytest.param("---\n- a\n---\n", id="list"),
        pytest.param("---\nid: STD-001\ntitle: 'open\n---\n", id="unclosed-quote"),
        pytest.param("\ufeff---\r\nid: STD-001\r\nid: STD-002\r\n---\r\n", id="bom-crlf"),
        pytest.param("---\nid: x\n", id="unterminated"),
    ],
)
def test_problems_are_raised_with_the_checkers_issues(text: str) -> None:
    """Same codes, messages, file lines and columns as the checker; nothing half-loaded."""
    _, expected = _checker(text)
    assert expected
    with pytest.raises(FrontMatterError) as caught:
        frontmatter.loads(text, handler=PmoYAMLHandler(URI))
    assert _issues(caught.value) == expected


def test_positions_are_file_lines_through_python_frontmatter() -> None:
    text = "---\nid: STD-001\ntitle: x\n\n\nsummary: a: b\n---\nBody\n"
    with pytest.raises(FrontMatterError) as caught:
        frontmatter.loads(text, handler=PmoYAMLHandler(URI))
    (issue,) = caught.value.issues
    assert (issue.location.line, issue.location.col) == (6, 11)
    assert str(caught.value) == issue.format()


def test_text_without_front_matter_is_all_content() -> None:
    """python-frontmatter's convention; the checker calls it an error (pmo.no-front-matter)."""
    text = "# Title\n\nNo metadata.\n"
    post = frontmatter.loads(text, handler=PmoYAMLHandler(URI))
    assert post.metadata == {}
    assert post.content == text.strip()
    assert not PmoYAMLHandler().detect(text)
    with pytest.raises(NoFrontMatter):
        PmoYAMLHandler().split_parts(text)
    assert [c for c, *_ in _checker(text)[1]] == ["pmo.no-front-matter"]


def test_detect_follows_the_checkers_first_line_rule() -> None:
    handler = PmoYAMLHandler()
    assert handler.detect("---\nid: x\n---\n")
    assert handler.detect("\ufeff---  \r\nid: x\n---\n")
    assert not handler.detect(" ---\nid: x\n---\n")
    assert not handler.detect("----\nid: x\n---\n")


def test_blank_lines_before_the_opening_line_are_stripped_by_python_frontmatter() -> None:
    """The one place the two differ, documented in `core.frontmatter`: python-frontmatter
    strips the text before the handler sees it, so lines count from the opening `---`."""
    text = "\n\n---\nid: STD-001\nid: STD-002\n---\n"
    with pytest.raises(FrontMatterError) as caught:
        frontmatter.loads(text, handler=PmoYAMLHandler(URI))
    assert [i.location.line for i in caught.value.issues] == [3]
    assert [c for c, *_ in _checker(text)[1]] == ["pmo.no-front-matter"]


def test_the_closing_line_may_be_dots_and_the_body_line_is_kept() -> None:
    parts = PmoYAMLHandler().split_parts("---\nid: x\n...\n\nBody\n")
    assert parts == ("id: x\n", "\nBody\n", 4)


def test_export_keeps_order_and_quotes_only_what_needs_it() -> None:
    metadata: dict[str, object] = {
        "id": "STD-003",
        "title": 'Risk: "appetite" # yes',
        "status": "draft",
        "owner": "on",
        "version": "0.1",
        "summary": "A plain sentence, with a comma.",
        "effective": "2026-01-15",
        "reviewed": dt.date(2026, 2, 1),
        "standards": ["STD-001", "yes", "a, b"],
        "tags": [],
        "review_cycle_months": 12,
        "draft": True,
        "weight": 0.5,
        "note": None,
        "yes": "key YAML would read as a boolean",
        "lines": "two\nlines",
        "separator": "a\u2028b",
    }
    text = PmoYAMLHandler().export(metadata, comments={"version": ["# note"], "": ["# end"]})
    assert text.split("\n") == [
        "id: STD-003",
        'title: "Risk: \\"appetite\\" # yes"',
        "status: draft",
        'owner: "on"',
        "# note",
        'version: "0.1"',
        "summary: A plain sentence, with a comma.",
        "effective: 2026-01-15",
        "reviewed: 2026-02-01",
        'standards: [STD-001, "yes", "a, b"]',
        "tags: []",
        "review_cycle_months: 12",
        "draft: true",
        "weight: 0.5",
        "note:",
        '"yes": key YAML would read as a boolean',
        'lines: "two\\nlines"',
        'separator: "a\\Lb"',
        "# end",
    ]
    expected = {**metadata, "reviewed": "2026-02-01"}
    assert PmoYAMLHandler().load(text) == expected


def test_dumps_writes_a_document_the_checker_reads_back() -> None:
    post = frontmatter.Post("## Why\n\nBecause.", id="STD-001", title="Risk: appetite")
    text = frontmatter.dumps(post, handler=PmoYAMLHandler())
    assert text == '---\nid: STD-001\ntitle: "Risk: appetite"\n---\n\n## Why\n\nBecause.'
    meta, issues = _checker(text)
    assert issues == []
    assert meta == {"id": "STD-001", "title": "Risk: appetite"}


def test_export_refuses_unknown_options() -> None:
    with pytest.raises(TypeError, match="unexpected export options"):
        PmoYAMLHandler().export({"a": "b"}, sort_keys=True)


_scalars = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["yes", "0.1", "1.10", "~", "null", "0b1", "1:30", "@x", "a: b", "#c"]),
    st.integers(),
    st.booleans(),
    st.floats(allow_nan=False),
    st.none(),
)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, float) and math.isinf(a):
        return a == b
    return type(a) is type(b) and a == b


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.text(min_size=1, max_size=10),
        st.one_of(_scalars, st.lists(st.one_of(st.text(max_size=10), st.integers()), max_size=3)),
        max_size=6,
    )
)
def test_whatever_export_writes_loads_back_the_same(metadata: dict[str, Any]) -> None:
    handler = PmoYAMLHandler()
    loaded = handler.load(handler.export(metadata))
    assert list(loaded) == list(metadata)
    assert all(_same(metadata[k], loaded[k]) for k in metadata), loaded
