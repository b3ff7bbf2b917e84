"""The requirement pages in a real browser: the checklist (select, tick, reload, share, export,
print), the requirements filters, reading without JavaScript, and axe on every new page.

The site is a fixture built in a temporary folder (facets, parameters, requirements), served
like the repository's site by the e2e fixtures.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import build_site, doc_text, mkdocs_yml, write_tree
from tests.e2e.conftest import REPO_ROOT, new_reader
from tests.e2e.test_layout_a11y import BLOCKING_IMPACTS, axe_violations, describe

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Page

    from tests.e2e.conftest import Reader

pytestmark = pytest.mark.browser

FACETS = {
    "role": {
        "label": "Role",
        "values": {"sponsor": "Sponsor", "project-manager": "Project manager"},
    },
    "tier": {"label": "Tier", "values": {1: "Tier 1", 2: "Tier 2"}},
    "gate": {"label": "Gate", "values": {"G0": "G0 Accept", "G1": "G1 Commit"}},
}
MACROS = "  - macros:\n      modules: [mkdocs_pmo.site.macros]\n      on_undefined: strict\n"
PARAMETERS = (
    "evidence_days:\n  value: 3\n  unit: working days\n  owner: PMO lead\n"
    "  why: Enough time to read the evidence.\n"
)
LIFECYCLE = """\
Intro.

## Requirements

- **R1** — The sponsor MUST approve the charter before G1.
- **R2** — The project manager SHOULD circulate the evidence {{ param("evidence_days") }} before the gate.
- **R3** — Teams MAY skip G0 for "small", one-team work.

## Why

Because gates cost time.
"""
REPORTING = """\
## Requirements

1. **R1** — The project manager MUST report every month in `status.md`.
2. **R2** — Reports MUST NOT hide a red status, even at =SUM(A1).

## Why

