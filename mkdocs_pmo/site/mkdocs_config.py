"""Finding `mkdocs.yml` and reading the `pmo` plugin's options from it without building the site.

The file is found the way git finds a repository: in the working folder or the nearest parent
that has one. It is read with MkDocs' own loader (`mkdocs.utils.yaml`), so `!ENV` tags,
`!relative` placeholders and `INHERIT` (a parent file, deep-merged) mean what they mean to
`mkdocs build`, and the options are validated by the plugin's own `PmoConfig`. Only Python
tags (`!!python/name:…`, used by Markdown extensions) differ: they are kept as inert
`PythonTag` values, never imported or run, because the plugin's options never use them and a
check should not execute code named in its configuration. The one exception is `toc`'s
`slugify`, which `[[ID#anchor]]` checks call: resolved only when it names a function of
python-markdown's toc or `pymdownx.slugs` (`SLUGIFY_MODULES`); anchors are not checked otherwise.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import importlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from mkdocs.config.base import BaseConfigOption

from mkdocs_pmo.core.issues import Issue, IssueCode, SourceLocation
from mkdocs_pmo.core.pipeline import DEFAULT_KINDS
from mkdocs_pmo.site.config import PmoConfig
from mkdocs_pmo.site.settings import (
    SettingsError,
    extension_configs,
    settings_from_config,
    toc_settings,
    with_link_levels,
)
from mkdocs_pmo.site.templating import macros_options, template_settings

if TYPE_CHECKING:
    from mkdocs_pmo.core.anchors import TocSettings
    from mkdocs_pmo.core.pipeline import Settings

#: The names MkDocs looks for, in its order.
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")


@dataclass(frozen=True)
class PythonTag:
    """A `!!python/…` value in `mkdocs.yml`, kept as written, never imported.

    E.g. a Markdown extension's `!!python/name:material.extensions.emoji.twemoji`.
    """

    tag: str
    value: Any


class _Loader(yaml.SafeLoader):
    """Safe loading plus MkDocs' tags (added by `get_yaml_loader`); Python tags stay inert."""


def _python_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> PythonTag:
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return PythonTag(f"tag:yaml.org,2002:python/{suffix}", value)


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _python_tag)


