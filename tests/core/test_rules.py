"""Cross-document rules: each has a minimal failing input asserting its code and line."""

from __future__ import annotations

import datetime as dt

import pytest

from mkdocs_pmo.core.issues import Issue, IssueCode, Severity, SourceLocation
from mkdocs_pmo.core.pipeline import Settings, check
from tests.core.conftest import TODAY, WHY, codes, fm

S1 = "standards/STD-001-a.md"
S2 = "standards/STD-002-b.md"
S3 = "standards/STD-003-c.md"
P1 = "playbooks/PB-001-x.md"


def pb(**fields: object) -> str:
    return fm(**{"id": "PB-001", "standards": "[STD-001]", **fields})


def test_clean_pair_has_no_issues(run):
    corpus, report = run({S1: fm() + WHY, P1: pb() + WHY})
    assert report.issues == []
    assert [d.id for d in corpus.incoming("STD-001")["Implemented by"]] == ["PB-001"]


def test_duplicate_ids_name_both_places(run):
    _, report = run({S1: fm() + WHY, S2: fm() + WHY})
    dupes = [i for i in report.issues if i.code is IssueCode.DUPLICATE_ID]
    assert {(i.location.uri, i.location.line) for i in dupes} == {(S1, 2), (S2, 2)}
    assert any(S1 in i.message for i in dupes) and any(S2 in i.message for i in dupes)


def test_id_prefix_must_match_folder(run):
    _, report = run({"playbooks/STD-009-x.md": fm(id="STD-009") + WHY})
    assert ("pmo.id-prefix", "playbooks/STD-009-x.md", 2) in codes(report)
    (issue,) = [i for i in report.issues if i.code is IssueCode.ID_PREFIX]
    assert "standards/" in issue.message


def test_dangling_front_matter_reference_points_at_the_item(run):
    text = "---\nid: STD-001\ntitle: t\nstatus: active\nowner: o\nsummary: s\nrelated:\n  - STD-001x\n  - STD-404\n---\n"
    _, report = run({S1: text + WHY})
    assert ("pmo.dangling-ref", S1, 9) in codes(report)


def test_dangling_body_link_has_line_and_column(run):
    body = WHY + "\nSee [[STD-404]] for more.\n"
    _, report = run({S1: fm() + body})
    (issue,) = report.issues
    assert issue.code is IssueCode.DANGLING_REF
    assert (issue.location.line, issue.location.col) == (13, 5)


def test_links_in_code_and_unknown_prefixes_are_text(run):
    body = (
        WHY
        + "\nInline `[[STD-404]]` code.\n\n```\n[[STD-405]]\n```\n\n~~~~\n[[STD-406]]\n~~~~\n\n"
        + "    [[STD-407]] indented code\n\nA list [[0, 1]] and [[Ownership Manifesto]] and [[XYZ-001]].\n"
    )
    corpus, report = run({S1: fm() + body})
    assert report.issues == []
    doc = corpus.get("STD-001")
    assert doc is not None and doc.body_links == ()


def test_body_link_forms(run):
    body = WHY + "\n[[STD-002]], [[STD-002|the other one]] and [[STD-002#why]].\n"
    corpus, report = run({S1: fm() + body, S2: fm(id="STD-002") + WHY})
    assert report.issues == []
    doc = corpus.get("STD-001")
    assert doc is not None
    assert [(link.target, link.text, link.anchor) for link in doc.body_links] == [
        ("STD-002", "", ""),
        ("STD-002", "the other one", ""),
        ("STD-002", "", "why"),
    ]
    assert [d.id for d in corpus.incoming("STD-002")["Referenced by"]] == ["STD-001"]


def test_self_reference(run):
    _, report = run({S1: fm(related="[STD-001]") + WHY + "\nSee [[STD-001]].\n"})
    assert [c for c, _, _ in codes(report)] == ["pmo.self-ref", "pmo.self-ref"]


def test_playbook_standards_must_be_standards(run):
    p2 = "playbooks/PB-002-y.md"
    _, report = run(
        {S1: fm() + WHY, P1: pb() + WHY, p2: pb(id="PB-002", standards="[PB-001]") + WHY}
    )
    assert ("pmo.target-kind", p2, 7) in codes(report)


