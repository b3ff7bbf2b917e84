"""Markdown links `[text](page.md#anchor)` of documents, checked as MkDocs checks them.

MkDocs resolves a relative link from the page's path in the site (documents are at
`standards/...`) and warns when no page has that path (`validation.links.not_found`, warn by
default: `--strict` refuses). The check finds the links where the renderer makes them (not in
code, not images) and reports a `.md` target in a documents' folder, or out of the site, that
no file is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from mkdocs_pmo.core.body import link_pattern, scan_body
from mkdocs_pmo.core.issues import Severity
from mkdocs_pmo.core.model import PlainLink
from mkdocs_pmo.core.pipeline import Settings, check
from tests.core.conftest import TODAY, WHY, fm

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from mkdocs_pmo.core.issues import Report
    from mkdocs_pmo.core.model import Corpus

S1 = "standards/STD-001-a.md"
S2 = "standards/STD-002-b.md"
PATTERN = link_pattern(["STD", "PB"])


def _links(report: Report) -> list[tuple[str, str, int, int, Severity]]:
    return [
        (i.code.value, i.location.uri, i.location.line, i.location.col, i.severity)
        for i in report.issues
        if i.code.value.endswith(("-link", "-anchor"))
    ]


def _site(body: str) -> dict[str, str | bytes]:
    return {
        S1: fm() + "\n" + body + "\n" + WHY,
        S2: fm(id="STD-002") + "\n## Scope\n\nText.\n" + WHY,
        "playbooks/PB-001-p.md": fm(id="PB-001") + WHY,
        "docs/index.md": "# Home\n",
    }


def test_the_scanner_finds_links_where_the_renderer_makes_them() -> None:
    body = (
        "A [a](x.md#y) b [b](<s p.md> 'title') `[c](code.md)` ![i](i.md) [[STD-001]]\n"
        '\n    [d](indented-code.md)\n\n- item [e](e.md "t")\n'
    )
    assert scan_body(body, 10, PATTERN).plain_links == [
        PlainLink("x.md#y", 10, 3),
        PlainLink("s p.md", 10, 17),
        PlainLink("i.md", 10, 54),  # an image's source is checked too
        PlainLink("e.md", 14, 8),
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("See [b](nope.md).", [("pmo.broken-link", 9, 5, Severity.WARNING)]),
        ("See [b](../playbooks/PB-404.md).", [("pmo.broken-link", 9, 5, Severity.WARNING)]),
        ("See [b](../../out.md).", [("pmo.broken-link", 9, 5, Severity.WARNING)]),
        ("See [a](STD-002-b.md#nope).", [("pmo.missing-anchor", 9, 5, Severity.INFO)]),
        ("See [a](#nope).", [("pmo.missing-anchor", 9, 5, Severity.INFO)]),
        ("See [a](STD-002-b.md#scope) and [w](#why).", []),
        ("See [p](../playbooks/PB-001-p.md) and [s](./STD-002-b.md).", []),
        ("See [x](https://example.org/nope.md), [m](mailto:a@b.c), [r](/abs.md).", []),
        # Without MkDocs' configuration only the kinds' folders are known.
        ("See [g](../catalogue.md), [h](../docs/x.md).", []),
        ("See [i](nope.png).", [("pmo.broken-link", 9, 5, Severity.WARNING)]),
        ("See `[b](nope.md)` and ![i](nope.md).", [("pmo.broken-link", 9, 24, Severity.WARNING)]),
        ("See [r][x].\n\n[x]: STD-404.md", [("pmo.broken-link", 9, 5, Severity.WARNING)]),
        ("See [u](STD-002-b).", [("pmo.unrecognized-link", 9, 5, Severity.INFO)]),
        ("```\n[b](nope.md)\n```", []),
    ],
)
def test_links_mkdocs_finds_broken_are_reported_at_the_link(
    run: Callable[[dict[str, str | bytes]], tuple[Corpus, Report]],
    body: str,
    expected: list[tuple[str, int, int, Severity]],
) -> None:
    _, report = run(_site(body))
    assert _links(report) == [(code, S1, line, col, level) for code, line, col, level in expected]


def test_hand_written_pages_links_are_checked_from_their_place_in_the_site(
    tmp_path: Path,
) -> None:
    files = _site("Body.")
    files["docs/index.md"] = (
        "---\ntitle: Home\n---\n# Home\n\nSee [a](standards/STD-002-b.md#nope), "
        "[b](standards/nope.md), [c](guide/x.md), [d](standards/STD-002-b.md#scope).\n"
    )
    for uri, text in files.items():
        (tmp_path / uri).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / uri).write_text(str(text), encoding="utf-8")
    _, report = check(Settings(root=tmp_path, today=TODAY, docs_dir="docs"))
    assert _links(report) == [
        ("pmo.missing-anchor", "docs/index.md", 6, 5, Severity.INFO),
        ("pmo.broken-link", "docs/index.md", 6, 39, Severity.WARNING),
        ("pmo.broken-link", "docs/index.md", 6, 63, Severity.WARNING),
    ]
