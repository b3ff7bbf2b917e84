"""mkdocs-pmo: publish a PMO's standards and playbooks as a cross-linked, validated site."""

from __future__ import annotations

#: The one place the version is written: hatch reads it for the package metadata, `pmo init`
#: pins new sites to the release tag `v<version>`.
__version__ = "0.2.0"

#: Where the releases live (also `[project.urls] Repository` in pyproject.toml). `pmo init`
#: installs `mkdocs-pmo @ git+<REPOSITORY>@v<version>` and points pre-commit at it.
REPOSITORY = "https://github.com/example-org/mkdocs-pmo"
