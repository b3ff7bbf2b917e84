"""Mermaid relationship graphs: the whole catalogue, and one document's neighbourhood."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from mkdocs_pmo.core.model import BODY_LINK_INCOMING
from mkdocs_pmo.pages.model import CATALOGUE, GeneratedPage
from mkdocs_pmo.pages.text import (
    md_text,
    mermaid_id,
    mermaid_label,
    page_url,
    root_prefix,
    safe_url,
)

if TYPE_CHECKING:
    from mkdocs_pmo.core.model import Corpus, Document

#: Arrow per relation name; body `[[ID]]` links use `_BODY`.
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


def _node(doc: Document, *, title: bool = True) -> str:
    return _node_text(doc.id, doc.kind, doc.title if title else "")


@functools.lru_cache(maxsize=65536)
def _node_text(doc_id: str, kind: str, title: str) -> str:
    """A node declaration; cached because a document appears in many neighbourhoods."""
    start, end = _SHAPES.get(kind, _OTHER_SHAPE)
    label = f"{doc_id} · {title}" if title else doc_id
    return f"{mermaid_id(doc_id)}{start}{mermaid_label(label)}{end}"


#: (source ID, arrow, label, target ID) of one arrow of a graph.
Edge = tuple[str, str, str, str]


def _declared_edges(corpus: Corpus, doc: Document, *, structural: bool = False) -> list[Edge]:
    """The arrows `doc` declares (front-matter relations, then body links), one per pair.

    `superseded_by: [X]` is drawn as X's *supersedes*, so that both declarations make one
    arrow. `structural` keeps only *implements* and *supersedes*: on the whole-catalogue graph,
    `related` and body links would turn the picture into a hairball.
    """
    edges: list[Edge] = []
    seen: set[tuple[str, str]] = set()

    def add(source: str, arrow: str, label: str, target: str) -> None:
        pair = (source, target)
        if source != target and pair not in seen and source in corpus and target in corpus:
            seen.add(pair)
            edges.append((source, arrow, label, target))

    for name, targets in doc.relations.items():
        if structural and name == "related":
            continue
        link_type = corpus.link_types.get(name)
        label = (link_type.outgoing if link_type else name).lower()
        for target in targets:
            if name == "superseded_by":
                add(target, "==>", "supersedes", doc.id)
            else:
                add(doc.id, _ARROWS.get(name, "-->"), label, target)
    if not structural:
        for link in doc.body_links:
            add(doc.id, _BODY, "links to", link.target)
    return edges


def _edges(corpus: Corpus, docs: set[str], *, structural: bool = False) -> list[Edge]:
    """Arrows between documents of `docs`, one per pair (see `_declared_edges`)."""
    edges: list[Edge] = []
    seen: set[tuple[str, str]] = set()
    for doc in corpus:
        for edge in _declared_edges(corpus, doc, structural=structural):
            pair = (edge[0], edge[3])
            if edge[0] in docs and edge[3] in docs and pair not in seen:
                seen.add(pair)
                edges.append(edge)
    return edges


def _lines(
    corpus: Corpus,
    nodes: list[Document],
    from_uri: str,
    directory_urls: bool,
    *,
    centre: str = "",
    structural: bool = False,
) -> list[str]:
    ids = {d.id for d in nodes}
    lines = ["flowchart LR"]
    if structural:
        # One column per kind, so implements-arrows run from playbooks to standards.
        for kind in corpus.kinds.values():
            members = [d for d in nodes if d.kind == kind.name]
            if members:
                lines.append(
                    f'    subgraph {mermaid_id("kind-" + kind.name)}["{mermaid_label(kind.title)}"]'
                )
                lines += [f"        {_node(d)}" for d in members]
                lines.append("    end")
        known = {k for k in corpus.kinds}
        lines += [f"    {_node(d)}" for d in nodes if d.kind not in known]
    else:
        lines += [f"    {_node(d)}" for d in nodes]
    for source, arrow, label, target in _edges(corpus, ids, structural=structural):
        if structural:
            lines.append(f"    {mermaid_id(source)} {arrow} {mermaid_id(target)}")
        else:
            lines.append(
                f'    {mermaid_id(source)} {arrow}|"{mermaid_label(label)}"| {mermaid_id(target)}'
            )
    lines += _styles(nodes, from_uri, directory_urls, centre=centre)
    return lines


def _styles(
    nodes: list[Document], from_uri: str, directory_urls: bool, *, centre: str
) -> list[str]:
    """Status classes and click-through links for `nodes`.

    Links are `root_prefix(page) + page URL`: one concatenation per node, where a shortest
    relative path per (page, node) pair cost most of each document page's graph.
    """
    base = root_prefix(page_url(from_uri, directory_urls=directory_urls))
    lines = list(_CLASS_DEFS)
    for doc in nodes:
        cls_line, click_head, click_tail = _node_style(
            doc.id, doc.status, doc.summary or doc.title, doc.uri, directory_urls
        )
        if cls_line:
            lines.append(cls_line)
        if doc.id == centre:
            lines.append(f"    class {mermaid_id(doc.id)} centre")
        elif click_head:
            lines.append(click_head + base + click_tail)
    return lines


_CLASS_DEFS = (
    *(f"    classDef {status} {style}" for status, style in _STATUS_STYLES.items()),
    "    classDef centre stroke-width:3px",
)


@functools.lru_cache(maxsize=65536)
def _node_style(
    doc_id: str, status: str, tip: str, uri: str, directory_urls: bool
) -> tuple[str, str, str]:
    """(class line, click line up to the root prefix, rest of the click line) of a node."""
    node = mermaid_id(doc_id)
    cls_line = f"    class {node} {status}" if status in _STATUS_STYLES else ""
    url = safe_url(page_url(uri, directory_urls=directory_urls))
    if url is None:
        return cls_line, "", ""
    return cls_line, f'    click {node} href "', f'{url}" "{mermaid_label(tip)}"'


def _fence(lines: list[str]) -> str:
    return "```mermaid\n" + "\n".join(lines) + "\n```\n"


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


@functools.lru_cache(maxsize=256)
def _edge_label(arrow: str, label: str) -> str:
    return f'{arrow}|"{mermaid_label(label)}"|'


def graph_page(corpus: Corpus, *, directory_urls: bool = True) -> GeneratedPage:
    """The whole catalogue as one Mermaid graph, nodes styled by status and shaped by kind."""
    uri = f"{CATALOGUE}/graph.md"
    nodes = list(corpus)
    shape_names = {"standard": "rectangles", "playbook": "rounded boxes"}
    shapes = ", ".join(
        f"{md_text(kind.title.lower())} as {shape_names.get(kind.name, 'stadiums')}"
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
        _fence(_lines(corpus, nodes, uri, directory_urls, structural=True)),
    ]
    return GeneratedPage(
        uri,
        "Relationship graph",
        "\n".join(text),
        search=False,
        description="Which playbook implements which standard, and what supersedes what.",
    )
