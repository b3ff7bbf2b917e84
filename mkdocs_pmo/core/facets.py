"""Applicability facets: whom a document's requirements bind (role, tier, gate... as configured).

Facets are configuration (`facets:` of the pmo plugin). A document's front matter says whom it
binds by default (`applies_to`) and per requirement (`requirements: {R3: {...}}`); a facet it
does not name means "every value of that facet". Unknown facets and values are `pmo.applies-to`
errors located at the front-matter key or list item.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mkdocs_pmo.core.issues import Issue, IssueCode, SourceLocation
from mkdocs_pmo.core.load import compose, locate

if TYPE_CHECKING:
    from collections.abc import Collection, Iterator, Mapping, Sequence

FACET_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
FACET_VALUE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")

#: A requirement's or document's applicability: facet name → value keys, in configured order.
Applicability = dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Facet:
    """One facet: its name, label and values (key, label) in display order."""

    name: str
    label: str
    values: tuple[tuple[str, str], ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(key for key, _ in self.values)

    def value_label(self, key: str) -> str:
        return dict(self.values).get(key, key)


def value_key(value: Any) -> str:
    """A facet value as its string key (YAML reads `1` as a number; its key is `"1"`)."""
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def resolve(
    facets: Sequence[Facet],
    default: Mapping[str, Any] | None,
    override: Mapping[str, Any] | None = None,
) -> Applicability:
    """Whom something binds: every facet, each with its values in configured order.

    Args:
        facets: The configured facets.
        default: The document's `applies_to` (a missing facet means every value).
        override: A requirement's entry under `requirements:` (replaces the facets it names).
    """
    result: Applicability = {}
    for facet in facets:
        written = None
        for source in (override, default):
            if isinstance(source, dict) and isinstance(source.get(facet.name), list):
                written = source[facet.name]
                break
        if written is None:
            result[facet.name] = facet.keys
            continue
        wanted = {value_key(v) for v in written}
        result[facet.name] = tuple(k for k in facet.keys if k in wanted)
    return result


def check_applicability(
    uri: str,
    meta: Mapping[str, Any],
    front_matter: str,
    facets: Sequence[Facet],
    numbers: Collection[int] | None,
) -> Iterator[Issue]:
    """`pmo.applies-to` problems of one document's `applies_to` and `requirements` fields.

    Args:
        uri: The document's path, for locations.
        meta: Its front matter.
        front_matter: Its front matter's YAML text (parsed again only to locate a problem).
        facets: The configured facets.
        numbers: The requirement numbers its body has (None: do not check overrides' numbers).
    """
    applies = meta.get("applies_to")
    overrides = meta.get("requirements")
    if not isinstance(applies, dict) and not isinstance(overrides, dict):
        return
    found: list[tuple[tuple[str | int, ...], bool, str]] = []
    if isinstance(applies, dict):
        found += _check_mapping(("applies_to",), applies, facets)
    if isinstance(overrides, dict):
        for key, value in overrides.items():
            number = _number(key)
            if number is not None and numbers is not None and number not in numbers:
                have = ", ".join(f"R{n}" for n in sorted(numbers)) or "none"
                found.append(
                    (
                        ("requirements", key),
                        True,
                        f"requirements: {key} is not a requirement of this document "
                        f"(its requirements: {have})",
                    )
                )
            if isinstance(value, dict):
                found += _check_mapping(("requirements", key), value, facets)
    if not found:
        return
    node = compose(front_matter)
    for path, key, message in found:
        line, col = locate(node, path, key=key)
        yield Issue(IssueCode.APPLIES_TO, message, SourceLocation(uri, line, col))


def _number(key: object) -> int | None:
    text = str(key)
    if re.fullmatch(r"R[1-9][0-9]*", text):
        return int(text[1:])
    return None


def _check_mapping(
    path: tuple[str | int, ...], mapping: Mapping[Any, Any], facets: Sequence[Facet]
) -> Iterator[tuple[tuple[str | int, ...], bool, str]]:
    """(path, whether the key is meant, message) for each unknown facet or value in `mapping`."""
    by_name = {f.name: f for f in facets}
    field = ".".join(str(p) for p in path)
    for name, values in mapping.items():
        facet = by_name.get(str(name))
        if facet is None:
            if not facets:
                hint = "no facets are configured: add `facets:` to the pmo plugin in mkdocs.yml"
            else:
                hint = "known facets: " + ", ".join(by_name) + _close(str(name), list(by_name))
            yield (*path, name), True, f"{field}: unknown facet '{name}'; {hint}"
            continue
        if not isinstance(values, list):
            continue  # the schema reports it
        for index, value in enumerate(values):
            key = value_key(value)
            if key not in facet.keys:
                known = ", ".join(facet.keys)
                yield (
                    (*path, name, index),
                    False,
                    f"{field}.{name}: unknown {facet.label.lower()} '{key}'; one of: {known}"
                    + _close(key, list(facet.keys)),
                )


def _close(word: str, options: list[str]) -> str:
    by_fold = {o.casefold(): o for o in options}
    match = by_fold.get(word.casefold())
    if match is None:
        close = difflib.get_close_matches(word.casefold(), list(by_fold), n=1, cutoff=0.6)
        match = by_fold[close[0]] if close else None
    return f"; did you mean '{match}'?" if match else ""
