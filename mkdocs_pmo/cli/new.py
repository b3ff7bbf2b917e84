"""`pmo new KIND "Title"`: start a document from a template, with the next free ID.

The file is named after its ID and title (`standards/STD-018-risk-appetite.md`) and is
valid under `pmo check` as written: status `draft`, every required field, a `## Why`
section. The next ID is the highest ID of that kind found in the repository plus one,
keeping the zero-padding width. IDs are found in file names and `id:` lines (so a file
with broken front matter still counts), and, in a git repository, in the names of deleted
files: IDs are never reused.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import string
import sys
import unicodedata
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import frontmatter

from mkdocs_pmo.cli.common import UsageError, add_config_option, load_cli_settings
from mkdocs_pmo.core.frontmatter import FrontMatterError, NoFrontMatter, PmoYAMLHandler
from mkdocs_pmo.core.issues import Severity
from mkdocs_pmo.core.pipeline import check
from mkdocs_pmo.git import repo as gitutil

if TYPE_CHECKING:
    import argparse
    from collections.abc import Mapping, Sequence

    from mkdocs_pmo.core.model import KindSpec
    from mkdocs_pmo.core.pipeline import Settings

MAX_TITLE = 200
MAX_SLUG = 60
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "new",
        help="create a standard, playbook or custom-kind document from a template",
        description="Write a new draft document with the next free ID, named after its ID "
        "and title, with every required field and section. Prints its path. Kinds are the "
        "plugin's configured kinds (standard and playbook by default).",
    )
    parser.add_argument("kind", help="kind of document, e.g. standard or playbook")
    parser.add_argument("title", help="the document's title")
    parser.add_argument("--owner", default="PMO", help="accountable role or team (default: PMO)")
    parser.add_argument("--summary", help="one-sentence summary (default: a placeholder)")
    parser.add_argument(
        "--implements",
        action="append",
        default=[],
        metavar="ID",
        help="for playbooks: a standard this playbook implements (repeatable)",
    )
    parser.add_argument(
        "--template",
        type=Path,
        metavar="FILE",
        help="use this template instead of the built-in; it may use $id, $title, $owner, "
        "$summary and $today (write $$ for a dollar sign)",
    )
    add_config_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    settings = load_cli_settings(args)
    kind = _kind(settings, args.kind)
    title = _clean(args.title, "title", MAX_TITLE)
    owner = _clean(args.owner, "--owner", 120)
    summary = _clean(
        args.summary
        or f"Draft {kind.name.replace('_', ' ')}: replace this line with one sentence on what it "
        "requires or helps with.",
        "--summary",
        300,
    )
    root = settings.root
    doc_id = next_id(root, kind, settings.kinds)
    implements = _implements(settings, args.implements)
    slug = slugify(title)
    name = f"{doc_id}-{slug}.md" if slug else f"{doc_id}.md"
    path = root / kind.folder / name
    if path.exists():
        raise UsageError(f"{path}: already exists; not overwritten")
    today = (settings.today or dt.date.today()).isoformat()
    text = render_document(
        _template_text(kind, args.template),
        {
            "id": doc_id,
            "title": title,
            "owner": owner,
            "summary": summary,
            "today": today,
            "kind": kind.name,
        },
        standards=implements,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise UsageError(f"{path}: already exists; not overwritten") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot write: {exc.strerror or exc}") from None
    sys.stdout.write(_display(path) + "\n")
    # Prove the promise "valid as written" (a custom schema may require more fields).
    uri = path.relative_to(root).as_posix()
    _corpus, report = check(settings)
    problems = [
        i for i in report.issues if i.location.uri == uri and i.severity is not Severity.INFO
    ]
    for issue in problems:
        sys.stderr.write(issue.format() + "\n")
    return 1 if any(i.severity is Severity.ERROR for i in problems) else 0


def _kind(settings: Settings, name: str) -> KindSpec:
    for kind in settings.kinds:
        if kind.name == name:
            return kind
    known = ", ".join(k.name for k in settings.kinds)
    raise UsageError(f"unknown kind {name!r}; the configured kinds are: {known}")


def _clean(value: str, what: str, limit: int) -> str:
    text = " ".join(value.split())
    if not text:
        name = what.lstrip("-")
        article = "an" if name[:1] in "aeiou" else "a"
        raise UsageError(f"{what} is empty; give the document {article} {name}")
    if _CONTROL.search(value.replace("\n", " ").replace("\t", " ")):
        raise UsageError(f"{what} contains control characters")
    if len(text) > limit:
        raise UsageError(f"{what} is {len(text)} characters long; keep it under {limit}")
    return text


def _implements(settings: Settings, ids: list[str]) -> list[str]:
    if not ids:
        return []
    corpus, _ = check(settings)
    result: list[str] = []
    for raw in ids:
        doc_id = raw.strip().upper()
        doc = corpus.get(doc_id)
        if doc is None or doc.kind != "standard":
            raise UsageError(f"--implements {raw}: no standard has this ID")
        if doc_id not in result:
            result.append(doc_id)
    return result


def slugify(title: str) -> str:
    """`Risk appetite & tolerance` → `risk-appetite-tolerance` (ASCII, at most 60 chars)."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0] if "-" in slug[:MAX_SLUG] else slug[:MAX_SLUG]
    return slug


