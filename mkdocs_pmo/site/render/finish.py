"""The last edits of a built page, made in one pass over its HTML (`on_post_page`)."""

from __future__ import annotations


def finish_page(
    page_html: str, *, head: str = "", article_end: str = "", body_end: str = ""
) -> str:
    """`page_html` with up to three insertions, copying the page once.

    Args:
        page_html: The whole page.
        head: Markup to add before `</head>`, unless the head already holds it.
        article_end: Markup to add at the end of the main `<article>` (or before `</body>`,
            or at the very end).
        body_end: Markup to add before `</body>` (or at the very end), unless the page
            already holds it after its article.
    """
    edits: list[tuple[int, str]] = []
    head_at = page_html.find("</head>")
    if head and head_at != -1 and page_html.find(head, 0, head_at) == -1:
        edits.append((head_at, head + "\n"))
    body_at = page_html.rfind("</body>")
    article_at = page_html.rfind("</article>")
    if article_end:
        end = article_at if article_at != -1 else body_at
        edits.append((end if end != -1 else len(page_html), article_end))
    # The scripts after the article are short: only they are searched for `body_end`.
    if body_end and page_html.find(body_end, max(article_at, head_at, 0)) == -1:
        edits.append((body_at if body_at != -1 else len(page_html), body_end + "\n"))
    if not edits:
        return page_html
    parts: list[str] = []
    pos = 0
    for at, text in sorted(edits, key=lambda edit: edit[0]):
        parts += (page_html[pos:at], text)
        pos = at
    parts.append(page_html[pos:])
    return "".join(parts)
