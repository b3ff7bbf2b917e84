"""`pmo check` is the build's first half: whatever `mkdocs build --strict` refuses, it refuses.

Each case is a deliberately broken site. It is built with real MkDocs in strict mode and checked
with the real `pmo check --strict`; every `path:line` and `[pmo.code]` the build logged must be
in the check's output, and a refused build means a failed check. Dates never refuse either.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

import pytest

from mkdocs_pmo.cli.main import main
from tests.conftest import build_site, doc_text, mkdocs_yml, write_tree

if TYPE_CHECKING:
    from pathlib import Path

MACROS = """\
  - macros:
      modules: [mkdocs_pmo.site.macros]
      on_undefined: strict
"""
ANCHORS_WARN = "validation:\n  anchors: warn\n"
WHY = "\n\n## Why\n\nBecause.\n"
REQUIREMENTS = "Intro.\n\n## Requirements\n\n- **R1** — Teams MUST plan.\n\n## Why\n\nBecause.\n"
PARAMETERS = "cap:\n  value: 85\n  owner: PMO\n  why: Queues.\n"
#: `path:line` and the code of a located message (pmo's own, and rendering's template ones).
_LOCATED = re.compile(
    r"(?P<where>[\w./-]+\.(?:md|markdown|mdown|mkdn|mkd):\d+)(?::\d+)?: .*\[(?P<code>pmo\.[a-z-]+)\]"
)


def _doc(doc_id: str, body: str, **front_matter: object) -> str:
    return doc_text(doc_id, body=body, **front_matter)


#: name → (files, extra mkdocs.yml lines). Every site also has STD-001 and STD-002 (valid).
CASES: dict[str, tuple[dict[str, str], str]] = {
    "template undefined name": (
        {"standards/STD-003-t.md": _doc("STD-003", "Intro.\n\n{{ project_name }}" + WHY)},
        "",
    ),
    "template syntax error": (
        {"standards/STD-003-t.md": _doc("STD-003", "Intro.\n\n{{ Project name }}" + WHY)},
        "",
    ),
    "template problem in a docs page": (
        {"docs/page.md": "---\nfoo: 1\n---\n# Page\n\n{{ foo }} and {{ bar }}\n"},
        "",
    ),
    "broken link in a docs page": ({"docs/page.md": "# Page\n\nSee [[STD-999]].\n"}, ""),
    "missing anchor": (
        {"standards/STD-003-a.md": _doc("STD-003", "See [[STD-002#nowhere]]." + WHY)},
        ANCHORS_WARN,
    ),
    "near-miss ID": (
        {"standards/STD-003-n.md": _doc("STD-003", "See [[SDT-002]] and [[std-2]]." + WHY)},
        "",
    ),
    "unpadded ID": ({"docs/page.md": "# Page\n\nSee [[STD-2]].\n"}, ""),
    "unsafe HTML": (
        {"standards/STD-003-h.md": _doc("STD-003", "Intro <script>x()</script>." + WHY)},
        "",
    ),
    "unsafe HTML starting a footnote": (
        {
            "standards/STD-003-f.md": _doc(
                "STD-003", "Intro x[^1].\n\n[^1]: <script>alert(1)</script>" + WHY
            )
        },
        "",
    ),
    "unsafe HTML shaped like a reference definition": (
        {"standards/STD-003-d.md": _doc("STD-003", "[x]: <img src=x onerror=alert(1)>" + WHY)},
        "",
    ),
    "unsafe HTML shaped like an email link in raw HTML": (
        {
            "standards/STD-003-m.md": _doc(
                "STD-003", '<div>\n<img/src="x"/onerror="alert(1)"/@x>\n</div>' + WHY
            )
        },
        "",
    ),
    "handler set by attr_list on a table cell": (
        {
            "standards/STD-003-c.md": _doc(
                "STD-003", '| a | b |\n|---|---|\n| b { onclick="alert(1)" } |' + WHY
            )
        },
        "",
    ),
    "handler set by attr_list on a definition term": (
        {"standards/STD-003-t.md": _doc("STD-003", 'Term { onclick="alert(1)" }\n:   def' + WHY)},
        "",
    ),
    "element standing in for the theme's configuration": (
        {
            "standards/STD-003-k.md": _doc(
                "STD-003", '<div id="__config">{"base": "https://evil.example"}</div>' + WHY
            )
        },
        "",
    ),
    "heading whose id is reserved for the theme": (
        {
            "standards/STD-003-s.md": _doc(
                "STD-003", "Intro.\n\n## \\_\\_config\n\n## \\_\\_x { #ok }\n\nText." + WHY
            )
        },
        "",
    ),
    "abrupt comment": (
        {"standards/STD-003-c.md": _doc("STD-003", "Intro.\n\n<!--> [[STD-999]] -->" + WHY)},
        "",
    ),
    "missing Why": ({"standards/STD-003-w.md": _doc("STD-003", "No rationale here.\n")}, ""),
    "dangling requirement": (
        {
            "standards/STD-003-r.md": _doc("STD-003", REQUIREMENTS),
            "playbooks/PB-001-p.md": _doc("PB-001", "Do [[STD-003.R9]]." + WHY),
        },
        "",
    ),
    "bad YAML": (
        {"standards/STD-003-y.md": "---\nid: STD-003\ntitle: Colon: here\n---\n\nBody.\n"},
        "",
    ),
    "nested key YAML reads as true": (
        {
            "standards/STD-003-k.md": "---\nid: STD-003\ntitle: T\nstatus: active\n"
            "owner: PMO\nsummary: S.\napplies_to: {on: [sponsor]}\n---\n\nIntro." + WHY
        },
        "",
    ),
    "date where text belongs": (
        {
            "standards/STD-003-d.md": _doc("STD-003", "Intro." + WHY).replace(
                "title: A document", "title: 2026-01-01"
            )
        },
        "",
    ),
    "broken Markdown link": (
        {"standards/STD-003-l.md": _doc("STD-003", "See [b](nope.md) and [c](../../x.md)." + WHY)},
        "",
    ),
    "broken Markdown link in a .markdown page": (
        {"docs/page.markdown": "# Page\n\nSee [b](nope.md).\n"},
        "",
    ),
    "broken Markdown link in a docs page": (
        {"docs/page.md": "# Page\n\nSee [b](standards/nope.md).\n"},
        "",
    ),
    "missing image and broken reference link in a docs page": (
        {"docs/page.md": "# Page\n\n![a](img/nope.png) and [b][r].\n\n[r]: other.md\n"},
        "",
    ),
    "absolute and unrecognized links": (
        {
            "docs/page.md": "# Page\n\nSee [a](/page.md).\n",
            "standards/STD-003-l.md": _doc("STD-003", "See [b](STD-002-b)." + WHY),
        },
        "validation:\n  absolute_links: warn\n  unrecognized_links: warn\n",
    ),
    "link to a missing anchor of a docs page": (
        {
            "docs/page.md": "# Page\n\n## Known\n\nSee [a](index.md#nope), [b](#known).\n",
            "standards/STD-003-l.md": _doc("STD-003", "See [c](../page.md#gone)." + WHY),
        },
        ANCHORS_WARN,
    ),
    "private attribute read by a filter": (
        {
            "standards/STD-003-t.md": _doc(
                "STD-003", "Intro.\n\n{{ [''] | map(attribute='__class__') | list }}" + WHY
            )
        },
        "",
    ),
    "private attribute read by attr()": (
        {"standards/STD-003-t.md": _doc("STD-003", "Intro.\n\n{{ ''|attr('__class__') }}" + WHY)},
        "",
    ),
    "unknown test in a condition": (
        {
            "standards/STD-003-t.md": _doc(
                "STD-003", "Intro.\n\n{% if 1 is nopetest %}a{% endif %}" + WHY
            )
        },
        "",
    ),
    "attr_list id without a space, read as a template comment": (
        {"standards/STD-003-t.md": _doc("STD-003", "Intro.\n\n## Custom {#my-id}" + WHY)},
        "",
    ),
    "Markdown link to a missing anchor": (
        {"standards/STD-003-l.md": _doc("STD-003", "See [a](STD-002-b.md#nope)." + WHY)},
        ANCHORS_WARN,
    ),
    "unknown field": (
        {"standards/STD-003-u.md": _doc("STD-003", "Intro." + WHY, colour="blue")},
        "",
    ),
    "param() without the macros plugin": (
        {
            "parameters.yml": PARAMETERS,
            "standards/STD-003-p.md": _doc("STD-003", 'Keep under {{ param("cap") }}.' + WHY),
        },
        "",
    ),
    "unknown parameter in a docs page": (
        {
            "parameters.yml": PARAMETERS,
            "docs/page.md": '# Page\n\nKeep under {{ param("cpa") }}.\n',
        },
        "",
    ),
    "params naming no parameter": (
        {
            "parameters.yml": PARAMETERS,
            "standards/STD-003-p.md": _doc("STD-003", "Under {{ params.cpa.value }}." + WHY),
        },
        "",
    ),
    "param() in a docs page without the macros plugin": (
        {
            "parameters.yml": PARAMETERS,
            "docs/page.md": '# Page\n\nKeep under {{ param("cap") }}.\n',
        },
        "",
    ),
    "unknown document ID in a macro": (
        {"docs/page.md": '# Page\n\n{{ implemented_by("STD-999") }}\n'},
        "",
    ),
    "macro without its argument in a document": (
        {"standards/STD-003-m.md": _doc("STD-003", "Intro.\n\n{{ referenced_by() }}" + WHY)},
        "",
    ),
    "unknown kind and status in macros": (
        {
            "docs/page.md": '# Page\n\n{{ documents_table(kind="nope") }}\n\n'
            '{% if true %}{{ document_count(status="approved") }}{% endif %}\n'
        },
        "",
    ),
    "recent_changes(0) and param() with two arguments": (
        {
            "parameters.yml": PARAMETERS,
            "docs/page.md": '# Page\n\n{{ recent_changes(0) }}\n\n{{ param("cap", 2) }}\n',
        },
        "",
    ),
    "anchor of a heading holding a reference, slugged as written": (
        {
            "standards/STD-003-h.md": _doc("STD-003", "Intro.\n\n## Rule [[STD-001]]" + WHY),
            "standards/STD-004-l.md": _doc("STD-004", "See [[STD-003#rule-std-001]]." + WHY),
        },
        ANCHORS_WARN,
    ),
    "include of a missing template": (
        {"docs/page.md": '# Page\n\nIntro.\n\n{% include "nope.md" %}\n'},
        "",
    ),
    "included template that does not parse, in a document": (
        {
            "docs/_snippets/part.md": "{% if %}\n",
            "standards/STD-003-i.md": _doc(
                "STD-003", 'Intro.\n\n{% include "_snippets/part.md" %}' + WHY
            ),
        },
        "",
    ),
}
#: Cases on a site without the macros plugin.
WITHOUT_MACROS = {
    "param() without the macros plugin",
    "param() in a docs page without the macros plugin",
}


def _site(tmp_path: Path, files: dict[str, str], extra: str, *, macros: bool = True) -> Path:
    base = {
        "mkdocs.yml": mkdocs_yml() + (MACROS if macros else "") + extra,
        "docs/index.md": "# Home\n\nWelcome.\n",
        "standards/STD-001-a.md": doc_text("STD-001"),
        "standards/STD-002-b.md": doc_text("STD-002"),
    }
    base.update(files)
    return write_tree(tmp_path, base)


def _build(root: Path, caplog: pytest.LogCaptureFixture) -> tuple[bool, list[str]]:
    """Whether the strict build refused, and its warning and error messages."""
    caplog.clear()
    refused = False
    with caplog.at_level(logging.INFO):
        try:
            build_site(root, strict=True)
        except Exception:  # Abort, PluginError, BuildError: the build refused
            refused = True
    messages = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    return refused, messages


def _check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["check", "--strict", "-f", str(root / "mkdocs.yml")])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize("name", list(CASES))
def test_what_the_strict_build_refuses_pmo_check_refuses_at_the_same_place(
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    name: str,
) -> None:
    files, extra = CASES[name]
    root = _site(tmp_path, files, extra, macros=name not in WITHOUT_MACROS)
    refused, messages = _build(root, caplog)
    code, output = _check(root, capsys)
    assert refused, f"{name}: the strict build should refuse this site: {messages}"
    assert code == 1, f"{name}: pmo check --strict passed a site the build refuses:\n{output}"
    located = [m for m in (_LOCATED.search(message) for message in messages) if m]
    assert located, f"{name}: the build logged no located problem: {messages}"
    for found in located:
        where, issue = found["where"], found["code"]
        lines = [line for line in output.splitlines() if where in line and issue in line]
        assert lines, f"{name}: the build logged {where} [{issue}]; pmo check did not:\n{output}"


def test_the_cases_are_located_where_the_author_wrote_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The two template cases of issue 13, at the line of the broken template."""
    for index, text in enumerate(("{{ project_name }}", "{{ Project name }}")):
        root = tmp_path / str(index)
        doc = _doc("STD-003", f"Intro.\n\n{text}" + WHY)
        _site(root, {"standards/STD-003-t.md": doc}, "")
        line = doc.splitlines().index(text) + 1
        code, output = _check(root, capsys)
        assert code == 1
        assert f"standards/STD-003-t.md:{line}: error: template" in output, output


