"""Files → front matter and body, with source positions; every bad input becomes an `Issue`."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from mkdocs_pmo.core.issues import Issue, IssueCode, SourceLocation

if TYPE_CHECKING:
    from collections.abc import Iterable

    from mkdocs_pmo.core.model import KindSpec

try:  # libyaml parses ~5x faster; construction stays in Python either way.
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_FRONT_MATTER_CHARS = 64 * 1024
MAX_NAME_CHARS = 120
FRONT_MATTER_FIRST_LINE = 2  # the line after the opening `---`

_SAFE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)
#: NUL and the Unicode bidirectional controls used in "Trojan Source" attacks.
UNSAFE_CHARS = re.compile("[\x00\u202a-\u202e\u2066-\u2069]")
_TIMESTAMP_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


class _FrontMatterLoader(_BaseLoader):
    """Safe loader that never fails on an impossible date and turns dates into ISO strings."""


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    text = str(node.value)
    try:
        value = yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return text  # e.g. 2026-02-30; the schema's "date" format reports it
    if isinstance(value, dt.datetime):
        return text  # a date with a time is not a date; keep the author's text
    if isinstance(value, dt.date) and _TIMESTAMP_DATE.match(text):
        return value.isoformat()
    return text


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


@dataclass
class ParsedFile:
    """A document file split into front matter (as data and node tree) and body."""

    uri: str
    meta: dict[str, Any] | None = None
    node: yaml.Node | None = None
    body: str = ""
    body_line: int = 1
    issues: list[Issue] = field(default_factory=list)

    def problem(self, code: IssueCode, message: str, line: int = 1, col: int = 1) -> None:
        self.issues.append(Issue(code, message, SourceLocation(self.uri, line, col)))


def discover(
    root: Path, kinds: Iterable[KindSpec]
) -> tuple[list[tuple[str, KindSpec]], list[Issue]]:
    """Find every Markdown file in each kind's folder, never following links out of `root`."""
    found: list[tuple[str, KindSpec]] = []
    issues: list[Issue] = []
    real_root = root.resolve()
    for kind in kinds:
        folder = root / kind.folder
        if not folder.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
            dirnames.sort()
            for name in sorted(filenames):
                if not name.endswith(".md"):
                    continue
                path = Path(dirpath) / name
                uri = path.relative_to(root).as_posix()
                if path.is_symlink():
                    target = path.resolve()
                    if not target.is_relative_to(real_root) or not target.is_file():
                        issues.append(
                            Issue(
                                IssueCode.SYMLINK_OUTSIDE,
                                "symbolic link points outside the repository (or nowhere); "
                                "it is not followed",
                                SourceLocation(uri, 1, 1),
                            )
                        )
                        continue
                found.append((uri, kind))
            for d in list(dirnames):
                if (Path(dirpath) / d).is_symlink():
                    dirnames.remove(d)
                    issues.append(
                        Issue(
                            IssueCode.SYMLINK_OUTSIDE,
                            "symbolic link to a folder; it is not followed",
                            SourceLocation((Path(dirpath) / d).relative_to(root).as_posix()),
                        )
                    )
    return found, issues


def read_file(root: Path, uri: str) -> ParsedFile:
    """Read and split one file. Never raises for bad content."""
    parsed = ParsedFile(uri)
    name = uri.rsplit("/", 1)[-1]
    if len(name) > MAX_NAME_CHARS:
        parsed.problem(
            IssueCode.PATH_TOO_LONG,
            f"file name is {len(name)} characters long; keep it under {MAX_NAME_CHARS}",
        )
        return parsed
    try:
        path = root / uri
        if path.stat().st_size > MAX_FILE_BYTES:
            parsed.problem(
                IssueCode.FILE_TOO_LARGE,
                f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB",
            )
            return parsed
        data = path.read_bytes()
    except OSError as exc:
        parsed.problem(IssueCode.UNREADABLE, f"cannot read file: {exc.strerror or exc}")
        return parsed
    return split_document(uri, data, parsed)


def split_document(uri: str, data: bytes, parsed: ParsedFile | None = None) -> ParsedFile:
    """Decode `data`, split off the front matter and parse it with positions."""
    parsed = parsed or ParsedFile(uri)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        parsed.problem(
            IssueCode.ENCODING,
            f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8",
            line,
            col,
        )
        return parsed
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        parsed.problem(IssueCode.EMPTY_FILE, "file is empty; a document needs front matter")
        return parsed
    for match in UNSAFE_CHARS.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        parsed.problem(
            IssueCode.UNSAFE_CHARACTER,
            f"character U+{ord(match.group()):04X} is not allowed: it can hide what the "
            "text says; delete it",
            line,
            col,
        )
    if parsed.issues:
        return parsed
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        parsed.problem(
            IssueCode.NO_FRONT_MATTER,
            "no front matter: the first line must be `---`, followed by YAML fields "
            "(id, title, status, owner, summary) and a closing `---`",
        )
        return parsed
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        parsed.problem(
            IssueCode.UNTERMINATED_FRONT_MATTER,
            "front matter opened on line 1 is never closed: add a `---` line after the last field",
        )
        return parsed
    yaml_text = "\n".join(lines[1:end]) + "\n"
    parsed.body = "\n".join(lines[end + 1 :])
    parsed.body_line = end + 2
    if len(yaml_text) > MAX_FRONT_MATTER_CHARS:
        parsed.problem(
            IssueCode.FRONT_MATTER_TOO_LARGE,
            f"front matter is larger than {MAX_FRONT_MATTER_CHARS // 1024} KiB",
        )
        return parsed
    _parse_yaml(parsed, yaml_text)
    return parsed


