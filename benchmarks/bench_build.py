"""Build time with the pmo plugin vs the same Markdown built by plain MkDocs.

    python benchmarks/bench_build.py [--sizes 1000 5000] [--repeat 5] [--shape realistic]

Both sites use mkdocs-material, the search plugin and the same Markdown extensions, and
both keep documents out of the navigation (the plugin by itself, the baseline with MkDocs'
`not_in_nav`), so the difference is the plugin's work: validation, `[[ID]]` links, cards,
relations, the neighbourhood graph, generated pages and the export. `--shape` picks the
generated documents (see `benchmarks/corpus.py`).

The two builds alternate, `--repeat` times each, and the best of each is kept: this machine's
speed drifts between runs, and alternating keeps the drift out of the ratio. Wall time is
what a user waits for; CPU time (user + system, of the build process and its children) is
less disturbed by other load on the machine. Both sites are written to `--tmp` (default:
`/dev/shm`, in memory, where it exists), so the disk's speed does not enter the ratio.
Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import SHAPES, generate

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


def make_sites(base: Path, n: int, shape: str = "realistic") -> tuple[Path, Path]:
    plugin_root = base / f"plugin-{shape}-{n}"
    generate(plugin_root, n, shape=shape)
    (plugin_root / "docs").mkdir(exist_ok=True)
    (plugin_root / "docs" / "index.md").write_text("# Home\n\nBenchmark.\n", encoding="utf-8")
    (plugin_root / "mkdocs.yml").write_text(WITH_PLUGIN, encoding="utf-8")
    baseline_root = base / f"baseline-{shape}-{n}"
    (baseline_root / "docs").mkdir(parents=True)
    shutil.copy(plugin_root / "docs" / "index.md", baseline_root / "docs" / "index.md")
    for folder in ("standards", "playbooks"):
        shutil.copytree(plugin_root / folder, baseline_root / "docs" / folder)
    (baseline_root / "mkdocs.yml").write_text(BASELINE, encoding="utf-8")
    return baseline_root, plugin_root


def time_build(root: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one `mkdocs build` in a subprocess."""
    mkdocs = Path(sys.executable).parent / "mkdocs"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [str(mkdocs), "build", "-q", "-f", str(root / "mkdocs.yml")],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--shape", choices=SHAPES, default="realistic")
    shm = Path("/dev/shm")
    parser.add_argument("--tmp", default=str(shm) if shm.is_dir() else None)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        for n in args.sizes:
            baseline, plugin = make_sites(Path(tmp), n, args.shape)
            base = [float("inf")] * 2
            with_pmo = [float("inf")] * 2
            for _ in range(args.repeat):
                base = [min(a, b) for a, b in zip(base, time_build(baseline), strict=True)]
                with_pmo = [min(a, b) for a, b in zip(with_pmo, time_build(plugin), strict=True)]
            rows.append((n, base, with_pmo))
            print(f"n={n}: baseline {base}, plugin {with_pmo}", file=sys.stderr)
    print(f"Shape: {args.shape}; best of {args.repeat} alternating runs.\n")
    print("| documents | MkDocs alone: wall / CPU | with pmo: wall / CPU | ratio: wall / CPU |")
    print("|---:|---:|---:|---:|")
    for n, (b_wall, b_cpu), (p_wall, p_cpu) in rows:
        print(
            f"| {n:,} | {b_wall:.1f} s / {b_cpu:.1f} s | {p_wall:.1f} s / {p_cpu:.1f} s "
            f"| {p_wall / b_wall:.2f}× / {p_cpu / b_cpu:.2f}× |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
