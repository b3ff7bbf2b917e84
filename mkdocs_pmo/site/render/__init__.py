"""HTML for document pages: `[[ID]]` links, header card, banners, relations, the Why block.

Pure functions of core data; the plugin calls them from its page hooks.
"""

from __future__ import annotations
