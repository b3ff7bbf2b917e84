"""The adoption guide is a test: its shell blocks run as written, in an empty folder.

`docs/adopt.md`'s ```bash blocks run in order in one bash process (so `cd` and `source` carry
over), in an empty temporary folder, with one substitution: the pinned release it installs
becomes a wheel built from this checkout (or `$PMO_WHEEL`, the wheel the release workflow is
about to publish). A block right after `<!-- guide-test: skip (reason) -->` is not run (a
server, a push to GitHub). Then the `pmo-playbook` starter is made with the same installed
wheel, committed, checked and built.

No `mkdocs_pmo` import here: the release workflow runs this module with pytest and PyYAML only.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
import yaml
from distribution import DEFAULT_SPEC, REPO, REPOSITORY, VERSION, clean_env, noisy_lines
from gitrepo import GIT_ENV

if TYPE_CHECKING:
    from pathlib import Path

GUIDE = REPO / "docs" / "adopt.md"
SKIP = "<!-- guide-test: skip"
GUIDE_TIMEOUT_S = 900


def shell_blocks(markdown: str) -> list[tuple[int, str, bool]]:
    """`(line, code, skipped)` of each ```bash block, in order."""
    blocks: list[tuple[int, str, bool]] = []
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].strip() == "```bash":
            start = i
            body: list[str] = []
            i += 1
            while lines[i].strip() != "```":
                body.append(lines[i])
                i += 1
            before = next((lines[j] for j in range(start - 1, -1, -1) if lines[j].strip()), "")
            blocks.append((start + 1, "\n".join(body), before.startswith(SKIP)))
        i += 1
    return blocks


@dataclass
class GuideRun:
    workdir: Path
    venv: Path
    site: Path
    output: str
    returncode: int


@pytest.fixture(scope="module")
def guide(
    tmp_path_factory: pytest.TempPathFactory, distributions: tuple[Path, Path | None]
) -> GuideRun:
    wheel, _sdist = distributions
    workdir = tmp_path_factory.mktemp("adopter")
    quoted_spec = f'"{DEFAULT_SPEC}"'
    script = ["set -euo pipefail"]
    for line, code, skipped in shell_blocks(GUIDE.read_text(encoding="utf-8")):
        if not skipped:
            script += [
                f"echo '>>> docs/adopt.md:{line}'",
                code.replace(quoted_spec, shlex.quote(str(wheel))),
            ]
    result = subprocess.run(
        ["bash", "-c", "\n".join(script)],
        cwd=workdir,
        env=clean_env(**GIT_ENV),
        capture_output=True,
        text=True,
        timeout=GUIDE_TIMEOUT_S,
        check=False,
    )
    return GuideRun(
        workdir=workdir,
        venv=workdir / ".venv",
        site=workdir / "our-pmo",
        output=result.stdout + result.stderr,
        returncode=result.returncode,
    )


def test_the_guide_installs_the_release_that_pmo_init_pins() -> None:
    blocks = [code for _line, code, skipped in shell_blocks(GUIDE.read_text(encoding="utf-8"))]
    install = [code for code in blocks if "pip install" in code and "mkdocs-pmo" in code]
    assert install, "the guide no longer installs mkdocs-pmo"
    assert f'"{DEFAULT_SPEC}"' in install[0]
    skipped = [
        code for _line, code, skip in shell_blocks(GUIDE.read_text(encoding="utf-8")) if skip
    ]
    assert any("mkdocs serve" in code for code in skipped)


def test_the_guide_runs_as_written(guide: GuideRun) -> None:
    assert guide.returncode == 0, guide.output[-6000:]
    for step in (
        "pmo init",
        "pmo check --strict",
        "mkdocs build --strict",
        "git commit",
        "pmo impact",
    ):
        assert any(
            step in code
            for _l, code, skip in shell_blocks(GUIDE.read_text(encoding="utf-8"))
            if not skip
        ), step
    assert f"pmo {VERSION}" in guide.output  # `pmo --version`
    assert "0 errors, 0 warnings" in guide.output