def test_supersession_must_agree_both_ways(run):
    old = fm(status="superseded") + WHY  # no superseded_by
    new = fm(id="STD-002", supersedes="STD-001") + WHY
    _, report = run({S1: old, S2: new})
    found = codes(report)
    assert ("pmo.supersession", S1, 4) in found  # status superseded without successor
    assert ("pmo.supersession", S2, 7) in found  # STD-001 does not point back


def test_superseded_by_requires_superseded_status(run):
    old = fm(superseded_by="STD-002") + WHY
    new = fm(id="STD-002", supersedes="STD-001") + WHY
    _, report = run({S1: old, S2: new})
    assert ("pmo.supersession", S1, 4) in codes(report)
    assert ("pmo.supersession", S2, 7) in codes(report)  # STD-001 still active


def test_honest_supersession_is_clean(run):
    old = fm(status="superseded", superseded_by="STD-002") + WHY
    new = fm(id="STD-002", supersedes="[STD-001]") + WHY
    corpus, report = run({S1: old, S2: new})
    assert report.issues == []
    s1 = corpus.get("STD-001")
    assert s1 is not None
    assert [d.id for d in corpus.successors(s1)] == ["STD-002"]


def test_supersession_cycle_reported_once(run):
    a = fm(status="superseded", supersedes="STD-003", superseded_by="STD-002") + WHY
    b = fm(id="STD-002", status="superseded", supersedes="STD-001", superseded_by="STD-003") + WHY
    c = fm(id="STD-003", status="superseded", supersedes="STD-002", superseded_by="STD-001") + WHY
    _, report = run({S1: a, S2: b, S3: c})
    cycles = [i for i in report.issues if i.code is IssueCode.SUPERSESSION_CYCLE]
    assert len(cycles) == 1
    assert "STD-001 → STD-003 → STD-002 → STD-001" in cycles[0].message


def test_long_supersession_chain_does_not_recurse(run):
    n = 3000
    files = {}
    for i in range(1, n + 1):
        fields: dict[str, object] = {"id": f"STD-{i:04d}"}
        if i > 1:
            fields["supersedes"] = f"STD-{i - 1:04d}"
        if i < n:
            fields["status"] = "superseded"
            fields["superseded_by"] = f"STD-{i + 1:04d}"
        files[f"standards/STD-{i:04d}.md"] = fm(**fields) + WHY
    # close the loop: the first supersedes the last, making one 3,000-long cycle
    files["standards/STD-0001.md"] = (
        fm(id="STD-0001", status="superseded", superseded_by="STD-0002", supersedes="STD-3000")
        + WHY
    )
    files[f"standards/STD-{n:04d}.md"] = (
        fm(
            id=f"STD-{n:04d}",
            supersedes=f"STD-{n - 1:04d}",
            status="superseded",
            superseded_by="STD-0001",
        )
        + WHY
    )
    _, report = run(files)
    cycles = [i for i in report.issues if i.code is IssueCode.SUPERSESSION_CYCLE]
    assert len(cycles) == 1


def test_missing_and_empty_why(run):
    _, report = run(
        {S1: fm() + "\nNo rationale.\n", S2: fm(id="STD-002") + "\n## Why\n\n## Rules\n"}
    )
    assert ("pmo.missing-why", S1, 8) in codes(report)
    assert ("pmo.empty-why", S2, 9) in codes(report)


def test_why_heading_inside_code_does_not_count(run):
    _, report = run({S1: fm() + "\n```\n## Why\nnot really\n```\n"})
    assert [c for c, _, _ in codes(report)] == ["pmo.missing-why"]


def test_review_overdue_names_the_due_date(run):
    text = fm(last_reviewed="2025-05-31", review_cycle_months=6) + WHY
    _, report = run({S1: text})
    (issue,) = report.issues
    assert issue.code is IssueCode.REVIEW_OVERDUE
    assert issue.severity is Severity.WARNING
    assert issue.message == (
        "review overdue since 2025-11-30 (6 months after the last review, 2025-05-31); "
        "after the review, set last_reviewed to its date"
    )
    assert issue.location.line == 7


