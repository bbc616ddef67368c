"""What rolegen keeps to make things again faster: the user's cache folder on disk, and one build's cache in memory."""

from __future__ import annotations

import os
import sys
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable

TYPE_CHECKING = False  # typing's constant, which type checkers read by name, without importing typing
# Neither pathlib nor typing at import: a build that finds nothing to do (build/current.py) reads
# signatures through this module, and the two cost it a third of its time.
if TYPE_CHECKING:
    from pathlib import Path
    from typing import TypeVar

    T = TypeVar("T")


def cache_home() -> str:
    """Return the user's rolegen cache folder, platformdirs' user cache: $XDG_CACHE_HOME/rolegen, else ~/.cache/rolegen.

    On Linux it is worked out here as platformdirs works it out, since importing platformdirs costs
    a no-op build (build/current.py) as much as its whole check; elsewhere platformdirs says.
    """
    if sys.platform.startswith("linux"):
        base = os.environ.get("XDG_CACHE_HOME", "")
        return os.path.join(base if base.strip() else os.path.expanduser("~/.cache"), "rolegen")
    from platformdirs import user_cache_dir

    return user_cache_dir("rolegen", appauthor=False)


def cache_dir(name: str) -> Path | None:
    """Return a folder of the user's rolegen cache ($XDG_CACHE_HOME/rolegen/NAME), made if missing; None if it cannot be."""
    from pathlib import Path

    folder = Path(cache_home()) / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder


def keep_json(target: str, data) -> bool:
    """Write data as JSON to target, a file of the user's cache, whole or not at all; False where it cannot be written.

    The file is written beside target and renamed over it, so a command reading it at the same
    time (another build, a worker) finds the old file or the new one, never half of one.
    """
    import json

    temporary = f"{target}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
        os.replace(temporary, target)
    except OSError:
        try:
            os.unlink(temporary)  # a full disk leaves no part-written file behind
        except OSError:
            pass
        return False  # a read-only cache costs speed, never a result
    return True


# Entries each kind holds at most; beyond it, the least recently used goes. A build's outputs are
# rendered brand by brand, so a bound above the number of brands a build names never evicts in use.
BOUNDS: dict[str, int] = {
    "brands": 16,  # loaded brand kits (documents.load_brand_kit)
    "comparisons": 64,  # loaded comparisons with their roles, per file and language (documents.load_inputs)
    "packages": 8,  # cleaned masters and references (sanitize.clean): up to 100 MB each, the largest entries
    "masters": 4,  # open masters decks are drawn on, with their plans, per brand (render/pptx.py): a few MB each
    "notes": 4,  # a notes slide before its text, per open master (render/pptx.py)
    "references": 16,  # prepared handout references per brand, language, file (render/docx_reference.py): ~60 kB each
    "images": 32,  # a logo's aspect ratio or opacity (render/pptx_slides.py)
    "measurers": 32,  # text measurers per font family and font files, with the widths they measured (fonts.py)
    "words": 16,  # the fixed words per language and templates folder (content/i18n.py)
    "templates": 16,  # Jinja environments per templates folder and brand folder (templates.py)
    "sections": 256,  # parsed Markdown sections (content/markdown.py): ~20 per document, drawn in turn by brand
    "deflated": 4096,  # a master's or reference's parts, deflated (ooxml.write_package): ~100 per deck of a brand
}


def signature(path: Path) -> tuple:
    """Return what tells one version of a file from another without reading it: (path, device, inode,
    size, modification and change times in ns); (path, None) for a file that is not there.

    A stat costs a microsecond where a digest of a 100 MB master costs a read of it on every deck.
    The inode tells a file saved over by rename (as editors save); the change time, which no one
    can set, tells one rewritten in place with its old modification time (cp -p).
    """
    try:
        stat = os.stat(path)
    except OSError:
        return str(path), None
    return str(path), stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns


class BuildCache:
    """One build's memory of what it read and worked out, shared by its documents.

    Made once per build (per worker process under --jobs) and passed down explicitly; rolegen
    watch makes a new one for every rebuild. Whatever derives from a file is keyed by the file's
    signature, so even a cache kept longer never serves a file's old version.
    """

    def __init__(self, bounds: dict[str, int] | None = None):
        self._bounds = dict(BOUNDS if bounds is None else bounds)
        self._kinds: dict[str, OrderedDict] = {kind: OrderedDict() for kind in self._bounds}

    def entry(self, kind: str, key: Hashable, make: Callable[[], T]) -> T:
        """Return the entry of a kind under key, made by make() when missing (an error is not kept)."""
        entries = self._kinds[kind]
        if key in entries:
            entries.move_to_end(key)
            return entries[key]
        value = entries[key] = make()
        if len(entries) > self._bounds[kind]:
            entries.popitem(last=False)
        return value

    def file(self, kind: str, path: Path, make: Callable[[Path], T], *key: Hashable) -> T:
        """Return what make(path) derives from one file, kept under the file's signature and key."""
        return self.entry(kind, (signature(path), *key), lambda: make(path))

    def checked(self, kind: str, key: Hashable, make: Callable[[], T], sources: Callable[[T], Iterable[Path]]) -> T:
        """Return the entry under key made from several files, made again when a signature of the
        files sources(entry) names has changed since (their names are known only once it is made)."""
        entries = self._kinds[kind]
        if key in entries:
            value, signatures = entries[key]
            if signatures == tuple(signature(p) for p in sources(value)):
                entries.move_to_end(key)
                return value
            del entries[key]
        value = make()
        self.entry(kind, key, lambda: (value, tuple(signature(p) for p in sources(value))))
        return value

    def entries(self, kind: str) -> tuple:
        """Return the keys a kind holds, least recently used first."""
        return tuple(self._kinds[kind])
