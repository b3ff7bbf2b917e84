"""The whole-catalogue Mermaid graph, and how a page's neighbourhood graph draws relations.

The neighbourhood graph itself is drawn in the browser by `assets/pmo/pmo-graph.js`.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from mkdocs_pmo.core.model import BODY_LINK_INCOMING
from mkdocs_pmo.site.pages.model import CATALOGUE, GeneratedPage
from mkdocs_pmo.site.pages.text import (
    md_text,
    mermaid_id,
    mermaid_label,
    raw_block,
    safe_url,
)
from mkdocs_pmo.site.urls import page_link

if TYPE_CHECKING:
    from mkdocs_pmo.core.model import Corpus, Document

#: Arrow per relation name; body `[[ID]]` links use `_BODY`. `_STATUS_STYLES`, `_SHAPES` and
#: the label escaping are mirrored in `assets/pmo/pmo-graph.js` (a test keeps them equal).
_ARROWS = {"standards": "-->", "supersedes": "==>", "superseded_by": "==>", "related": "-.->"}
_BODY = "-.->"
_STATUS_STYLES = {
    "draft": "fill:#fff8e1,stroke:#f9a825,stroke-dasharray:4 3",
    "proposed": "fill:#e3f2fd,stroke:#1565c0,stroke-dasharray:4 3",
    "active": "fill:#e8f5e9,stroke:#2e7d32",
    "deprecated": "fill:#fff3e0,stroke:#ef6c00",
    "superseded": "fill:#eeeeee,stroke:#757575,color:#616161",
    "retired": "fill:#eeeeee,stroke:#9e9e9e,color:#9e9e9e,stroke-dasharray:2 2",
}
_SHAPES = {"standard": ('["', '"]'), "playbook": ('("', '")')}
_OTHER_SHAPE = ('(["', '"])')


def _node(doc: Document) -> str:
    """A node declaration: the shape says the kind, the label `ID · Title`."""
    start, end = _SHAPES.get(doc.kind, _OTHER_SHAPE)
    return f"{mermaid_id(doc.id)}{start}{mermaid_label(f'{doc.id} · {doc.title}')}{end}"


def _structural_edges(corpus: Corpus) -> list[tuple[str, str, str]]:
    """(source, arrow, target) for every *implements* and *supersedes*, one per pair.

    `related` and body links stay off the whole-catalogue graph: they would turn the picture
    into a hairball (each page's neighbourhood graph shows them). `superseded_by: [X]` is drawn
    as X's *supersedes*, so that both declarations make one arrow.
    """
    edges: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()

    def add(source: str, arrow: str, target: str) -> None:
        pair = (source, target)
        if source != target and pair not in seen and source in corpus and target in corpus:
            seen.add(pair)
            edges.append((source, arrow, target))

    for doc in corpus:
        for name, targets in doc.relations.items():
            if name == "related":
                continue
            for target in targets:
                if name == "superseded_by":
                    add(target, "==>", doc.id)
                else:
                    add(doc.id, _ARROWS.get(name, "-->"), target)
    return edges


def _lines(corpus: Corpus, from_uri: str, directory_urls: bool) -> list[str]:
    """The catalogue graph's lines, with status classes and click-through links.

    One column (subgraph) per kind, so implements-arrows run from playbooks to standards.
    """
    lines = ["flowchart LR"]
    for kind in corpus.kinds.values():
        members = corpus.of_kind(kind.name)
        if members:
            lines.append(
                f'    subgraph {mermaid_id("kind-" + kind.name)}["{mermaid_label(kind.title)}"]'
            )
            lines += [f"        {_node(d)}" for d in members]
            lines.append("    end")
    lines += [f"    {_node(d)}" for d in corpus if d.kind not in corpus.kinds]
    lines += [
        f"    {mermaid_id(source)} {arrow} {mermaid_id(target)}"
        for source, arrow, target in _structural_edges(corpus)
    ]
    lines += [f"    classDef {status} {style}" for status, style in _STATUS_STYLES.items()]
    for doc in corpus:
        node = mermaid_id(doc.id)
        if doc.status in _STATUS_STYLES:
            lines.append(f"    class {node} {doc.status}")
        url = safe_url(page_link(from_uri, doc.uri, directory_urls=directory_urls))
        if url is not None:
            tip = mermaid_label(doc.summary or doc.title)
            lines.append(f'    click {node} href "{url}" "{tip}"')
    return lines


def _diagram(lines: list[str]) -> str:
    """The graph as a raw HTML block, as pymdownx's `mermaid` fence makes it, for Mermaid."""
    source = escape("\n".join(lines), quote=False)
    return "\n".join(raw_block([f'<pre class="mermaid"><code>{source}</code></pre>']))


def relation_drawings(corpus: Corpus) -> dict[str, tuple[str, str, str]]:
    """Relation label → (`out` or `in`, Mermaid arrow, verb), as the relations section shows it.

    `out` draws this document → neighbour (it declared the relation); `in` draws neighbour →
    this document. `superseded_by: [X]` is X's *supersedes*, so it is drawn `in`.
    """
    drawings: dict[str, tuple[str, str, str]] = {
        BODY_LINK_INCOMING: ("in", _BODY, "refers to"),
    }
    for link_type in corpus.link_types.values():
        verb = link_type.outgoing.lower()
        arrow = _ARROWS.get(link_type.name, "-->")
        if link_type.name == "superseded_by":
            drawings[link_type.outgoing] = ("in", "==>", "supersedes")
            continue
        drawings.setdefault(link_type.outgoing, ("out", arrow, verb))
        if link_type.backlink:
            drawings.setdefault(link_type.incoming, ("in", arrow, verb))
    return drawings


def graph_page(corpus: Corpus, *, directory_urls: bool = True) -> GeneratedPage:
    """The whole catalogue as one Mermaid graph, nodes styled by status and shaped by kind."""
    uri = f"{CATALOGUE}/graph.md"
    shape_names = {"standard": "rectangles", "playbook": "rounded boxes"}
    shapes = ", ".join(
        f"{md_text(kind.plural)} as {shape_names.get(kind.name, 'stadiums')}"
        for kind in corpus.kinds.values()
    )
    text = [
        "# Relationship graph",
        "",
        f"Every document and how the catalogue hangs together: {shapes}. Thin arrows: "
        "a playbook *implements* a standard; thick arrows: a document *supersedes* another. "
        "Colour shows the status (dashed borders: not yet in force; grey: superseded or "
        "retired). Click a box to open the document; its page shows its own neighbourhood, "
        "including *related* documents and links in the text.",
        "",
        _diagram(_lines(corpus, uri, directory_urls)),
    ]
    return GeneratedPage(
        uri,
        "Relationship graph",
        "\n".join(text),
        search=False,
        description="Which playbook implements which standard, and what supersedes what.",
    )
