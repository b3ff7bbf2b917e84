"""Pausing Python's cyclic garbage collector around work that makes no reference cycles."""

from __future__ import annotations

import contextlib
import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Run the block with the cyclic collector off (restored after, as it was).

    For loops that allocate many containers without cycles: reference counting frees them, and
    the collections they would set off, each walking the whole heap, find nothing to free.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
