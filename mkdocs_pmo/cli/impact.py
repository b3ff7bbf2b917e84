"""`pmo impact --base REF`: what this change does to the catalogue, for reviewers.

The working tree is compared, uncommitted changes included (the report says so), with the
catalogue at the merge base of REF and HEAD: the state this branch started from, so
commits that landed on the base branch since are not shown as reverted. Exit codes: 0 no
impact errors, 1 impact errors (e.g. text changed without a version bump), 2 usage errors.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs_pmo.cli.common import UsageError, add_config_option, load_cli_settings
from mkdocs_pmo.cli.impact_report import RENDERERS, ImpactContext
from mkdocs_pmo.core.impact import compare
from mkdocs_pmo.core.pipeline import Checker
from mkdocs_pmo.core.requirements import requirements_of_file
from mkdocs_pmo.git import repo as gitutil

if TYPE_CHECKING:
    import argparse

    from mkdocs_pmo.core.model import Corpus, Document


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "impact",
        help="report what a change does to the catalogue compared with a git ref",
        description="Compare the standards and playbooks in the working tree (uncommitted "
        "changes included) with those at the merge base of REF and HEAD. Reports documents "
        "added, removed, moved and renumbered, status and version changes, requirements "
        "added, removed, reworded, re-keyworded and re-scoped, changed parameters with the "
        "requirements using them, text changed without a version bump and requirement changes "
        "with too small a bump (errors), and the blast radius: the documents that implement "
        "or link to each changed one. Exit 0 when fine, 1 on impact errors, 2 on "
        "a usage error (not a git repository, unknown ref, shallow clone).",
    )
    parser.add_argument(
        "--base",
        required=True,
        metavar="REF",
        help="the git ref to compare with, e.g. main or origin/main",
    )
    parser.add_argument(
        "--format",
        "-o",
        dest="format",
        choices=sorted(RENDERERS),
        default="markdown",
        help="output format (default: markdown, for a PR comment or $GITHUB_STEP_SUMMARY)",
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    add_config_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    settings = load_cli_settings(args)
    root = settings.root.resolve()
    try:
        repo = gitutil.repo_root(root)
        head = gitutil.head_commit(repo)
        if head is None:
            raise UsageError(f"{repo}: the repository has no commits yet; nothing to compare")
        base = gitutil.resolve_commit(repo, args.base)
        compared = gitutil.merge_base(repo, base, head)
        notes: list[str] = []
        if compared is None:
            if gitutil.is_shallow(repo):
                raise UsageError(
                    f"cannot find where HEAD and {args.base} meet: {gitutil.SHALLOW_ADVICE}"
                )
            compared = base
            notes.append(f"HEAD and {args.base} share no history; compared with {args.base}.")
        prefix = gitutil.prefix_of(repo, root)
        folders = [_join(prefix, kind.folder) for kind in settings.kinds]
        if settings.parameters_file:
            # Parameters at the base too: changed values are listed with their users.
            folders.append(_join(prefix, settings.parameters_file))
        uncommitted = gitutil.dirty_paths(repo, folders)
        checker = Checker(settings)
        head_corpus, _ = checker.run()
        with tempfile.TemporaryDirectory(prefix="pmo-impact-") as tmp:
            gitutil.materialise(repo, compared, Path(tmp), folders)
            base_corpus = _corpus_at(checker, Path(tmp, prefix))
        earlier = _EarlierRequirements(repo, compared, prefix)
        report = compare(
            base_corpus,
            head_corpus,
            base_label=args.base,
            levels=settings.levels,
            earlier=earlier,
        )
    except gitutil.GitError as exc:
        raise UsageError(str(exc)) from None
    context = ImpactContext(
        base_ref=args.base,
        base_commit=base,
        compared_commit=compared,
        head_commit=head,
        uncommitted=tuple(_strip(prefix, p) for p in uncommitted),
        notes=tuple(notes),
    )
    sys.stdout.write(RENDERERS[args.format](report, context))
    # Problems also go to stderr, so they show in CI logs when stdout goes to a summary file.
    for issue in report.issues:
        sys.stderr.write(issue.format() + "\n")
    return 1 if report.failed(strict=args.strict) else 0


class _EarlierRequirements:
    """The requirements a document had before the base commit, read from its git history.

    Asked only for documents that gained a requirement number, to find numbers reused with
    other text; the latest version holding each number wins.
    """

    #: How far back a document's history is read.
    MAX_COMMITS = 200

    def __init__(self, repo: Path, commit: str, prefix: str) -> None:
        self.repo = repo
        self.commit = commit
        self.prefix = prefix

    def __call__(self, doc: Document) -> dict[int, tuple[str, str]]:
        path = _join(self.prefix, doc.uri)
        out = gitutil.run_git(
            ["log", f"--max-count={self.MAX_COMMITS}", "--format=%H", self.commit, "--", path],
            self.repo,
        )
        found: dict[int, tuple[str, str]] = {}
        for sha in out.decode("ascii", "replace").split()[1:]:  # the first is the base itself
            try:
                data = gitutil.run_git(["show", f"{sha}:{path}"], self.repo)
            except gitutil.GitError:
                continue  # not at that path in that commit
            for number, text in requirements_of_file(doc.uri, data).items():
                found.setdefault(number, (text, sha))
        return found


def _corpus_at(checker: Checker, root: Path) -> Corpus:
    """The catalogue under `root`, using the working tree's compiled schemas and kinds."""
    root.mkdir(parents=True, exist_ok=True)
    corpus, _ = checker.run(root)
    return corpus


def _join(prefix: str, folder: str) -> str:
    return f"{prefix}/{folder}" if prefix else folder


def _strip(prefix: str, path: str) -> str:
    return path[len(prefix) + 1 :] if prefix and path.startswith(prefix + "/") else path
