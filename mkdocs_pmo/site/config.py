"""`PmoConfig`: the `pmo` plugin's options in `mkdocs.yml`, shared by the plugin and the CLI."""

from __future__ import annotations

import datetime

from mkdocs.config import base
from mkdocs.config import config_options as c

LEVELS = ("error", "warning", "warn", "info", "ignore")


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
    export = c.Type(str, default="catalogue.json")
    """Path in the site of the machine-readable catalogue export."""
    pages = c.Type(bool, default=True)
    """Generate the index, tag, review, rationale and graph pages."""
    nav_max_documents = c.Type(int, default=300)
    """List documents in the automatic navigation, one section per kind under its index page,
    when the catalogue has at most this many (0: never). Above it, documents are reached from
    the catalogue, links and search: Material renders the whole navigation into every page, so
    listing every document costs build time that grows with the square of their number. A site
    with `nav:` in `mkdocs.yml` keeps its own navigation."""
    handbook = c.Type(bool, default=True)
    """Generate `handbook/`: every document in force on one print-ready page (with `pages`)."""
    sanitize_html = c.Type(bool, default=True)
    """Remove scripts, frames, event handlers and script URLs from rendered document bodies."""
