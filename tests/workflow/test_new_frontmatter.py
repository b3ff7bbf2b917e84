"""`pmo new` writes its document through python-frontmatter; the handler reads it back."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import frontmatter

from mkdocs_pmo.cli.main import main
from mkdocs_pmo.core.frontmatter import PmoYAMLHandler

if TYPE_CHECKING:
    import pytest
    from gitrepo import Repo


def _new(capsys: pytest.CaptureFixture[str], *args: str) -> Path:
    code = main(["new", *args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return Path(out.strip())


def test_what_pmo_new_wrote_loads_back_with_the_same_fields(
    in_repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _new(
        capsys,
        "playbook",
        'Risk: "appetite" & tolerance # 1.10',
        "--owner",
        "yes",
        "--summary",
        "@ the gate: decide.",
        "--implements",
        "STD-002",
        "--implements",
        "STD-001",
    )
    post = frontmatter.load(in_repo.root / path, handler=PmoYAMLHandler(str(path)))
    assert list(post.metadata.items()) == [
        ("id", "PB-003"),
        ("title", 'Risk: "appetite" & tolerance # 1.10'),
        ("status", "draft"),
        ("owner", "yes"),
        ("summary", "@ the gate: decide."),
        ("version", "0.1"),
        ("standards", ["STD-002", "STD-001"]),
        ("last_reviewed", "2026-01-15"),
        ("review_cycle_months", 12),
    ]
    assert post.content.startswith("One or two sentences on the job this playbook helps with")


def test_pmo_new_quotes_only_what_needs_quoting_and_keeps_the_template_comments(
    in_repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _new(capsys, "standard", "Risk appetite", "--owner", "Risk office")
    text = (in_repo.root / path).read_text(encoding="utf-8")
    head = text.split("\n---\n", 1)[0]
    assert head.split("\n") == [
        "---",
        "id: STD-003",
        "title: Risk appetite",
        "status: draft",
        "owner: Risk office",
        'summary: "Draft standard: replace this line with one sentence on what it requires or '
        'helps with."',
        'version: "0.1"',
        "# tags: [governance]",
        "# related: [STD-001]",
        "last_reviewed: 2026-01-15",
        "review_cycle_months: 12",
    ]
    assert text.endswith(
        "shown on this page automatically. Link other documents by ID, e.g. `[[PB-001]]`.\n"
    )


def test_a_custom_template_with_placeholders_in_values(
    in_repo: Repo, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    template = tmp_path / "t.md"
    template.write_text(
        "---\nid: $id\ntitle: $title\nstatus: draft\nowner: $owner\n"
        'summary: "A $kind about $title."\ntags: [$kind, x]\n# optional\nstandards: []\n---\n\n'
        "# $title\n\n## Why\n\nBecause $id matters.\n",
        encoding="utf-8",
    )
    path = _new(
        capsys, "playbook", "Cost: $5", "--template", str(template), "--implements", "STD-001"
    )
    post = frontmatter.load(in_repo.root / path, handler=PmoYAMLHandler())
    assert post.metadata == {
        "id": "PB-003",
        "title": "Cost: $5",
        "status": "draft",
        "owner": "PMO",
        "summary": "A playbook about Cost: $5.",
        "tags": ["playbook", "x"],
        "standards": ["STD-001"],
    }
    assert post.content == "# Cost: $5\n\n## Why\n\nBecause PB-003 matters."
    assert "# optional\nstandards: [STD-001]\n" in (in_repo.root / path).read_text("utf-8")


def test_a_template_the_checker_refuses_is_a_usage_error(
    in_repo: Repo, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    template = tmp_path / "t.md"
    template.write_text("---\nid: $id\nid: again\n---\n\nBody\n", encoding="utf-8")
    code = main(["new", "standard", "X", "--template", str(template)])
    _out, err = capsys.readouterr()
    assert code == 2
    assert (
        "the template's front matter cannot be used: line 3: key 'id' appears twice "
        "(first on line 2); remove one" in err
    )
    template.write_text("No front matter.\n", encoding="utf-8")
    assert main(["new", "standard", "X", "--template", str(template)]) == 2
    assert "the template has no front matter" in capsys.readouterr().err
