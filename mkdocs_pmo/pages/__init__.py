"""Pages generated from the corpus (indexes, reviews, rationale, graph, field reference).

Pure functions of the corpus: no MkDocs imports, so they are tested without building a site.
Links to documents are relative `.md` links, which MkDocs resolves and validates, except in
the per-kind tables: they need `data-*` attributes on every row, so they are plain HTML with
URLs computed from `use_directory_urls`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mkdocs_pmo.pages.fields import fields_page
from mkdocs_pmo.pages.graph import graph_page, neighbourhood_mermaid
from mkdocs_pmo.pages.indexes import (
    kind_index,
    kind_uri,
    owners_page,
    rationale_page,
    reviews_page,
    status_page,
    tags_page,
)
from mkdocs_pmo.pages.model import CATALOGUE, GeneratedPage
from mkdocs_pmo.pages.text import md_text, rel_uri

if TYPE_CHECKING:
    import datetime
    from collections.abc import Mapping

    from mkdocs_pmo.core.model import Corpus

__all__ = ["CATALOGUE", "GeneratedPage", "generated_pages", "neighbourhood_mermaid"]


def generated_pages(
    corpus: Corpus,
    today: datetime.date,
    schemas: Mapping[str, dict[str, Any]] | None = None,
    *,
    directory_urls: bool = True,
    tags: bool = True,
) -> list[GeneratedPage]:
    """Every generated page, `catalogue/index.md` first.

    Args:
        corpus: The checked catalogue.
        today: The date reviews are measured against.
        schemas: Kind name → loaded JSON schema, for the field reference (skipped if None).
        directory_urls: MkDocs' `use_directory_urls`, for the graph's clickable nodes.
        tags: Add `catalogue/tags.md` with Material's `<!-- material/tags -->` listing.
    """
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
    return [_home(corpus, pages), *pages]


def _home(corpus: Corpus, pages: list[GeneratedPage]) -> GeneratedPage:
    uri = f"{CATALOGUE}/index.md"
    lines = ["# Catalogue", "", f"{len(corpus)} documents.", ""]
    for page in pages:
        lines.append(f"- [{md_text(page.title)}]({rel_uri(uri, page.uri)})")
    return GeneratedPage(uri, "Catalogue", "\n".join(lines) + "\n")


# Re-exported for the plugin and the macros.
__all__ += ["kind_uri"]
