"""`pmo init DIR`: start a PMO site that an organisation can push the same day.

Two starters:

- `example` (the default): `mkdocs.yml`, a home page, one example standard and one playbook
  that implements it.
- `pmo-playbook`: this project's own playbook (its standards, playbooks, pages, theme
  overrides and schemas), copied as they are, IDs unchanged (`mkdocs_pmo.cli.starters`).

Both get the same repository files: the CI workflows (PR check, publish to GitHub Pages),
`requirements.txt` pinning the mkdocs-pmo release the workflows and people install,
`.pre-commit-config.yaml` at that release's tag, `.gitignore`, a CODEOWNERS template with
placeholder teams, a pull-request template and a README for the new repository.

`pmo init` never overwrites: if any file it would write exists, it writes nothing and exits 2
listing them. It does not run `git init` (the README it writes says how); inside an existing
repository it must be given the repository's top folder, because GitHub reads `.github/` and
pre-commit reads its configuration only there.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import yaml

from mkdocs_pmo import REPOSITORY, __version__
from mkdocs_pmo.cli import starters
from mkdocs_pmo.cli.common import UsageError
from mkdocs_pmo.cli.new import slugify
from mkdocs_pmo.git import repo as gitutil

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterator
    from importlib.resources.abc import Traversable

EXAMPLE = "example"
STARTERS = (EXAMPLE, starters.PLAYBOOK)
DEFAULT_SITE_NAME = "PMO Playbook"
PLACEHOLDER_ORG = "your-org"

#: `@@name@@` in a scaffold template; `$` and `{{ }}` are taken by shells, GitHub and Jinja.
_PLACEHOLDER = re.compile(r"@@([a-z_]+)@@")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_GITHUB = re.compile(r"^https://github\.com/(?P<org>[\w.-]+)/(?P<repo>[\w.-]+)$")
_SCP_LIKE = re.compile(r"^[\w.-]+@(?P<host>[\w.-]+):(?P<path>[\w./-]+?)(?:\.git)?/?$")


def default_package() -> str:
    """The requirement new sites pin: this release, installed from its git tag."""
    return f"mkdocs-pmo @ git+{REPOSITORY}@v{__version__}"


@dataclass(frozen=True)
class InitOptions:
    """What `pmo init` fills the templates with."""

    site_name: str
    repo_url: str
    package: str
    today: dt.date


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "init",
        help="start a new PMO site in a folder: configuration, documents, CI, README",
        description="Write a complete mkdocs-pmo site into DIR (created if missing): "
        "mkdocs.yml, docs/, standards/, playbooks/, GitHub workflows, requirements.txt "
        "pinning this mkdocs-pmo release, .pre-commit-config.yaml, .gitignore, CODEOWNERS "
        "and a README. Nothing is overwritten: if any of these files exists, nothing is "
        "written.",
    )
    parser.add_argument("dir", type=Path, metavar="DIR", help="the folder to write into")
    parser.add_argument(
        "--starter",
        choices=STARTERS,
        default=EXAMPLE,
        help="'example' (default): one example standard and playbook; 'pmo-playbook': "
        "the whole playbook mkdocs-pmo is developed with (its standards, playbooks and pages)",
    )
    parser.add_argument(
        "--site-name",
        default=DEFAULT_SITE_NAME,
        metavar="NAME",
        help=f"the site's title (default: {DEFAULT_SITE_NAME})",
    )
    parser.add_argument(
        "--repo-url",
        metavar="URL",
        help="the repository the site lives in, e.g. https://github.com/your-org/pmo-playbook "
        "(default: the git remote 'origin', else a placeholder)",
    )
    parser.add_argument(
        "--package",
        metavar="SPEC",
        default=None,
        help="what requirements.txt installs (default: "
        f"'{default_package()}'); e.g. a wheel's path or URL, or 'mkdocs-pmo==X.Y.Z' "
        "from an index",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    target: Path = args.dir
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target}: exists and is not a folder")
    in_repo = _check_repository(target)
    options = InitOptions(
        site_name=_site_name(args.site_name),
        repo_url=_repo_url(args.repo_url, target),
        package=_line("--package", args.package or default_package()),
        today=dt.date.today(),
    )
    try:
        files = scaffold(args.starter, options)
    except starters.StarterMissing as exc:
        raise UsageError(str(exc)) from None
    existing = [rel for rel in files if _taken(target, rel)]
    if existing:
        listed = "".join(f"\n  {rel}" for rel in existing)
        raise UsageError(
            f"{_display(target)}: {len(existing)} of the files pmo init writes already exist; "
            f"nothing was written (move them aside, or use an empty folder):{listed}"
        )
    write_files(target, files)
    _report(target, args.starter, files, in_repo=in_repo)
    return 0


def scaffold(starter: str, options: InitOptions) -> dict[str, bytes]:
    """Every file of a new site, `relative path -> content`, in writing order."""
    values = template_values(options)
    files: dict[str, bytes] = {}
    if starter == starters.PLAYBOOK:
        for rel, data in starters.playbook_files():
            if rel == "mkdocs.yml":
                data = adapt_playbook_config(data.decode("utf-8"), values).encode("utf-8")
            files[rel] = data
    else:
        files.update(_rendered(_scaffold_dir() / EXAMPLE, values))
    for rel, data in _rendered(_scaffold_dir() / "common", values).items():
        if rel in files:  # pragma: no cover - a packaging mistake, caught by the tests
            raise RuntimeError(f"{rel}: written by both the starter and the common files")
        files[rel] = data
    return files


def template_values(options: InitOptions) -> dict[str, str]:
    """The `@@name@@` values of the scaffold templates."""
    github = _GITHUB.match(options.repo_url)
    org = github.group("org") if github else PLACEHOLDER_ORG
    path = urlsplit(options.repo_url).path.strip("/")
    pages = github_pages_url(options.repo_url)
    return {
        "site_name": options.site_name,
        "site_name_yaml": yaml_scalar(options.site_name),
        "site_url_line": f"site_url: {pages}"
        if pages
        else "# site_url: https://pmo.example.org/  # set it: the feed and schemas link to it",
        "repo_url": options.repo_url,
        "repo_name": yaml_scalar(path),
        "team_prefix": f"@{org}",
        "package": options.package,
        "tool_repo": REPOSITORY,
        "tool_rev": f"v{__version__}",
        "version": __version__,
        "today": options.today.isoformat(),
    }


def github_pages_url(repo_url: str) -> str:
    """`https://github.com/Org/repo` → `https://org.github.io/repo/`; "" for other hosts."""
    match = _GITHUB.match(repo_url)
    if not match:
        return ""
    org, repo = match.group("org").lower(), match.group("repo")
    if repo.lower() == f"{org}.github.io":
        return f"https://{org}.github.io/"
    return f"https://{org}.github.io/{repo}/"


def render(template: str, values: dict[str, str]) -> str:
    """Fill `@@name@@` placeholders (an unknown name is a bug in the template: KeyError)."""
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def adapt_playbook_config(text: str, values: dict[str, str]) -> str:
    """This repository's `mkdocs.yml`, with the new site's name, URL and repository."""
    lines: list[str] = []
    for line in text.splitlines(keepends=True):
        key = line.split(":", 1)[0] if re.match(r"^[a-z_]+:", line) else ""
        if key == "site_url":
            continue
        if key == "site_name":
            lines.append(f"site_name: {values['site_name_yaml']}\n")
            lines.append(values["site_url_line"] + "\n")
        elif key == "repo_url":
            lines.append(f"repo_url: {values['repo_url']}\n")
        elif key == "repo_name":
            lines.append(f"repo_name: {values['repo_name']}\n")
        else:
            lines.append(line)
    return "".join(lines)


def write_files(target: Path, files: dict[str, bytes]) -> None:
    """Create each file (never replacing one); a failure is a usage error naming the file."""
    for rel, data in files.items():
        path = target / rel
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("xb") as handle:
                handle.write(data)
        except FileExistsError:
            raise UsageError(f"{_display(path)}: already exists; not overwritten") from None
        except OSError as exc:
            raise UsageError(f"{_display(path)}: cannot write: {exc.strerror or exc}") from None


def _scaffold_dir() -> Traversable:
    return resources.files("mkdocs_pmo").joinpath("cli", "scaffolds", "site")


def _rendered(folder: Traversable, values: dict[str, str]) -> dict[str, bytes]:
    """The templates under `folder`, rendered; `dot-x` names become `.x`."""
    return {
        rel: render(entry.read_text(encoding="utf-8"), values).encode("utf-8")
        for rel, entry in _templates(folder, "")
    }


def _templates(folder: Traversable, prefix: str) -> Iterator[tuple[str, Traversable]]:
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        name = entry.name
        if name == "__pycache__":
            continue
        if name.startswith("dot-"):
            name = "." + name.removeprefix("dot-")
        if entry.is_dir():
            yield from _templates(entry, f"{prefix}{name}/")
        else:
            yield f"{prefix}{name}", entry


def _check_repository(target: Path) -> bool:
    """Whether `target` is in a git repository; refuse a folder below the repository's top."""
    probe = target.resolve()
    while not probe.is_dir():
        probe = probe.parent
    try:
        top = gitutil.repo_root(probe)
    except gitutil.GitError:  # not in a repository, or git is missing: nothing to respect
        return False
    if top.resolve() != target.resolve():
        raise UsageError(
            f"{_display(target)} is inside the git repository {top} but not its top folder: "
            "GitHub reads .github/ and pre-commit reads .pre-commit-config.yaml only at the "
            f"top. Run pmo init {top} (or in a folder outside the repository)."
        )
    return True


