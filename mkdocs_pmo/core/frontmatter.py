"""The front-matter layer: a python-frontmatter handler that reads front matter as the checker does.

`PmoYAMLHandler` is the one place that splits a document into front matter and body and turns
the front matter into data. The checker (`core.load.split_document`) calls its `split_parts`
and `parse`; anyone else can use python-frontmatter with it and get the same answer::

    post = frontmatter.load(path, handler=PmoYAMLHandler("standards/STD-001-x.md"))

Rules (the content contract):

- The front matter opens with `---` on line 1 (after a BOM, if any) and closes at the first
  later line that is `---` or `...` (trailing blanks allowed). CRLF and CR count as newlines.
- The YAML is read with `FrontMatterLoader`: duplicate keys, aliases, anchors, merge keys and
  tags other than YAML's plain types are refused (nothing is constructed for a tag), dates
  become ISO strings, impossible dates and date-times keep the author's text, and a key YAML
  reads as another type (`on:` is a boolean) is named as written.
- Plain front matter takes the fast path (`core.fastyaml`), which answers exactly as the
  loader does or not at all.

Problems are `Issue`s located by file line and column. Through python-frontmatter they are
raised as `FrontMatterError`, which carries them; `parse` returns them as values.

Line numbers through python-frontmatter: its `parse` strips whitespace from both ends of the
text before the handler sees it. A document whose first line is `---` loses nothing before
its front matter, so lines are file lines. A text with blank lines or spaces before its first
`---` has no front matter for the checker (`pmo.no-front-matter`); python-frontmatter hands
the handler the text from that `---` on, so its lines then count from there. Only the
checker's entry point, which sees the whole file, can tell.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, cast

import yaml
from frontmatter.default_handlers import BaseHandler

from mkdocs_pmo.core.fastyaml import FastYAML
from mkdocs_pmo.core.issues import Issue, IssueCode, SourceLocation

# `core.yaml_errors` (wording problems and quoting) is imported where it is used: valid front
# matter never needs it, and its patterns cost more to compile than a document to check.

if TYPE_CHECKING:
    from collections.abc import Sequence

#: The file line of the front matter's first line (the one after the opening `---`).
FRONT_MATTER_FIRST_LINE = 2

# libyaml parses ~5x faster; construction stays in Python either way.
if TYPE_CHECKING:
    _BaseLoader = yaml.SafeLoader
else:
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TIMESTAMP_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


class FrontMatterLoader(_BaseLoader):
    """Safe loader for front matter, checking as it constructs (one pass over the nodes).

    It reports duplicate keys instead of keeping the last one, refuses aliases (so an
    "alias bomb" cannot expand) and every tag outside plain YAML types, and turns dates
    into ISO strings without failing on impossible ones.
    """

    duplicates: list[tuple[str, yaml.Node, yaml.Node]]
    #: Keys YAML reads as another type (`on:` is true, `1:` a number, `~:` null), each with
    #: what YAML made of it; they are kept under the text as written, so data only ever has
    #: string keys (the schema validator refuses any other).
    odd_keys: list[tuple[yaml.Node, Any]]

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
        named: dict[str, yaml.Node] = {}
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
            # Keys that read the same (`on`, `On`) or are written the same (`on`, `"on"`).
            name = key if isinstance(key, str) else str(key_node.value)
            again = first.get(key, named.get(name))
            if again is not None:
                self.duplicates.append((str(key), again, key_node))
                continue
            first[key] = named[name] = key_node
            if not isinstance(key, str):
                getattr(self, "odd_keys", []).append((key_node, key))
            mapping[name] = self.construct_object(value_node, deep=deep)
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
    FrontMatterLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse_tag)
FrontMatterLoader.add_multi_constructor("", _refuse_unknown_tag)
FrontMatterLoader.add_constructor(None, _refuse_tag)
FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)

_FAST = FastYAML(FrontMatterLoader)


class NoFrontMatter(ValueError):
    """The text does not open with a `---` line.

    A `ValueError`, which python-frontmatter takes to mean "no front matter": its `loads`
    then returns the whole text as content.
    """


class FrontMatterError(Exception):
    """Front matter the checker refuses; `issues` says where and why.

    Not a `ValueError`: python-frontmatter would take that for "no front matter" and return
    the text as content.
    """

    def __init__(self, issues: Sequence[Issue]) -> None:
        self.issues = tuple(issues)
        super().__init__("\n".join(issue.format() for issue in self.issues))


class Split(NamedTuple):
    """A document split at its front matter."""

    yaml_text: str
    """The front matter, from the line after the opening `---` to the closing line."""
    body: str
    """Everything after the closing line."""
    body_line: int
    """The file line the body starts on."""


@dataclass
class Loaded:
    """Front matter as data, its node tree (full path only) and the problems found."""

    meta: dict[str, Any] | None = None
    node: yaml.Node | None = None
    issues: list[Issue] = field(default_factory=list)


def closing_line(text: str, start: int) -> tuple[int, int] | None:
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


class PmoYAMLHandler(BaseHandler):
    """python-frontmatter handler with the checker's split, loader, positions and dates.

    Args:
        uri: The document's path as issues should name it.
    """

    # `BaseHandler` requires a boundary pattern; `split` and `detect` follow the checker instead.
    FM_BOUNDARY = re.compile(r"^---[ \t]*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "---"

    def __init__(self, uri: str = "<text>") -> None:
        super().__init__()
        self.uri = uri

    # python-frontmatter's interface

    def detect(self, text: str) -> bool:
        """True if `text` opens with front matter (python-frontmatter's format detection)."""
        text = text.removeprefix("\ufeff")
        end = text.find("\n")
        return text[: end if end != -1 else len(text)].rstrip() == "---"

    def split(self, text: str) -> tuple[str, str]:
        """Front matter and body.

        Raises:
            NoFrontMatter: the first line is not `---` (python-frontmatter then keeps the text
                as content).
            FrontMatterError: the front matter is never closed.
        """
        parts = self.split_parts(text)
        return parts.yaml_text, parts.body

    def load(self, fm: str) -> dict[str, Any]:
        """The front matter returned by `split` as data.

        Raises:
            FrontMatterError: with every problem found, located by file line.
        """
        loaded = self.parse(fm)
        if loaded.issues or loaded.meta is None:
            raise FrontMatterError(loaded.issues)
        return loaded.meta

    def export(self, metadata: dict[str, object], **kwargs: object) -> str:
        """Front matter as YAML: one line per field, in order, quoted only where needed.

        A string is written plain when this handler reads the plain text back as the same
        string (`version: "0.1"` stays quoted: plain `0.1` is a number); otherwise it is
        double-quoted. Lists of scalars are written in flow style (`[a, b]`).

        Args:
            metadata: The fields.
            **kwargs: `comments`, an optional mapping of a field name to full-line comments
                (`# tags: []`) written above it; `""` for comments after the last field.
        """
        comments = cast("Mapping[str, Sequence[str]]", kwargs.pop("comments", None) or {})
        if kwargs or not isinstance(comments, Mapping):
            raise TypeError(f"unexpected export options: {sorted(kwargs) or 'comments'}")
        lines: list[str] = []
        for key, value in metadata.items():
            lines.extend(comments.get(key, ()))
            lines.append(self._field(key, value))
        lines.extend(comments.get("", ()))
        return "\n".join(lines)

    # the checker's interface

    def split_parts(self, text: str) -> Split:
        """Split decoded text at its front matter (a BOM and CR line ends are dealt with here).

        Raises:
            NoFrontMatter: the first line is not `---`.
            FrontMatterError: the front matter is never closed.
        """
        text = text.removeprefix("\ufeff")
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        first_end = text.find("\n")
        if text[: first_end if first_end != -1 else len(text)].rstrip() != "---":
            raise NoFrontMatter("the first line is not `---`")
        close = closing_line(text, first_end + 1) if first_end != -1 else None
        if close is None:
            raise FrontMatterError(
                [
                    self._issue(
                        IssueCode.UNTERMINATED_FRONT_MATTER,
                        "front matter opened on line 1 is never closed: add a `---` line "
                        "after the last field",
                        1,
                        1,
                    )
                ]
            )
        return Split(
            yaml_text=text[first_end + 1 : close[0]],
            body=text[close[1] + 1 :] if close[1] != -1 else "",
            body_line=text.count("\n", 0, close[0]) + 2,
        )

    def parse(self, yaml_text: str) -> Loaded:
        """Front matter as data, with every problem as an `Issue`; never raises for content."""
        simple = _FAST.parse(yaml_text)
        if simple is not None:
            return Loaded(simple)
        return self._parse_full(yaml_text)

    # internals

    def _issue(self, code: IssueCode, message: str, line: int, col: int) -> Issue:
        return Issue(code, message, SourceLocation(self.uri, line, col))

    def _at(self, code: IssueCode, message: str, mark: yaml.Mark | None) -> Issue:
        line, col = file_position(mark)
        return self._issue(code, message, line, col)

    def _parse_full(self, yaml_text: str) -> Loaded:
        loaded = Loaded()
        loader = FrontMatterLoader(yaml_text)
        loader.duplicates = []
        loader.odd_keys = []
        try:
            node = loader.get_single_node()
            if node is None:
                loaded.meta = {}
                return loaded
            if not isinstance(node, yaml.MappingNode):
                loaded.issues.append(self._not_mapping(node, yaml_text))
                return loaded
            data = loader.construct_document(node)
        except _AliasError as exc:
            loaded.issues.append(
                self._at(
                    IssueCode.YAML_ALIAS,
                    "YAML anchors and aliases (&name, *name) are not allowed in front matter; "
                    "write the value out",
                    exc.node.start_mark,
                )
            )
            return loaded
        except _UnsafeTag as exc:
            loaded.issues.append(self._unsafe_tag(exc, yaml_text))
            return loaded
        except yaml.MarkedYAMLError as exc:
            from mkdocs_pmo.core.yaml_errors import explain

            found = explain(exc, yaml_text, FRONT_MATTER_FIRST_LINE)
            loaded.issues.append(self._issue(found.code, found.message, found.line, found.col))
            return loaded
        except yaml.reader.ReaderError as exc:  # a character YAML does not allow; no mark
            # libyaml gives the position in the UTF-8 bytes.
            at = len(yaml_text.encode("utf-8")[: exc.position].decode("utf-8", "replace"))
            line = yaml_text.count("\n", 0, at) + FRONT_MATTER_FIRST_LINE
            col = at - (yaml_text.rfind("\n", 0, at) + 1) + 1
            char = exc.character if isinstance(exc.character, int) else ord(exc.character)
            loaded.issues.append(
                self._issue(
                    IssueCode.YAML_SYNTAX,
                    f"front matter is not valid YAML: character U+{char:04X} is not allowed "
                    f"({exc.reason}); delete it",
                    line,
                    col,
                )
            )
            return loaded
        except yaml.YAMLError as exc:  # pragma: no cover - every other error carries a mark
            message = f"front matter is not valid YAML: {exc}"
            loaded.issues.append(self._issue(IssueCode.YAML_SYNTAX, message, 2, 1))
            return loaded
        except (ValueError, TypeError, OverflowError, RecursionError) as exc:
            loaded.issues.append(
                self._issue(IssueCode.YAML_SYNTAX, f"front matter cannot be read: {exc}", 1, 1)
            )
            return loaded
        finally:
            loader.dispose()
        repeated = {id(again): first for _, first, again in loader.duplicates}
        loaded.meta = {}
        written: dict[str, yaml.Node] = {}
        # `data` holds the first of each key, in order: the key nodes that are not repeats.
        key_nodes = (k for k, _ in node.value if id(k) not in repeated)
        for (key, value), key_node in zip(data.items(), key_nodes, strict=True):
            # A key YAML reads as another type (`on:` is a boolean) is named as written.
            name = key if isinstance(key, str) else _written(key_node, key)
            if name in written:
                repeated[id(key_node)] = written[name]
                continue
            written[name] = key_node
            loaded.meta[name] = value
        for key_node, _ in node.value:
            first = repeated.get(id(key_node))
            if first is not None:
                loaded.issues.append(
                    self._at(
                        IssueCode.YAML_DUPLICATE_KEY,
                        f"key {_written(key_node, key_node.value)!r} appears twice (first on "
                        f"line {file_position(first.start_mark)[0]}); remove one",
                        key_node.start_mark,
                    )
                )
        top = {id(key_node) for key_node, _ in node.value}
        # A nested key written twice (`applies_to: {role: [a], role: [b]}`): the data keeps the
        # first, where PyYAML would keep the last; neither is right, so it is an error.
        for _, first, again in loader.duplicates:
            if id(again) not in top:
                loaded.issues.append(
                    self._at(
                        IssueCode.YAML_DUPLICATE_KEY,
                        f"key {_written(again, again.value)!r} appears twice in one mapping "
                        f"(first on line {file_position(first.start_mark)[0]}); remove one",
                        again.start_mark,
                    )
                )
        # Top-level ones are fields named as written (an unknown field `on`); nested ones are
        # located here, the data keeping them as written.
        for key_node, key in loader.odd_keys:
            if id(key_node) not in top:
                line, col = file_position(key_node.start_mark)
                loaded.issues.append(
                    Issue(
                        IssueCode.SCHEMA,
                        odd_key_message(key_node, key),
                        SourceLocation(self.uri, line, col),
                    )
                )
        if "&" in yaml_text:
            loaded.issues.extend(self._anchors(yaml_text))
        loaded.node = node
        return loaded

    def _not_mapping(self, node: yaml.Node, yaml_text: str) -> Issue:
        what = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        message = f"front matter is {what}; it must be `key: value` lines"
        from mkdocs_pmo.core.yaml_errors import missing_space

        fixed = missing_space(yaml_text.split("\n", 1)[0])
        if fixed is not None and isinstance(node, yaml.ScalarNode):
            message += f"; put a space after the colon: {fixed}"
        return self._at(IssueCode.FRONT_MATTER_NOT_MAPPING, message, node.start_mark)

    def _unsafe_tag(self, exc: _UnsafeTag, yaml_text: str) -> Issue:
        from mkdocs_pmo.core.yaml_errors import quote_at

        node = exc.node
        if exc.what == "merge keys (<<)":
            message = "a `<<:` merge key is not allowed in front matter (YAML would copy "
            message += "another mapping's keys into this one); write the keys out"
            return self._at(IssueCode.YAML_UNSAFE_TAG, message, node.start_mark)
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:value":
            fix = quote_at(_line(yaml_text, node.start_mark.line), node.start_mark.column)
            message = "a lone `=` is read by YAML 1.1 as a special 'value' marker; if it is "
            message += f"text, quote it: {fix}"
            return self._at(IssueCode.YAML_UNSAFE_TAG, message, node.start_mark)
        message = f"YAML tag {exc.what!r} is not allowed in front matter"
        if isinstance(node, yaml.ScalarNode) and str(node.tag).startswith("!"):
            fix = quote_at(_line(yaml_text, node.start_mark.line), node.start_mark.column)
            message += f" (nothing was constructed); if it is text, quote it: {fix}"
        else:
            message += "; nothing was constructed"
        return self._at(IssueCode.YAML_UNSAFE_TAG, message, node.start_mark)

    def _anchors(self, yaml_text: str) -> list[Issue]:
        """Anchors (`&name`): harmless without an alias, but `title: &draft Risk` reads as `Risk`.

        The loader cannot see them (libyaml composes), so the events are read again; only for
        front matter with an `&` in it.
        """
        from mkdocs_pmo.core.yaml_errors import quote_at

        issues: list[Issue] = []
        for event in yaml.parse(yaml_text, Loader=_BaseLoader):
            mark = event.start_mark
            if getattr(event, "anchor", None) is None or mark is None:
                continue
            line, col = mark.line, mark.column
            fix = quote_at(_line(yaml_text, line), col)
            issues.append(
                self._issue(
                    IssueCode.YAML_ALIAS,
                    "YAML anchors and aliases (&name, *name) are not allowed in front matter; "
                    f"if it is text, quote it: {fix}",
                    line + FRONT_MATTER_FIRST_LINE,
                    col + 1,
                )
            )
        return issues

    def _field(self, key: str, value: object) -> str:
        # A key YAML would read as another type is quoted, for every other YAML reader too.
        name = key if _FAST.is_plain_key(key) else self._quoted(key)
        if value is None:
            return f"{name}:"
        if isinstance(value, str):
            return f"{name}: {self._scalar(value)}"
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return f"{name}: {value.isoformat()}"
        if isinstance(value, (bool, int, float)):
            return f"{name}: {_dump_scalar(value)}"
        if isinstance(value, (list, tuple)) and all(
            isinstance(item, (str, bool, int, float)) for item in value
        ):
            items = [
                self._scalar(item, flow=True) if isinstance(item, str) else _dump_scalar(item)
                for item in value
            ]
            return f"{name}: [{', '.join(items)}]"
        dumped: str = yaml.safe_dump(
            {key: value}, allow_unicode=True, sort_keys=False, default_flow_style=False
        )
        return dumped.rstrip("\n")

    def _scalar(self, value: str, *, flow: bool = False) -> str:
        """`value` plain if it reads back unchanged, else double-quoted."""
        if value and self._reads(f"[{value}]" if flow else value, [value] if flow else value):
            return value
        return self._quoted(value)

    def _quoted(self, value: str) -> str:
        """`value` double-quoted: as a JSON string (readable), unless YAML reads that otherwise."""
        from mkdocs_pmo.core.yaml_errors import double_quoted

        quoted = double_quoted(value)
        if self._reads(quoted, value) and self.parse(f"{quoted}: x\n").meta == {value: "x"}:
            return quoted
        # Line and paragraph separators, C1 controls, DEL: PyYAML's emitter escapes them all.
        emitted: str = yaml.dump(
            value, Dumper=yaml.SafeDumper, default_style='"', allow_unicode=True, width=math.inf
        )
        return emitted.rstrip("\n")

    def _reads(self, text: str, expected: object) -> bool:
        loaded = self.parse(f"k: {text}\n")
        if loaded.issues or loaded.meta is None or set(loaded.meta) != {"k"}:
            return False
        got = loaded.meta["k"]
        if isinstance(expected, list):
            return (
                isinstance(got, list)
                and len(got) == len(expected)
                and all(type(a) is type(b) and a == b for a, b in zip(got, expected, strict=True))
            )
        return type(got) is type(expected) and got == expected


def file_position(mark: yaml.Mark | None) -> tuple[int, int]:
    """File line and 1-based column of a mark in the front matter."""
    if mark is None:
        return FRONT_MATTER_FIRST_LINE, 1
    return mark.line + FRONT_MATTER_FIRST_LINE, mark.column + 1


def odd_key_message(key_node: yaml.Node, key: object) -> str:
    """What to say of a key YAML reads as true/false, a number or null: quote it."""
    written = str(key_node.value)
    if isinstance(key, bool):
        what = str(key).lower()
    elif key is None:
        what = "null (no value)"
    elif isinstance(key, (int, float)):
        what = "a number"
    else:  # pragma: no cover - dates are kept as text, other keys are refused
        what = f"a {type(key).__name__}"
    from mkdocs_pmo.core.yaml_errors import double_quoted

    return (
        f"key {written} is read by YAML as {what}, not as text; quote it: {double_quoted(written)}:"
    )


def _written(node: yaml.Node, key: object) -> str:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else str(key)


def _line(yaml_text: str, line: int) -> str:
    return yaml_text.split("\n")[line]


def _dump_scalar(value: bool | int | float) -> str:
    dumped: str = yaml.safe_dump(value)
    return dumped.split("\n", 1)[0]
