"""`PmoPlugin`: the MkDocs adapter. Each hook hands MkDocs' objects to the core and back.

Event plan (each hook's docstring says what it stores):

- `on_startup`: defined so `mkdocs serve` keeps this instance; the only thing kept between
  builds is the compiled schemas (`Checker`), made again when settings or schema files change.
- `on_config`: a new `BuildState`; the `[[ID]]` Markdown extension; the plugin's assets.
- `on_pre_build`: the macros sandbox self-test.
- `on_files`: the check (every issue logged, one failure at the end), then the documents,
  generated pages and assets join the site's files.
- `on_nav`: generated pages in their intended order; documents by kind when there are few (in
  a site's own `nav:`, where it lists a kind's index page).
- `on_page_markdown`: a document's validated front matter becomes `page.meta`.
- `on_page_content`: references the renderer could not resolve are reported; a generated
  page's HTML blocks go back in; a document's body is sanitised and gets its banner, card and
  Why block, and is kept for the handbook if it is in force.
- `on_page_context` (priority -50, after search has indexed the page): a document's
  relations, neighbourhood graph and history; the handbook's chapters.
- `on_post_page`: the feed's `<link>` in the head.
- `on_post_build`: published schemas, catalogue export and feed; fails the build if a page
  had an unresolved reference.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger

from mkdocs_pmo.core.pipeline import Checker
from mkdocs_pmo.core.schemas import SchemaConfigError
from mkdocs_pmo.git.history import commit_url_for
from mkdocs_pmo.site import feed, outputs
from mkdocs_pmo.site import files as site_files
from mkdocs_pmo.site.config import PmoConfig
from mkdocs_pmo.site.document_page import page_end, page_top, unresolved_references
from mkdocs_pmo.site.handbook import handbook_content, handbook_fits, keep_body
from mkdocs_pmo.site.links import PmoLinkExtension
from mkdocs_pmo.site.macros import check_sandbox
from mkdocs_pmo.site.navigation import (
    arrange,
    document_sections,
    expand,
    lists_documents,
    status_titles,
)
from mkdocs_pmo.site.pages import CATALOGUE, kind_uri
from mkdocs_pmo.site.pages.text import join_raw
from mkdocs_pmo.site.quiet import quiet_macros_chatter
from mkdocs_pmo.site.render import Templates
from mkdocs_pmo.site.report import log_issues, log_report
from mkdocs_pmo.site.settings import SettingsError, settings_from_config
from mkdocs_pmo.site.state import BuildState
from mkdocs_pmo.site.tasklist import label_task_checkboxes
from mkdocs_pmo.site.urls import root_prefix

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

    from mkdocs_pmo.core.model import Corpus
    from mkdocs_pmo.core.pipeline import Settings

log = get_plugin_logger(__name__)


class PmoPlugin(BasePlugin[PmoConfig]):
    """Validated, cross-linked standards and playbooks on a MkDocs site."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        #: Compiled schemas and the settings and schema files they were compiled from.
        self._checker: tuple[object, Checker] | None = None
        #: The current build's state (None when the plugin is disabled).
        self.state: BuildState | None = None

    @property
    def corpus(self) -> Corpus | None:
        """The validated corpus of the current build (set in `on_files`; read-only)."""
        return self.state.corpus if self.state is not None else None

    @property
    def settings(self) -> Settings | None:
        """The core settings of the current build (set in `on_config`; read-only)."""
        return self.state.settings if self.state is not None else None

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """`startup`: present so that `mkdocs serve` keeps this instance and its schemas."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """`config`: a new `BuildState` (`self.state`); the `[[ID]]` extension; the assets."""
        quiet_macros_chatter()  # before mkdocs-macros' own on_config, which comes after pmo's
        self.state = None
        if not self.config.enabled:
            return config
        root = Path(config.config_file_path or ".").resolve().parent
        try:
            settings = settings_from_config(self.config, root, docs=config)
            checker = self._compiled(settings)
        except (SettingsError, SchemaConfigError) as exc:
            raise PluginError(f"plugins.pmo: {exc}") from exc
        self.state = state = BuildState(
            settings,
            checker,
            Templates(config.theme.custom_dir),
            site_files.docs_dir_edit_prefix(config, root),
            commit_url_for(config.repo_url),
            today=settings.effective_today(),
        )
        # A configuration used for a second build (as the tests do) keeps the earlier extension.
        config.markdown_extensions[:] = [
            e for e in config.markdown_extensions if not isinstance(e, PmoLinkExtension)
        ]
        config.markdown_extensions.append(PmoLinkExtension(checker.pattern, state.links))  # type: ignore[arg-type]
        status_titles(config.extra)
        if site_files.STYLESHEET_URI not in config.extra_css:
            config.extra_css.append(site_files.STYLESHEET_URI)
        if site_files.SCRIPT_URI not in config.extra_javascript:
            config.extra_javascript.append(site_files.SCRIPT_URI)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """`pre_build`: check that mkdocs-macros, if configured, renders through the sandbox.

        After every plugin's `on_config`, before any page: a failure stops the build here.
        """
        if self.state is not None:
            check_sandbox(config.plugins)

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """`files`: check everything, log each issue, fail once on errors; add the files.

        Stores the corpus, each document's `File` and URL, and the git history in `self.state`.
        """
        state = self.state
        if state is None:
            return files
        corpus, report = state.checker.run()
        if report.no_documents:  # as `pmo check` says it (exit 2), before anything else
            raise PluginError(f"plugins.pmo: {report.no_documents}")
        if errors := log_report(state, report, log):
            raise PluginError(f"{errors} error(s) found (listed above); the site was not built")
        site_files.add_site_files(
            state,
            corpus,
            files,
            config,
            pages=self.config.pages,
            handbook=self.config.handbook
            and handbook_fits(corpus, self.config.handbook_max_documents, log),
            log=log,
        )
        state.documents_in_nav = lists_documents(
            documents=len(corpus), max_documents=self.config.nav_max_documents
        )
        return files

    def on_nav(
        self, nav: Navigation, /, *, config: MkDocsConfig, files: Files
    ) -> Navigation | None:
        """`nav`: below `nav_max_documents`, a section per kind (its index, then its documents).

        In the automatic navigation, before the catalogue's home (generated pages in their
        intended order, the handbook after the catalogue); in a site's own `nav:`, where it
        lists the kind's index page.
        """
        state = self.state
        if state is None or state.corpus is None:
            return nav
        sections = (
            document_sections(state.corpus, files, kind_uri) if state.documents_in_nav else []
        )
        if config.nav is not None:
            expand(nav, sections)
            return nav
        site_files.order_generated(nav.items, state.generated_order)
        arrange(
            nav,
            sections,
            catalogue=files.get_file_from_path(f"{CATALOGUE}.md"),
            follow=[files.get_file_from_path(state.handbook_uri)] if state.handbook_uri else [],
        )
        return nav

    @event_priority(50)
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """`page_markdown`: point the link extension at this page; fill a document's meta.

        Priority 50: before other plugins read `page.meta`. Title and tags are HTML-escaped
        because MkDocs' theme environment does not autoescape (`<title>`, the header, Material's
        tags and search use them raw).
        """
        state = self.state
        if state is None:
            return markdown
        state.links.start_page(page.file.src_uri, root_prefix(page.url))
        doc = state.document(page.file.src_uri, page.file)
        if doc is not None:
            page.meta.update(doc.meta)
            page.meta["title"] = page.title = escape(f"{doc.id} {doc.title}")
            page.meta["tags"] = [escape(tag) for tag in doc.tags]
        return markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """`page_content`: report unresolved references, then complete the page.

        A generated page gets its HTML blocks back; a document's body is sanitised and gets its
        banner, card and Why block.
        """
        state = self.state
        if state is None:
            return html
        unresolved = unresolved_references(state, page)
        if log_issues(unresolved, log):
            state.render_errors += 1
        html = label_task_checkboxes(html)
        blocks = state.generated_blocks.get(page.file.src_uri)
        if blocks and page.file.generated_by:
            return join_raw(html, blocks)
        doc = state.document(page.file.src_uri, page.file)
        if doc is None:
            return html
        html = page_top(state, doc, page, html, sanitize=self.config.sanitize_html)
        keep_body(state, doc, html)
        return html

    @event_priority(-50)
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """`page_context`, after search has indexed the page (priority 0).

        A document's card gets its fields, and relations, neighbourhood graph and history go at
        its end; the handbook gets its chapters (every page has been converted by now).

        Kept out of the search index: every neighbour's ID would make this page match.
        """
        state = self.state
        if state is None:
            return context
        doc = state.document(page.file.src_uri, page.file)
        if doc is not None and page.content is not None:
            page.content = page_end(state, doc, page, page.content)
        elif (handbook := handbook_content(state, page)) is not None:
            page.content = handbook
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """`post_page`: the Atom feed's `<link>` in the page's head."""
        if self.state is None:
            return output
        tag = feed.link_tag(root_prefix(page.url) + feed.FEED_URI, f"{config.site_name}: changes")
        return output.replace("</head>", f"{tag}\n</head>", 1)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """`post_build`: schemas, catalogue export and feed; fail on unresolved references."""
        state = self.state
        if state is None or state.corpus is None:
            return
        outputs.write_outputs(state, config, export=self.config.export)
        if state.render_errors:
            raise PluginError(
                f"{state.render_errors} page(s) with unresolved references (listed above)"
            )

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer | None:
        """`serve`: rebuild when a document or schema changes."""
        if self.state is not None:
            for path in site_files.watch_paths(self.state.settings):
                server.watch(path)
        return server

    def _compiled(self, settings: Settings) -> Checker:
        """A `Checker` for `settings`, kept while neither they nor the schema files change."""
        key = (settings, site_files.schema_stamp(settings))
        if self._checker is None or self._checker[0] != key:
            self._checker = (key, Checker(settings))
        return self._checker[1]
