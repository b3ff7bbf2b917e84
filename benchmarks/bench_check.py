"""Benchmark `pmo check` on generated corpora: wall time (with interpreter start) and peak memory.

Usage: python benchmarks/bench_check.py [--shape realistic|minimal] [N ...]   (default: 1000 5000)
Prints a Markdown table for the README (`benchmarks/corpus.py` describes the shapes).
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

CONFIG = "site_name: Bench\ndocs_dir: docs\nplugins:\n  - pmo:\n" + FACETS_YAML


def measure(n: int, shape: str) -> tuple[float, float, int]:
    tmp = Path(tempfile.mkdtemp(prefix="pmo-bench-"))
    try:
        generate(tmp, n, shape=shape)
        (tmp / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
        pmo = [
            sys.executable,
            "-c",
            "import sys; from mkdocs_pmo.cli.main import main; sys.exit(main())",
        ]
        best = float("inf")
        peak_kb = 0
        for _ in range(3):
            start = time.perf_counter()
            proc = subprocess.run(
                ["/usr/bin/time", "-f", "%M", *pmo, "check", "-q"],
                cwd=tmp,
                capture_output=True,
                text=True,
                check=False,
            )
            best = min(best, time.perf_counter() - start)
            if proc.returncode != 0:
                raise SystemExit(
                    f"pmo check failed on the generated corpus:\n{proc.stdout}{proc.stderr}"
                )
            peak_kb = max(peak_kb, int(proc.stderr.strip().splitlines()[-1]))
        return best, best / n * 1e6, peak_kb
    finally:
        shutil.rmtree(tmp)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="*", default=[1000, 5000])
    parser.add_argument("--shape", choices=SHAPES, default="realistic")
    args = parser.parse_args()
    compile_package()
    print("| documents | `pmo check` wall (best of 3) | per document | peak memory |")
    print("|---:|---:|---:|---:|")
    for n in args.sizes:
        wall, per_doc, peak_kb = measure(n, args.shape)
        print(f"| {n:,} | {wall:.2f} s | {per_doc:.0f} µs | {peak_kb / 1024:.0f} MB |")


if __name__ == "__main__":
    main()
