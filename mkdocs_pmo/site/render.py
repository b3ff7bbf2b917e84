"""HTML fragments of document pages, made from Jinja templates a site can override.

The package ships `templates/pmo/*.html` (card and its fields, banner, Why block, relations
with the neighbourhood graph, history). A site overrides any of them the way it overrides
Material's partials: a file of the same name under its theme's `custom_dir`
(`overrides/pmo/card.html`). Templates are rendered with autoescaping, so every
value from front matter is escaped unless a template marks it safe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined
from markupsafe import Markup

from mkdocs_pmo.core.model import IN_FORCE
from mkdocs_pmo.site.links import MARKED_STATUSES, link_title

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Mapping, Sequence

    from mkdocs_pmo.core.model import Document
    from mkdocs_pmo.git.history import History

#: Order of relation groups on the page; unknown labels follow in their own order.
RELATION_ORDER = (
    "Superseded by",
    "Supersedes",
    "Implements",
    "Implemented by",
    "Related",
    "Referenced by",
)
_WHY_HEADING = re.compile(r'<h2\b[^>]*\bid="why"[^>]*>', re.IGNORECASE)
_NEXT_SECTION = re.compile(r"<h[12]\b", re.IGNORECASE)

#: Statuses that get a banner (`banner.html`): every status but active.
BANNER_STATUSES = frozenset({"draft", "proposed", "deprecated", "superseded", "retired"})

#: How a relation group is drawn in the graph: (`out`: this document → neighbour, or `in`),
#: Mermaid arrow, verb.
Drawing = tuple[str, str, str]


@dataclass(frozen=True)
class DocLink:
    """What a template needs to link to a document from one page."""

    id: str
    title: str
    kind: str
    status: str
    url: str
    tooltip: str
    marked: bool

    @classmethod
    def to(cls, doc: Document, url: str) -> DocLink:
        return cls(
            doc.id,
            doc.title,
            doc.kind,
            doc.status,
            url,
            link_title(doc),
            doc.status in MARKED_STATUSES,
        )


@dataclass(frozen=True)
class RelationGroup:
    label: str
    drawing: Drawing | None
    links: tuple[DocLink, ...]


class Templates:
    """The plugin's Jinja environment: the site's `custom_dir` first, then the package.

    Made for each build (`BuildState`), so `mkdocs serve` picks up an edited override at the
    next rebuild; within a build each template is loaded once.
    """

    def __init__(self, custom_dir: str | None = None) -> None:
        loaders: list[Any] = [PackageLoader("mkdocs_pmo.site", "templates")]
        if custom_dir:
            loaders.insert(0, FileSystemLoader(custom_dir))
        self.env = Environment(
            loader=ChoiceLoader(loaders),
            autoescape=True,
            undefined=StrictUndefined,
            keep_trailing_newline=False,
            auto_reload=False,
        )

    def render(self, name: str, **context: Any) -> str:
        return self.env.get_template(f"pmo/{name}.html").render(**context)

    def card(self, doc: Document, fields: str) -> str:
        """The card with its summary and owner; `fields` (safe HTML) stands for the rest."""
        return self.render("card", doc=_view(doc), fields=Markup(fields))

    def card_fields(self, doc: Document, today: dt.date) -> str:
        """The card's other fields: ID, status, version, dates, next review."""
        due = doc.review_due
        overdue = due is not None and due < today and doc.status in IN_FORCE
        return self.render("card_fields", doc=_view(doc), overdue=overdue)

    def banner(self, doc: Document, kind_label: str, successors: Sequence[DocLink]) -> str:
        if doc.status not in BANNER_STATUSES:
            return ""
        return self.render("banner", doc=doc, kind_label=kind_label, successors=successors)

    def why(self, html: str) -> str:
        """`html` with its `<h2 id="why">` section (to the next h1/h2) in the Why template."""
        start = _WHY_HEADING.search(html)
        if start is None:
            return html
        after = _NEXT_SECTION.search(html, start.end())
        end = after.start() if after else len(html)
        block = self.render("why", content=Markup(html[start.start() : end]))
        return html[: start.start()] + block + html[end:]

    def relations(self, doc: Document, groups: Sequence[RelationGroup]) -> str:
        return self.render("relations", doc=doc, groups=groups)

    def history(
        self,
        history: History,
        doc_id: str,
        *,
        commit_url: Callable[[str], str] | None,
        feed_url: str,
    ) -> str:
        last = history.of(doc_id)
        return self.render(
            "history",
            unavailable=history.unavailable,
            last=last,
            entries=last.entries if last is not None else (),
            commit_url=commit_url,
            feed_url=feed_url,
        )


@dataclass(frozen=True)
class _DocView:
    id: str
    title: str
    kind: str
    status: str
    owner: str
    summary: str
    version: str
    effective: str
    last_reviewed: str
    review_due: str
    why: str | None


def _view(doc: Document) -> _DocView:
    """The card's fields as text (dates in ISO form)."""

    def iso(day: dt.date | None) -> str:
        return day.isoformat() if day else ""

    return _DocView(
        doc.id,
        doc.title,
        doc.kind,
        doc.status,
        doc.owner,
        doc.summary,
        doc.version,
        iso(doc.effective),
        iso(doc.last_reviewed),
        iso(doc.review_due),
        doc.why,
    )


def relation_groups(
    outgoing: Mapping[str, Sequence[Document]],
    incoming: Mapping[str, Sequence[Document]],
    url_of: Callable[[Document], str],
    drawings: Mapping[str, Drawing],
) -> list[RelationGroup]:
    """Relations both ways, grouped by label in `RELATION_ORDER`, each document once a group."""
    groups: dict[str, dict[str, Document]] = {}
    for mapping in (outgoing, incoming):
        for label, docs in mapping.items():
            bucket = groups.setdefault(label, {})
            for doc in docs:
                bucket.setdefault(doc.id, doc)
    rank = {label: i for i, label in enumerate(RELATION_ORDER)}
    return [
        RelationGroup(
            label,
            drawings.get(label),
            tuple(DocLink.to(doc, url_of(doc)) for doc in groups[label].values()),
        )
        for label in sorted(groups, key=lambda label: rank.get(label, len(rank)))
    ]
