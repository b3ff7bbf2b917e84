"""Header card, status banner and relations/backlinks of a document page, as HTML strings.

Every value that comes from front matter goes through `html.escape`; `href` callables return
URLs relative to the page being rendered.
"""

from __future__ import annotations

import functools
from html import escape
from typing import TYPE_CHECKING

from mkdocs_pmo.core.model import IN_FORCE
from mkdocs_pmo.site.render.links import href_value, link_html, link_parts

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Mapping, Sequence

    from mkdocs_pmo.core.model import Document

    Href = Callable[[Document], str]

#: Order of relation groups on the page; unknown labels follow in their own order.
RELATION_ORDER = (
    "Superseded by",
    "Supersedes",
    "Implements",
    "Implemented by",
    "Related",
    "Referenced by",
)


@functools.lru_cache(maxsize=64)
def status_badge(status: str) -> str:
    """A small coloured badge naming the status."""
    s = escape(status)
    return f'<span class="pmo-badge pmo-badge--{s}">{s}</span>'


def doc_link(doc: Document, href: Href) -> str:
    """`ID Title` link with status tooltip and, for retired statuses, a visible marker."""
    return link_html(doc, href(doc))


def _row(label: str, value_html: str, cls: str = "") -> str:
    extra = f" {cls}" if cls else ""
    return f'<div class="pmo-card__field{extra}"><dt>{label}</dt><dd>{value_html}</dd></div>'


def header_card(doc: Document, today: dt.date) -> str:
    """The card under the title: ID, status, owner, version, dates, review due, summary, Why."""
    rows = [
        _row("ID", f"<code>{escape(doc.id)}</code>"),
        _row("Status", status_badge(doc.status)),
        _row("Owner", escape(doc.owner)),
    ]
    if doc.version:
        rows.append(_row("Version", escape(doc.version)))
    if doc.effective:
        rows.append(_row("Effective", _date(doc.effective)))
    if doc.last_reviewed:
        rows.append(_row("Last reviewed", _date(doc.last_reviewed)))
    due = doc.review_due
    if due:
        if due < today and doc.status in IN_FORCE:
            rows.append(
                _row(
                    "Next review",
                    f'{_date(due)} <strong class="pmo-overdue-flag">overdue</strong>',
                    "pmo-overdue",
                )
            )
        else:
            rows.append(_row("Next review", _date(due)))
    why = '<a class="pmo-card__why md-button" href="#why">Why?</a>' if doc.why is not None else ""
    summary = f'<p class="pmo-card__summary">{escape(doc.summary)}</p>' if doc.summary else ""
    return (
        f'<div class="pmo-card pmo-card--{escape(doc.status)}" data-pmo-id="{escape(doc.id)}">'
        f'{summary}<dl class="pmo-card__fields">{"".join(rows)}</dl>{why}</div>'
    )


def _date(day: dt.date) -> str:
    iso = day.isoformat()
    return f'<time datetime="{iso}">{iso}</time>'


def _links(docs: Sequence[Document], href: Href) -> str:
    return ", ".join(doc_link(d, href) for d in docs)


_BANNERS = {
    "draft": ("note", "Draft", "This {kind} is a draft. It is not in force."),
    "proposed": (
        "info",
        "Proposed",
        "This {kind} is proposed and under review. It is not in force yet.",
    ),
    "deprecated": (
        "warning",
        "Deprecated",
        "This {kind} is still in force but is being phased out.",
    ),
    "superseded": (
        "danger",
        "Superseded",
        "This {kind} is no longer in force.",
    ),
    "retired": ("danger", "Retired", "This {kind} has been retired. It is no longer in force."),
}


def status_banner(
    doc: Document, successors: Sequence[Document], href: Href, kind_label: str = "document"
) -> str:
    """An admonition-style banner for any status other than `active` (empty string otherwise)."""
    spec = _BANNERS.get(doc.status)
    if spec is None:
        return ""
    kind_class, title, text = spec
    body = escape(text.format(kind=kind_label))
    if successors:
        body += f" Use {_links(successors, href)} instead."
    return (
        f'<div class="admonition {kind_class} pmo-banner pmo-banner--{escape(doc.status)}" '
        f'role="note"><p class="admonition-title">{title}</p><p>{body}</p></div>'
    )


