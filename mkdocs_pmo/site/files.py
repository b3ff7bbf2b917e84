"""The site's files: documents from the content folders, generated pages, the plugin's assets.

MkDocs refuses the folder holding `mkdocs.yml` as `docs_dir`, so the kinds' folders
(`standards/`, `playbooks/`) are added in `on_files` as ordinary `File`s whose source folder is
the project root (the technique of Material's blog plugin): MkDocs reads and converts them like
any page, and "Edit this page" points at the real file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.nav import Section

from mkdocs_pmo.core.schemas import SchemaConfigError, resolve_schema_path
from mkdocs_pmo.git.history import collect_history
from mkdocs_pmo.site.pages import generated_pages
from mkdocs_pmo.site.pages.graph import relation_drawings
from mkdocs_pmo.site.pages.handbook import HANDBOOK_URI
from mkdocs_pmo.site.pages.text import split_raw

if TYPE_CHECKING:
    import logging
    from collections.abc import Iterable, Iterator

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import StructureItem

    from mkdocs_pmo.core.model import Corpus, KindSpec
    from mkdocs_pmo.core.pipeline import Checker, Settings
    from mkdocs_pmo.site.pages import GeneratedPage
    from mkdocs_pmo.site.state import BuildState

ASSETS_DIR = Path(__file__).parent / "assets"
ASSETS_URI = "assets/pmo"
#: Front matter that keeps a generated page out of mkdocs-material's search index.
_NO_SEARCH = "---\nsearch:\n  exclude: true\n---\n\n"


def content_files(corpus: Corpus, settings: Settings, config: MkDocsConfig) -> Iterator[File]:
    """A `File` for every document, and for other files (images...) in the kinds' folders.

    Documents are kept out of the automatic navigation (`InclusionLevel.NOT_IN_NAV`): readers
    reach them from the catalogue, links and search.
    """
    root = str(settings.root)
    for doc in corpus.by_uri.values():
        yield _file(doc.uri, root, config, InclusionLevel.NOT_IN_NAV)
    for kind in settings.kinds:
        for uri in _other_files(settings.root, kind):
            yield _file(uri, root, config, InclusionLevel.UNDEFINED)


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
    for file in new:
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None:
            log.warning(
                f"{file.src_uri}: also exists in docs_dir ({existing.src_path}); "
                "the content folder's file is used"
            )
            files.remove(existing)
        files.append(file)


#: The plugin's one stylesheet and one script: each page links them through `extra_css` and
#: `extra_javascript`, so one of each keeps the per-page cost of those tags down.
STYLESHEET_URI = f"{ASSETS_URI}/pmo.css"
SCRIPT_URI = f"{ASSETS_URI}/pmo.js"


def asset_files(config: MkDocsConfig) -> Iterator[File]:
    """`pmo.css` and `pmo.js`: the package's stylesheets, and its scripts, each joined."""
    for uri, suffix, separator in ((STYLESHEET_URI, ".css", "\n"), (SCRIPT_URI, ".js", ";\n")):
        sources = sorted(p for p in ASSETS_DIR.iterdir() if p.is_file() and p.suffix == suffix)
        content = separator.join(p.read_text(encoding="utf-8") for p in sources)
        yield File.generated(config, uri, content=content)


def add_generated(
    files: Files,
    pages: Iterable[GeneratedPage],
    config: MkDocsConfig,
    log: logging.LoggerAdapter[logging.Logger],
) -> dict[str, list[str]]:
    """Add generated pages; a hand-written docs_dir page at the same path wins (logged).

    Returns each page's finished HTML blocks, by path, for `join_raw` after Markdown.
    """
    blocks: dict[str, list[str]] = {}
    for page in pages:
        if files.get_file_from_path(page.uri) is not None:
            log.info(f"{page.uri}: a docs_dir page replaces the generated page")
            continue
        inclusion = InclusionLevel.UNDEFINED if page.nav else InclusionLevel.NOT_IN_NAV
        markdown, blocks[page.uri] = split_raw(page.markdown)
        content = markdown if page.search else _NO_SEARCH + markdown
        files.append(File.generated(config, page.uri, content=content, inclusion=inclusion))
    return blocks


def order_generated(items: list[StructureItem], order: dict[str, int]) -> None:
    """Sort, in place and in every section, generated pages by their given order.

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


def watch_paths(settings: Settings) -> list[str]:
    """What `mkdocs serve` must watch: the kinds' and schemas' folders, the parameters file."""
    candidates = [settings.root / kind.folder for kind in settings.kinds]
    candidates += schema_dirs(settings)
    if settings.parameters_file:
        candidates.append(settings.root / settings.parameters_file)
    paths: list[str] = []
    for path in candidates:
        text = str(path.resolve())
        if path.exists() and text not in paths:
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
        try:
            folder = resolve_schema_path(kind.schema, settings.root).resolve().parent
        except SchemaConfigError:
            continue
        if folder.is_dir() and folder not in found:
            found.append(folder)
    return found


def load_schemas(checker: Checker) -> dict[str, dict[str, Any]]:
    """Kind name → the kind's JSON schema (for the field reference page)."""
    return {kind: compiled.schema for kind, compiled in checker.schemas.items()}


def has_plugin(config: MkDocsConfig, *names: str) -> bool:
    """Whether any of the plugins `names` (`tags`, `material/tags`...) is configured."""
    return any(name in config.plugins for name in names)


def add_site_files(
    state: BuildState,
    corpus: Corpus,
    files: Files,
    config: MkDocsConfig,
    *,
    pages: bool,
    handbook: bool = True,
    log: logging.LoggerAdapter[logging.Logger],
) -> None:
    """Add documents, generated pages and assets to `files`; record them in `state`.

    Sets the state's corpus, history, each document's `File` and URL, and how the neighbourhood
    graph draws each relation. Hand-written docs_dir pages get edit URLs from the project root.
    """
    settings = state.settings
    state.corpus = state.links.corpus = corpus
    state.history = collect_history(settings.root, settings.kinds)
    if state.history.unavailable:
        log.debug("Document pages show: %s", state.history.unavailable)
    for file in files.documentation_pages():
        if file.generated_by is None and file.src_dir == config.docs_dir:
            file.edit_uri = state.edit_prefix + file.src_uri
    add_files(files, content_files(corpus, settings, config), log)
    if pages:
        generated = generated_pages(
            corpus,
            state.today,
            load_schemas(state.checker),
            directory_urls=config.use_directory_urls,
            tags=has_plugin(config, "tags", "material/tags"),
            templates=state.templates,
            handbook=handbook,
        )
        state.generated_order = {p.uri: i for i, p in enumerate(generated)}
        state.generated_blocks = add_generated(files, generated, config, log)
        made = files.get_file_from_path(HANDBOOK_URI)
        if handbook and made is not None and made.generated_by is not None:
            state.handbook_uri, state.handbook_bodies = HANDBOOK_URI, {}
    for asset in asset_files(config):
        files.append(asset)
    for uri, doc in corpus.by_uri.items():
        found = files.get_file_from_path(uri)
        if found is not None:
            state.doc_files[uri] = found
            state.urls[doc.id] = found.url
    state.links.urls = state.urls
    state.drawings = relation_drawings(corpus)
