"""Rendering Markdown as the repository's site does, and reading HTML as browsers do.

Shared by the tests of the HTML allowlist: `render(markdown)` converts with the
`markdown_extensions` of the repository's `mkdocs.yml` (Material's emoji SVGs included), and
`elements(html)` lists the elements and attributes an HTML5 parser builds from a fragment.
"""

from __future__ import annotations

import functools
import importlib
from pathlib import Path
from typing import Any

import html5lib
import markdown
import yaml

MKDOCS_YML = Path(__file__).resolve().parents[1] / "mkdocs.yml"


class _Loader(yaml.SafeLoader):
    """Reads `!!python/name:module.attr` as MkDocs does (the emoji and fence functions)."""


def _python_name(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    module, _, attr = suffix.rpartition(".")
    return getattr(importlib.import_module(module), attr)


_Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)
# `site_url: !ENV [PMO_SITE_URL, ""]`: only the Markdown extensions are read here.
_Loader.add_constructor("!ENV", lambda loader, node: None)


@functools.cache
def site_extensions() -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The extension names and their configurations from the repository's `mkdocs.yml`."""
    config = yaml.load(MKDOCS_YML.read_text(encoding="utf-8"), Loader=_Loader)
    names: list[str] = []
    configs: dict[str, dict[str, Any]] = {}
    for entry in config["markdown_extensions"]:
        if isinstance(entry, dict):
            ((name, options),) = entry.items()
            configs[name] = options or {}
        else:
            name = entry
        names.append(name)
    return names, configs


def render(text: str) -> str:
    """`text` converted to HTML with the site's Markdown extensions."""
    names, configs = site_extensions()
    return markdown.markdown(text, extensions=names, extension_configs=configs)


def local(name: str) -> str:
    """`{namespace}name` or `name` → lower-case `name`."""
    return name.rpartition("}")[2].lower()


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    """(tag, attributes) of each element an HTML5 parser builds from `html`, in order."""
    tree = html5lib.parseFragment(html, namespaceHTMLElements=False)
    return [
        (local(el.tag), {local(k): v for k, v in el.attrib.items()})
        for el in tree.iter()
        if isinstance(el.tag, str) and el.tag != "DOCUMENT_FRAGMENT"
    ]


def tree(html: str) -> Any:
    """The HTML5 parse of `html` (an ElementTree fragment, HTML elements without namespace)."""
    return html5lib.parseFragment(html, namespaceHTMLElements=False)
