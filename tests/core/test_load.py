"""Every bad input to the loader becomes one located issue; good variants load the same."""

from __future__ import annotations

import os
import re
import time
from typing import TYPE_CHECKING

import pytest

from mkdocs_pmo.core.load import _UNSAFE_UTF8, UNSAFE_CHARS
from tests.core.conftest import WHY, codes, fm

if TYPE_CHECKING:
    from pathlib import Path

DOC = "standards/STD-001-a.md"


@pytest.mark.parametrize(
    ("content", "code", "line"),
    [
        pytest.param(b"---\nid: STD-001\ntitle: caf\xe9\n---\n", "pmo.encoding", 3, id="latin-1"),
        pytest.param("", "pmo.empty-file", 1, id="empty"),
        pytest.param("  \n\n", "pmo.empty-file", 1, id="blank"),
        pytest.param("# Title\n\nNo metadata.\n", "pmo.no-front-matter", 1, id="no-front-matter"),
        pytest.param(
            "---\nid: STD-001\ntitle: x\n", "pmo.unterminated-front-matter", 1, id="unterminated"
        ),
        pytest.param("---\n- id: STD-001\n---\n", "pmo.front-matter-type", 2, id="list"),
        pytest.param("---\njust a sentence\n---\n", "pmo.front-matter-type", 2, id="scalar"),
        pytest.param(
            "---\nid: STD-001\ntitle: [unclosed\nowner: x\n---\n", "pmo.yaml-syntax", 4, id="syntax"
        ),
        pytest.param("---\nid: STD-001\ntags:\n\t- a\n---\n", "pmo.yaml-tab", 4, id="tab"),
        pytest.param(fm(owner="a\nowner: b") + WHY, "pmo.duplicate-key", 6, id="duplicate-key"),
        pytest.param(fm(version="1.10") + WHY, "pmo.version-type", 7, id="float-version"),
        pytest.param(fm(effective="2026-02-30") + WHY, "pmo.invalid-date", 7, id="impossible-date"),
        pytest.param(fm(owner="") + WHY, "pmo.empty-field", 5, id="empty-owner"),
        pytest.param(fm(owner="null") + WHY, "pmo.empty-field", 5, id="null-owner"),
        pytest.param(fm(title='""') + WHY, "pmo.empty-field", 3, id="empty-title"),
        pytest.param(
            fm(owner="!!python/object/apply:os.system ['touch PWNED']") + WHY,
            "pmo.yaml-tag",
            5,
            id="python-tag",
        ),
        pytest.param(fm(owner="!!binary aGVsbG8=") + WHY, "pmo.yaml-tag", 5, id="binary-tag"),
        pytest.param(fm(title="'a\x00b'") + WHY, "pmo.unsafe-char", 3, id="nul"),
        pytest.param(fm(title="'abc\u202edcba'") + WHY, "pmo.unsafe-char", 3, id="rtl-override"),
        pytest.param(fm(id="STD-" + "1" * 40) + WHY, "pmo.schema", 2, id="long-id"),
        pytest.param(fm(summary="x" * 301) + WHY, "pmo.schema", 6, id="long-summary"),
        pytest.param(fm(colour="red") + WHY, "pmo.unknown-field", 7, id="unknown-key"),
    ],
)
def test_bad_input_is_one_located_issue(run, content, code, line):
    _, report = run({DOC: content})
    found = [(c, u, n) for c, u, n in codes(report) if c == code]
    assert found == [(code, DOC, line)], codes(report)


def test_python_tag_constructs_nothing(run, tmp_path):
    content = fm(owner="!!python/object/apply:os.system ['touch PWNED']") + WHY
    run({DOC: content})
    assert not (tmp_path / "PWNED").exists()
    assert not os.path.exists("PWNED")


