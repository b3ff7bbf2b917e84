"""Keep `mkdocs build` quiet unless something is wrong.

mkdocs-macros logs its start-up chatter at INFO on every build, whatever its `verbose` option
says (seven lines here: modules found, functions, and the variables and macros it knows, among
them `config`, which the pmo sandbox refuses to pages). `quiet_macros_chatter()` files those
records at DEBUG instead, so they show with `mkdocs build -v` and not otherwise; its warnings
and errors are untouched.

Material's end-of-life notice cannot be silenced from here: Material prints it while MkDocs
loads the theme, before any plugin exists. Its documented switch is the environment variable
`NO_MKDOCS_2_WARNING`, which this repository's scripts and the workflows `pmo init` writes set.
"""

from __future__ import annotations

import logging

#: The logger mkdocs-macros writes through (`mkdocs_macros/util.py`).
MACROS_LOGGER = "mkdocs.plugins.mkdocs_macros.util"


class _DemoteInfo(logging.Filter):
    """Turn INFO records into DEBUG ones; let everything else through unchanged."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.INFO:
            record.levelno = logging.DEBUG
            record.levelname = logging.getLevelName(logging.DEBUG)
            return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)
        return True


def quiet_macros_chatter() -> None:
    """Log mkdocs-macros' INFO lines at DEBUG (idempotent; call before its `on_config`)."""
    logger = logging.getLogger(MACROS_LOGGER)
    if not any(isinstance(f, _DemoteInfo) for f in logger.filters):
        logger.addFilter(_DemoteInfo())