def find_config_file(start: Path) -> Path | None:
    """The `mkdocs.yml` (or `mkdocs.yaml`) in `start` or its nearest parent that has one."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    return None


def read_config(config_file: Path) -> dict[str, Any]:
    """The whole of `config_file` as MkDocs reads it (`INHERIT` merged), not yet validated."""
    # Imported here: `mkdocs.config.defaults` is only needed once a file is read.
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    shown = display_path(config_file)
    loader = get_yaml_loader(loader=_Loader, config=MkDocsConfig(config_file_path=str(config_file)))
    try:
        with config_file.open("rb") as handle:
            data: Any = yaml_load(handle, loader)
    except OSError as exc:
        raise SettingsError(f"{shown}: cannot read: {exc.strerror or exc}") from exc
    except ConfigurationError as exc:
        cause = exc.__context__
        if isinstance(cause, yaml.YAMLError):
            raise SettingsError(f"{shown}: not valid YAML: {cause}") from exc
        raise SettingsError(f"{shown}: {exc}") from exc
    except yaml.YAMLError as exc:  # raised outside MkDocs' wrapper (e.g. while INHERITing)
        raise SettingsError(f"{shown}: not valid YAML: {exc}") from exc
    except (AttributeError, TypeError) as exc:  # e.g. `INHERIT` in a file that is a string
        raise SettingsError(f"{shown}: must be a mapping of settings") from exc
    except ValueError as exc:  # a value YAML reads as a date that no calendar has
        raise SettingsError(f"{shown}{_impossible_date(config_file)}: {exc}") from exc
    if not isinstance(data, dict):
        raise SettingsError(f"{shown}: must be a mapping of settings")
    return data


#: A plain scalar YAML 1.1 reads as a date (`2026-02-30`), as a value on its line.
_DATE_VALUE = re.compile(r"(?::|-)\s+(\d{4})-(\d\d?)-(\d\d?)\s*(?:#.*)?$")


def _impossible_date(config_file: Path) -> str:
    """`:LINE: ... is no date` for the first date-shaped value no calendar has, else ''."""
    try:
        lines = config_file.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return ""
    for number, line in enumerate(lines, 1):
        m = _DATE_VALUE.search(line)
        if m is None:
            continue
        try:
            dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            written = f"{m[1]}-{m[2]}-{m[3]}"
            return f":{number}: {written} is read by YAML as a date, and no calendar has it"
    return ""


def plugin_options(config_file: Path, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """The `pmo` entry's options in `config_file` (`{}` if listed without options).

    `data` is the file as `read_config` reads it, when the caller has read it already.
    """
    shown = display_path(config_file)
    plugins = (read_config(config_file) if data is None else data).get("plugins") or []
    if not isinstance(plugins, (list, tuple, dict)):
        raise SettingsError(f"{shown}: plugins must be a list or a mapping")
    entries = (
        plugins.items()
        if isinstance(plugins, dict)
        else (next(iter(p.items())) if isinstance(p, dict) and p else (p, None) for p in plugins)
    )
    for name, options in entries:
        # `/pmo` is MkDocs' spelling for "not namespaced by the theme".
        if name in ("pmo", "/pmo"):
            if options is not None and not isinstance(options, dict):
                raise SettingsError(f"{shown}: plugins.pmo must be a mapping of options")
            return dict(options or {})
    raise SettingsError(f"{shown}: the pmo plugin is not listed under plugins:")


def load_settings(
    config_file: Path | None, *, today: str | None = None, cwd: Path | None = None
) -> Settings:
    """Core settings for the CLI: from `config_file`, else from the nearest `mkdocs.yml`.

    With no `mkdocs.yml` in `cwd` or above it, the default kinds rooted at `cwd` are used, but
    only if `cwd` has one of their folders; otherwise there is nothing sensible to check.
    """
    start = (cwd or Path.cwd()).absolute()
    if config_file is None:
        config_file = find_config_file(start)
        if config_file is None:
            if any((start / kind.folder).is_dir() for kind in DEFAULT_KINDS):
                return _settings({}, start, "defaults", today)
            raise SettingsError(
                f"no mkdocs.yml found in {start} or any parent folder; run pmo inside the "
                "site's folder, or pass -f FILE"
            )
    elif not config_file.is_file():
        raise SettingsError(f"{config_file}: no such configuration file")
    data = read_config(config_file)
    options = plugin_options(config_file, data)
    root = config_file.absolute().parent
    settings = _settings(options, root, display_path(config_file), today)
    settings = _with_unknown_keys(settings, data, display_path(config_file))
    settings = with_link_levels(settings, data.get("validation"))
    macros = macros_options(data.get("plugins"))
    extra = data.get("extra")
    docs_dir = root / str(data.get("docs_dir") or "docs")
    templates = (
        template_settings(macros, extra if isinstance(extra, dict) else {}, root, docs_dir)
        if macros is not None
        else None
    )
    return dataclasses.replace(
        settings,
        **docs_dir_settings(data, root),
        toc=_toc(data, display_path(config_file)),
        macros=macros is not None,
        templates=templates,
    )


def _with_unknown_keys(settings: Settings, data: dict[str, Any], source: str) -> Settings:
    """`settings` with a warning for each top-level key MkDocs does not know (`site_nmae`)."""
    from mkdocs.config.defaults import MkDocsConfig

    known = [n for n, v in vars(MkDocsConfig).items() if isinstance(v, BaseConfigOption)]
    unknown = [str(key) for key in data if key not in known]
    if not unknown:
        return settings
    located = unknown_options(unknown, known, source, "")
    return dataclasses.replace(settings, option_warnings=(*located, *settings.option_warnings))


#: Modules whose callables a `toc: slugify:` tag may name for the check to call: the slug
#: functions of python-markdown and pymdown-extensions. Anything else is not imported.
SLUGIFY_MODULES = ("markdown.extensions.toc", "pymdownx.slugs")


def _toc(data: dict[str, Any], shown: str) -> TocSettings | None:
    """`toc`'s slug settings, its `slugify` tag resolved if it names a known slug function.

    A `SettingsError` naming the file `shown` if that function refuses its arguments.
    """
    extensions = data.get("markdown_extensions") or []
    configs = extension_configs(extensions if isinstance(extensions, list) else [])
    for name in ("toc", "markdown.extensions.toc"):
        options = configs.get(name)
        if isinstance(options, dict) and isinstance(options.get("slugify"), PythonTag):
            try:
                options["slugify"] = _slugify(options["slugify"])
            except SettingsError as exc:
                raise SettingsError(f"{shown}: {exc}") from None
            if options["slugify"] is None:
                return None  # a slug function the check may not call: anchors unchecked
    return toc_settings(configs)


def _slugify(tag: PythonTag) -> Any:
    """The callable a `!!python/name:` or `!!python/object/apply:` tag names, if allowed."""
    kind, _, dotted = tag.tag.removeprefix("tag:yaml.org,2002:python/").partition(":")
    module_name, _, attr = dotted.rpartition(".")
    if module_name not in SLUGIFY_MODULES or kind not in ("name", "object/apply"):
        return None
    function = getattr(importlib.import_module(module_name), attr, None)
    if kind == "name" or function is None:
        return function
    value = tag.value
    try:
        if isinstance(value, dict):
            return function(*value.get("args", ()), **value.get("kwds", {}))
        return function(*value) if isinstance(value, list) else function()
    except (TypeError, ValueError) as exc:  # MkDocs fails on the same arguments
        raise SettingsError(f"markdown_extensions: toc: slugify: {dotted}: {exc}") from None


def docs_dir_settings(data: dict[str, Any], root: Path) -> dict[str, Any]:
    """`docs_dir` (relative to `root`, "" when outside it) and what the build leaves out.

    The patterns of `exclude_docs`, and of `draft_docs` (`mkdocs build` does not render drafts).
    """
    docs_dir = data.get("docs_dir", "docs")
    exclude = data.get("exclude_docs") or ""
    drafts = data.get("draft_docs") or ""
    if not all(isinstance(value, str) for value in (docs_dir, exclude, drafts)):
        return {}
    exclude = f"{exclude}\n{drafts}"
    try:
        relative = (root / docs_dir).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        relative = ""
    lines = tuple(line for line in exclude.splitlines() if line.strip())
    return {"docs_dir": "" if relative == "." else relative, "exclude_docs": lines}


def display_path(path: Path) -> str:
    """`path` relative to the working folder when that is shorter (`../mkdocs.yml`)."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return relative if len(relative) < len(str(path)) else str(path)


