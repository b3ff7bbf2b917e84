"""The check leaves links to the plugin's generated files alone: it must know where they are."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from mkdocs_pmo.site.settings import GENERATED
from tests.conftest import build_site, doc_text, mkdocs_yml, write_tree

if TYPE_CHECKING:
    from pathlib import Path

HOOK = """\
import json
from pathlib import Path

from mkdocs.plugins import event_priority


@event_priority(-100)
def on_files(files, config):
    made = sorted(f.src_uri for f in files if f.generated_by)
    Path(config.config_file_path).with_name("generated.json").write_text(json.dumps(made))
"""


def test_every_generated_file_is_where_the_check_expects_it(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "mkdocs.yml": mkdocs_yml(extra="hooks:\n  - record.py\n"),
            "record.py": HOOK,
            "docs/index.md": "# Home\n",
            "standards/STD-001-a.md": doc_text("STD-001"),
            "playbooks/PB-001-b.md": doc_text("PB-001"),
        },
    )
    build_site(root, strict=True)
    made = json.loads((root / "generated.json").read_text())
    assert "handbook.md" in made and "assets/pmo/pmo.css" in made
    outside = [
        uri
        for uri in made
        if not any(uri == g or (g.endswith("/") and uri.startswith(g)) for g in GENERATED)
    ]
    assert made and outside == []
