"""`pmo check [PATH...]`: validate the catalogue without building the site.

Exit codes: 0 clean, 1 problems (errors, or warnings too with `--strict`), 2 usage or
configuration errors, including finding no documents at all. Date-driven findings (reviews
overdue) are printed at their configured level but never decide the exit code: a review
falling due must not turn an unrelated change red (`pmo reviews --fail-on-overdue` is the
opt-in gate for them).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs_pmo.cli.common import (
    UsageError,
    add_config_option,
    add_today_option,
    load_cli_settings,
    require_documents,
)
from mkdocs_pmo.cli.reporters import REPORTER_BY_NAME
from mkdocs_pmo.core.issues import failed
from mkdocs_pmo.core.pipeline import check

if TYPE_CHECKING:
    import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "check",
        help="validate standards and playbooks",
        description="Validate every document (front matter, links, Why sections, supersession, "
        "reviews) and print each problem as path:line:col: level: message [code]. "
        "Exit 0 when clean, 1 on problems, 2 on a usage or configuration error (or when no "
        "document is found). Overdue reviews are shown but never fail the check.",
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="only report problems in these files or folders"
    )
    add_config_option(parser)
    parser.add_argument(
        "--format",
        "-o",
        "--output-format",
        dest="format",
        choices=sorted(REPORTER_BY_NAME),
        default="text",
        help="output format (default: text; github adds workflow annotations to the text)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 on warnings too (overdue reviews never)"
    )
    add_today_option(parser)
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="read every document again, and keep no results in .cache/pmo/",
    )
    parser.add_argument("-q", "--quiet", action="count", default=0, help="print less")
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="print more (info-level issues)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    settings = load_cli_settings(args)
    if args.no_cache:
        settings = dataclasses.replace(settings, cache_dir=None)
    root = settings.root.resolve()
    filters: list[str] = []
    for raw in args.paths:
        path = Path(raw).resolve()
        if not path.exists():
            raise UsageError(f"{raw}: no such file or folder")
        if not path.is_relative_to(root):
            raise UsageError(f"{raw}: outside the project root {root}")
        filters.append(path.relative_to(root).as_posix())
    corpus, report = check(settings)
    require_documents(settings, corpus, report)
    issues = report.issues
    if filters:
        shown = {i for i in issues if any(_under(i.location.uri, f) for f in filters)}
        # A consequence shown needs its cause: "(see above)" must hold for the filtered list.
        causes = {i.cause for i in shown if i.cause}
        issues = [i for i in issues if i in shown or i.location.uri in causes]
    verbosity = 1 + args.verbose - args.quiet
    REPORTER_BY_NAME[args.format](verbosity=verbosity).report(
        issues, max(report.files_read, len(corpus))
    )
    return 1 if failed(issues, strict=args.strict) else 0


def _under(uri: str, prefix: str) -> bool:
    return prefix in (".", "") or uri == prefix or uri.startswith(prefix.rstrip("/") + "/")
