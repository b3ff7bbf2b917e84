"""`BuildState`: everything one build knows, made in `on_config` and dropped with the build.

Holding it in one object, replaced at every `on_config`, is what keeps `mkdocs serve` rebuilds
from seeing the previous build's catalogue, URLs or history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mkdocs_pmo.git.history import History
from mkdocs_pmo.site.links import LinkContext
from mkdocs_pmo.site.render import DocLink, Templates

if TYPE_CHECKING:
    from collections.abc import Callable

    from mkdocs.structure.files import File

    from mkdocs_pmo.core.model import Corpus, Document
    from mkdocs_pmo.core.pipeline import Checker, Settings
    from mkdocs_pmo.site.render import Drawing


@dataclass
class BuildState:
    """One build's settings, catalogue and what pages need from it."""

    settings: Settings
    checker: Checker
    templates: Templates
    #: `docs/` (the docs_dir relative to the project root), for edit URLs and messages.
    edit_prefix: str
    commit_url: Callable[[str], str] | None
    links: LinkContext = field(default_factory=LinkContext)
    today: dt.date = field(default_factory=dt.date.today)
    corpus: Corpus | None = None
    #: Each document's `File`, by path: tells document pages from other pages.
    doc_files: dict[str, File] = field(default_factory=dict)
    #: Site URL of each document's page, by ID.
    urls: dict[str, str] = field(default_factory=dict)
    history: History = field(default_factory=History)
    drawings: dict[str, Drawing] = field(default_factory=dict)
    #: Whether documents are listed in the navigation, by kind (set in `on_files`).
    documents_in_nav: bool = False
    #: Generated pages' paths in their intended order (for the automatic navigation).
    generated_order: dict[str, int] = field(default_factory=dict)
    #: Generated pages' finished HTML blocks, by path, put in after Markdown.
    generated_blocks: dict[str, list[str]] = field(default_factory=dict)
    #: The handbook page's path, and the bodies of the documents it holds, by ID, kept as
    #: their pages are made (None: no handbook in this build).
    handbook_uri: str = ""
    handbook_bodies: dict[str, str] | None = None
    #: Pages with error-level references the renderer could not resolve.
    render_errors: int = 0
    #: Pages (paths from the project root) whose templates the check already reported
    #: (`pmo.template`): mkdocs-macros leaves them unrendered rather than report them again.
    template_uris: frozenset[str] = frozenset()
    #: How many of those are errors (mkdocs-macros' `on_post_build` fails the build on them,
    #: with the problems rendering finds, once every page was tried).
    template_errors: int = 0

    def document(self, src_uri: str, file: File) -> Document | None:
        """The document rendered from `file`, if it is one of the catalogue's."""
        if self.corpus is None or self.doc_files.get(src_uri) is not file:
            return None
        return self.corpus.by_uri.get(src_uri)

    def link_to(self, doc: Document, prefix: str) -> DocLink:
        """A link to `doc` from a page `prefix` (`../` per folder) away from the site root."""
        url = self.urls.get(doc.id)
        return DocLink.to(doc, prefix + url if url is not None else "#")
