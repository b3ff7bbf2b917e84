"""Build time with the pmo plugin vs the same Markdown built by plain MkDocs.

    python benchmarks/bench_build.py [--sizes 1000 5000] [--repeat 1]

Both sites use mkdocs-material, the search plugin and the same Markdown extensions, and
both keep documents out of the navigation (the plugin by itself, the baseline with MkDocs'
`not_in_nav`), so the difference is the plugin's work: validation, `[[ID]]` links, cards,
relations, the neighbourhood graph, generated pages and the export.
Prints a Markdown table (times are the best of `--repeat` runs, wall clock, in a subprocess).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import generate

COMMON = """\
site_name: Bench
docs_dir: docs
theme:
  name: material
markdown_extensions:
  - toc:
      permalink: true
  - admonition
  - attr_list
  - md_in_html
  - tables
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
"""
WITH_PLUGIN = COMMON + 'plugins:\n  - search\n  - pmo:\n      today: "2026-01-15"\n'
BASELINE = COMMON + "plugins:\n  - search\nnot_in_nav: |\n  /standards/\n  /playbooks/\n"


def make_sites(base: Path, n: int) -> tuple[Path, Path]:
    plugin_root = base / f"plugin-{n}"
    generate(plugin_root, n)
    (plugin_root / "docs").mkdir(exist_ok=True)
    (plugin_root / "docs" / "index.md").write_text("# Home\n\nBenchmark.\n", encoding="utf-8")
    (plugin_root / "mkdocs.yml").write_text(WITH_PLUGIN, encoding="utf-8")
    baseline_root = base / f"baseline-{n}"
    (baseline_root / "docs").mkdir(parents=True)
    shutil.copy(plugin_root / "docs" / "index.md", baseline_root / "docs" / "index.md")
    for folder in ("standards", "playbooks"):
        shutil.copytree(plugin_root / folder, baseline_root / "docs" / folder)
    (baseline_root / "mkdocs.yml").write_text(BASELINE, encoding="utf-8")
    return baseline_root, plugin_root


def time_build(root: Path, repeat: int) -> float:
    mkdocs = Path(sys.executable).parent / "mkdocs"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(
            [str(mkdocs), "build", "-q", "-f", str(root / "mkdocs.yml")],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            baseline, plugin = make_sites(Path(tmp), n)
            # Interleaved, best of each: this machine's speed drifts between runs, and
            # alternating keeps the drift out of the ratio.
            t_base = t_plugin = float("inf")
            for _ in range(args.repeat):
                t_base = min(t_base, time_build(baseline, 1))
                t_plugin = min(t_plugin, time_build(plugin, 1))
            rows.append((n, t_base, t_plugin))
            print(f"n={n}: baseline {t_base:.1f} s, plugin {t_plugin:.1f} s", file=sys.stderr)
    print("| documents | MkDocs alone (s) | with pmo (s) | ratio |")
    print("|---:|---:|---:|---:|")
    for n, t_base, t_plugin in rows:
        print(f"| {n:,} | {t_base:.1f} | {t_plugin:.1f} | {t_plugin / t_base:.2f}× |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
