"""The core never imports MkDocs (it is shared with the CLI and usable on its own)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import mkdocs_pmo.core


def test_core_modules_do_not_import_mkdocs() -> None:
    names = [f"mkdocs_pmo.core.{m.name}" for m in pkgutil.iter_modules(mkdocs_pmo.core.__path__)]
    assert names
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'mkdocs' or m.startswith('mkdocs.'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
