"""The last edits of a built page, made in one pass over its HTML (`on_post_page`)."""

from __future__ import annotations


def finish_page(
    page_html: str, *, head: str = "", swap: tuple[str, str] | None = None, article_end: str = ""
) -> str:
    """`page_html` with up to three insertions, copying the page once rather than three times.

    Args:
        page_html: The whole page.
        head: Markup to add before `</head>`, unless the head already holds it.
        swap: `(old, new)`: the first `old` after the head becomes `new` (left alone if absent).
        article_end: Markup to add at the end of the main `<article>` (or before `</body>`,
            or at the very end).
    """
    edits: list[tuple[int, int, str]] = []
    head_at = page_html.find("</head>")
    if head and head_at != -1 and page_html.find(head, 0, head_at) == -1:
        edits.append((head_at, head_at, head + "\n"))
    if swap is not None:
        old, new = swap
        at = page_html.find(old, max(head_at, 0)) if old else -1
        if at != -1:
            edits.append((at, at + len(old), new))
    if article_end:
        end = page_html.rfind("</article>")
        if end == -1:
            end = page_html.rfind("</body>")
        edits.append((end if end != -1 else len(page_html), -1, article_end))
    if not edits:
        return page_html
    parts: list[str] = []
    pos = 0
    for start, stop, text in sorted(edits, key=lambda edit: edit[0]):
        if start < pos:
            continue  # overlaps the previous edit (cannot happen with well-formed pages)
        parts += (page_html[pos:start], text)
        pos = start if stop == -1 else stop
    parts.append(page_html[pos:])
    return "".join(parts)
