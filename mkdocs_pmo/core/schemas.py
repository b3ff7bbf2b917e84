"""Compiling kind schemas: a compiled fast path, and `jsonschema` for detailed reports.

Valid documents only ever meet the compiled validator (`jsonschema-rs`, compiled and fast);
`jsonschema` is imported and built only when a document fails, to explain every error.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urldefrag, urljoin, urlparse

import jsonschema_rs

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    import jsonschema
    from jsonschema.exceptions import ValidationError

    from mkdocs_pmo.core.model import KindSpec


class SchemaConfigError(Exception):
    """A schema that cannot be used: unreadable, not JSON, or not a valid Draft 2020-12 schema."""


def bundled_schema_dir() -> Path:
    """The schemas shipped in the wheel, or `schemas/` of a source checkout."""
    packaged = Path(str(resources.files("mkdocs_pmo"))) / "schemas"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "schemas"


def resolve_schema_path(schema: str, root: Path) -> Path:
    """A kind's schema: a path relative to the project root, else a bundled schema's name."""
    if schema and (root / schema).is_file():
        return root / schema
    bundled = bundled_schema_dir() / Path(schema or "document.schema.json").name
    if bundled.is_file():
        return bundled
    raise SchemaConfigError(f"schema file not found: {schema} (looked in {root} and the package)")


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemaConfigError(f"{path}: cannot read schema: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise SchemaConfigError(
            f"{path}:{exc.lineno}:{exc.colno}: schema is not JSON: {exc.msg}"
        ) from exc
    if not isinstance(data, dict):
        raise SchemaConfigError(f"{path}: a schema must be a JSON object")
    return data


def _load_ref(uri: str) -> dict[str, Any]:
    """Fetch a `$ref`'d schema from disk (never the network), else from the bundled schemas."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        raise SchemaConfigError(f"schema reference {uri} is not a local file; only local refs work")
    local = Path(unquote(parsed.path))
    if not local.is_file():
        local = bundled_schema_dir() / local.name
    if not local.is_file():
        raise SchemaConfigError(f"schema reference {uri}: file not found")
    return _read_json(local)


@dataclass
class CompiledSchema:
    """One kind's schema, ready to check front matter quickly and explain failures."""

    path: Path
    base_uri: str
    schema: dict[str, Any]
    fast: Any
    known_fields: frozenset[str]
    required: frozenset[str]
    enums: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    #: Top-level fields declared as dates (`format: date` or `date-time`, through `$ref`s):
    #: where a date YAML reads from a plain `2026-01-31` is what the author meant.
    date_fields: frozenset[str] = frozenset()
    #: The documents its `$ref`s loaded, by URI (what it means depends on them too).
    references: Mapping[str, Any] = field(default_factory=dict)

    def is_valid(self, instance: Any) -> bool:
        return bool(self.fast.is_valid(instance))

    @functools.cached_property
    def detailed(self) -> jsonschema.Draft202012Validator:
        import jsonschema
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        def retrieve(uri: str) -> Resource[Any]:
            return Resource.from_contents(_load_ref(uri), default_specification=DRAFT202012)

        registry: Registry[Any] = Registry(retrieve=retrieve)  # type: ignore[call-arg]
        registry = registry.with_resource(
            self.base_uri, Resource.from_contents(self.schema, default_specification=DRAFT202012)
        )
        return jsonschema.Draft202012Validator(
            self.schema,
            registry=registry,
            format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
        )

    def iter_errors(self, instance: Any) -> Iterator[ValidationError]:
        from jsonschema.exceptions import best_match

        for error in self.detailed.iter_errors(instance):
            if error.validator in ("oneOf", "anyOf") and error.context:
                yield best_match(error.context)
            else:
                yield error

    def suggest(self, name: str) -> str | None:
        matches = difflib.get_close_matches(name, sorted(self.known_fields), n=1, cutoff=0.6)
        return matches[0] if matches else None


