"""The one entry point of the core: `check(settings)` → `(Corpus, Report)`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mkdocs_pmo.core.anchors import AnchorIndex, TocSettings
from mkdocs_pmo.core.body import link_pattern
from mkdocs_pmo.core.cache import FileCache, FileResult, fingerprint, user_secret
from mkdocs_pmo.core.expressions import blank_comments
from mkdocs_pmo.core.facets import Facet, check_applicability
from mkdocs_pmo.core.gc_pause import gc_paused
from mkdocs_pmo.core.issues import Issue, IssueCode, Report, Severity, SourceLocation
from mkdocs_pmo.core.load import discover, read_data, split_document
from mkdocs_pmo.core.markdown_links import SiteFiles, markdown_link_issues
from mkdocs_pmo.core.model import DEFAULT_LINK_TYPES, Corpus, Document, KindSpec, LinkType
from mkdocs_pmo.core.pages import (
    MARKDOWN_SUFFIXES,
    check_pages,
    docs_files,
    links_outside_conditionals,
    markdown_pages,
    page_anchors_reader,
)
from mkdocs_pmo.core.parameters import (
    DEFAULT_FILE,
    ParamCall,
    ParametersFile,
    load_parameters,
    unknown_parameters,
)
from mkdocs_pmo.core.rules import check_corpus
from mkdocs_pmo.core.schemas import CompiledSchema, compile_schema
from mkdocs_pmo.core.validate import build_document, check_front_matter

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence
    from pathlib import Path

    from mkdocs_pmo.core.templates import TemplateChecker, TemplateSettings


DEFAULT_KINDS: tuple[KindSpec, ...] = (
    KindSpec("standard", "standards", "STD", "standard.schema.json", True, "Standards"),
    KindSpec("playbook", "playbooks", "PB", "playbook.schema.json", True, "Playbooks"),
)


@dataclass(frozen=True)
class Settings:
    """Everything the core needs; built by the plugin from `mkdocs.yml` or by the CLI."""

    root: Path
    kinds: tuple[KindSpec, ...] = DEFAULT_KINDS
    levels: Mapping[IssueCode, Severity] = field(default_factory=dict)
    link_types: tuple[LinkType, ...] = DEFAULT_LINK_TYPES
    today: dt.date | None = None
    #: Applicability facets (role, tier, gate...), in display order.
    facets: tuple[Facet, ...] = ()
    #: The parameters file, relative to the root ("" for none); a missing file is no problem.
    parameters_file: str = DEFAULT_FILE
    #: Hand-written pages' folder (MkDocs' `docs_dir`) relative to the root, whose `[[ID]]`
    #: links are checked too ("" for none).
    docs_dir: str = ""
    #: MkDocs' `exclude_docs` patterns for that folder (gitignore style).
    exclude_docs: tuple[str, ...] = ()
    #: How the site's `toc` extension makes heading ids; None: `[[ID#anchor]]` is not checked
    #: (a slugify the check cannot call).
    toc: TocSettings | None = field(default_factory=TocSettings)
    #: Whether the site configures the macros plugin (which renders `param()`).
    macros: bool = False
    #: Page templates as the macros plugin renders them; None: not checked (no macros plugin,
    #: or Jinja extensions the check may not load).
    templates: TemplateSettings | None = None
    #: Where each file's result is kept between runs (`core/cache.py`); None: not kept.
    cache_dir: Path | None = None
    #: Paths in the site (folders end in `/`) of the pages the plugin generates: links to
    #: them are not checked.
    generated: tuple[str, ...] = ()
    #: MkDocs' `validation.links.absolute_links: relative_to_docs`.
    absolute_links_from_docs: bool = False
    #: What reading the plugin's options in the configuration file warned about, located
    #: (`pmo check` reports them; in a build, MkDocs does).
    option_warnings: tuple[Issue, ...] = ()

    def effective_today(self) -> dt.date:
        return self.today or dt.date.today()


class Checker:
    """Compiles schemas once, then checks the corpus on demand (reused across rebuilds)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.schemas: dict[str, CompiledSchema] = {
            kind.name: compile_schema(kind, settings.root) for kind in settings.kinds
        }
        self.pattern = link_pattern(k.prefix for k in settings.kinds)
        #: Per kind: the ID at the start of a file name (`STD-019-title.md` → `STD-019`).
        self.name_ids: dict[str, re.Pattern[str]] = {
            kind.name: re.compile(rf"({re.escape(kind.prefix)}-[0-9]{{3,}})(?:-|\.md$)")
            for kind in settings.kinds
        }
        self.templates: TemplateChecker | None = None
        if settings.templates is not None:
            # Imported only for sites with the macros plugin (Jinja is not needed otherwise).
            from mkdocs_pmo.core.templates import TemplateChecker

            self.templates = TemplateChecker(settings.templates, settings.kinds)

    def run(self, root: Path | None = None) -> tuple[Corpus, Report]:
        """Check the catalogue under `root` (default: the settings' root) with these schemas."""
        # Loading allocates many small objects that all stay alive: the cyclic collector's
        # passes over them would find nothing to free.
        with gc_paused():
            return self._run(root or self.settings.root)

    def _run(self, root: Path) -> tuple[Corpus, Report]:
        settings = self.settings
        report = Report(levels=settings.levels)
        report.extend(settings.option_warnings)
        files, other_files, discover_issues = discover(root, settings.kinds)
        report.extend(discover_issues)
        report.files_read = len(files)
        if not files and not discover_issues:
            # Said first by `pmo check` (exit 2) and the build, instead of what follows from it
            # (a dangling reference per link of the hand-written pages).
            report.no_documents = no_documents_message(root, settings.kinds)
        loaded = ParametersFile({}, [])
        if settings.parameters_file:
            loaded = load_parameters(root, settings.parameters_file)
            report.extend(loaded.issues)
        parameters = loaded.parameters
        known_parameters = _known_parameters(loaded)
        documents: list[Document] = []
        #: Files that could not become documents, by the ID in their names.
        unloaded: dict[str, str] = {}
        #: Where the schema found a bad value: no second message for a reference there.
        schema_errors: set[SourceLocation] = set()
        cache = self._cache(root, loaded)
        #: Pages calling `param()` on a site without the macros plugin, with their first call.
        calling: list[tuple[str, ParamCall]] = []
        for uri, kind in files:
            data, unread = read_data(root, uri)
            if data is None:
                result = FileResult(None, tuple(unread.issues))
            else:
                check = functools.partial(
                    self._check_data, uri, data, kind, loaded, known_parameters
                )
                result = check() if cache is None else cache.result(uri, data, check)
            doc = result.document
            issues = list(result.issues)
            if doc is not None:
                documents.append(doc)
                # Without the macros plugin, a call in Markdown code is shown as written, as its
                # author meant; one anywhere else is a mistake.
                if not settings.macros and (first := _outside_code(doc.param_calls)):
                    calling.append((doc.uri, first))
            elif match := self.name_ids[kind.name].match(uri, uri.rfind("/") + 1):
                unloaded.setdefault(match.group(1), uri)
            if issues:
                schema_errors.update(i.location for i in issues if i.code is IssueCode.SCHEMA)
                report.extend(issues)
        if cache is not None:
            cache.save()
        kinds = {k.name: k for k in settings.kinds}
        today = settings.effective_today()
        titles = {doc.id: doc.title for doc in documents}
        anchors = AnchorIndex(settings.toc, titles) if settings.toc is not None else None
        report.extend(
            issue
            for issue in check_corpus(
                documents, kinds, settings.link_types, today, unloaded, anchors=anchors
            )
            # `related: STD-010, STD-011` is one mistake (a list written as text), not also
            # a reference to an ID "STD-010, STD-011" that no document has.
            if not (issue.code is IssueCode.DANGLING_REF and issue.location in schema_errors)
        )
        corpus = Corpus(
            documents,
            settings.kinds,
            settings.link_types,
            facets=settings.facets,
            parameters=parameters,
        )
        if self.templates is not None:
            from mkdocs_pmo.core.templates import macro_call_issues

            for doc in documents:
                if doc.macro_calls:
                    report.extend(
                        macro_call_issues(doc.uri, doc.macro_calls, settings.kinds, corpus.by_id)
                    )
                if doc.includes:
                    report.extend(
                        self.templates.include_issues(doc.uri, doc.includes, map(str, doc.meta))
                    )
        # Markdown links are resolved among the build's files: documents (and their folders'
        # other files) at their path from the root, docs_dir's files at their path there.
        in_docs: set[str] = set()
        excluded: set[str] = set()
        if settings.docs_dir:
            in_docs, excluded = docs_files(root / settings.docs_dir, settings.exclude_docs)
        site, anchors_of = self._site_files(
            root, files, other_files, in_docs, excluded, anchors, corpus
        )
        for doc in documents:
            links = links_outside_conditionals(
                doc.plain_links, doc.body, doc.body_line, self.templates
            )
            if links:
                report.extend(markdown_link_issues(doc.uri, doc.uri, links, site, anchors_of))
        if settings.docs_dir:
            report.extend(
                check_pages(
                    root,
                    settings.docs_dir,
                    markdown_pages(in_docs),
                    self.pattern,
                    corpus,
                    unloaded,
                    anchors=anchors,
                    templates=self.templates,
                    parameters=loaded,
                    known_parameters=known_parameters,
                    without_macros=None if settings.macros else calling,
                    site=site,
                    anchors_of=anchors_of,
                )
            )
        if calling:
            report.extend([_no_macros(calling)])
        return corpus, report

    def _site_files(
        self,
        root: Path,
        files: Iterable[tuple[str, KindSpec]],
        other_files: Iterable[str],
        in_docs: set[str],
        excluded: set[str],
        anchors: AnchorIndex | None,
        corpus: Corpus,
    ) -> tuple[SiteFiles, Callable[[str], frozenset[str] | None]]:
        """The build's files, and the ids of a page among them, for Markdown links.

        `in_docs` and `excluded`: the files of docs_dir the build has and leaves out. Without a
        docs_dir (no MkDocs configuration), only the kinds' folders are known.
        """
        settings = self.settings
        built = {uri for uri, _ in files}
        built.update(other_files)
        only: tuple[str, ...] = tuple(f"{kind.folder}/" for kind in settings.kinds)
        read_page: Callable[[str], frozenset[str] | None] | None = None
        if settings.docs_dir:
            built.update(in_docs)
            only = ()
            if anchors is not None:
                folder = root / settings.docs_dir
                read_page = page_anchors_reader(folder, self.pattern, anchors)
        site = SiteFiles(
            frozenset(built),
            frozenset(excluded),
            generated=settings.generated,
            only=only,
            absolute_from_docs=settings.absolute_links_from_docs,
        )

        def anchors_of(uri: str) -> frozenset[str] | None:
            if anchors is None:
                return None
            doc = corpus.by_uri.get(uri)
            if doc is not None:
                return anchors.of(doc)
            if read_page is not None and uri.endswith(MARKDOWN_SUFFIXES) and uri in built:
                return read_page(uri)
            return None

        return site, anchors_of

    def _cache(self, root: Path, loaded: ParametersFile) -> FileCache | None:
        """The results cache of the configured root.

        Another root (a base revision checked out by `pmo impact`) is not cached.
        """
        settings = self.settings
        if settings.cache_dir is None or root != settings.root:
            return None
        secret = user_secret()
        if secret is None:
            return None
        key = fingerprint(
            [
                settings.kinds,
                [
                    (schema.schema, sorted(schema.references.items()))
                    for schema in self.schemas.values()
                ],
                settings.facets,
                sorted(loaded.parameters.items()),
                loaded.broken,
                _template_key(settings.templates),
            ],
            secret,
        )
        return FileCache(settings.cache_dir, key)

    def _check_data(
        self,
        uri: str,
        data: bytes,
        kind: KindSpec,
        loaded: ParametersFile,
        known_parameters: set[str] | None,
    ) -> FileResult:
        """One file's document and problems: everything about it that involves no other file.

        `known_parameters`: what `params.<name>` may name (`_known_parameters(loaded)`).
        """
        parsed = split_document(uri, data)
        issues: list[Issue] = list(parsed.issues)
        doc = None
        templates = self.templates
        if parsed.meta is not None:
            issues.extend(check_front_matter(parsed, self.schemas[kind.name]))
            if templates is not None and templates.renders(parsed.body, parsed.meta):
                # What Markdown reads: mkdocs-macros drops template comments first.
                s = templates.settings
                body = blank_comments(parsed.body, s.comment_start, s.comment_end, s.block_start)
                parsed = dataclasses.replace(parsed, body=body)
            doc = build_document(
                parsed,
                kind,
                self.pattern,
                issues,
                facets=self.settings.facets,
                parameters=loaded.parameters,
            )
        if doc is not None:
            issues.extend(self._contract_issues(doc, loaded))
            if templates is not None and templates.renders(doc.body, doc.meta):
                # The page's meta as the build has it: front matter, title and tags.
                names = (*doc.meta, "title", "tags")
                issues.extend(
                    templates.check(doc.body, doc.uri, doc.body_line, names, known_parameters)
                )
                calls = templates.macro_calls(doc.body, doc.body_line, names)
                includes = templates.includes(doc.body, doc.body_line)
                if calls or includes:
                    doc = dataclasses.replace(
                        doc, macro_calls=tuple(calls), includes=tuple(includes)
                    )
        return FileResult(doc, tuple(issues))

    def _contract_issues(self, doc: Document, loaded: ParametersFile) -> list[Issue]:
        """Applicability against the configured facets; `param()` calls against parameters."""
        issues: list[Issue] = []
        if doc.param_calls:
            issues.extend(
                unknown_parameters(doc.uri, list(doc.param_calls), loaded.parameters, loaded.broken)
            )
        meta = doc.meta
        if "applies_to" in meta or "requirements" in meta:
            numbers = doc.requirements_by_number.keys()
            issues.extend(
                check_applicability(doc.uri, meta, doc.front_matter, self.settings.facets, numbers)
            )
        return issues


