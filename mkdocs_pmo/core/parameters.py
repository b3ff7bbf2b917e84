"""Parameters: thresholds and amounts stated once in `parameters.yml`, used by name in documents.

A document writes `{{ param("capacity_line") }}` (the mkdocs-macros macro renders the value
with its unit). `pmo check` finds those calls by parsing each document's Jinja with jinja2's
own parser, without rendering anything, so it sees exactly the calls the build will make; a
name `parameters.yml` does not define is `pmo.unknown-parameter` at the call's line and column.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from mkdocs_pmo.core.expressions import expressions
from mkdocs_pmo.core.frontmatter import FRONT_MATTER_FIRST_LINE
from mkdocs_pmo.core.issues import Issue, IssueCode, SourceLocation
from mkdocs_pmo.core.load import compose, locate
from mkdocs_pmo.core.schemas import bundled_schema_dir

if TYPE_CHECKING:
    from collections.abc import Collection, Iterator, Mapping
    from pathlib import Path

    from jinja2 import nodes

    from mkdocs_pmo.core.model import Document

#: The project-root file read when the `parameters:` option is not set.
DEFAULT_FILE = "parameters.yml"
SCHEMA_NAME = "parameters.schema.json"
#: Largest parameters file read (it is data for people, not a database).
MAX_BYTES = 1024 * 1024
NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_FIELDS = ("value", "unit", "label", "owner", "why")
#: The template variable holding the parameters as data (`params.capacity_line.value`).
PARAMS = "params"


@dataclass(frozen=True)
class Parameter:
    """One parameter of `parameters.yml`."""

    name: str
    value: int | float | str
    unit: str
    label: str
    owner: str
    why: str
    #: The line of its name in the file.
    line: int = 0

    @property
    def display(self) -> str:
        """The value as documents show it: `85%`, `20 working days`, `1,000,000 EUR`."""
        return format_value(self.value, self.unit)

    def as_dict(self) -> dict[str, Any]:
        """The plain data templates see as `params.<name>` (and the export lists)."""
        return {
            "name": self.name,
            "value": self.value,
            "unit": self.unit,
            "label": self.label,
            "owner": self.owner,
            "why": self.why,
            "display": self.display,
        }


def format_value(value: int | float | str, unit: str = "") -> str:
    """`value` with its unit: `%` with no space, other units after a space.

    Integers of 10,000 and more get comma thousands separators (`1,000,000`); smaller numbers
    (a year, a count) are written as they are.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        text = str(value)
    elif abs(value) >= 10_000 and (isinstance(value, int) or value.is_integer()):
        text = f"{int(value):,}"
    else:
        text = str(value)
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def default_label(name: str) -> str:
    """`capacity_line` → `Capacity line`."""
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


@functools.cache
def _schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (bundled_schema_dir() / SCHEMA_NAME).read_text(encoding="utf-8")
    )
    return data


@functools.cache
def _fast_validator() -> Any:
    import jsonschema_rs

    return jsonschema_rs.validator_for(_schema())


class ParametersFile(NamedTuple):
    """What a parameters file gave.

    Its valid parameters, its problems, and the names it defines whose entries are broken
    (None when the file could not be read as YAML at all).
    """

    parameters: dict[str, Parameter]
    issues: list[Issue]
    broken: frozenset[str] | None = frozenset()


def load_parameters(root: Path, uri: str = DEFAULT_FILE) -> ParametersFile:
    """Read `root/uri`: the parameters by name, and `pmo.parameters` problems.

    A missing file means no parameters (not a problem). Never raises for bad content.
    """
    path = root / uri
    if not path.is_file():
        return ParametersFile({}, [])
    try:
        data = path.read_bytes()
    except OSError as exc:
        issue = _issue(uri, f"cannot read {uri}: {exc.strerror or exc}", 1, 1)
        return ParametersFile({}, [issue], None)
    if len(data) > MAX_BYTES:
        issue = _issue(uri, f"{uri} is larger than {MAX_BYTES // 1024} KiB", 1, 1)
        return ParametersFile({}, [issue], None)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        issue = _issue(uri, f"{uri} is not valid UTF-8; save it as UTF-8", line, 1)
        return ParametersFile({}, [issue], None)
    return parse_parameters(text, uri)


