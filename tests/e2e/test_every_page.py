"""Every type of page, as readers see it: desktop and phone, light and dark.

Each page type of the built site (the home page, a standard, a playbook, a document no longer in
force, every kind of generated page, the handbook, the requirement pages and the checklist, the
hand-written pages) is opened at both widths in both colour schemes, and so is search, with its
results open over the home page. On each: axe-core finds no serious or critical violation,
nothing is requested from any host but the site, nothing fails to load, no script error, and on
a phone nothing is wider than the screen. One test per width and
scheme visits every page type and reports all failures together.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

from tests.e2e.conftest import site_path
from tests.e2e.test_layout_a11y import BLOCKING_IMPACTS, axe_violations, describe
from tests.e2e.test_reader import search

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from playwright.sync_api import Page

    from mkdocs_pmo.core.model import Corpus
    from tests.e2e.conftest import Reader

pytestmark = pytest.mark.browser

#: The requirement pages of the content contract (one of the "applies" pages stands for all).
REQUIREMENT_PAGES = (
    "catalogue/requirements/",
    "catalogue/parameters/",
    "catalogue/checklist/",
    "catalogue/applies/",
)


def page_types(site_dir: Path, corpus: Corpus) -> dict[str, str]:
    """A site path for each type of page in the build (name → path)."""
    docs = list(corpus)

    def first(status: str, kind: str | None = None) -> str | None:
        found = [d for d in docs if d.status == status and kind in (None, d.kind)]
        return site_path(found[0].uri) if found else None

    types: dict[str, str | None] = {
        "home": "",
        "standard": first("active", "standard"),
        "playbook": first("active", "playbook"),
        "superseded": first("superseded"),
        "proposed": first("proposed") or first("draft"),
        "handbook": "handbook/",
        "catalogue": "catalogue/",
    }
    # Every generated page under catalogue/, one of each nested folder (applies/role-x/...).
    for index in sorted((site_dir / "catalogue").glob("*/index.html")):
        types[f"catalogue/{index.parent.name}"] = f"catalogue/{index.parent.name}/"
    for folder in sorted(p for p in (site_dir / "catalogue").iterdir() if p.is_dir()):
        nested = sorted(folder.glob("*/index.html"))
        if nested and not (folder / "index.html").exists():
            types[f"catalogue/{folder.name}"] = f"catalogue/{folder.name}/{nested[0].parent.name}/"
    for page in ("glossary", "propose-a-change", "adopt"):
        if (site_dir / page / "index.html").exists():
            types[page] = f"{page}/"
    return {name: path for name, path in types.items() if path is not None}


#: What the search check types: a word in many documents, so the result list is long.
SEARCH_QUERY = "risk"


def check_page(reader: Reader, path: str, *, phone: bool) -> list[str]:
    """What is wrong with the page at `path`: axe findings, requests, overflow."""
    return check_shown(reader, reader.open(path), phone=phone)


def check_search(reader: Reader, *, phone: bool) -> list[str]:
    """What is wrong with search: results for `SEARCH_QUERY` shown over the home page."""
    page = reader.open("")
    if phone:  # the search field is behind the header's search button
        page.click('label.md-header__button[for="__search"]')
    search(page, SEARCH_QUERY)
    if not page.locator("a.md-search-result__link").first.is_visible():
        return [f"no visible result for {SEARCH_QUERY!r}"]
    return check_shown(reader, page, phone=phone)


def check_shown(reader: Reader, page: Page, *, phone: bool) -> list[str]:
    """What is wrong with what `page` shows now: axe findings, requests, overflow."""
    problems = []
    if phone:
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > 375:
            problems.append(f"horizontal scroll ({scroll}px wide)")
    violations: list[dict[str, Any]] = axe_violations(page)
    problems += [describe(v) for v in violations if v["impact"] in BLOCKING_IMPACTS]
    problems += reader.problems()
    reader.console_errors.clear()
    reader.failed_requests.clear()
    reader.external_requests.clear()
    return problems


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_every_page_type_is_accessible_offline_and_fits(
    open_reader: Callable[..., Reader],
    site_dir: Path,
    corpus: Corpus,
    screenshot_dir: Path,
    width: str,
    scheme: str,
) -> None:
    reader = open_reader(width, scheme)
    types = page_types(site_dir, corpus)
    failures: dict[str, list[str]] = {}
    for name, path in types.items():
        problems = check_page(reader, path, phone=width == "phone")
        shown = reader.page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        expected = "slate" if scheme == "dark" else "default"
        if shown != expected:
            problems.append(f"colour scheme {shown!r}, not {expected!r}")
        if problems:
            failures[f"{name} ({path or 'home'})"] = problems
    searched = check_search(reader, phone=width == "phone")
    if searched:
        failures[f"search ({SEARCH_QUERY!r} over the home page)"] = searched
    report = screenshot_dir.parent / "axe" / f"every-page-{width}-{scheme}.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(failures, indent=2), encoding="utf-8")
    assert failures == {}, json.dumps(failures, indent=2)


def test_the_page_types_include_the_handbook_and_the_requirement_pages(
    site_dir: Path, corpus: Corpus
) -> None:
    paths = set(page_types(site_dir, corpus).values())
    assert "handbook/" in paths
    for wanted in REQUIREMENT_PAGES:
        assert any(p.startswith(wanted) for p in paths), wanted
