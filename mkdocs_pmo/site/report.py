"""Issues into MkDocs' log: `path:line:col: message [code]` at the issue's level."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from mkdocs_pmo.core.issues import IssueCode, Severity

if TYPE_CHECKING:
    from collections.abc import Iterable

    from mkdocs_pmo.core.issues import Issue, Report
    from mkdocs_pmo.site.state import BuildState

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


def log_report(
    state: BuildState, report: Report, log: logging.LoggerAdapter[logging.Logger]
) -> int:
    """Log the check's findings in the build; return the number of errors to fail on now.

    Template problems are logged as rendering logs its own, and fail the build with them after
    every page was tried (so sandbox violations in other pages are seen too): their pages are
    noted in `state`, not rendered, and counted in `state.template_errors`.
    """
    from mkdocs_pmo.site.macros import report_checked

    templates = [i for i in report.issues if i.code is IssueCode.TEMPLATE_SYNTAX]
    state.template_uris = frozenset(i.location.uri for i in templates)
    state.template_errors = report_checked(templates)
    errors = log_issues([i for i in report.issues if i.code is not IssueCode.TEMPLATE_SYNTAX], log)
    return errors + state.template_errors if errors else 0
