"""The sanitiser of documents' rendered HTML (see tests/core/test_html_safety.py for the allowlist)."""

from __future__ import annotations

import re

import pytest

from mkdocs_pmo.core.html_safety import sanitize_html


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>plain <em>text</em> &amp; entities &para;</p>", "<p>plain <em>text</em> &amp; entities ¶</p>"),
        ("<p>a</p><script>alert(1)</script><p>b</p>", "<p>a</p><p>b</p>"),
        ("<SCRIPT type='x'>alert(1)</SCRIPT>ok", "ok"),
        ('<img src="x.png" onerror="alert(1)">', '<img src="x.png">'),
        ('<img/onerror="alert(1)" src="x.png">', '<img src="x.png">'),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="  JaVa&#x09;Script:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="javascr&#105;pt:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="javascr\tipt:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="javascr\nipt:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="javascr&Tab;ipt:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="javascript&colon;alert(1)">x</a>', "<a>x</a>"),
        ('<a href="vbscript:x">x</a>', "<a>x</a>"),
        ('<a href="data:text/html,<b>x</b>">x</a>', "<a>x</a>"),
        ('<img src="data:image/png;base64,AAAA">', "<img>"),
        ('<iframe src="https://evil.example">fallback</iframe>', "fallback"),
        ('<object data="x.swf"><embed src="x.swf"></object>', ""),
        ('<meta http-equiv="refresh" content="0;url=x"><base href="x">', ""),
        ('<svg><a xlink:href="javascript:alert(1)">x</a></svg>', "<svg><a>x</a></svg>"),
        ('<iframe srcdoc="<script>x</script>"></iframe>', ""),
        ('<form action="https://evil.example/"><input type="password" name="p"></form>', '<input name="p">'),
        ('<link rel="stylesheet" href="//evil.example/x.css">', ""),
        ("<style>@import url(//evil.example/x.css);</style>", ""),
        ('<a href="https://example.org/" title="on=off">ok</a>', '<a href="https://example.org/" title="on=off">ok</a>'),
        ('<span class="md-tag" data-md-x="1">tag</span>', '<span class="md-tag" data-md-x="1">tag</span>'),
        ("<scr<script>ipt>alert(1)</script>", "ipt&gt;alert(1)"),
    ],
)  # fmt: skip
def test_sanitize_html(html: str, expected: str) -> None:
    """Whatever the allowlist does not name goes; what it names stays, re-serialised."""
    result = sanitize_html(html)
    assert result == expected
    assert not re.search(r"<script|onerror|javascript:", result, re.IGNORECASE)


def test_sanitize_keeps_material_markup() -> None:
    html = (
        '<div class="admonition note"><p class="admonition-title">Note</p></div>'
        '<pre class="mermaid"><code>a --&gt; b</code></pre>'
        '<h2 id="why">Why<a class="headerlink" href="#why" title="Permanent link">¶</a></h2>'
        '<input type="checkbox" disabled="" checked=""><label class="task-list-control"></label>'
    )
    assert sanitize_html(html + "<script>x</script>") == html


def test_sanitize_drops_names_reserved_for_the_theme() -> None:
    """`#__config` is mkdocs-material's runtime configuration: a page's element must not be it."""
    html = (
        '<div id="__config">{"base": "https://evil.example"}</div>'
        '<label for="__drawer">x</label><a name="__palette">y</a><p id="__search">z</p>'
    )
    assert sanitize_html(html) == (
        '<div>{"base": "https://evil.example"}</div><label>x</label><a>y</a><p>z</p>'
    )


def test_sanitize_keeps_the_reserved_names_extensions_write() -> None:
    """pymdownx.tabbed's inputs and labels, pymdownx.highlight's line anchors stay."""
    from tests.html_markup import render

    html = render('=== "A"\n    one\n\n=== "B"\n    two\n')
    kept = sanitize_html(html)
    for name in ('id="__tabbed_1_1"', 'name="__tabbed_1"', 'for="__tabbed_1_2"'):
        assert name in kept
    anchors = '<a id="__codelineno-0-1" name="__codelineno-0-1" href="#__codelineno-0-1"></a>'
    assert sanitize_html(anchors) == anchors
    assert sanitize_html('<span id="__span-0-1"></span><code id="__code_0"></code>') == (
        '<span id="__span-0-1"></span><code id="__code_0"></code>'
    )
