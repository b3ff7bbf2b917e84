"""Helpers for the packaging tests: the version and pin read from the source, quiet builds.

Nothing here imports `mkdocs_pmo`: the release workflow runs `test_adopt_guide.py` with only
pytest and PyYAML installed, against the wheel it is about to publish (`PMO_WHEEL`).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
_INIT = (REPO / "mkdocs_pmo" / "__init__.py").read_text(encoding="utf-8")


def _constant(name: str) -> str:
    match = re.search(rf'^{name} = "([^"]+)"$', _INIT, re.MULTILINE)
    assert match, f"{name} not found in mkdocs_pmo/__init__.py"
    return match.group(1)


VERSION = _constant("__version__")
REPOSITORY = _constant("REPOSITORY")
#: What `pmo init` pins and the adoption guide installs, by default.
DEFAULT_SPEC = f"mkdocs-pmo @ git+{REPOSITORY}@v{VERSION}"

#: The only lines a successful `mkdocs build` may print (MkDocs' own, at INFO).
QUIET_BUILD = re.compile(
    r"INFO    -  (Cleaning site directory"
    r"|Building documentation to directory: .+"
    r"|Documentation built in [\d.]+ seconds)"
)


def noisy_lines(output: str) -> list[str]:
    """The lines of a build's output other than MkDocs' three 'all is well' lines."""
    return [
        line for line in output.splitlines() if line.strip() and not QUIET_BUILD.fullmatch(line)
    ]


def build_distributions(outdir: Path) -> tuple[Path, Path]:
    """`python -m build` of this checkout (sdist, then the wheel from the sdist)."""
    result = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(outdir), str(REPO)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = outdir.glob("*.whl")
    (sdist,) = outdir.glob("*.tar.gz")
    return wheel, sdist


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without its virtual environment or MkDocs switches."""
    here = str(Path(sys.executable).parent)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("VIRTUAL_ENV", "PYTHONPATH", "NO_MKDOCS_2_WARNING", "PYTHONHOME")
    }
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != here)
    env.update(extra)
    return env