def test_alias_bomb_is_refused_quickly(run):
    bomb = ["---", "id: STD-001", 'a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        bomb.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    bomb.append("---")
    start = time.perf_counter()
    _, report = run({DOC: "\n".join(bomb) + "\n" + WHY})
    assert time.perf_counter() - start < 5
    assert "pmo.yaml-alias" in [c for c, _, _ in codes(report)]


def test_typo_gets_a_suggestion(run):
    _, report = run({DOC: fm(owner=None, owenr="PMO lead") + WHY})
    messages = [i.message for i in report.issues]
    assert any("did you mean 'owner'" in m for m in messages), messages


def test_float_version_tells_author_to_quote(run):
    _, report = run({DOC: fm(version="1.10") + WHY})
    (issue,) = [i for i in report.issues if i.code.value == "pmo.version-type"]
    assert 'version: "1.10"' in issue.message


@pytest.mark.parametrize(
    "transform",
    [
        pytest.param(lambda s: s, id="plain"),
        pytest.param(lambda s: "\ufeff" + s, id="bom"),
        pytest.param(lambda s: s.replace("\n", "\r\n"), id="crlf"),
        pytest.param(lambda s: "\ufeff" + s.replace("\n", "\r\n"), id="bom-crlf"),
    ],
)
def test_bom_and_crlf_load_the_same(run, transform):
    text = fm(effective="2026-01-15", last_reviewed="2026-06-01", version='"1.2"') + WHY
    corpus, report = run({DOC: transform(text).encode("utf-8")})
    assert report.issues == []
    doc = corpus.get("STD-001")
    assert doc is not None
    assert doc.meta["effective"] == "2026-01-15"
    assert doc.version == "1.2"
    assert doc.why == "Because it keeps projects on time."


def test_yaml_dates_validate_as_dates(run):
    corpus, report = run({DOC: fm(effective="2026-01-15", last_reviewed="2026-03-01") + WHY})
    assert report.issues == []
    doc = corpus.get("STD-001")
    assert doc is not None and doc.effective is not None
    assert doc.effective.isoformat() == "2026-01-15"


def test_front_matter_example_in_a_fence_is_body_text(run):
    body = WHY + "\nAn example:\n\n```yaml\n---\nid: STD-999\nowner: nobody\n---\n```\n"
    corpus, report = run({DOC: fm() + body})
    assert report.issues == []
    doc = corpus.get("STD-001")
    assert doc is not None and doc.owner == "PMO lead"
    assert "STD-999" not in corpus


def test_long_file_name_is_refused(run):
    _, report = run({f"standards/STD-001-{'x' * 150}.md": fm() + WHY})
    assert [c for c, _, _ in codes(report)] == ["pmo.path-length"]


def test_symlink_outside_the_repository_is_not_followed(run, tmp_path: Path):
    outside = tmp_path.parent / f"{tmp_path.name}-outside.md"
    outside.write_text(fm(id="STD-002") + WHY, encoding="utf-8")
    (tmp_path / "standards").mkdir()
    (tmp_path / "standards" / "STD-002-link.md").symlink_to(outside)
    corpus, report = run({DOC: fm() + WHY})
    assert ("pmo.symlink", "standards/STD-002-link.md", 1) in codes(report)
    assert "STD-002" not in corpus


def test_symlinked_folder_outside_is_not_walked(run, tmp_path: Path):
    outside = tmp_path.parent / f"{tmp_path.name}-dir"
    outside.mkdir()
    (outside / "STD-003-x.md").write_text(fm(id="STD-003") + WHY, encoding="utf-8")
    (tmp_path / "standards").mkdir()
    (tmp_path / "standards" / "more").symlink_to(outside, target_is_directory=True)
    corpus, report = run({DOC: fm() + WHY})
    assert "STD-003" not in corpus
    assert any(c == "pmo.symlink" for c, _, _ in codes(report))


def test_many_problems_in_one_file_are_all_reported(run):
    text = "---\nid: STD-001\ntitle: x\nstatus: actve\nowenr: y\nsummary: s\nversion: 1.10\n---\n"
    _, report = run({DOC: text})
    found = {c for c, _, _ in codes(report)}
    assert {
        "pmo.missing-field",
        "pmo.schema",
        "pmo.unknown-field",
        "pmo.version-type",
        "pmo.missing-why",
    } <= found


@pytest.mark.parametrize("title", ["'[]'", "'{}'", "'0'"])
def test_bracket_or_zero_titles_are_not_empty(run, title):
    """Only null, blank strings and empty lists or mappings count as empty values."""
    _, report = run({DOC: fm(title=title) + WHY})
    assert report.issues == []


def test_a_file_over_the_size_limit_is_refused_unread(run, tmp_path: Path):
    from mkdocs_pmo.core.load import MAX_FILE_BYTES

    _, report = run({"standards/STD-001-a.md": fm() + WHY})
    path = tmp_path / "standards" / "STD-001-a.md"
    with path.open("r+b") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is written
    _, report = run({})
    assert codes(report) == [("pmo.file-size", "standards/STD-001-a.md", 1)]


def test_character_classes_written_as_what_they_match_equal_the_negated_originals() -> None:
    """`_AWKWARD` and the feed's `_NOT_XML` list the characters they match (fast to compile);
    over every code point they match exactly what the negated allowed ranges match."""
    from mkdocs_pmo.core.fastyaml import _AWKWARD
    from mkdocs_pmo.site.feed import _NOT_XML

    every = "".join(map(chr, range(0x110000)))
    awkward = (
        "[^\x0a\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
    )
    not_xml = "[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
    assert _AWKWARD.findall(every) == re.findall(awkward, every)
    assert _NOT_XML.findall(every) == re.findall(not_xml, every)


def test_unsafe_character_byte_test_matches_exactly_the_unsafe_characters() -> None:
    """The UTF-8 test that decides whether to look closer agrees with the character class."""
    for code in range(0x80, 0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        found = _UNSAFE_UTF8.search(f"a{char}b".encode()) is not None
        assert found == bool(UNSAFE_CHARS.match(char)), hex(code)
    prose = "Text \u2014 with dashes \u2013 and quotes \u201cx\u201d.".encode()
    assert _UNSAFE_UTF8.search(prose) is None
