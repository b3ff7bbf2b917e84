"""`[[ID]]` links swapped for tokens around Markdown: the page is the same as without the swap.

Pure tests run the swap around a real python-markdown conversion; build tests run real MkDocs
and compare against what the Markdown extension alone makes of the same body.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import markdown

from mkdocs_pmo.core.body import link_pattern, scan_body
from mkdocs_pmo.site.render.link_tokens import LinkTokens, _near_heading
from tests.conftest import build_site, doc_text, mkdocs_yml, read_html, write_tree

if TYPE_CHECKING:
    from pathlib import Path

    from mkdocs_pmo.core.model import BodyLink

PATTERN = link_pattern(["STD", "PB"])


def _render(link: BodyLink) -> tuple[str, str] | None:
    if link.target == "STD-404":  # a document without a page
        return None
    text = link.text or f"{link.target} Title"
    return f'<a class="pmo-ref" href="/{link.target}/">{text}</a>', text


def _convert(body: str, tokens: LinkTokens | None = None) -> tuple[str, str, int]:
    """(HTML, the Markdown converted, links swapped) for `body`."""
    tokens = tokens or LinkTokens.new()
    links = scan_body(body, 1, PATTERN).links
    source, swapped = tokens.swap_out(body, links, _render)
    html = markdown.markdown(source, extensions=["toc", "attr_list", "tables", "admonition"])
    return tokens.swap_in(html, swapped), source, len(swapped)


def test_links_in_text_become_links_and_keep_their_custom_text() -> None:
    html, source, count = _convert("See [[STD-001]] and [[PB-002|the *playbook*]].\n")
    assert count == 2
    assert "[[" not in source
    assert html == (
        '<p>See <a class="pmo-ref" href="/STD-001/">STD-001 Title</a> and '
        '<a class="pmo-ref" href="/PB-002/">the *playbook*</a>.</p>'
    )


def test_code_anchors_headings_and_pageless_targets_are_left_to_markdown() -> None:
    body = (
        "# Title [[STD-001]]\n\n"
        "Setext [[STD-002]]\n"
        "------------------\n\n"
        "  ### Indented [[STD-003]]\n\n"
        '<h3 markdown="1">Raw [[STD-004]]</h3>\n\n'
        "`[[STD-005]]` [[STD-006#why]] [[STD-404]]\n\n"
        "```\n[[STD-007]]\n```\n\n"
        "    [[STD-008]] indented code\n"
    )
    _html, source, count = _convert(body)
    assert count == 0
    assert source == body


def test_a_token_where_a_link_cannot_go_becomes_text() -> None:
    body = (
        '![alt [[STD-001]]](pic.png "a [[STD-002]] title")\n\n'
        "A code span over two lines: `one\n[[STD-003]] two`, then [[STD-004]].\n"
    )
    html, _source, count = _convert(body)
    assert count == 4  # the checker cannot see these contexts; the swap back repairs them
    assert 'alt="alt STD-001 Title"' in html
    assert 'title="a STD-002 Title title"' in html
    assert "<code>one\n[[STD-003]] two</code>" in html
    assert '<a class="pmo-ref" href="/STD-004/">STD-004 Title</a>.' in html


def test_tokens_are_new_each_build_and_restore_gives_the_source_back() -> None:
    first, second = LinkTokens.new(), LinkTokens.new()
    assert first.prefix != second.prefix
    body = "One [[STD-001]], two [[STD-002|x]].\n"
    links = scan_body(body, 1, PATTERN).links
    source, swapped = first.swap_out(body, links, _render)
    assert re.fullmatch(r"One pmo[0-9a-f]{12}r0z, two pmo[0-9a-f]{12}r1z\.\n", source)
    assert first.restore(source, swapped) == body
    assert second.swap_in(source, swapped) == source  # another build's tokens are just text


def test_a_wrong_line_start_only_makes_the_heading_test_more_careful() -> None:
    body = "# Heading\n\nText [[STD-001]] here\n\nSetext [[STD-002]]\n===\n"
    first = body.index("[[STD-001]]")
    second = body.index("[[STD-002]]")
    for line_start in (-1, 0, first - 2, first + 1, len(body)):  # unknown or wrong
        # Wrong starts are replaced or look further back, never past the link's own line.
        assert _near_heading(body, second, second + 11, line_start)
    assert not _near_heading(body, first, first + 11, body.index("Text"))
    assert not _near_heading(body, first, first + 11, -1)
    assert _near_heading(body, first, first + 11, 0)  # from the top: sees the `#` line


def test_offsets_survive_fences_and_code_before_the_link() -> None:
    body = "```python\nx = '[[STD-001]]'\n```\n\n`a` `[[STD-002]]` then [[STD-003]]\n"
    links = scan_body(body, 1, PATTERN).links
    assert [(link.target, body[link.start : link.end]) for link in links] == [
        ("STD-003", "[[STD-003]]")
    ]


# -- real builds ------------------------------------------------------------------------------

BODY = """\
Intro with [[STD-002]], [[STD-002|own <b>text</b>]] and `[[STD-002]]`.

## Why

Because [[STD-002]] says so.

## See [[STD-002]]

Setext [[STD-002]]
------------------

| Column |
|---|
| [[STD-002]] |