def _taken(target: Path, rel: str) -> bool:
    """`rel` exists under `target`, or one of its parent folders is a file."""
    path = target / rel
    if path.exists() or path.is_symlink():
        return True
    return any(parent.exists() and not parent.is_dir() for parent in path.parents)


def _site_name(value: str) -> str:
    name = _line("--site-name", value)
    if len(name) > 100:
        raise UsageError(f"--site-name is {len(name)} characters long; keep it under 100")
    if any(mark in name for mark in ("{{", "{%", "{#")):
        raise UsageError("--site-name contains template syntax ({{, {% or {#)")
    return name


def _line(what: str, value: str) -> str:
    text = " ".join(value.split())
    if not text:
        raise UsageError(f"{what} is empty")
    if _CONTROL.search(value):
        raise UsageError(f"{what} contains control characters")
    return text


def _repo_url(value: str | None, target: Path) -> str:
    if value is None:
        value = _origin_url(target) or (
            f"https://github.com/{PLACEHOLDER_ORG}/{slugify(target.resolve().name) or 'pmo'}"
        )
    url = _line("--repo-url", value)
    scp = _SCP_LIKE.match(url)  # git@github.com:org/repo.git, as `git remote` shows it
    if scp:
        url = f"https://{scp.group('host')}/{scp.group('path')}"
    url = url.removesuffix("/").removesuffix(".git")
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc or not parts.path.strip("/"):
        raise UsageError(
            f"--repo-url {value!r}: expected the repository's web address, "
            "e.g. https://github.com/your-org/pmo-playbook"
        )
    if " " in url or "@" in parts.netloc:
        raise UsageError(f"--repo-url {value!r}: no spaces or credentials, please")
    return url


