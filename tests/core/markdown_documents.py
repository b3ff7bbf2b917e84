"""A Hypothesis strategy for Markdown documents that stress where `[[ID]]` references can be.

Documents mix every construct of the site's Markdown (python-markdown with its extensions):
paragraphs, headings, lists (nested, loose and tight, with indented continuations and code),
blockquotes (nested, with fences), fences of all kinds (long, unclosed, with info strings),
indented code, code spans (wrapping lines), HTML blocks with and without `markdown`, HTML
comments, inline tags, admonitions, details, tabs, tables, definition lists, footnotes,
reference links, escapes and autolinks, with references sprinkled everywhere.
"""

from __future__ import annotations

from hypothesis import strategies as st

REFS = [
    "[[STD-001]]",
    "[[PB-002|text]]",
    "[[STD-003#why]]",
    "[[PB-004|two words]]",
    "[[STD-005#a.b|x]]",
]
WORDS = [
    "word",
    "see",
    "x",
    "STD-001",
    "[",
    "]",
    "(",
    ")",
    "*",
    "_",
    "#",
    ":",
    "|",
    "!",
    "\\",
    "<",
    ">",
    "&amp;",
    "`",
    "``",
    "~~~",
    "```",
    "=",
    "-",
    "1.",
]
SPECIALS = [
    "`[[STD-001]]`",
    "``a ` [[PB-002]]``",
    "\\[[STD-001]]",
    "[[STD-001\\]]",
    "\\`[[STD-003]]\\`",
    '<span title="[[STD-001]]">x</span>',
    "<b>[[PB-002]]</b>",
    '<span title="a>b [[STD-003]]">',
    "<!-- [[STD-001]] -->",
    "<!--",
    "-->",
    "<br/>",
    "<https://x.org/[[STD-001]]>",
    "<me@x.org>",
    "[see [[STD-001]]](http://x)",
    "[[STD-001]](x)",
    "[[STD-001]] (x)",
    "![[[STD-001]]](i.png)",
    "[x]([[STD-001]])",
    '[x](http://y "t [[PB-002]]")',
    "[t][r]",
    "[[STD-001]][r]",
    "[[STD-003]][]",
    "[r]",
    "[^1]",
    "[^n]",
    ":smile:",
    "*a [[STD-001]]*",
    "**[[PB-002|b]]**",
    "[[STD-001|a `b` c]]",
    "[[STD-001|a\\*b]]",
    "{: #x }",
    "{ [[STD-001]] }",
    "[[STD-001|x]",
    "[[[STD-001]]]",
    "[ ]",
    "[x]",
]

piece = st.one_of(
    st.sampled_from(REFS),
    st.sampled_from(WORDS),
    st.sampled_from(SPECIALS),
    st.text(alphabet="ab [](`)<>\\|#*!-", min_size=1, max_size=4),
)


@st.composite
def inline(draw: st.DrawFn, min_size: int = 1) -> str:
    parts = draw(st.lists(piece, min_size=min_size, max_size=6))
    sep = draw(st.sampled_from([" ", " ", " ", "", "  ", "\t"]))
    return sep.join(parts)


@st.composite
def paragraph(draw: st.DrawFn, depth: int) -> list[str]:
    lines = draw(st.lists(inline(), min_size=1, max_size=3))
    if len(lines) > 1 and draw(st.booleans()):
        lines[0] += "  "  # a hard line break
    return lines


@st.composite
def heading(draw: st.DrawFn, depth: int) -> list[str]:
    text = draw(inline())
    kind = draw(st.sampled_from(["atx", "atx", "closed", "setext1", "setext2", "attrs"]))
    level = draw(st.integers(1, 6))
    if kind == "atx":
        return ["#" * level + draw(st.sampled_from([" ", ""])) + text]
    if kind == "closed":
        return ["#" * level + " " + text + " " + "#" * draw(st.integers(1, 3))]
    if kind == "attrs":
        return ["#" * level + " " + text + " {#anchor .cls}"]
    return [text, ("=" if kind == "setext1" else "-") * draw(st.integers(1, 4))]


@st.composite
def fence(draw: st.DrawFn, depth: int) -> list[str]:
    char = draw(st.sampled_from(["`", "~"]))
    length = draw(st.integers(3, 5))
    info = draw(
        st.sampled_from(
            [
                "",
                "python",
                "mermaid",
                " python",
                "{.python}",
                ' title="a [[STD-001]]"',
                'python hl_lines="1"',
                'python linenums="1"',
                "foo",
                "py!",
                "python foo",
                "`x`",
            ]
        )
    )
    content = draw(
        st.lists(st.one_of(inline(), st.just(""), st.just("    [[PB-002]]")), max_size=3)
    )
    close = draw(
        st.sampled_from(
            [
                char * length,
                char * length,
                char * length,
                char * (length + 1),
                "",
                "~~~" if char == "`" else "```",
            ]
        )
    )
    lines = [char * length + info, *content]
    if close:
        lines.append(close)
    return lines