Because.
"""
THEME_EXTRA = "exclude_docs: |\n  /overrides/\nextra_css:\n  - assets/stylesheets/site.css\n"
PROPOSED = "## Requirements\n\n**R1** Tiers MUST be set at G0.\n\n## Why\n\nB.\n"
RETIRED = (
    "## Requirements\n\n- **R1** — Sponsors MUST sign every report.\n"
    "- **R2** — Reports SHOULD be printed.\n\n## Why\n\nB.\n"
)

#: Every requirement in force, with (roles, tiers, gates) it binds.
IN_FORCE = {
    "STD-004.R1": ({"sponsor"}, {"1", "2"}, {"G1"}),
    "STD-004.R2": ({"sponsor", "project-manager"}, {"1", "2"}, {"G0", "G1"}),
    "STD-004.R3": ({"sponsor", "project-manager"}, {"1"}, {"G0", "G1"}),
    "STD-007.R1": ({"project-manager"}, {"1", "2"}, {"G0", "G1"}),
    "STD-007.R2": ({"project-manager"}, {"2"}, {"G0", "G1"}),
}


def expected(
    role: str | None = None, tier: str | None = None, gate: str | None = None
) -> list[str]:
    return [
        rid
        for rid, (roles, tiers, gates) in IN_FORCE.items()
        if (role is None or role in roles)
        and (tier is None or tier in tiers)
        and (gate is None or gate in gates)
    ]


@pytest.fixture(scope="module")
def req_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("req-site")
    write_tree(
        root,
        {
            # No web fonts: the site must not ask the internet for anything.
            "mkdocs.yml": (mkdocs_yml({"facets": FACETS}) + MACROS + THEME_EXTRA).replace(
                "  name: material\n",
                "  name: material\n  font: false\n  custom_dir: docs/overrides\n",
            ),
            "docs/index.md": "# Home\n\nSee [[STD-004.R1]].\n",
            "parameters.yml": PARAMETERS,
            "standards/STD-004-lifecycle.md": doc_text(
                "STD-004",
                "Lifecycle",
                body=LIFECYCLE,
                applies_to={"role": ["project-manager", "sponsor"]},
                requirements={"R1": {"role": ["sponsor"], "gate": ["G1"]}, "R3": {"tier": [1]}},
            ),
            "standards/STD-007-reporting.md": doc_text(
                "STD-007",
                "Reporting",
                body=REPORTING,
                applies_to={"role": ["project-manager"]},
                requirements={"R2": {"tier": [2]}},
            ),
            "standards/STD-009-tiers.md": doc_text(
                "STD-009", "Tiers", status="proposed", body=PROPOSED
            ),
            "standards/STD-002-signatures.md": doc_text(
                "STD-002", "Signatures", status="retired", body=RETIRED
            ),
        },
    )
    # The repository's theme adjustments (search dialog name, contrast, link underlines), so
    # that axe judges the pages mkdocs-pmo adds, not Material's defaults.
    shutil.copytree(REPO_ROOT / "docs" / "overrides", root / "docs" / "overrides")
    shutil.copytree(REPO_ROOT / "docs" / "assets", root / "docs" / "assets")
    return build_site(root, strict=True)


@pytest.fixture(scope="module")
def req_url(req_site: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(req_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def visitor(browser: Browser, req_url: str) -> Iterator[Reader]:
    yield from new_reader(browser, req_url, accept_downloads=True)


def shown(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        ".pmo-checklist__item:not([hidden])", "els => els.map(e => e.dataset.req)"
    )


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_select_tick_reload_and_share(visitor: Reader, browser: Browser, req_url: str) -> None:
    page = visitor.open("catalogue/checklist/")
    assert page.locator(".pmo-checklist__controls").is_visible()
    assert shown(page) == expected()
    summary = page.locator(".pmo-checklist__summary")
    assert summary.inner_text() == "5 requirements apply to everyone; 0 ticked."

    page.select_option("#pmo-checklist-role", "project-manager")
    page.select_option("#pmo-checklist-tier", "2")
    page.select_option("#pmo-checklist-gate", "G1")
    assert query(page) == {"role": ["project-manager"], "tier": ["2"], "gate": ["G1"]}
    assert shown(page) == expected("project-manager", "2", "G1")
    # A document with nothing left to show is hidden with its heading.
    assert page.locator("section.pmo-checklist__doc:not([hidden])").count() == 2

    page.check("input[data-pmo-req='STD-007.R2']")
    assert "; 1 ticked." in summary.inner_text()

    page.reload(wait_until="load")
    assert page.is_checked("input[data-pmo-req='STD-007.R2']")
    assert page.input_value("#pmo-checklist-role") == "project-manager"
    assert shown(page) == expected("project-manager", "2", "G1")

    # Shared: the address carries the selection to another browser, not the ticks.
    shared = page.url
    for other in new_reader(browser, req_url):
        other.page.goto(shared, wait_until="load")
        assert shown(other.page) == expected("project-manager", "2", "G1")
        assert other.page.input_value("#pmo-checklist-gate") == "G1"
        assert not other.page.is_checked("input[data-pmo-req='STD-007.R2']")
        assert other.problems() == []

    # Clearing takes the ticks shown only: one hidden by the selection stays.
    hidden = next(r for r in expected() if r not in expected("project-manager", "2", "G1"))
    page.evaluate(
        "id => { const k = Object.keys(localStorage).find(k => k.startsWith('pmo-checklist:'));"
        " const t = JSON.parse(localStorage.getItem(k)); t[id] = 1;"
        " localStorage.setItem(k, JSON.stringify(t)); }",
        hidden,
    )
    page.reload(wait_until="load")
    page.click("button[data-pmo-action='clear']")
    page.reload(wait_until="load")
    assert not page.is_checked("input[data-pmo-req='STD-007.R2']")
    page.select_option("#pmo-checklist-role", "")
    page.select_option("#pmo-checklist-tier", "")
    page.select_option("#pmo-checklist-gate", "")
    assert page.is_checked(f"input[data-pmo-req='{hidden}']")
    assert visitor.problems() == []


def test_unknown_values_in_the_address_are_ignored(visitor: Reader) -> None:
    page = visitor.open("catalogue/checklist/?role=nobody&gate=G0")
    assert page.input_value("#pmo-checklist-role") == ""
    assert shown(page) == expected(gate="G0")
    assert page.url.endswith("catalogue/checklist/?gate=G0")  # a shared link says what it shows


def _download(page: Page, action: str) -> tuple[str, str]:
    with page.expect_download() as info:
        page.click(f"button[data-pmo-action='{action}']")
    download = info.value
    path = download.path()
    assert path is not None
    return download.suggested_filename, Path(path).read_bytes().decode("utf-8")


def test_export_markdown_and_csv(visitor: Reader) -> None:
    page = visitor.open("catalogue/checklist/?role=project-manager&tier=2")
    page.check("input[data-pmo-req='STD-004.R2']")
    name, text = _download(page, "markdown")
    assert name == "checklist-role-project-manager-tier-2.md"
    lines = text.splitlines()
    assert lines[0] == "# Checklist (Role: Project manager, Tier: Tier 2)"
    assert lines[2].startswith("From http://127.0.0.1:")
    assert lines[4:] == [
        "- [x] STD-004.R2 (SHOULD) The project manager SHOULD circulate the evidence "
        "3 working days before the gate.",
        "- [ ] STD-007.R1 (MUST) The project manager MUST report every month in `status.md`.",
        "- [ ] STD-007.R2 (MUST NOT) Reports MUST NOT hide a red status, even at =SUM(A1).",
    ]
    name, text = _download(page, "csv")
    assert name == "checklist-role-project-manager-tier-2.csv"
    assert text.split("\r\n") == [
        "id,document,keyword,text,done",
        "STD-004.R2,STD-004,SHOULD,The project manager SHOULD circulate the evidence "
        "3 working days before the gate.,yes",
        "STD-007.R1,STD-007,MUST,The project manager MUST report every month in `status.md`.,no",
        'STD-007.R2,STD-007,MUST NOT,"Reports MUST NOT hide a red status, even at =SUM(A1).",no',
        "",
    ]
    assert visitor.problems() == []


def test_print_shows_the_list_not_the_controls(visitor: Reader) -> None:
    page = visitor.open("catalogue/checklist/?gate=G0")
    page.emulate_media(media="print")
    assert not page.locator(".pmo-checklist__controls").is_visible()
    assert not page.locator(".md-header").is_visible()
    assert page.locator(".pmo-checklist__item:not([hidden])").first.is_visible()
    assert not page.locator("[data-req='STD-004.R1']").is_visible()  # G1 only
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")


def test_requirements_page_filters(visitor: Reader) -> None:
    page = visitor.open("catalogue/requirements/")
    rows = "#pmo-req-in-force tbody tr:not([hidden]) td:first-child"
    assert page.eval_on_selector_all(rows, "els => els.map(e => e.innerText)") == expected()
    assert page.locator("#pmo-req-proposed tbody tr").count() == 1
    assert page.locator("#pmo-req-no-longer tbody tr").count() == 2
    page.select_option("#pmo-req-f-role", "sponsor")
    page.select_option("#pmo-req-keyword", "MUST")
    assert page.eval_on_selector_all(rows, "els => els.map(e => e.innerText)") == ["STD-004.R1"]
    # The other tables are filtered too: STD-009.R1 and the retired STD-002.R1 bind every role.
    retired = "#pmo-req-no-longer tbody tr:not([hidden]) td:first-child"
    assert page.eval_on_selector_all(retired, "els => els.map(e => e.innerText)") == ["STD-002.R1"]
    assert page.locator(".pmo-filter__count").inner_text() == "3 of 8 shown"
    assert visitor.problems() == []


def test_pages_read_without_javascript(browser: Browser, req_url: str) -> None:
    for reader in new_reader(browser, req_url, java_script_enabled=False):
        page = reader.open("catalogue/checklist/")
        assert not page.locator(".pmo-checklist__controls").is_visible()
        assert page.locator(".pmo-checklist__item").count() == len(IN_FORCE)
        assert page.locator(".pmo-checklist__item").first.is_visible()
        page = reader.open("catalogue/requirements/")
        assert not page.locator(".pmo-filter").is_visible()
        assert page.locator("#pmo-req-in-force tbody tr").count() == len(IN_FORCE)
        assert page.locator("#pmo-req-no-longer tbody tr").first.is_visible()
        page = reader.open("catalogue/applies/role-sponsor/")
        assert page.locator(".pmo-req-item").count() == len(expected("sponsor"))


def test_parameter_link_reaches_its_row(visitor: Reader) -> None:
    page = visitor.open("standards/STD-004-lifecycle/")
    link = page.locator("a.pmo-param")
    assert link.inner_text() == "3 working days"
    assert link.get_attribute("title") == "Enough time to read the evidence."
    link.click()
    page.wait_for_load_state("load")
    assert urlsplit(page.url).fragment == "evidence_days"
    assert page.locator("tr#evidence_days").is_visible()


@pytest.mark.parametrize(
    "path",
    [
        "catalogue/checklist/?role=sponsor",
        "catalogue/requirements/",
        "catalogue/applies/role-sponsor/",
        "catalogue/parameters/",
        "standards/STD-004-lifecycle/",
    ],
)
def test_no_serious_accessibility_violations(visitor: Reader, path: str) -> None:
    page = visitor.open(path)
    blocking = [describe(v) for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]
    assert blocking == [], f"{path}:\n" + "\n".join(blocking)
    assert visitor.problems() == []
