"""`pmo check` finds `[[ID]]` references exactly as the site's Markdown renderer renders them.

The renderer is python-markdown with the `markdown_extensions` of the repository's
`mkdocs.yml` and the `[[ID]]` inline processor (`mkdocs_pmo.site.links`), which records every
reference it meets; the scanner (`mkdocs_pmo.core.body.scan_body`) must find the same ones in
the same order without rendering. Compared here on generated documents (Hypothesis), on every
document of the repository, and on a table of hostile cases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, assume, given, reject, settings

from benchmarks.corpus import generate
from mkdocs_pmo.core import body as scanner
from mkdocs_pmo.core.body import scan_body
from mkdocs_pmo.core.load import split_document
from mkdocs_pmo.core.mdmodel.flat import scan_flat
from tests.core.markdown_documents import documents, flat_documents
from tests.core.renderer import PATTERN, ROOT, Ref, renderer, same_refs

if TYPE_CHECKING:
    from pathlib import Path

CHECKS = settings(
    max_examples=300,
    deadline=None,
    # The flat generator makes near misses on purpose (the model handles them, tested above).
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def scanned(markdown: str) -> list[Ref]:
    return [(link.target, link.anchor, link.text) for link in scan_body(markdown, 1, PATTERN).links]


@CHECKS
@given(documents())
def test_generated_documents(markdown: str) -> None:
    try:
        rendered = renderer().refs(markdown)
    except RuntimeError:
        # python-markdown fails on some footnotes defined inside footnotes: nothing to compare
        # with, but the scanner must not fail.
        scanned(markdown)
        reject()
    assert same_refs(scanned(markdown), rendered), markdown


@CHECKS
@given(flat_documents())
def test_flat_shortcut_agrees_with_the_model(markdown: str) -> None:
    """The shortcut for flat documents gives what the model gives, lines and headings too."""
    assume(scan_flat(markdown, PATTERN) is not None)  # near misses: the model, tested above
    fast = scan_body(markdown, 3, PATTERN)
    model = scanner._scan_model(markdown, 3, PATTERN)
    assert (fast.links, fast.headings, fast.why, fast.why_line) == (
        model.links,
        model.headings,
        model.why,
        model.why_line,
    )
    assert same_refs(scanned(markdown), renderer().refs(markdown)), markdown


def test_benchmark_documents_take_the_flat_shortcut(tmp_path: Path) -> None:
    """The benchmark's realistic documents (shaped like the repository's) are flat."""
    generate(tmp_path, 20, shape="realistic")
    paths = sorted(tmp_path.rglob("*.md"))
    assert len(paths) == 20
    for path in paths:
        markdown = split_document(path.name, path.read_bytes()).body
        assert scan_flat(markdown, PATTERN) is not None, path.name
        assert same_refs(scanned(markdown), renderer().refs(markdown))


def _repository_documents() -> list[Path]:
    return [
        path
        for folder in ("standards", "playbooks", "docs")
        for path in sorted((ROOT / folder).rglob("*.md"))
        if "overrides" not in path.parts
    ]


def _body(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith(b"---"):
        return split_document(path.name, data).body
    return data.decode("utf-8")


@pytest.mark.parametrize("path", _repository_documents(), ids=lambda p: p.name)
def test_repository_documents(path: Path) -> None:
    markdown = _body(path)
    rendered = renderer().refs(markdown)
    assert same_refs(scanned(markdown), rendered)
    if path.parent.name in ("standards", "playbooks"):
        assert rendered, "the repository's documents link to each other"


@dataclass(frozen=True)
class Case:
    """A hostile case: Markdown and the references the renderer records, in its order."""

    why: str
    markdown: str
    refs: tuple[str, ...]


CASES = [
    Case(
        "an indented paragraph in a list item is list content",
        "- item\n\n    see [[STD-001]]\n",
        ("STD-001",),
    ),
    Case("an indented block after a paragraph is code", "para\n\n    [[STD-001]]\n", ()),
    Case(
        "spaces around a comment set aside join into an indent: code",
        "x\n<!-- a -->  <!-- b -->  [[STD-001]]\n",
        (),
    ),
    Case("a tab-indented block is code", "para\n\n\t[[STD-001]]\n", ()),
    Case("a fence in a blockquote is code", "> ```\n> [[STD-001]]\n> ```\n", ()),
    Case("a fence in a list item is code", "- item\n\n    ```\n    [[STD-001]]\n    ```\n", ()),
    Case("a fence in an admonition is code", "!!! note\n\n    ~~~\n    [[STD-001]]\n    ~~~\n", ()),
    Case("an unclosed fence stays Markdown", "```\n[[STD-001]]\n", ("STD-001",)),
    Case("a longer fence closes only on its own length", "````\n[[STD-001]]\n```\n````\n", ()),
    Case(
        "a fence with an unknown option is no fence, but its backticks pair up",
        "```python foo\n[[STD-001]]\n```\n",
        (),
    ),
    Case("a code span may wrap lines in a paragraph", "text `code\n[[STD-001]]` end\n", ()),
    Case("double backticks hold a single one", "``a ` [[STD-001]]`` [[PB-002]]\n", ("PB-002",)),
    Case("an escaped backtick opens no code span", "\\`[[STD-001]]\\`\n", ("STD-001",)),
    Case("an inline comment is set aside", "text <!-- [[STD-001]] --> end\n", ()),
    Case("a block comment is raw HTML", "<!-- [[STD-001]] -->\n\npara [[PB-002]]\n", ("PB-002",)),
    Case("a comment may span lines", "<!--\n[[STD-001]]\n-->\n", ()),
    Case("a tag's attribute is not text", 'text <span title="[[STD-001]]">x</span>\n', ()),
    Case("a quoted `>` does not end a tag", '<span title="a>b [[STD-001]]">x</span>\n', ()),
    Case("a raw HTML block is not Markdown", "<div>\n[[STD-001]]\n</div>\n", ()),
    Case(
        "`markdown` makes an HTML block Markdown",
        "<div markdown>\n[[STD-001]]\n</div>\n",
        ("STD-001",),
    ),
    Case(
        '`markdown="span"` makes its content inline Markdown',
        '<div markdown="span">[[STD-001]]</div>\n',
        ("STD-001",),
    ),
    Case("an autolink is a URL", "<https://x.org/[[STD-001]]>\n", ()),
    Case("a backslash escapes the bracket", "\\[[STD-001]]\n", ()),
    Case(
        "a reference in a link's text is found first",
        "[[PB-002]] [see [[STD-001]]](x)\n",
        ("STD-001", "PB-002"),
    ),
    Case("a link destination is a URL", "[x]([[STD-001]])\n", ()),
    Case("`[[ID]](url)` is a link whose text is `[ID]`", "[[STD-001]](x)\n", ()),
    Case("an image's alt text is an attribute", "![[[STD-001]]](i.png)\n", ()),
    Case(
        "a link in a heading takes the brackets too", "# [[STD-001]](x) [[PB-002]]\n", ("PB-002",)
    ),
    Case(
        "a defined reference link takes the brackets",
        "[[STD-001]][r] [[PB-002]]\n\n[r]: http://x.org\n",
        ("PB-002",),
    ),
    Case(
        "a table row splits at every `|`",
        "| a | b |\n|---|---|\n| [[PB-002]] | [[STD-001|t]] |\n",
        ("PB-002",),
    ),
    Case(
        "cells past the header's count are dropped",
        "| a | b |\n|---|---|\n| x | y | [[STD-001]] |\n",
        (),
    ),
    Case(
        "a paragraph after a list comes before the list's items",
        "[[STD-001]]\n\n- [[PB-002]]\n\n[[STD-003]]\n",
        ("STD-001", "STD-003", "PB-002"),
    ),
    Case(
        "table cells come after list items",
        "| a | b |\n|---|---|\n| [[STD-001]] | x |\n\n- [[PB-002]]\n",
        ("PB-002", "STD-001"),
    ),
    Case(
        "a list continuing a list makes paragraphs of its ends",
        "- [[STD-001]]\n- [[PB-002]]\n\n- [[STD-003]]\n- [[PB-004]]\n",
        ("STD-001", "PB-004", "PB-002", "STD-003"),
    ),
    Case(
        "tab labels come before tab content",
        '=== "A [[STD-001]]"\n\n    [[PB-002]]\n',
        ("STD-001", "PB-002"),
    ),
    Case(
        "admonition titles and bodies are Markdown",
        '!!! note "About [[STD-001]]"\n\n    body [[PB-002]]\n',
        ("STD-001", "PB-002"),
    ),
    Case(
        "a details summary is Markdown",
        '??? note "Sum [[STD-001]]"\n    body [[PB-002]]\n',
        ("STD-001", "PB-002"),
    ),
    Case(
        "footnotes come last",
        "[^1]: [[STD-003]]\n\nBody [[STD-001]][^1]\n\n- [[PB-002]]\n",
        ("STD-001", "PB-002", "STD-003"),
    ),
    Case("a hard line break lets `|text` run on", "[[STD-001|a  \nb]]\n", ("STD-001",)),
    Case(
        "a heading's attribute list is inline text when references are found",
        '## T {: title="[[STD-001]]" }\n',
        ("STD-001",),
    ),
    Case("a lazy line continues a blockquote", "> a\nlazy [[STD-001]]\n", ("STD-001",)),
    Case(
        "a definition is Markdown",
        "Term [[STD-001]]\n: Definition [[PB-002]]\n",
        ("STD-001", "PB-002"),
    ),
    Case("an abbreviation definition is not text", "*[STD]: Standard [[STD-001]]\n", ()),
    Case(
        "a footnote defined inside the last footnote is never rendered",
        "[^n]: see [[STD-001]]\n\n    > [^1]: inner [[PB-002]]\n",
        ("STD-001",),
    ),
    Case("only configured prefixes are references", "[[XYZ-001]] [[STD-1a]]\n", ()),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.why)
def test_hostile_cases(case: Case) -> None:
    rendered = renderer().refs(case.markdown)
    assert tuple(target for target, _, _ in rendered) == case.refs
    assert same_refs(scanned(case.markdown), rendered)


# Positions, headings, the Why section and the HTML text --------------------------------------


def _where(markdown: str, first_line: int = 10) -> list[tuple[str, int, int]]:
    return [
        (link.target, link.line, link.col)
        for link in scan_body(markdown, first_line, PATTERN).links
    ]


def test_lines_and_columns_are_file_positions() -> None:
    markdown = "Intro [[STD-001]]\n\n- item\n\n    see [[PB-002|x]] and\n    [[STD-003#why]]\n"
    assert _where(markdown) == [("STD-001", 10, 7), ("PB-002", 14, 9), ("STD-003", 15, 5)]


def test_columns_count_characters_not_tab_stops() -> None:
    assert _where("\tx\n\n- a\n\n\tsee\t[[STD-001]]\n", 1) == [("STD-001", 5, 6)]


def test_columns_in_blockquotes_tables_and_cells() -> None:
    markdown = "> > [[STD-001]]\n\n| a | b |\n|---|---|\n|  x | [[PB-002]] |\n"
    assert _where(markdown, 1) == [("STD-001", 1, 5), ("PB-002", 5, 8)]


def test_positions_survive_raw_html_and_fences_before_them() -> None:
    markdown = "<div>\n<b>x</b>\n</div>\n\n```\ncode\n```\n\n<!-- c --> [[STD-001]]\n"
    assert _where(markdown, 1) == [("STD-001", 9, 12)]


def test_carriage_returns_end_lines_as_line_feeds_do() -> None:
    markdown = "Intro\n\n- item\n\n    see [[PB-002]]\n\n`code` [[STD-001]]\n"
    assert (
        _where(markdown.replace("\n", "\r\n"))
        == _where(markdown)
        == [
            ("STD-001", 16, 8),
            ("PB-002", 14, 9),
        ]
    )


def test_text_and_anchor() -> None:
    links = scan_body("[[STD-001#why|the reason ]] [[PB-002]]\n", 1, PATTERN).links
    assert [(link.anchor, link.text) for link in links] == [("why", "the reason"), ("", "")]


def test_headings_as_the_renderer_makes_them() -> None:
    markdown = (
        "# Title {#main}\n"
        "Setext [[STD-001]]\n"
        "---\n"
        "\n"
        "    # code, not a heading\n"
        "\n"
        "```\n# fence, not a heading\n```\n"
        "\n"
        "<div>\n\n# raw HTML, not a heading\n\n</div>\n"
        "\n"
        "- ## In a list ##\n"
        "\n"
        "> ### In a quote\n"
        "\n"
        "!!! note\n\n    #### In an admonition\n"
        "####### Seven\n"
    )
    headings = scan_body(markdown, 1, PATTERN).headings
    assert [(h.level, h.text, h.line) for h in headings] == [
        (1, "Title", 1),
        (2, "Setext [[STD-001]]", 2),
        (2, "In a list", 17),
        (3, "In a quote", 19),
        (4, "In an admonition", 23),
        (6, "# Seven", 24),
    ]


def test_why_runs_to_the_next_heading_of_level_two_or_less() -> None:
    markdown = "Intro\n\n## Why\n\nBecause.\n\n### Detail\n\nMore.\n\n## Next\n\nOther.\n"
    scan = scan_body(markdown, 5, PATTERN)
    assert scan.why == "Because.\n\n### Detail\n\nMore."
    assert scan.why_line == 7


def test_why_as_a_setext_heading_with_attributes() -> None:
    scan = scan_body("Why {#rationale}\n---\n\nBecause.\n", 1, PATTERN)
    assert (scan.why, scan.why_line) == ("Because.", 1)


def test_a_why_heading_in_code_is_not_the_why_section() -> None:
    scan = scan_body("```\n## Why\n```\n\nText.\n", 1, PATTERN)
    assert scan.why is None


def test_html_text_blanks_code_and_keeps_raw_html() -> None:
    markdown = (
        '<span title="x">`<b>code span</b>`</span>\n\n'
        "```html\n<script>fenced</script>\n```\n\n"
        "para\n\n    <i>indented code</i>\n\n"
        "<div>raw [[STD-001]]</div>\n"
    )
    html = scan_body(markdown, 1, PATTERN).html_text
    assert len(html) == len(markdown)
    assert [i for i, c in enumerate(markdown) if c == "\n"] == [
        i for i, c in enumerate(html) if c == "\n"
    ]
    assert '<span title="x">' in html and "</span>" in html
    assert "<div>raw [[STD-001]]</div>" in html
    for code in ("<b>code span</b>", "<script>", "fenced", "<i>indented code</i>"):
        assert code not in html
    assert re.fullmatch(r" *", html.splitlines()[0][16:-7])


def test_html_text_of_a_flat_document_is_the_document() -> None:
    markdown = "# Title\n\nText [[STD-001]].\n"
    assert scan_body(markdown, 1, PATTERN).html_text == markdown


def test_copied_patterns_match_the_installed_packages() -> None:
    """The model copies the renderer's patterns rather than import them: they must not drift."""
    from markdown import inlinepatterns
    from pymdownx import superfences, tasklist

    from mkdocs_pmo.core.mdmodel import blocks, fences, inline

    assert fences.RE_NESTED_FENCE_START.pattern == superfences.RE_NESTED_FENCE_START.pattern
    assert fences.RE_HL_LINES.pattern == superfences.RE_HL_LINES.pattern
    assert fences.RE_LINENUMS.pattern == superfences.RE_LINENUMS.pattern
    assert fences.RE_OPTIONS.pattern == superfences.RE_OPTIONS.pattern
    for name in (
        "BACKTICK_RE",
        "ESCAPE_RE",
        "LINK_RE",
        "IMAGE_LINK_RE",
        "AUTOLINK_RE",
        "AUTOMAIL_RE",
        "HTML_RE",
        "LINE_BREAK_RE",
    ):
        assert getattr(inline, name) == getattr(inlinepatterns, name), name
    md = renderer().md
    assert set(md.ESCAPED_CHARS) == inline.ESCAPED_CHARS
    assert inline._LINK_DESTINATION.pattern == inlinepatterns.LinkInlineProcessor.RE_LINK.pattern
    assert inline._REFERENCE_ID.pattern == inlinepatterns.ReferenceInlineProcessor.RE_LINK.pattern
    processors = md.parser.blockprocessors
    copies = {
        "admonition": [("RE", blocks._ADMONITION_RE)],
        "details": [("START", blocks._DETAILS_RE)],
        "tabbed": [("START", blocks._TABBED_RE)],
        "indent": [("INDENT_RE", blocks._LIST_INDENT_RE)],
        "table": [
            ("RE_CODE_PIPES", blocks._TABLE_PIPES),
            ("RE_END_BORDER", blocks._TABLE_END_BORDER),
        ],
        "hashheader": [("RE", blocks._HASH_HEADER)],
        "setextheader": [("RE", blocks._SETEXT)],
        "hr": [("SEARCH_RE", blocks._HR)],
        "olist": [
            ("RE", blocks._OL),
            ("CHILD_RE", blocks._LIST_CHILD),
            ("INDENT_RE", blocks._LIST_NESTED),
        ],
        "ulist": [("RE", blocks._UL)],
        "deflist": [("RE", blocks._DEFLIST), ("NO_INDENT_RE", blocks._DEFLIST_NO_INDENT)],
        "quote": [("RE", blocks._QUOTE)],
        "footnote": [("RE", blocks._FOOTNOTE)],
        "abbr": [("RE", blocks._ABBR)],
        "reference": [("RE", blocks._REFERENCE)],
    }
    for name, attributes in copies.items():
        for attribute, copy in attributes:
            original = getattr(processors[name], attribute)
            assert (copy.pattern, copy.flags) == (original.pattern, original.flags), name
    assert blocks._CHECKBOX.pattern == tasklist.RE_CHECKBOX.pattern