def test_the_guide_installs_the_wheel_not_the_checkout(guide: GuideRun) -> None:
    assert guide.returncode == 0, guide.output[-3000:]
    python = guide.venv / "bin" / "python"
    where = subprocess.run(
        [str(python), "-c", "import mkdocs_pmo; print(mkdocs_pmo.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        env=clean_env(),
        cwd=guide.workdir,
    ).stdout.strip()
    assert where.startswith(str(guide.venv)), where
    assert "site-packages" in where


def test_builds_in_the_guide_are_quiet(guide: GuideRun) -> None:
    """The guide's `export NO_MKDOCS_2_WARNING=1` and the plugin keep the build to 3 lines."""
    assert guide.returncode == 0, guide.output[-3000:]
    assert "end of life" not in guide.output
    assert "[macros]" not in guide.output
    assert not [line for line in guide.output.splitlines() if line.startswith("WARNING -")]
    build_lines = [line for line in guide.output.splitlines() if line.startswith("INFO    -")]
    assert build_lines, "no build output seen"
    assert noisy_lines("\n".join(build_lines)) == []


def test_the_scaffold_is_committed_and_pinned(guide: GuideRun) -> None:
    assert guide.returncode == 0, guide.output[-3000:]
    site = guide.site
    log = subprocess.run(
        ["git", "log", "--format=%s", "main"], cwd=site, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert log == ["Start the PMO playbook"]
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=site, capture_output=True, text=True, check=True
    ).stdout.split()
    for rel in (
        "mkdocs.yml",
        "docs/index.md",
        "requirements.txt",
        ".github/workflows/pr.yml",
        ".github/workflows/publish.yml",
        ".github/CODEOWNERS",
        ".pre-commit-config.yaml",
        ".gitignore",
        "README.md",
    ):
        assert rel in tracked, rel
    assert not any(rel.startswith("site/") for rel in tracked), "the built site was committed"
    requirements = (site / "requirements.txt").read_text(encoding="utf-8")
    assert DEFAULT_SPEC in requirements.splitlines()
    precommit = yaml.safe_load((site / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert precommit["repos"][0]["repo"] == REPOSITORY
    assert precommit["repos"][0]["rev"] == f"v{VERSION}"
    mkdocs_yml = (site / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_url: https://our-org.github.io/our-pmo/" in mkdocs_yml


def test_the_impact_step_reports_the_new_documents(guide: GuideRun) -> None:
    assert guide.returncode == 0, guide.output[-3000:]
    assert "## Catalogue impact" in guide.output
    impact = guide.output.split("## Catalogue impact", 1)[1]
    added = impact.split("### Added", 1)[1]
    assert "**STD-002** Risk appetite: standard, draft" in added
    assert "**PB-002** Assess a risk: playbook, draft" in added
    branch = subprocess.run(
        ["git", "log", "--format=%s", "-1", "risk-appetite"],
        cwd=guide.site,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert branch == "Add the risk appetite standard and its playbook"


STARTER_FOLDERS = ("standards", "playbooks", "schemas", "docs")
NOT_IN_STARTER = re.compile(
    r"^docs/(adopt\.md|overrides/partials/copyright\.html|assets/screenshots/)"
)


def repository_starter_files() -> dict[str, bytes]:
    """What "the whole playbook" means: the repository's documents, pages and schemas."""
    files: dict[str, bytes] = {}
    for folder in STARTER_FOLDERS:
        for path in sorted((REPO / folder).rglob("*")):
            rel = path.relative_to(REPO).as_posix()
            if path.is_file() and not NOT_IN_STARTER.match(rel):
                files[rel] = path.read_bytes()
    return files


def test_the_installed_wheel_makes_the_pmo_playbook_starter(guide: GuideRun) -> None:
    assert guide.returncode == 0, guide.output[-3000:]
    bin_dir = guide.venv / "bin"
    env = clean_env(**GIT_ENV, NO_MKDOCS_2_WARNING="1")
    target = guide.workdir / "starter"

    def run(*args: str, cwd: Path = target) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            list(args), cwd=cwd, env=env, capture_output=True, text=True, check=False
        )

    made = run(
        str(bin_dir / "pmo"), "init", "starter", "--starter", "pmo-playbook", cwd=guide.workdir
    )
    assert made.returncode == 0, made.stdout + made.stderr
    expected = repository_starter_files()
    for rel, data in expected.items():
        assert (target / rel).read_bytes() == data, rel
    written = {
        p.relative_to(target).as_posix()
        for folder in STARTER_FOLDERS
        for p in (target / folder).rglob("*")
        if p.is_file()
    }
    assert written == set(expected)
    assert not (target / "docs" / "adopt.md").exists()
    for step in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A"]):
        assert run(*step).returncode == 0
    assert run("git", "commit", "-q", "-m", "Start from the PMO playbook").returncode == 0
    check = run(str(bin_dir / "pmo"), "check", "--strict")
    assert check.returncode == 0, check.stdout + check.stderr
    documents = [rel for rel in expected if rel.startswith(("standards/", "playbooks/"))]
    assert f"in {len(documents)} documents" in check.stdout
    build = run(str(bin_dir / "mkdocs"), "build", "--strict")
    assert build.returncode == 0, build.stdout + build.stderr
    assert noisy_lines(build.stdout + build.stderr) == []
    first = next((REPO / "standards").glob("STD-001-*.md")).stem
    assert (target / "site" / "standards" / first / "index.html").is_file()
