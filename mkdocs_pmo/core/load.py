"""Files → front matter and body, with source positions; every bad input becomes an `Issue`."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from mkdocs_pmo.core.frontmatter import (
    FrontMatterError,
    FrontMatterLoader,
    NoFrontMatter,
    PmoYAMLHandler,
    file_position,
)
from mkdocs_pmo.core.issues import Issue, IssueCode, SourceLocation

if TYPE_CHECKING:
    from collections.abc import Iterable

    from mkdocs_pmo.core.model import KindSpec

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_FRONT_MATTER_CHARS = 64 * 1024
MAX_NAME_CHARS = 120

#: NUL and the Unicode bidirectional controls used in "Trojan Source" attacks.
UNSAFE_CHARS = re.compile("[\x00\u202a-\u202e\u2066-\u2069]")
#: U+202A-202E and U+2066-2069 in UTF-8, searched in the bytes first so that ordinary prose
#: skips the text regex. Their first two bytes alone are no test: an em dash starts with them.
_UNSAFE_UTF8 = re.compile(rb"\xe2(?:\x80[\xaa-\xae]|\x81[\xa6-\xa9])")


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
) -> tuple[list[tuple[str, KindSpec]], list[str], list[Issue]]:
    """Find every Markdown file in each kind's folder, never following links out of `root`.

    Also returns the folders' other files (images...; not hidden ones), which the site
    publishes too.
    """
    found: list[tuple[str, KindSpec]] = []
    others: list[str] = []
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
                elif "/." not in uri:
                    others.append(uri)
    found.sort(key=lambda item: item[0])
    return found, others, issues


def read_data(root: Path, uri: str) -> tuple[bytes | None, ParsedFile]:
    """One file's bytes, or None and a `ParsedFile` saying why it cannot be read."""
    parsed = ParsedFile(uri)
    name = uri.rsplit("/", 1)[-1]
    if len(name) > MAX_NAME_CHARS:
        parsed.problem(
            IssueCode.PATH_TOO_LONG,
            f"file name is {len(name)} characters long; keep it under {MAX_NAME_CHARS}",
        )
        return None, parsed
    too_large = False
    try:
        # Unbuffered, sized by `fstat`: `read(MAX_FILE_BYTES + 1)` would allocate the maximum
        # for every file (three times slower on small files).
        with open(os.path.join(root, uri), "rb", buffering=0) as handle:
            too_large = os.fstat(handle.fileno()).st_size > MAX_FILE_BYTES
            data = b"" if too_large else handle.read()
    except OSError as exc:
        parsed.problem(IssueCode.UNREADABLE, f"cannot read file: {exc.strerror or exc}")
        return None, parsed
    if too_large or len(data) > MAX_FILE_BYTES:
        parsed.problem(
            IssueCode.FILE_TOO_LARGE, f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB"
        )
        return None, parsed
    return data, parsed


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
    handler = PmoYAMLHandler(uri)
    try:
        parts = handler.split_parts(text)
    except NoFrontMatter:
        parsed.problem(
            IssueCode.NO_FRONT_MATTER,
            "no front matter: the first line must be `---`, followed by YAML fields "
            "(id, title, status, owner, summary) and a closing `---`",
        )
        return parsed
    except FrontMatterError as exc:
        parsed.issues.extend(exc.issues)
        return parsed
    parsed.front_matter = parts.yaml_text
    parsed.body = parts.body
    parsed.body_line = parts.body_line
    if len(parts.yaml_text) > MAX_FRONT_MATTER_CHARS:
        parsed.problem(
            IssueCode.FRONT_MATTER_TOO_LARGE,
            f"front matter is larger than {MAX_FRONT_MATTER_CHARS // 1024} KiB",
        )
        return parsed
    loaded = handler.parse(parts.yaml_text)
    parsed.meta, parsed.node = loaded.meta, loaded.node
    parsed.issues.extend(loaded.issues)
    return parsed


def compose(yaml_text: str) -> yaml.Node | None:
    """The node tree of front matter already known to parse (used to locate problems)."""
    loader = FrontMatterLoader(yaml_text)
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
    best = file_position(node.start_mark) if node is not None else (1, 1)
    current = node
    for step in path:
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                if str(key_node.value) == str(step):
                    best = file_position(key_node.start_mark)
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
    return file_position(current.start_mark)


def scalar_source(node: yaml.Node | None, path: str | tuple[Any, ...]) -> str | None:
    """The text of a scalar as the author wrote it (`1.10`, `on`); None if there is none.

    `path`: a top-level key, or keys and list indexes (`("tags", 0)`).
    """
    for step in (path,) if isinstance(path, str) else path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == str(step)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            node = node.value[step] if 0 <= step < len(node.value) else None
        else:
            return None
    return str(node.value) if isinstance(node, yaml.ScalarNode) else None
