"""`pmo impact` at requirement level, against real git repositories.

A new keyword, an added or removed requirement, or new applicability needs a MAJOR version
bump; wording alone a MINOR one; a number used before coming back with other text is refused;
changed parameters are listed with the requirements that use them.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from gitrepo import MKDOCS_YML, doc, init_repo

from mkdocs_pmo.cli.main import main

if TYPE_CHECKING:
    from pathlib import Path

    from gitrepo import Repo

CONFIG = MKDOCS_YML + (
    "      facets:\n"
    "        role:\n"
    "          values: {sponsor: Sponsor, project-manager: Project manager}\n"
)
PARAMETERS = "capacity_line:\n  value: 85\n  unit: '%'\n  owner: PMO\n  why: Queues.\n"
BODY = """\
Intro.

## Requirements

- **R1** — The sponsor MUST approve the charter before G1 Commit.
- **R2** — Teams MUST keep utilisation under {{ param("capacity_line") }}.
- **R3** — The project manager SHOULD circulate the evidence early.

## Why

Because.
"""
STD = "standards/STD-001-gates.md"


def standard(body: str = BODY, version: str = "1.0", **meta: Any) -> str:
    return doc("STD-001", "Gates", body=body, version=version, **meta)


@pytest.fixture
def gates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    repo = init_repo(tmp_path / "pmo")
    repo.write(
        {
            "mkdocs.yml": CONFIG,
            "docs/index.md": "# Home\n",
            "parameters.yml": PARAMETERS,
            STD: standard(),
            "playbooks/PB-001-run.md": doc(
                "PB-001",
                "Run a gate",
                standards=["STD-001"],
                body="Do [[STD-001.R1]].\n\n## Why\n\nB.\n",
            ),
        }
    )
    repo.commit("Initial catalogue", "2026-01-05T09:00:00+00:00")
    repo.git("checkout", "-q", "-b", "feature")
    monkeypatch.chdir(repo.root)
    return repo


def impact(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["impact", "--base", "main", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def markdown(capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["impact", "--base", "main"])
    out, err = capsys.readouterr()
    return code, out, err


def change(data: dict[str, Any], rid: str) -> dict[str, Any]:
    return next(c for c in data["requirements"] if c["id"] == rid)


def test_must_to_should_with_a_minor_bump_is_refused(
    gates: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    gates.write({STD: standard(BODY.replace("Teams MUST keep", "Teams SHOULD keep"), "1.1")})
    code, data = impact(capsys)
    assert code == 1
    r2 = change(data, "STD-001.R2")
    assert r2["changes"] == ["re-keyworded", "reworded"]
    assert r2["keyword"] == {"from": "MUST", "to": "SHOULD"}
    assert r2["bump"] == "MAJOR"
    assert r2["word_diff"] == [
        {"op": "=", "text": "Teams"},
        {"op": "-", "text": "MUST"},
        {"op": "+", "text": "SHOULD"},
        {"op": "=", "text": 'keep utilisation under {{ param("capacity_line") }}.'},
    ]
    (issue,) = data["issues"]
    assert issue["code"] == "pmo.version-bump"
    assert issue["message"] == (
        "STD-001: STD-001.R2 changed since main (STD-001.R2 re-keyworded/reworded): that needs "
        'a MAJOR version bump, the version was a MINOR bump ("1.0" → "1.1")'
    )
    assert (issue["path"], issue["line"]) == (STD, 7)

    code, out, err = markdown(capsys)
    assert code == 1
    assert "- **STD-001.R2** re-keyworded, reworded (needs MAJOR)" in out
    assert "  - keyword: **MUST** → **SHOULD**" in out
    assert "  - text: Teams ~~MUST~~ **SHOULD** keep utilisation" in out
    assert "[pmo.version-bump]" in err

    gates.write({STD: standard(BODY.replace("Teams MUST keep", "Teams SHOULD keep"), "2.0")})
    code, data = impact(capsys)
    assert (code, data["issues"]) == (0, [])


def test_wording_needs_a_minor_bump(gates: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    reworded = BODY.replace("evidence early", "evidence three days before")
    gates.write({STD: standard(reworded, "1.1")})
    code, data = impact(capsys)
    assert code == 0
    r3 = change(data, "STD-001.R3")
    assert (r3["changes"], r3["bump"]) == (["reworded"], "MINOR")
    assert data["issues"] == []
    gates.write({STD: standard(reworded, "1.0")})
    code, data = impact(capsys)
    assert code == 1
    assert [i["code"] for i in data["issues"]] == ["pmo.unversioned-change"]
    assert data["issues"][0]["message"] == (
        'STD-001\'s text changed since main but its version is still "1.0" '
        "(STD-001.R3 reworded): that needs a MINOR version bump"
    )


@pytest.mark.parametrize(
    ("version", "state"),
    [
        ("0.9", 'its version went from "1.0" to "0.9"'),
        (None, 'its version ("1.0") was removed'),
    ],
)
def test_a_lowered_or_removed_version_is_no_bump(
    gates: Repo, capsys: pytest.CaptureFixture[str], version: str | None, state: str
) -> None:
    reworded = BODY.replace("evidence early", "evidence three days before")
    text = standard(reworded, version or "1.0")
    if version is None:
        text = "".join(line for line in text.splitlines(True) if not line.startswith("version:"))
        assert "version:" not in text
    gates.write({STD: text})
    code, data = impact(capsys)
    assert code == 1
    (issue,) = data["issues"]
    assert issue["code"] == "pmo.unversioned-change"
    assert state in issue["message"] and "STD-001.R3 reworded" in issue["message"]


def test_every_keyword_of_a_requirement_counts(
    gates: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    """MUST → SHOULD in the second half of a requirement with two keywords is re-keyworded."""
    two = BODY.replace("before G1 Commit.", "before G1 Commit and MUST sign it.")
    gates.write({STD: standard(two, "2.0")})
    gates.commit("Two keywords", "2026-01-06T09:00:00+00:00")
    gates.git("branch", "-f", "main")
    gates.write({STD: standard(two.replace("MUST sign", "SHOULD sign"), "2.1")})
    code, data = impact(capsys)
    assert code == 1
    r1 = change(data, "STD-001.R1")
    assert (r1["changes"], r1["bump"]) == (["re-keyworded", "reworded"], "MAJOR")


def test_a_requirement_showing_another_parameter_needs_a_major_bump(
    gates: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    gates.write(
        {
            "parameters.yml": PARAMETERS
            + PARAMETERS.replace("capacity_line", "wip_limit").replace("85", "90"),
            STD: standard(BODY.replace('param("capacity_line")', 'param("wip_limit")'), "1.1"),
        }
    )
    code, data = impact(capsys)
    assert code == 1
    r2 = change(data, "STD-001.R2")
    assert (r2["changes"], r2["bump"]) == (["re-parameterised", "reworded"], "MAJOR")


@pytest.mark.parametrize(
    ("body", "meta", "rid", "what"),
    [
        (
            BODY.replace("- **R3**", "- **R4** — Gates MAY be merged.\n- **R3**"),
            {},
            "STD-001.R4",
            "added",
        ),
        (
            "\n".join(line for line in BODY.split("\n") if "**R3**" not in line),
            {},
            "STD-001.R3",
            "removed",
        ),
        (BODY, {"requirements": {"R1": {"role": ["sponsor"]}}}, "STD-001.R1", "re-scoped"),
    ],
)
def test_added_removed_and_rescoped_need_a_major_bump(
    gates: Repo,
    capsys: pytest.CaptureFixture[str],
    body: str,
    meta: dict[str, Any],
    rid: str,
    what: str,
) -> None:
    gates.write({STD: standard(body, "1.1", **meta)})
    code, data = impact(capsys)
    assert code == 1
    assert [(c["id"], c["changes"], c["bump"]) for c in data["requirements"]] == [
        (rid, [what], "MAJOR")
    ]
    (issue,) = data["issues"]
    assert issue["code"] == "pmo.version-bump"
    assert f"{rid} changed since main" in issue["message"]
    if what == "re-scoped":
        assert change(data, rid)["applies_to"] == {
            "from": {"role": ["sponsor", "project-manager"]},
            "to": {"role": ["sponsor"]},
        }
        code, out, _ = markdown(capsys)
        assert "  - applies to: role sponsor, project-manager → sponsor" in out
    gates.write({STD: standard(body, "2.0", **meta)})
    assert impact(capsys)[0] == 0


def test_front_matter_only_rescoping_without_a_bump(
    gates: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    gates.write({STD: standard(applies_to={"role": ["project-manager"]})})
    code, data = impact(capsys)
    assert code == 1
    assert [c["id"] for c in data["requirements"]] == ["STD-001.R1", "STD-001.R2", "STD-001.R3"]
    (issue,) = data["issues"]
    assert issue["message"].endswith('the version was not bumped ("1.0" → "1.0")')


def test_drafts_need_no_bump(gates: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    gates.write({STD: standard(status="draft")})
    gates.commit("Back to draft")
    gates.git("branch", "-f", "main", "HEAD")
    gates.write({STD: standard(BODY.replace("MUST approve", "SHOULD approve"), status="draft")})
    code, data = impact(capsys)
    assert code == 0
    assert change(data, "STD-001.R1")["bump"] == "MAJOR"


def test_reused_number_is_refused(gates: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    without_r3 = "\n".join(line for line in BODY.split("\n") if "**R3**" not in line)
    gates.write({STD: standard(without_r3, "2.0")})
    gates.commit("Drop R3")
    gates.git("branch", "-f", "main", "HEAD")
    gates.write({STD: standard(BODY.replace("evidence early", "minutes within a day"), "3.0")})
    code, data = impact(capsys)
    assert code == 1
    (issue,) = data["issues"]
    assert issue["code"] == "pmo.req-number-reused"
    assert issue["message"].startswith("STD-001.R3: R3 was used before for other text (until ")
    assert issue["message"].endswith(
        '"The project manager SHOULD circulate the evidence early."); numbers are never '
        "reused: take R4"
    )
    assert (issue["path"], issue["line"], issue["col"]) == (STD, 17, 3)
    # The same text coming back is a restored requirement, not a reuse.
    gates.write({STD: standard(BODY, "3.0")})
    code, data = impact(capsys)
    assert (code, data["issues"]) == (0, [])


def test_a_requirement_moved_to_another_number_is_refused(
    gates: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    """R2 removed and R3 renumbered R2 in one change, whatever the version bump."""
    moved = BODY.replace(
        '- **R2** — Teams MUST keep utilisation under {{ param("capacity_line") }}.\n', ""
    ).replace("**R3**", "**R2**")
    gates.write({STD: standard(moved, "3.0")})
    code, data = impact(capsys)
    assert code == 1
    reused = [i for i in data["issues"] if i["code"] == "pmo.req-number-reused"]
    assert [i["message"] for i in reused] == [
        "STD-001.R2: this is R3 renumbered (its text was R3's); numbers are permanent, links "
        "to STD-001.R3 would lose it and links to STD-001.R2 would reach another rule: keep it "
        "as R3"
    ]
    # Removing R2 and keeping R3's number is a removal, not a reuse.
    gates.write({STD: standard(moved.replace("**R2**", "**R3**"), "3.0")})
    code, data = impact(capsys)
    assert [i for i in data["issues"] if i["code"] == "pmo.req-number-reused"] == []


def test_changed_parameter_lists_its_users(gates: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    gates.write({"parameters.yml": PARAMETERS.replace("value: 85", "value: 80")})
    code, data = impact(capsys)
    assert code == 0
    assert data["parameters"] == [
        {"name": "capacity_line", "change": "changed", "from": "85%", "to": "80%",
         "used_by": ["STD-001.R2"], "documents": ["STD-001"]}
    ]  # fmt: skip
    assert data["requirements"] == []
    code, out, _ = markdown(capsys)
    assert "### Parameters" in out
    assert "- `capacity_line`: 85% → 80%; used by STD-001.R2; shown in STD-001" in out


def test_changed_parameter_used_in_prose_lists_the_documents(
    gates: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    """A parameter no requirement uses is still shown by the documents that use it."""
    days = "review_days:\n  value: 5\n  unit: days\n  owner: PMO\n  why: Reading time.\n"
    playbook = doc(
        "PB-001",
        "Run a gate",
        standards=["STD-001"],
        body="Do [[STD-001.R1]] within {{ param('review_days') }}; "
        "{{ params.review_days.value }} at most.\n\n## Why\n\nB.\n",
    )
    gates.write({"parameters.yml": PARAMETERS + days, "playbooks/PB-001-run.md": playbook})
    gates.commit("Review days", "2026-01-06T09:00:00+00:00")
    gates.git("branch", "-f", "main")
    gates.write({"parameters.yml": PARAMETERS + days.replace("value: 5", "value: 3")})
    code, data = impact(capsys)
    assert code == 0
    assert data["parameters"] == [
        {"name": "review_days", "change": "changed", "from": "5 days", "to": "3 days",
         "used_by": [], "documents": ["PB-001"]}
    ]  # fmt: skip
    code, out, _ = markdown(capsys)
    assert "- `review_days`: 5 days → 3 days; used by no requirement; shown in PB-001" in out


def test_blast_radius_lists_a_document_once_under_its_strongest_relation(
    gates: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    """PB-001 implements STD-001 and links to it: listed as implementing it, as pages do."""
    gates.write({STD: standard(BODY.replace("circulate", "send"), "1.1")})
    code, data = impact(capsys)
    assert code == 0
    (entry,) = data["blast_radius"]
    assert {k: [d["id"] for d in v] for k, v in entry["incoming"].items()} == {
        "Implemented by": ["PB-001"]
    }
    code, out, _ = markdown(capsys)
    assert "  - Implemented by: PB-001 Run a gate" in out
    assert "Referenced by" not in out