def _mark(mark: yaml.Mark | None) -> tuple[int, int]:
    if mark is None:
        return FRONT_MATTER_FIRST_LINE, 1
    return mark.line + FRONT_MATTER_FIRST_LINE, mark.column + 1


def _parse_yaml(parsed: ParsedFile, yaml_text: str) -> None:
    loader = _FrontMatterLoader(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None:
            parsed.meta, parsed.node = {}, None
            return
        if not _check_nodes(parsed, node):
            return
        if not isinstance(node, yaml.MappingNode):
            what = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
            line, col = _mark(node.start_mark)
            parsed.problem(
                IssueCode.FRONT_MATTER_NOT_MAPPING,
                f"front matter is {what}; it must be `key: value` lines",
                line,
                col,
            )
            return
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        _yaml_problem(parsed, exc, yaml_text)
        return
    except yaml.YAMLError as exc:  # ReaderError and friends carry no mark
        position = getattr(exc, "position", None)
        line = yaml_text.count("\n", 0, position) + FRONT_MATTER_FIRST_LINE if position else 2
        parsed.problem(IssueCode.YAML_SYNTAX, f"front matter is not valid YAML: {exc}", line)
        return
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        parsed.problem(IssueCode.YAML_SYNTAX, f"front matter cannot be read: {exc}")
        return
    finally:
        loader.dispose()
    parsed.meta = {str(k) if not isinstance(k, str) else k: v for k, v in data.items()}
    parsed.node = node


def _yaml_problem(parsed: ParsedFile, exc: yaml.MarkedYAMLError, yaml_text: str) -> None:
    line, col = _mark(exc.problem_mark or exc.context_mark)
    problem = exc.problem or "invalid YAML"
    source_line = yaml_text.split("\n")[line - FRONT_MATTER_FIRST_LINE] if line >= 2 else ""
    if "\t" in problem or "'\\t'" in problem or source_line[:col].lstrip(" ").startswith("\t"):
        parsed.problem(
            IssueCode.YAML_TAB,
            "tab character in front matter: YAML indentation must use spaces",
            line,
            col,
        )
        return
    if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in problem:
        parsed.problem(IssueCode.YAML_UNSAFE_TAG, f"YAML tag not allowed: {problem}", line, col)
        return
    context = f" ({exc.context})" if exc.context else ""
    parsed.problem(
        IssueCode.YAML_SYNTAX, f"front matter is not valid YAML: {problem}{context}", line, col
    )


def _check_nodes(parsed: ParsedFile, root: yaml.Node) -> bool:
    """Reject aliases, unsafe tags and duplicate keys before anything is constructed.

    Each node is visited once (aliases are detected as already-seen nodes), so an
    "alias bomb" costs linear time.
    """
    ok = True
    seen: set[int] = set()
    stack: list[yaml.Node] = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            line, col = _mark(node.start_mark)
            parsed.problem(
                IssueCode.YAML_ALIAS,
                "YAML anchors and aliases (&name, *name) are not allowed in front matter; "
                "write the value out",
                line,
                col,
            )
            return False
        seen.add(id(node))
        if node.tag not in _SAFE_TAGS:
            line, col = _mark(node.start_mark)
            parsed.problem(
                IssueCode.YAML_UNSAFE_TAG,
                f"YAML tag {node.tag!r} is not allowed in front matter; nothing was constructed",
                line,
                col,
            )
            ok = False
            continue
        if isinstance(node, yaml.MappingNode):
            keys: dict[Any, yaml.Node] = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    if key_node.value in keys:
                        line, col = _mark(key_node.start_mark)
                        first, _ = _mark(keys[key_node.value].start_mark)
                        parsed.problem(
                            IssueCode.YAML_DUPLICATE_KEY,
                            f"key {key_node.value!r} appears twice (first on line {first}); "
                            "remove one",
                            line,
                            col,
                        )
                        ok = False
                    else:
                        keys[key_node.value] = key_node
                stack.extend((value_node, key_node))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return ok


def locate(
    node: yaml.Node | None, path: Iterable[str | int], *, key: bool = False
) -> tuple[int, int]:
    """Line and column in the file of the value at `path` (or of its key with `key=True`).

    Falls back to the deepest node found, then to the first front-matter line.
    """
    best = _mark(node.start_mark) if node is not None else (1, 1)
    current = node
    for step in path:
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                if str(key_node.value) == str(step):
                    best = _mark(key_node.start_mark)
                    current = value_node
                    break
            else:
                return best
        elif isinstance(current, yaml.SequenceNode) and isinstance(step, int):
            if 0 <= step < len(current.value):
                current = current.value[step]
            else:
                return best
        else:
            return best
    if key or current is None:
        return best
    return _mark(current.start_mark)


def scalar_source(node: yaml.Node | None, key: str) -> str | None:
    """The text of a top-level scalar as the author wrote it (e.g. `1.10`)."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key and isinstance(value_node, yaml.ScalarNode):
                return str(value_node.value)
    return None


def top_level_positions(node: yaml.Node | None) -> dict[str, tuple[int, int]]:
    """Positions of each top-level key and of each item of list values (`key[i]`)."""
    positions: dict[str, tuple[int, int]] = {}
    if not isinstance(node, yaml.MappingNode):
        return positions
    for key_node, value_node in node.value:
        name = str(key_node.value)
        positions[name] = _mark(key_node.start_mark)
        if isinstance(value_node, yaml.SequenceNode):
            for i, item in enumerate(value_node.value):
                positions[f"{name}[{i}]"] = _mark(item.start_mark)
        elif isinstance(value_node, yaml.ScalarNode):
            positions[f"{name}[0]"] = _mark(value_node.start_mark)
    return positions
