"""Readers' journeys on the repository's own site, at both widths and in both colour schemes.

- From the home page's section for a role to the generated "what applies to me" page, and from
  there to the checklist already filtered for that role.
- The checklist: select a role, tier and gate, tick a requirement, reload, share the address
  with another browser, export Markdown and CSV; axe checks the filtered, ticked state.

The fixture site of `test_requirements_checklist.py` checks the checklist's exact texts; these
tests check that the real site's checklist (hundreds of requirements, the PMO's facets) works
where readers use it, including on a phone and in the dark scheme.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import pytest

from mkdocs_pmo.core.model import IN_FORCE
from tests.e2e.conftest import DESKTOP, PHONE, new_reader
from tests.e2e.test_layout_a11y import BLOCKING_IMPACTS, axe_violations, describe

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Browser, Page

    from tests.e2e.conftest import Reader

pytestmark = pytest.mark.browser

WIDTHS_AND_SCHEMES = pytest.mark.parametrize(
    ("width", "scheme"),
    [("desktop", "light"), ("desktop", "dark"), ("phone", "light"), ("phone", "dark")],
)
SELECTION = {"role": "project-manager", "tier": "2", "gate": "G1"}


def requirements_in_force(site_dir: Path, **wanted: str) -> list[str]:
    """IDs of the requirements in force binding every `facet=value`, from `catalogue.json`."""
    catalogue = json.loads((site_dir / "catalogue.json").read_text(encoding="utf-8"))
    return [
        req["id"]
        for doc in catalogue["documents"]
        if doc["status"] in IN_FORCE
        for req in doc["requirements"]
        if all(value in req["applies_to"].get(facet, [value]) for facet, value in wanted.items())
    ]


def shown(page: Page) -> list[str]:
    """The requirements the checklist shows, in its order (by document, then keyword)."""
    return page.eval_on_selector_all(
        ".pmo-checklist__item:not([hidden])", "els => els.map(e => e.dataset.req)"
    )


def blocking(page: Page) -> list[str]:
    return [describe(v) for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]


def fits(page: Page) -> None:
    assert page.viewport_size is not None
    width = page.viewport_size["width"]
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"horizontal scroll: {scroll}px on a {width}px screen"


def download(page: Page, action: str) -> tuple[str, str]:
    with page.expect_download() as info:
        page.click(f"button[data-pmo-action='{action}']")
    path = info.value.path()
    assert path is not None
    return info.value.suggested_filename, Path(path).read_bytes().decode("utf-8")


@WIDTHS_AND_SCHEMES
def test_a_role_on_the_home_page_leads_to_what_applies_to_it_and_its_checklist(
    open_reader: Callable[..., Reader], site_dir: Path, width: str, scheme: str
) -> None:
    reader = open_reader(width, scheme)
    page = reader.open("")
    section = page.locator("details", has=page.locator("summary", has_text="Project manager"))
    section.locator("summary").click()
    section.locator('a[href*="catalogue/applies/role-project-manager"]').click()
    page.wait_for_load_state("load")
    assert reader.path() == "catalogue/applies/role-project-manager/"
    items = page.locator(".pmo-req-item")
    assert items.count() == len(requirements_in_force(site_dir, role="project-manager")) > 0
    assert items.first.is_visible()
    fits(page)
    assert blocking(page) == []

    page.locator('a[href$="catalogue/checklist/?role=project-manager"]').first.click()
    page.wait_for_load_state("networkidle")
    assert reader.path() == "catalogue/checklist/"
    assert page.input_value("#pmo-checklist-role") == "project-manager"
    assert sorted(shown(page)) == sorted(requirements_in_force(site_dir, role="project-manager"))
    assert reader.problems() == []


@WIDTHS_AND_SCHEMES
def test_the_checklist_selects_ticks_reloads_shares_and_exports(
    open_reader: Callable[..., Reader],
    browser: Browser,
    base_url: str,
    site_dir: Path,
    width: str,
    scheme: str,
) -> None:
    reader = open_reader(width, scheme)
    page = reader.open("catalogue/checklist/")
    assert sorted(shown(page)) == sorted(requirements_in_force(site_dir))
    for facet, value in SELECTION.items():
        page.locator(f"#pmo-checklist-{facet}").scroll_into_view_if_needed()
        page.select_option(f"#pmo-checklist-{facet}", value)
    assert parse_qs(urlsplit(page.url).query) == {k: [v] for k, v in SELECTION.items()}
    wanted = shown(page)
    assert sorted(wanted) == sorted(requirements_in_force(site_dir, **SELECTION))
    assert 0 < len(wanted) < len(requirements_in_force(site_dir))

    first, last = wanted[0], wanted[-1]
    for req in (first, last):
        box = page.locator(f"input[data-pmo-req='{req}']")
        box.scroll_into_view_if_needed()
        box.check()
    assert "; 2 ticked." in page.locator(".pmo-checklist__summary").inner_text()
    fits(page)
    assert blocking(page) == []

    page.reload(wait_until="load")
    assert page.is_checked(f"input[data-pmo-req='{first}']")
    assert page.is_checked(f"input[data-pmo-req='{last}']")
    assert page.input_value("#pmo-checklist-gate") == "G1"
    assert shown(page) == wanted

    # Shared: the address carries the selection to another browser, not the ticks.
    options = {**(PHONE if width == "phone" else DESKTOP), "color_scheme": scheme}
    for other in new_reader(browser, base_url, **options):
        other.page.goto(page.url, wait_until="load")
        assert shown(other.page) == wanted
        assert other.page.input_value("#pmo-checklist-tier") == "2"
        assert not other.page.is_checked(f"input[data-pmo-req='{first}']")
        assert other.problems() == []

    name, text = download(page, "markdown")
    assert name == "checklist-role-project-manager-tier-2-gate-G1.md"
    items = [re.match(r"- \[([ x])\] (\S+) ", line) for line in text.splitlines()]
    ticks = [(m[2], m[1] == "x") for m in items if m]
    assert ticks == [(req, req in (first, last)) for req in wanted]
    name, text = download(page, "csv")
    assert name == "checklist-role-project-manager-tier-2-gate-G1.csv"
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["id", "document", "keyword", "text", "done"]
    assert [(row[0], row[4] == "yes") for row in rows[1:]] == ticks
    assert reader.problems() == []
