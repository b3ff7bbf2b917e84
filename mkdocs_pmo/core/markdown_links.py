"""Markdown links and images checked as MkDocs checks them when it renders a page.

MkDocs resolves every relative `href` of a rendered `<a>` and `src` of an `<img>` (raw HTML
left aside) against the site's files, and logs what it cannot resolve at the levels of
`validation.links` (`mkdocs.structure.pages._RelativePathTreeprocessor.path_to_url`):

- an absolute link (`/x.md`): `absolute_links` (unless `relative_to_docs`, which resolves it
  from the docs root);
- a target no file has: `not_found` when its last segment has an extension (`x.md`, `x.png`),
  else `unrecognized_links` (`other`, `sub/`);
- an anchor the target page does not have: `anchors`.

A link to a file the build excludes (`exclude_docs`, dot files, `templates/`) is only info
there, and not reported here. The check knows every file of `docs_dir` and every document;
targets among the pages the plugin generates (the catalogue, the handbook) are not checked,
since the check does not make those pages.
"""

from __future__ import annotations

import difflib
import posixpath
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from mkdocs_pmo.core.issues import Issue, IssueCode, SourceLocation

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from mkdocs_pmo.core.model import PlainLink


@dataclass(frozen=True)
class SiteFiles:
    """The files of a build, as paths in the site (`/`-separated, from the docs root)."""

    #: Every file the build has: a docs_dir file (any type), a document at its path.
    included: frozenset[str]
    #: Files of docs_dir the build leaves out (a link to one is not an error).
    excluded: frozenset[str] = frozenset()
    #: Paths, or folders ending in `/`, of the pages the plugin generates.
    generated: tuple[str, ...] = ()
    #: When the site's other files are not known (no MkDocs configuration): the folders, ending
    #: in `/`, whose targets are checked.
    only: tuple[str, ...] = ()
    #: MkDocs' `validation.links.absolute_links: relative_to_docs`.
    absolute_from_docs: bool = False

    def has(self, uri: str) -> bool:
        return uri in self.included or uri in self.excluded

    def knows(self, uri: str) -> bool:
        """Whether the check knows if `uri` is a file of the build."""
        if self.only:
            return uri.startswith(self.only)
        return not (self.generates(uri) and posixpath.splitext(uri)[1])

    def generates(self, uri: str) -> bool:
        return any(uri == g or (g.endswith("/") and uri.startswith(g)) for g in self.generated)


def markdown_link_issues(
    uri: str,
    src_uri: str,
    links: Iterable[PlainLink],
    site: SiteFiles,
    anchors_of: Callable[[str], frozenset[str] | None],
) -> Iterator[Issue]:
    """What MkDocs would log for the Markdown links and images of one page.

    Args:
        uri: The page's path from the project root, to locate the issues.
        src_uri: The page's path in the site (a document's is its path from the root).
        links: Its links and images, as the body scanner found them (in code: not there).
        site: The build's files.
        anchors_of: The ids of the page at a path in the site (None: not known, not checked).
    """
    for link in links:
        href = link.href
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or "{{" in href or "{%" in href:
            continue  # external, or made by a template when rendering
        where = SourceLocation(uri, link.line, link.col)
        path = unquote(parts.path)
        absolute = href.startswith(("/", "\\"))
        if absolute and not site.absolute_from_docs and not site.only:
            yield Issue(
                IssueCode.ABSOLUTE_LINK,
                f"link to '{href}': an absolute link is left as is (it breaks when the site is "
                f"not served from the domain's root); write it relative to this page",
                where,
            )
            continue
        if not path:
            target = src_uri
        else:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
            target = target.lstrip("/")
            outside = target == ".." or target.startswith("../")
            if not site.has(target):
                if outside or site.knows(target):
                    yield _not_found(href, path, target, site, where, absolute=absolute)
                continue
        if parts.fragment and target not in site.excluded:
            have = anchors_of(target)
            if have is not None and parts.fragment not in have:
                on = "this page" if target == src_uri else target
                yield Issue(
                    IssueCode.MISSING_ANCHOR,
                    f"link to '{href}': {on} has no heading or anchor '{parts.fragment}'"
                    + anchor_hint(parts.fragment, have),
                    where,
                )


def _not_found(
    href: str, path: str, target: str, site: SiteFiles, where: SourceLocation, *, absolute: bool
) -> Issue:
    tip = next((f"; did you mean '{c}'?" for c in _guesses(target) if site.has(c)), "")
    outside = target == ".." or target.startswith("../")
    missing = "it points out of the site" if outside else f"no file of the site is {target}"
    # MkDocs tells the two apart by the extension alone (`..` is unrecognized, not broken).
    if not posixpath.splitext(path)[1] and not absolute:
        return Issue(
            IssueCode.UNRECOGNIZED_LINK,
            f"link to '{href}': {missing}, and MkDocs leaves a link without a file extension "
            f"as is{tip}",
            where,
        )
    return Issue(IssueCode.BROKEN_LINK, f"link to '{href}': {missing}{tip}", where)


def _guesses(target: str) -> Iterator[str]:
    """What a link to `target` may have meant (MkDocs' own suggestions, in its order)."""
    stem, ext = posixpath.splitext(target)
    if not ext:
        yield posixpath.join(target, "index.md")
        yield posixpath.join(target, "README.md")
    if ext != ".md" and not target.endswith("."):
        yield (stem if ext == ".html" else target) + ".md"


def anchor_hint(anchor: str, known: frozenset[str]) -> str:
    """`; did you mean #x?` for a close id, else the page's anchors (up to 12), else ''."""
    headings = [a for a in sorted(known) if not a.startswith(("fn:", "fnref:"))]
    close = difflib.get_close_matches(anchor, headings, n=1)
    if close:
        return f"; did you mean #{close[0]}?"
    listed = ", ".join(headings[:12]) + (", ..." if len(headings) > 12 else "")
    return f" (its anchors: {listed})" if headings else ""
