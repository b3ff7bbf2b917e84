"""What a document's page gets beyond its Markdown; the references its text could not resolve."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from mkdocs_pmo.core.body import scan_body
from mkdocs_pmo.core.html_safety import sanitize_html
from mkdocs_pmo.core.issues import Issue, IssueCode, Report, SourceLocation
from mkdocs_pmo.core.template_lines import source_line
from mkdocs_pmo.site.feed import FEED_URI
from mkdocs_pmo.site.render import relation_groups
from mkdocs_pmo.site.urls import root_prefix

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page

    from mkdocs_pmo.core.model import BodyLink, Corpus, Document
    from mkdocs_pmo.site.state import BuildState


#: Where the card's fields go once search has indexed the page (see `page_end`).
CARD_FIELDS = "<!-- pmo:card-fields -->"


def page_top(state: BuildState, doc: Document, page: Page, html: str, *, sanitize: bool) -> str:
    """`html`, the body of `doc`'s page, sanitised, with its banner, card and Why block.

    The card holds what search should index of it (summary, owner); its other fields stand as a
    comment until `page_end`. The Why block comes right under the card, before any
    introduction, so that the reason for the rule is on the first screen of the page.
    """
    corpus = state.corpus
    assert corpus is not None
    if sanitize:
        html = sanitize_html(html)
    prefix = root_prefix(page.url)
    kind = corpus.kinds.get(doc.kind)
    kind_label = kind.singular if kind else "document"
    successors = [state.link_to(d, prefix) for d in corpus.successors(doc)]
    templates = state.templates
    why, html = templates.why(html)
    top = templates.banner(doc, kind_label, successors) + templates.card(doc, CARD_FIELDS) + why
    if html.lstrip().startswith("<h1"):
        end = html.find("</h1>") + len("</h1>")
        return html[:end] + top + html[end:]
    return top + html


def page_end(state: BuildState, doc: Document, page: Page, content: str) -> str:
    """`doc`'s page `content` once search has indexed it, completed.

    The card gets its fields; relations (and the neighbourhood graph) and history go at its end.
    Sets `page.meta["pmo_mermaid"]` when the page gets a graph, so templates can load Mermaid.
    """
    corpus = state.corpus
    assert corpus is not None
    prefix = root_prefix(page.url)
    groups = relation_groups(
        corpus.outgoing(doc),
        corpus.incoming(doc.id),
        lambda d: state.link_to(d, prefix).url,
        state.drawings,
        {kind.name: kind.plural for kind in corpus.kinds.values()},
    )
    if groups:
        page.meta["pmo_mermaid"] = True
    history = state.templates.history(
        state.history, doc.id, commit_url=state.commit_url, feed_url=prefix + FEED_URI
    )
    content = with_card_fields(state, doc, content)
    return content + state.templates.relations(doc, groups) + history


def with_card_fields(state: BuildState, doc: Document, html: str) -> str:
    """`html`, a body of `doc` from `page_top`, with its card's fields in place."""
    return html.replace(CARD_FIELDS, state.templates.card_fields(doc, state.today), 1)


def resolves(corpus: Corpus, link: BodyLink) -> bool:
    """Whether a link's document (and requirement, for `[[ID.R3]]`) exists."""
    doc = corpus.get(link.target)
    if doc is None:
        return False
    return not link.requirement or link.requirement in doc.requirements_by_number


def unresolved_references(state: BuildState, page: Page) -> list[Issue]:
    """An issue, at its file line, for each unknown `[[ID]]` on `page` not reported before.

    Before: by the check that runs ahead of the build. The renderer is the final judge of what
    is a reference; `pmo check` finds the same ones before the build, so these appear only if
    the two ever disagree. Levelled like the check's issues (`validation:` in mkdocs.yml).
    """
    corpus = state.corpus
    unknown = [ref for ref in state.links.rendered if not ref.known]
    if not unknown or corpus is None:
        return []
    try:
        source = page.file.content_string
    except (OSError, ValueError):
        source = ""
    doc = state.document(page.file.src_uri, page.file)
    uri = doc.uri if doc is not None else state.edit_prefix + page.file.src_uri
    links = doc.body_links if doc is not None else scan_body(source, 1, state.checker.pattern).links
    reported = Counter(
        (link.target, link.requirement) for link in links if not resolves(corpus, link)
    )
    report = Report(levels=state.settings.levels)
    rendered = page.markdown or ""
    searched_from: dict[str, int] = {}
    for ref in unknown:
        if reported[(ref.target, ref.requirement)]:
            reported[(ref.target, ref.requirement)] -= 1
            continue
        # Its place in the file; one that only the page's template makes, the template's line.
        written = source.find(ref.source) != -1
        text = source if written else rendered
        at = text.find(ref.source, searched_from.get(ref.source, 0))
        searched_from[ref.source] = at + 1 if at != -1 else 0
        line = col = 0
        if at != -1 and written:
            line = source.count("\n", 0, at) + 1
            col = at - source.rfind("\n", 0, at)
        elif at != -1:
            line = source_line(source, rendered, at)
        target = corpus.get(ref.target)
        what = (
            f"{ref.target} has no requirement R{ref.requirement}"
            if target is not None
            else f"no document has the ID {ref.target}"
        )
        made = "" if written else " (made by the page's template)"
        report.add(
            IssueCode.DANGLING_REF,
            f"link {ref.source}{made}: {what}",
            SourceLocation(uri, line, col),
        )
    return report.issues
