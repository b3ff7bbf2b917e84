"""Time the HTML allowlist: `sanitize_html` per rendered page, `check_html` per Markdown body.

Usage: python benchmarks/bench_html_safety.py [--site SITE_DIR]

Pages are the repository's documents and a `realistic` generated corpus (`corpus.py`),
rendered with the site's Markdown extensions (`[[ID]]` links written as the plugin's `<a>`).
With `--site` (a built site), the `<article>` of each document page is timed as well.
Bodies for `check_html` have code blanked, as the body scanner gives them.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate

from mkdocs_pmo.core.body import masked_body
from mkdocs_pmo.core.html_safety import check_html, sanitize_html
from tests.html_markup import render

if TYPE_CHECKING:
    from collections.abc import Callable

ROOT = Path(__file__).resolve().parents[1]
_REF = re.compile(r"\[\[([A-Z]+-[0-9]+)(?:#[^\]|]*)?(?:\|([^\]]*))?\]\]")


def bodies(folder: Path) -> list[str]:
    out = []
    for path in sorted([*folder.glob("standards/*.md"), *folder.glob("playbooks/*.md")]):
        text = path.read_text(encoding="utf-8")
        out.append(text.split("\n---\n", 1)[1] if text.startswith("---\n") else text)
    return out


def as_page(body: str) -> str:
    linked = _REF.sub(
        lambda m: (
            f'<a class="pmo-ref pmo-ref--active" href="../{m[1]}/" '
            f'title="Active · One line summary.">{m[2] or m[1] + " Title"}</a>'
        ),
        body,
    )
    return render(linked)


def per_call_us(func: Callable[[str], object], items: list[str], rounds: int = 5) -> float:
    """Best-of-`rounds` mean CPU microseconds per item (CPU time: other load on the machine
    counts less than in wall time)."""
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for item in items:
            func(item)
        best = min(best, time.process_time() - start)
    return best / len(items) * 1e6


def report(label: str, pages: list[str]) -> None:
    sizes = [len(p) for p in pages]
    us = per_call_us(sanitize_html, pages)
    print(
        f"| sanitize_html | {label} | {len(pages)} | {statistics.median(sizes) / 1024:.1f} KB "
        f"| {us:.0f} µs |"
    )


def report_check(label: str, texts: list[str]) -> None:
    masked = [masked_body(t) for t in texts]
    us = per_call_us(lambda t: check_html(t, 1), masked)
    parsed = sum(1 for t in masked if "<" in t)
    print(
        f"| check_html | {label} ({parsed} with `<`) | {len(texts)} "
        f"| {statistics.median(len(t) for t in texts) / 1024:.1f} KB | {us:.1f} µs "
        f"(5,000 documents: {us * 5000 / 1e6 * 1000:.0f} ms) |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", type=Path, help="a built site of this repository")
    args = parser.parse_args()
    repo = bodies(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), 50, shape="realistic")
        corpus = bodies(Path(tmp))
    print("| function | input | items | median size | per item |")
    print("|---|---|---|---|---|")
    report("repository documents, rendered", [as_page(b) for b in repo])
    report("`realistic` corpus, rendered", [as_page(b) for b in corpus])
    if args.site:
        pages = []
        for path in sorted(args.site.glob("*/*/index.html")):
            if path.parts[-3] in ("standards", "playbooks"):
                html = path.read_text(encoding="utf-8")
                start, end = html.find("<article"), html.rfind("</article>")
                pages.append(html[html.find(">", start) + 1 : end])
        report("built site, document `<article>`s", pages)
    report_check("repository documents", repo)
    report_check("`realistic` corpus", corpus)


if __name__ == "__main__":
    main()