@st.composite
def indented_code(draw: st.DrawFn, depth: int) -> list[str]:
    lines = draw(st.lists(inline(), min_size=1, max_size=3))
    prefix = draw(st.sampled_from(["    ", "\t", "     "]))
    return ["", *(prefix + line for line in lines)]


def _indent(lines: list[str], prefix: str) -> list[str]:
    return [prefix + line if line else "" for line in lines]


@st.composite
def listing(draw: st.DrawFn, depth: int) -> list[str]:
    ordered = draw(st.booleans())
    loose = draw(st.booleans())
    out: list[str] = []
    for i in range(draw(st.integers(1, 3))):
        marker = f"{i + 1}." if ordered else draw(st.sampled_from(["-", "*", "+"]))
        text = draw(inline())
        out.append(f"{marker} {text}")
        if draw(st.booleans()):
            out.append(draw(inline()))  # lazy continuation
        if depth > 0 and draw(st.booleans()):
            child = draw(block(depth - 1))
            indent = draw(st.sampled_from(["    ", "    ", "  ", "   ", "\t", "        "]))
            if draw(st.booleans()):
                out.append("")
            out.extend(_indent(child, indent))
        if loose:
            out.append("")
    return out


@st.composite
def blockquote(draw: st.DrawFn, depth: int) -> list[str]:
    inner = draw(blocks(max(depth - 1, 0)))
    prefix = draw(st.sampled_from(["> ", ">", "> > ", ">  "]))
    out = [prefix + line if line or draw(st.booleans()) else "" for line in inner]
    if draw(st.booleans()):
        out.append(draw(inline()))  # lazy continuation
    return [line if line.strip() or line == "" else ">" for line in out]


@st.composite
def html_block(draw: st.DrawFn, depth: int) -> list[str]:
    kind = draw(
        st.sampled_from(
            [
                "<div>",
                "<div markdown>",
                '<div markdown="1">',
                '<div markdown="span">',
                "<section markdown>",
                "<p markdown>",
                "<details markdown>",
                "<table>",
                "comment",
                "comment1",
                "pre",
            ]
        )
    )
    if kind == "comment1":
        return [f"<!-- {draw(inline())} -->"]
    if kind == "comment":
        return ["<!--", *draw(paragraph(0)), "-->"]
    if kind == "pre":
        return ["<pre>", draw(inline()), "</pre>"]
    tag = kind[1:].split(">")[0].split(" ")[0]
    inner = draw(blocks(max(depth - 1, 0))) if depth > 0 else draw(paragraph(0))
    gap = [""] if draw(st.booleans()) else []
    return [kind, *gap, *inner, *gap, f"</{tag}>"]


@st.composite
def admonition(draw: st.DrawFn, depth: int) -> list[str]:
    head = draw(
        st.sampled_from(
            [
                "!!! note",
                '!!! note "Title [[STD-001]]"',
                '!!! warning ""',
                "??? note",
                '???+ tip "About [[PB-002]]"',
                '??? "## [[STD-003]]"',
                '=== "Tab [[STD-001]]"',
                '=== "B"',
                '===+ "C"',
            ]
        )
    )
    inner = draw(blocks(max(depth - 1, 0)))
    gap = [""] if draw(st.booleans()) else []
    return [head, *gap, *_indent(inner, draw(st.sampled_from(["    ", "    ", "\t", "  "])))]


@st.composite
def table(draw: st.DrawFn, depth: int) -> list[str]:
    columns = draw(st.integers(1, 3))
    border = draw(st.booleans())

    def row(cells: list[str]) -> str:
        inner = " | ".join(cells)
        return f"| {inner} |" if border else inner

    cell = st.one_of(
        st.sampled_from(REFS), st.sampled_from(["a", "`a|b`", "x \\| y", ""]), inline()
    )
    lines = [row([draw(cell) for _ in range(columns)]), row(["---"] * columns)]
    lines += [row([draw(cell) for _ in range(columns)]) for _ in range(draw(st.integers(0, 2)))]
    return lines


@st.composite
def definitions(draw: st.DrawFn, depth: int) -> list[str]:
    out = [draw(inline()), f": {draw(inline())}"]
    if draw(st.booleans()):
        out += ["", f"    {draw(inline())}"]
    return out


@st.composite
def footnote(draw: st.DrawFn, depth: int) -> list[str]:
    key = draw(st.sampled_from(["1", "n", "x"]))
    out = [f"[^{key}]: {draw(inline())}"]
    if draw(st.booleans()):
        out += ["", f"    {draw(inline())}"]
    return out


