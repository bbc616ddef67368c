"""Modules loaded with Python's cyclic garbage collector paused, and what they made kept out of its sweeps.

Nothing a module import makes is garbage, yet the allocations of importing python-pptx, python-docx,
Jinja2 and rolegen set off a dozen collections, one a full sweep over every object loaded so far,
and every later full sweep of a build walks those objects again: about 30 ms of a cold deck's
400. Inside `loading()` the collector is off; when the block has imported something, the objects
alive then are frozen (gc.freeze: moved where no collection looks) before it is turned back on.
That is also what the gc documentation advises before forking workers, whose pages a collector
touching the parent's objects would copy. What the block leaves is collected as usual afterwards;
a cycle that was garbage when it ended stays in memory (about 2 MB, measured on a 300-document build).
"""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Iterator


@contextlib.contextmanager
def loading(freeze: bool = True) -> Iterator[None]:
    """Run the block (its imports) with the collector off, and freeze what it loaded before turning it on.

    freeze=False only pauses the collector: for imports among a build's documents, whose objects
    must stay within the collector's reach.
    """
    if not gc.isenabled():  # an outer block, or a caller, has it off: theirs to turn on
        yield
        return
    modules = len(sys.modules)
    gc.disable()
    try:
        yield
    finally:
        if freeze and len(sys.modules) != modules:
            # Not swept first: sweeping the block's objects cost a cold deck 10 ms, and the cycles
            # its imports left, frozen with the rest, are about 2 MB of a 300-document build's 93.
            gc.freeze()
        gc.enable()
