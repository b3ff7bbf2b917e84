"""End-to-end fixtures: the real site of this repository, served locally, read by Chromium.

- `site_dir` (session): `mkdocs build --strict` of the repository into a temporary folder, once
  (or `$PMO_E2E_SITE`, a site built beforehand).
- `base_url` (session): that folder served by a `ThreadingHTTPServer` on 127.0.0.1.
- `browser` (session): Debian's Chromium driven by Playwright (never a downloaded browser).
- `reader` (per test): a fresh page that records console errors, failed requests and any
  request leaving 127.0.0.1 (those are aborted: the site must work offline). `phone_reader`:
  the same on a 375×740 phone; `open_reader(width=..., scheme=...)`: any viewport, in the light
  or dark colour scheme (`prefers-color-scheme`, which the site's palette follows).
- `corpus` (session): the documents as the core reads them, to compute expected results.
- `screenshot_dir` (session): `$PMO_SCREENSHOTS` or `artifacts/screenshots/` at the repo root.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response, Route

    from mkdocs_pmo.core.model import Corpus

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("PMO_CHROMIUM", "/usr/bin/chromium"))
TIMEOUT_MS = 15_000
BUILD_TIMEOUT_S = 180
MISSING_CHROMIUM = (
    f"Chromium not found at {CHROMIUM}: install it with 'sudo apt-get install chromium' "
    "(or bash scripts/install-browser.sh), or set PMO_CHROMIUM=/path/to/chromium; "
    "-m 'not browser' runs the other tests"
)

# The site makes no request to any host but its own: fonts, Mermaid and the search worker are
# served by the site, and the repository link in the header does not ask the GitHub API for
# stars and forks (docs/overrides/partials/source.html). Any request elsewhere fails the test.
ALLOWED_EXTERNAL: frozenset[str] = frozenset()

# Material renders each Mermaid diagram into a *closed* shadow root, out of reach of the DOM and
# of axe. The tests open it: same rendering, but the SVG can be inspected.
OPEN_SHADOW_ROOTS = """
(() => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    return attach.call(this, Object.assign({}, init, { mode: "open" }));
  };
})();
"""


def mkdocs_command() -> list[str]:
    """The venv's `mkdocs` (next to the running Python), else `python -m mkdocs`."""
    script = Path(sys.executable).with_name("mkdocs")
    return [str(script)] if script.exists() else [sys.executable, "-m", "mkdocs"]


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    prebuilt = os.environ.get("PMO_E2E_SITE")
    if prebuilt:  # a site built beforehand (e.g. to check that a broken site fails the tests)
        return Path(prebuilt)
    site = tmp_path_factory.mktemp("e2e") / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
    result = subprocess.run(
        [*mkdocs_command(), "build", "--strict", "--site-dir", str(site)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            f"mkdocs build --strict failed ({result.returncode}):\n{result.stdout}{result.stderr}"
        )
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="e2e-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(MISSING_CHROMIUM, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            timeout=TIMEOUT_MS * 2,
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Reader:
    """A page plus what went wrong while reading it."""

    page: Page
    base_url: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base_url + path.lstrip("/")

    def open(self, path: str) -> Page:
        """Open a site path (e.g. `standards/`) and wait until the page and its scripts settle."""
        self.page.goto(self.url(path), wait_until="load")
        self.page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
        return self.page

    def path(self) -> str:
        """The current page's path relative to the site root (e.g. `standards/STD-001-x/`)."""
        return urlsplit(self.page.url).path.lstrip("/")

    def problems(self) -> list[str]:
        return [
            *(f"console error: {m}" for m in self.console_errors),
            *(f"failed request: {r}" for r in self.failed_requests),
            *(f"request to the internet: {u}" for u in self.external_requests),
        ]

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        source = (message.location or {}).get("url", "")
        if source in ALLOWED_EXTERNAL:
            return
        self.console_errors.append(f"{message.text} ({source})")

    def _on_failed(self, request: Request) -> None:
        # ERR_ABORTED: the browser cancelled the request because the reader moved on to
        # another page (e.g. the favicon of a page left at once); a missing file is a 404.
        if request.url not in ALLOWED_EXTERNAL and request.failure != "net::ERR_ABORTED":
            self.failed_requests.append(f"{request.url}: {request.failure}")

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.failed_requests.append(f"{response.url}: HTTP {response.status}")

    def _route(self, route: Route) -> None:
        url = route.request.url
        host = urlsplit(url).hostname
        if host == "127.0.0.1" or url.startswith(("data:", "blob:")):
            route.continue_()
            return
        if url not in ALLOWED_EXTERNAL:
            self.external_requests.append(url)
        route.abort("internetdisconnected")


#: Browser context options of the two widths every page type is tested at.
PHONE: dict[str, Any] = {
    "viewport": {"width": 375, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 900}}


def new_reader(browser: Browser, base_url: str, **context_options: Any) -> Iterator[Reader]:
    options: dict[str, Any] = {"viewport": {"width": 1280, "height": 900}, "locale": "en-GB"}
    options.update(context_options)
    context = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    context.add_init_script(OPEN_SHADOW_ROOTS)
    page = context.new_page()
    reader = Reader(page=page, base_url=base_url)
    page.on("console", reader._on_console)
    page.on("pageerror", lambda error: reader.console_errors.append(f"uncaught: {error}"))
    page.on("requestfailed", reader._on_failed)
    page.on("response", reader._on_response)
    context.route("**/*", reader._route)
    try:
        yield reader
    finally:
        context.close()


@pytest.fixture
def reader(browser: Browser, base_url: str) -> Iterator[Reader]:
    yield from new_reader(browser, base_url)


@pytest.fixture
def phone_reader(browser: Browser, base_url: str) -> Iterator[Reader]:
    yield from new_reader(browser, base_url, **PHONE)


@pytest.fixture
def open_reader(browser: Browser, base_url: str) -> Iterator[Callable[..., Reader]]:
    """Open a reader on `"desktop"` or `"phone"`, in the `"light"` or `"dark"` scheme; each is
    closed at the end of the test."""
    opened: list[Iterator[Reader]] = []

    def open_one(width: str = "desktop", scheme: str = "light") -> Reader:
        options = {**(PHONE if width == "phone" else DESKTOP), "color_scheme": scheme}
        readers = new_reader(browser, base_url, **options)
        opened.append(readers)
        return next(readers)

    yield open_one
    for readers in opened:
        next(readers, None)


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    from mkdocs_pmo.core.pipeline import check
    from mkdocs_pmo.site.mkdocs_config import load_settings

    found, report = check(load_settings(REPO_ROOT / "mkdocs.yml"))
    assert not report.has_errors, [issue.format() for issue in report.issues]
    return found


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    folder = Path(os.environ.get("PMO_SCREENSHOTS") or REPO_ROOT / "artifacts" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def site_path(uri: str) -> str:
    """A document's URI in the build (`standards/STD-001-x.md`) → its page path."""
    stem = uri.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("/index") + "/"
