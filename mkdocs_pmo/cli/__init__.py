"""The `pmo` command line (entry point: `mkdocs_pmo.cli.main:main`)."""
