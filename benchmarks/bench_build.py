"""Build time with the pmo plugin vs the same Markdown built by plain MkDocs.

    python benchmarks/bench_build.py [--sizes 1000 5000] [--repeat 5] [--shape realistic]
                                     [--paired | --instructions]

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
With `--paired`, each pair of builds runs at the same time instead (one per core), and the
median ratio of the pairs is reported: steadier on a shared machine whose speed drifts.
With `--instructions`, valgrind counts the instructions each build executes: a deterministic
measure of the work added (about 50 times slower; needs Debian's `valgrind`).
The plugin's results cache (`.cache/pmo/`) is removed before each build with pmo (a fresh
clone, the slower case); with `--warm`, it is filled by one untimed build first and kept (a
build after a check or an earlier build with no document changed, as in CI after `pmo check`).
Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import FACETS_YAML, SHAPES, compile_package, generate

from mkdocs_pmo.core.cache import CACHE_DIR

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
#: As `pmo init` writes it: the macros plugin after pmo renders `param()` and the macros.
MACROS = "  - macros:\n      modules: [mkdocs_pmo.site.macros]\n"
WITH_PLUGIN = (
    COMMON + 'plugins:\n  - search\n  - pmo:\n      today: "2026-01-15"\n' + FACETS_YAML + MACROS
)
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


def _build_command(root: Path) -> list[str]:
    mkdocs = Path(sys.executable).parent / "mkdocs"
    return [str(mkdocs), "build", "-q", "-f", str(root / "mkdocs.yml")]


_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def time_pair(baseline: Path, plugin: Path) -> tuple[float, float]:
    """Wall seconds of both builds, started at the same moment in two processes.

    On a machine with two free cores, both builds meet the same machine: a slow phase of a
    shared host slows both, so their ratio is steadier than that of builds run in turn.
    """
    started: dict[Path, tuple[subprocess.Popen[bytes], float]] = {}
    for root in (baseline, plugin):
        process = subprocess.Popen(_build_command(root), env=_ENV, stdout=subprocess.DEVNULL)
        started[root] = (process, time.perf_counter())
    walls: dict[Path, float] = {}
    pending = dict(started)
    while pending:
        pid, status = os.wait()[:2]
        ended = time.perf_counter()
        for root, (process, start) in list(pending.items()):
            if process.pid == pid:
                process.returncode = os.waitstatus_to_exitcode(status)
                if process.returncode:
                    raise subprocess.CalledProcessError(process.returncode, process.args)
                walls[root] = ended - start
                del pending[root]
    return walls[baseline], walls[plugin]


VALGRIND = ("valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null")


def count_instructions(baseline: Path, plugin: Path) -> tuple[int, int]:
    """Instructions executed by each build, counted by valgrind's callgrind (both at once).

    Unlike seconds, the count does not drift with the machine: the same build gives the same
    count. It leaves out what the kernel does (page faults, writes), so it is a floor.
    """
    env = {**_ENV, "PYTHONHASHSEED": "0"}
    processes = [
        subprocess.Popen(
            [*VALGRIND, sys.executable, "-m", "mkdocs", *_build_command(root)[1:]],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for root in (baseline, plugin)
    ]
    counts = []
    for process in processes:
        _, err = process.communicate()
        if process.returncode:
            raise subprocess.CalledProcessError(process.returncode, process.args, stderr=err)
        collected = [line for line in err.splitlines() if "Collected :" in line]
        counts.append(int(collected[-1].rsplit(":", 1)[1].strip()))
    return counts[0], counts[1]


def time_build(root: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one `mkdocs build` in a subprocess."""
    env = _ENV
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        _build_command(root),
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def prepare_cache(args: argparse.Namespace, plugin: Path) -> None:
    """Before a build with pmo: no results cache (cold), or the cache as the last build left it."""
    if not args.warm:
        shutil.rmtree(plugin / CACHE_DIR, ignore_errors=True)
    elif not (plugin / CACHE_DIR).exists():
        subprocess.run(_build_command(plugin), check=True, env=_ENV, stdout=subprocess.DEVNULL)


