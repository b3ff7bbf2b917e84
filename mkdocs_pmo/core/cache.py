"""Each file's check result kept between runs, so a run re-reads only the files that changed.

A file's result (its `Document` and its own problems) depends on its bytes and on what the
check is configured with; the problems that involve other files (links, IDs, anchors, review
dates) are found again on every run from all the results. The cache holds one entry per file,
keyed by a hash of its bytes, under a fingerprint of everything else a result depends on: the
package's code, the versions of Python, PyYAML and jsonschema-rs, the kinds and their schemas
(with the files their `$ref`s load), the facets and the parameters; keyed by a random secret
of the user's (`user_secret`), so that no cache made elsewhere is ever read. A changed
fingerprint, or a cache that cannot be read, is an empty cache: never an error.

Entries are pickled, and read back with an unpickler that builds only the core's own value
types and the dates YAML makes, so a cache file written by anyone else cannot run code.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import io
import logging
import os
import pickle
import re
import shutil
import sys
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from mkdocs_pmo.core.issues import Issue
    from mkdocs_pmo.core.model import Document

log = logging.getLogger("mkdocs.plugins.pmo")

#: The folder under the project root (mkdocs-material's plugins keep theirs in `.cache/` too).
CACHE_DIR = ".cache/pmo"
_SECRET_BYTES = 32
#: Files the entries are spread over.
BUCKETS = 64
_KEY = re.compile(r"^[0-9a-f]{32}$")
#: Bumped when what an entry holds changes shape.
_FORMAT = 1

#: What a cache file may build: the core's value types and the values YAML gives.
_ALLOWED = frozenset(
    {
        ("mkdocs_pmo.core.cache", "FileResult"),
        ("mkdocs_pmo.core.model", "Document"),
        ("mkdocs_pmo.core.model", "Requirement"),
        ("mkdocs_pmo.core.model", "BodyLink"),
        ("mkdocs_pmo.core.model", "NearMiss"),
        ("mkdocs_pmo.core.model", "Heading"),
        ("mkdocs_pmo.core.parameters", "Parameter"),
        ("mkdocs_pmo.core.parameters", "ParamCall"),
        ("mkdocs_pmo.core.macro_calls", "MacroCall"),
        ("mkdocs_pmo.core.macro_calls", "UNKNOWN"),
        ("mkdocs_pmo.core.issues", "Issue"),
        ("mkdocs_pmo.core.issues", "IssueCode"),
        ("mkdocs_pmo.core.issues", "Severity"),
        ("mkdocs_pmo.core.issues", "SourceLocation"),
        ("datetime", "date"),
        ("datetime", "datetime"),
        ("datetime", "time"),
        ("datetime", "timedelta"),
        ("datetime", "timezone"),
    }
)


@dataclass(frozen=True)
class FileResult:
    """One file's check: its document (None if it could not become one) and its problems."""

    document: Document | None
    issues: tuple[Issue, ...]


class _SafeUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not a cache value")
        return super().find_class(module, name)


#: Packages whose versions decide a file's result: the YAML reader and the schema validator.
_DEPENDENCIES = ("PyYAML", "jsonschema-rs", "Jinja2")


