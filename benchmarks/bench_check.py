"""Benchmark `pmo check` on generated corpora: wall time (with interpreter start) and peak memory.

Usage: python benchmarks/bench_check.py [--shape realistic|minimal] [--repeat 5] [N ...]
(default sizes: 1000 5000). Prints a Markdown table for `benchmarks/README.md`
(`benchmarks/corpus.py` describes the shapes).

Three runs are timed, each the best of `--repeat`, as the `pmo` script runs them:

- *cold*: no results cache (`.cache/pmo/` removed first): every document is read and checked,
  and the cache is written (a fresh clone, or a changed configuration or package);
- *warm*: nothing changed since the last run: every document is read and hashed, the results
  come from the cache, and the checks across documents (links, IDs, anchors) run again;
- *one edit*: as warm, with one document changed since the last run (checked again).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import FACETS_YAML, SHAPES, compile_package, generate

CONFIG = (
    "site_name: Bench\ndocs_dir: docs\nplugins:\n  - pmo:\n"
    + FACETS_YAML
    + "  - macros:\n      modules: [mkdocs_pmo.site.macros]\n"
)
#: The `pmo` console script, run by this interpreter.
PMO = [
    sys.executable,
    "-c",
    "import sys; from mkdocs_pmo.cli.main import console; sys.exit(console())",
]


def run_check(root: Path) -> tuple[float, int]:
    """Wall seconds and peak memory (KB) of one `pmo check -q` in `root`."""
    start = time.perf_counter()
    proc = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *PMO, "check", "-q"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"pmo check failed on the generated corpus:\n{proc.stdout}{proc.stderr}")
    return wall, int(proc.stderr.strip().splitlines()[-1])


def measure(n: int, shape: str, repeat: int) -> dict[str, tuple[float, int]]:
    tmp = Path(tempfile.mkdtemp(prefix="pmo-bench-"))
    try:
        generate(tmp, n, shape=shape)
        (tmp / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
        edited = sorted((tmp / "standards").glob("*.md"))[n // 2]
        original = edited.read_text(encoding="utf-8")
        results: dict[str, list[tuple[float, int]]] = {"cold": [], "warm": [], "one edit": []}
        for i in range(repeat):
            shutil.rmtree(tmp / ".cache", ignore_errors=True)
            results["cold"].append(run_check(tmp))
            results["warm"].append(run_check(tmp))
            edited.write_text(original + f"\nEdited {i}.\n", encoding="utf-8")
            results["one edit"].append(run_check(tmp))
        return {
            name: (min(w for w, _ in runs), max(m for _, m in runs))
            for name, runs in results.items()
        }
    finally:
        shutil.rmtree(tmp)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="*", default=[1000, 5000])
    parser.add_argument("--shape", choices=SHAPES, default="realistic")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    compile_package()
    print(f"| documents | run | `pmo check` wall (best of {args.repeat}) | peak memory |")
    print("|---:|---|---:|---:|")
    for n in args.sizes:
        for name, (wall, peak_kb) in measure(n, args.shape, args.repeat).items():
            print(f"| {n:,} | {name} | {wall:.2f} s | {peak_kb / 1024:.0f} MB |")


if __name__ == "__main__":
    main()
