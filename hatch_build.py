"""Hatch build hook: copy the `pmo-playbook` starter (this repository's content) into the wheel.

The selection lives in `mkdocs_pmo/cli/starters.py` (`walk`), which `pmo init` uses to read the
starter back, so what is shipped and what is read are decided in one place. `pyproject.toml`'s
`force-include` cannot exclude files (the README's screenshots, the page about the tool).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class StarterBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":  # an editable install reads the checkout itself
            return
        root = Path(self.root)
        spec = importlib.util.spec_from_file_location(
            "_pmo_starters", root / "mkdocs_pmo" / "cli" / "starters.py"
        )
        if spec is None or spec.loader is None:
            raise RuntimeError("mkdocs_pmo/cli/starters.py is missing")
        starters = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(starters)
        target = f"mkdocs_pmo/{starters.PACKAGE_FOLDER}/{starters.PLAYBOOK}"
        for rel, path in starters.walk(root):
            build_data["force_include"][str(path)] = f"{target}/{rel}"