def _outside_code(calls: Sequence[ParamCall]) -> ParamCall | None:
    return next((c for c in calls if not c.in_code), None)


def _known_parameters(loaded: ParametersFile) -> set[str] | None:
    """What `params.<name>` may name (None: the file could not be read, nothing is known)."""
    return None if loaded.broken is None else {*loaded.parameters, *loaded.broken}


def _template_key(templates: TemplateSettings | None) -> object:
    """`templates` for the cache's fingerprint, its names in order (a set's repr is not)."""
    if templates is None:
        return None
    return sorted(templates.names), dataclasses.replace(templates, names=frozenset())


def no_documents_message(root: Path, kinds: Sequence[KindSpec]) -> str:
    """What to say when the kinds' folders hold no document: where it looked."""
    folders = [f"{root / kind.folder}/" for kind in kinds]
    if not folders:
        return "no documents found: no document kinds are configured"
    looked = ", ".join(folders[:-1]) + f" or {folders[-1]}" if len(folders) > 1 else folders[0]
    return f"no documents found: no Markdown files in {looked}"


def _no_macros(calling: list[tuple[str, ParamCall]]) -> Issue:
    """`param()` on a site without the macros plugin: one finding, at the first call."""
    uri, first = calling[0]
    others = len(calling) - 1
    more = f" (and in {others} other page{'s' if others > 1 else ''})" if others else ""
    return Issue(
        IssueCode.NO_MACROS,
        f"param('{first.name}') needs the macros plugin{more}: add `- macros: {{modules: "
        "[mkdocs_pmo.site.macros]}` after pmo under `plugins:` in mkdocs.yml; without it "
        "pages show the call as written",
        SourceLocation(uri, first.line, first.col),
    )


def check(settings: Settings) -> tuple[Corpus, Report]:
    """Load, validate and link every document under `settings.root`."""
    return Checker(settings).run()