def test_review_overdue_never_fails_a_run_at_any_level(tmp_path):
    (tmp_path / "standards").mkdir()
    (tmp_path / S1).write_text(fm(effective="2020-01-01", review_cycle_months=12) + WHY)
    for level in (Severity.ERROR, Severity.WARNING):
        levels = {IssueCode.REVIEW_OVERDUE: level}
        _, report = check(Settings(root=tmp_path, today=TODAY, levels=levels))
        (issue,) = report.issues
        assert issue.severity is level  # shown at its configured level...
        assert "(12 months after the effective date, 2020-01-01)" in issue.message
        assert not report.failed(strict=True)  # ...and never counted
        assert not report.has_errors
        assert issue.build_log_severity is Severity.INFO


def test_build_log_severity_keeps_other_levels():
    where = SourceLocation("standards/x.md", 1, 1)
    for level in Severity:
        issue = Issue(IssueCode.DANGLING_REF, "m", where, level)
        assert issue.build_log_severity is level
    info = Issue(IssueCode.REVIEW_OVERDUE, "m", where, Severity.INFO)
    assert info.build_log_severity is Severity.INFO


def test_only_review_codes_are_date_driven():
    assert [c for c in IssueCode if c.date_driven] == [IssueCode.REVIEW_OVERDUE]
    assert [c for c in IssueCode if c.consequence] == [IssueCode.BROKEN_TARGET]


BROKEN_YAML = "---\nid: STD-019\ntitle: [oops\n---\n\n## Why\n\nx\n"


def test_references_to_an_unloadable_file_name_it_and_come_after_the_cause(run):
    linking = pb(related="[STD-019]") + WHY + "\nSee [[STD-019]].\n"
    _, report = run(
        {
            P1: linking,
            S1: fm() + WHY,
            "standards/STD-019-broken.md": BROKEN_YAML,
            "standards/STD-020-z.md": fm(id="STD-020", related="[STD-404]") + WHY,
        }
    )
    assert [(i.code.value, i.location.uri, i.location.line) for i in report.issues] == [
        ("pmo.yaml-syntax", "standards/STD-019-broken.md", 4),
        ("pmo.dangling-ref", "standards/STD-020-z.md", 7),
        ("pmo.broken-target", P1, 8),
        ("pmo.broken-target", P1, 15),
    ]
    relation, link = report.issues[2:]
    assert relation.message == (
        "related: STD-019 is defined in standards/STD-019-broken.md, which has errors (see above)"
    )
    assert link.message == (
        "link [[STD-019]]: STD-019 is defined in standards/STD-019-broken.md, which has errors "
        "(see above)"
    )
    assert relation.cause == link.cause == "standards/STD-019-broken.md"
    assert relation.severity is Severity.ERROR


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("standards/STD-019.md", "no front matter\n"),
        ("standards/STD-019-x.md", fm(id=None) + WHY),  # loads, but has no ID to go by
        ("standards/sub/STD-019-deep.md", b"---\nid: STD-019\ntitle: \xff\n---\n"),
    ],
)
def test_the_id_is_recovered_from_the_file_name(run, name, text):
    _, report = run({name: text, S1: fm(related="[STD-019]") + WHY})
    (broken,) = [i for i in report.issues if i.code is IssueCode.BROKEN_TARGET]
    assert broken.cause == name
    assert not [i for i in report.issues if i.code is IssueCode.DANGLING_REF]


@pytest.mark.parametrize(
    "name",
    ["playbooks/STD-019-wrong-folder.md", "standards/std-019-lower.md", "standards/STD-01-x.md"],
)
def test_no_id_is_recovered_from_a_name_of_another_kind_or_shape(run, name):
    _, report = run({name: "no front matter\n", S1: fm(related="[STD-019]") + WHY})
    assert ("pmo.dangling-ref", S1, 7) in codes(report)
    assert not [i for i in report.issues if i.code is IssueCode.BROKEN_TARGET]


