"""Phone layout, accessibility (axe-core) and the screenshots used in the README."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from tests.e2e.conftest import site_path

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Page

    from mkdocs_pmo.core.model import Corpus
    from tests.e2e.conftest import Reader

pytestmark = pytest.mark.browser

BLOCKING_IMPACTS = {"serious", "critical"}


def standard_and_playbook(corpus: Corpus) -> tuple[str, str]:
    standard = corpus.by_id.get("STD-007") or corpus.of_kind("standard")[0]
    playbook = corpus.by_id.get("PB-006") or corpus.of_kind("playbook")[0]
    return site_path(standard.uri), site_path(playbook.uri)


# --- phone ----------------------------------------------------------------------------------


def phone_width(page: Page) -> int:
    # The configured width: on a mobile viewport, content wider than the screen makes Chromium
    # zoom out and grow `innerWidth` to fit it, so `innerWidth` alone would hide the overflow.
    assert page.viewport_size is not None
    return page.viewport_size["width"]


def within_viewport(page: Page, selector: str) -> None:
    element = page.locator(selector).first
    assert element.is_visible(), f"{selector} not visible"
    box = element.bounding_box()
    width = phone_width(page)
    assert box is not None
    assert box["x"] >= 0, f"{selector} starts left of the viewport: {box}"
    assert box["x"] + box["width"] <= width + 0.5, f"{selector} wider than {width}px: {box}"


def test_phone_card_and_why_are_readable(
    phone_reader: Reader, corpus: Corpus, screenshot_dir: Path
) -> None:
    for path in standard_and_playbook(corpus):
        page = phone_reader.open(path)
        width = phone_width(page)
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert scroll <= width, f"{path}: horizontal scroll ({scroll}px > {width}px)"
        assert inner <= width, f"{path}: page zoomed out to fit {inner}px into {width}px"
        for selector in (".pmo-card", ".pmo-why", ".pmo-card__fields", ".pmo-why p"):
            within_viewport(page, selector)
        size = page.locator(".pmo-why p").first.evaluate(
            "e => parseFloat(getComputedStyle(e).fontSize)"
        )
        assert size >= 12, f"{path}: Why text is {size}px"
    page.locator(".pmo-card").first.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "phone-playbook.png"))
    assert phone_reader.problems() == []


# --- accessibility --------------------------------------------------------------------------


def axe_violations(page: Page) -> list[dict[str, Any]]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return list(results.response["violations"])


def describe(violation: dict[str, Any]) -> str:
    targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:5]]
    return f"{violation['impact']}: {violation['id']} ({violation['help']}) at {targets}"


# Every page type, at both widths, in both colour schemes: tests/e2e/test_every_page.py.


# --- screenshots for the README -------------------------------------------------------------


@pytest.mark.parametrize("name", ["home", "standard", "playbook", "index"])
def test_screenshots(reader: Reader, corpus: Corpus, screenshot_dir: Path, name: str) -> None:
    standard, playbook = standard_and_playbook(corpus)
    path = {"home": "", "index": "catalogue/standards/", "standard": standard}.get(name, playbook)
    page = reader.open(path)
    target = screenshot_dir / f"{name}.png"
    page.screenshot(path=str(target))
    assert target.stat().st_size > 10_000
    assert reader.problems() == []