def next_id(root: Path, kind: KindSpec, kinds: tuple[KindSpec, ...]) -> str:
    """The next free ID of `kind`: highest number in use (or ever used) plus one."""
    pattern = re.compile(rf"\b{re.escape(kind.prefix)}-(\d{{3,}})\b")
    id_line = re.compile(
        rf"^id:\s*[\"']?{re.escape(kind.prefix)}-(\d{{3,}})[\"']?\s*$", re.MULTILINE
    )
    numbers: list[str] = []
    for folder in {k.folder for k in kinds}:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*.md")):
            if not path.is_file():
                continue
            numbers += pattern.findall(path.name)
            try:
                head = path.read_text(encoding="utf-8-sig", errors="replace")[:4096]
            except OSError:
                continue
            numbers += id_line.findall(head)
    numbers += _deleted_ids(root, kind, kinds, pattern)
    width = max((len(n) for n in numbers), default=3)
    highest = max((int(n) for n in numbers), default=0)
    return f"{kind.prefix}-{highest + 1:0{width}d}"


def _deleted_ids(
    root: Path, kind: KindSpec, kinds: tuple[KindSpec, ...], pattern: re.Pattern[str]
) -> list[str]:
    """ID numbers in the names of files deleted from the kinds' folders (git only)."""
    try:
        repo = gitutil.repo_root(root)
        prefix = gitutil.prefix_of(repo, root)
        folders = [f"{prefix}/{k.folder}" if prefix else k.folder for k in kinds]
        out = gitutil.run_git(
            ["log", "--all", "--diff-filter=D", "--name-only", "--format=", "--", *folders], repo
        )
    except (gitutil.GitError, ValueError):
        return []
    return pattern.findall(out.decode("utf-8", "replace"))


def _template_text(kind: KindSpec, override: Path | None) -> str:
    if override is not None:
        try:
            return override.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"{override}: cannot read template: {exc}") from None
    folder = resources.files("mkdocs_pmo") / "cli" / "scaffolds"
    for name in (f"{kind.name}.md", "document.md"):
        candidate = folder / name
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    raise UsageError("the built-in templates are missing from the installation")  # pragma: no cover


def render_template(template: str, values: Mapping[str, str]) -> str:
    """Fill `$name` placeholders; values are inserted verbatim and never expanded again."""
    return string.Template(template).safe_substitute(values)


def render_document(
    template: str, values: Mapping[str, str], *, standards: Sequence[str] = ()
) -> str:
    """The new document: `template` with its `$name` placeholders filled in.

    The front matter is read and written through python-frontmatter with the checker's
    handler: placeholders are filled in the values (so a title is data, quoted on output only
    if YAML needs it), `standards` is set when given (after `version` if the template has no
    such field), and the template's field order and full-line comments are kept.

    Raises:
        UsageError: the template has no front matter, or front matter the checker refuses.
    """
    handler = PmoYAMLHandler("template")
    # A `$standards` opening a line stood for a whole `standards:` line in templates filled in
    # as text; the field is set as data now, so the placeholder is dropped.
    template = re.sub(r"(?m)^\$standards", "", template)
    try:
        parts = handler.split_parts(template)
        post = frontmatter.loads(template, handler=handler)
    except NoFrontMatter:
        raise UsageError("the template has no front matter: its first line must be `---`") from None
    except FrontMatterError as exc:
        problems = "; ".join(f"line {i.location.line}: {i.message}" for i in exc.issues)
        raise UsageError(f"the template's front matter cannot be used: {problems}") from None
    fields: dict[str, object] = {}
    for key, value in post.metadata.items():
        fields[key] = _fill(value, values)
        if key == "version" and standards and "standards" not in post.metadata:
            fields["standards"] = list(standards)
    if standards:
        fields["standards"] = list(standards)
    post.metadata = fields
    post.content = render_template(post.content, values)
    comments = _comments(parts.yaml_text)
    return frontmatter.dumps(post, handler=handler, comments=comments) + "\n"


def _fill(value: object, values: Mapping[str, str]) -> object:
    """`value` with the placeholders in its strings (and its list's strings) filled in."""
    if isinstance(value, str):
        return render_template(value, values)
    if isinstance(value, list):
        return [_fill(item, values) for item in value]
    return value


def _comments(yaml_text: str) -> dict[str, list[str]]:
    """Full-line comments of front matter, by the field they stand above (`""`: at the end)."""
    found: dict[str, list[str]] = {}
    pending: list[str] = []
    for line in yaml_text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("#"):
            pending.append(stripped)
        elif stripped and line[0] not in " -" and ":" in line:
            key = line.split(":", 1)[0].strip().strip("'\"")
            if pending:
                found[key] = pending
                pending = []
    if pending:
        found[""] = pending
    return found


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
