"""The last edits of a built page, made in one pass over its HTML (`on_post_page`)."""

from __future__ import annotations


def finish_page(page_html: str, *, head: str = "", article_end: str = "") -> str:
    """`page_html` with up to two insertions, copying the page once rather than twice.

    Args:
        page_html: The whole page.
        head: Markup to add before `</head>`, unless the head already holds it.
        article_end: Markup to add at the end of the main `<article>` (or before `</body>`,
            or at the very end).
    """
    edits: list[tuple[int, str]] = []
    head_at = page_html.find("</head>")
    if head and head_at != -1 and page_html.find(head, 0, head_at) == -1:
        edits.append((head_at, head + "\n"))
    if article_end:
        end = page_html.rfind("</article>")
        if end == -1:
            end = page_html.rfind("</body>")
        edits.append((end if end != -1 else len(page_html), article_end))
    if not edits:
        return page_html
    parts: list[str] = []
    pos = 0
    for at, text in sorted(edits, key=lambda edit: edit[0]):
        parts += (page_html[pos:at], text)
        pos = at
    parts.append(page_html[pos:])
    return "".join(parts)
