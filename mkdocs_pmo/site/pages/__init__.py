"""Pages generated from the corpus (indexes, reviews, rationale, graph, field reference).

Pure functions of the corpus: no MkDocs imports, so they are tested without building a site.
Links to documents are relative `.md` links, which MkDocs resolves and validates, except in
the per-kind tables: they need `data-*` attributes on every row, so they are plain HTML with
URLs computed from `use_directory_urls`.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from mkdocs_pmo.site.pages.fields import fields_page
from mkdocs_pmo.site.pages.graph import graph_page
from mkdocs_pmo.site.pages.handbook import handbook_page
from mkdocs_pmo.site.pages.indexes import (
    kind_index,
    kind_uri,
    owners_page,
    rationale_page,
    reviews_page,
    status_page,
    tags_page,
)
from mkdocs_pmo.site.pages.model import CATALOGUE, GeneratedPage
from mkdocs_pmo.site.pages.requirements import applies_uri, requirement_pages
from mkdocs_pmo.site.pages.text import esc, md_text, raw_block
from mkdocs_pmo.site.urls import page_link, rel_uri

if TYPE_CHECKING:
    import datetime
    from collections.abc import Mapping

    from mkdocs_pmo.core.model import Corpus
    from mkdocs_pmo.site.render import Templates

__all__ = ["CATALOGUE", "GeneratedPage", "generated_pages"]


def generated_pages(
    corpus: Corpus,
    today: datetime.date,
    schemas: Mapping[str, dict[str, Any]] | None = None,
    *,
    directory_urls: bool = True,
    tags: bool = True,
    templates: Templates | None = None,
    handbook: bool = True,
) -> list[GeneratedPage]:
    """Every generated page, the catalogue's home (`catalogue.md`) first.

    Args:
        corpus: The checked catalogue.
        today: The date reviews are measured against.
        schemas: Kind name → loaded JSON schema, for the field reference (skipped if None).
        directory_urls: MkDocs' `use_directory_urls`, for the graph's clickable nodes.
        tags: Add `catalogue/tags.md` with Material's `<!-- material/tags -->` listing.
        templates: The site's templates (default: the package's), for the requirement pages.
        handbook: Add `handbook.md`, every document in force on one page (listed by the
            catalogue's home, in the navigation, without the catalogue's page strip).
    """
    if templates is None:
        from mkdocs_pmo.site.render import Templates

        templates = Templates()
    pages = [
        kind_index(corpus, kind, directory_urls=directory_urls) for kind in corpus.kinds.values()
    ]
    pages += [
        status_page(corpus, directory_urls=directory_urls),
        owners_page(corpus, directory_urls=directory_urls),
        reviews_page(corpus, today, directory_urls=directory_urls),
        rationale_page(corpus, directory_urls=directory_urls),
        graph_page(corpus, directory_urls=directory_urls),
    ]
    if tags:
        pages.append(tags_page())
    if schemas:
        pages.append(fields_page(corpus, schemas))
    requirement, applies = requirement_pages(corpus, templates, directory_urls=directory_urls)
    # After the kind indexes, before the other lists.
    pages = [*pages[: len(corpus.kinds)], *requirement, *pages[len(corpus.kinds) :]]
    own = [handbook_page(corpus, today)] if handbook else []
    home = _home(corpus, [*pages, *own], applies)
    linked = [home, *pages]
    return [
        home,
        *(_with_catalogue_nav(p, linked, directory_urls) for p in [*pages, *applies]),
        *own,
    ]


def _home(
    corpus: Corpus, pages: list[GeneratedPage], applies: list[GeneratedPage]
) -> GeneratedPage:
    """`catalogue.md`: the one navigation entry of the catalogue, linking every page.

    Only this page is in the site navigation: mkdocs-material renders the whole navigation
    into every page, so each entry there costs once per document page built. It sits beside
    the `catalogue/` folder, not in it, so the automatic navigation shows one link rather
    than a section (a section costs Material several times as much to render).
    """
    uri = f"{CATALOGUE}.md"
    lines = ["# Catalogue", "", f"{len(corpus)} documents.", ""]
    for page in pages:
        link = f"[{md_text(page.title)}]({rel_uri(uri, page.uri)})"
        lines.append(f"- {link}: {md_text(page.description)}" if page.description else f"- {link}")
    if applies:
        lines += ["", "What applies to whom:", ""]
        for facet in corpus.facets:
            links = [
                f"[{md_text(facet.value_label(key))}]({rel_uri(uri, applies_uri(facet.name, key))})"
                for key in facet.keys
            ]
            lines.append(f"- {md_text(facet.label)}: {' · '.join(links)}")
    return GeneratedPage(uri, "Catalogue", "\n".join(lines) + "\n")


def _with_catalogue_nav(
    page: GeneratedPage, linked: list[GeneratedPage], directory_urls: bool
) -> GeneratedPage:
    """`page` out of the site navigation, with links to its sibling pages under its title."""
    items = []
    for other in linked:
        href = esc(page_link(page.uri, other.uri, directory_urls=directory_urls))
        current = ' aria-current="page"' if other.uri == page.uri else ""
        items.append(f'<li><a href="{href}"{current}>{esc(other.title)}</a></li>')
    strip = raw_block(
        [
            '<nav class="pmo-catalogue-nav" aria-label="Catalogue pages">',
            f"<ul>{''.join(items)}</ul>",
            "</nav>",
        ]
    )
    title, _, rest = page.markdown.partition("\n")
    markdown = "\n".join([title, *strip, rest])
    return dataclasses.replace(page, markdown=markdown, nav=False)


# Re-exported for the plugin and the macros.
__all__ += ["kind_uri"]
