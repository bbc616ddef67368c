"""Write outputs atomically: a temporary file in the same folder, then a rename."""

from __future__ import annotations

import os
import time
from pathlib import Path

from rolegen.errors import OutputError, display_path

STALE_TEMP_SECONDS = 60  # a temp file this old is left by a write that was killed; none lasts as long


def check_real_folder(root: Path, path: Path) -> Path:
    """Return path unless a folder between root and it is a link (a pull request can commit one
    for output/ or output/<brand>/, and the build would then write outside the project)."""
    root = Path(os.path.abspath(root))
    folder = Path(os.path.abspath(path))
    while folder != root and folder.is_relative_to(root):
        if folder.is_symlink() or (folder.exists() and not folder.is_dir() and folder != Path(os.path.abspath(path))):
            raise OutputError(
                f"'{display_path(folder)}' is a link (or not a folder); rolegen writes only into "
                "the project's real output folder",
                folder,
            )
        folder = folder.parent
    return path


def check_no_link_inside(root: Path, target: Path) -> Path:
    """Return a target named on the command line (-o) unless, inside the project, a link stands on its way.

    The same rule as the build's: a committed link (output -> ../elsewhere) must not carry a file
    out of the project, nor may the file itself be a link (dangling or not). Each part of the path
    is judged as the system follows it, '..' and all, so 'output/../x' cannot hide the link it
    passes; a path outside the project is the user's own choice.
    """
    root = Path(os.path.abspath(root))
    given = Path(os.getcwd(), target) if not target.is_absolute() else target
    parts = given.parts
    for count in range(2, len(parts) + 1):
        step = Path(*parts[:count])
        lexical = Path(os.path.normpath(step))
        if lexical != root and lexical.is_relative_to(root) and step.is_symlink():
            raise OutputError(
                f"'{display_path(lexical)}' is a link; rolegen writes into the project only through "
                "real folders (write outside the project, or remove the link)",
                target,
            )
    return target


def remove_stale_temps(folder: Path) -> None:
    """Remove the temporary files that killed writes left below folder (links are not followed)."""
    limit = time.time() - STALE_TEMP_SECONDS
    for parent, _, files in os.walk(folder):
        for name in files:
            path = Path(parent, name)
            if name.startswith(".") and name.endswith(".tmp"):
                try:
                    if path.lstat().st_mtime < limit:
                        path.unlink()
                except OSError:
                    pass


def write_atomic(path: Path, data: bytes) -> None:
    """Write data to path so that readers see the old file or the whole new one, never a part."""
    write_all_atomic({path: data})


def write_all_atomic(files: dict) -> None:
    """Write several files so that, if any cannot be written, none of them changes.

    files maps each path to its bytes, or to a staging.Staged file already on disk (moved into place).
    """
    staged: list[tuple[str, Path]] = []
    try:
        # Stage every file first: a full disk or a missing permission shows before anything is replaced.
        for path, data in files.items():
            staged.append((_stage(path, data), path))
    except BaseException:
        for temp, _ in staged:
            Path(temp).unlink(missing_ok=True)
        raise
    for index, (temp, path) in enumerate(staged):
        try:
            os.replace(temp, path)
        except OSError as e:
            for left, _ in staged[index:]:
                Path(left).unlink(missing_ok=True)
            raise OutputError(f"cannot write here: {e.strerror}", path) from e


def _stage(path: Path, data) -> str:
    """Write data (or move a staged file) to a temporary file beside path and return its name."""
    import tempfile  # here: a build with nothing to write never needs it

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise OutputError(f"cannot write here: {e.strerror}", path) from e
    if not isinstance(data, bytes):  # staged: written and synced already, on this file system
        os.close(fd)
        try:
            os.replace(data.path, temp)
            os.chmod(temp, 0o644)
        except OSError as e:
            Path(temp).unlink(missing_ok=True)
            raise OutputError(f"cannot write here: {e.strerror}", path) from e
        return temp
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
    except BaseException as e:
        Path(temp).unlink(missing_ok=True)
        if isinstance(e, OSError):
            raise OutputError(f"cannot write here: {e.strerror}", path) from e
        raise
    return temp