def _settings(options: dict[str, Any], root: Path, source: str, today: str | None) -> Settings:
    if today is not None:
        options = {**options, "today": today}
    config = PmoConfig(config_file_path=source)
    config.load_dict(options)
    errors, warnings = config.validate()
    if errors:
        detail = "; ".join(f"plugins.pmo.{key}: {err}" for key, err in errors)
        raise SettingsError(f"{source}: {detail}")
    settings = settings_from_config(config, root)
    if not warnings:
        return settings
    known = [name for name, value in vars(PmoConfig).items() if isinstance(value, BaseConfigOption)]
    located = unknown_options([key for key, _ in warnings], known, source, "plugins.pmo.")
    return dataclasses.replace(settings, option_warnings=tuple(located))


def unknown_options(keys: list[str], known: list[str], source: str, prefix: str) -> list[Issue]:
    """`pmo.unknown-option` for each of `keys`, at its line of `source` when found there."""
    try:
        lines = Path(source).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    indent = r"\s+" if prefix else ""  # the plugin's options are indented, MkDocs' are not
    located = []
    for key in keys:
        close = difflib.get_close_matches(key, known, n=1)
        tip = f"; did you mean {close[0]!r}?" if close else f"; known options: {', '.join(known)}"
        written = re.compile(rf"^{indent}{re.escape(key)}\s*:")
        line = next((n for n, text in enumerate(lines, 1) if written.match(text)), 0)
        located.append(
            Issue(
                IssueCode.UNKNOWN_OPTION,
                f"{prefix}{key}: Unrecognised configuration name: {key}{tip}",
                SourceLocation(source, line),
            )
        )
    return located