@st.composite
def simple(draw: st.DrawFn, depth: int) -> list[str]:
    return [
        draw(
            st.sampled_from(
                [
                    "[r]: http://x.org",
                    "[STD-001]: http://x.org",
                    "---",
                    "***",
                    "*[STD]: Standard",
                    "///Footnotes Go Here///",
                    "- [ ] [[STD-001]] task",
                    "- [x] done [[PB-002]]",
                    "    ",
                    "<hr>",
                    "<div>[[STD-001]]</div> [[PB-002]]",
                    "<div>",
                    "</div>",
                ]
            )
        )
    ]


def block(depth: int) -> st.SearchStrategy[list[str]]:
    choices = [
        paragraph(depth),
        paragraph(depth),
        heading(depth),
        fence(depth),
        indented_code(depth),
        table(depth),
        definitions(depth),
        footnote(depth),
        simple(depth),
    ]
    if depth > 0:
        choices += [listing(depth), blockquote(depth), html_block(depth), admonition(depth)]
    return st.one_of(choices)


@st.composite
def blocks(draw: st.DrawFn, depth: int) -> list[str]:
    out: list[str] = []
    for part in draw(st.lists(block(depth), min_size=1, max_size=4)):
        if out:
            out.extend([""] * draw(st.sampled_from([0, 1, 1, 1, 2])))
        out.extend(part)
    return out


@st.composite
def documents(draw: st.DrawFn, depth: int = 2) -> str:
    lines = draw(blocks(depth))
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))


FLAT_WORDS = [
    "word",
    "see",
    "1.",
    "2.x",
    "- x",
    "#",
    "# not a heading",
    "a|b",
    "|",
    "STD-001",
    "[x]",
    "[ ]",
    "(x)",
    "x:",
    "**bold**",
    "*em*",
    "_u_",
    "—",
    "é",
    "{#id}",
    "[[STD-001",
    "]]",
    "[[STD-001]](x)",
    "[x](y)",
]
flat_piece = st.one_of(st.sampled_from(REFS), st.sampled_from(FLAT_WORDS))


@st.composite
def flat_text(draw: st.DrawFn) -> str:
    return " ".join(draw(st.lists(flat_piece, min_size=1, max_size=5)))


@st.composite
def flat_block(draw: st.DrawFn) -> list[str]:
    kind = draw(st.sampled_from(["p", "p", "h", "list", "list", "table", "mixed"]))
    if kind == "p":
        return draw(st.lists(flat_text(), min_size=1, max_size=3))
    if kind == "h":
        hashes = "#" * draw(st.integers(1, 8))
        closing = draw(st.sampled_from(["", " #", " ##", "#"]))
        attrs = draw(st.sampled_from(["", " {#anchor}", " {: .x }"]))
        return [hashes + draw(st.sampled_from([" ", ""])) + draw(flat_text()) + attrs + closing]
    if kind == "list":
        ordered = draw(st.booleans())
        out = []
        for i in range(draw(st.integers(1, 4))):
            marker = f"{i + 1}." if ordered else draw(st.sampled_from(["-", "*", "+"]))
            out.append(f"{marker}{draw(st.sampled_from([' ', '  ']))}{draw(flat_text())}")
            if draw(st.integers(0, 9)) == 0:
                out.append(draw(flat_text()))  # lazy continuation
        return out
    if kind == "table":
        columns = draw(st.integers(1, 3))
        border = draw(st.booleans())

        def row(cells: list[str]) -> str:
            inner = " | ".join(cells)
            return f"| {inner} |" if border else inner

        cell = st.one_of(st.sampled_from(REFS), st.sampled_from(["a", "", "#x"]), flat_text())
        separator = draw(st.sampled_from(["---", ":--", "--:", ":-:", "x"]))
        lines = [row([draw(cell) for _ in range(columns)]), row([separator] * columns)]
        extra = draw(st.integers(0, 1))
        lines += [
            row([draw(cell) for _ in range(columns + extra)])
            for _ in range(draw(st.integers(0, 2)))
        ]
        return lines
    # A heading inside a block, splitting it.
    return [draw(flat_text()), "## " + draw(flat_text()), draw(flat_text())]


@st.composite
def flat_documents(draw: st.DrawFn) -> str:
    """Documents the scanner's flat shortcut takes (and near misses it must refuse)."""
    out: list[str] = []
    for block in draw(st.lists(flat_block(), min_size=1, max_size=6)):
        if out:
            out.extend([""] * draw(st.sampled_from([1, 1, 1, 2])))
        out.extend(block)
    if draw(st.integers(0, 9)) == 0:
        out.insert(
            draw(st.integers(0, len(out))),
            draw(st.sampled_from(["---", "===", "  x", "> q", ": d", "a  "])),
        )
    return "\n".join(out) + draw(st.sampled_from(["\n", ""]))
