"""Printing a `Report`: text, JSON and GitHub Actions annotations (`REPORTER_BY_NAME`)."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, ClassVar, TextIO

from mkdocs_pmo import __version__
from mkdocs_pmo.core.issues import Issue, Severity

if TYPE_CHECKING:
    from collections.abc import Sequence


def _count(issues: Sequence[Issue], severity: Severity) -> int:
    """Issues of `severity` that can fail a run (date-driven ones are counted apart)."""
    return sum(1 for i in issues if i.severity is severity and i.gates)


def summary_line(issues: Sequence[Issue], documents: int) -> str:
    """`2 errors, 1 warning in 17 documents`, then any overdue reviews, which never count."""
    errors = _count(issues, Severity.ERROR)
    warnings = _count(issues, Severity.WARNING)
    dated = sum(1 for i in issues if i.code.date_driven)

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    counts = f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
    line = f"{counts} in {plural(documents, 'document')}"
    if dated:
        line += f"; {plural(dated, 'review')} overdue (shown, never counted: see pmo reviews)"
    return line


class Reporter:
    """Base reporter. `verbosity`: 0 quiet, 1 normal, 2 verbose."""

    name: ClassVar[str] = ""

    def __init__(self, stream: TextIO | None = None, verbosity: int = 1) -> None:
        self.stream = stream or sys.stdout
        self.verbosity = verbosity

    def report(self, issues: Sequence[Issue], documents: int) -> None:
        raise NotImplementedError


class TextReporter(Reporter):
    """`path:line:col: level: message [code]`, one per line, then a summary."""

    name = "text"

    def report(self, issues: Sequence[Issue], documents: int) -> None:
        for issue in issues:
            if issue.severity is Severity.INFO and self.verbosity < 2:
                continue
            print(issue.format(), file=self.stream)
        if self.verbosity >= 1:
            print(summary_line(issues, documents), file=self.stream)


class JsonReporter(Reporter):
    """One JSON object: tool version, counts and every issue."""

    name = "json"

    def report(self, issues: Sequence[Issue], documents: int) -> None:
        payload = {
            "tool": "mkdocs-pmo",
            "version": __version__,
            "documents": documents,
            "errors": _count(issues, Severity.ERROR),
            "warnings": _count(issues, Severity.WARNING),
            # Date-driven findings (reviews overdue): listed in `issues`, never in the counts.
            "date_driven": sum(1 for i in issues if i.code.date_driven),
            "issues": [
                {
                    "path": i.location.uri,
                    "line": i.location.line,
                    "col": i.location.col,
                    "level": i.severity.value,
                    "code": i.code.value,
                    "message": i.message,
                }
                for i in issues
            ],
        }
        json.dump(payload, self.stream, indent=2, ensure_ascii=False)
        self.stream.write("\n")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Reporter):
    """GitHub Actions workflow commands, then the full text report.

    GitHub shows only ten annotations of each level per step, so the text report
    stays in the log as the complete list.
    """

    name = "github"

    def report(self, issues: Sequence[Issue], documents: int) -> None:
        command = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
        for issue in issues:
            loc = issue.location
            props = [f"file={_escape_property(loc.uri)}"]
            if loc.line:
                props.append(f"line={loc.line}")
            if loc.col:
                props.append(f"col={loc.col}")
            props.append(f"title={_escape_property(issue.code.value)}")
            print(
                # Date-driven findings as notices: an unrelated PR gets no warning for them.
                f"::{command[issue.build_log_severity]} {','.join(props)}::"
                f"{_escape_data(issue.message)}",
                file=self.stream,
            )
        TextReporter(self.stream, max(self.verbosity, 1)).report(issues, documents)


REPORTER_BY_NAME: dict[str, type[Reporter]] = {
    cls.name: cls for cls in (TextReporter, JsonReporter, GithubReporter)
}
