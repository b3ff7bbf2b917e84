"""`PmoPlugin`: the MkDocs adapter. Each hook translates MkDocs objects for the core and back.

Event plan (see the hooks' docstrings):

- `on_startup`: defined so the instance lives across `mkdocs serve` rebuilds; the only thing
  reused between builds is the compiled-schema `Checker` (recompiled when settings or schema
  files change).
- `on_config`: settings, checker, the `[[ID]]` Markdown extension; resets build state.
- `on_files`: runs the checker, logs issues, aborts on errors, adds content and generated files.
- `on_page_markdown` (priority 50): a document's validated front matter as `page.meta`, and its
  `[[ID]]` links swapped for tokens (see `render.link_tokens`).
- `on_page_content`: first (priority 100) the body is sanitised and its links put back; then
  card, status banner and Why block.
- `on_page_context`: around search's indexing (priorities 1 and -1), shows search a view of the
  page without the plugin's link and card markup (see `render.search_view`).
- `on_post_page`: relations, graph and history at the end of the article; the plugin's
  stylesheet, script and feed links.
- `on_post_build`: catalogue export and published schemas.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import shutil
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger

from mkdocs_pmo.site import feed as atom
from mkdocs_pmo.site import files as glue
from mkdocs_pmo.site.config import PmoConfig
from mkdocs_pmo.core.export import catalogue
from mkdocs_pmo.core.gc_pause import gc_paused
from mkdocs_pmo.core.pipeline import Checker
from mkdocs_pmo.core.schemas import SchemaConfigError
from mkdocs_pmo.git.history import History, collect_history, commit_url_for, render_history_html
from mkdocs_pmo.site.pages import generated_pages
from mkdocs_pmo.site.pages.graph import relation_drawings
from mkdocs_pmo.site.pages.text import join_raw, root_prefix
from mkdocs_pmo.site.render import card
from mkdocs_pmo.site.render.finish import finish_page
from mkdocs_pmo.site.render.link_tokens import LinkTokens
from mkdocs_pmo.site.render.links import LinkContext, PmoLinkExtension, link_html
from mkdocs_pmo.site.render.sanitize import sanitize_html
from mkdocs_pmo.site.render.search_view import card_text, search_view, strip_search_attributes
from mkdocs_pmo.site.render.tasklist import label_task_checkboxes
from mkdocs_pmo.site.quiet import quiet_macros_chatter
from mkdocs_pmo.site.render.why import wrap_why
from mkdocs_pmo.site.settings import SettingsError, settings_from_config

if TYPE_CHECKING:
    from collections.abc import Callable

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

    from mkdocs_pmo.core.model import BodyLink, Corpus, Document
    from mkdocs_pmo.core.pipeline import Settings
    from mkdocs_pmo.site.render.link_tokens import SwappedLink

log = get_plugin_logger(__name__)


class PmoPlugin(BasePlugin[PmoConfig]):
    """Validated, cross-linked standards and playbooks on a MkDocs site."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self._checker: Checker | None = None
        self._checker_key: object = None
        self._settings: Settings | None = None
        self._corpus: Corpus | None = None
        self._links = LinkContext()
        self._doc_files: dict[str, File] = {}
        #: Site URL of each document's page, by ID.
        self._urls: dict[str, str] = {}
        #: How each relation label is drawn in the neighbourhood graph.
        self._drawings: dict[str, card.Drawing] = {}
        self._generated_order: dict[str, int] = {}
        self._edit_prefix = ""
        #: Git history of every document, collected once per build in `on_files`.
        self._history = History()
        self._commit_url: Callable[[str], str] | None = None
        #: The date cards and review flags are computed for (one per build).
        self._today = dt.date.today()
        #: Per page being indexed: (the page's content, the view shown to search).
        self._viewed: dict[str, tuple[str, str]] = {}
        #: Per page, from its content event to its indexing: the header card, as made.
        self._cards: dict[str, str] = {}
        #: Whether a search plugin is configured (else the search view is not made).
        self._search = False
        #: Finished HTML blocks of generated pages, put back after Markdown conversion.
        self._raw_html: dict[str, list[str]] = {}
        #: The tokens that stand for documents' `[[ID]]` links during Markdown conversion.
        self._tokens = LinkTokens.new()
        #: Per page: the Markdown with tokens, as written, and the links in token order.
        self._swapped: dict[str, tuple[str, str, list[SwappedLink]]] = {}
        #: Per (target ID, root prefix): a link with the default text, and that text.
        self._ref_html: dict[tuple[str, str], tuple[str, str]] = {}
        #: Per root prefix: relations list items made so far, by document ID.
        self._relation_items: dict[str, dict[str, str]] = {}
        #: Per root prefix (`../` per folder): the tags for the head and for the body's end.
        self._page_tags: dict[str, tuple[str, str]] = {}
        #: Whether long-lived objects are kept from the garbage collector (`gc.freeze`).
        self._frozen = False

    @property
    def corpus(self) -> Corpus | None:
        """The validated corpus of the current build (set in `on_files`; read-only)."""
        return self._corpus

    @property
    def settings(self) -> Settings | None:
        """The core settings of the current build (set in `on_config`; read-only)."""
        return self._settings

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """`startup`: present so `mkdocs serve` keeps this instance (and its schema cache)."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """`config`: build settings, (re)compile schemas if needed, register the extension.

        Resets every per-build attribute, so nothing leaks between `serve` rebuilds.
        """
        self._corpus = None
        self._links.corpus = None
        self._links.urls = {}
        self._doc_files = {}
        self._urls = {}
        self._drawings = {}
        self._history = History()
        self._viewed = {}
        self._cards = {}
        self._raw_html = {}
        self._page_tags = {}
        self._relation_items = {}
        self._tokens = LinkTokens.new()
        self._swapped = {}
        self._ref_html = {}
        self._search = any(name.rsplit("/", 1)[-1] == "search" for name in config.plugins)
        quiet_macros_chatter()  # before mkdocs-macros' on_config, which runs after this one
        if not self.config.enabled:
            return config
        root = Path(config.config_file_path or ".").resolve().parent
        try:
            settings = settings_from_config(self.config, root)
            key = (settings, glue.schema_stamp(settings))
            if self._checker is None or key != self._checker_key:
                self._checker = Checker(settings)
                self._checker_key = key
        except (SettingsError, SchemaConfigError) as exc:
            raise PluginError(f"plugins.pmo: {exc}") from exc
        self._settings = settings
        self._edit_prefix = glue.docs_dir_edit_prefix(config, root)
        self._commit_url = commit_url_for(config.repo_url)
        config.markdown_extensions[:] = [
            e for e in config.markdown_extensions if not isinstance(e, PmoLinkExtension)
        ]
        config.markdown_extensions.append(
            PmoLinkExtension(self._checker.pattern, self._links)  # type: ignore[arg-type]
        )
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """`files`: validate everything, log each issue, fail once on errors, add the files.

        Stores the corpus (`self.corpus`) and the File of each document.
        """
        if not self.config.enabled or self._checker is None or self._settings is None:
            return files
        corpus, report = self._checker.run()
        self._freeze_long_lived()
        report.extend(
            glue.docs_dir_link_issues(files, corpus, self._checker.pattern, self._edit_prefix)
        )
        errors = glue.log_report(report, log)
        if errors:
            raise PluginError(f"{errors} error(s) found (listed above); the site was not built")
        self._corpus = corpus
        self._links.corpus = corpus
        self._today = self._settings.effective_today()
        self._history = collect_history(self._settings.root, self._settings.kinds)
        if self._history.unavailable:
            log.debug("Document pages show: %s", self._history.unavailable)
        for file in files.documentation_pages():
            if file.generated_by is None and file.src_dir == config.docs_dir:
                file.edit_uri = self._edit_prefix + file.src_uri
        glue.add_files(files, glue.content_files(corpus, self._settings, config), log)
        if self.config.pages:
            pages = generated_pages(
                corpus,
                self._settings.effective_today(),
                glue.load_schemas(self._checker),
                directory_urls=config.use_directory_urls,
                tags=glue.has_tags_plugin(config),
            )
            self._generated_order = {p.uri: i for i, p in enumerate(pages)}
            self._raw_html = glue.add_generated(files, pages, config, log)
        for file in glue.asset_files(config):
            files.append(file)
        present = files.src_uris
        self._doc_files = {uri: f for uri in corpus.by_uri if (f := present.get(uri))}
        self._urls = {corpus.by_uri[uri].id: f.url for uri, f in self._doc_files.items()}
        self._links.urls = self._urls
        self._drawings = relation_drawings(corpus)
        return files

    def on_nav(
        self, nav: Navigation, /, *, config: MkDocsConfig, files: Files
    ) -> Navigation | None:
        """`nav`: with an automatic nav, list generated pages in their intended order."""
        if config.nav is None and self._generated_order:
            glue.order_generated(nav.items, self._generated_order)
        return nav

    @event_priority(50)
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """`page_markdown`: point the link extension at this page; fill a document's meta.

        MkDocs read the document's body only (see `mkdocs_glue.document_source`), so its
        `page.meta` is the validated front matter, set here before other plugins read it
        (priority 50). Title and tags are HTML-escaped because MkDocs' theme environment does
        not autoescape (`<title>`, header, Material's tags and the search index use them raw).
        """
        self._links.page_uri = page.file.src_uri
        self._links.prefix = root_prefix(page.url)
        doc = self._document(page)
        if doc is not None:
            page.meta = {**doc.meta, **page.meta}
            title = escape(f"{doc.id} {doc.title}")
            page.meta["title"] = title
            page.title = title
            # Material renders tag names unescaped (tags plugin runs later, at priority -50).
            page.meta["tags"] = [escape(tag) for tag in doc.tags]
            if _same_text(markdown, doc.body):
                # MkDocs' metadata parser split and joined the body into a copy; the page
                # keeps the checker's instead, so the build holds each document's text once.
                markdown = doc.body
                if doc.body_links:
                    markdown = self._swap_links_out(doc, page)
        return markdown

    @event_priority(100)
    def _finish_body(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """`page_content`, first: sanitise a document's body, then put its links back.

        The links swapped out in `on_page_markdown` go back in the HTML, and in `page.markdown`,
        so other plugins never see a token. Sanitising first spares the sanitiser the plugin's
        own links (escaped already: a tooltip's `&#x27;` would otherwise call for a full parse).
        """
        if self._document(page) is None:
            return html
        if self.config.sanitize_html:
            html = sanitize_html(html)
        entry = self._swapped.pop(page.file.src_uri, None)
        if entry is None:
            return html
        tokenized, written, swapped = entry
        if page.markdown is tokenized:
            page.markdown = written
        elif page.markdown is not None:  # changed by another plugin after the swap
            page.markdown = self._tokens.restore(page.markdown, swapped)
        return self._tokens.swap_in(html, swapped)

    def _decorate_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """`page_content`: add a document's card, banner, Why block and relations."""
        html = label_task_checkboxes(html)
        blocks = self._raw_html.get(page.file.src_uri)
        if blocks and page.file.generated_by:
            return join_raw(html, blocks)
        doc = self._document(page)
        if doc is None or self._corpus is None or self._settings is None:
            return html
        return self._decorate(html, doc, page)

    on_page_content = CombinedEvent(_finish_body, _decorate_content)

    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """`post_build`: publish the schemas under `schemas/`, the catalogue export and the feed.

        Runs last (priority -100) and gives the garbage collector its objects back only at the
        end: unfrozen earlier, the whole site's objects would be walked by the next full
        collection while the export and other plugins allocate (half a second at 5,000
        documents).
        """
        try:
            if not self.config.enabled or self._settings is None or self._corpus is None:
                return
            target = Path(config.site_dir) / "schemas"
            for folder in glue.schema_dirs(self._settings):
                for path in sorted(folder.glob("*.json")):
                    target.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(path, target / path.name)
            self._export(config)
            self._write_feed(config)
        finally:
            self._unfreeze()

    @event_priority(1)
    def _show_search_view(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """`page_context`, just before search indexes the page: show it the search view."""
        doc = self._document(page) if self._search else None
        if doc is not None and page.content is not None:
            full = self._cards.pop(page.file.src_uri, None)
            if full is None:
                full = card.header_card(doc, self._today)
            view = search_view(page.content, full, card_text(doc))
            self._viewed[page.file.src_uri] = (page.content, view)
            page.content = view
        return context

    @event_priority(-1)
    def _end_search_view(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """`page_context`, after search has indexed the page: put the page back.

        Search plugins strip `data-search-*` attributes from what they indexed; the page gets
        the same treatment. If anything else changed the view meanwhile, that change cannot
        be carried over to the page: say so (a warning, which fails a strict build).
        """
        viewed = self._viewed.pop(page.file.src_uri, None)
        if viewed is None:
            return context
        content, view = viewed
        if page.content is not view and page.content != strip_search_attributes(view):
            log.warning(
                f"{page.file.src_uri}: another plugin changed the page while search indexed it "
                "(on_page_context, between priorities 1 and -1); its change is not kept, "
                "because the pmo plugin shows search a view of the page there"
            )
        page.content = strip_search_attributes(content)
        return context

    on_page_context = CombinedEvent(_show_search_view, _end_search_view)

    @event_priority(50)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """`post_page`: add relations, graph and history to the article; link assets and feed.

        The plugin's stylesheet and script are linked here rather than through `extra_css` and
        `extra_javascript`, which MkDocs' templates turn into URLs again on every page.

        Runs after search has indexed the page (`on_page_context`), so neighbours' IDs and the
        graph's text do not make every linked page match a search for an ID; and before other
        plugins (priority 50), such as an HTML minifier.
        """
        if not self.config.enabled or self._corpus is None:
            return output
        prefix = root_prefix(page.url)
        tags = self._page_tags.get(prefix)
        if tags is None:
            style, script = glue.asset_tags(prefix)
            feed = atom.link_tag(prefix + atom.FEED_URI, f"{config.site_name}: changes")
            tags = self._page_tags[prefix] = (f"{style}\n{feed}", script)
        doc = self._document(page)
        bottom = self._article_end(doc, prefix) if doc is not None else ""
        return finish_page(output, head=tags[0], article_end=bottom, body_end=tags[1])

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer | None:
        """`serve`: rebuild when a document or schema changes."""
        if self.config.enabled and self._settings is not None:
            for path in glue.watch_paths(self._settings):
                server.watch(path)
        return server

    def on_build_error(self, *, error: Exception) -> None:
        """`build_error`: give the garbage collector back what `on_files` set aside."""
        self._unfreeze()

    def on_shutdown(self) -> None:
        """`shutdown`: as `on_build_error`, in case the build stopped without either event."""
        self._unfreeze()

    # -- helpers (no MkDocs events) ----------------------------------------------------------

    def _freeze_long_lived(self) -> None:
        """Keep the cyclic garbage collector off what lives until the build ends.

        After the check, every object alive (MkDocs' configuration and files, the corpus) lives
        until the build ends; without this, every full collection during the build walks them
        all again. `gc.unfreeze()` in `on_post_build` (or on error, or at shutdown) hands them
        back, so `mkdocs serve` frees each build's corpus.
        """
        if not self._frozen:
            gc.freeze()
            self._frozen = True

    def _unfreeze(self) -> None:
        if self._frozen:
            gc.unfreeze()
            self._frozen = False

    def _document(self, page: Page) -> Document | None:
        file = self._doc_files.get(page.file.src_uri)
        if file is None or file is not page.file or self._corpus is None:
            return None
        return self._corpus.by_uri.get(page.file.src_uri)

    def _swap_links_out(self, doc: Document, page: Page) -> str:
        """The document's body with its links as tokens (see `render.link_tokens`)."""
        corpus = self._links.corpus
        prefix = self._links.prefix
        urls = self._urls
        made = self._ref_html

        def render(link: BodyLink) -> tuple[str, str] | None:
            if not link.text:
                known = made.get((link.target, prefix))
                if known is not None:
                    return known
            target = corpus.get(link.target) if corpus is not None else None
            url = urls.get(link.target) if target is not None else None
            if target is None or url is None:
                return None
            if link.text:
                return link_html(target, prefix + url, link.text), link.text
            made[link.target, prefix] = (
                link_html(target, prefix + url),
                f"{target.id} {target.title}",
            )
            return made[link.target, prefix]

        new, swapped = self._tokens.swap_out(doc.body, doc.body_links, render)
        if swapped:
            self._swapped[page.file.src_uri] = (new, doc.body, swapped)
        return new

    def _url_of(self, doc: Document) -> str | None:
        return self._urls.get(doc.id)

    def _decorate(self, html: str, doc: Document, page: Page) -> str:
        assert self._corpus is not None
        corpus = self._corpus
        html = wrap_why(html)
        kind = corpus.kinds.get(doc.kind)
        kind_label = kind.name.replace("_", " ") if kind else "document"
        href = self._href_from(root_prefix(page.url))
        full = card.header_card(doc, self._today)
        if self._search:
            self._cards[page.file.src_uri] = full
        top = card.status_banner(doc, corpus.successors(doc), href, kind_label) + full
        # Templates cannot see the graph, added after them (`on_post_page`); tell them it is
        # coming (e.g. to load Mermaid: see docs/overrides/main.html).
        if corpus.has_relations(doc):
            page.meta["pmo_mermaid"] = True
        if html.lstrip().startswith("<h1"):
            end = html.find("</h1>") + len("</h1>")
            return html[:end] + top + html[end:]
        return top + html

    def _article_end(self, doc: Document, prefix: str) -> str:
        """Relations, the neighbourhood graph and the history of `doc`, for its page's end.

        Made in `on_post_page`, page by page: made with the card, they would all be held at
        once, since every page's content event runs before the first page is rendered.
        """
        assert self._corpus is not None
        corpus = self._corpus
        relations = card.relations_section(
            corpus.outgoing(doc),
            corpus.incoming(doc.id),
            self._href_from(prefix),
            self._drawings,
            self._relation_items.setdefault(prefix, {}),
        )
        bottom = relations + card.graph_placeholder(doc) if relations else ""
        return bottom + render_history_html(
            self._history,
            doc.id,
            commit_url=self._commit_url,
            feed_href=prefix + atom.FEED_URI,
        )

    def _href_from(self, prefix: str) -> Callable[[Document], str]:
        """A document's URL from a page `prefix` away from the site root (`#` if it has none)."""
        urls = self._urls

        def href(target: Document) -> str:
            url = urls.get(target.id)
            return prefix + url if url is not None else "#"

        return href

    def _write_feed(self, config: MkDocsConfig) -> None:
        """Write the Atom feed of new documents, status changes and new versions."""
        corpus = self._corpus
        assert corpus is not None

        def url_for(doc_id: str) -> str | None:
            doc = corpus.get(doc_id)
            return self._url_of(doc) if doc is not None else None

        xml = atom.render_atom(
            self._history.entries(),
            title=config.site_name,
            site_url=config.site_url or "",
            url_for=url_for,
        )
        (Path(config.site_dir) / atom.FEED_URI).write_text(xml, encoding="utf-8")

    def _export(self, config: MkDocsConfig) -> None:
        assert self._corpus is not None
        if not self.config.export:
            return
        # Thousands of dicts and lists, garbage once written, and no cycles among them.
        with gc_paused():
            data = catalogue(self._corpus, glue.site_url_for(config, self._url_of))
            # Compact: it is for tools, and at 5,000 documents indentation doubles its size.
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            del data
        target = Path(config.site_dir) / self.config.export
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text + "\n", encoding="utf-8")


def _same_text(markdown: str, body: str) -> bool:
    """Whether `markdown` is `body`, give or take leading blank lines.

    That is what MkDocs makes of a document's source (`mkdocs_glue.document_source`) unless
    another plugin changed it first.
    """
    if markdown is body:
        return True
    shift = len(markdown) - len(body)
    if shift >= 0:
        return markdown.endswith(body) and not markdown[:shift].strip()
    return body.endswith(markdown) and not body[:-shift].strip()
