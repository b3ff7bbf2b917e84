"""Hand-written pages (MkDocs' `docs_dir`): links, templates, `param()`, checked as documents'.

The files are found as MkDocs finds them (`docs_files`, one walk per run, following symbolic
links): every file under `docs_dir`, apart from hidden files and folders, a top-level
`templates/` folder, and what `exclude_docs` and `draft_docs` leave out (gitignore-style
patterns, matched with pathspec as MkDocs does); its pages are those with one of MkDocs'
Markdown suffixes.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any

import pathspec
import yaml

from mkdocs_pmo.core.body import near_misses, scan_body
from mkdocs_pmo.core.expressions import blank_comments, conditional_lines
from mkdocs_pmo.core.issues import Issue, IssueCode, SourceLocation
from mkdocs_pmo.core.markdown_links import markdown_link_issues
from mkdocs_pmo.core.parameters import mark_code, param_calls, unknown_parameters
from mkdocs_pmo.core.rules import IdSuggester, link_issues

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
    from pathlib import Path

    from mkdocs_pmo.core.anchors import AnchorIndex
    from mkdocs_pmo.core.markdown_links import SiteFiles
    from mkdocs_pmo.core.model import Corpus, PlainLink
    from mkdocs_pmo.core.parameters import ParamCall, ParametersFile
    from mkdocs_pmo.core.templates import TemplateChecker

#: MkDocs' front matter (`mkdocs.utils.meta.YAML_RE`): what it strips before a page's Markdown.
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S | re.M)

#: The suffixes of the files MkDocs builds as pages (`mkdocs.utils.markdown_extensions`).
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")

#: What MkDocs always leaves out of `docs_dir` (`mkdocs.structure.files._default_exclude`).
DEFAULT_EXCLUDE = (".*", "/templates/")


def docs_files(docs_dir: Path, exclude: Iterable[str] = ()) -> tuple[set[str], set[str]]:
    """Every file of `docs_dir` (any type), as `(built, excluded)` paths relative to it."""
    spec = pathspec.gitignore.GitIgnoreSpec.from_lines([*DEFAULT_EXCLUDE, *exclude])
    built: set[str] = set()
    excluded: set[str] = set()
    if not docs_dir.is_dir():
        return built, excluded
    for dirpath, _, filenames in os.walk(docs_dir, followlinks=True):  # as MkDocs walks it
        rel_dir = os.path.relpath(dirpath, docs_dir).replace(os.sep, "/")
        rel_dir = "" if rel_dir == "." else rel_dir + "/"
        for name in filenames:
            uri = rel_dir + name
            (excluded if spec.match_file(uri) else built).add(uri)
    return built, excluded


def page_anchors_reader(
    docs_dir: Path, pattern: re.Pattern[str], anchors: AnchorIndex
) -> Callable[[str], frozenset[str] | None]:
    """The ids of a page of `docs_dir` by its path there, read when first asked (None: none)."""
    from mkdocs_pmo.core.anchors import page_anchors

    known: dict[str, frozenset[str] | None] = {}

    def read(uri: str) -> frozenset[str] | None:
        if uri not in known:
            try:
                text = (docs_dir / uri).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError, ValueError):
                known[uri] = None
                return None
            _, markdown, first_line = split_page(text)
            headings = scan_body(markdown, first_line, pattern).headings
            known[uri] = page_anchors(
                markdown, first_line, headings, (), anchors.toc, anchors.titles
            )
        return known[uri]

    return read


def markdown_pages(files: Iterable[str]) -> list[str]:
    """The pages among `files` (paths in `docs_dir`, from `docs_files`), in order."""
    return sorted(uri for uri in files if uri.endswith(MARKDOWN_SUFFIXES))


def links_outside_conditionals(
    links: Sequence[PlainLink], markdown: str, first_line: int, templates: TemplateChecker | None
) -> Sequence[PlainLink]:
    """`links` but those inside a template's `{% if %}`-like blocks, which rendering decides."""
    if not links or templates is None or templates.settings.block_start not in markdown:
        return links
    skipped = conditional_lines(markdown, first_line)
    return [link for link in links if link.line not in skipped]


