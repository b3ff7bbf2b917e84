"""The site's real Markdown renderer, built from the repository's `mkdocs.yml`, for comparisons.

`markdown_extensions` is read from the real `mkdocs.yml` (with `yaml.unsafe_load`, here in the
tests only, to resolve its `!!python/name:` values), so the comparison stays in step with the
site's configuration; the `[[ID]]` processor is added as the plugin adds it.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import markdown
import yaml

from mkdocs_pmo.core.body import link_pattern
from mkdocs_pmo.core.model import Corpus, Document
from mkdocs_pmo.core.pipeline import DEFAULT_KINDS
from mkdocs_pmo.site.links import LinkContext, PmoLinkExtension

ROOT = Path(__file__).resolve().parents[2]
PATTERN = link_pattern(["STD", "PB"])
_PLACEHOLDER = re.compile("\x02[^\x02\x03]*\x03")

Ref = tuple[str, str, str]


def markdown_extensions(
    config_path: Path = ROOT / "mkdocs.yml",
) -> tuple[list[str], dict[str, Any]]:
    """`markdown_extensions` of a `mkdocs.yml`: names, and their configurations."""
    # A trusted repository file; `!ENV` (the site URL) is not needed here.
    loader = type("_Loader", (yaml.UnsafeLoader,), {})
    loader.add_constructor("!ENV", lambda _loader, _node: None)
    config = yaml.load(config_path.read_text(encoding="utf-8"), Loader=loader)
    names: list[str] = []
    configs: dict[str, Any] = {}
    for entry in config["markdown_extensions"]:
        if isinstance(entry, dict):
            ((name, options),) = entry.items()
            names.append(name)
            configs[name] = options or {}
        else:
            names.append(entry)
    return names, configs


#: The documents the generated references point at (`markdown_documents.REFS`).
KNOWN_IDS = ("STD-001", "PB-002", "STD-003", "PB-004", "STD-005")


def _catalogue() -> Corpus:
    docs = []
    for doc_id in KNOWN_IDS:
        kind = "standard" if doc_id.startswith("STD") else "playbook"
        docs.append(
            Document(
                id=doc_id,
                kind=kind,
                uri=f"{kind}s/{doc_id}.md",
                title=f"Title of {doc_id}",
                status="active",
                owner="PMO",
                summary="A summary.",
                meta={},
                body="",
                body_line=1,
            )
        )
    return Corpus(docs, DEFAULT_KINDS)


class Renderer:
    """python-markdown with the site's extensions and the `[[ID]]` processor.

    The references point at existing documents, as in a real build. (An unknown reference is
    rendered as its source text; when its `|text` holds an inline placeholder, that text is
    no longer atomic once the placeholder is resolved, and the renderer records the reference
    a second time if it visits the element again, as it does inside a footnote. That is a
    rendering quirk, not something a scanner should reproduce.)
    """

    def __init__(self) -> None:
        names, configs = markdown_extensions()
        self.context = LinkContext(corpus=_catalogue(), page_uri="standards/page.md")
        self.md = markdown.Markdown(
            extensions=[*names, PmoLinkExtension(PATTERN, self.context)],
            extension_configs=configs,
        )

    def refs(self, text: str) -> list[Ref]:
        """`(target, anchor, text)` of every reference the renderer records, in its order."""
        self.md.reset()
        self.context.rendered.clear()
        self.md.convert(text)
        return [(r.target, r.anchor, r.text) for r in self.context.rendered]


@functools.cache
def renderer() -> Renderer:
    return Renderer()


def same_text(scanned: str, rendered: str) -> bool:
    """Whether the scanner's text is the renderer's.

    Where the renderer's text holds inline placeholders (code spans, escapes, inline HTML or
    line breaks inside `|text`), each stands for some source text: the scanner gives the source.
    """
    if "\x02" not in rendered:
        return scanned == rendered
    parts = _PLACEHOLDER.split(rendered)
    regex = ".+?".join(re.escape(part) for part in parts)
    return re.fullmatch(regex, scanned, re.DOTALL) is not None


def same_refs(scanned: list[Ref], rendered: list[Ref]) -> bool:
    return len(scanned) == len(rendered) and all(
        s[:2] == r[:2] and same_text(s[2], r[2]) for s, r in zip(scanned, rendered, strict=True)
    )