def test_a_loaded_document_wins_over_a_broken_file_with_its_id(run):
    _, report = run(
        {
            "standards/STD-019-broken.md": BROKEN_YAML,
            "standards/STD-021-x.md": fm(id="STD-019") + WHY,
            S1: fm(related="[STD-019]") + WHY,
        }
    )
    assert [c for c, _, _ in codes(report)] == ["pmo.yaml-syntax"]


def test_broken_target_level_is_configurable(tmp_path):
    (tmp_path / "standards").mkdir()
    (tmp_path / "standards/STD-019-broken.md").write_text(BROKEN_YAML)
    (tmp_path / S1).write_text(fm(related="[STD-019]") + WHY)
    levels = {IssueCode.BROKEN_TARGET: Severity.WARNING}
    _, report = check(Settings(root=tmp_path, today=TODAY, levels=levels))
    assert [i.severity for i in report.issues] == [Severity.ERROR, Severity.WARNING]


def test_review_not_overdue_when_superseded_or_in_time(run):
    old = fm(status="retired", last_reviewed="2020-01-01", review_cycle_months=6) + WHY
    fresh = fm(id="STD-002", last_reviewed="2026-06-01", review_cycle_months=12) + WHY
    _, report = run({S1: old, S2: fresh})
    assert report.issues == []


def test_today_is_injectable(tmp_path):
    (tmp_path / "standards").mkdir()
    (tmp_path / S1).write_text(fm(last_reviewed="2026-01-01", review_cycle_months=12) + WHY)
    _, early = check(Settings(root=tmp_path, today=dt.date(2026, 12, 31)))
    _, late = check(Settings(root=tmp_path, today=dt.date(2027, 1, 2)))
    assert early.issues == []
    assert [i.code for i in late.issues] == [IssueCode.REVIEW_OVERDUE]


def test_levels_are_configurable(tmp_path):
    (tmp_path / "standards").mkdir()
    (tmp_path / S1).write_text(fm() + "\nNo why, [[STD-404]].\n")
    levels = {IssueCode.MISSING_WHY: Severity.IGNORE, IssueCode.DANGLING_REF: Severity.WARNING}
    _, report = check(Settings(root=tmp_path, today=TODAY, levels=levels))
    assert [(i.code, i.severity) for i in report.issues] == [
        (IssueCode.DANGLING_REF, Severity.WARNING)
    ]
    assert not report.failed()
    assert report.failed(strict=True)


def test_prose_about_scripts_and_data_is_not_flagged(run):
    body = WHY + "\nWe script the data: R&D owns the JavaScript style guide.\n"
    _, report = run({S1: fm() + body})
    assert not codes(report)


def test_issue_codes_are_unique_and_described():
    values = [c.value for c in IssueCode]
    assert len(values) == len(set(values))
    assert all(c.value.startswith("pmo.") and c.description for c in IssueCode)


@pytest.mark.parametrize(
    ("body", "line", "col", "named"),
    [
        (
            '<form action="https://evil.example/">\n<input type="password" name="p">\n</form>\n',
            9,
            1,
            "<form>",
        ),
        ('Text <link rel="stylesheet" href="//evil.example/x.css">\n', 9, 6, "<link>"),
        ("<img/onerror=alert(1) src=x>\n", 9, 6, "onerror"),
        ("[click](javascript:alert(1))\n", 9, 9, "javascript"),
    ],
)
def test_html_the_sanitiser_removes_is_an_error_at_its_place(run, body, line, col, named):
    _, report = run({S1: fm() + "\n" + body + WHY})
    found = [i for i in report.issues if i.code is IssueCode.UNSAFE_HTML]
    assert found, report.issues
    first = found[0]
    assert (first.location.uri, first.location.line, first.location.col) == (S1, line, col)
    assert named in first.message and first.severity is Severity.ERROR


def test_html_in_code_is_not_reported(run):
    body = "\n```html\n<script>alert(1)</script>\n```\n\n`<form>` as a code span.\n"
    _, report = run({S1: fm() + body + WHY})
    assert report.issues == []
