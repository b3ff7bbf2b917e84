"""Per-document change history from git: creation, status changes and new versions, dated.

`collect_history` runs one `git log` over every content folder and one `git cat-file
--batch` for the front matter of each file at each commit that touched it, then follows
each document by its ID (so renames and moves keep their history). In a shallow clone
(the default of `actions/checkout`) or outside git, it returns a `History` that says why it
is unavailable instead of showing a misleading one-commit history.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mkdocs_pmo.core.load import split_document
from mkdocs_pmo.git import repo as gitutil

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from pathlib import Path

    from mkdocs_pmo.core.model import KindSpec

SHALLOW = "history unavailable (shallow clone)"
NOT_GIT = "history unavailable (not a git repository)"


@dataclass(frozen=True)
class HistoryEntry:
    """One event in a document's life: `created`, `status` or `version`."""

    doc_id: str
    title: str
    uri: str
    date: str  # ISO 8601 committer date
    commit: str
    change: str
    old: str
    new: str
    subject: str = ""

    @property
    def day(self) -> str:
        return self.date[:10]

    def describe(self) -> str:
        """Plain text, e.g. `Version 1.1 → 1.2` or `Created (draft, version 0.1)`."""
        if self.change == "created":
            extra = f", version {self.new}" if self.new else ""
            return f"Created ({self.old or 'no status'}{extra})"
        if self.change == "status":
            return f"Status {self.old or '(none)'} → {self.new or '(none)'}"
        return f"Version {self.old or '(none)'} → {self.new or '(none)'}"


@dataclass(frozen=True)
class DocumentHistory:
    """What git knows about one document: when it last changed, and its events."""

    doc_id: str
    last_changed: str  # ISO 8601 date of the newest commit touching it
    last_commit: str
    #: Newest first.
    entries: tuple[HistoryEntry, ...] = ()
    #: Subject line of the newest commit touching it.
    last_subject: str = ""


@dataclass(frozen=True)
class History:
    """Histories by document ID, or the reason there are none."""

    documents: dict[str, DocumentHistory] = field(default_factory=dict)
    unavailable: str = ""

    def of(self, doc_id: str) -> DocumentHistory | None:
        return self.documents.get(doc_id)

    def entries(self) -> list[HistoryEntry]:
        """Every event of every document, newest first."""
        events = [e for h in self.documents.values() for e in h.entries]
        return sorted(events, key=lambda e: (e.date, e.doc_id, e.change), reverse=True)

    def latest(self, n: int) -> list[DocumentHistory]:
        """The `n` documents changed most recently, newest first (one commit's in ID order)."""
        docs = sorted(self.documents.values(), key=lambda d: d.doc_id)
        docs.sort(key=lambda d: _instant(d.last_changed), reverse=True)  # stable: IDs stay sorted
        return docs[: max(n, 0)]


@dataclass
class _State:
    status: str = ""
    version: str = ""
    events: list[HistoryEntry] = field(default_factory=list)
    last_changed: str = ""
    last_commit: str = ""
    last_subject: str = ""

    def touched(self, commit: gitutil.Commit) -> None:
        self.last_changed, self.last_commit = commit.date, commit.sha
        self.last_subject = commit.subject


def collect_history(root: Path, kinds: Iterable[KindSpec]) -> History:
    """The history of every document under the kinds' folders of the project at `root`."""
    try:
        repo = gitutil.repo_root(root)
        if gitutil.is_shallow(repo):
            return History(unavailable=SHALLOW)
        if gitutil.head_commit(repo) is None:
            return History()
        prefix = gitutil.prefix_of(repo, root)
        folders = [f"{prefix}/{k.folder}" if prefix else k.folder for k in kinds]
        commits = gitutil.log_files(repo, folders)
        wanted = [
            (commit, path)
            for commit in reversed(commits)  # oldest first
            for status, path in commit.files
            if status != "D" and path.endswith(".md")
        ]
        blobs = list(gitutil.read_blobs(repo, [f"{c.sha}:{p}" for c, p in wanted]))
    except gitutil.NotAGitRepository:
        return History(unavailable=NOT_GIT)
    except gitutil.GitError as exc:
        return History(unavailable=f"history unavailable ({exc})")
    states: dict[str, _State] = {}
    id_of_path: dict[str, str] = {}
    for (commit, path), data in zip(wanted, blobs, strict=True):
        uri = path[len(prefix) + 1 :] if prefix else path
        meta = split_document(uri, data).meta if data is not None else None
        doc_id = meta.get("id") if meta else None
        if not isinstance(doc_id, str) or not doc_id.strip():
            doc_id = id_of_path.get(path)  # broken front matter: still a change to that doc
            if doc_id is None:
                continue
            states.setdefault(doc_id, _State()).touched(commit)
            continue
        doc_id = doc_id.strip()
        id_of_path[path] = doc_id
        assert meta is not None
        status, version = _text(meta.get("status")), _text(meta.get("version"))
        title = _text(meta.get("title")) or doc_id
        found = states.get(doc_id)
        changes: list[tuple[str, str, str]] = []
        if found is None:
            state = states[doc_id] = _State(status, version)
            changes.append(("created", status, version))
        else:
            state = found
            if status != state.status:
                changes.append(("status", state.status, status))
            if version != state.version:
                changes.append(("version", state.version, version))
            state.status, state.version = status, version
        state.events.extend(
            HistoryEntry(doc_id, title, uri, commit.date, commit.sha, c, o, n, commit.subject)
            for c, o, n in changes
        )
        state.touched(commit)
    return History(
        {
            doc_id: DocumentHistory(
                doc_id,
                s.last_changed,
                s.last_commit,
                tuple(reversed(s.events)),
                s.last_subject,
            )
            for doc_id, s in states.items()
        }
    )


