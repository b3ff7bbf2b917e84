"""One plugin instance across builds (as in `mkdocs serve`): no leaked state, watched inputs."""

from __future__ import annotations

from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.livereload import LiveReloadServer

from mkdocs_pmo.site.links import PmoLinkExtension
from mkdocs_pmo.site.plugin import PmoPlugin
from tests.conftest import doc_text, load_site_config, read_html, write_tree


def test_two_builds_with_one_plugin_instance_see_edits_and_new_backlinks(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "standards/STD-001-a.md": doc_text("STD-001", "First title"),
            "playbooks/PB-001-b.md": doc_text("PB-001", "Playbook"),
        },
    )
    config = load_site_config(tmp_path)
    plugin = config.plugins["pmo"]
    assert isinstance(plugin, PmoPlugin)
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    site = Path(config.site_dir)
    page = read_html(site, "standards/STD-001-a/")
    assert "STD-001 First title" in page
    assert "Implemented by" not in page
    checker = plugin._checker

    write_tree(
        tmp_path,
        {
            "standards/STD-001-a.md": doc_text("STD-001", "Second title"),
            "playbooks/PB-001-b.md": doc_text("PB-001", "Playbook", standards=["STD-001"]),
        },
    )
    build(config)
    page = read_html(site, "standards/STD-001-a/")
    assert "STD-001 Second title" in page
    assert "First title" not in page
    assert "Implemented by" in page
    assert plugin.corpus is not None
    assert plugin.corpus.by_id["STD-001"].title == "Second title"
    assert plugin._checker is checker  # compiled schemas reused
    extensions = [e for e in config.markdown_extensions if isinstance(e, PmoLinkExtension)]
    assert len(extensions) == 1
    assert page.count('href="../../assets/pmo/pmo.css"') == 1
    assert page.count('src="../../assets/pmo/pmo.js"') == 1


def test_schema_change_recompiles(tmp_path: Path) -> None:
    schema = (Path(__file__).parents[2] / "schemas" / "standard.schema.json").read_text()
    write_tree(
        tmp_path,
        {
            "standards/STD-001-a.md": doc_text("STD-001"),
            "schemas/standard.schema.json": schema,
            "mkdocs.yml": (
                "site_name: T\ndocs_dir: docs\nplugins:\n  - pmo:\n      kinds:\n"
                "        standard: {folder: standards, prefix: STD, "
                "schema: schemas/standard.schema.json}\n"
            ),
        },
    )
    config = load_site_config(tmp_path)
    plugin = config.plugins["pmo"]
    build(config)
    first = plugin._checker
    path = tmp_path / "schemas" / "standard.schema.json"
    path.write_text(schema + "\n")
    stat = path.stat()
    import os

    os.utime(path, (stat.st_atime, stat.st_mtime + 5))
    build(config)
    assert plugin._checker is not first


def test_serve_watches_content_folders_schemas_and_parameters(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "standards/STD-001-a.md": doc_text("STD-001"),
            "playbooks/.keep": "",
            "parameters.yml": "",
        },
    )
    config = load_site_config(tmp_path)
    config.plugins.on_config(config)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        config.plugins.on_serve(server, config=config, builder=lambda: None)
        watched = set(server._watched_paths)
    finally:
        server.server_close()
    assert str((tmp_path / "standards").resolve()) in watched
    assert str((tmp_path / "playbooks").resolve()) in watched
    bundled = Path(__file__).parents[2] / "schemas"
    assert str(bundled.resolve()) in watched
    assert str((tmp_path / "parameters.yml").resolve()) in watched