![logo [[STD-002]]](https://example.org/logo.png)

!!! note "Note on [[STD-002]]"
    Body [[STD-002]].
"""

#: Records the Markdown as other plugins see it: after pmo's `on_page_markdown` (priority 50)
#: and after the content event.
RECORDER = """\
from mkdocs.plugins import event_priority

converted = {}

@event_priority(40)
def on_page_markdown(markdown, page, config, files):
    converted[page.file.src_uri] = markdown

@event_priority(-90)
def on_page_content(html, page, config, files):
    during = converted[page.file.src_uri].replace("<", "&lt;")
    after = page.markdown.replace("<", "&lt;")
    return f'{html}<pre id="markdown-converted">{during}</pre><pre id="markdown-seen">{after}</pre>'
"""

#: Changes every page's Markdown before the pmo plugin sees it (priority above its 50).
EARLY_EDITOR = """\
from mkdocs.plugins import event_priority

@event_priority(60)
def on_page_markdown(markdown, page, config, files):
    return "Edited first.\\n\\n" + markdown
"""


def _site(tmp_path: Path, *hooks: str) -> Path:
    files = {f"hook{i}.py": text for i, text in enumerate(hooks)}
    listed = "".join(f"  - {name}\n" for name in files)
    write_tree(
        tmp_path,
        {
            "mkdocs.yml": mkdocs_yml(extra=f"hooks:\n{listed}"),
            **files,
            "standards/STD-001-a.md": doc_text("STD-001", "First", body=BODY),
            "standards/STD-002-b.md": doc_text("STD-002", "Second"),
        },
    )
    return build_site(tmp_path)


def _article(page: str) -> str:
    start = page.index("<p>Intro with")
    return page[start : page.index("</article>", start)]


def test_a_built_page_is_the_same_with_and_without_the_swap(tmp_path: Path) -> None:
    swapped = read_html(_site(tmp_path / "swap", RECORDER), "standards/STD-001-a/")
    plain = read_html(_site(tmp_path / "plain", EARLY_EDITOR, RECORDER), "standards/STD-001-a/")
    link = (
        '<a class="pmo-ref pmo-ref--active" href="../../standards/STD-002-b/" '
        'title="Active · Summary of STD-002.">STD-002 Second</a>'
    )
    article = _article(swapped)
    text = article.split('<section class="pmo-relations"')[0]
    # Intro, Why, two headings, table, admonition title and body.
    assert text.count(link) == 7
    assert "own &lt;b&gt;text&lt;/b&gt;</a>" in article
    assert "<code>[[STD-002]]</code>" in article
    assert 'alt="logo STD-002 Second"' in article
    assert '<h2 id="see-std-002-second">See <a class="pmo-ref' in article
    assert '<h2 id="setext-std-002-second">Setext <a class="pmo-ref' in article
    assert 'Note on <a class="pmo-ref' in article
    assert "pmo" not in re.sub(r'pmo-[a-z_-]+|"pmo|pmo"', "", article.split("<pre id=")[0])
    # Markdown converted tokens; other plugins see the Markdown as written, without tokens.
    token = re.compile(r"pmo[0-9a-f]{12}r[0-9]+z")
    converted = article.split('<pre id="markdown-converted">')[1].split("</pre>")[0]
    assert len(token.findall(converted)) == 7  # all but code and headings
    assert len(token.findall(plain.split('<pre id="markdown-converted">')[1])) == 0
    seen = article.split('<pre id="markdown-seen">')[1]
    assert "Intro with [[STD-002]], [[STD-002|own &lt;b>text&lt;/b>]]" in seen
    assert not token.search(seen)
    # Without the swap (the Markdown changed before the plugin saw it), the extension makes
    # the same links: only attribute quoting may differ (`'` escaped or not).
    plain_article = _article(plain).replace("&#x27;", "'")
    assert plain_article.split("<pre id=")[0] == article.replace("&#x27;", "'").split("<pre id=")[0]


#: Changes every page's Markdown after the pmo plugin swapped its links out.
LATE_EDITOR = """\
from mkdocs.plugins import event_priority

@event_priority(45)
def on_page_markdown(markdown, page, config, files):
    return markdown + "\\n\\nEdited later.\\n"
"""


def test_markdown_edited_after_the_swap_gets_its_links_back_too(tmp_path: Path) -> None:
    page = read_html(_site(tmp_path, LATE_EDITOR, RECORDER), "standards/STD-001-a/")
    assert "<p>Edited later.</p>" in page
    text = _article(page).split('<section class="pmo-relations"')[0]
    assert text.count('title="Active · Summary of STD-002.">STD-002 Second</a>') == 7
    seen = page.split('<pre id="markdown-seen">')[1]
    assert seen.lstrip("\n").startswith("Intro with [[STD-002]], [[STD-002|own &lt;b>text&lt;/b>]]")
    assert "Note on [[STD-002]]" in seen
    assert "Edited later." in seen
    assert not re.search(r"pmo[0-9a-f]{12}r", seen)


def test_links_in_raw_html_blocks_become_links_too() -> None:
    """python-markdown passes raw HTML blocks through untouched, so the extension left
    `[[ID]]` there as text; the checker validates those links, and the swap makes them links."""
    html, _source, count = _convert('<div class="note">\nSee [[STD-001]].\n</div>\n')
    assert count == 1
    assert (
        html
        == '<div class="note">\nSee <a class="pmo-ref" href="/STD-001/">STD-001 Title</a>.\n</div>'
    )
