"""What the macros plugin gives page templates, read from configuration (plugin and CLI alike).

`template_settings` turns the `macros` plugin's options and `extra:` into the core's
`TemplateSettings`: the same function for `pmo check` (options as written in `mkdocs.yml`) and
the build (mkdocs-macros' validated options), so both check templates against the same names.

The names are those `mkdocs_pmo.site.macros.render_page` hands the sandbox: mkdocs-macros'
variables except the hidden ones (`extra`, the keys of `extra:` and of `include_yaml` files),
`page` (a read-only view) and `params`; the sandbox's globals (Jinja's `range`, `dict`,
`namespace`..., mkdocs-macros' `now` and `fix_url`, the pmo macros). A test builds a site
and compares them with what rendering really sees.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml
from jinja2.defaults import DEFAULT_NAMESPACE

from mkdocs_pmo.core.macro_calls import SIGNATURES
from mkdocs_pmo.core.templates import SAFE_EXTENSION_PREFIX, TemplateSettings
from mkdocs_pmo.site.navigation import status_titles
from mkdocs_pmo.site.settings import SettingsError

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

#: The module that registers the pmo macros and the sandbox.
PMO_MODULE = "mkdocs_pmo.site.macros"
#: The macros `mkdocs_pmo.site.macros.define_env` registers (their signatures live in the
#: core, which does not load MkDocs; a test compares them).
PMO_MACROS = frozenset(SIGNATURES)
#: mkdocs-macros' own macros that the sandbox keeps (`context`, `macros_info` are hidden).
MACROS_BUILTIN_MACROS = frozenset({"now", "fix_url"})
#: Variables `render_page` adds for every page.
PAGE_VARIABLES = frozenset({"extra", "page", "params"})
#: mkdocs-macros' default local module (`module_name`), loaded if present in the project.
DEFAULT_MODULE_NAME = "main"
_DELIMITERS = (
    "block_start",
    "block_end",
    "variable_start",
    "variable_end",
    "comment_start",
    "comment_end",
)


def macros_options(plugins: object) -> dict[str, Any] | None:
    """The options of the `macros` entry of a raw `plugins:` list or mapping (None: absent)."""
    entries: list[tuple[Any, Any]] = []
    if isinstance(plugins, dict):
        entries = list(plugins.items())
    elif isinstance(plugins, list):
        for item in plugins:
            if isinstance(item, dict) and item:
                entries.append(next(iter(item.items())))
            else:
                entries.append((item, None))
    for name, options in entries:
        if isinstance(name, str) and name.rsplit("/", 1)[-1] == "macros":
            return dict(options) if isinstance(options, dict) else {}
    return None


def template_settings(
    options: Mapping[str, Any], extra: Mapping[str, Any], project_dir: Path, docs_dir: Path
) -> TemplateSettings | None:
    """`TemplateSettings` for a site whose macros plugin has `options` (None: unchecked).

    Args:
        options: The `macros` plugin's options (missing ones take mkdocs-macros' defaults).
        extra: The site's `extra:` mapping.
        project_dir: The folder of `mkdocs.yml` (`include_yaml` and `main.py` are relative to it).
        docs_dir: The site's `docs_dir`, where includes are read without `include_dir`.
    """
    extensions = tuple(str(e) for e in options.get("j2_extensions") or ())
    if any(not e.startswith(SAFE_EXTENSION_PREFIX) for e in extensions):
        return None
    extra = dict(extra)
    status_titles(extra)  # as the pmo plugin's on_config does before mkdocs-macros reads it
    names = set(PAGE_VARIABLES) | set(extra) | set(DEFAULT_NAMESPACE)
    names |= MACROS_BUILTIN_MACROS | PMO_MACROS
    names |= _yaml_names(options.get("include_yaml") or [], project_dir)
    modules = [str(m) for m in options.get("modules") or []]
    module_name = str(options.get("module_name") or DEFAULT_MODULE_NAME)
    local = project_dir / module_name
    names_known = all(m == PMO_MODULE for m in modules) and not (
        local.with_suffix(".py").is_file() or (local / "__init__.py").is_file()
    )
    delimiters = {
        key: str(options[f"j2_{key}_string"])
        for key in _DELIMITERS
        if options.get(f"j2_{key}_string")
    }
    include_dir = options.get("include_dir")
    includes = project_dir / str(include_dir) if include_dir else docs_dir
    if include_dir and not includes.resolve().is_relative_to(project_dir.resolve()):
        raise SettingsError(
            f"plugins.macros.include_dir: {include_dir!r} must be a folder inside the project "
            "(a page could publish any file under it)"
        )
    return TemplateSettings(
        names=frozenset(names),
        include_dir=str(includes),
        undefined_is_error=options.get("on_undefined", "keep") == "strict",
        names_known=names_known,
        render_by_default=options.get("render_by_default", True) is not False,
        extensions=extensions,
        **delimiters,
    )


def _yaml_names(entries: list[Any], project_dir: Path) -> set[str]:
    """Top-level names the `include_yaml` files add (as mkdocs-macros' `_load_yaml` reads them)."""
    names: set[str] = set()
    for entry in entries:
        if isinstance(entry, dict) and len(entry) == 1:
            names.add(str(next(iter(entry))))
            continue
        path = project_dir / str(entry)
        try:
            content = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            content = None
        if isinstance(content, dict):
            names.update(str(k) for k in content)
    return names