#: How a relation group is drawn: (`out`: this document → neighbour, or `in`), arrow, verb.
Drawing = tuple[str, str, str]


def relations_section(
    outgoing: Mapping[str, Sequence[Document]],
    incoming: Mapping[str, Sequence[Document]],
    href: Href,
    drawings: Mapping[str, Drawing] | None = None,
    made: dict[str, str] | None = None,
) -> str:
    """Relations both ways, grouped by label (`Implements`, `Implemented by`, ...).

    With `drawings` (label → how to draw it), each group and item carries what
    `pmo-graph.js` needs to draw the neighbourhood graph from this list. `made` keeps the
    items made with this `href`, by document ID, for the next page that shares `href` (the
    caller keeps one per `href` and per build).
    """
    groups: dict[str, dict[str, Document]] = {}
    for mapping in (outgoing, incoming):
        for label, docs in mapping.items():
            bucket = groups.get(label)
            if bucket is None:
                bucket = groups[label] = {}
            for doc in docs:
                bucket.setdefault(doc.id, doc)
    if not groups:
        return ""
    draw = drawings or {}
    made = {} if made is None else made
    parts = []
    for label in sorted(groups, key=_label_rank):
        items = []
        for doc in groups[label].values():
            item = made.get(doc.id)
            if item is None:
                item = made[doc.id] = _item(doc, href)
            items.append(item)
        parts.append(f"{_group_open(label, draw.get(label))}{''.join(items)}</ul></dd></div>")
    return (
        '<section class="pmo-relations" aria-labelledby="pmo-relations">'
        '<h2 id="pmo-relations">Relations</h2>'
        f'<dl class="pmo-relations__groups">{"".join(parts)}</dl></section>'
    )


_RANK = {label: i for i, label in enumerate(RELATION_ORDER)}


def _label_rank(label: str) -> int:
    return _RANK.get(label, len(_RANK))


@functools.lru_cache(maxsize=256)
def _group_open(label: str, drawing: Drawing | None) -> str:
    """A relation group's markup up to its first item (the same for every page)."""
    data = (
        f' data-pmo-edge="{escape(drawing[0])}" data-pmo-arrow="{escape(drawing[1])}"'
        f' data-pmo-verb="{escape(drawing[2])}"'
        if drawing
        else ""
    )
    return (
        f'<div class="pmo-relations__group"{data}><dt>{escape(label)}</dt>'
        '<dd><ul class="pmo-relations__list">'
    )


def _item(doc: Document, href: Href) -> str:
    """A relations list item: the link, the status badge, and the graph's `data-pmo-*`."""
    head, tail = link_parts(doc)
    return (
        f'<li data-pmo-id="{escape(doc.id)}" data-pmo-kind="{escape(doc.kind)}">{head}'
        f"{href_value(href(doc))}{tail} {status_badge(doc.status)}</li>"
    )


def graph_placeholder(doc: Document) -> str:
    """The neighbourhood section, drawn in the browser by `pmo-graph.js` from the relations.

    The graph shows exactly the relations listed above it, so the page carries them once;
    Mermaid needs JavaScript anyway.
    """
    return (
        '<section class="pmo-graph" aria-labelledby="pmo-graph">'
        '<h2 id="pmo-graph">Neighbourhood</h2>'
        f'<div class="pmo-graph__canvas" data-pmo-id="{escape(doc.id)}" '
        f'data-pmo-title="{escape(doc.title)}" data-pmo-kind="{escape(doc.kind)}" '
        f'data-pmo-status="{escape(doc.status)}"></div>'
        "<noscript><p>The graph needs JavaScript; the relations above list the same "
        "documents.</p></noscript></section>"
    )
