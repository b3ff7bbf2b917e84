"""Relative file paths between pages agree with `posixpath.relpath` on every pair tried."""

from __future__ import annotations

import itertools
import posixpath

from mkdocs_pmo.site.urls import rel_uri

SEGMENTS = ["a", "b", "standards", "STD-001-x", "index.html", ""]


def _paths() -> set[str]:
    paths = set()
    for n in range(4):
        for combo in itertools.product(SEGMENTS, repeat=n):
            path = "/".join(combo)
            paths.update({path, path + "/"})
    # Site URLs are relative and never contain empty segments.
    return {p for p in paths if "//" not in p and not p.startswith("/")}


def test_rel_uri_matches_posixpath() -> None:
    uris = {p for p in _paths() if p and not p.endswith("/")}
    for page in uris:
        for target in uris:
            expected = posixpath.relpath(target, posixpath.dirname(page) or ".")
            assert rel_uri(page, target) == expected, (page, target)
