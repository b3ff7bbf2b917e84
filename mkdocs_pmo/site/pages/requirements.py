"""Requirement pages: every requirement, what applies to whom, the parameters, the checklist.

- `catalogue/requirements.md`: every requirement, in three tables: in force (documents active
  or deprecated), proposed (draft and proposed documents) and no longer in force (superseded
  and retired documents); one filter by facet value and keyword covers all three in the
  browser (`pmo-filter.js`), plain tables without JavaScript.
- `catalogue/applies/<facet>-<value>.md`: what binds one facet value (`role-sponsor`), grouped
  by document and keyword, strongest first.
- `catalogue/parameters.md`: each parameter (anchor = its name), its owner and why, and the
  requirements and documents that use it.
- `catalogue/checklist.md`: pick facet values, tick requirements (`pmo-checklist.js`).

The HTML comes from the `pmo/*.html` templates (a site overrides them from its theme's
`custom_dir`), set aside as raw blocks so Markdown never parses it.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from mkdocs_pmo.core.export import used_in
from mkdocs_pmo.core.model import IN_FORCE, in_sentence
from mkdocs_pmo.core.plaintext import CODE_SPAN
from mkdocs_pmo.core.requirements import KEYWORD_ORDER, keyword_rank
from mkdocs_pmo.site.pages.model import CATALOGUE, PARAMETERS_URI, GeneratedPage
from mkdocs_pmo.site.pages.text import md_text, raw_block
from mkdocs_pmo.site.render import DocLink
from mkdocs_pmo.site.urls import page_link, rel_uri

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from mkdocs_pmo.core.facets import Facet
    from mkdocs_pmo.core.model import Corpus, Document, Requirement
    from mkdocs_pmo.site.render import Templates

REQUIREMENTS_URI = f"{CATALOGUE}/requirements.md"
CHECKLIST_URI = f"{CATALOGUE}/checklist.md"
APPLIES_DIR = f"{CATALOGUE}/applies"
#: Statuses whose requirements are still to come (listed apart from those in force).
PROPOSED = ("draft", "proposed")
#: Statuses whose requirements bind nobody any more (listed last, for reference).
NO_LONGER_IN_FORCE = ("superseded", "retired")


def applies_uri(facet: str, value: str) -> str:
    """`catalogue/applies/role-sponsor.md`."""
    return f"{APPLIES_DIR}/{facet}-{value}.md"


@dataclass(frozen=True)
class FacetView:
    name: str
    label: str
    #: (key, label, URL of its "what applies" page from the page being made).
    values: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class RequirementView:
    """A requirement as the pages show it, with URLs relative to the page being made."""

    id: str
    anchor: str
    number: int
    doc_id: str
    doc_title: str
    doc_status: str
    doc_url: str
    url: str
    keyword: str
    keyword_slug: str
    #: Plain text, inline code with its backticks (for tooltips and exports).
    text: str
    #: The text as HTML: inline code as `<code>`, the rest escaped.
    text_html: Markup
    #: Whom it binds, in words: "Everyone", or "Role: Sponsor · Gate: G1 Commit".
    applies: str
    #: `data-f-<facet>` attributes: facet name → JSON list of value keys.
    data: tuple[tuple[str, str], ...]
    parameters: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class DocumentGroup:
    """A document's requirements on a page, by keyword (strongest first)."""

    id: str
    title: str
    url: str
    status: str
    by_keyword: tuple[tuple[str, tuple[RequirementView, ...]], ...]


def applies_text(req: Requirement, facets: Sequence[Facet]) -> str:
    """Whom `req` binds in words; a facet it does not narrow is left out."""
    parts = []
    for facet in facets:
        values = req.applies_to.get(facet.name, facet.keys)
        if set(values) >= set(facet.keys):
            continue
        labels = ", ".join(facet.value_label(v) for v in values) or "nobody"
        parts.append(f"{facet.label}: {labels}")
    return " · ".join(parts) or "Everyone"


