"""Git through `subprocess`: repository root, refs, shallow clones, and files at a commit.

Every failure becomes a `GitError` whose message tells the user what to do; nothing here
prints or logs. Commands run with a fixed, quiet configuration so a user's aliases, pagers
or colour settings cannot change the output we parse.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

_GIT_CONFIG = ("-c", "core.quotepath=off", "-c", "color.ui=false", "-c", "log.showSignature=false")
_ENV = {"GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}


class GitError(Exception):
    """Git is missing, or a git command failed; the message is meant for the user."""


class NotAGitRepository(GitError):
    """The folder is not inside a git working tree."""


class UnknownRef(GitError):
    """A ref that does not name a commit here (possibly because the clone is shallow)."""


def run_git(args: Sequence[str], cwd: Path, *, input: bytes | None = None) -> bytes:
    """Run `git args` in `cwd` and return its stdout; raise `GitError` on failure."""
    env = {**os.environ, **_ENV}
    try:
        proc = subprocess.run(
            ["git", *_GIT_CONFIG, *args],
            cwd=cwd,
            input=input,
            capture_output=True,
            env=env,
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH)") from None
    except NotADirectoryError:
        raise GitError(f"{cwd}: not a folder") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip() or f"exit {proc.returncode}"
        raise GitError(f"git {' '.join(args[:2])}: {message}")
    return proc.stdout


def repo_root(path: Path) -> Path:
    """The top folder of the git working tree holding `path`."""
    try:
        out = run_git(["rev-parse", "--show-toplevel"], path)
    except GitError as exc:
        if "not a git repository" in str(exc).lower():
            raise NotAGitRepository(
                f"{path}: not a git repository (run this inside a clone of the repository)"
            ) from None
        raise
    return Path(out.decode("utf-8").strip())


def is_shallow(root: Path) -> bool:
    """True in a shallow clone (e.g. `actions/checkout` with its default `fetch-depth: 1`)."""
    return run_git(["rev-parse", "--is-shallow-repository"], root).strip() == b"true"


SHALLOW_ADVICE = (
    "this is a shallow clone, so older commits are missing: run `git fetch --unshallow` "
    "(in GitHub Actions, check out with `fetch-depth: 0`)"
)


def resolve_commit(root: Path, ref: str) -> str:
    """The full commit ID that `ref` names; `UnknownRef` with advice if there is none."""
    if not ref or ref.startswith("-"):
        raise UnknownRef(f"{ref!r} is not a valid git ref")
    try:
        out = run_git(
            ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], root
        )
    except GitError:
        hint = (
            f"; {SHALLOW_ADVICE}"
            if is_shallow(root)
            else " (check the spelling, or `git fetch` the branch first)"
        )
        raise UnknownRef(f"unknown git ref {ref!r}{hint}") from None
    return out.decode("ascii").strip()


def head_commit(root: Path) -> str | None:
    """The commit checked out, or None in a repository without commits."""
    try:
        return run_git(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], root).decode().strip()
    except GitError:
        return None


def merge_base(root: Path, a: str, b: str) -> str | None:
    """The best common ancestor of two commits, or None if they share no history here."""
    try:
        return run_git(["merge-base", a, b], root).decode("ascii").strip() or None
    except GitError:
        return None


def prefix_of(root: Path, path: Path) -> str:
    """`path` relative to the repository root, `/`-separated, `""` for the root itself."""
    rel = Path(os.path.realpath(path)).relative_to(os.path.realpath(root)).as_posix()
    return "" if rel == "." else rel


def dirty_paths(root: Path, pathspecs: Iterable[str] = ()) -> list[str]:
    """Paths with uncommitted changes (staged, unstaged or untracked), repository-relative."""
    out = run_git(
        ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *pathspecs], root
    )
    paths: list[str] = []
    records = out.split(b"\0")
    i = 0
    while i < len(records):
        record = records[i]
        i += 1
        if len(record) < 4:
            continue
        status, path = record[:2], record[3:].decode("utf-8", "replace")
        paths.append(path)
        if b"R" in status or b"C" in status:
            i += 1  # the next record is the rename's source
    return sorted(set(paths))


@dataclass(frozen=True)
class TreeEntry:
    mode: str
    sha: str
    path: str


def list_tree(root: Path, commit: str, paths: Iterable[str]) -> list[TreeEntry]:
    """Regular files at `commit` under `paths` (repository-relative folders or files)."""
    specs = [p for p in paths if p]
    out = run_git(["ls-tree", "-r", "-z", "--full-tree", commit, "--", *specs], root)
    entries: list[TreeEntry] = []
    for record in out.split(b"\0"):
        if not record:
            continue
        info, _, path = record.partition(b"\t")
        mode, kind, sha = info.decode("ascii").split(" ")
        # Symbolic links (120000) and submodules (160000) are never materialised.
        if kind == "blob" and mode in ("100644", "100755"):
            entries.append(TreeEntry(mode, sha, path.decode("utf-8", "replace")))
    return entries


def read_blobs(root: Path, shas_or_revpaths: Sequence[str]) -> Iterator[bytes | None]:
    """Contents of each object (a blob ID or `rev:path`), None for missing ones; one process."""
    if not shas_or_revpaths:
        return
    request = "".join(f"{s}\n" for s in shas_or_revpaths).encode("utf-8")
    out = run_git(["cat-file", "--batch"], root, input=request)
    pos = 0
    for _ in shas_or_revpaths:
        end = out.index(b"\n", pos)
        line = out[pos:end]
        pos = end + 1
        if line.endswith((b" missing", b" ambiguous")):
            yield None
            continue
        _sha, kind, size = line.rsplit(b" ", 2)
        content = out[pos : pos + int(size)]
        pos += int(size) + 1
        yield content if kind == b"blob" else None


def materialise(root: Path, commit: str, dest: Path, paths: Iterable[str]) -> int:
    """Write the regular files under `paths` at `commit` into `dest`; return how many.

    Uses `git ls-tree` and one `git cat-file --batch`, so no worktree or index is touched.
    Paths are checked to stay inside `dest`.
    """
    entries = list_tree(root, commit, paths)
    real_dest = Path(os.path.realpath(dest))
    count = 0
    for entry, data in zip(entries, read_blobs(root, [e.sha for e in entries]), strict=True):
        rel = PurePosixPath(entry.path)
        if data is None or rel.is_absolute() or ".." in rel.parts:
            continue
        target = real_dest.joinpath(*rel.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        count += 1
    return count


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str  # ISO 8601 committer date
    subject: str
    #: (status letter, repository-relative path after the change) for each file touched.
    files: tuple[tuple[str, str], ...]


def log_files(root: Path, pathspecs: Sequence[str]) -> list[Commit]:
    """Every commit touching `pathspecs`, newest first, with the files each one changed.

    One `git log` for all files; renames are detected so `R` entries give the new path.
    """
    out = run_git(
        [
            "log",
            "-z",
            "--format=%x1e%H%x1f%cI%x1f%s",
            "--name-status",
            "-M",
            "--no-merges",
            "--",
            *pathspecs,
        ],
        root,
    )
    commits: list[Commit] = []
    for chunk in out.decode("utf-8", "replace").split("\x1e"):
        header, _, rest = chunk.partition("\0")
        if not header.strip():
            continue
        sha, date, subject = ([*header.split("\x1f"), "", ""])[:3]
        fields = rest.lstrip("\n").split("\0")
        files: list[tuple[str, str]] = []
        i = 0
        while i < len(fields):
            status = fields[i].strip()
            i += 1
            if not status:
                continue
            # Renames and copies carry two paths: the source, then the destination.
            skip = 1 if status[0] in "RC" else 0
            if i + skip < len(fields):
                files.append((status[0], fields[i + skip]))
            i += 1 + skip
        commits.append(Commit(sha.strip(), date, subject, tuple(files)))
    return commits
