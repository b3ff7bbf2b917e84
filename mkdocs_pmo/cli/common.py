"""Options and helpers shared by `pmo` subcommands."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs_pmo.core.schemas import SchemaConfigError
from mkdocs_pmo.site.mkdocs_config import load_settings
from mkdocs_pmo.site.settings import SettingsError

if TYPE_CHECKING:
    import argparse

    from mkdocs_pmo.core.pipeline import Settings


class UsageError(Exception):
    """A mistake in how `pmo` was called or configured: exit code 2."""


def add_config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-f",
        "--config-file",
        type=Path,
        default=None,
        metavar="FILE",
        help="the mkdocs.yml to read the pmo plugin's options from (default: ./mkdocs.yml)",
    )


def load_cli_settings(args: argparse.Namespace) -> Settings:
    try:
        settings = load_settings(args.config_file, today=getattr(args, "today", None))
    except SettingsError as exc:
        raise UsageError(str(exc)) from exc
    return settings


__all__ = ["SchemaConfigError", "UsageError", "add_config_option", "load_cli_settings"]
