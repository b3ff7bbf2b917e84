"""Files → front matter and body, with source positions; every bad input becomes an `Issue`."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from mkdocs_pmo.core.fastyaml import parse_simple
from mkdocs_pmo.core.issues import Issue, IssueCode, SourceLocation

if TYPE_CHECKING:
    from collections.abc import Iterable

    from mkdocs_pmo.core.model import KindSpec

# libyaml parses ~5x faster; construction stays in Python either way.
if TYPE_CHECKING:
    _BaseLoader = yaml.SafeLoader
else:
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

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
#: U+202A-202E and U+2066-2069 in UTF-8. Their first two bytes alone are no test: an em dash
#: (U+2014) starts with them too, and the regex over the text costs 13 µs for a page of prose.
_UNSAFE_UTF8 = re.compile(rb"\xe2(?:\x80[\xaa-\xae]|\x81[\xa6-\xa9])")
_TIMESTAMP_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


class _FrontMatterLoader(_BaseLoader):
    """Safe loader for front matter, checking as it constructs (one pass over the nodes).

    It reports duplicate keys instead of keeping the last one, refuses aliases (so an
    "alias bomb" cannot expand) and every tag outside plain YAML types, and turns dates
    into ISO strings without failing on impossible ones.
    """

    duplicates: list[tuple[str, yaml.Node, yaml.Node]]

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:
            raise _AliasError(node)
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):  # pragma: no cover - the composer guarantees it
            raise yaml.constructor.ConstructorError(
                None, None, "expected a mapping", node.start_mark
            )
        mapping: dict[Any, Any] = {}
        first: dict[Any, yaml.Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _UnsafeTag(key_node, "merge keys (<<)")
            key = self.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be a plain value", key_node.start_mark
                ) from None
            if key in first:
                self.duplicates.append((str(key), first[key], key_node))
                continue
            first[key] = key_node
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


class _AliasError(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


class _UnsafeTag(Exception):
    def __init__(self, node: yaml.Node, what: str | None = None) -> None:
        self.node = node
        self.what = what or node.tag


def _refuse_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    raise _UnsafeTag(node)


def _refuse_unknown_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    raise _UnsafeTag(node)


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


for _tag in ("binary", "set", "omap", "pairs"):
    _FrontMatterLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse_tag)
_FrontMatterLoader.add_multi_constructor("", _refuse_unknown_tag)
_FrontMatterLoader.add_constructor(None, _refuse_tag)
_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


@dataclass
class ParsedFile:
    """A document file split into front matter (as data and node tree) and body."""

    uri: str
    meta: dict[str, Any] | None = None
    node: yaml.Node | None = None
    body: str = ""
    body_line: int = 1
    front_matter: str = ""
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
        pending = [kind.folder]
        while pending:
            rel_dir = pending.pop()
            try:
                with os.scandir(root / rel_dir) as listing:
                    entries = sorted(listing, key=lambda e: e.name)
            except OSError as exc:
                issues.append(
                    Issue(
                        IssueCode.UNREADABLE,
                        f"cannot read folder: {exc.strerror or exc}",
                        SourceLocation(rel_dir),
                    )
                )
                continue
            for entry in entries:
                uri = f"{rel_dir}/{entry.name}"
                if entry.is_symlink():
                    target = Path(entry.path).resolve()
                    if not target.is_relative_to(real_root) or not target.exists():
                        issues.append(
                            Issue(
                                IssueCode.SYMLINK_OUTSIDE,
                                "symbolic link points outside the repository (or nowhere); "
                                "it is not followed",
                                SourceLocation(uri, 1, 1)
                                if entry.name.endswith(".md")
                                else SourceLocation(uri),
                            )
                        )
                        continue
                    if target.is_dir():
                        continue  # folders inside the repository are reached directly
                if entry.is_dir(follow_symlinks=False):
                    pending.append(uri)
                elif entry.name.endswith(".md"):
                    found.append((uri, kind))
    found.sort(key=lambda item: item[0])
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
    too_large = False
    try:
        # Unbuffered, sized by `fstat`: `read(MAX_FILE_BYTES + 1)` would allocate the maximum
        # for every file (three times slower on small files).
        with open(os.path.join(root, uri), "rb", buffering=0) as handle:
            too_large = os.fstat(handle.fileno()).st_size > MAX_FILE_BYTES
            data = b"" if too_large else handle.read()
    except OSError as exc:
        parsed.problem(IssueCode.UNREADABLE, f"cannot read file: {exc.strerror or exc}")
        return parsed
    if too_large or len(data) > MAX_FILE_BYTES:
        parsed.problem(
            IssueCode.FILE_TOO_LARGE, f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB"
        )
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
    if not text or text.isspace():
        parsed.problem(IssueCode.EMPTY_FILE, "file is empty; a document needs front matter")
        return parsed
    # NUL, or U+202A-202E / U+2066-2069: tests on the bytes spare most files the regex over
    # their text.
    maybe_unsafe = b"\x00" in data or _UNSAFE_UTF8.search(data) is not None
    for match in UNSAFE_CHARS.finditer(text) if maybe_unsafe else ():
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
    first_end = text.find("\n")
    if text[: first_end if first_end != -1 else len(text)].rstrip() != "---":
        parsed.problem(
            IssueCode.NO_FRONT_MATTER,
            "no front matter: the first line must be `---`, followed by YAML fields "
            "(id, title, status, owner, summary) and a closing `---`",
        )
        return parsed
    start = first_end + 1 if first_end != -1 else len(text)
    close = _closing_line(text, start) if first_end != -1 else None
    if close is None:
        parsed.problem(
            IssueCode.UNTERMINATED_FRONT_MATTER,
            "front matter opened on line 1 is never closed: add a `---` line after the last field",
        )
        return parsed
    yaml_text = text[start : close[0]]
    parsed.front_matter = yaml_text
    parsed.body = text[close[1] + 1 :] if close[1] != -1 else ""
    parsed.body_line = text.count("\n", 0, close[0]) + 2
    if len(yaml_text) > MAX_FRONT_MATTER_CHARS:
        parsed.problem(
            IssueCode.FRONT_MATTER_TOO_LARGE,
            f"front matter is larger than {MAX_FRONT_MATTER_CHARS // 1024} KiB",
        )
        return parsed
    _parse_yaml(parsed, yaml_text)
    return parsed


def _closing_line(text: str, start: int) -> tuple[int, int] | None:
    """Where the front matter closes: the first line from `start` on that is `---` or `...`.

    Returns (start, end) of that line (trailing blanks allowed), `end` being the offset of its
    newline or -1 at the end of the text. Found by searching for the markers rather than by
    walking the front matter line by line.
    """
    pos = start
    dashes = text.find("---", pos)
    while True:
        if -1 < dashes < pos:  # passed over: the next one (a `-1` stays: there is none)
            dashes = text.find("---", pos)
        dots = text.find("...", pos, dashes if dashes != -1 else len(text))
        at = dots if dots != -1 else dashes
        if at == -1:
            return None
        end = text.find("\n", at)
        line_start = text.rfind("\n", 0, at) + 1
        if line_start == at and line_start >= start:
            line = text[at : end if end != -1 else len(text)]
            if line.rstrip() in ("---", "..."):
                return at, end
        pos = at + 1


def _mark(mark: yaml.Mark | None) -> tuple[int, int]:
    if mark is None:
        return FRONT_MATTER_FIRST_LINE, 1
    return mark.line + FRONT_MATTER_FIRST_LINE, mark.column + 1


def _parse_yaml(parsed: ParsedFile, yaml_text: str) -> None:
    simple = parse_simple(yaml_text)
    if simple is not None:
        parsed.meta = simple
        return
    loader = _FrontMatterLoader(yaml_text)
    loader.duplicates = []
    try:
        node = loader.get_single_node()
        if node is None:
            parsed.meta, parsed.node = {}, None
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
    except _AliasError as exc:
        line, col = _mark(exc.node.start_mark)
        parsed.problem(
            IssueCode.YAML_ALIAS,
            "YAML anchors and aliases (&name, *name) are not allowed in front matter; "
            "write the value out",
            line,
            col,
        )
        return
    except _UnsafeTag as exc:
        line, col = _mark(exc.node.start_mark)
        parsed.problem(
            IssueCode.YAML_UNSAFE_TAG,
            f"YAML tag {exc.what!r} is not allowed in front matter; nothing was constructed",
            line,
            col,
        )
        return
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
    for key, first, again in loader.duplicates:
        line, col = _mark(again.start_mark)
        parsed.problem(
            IssueCode.YAML_DUPLICATE_KEY,
            f"key {key!r} appears twice (first on line {_mark(first.start_mark)[0]}); remove one",
            line,
            col,
        )
    parsed.meta = {k if isinstance(k, str) else str(k): v for k, v in data.items()}
    parsed.node = node


def _yaml_problem(parsed: ParsedFile, exc: yaml.MarkedYAMLError, yaml_text: str) -> None:
    line, col = _mark(exc.problem_mark or exc.context_mark)
    problem = exc.problem or "invalid YAML"
    yaml_lines = yaml_text.split("\n")
    index = line - FRONT_MATTER_FIRST_LINE
    source_line = yaml_lines[index] if 0 <= index < len(yaml_lines) else ""
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
    context = ""
    if exc.context:
        context = f" ({exc.context}"
        if exc.context_mark is not None and exc.problem_mark is not None:
            context_line = _mark(exc.context_mark)[0]
            if context_line != line:
                context += f" that starts on line {context_line}"
        context += ")"
    parsed.problem(
        IssueCode.YAML_SYNTAX, f"front matter is not valid YAML: {problem}{context}", line, col
    )


def compose(yaml_text: str) -> yaml.Node | None:
    """The node tree of front matter already known to parse (used to locate problems)."""
    loader = _FrontMatterLoader(yaml_text)
    try:
        return loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


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
