"""output/manifest.json: for each output, the digest of its inputs and of the file written."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from rolegen import __version__
from rolegen.errors import OutputError
from rolegen.output import write_atomic

MANIFEST_NAME = "manifest.json"
_LOCK_NAME = ".manifest.lock"


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


def load(output_dir: Path) -> dict[str, Entry]:
    """Return the manifest's entries keyed by output path (relative to output/); none if absent."""
    path = manifest_path(output_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {key: Entry(value["inputs"], value["sha256"]) for key, value in data["outputs"].items()}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        # Treating a broken manifest as empty only costs a full rebuild, which then repairs it.
        return {}


def load_roles(output_dir: Path) -> dict[str, RoleList]:
    """Return the role lists the last build read, keyed by comparison file (relative to the project)."""
    try:
        data = json.loads(manifest_path(output_dir).read_text(encoding="utf-8"))
        return {key: RoleList(value["sha256"], tuple(value["roles"]))
                for key, value in data.get("comparisons", {}).items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def save(output_dir: Path, entries: dict[str, Entry], roles: dict[str, RoleList] | None = None) -> None:
    """Write the manifest atomically, in a stable form (sorted keys, no times) so it is reproducible."""
    data = {"rolegen": __version__, "outputs": {key: asdict(entries[key]) for key in sorted(entries)}}
    if roles:
        data["comparisons"] = {key: {"sha256": roles[key].sha256, "roles": list(roles[key].roles)}
                               for key in sorted(roles)}
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
        handle = open(output_dir / _LOCK_NAME, "a+b")
    except OSError as e:
        raise OutputError(f"cannot lock the manifest: {e.strerror}", output_dir / _LOCK_NAME) from e
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
