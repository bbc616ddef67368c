"""Where rolegen keeps what it can always make again: compiled templates and build locks."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir(name: str) -> Path | None:
    """Return a folder of the user's rolegen cache ($XDG_CACHE_HOME/rolegen/NAME), made if missing; None if it cannot be."""
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "rolegen" / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder
