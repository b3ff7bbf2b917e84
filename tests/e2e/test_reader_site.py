"""The reader's site in Chromium: navigation by kind, the PMO's own tabs, the Why block on the
first screen, a readable neighbourhood graph, and the handbook printed to PDF."""

from __future__ import annotations

import io
import re
import unicodedata
from typing import TYPE_CHECKING

import pytest

from mkdocs_pmo.core.model import IN_FORCE
from tests.e2e.conftest import site_path

if TYPE_CHECKING:
    from collections.abc import Callable

    from mkdocs_pmo.core.model import Corpus, Document
    from tests.e2e.conftest import Reader

pytestmark = pytest.mark.browser


def visible_texts(reader: Reader, selector: str) -> list[str]:
    return [
        " ".join(text.split())
        for text in reader.page.locator(selector).evaluate_all(
            "els => els.filter(e => e.offsetParent !== null).map(e => e.textContent)"
        )
    ]


# --- navigation -----------------------------------------------------------------------------


def test_a_document_page_shows_its_siblings_in_the_navigation(
    reader: Reader, corpus: Corpus
) -> None:
    for kind in corpus.kinds.values():
        siblings = corpus.of_kind(kind.name)
        doc = siblings[len(siblings) // 2]
        reader.open(site_path(doc.uri))
        shown = visible_texts(reader, "nav.md-nav--primary a.md-nav__link")
        listed = [text for text in shown if re.match(r"^[A-Z]+-\d+ ", text)]
        assert listed[: len(siblings)] == [f"{d.id} {d.title}" for d in siblings], kind.name
        active = reader.page.locator("nav.md-nav--primary a.md-nav__link--active").first
        assert active.inner_text().strip().startswith(doc.id)
        # The kind's index page heads the section.
        section = reader.page.locator(".md-nav__item--active > .md-nav__link a").first
        assert (
            section.get_attribute("href", timeout=5_000)
            .rstrip("/")
            .endswith(  # type: ignore[union-attr]
                f"catalogue/{kind.folder}"
            )
        )
    assert reader.problems() == []


def test_the_tabs_are_about_the_pmo_and_the_tool_guide_is_in_the_footer(reader: Reader) -> None:
    page = reader.open("")
    tabs = visible_texts(reader, ".md-tabs__link")
    assert tabs == ["Home", "Standards", "Playbooks", "Catalogue", "Handbook"], tabs
    assert not [t for t in tabs if "mkdocs-pmo" in t.lower() or "adopt" in t.lower()], tabs
    footer = page.locator(".md-footer a", has_text="adopt it in your organisation")
    footer.click()
    page.wait_for_url(reader.url("adopt/"))
    assert "mkdocs-pmo" in page.locator("article h1").inner_text()
    assert reader.problems() == []


# --- document pages -------------------------------------------------------------------------


def test_the_why_block_starts_on_the_first_screen_of_every_document(
    open_reader: Callable[..., Reader], corpus: Corpus
) -> None:
    """The Why heading and the first line of its text are visible without scrolling.

    On every document, whatever its status (a banner for one no longer in force adds height).
    """
    with_why = [d for d in corpus if d.why is not None]
    assert with_why
    late: list[str] = []
    for width in ("desktop", "phone"):
        reader = open_reader(width)
        height = reader.page.viewport_size["height"]  # type: ignore[index]
        for doc in with_why:
            reader.open(site_path(doc.uri))
            text = reader.page.locator(".pmo-why h2 + *").first
            box = text.bounding_box()
            assert box is not None, doc.id
            line = float(text.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
            edge = box["y"] + line
            if edge > height:
                late.append(f"{width} {doc.id}: {edge:.0f}px > {height}px")
        assert reader.problems() == []
    assert late == [], "\n".join(late)


def test_the_neighbourhood_of_the_most_linked_document_stays_readable(
    reader: Reader, corpus: Corpus
) -> None:
    doc = max(corpus, key=lambda d: sum(len(v) for v in corpus.incoming(d.id).values()))
    page = reader.open(site_path(doc.uri))
    groups = page.locator(".pmo-relations__group").evaluate_all(
        "gs => gs.map(g => [...g.querySelectorAll('li[data-pmo-id]')].map(li => li.dataset.pmoId))"
    )
    listed = [doc_id for group in groups for doc_id in group]
    assert len(listed) == len(set(listed)), "a document is listed twice"
    limit = int(page.locator(".pmo-graph__canvas").get_attribute("data-pmo-max-nodes") or 0)
    handle = page.wait_for_function(
        "() => { const n = [...document.querySelectorAll('.pmo-graph div.mermaid')]"
        ".find(d => d.shadowRoot && d.shadowRoot.querySelector('g.node'));"
        " return n && [...n.shadowRoot.querySelectorAll('g.node')]"
        ".map(g => g.textContent.trim()); }"
    )
    labels: list[str] = handle.json_value()
    drawn = {label.split(" ")[0] for label in labels if re.match(r"^[A-Z]+-\d+ ", label)}
    counted = [int(label.split(" ")[0]) for label in labels if re.match(r"^\d+ documents$", label)]
    assert doc.id in drawn
    # Every listed document is a node of its own or counted in a group's node, never both.
    assert len(drawn - {doc.id}) + sum(counted) == len(listed)
    assert drawn - {doc.id} <= set(listed)
    assert len(labels) - 1 <= limit + len(groups), labels
    assert len(listed) > limit, "the most-linked document should need summarising"
    assert counted, "no group was summarised"
    assert reader.problems() == []


# --- the handbook ---------------------------------------------------------------------------


def in_force(corpus: Corpus) -> list[Document]:
    return [d for d in corpus if d.status in IN_FORCE]


def test_the_handbook_prints_every_document_in_force_each_on_new_pages(
    reader: Reader, corpus: Corpus
) -> None:
    from pypdf import PdfReader

    documents = in_force(corpus)
    page = reader.open("handbook/")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    # NFKC: the PDF's text has typographic ligatures ("ﬁ" for "fi").
    texts = [unicodedata.normalize("NFKC", p.extract_text() or "") for p in pdf.pages]
    assert len(texts) > len(documents), f"{len(texts)} pages for {len(documents)} documents"
    whole = "\n".join(texts)
    tops = [[line.strip() for line in text.splitlines() if line.strip()][:2] for text in texts]
    previous = -1
    for doc in documents:
        # The document starts a page (after its kind's title for the first of a kind), after the
        # document before it, and its Why heading follows on that page or the next. A page may
        # also start with a line that names the document (a list item carried over).
        heading = f"{doc.id} {doc.title.split()[0]}"
        starts = [i for i, top in enumerate(tops) if any(t.startswith(heading) for t in top)]
        start = next((i for i in starts if i > previous), None)
        assert start is not None, f"{doc.id} starts no page after page {previous}"
        previous = start
        following = "\n".join(texts[start : start + 2])
        assert re.search(r"^Why$", following, re.MULTILINE), doc.id
    for extra in ("Neighbourhood", "Relations", "Change history", "Follow changes", "Show all"):
        assert extra not in whole, extra
    # The contents, on the pages before the first document, list exactly the documents in force.
    first = min(i for i, top in enumerate(tops) if any(t.startswith(documents[0].id) for t in top))
    contents = "\n".join(texts[:first])
    listed = re.findall(r"^(?:[0-9]+\. )?([A-Z]+-\d+) ", contents, re.MULTILINE)
    assert listed == [d.id for d in documents]
    assert reader.problems() == []


def test_the_handbook_on_screen_has_a_contents_list_and_no_extras(
    reader: Reader, corpus: Corpus
) -> None:
    page = reader.open("handbook/")
    contents = page.locator(".pmo-handbook__contents ol ol a").all_inner_texts()
    assert contents == [f"{d.id} {d.title}" for d in in_force(corpus)]
    for extra in (".pmo-relations", ".pmo-graph", ".pmo-history", ".pmo-filter"):
        assert page.locator(extra).count() == 0, extra
    link = page.locator(".pmo-handbook__contents ol ol a").nth(1)
    target = link.get_attribute("href")
    link.click()
    assert page.evaluate("location.hash") == target
    assert reader.problems() == []


def test_a_focused_checklist_box_shows_a_ring(open_reader: Callable[..., Reader]) -> None:
    """Material takes the outline off form controls; keyboard users must still see focus."""
    for scheme in ("light", "dark"):
        reader = open_reader("desktop", scheme)
        page = reader.open("catalogue/checklist/")
        box = page.locator(".pmo-checklist__item input[type=checkbox]").first
        box.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # focused from the keyboard: :focus-visible
        style = box.evaluate(
            "b => [getComputedStyle(b).outlineStyle, getComputedStyle(b).outlineWidth]"
        )
        assert style[0] != "none" and float(style[1].removesuffix("px")) >= 2, (scheme, style)
        assert reader.problems() == []


def test_printing_from_the_dark_scheme_uses_the_light_scheme_s_ink(
    open_reader: Callable[..., Reader], corpus: Corpus
) -> None:
    """Paper is white: links and status badges keep a readable contrast on it."""
    reader = open_reader("desktop", "dark")
    deprecated = next(d for d in corpus if d.status == "deprecated")
    page = reader.open(site_path(deprecated.uri))
    page.emulate_media(media="print")
    page.wait_for_timeout(500)  # Material's links fade to their new colour (a transition)
    colours = page.evaluate(
        "() => [document.querySelector('.pmo-badge'), document.querySelector('a.pmo-ref')]"
        ".map(e => getComputedStyle(e).color)"
    )
    for colour in colours:
        red, green, blue = (int(c) for c in re.findall(r"\d+", colour)[:3])
        # Dark enough on white: WCAG relative luminance well under that of the dark scheme's
        # light links (about 0.45).
        assert (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255 < 0.45, colours
