"""`recent_changes(n)`: the documents changed most recently, from git, on a real built site."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest
from gitrepo import BASE_FILES, MKDOCS_YML, doc, init_repo
from mkdocs.exceptions import Abort

from mkdocs_pmo.git import repo as gitutil
from mkdocs_pmo.git.history import DocumentHistory, History
from mkdocs_pmo.site.macros import NO_CHANGES, NO_HISTORY

if TYPE_CHECKING:
    from pathlib import Path

    from gitrepo import Repo

WITH_MACROS = (
    MKDOCS_YML
    + """\
  - macros:
      modules: [mkdocs_pmo.site.macros]
      on_undefined: strict
"""
)
HOME = "# Home\n\n## What changed\n\n{{ recent_changes(3) }}\n"


def _raw_items(html: str) -> list[str]:
    """The HTML of each item of the home page's list of changes."""
    section = html.split('id="what-changed"', 1)[1]
    return re.findall(r"<li>(.*?)</li>", section.split("</ul>", 1)[0], re.S)


def _items(html: str) -> list[str]:
    """The text of each item of the home page's list of changes (tags removed)."""
    return [re.sub(r"<[^>]+>", "", item) for item in _raw_items(html)]


@pytest.fixture
def busy(repo: Repo) -> Repo:
    """The base repository, then four later commits touching documents and one not."""
    repo.write({"mkdocs.yml": WITH_MACROS, "docs/index.md": HOME})
    repo.commit("Add the list of changes to the home page", "2026-01-06T09:00:00+00:00")
    repo.replace("standards/STD-002-reporting.md", "Because.", "Because we report.")
    repo.commit(
        "Clarify <script>alert(1)</script> [[PB-001]] {{ x }} *why*", "2026-02-01T10:00:00+00:00"
    )
    repo.replace("playbooks/PB-001-triage.md", "Intro.", "Introduction.")
    # 23:00 at UTC-5 is 04:00 UTC the next day: later than the commit below, though its
    # local date is earlier.
    repo.commit("Reword triage", "2026-03-01T23:00:00-05:00")
    repo.replace("standards/STD-001-intake.md", "Intro.", "Introduction.")
    repo.commit("Reword intake", "2026-03-02T01:00:00+00:00")
    repo.write({"standards/STD-009-gone.md": doc("STD-009", "Gone")})
    repo.commit("Add STD-009", "2026-03-03T10:00:00+00:00")
    repo.git("rm", "-q", "standards/STD-009-gone.md")
    repo.commit("Remove STD-009", "2026-03-04T10:00:00+00:00")
    return repo


def test_home_page_lists_the_latest_changes_newest_first(
    busy: Repo, build_site: Any, read_html: Any
) -> None:
    site = build_site(busy.root, strict=True)
    home = read_html(site, "index.html")

    assert _items(home) == [
        "2026-03-01 — PB-001 Triage — Reword triage",
        "2026-03-02 — STD-001 Intake — Reword intake",
        "2026-02-01 — STD-002 Reporting — "
        "Clarify &lt;script&gt;alert(1)&lt;/script&gt; [[PB-001]] &#123;&#123; x &#125;&#125; *why*",
    ]
    assert '<a href="playbooks/PB-001-triage/">PB-001 Triage</a>' in home
    assert '<a href="standards/STD-001-intake/">STD-001 Intake</a>' in home
    # The subject stays text: no script, no link made from [[PB-001]], no emphasis.
    assert "<script>alert" not in home
    assert _raw_items(home)[2].count("<a ") == 1
    assert "<em>why</em>" not in home
    assert "STD-009" not in home  # deleted: no page to link to


def test_a_larger_n_lists_every_document_once(busy: Repo, build_site: Any, read_html: Any) -> None:
    busy.write({"docs/index.md": HOME.replace("recent_changes(3)", "recent_changes(50)")})
    busy.commit("Longer list", "2026-03-05T10:00:00+00:00")
    items = _items(read_html(build_site(busy.root, strict=True), "index.html"))
    assert [item.split(" — ")[1] for item in items] == [
        "PB-001 Triage",
        "STD-001 Intake",
        "STD-002 Reporting",
        "PB-002 Write the report",
    ]
    assert items[-1] == "2026-01-05 — PB-002 Write the report — Initial catalogue"


def test_history_is_read_once_per_build(
    busy: Repo, build_site: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    busy.write({"docs/other.md": "# Other\n\n{{ recent_changes() }}\n"})
    busy.commit("Second page with the list", "2026-03-05T10:00:00+00:00")
    calls: list[str] = []
    real = gitutil.run_git

    def counting(args: Any, cwd: Path, **kwargs: Any) -> bytes:
        calls.append(args[0])
        return real(args, cwd, **kwargs)

    monkeypatch.setattr(gitutil, "run_git", counting)
    build_site(busy.root, strict=True)
    assert calls.count("log") == 1


def test_outside_git_a_neutral_sentence(tmp_path: Path, build_site: Any, read_html: Any) -> None:
    root = tmp_path / "plain"
    root.mkdir()
    (root / "mkdocs.yml").write_text(WITH_MACROS, encoding="utf-8")
    for rel, text in {**BASE_FILES, "docs/index.md": HOME}.items():
        if rel != "mkdocs.yml":
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text, encoding="utf-8")
    home = read_html(build_site(root, strict=True), "index.html")
    assert "<em>The list of recent changes is not available in this build.</em>" in home
    assert NO_HISTORY.strip("*\n") in home


def test_no_commit_yet_a_neutral_sentence(tmp_path: Path, build_site: Any, read_html: Any) -> None:
    repo = init_repo(tmp_path / "new")
    repo.write({**BASE_FILES, "mkdocs.yml": WITH_MACROS, "docs/index.md": HOME})
    home = read_html(build_site(repo.root, strict=True), "index.html")
    assert "<em>No changes to documents yet.</em>" in home
    assert NO_CHANGES == "*No changes to documents yet.*\n"


def test_a_bad_n_fails_the_build_with_the_line(
    repo: Repo, build_site: Any, caplog: pytest.LogCaptureFixture
) -> None:
    repo.write({"mkdocs.yml": WITH_MACROS, "docs/index.md": "# Home\n\n{{ recent_changes(0) }}\n"})
    with pytest.raises(Abort):
        build_site(repo.root, strict=True)
    assert "docs/index.md:3:" in caplog.text
    assert "recent_changes(n): n must be a whole number from 1, not 0" in caplog.text


def test_latest_orders_by_instant_across_time_zones() -> None:
    history = History(
        {
            "A-001": DocumentHistory("A-001", "2026-03-01T23:00:00-05:00", "a"),
            "B-001": DocumentHistory("B-001", "2026-03-02T01:00:00+00:00", "b"),
            "C-001": DocumentHistory("C-001", "2026-03-02T01:00:00+00:00", "c"),
        }
    )
    assert [h.doc_id for h in history.latest(5)] == ["A-001", "B-001", "C-001"]
    assert [h.doc_id for h in history.latest(1)] == ["A-001"]
    assert history.latest(0) == []
