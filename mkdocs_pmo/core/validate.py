"""Per-document checks: front matter against the kind's schema, the Why section, unsafe HTML."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import yaml

from mkdocs_pmo.core.body import near_misses, scan_body
from mkdocs_pmo.core.frontmatter import file_position
from mkdocs_pmo.core.html_safety import check_html, reserved_heading_id
from mkdocs_pmo.core.issues import Issue, IssueCode, SourceLocation
from mkdocs_pmo.core.load import compose, locate, scalar_source
from mkdocs_pmo.core.model import DEFAULT_LINK_TYPES, Document
from mkdocs_pmo.core.parameters import mark_code, param_calls
from mkdocs_pmo.core.requirements import parse_requirements
from mkdocs_pmo.core.schema_messages import preferred, schema_issue

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence

    from mkdocs_pmo.core.facets import Facet
    from mkdocs_pmo.core.load import ParsedFile
    from mkdocs_pmo.core.model import KindSpec
    from mkdocs_pmo.core.parameters import Parameter
    from mkdocs_pmo.core.schemas import CompiledSchema

RELATION_FIELDS = tuple(lt.name for lt in DEFAULT_LINK_TYPES)


#: An `attr_list` id at the end of a heading's line (toc then gives it no id of its own).
_EXPLICIT_ID = re.compile(r"\{:?[^}\n]*#[^}\n]*\}[ ]*$")


def _as_ids(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(v for v in value if isinstance(v, str))
    return ()


def _blank(value: Any) -> bool:
    """None, an empty or whitespace-only string, or an empty list or mapping."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or (isinstance(value, (list, dict)) and not value)


_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


def _maybe_date(value: Any) -> bool:
    """Whether `value` holds text that a plain YAML date could have given (cheap test)."""
    if isinstance(value, str):
        return len(value) >= 8 and value[:4].isdigit() and value[4] == "-"
    if isinstance(value, list):
        return any(_maybe_date(v) for v in value)
    if isinstance(value, dict):
        return any(_maybe_date(v) for v in value.values())
    return False


def _dates(node: yaml.Node, path: tuple[str | int, ...]) -> Iterator[tuple[Any, ...]]:
    """(path, scalar node) of each plain scalar YAML reads as a date, under `node`."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _TIMESTAMP_TAG and not node.style:  # plain (libyaml: "")
            yield path, node
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _dates(item, (*path, index))
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            yield from _dates(value_node, (*path, str(key_node.value)))


def dates_in_text_fields(
    parsed: ParsedFile, schema: CompiledSchema, node: yaml.Node | None = None
) -> list[Issue]:
    """A plain `2026-01-01` (or date and time) in a field that is not a date: quote it.

    YAML reads it as a date, not the text the field holds (`title: 2026-01-01`); the loader
    gives it back as text, so the schema alone cannot tell. Dates fields are left alone.
    """
    meta = parsed.meta or {}
    suspects = {
        name
        for name, value in meta.items()
        if name in schema.known_fields and name not in schema.date_fields and _maybe_date(value)
    }
    if not suspects:
        return []
    node = node if node is not None else parsed.node or compose(parsed.front_matter)
    if not isinstance(node, yaml.MappingNode):
        return []
    issues: list[Issue] = []
    for key_node, value_node in node.value:
        if key_node.value not in suspects:
            continue
        for path, scalar in _dates(value_node, (str(key_node.value),)):
            written = str(scalar.value)
            line, col = file_position(scalar.start_mark)
            issues.append(
                Issue(
                    IssueCode.SCHEMA,
                    f"{_field(path)}: {written} is read by YAML as a date, not as text; "
                    f'quote it: "{written}"',
                    SourceLocation(parsed.uri, line, col),
                )
            )
    return issues


def _field(path: tuple[str | int, ...]) -> str:
    out = str(path[0])
    for step in path[1:]:
        out += f"[{step}]" if isinstance(step, int) else f".{step}"
    return out


def check_front_matter(parsed: ParsedFile, schema: CompiledSchema) -> Iterator[Issue]:
    """Schema problems of one file's front matter, each at the line of its key or value."""
    meta = parsed.meta or {}
    dated = dates_in_text_fields(parsed, schema)
    yield from dated
    if schema.is_valid(meta):
        return
    uri = parsed.uri
    node = parsed.node if parsed.node is not None else compose(parsed.front_matter)
    handled: set[str] = set()

    def at(path: tuple[str | int, ...], *, key: bool = False) -> SourceLocation:
        line, col = locate(node, path, key=key)
        return SourceLocation(uri, line, col)

    for name in sorted(schema.required):
        if name not in meta:
            handled.add(name)
            yield Issue(
                IssueCode.MISSING_FIELD,
                f"missing required field '{name}'",
                SourceLocation(uri, 1, 1),
            )
        elif _blank(meta[name]):
            handled.add(name)
            yield Issue(
                IssueCode.EMPTY_FIELD, f"required field '{name}' is empty", at((name,), key=True)
            )
    for name in meta:
        if name not in schema.known_fields:
            handled.add(name)
            hint = schema.suggest(name)
            tip = (
                f"; did you mean '{hint}'?"
                if hint
                else f"; known fields: {', '.join(sorted(schema.known_fields))}"
            )
            yield Issue(
                IssueCode.UNKNOWN_FIELD, f"unknown field '{name}'{tip}", at((name,), key=True)
            )
    version = meta.get("version")
    if version is not None and not isinstance(version, str) and "version" in schema.known_fields:
        handled.add("version")
        written = scalar_source(node, "version") or str(version)
        yield Issue(
            IssueCode.VERSION_NOT_STRING,
            f"version {written} is read by YAML as the number {version!r}; "
            f'quote it: version: "{written}"',
            at(("version",)),
        )
    reported: set[tuple[IssueCode, str, SourceLocation]] = set()
    for found in schema.iter_errors(meta):
        error = preferred(found)
        path = tuple(error.absolute_path)
        if path and path[0] in handled:
            continue
        if (
            error.validator in ("unevaluatedProperties", "additionalProperties", "required")
            and not path
        ):
            continue
        source = scalar_source(node, path) if path else None
        where = at(path)
        if isinstance(error.instance, str) and "propertyNames" in error.absolute_schema_path:
            where = at((*path, error.instance), key=True)  # a bad key: at the key itself
        issue = schema_issue(error, where, source)
        if any(d.location == issue.location for d in dated):
            continue  # the date YAML read there is the cause, said above
        # A value can break several keywords with one cause (a date's `format` and `pattern`,
        # text's `minLength` and `pattern`): their messages are the same, said once.
        key = (issue.code, issue.message, issue.location)
        if key not in reported:
            reported.add(key)
            yield issue


