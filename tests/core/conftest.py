from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from mkdocs_pmo.core.pipeline import Settings, check
from mkdocs_pmo.core.templates import TemplateSettings

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from mkdocs_pmo.core.issues import Report
    from mkdocs_pmo.core.model import Corpus

TODAY = dt.date(2026, 11, 27)
#: A site with the macros plugin and its `param()` macro (what `param()` calls need).
MACROS = TemplateSettings(frozenset({"param"}))


def fm(**fields: object) -> str:
    """Front matter of a valid standard, with `fields` overriding or (None) removing keys."""
    base: dict[str, object] = {
        "id": "STD-001",
        "title": "A standard",
        "status": "active",
        "owner": "PMO lead",
        "summary": "One line.",
    }
    base.update(fields)
    lines = [f"{k}: {v}" for k, v in base.items() if v is not None]
    return "---\n" + "\n".join(lines) + "\n---\n"


WHY = "\n## Why\n\nBecause it keeps projects on time.\n"


@pytest.fixture
def run(tmp_path: Path) -> Callable[[dict[str, str | bytes]], tuple[Corpus, Report]]:
    """Write `{path: text}` under a fresh root and run the whole core on it."""

    def _run(files: dict[str, str | bytes]) -> tuple[Corpus, Report]:
        for uri, content in files.items():
            path = tmp_path / uri
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return check(Settings(root=tmp_path, today=TODAY))

    return _run


def codes(report: Report) -> list[tuple[str, str, int]]:
    return [(i.code.value, i.location.uri, i.location.line) for i in report.issues]
