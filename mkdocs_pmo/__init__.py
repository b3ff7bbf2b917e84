"""mkdocs-pmo: publish a PMO's standards and playbooks as a cross-linked, validated site."""

from __future__ import annotations

__version__ = "0.1.0"
