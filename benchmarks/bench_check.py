"""Benchmark `pmo check` on generated corpora: wall time (with interpreter start) and peak memory.

Usage: python benchmarks/bench_check.py [N ...]   (default: 1000 5000)
Prints a Markdown table for the README.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate


def measure(n: int) -> tuple[float, float, int]:
    tmp = Path(tempfile.mkdtemp(prefix="pmo-bench-"))
    try:
        generate(tmp, n)
        pmo = [
            sys.executable,
            "-c",
            "import sys; from mkdocs_pmo.cli import main; sys.exit(main())",
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
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 5000]
    print("| documents | `pmo check` wall (best of 3) | per document | peak memory |")
    print("|---:|---:|---:|---:|")
    for n in sizes:
        wall, per_doc, peak_kb = measure(n)
        print(f"| {n:,} | {wall:.2f} s | {per_doc:.0f} µs | {peak_kb / 1024:.0f} MB |")


if __name__ == "__main__":
    main()