def compile_schema(kind: KindSpec, root: Path) -> CompiledSchema:
    """Load, check against the metaschema and compile `kind`'s schema (relative refs resolved)."""
    path = resolve_schema_path(kind.schema, root).resolve()
    schema = _read_json(path)
    try:
        jsonschema_rs.meta.validate(schema)
    except jsonschema_rs.ValidationError as exc:
        first = str(exc).splitlines()[0]
        raise SchemaConfigError(f"{path}: not a valid Draft 2020-12 schema: {first}") from exc
    except Exception as exc:  # unknown $schema and other refusals
        raise SchemaConfigError(f"{path}: not a usable schema: {exc}") from exc
    base = path.as_uri()
    schema_with_id = {**schema, "$id": base}
    references: dict[str, Any] = {}

    def retrieve(uri: str) -> dict[str, Any]:
        references[uri] = _load_ref(uri)
        return references[uri]

    try:
        fast = jsonschema_rs.validator_for(
            schema_with_id, retriever=retrieve, base_uri=base, validate_formats=True
        )
    except Exception as exc:  # the compiled validator's own error types
        raise SchemaConfigError(f"{path}: cannot compile schema: {exc}") from exc
    properties, required, enums, dates = _collect(schema_with_id, base)
    return CompiledSchema(
        path,
        base,
        schema_with_id,
        fast,
        frozenset(properties),
        frozenset(required),
        enums,
        references=references,
        date_fields=frozenset(dates),
    )


def _pointer(document: Any, fragment: str) -> Any:
    node = document
    for part in [p for p in fragment.lstrip("/").split("/") if p]:
        key = unquote(part).replace("~1", "/").replace("~0", "~")
        node = node[int(key)] if isinstance(node, list) else node[key]
    return node


_DATE_FORMATS = frozenset({"date", "date-time"})


def _date_pattern(pattern: object) -> bool:
    """Whether `pattern` takes a date (`2026-01-31`) and not words: a date written as text."""
    if not isinstance(pattern, str):
        return False
    try:
        compiled = re.compile(pattern)
    except re.error:
        return False
    return bool(compiled.search("2026-01-31")) and not compiled.search("some words")


def _declares_date(node: Any, base: str, documents: dict[str, Any], depth: int = 0) -> bool:
    """Whether a property's schema says `format: date` or `date-time` (or a date `pattern`).

    Its `$ref`s and `allOf`/`anyOf`/`oneOf` are followed.
    """
    if not isinstance(node, dict) or depth > 16:
        return False
    if node.get("format") in _DATE_FORMATS or _date_pattern(node.get("pattern")):
        return True
    if isinstance(node.get("$ref"), str):
        url, fragment = urldefrag(urljoin(base, node["$ref"]))
        try:
            if url not in documents:
                documents[url] = _load_ref(url)
            target = _pointer(documents[url], fragment)
        except (KeyError, IndexError, ValueError, TypeError, SchemaConfigError):
            return False
        if _declares_date(target, url, documents, depth + 1):
            return True
    for keyword in ("allOf", "anyOf", "oneOf"):
        for sub in node.get(keyword, []) if isinstance(node.get(keyword), list) else []:
            if _declares_date(sub, base, documents, depth + 1):
                return True
    return False


def _collect(
    schema: dict[str, Any], base: str
) -> tuple[set[str], set[str], dict[str, tuple[Any, ...]], set[str]]:
    """Top-level property names, required names, enums and date fields (`allOf`, `$ref`)."""
    properties: set[str] = set()
    required: set[str] = set()
    enums: dict[str, tuple[Any, ...]] = {}
    dates: set[str] = set()
    documents: dict[str, Any] = {base: schema}
    stack: list[tuple[Any, str]] = [(schema, base)]
    seen: set[int] = set()
    while stack:
        node, node_base = stack.pop()
        if not isinstance(node, dict) or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node.get("$ref"), str):
            url, fragment = urldefrag(urljoin(node_base, node["$ref"]))
            if url not in documents:
                documents[url] = _load_ref(url)
            try:
                stack.append((_pointer(documents[url], fragment), url))
            except (KeyError, IndexError, ValueError, TypeError) as exc:
                raise SchemaConfigError(f"{base}: cannot resolve $ref {node['$ref']}") from exc
        for sub in node.get("allOf", []):
            stack.append((sub, node_base))
        required.update(node.get("required", []))
        for name, prop in node.get("properties", {}).items():
            properties.add(name)
            if isinstance(prop, dict) and "enum" in prop:
                enums[name] = tuple(prop["enum"])
            if _declares_date(prop, node_base, documents):
                dates.add(name)
    return properties, required, enums, dates
