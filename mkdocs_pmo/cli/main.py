"""The `pmo` command line: parse options, run the chosen command, map failures to exit codes."""

from __future__ import annotations

import argparse
import gc
import sys
from typing import TYPE_CHECKING

from mkdocs_pmo import __version__
from mkdocs_pmo.cli import check, impact, init, new, reviews
from mkdocs_pmo.cli.common import UsageError
from mkdocs_pmo.core.schemas import SchemaConfigError

if TYPE_CHECKING:
    from collections.abc import Sequence

#: Modules providing `register(subparsers)`; each sets `run` on its parser.
COMMANDS = [check, impact, init, new, reviews]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pmo", description="Validate and manage a PMO's standards and playbooks."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for module in COMMANDS:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `pmo` script. Exit codes: 0 clean, 1 problems, 2 usage/config error."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    try:
        return int(args.run(args))
    except (UsageError, SchemaConfigError) as exc:
        print(f"pmo: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and friends
        sys.stderr.close()
        return 1
    except KeyboardInterrupt:
        print("pmo: interrupted", file=sys.stderr)
        return 130


def console() -> int:
    """The `pmo` script: `main` in a process of its own.

    Every command is short-lived and keeps the catalogue it loads alive to the end, so the
    cyclic garbage collector's passes over it would free nothing: off for the whole process.
    (Not in `main`, which tests and other programs call in their own processes.)
    """
    gc.disable()
    return main()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(console())