def fingerprint(parts: Iterable[object], secret: bytes) -> str:
    """A hash of `parts` (reprs), the package's code and the deciding versions, keyed by `secret`.

    The versions are Python's and those of the packages that decide a file's result.
    """
    digest = hashlib.blake2b(digest_size=16, key=secret)
    versions = [importlib.metadata.version(name) for name in _DEPENDENCIES]
    for part in (_FORMAT, sys.version, versions, _code_signature(), *parts):
        digest.update(repr(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def user_secret() -> bytes | None:
    """This user's random cache key, kept outside every project (None if it cannot be kept).

    It keys the fingerprint, so a cache folder made anywhere else, say one committed by a pull
    request to vouch for a document that does not pass, is never read: its name cannot match.
    """
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mkdocs-pmo"
    path = folder / "cache-key"
    with contextlib.suppress(OSError):
        key = path.read_bytes()
        if len(key) == _SECRET_BYTES:
            return key
    key = os.urandom(_SECRET_BYTES)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".cache-key-")
        with os.fdopen(handle, "wb") as out:
            out.write(key)
        os.replace(temporary, path)
    except OSError as exc:
        log.debug("pmo: no results cache: cannot keep a key in %s: %s", folder, exc)
        return None
    return key


def _code_signature() -> list[tuple[str, int, int]]:
    """Name, size and modification time of each module of the package.

    A changed or reinstalled package starts a new cache, in an editable install too.
    """
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    found = []
    for folder, dirs, names in os.walk(package):
        dirs.sort()
        for name in sorted(names):
            if name.endswith(".py"):
                stat = os.stat(os.path.join(folder, name))
                found.append((os.path.relpath(os.path.join(folder, name), package), stat.st_size,
                              stat.st_mtime_ns))  # fmt: skip
    return found


class FileCache:
    """The results of one run's files, read from and written back to `folder`.

    Entries are spread over `BUCKETS` files by path, so that a run after an edit writes one
    small file again rather than the whole cache. The files live in a folder named after the
    fingerprint; folders of other fingerprints are removed when the cache is written.
    """

    def __init__(self, folder: Path, key: str) -> None:
        self.folder = folder
        self.key = key
        self.here = folder / key
        self._old = self._read()
        self._new: dict[str, tuple[bytes, FileResult]] = {}
        #: Buckets holding an entry that is new, changed or gone.
        self._stale: set[int] = set()

    def result(self, uri: str, data: bytes, compute: Callable[[], FileResult]) -> FileResult:
        """The stored result for `uri` if its bytes are `data`'s, else `compute()` (stored)."""
        digest = hashlib.blake2b(data, digest_size=16).digest()
        old = self._old.get(uri)
        if old is not None and old[0] == digest:
            found = old[1]
        else:
            found = compute()
            self._stale.add(_bucket(uri))
        self._new[uri] = (digest, found)
        return found

    def save(self) -> None:
        """Write the buckets whose entries changed (files gone included)."""
        self._stale.update(_bucket(uri) for uri in self._old.keys() - self._new.keys())
        if not self._stale:
            return
        buckets: dict[int, dict[str, tuple[bytes, FileResult]]] = {n: {} for n in self._stale}
        for uri, entry in self._new.items():
            bucket = buckets.get(_bucket(uri))
            if bucket is not None:
                bucket[uri] = entry
        try:
            self._prepare()
            for number, entries in sorted(buckets.items()):
                self._write(number, entries)
        except (OSError, pickle.PicklingError, TypeError, AttributeError) as exc:
            # A read-only checkout or an exotic front-matter value: the next run reads again.
            log.debug("pmo: cache not written to %s: %s", self.here, exc)

    def _prepare(self) -> None:
        """Make the folder (ignored by git), without the folders of other fingerprints."""
        self.folder.mkdir(parents=True, exist_ok=True)
        ignore = self.folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Written by mkdocs-pmo: a cache, never committed.\n*\n")
        for other in self.folder.iterdir():
            if other.is_dir() and other.name != self.key and _KEY.match(other.name):
                shutil.rmtree(other, ignore_errors=True)
        self.here.mkdir(exist_ok=True)

    def _write(self, number: int, entries: dict[str, tuple[bytes, FileResult]]) -> None:
        handle, temporary = tempfile.mkstemp(dir=self.here, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as out:
                pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
                pickler.dump((_FORMAT, self.key))
                pickler.dump(entries)
            os.replace(temporary, self.here / f"{number:02x}.pickle")
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise

    def _read(self) -> dict[str, tuple[bytes, FileResult]]:
        found: dict[str, tuple[bytes, FileResult]] = {}
        for number in range(BUCKETS):
            try:
                data = (self.here / f"{number:02x}.pickle").read_bytes()
            except OSError:
                continue
            try:
                unpickler = _SafeUnpickler(io.BytesIO(data))
                if unpickler.load() != (_FORMAT, self.key):
                    continue
                entries = unpickler.load()
            except Exception as exc:  # any unreadable bucket is an empty one
                log.debug("pmo: cache %s ignored: %s", self.here / f"{number:02x}.pickle", exc)
                continue
            if isinstance(entries, dict):
                found.update(
                    (uri, entry)
                    for uri, entry in entries.items()
                    if isinstance(entry, tuple)
                    and len(entry) == 2
                    and isinstance(entry[0], bytes)
                    and isinstance(entry[1], FileResult)
                )
        return found


def _bucket(uri: str) -> int:
    return zlib.crc32(uri.encode("utf-8", "surrogatepass")) % BUCKETS
