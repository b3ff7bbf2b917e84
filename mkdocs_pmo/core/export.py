"""The machine-readable catalogue: every document with its metadata and relations both ways."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from mkdocs_pmo import __version__
from mkdocs_pmo.core.parameters import PARAMS, parameters_used

if TYPE_CHECKING:
    from collections.abc import Callable

    from mkdocs_pmo.core.model import Corpus, Document, Requirement

#: Version of the export format; bump on incompatible changes (schemas/catalogue.schema.json).
#: 2: documents' requirements; the facets and parameters.
FORMAT_VERSION = 2


def _json_safe(value: Any) -> Any:
    """`value` with dates as ISO strings and anything unknown as its string.

    Strings, the bulk of front matter, are passed over without a call.
    """
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, Mapping):
        return {str(k): v if type(v) is str else _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [v if type(v) is str else _json_safe(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@functools.lru_cache(maxsize=256)
def _key(label: str) -> str:
    """`Implemented by` → `implemented_by`."""
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def document_entry(corpus: Corpus, doc: Document, url: str) -> dict[str, Any]:
    """One document of the export."""
    body_targets: list[str] = []
    for link in doc.body_links:
        if link.target in corpus and link.target != doc.id and link.target not in body_targets:
            body_targets.append(link.target)
    return {
        "id": doc.id,
        "kind": doc.kind,
        "title": doc.title,
        "status": doc.status,
        "owner": doc.owner,
        "summary": doc.summary,
        "version": doc.version or None,
        "tags": list(doc.tags),
        "effective": _date(doc.effective),
        "last_reviewed": _date(doc.last_reviewed),
        "review_due": _date(doc.review_due),
        "path": doc.uri,
        "url": url,
        "why_first_sentence": corpus.why_first_sentence(doc),
        "relations": {name: list(targets) for name, targets in sorted(doc.relations.items())},
        "links": body_targets,
        "incoming": {
            _key(label): [d.id for d in docs] for label, docs in corpus.incoming(doc.id).items()
        },
        "meta": _json_safe(doc.meta),
        "requirements": [requirement_entry(req) for req in doc.requirements],
    }


def requirement_entry(req: Requirement) -> dict[str, Any]:
    """One requirement of the export: whom it binds, its keyword, its text and parameters."""
    return {
        "id": req.id,
        "number": req.number,
        "keyword": req.keyword or None,
        "text": req.text,
        "applies_to": {facet: list(values) for facet, values in req.applies_to.items()},
        "parameters": list(req.parameters),
    }


def used_by(corpus: Corpus) -> dict[str, list[str]]:
    """Parameter name → IDs of the requirements whose text uses it (catalogue order)."""
    found: dict[str, list[str]] = {name: [] for name in corpus.parameters}
    for doc in corpus:
        for req in doc.requirements:
            for name in req.parameters:
                found.setdefault(name, []).append(req.id)
    return found


def used_in(corpus: Corpus) -> dict[str, list[str]]:
    """Parameter name → IDs of the documents that show it (`param()` or `params.<name>`).

    Catalogue order; a document whose requirements use a parameter is among them.
    """
    found: dict[str, list[str]] = {name: [] for name in corpus.parameters}
    for doc in corpus:
        if doc.param_calls or PARAMS in doc.body:
            for name in sorted(parameters_used(doc)):
                found.setdefault(name, []).append(doc.id)
    return found


def catalogue(corpus: Corpus, url_for: Callable[[Document], str]) -> dict[str, Any]:
    """The whole catalogue as JSON-ready data, valid against `schemas/catalogue.schema.json`.

    Args:
        corpus: The checked catalogue.
        url_for: The published URL of a document (absolute, or relative to the site root).
    """
    documents = [document_entry(corpus, doc, url_for(doc)) for doc in corpus]
    users = used_by(corpus)
    documents_using = used_in(corpus)
    return {
        "generated_by": f"mkdocs-pmo {__version__}",
        "version": FORMAT_VERSION,
        "count": len(documents),
        "kinds": {
            kind.name: {"folder": kind.folder, "prefix": kind.prefix, "label": kind.title}
            for kind in corpus.kinds.values()
        },
        "facets": [
            {
                "name": facet.name,
                "label": facet.label,
                "values": [{"key": key, "label": label} for key, label in facet.values],
            }
            for facet in corpus.facets
        ],
        "parameters": [
            {
                "name": p.name,
                "value": p.value,
                "unit": p.unit,
                "label": p.label,
                "owner": p.owner,
                "why": p.why,
                "used_by": users.get(p.name, []),
                "documents": documents_using.get(p.name, []),
            }
            for p in corpus.parameters.values()
        ],
        "documents": documents,
    }


#: Characters that make a spreadsheet read a cell as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


#: Between the values of one cell of `requirements.csv` (facet values, parameter names).
LIST_SEPARATOR = "; "


def _cell(text: str) -> str:
    """A text cell a spreadsheet shows as text: a leading formula character is quoted with '."""
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def requirements_csv(corpus: Corpus, url_for: Callable[[Document], str]) -> str:
    """`requirements.csv`: one row per requirement, one column per facet.

    Columns: `id,document,status,number,keyword,text,<facet>...,parameters,url` (`status`: the
    document's, so that requirements no longer or not yet in force can be told apart). A cell of
    several values (a facet's, the parameters) joins them with `LIST_SEPARATOR`.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["id", "document", "status", "number", "keyword", "text"]
        + [facet.name for facet in corpus.facets]
        + ["parameters", "url"]
    )
    for doc in corpus:
        url = url_for(doc)
        for req in doc.requirements:
            writer.writerow(
                [req.id, doc.id, doc.status, req.number, req.keyword, _cell(req.text)]
                + [LIST_SEPARATOR.join(req.applies_to.get(f.name, ())) for f in corpus.facets]
                + [LIST_SEPARATOR.join(req.parameters), f"{url}#{req.anchor}"]
            )
    return out.getvalue()
