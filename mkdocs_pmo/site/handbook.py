"""The handbook page in the build: document bodies kept as their pages are made, then joined.

Each document in force keeps the body its page got in `on_page_content` (sanitised, with
banner, card and Why block: relations, graph and history come later and stay out; the card's
fields, added to the page once search has indexed it, are added here too). The
handbook page is filled in `on_page_context`: by then MkDocs has converted every page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mkdocs_pmo.site.document_page import with_card_fields
from mkdocs_pmo.site.pages.handbook import PLACEHOLDER, Chapter, chapter_html, in_handbook
from mkdocs_pmo.site.render import HandbookPart

if TYPE_CHECKING:
    import logging

    from mkdocs.structure.pages import Page

    from mkdocs_pmo.core.model import Corpus, Document
    from mkdocs_pmo.site.state import BuildState


def handbook_fits(corpus: Corpus, max_documents: int, log: logging.LoggerAdapter[Any]) -> bool:
    """Whether the handbook is made: at most `max_documents` documents in force (else INFO)."""
    in_force = sum(1 for doc in corpus if in_handbook(doc))
    if in_force <= max_documents:
        return True
    log.info(
        "No handbook: %d documents are in force, more than handbook_max_documents (%d) "
        "that one page can hold; raise it in mkdocs.yml to make the handbook anyway",
        in_force,
        max_documents,
    )
    return False


def keep_body(state: BuildState, doc: Document, html: str) -> None:
    """Keep `html`, the body of `doc`'s page, if the build has a handbook and `doc` is in it."""
    if state.handbook_bodies is not None and in_handbook(doc):
        state.handbook_bodies[doc.id] = html


def handbook_content(state: BuildState, page: Page) -> str | None:
    """The handbook page's content with its chapters, or None if `page` is not the handbook."""
    bodies = state.handbook_bodies
    corpus = state.corpus
    if (
        bodies is None
        or corpus is None
        or page.content is None
        or page.file.src_uri != state.handbook_uri
    ):
        return None
    ids_by_url = {url: doc_id for doc_id, url in state.urls.items()}
    parts = []
    for kind in corpus.kinds.values():
        chapters = tuple(
            Chapter(
                doc.id,
                doc.title,
                chapter_html(
                    doc.id,
                    with_card_fields(state, doc, bodies[doc.id]),
                    page_url=state.urls[doc.id],
                    handbook_url=page.url,
                    ids_by_url=ids_by_url,
                    included=bodies,
                ),
            )
            for doc in corpus.of_kind(kind.name)
            if doc.id in bodies
        )
        if chapters:
            parts.append(HandbookPart(kind.title, f"handbook-{kind.name}", chapters))
    return page.content.replace(PLACEHOLDER, state.templates.handbook(parts), 1)
