"""Turning a validated `PmoConfig` into the core's `Settings` (shared by plugin and CLI)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs_pmo.core.anchors import TocSettings
from mkdocs_pmo.core.cache import CACHE_DIR
from mkdocs_pmo.core.facets import Facet
from mkdocs_pmo.core.issues import IssueCode, Severity
from mkdocs_pmo.core.model import KindSpec
from mkdocs_pmo.core.pipeline import DEFAULT_KINDS, Settings

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from mkdocs.config.defaults import MkDocsConfig

    from mkdocs_pmo.core.templates import TemplateSettings
    from mkdocs_pmo.site.config import PmoConfig

_PREFIX = re.compile(r"^[A-Z][A-Z0-9]*$")
_FOLDER = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]*$")


#: What the plugin adds to the build's files, as paths in the site (folders end in `/`): links
#: to them are not checked (`pages.model.CATALOGUE`, `pages.handbook.HANDBOOK_URI`,
#: `files.ASSETS_URI`; a test holds a real build's generated files to them).
GENERATED = ("catalogue.md", "catalogue/", "handbook.md", "assets/pmo/")


class SettingsError(ValueError):
    """A configuration value the core cannot work with (exit code 2 / build abort)."""


def settings_from_config(
    config: PmoConfig, root: Path, *, docs: MkDocsConfig | None = None
) -> Settings:
    """Build core settings; raise `SettingsError` with a message naming the bad option.

    With `docs` (the site's MkDocs configuration), its `docs_dir` and `exclude_docs` are
    checked for `[[ID]]` links too.
    """
    kinds = DEFAULT_KINDS
    if config.kinds:
        kinds = tuple(
            KindSpec(
                name=name,
                folder=kind.folder.strip("/"),
                prefix=kind.prefix,
                schema=kind.schema or _default_schema(name),
                why_required=kind.why_required,
                label=kind.label,
            )
            for name, kind in config.kinds.items()
        )
    seen_prefixes: dict[str, str] = {}
    seen_folders: dict[str, str] = {}
    for kind in kinds:
        if not _PREFIX.match(kind.prefix):
            raise SettingsError(
                f"kinds.{kind.name}.prefix: {kind.prefix!r} must be upper-case letters/digits"
            )
        if kind.prefix in seen_prefixes:
            raise SettingsError(
                f"kinds.{kind.name}.prefix: {kind.prefix} is also used by "
                f"{seen_prefixes[kind.prefix]}"
            )
        seen_prefixes[kind.prefix] = kind.name
        if not _FOLDER.match(kind.folder) or ".." in kind.folder.split("/"):
            raise SettingsError(
                f"kinds.{kind.name}.folder: {kind.folder!r} must be a folder inside the project"
            )
        for other, folder in seen_folders.items():
            if (kind.folder + "/").startswith(folder + "/") or (folder + "/").startswith(
                kind.folder + "/"
            ):
                raise SettingsError(
                    f"kinds.{kind.name}.folder: {kind.folder!r} overlaps {other}'s folder "
                    f"{folder!r}; give each kind a folder of its own"
                )
        seen_folders[kind.name] = kind.folder
    levels: dict[IssueCode, Severity] = {}
    for code, level in (config.validation or {}).items():
        try:
            issue_code = IssueCode.from_code(code)
        except KeyError:
            known = ", ".join(sorted(m.value for m in IssueCode))
            raise SettingsError(
                f"validation: unknown issue code {code!r}; known codes: {known}"
            ) from None
        levels[issue_code] = Severity("warning" if level == "warn" else level)
    today = None
    if config.today:
        try:
            today = dt.date.fromisoformat(str(config.today))
        except ValueError:
            raise SettingsError(f"today: {config.today!r} is not a YYYY-MM-DD date") from None
    facets = tuple(
        Facet(name, spec["label"], tuple(spec["values"].items()))
        for name, spec in (config.facets or {}).items()
    )
    parameters = config.parameters.strip()
    if parameters and (
        parameters.startswith("/") or ".." in parameters.replace("\\", "/").split("/")
    ):
        raise SettingsError(f"parameters: {parameters!r} must be a file inside the project")
    docs_dir, exclude_docs = "", tuple[str, ...]()
    toc: TocSettings | None = TocSettings()
    templates = None
    macros = False
    absolute_from_docs = False
    if docs is not None:
        toc = toc_settings(docs.mdx_configs)
        macros = any(name.rsplit("/", 1)[-1] == "macros" for name in docs.plugins)
        templates = _templates(docs, root)
        for key, (link_code, default) in _LINK_CHECKS.items():
            if link_code not in levels:
                levels[link_code] = _LOG_LEVELS.get(getattr(docs.validation.links, key), default)
        # `relative_to_docs` is validated to a value below every log level.
        absolute_from_docs = docs.validation.links.absolute_links < logging.DEBUG
        try:
            docs_dir = Path(docs.docs_dir).resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            docs_dir = ""
        # What `mkdocs build` leaves out: excluded files, and drafts (rendered by serve only).
        for spec in (docs.exclude_docs, docs.draft_docs):
            if spec is not None:
                exclude_docs += tuple(str(p.pattern) for p in spec.patterns if p.pattern)
    return Settings(
        root=root,
        kinds=kinds,
        levels=levels,
        today=today,
        facets=facets,
        parameters_file=parameters,
        docs_dir="" if docs_dir == "." else docs_dir,
        exclude_docs=exclude_docs,
        toc=toc,
        macros=macros,
        templates=templates,
        cache_dir=root / CACHE_DIR if config.cache else None,
        generated=GENERATED,
        absolute_links_from_docs=absolute_from_docs,
    )


def _templates(docs: MkDocsConfig, root: Path) -> TemplateSettings | None:
    """Template settings from the site's `macros` plugin (its validated options), if any."""
    from mkdocs_pmo.site.templating import template_settings

    for name, plugin in docs.plugins.items():
        if name.rsplit("/", 1)[-1] == "macros":
            return template_settings(dict(plugin.config), docs.extra, root, Path(docs.docs_dir))
    return None


#: MkDocs' `validation` levels (`mkdocs.config.defaults._LogLevel`) as issue severities.
_LOG_LEVELS = {logging.WARNING: Severity.WARNING, logging.INFO: Severity.INFO}
_LEVEL_NAMES = {"warn": Severity.WARNING, "info": Severity.INFO, "ignore": Severity.IGNORE}


#: MkDocs' link checks (`validation.links.<key>`) → what pmo reports for them, and the default.
_LINK_CHECKS = {
    "anchors": (IssueCode.MISSING_ANCHOR, Severity.INFO),
    "not_found": (IssueCode.BROKEN_LINK, Severity.WARNING),
    "absolute_links": (IssueCode.ABSOLUTE_LINK, Severity.INFO),
    "unrecognized_links": (IssueCode.UNRECOGNIZED_LINK, Severity.INFO),
}


def with_link_levels(settings: Settings, validation: object) -> Settings:
    """`settings` with the levels of a raw `validation:` entry's link checks.

    MkDocs accepts them flat (`validation: {anchors: warn}`) or under `links:`; a level the
    plugin's own `validation:` sets wins.
    """
    levels = dict(settings.levels)
    raw: dict[str, Any] = validation if isinstance(validation, dict) else {}
    nested = raw.get("links")
    links: dict[str, Any] = nested if isinstance(nested, dict) else {}
    for key, (code, default) in _LINK_CHECKS.items():
        value = raw.get(key, links.get(key))
        level = _LEVEL_NAMES.get(value, default) if isinstance(value, str) else default
        levels.setdefault(code, level)
    absolute = raw.get("absolute_links", links.get("absolute_links"))
    return dataclasses.replace(
        settings, levels=levels, absolute_links_from_docs=absolute == "relative_to_docs"
    )


def toc_settings(configs: Mapping[str, Any]) -> TocSettings | None:
    """How `toc` makes heading ids, from MkDocs' `mdx_configs` (extension name → options).

    MkDocs always loads `toc`; its `slugify` option is the callable the site configured
    (`!!python/name:pymdownx.slugs.uslugify`, say). None when it is not a callable.
    """
    options: Mapping[str, Any] = {}
    for name in ("toc", "markdown.extensions.toc"):
        found = configs.get(name)
        if isinstance(found, dict):
            options = found
    separator = options.get("separator", "-")
    slugify = options.get("slugify")
    if slugify is None:
        return TocSettings(separator=str(separator))
    if not callable(slugify):
        return None
    return TocSettings(slugify=slugify, separator=str(separator))


def extension_configs(extensions: Iterable[object]) -> dict[str, Any]:
    """`markdown_extensions` as written (names, or one-entry mappings) → name → options."""
    configs: dict[str, Any] = {}
    for entry in extensions:
        if isinstance(entry, dict):
            for name, options in entry.items():
                configs[str(name)] = options if isinstance(options, dict) else {}
        elif isinstance(entry, str):
            configs.setdefault(entry, {})
    return configs


def _default_schema(kind: str) -> str:
    return {"standard": "standard.schema.json", "playbook": "playbook.schema.json"}.get(
        kind, "document.schema.json"
    )
