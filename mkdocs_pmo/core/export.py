"""The machine-readable catalogue: every document with its metadata and relations both ways."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from mkdocs_pmo import __version__

if TYPE_CHECKING:
    from collections.abc import Callable

    from mkdocs_pmo.core.model import Corpus, Document

#: Version of the export format; bump on incompatible changes (schemas/catalogue.schema.json).
FORMAT_VERSION = 1


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
        "why_first_sentence": doc.why_first_sentence,
        "relations": {name: list(targets) for name, targets in sorted(doc.relations.items())},
        "links": body_targets,
        "incoming": {
            _key(label): [d.id for d in docs] for label, docs in corpus.incoming(doc.id).items()
        },
        "meta": _json_safe(doc.meta),
    }


def catalogue(corpus: Corpus, url_for: Callable[[Document], str]) -> dict[str, Any]:
    """The whole catalogue as JSON-ready data, valid against `schemas/catalogue.schema.json`.

    Args:
        corpus: The checked catalogue.
        url_for: The published URL of a document (absolute, or relative to the site root).
    """
    documents = [document_entry(corpus, doc, url_for(doc)) for doc in corpus]
    return {
        "generated_by": f"mkdocs-pmo {__version__}",
        "version": FORMAT_VERSION,
        "count": len(documents),
        "kinds": {
            kind.name: {"folder": kind.folder, "prefix": kind.prefix, "label": kind.title}
            for kind in corpus.kinds.values()
        },
        "documents": documents,
    }
