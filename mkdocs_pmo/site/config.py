"""`PmoConfig`: the `pmo` plugin's options in `mkdocs.yml`, shared by the plugin and the CLI."""

from __future__ import annotations

import datetime
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from mkdocs_pmo.core.facets import FACET_NAME, FACET_VALUE, value_key

LEVELS = ("error", "warning", "warn", "info", "ignore")

#: A validated `facets:` block: name → {"label": str, "values": {key: label}}, in order.
FacetsData = dict[str, dict[str, Any]]


class Facets(c.BaseConfigOption[FacetsData]):
    """`facets:`: name → `label` and `values` (a mapping of key to label, or a list of keys).

    Keys are read as strings (YAML reads `1:` as a number; its key is `"1"`), and the order
    written is the display order.
    """

    def __init__(self) -> None:
        super().__init__()
        self.default: FacetsData = {}

    def run_validation(self, value: object) -> FacetsData:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise c.ValidationError("expected facet names, each with `label` and `values`")
        result: FacetsData = {}
        for raw_name, spec in value.items():
            name = str(raw_name)
            if not FACET_NAME.match(name):
                raise c.ValidationError(
                    f"facet name {name!r}: use lower-case letters, digits and dashes (e.g. role)"
                )
            if not isinstance(spec, dict):
                raise c.ValidationError(f"{name}: expected `label:` and `values:`")
            unknown = sorted(str(k) for k in spec if k not in ("label", "values"))
            if unknown:
                raise c.ValidationError(
                    f"{name}: unknown option {unknown[0]!r}; a facet has `label` and `values`"
                )
            label = spec.get("label")
            if label is not None and not isinstance(label, str):
                raise c.ValidationError(f"{name}.label: expected text")
            result[name] = {
                "label": label or name.replace("-", " ").capitalize(),
                "values": self._values(name, spec.get("values")),
            }
        return result

    @staticmethod
    def _values(name: str, values: object) -> dict[str, str]:
        if isinstance(values, list):
            values = {v: v for v in values}
        if not isinstance(values, dict) or not values:
            raise c.ValidationError(
                f"{name}.values: expected the facet's values, `key: label` (e.g. sponsor: Sponsor)"
            )
        out: dict[str, str] = {}
        for raw_key, label in values.items():
            if isinstance(raw_key, (dict, list)) or raw_key is None:
                raise c.ValidationError(f"{name}.values: {raw_key!r} is not a value key")
            key = value_key(raw_key)
            if not FACET_VALUE.match(key):
                raise c.ValidationError(
                    f"{name}.values: key {key!r}: use letters, digits, dashes and underscores"
                )
            if key in out:
                raise c.ValidationError(f"{name}.values: key {key!r} is listed twice")
            if isinstance(label, (dict, list)):
                raise c.ValidationError(f"{name}.values.{key}: expected a label (text)")
            out[key] = key if label is None else str(label)
        return out


class KindConfig(base.Config):
    """One kind of document."""

    folder = c.Type(str)
    """Folder, relative to the project root (the folder holding `mkdocs.yml`)."""
    prefix = c.Type(str)
    """Upper-case ID prefix, e.g. `STD`."""
    schema = c.Type(str, default="")
    """JSON Schema for the front matter: a path relative to the root or a bundled schema name."""
    why_required = c.Type(bool, default=True)
    """Whether documents of this kind must have a `## Why` section."""
    label = c.Type(str, default="")
    """Plural title used in navigation and indexes (default: the kind name + "s")."""


class SitePath(c.Type[str]):
    """A file path inside the built site: relative, no `..` (so a build never writes elsewhere)."""

    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        path = super().run_validation(value)
        parts = path.replace("\\", "/").split("/")
        if path.startswith(("/", "\\")) or ".." in parts or (len(path) > 1 and path[1] == ":"):
            raise c.ValidationError(
                f"{path!r} must be a path inside the site (e.g. catalogue.json)"
            )
        return path


class Count(c.Type[int]):
    """A whole number, 0 or more."""

    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        number = super().run_validation(value)
        if isinstance(number, bool) or number < 0:
            raise c.ValidationError(f"expected a whole number, 0 or more, not {value!r}")
        return number


class PmoConfig(base.Config):
    """Options of the `pmo` plugin."""

    enabled = c.Type(bool, default=True)
    """Turn the plugin off without removing it from `mkdocs.yml`."""
    kinds = c.Optional(c.DictOfItems(c.SubConfig(KindConfig)))
    """Kinds of documents by name. Default: `standard` in `standards/` (STD) and `playbook` in
    `playbooks/` (PB)."""
    validation = c.DictOfItems(c.Choice(LEVELS), default={})
    """Level per issue code, e.g. `pmo.review-overdue: info`. `warn` is accepted for `warning`."""
    today = c.Optional(c.Type((str, datetime.date)))
    """Pretend today is this `YYYY-MM-DD` date (for reproducible review-due checks)."""
    export = SitePath(default="catalogue.json")
    """Path in the site of the machine-readable catalogue export."""
    pages = c.Type(bool, default=True)
    """Generate the index, tag, review, rationale and graph pages."""
    facets = Facets()
    """Applicability facets (role, tier, gate...): `name: {label: ..., values: {key: label}}`.
    Documents say whom their requirements bind with `applies_to:`; pages and the checklist
    filter by them."""
    parameters = c.Type(str, default="parameters.yml")
    """The parameters file, relative to the project root (absent file: no parameters)."""
    nav_max_documents = Count(default=300)
    """List documents in the automatic navigation, one section per kind under its index page,
    when the catalogue has at most this many (0: never). Above it, documents are reached from
    the catalogue, links and search: Material renders the whole navigation into every page, so
    listing every document costs build time that grows with the square of their number. A site
    with `nav:` in `mkdocs.yml` keeps its own navigation; a kind's index page listed there
    (`catalogue/standards/index.md`) becomes the kind's section."""
    handbook = c.Type(bool, default=True)
    """Generate `handbook/`: every document in force on one print-ready page (with `pages`)."""
    handbook_max_documents = Count(default=300)
    """Generate the handbook only while at most this many documents are in force: one page
    holding more is too long to load, read or print (a thousand documents make some 8 MB of
    HTML). Above it the build says so (INFO) and the catalogue does not link a handbook."""
    cache = c.Type(bool, default=True)
    """Keep each document's check result in `.cache/pmo/` under the project root, so that a
    later check or build reads again only the documents that changed."""
    sanitize_html = c.Type(bool, default=True)
    """Remove scripts, frames, event handlers and script URLs from rendered document bodies."""
