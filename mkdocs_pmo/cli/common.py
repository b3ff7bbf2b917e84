"""Options and helpers shared by `pmo` subcommands."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs_pmo.core.schemas import SchemaConfigError
from mkdocs_pmo.site.mkdocs_config import load_settings
from mkdocs_pmo.site.settings import SettingsError

if TYPE_CHECKING:
    import argparse

    from mkdocs_pmo.core.issues import Report
    from mkdocs_pmo.core.model import Corpus
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
        help="the mkdocs.yml to read the pmo plugin's options from (default: the nearest "
        "mkdocs.yml or mkdocs.yaml in this folder or a parent folder)",
    )


def add_today_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--today", metavar="YYYY-MM-DD", help="check review dates as of this date")


def load_cli_settings(args: argparse.Namespace) -> Settings:
    """Settings from `-f FILE` or the nearest `mkdocs.yml`; a `UsageError` if there are none."""
    try:
        settings = load_settings(args.config_file, today=getattr(args, "today", None))
    except SettingsError as exc:
        raise UsageError(str(exc)) from exc
    return settings


def require_documents(settings: Settings, corpus: Corpus, report: Report) -> None:
    """Raise a `UsageError` naming the folders looked in when they hold no document at all.

    Checking nothing and reporting "0 errors" would pass a run from the wrong folder or with
    the wrong `kinds:` configuration; and the links of hand-written pages to documents that
    are not there are not the problem to report. A file that failed to load still counts as
    found, and a folder that could not be read (or a link out of the repository) is shown
    instead.
    """
    if report.no_documents:
        raise UsageError(report.no_documents)


__all__ = [
    "SchemaConfigError",
    "UsageError",
    "add_config_option",
    "add_today_option",
    "load_cli_settings",
    "require_documents",
]