def test_an_overdue_review_refuses_neither(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    overdue = doc_text(
        "STD-003", effective="2020-01-01", last_reviewed="2020-01-01", review_cycle_months=6
    )
    root = _site(tmp_path, {"standards/STD-003-o.md": overdue}, ANCHORS_WARN)
    refused, messages = _build(root, caplog)
    code, output = _check(root, capsys)
    assert not refused, messages
    assert code == 0, output
    assert "review overdue" in output


def test_no_documents_stops_check_and_build_with_the_same_message(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    """No document at all: one message saying where it looked, not a dangling ref per link."""
    root = write_tree(
        tmp_path,
        {
            "mkdocs.yml": mkdocs_yml() + MACROS,
            "docs/index.md": "# Home\n\nSee [[STD-001]] and [[PB-001]].\n",
        },
    )
    (root / "standards").mkdir()
    refused, messages = _build(root, caplog)
    code, output = _check(root, capsys)
    expected = f"no documents found: no Markdown files in {root}/standards/ or {root}/playbooks/"
    assert refused, messages
    assert [m for m in messages if "pmo." in m and "dangling" in m] == []
    assert any(expected in m for m in messages), messages
    assert code == 2, output
    assert output == f"pmo: error: {expected}\n"


def test_a_page_that_is_not_utf8_is_located_by_both(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _site(tmp_path, {}, "")
    (root / "docs" / "p.md").write_bytes(b"# P\n\ncaf\xe9\n")
    refused, messages = _build(root, caplog)
    code, output = _check(root, capsys)
    assert refused and code == 1
    wanted = "docs/p.md:3:4: error: file is not valid UTF-8 (byte 0xe9); save it as UTF-8"
    assert wanted in output
    assert any("docs/p.md:3:4" in m and "[pmo.encoding]" in m for m in messages), messages


def test_sites_rendering_on_request_or_with_their_own_delimiters_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    """The sandbox self-test speaks the site's template dialect (it used to refuse these)."""
    options = (
        "      render_by_default: false\n"
        '      j2_variable_start_string: "<<"\n      j2_variable_end_string: ">>"\n'
    )
    doc = _doc("STD-003", "Intro << 6 * 7 >>." + WHY, render_macros=True)
    root = _site(tmp_path, {"standards/STD-003-r.md": doc}, "")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace(MACROS, MACROS + options))
    refused, messages = _build(root, caplog)
    assert not refused, messages
    assert "Intro 42." in (root / "site" / "standards" / "STD-003-r" / "index.html").read_text()
    code, output = _check(root, capsys)
    assert code == 0, output


#: name → (files, extra mkdocs.yml lines): sites the strict build accepts (links that MkDocs
#: resolves, or leaves to rendering), which the check must accept too.
ACCEPTED: dict[str, tuple[dict[str, str], str]] = {
    "a link above the site root without an extension (unrecognized: info)": (
        {"docs/page.md": "# Page\n\n[up](..) and [top](../)\n"},
        "",
    ),
    "a broken link in a draft, which the build does not render": (
        {"docs/draft.md": "# Draft\n\n[todo](later.md)\n"},
        "draft_docs: |\n  /draft.md\n",
    ),
    "links a template makes or hides": (
        {
            "docs/mac.md": (
                '# Mac\n\n{% set target = "index.md" %}\n[var]({{ target }})\n\n'
                "{% if false %}\n[hidden](nope.md)\n{% endif %}\n\n"
                '## {{ "Gen" ~ "erated" }} heading\n\n[self](#generated-heading)\n'
            )
        },
        ANCHORS_WARN,
    ),
    "an anchor of a heading with an emoji": (
        {
            "docs/t.md": "# T\n\n## :smile: Emoji heading\n",
            "docs/page.md": "# Page\n\n[g](t.md#emoji-heading)\n",
        },
        ANCHORS_WARN + "markdown_extensions:\n  - toc\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n",
    ),
}


@pytest.mark.parametrize("name", list(ACCEPTED))
def test_what_the_strict_build_accepts_pmo_check_accepts(
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    name: str,
) -> None:
    files, extra = ACCEPTED[name]
    root = _site(tmp_path, files, extra)
    refused, messages = _build(root, caplog)
    assert not refused, f"{name}: the strict build should accept this site: {messages}"
    code, output = _check(root, capsys)
    assert code == 0, f"{name}: pmo check --strict refused a site the build accepts:\n{output}"


def test_a_folder_linked_into_docs_dir_is_part_of_the_site(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    """MkDocs follows symbolic links in docs_dir: so does the check."""
    root = _site(tmp_path, {"docs/sub/page.md": "# P\n\n[s](../linked/s.md#part)\n"}, ANCHORS_WARN)
    (root / "shared").mkdir()
    (root / "shared" / "s.md").write_text("# S\n\n## Part\n", encoding="utf-8")
    (root / "docs" / "linked").symlink_to(root / "shared", target_is_directory=True)
    refused, messages = _build(root, caplog)
    assert not refused, messages
    code, output = _check(root, capsys)
    assert code == 0, output
