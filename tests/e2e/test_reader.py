"""A reader on the real site of this repository, in headless Chromium.

Expected results come from the documents themselves (read with the core), not from hard-coded
counts, so the tests keep working as the PMO adds and changes documents.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

import pytest
import yaml

from mkdocs_pmo.site.render import RELATION_ORDER
from tests.e2e.conftest import REPO_ROOT, site_path

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Page

    from mkdocs_pmo.core.model import Corpus, Document
    from tests.e2e.conftest import Reader

pytestmark = pytest.mark.browser

WORD = re.compile(r"[a-z]{4,}")


def words(text: str) -> set[str]:
    return set(WORD.findall(text.lower()))


def doc_path(doc: Document) -> str:
    return site_path(doc.uri)


ARTICLE = "article.md-content__inner"


def repo_url() -> str:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
    Loader.add_multi_constructor("!", lambda *_: None)
    config = yaml.load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    return str(config["repo_url"]).rstrip("/")


# --- home page ------------------------------------------------------------------------------


def test_home_page_loads_with_no_errors_and_nothing_from_the_internet(reader: Reader) -> None:
    page = reader.open("")
    assert page.locator(f"{ARTICLE} h1").first.is_visible()
    assert page.title()
    # Every stylesheet and script came from this site (a CDN would show up as a problem).
    reader.page.wait_for_timeout(300)
    assert reader.problems() == []


def test_pages_with_diagrams_load_cleanly(reader: Reader, corpus: Corpus) -> None:
    """Mermaid is served by the site itself (not unpkg) and renders without errors."""
    standard = corpus.of_kind("standard")[0]
    for path in ("catalogue/graph/", doc_path(standard)):
        page = reader.open(path)
        page.wait_for_function(
            "() => [...document.querySelectorAll('div.mermaid')]"
            ".some(d => d.shadowRoot && d.shadowRoot.querySelector('svg'))"
        )
    assert reader.problems() == []


# --- search ---------------------------------------------------------------------------------


def search_terms(corpus: Corpus, target: Document) -> dict[str, str]:
    """Three queries that should find `target`: its ID, a title word, a word only in its Why."""
    others = [d for d in corpus if d.id != target.id]
    title_counts = Counter(w for d in others for w in words(d.title))
    title_word = min(sorted(words(target.title)), key=lambda w: title_counts[w])

    outside_why = target.body.replace(target.why, "") + " " + target.title + " " + target.summary
    everywhere = Counter(w for d in others for w in words(f"{d.title} {d.summary} {d.body}"))
    candidates = sorted(words(target.why) - words(outside_why), key=lambda w: (everywhere[w], w))
    assert candidates, f"{target.id}: no word appears only in its Why section"
    return {"id": target.id, "title word": title_word, "word only in Why": candidates[0]}


def search(page: Page, query: str) -> None:
    """Type `query` as a reader would, then wait for the result list to settle.

    Material re-renders the list on every keystroke, and the worker answers each one in turn.
    A click during a re-render can land on an element that is being replaced, so nothing
    happens: the list must stay unchanged for a moment before the test clicks.
    """
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=20)
    page.wait_for_function(
        """([query, quietMs]) => {
            const input = document.querySelector('input.md-search__input');
            const list = document.querySelector('.md-search-result__list');
            const meta = document.querySelector('.md-search-result__meta');
            const state = (input ? input.value : '') + '\\n' + (meta ? meta.textContent : '')
                + '\\n' + (list ? list.innerHTML : '');
            const now = performance.now();
            if (window.__pmoResults !== state) {
                window.__pmoResults = state;
                window.__pmoSince = now;
                return false;
            }
            return input.value === query && list && list.children.length > 0
                && now - window.__pmoSince >= quietMs;
        }""",
        arg=[query, 400],
        polling=100,
        timeout=10_000,
    )


def test_search_finds_a_standard_by_id_title_word_and_why_word(
    reader: Reader, corpus: Corpus
) -> None:
    target = corpus.by_id["STD-007"] if "STD-007" in corpus.by_id else corpus.of_kind("standard")[0]
    expected = reader.url(doc_path(target))
    for how, query in search_terms(corpus, target).items():
        page = reader.open("")
        link = page.locator(f'a.md-search-result__link[href^="{expected}"]').first
        try:
            search(page, query)
            link.wait_for(state="visible", timeout=10_000)
        except Exception as exc:
            shown = page.locator("a.md-search-result__link").evaluate_all(
                "links => links.map(a => a.href)"
            )
            raise AssertionError(f"search by {how} {query!r}: {target.id} not in {shown}") from exc
        link.click()
        page.wait_for_url(f"{expected}**")
        assert reader.path().startswith(doc_path(target)), (how, query, reader.path())
        assert target.id in page.locator(f"{ARTICLE} h1").inner_text()
    assert reader.problems() == []


# --- links and backlinks --------------------------------------------------------------------


def test_clicking_an_id_link_lands_on_the_target_which_shows_the_backlink(
    reader: Reader, corpus: Corpus
) -> None:
    # A playbook whose text links to a standard it implements: the standard lists it back
    # under "Implemented by" (PB-006 → STD-007 in this repository).
    pairs = [
        (pb, corpus.by_id[link.target], label)
        for pb in corpus.of_kind("playbook")
        for link in pb.body_links
        if link.target in corpus.by_id and not link.anchor
        for label, docs in corpus.incoming(link.target).items()
        if pb in docs
    ]
    assert pairs, "no playbook links to a document that lists it back"
    source, target, label = next(
        (p for p in pairs if (p[0].id, p[1].id, p[2]) == ("PB-006", "STD-007", "Implemented by")),
        pairs[0],
    )
    page = reader.open(doc_path(source))
    # The first [[ID]] link to the target in the body (not in the card or relations).
    link = page.locator(
        f"{ARTICLE} > p a.pmo-ref[href$='{doc_path(target).split('/')[-2]}/'], "
        f"{ARTICLE} > ul a.pmo-ref[href$='{doc_path(target).split('/')[-2]}/'], "
        f"{ARTICLE} > ol a.pmo-ref[href$='{doc_path(target).split('/')[-2]}/']"
    ).first
    assert target.id in link.inner_text()
    link.click()
    page.wait_for_url(reader.url(doc_path(target)))
    assert target.id in page.locator(f"{ARTICLE} h1").inner_text()

    relations = page.locator("section.pmo-relations")
    group = relations.locator(".pmo-relations__group").filter(
        has=page.locator("dt", has_text=re.compile(rf"^{re.escape(label)} \(\d+\)$"))
    )
    back = group.locator(f"a.pmo-ref:has-text('{source.id}')")
    assert back.count() == 1, f"{target.id} does not list {source.id} under {label!r}"
    # Every backlink the data says the target has, each listed once: under its own label, or
    # under a stronger relation (a playbook that implements the standard and links to it).
    shown = page.locator("section.pmo-relations .pmo-relations__group").evaluate_all(
        """groups => Object.fromEntries(groups.map(g => [
             g.querySelector('dt').firstChild.textContent.trim(),
             [...g.querySelectorAll('a.pmo-ref')].map(a => a.textContent.trim().split(' ')[0])
           ]))"""
    )
    listed = [doc_id for ids in shown.values() for doc_id in ids]
    assert len(listed) == len(set(listed))
    order = list(RELATION_ORDER)
    for name, sources in corpus.incoming(target.id).items():
        for doc in sources:
            under = next(label for label, ids in shown.items() if doc.id in ids)
            assert under == name or order.index(under) < order.index(name), (doc.id, under)
    back.click()
    page.wait_for_url(reader.url(doc_path(source)))
    assert reader.problems() == []


def test_superseded_standard_shows_banner_linking_to_successor(
    reader: Reader, corpus: Corpus
) -> None:
    superseded = [d for d in corpus if d.status == "superseded"]
    assert superseded, "the corpus has no superseded document to check"
    for doc in superseded:
        (successor,) = corpus.successors(doc)
        page = reader.open(doc_path(doc))
        banner = page.locator(".pmo-banner--superseded")
        assert banner.is_visible(), f"{doc.id}: no superseded banner"
        box = banner.bounding_box()
        card = page.locator(".pmo-card").bounding_box()
        assert box and card and box["y"] < card["y"] + card["height"], "banner below the card"
        link = banner.locator("a", has_text=successor.id)
        link.click()
        page.wait_for_url(reader.url(doc_path(successor)))
        assert successor.id in page.locator(f"{ARTICLE} h1").inner_text()
        assert page.locator(".pmo-banner--superseded").count() == 0
    assert reader.problems() == []


# --- index page filter ----------------------------------------------------------------------


def visible_ids(page: Page, table: str) -> list[str]:
    return page.locator(f"{table} tbody tr:not([hidden]) td:first-child").all_inner_texts()


def test_index_filter_by_status_and_owner_shows_exactly_the_matching_rows(
    reader: Reader, corpus: Corpus
) -> None:
    standards = corpus.of_kind("standard")
    page = reader.open("catalogue/standards/")
    box = page.locator(".pmo-filter").first
    table = "#" + box.get_attribute("data-pmo-filter-for", timeout=5_000)  # type: ignore[operator]
    status = box.locator("select[data-pmo-filter=status]")
    owner = box.locator("select[data-pmo-filter=owner]")
    count = box.locator("output")

    assert sorted(visible_ids(page, table)) == sorted(d.id for d in standards)
    statuses = sorted({d.status for d in standards})
    owners = sorted({d.owner for d in standards})
    offered = status.locator("option").evaluate_all("os => os.map(o => o.value).filter(Boolean)")
    assert sorted(offered) == statuses
    offered = owner.locator("option").evaluate_all("os => os.map(o => o.value).filter(Boolean)")
    assert sorted(offered) == owners

    def check(want_status: str, want_owner: str) -> None:
        status.select_option(want_status)
        owner.select_option(want_owner)
        expected = sorted(
            d.id
            for d in standards
            if (not want_status or d.status == want_status)
            and (not want_owner or d.owner == want_owner)
        )
        where = f"status={want_status!r} owner={want_owner!r}"
        assert sorted(visible_ids(page, table)) == expected, where
        assert count.inner_text() == f"{len(expected)} of {len(standards)} shown", where

    for value in statuses:
        check(value, "")
    for value in owners:
        check("", value)
    pairs = Counter((d.status, d.owner) for d in standards)
    (common_status, common_owner), _ = pairs.most_common(1)[0]
    check(common_status, common_owner)
    # A combination with no match hides every row.
    empty = next(((s, o) for s in statuses for o in owners if (s, o) not in pairs), None)
    if empty:
        check(*empty)
    check("", "")
    assert reader.problems() == []


# --- graph ----------------------------------------------------------------------------------


GRAPH_NODES = """
() => {
  const host = [...document.querySelectorAll('div.mermaid')].find(d => d.shadowRoot);
  const svg = host && host.shadowRoot.querySelector('svg');
  if (!svg) return null;
  const nodes = [...svg.querySelectorAll('g.node')].map(n => n.textContent.trim());
  return nodes.length ? nodes : null;
}
"""


def test_relationship_graph_renders_a_node_per_document(
    reader: Reader, corpus: Corpus, screenshot_dir: Path
) -> None:
    page = reader.open("catalogue/graph/")
    handle = page.wait_for_function(f"() => ({GRAPH_NODES})()")
    labels = handle.json_value()
    ids = sorted(label.split(" ")[0] for label in labels)
    assert ids == sorted(d.id for d in corpus)
    page.locator("div.mermaid").first.screenshot(
        path=str(screenshot_dir / "graph.png"), style=".md-header { visibility: hidden; }"
    )
    assert reader.problems() == []


# --- edit link ------------------------------------------------------------------------------


def test_edit_this_page_points_at_the_real_file(reader: Reader, corpus: Corpus) -> None:
    base = repo_url()
    checked = [
        corpus.by_id.get("STD-004") or corpus.of_kind("standard")[0],
        corpus.of_kind("playbook")[0],
    ]
    for doc in checked:
        page = reader.open(doc_path(doc))
        href = page.locator("a.md-content__button[rel=edit]").get_attribute("href")
        assert href == f"{base}/edit/main/{doc.uri}"
        assert (REPO_ROOT / doc.uri).is_file()
    page = reader.open("")
    href = page.locator("a.md-content__button[rel=edit]").get_attribute("href")
    assert href == f"{base}/edit/main/docs/index.md"
    assert reader.problems() == []
