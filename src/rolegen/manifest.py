"""output/manifest.json: for each output, the digest of its inputs and of the file written;
for each comparison file, the roles it named."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rolegen import __version__
from rolegen.errors import OutputError
from rolegen.output import write_atomic
from rolegen.project import ID_PATTERN

MANIFEST_NAME = "manifest.json"
_LOCK_NAME = ".manifest.lock"
MAX_MANIFEST_BYTES = 64 * 1024 * 1024  # some 200,000 outputs


@dataclass(frozen=True)
class Entry:
    """What the manifest knows about one output."""

    inputs: str  # digest of everything that went into the output
    sha256: str  # digest of the file as rolegen wrote it


@dataclass(frozen=True)
class RoleList:
    """The roles a comparison file names, as read when its bytes had this digest.

    A build that finds the digest unchanged takes the list from here instead of parsing YAML,
    which keeps a build with nothing to do from loading a YAML parser at all.
    """

    sha256: str
    roles: tuple[str, ...]


def manifest_path(output_dir: Path) -> Path:
    """Return where a project's manifest lives."""
    return output_dir / MANIFEST_NAME


@dataclass(frozen=True)
class Manifest:
    """What the last build recorded: each output's entry, and the roles each comparison file named."""

    outputs: dict[str, Entry] = field(default_factory=dict)  # keyed by path relative to output/
    comparisons: dict[str, RoleList] = field(default_factory=dict)  # keyed by path relative to the project


def load(output_dir: Path) -> Manifest:
    """Return what the manifest records; nothing if it is absent.

    Treating a broken manifest (or a broken half of one) as empty only costs a full rebuild,
    which then repairs it.
    """
    from rolegen.errors import RolegenError
    from rolegen.safety import read_guarded

    path = manifest_path(output_dir)
    try:
        # Outputs live in CI caches and artifacts: the manifest is read through the guard of inputs.
        data = json.loads(read_guarded(path, output_dir, limit=MAX_MANIFEST_BYTES))
    except (RolegenError, ValueError, RecursionError):
        return Manifest()
    return Manifest(_outputs(data), _comparisons(data))


def _outputs(data) -> dict[str, Entry]:
    try:
        return {key: Entry(value["inputs"], value["sha256"]) for key, value in data["outputs"].items()}
    except (KeyError, TypeError, AttributeError):
        return {}


def _comparisons(data) -> dict[str, RoleList]:
    try:
        lists = {key: RoleList(value["sha256"], tuple(value["roles"]))
                 for key, value in data.get("comparisons", {}).items()}
    except (KeyError, TypeError, AttributeError):
        return {}
    # The ids become file names: a hand-edited list that is not made of ids is not trusted.
    return {key: roles for key, roles in lists.items()
            if all(isinstance(i, str) and ID_PATTERN.match(i) for i in roles.roles)}


def save(output_dir: Path, recorded: Manifest) -> None:
    """Write the manifest atomically, in a stable form (sorted keys, no times) so it is reproducible."""
    outputs, comparisons = recorded.outputs, recorded.comparisons
    data = {"rolegen": __version__, "outputs": {key: asdict(outputs[key]) for key in sorted(outputs)}}
    if comparisons:
        data["comparisons"] = {key: {"sha256": comparisons[key].sha256, "roles": list(comparisons[key].roles)}
                               for key in sorted(comparisons)}
    write_atomic(manifest_path(output_dir), (json.dumps(data, indent=2, sort_keys=True) + "\n").encode("utf-8"))


@contextlib.contextmanager
def locked(output_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on the manifest, so two builds at once do not lose each other's entries."""
    try:
        import fcntl
    except ImportError:  # Windows: builds there are not run concurrently in one folder
        yield
        return
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        # O_NOFOLLOW: a committed link named like the lock must not create or open a file elsewhere.
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        handle = os.fdopen(os.open(output_dir / _LOCK_NAME, flags, 0o644), "r+b")
    except OSError as e:
        raise OutputError(f"cannot lock the manifest: {e.strerror}", output_dir / _LOCK_NAME) from e
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
