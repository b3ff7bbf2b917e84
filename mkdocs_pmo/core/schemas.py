"""Compiling kind schemas: a compiled fast path, and `jsonschema` for detailed reports."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema
import jsonschema_rs
from jsonschema.exceptions import best_match
from referencing import Registry, Resource
from referencing._core import Resolver
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012 as _DRAFT

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

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
    candidate = (root / schema) if schema else Path()
    if schema and candidate.is_file():
        return candidate
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


@dataclass
class CompiledSchema:
    """One kind's schema, ready to check front matter quickly and explain failures."""

    path: Path
    fast: Any
    detailed: jsonschema.Draft202012Validator
    known_fields: frozenset[str]
    required: frozenset[str]
    enums: Mapping[str, tuple[Any, ...]]

    def is_valid(self, instance: Any) -> bool:
        return bool(self.fast.is_valid(instance))

    def iter_errors(self, instance: Any) -> Iterator[ValidationError]:
        for error in self.detailed.iter_errors(instance):
            if error.validator in ("oneOf", "anyOf") and error.context:
                yield best_match(error.context)
            else:
                yield error

    def suggest(self, name: str) -> str | None:
        matches = difflib.get_close_matches(name, sorted(self.known_fields), n=1, cutoff=0.6)
        return matches[0] if matches else None


def _load_ref(uri: str) -> dict[str, Any]:
    """Fetch a `$ref`'d schema from disk (never the network), else from the bundled schemas."""
    if not uri.startswith("file:"):
        raise NoSuchResource(ref=uri)
    local = Path(uri.removeprefix("file://").split("#")[0])
    if not local.is_file():
        local = bundled_schema_dir() / local.name
    if not local.is_file():
        raise NoSuchResource(ref=uri)
    return _read_json(local)


def compile_schema(kind: KindSpec, root: Path) -> CompiledSchema:
    """Load, check against the metaschema and compile `kind`'s schema (relative refs resolved)."""
    path = resolve_schema_path(kind.schema, root).resolve()
    schema = _read_json(path)
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as exc:
        raise SchemaConfigError(f"{path}: not a valid Draft 2020-12 schema: {exc.message}") from exc
    base = path.as_uri()

    def retrieve(uri: str) -> Resource[Any]:
        return Resource.from_contents(_load_ref(uri), default_specification=_DRAFT)

    registry: Registry[Any] = Registry(retrieve=retrieve)  # type: ignore[call-arg]
    schema_with_id = {**schema, "$id": base}
    registry = registry.with_resource(
        base, Resource.from_contents(schema_with_id, default_specification=_DRAFT)
    )
    detailed = jsonschema.Draft202012Validator(
        schema_with_id,
        registry=registry,
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )
    resolved = _collect(schema_with_id, registry.resolver(base_uri=base))
    try:
        fast = jsonschema_rs.validator_for(
            schema_with_id, retriever=_load_ref, base_uri=base, validate_formats=True
        )
    except Exception as exc:  # the compiled validator's own error types
        raise SchemaConfigError(f"{path}: cannot compile schema: {exc}") from exc
    return CompiledSchema(
        path,
        fast,
        detailed,
        frozenset(resolved.properties),
        frozenset(resolved.required),
        resolved.enums,
    )


@dataclass
class _Resolved:
    properties: set[str]
    required: set[str]
    enums: dict[str, tuple[Any, ...]]


def _collect(schema: dict[str, Any], resolver: Resolver[Any]) -> _Resolved:
    """Top-level property names, required names and enums, following `allOf` and `$ref`."""
    out = _Resolved(set(), set(), {})
    stack: list[tuple[dict[str, Any], Resolver[Any]]] = [(schema, resolver)]
    seen: set[int] = set()
    while stack:
        node, res = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if "$ref" in node:
            resolved = res.lookup(node["$ref"])
            stack.append((resolved.contents, resolved.resolver))
        for sub in node.get("allOf", []):
            stack.append((sub, res))
        out.required.update(node.get("required", []))
        for name, prop in node.get("properties", {}).items():
            out.properties.add(name)
            if isinstance(prop, dict) and "enum" in prop:
                out.enums[name] = tuple(prop["enum"])
    return out
