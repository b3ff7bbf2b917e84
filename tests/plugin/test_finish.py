"""`finish_page`: the post-page edits, in one pass."""

from __future__ import annotations

from mkdocs_pmo.site.render.finish import finish_page

PAGE = (
    "<html><head><title>t</title></head><body>"
    '<article><div class="card">full</div><p>text</p></article></body></html>'
)


def test_both_edits_land_in_place() -> None:
    out = finish_page(PAGE, head='<link rel="alternate">', article_end="<section>rel</section>")
    assert out == (
        '<html><head><title>t</title><link rel="alternate">\n</head><body>'
        '<article><div class="card">full</div><p>text</p><section>rel</section></article>'
        "</body></html>"
    )


def test_head_markup_is_not_added_twice() -> None:
    once = finish_page(PAGE, head="<link x>")
    assert once.count("<link x>") == 1
    assert finish_page(once, head="<link x>") == once


def test_without_article_or_body_the_fragment_goes_at_the_end() -> None:
    assert finish_page("<p>x</p>", article_end="<hr>") == "<p>x</p><hr>"
    assert finish_page("<body><p>x</p></body>", article_end="<hr>") == "<body><p>x</p><hr></body>"
    assert finish_page("<p>x</p>") == "<p>x</p>"


def test_body_end_goes_before_the_body_closes_once() -> None:
    out = finish_page(PAGE, article_end="<section>rel</section>", body_end="<script s></script>")
    assert out.endswith("<section>rel</section></article><script s></script>\n</body></html>")
    assert finish_page(out, body_end="<script s></script>") == out
    assert finish_page("<p>x</p>", body_end="<script></script>") == "<p>x</p><script></script>\n"