def _count(n: int, noun: str) -> str:
    """`1 document`, `3 documents`."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def keyword_slug(keyword: str) -> str:
    return keyword.lower().replace(" ", "-") or "none"


@functools.lru_cache(maxsize=256)
def _json_keys(keys: tuple[str, ...]) -> str:
    """Facet value keys as a JSON list (few distinct lists: most requirements share theirs)."""
    return json.dumps(list(keys))


class _Views:
    """Views of requirements and documents for the pages at one depth in the site.

    Links go through the site root (`page_link`), so every page at the same depth links
    alike: the requirements page and the checklist share one `_Views`, and so do all the
    "what applies" pages, and each requirement's view is made once for them all.
    """

    def __init__(
        self, corpus: Corpus, page_uri: str, *, directory_urls: bool, like: _Views | None = None
    ) -> None:
        """`like`: views for pages at another depth, whose URL-free parts are shared."""
        self.corpus = corpus
        self.page_uri = page_uri
        self.directory_urls = directory_urls
        self._urls: dict[str, str] = {}
        self._requirements: dict[str, RequirementView] = {}
        #: Each requirement's URL-free parts, by ID: whom it binds, in words and as data.
        self._whom: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = (
            like._whom if like is not None else {}
        )
        self._sections: dict[tuple[str, ...], Markup] = {}

    def link(self, to_uri: str) -> str:
        url = self._urls.get(to_uri)
        if url is None:
            url = page_link(self.page_uri, to_uri, directory_urls=self.directory_urls)
            self._urls[to_uri] = url
        return url

    def requirement(self, doc: Document, req: Requirement) -> RequirementView:
        view = self._requirements.get(req.id)
        if view is None:
            view = self._requirements[req.id] = self._make_requirement(doc, req)
        return view

    def _make_requirement(self, doc: Document, req: Requirement) -> RequirementView:
        doc_url = self.link(doc.uri)
        params_url = self.link(PARAMETERS_URI)
        whom = self._whom.get(req.id)
        if whom is None:
            facets = self.corpus.facets
            data = tuple((f.name, _json_keys(req.applies_to.get(f.name, f.keys))) for f in facets)
            whom = self._whom[req.id] = (applies_text(req, facets), data)
        return RequirementView(
            id=req.id,
            anchor=req.anchor,
            number=req.number,
            doc_id=doc.id,
            doc_title=doc.title,
            doc_status=doc.status,
            doc_url=doc_url,
            url=f"{doc_url}#{req.anchor}",
            keyword=req.keyword,
            keyword_slug=keyword_slug(req.keyword),
            text=req.text,
            text_html=code_spans(req.text),
            applies=whom[0],
            data=whom[1],
            parameters=tuple((name, f"{params_url}#{name}") for name in req.parameters),
        )

    def facets(self) -> tuple[FacetView, ...]:
        return tuple(
            FacetView(
                f.name,
                f.label,
                tuple((k, label, self.link(applies_uri(f.name, k))) for k, label in f.values),
            )
            for f in self.corpus.facets
        )

    def applies_section(
        self, templates: Templates, doc: Document, reqs: Sequence[Requirement]
    ) -> Markup:
        """`doc`'s `reqs` as a "what applies" page lists them (`applies-group.html`).

        Most documents bind several values with the same requirements (every tier, most
        gates), so each set is rendered once and the pages that list it share the HTML.
        """
        key = (doc.id, *(req.id for req in reqs))
        section = self._sections.get(key)
        if section is None:
            html = templates.render("applies-group", group=self.group(doc, reqs))
            section = self._sections[key] = Markup(html)
        return section

    def group(self, doc: Document, reqs: Iterable[Requirement]) -> DocumentGroup:
        by_keyword: dict[str, list[RequirementView]] = {}
        for req in sorted(reqs, key=lambda r: (keyword_rank(r.keyword), r.number)):
            by_keyword.setdefault(req.keyword, []).append(self.requirement(doc, req))
        return DocumentGroup(
            doc.id,
            doc.title,
            self.link(doc.uri),
            doc.status,
            tuple((k, tuple(v)) for k, v in by_keyword.items()),
        )


def code_spans(text: str) -> Markup:
    """`text` as HTML, its inline code (as `core/plaintext.py` keeps it) in `<code>`."""
    if "`" not in text:
        return Markup.escape(text)
    parts: list[str] = []
    done = 0
    for m in CODE_SPAN.finditer(text):
        code = m[2].strip()
        parts += [Markup.escape(text[done : m.start()]), Markup("<code>%s</code>") % code]
        done = m.end()
    parts.append(Markup.escape(text[done:]))
    return Markup("").join(parts)


def _page(
    uri: str,
    title: str,
    intro: Sequence[str],
    html: str,
    description: str,
) -> GeneratedPage:
    lines = [f"# {title}", "", *intro, ""]
    lines += raw_block(html.strip().split("\n"))
    return GeneratedPage(uri, title, "\n".join(lines) + "\n", search=False, description=description)


def requirement_pages(
    corpus: Corpus, templates: Templates, *, directory_urls: bool = True
) -> tuple[list[GeneratedPage], list[GeneratedPage]]:
    """The requirement pages: (pages for the catalogue's links, "what applies" pages)."""
    pages: list[GeneratedPage] = []
    applies: list[GeneratedPage] = []
    # The requirements, checklist and parameters pages sit side by side in the catalogue.
    views = _Views(corpus, REQUIREMENTS_URI, directory_urls=directory_urls)
    if any(doc.requirements for doc in corpus):
        pages.append(requirements_page(corpus, templates, views))
        pages.append(checklist_page(corpus, templates, views))
        applies_views = _Views(
            corpus, applies_uri("facet", "value"), directory_urls=directory_urls, like=views
        )
        applies = [
            applies_page(corpus, templates, facet, key, applies_views)
            for facet in corpus.facets
            for key in facet.keys
        ]
    if corpus.parameters:
        pages.append(parameters_page(corpus, templates, views))
    return pages, applies


def requirements_page(corpus: Corpus, templates: Templates, views: _Views) -> GeneratedPage:
    """Every requirement, filterable by facet value and keyword.

    Three tables: in force, proposed, no longer in force (the last two only when not empty).
    """

    def of(statuses: Iterable[str]) -> list[RequirementView]:
        wanted = frozenset(statuses)
        return [
            views.requirement(d, r) for d in corpus if d.status in wanted for r in d.requirements
        ]

    in_force, proposed, no_longer = of(IN_FORCE), of(PROPOSED), of(NO_LONGER_IN_FORCE)
    every = in_force + proposed + no_longer
    keywords = [k for k in KEYWORD_ORDER if any(r.keyword == k for r in every)]
    html = templates.render(
        "requirements",
        facets=views.facets(),
        keywords=keywords,
        in_force=in_force,
        proposed=proposed,
        no_longer=no_longer,
        checklist_url=views.link(CHECKLIST_URI),
    )
    documents = len({r.doc_id for r in in_force})
    others = []
    if proposed:
        others.append(f"{len(proposed)} proposed")
    if no_longer:
        others.append(f"{len(no_longer)} no longer in force")
    filters = [in_sentence(f.label) for f in corpus.facets] + ["keyword"]
    by = ", ".join(filters[:-1]) + f" or {filters[-1]}" if len(filters) > 1 else filters[0]
    return _page(
        REQUIREMENTS_URI,
        "Requirements",
        [
            f"{_count(len(in_force), 'requirement')} in force in {_count(documents, 'document')}"
            + (f", then {' and '.join(others)}" if others else "")
            + f", each with whom it binds. Filter them by {md_text(by)}, or open "
            f"[the checklist]({rel_uri(REQUIREMENTS_URI, CHECKLIST_URI)}) to tick off those "
            "in force.",
        ],
        html,
        "Every requirement, its keyword and whom it binds, filterable.",
    )


def applies_page(
    corpus: Corpus,
    templates: Templates,
    facet: Facet,
    key: str,
    views: _Views,
) -> GeneratedPage:
    """What binds one facet value, grouped by document and keyword (MUST first)."""
    uri = applies_uri(facet.name, key)
    label = facet.value_label(key)
    sections = []
    count = 0
    for doc in corpus:
        if doc.status not in IN_FORCE:
            continue
        reqs = [r for r in doc.requirements if key in r.applies_to.get(facet.name, ())]
        if reqs:
            count += len(reqs)
            sections.append(views.applies_section(templates, doc, reqs))
    checklist = f"{views.link(CHECKLIST_URI)}?{facet.name}={key}"
    html = templates.render(
        "applies",
        facet=next(f for f in views.facets() if f.name == facet.name),
        key=key,
        label=label,
        sections=sections,
        count=count,
        checklist_url=checklist,
    )
    return _page(
        uri,
        f"What applies to {label}",
        [
            f"{facet.label}: **{md_text(label)}**. {_count(count, 'requirement')} in force "
            f"{'applies' if count == 1 else 'apply'} to {md_text(label)}."
        ],
        html,
        f"Requirements in force for {in_sentence(facet.label)} {label}.",
    )


def parameters_page(corpus: Corpus, templates: Templates, views: _Views) -> GeneratedPage:
    """Each parameter: value, owner, why, the requirements and the documents that use it."""
    users: dict[str, list[RequirementView]] = {name: [] for name in corpus.parameters}
    for doc in corpus:
        for req in doc.requirements:
            for name in req.parameters:
                if name in users:
                    users[name].append(views.requirement(doc, req))
    documents = {
        name: [DocLink.to(corpus.by_id[i], views.link(corpus.by_id[i].uri)) for i in ids]
        for name, ids in used_in(corpus).items()
    }
    html = templates.render(
        "parameters",
        parameters=[(p, users[p.name]) for p in corpus.parameters.values()],
        documents=documents,
    )
    return _page(
        PARAMETERS_URI,
        "Parameters",
        [
            "The thresholds, limits and amounts the documents use, each stated once with the "
            "role that owns it and the reason for its value. Documents show these values; "
            "changing one here changes it everywhere."
        ],
        html,
        "Every threshold and amount, its owner, its reason and where it is used.",
    )


def checklist_page(corpus: Corpus, templates: Templates, views: _Views) -> GeneratedPage:
    """Requirements in force as a checklist (selection in the URL, ticks in the browser)."""
    groups = [
        views.group(doc, doc.requirements)
        for doc in corpus
        if doc.status in IN_FORCE and doc.requirements
    ]
    html = templates.render("checklist", facets=views.facets(), groups=groups)
    return _page(
        CHECKLIST_URI,
        "Checklist",
        [
            "Pick your role, tier and gate to list the requirements in force that apply, and "
            "tick them off before the gate. Ticks stay in this browser; the address of the page "
            "holds your selection, so you can share it. Export the list as Markdown (for a gate "
            "pack or a pull request) or CSV, or print it."
        ],
        html,
        "Pick facet values and tick off the requirements that apply; export or print.",
    )


__all__ = [
    "APPLIES_DIR",
    "CHECKLIST_URI",
    "REQUIREMENTS_URI",
    "applies_page",
    "applies_uri",
    "checklist_page",
    "parameters_page",
    "requirement_pages",
    "requirements_page",
]
