"""Builds that must fail, and how: every issue logged with file:line, one abort at the end."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import pytest
from mkdocs.exceptions import Abort

from tests.conftest import build_site, doc_text, mkdocs_yml, write_tree

if TYPE_CHECKING:
    from pathlib import Path


def _messages(caplog: pytest.LogCaptureFixture, level: int) -> list[str]:
    return [
        r.getMessage().removeprefix("mkdocs_pmo: ")
        for r in caplog.records
        if r.levelno == level and r.name.startswith("mkdocs.plugins.mkdocs_pmo")
    ]


def test_error_level_issues_abort_without_strict_after_logging_all(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_tree(
        tmp_path,
        {
            "standards/STD-001-a.md": doc_text(
                "STD-001", body="See [[STD-099]].\n\n## Why\n\nB.\n"
            ),
            "standards/STD-002-b.md": doc_text("STD-002", body="No rationale here.\n"),
            "playbooks/PB-001-c.md": doc_text("PB-001", status="finished"),
            "standards/STD-003-d.md": "---\nid: STD-003\ntitle: [unclosed\n---\n\nBody\n",
        },
    )
    with pytest.raises(Abort):
        build_site(tmp_path)
    errors = _messages(caplog, logging.ERROR)
    assert any(m.startswith("standards/STD-001-a.md:11:5:") for m in errors)
    for prefix, code in [
        ("standards/STD-001-a.md:11:5:", "[pmo.dangling-ref]"),
        ("standards/STD-002-b.md:", "[pmo.missing-why]"),
        ("playbooks/PB-001-c.md:4:", "[pmo.schema]"),
        ("standards/STD-003-d.md:4:", "[pmo.yaml-syntax]"),
    ]:
        assert any(m.startswith(prefix) and m.endswith(code) for m in errors), (prefix, errors)
    assert not (tmp_path / "site" / "index.html").exists()


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {"standards/STD-001-a.md": doc_text("STD-001", body="[[STD-404]]\n\n## Why\n\nB.\n")},
            "standards/STD-001-a.md:11:1: link [[STD-404]]",
            id="broken-link",
        ),
        pytest.param(
            {"standards/STD-001-a.md": doc_text("STD-001", body="No why.\n")},
            "standards/STD-001-a.md:",
            id="missing-why",
        ),
        pytest.param(
            {"standards/STD-001-a.md": doc_text("STD-001", colour="blue")},
            "standards/STD-001-a.md:9:1:",
            id="unknown-field",
        ),
        pytest.param(
            {"docs/extra.md": "# Extra\n\nSee [[STD-777]].\n"},
            "docs/extra.md:3:5: link [[STD-777]]: no document has this ID",
            id="broken-link-in-docs-page",
        ),
    ],
)
def test_strict_fails_on_warnings_that_a_normal_build_tolerates(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, files: dict[str, str], expected: str
) -> None:
    levels = {c: "warn" for c in ("pmo.dangling-ref", "pmo.missing-why", "pmo.unknown-field")}
    base = {"standards/STD-009-ok.md": doc_text("STD-009")}
    write_tree(tmp_path, {"mkdocs.yml": mkdocs_yml({"validation": levels}), **base, **files})
    build_site(tmp_path)  # warnings only: builds
    warnings = _messages(caplog, logging.WARNING)
    assert any(m.startswith(expected) for m in warnings), warnings
    caplog.clear()
    with pytest.raises(Abort, match="strict mode"):
        build_site(tmp_path, strict=True)
    assert any(m.startswith(expected) for m in _messages(caplog, logging.WARNING))


def test_invalid_plugin_config_is_a_clear_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_tree(tmp_path, {"mkdocs.yml": mkdocs_yml({"validation": {"pmo.nope": "warn"}})})
    with pytest.raises(Abort):
        build_site(tmp_path)
    assert "plugins.pmo: validation: unknown issue code 'pmo.nope'" in caplog.text


def test_clean_site_builds_strict_without_any_plugin_message(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    write_tree(
        tmp_path,
        {
            "standards/STD-001-a.md": doc_text("STD-001"),
            "playbooks/PB-001-b.md": doc_text("PB-001", standards=["STD-001"]),
        },
    )
    build_site(tmp_path, strict=True)
    assert [r.getMessage() for r in caplog.records if "not included" in r.getMessage()] == []
    assert _messages(caplog, logging.WARNING) == []


def test_a_link_to_a_missing_anchor_fails_the_strict_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """`[[ID#anchor]]` stays a `.md` link, so MkDocs checks the anchor on the target page."""
    body = "See [[STD-002#why]] and [[STD-002#nowhere]].\n\n## Why\n\nBecause.\n"
    write_tree(
        tmp_path,
        {
            "mkdocs.yml": mkdocs_yml(extra="validation:\n  anchors: warn\n"),
            "standards/STD-001-a.md": doc_text("STD-001", body=body),
            "standards/STD-002-b.md": doc_text("STD-002"),
        },
    )
    with pytest.raises(Abort, match="strict mode"):
        build_site(tmp_path, strict=True)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("#nowhere" in m and "STD-001-a.md" in m for m in warnings), warnings
    assert not any("#why" in m for m in warnings), warnings


def test_long_lived_objects_go_back_to_the_garbage_collector_after_any_build(
    tmp_path: Path,
) -> None:
    """The plugin keeps the corpus from the cyclic GC during a build (`gc.freeze`), never after."""
    import gc

    write_tree(tmp_path, {"standards/STD-001-a.md": doc_text("STD-001")})
    build_site(tmp_path)
    assert gc.get_freeze_count() == 0
    write_tree(tmp_path, {"standards/STD-002-b.md": doc_text("STD-001")})  # duplicate ID
    with pytest.raises(Abort):
        build_site(tmp_path)
    assert gc.get_freeze_count() == 0
