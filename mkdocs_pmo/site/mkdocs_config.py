"""Reading the `pmo` plugin's options out of `mkdocs.yml` without building the site."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from mkdocs_pmo.site.config import PmoConfig
from mkdocs_pmo.site.settings import SettingsError, settings_from_config

if TYPE_CHECKING:
    from mkdocs_pmo.core.pipeline import Settings


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml; MkDocs-only tags (`!!python/name:`, `!ENV`, `!relative`) become None."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)
_TolerantLoader.add_multi_constructor("!", _ignore_tag)


def plugin_options(config_file: Path) -> dict[str, Any]:
    """The `pmo` entry's options in `config_file` (`{}` if listed without options)."""
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8-sig"), Loader=_TolerantLoader)
    except OSError as exc:
        raise SettingsError(f"{config_file}: cannot read: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise SettingsError(f"{config_file}: not valid YAML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise SettingsError(f"{config_file}: not UTF-8: {exc}") from exc
    if not isinstance(data, dict):
        raise SettingsError(f"{config_file}: must be a mapping of settings")
    plugins = data.get("plugins") or []
    entries = (
        plugins.items()
        if isinstance(plugins, dict)
        else (next(iter(p.items())) if isinstance(p, dict) and p else (p, None) for p in plugins)
    )
    for name, options in entries:
        if name == "pmo":
            if options is not None and not isinstance(options, dict):
                raise SettingsError(f"{config_file}: plugins.pmo must be a mapping of options")
            return dict(options or {})
    raise SettingsError(f"{config_file}: the pmo plugin is not listed under plugins:")


def load_settings(config_file: Path | None, *, today: str | None = None) -> Settings:
    """Core settings from `mkdocs.yml` (or defaults rooted at the working folder if absent)."""
    if config_file is None:
        candidate = Path("mkdocs.yml")
        if not candidate.is_file():
            options: dict[str, Any] = {}
            root = Path.cwd()
            return _settings(options, root, "defaults", today)
        config_file = candidate
    if not config_file.is_file():
        raise SettingsError(f"{config_file}: no such configuration file")
    options = plugin_options(config_file)
    return _settings(options, config_file.resolve().parent, str(config_file), today)


def _settings(options: dict[str, Any], root: Path, source: str, today: str | None) -> Settings:
    if today is not None:
        options = {**options, "today": today}
    config = PmoConfig(config_file_path=source)
    config.load_dict(options)
    errors, _warnings = config.validate()
    if errors:
        detail = "; ".join(f"plugins.pmo.{key}: {err}" for key, err in errors)
        raise SettingsError(f"{source}: {detail}")
    return settings_from_config(config, root)