def check_pages(
    root: Path,
    docs_dir: str,
    pages: Iterable[str],
    pattern: re.Pattern[str],
    corpus: Corpus,
    unloaded: Mapping[str, str],
    *,
    anchors: AnchorIndex | None = None,
    templates: TemplateChecker | None = None,
    parameters: ParametersFile | None = None,
    known_parameters: Collection[str] | None = None,
    without_macros: list[tuple[str, ParamCall]] | None = None,
    site: SiteFiles | None = None,
    anchors_of: Callable[[str], frozenset[str] | None] | None = None,
) -> Iterator[Issue]:
    """Problems of the links, templates and `param()` calls of the `pages` of `root/docs_dir`.

    Locations are paths from the project root (`docs/index.md:3:5`). An unreadable page is left
    to MkDocs, which reports it itself. `param()` calls naming no parameter of `parameters`
    are `pmo.unknown-parameter` in pages the macros plugin renders; on a site without it
    (`without_macros` given), each page's first call is appended to `without_macros` (the
    pipeline reports them once for the site, with the documents'). With `site` (the build's
    files) and `anchors_of` (a page's ids by its path in the site), Markdown links and images
    are checked as documents' are (`markdown_links.markdown_link_issues`).
    """
    folder = root / docs_dir
    suggester = IdSuggester(corpus.by_id)
    for uri in pages:
        try:
            data = (folder / uri).read_bytes()
        except OSError:
            continue  # MkDocs reports it
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:  # MkDocs stops the build with a traceback
            line = data.count(b"\n", 0, exc.start) + 1
            col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            yield Issue(
                IssueCode.ENCODING,
                f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8",
                SourceLocation(f"{docs_dir}/{uri}", line, col),
            )
            continue
        if templates is not None:
            yield from _template_issues(
                templates, f"{docs_dir}/{uri}", text, parameters, known_parameters, corpus
            )
        elif without_macros is not None and "param" in text:
            _, markdown, first_line = split_page(text)
            if calls := param_calls(markdown, first_line):
                masked = scan_body(markdown, first_line, pattern).html_text
                calls = [c for c in mark_code(calls, masked, first_line) if not c.in_code]
            if calls:
                without_macros.append((f"{docs_dir}/{uri}", calls[0]))
        reads = (
            _as_markdown_reads(text, templates)
            if "](" in text or "]:" in text or "[[" in text
            else text
        )
        if site is not None and anchors_of is not None and ("](" in text or "]:" in text):
            _, markdown, first_line = split_page(reads)
            found = links_outside_conditionals(
                scan_body(markdown, first_line, pattern).plain_links,
                markdown,
                first_line,
                templates,
            )
            yield from markdown_link_issues(f"{docs_dir}/{uri}", uri, found, site, anchors_of)
        if "[[" in text:
            scan = scan_body(reads, 1, pattern)
            yield from link_issues(
                f"{docs_dir}/{uri}",
                scan.links,
                corpus.by_id,
                unloaded,
                anchors=anchors,
                suggester=suggester,
                near=near_misses(scan.html_text, 1, pattern, scan.links),
            )


def _as_markdown_reads(text: str, templates: TemplateChecker | None) -> str:
    """A page's text with its template comments blanked when the macros plugin renders it."""
    if templates is None or templates.settings.comment_start not in text:
        return text
    meta, markdown, _ = split_page(text)
    if not templates.renders(markdown, meta):
        return text
    s = templates.settings
    return blank_comments(text, s.comment_start, s.comment_end, s.block_start)


def split_page(text: str) -> tuple[dict[str, Any], str, int]:
    """`(meta, markdown, first line of markdown)` of a page, as MkDocs' `get_data` splits it."""
    m = FRONT_MATTER.match(text)
    if m is None:
        return {}, text, 1
    try:
        meta = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        return {}, text, 1  # MkDocs then keeps the page whole, as Markdown
    if not isinstance(meta, dict):
        return {}, text, 1
    return meta, text[m.end() :], m.group(0).count("\n") + 1


def _template_issues(
    templates: TemplateChecker,
    uri: str,
    text: str,
    parameters: ParametersFile | None,
    known_parameters: Collection[str] | None,
    corpus: Corpus,
) -> list[Issue]:
    if not any(start in text for start in templates.starts):
        return []
    meta, markdown, first_line = split_page(text)
    if not templates.renders(markdown, meta):
        return []
    names = [str(k) for k in meta]
    issues = templates.check(markdown, uri, first_line, names, known_parameters)
    if macro_calls := templates.macro_calls(markdown, first_line, names):
        from mkdocs_pmo.core.templates import macro_call_issues  # Jinja: sites with macros only

        issues.extend(macro_call_issues(uri, macro_calls, corpus.kinds.values(), corpus.by_id))
    if includes := templates.includes(markdown, first_line):
        issues.extend(templates.include_issues(uri, includes, names))
    issues.sort(key=lambda i: i.location.line)
    if parameters is not None and "param" in markdown:
        calls = param_calls(markdown, first_line)
        issues.extend(unknown_parameters(uri, calls, parameters.parameters, parameters.broken))
    return issues
