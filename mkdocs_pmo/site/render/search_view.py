"""What search indexes of a document page: the page's text without the plugin's link markup.

Search plugins (Material's and MkDocs' own) index `page.content` in `on_page_context` with
Python's `HTMLParser`, whose cost grows with every tag it meets. An `[[ID]]` link adds a tag
pair with a long tooltip, and the header card a dozen tags, but neither adds text worth
indexing beyond the link's text and the card's summary and owner. So, while search runs, the
plugin shows it a *view* of the page: each reference link replaced by its text, and the card by
its summary and owner. The index gets the same words; the page keeps its markup.
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs_pmo.core.model import Document

#: A reference link made by `render.links` (the renamed `<pmo-ref>` or an `#anchor` link).
#: python-markdown writes attributes in lexical order, so `class` comes first; its values are
#: escaped, so `>` cannot occur inside the tag. A link this misses (say, one given an
#: `aria-label` by `attr_list`) stays a link in the view: indexed the same, only parsed slower.
_REF_LINK = re.compile(r'<a class="pmo-ref[ "][^>]*>(.*?)</a>', re.DOTALL)
#: The attributes that search plugins strip from `page.content` after indexing (the same
#: pattern as Material's search plugin).
_SEARCH_ATTRIBUTE = re.compile(r'\s?data-search-\w+="[^"]+"')


def card_text(doc: Document) -> str:
    """What search indexes of the header card: the summary and the owner.

    The ID is in the title; dates, version and status would only add noise to results.
    """
    summary = f"<p>{escape(doc.summary)}</p>" if doc.summary else ""
    return f"{summary}<p>Owner: {escape(doc.owner)}</p>"


def search_view(content: str, card_html: str, card_words: str) -> str:
    """`content` as search should index it: the card as `card_words`, links as their text."""
    view = content.replace(card_html, card_words, 1) if card_html else content
    if 'class="pmo-ref' in view:
        view = _REF_LINK.sub(_link_text, view)
    return view


def _link_text(match: re.Match[str]) -> str:
    # A function, not the template `\1`: `re` expands a template in Python for every match.
    return match[1]


def strip_search_attributes(html: str) -> str:
    """`html` without `data-search-*` attributes, as search plugins leave `page.content`."""
    return _SEARCH_ATTRIBUTE.sub("", html) if "data-search-" in html else html
