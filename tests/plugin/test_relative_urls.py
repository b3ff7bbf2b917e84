"""Our fast relative URLs agree with MkDocs' own `get_relative_url` on every pair tried."""

from __future__ import annotations

import itertools
import posixpath

from mkdocs.utils import get_relative_url

from mkdocs_pmo.site.pages.text import rel_uri, relative_url

SEGMENTS = ["a", "b", "standards", "STD-001-x", "index.html", ""]


def _paths() -> set[str]:
    paths = set()
    for n in range(4):
        for combo in itertools.product(SEGMENTS, repeat=n):
            path = "/".join(combo)
            paths.update({path, path + "/"})
    # Site URLs are relative and never contain empty segments.
    return {p for p in paths if "//" not in p and not p.startswith("/")}


def test_relative_url_matches_mkdocs() -> None:
    paths = _paths()
    for url in paths - {""}:
        for other in paths:
            assert relative_url(url, other) == get_relative_url(url, other), (url, other)


def test_rel_uri_matches_posixpath() -> None:
    uris = {p for p in _paths() if p and not p.endswith("/")}
    for page in uris:
        for target in uris:
            expected = posixpath.relpath(target, posixpath.dirname(page) or ".")
            assert rel_uri(page, target) == expected, (page, target)
