"""YAML errors in plain language: what the author wrote wrong and the usual fix.

libyaml says *where* it gave up ("mapping values are not allowed in this context"); authors need
to know what that means for the line they wrote. `explain` recognises the usual mistakes from
the error, its marks and the source lines, and words the fix with the author's own text, e.g.
`quote the value: title: "Risk: appetite"`. The position reported stays the parser's; when the
cause is on another line (the quote that is never closed), the message names that line.
Anything not recognised keeps the parser's wording. The errors recognised are worded as
libyaml words them (PyYAML's wheels include it, and the loader uses it when present); with the
pure-Python parser a few mistakes keep the parser's own words, still located.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mkdocs_pmo.core.issues import IssueCode

if TYPE_CHECKING:
    import yaml

_PREFIX = "front matter is not valid YAML: "
#: `key: ` or `- ` before a value, and the value. Front-matter keys are simple words.
_KEY_VALUE = re.compile(r"(\s*(?:-\s+|[^\s'\"#\[{&*!|>%@`-][^:#]*?:\s+))(.*?)\s*")
_KEY_NO_SPACE = re.compile(r"\s*(?:-\s+)?([A-Za-z_][\w-]*):(?=[^\s:])(.*?)\s*")
_KEY_LINE = re.compile(r"(\s*)([^\s#-][^:#]*?):(?:\s+(.*?))?\s*")
_ITEM = re.compile(r"(\s*)-(?:\s|$)")
#: Why a character cannot start a plain value, where YAML gives it a meaning.
_STARTS = {
    "*": " (YAML reads it as a reference to an anchor)",
    "|": " (YAML reads it as the start of a block of lines)",
    ">": " (YAML reads it as the start of a folded block of lines)",
    "?": " (YAML reads it as a complex key)",
    "%": " (YAML reserves it for directives)",
    "@": " (YAML reserves it)",
    "`": " (YAML reserves it)",
}


@dataclass(frozen=True)
class Explained:
    """An issue to report: its code, message, file line and 1-based column."""

    code: IssueCode
    message: str
    line: int
    col: int


def explain(exc: yaml.MarkedYAMLError, yaml_text: str, first_line: int) -> Explained:
    """The issue for a parser or scanner error, with a plain-language fix where one is known.

    Args:
        exc: The error, with its marks in `yaml_text`.
        yaml_text: The front matter.
        first_line: The file line of the front matter's first line.
    """
    return _Explainer(exc, yaml_text, first_line).explain()


def double_quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)


def quote_at(source: str, col: int) -> str:
    """The line `source` with the scalar that starts at `col` double-quoted, for a suggestion.

    The scalar runs to the end of the line, or inside `[...]`/`{...}` to the next `,`, `]` or
    `}`. Leading and trailing blanks of the line are dropped.
    """
    depth = sum(source.count(c, 0, col) for c in "[{") - sum(source.count(c, 0, col) for c in "]}")
    end = len(source.rstrip())
    if depth > 0:
        stops = [i for i in (source.find(c, col) for c in ",]}") if i != -1]
        end = min(stops, default=end)
    scalar = source[col:end].rstrip()
    return (source[:col] + double_quoted(scalar) + source[col + len(scalar) :]).strip()


def quote_value(source: str) -> str:
    """The line `source` with its value (or its list item) double-quoted, for a suggestion."""
    match = _KEY_VALUE.fullmatch(source)
    if match is None or not match.group(2):
        return double_quoted(source.strip())
    return f"{match.group(1).strip()} {double_quoted(match.group(2))}"


def missing_space(source: str) -> str | None:
    """`key:value` rewritten as `key: value`, or None if `source` is not that mistake."""
    match = _KEY_NO_SPACE.fullmatch(source)
    if match is None:
        return None
    colon = match.end(1) + 1
    return f"{source[:colon].strip()} {source[colon:].strip()}"


class _Explainer:
    def __init__(self, exc: yaml.MarkedYAMLError, yaml_text: str, first_line: int) -> None:
        self.exc = exc
        self.lines = yaml_text.split("\n")
        self.first_line = first_line
        self.problem = exc.problem or "invalid YAML"
        self.context = exc.context or ""
        mark = exc.problem_mark or exc.context_mark
        self.line, self.col = (mark.line, mark.column) if mark is not None else (0, 0)
        self.source = self.text(self.line)

    def text(self, line: int) -> str:
        return self.lines[line] if 0 <= line < len(self.lines) else ""

    def where(self, line: int) -> str:
        """` on line N` for a line other than the one reported, else nothing."""
        return "" if line == self.line else f" on line {line + self.first_line}"

    def issue(self, message: str, code: IssueCode = IssueCode.YAML_SYNTAX) -> Explained:
        return Explained(code, message, self.line + self.first_line, self.col + 1)

    def syntax(self, message: str) -> Explained:
        return self.issue(_PREFIX + message)

    def explain(self) -> Explained:
        problem, context, source, col = self.problem, self.context, self.source, self.col
        if "\t" in problem or source[col : col + 1] == "\t" or "\t" in _indent(source[:col]):
            return self.issue(
                "tab character in front matter: YAML indentation must use spaces; "
                "replace the tab with spaces",
                IssueCode.YAML_TAB,
            )
        ctx = self.exc.context_mark
        if ctx is not None:
            found = self.with_context(ctx.line, ctx.column)
            if found is not None:
                return found
        if "mapping values are not allowed" in problem:
            return self.colon()
        if (
            "cannot start any token" in problem
            or "undefined alias" in problem
            or "mapping keys are not allowed" in problem
        ):
            return self.bad_start(self.line, col)
        if "sequence entries are not allowed" in problem:
            return self.syntax(
                'a value cannot start with "- " on its key\'s line; if it is text, quote it: '
                f'{quote_at(source, col)}; for a list, write one "- " item per line under the key'
            )
        if "did not find expected" in problem:
            if _ITEM.match(source[col:]) and not source[:col].strip():
                return self.list_item()
            before = source[:col].rstrip()
            if before and before[-1] in "'\"]}" and "flow" not in context:
                return self.after_closing(before[-1])
            if "'-' indicator" in problem and _KEY_LINE.fullmatch(source):
                return self.key_indentation()
        return self.syntax(self.raw())

    def with_context(self, line: int, col: int) -> Explained | None:
        """Mistakes recognised by where the parser's context (a quote, a bracket) started."""
        source = self.text(line)
        opener = source[col : col + 1]
        if "quoted scalar" in self.context and "end of stream" in self.problem:
            return self.syntax(
                f"the {opener} that opens the value{self.where(line)} is never closed; "
                f"end the value with {opener}"
            )
        if "flow" in self.context and "did not find expected" in self.problem and line < self.line:
            closer, what = ("]", "list") if opener == "[" else ("}", "mapping")
            return self.syntax(
                f"the {opener} that opens the {what}{self.where(line)} is never closed; "
                f"end the {what} with {closer} on the same line, or quote the value if the "
                f"{opener} is text: {quote_value(source)}"
            )
        if "quoted scalar" in self.context and ("escape" in self.problem or "hex" in self.problem):
            match = _KEY_VALUE.fullmatch(source)
            prefix, value = (match.group(1).strip() + " ", match.group(2)) if match else ("", "")
            inner = value[1:-1] if len(value) > 1 and value[0] == value[-1] == '"' else value
            single = "'" + inner.replace("'", "''") + "'"
            return self.syntax(
                'a backslash inside "..." starts an escape such as \\n; write a backslash '
                f"twice, or use single quotes: {prefix}{single}"
            )
        if "simple key" in self.context and "expected ':'" in self.problem:
            return self.no_colon(line)
        if "block scalar" in self.context or "an alias" in self.context:
            return self.bad_start(line, col)
        return None

    def bad_start(self, line: int, col: int) -> Explained:
        source = self.text(line)
        char = source[col : col + 1]
        return self.syntax(
            f"a value cannot start with {char}{_STARTS.get(char, '')}; "
            f"quote it: {quote_at(source, col)}"
        )

    def colon(self) -> Explained:
        """`mapping values are not allowed`: a `: ` in a value, or a line the parser misread."""
        source, col = self.source, self.col
        first_colon = source.find(":")
        previous = _previous_line(self.lines, self.line)
        if (
            first_colon == col
            and previous is not None
            and _KEY_NO_SPACE.fullmatch(self.lines[previous])
        ):
            return self.no_colon(previous)  # `title:Risk` ran on into this line
        if -1 < first_colon < col and source[first_colon + 1 : first_colon + 2] in (" ", ""):
            return self.syntax(
                "a colon followed by a space inside a value starts a new key; "
                f"quote the value: {quote_value(source)}"
            )
        return self.key_indentation()

    def key_indentation(self) -> Explained:
        key = self.source.strip().split(":", 1)[0]
        return self.syntax(
            f'key at the wrong indentation; start "{key}:" in the same column as the keys around it'
        )

    def no_colon(self, line: int) -> Explained:
        fixed = missing_space(self.text(line))
        if fixed is None:
            return self.syntax(
                f'a line{self.where(line)} is not "key: value"; write the key, a colon and a '
                "space, then the value"
            )
        return self.syntax(f"missing space after the colon{self.where(line)}; write: {fixed}")

    def list_item(self) -> Explained:
        """A `- item` line the parser did not expect: which list it belongs to, and the fix."""
        lines, line, col = self.lines, self.line, self.col
        owner = _previous_line(lines, line, below=col + 1)
        key = _KEY_LINE.fullmatch(lines[owner]) if owner is not None else None
        if key is not None and key.group(3) and owner is not None:
            return self.syntax(
                f'list item under "{lines[owner].strip()}", a key that already has a value; '
                f'write "{key.group(2)}:" alone on its line and one "- " item per line under it'
            )
        items = (_ITEM.match(text) for text in lines[(owner or 0) + 1 : line])
        first = next((item for item in items if item is not None), None)
        width = len(first.group(1)) if first is not None else 2
        return self.syntax(
            'list item at the wrong indentation; indent every "- " item of a list like the '
            f"first one ({width} spaces)"
        )

    def after_closing(self, closer: str) -> Explained:
        if closer in "'\"" and self.source[: self.col].count(closer) % 2:
            # This quote closes a value opened on an earlier line.
            opened = next(
                (i for i in range(self.line - 1, -1, -1) if self.text(i).count(closer) % 2),
                None,
            )
            if opened is not None:
                return self.syntax(
                    f"the {closer} that opens the value{self.where(opened)} is not closed on "
                    f"that line, so the value runs on to the {closer} here; end the value with "
                    f"{closer} on the line it starts on"
                )
        match = _KEY_VALUE.fullmatch(self.source)
        value = match.group(2) if match is not None else self.source.strip()
        prefix = match.group(1).strip() + " " if match is not None else ""
        if closer in "'\"" and len(value) > 1 and value[0] == value[-1] == closer:
            value = value[1:-1]
        what = "quoted value" if closer in "'\"" else ("list" if closer == "]" else "mapping")
        return self.syntax(
            f"text after the closing {closer} of a {what}; "
            f"quote the whole value: {prefix}{double_quoted(value)}"
        )

    def raw(self) -> str:
        """The parser's own wording, with the line its context starts on if another one."""
        text = self.problem
        if self.context:
            mark = self.exc.context_mark
            where = self.where(mark.line) if mark is not None else ""
            text += f" ({self.context}{where.replace(' on', ' that starts on')})"
        return text


def _indent(text: str) -> str:
    """The leading blanks of `text`."""
    return text[: len(text) - len(text.lstrip(" \t"))]


def _previous_line(lines: list[str], line: int, below: int | None = None) -> int | None:
    """The nearest line above `line` with content (indented less than `below` if given)."""
    for index in range(line - 1, -1, -1):
        text = lines[index]
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if below is None or len(text) - len(text.lstrip()) < below:
            return index
    return None