def _instant(date: str) -> dt.datetime:
    """A committer date as an aware datetime, so that dates in other time zones compare right."""
    try:
        moment = dt.datetime.fromisoformat(date)
    except ValueError:
        return dt.datetime.min.replace(tzinfo=dt.timezone.utc)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def commit_url_for(repo_url: str | None) -> Callable[[str], str] | None:
    """Commit links for repositories on GitHub, GitLab or Bitbucket (None otherwise)."""
    if not repo_url:
        return None
    base = repo_url.rstrip("/")
    host = base.split("://", 1)[-1].split("/", 1)[0].lower()
    if base.endswith(".git"):
        base = base[:-4]
    if not base.startswith("https://"):
        return None
    if host == "github.com" or host.startswith("github."):
        return lambda sha: f"{base}/commit/{sha}"
    if "gitlab" in host:
        return lambda sha: f"{base}/-/commit/{sha}"
    if host == "bitbucket.org":
        return lambda sha: f"{base}/commits/{sha}"
    return None


def render_history_html(
    history: History,
    doc_id: str,
    *,
    commit_url: Callable[[str], str] | None = None,
    feed_href: str = "",
) -> str:
    """A "last changed" line and a collapsible list of the document's events (all escaped).

    Args:
        history: the site's history (or the reason it is unavailable).
        doc_id: the document to show.
        commit_url: maps a commit ID to a web URL (e.g. on GitHub), if the site has one.
        feed_href: the Atom feed's URL relative to the page, linked when given.
    """
    esc = html.escape
    feed = (
        f' <a class="pmo-history__feed" href="{esc(feed_href, quote=True)}" '
        'type="application/atom+xml">Follow changes (Atom feed)</a>'
        if feed_href
        else ""
    )
    if history.unavailable:
        return (
            '<div class="pmo-history pmo-history--unavailable">'
            f"<p>Change history: {esc(history.unavailable)}.{feed}</p></div>\n"
        )
    doc = history.of(doc_id)
    if doc is None:
        return (
            '<div class="pmo-history pmo-history--new">'
            f"<p>Change history: not yet committed.{feed}</p></div>\n"
        )
    day = doc.last_changed[:10]
    parts = [
        '<div class="pmo-history">',
        f'<p class="pmo-history__last">Last changed <time datetime="{esc(day)}">{esc(day)}</time>'
        + _commit_link(doc.last_commit, commit_url)
        + f".{feed}</p>",
    ]
    if doc.entries:
        count = len(doc.entries)
        parts.append(
            '<details class="pmo-history__details">'
            f"<summary>History ({count} change{'s' if count != 1 else ''})</summary>"
            '<ol class="pmo-history__list">'
        )
        for entry in doc.entries:
            subject = (
                f' <span class="pmo-history__subject">— {esc(entry.subject)}</span>'
                if entry.subject
                else ""
            )
            parts.append(
                f'<li class="pmo-history__{esc(entry.change)}">'
                f'<time datetime="{esc(entry.day)}">{esc(entry.day)}</time> '
                f"{esc(entry.describe())}{subject}"
                f"{_commit_link(entry.commit, commit_url)}</li>"
            )
        parts.append("</ol></details>")
    parts.append("</div>\n")
    return "".join(parts)


def _commit_link(sha: str, commit_url: Callable[[str], str] | None) -> str:
    if commit_url is None or not sha:
        return ""
    url = html.escape(commit_url(sha), quote=True)
    return f' (<a href="{url}"><code>{html.escape(sha[:7])}</code></a>)'
