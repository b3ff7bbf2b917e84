"""Index pages: one filterable table per kind, plus by-owner, by-status, reviews and rationale."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import TYPE_CHECKING

from mkdocs_pmo.core.model import IN_FORCE, STATUSES
from mkdocs_pmo.site.pages.model import CATALOGUE, GeneratedPage
from mkdocs_pmo.site.pages.text import esc, md_text, raw_block
from mkdocs_pmo.site.urls import page_link, rel_uri

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from mkdocs_pmo.core.model import Corpus, Document, KindSpec

#: Reviews due within this many days are listed as "due soon".
DUE_SOON_DAYS = 60


def doc_link(from_uri: str, doc: Document, *, anchor: str = "", label: str = "") -> str:
    """A Markdown link `[ID title](relative.md)` from the page `from_uri` to `doc`."""
    text = label or f"{doc.id} {doc.title}"
    target = rel_uri(from_uri, doc.uri) + (f"#{anchor}" if anchor else "")
    return f"[{md_text(text)}]({target})"


def kind_uri(kind: KindSpec) -> str:
    """`catalogue/<folder>/index.md`: an index file, so that it can head its kind's section.

    Material's `navigation.indexes` takes a section's `index.md` as the section's page.
    """
    return f"{CATALOGUE}/{kind.folder.replace('/', '-')}/index.md"


def _select(table_id: str, key: str, label: str, values: Iterable[str]) -> str:
    options = "".join(f'<option value="{esc(v)}">{esc(v)}</option>' for v in values)
    control = f"{table_id}-{key}"
    return (
        f'<label for="{control}">{label}</label> '
        f'<select id="{control}" data-pmo-filter="{key}">'
        f'<option value="">All</option>{options}</select>'
    )


def html_link(from_uri: str, doc: Document, label: str, *, directory_urls: bool) -> str:
    """An escaped `<a>` from the generated page `from_uri` to the page of `doc`."""
    href = esc(page_link(from_uri, doc.uri, directory_urls=directory_urls))
    return f'<a href="{href}">{esc(label)}</a>'


def kind_index(corpus: Corpus, kind: KindSpec, *, directory_urls: bool = True) -> GeneratedPage:
    """One kind's table, with status/owner/tag filters run in the browser by `pmo-filter.js`.

    The table is plain HTML with links computed here: Markdown inside thousands of HTML
    cells (`md_in_html`) cost more than the rest of the page's build.
    """
    uri = kind_uri(kind)
    docs = corpus.of_kind(kind.name)
    table_id = f"pmo-index-{kind.name}"
    statuses = [s for s in STATUSES if any(d.status == s for d in docs)]
    statuses += sorted({d.status for d in docs} - set(statuses))
    owners = sorted({d.owner for d in docs}, key=str.casefold)
    tags = sorted({t for d in docs for t in d.tags}, key=str.casefold)
    lines = [
        f"# {md_text(kind.title)}",
        "",
        f"All {len(docs)} {md_text(kind.plural)} of the catalogue. "
        "Filter the table by status, owner or tag.",
        "",
    ]
    html = [
        f'<div class="pmo-filter" data-pmo-filter-for="{table_id}" role="search" '
        f'aria-label="Filter {esc(kind.plural)}">',
        _select(table_id, "status", "Status", statuses),
        _select(table_id, "owner", "Owner", owners),
        _select(table_id, "tag", "Tag", tags),
        f'<output class="pmo-filter__count" aria-live="polite" for="{table_id}">'
        f"{len(docs)} of {len(docs)} shown</output>",
        "</div>",
        f'<table class="pmo-index" id="{table_id}">',
        "<thead><tr><th>ID</th><th>Title</th><th>Status</th><th>Owner</th>"
        "<th>Version</th><th>Last reviewed</th><th>Tags</th></tr></thead>",
        "<tbody>",
    ]
    for doc in docs:
        reviewed = doc.last_reviewed.isoformat() if doc.last_reviewed else ""
        html.append(
            f'<tr data-status="{esc(doc.status)}" data-owner="{esc(doc.owner)}" '
            f'data-tags="{esc(json.dumps(list(doc.tags)))}">'
            f"<td>{html_link(uri, doc, doc.id, directory_urls=directory_urls)}</td>"
            f"<td>{html_link(uri, doc, doc.title, directory_urls=directory_urls)}</td>"
            f'<td><span class="pmo-status pmo-status--{esc(doc.status)}">'
            f"{esc(doc.status)}</span></td>"
            f"<td>{esc(doc.owner)}</td><td>{esc(doc.version)}</td><td>{esc(reviewed)}</td>"
            f"<td>{esc(', '.join(doc.tags))}</td></tr>"
        )
    html += ["</tbody>", "</table>"]
    lines += raw_block(html)
    if not docs:
        lines.append(f"There are no {md_text(kind.plural)} yet.")
    return GeneratedPage(
        uri,
        kind.title,
        "\n".join(lines) + "\n",
        search=False,
        description=f"All {kind.plural}, filterable by status, owner and tag.",
    )


def _grouped_list(
    uri: str, groups: Iterable[tuple[str, list[Document]]], *, directory_urls: bool
) -> list[str]:
    """A heading and an HTML list of linked documents per group (HTML: Markdown costs 3×)."""
    lines: list[str] = []
    for heading, docs in groups:
        items = [
            f"<li>{html_link(uri, d, f'{d.id} {d.title}', directory_urls=directory_urls)}"
            f" — {esc(d.status)}</li>"
            for d in docs
        ]
        lines += [f"## {md_text(heading)}", *raw_block(['<ul class="pmo-list">', *items, "</ul>"])]
    return lines


def owners_page(corpus: Corpus, *, directory_urls: bool = True) -> GeneratedPage:
    uri = f"{CATALOGUE}/owners.md"
    groups: dict[str, list[Document]] = defaultdict(list)
    for doc in corpus:
        groups[doc.owner].append(doc)
    about = "Who is accountable for which document."
    lines = ["# Documents by owner", "", about, ""]
    ordered = sorted(groups.items(), key=lambda kv: kv[0].casefold())
    lines += _grouped_list(uri, ordered, directory_urls=directory_urls)
    return GeneratedPage(uri, "By owner", "\n".join(lines), search=False, description=about)


def status_page(corpus: Corpus, *, directory_urls: bool = True) -> GeneratedPage:
    uri = f"{CATALOGUE}/status.md"
    groups: dict[str, list[Document]] = defaultdict(list)
    for doc in corpus:
        groups[doc.status].append(doc)
    order = {s: i for i, s in enumerate(STATUSES)}
    lines = [
        "# Documents by status",
        "",
        "What is in force (`active`, `deprecated`), what is being proposed (`draft`, "
        "`proposed`) and what was replaced or withdrawn (`superseded`, `retired`).",
        "",
    ]
    ordered = sorted(groups.items(), key=lambda kv: (order.get(kv[0], 99), kv[0]))
    groups_in_order = ((s.capitalize(), docs) for s, docs in ordered)
    lines += _grouped_list(uri, groups_in_order, directory_urls=directory_urls)
    return GeneratedPage(
        uri,
        "By status",
        "\n".join(lines),
        search=False,
        description="What is in force, what is proposed and what was replaced.",
    )


def reviews_page(corpus: Corpus, today: dt.date, *, directory_urls: bool = True) -> GeneratedPage:
    """Documents in force with a review date, soonest first; overdue ones flagged."""
    uri = f"{CATALOGUE}/reviews.md"
    dated: list[tuple[dt.date, Document]] = sorted(
        ((d.review_due, d) for d in corpus if d.status in IN_FORCE and d.review_due is not None),
        key=lambda pair: (pair[0], pair[1].id),
    )
    overdue = sum(1 for due, _ in dated if due < today)
    lines = [
        "# Reviews due",
        "",
        f"As of {today.isoformat()}: {overdue} overdue, "
        f"{len(dated) - overdue} scheduled. Documents in force only, soonest first.",
        "",
    ]
    rows = [
        '<table class="pmo-reviews">',
        "<thead><tr><th>Due</th><th>State</th><th>Document</th><th>Owner</th>"
        "<th>Last reviewed</th></tr></thead>",
        "<tbody>",
    ]
    for due, doc in dated:
        if due < today:
            state = f"<strong>Overdue</strong> ({(today - due).days} days)"
        elif (due - today).days <= DUE_SOON_DAYS:
            state = "Due soon"
        else:
            state = "Scheduled"
        reviewed = doc.last_reviewed.isoformat() if doc.last_reviewed else "never"
        link = html_link(uri, doc, f"{doc.id} {doc.title}", directory_urls=directory_urls)
        rows.append(
            f"<tr><td>{due.isoformat()}</td><td>{state}</td><td>{link}</td>"
            f"<td>{esc(doc.owner)}</td><td>{reviewed}</td></tr>"
        )
    if dated:
        lines += raw_block([*rows, "</tbody>", "</table>"])
    undated = [d for d in corpus if d.status in IN_FORCE and not d.review_due]
    if undated:
        lines += ["", "## No review cycle", "", "These documents in force have no review date:", ""]
        lines += [f"- {doc_link(uri, d)}" for d in undated]
    return GeneratedPage(
        uri,
        "Reviews due",
        "\n".join(lines) + "\n",
        search=False,
        description="Documents in force by next review date; overdue ones first.",
    )


def rationale_page(corpus: Corpus, *, directory_urls: bool = True) -> GeneratedPage:
    """The "why we work this way" page: each first Why sentence, grouped by kind."""
    uri = f"{CATALOGUE}/rationale.md"
    lines = [
        "# Why we work this way",
        "",
        "The first sentence of each document's *Why*. Follow a link for the full reasoning.",
        "",
    ]
    for kind in corpus.kinds.values():
        items = []
        for doc in corpus.of_kind(kind.name):
            sentence = corpus.why_first_sentence(doc)
            if not sentence:
                continue
            href = esc(page_link(uri, doc.uri, directory_urls=directory_urls)) + "#why"
            items.append(
                f'<li><a href="{href}">{esc(doc.id)} {esc(doc.title)}</a>: {esc(sentence)}</li>'
            )
        if not items:
            continue
        lines += [
            f"## {md_text(kind.title)}",
            *raw_block(['<ul class="pmo-list">', *items, "</ul>"]),
        ]
    return GeneratedPage(
        uri,
        "Why we work this way",
        "\n".join(lines),
        search=False,
        description="The first sentence of every document's rationale.",
    )


def tags_page() -> GeneratedPage:
    """The tag index, filled in by mkdocs-material's tags plugin (9.6+ listing marker)."""
    text = (
        "# Tags\n\nDocuments by topic. Each document's `tags` front matter puts it here.\n\n"
        "<!-- material/tags -->\n"
    )
    return GeneratedPage(
        f"{CATALOGUE}/tags.md",
        "Tags",
        text,
        search=False,
        description="Documents by topic.",
    )
