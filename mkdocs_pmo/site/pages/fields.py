"""The front-matter field reference, generated from the schemas' `description`s."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from mkdocs_pmo.core.schemas import bundled_schema_dir
from mkdocs_pmo.site.pages.model import CATALOGUE, GeneratedPage
from mkdocs_pmo.site.pages.text import md_text

if TYPE_CHECKING:
    from collections.abc import Mapping

    from mkdocs_pmo.core.model import Corpus

_TYPE_NAMES = {"id": "ID", "idList": "list of IDs", "idOrList": "ID or list of IDs", "date": "date"}


class _Resolver:
    """Follows `$ref`s into the same schema or into sibling files (e.g. `common.schema.json`)."""

    def __init__(self, extra: Mapping[str, dict[str, Any]]) -> None:
        self.files: dict[str, dict[str, Any]] = dict(extra)

    def _file(self, name: str) -> dict[str, Any]:
        if name not in self.files:
            path = bundled_schema_dir() / name
            try:
                self.files[name] = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.files[name] = {}
        return self.files[name]

    def resolve(self, ref: str, base: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """The schema a `$ref` points to, and the document it lives in (for nested refs)."""
        name, _, pointer = ref.partition("#")
        doc = self._file(name) if name else base
        node: Any = doc
        for part in [p for p in pointer.split("/") if p]:
            node = node.get(part, {}) if isinstance(node, dict) else {}
        return (node if isinstance(node, dict) else {}), doc


def _type_of(schema: dict[str, Any], base: dict[str, Any], resolver: _Resolver) -> str:
    if "enum" in schema:
        return "one of " + ", ".join(f"`{v}`" for v in schema["enum"])
    ref = schema.get("$ref")
    if isinstance(ref, str):
        name = ref.rsplit("/", 1)[-1]
        if name in _TYPE_NAMES:
            return _TYPE_NAMES[name]
        target, doc = resolver.resolve(ref, base)
        return _type_of(target, doc, resolver)
    kind = schema.get("type")
    if kind == "array":
        items = schema.get("items")
        inner = _type_of(items, base, resolver) if isinstance(items, dict) else ""
        return f"list of {inner}s" if inner and " " not in inner else "list"
    if kind == "string" and schema.get("format") == "date":
        return "date"
    return str(kind) if isinstance(kind, str) else ""


def _description(schema: dict[str, Any], base: dict[str, Any], resolver: _Resolver) -> str:
    if isinstance(schema.get("description"), str):
        return str(schema["description"])
    ref = schema.get("$ref")
    if isinstance(ref, str):
        target, doc = resolver.resolve(ref, base)
        return _description(target, doc, resolver)
    return ""


def _collect(
    schema: dict[str, Any], base: dict[str, Any], resolver: _Resolver
) -> tuple[dict[str, tuple[dict[str, Any], dict[str, Any]]], list[str]]:
    """Properties (with the schema each lives in) and required names, through allOf/$ref."""
    props: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
    required: list[str] = []
    parts: list[tuple[dict[str, Any], dict[str, Any]]] = []
    ref = schema.get("$ref")
    if isinstance(ref, str):
        parts.append(resolver.resolve(ref, base))
    parts += [(p, base) for p in schema.get("allOf", []) if isinstance(p, dict)]
    for part, doc in parts:
        sub_props, sub_required = _collect(part, doc, resolver)
        props.update(sub_props)
        required += [r for r in sub_required if r not in required]
    for name, prop in (schema.get("properties") or {}).items():
        if isinstance(prop, dict):
            props[name] = (prop, base)
    required += [r for r in schema.get("required", []) if r not in required]
    return props, required


def fields_page(
    corpus: Corpus, schemas: Mapping[str, dict[str, Any]], *, extra_files: Mapping[str, Any] = {}
) -> GeneratedPage:
    """One table per kind: field, type, required, description — all read from the schemas."""
    uri = f"{CATALOGUE}/fields.md"
    resolver = _Resolver(extra_files)
    lines = [
        "# Front-matter fields",
        "",
        "Generated from the JSON Schemas that `pmo check` and the build validate against, "
        "so it is always current.",
        "",
    ]
    for kind in corpus.kinds.values():
        schema = schemas.get(kind.name)
        if not schema:
            continue
        props, required = _collect(schema, schema, resolver)
        lines += [f"## {md_text(kind.title)}", ""]
        if isinstance(schema.get("description"), str):
            lines += [md_text(schema["description"]), ""]
        lines += ["| Field | Type | Required | Description |", "|---|---|---|---|"]
        order = sorted(props, key=lambda n: (n not in required, list(props).index(n)))
        for name in order:
            prop, doc = props[name]
            # A property's own description wins over the one of the definition it refers to.
            merged = dict(prop)
            if "description" not in merged and isinstance(prop.get("$ref"), str):
                merged["description"] = _description(prop, doc, resolver)
            lines.append(
                f"| `{name}` | {_type_of(prop, doc, resolver)} | "
                f"{'yes' if name in required else ''} | "
                f"{md_text(merged.get('description', ''))} |"
            )
        lines.append("")
    return GeneratedPage(
        uri,
        "Front-matter fields",
        "\n".join(lines),
        description="Every front-matter field, read from the JSON Schemas.",
    )
