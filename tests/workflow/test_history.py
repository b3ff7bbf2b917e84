"""Document history from git, its HTML, the Atom feed, and both on a real built site."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any

import pytest
from gitrepo import doc, init_repo

from mkdocs_pmo.core.pipeline import DEFAULT_KINDS
from mkdocs_pmo.git import repo as gitutil
from mkdocs_pmo.git.history import (
    NOT_GIT,
    SHALLOW,
    History,
    HistoryEntry,
    collect_history,
    commit_url_for,
    render_history_html,
)
from mkdocs_pmo.site.feed import render_atom

if TYPE_CHECKING:
    from pathlib import Path

    from gitrepo import Repo

ATOM = "{http://www.w3.org/2005/Atom}"
STD = "standards/STD-003-risk.md"


@pytest.fixture
def lived(repo: Repo) -> Repo:
    """STD-003 proposed, made active, bumped, renamed, then edited without a bump."""
    repo.write({STD: doc("STD-003", "Risk", status="proposed", version="1.0")})
    repo.commit("Propose STD-003", "2026-02-01T10:00:00+00:00")
    repo.replace(STD, "status: proposed", "status: active")
    repo.commit("Approve STD-003", "2026-02-15T10:00:00+00:00")
    repo.replace(STD, "version: '1.0'", "version: '1.1'")
    repo.replace(STD, "Because.", "Because risk.")
    repo.commit("Clarify STD-003 <b>", "2026-03-01T10:00:00+00:00")
    repo.git("mv", STD, "standards/STD-003-risk-management.md")
    repo.commit("Rename STD-003", "2026-03-02T10:00:00+00:00")
    repo.replace("standards/STD-003-risk-management.md", "Intro.", "Introduction.")
    repo.commit("Reword intro", "2026-03-05T10:00:00+00:00")
    return repo


def test_history_follows_a_document_by_id(lived: Repo) -> None:
    history = collect_history(lived.root, DEFAULT_KINDS)

    assert history.unavailable == ""
    std = history.of("STD-003")
    assert std is not None
    assert std.last_changed.startswith("2026-03-05")
    assert [(e.day, e.change, e.old, e.new) for e in std.entries] == [
        ("2026-03-01", "version", "1.0", "1.1"),
        ("2026-02-15", "status", "proposed", "active"),
        ("2026-02-01", "created", "proposed", "1.0"),
    ]
    assert std.entries[0].subject == "Clarify STD-003 <b>"
    assert [e.describe() for e in std.entries] == [
        "Version 1.0 → 1.1",
        "Status proposed → active",
        "Created (proposed, version 1.0)",
    ]
    base = history.of("STD-001")
    assert base is not None
    assert base.last_changed.startswith("2026-01-05")
    assert [e.change for e in history.entries()][:3] == ["version", "status", "created"]


def test_history_uses_a_constant_number_of_git_processes(
    lived: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = gitutil.run_git

    def counting(args: Any, cwd: Path, **kwargs: Any) -> bytes:
        calls.append(args[0])
        return real(args, cwd, **kwargs)

    monkeypatch.setattr(gitutil, "run_git", counting)
    lived.write({f"playbooks/PB-{n:03d}-x.md": doc(f"PB-{n:03d}", "X") for n in range(10, 40)})
    lived.commit("Many playbooks")
    collect_history(lived.root, DEFAULT_KINDS)
    assert calls.count("log") == 1
    assert calls.count("cat-file") == 1
    assert len(calls) <= 6


def test_shallow_clone_says_history_is_unavailable(lived: Repo, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    lived.git("clone", "-q", "--depth", "1", f"file://{lived.root}", str(clone))
    history = collect_history(clone, DEFAULT_KINDS)
    assert history.unavailable == SHALLOW == "history unavailable (shallow clone)"
    assert history.documents == {}
    html = render_history_html(history, "STD-003")
    assert "Change history: history unavailable (shallow clone)." in html


def test_outside_git(tmp_path: Path) -> None:
    (tmp_path / "standards").mkdir()
    assert collect_history(tmp_path, DEFAULT_KINDS).unavailable == NOT_GIT


def test_empty_repository(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "empty")
    history = collect_history(repo.root, DEFAULT_KINDS)
    assert history == History()
    assert "not yet committed" in render_history_html(history, "STD-001")


def test_broken_front_matter_still_counts_as_a_change(repo: Repo) -> None:
    repo.write({"standards/STD-001-intake.md": "---\nid: [broken\n---\n"})
    repo.commit("Break it", "2026-04-01T00:00:00+00:00")
    std = collect_history(repo.root, DEFAULT_KINDS).of("STD-001")
    assert std is not None
    assert std.last_changed.startswith("2026-04-01")
    assert [e.change for e in std.entries] == ["created"]


def _entry(**kw: str) -> HistoryEntry:
    values = {
        "doc_id": "STD-001",
        "title": "T",
        "uri": "standards/x.md",
        "date": "2026-01-02T03:04:05+00:00",
        "commit": "a" * 40,
        "change": "status",
        "old": "proposed",
        "new": "active",
        "subject": "",
    }
    values.update(kw)
    return HistoryEntry(**values)


def test_history_html_escapes_everything() -> None:
    entry = _entry(title="<script>x</script>", subject='<img src=x onerror="a()">', new="<b>")
    history = History({"STD-001": _document(entry)})
    html = render_history_html(
        history, "STD-001", commit_url=lambda s: f'https://x/"{s}', feed_href='feed.xml"><x'
    )
    assert "<img" not in html
    assert "<b>" not in html
    assert "&lt;img src=x onerror=&quot;a()&quot;&gt;" in html
    assert 'href="https://x/&quot;aaaa' in html
    assert 'href="feed.xml&quot;&gt;&lt;x"' in html
    assert 'Last changed <time datetime="2026-01-02">2026-01-02</time>' in html
    assert "<summary>History (1 change)</summary>" in html


def _document(entry: HistoryEntry) -> Any:
    from mkdocs_pmo.git.history import DocumentHistory

    return DocumentHistory(entry.doc_id, entry.date, entry.commit, (entry,))


@pytest.mark.parametrize(
    ("repo_url", "expected"),
    [
        ("https://github.com/o/r", "https://github.com/o/r/commit/abc"),
        ("https://github.com/o/r.git/", "https://github.com/o/r/commit/abc"),
        ("https://gitlab.example.org/g/r", "https://gitlab.example.org/g/r/-/commit/abc"),
        ("https://bitbucket.org/o/r", "https://bitbucket.org/o/r/commits/abc"),
        ("https://example.org/r", None),
        ("javascript:alert(1)//github.com/", None),
        (None, None),
    ],
)
def test_commit_urls(repo_url: str | None, expected: str | None) -> None:
    make = commit_url_for(repo_url)
    assert (make("abc") if make else None) == expected


def test_atom_feed_is_valid_escaped_and_absolute() -> None:
    entries = [
        _entry(title="A & <B>\x01", change="version", old="1.0", new="2.0"),
        _entry(doc_id="PB-002", change="created", old="draft", new="", date="2026-02-01T00:00:00Z"),
    ]
    xml = render_atom(
        entries,
        title="PMO <Site>",
        site_url="https://pmo.example.org/sub",
        url_for=lambda i: f"standards/{i}/" if i.startswith("STD") else None,
    )
    feed = ET.fromstring(xml)  # well-formed despite the control character
    assert feed.findtext(f"{ATOM}title") == "PMO <Site>"
    assert feed.findtext(f"{ATOM}updated") == "2026-02-01T00:00:00Z"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == (  # type: ignore[union-attr]
        "https://pmo.example.org/sub/feed.xml"
    )
    first, second = feed.findall(f"{ATOM}entry")
    assert first.findtext(f"{ATOM}title") == "New: PB-002 T (draft)"
    assert first.find(f"{ATOM}link") is None
    assert second.findtext(f"{ATOM}title") == "STD-001 A & <B>: version 2.0 (was 1.0)"
    assert second.find(f"{ATOM}link").get("href") == (  # type: ignore[union-attr]
        "https://pmo.example.org/sub/standards/STD-001/"
    )
    assert "<B>" not in xml
    ids = {e.findtext(f"{ATOM}id") for e in (first, second)}
    assert len(ids) == 2
    assert all(i and i.startswith("urn:uuid:") for i in ids)


def test_empty_feed_is_still_valid() -> None:
    feed = ET.fromstring(render_atom([], title="PMO"))
    assert feed.findall(f"{ATOM}entry") == []
    assert feed.findtext(f"{ATOM}updated")


# The site: real MkDocs builds of real git repositories.


def test_site_shows_history_and_publishes_the_feed(
    lived: Repo, build_site: Any, read_html: Any
) -> None:
    site = build_site(lived.root, strict=True)

    page = read_html(site, "standards/STD-003-risk-management/")
    assert 'Last changed <time datetime="2026-03-05">2026-03-05</time>' in page
    assert "<summary>History (3 changes)</summary>" in page
    assert "Version 1.0 → 1.1" in page
    assert "Status proposed → active" in page
    assert "Clarify STD-003 &lt;b&gt;" in page
    assert 'href="../../feed.xml"' in page
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Test PMO: changes" '
        'href="../../feed.xml">' in page
    )
    home = read_html(site, "index.html")
    assert 'type="application/atom+xml" title="Test PMO: changes" href="feed.xml"' in home

    feed = ET.parse(site / "feed.xml").getroot()
    titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    assert titles[:3] == [
        "STD-003 Risk: version 1.1 (was 1.0)",
        "STD-003 Risk is now active (was proposed)",
        "New: STD-003 Risk (proposed, version 1.0)",
    ]
    link = feed.find(f"{ATOM}entry/{ATOM}link")
    assert link is not None
    assert link.get("href") == "https://pmo.example.org/standards/STD-003-risk-management/"


def test_site_from_a_shallow_clone_builds_strict_with_a_clear_fallback(
    lived: Repo, tmp_path: Path, build_site: Any, read_html: Any
) -> None:
    clone = tmp_path / "shallow"
    lived.git("clone", "-q", "--depth", "1", f"file://{lived.root}", str(clone))
    site = build_site(clone, strict=True)
    page = read_html(site, "standards/STD-003-risk-management/")
    assert "Change history: history unavailable (shallow clone)." in page
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.findall(f"{ATOM}entry") == []


def test_site_outside_git_builds_strict(
    tmp_path: Path, build_site: Any, read_html: Any, write_tree: Any
) -> None:
    from gitrepo import BASE_FILES

    write_tree(tmp_path, BASE_FILES)
    site = build_site(tmp_path, strict=True)
    page = read_html(site, "standards/STD-001-intake/")
    assert "Change history: history unavailable (not a git repository)." in page
    assert (site / "feed.xml").is_file()


def test_dirty_tree_shows_committed_history_only(
    lived: Repo, build_site: Any, read_html: Any
) -> None:
    lived.write({"standards/STD-004-new.md": doc("STD-004", "Uncommitted")})
    lived.replace("standards/STD-003-risk-management.md", "status: active", "status: deprecated")
    site = build_site(lived.root)
    assert "Change history: not yet committed." in read_html(site, "standards/STD-004-new/")
    page = read_html(site, "standards/STD-003-risk-management/")
    assert 'Last changed <time datetime="2026-03-05">' in page
    assert "active → deprecated" not in page