def _origin_url(target: Path) -> str | None:
    probe = target.resolve()
    while not probe.is_dir():
        probe = probe.parent
    try:
        out = gitutil.run_git(["remote", "get-url", "origin"], probe)
    except gitutil.GitError:
        return None
    return out.decode("utf-8", "replace").strip() or None


def _report(target: Path, starter: str, files: dict[str, bytes], *, in_repo: bool) -> None:
    counts: dict[str, int] = {}
    for rel in files:
        top = rel.split("/", 1)[0] + ("/" if "/" in rel else "")
        counts[top] = counts.get(top, 0) + 1
    shown = _display(target)
    out = sys.stdout
    out.write(
        f"Wrote {len(files)} files into {shown} (starter: {starter}; mkdocs-pmo {__version__}):\n"
    )
    for top, count in counts.items():
        out.write(
            f"  {top}"
            + (f" ({count} file{'s' * (count != 1)})" if top.endswith("/") else "")
            + "\n"
        )
    out.write("\nNext:\n")
    if shown != ".":
        out.write(f"  cd {shown}\n")
    out.write("  pmo check --strict && mkdocs build --strict\n")
    if not in_repo:
        out.write('  git init -b main && git add -A && git commit -m "Start the PMO playbook"\n')
    out.write("Then README.md: GitHub Pages, CODEOWNERS and branch protection.\n")


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def yaml_scalar(value: str) -> str:
    """`value` as a YAML scalar for `mkdocs.yml`: plain if it reads back unchanged, else quoted.

    A JSON string is a YAML double-quoted scalar.
    """
    try:
        plain_ok = yaml.safe_load(f"k: {value}\n") == {"k": value}
    except yaml.YAMLError:
        plain_ok = False
    if plain_ok and not value.startswith(("'", '"')) and "#" not in value:
        return value
    return json.dumps(value, ensure_ascii=False)
