"""The value type of generated pages."""

from __future__ import annotations

from dataclasses import dataclass

#: Folder of every generated page, relative to the site root.
CATALOGUE = "catalogue"
#: The parameters page, which `param()` links to (`catalogue/parameters/#name`).
PARAMETERS_URI = f"{CATALOGUE}/parameters.md"


@dataclass(frozen=True)
class GeneratedPage:
    """A Markdown page made from the corpus.

    `nav`: whether it belongs in the navigation. `search`: whether the site search indexes it;
    lists of every document would otherwise answer every search for an ID or a title (and
    cost most of the search plugin's time on a large catalogue). `description`: one line for
    the catalogue's home page.
    """

    uri: str
    title: str
    markdown: str
    nav: bool = True
    search: bool = True
    description: str = ""
