"""Documents in the site navigation, one section per kind, when the catalogue is small enough.

mkdocs-material renders the whole navigation into every page, so each navigation entry costs
once per page built: listing every document costs time that grows with the square of the
catalogue. Below a threshold (`nav_max_documents`, a few hundred by default) that cost is a
fraction of a second and buys every document page a menu of its siblings; above it, documents
stay out of the navigation and readers reach them from the catalogue, links and search.

With the automatic navigation the kinds' sections go before the catalogue's entry. A site with
`nav:` in `mkdocs.yml` keeps its own, and says where each kind's section goes by listing the
kind's index page (`- Standards: catalogue/standards/index.md`).
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any

from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from mkdocs.structure import StructureItem
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation

    from mkdocs_pmo.core.model import Corpus, KindSpec


#: Tooltips of the status marks Material shows beside navigation entries (`extra.status`).
STATUS_TITLES = {
    "draft": "Draft: not in force",
    "proposed": "Proposed: not in force yet",
    "deprecated": "Deprecated: in force, being phased out",
    "superseded": "Superseded: no longer in force",
    "retired": "Retired: no longer in force",
}


def status_titles(extra: MutableMapping[str, Any]) -> None:
    """Add `STATUS_TITLES` to `extra.status`, keeping any title the site set itself.

    Material's "page status" reads each page's `status` front matter, the documents' own
    status: with these titles its marks in the navigation say what the status means.
    """
    titles = extra.get("status")
    if titles is None:
        extra["status"] = titles = {}
    if isinstance(titles, MutableMapping):
        for status, title in STATUS_TITLES.items():
            titles.setdefault(status, title)


def lists_documents(*, documents: int, max_documents: int) -> bool:
    """Whether documents go into the navigation: few enough of them."""
    return 0 < documents <= max_documents


def document_sections(
    corpus: Corpus, files: Files, index_uri: Callable[[KindSpec], str]
) -> list[Section]:
    """A section per kind, in the configured order: its index page, then its documents by ID."""
    sections = []
    for kind in corpus.kinds.values():
        documents = (files.get_file_from_path(doc.uri) for doc in corpus.of_kind(kind.name))
        index = files.get_file_from_path(index_uri(kind))
        section = kind_section(kind.title, index, (f for f in documents if f is not None))
        if section is not None:
            sections.append(section)
    return sections


def kind_section(title: str, index: File | None, documents: Iterable[File]) -> Section | None:
    """A section titled `title`: the kind's index page first, then the documents in order.

    The index is Material's section index (with `navigation.indexes`, since its file is an
    `index.md`). None if no file has a page (MkDocs makes one for every page in `on_nav`).
    """
    children: list[StructureItem] = [
        file.page
        for file in (index, *documents)
        if file is not None and isinstance(file.page, Page)
    ]
    return Section(title, children) if children else None


def arrange(
    nav: Navigation,
    sections: Sequence[Section],
    *,
    catalogue: File | None,
    follow: Sequence[File | None] = (),
) -> None:
    """Put `sections` at the top level of `nav`; then update the pages' order and links.

    They go before the item of the file `catalogue` (or at the end), and the top-level pages of
    the files `follow` (the handbook) right after that item.

    Pages already in the navigation (a generated index listed at the top level, say) move into
    their section rather than appearing twice.
    """
    moved = {id(child) for section in sections for child in section.children}
    followers = [item for item in nav.items if _file(item) in follow and _file(item) is not None]
    moved.update(id(item) for item in followers)
    items = [item for item in nav.items if id(item) not in moved]
    at = next(
        (i for i, item in enumerate(items) if catalogue is not None and _file(item) is catalogue),
        None,
    )
    if at is None:
        items += [*sections, *followers]
    else:
        items[at : at + 1] = [*sections, items[at], *followers]
    nav.items[:] = items
    relink(nav)


def expand(nav: Navigation, sections: Sequence[Section]) -> None:
    """In a site's own navigation, each entry of a kind's index page becomes its section.

    The section is titled as the entry, wherever the site listed it; then the pages' order and
    links are updated.
    """
    by_index = {
        id(section.children[0]): section
        for section in sections
        if isinstance(section.children[0], Page) and section.children[0].is_index
    }

    def walk(items: list[StructureItem]) -> None:
        for i, item in enumerate(items):
            section = by_index.get(id(item))
            if section is not None:
                section.title = item.title or section.title
                items[i] = section
            elif isinstance(item, Section):
                walk(item.children)

    if by_index:
        walk(nav.items)
        relink(nav)


def relink(nav: Navigation) -> None:
    """Parents, the flat page list and previous/next links after the items changed.

    What MkDocs' `get_navigation` does once for the navigation it builds.
    """
    pages: list[Page] = []

    def walk(items: list[StructureItem], parent: Section | None) -> None:
        for item in items:
            item.parent = parent
            if isinstance(item, Page):
                pages.append(item)
            if isinstance(item, Section):
                walk(item.children, item)

    walk(nav.items, None)
    for before, page, after in zip([None, *pages], pages, [*pages[1:], None], strict=False):
        page.previous_page, page.next_page = before, after
    nav.pages[:] = pages


def _file(item: StructureItem) -> File | None:
    return item.file if isinstance(item, Page) else None
