"""Glue between MkDocs objects and the core: content files, edit URIs, URLs, issue logging."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.nav import Section

from mkdocs_pmo.core.body import scan_body
from mkdocs_pmo.core.issues import Issue, IssueCode, Severity, SourceLocation
from mkdocs_pmo.core.schemas import SchemaConfigError, resolve_schema_path
from mkdocs_pmo.site.pages.text import split_raw
from mkdocs_pmo.site.render.links import href_value

if TYPE_CHECKING:
    import re
    from collections.abc import Callable, Iterable, Iterator

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import StructureItem

    from mkdocs_pmo.core.issues import Report
    from mkdocs_pmo.core.model import Corpus, Document, KindSpec
    from mkdocs_pmo.core.pipeline import Checker, Settings
    from mkdocs_pmo.site.pages import GeneratedPage

ASSETS_DIR = Path(__file__).parent / "assets"
ASSETS_URI = "assets/pmo"
STYLESHEET_URI = f"{ASSETS_URI}/pmo.css"
SCRIPT_URI = f"{ASSETS_URI}/pmo.js"
_LEVELS = {Severity.ERROR: logging.ERROR, Severity.WARNING: logging.WARNING}


def format_issue(issue: Issue) -> str:
    """`path:line:col: message [code]` (the level is the log record's)."""
    return f"{issue.location}: {issue.message} [{issue.code.value}]"


def log_report(report: Report, log: logging.LoggerAdapter[logging.Logger]) -> int:
    """Log every issue at its level; return the number of error-level issues."""
    errors = 0
    for issue in report.issues:
        level = _LEVELS.get(issue.severity, logging.INFO)
        errors += level == logging.ERROR
        log.log(level, format_issue(issue))
    return errors


def content_files(corpus: Corpus, settings: Settings, config: MkDocsConfig) -> Iterator[File]:
    """Files for every document, plus non-Markdown files (images...) in the kinds' folders.

    Documents get `InclusionLevel.NOT_IN_NAV`: they are reached from indexes, links and search,
    which keeps Material's per-page navigation small. `edit_uri` is the path from the project
    root, so "Edit this page" opens the real file.

    Each document's File already holds its body (see `document_source`): the checker has read
    and parsed every file, so MkDocs need not read it and parse its YAML a second time; the
    plugin puts the front matter into `page.meta` instead (`on_page_markdown`).
    """
    root = str(settings.root)
    for doc in corpus.by_uri.values():
        file = _file(doc.uri, root, config, InclusionLevel.NOT_IN_NAV)
        path = file.abs_src_path
        file.content_string = document_source(doc.body)
        # Setting the content unsets the path; other plugins (git dates...) still need it.
        file.abs_src_path = path
        yield file
    for kind in settings.kinds:
        for uri in _other_files(settings.root, kind):
            yield _file(uri, root, config, InclusionLevel.UNDEFINED)


def document_source(body: str) -> str:
    """What MkDocs reads for a document: its body after one blank line.

    MkDocs takes leading `key: value` lines of a file without YAML front matter as
    MultiMarkdown metadata; it stops at the first blank line, so the body is never read as such.
    Most bodies start with that blank line already, and are passed on as they are (not copied).
    """
    return body if body.startswith("\n") else "\n" + body


def _file(uri: str, root: str, config: MkDocsConfig, inclusion: InclusionLevel) -> File:
    file = File(uri, root, config.site_dir, config.use_directory_urls, inclusion=inclusion)
    file.edit_uri = uri
    return file


def _other_files(root: Path, kind: KindSpec) -> Iterator[str]:
    folder = root / kind.folder
    if not folder.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if name.startswith(".") or name.endswith(".md") or path.is_symlink():
                continue
            yield path.relative_to(root).as_posix()


def docs_dir_edit_prefix(config: MkDocsConfig, root: Path) -> str:
    """`docs/` (the docs_dir relative to the project root) when it is inside the root."""
    try:
        rel = Path(config.docs_dir).resolve().relative_to(root.resolve())
    except ValueError:
        return ""
    return f"{rel.as_posix()}/" if rel.parts else ""


def add_files(
    files: Files, new: Iterable[File], log: logging.LoggerAdapter[logging.Logger]
) -> None:
    """Add `new` to `files`; a docs_dir file with the same path is replaced, with a warning."""
    present = files.src_uris  # a live mapping; `get_file_from_path` normalises every path
    for file in new:
        existing = present.get(file.src_uri)
        if existing is not None:
            log.warning(
                f"{file.src_uri}: also exists in docs_dir ({existing.src_path}); "
                "the content folder's file is used"
            )
            files.remove(existing)
        files.append(file)


def asset_files(config: MkDocsConfig) -> Iterator[File]:
    """The plugin's stylesheet and script under `assets/pmo/`.

    Each is the package's asset files of its type joined into one file: one request per type
    for readers, and one tag per type on every page.
    """
    for uri, suffix, separator in ((STYLESHEET_URI, ".css", "\n"), (SCRIPT_URI, ".js", ";\n")):
        sources = sorted(p for p in ASSETS_DIR.iterdir() if p.is_file() and p.suffix == suffix)
        content = separator.join(p.read_text(encoding="utf-8") for p in sources)
        yield File.generated(config, uri, content=content)


def asset_tags(prefix: str) -> tuple[str, str]:
    """The stylesheet `<link>` (for the head) and the `<script>` (for the end of the body).

    `prefix` leads from the page to the site root (see `pages.text.root_prefix`).
    """
    return (
        f'<link rel="stylesheet" href="{href_value(prefix + STYLESHEET_URI)}">',
        f'<script src="{href_value(prefix + SCRIPT_URI)}"></script>',
    )


def watch_paths(settings: Settings) -> list[str]:
    """Folders `mkdocs serve` must watch: every kind's folder and every schema's folder."""
    candidates = [settings.root / kind.folder for kind in settings.kinds]
    candidates += schema_dirs(settings)
    paths: list[str] = []
    for path in candidates:
        text = str(path.resolve())
        if path.is_dir() and text not in paths:
            paths.append(text)
    return paths


def schema_stamp(settings: Settings) -> tuple[tuple[str, float], ...]:
    """Modification times of every JSON file next to the kinds' schemas (cache key)."""
    return tuple(
        sorted(
            (str(path), path.stat().st_mtime)
            for folder in schema_dirs(settings)
            for path in folder.glob("*.json")
        )
    )


def schema_dirs(settings: Settings) -> list[Path]:
    """The folders holding the kinds' schemas (and the files they `$ref`)."""
    found: list[Path] = []
    for kind in settings.kinds:
        folder = _schema_dir(kind, settings.root)
        if folder is not None and folder not in found:
            found.append(folder)
    return found


def _schema_dir(kind: KindSpec, root: Path) -> Path | None:
    try:
        folder = resolve_schema_path(kind.schema, root).resolve().parent
    except SchemaConfigError:
        return None
    return folder if folder.is_dir() else None


def docs_dir_link_issues(
    files: Files, corpus: Corpus, pattern: re.Pattern[str], edit_prefix: str
) -> list[Issue]:
    """`pmo.dangling-ref` issues for unknown `[[ID]]` links in hand-written docs_dir pages."""
    issues: list[Issue] = []
    for file in files.documentation_pages():
        if file.generated_by is not None or file.src_uri in corpus.by_uri:
            continue
        try:
            source = file.content_string
        except (OSError, ValueError):
            continue  # MkDocs reports unreadable pages itself
        if "[[" not in source:
            continue
        for link in scan_body(source, 1, pattern).links:
            if link.target not in corpus:
                issues.append(
                    Issue(
                        IssueCode.DANGLING_REF,
                        f"unknown document ID {link.target}",
                        SourceLocation(edit_prefix + file.src_uri, link.line, link.col),
                    )
                )
    return issues


#: Front matter that keeps a page out of mkdocs-material's search index.
_NO_SEARCH = "---\nsearch:\n  exclude: true\n---\n\n"


def add_generated(
    files: Files,
    pages: Iterable[GeneratedPage],
    config: MkDocsConfig,
    log: logging.LoggerAdapter[logging.Logger],
) -> dict[str, list[str]]:
    """Add generated pages; a hand-written docs_dir page at the same path wins (logged).

    Returns each page's raw HTML blocks (by URI), to be put back by `join_raw` after Markdown.
    """
    raw_html: dict[str, list[str]] = {}
    for page in pages:
        if files.get_file_from_path(page.uri) is not None:
            log.info(f"{page.uri}: a docs_dir page replaces the generated page")
            continue
        inclusion = InclusionLevel.UNDEFINED if page.nav else InclusionLevel.NOT_IN_NAV
        markdown, blocks = split_raw(page.markdown)
        if blocks:
            raw_html[page.uri] = blocks
        content = markdown if page.search else _NO_SEARCH + markdown
        files.append(File.generated(config, page.uri, content=content, inclusion=inclusion))
    return raw_html


def order_generated(items: list[StructureItem], order: dict[str, int]) -> None:
    """Sort, in place and in every section, pages that are generated by their given order.

    Other items keep their positions; generated pages fill the slots generated pages had.
    """
    slots = [i for i, item in enumerate(items) if _uri(item) in order]
    ranked = sorted((items[i] for i in slots), key=lambda item: order[_uri(item) or ""])
    for slot, item in zip(slots, ranked, strict=True):
        items[slot] = item
    for item in items:
        if isinstance(item, Section):
            order_generated(item.children, order)


def _uri(item: StructureItem) -> str | None:
    file = getattr(item, "file", None)
    return file.src_uri if file is not None else None


def load_schemas(checker: Checker) -> dict[str, dict[str, Any]]:
    """Kind name → the kind's JSON schema (for the field reference page)."""
    return {kind: compiled.schema for kind, compiled in checker.schemas.items()}


def has_tags_plugin(config: MkDocsConfig) -> bool:
    return any(name in config.plugins for name in ("tags", "material/tags"))


def site_url_for(
    config: MkDocsConfig, url_of: Callable[[Document], str | None]
) -> Callable[[Document], str]:
    """Published URL of a document: absolute with `site_url`, else relative to the site root."""
    base = config.site_url or ""

    def url_for(doc: Document) -> str:
        url = url_of(doc) or ""
        return f"{base.rstrip('/')}/{url}" if base else url

    return url_for
