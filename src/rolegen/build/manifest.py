"""output/manifest.json: for each output, the digest of its inputs and of the file written;
for each comparison file, the roles it named. A shard of a build writes a part of its own beside it."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rolegen import __version__
from rolegen.errors import OutputError
from rolegen.build.output import write_atomic
from rolegen.inputs.project import ID_PATTERN

MANIFEST_NAME = "manifest.json"
# Shard K of N writes manifest-shard-K-of-N.json: shards copied into one folder never overwrite each other.
_PART = re.compile(r"manifest-shard-(\d+)-of-(\d+)\.json\Z")
MAX_MANIFEST_BYTES = 64 * 1024 * 1024  # some 200,000 outputs


@dataclass(frozen=True)
class Entry:
    """What the manifest knows about one output."""

    inputs: str  # digest of everything that went into the output
    sha256: str  # digest of the file as rolegen wrote it
    pdf: bool = False  # a pack holding PDFs of its deck and handout


@dataclass(frozen=True)
class RoleList:
    """The roles a comparison file names, as read when its bytes had this digest.

    A build that finds the digest unchanged takes the list from here instead of parsing YAML,
    which keeps a build with nothing to do from loading a YAML parser at all.
    """

    sha256: str
    roles: tuple[str, ...]


def manifest_path(output_dir: Path, shard: tuple[int, int] | None = None) -> Path:
    """Return where a project's manifest lives, or the part shard (K, N) of a build writes."""
    return output_dir / (f"manifest-shard-{shard[0]}-of-{shard[1]}.json" if shard else MANIFEST_NAME)


def manifest_files(output_dir: Path) -> list[Path]:
    """Return the manifest and its shards' parts, in the order they are read (a later one wins)."""
    try:
        parts = [(int(m[2]), int(m[1]), p) for p in output_dir.iterdir() if (m := _PART.match(p.name))]
    except OSError:
        parts = []
    return [manifest_path(output_dir)] + [p for *_, p in sorted(parts)]


@dataclass(frozen=True)
class Manifest:
    """What the last build recorded: each output's entry, and the roles each comparison file named."""

    outputs: dict[str, Entry] = field(default_factory=dict)  # keyed by path relative to output/
    comparisons: dict[str, RoleList] = field(default_factory=dict)  # keyed by path relative to the project


def load(output_dir: Path) -> Manifest:
    """Return what the manifest and its shards' parts record, read together; nothing if they are absent.

    A part is newer than the manifest beside it (a whole build folds the parts in and removes them),
    so a part's entry wins. Treating a broken file (or a broken half of one) as empty only costs a
    rebuild, which then repairs it.
    """
    from rolegen.errors import RolegenError
    from rolegen.inputs.safety import read_guarded

    outputs: dict[str, Entry] = {}
    comparisons: dict[str, RoleList] = {}
    for path in manifest_files(output_dir):
        try:
            # Outputs live in CI caches and artifacts: each part is read through the guard of inputs.
            data = json.loads(read_guarded(path, output_dir, limit=MAX_MANIFEST_BYTES))
        except (RolegenError, ValueError, RecursionError):
            continue
        outputs.update(_outputs(data))
        comparisons.update(_comparisons(data))
    return Manifest(outputs, comparisons)


def _outputs(data) -> dict[str, Entry]:
    try:
        return {
            key: Entry(value["inputs"], value["sha256"], value.get("pdf") is True)
            for key, value in data["outputs"].items()
        }
    except (KeyError, TypeError, AttributeError):
        return {}


def _comparisons(data) -> dict[str, RoleList]:
    try:
        lists = {
            key: RoleList(value["sha256"], tuple(value["roles"])) for key, value in data.get("comparisons", {}).items()
        }
    except (KeyError, TypeError, AttributeError):
        return {}
    # The ids become file names: a hand-edited list that is not made of ids is not trusted.
    return {
        key: roles
        for key, roles in lists.items()
        if all(isinstance(i, str) and ID_PATTERN.match(i) for i in roles.roles)
    }


def save(output_dir: Path, recorded: Manifest, shard: tuple[int, int] | None = None) -> None:
    """Write the manifest (or shard (K, N)'s part) atomically and in a stable form, sorted and without times.

    A whole build's manifest holds every part's entries, so the parts it replaces are removed.
    A file that would not change is left alone: a build with nothing new rewrites nothing.
    """
    outputs, comparisons = recorded.outputs, recorded.comparisons
    data = {"rolegen": __version__, "outputs": {key: _entry(outputs[key]) for key in sorted(outputs)}}
    if comparisons:
        data["comparisons"] = {
            key: {"sha256": comparisons[key].sha256, "roles": list(comparisons[key].roles)}
            for key in sorted(comparisons)
        }
    path = manifest_path(output_dir, shard)
    text = (json.dumps(data, indent=2, sort_keys=True) + "\n").encode("utf-8")
    if not path.is_file() or path.read_bytes() != text:
        write_atomic(path, text)
    if shard is None:
        for part in manifest_files(output_dir)[1:]:
            part.unlink(missing_ok=True)


def _entry(entry: Entry) -> dict:
    # "pdf" only when true, so manifests of builds without PDFs read as they always have.
    return {"inputs": entry.inputs, "sha256": entry.sha256, **({"pdf": True} if entry.pdf else {})}


@contextlib.contextmanager
def locked(output_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on the manifest, so two builds at once do not lose each other's entries.

    The lock file lives in the user's cache, not among the outputs, so it is never committed or uploaded.
    """
    try:
        import fcntl
    except ImportError:  # Windows: builds there are not run concurrently in one folder
        yield
        return
    path = lock_path(output_dir)
    try:
        # O_NOFOLLOW: a planted link named like the lock must not create or open a file elsewhere.
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        handle = os.fdopen(os.open(path, flags, 0o644), "r+b")
    except OSError as e:
        raise OutputError(f"cannot lock the manifest: {e.strerror}", path) from e
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def lock_path(output_dir: Path) -> Path:
    """Return the lock file of an output folder: one per folder, named by its absolute path."""
    import tempfile

    from rolegen.cache import cache_dir

    name = hashlib.sha256(str(output_dir.resolve()).encode("utf-8")).hexdigest()[:32] + ".lock"
    folder = cache_dir("locks")
    return folder / name if folder is not None else Path(tempfile.gettempdir()) / f"rolegen-{name}"
