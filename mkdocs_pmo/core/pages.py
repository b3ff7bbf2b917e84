"""Hand-written pages (MkDocs' `docs_dir`): their `[[ID]]` links, checked like documents'.

The pages are found as MkDocs finds them: every `.md` file under `docs_dir`, except hidden
files and folders, a top-level `templates/` folder, and what `exclude_docs` excludes
(gitignore-style patterns, matched with pathspec as MkDocs does).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pathspec

from mkdocs_pmo.core.body import near_misses, scan_body
from mkdocs_pmo.core.rules import IdSuggester, link_issues

if TYPE_CHECKING:
    import re
    from collections.abc import Iterable, Iterator, Mapping
    from pathlib import Path

    from mkdocs_pmo.core.anchors import AnchorIndex
    from mkdocs_pmo.core.issues import Issue
    from mkdocs_pmo.core.model import Corpus

#: What MkDocs always leaves out of `docs_dir` (`mkdocs.structure.files._default_exclude`).
DEFAULT_EXCLUDE = (".*", "/templates/")


def docs_pages(docs_dir: Path, exclude: Iterable[str] = ()) -> Iterator[str]:
    """Paths (relative to `docs_dir`, `/`-separated) of the Markdown pages MkDocs would build."""
    spec = pathspec.gitignore.GitIgnoreSpec.from_lines([*DEFAULT_EXCLUDE, *exclude])
    if not docs_dir.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(docs_dir, followlinks=False):
        rel_dir = os.path.relpath(dirpath, docs_dir).replace(os.sep, "/")
        rel_dir = "" if rel_dir == "." else rel_dir + "/"
        dirnames[:] = sorted(d for d in dirnames if not spec.match_file(f"{rel_dir}{d}/"))
        for name in sorted(filenames):
            uri = rel_dir + name
            if name.endswith(".md") and not spec.match_file(uri):
                yield uri


def check_pages(
    root: Path,
    docs_dir: str,
    exclude: Iterable[str],
    pattern: re.Pattern[str],
    corpus: Corpus,
    unloaded: Mapping[str, str],
    *,
    anchors: AnchorIndex | None = None,
) -> Iterator[Issue]:
    """Problems of the `[[ID]]` links in every hand-written page under `root/docs_dir`.

    Locations are paths from the project root (`docs/index.md:3:5`). An unreadable page is left
    to MkDocs, which reports it itself.
    """
    folder = root / docs_dir
    suggester = IdSuggester(corpus.by_id)
    for uri in docs_pages(folder, exclude):
        try:
            text = (folder / uri).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        if "[[" in text:
            scan = scan_body(text, 1, pattern)
            yield from link_issues(
                f"{docs_dir}/{uri}",
                scan.links,
                corpus.by_id,
                unloaded,
                anchors=anchors,
                suggester=suggester,
                near=near_misses(scan.html_text, 1, pattern),
            )