def build_document(
    parsed: ParsedFile,
    kind: KindSpec,
    pattern: re.Pattern[str],
    issues: list[Issue],
    *,
    facets: Sequence[Facet] = (),
    parameters: Mapping[str, Parameter] | None = None,
) -> Document | None:
    """Turn a parsed file into a `Document`, adding body problems to `issues`.

    Returns None when the file has no usable `id` (nothing else can refer to it).

    Args:
        parsed: The file, split and with its front matter parsed.
        kind: Its kind.
        pattern: The `[[ID]]` pattern of the configured prefixes.
        issues: Where body problems are added.
        facets: The configured facets (requirements' applicability).
        parameters: The parameters (requirements' plain text shows their values).
    """
    meta = parsed.meta or {}
    doc_id = meta.get("id")
    if not isinstance(doc_id, str) or not doc_id.strip():
        return None
    scan = scan_body(parsed.body, parsed.body_line, pattern)
    uri = parsed.uri
    if kind.why_required:
        if scan.why is None:
            issues.append(
                Issue(
                    IssueCode.MISSING_WHY,
                    "no '## Why' section: explain the outcome this document protects",
                    # the first body line, or the closing `---` of an empty body
                    SourceLocation(uri, parsed.body_line - (not parsed.body.strip()), 1),
                )
            )
        elif not scan.why.strip():
            issues.append(
                Issue(
                    IssueCode.EMPTY_WHY,
                    "the '## Why' section is empty",
                    SourceLocation(uri, scan.why_line, 1),
                )
            )
    body_lines = parsed.body.split("\n") if scan.headings else []
    for heading in scan.headings:
        slug = reserved_heading_id(heading.text)
        written = body_lines[heading.line - parsed.body_line] if slug else ""
        if slug and not _EXPLICIT_ID.search(written):
            issues.append(
                Issue(
                    IssueCode.UNSAFE_HTML,
                    f'the heading\'s id "{slug}" (names starting with "__" are reserved for the'
                    " theme's own elements) is removed from the site: give the heading an id"
                    " with { #id }",
                    SourceLocation(uri, heading.line, 1),
                )
            )
    unsafe = check_html(
        scan.html_text, parsed.body_line, scan.definitions, scan.autolinks, parsed.body
    )
    for finding in unsafe:
        issues.append(
            Issue(
                IssueCode.UNSAFE_HTML,
                f"{finding.what} is not allowed in a document body and is removed from the site",
                SourceLocation(uri, finding.line, finding.col),
            )
        )
    body = parsed.body
    calls = param_calls(body, parsed.body_line) if "param" in body else []
    if calls and scan.html_text is not body:
        calls = mark_code(calls, scan.html_text, parsed.body_line)
    found = parse_requirements(
        doc_id,
        uri,
        body,
        parsed.body_line,
        masked=scan.html_text,
        meta=meta,
        facets=facets,
        parameters=parameters,
        calls=calls,
    )
    issues.extend(found.issues)
    relations = {name: _as_ids(meta.get(name)) for name in RELATION_FIELDS if name in meta}
    return Document(
        id=doc_id,
        kind=kind.name,
        uri=uri,
        title=_text(meta.get("title")) or doc_id,
        status=_text(meta.get("status")),
        owner=_text(meta.get("owner")),
        summary=_text(meta.get("summary")),
        meta=meta,
        body=parsed.body,
        body_line=parsed.body_line,
        relations=relations,
        body_links=tuple(scan.links),
        why=scan.why,
        why_line=scan.why_line,
        front_matter=parsed.front_matter,
        requirements=tuple(found.requirements),
        param_calls=tuple(calls),
        headings=tuple(scan.headings),
        plain_links=tuple(scan.plain_links),
        near_misses=tuple(near_misses(scan.html_text, parsed.body_line, pattern, scan.links))
        if "[[" in body
        else (),
    )


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""
