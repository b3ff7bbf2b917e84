"""Every URL the plugin makes: pages' site URLs, links between files and pages, absolute URLs.

Paths named `*_uri` are `/`-separated Markdown file paths as MkDocs knows them
(`standards/STD-004-lifecycle.md`); `*_url` are site URLs (`standards/STD-004-lifecycle/`).
"""

from __future__ import annotations

import posixpath


def page_url(uri: str, *, directory_urls: bool = True) -> str:
    """The URL MkDocs gives the Markdown file `uri` (as `File.url`, relative to the site root)."""
    stem, _ = posixpath.splitext(uri)
    parent, name = posixpath.split(stem)
    if name in ("index", "README"):
        return f"{parent}/" if parent else "./"
    return f"{stem}/" if directory_urls else f"{stem}.html"


def rel_uri(from_uri: str, to_uri: str) -> str:
    """The file `to_uri` relative to the folder of the file `from_uri` (for `.md` links)."""
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")


def root_prefix(url: str) -> str:
    """`../` repeated to climb from the page at site URL `url` to the site root (or "")."""
    if url.startswith("./"):
        url = url[2:]
    return "../" * url[: url.rfind("/") + 1].count("/")


def page_link(from_uri: str, to_uri: str, *, directory_urls: bool = True) -> str:
    """URL of the page of `to_uri` from the page of `from_uri`, through the site root."""
    here = page_url(from_uri, directory_urls=directory_urls)
    return root_prefix(here) + page_url(to_uri, directory_urls=directory_urls)


def absolute_url(site_url: str | None, url: str) -> str:
    """`url` (relative to the site root) under `site_url`, or unchanged without one."""
    return f"{site_url.rstrip('/')}/{url}" if site_url else url
