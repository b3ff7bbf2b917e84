"""`pmo reviews`: documents in force whose review is overdue or falls due soon.

The calendar's view of the catalogue, kept apart from `pmo check` so that dates never fail a
merge: it lists, it does not judge, unless a team asks it to with `--fail-on-overdue`.
Exit codes: 0 listed (whatever is due), 1 with `--fail-on-overdue` when a review is overdue,
2 usage or configuration errors (no `mkdocs.yml`, no documents, a bad date).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mkdocs_pmo import __version__
from mkdocs_pmo.cli.common import (
    add_config_option,
    add_today_option,
    load_cli_settings,
    require_documents,
)
from mkdocs_pmo.cli.impact_report import code, md
from mkdocs_pmo.core.pipeline import check

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Iterable

    from mkdocs_pmo.core.model import Document, ReviewState

DEFAULT_WITHIN = 60
#: Longest title shown in the text table (the JSON and Markdown keep it whole).
TEXT_TITLE = 48


@dataclass(frozen=True)
class Review:
    """One document's next review, as of the listing's day."""

    doc: Document
    state: ReviewState

    def to_dict(self) -> dict[str, Any]:
        meta = self.doc.meta
        return {
            "id": self.doc.id,
            "title": self.doc.title,
            "owner": self.doc.owner,
            "kind": self.doc.kind,
            "status": self.doc.status,
            "path": self.doc.uri,
            "last_reviewed": meta.get("last_reviewed")
            if self.doc.last_reviewed is not None
            else None,
            "review_cycle_months": meta.get("review_cycle_months"),
            "due": self.state.due.isoformat(),
            "days_left": self.state.days_left,
            "overdue": self.state.overdue,
        }


@dataclass(frozen=True)
class Listing:
    """The reviews to show, soonest first, and what they were selected by."""

    today: dt.date
    within: int
    reviews: tuple[Review, ...]

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.reviews if r.state.overdue)

    @property
    def due_soon(self) -> int:
        return len(self.reviews) - self.overdue


def due_reviews(documents: Iterable[Document], today: dt.date, within: int) -> Listing:
    """Documents in force whose review is overdue or due within `within` days of `today`."""
    found = [
        Review(doc, state)
        for doc in documents
        if (state := doc.review_state(today)) is not None and state.days_left <= within
    ]
    found.sort(key=lambda r: (r.state.due, r.doc.id))
    return Listing(today, within, tuple(found))


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "reviews",
        help="list reviews overdue or due soon",
        description="List the documents in force (active or deprecated) whose review is "
        "overdue or due within DAYS, soonest first, with owner, due date and path. Exit 0, "
        "or 1 with --fail-on-overdue when a review is overdue; 2 on a usage or "
        "configuration error.",
    )
    parser.add_argument(
        "--within",
        type=_days,
        default=DEFAULT_WITHIN,
        metavar="DAYS",
        help=f"also list reviews due within this many days (default: {DEFAULT_WITHIN})",
    )
    parser.add_argument(
        "--format",
        "-o",
        dest="format",
        choices=sorted(RENDERERS),
        default="text",
        help="output format (default: text; markdown for $GITHUB_STEP_SUMMARY or an issue)",
    )
    parser.add_argument(
        "--fail-on-overdue",
        action="store_true",
        help="exit 1 when any review is overdue (for teams that want a gate)",
    )
    add_today_option(parser)
    add_config_option(parser)
    parser.set_defaults(run=run)


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative; give 0 or more days")
    return value


def run(args: argparse.Namespace) -> int:
    settings = load_cli_settings(args)
    corpus, report = check(settings)
    require_documents(settings, corpus, report)
    listing = due_reviews(corpus, settings.effective_today(), args.within)
    sys.stdout.write(RENDERERS[args.format](listing))
    if report.has_errors:
        # The list can only hold documents that load; say so where CI logs will show it.
        sys.stderr.write(
            "pmo: note: some documents have errors and may be missing from this list; "
            "run pmo check\n"
        )
    return 1 if args.fail_on_overdue and listing.overdue else 0


def _when(state: ReviewState) -> str:
    if state.overdue:
        days = state.days_overdue
        return f"{days} day{'s' if days != 1 else ''} overdue"
    if state.days_left == 0:
        return "due today"
    days = state.days_left
    return f"due in {days} day{'s' if days != 1 else ''}"


def _headline(listing: Listing) -> str:
    if not listing.reviews:
        return (
            f"No review overdue or due within {listing.within} days "
            f"(as of {listing.today.isoformat()})."
        )
    overdue = listing.overdue
    return (
        f"{overdue} review{'s' if overdue != 1 else ''} overdue, {listing.due_soon} due within "
        f"{listing.within} days (as of {listing.today.isoformat()})."
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def render_text(listing: Listing) -> str:
    """An aligned table, then the headline."""
    if not listing.reviews:
        return _headline(listing) + "\n"
    rows = [("ID", "Title", "Owner", "Due", "When", "Path")]
    for review in listing.reviews:
        title = _one_line(review.doc.title)
        if len(title) > TEXT_TITLE:
            title = title[: TEXT_TITLE - 1] + "…"
        rows.append(
            (
                review.doc.id,
                title,
                _one_line(review.doc.owner),
                review.state.due.isoformat(),
                _when(review.state),
                review.doc.uri,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = [
        "  ".join([*(c.ljust(w) for c, w in zip(row[:-1], widths, strict=True)), row[-1]])
        for row in rows
    ]
    return "\n".join([*lines, "", _headline(listing)]) + "\n"


def render_json(listing: Listing) -> str:
    payload = {
        "tool": "mkdocs-pmo",
        "version": __version__,
        "today": listing.today.isoformat(),
        "within_days": listing.within,
        "overdue": listing.overdue,
        "due_soon": listing.due_soon,
        "reviews": [review.to_dict() for review in listing.reviews],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def render_markdown(listing: Listing) -> str:
    """A heading, the headline and a table: for a job summary or an issue."""
    out = ["## Reviews due", "", md(_headline(listing)), ""]
    if listing.reviews:
        out += ["| ID | Title | Owner | Due | When | Path |", "|---|---|---|---|---|---|"]
        for review in listing.reviews:
            when = _when(review.state)
            if review.state.overdue:
                when = f"**{when}**"
            # GFM splits table cells at `|` even inside code spans, unless it is escaped.
            path = code(review.doc.uri).replace("|", "\\|")
            out.append(
                f"| {md(review.doc.id)} | {md(review.doc.title)} | {md(review.doc.owner)} "
                f"| {review.state.due.isoformat()} "
                f"| {when} | {path} |"
            )
        out.append("")
    return "\n".join(out)


RENDERERS: dict[str, Callable[[Listing], str]] = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
}

__all__ = ["Listing", "Review", "due_reviews", "register", "run"]
