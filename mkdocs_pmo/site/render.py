"""HTML fragments of document pages, made from Jinja templates a site can override.

The package ships `templates/pmo/*.html` (card and its fields, banner, Why block, relations
with the neighbourhood graph, history). A site overrides any of them the way it overrides
Material's partials: a file of the same name under its theme's `custom_dir`
(`overrides/pmo/card.html`). Templates are rendered with autoescaping, so every
value from front matter is escaped unless a template marks it safe.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
)
from markupsafe import Markup
from mkdocs.exceptions import PluginError

from mkdocs_pmo.core.model import IN_FORCE, RELATION_ORDER
from mkdocs_pmo.site.links import MARKED_STATUSES, link_title

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Mapping, Sequence

    from mkdocs_pmo.core.model import Document
    from mkdocs_pmo.git.history import History
    from mkdocs_pmo.site.pages.handbook import Chapter

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
    """One label's documents.

    `kinds`: how many of each kind, as `(plural label, count)` pairs (`KindSpec.plural`:
    `standards`, `SOPs`), for the summary of a long list.
    """

    label: str
    drawing: Drawing | None
    links: tuple[DocLink, ...]
    kinds: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class HandbookPart:
    """One kind's documents in the handbook. `chapters`: (id, title, html) with `html` safe."""

    title: str
    anchor: str
    chapters: tuple[Chapter, ...]


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
        """Template `pmo/<name>.html` rendered; a broken override stops the build, located."""
        shown = f"pmo/{name}.html"
        try:
            template = self.env.get_template(shown)
            shown = template.filename or shown
            return template.render(**context)
        except TemplateSyntaxError as exc:
            where = f"{exc.filename or shown}:{exc.lineno}"
            raise PluginError(f"{where}: template syntax error: {exc.message}") from None
        except TemplateError as exc:
            raise PluginError(f"{shown}: template error: {exc}") from None

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

    def why(self, html: str) -> tuple[str, str]:
        """`html`'s Why section in the Why template, and `html` without it.

        The section runs from `<h2 id="why">` to the next h1/h2; the page puts the block right
        under the card, above the introduction.
        """
        start = _WHY_HEADING.search(html)
        if start is None:
            return "", html
        after = _NEXT_SECTION.search(html, start.end())
        end = after.start() if after else len(html)
        block = self.render("why", content=Markup(html[start.start() : end]))
        return block, html[: start.start()] + html[end:]

    def relations(self, doc: Document, groups: Sequence[RelationGroup]) -> str:
        return self.render("relations", doc=doc, groups=groups)

    def handbook(self, parts: Sequence[HandbookPart]) -> str:
        return self.render("handbook", parts=parts)

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
    kind_titles: Mapping[str, str] | None = None,
) -> list[RelationGroup]:
    """Relations both ways, grouped by label in `RELATION_ORDER`, each document listed once.

    A document related in several ways (a playbook that implements this standard and links to
    it in its text) appears only in the first of its groups in `RELATION_ORDER`: the strongest
    relation says the most. Within a group, documents keep the order given (by ID).
    `kind_titles`: kind name → plural label as a sentence writes it (`standards`, `SOPs`), for
    the counts of a group's kinds.
    """
    groups: dict[str, dict[str, Document]] = {}
    for mapping in (outgoing, incoming):
        for label, docs in mapping.items():
            bucket = groups.setdefault(label, {})
            for doc in docs:
                bucket.setdefault(doc.id, doc)
    rank = {label: i for i, label in enumerate(RELATION_ORDER)}
    titles = kind_titles or {}
    listed: set[str] = set()
    result = []
    for label in sorted(groups, key=lambda label: rank.get(label, len(rank))):
        docs = [doc for doc in groups[label].values() if doc.id not in listed]
        if not docs:
            continue
        listed.update(doc.id for doc in docs)
        counts = Counter(doc.kind for doc in docs)
        result.append(
            RelationGroup(
                label,
                drawings.get(label),
                tuple(DocLink.to(doc, url_of(doc)) for doc in docs),
                tuple((titles.get(kind, kind), n) for kind, n in counts.items()),
            )
        )
    return result
