"""`pmo init`: both starters, committed to git, checked strict, built strict without a warning,
their workflows linted; refusals; an existing repository; the starter is the repository's
playbook, unchanged."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib
import yaml
from distribution import DEFAULT_SPEC, REPO, noisy_lines
from gitrepo import GIT_ENV, Repo, init_repo
from test_ci_files import actionlint

from mkdocs_pmo import REPOSITORY, __version__
from mkdocs_pmo.cli import starters
from mkdocs_pmo.cli.init import InitOptions, default_package, github_pages_url, scaffold
from mkdocs_pmo.cli.main import main

EXAMPLE_FILES = {
    ".github/CODEOWNERS",
    ".github/pull_request_template.md",
    ".github/workflows/pr.yml",
    ".github/workflows/publish.yml",
    ".gitignore",
    ".pre-commit-config.yaml",
    "README.md",
    "docs/index.md",
    "mkdocs.yml",
    "playbooks/PB-001-propose-a-change.md",
    "requirements.txt",
    "standards/STD-001-changing-a-standard.md",
}


def pmo(*args: str) -> tuple[int, str, str]:
    """`pmo ARGS` in this process; (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=False, env=_git_env()
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _git_env() -> dict[str, str]:
    return {**os.environ, **GIT_ENV}


def mkdocs_build(site: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` as a user runs it (a new process, the documented env switch)."""
    mkdocs = Path(sys.executable).with_name("mkdocs")
    return subprocess.run(
        [str(mkdocs), "build", "--strict"],
        cwd=site,
        env={**_git_env(), "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def committed(site: Path) -> Path:
    git(site, "init", "-q", "-b", "main")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "Start the PMO playbook")
    return site


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("init") / "our-pmo"
    code, out, err = pmo("init", str(site), "--repo-url", "https://github.com/Acme/pmo-site")
    assert code == 0, err
    assert "Wrote 12 files" in out
    return committed(site)


@pytest.fixture(scope="module")
def playbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("init") / "starter"
    code, _out, err = pmo("init", str(site), "--starter", "pmo-playbook", "--site-name", "Acme")
    assert code == 0, err
    return committed(site)


def test_example_writes_a_complete_site(example: Path) -> None:
    written = {p.relative_to(example).as_posix() for p in example.rglob("*") if p.is_file()}
    assert {rel for rel in written if not rel.startswith(".git/")} == EXAMPLE_FILES
    assert git(example, "status", "--porcelain") == ""  # all committed, nothing ignored by mistake


@pytest.mark.parametrize("which", ["example", "playbook"])
def test_scaffold_passes_pmo_check_strict(which: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(which)
    code, out, err = pmo("check", "--strict", "-f", str(site / "mkdocs.yml"))
    assert code == 0, out + err
    assert "0 errors, 0 warnings" in out


@pytest.mark.parametrize("which", ["example", "playbook"])
def test_scaffold_builds_strict_without_a_single_warning(
    which: str, request: pytest.FixtureRequest
) -> None:
    site: Path = request.getfixturevalue(which)
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert noisy_lines(result.stdout + result.stderr) == []
    assert (site / "site" / "index.html").is_file()
    assert (site / "site" / "catalogue" / "index.html").is_file()
    assert git(site, "status", "--porcelain") == ""  # .gitignore keeps the built site out


def test_example_pages_are_built_from_the_documents(example: Path) -> None:
    if not (example / "site" / "index.html").exists():
        assert mkdocs_build(example).returncode == 0
    home = (example / "site" / "index.html").read_text(encoding="utf-8")
    assert "STD-001" in home  # the documents_table macro ran
    assert "PB-001" in home
    page = example / "site" / "playbooks" / "PB-001-propose-a-change" / "index.html"
    assert "Changing a standard" in page.read_text(encoding="utf-8")  # [[STD-001]] resolved


@pytest.mark.parametrize("which", ["example", "playbook"])
def test_scaffold_workflows_pass_actionlint(which: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(which)
    workflows = sorted(str(p) for p in (site / ".github" / "workflows").glob("*.yml"))
    assert len(workflows) == 2
    result = subprocess.run(
        [actionlint(), "-color=false", *workflows],
        cwd=site,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def load_workflow(path: Path) -> dict[str, object]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as True
        data["on"] = data.pop(True)
    return data


def test_scaffold_workflows_install_the_pinned_release_without_a_pyproject(example: Path) -> None:
    assert not (example / "pyproject.toml").exists()
    assert (example / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == (
        DEFAULT_SPEC
    )
    for name in ("pr.yml", "publish.yml"):
        text = (example / ".github" / "workflows" / name).read_text(encoding="utf-8")
        assert (
            "cache-dependency-path" not in text
        )  # setup-python keys the cache on requirements.txt
        code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
        assert "pull_request_target" not in code
        assert "secrets." not in code
        workflow = load_workflow(example / ".github" / "workflows" / name)
        assert workflow["permissions"] == {"contents": "read"}
        assert workflow["env"] == {"NO_MKDOCS_2_WARNING": "1"}
        runs = [
            step.get("run", "")
            for job in workflow["jobs"].values()  # type: ignore[attr-defined]
            for step in job.get("steps", [])
        ]
        assert "python -m pip install -r requirements.txt" in runs
        assert "pmo check --format github" in runs
        assert "mkdocs build --strict" in runs
        assert not any("${{" in run for run in runs)


def test_publish_workflow_deploys_to_pages_with_least_privilege(example: Path) -> None:
    workflow = load_workflow(example / ".github" / "workflows" / "publish.yml")
    assert workflow["on"]["push"] == {"branches": ["main"]}  # type: ignore[index]
    jobs = workflow["jobs"]
    assert "permissions" not in jobs["build"]  # type: ignore[index]
    deploy = jobs["deploy"]  # type: ignore[index]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][-1]["uses"].startswith("actions/deploy-pages@")
    upload = jobs["build"]["steps"][-1]  # type: ignore[index]
    assert upload["uses"].startswith("actions/upload-pages-artifact@")
    assert upload["with"]["path"] == "site/"


def test_pre_commit_config_points_at_this_release(example: Path) -> None:
    pre_commit = Path(sys.executable).with_name("pre-commit")
    valid = subprocess.run(
        [str(pre_commit), "validate-config", ".pre-commit-config.yaml"],
        cwd=example,
        capture_output=True,
        text=True,
        check=False,
    )
    assert valid.returncode == 0, valid.stdout + valid.stderr
    config = yaml.safe_load((example / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    assert repo["repo"] == REPOSITORY
    assert repo["rev"] == f"v{__version__}"
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in repo["hooks"]] == [hooks[0]["id"]]


def test_codeowners_has_placeholder_owners_and_no_fixed_documents(example: Path) -> None:
    text = (example / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    rules = [line.split() for line in text.splitlines() if line.strip() and line[0] != "#"]
    for pattern, *owners in rules:
        assert owners, pattern
        assert all(re.fullmatch(r"@Acme/[\w-]+", owner) for owner in owners), (pattern, owners)
    assert rules[0][0] == "*"
    assert not re.search(r"^/standards/STD-\d+", text, re.MULTILINE)
    assert "PLACEHOLDERS" in text


def test_site_configuration_from_the_repository_url(example: Path) -> None:
    config = yaml.safe_load(
        re.sub(r"!!python/name:\S+", "x", (example / "mkdocs.yml").read_text(encoding="utf-8"))
    )
    assert config["site_name"] == "PMO Playbook"
    assert config["repo_url"] == "https://github.com/Acme/pmo-site"
    assert config["repo_name"] == "Acme/pmo-site"
    assert config["site_url"] == "https://acme.github.io/pmo-site/"
    assert config["edit_uri"] == "edit/main/"


def test_no_placeholder_is_left_in_any_written_template(example: Path, playbook: Path) -> None:
    copied = set(dict(starters.walk(REPO)))
    for site in (example, playbook):
        for path in site.rglob("*"):
            rel = path.relative_to(site).as_posix()
            if path.is_file() and rel.split("/")[0] not in (".git", "site") and rel not in copied:
                assert not re.search(rb"@@[a-z_]+@@", path.read_bytes()), rel


def test_the_starter_is_the_repository_playbook_unchanged(playbook: Path) -> None:
    selected = dict(starters.walk(REPO))
    documents = [rel for rel in selected if rel.startswith(("standards/", "playbooks/"))]
    assert len(documents) == len(
        list(REPO.glob("standards/*.md")) + list(REPO.glob("playbooks/*.md"))
    )
    for rel, entry in selected.items():
        if rel != "mkdocs.yml":
            assert (playbook / rel).read_bytes() == entry.read_bytes(), rel
    assert "docs/adopt.md" not in selected
    assert not any(rel.startswith("docs/assets/screenshots/") for rel in selected)
    config = (playbook / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_name: Acme\n" in config
    original = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    # Everything but the name, URL and repository lines is the repository's configuration.
    keep = re.compile(r"^(site_name|site_url|repo_url|repo_name):", re.MULTILINE)
    assert [line for line in config.splitlines() if not keep.match(line)] == [
        line for line in original.splitlines() if not keep.match(line)
    ]


def test_scaffold_takes_every_file_the_starter_selects() -> None:
    """`scaffold()` and the build hook (the wheel) use one selection: `starters.walk`."""
    options = InitOptions("X", "https://github.com/a/b", default_package(), dt.date(2026, 1, 1))
    files = scaffold("pmo-playbook", options)
    assert set(dict(starters.walk(REPO))) <= set(files)


def test_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("ours\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Ours\n", encoding="utf-8")
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    code, out, err = pmo("init", str(tmp_path))
    assert code == 2
    assert out == ""
    assert "2 of the files pmo init writes already exist; nothing was written" in err
    assert "\n  README.md" in err
    assert "\n  docs/index.md" in err
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == before
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "ours\n"


def test_a_second_init_is_refused(example: Path) -> None:
    code, _out, err = pmo("init", str(example))
    assert code == 2
    assert f"{len(EXAMPLE_FILES)} of the files pmo init writes already exist" in err


def test_works_in_an_existing_repository(tmp_path: Path) -> None:
    repo: Repo = init_repo(tmp_path / "pmo")
    repo.write({"LICENSE": "MIT\n"})
    repo.git("remote", "add", "origin", "git@github.com:acme/handbook.git")
    repo.commit("Licence")
    code, out, err = pmo("init", str(repo.root))
    assert code == 0, err
    assert "git init" not in out  # already a repository
    config = (repo.root / "mkdocs.yml").read_text(encoding="utf-8")
    assert "repo_url: https://github.com/acme/handbook\n" in config
    assert "site_url: https://acme.github.io/handbook/\n" in config
    repo.commit("Start the PMO playbook")
    assert repo.git("status", "--porcelain") == ""
    assert "mkdocs.yml" in repo.git("ls-files").split()
    result = mkdocs_build(repo.root)
    assert result.returncode == 0, result.stderr
    assert noisy_lines(result.stdout + result.stderr) == []


def test_refuses_a_subfolder_of_a_repository(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "mono")
    code, _out, err = pmo("init", str(repo.root / "pmo"))
    assert code == 2
    assert "inside the git repository" in err
    assert "GitHub reads .github/" in err
    assert not (repo.root / "pmo").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--site-name", "{{ 7*7 }}"], "--site-name contains template syntax"),
        (["--site-name", "  "], "--site-name is empty"),
        (["--repo-url", "not a url"], "expected the repository's web address"),
        (["--repo-url", "https://user:pw@github.com/a/b"], "no spaces or credentials"),
        (["--package", "x\x07y"], "--package contains control characters"),
        (["--starter", "nope"], "invalid choice: 'nope'"),
    ],
)
def test_bad_options_are_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    code, _out, err = pmo("init", str(tmp_path / "site"), *args)
    assert code == 2
    assert message in err
    assert not (tmp_path / "site").exists()


def test_a_file_as_the_target_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x").write_text("", encoding="utf-8")
    code, _out, err = pmo("init", str(tmp_path / "x"))
    assert code == 2
    assert "exists and is not a folder" in err


def test_package_option_and_site_name_are_written(tmp_path: Path) -> None:
    site = tmp_path / "s"
    code, _out, err = pmo(
        "init", str(site), "--package", "mkdocs-pmo==0.2.0", "--site-name", 'Risk: "PMO" # 1'
    )
    assert code == 0, err
    assert (site / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == (
        "mkdocs-pmo==0.2.0"
    )
    config = yaml.safe_load(
        re.sub(r"!!python/name:\S+", "x", (site / "mkdocs.yml").read_text(encoding="utf-8"))
    )
    assert config["site_name"] == 'Risk: "PMO" # 1'
    assert "# site_url" not in (site / "mkdocs.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("url", "pages"),
    [
        ("https://github.com/Acme/pmo", "https://acme.github.io/pmo/"),
        ("https://github.com/acme/acme.github.io", "https://acme.github.io/"),
        ("https://gitlab.com/acme/pmo", ""),
    ],
)
def test_github_pages_url(url: str, pages: str) -> None:
    assert github_pages_url(url) == pages


def test_default_package_is_this_release_from_its_tag() -> None:
    assert default_package() == DEFAULT_SPEC
    assert default_package() == f"mkdocs-pmo @ git+{REPOSITORY}@v{__version__}"
    urls = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]
    assert urls["Repository"] == REPOSITORY