def parse_parameters(text: str, uri: str = DEFAULT_FILE) -> ParametersFile:
    """Parameters from the text of a parameters file (see `load_parameters`)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    data, issues = _load_yaml(text, uri)
    if data is None:
        return ParametersFile({}, issues, None)
    issues += _schema_issues(data, text, uri)
    node = compose(text) if data else None
    parameters: dict[str, Parameter] = {}
    broken: set[str] = set()
    for name, entry in data.items():
        value = entry.get("value") if isinstance(entry, dict) else None
        if (
            not isinstance(entry, dict)
            or not NAME.match(name)
            or not _valid(entry)
            or isinstance(value, bool)
            or not isinstance(value, (int, float, str))
        ):
            broken.add(name)  # reported above
            continue
        line = locate(node, [name], key=True)[0] - _SHIFT
        parameters[name] = Parameter(
            name=name,
            value=value,
            unit=_str(entry.get("unit")),
            label=_str(entry.get("label")) or default_label(name),
            owner=_str(entry.get("owner")),
            why=_str(entry.get("why")),
            line=line,
        )
    return ParametersFile(parameters, issues, frozenset(broken))


#: `locate` counts lines as in front matter (from the line after `---`); this file has none.
_SHIFT = FRONT_MATTER_FIRST_LINE - 1


def _load_yaml(text: str, uri: str) -> tuple[dict[str, Any] | None, list[Issue]]:
    """The file as data, read by the front matter's safe loader; None if it cannot be read.

    No aliases, no tags, no dates turned into objects; duplicate keys are reported.
    """
    import yaml

    from mkdocs_pmo.core.frontmatter import (
        FrontMatterLoader,
        _AliasError,
        _UnsafeTag,
        odd_key_message,
    )

    loader = FrontMatterLoader(text)
    loader.duplicates = []
    loader.odd_keys = []
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, []
        if not isinstance(node, yaml.MappingNode):
            message = f"{uri} must be `name:` entries, each with value, owner and why"
            return None, [_issue(uri, message, node.start_mark.line + 1, 1)]
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        from mkdocs_pmo.core.yaml_errors import explain

        found = explain(exc, text, 1)
        message = found.message.replace("front matter", uri)
        return None, [_issue(uri, message, found.line, found.col)]
    except _AliasError as exc:
        mark = exc.node.start_mark
        message = "YAML anchors and aliases (&name, *name) are not allowed; write the value out"
        return None, [_issue(uri, message, mark.line + 1, mark.column + 1)]
    except _UnsafeTag as exc:
        mark = exc.node.start_mark
        message = f"YAML tag {exc.what} is not allowed; write a plain value"
        return None, [_issue(uri, message, mark.line + 1, mark.column + 1)]
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        return None, [_issue(uri, f"{uri} cannot be read: {exc}", 1, 1)]
    finally:
        loader.dispose()
    top = node.start_mark.column  # the parameters' names; deeper keys are their fields
    issues = [
        _issue(
            uri,
            (
                f"parameter {name!r} is defined twice"
                if again.start_mark.column == top
                else f"{name!r} is written twice in one parameter"
            )
            + f" (first on line {first.start_mark.line + 1}); remove one",
            again.start_mark.line + 1,
            again.start_mark.column + 1,
        )
        for name, first, again in loader.duplicates
    ]
    issues += [
        _issue(
            uri,
            odd_key_message(key_node, key),
            key_node.start_mark.line + 1,
            key_node.start_mark.column + 1,
        )
        for key_node, key in loader.odd_keys
    ]
    return {str(k): v for k, v in data.items()}, issues


def _valid(entry: Mapping[str, Any]) -> bool:
    return bool(_fast_validator().is_valid({"x": entry}))


def _str(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _issue(uri: str, message: str, line: int, col: int) -> Issue:
    return Issue(IssueCode.PARAMETERS, message, SourceLocation(uri, line, col))


def _schema_issues(data: Mapping[str, Any], text: str, uri: str) -> list[Issue]:
    if _fast_validator().is_valid(data):
        return []
    import jsonschema

    from mkdocs_pmo.core.schema_messages import preferred, schema_issue

    node = compose(text)
    issues: list[Issue] = []

    def at(path: tuple[str | int, ...], *, key: bool = False) -> SourceLocation:
        line, col = locate(node, path, key=key)
        return SourceLocation(uri, max(1, line - _SHIFT), col)

    validator = jsonschema.Draft202012Validator(_schema())
    for error in validator.iter_errors(data):
        error = preferred(error)
        path = tuple(error.absolute_path)
        if not path and isinstance(error.instance, str):  # `propertyNames`: a bad name
            name = error.instance
            issues.append(
                _issue(
                    uri,
                    f"parameter name '{name}' must be lower case: letters, digits and "
                    "underscores, starting with a letter (e.g. capacity_line)",
                    *_pos(at((name,), key=True)),
                )
            )
        elif error.validator == "additionalProperties" and len(path) == 1:
            entry = error.instance if isinstance(error.instance, dict) else {}
            for key in entry:
                if key in _FIELDS:
                    continue
                close = difflib.get_close_matches(str(key), _FIELDS, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(_FIELDS)}"
                issues.append(
                    _issue(
                        uri,
                        f"{path[0]}: unknown key '{key}'; {hint}",
                        *_pos(at((*path, key), key=True)),
                    )
                )
        elif error.validator == "required":
            present = error.instance if isinstance(error.instance, dict) else {}
            wanted: list[str] = list(error.validator_value)  # type: ignore[arg-type]
            missing = [r for r in wanted if r not in present]
            for name in missing:
                issues.append(
                    _issue(
                        uri,
                        f"{_path(path)}: missing '{name}'" + _REQUIRED_HINT.get(name, ""),
                        *_pos(at(path, key=True)),
                    )
                )
        elif error.validator == "type" and not path:
            issues.append(
                _issue(uri, f"{uri} must be `name:` entries, each with value, owner, why", 1, 1)
            )
        elif error.validator == "type" and len(path) == 1:
            issues.append(
                _issue(
                    uri,
                    f"{path[0]}: write `value:`, `owner:` and `why:` under the name",
                    *_pos(at(path)),
                )
            )
        elif path[-1:] == ("why",) and error.validator == "pattern":
            issues.append(_issue(uri, f"{_path(path)}: write one line", *_pos(at(path))))
        else:
            found = schema_issue(error, at(path), None)
            issues.append(_issue(uri, found.message, found.location.line, found.location.col))
    # One cause can break several keywords (`minLength` and `pattern`): said once.
    unique = {(i.location, i.message): i for i in issues}
    return sorted(unique.values(), key=lambda i: (i.location.line, i.location.col, i.message))


_REQUIRED_HINT = {
    "value": " (the number or text documents show)",
    "owner": " (the role accountable for the value)",
    "why": " (one line on why this value and not another)",
}


def _path(path: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in path) or "parameters"


def _pos(location: SourceLocation) -> tuple[int, int]:
    return location.line, location.col


# -- calls in documents ------------------------------------------------------------------------


class ParamCall(NamedTuple):
    """A `param("name")` call with a constant name, at a file line and column."""

    name: str
    line: int
    col: int
    #: Written inside Markdown code: shown as written on a site without the macros plugin.
    in_code: bool = False


def mark_code(calls: list[ParamCall], masked: str, first_line: int) -> list[ParamCall]:
    """`calls` with `in_code` set where `masked` (the text, code blanked) has no call."""
    if not calls:
        return calls
    lines = masked.split("\n")
    marked = []
    for call in calls:
        index = call.line - first_line
        line = lines[index] if 0 <= index < len(lines) else ""
        in_code = not line.startswith("param", call.col - 1)
        marked.append(call._replace(in_code=True) if in_code else call)
    return marked


_CALL_AT = re.compile(r"\bparam\s*\(\s*(?:name\s*=\s*)?(['\"])(?P<name>[^'\"\n]*)\1")


@functools.cache
def _jinja() -> Any:
    from jinja2 import Environment

    return Environment()


def param_calls(text: str, first_line: int = 1) -> list[ParamCall]:
    """Every `param("name")` call in the Jinja of `text`, in order (empty if it does not parse).

    Args:
        text: A document body as mkdocs-macros renders it.
        first_line: The file line of the text's first line.

    A text Jinja cannot parse is reported by the build (`pmo.template`); nothing is found in it.
    """
    if "param" not in text:
        return []
    if "{%" not in text and "{#" not in text:
        # Without block tags or comments, each `{{ ... }}` is an expression of its own: parsed
        # one by one, the parser reads a few dozen characters instead of the whole body.
        found = _calls_by_expression(text, first_line)
        if found is not None:
            return found
    return _calls_in(text, first_line) or []


def _calls_by_expression(text: str, first_line: int) -> list[ParamCall] | None:
    """`param_calls` for text without block tags.

    None if an expression does not parse alone (a `}}` inside a string, say), so that the
    whole text is parsed instead.
    """
    pieces = expressions(text)
    if pieces is None:
        return None
    calls: list[ParamCall] = []
    line = first_line
    last = 0
    for start, expression in pieces:
        if "param" not in expression:
            continue
        line += text.count("\n", last, start)
        last = start
        found = _expression_calls(expression)
        if found is None:
            return None
        line_start = text.rfind("\n", 0, start) + 1
        offset = start - line_start
        for call in found:
            # Columns are found again on the whole line (the call is on it, as written).
            col = call.col + offset if call.line == 1 else call.col
            calls.append(ParamCall(call.name, line + call.line - 1, col))
    return calls


@functools.lru_cache(maxsize=4096)
def _expression_calls(expression: str) -> tuple[ParamCall, ...] | None:
    """The calls in one `{{ ... }}` (lines from 1); the same expression recurs across documents."""
    found = _calls_in(expression, 1, strict=True)
    return tuple(found) if found is not None else None


def _calls_in(text: str, first_line: int, *, strict: bool = False) -> list[ParamCall] | None:
    """Calls found by parsing all of `text` with Jinja (`strict`: None if it does not parse)."""
    from jinja2 import TemplateSyntaxError, nodes

    try:
        tree = _jinja().parse(text)
    except TemplateSyntaxError:
        return None if strict else []
    lines = text.split("\n")
    seen: dict[tuple[int, str], int] = {}
    calls: list[ParamCall] = []
    for call in tree.find_all(nodes.Call):
        name = _constant_name(call)
        if name is None:
            continue
        index = seen.get((call.lineno, name), 0)
        seen[(call.lineno, name)] = index + 1
        col = _column(lines[call.lineno - 1] if call.lineno <= len(lines) else "", name, index)
        calls.append(ParamCall(name, first_line + call.lineno - 1, col))
    calls.sort(key=lambda c: (c.line, c.col))
    return calls


def params_named(tree: nodes.Template) -> Iterator[tuple[str, int]]:
    """`(name, line)` of each constant `params.name` / `params["name"]` of `tree`.

    `params.x is defined` asks rather than uses, as for names.
    """
    from jinja2 import nodes

    asked = {
        id(test.node) for test in tree.find_all(nodes.Test) if test.name in ("defined", "undefined")
    }
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        if id(node) in asked:
            continue
        if isinstance(node, nodes.Getattr):
            name: object = node.attr
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            name = node.arg.value
        else:
            continue
        target = node.node
        if isinstance(target, nodes.Name) and target.name == PARAMS and isinstance(name, str):
            yield name, node.lineno


def parameters_used(doc: Document) -> set[str]:
    """The parameters a document shows: its `param()` calls and its `params.<name>` reads."""
    used = {call.name for call in doc.param_calls}
    if PARAMS in doc.body:
        from jinja2 import TemplateSyntaxError

        try:
            tree = _jinja().parse(doc.body)
        except TemplateSyntaxError:  # reported by the template check
            return used
        used.update(name for name, _ in params_named(tree))
    return used


def _constant_name(call: nodes.Call) -> str | None:
    from jinja2 import nodes

    if not isinstance(call.node, nodes.Name) or call.node.name != "param":
        return None
    argument: Any = call.args[0] if call.args else None
    if argument is None:
        argument = next((k.value for k in call.kwargs if k.key == "name"), None)
    if isinstance(argument, nodes.Const) and isinstance(argument.value, str):
        return str(argument.value)
    return None


def _column(line: str, name: str, index: int) -> int:
    """1-based column of the `index`-th `param("name")` on `line` (1 if not found as written)."""
    found = [m.start() + 1 for m in _CALL_AT.finditer(line) if m["name"] == name]
    return found[index] if index < len(found) else 1


def unknown_parameters(
    uri: str,
    calls: list[ParamCall],
    parameters: Mapping[str, Parameter],
    broken: Collection[str] | None = frozenset(),
) -> Iterator[Issue]:
    """`pmo.unknown-parameter` for each call naming no parameter.

    Names in `broken` (defined, with problems reported in the parameters file) are not
    unknown; with `broken` None (the file could not be read) nothing is reported: every call
    would be a consequence of that one problem.
    """
    if broken is None:
        return
    for call in calls:
        if call.name in parameters or call.name in broken:
            continue
        yield Issue(
            IssueCode.UNKNOWN_PARAMETER,
            unknown_parameter_message(call.name, parameters),
            SourceLocation(uri, call.line, call.col),
        )


def unknown_parameter_message(name: str, parameters: Collection[str]) -> str:
    """`unknown parameter 'name'` with the closest defined name, or how to define one."""
    close = difflib.get_close_matches(name, list(parameters), n=1, cutoff=0.6)
    if close:
        hint = f"; did you mean '{close[0]}'?"
    elif parameters:
        hint = "; define it in the parameters file"
    else:
        hint = "; no parameters are defined (parameters.yml)"
    return f"unknown parameter '{name}'{hint}"