def alternating(args: argparse.Namespace, baseline: Path, plugin: Path) -> list[str]:
    """The default mode: builds in turn, `--repeat` times each; best wall and CPU of each."""
    base = [float("inf")] * 2
    with_pmo = [float("inf")] * 2
    for _ in range(args.repeat):
        base = [min(a, b) for a, b in zip(base, time_build(baseline), strict=True)]
        prepare_cache(args, plugin)
        with_pmo = [min(a, b) for a, b in zip(with_pmo, time_build(plugin), strict=True)]
    print(f"baseline {base}, plugin {with_pmo}", file=sys.stderr)
    (b_wall, b_cpu), (p_wall, p_cpu) = base, with_pmo
    return [
        f"{b_wall:.1f} s / {b_cpu:.1f} s",
        f"{p_wall:.1f} s / {p_cpu:.1f} s",
        f"{p_wall / b_wall:.2f}× / {p_cpu / b_cpu:.2f}×",
    ]


def paired(args: argparse.Namespace, baseline: Path, plugin: Path) -> list[str]:
    """`--paired`: builds side by side, `--repeat` pairs; median ratio and its spread."""
    pairs = []
    for _ in range(args.repeat):
        prepare_cache(args, plugin)
        pairs.append(time_pair(baseline, plugin))
    print(f"(baseline, plugin) {pairs}", file=sys.stderr)
    ratios = sorted(p / b for b, p in pairs)
    return [
        f"{min(b for b, _ in pairs):.1f} s",
        f"{min(p for _, p in pairs):.1f} s",
        f"{statistics.median(ratios):.2f}× ({ratios[0]:.2f}–{ratios[-1]:.2f})",
    ]


def instructions(args: argparse.Namespace, baseline: Path, plugin: Path) -> list[str]:
    """`--instructions`: one instruction count per build."""
    prepare_cache(args, plugin)
    base, with_pmo = count_instructions(baseline, plugin)
    return [f"{base / 1e9:.2f} G", f"{with_pmo / 1e9:.2f} G", f"{with_pmo / base:.3f}×"]


Measure = Callable[[argparse.Namespace, Path, Path], list[str]]
#: Each mode: how it measures one size, the table's caption and its column headers.
MODES: dict[str, tuple[Measure, str, str]] = {
    "alternating": (
        alternating,
        "best of {repeat} alternating runs",
        "MkDocs alone: wall / CPU | with pmo: wall / CPU | ratio: wall / CPU",
    ),
    "paired": (
        paired,
        "{repeat} pairs of builds run side by side",
        "MkDocs alone (best) | with pmo (best) | ratio: median (lowest–highest)",
    ),
    "instructions": (
        instructions,
        "instructions counted by valgrind (callgrind)",
        "MkDocs alone | with pmo | ratio",
    ),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--shape", choices=SHAPES, default="realistic")
    shm = Path("/dev/shm")
    parser.add_argument("--tmp", default=str(shm) if shm.is_dir() else None)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--paired",
        dest="mode",
        action="store_const",
        const="paired",
        help="run each pair of builds at the same time (needs 2 free cores); report ratios",
    )
    mode.add_argument(
        "--instructions",
        dest="mode",
        action="store_const",
        const="instructions",
        help="count instructions with valgrind instead of timing (slow: ~50x; deterministic)",
    )
    parser.add_argument(
        "--warm", action="store_true", help="keep the plugin's results cache between builds"
    )
    parser.set_defaults(mode="alternating")
    args = parser.parse_args()
    compile_package()
    measure, caption, headers = MODES[args.mode]
    rows = []
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        for n in args.sizes:
            baseline, plugin = make_sites(Path(tmp), n, args.shape)
            print(f"n={n}:", end=" ", file=sys.stderr)
            rows.append((n, measure(args, baseline, plugin)))
    cache = "warm" if args.warm else "cold"
    print(f"Shape: {args.shape}; {caption.format(repeat=args.repeat)}; pmo's cache {cache}.\n")
    print(f"| documents | {headers} |")
    print("|---:|---:|---:|---:|")
    for n, cells in rows:
        print(f"| {n:,} | {' | '.join(cells)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
