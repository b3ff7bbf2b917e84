"""Issues into MkDocs' log: `path:line:col: message [code]` at the issue's level."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from mkdocs_pmo.core.issues import Severity

if TYPE_CHECKING:
    from collections.abc import Iterable

    from mkdocs_pmo.core.issues import Issue

_LEVELS = {Severity.ERROR: logging.ERROR, Severity.WARNING: logging.WARNING}


def format_issue(issue: Issue) -> str:
    """`path:line:col: message [code]` (the level is the log record's)."""
    return f"{issue.location}: {issue.message} [{issue.code.value}]"


def log_issues(issues: Iterable[Issue], log: logging.LoggerAdapter[logging.Logger]) -> int:
    """Log every issue at its level; return the number of error-level issues.

    Date-driven ones are logged at INFO at most, so dates never fail a strict build.
    """
    errors = 0
    for issue in issues:
        level = _LEVELS.get(issue.build_log_severity, logging.INFO)
        errors += level == logging.ERROR
        log.log(level, format_issue(issue))
    return errors
