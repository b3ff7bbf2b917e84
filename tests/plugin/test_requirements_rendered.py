"""`pmo check` finds exactly the requirements the renderer marks (one truth for both).

Every document of the repository, and a table of tricky bodies, is rendered with the site's
Markdown extensions (from the repository's `mkdocs.yml`) and the pmo extension; the numbers its
tree processor marks with `id="R<n>"` must be the numbers the core's parser finds, in order.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import markdown
import pytest

from mkdocs_pmo.core.body import link_pattern, masked_body
from mkdocs_pmo.core.model import Corpus, Document
from mkdocs_pmo.core.pipeline import DEFAULT_KINDS
from mkdocs_pmo.core.requirements import parse_requirements, requirement_openings
from mkdocs_pmo.site.links import LinkContext, PmoLinkExtension
from tests.html_markup import site_extensions

ROOT = Path(__file__).resolve().parents[2]
PATTERN = link_pattern(["STD", "PB"])

CASES = {
    "list and paragraphs": """\
        ## Requirements

        - **R1** — The sponsor MUST approve.
        - **R2**: Teams SHOULD meet.

        **R3**. A paragraph MUST count.

        1. **R4** Numbered MUST.
        """,
    "loose list with further paragraphs": """\
        ## Requirements

        - **R1** — One MUST.

            A further paragraph of R1.

        - **R2** — Two MUST.

              indented more: still R2

        * **R3** — Three MUST.
        """,
    "indented paragraph then item without blank line": """\
        ## Requirements

        - **R1** — One MUST.

            A further paragraph of R1.
        - **R2** — inside R1's paragraph in python-markdown.

        - **R3** — Three MUST.
        """,
    "nested items and lazy lines": """\
        ## Requirements

        - **R1** — MUST include:
            - **R5** nested, part of R1
        lazy line of R1
          - **R2** — two spaces: a sibling in python-markdown
        """,
    "paragraph first, then a list without a blank line": """\
        ## Requirements

        Intro:
        - **R1** — part of the paragraph.

        - **R2** — a list item MUST.
        """,
    "code, fences, html": """\
        ## Requirements

        `**R1**` MUST not count.

            **R2** indented code

        ```text
        **R3** fenced
        ```

        <div markdown>
        **R4** in HTML
        </div>

        **R5** MUST count.
        """,
    "sections": """\
        **R1** before the section.

        ## Requirements { #reqs }

        **R2** MUST.

        ### Sub-heading

        - **R3** — MUST.

        ## requirements

        - **R4** — a second section with that title.

        # Next

        - **R5** — MUST not count.
        """,
    "headings as python-markdown reads them": """\
        ##Requirements

        - **R1** — no space after the hashes: still the section.

         ## Requirements

        - **R2** — a leading space: not a heading, still the section above.

        ### Requirements

        - **R3** — level 3 stays in the section.

        #Next

        - **R4** — not in a section.

        ## Requirements ##

        - **R5** — closing hashes.
        """,
    "admonitions and tabs": """\
        ## Requirements

        - **R1** — MUST.

        !!! note
            **R2** in a note

        - **R3** — after the note MUST.
        """,
    "tabs and spaces": "## Requirements\n\n-\t**R1** — tab after the marker\n\n   **R2** three spaces\n",
    "duplicates and bad numbers": """\
        ## Requirements

        - **R1** — MUST.
        - **R1** — again.
        - **R01** — leading zero.
        - **R0** — zero.
        - ** R2** — spaced.
        - **R3**text without separator MUST.
        """,
}


def _corpus() -> Corpus:
    return Corpus([], DEFAULT_KINDS)


def _rendered(body: str) -> tuple[list[int], str]:
    names, configs = site_extensions()
    context = LinkContext(corpus=_corpus(), page_uri="standards/x.md")
    md = markdown.Markdown(
        extensions=[*names, PmoLinkExtension(PATTERN, context)], extension_configs=configs
    )
    html = md.convert(body)
    return context.requirements, html


def _found(body: str) -> list[int]:
    found = requirement_openings(body, masked_body(body))
    # Numbers written with a leading zero, or zero, are errors of the check; never marked.
    return [f.number for f in found if f.number > 0]


@pytest.mark.parametrize("name", list(CASES))
def test_fixture_bodies(name: str) -> None:
    body = textwrap.dedent(CASES[name])
    rendered, _ = _rendered(body)
    assert _found(body) == rendered


def _repository_bodies() -> list[tuple[str, str]]:
    bodies = []
    for folder in ("standards", "playbooks"):
        for path in sorted((ROOT / folder).glob("**/*.md")):
            text = path.read_text(encoding="utf-8")
            body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
            bodies.append((path.relative_to(ROOT).as_posix(), body))
    return bodies


def test_repository_documents() -> None:
    bodies = _repository_bodies()
    assert bodies
    for uri, body in bodies:
        rendered, _ = _rendered(body)
        assert _found(body) == rendered, uri


def test_marked_elements_carry_anchor_keyword_and_id() -> None:
    body = textwrap.dedent(CASES["loose list with further paragraphs"])
    doc = Document(
        id="STD-009",
        kind="standard",
        uri="standards/x.md",
        title="X",
        status="active",
        owner="PMO",
        summary="S.",
        meta={},
        body=body,
        body_line=1,
        requirements=tuple(parse_requirements("STD-009", "standards/x.md", body, 1).requirements),
    )
    names, configs = site_extensions()
    context = LinkContext(corpus=Corpus([doc], DEFAULT_KINDS), page_uri="standards/x.md")
    md = markdown.Markdown(
        extensions=[*names, PmoLinkExtension(PATTERN, context)], extension_configs=configs
    )
    html = md.convert(body + "\nSee [[STD-009.R2]] and [[STD-009.R7]].\n")
    items = re.findall(r"<li ([^>]*)>", html)
    assert items == [
        'class="pmo-req pmo-req--must" data-pmo-req="STD-009.R1" id="R1"',
        'class="pmo-req pmo-req--must" data-pmo-req="STD-009.R2" id="R2"',
        'class="pmo-req pmo-req--must" data-pmo-req="STD-009.R3" id="R3"',
    ]
    assert (
        '<a class="pmo-ref pmo-ref--req pmo-ref--active" href="x.md#R2" '
        'title="Two MUST. indented more: still R2">STD-009 R2</a>'
    ) in html
    assert '<span class="pmo-broken" title="Unknown requirement">[[STD-009.R7]]</span>' in html
    assert [(r.target, r.requirement, r.known) for r in context.rendered] == [
        ("STD-009", 2, True),
        ("STD-009", 7, False),
    ]
