"""The sanitiser of rendered document bodies: the core allowlist's `sanitize_html`.

Kept as an import path for the plugin; the allowlist and the sanitiser live in
`mkdocs_pmo.core.html_safety`, where `check_html` reports the same removals in the Markdown.
"""

from __future__ import annotations

from mkdocs_pmo.core.html_safety import sanitize_html

__all__ = ["sanitize_html"]
