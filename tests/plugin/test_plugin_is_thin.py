"""The plugin module is the MkDocs adapter only: under 300 lines, each hook a few lines."""

from __future__ import annotations

import ast
import inspect

from mkdocs_pmo.site import plugin

#: Longest hook body, in statements (the logic lives in the modules the hooks call).
MAX_HOOK_STATEMENTS = 25


def test_the_plugin_module_stays_under_300_lines() -> None:
    lines = inspect.getsource(plugin).splitlines()
    assert len(lines) < 300


def test_each_hook_is_a_few_statements() -> None:
    tree = ast.parse(inspect.getsource(plugin.PmoPlugin))
    hooks = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name.startswith("on_")
    ]
    assert len(hooks) >= 10
    for hook in hooks:
        statements = sum(isinstance(node, ast.stmt) for node in ast.walk(hook)) - 1
        assert statements <= MAX_HOOK_STATEMENTS, f"{hook.name}: {statements} statements"
