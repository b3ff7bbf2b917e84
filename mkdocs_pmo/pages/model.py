"""The value type of generated pages."""

from __future__ import annotations

from dataclasses import dataclass

#: Folder of every generated page, relative to the site root.
CATALOGUE = "catalogue"


@dataclass(frozen=True)
class GeneratedPage:
    """A Markdown page made from the corpus; `nav` says whether it belongs in the navigation."""

    uri: str
    title: str
    markdown: str
    nav: bool = True
