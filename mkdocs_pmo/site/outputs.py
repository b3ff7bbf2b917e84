"""Files written after the build: the published schemas, the catalogue export and the feed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs_pmo.core.export import catalogue, requirements_csv
from mkdocs_pmo.site import feed
from mkdocs_pmo.site.files import schema_dirs
from mkdocs_pmo.site.urls import absolute_url

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from mkdocs_pmo.core.model import Document
    from mkdocs_pmo.site.state import BuildState


#: The requirements export, at the site root (written when any document has requirements).
REQUIREMENTS_CSV = "requirements.csv"


def write_outputs(state: BuildState, config: MkDocsConfig, *, export: str) -> None:
    """Write the schemas, the catalogue export, `requirements.csv` and `feed.xml`.

    `schemas/*.json` always; the export at `export` if set; the CSV if any document has
    requirements.
    """
    corpus = state.corpus
    assert corpus is not None
    site = Path(config.site_dir)
    for folder in schema_dirs(state.settings):
        for path in sorted(folder.glob("*.json")):
            (site / "schemas").mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, site / "schemas" / path.name)

    def url_for(doc: Document) -> str:
        return absolute_url(config.site_url, state.urls.get(doc.id, ""))

    if export:
        data = catalogue(corpus, url_for)
        target = site / export
        target.parent.mkdir(parents=True, exist_ok=True)
        # Compact: it is for tools, and at thousands of documents indentation doubles its size.
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        target.write_text(text + "\n", encoding="utf-8")
    if any(doc.requirements for doc in corpus):
        text = requirements_csv(corpus, url_for)
        (site / REQUIREMENTS_CSV).write_text(text, encoding="utf-8")
    xml = feed.render_atom(
        state.history.entries(),
        title=config.site_name,
        site_url=config.site_url or "",
        url_for=lambda doc_id: state.urls.get(doc_id),
    )
    (site / feed.FEED_URI).write_text(xml, encoding="utf-8")
