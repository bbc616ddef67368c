"""Finished documents kept on disk until a build writes them all, so a build's memory stays flat however many it makes.

The folder is inside output/ (so the final rename stays on one file system), hidden, named for the
process that made it; a build removes the folders of processes that are gone.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from rolegen.build.output import check_real_folder
from rolegen.errors import OutputError

_PREFIX = ".rolegen-staging-"


@dataclass(frozen=True)
class Staged:
    """A finished document's bytes in the staging folder, and their digest."""

    path: Path
    sha256: str

    def read(self) -> bytes:
        return self.path.read_bytes()


def contents(data: bytes | Staged) -> bytes:
    """Return a document's bytes, read back from the staging folder when it was kept there."""
    return data if isinstance(data, bytes) else data.read()


class Staging:
    """The staging folder of one build, made on first use and removed with remove()."""

    def __init__(self, root: Path, output_dir: Path):
        self.root, self.output_dir = root, output_dir
        self.folder: Path | None = None
        self.count = 0
        # output/ did not exist before this build: one that fails before writing leaves none behind.
        self.made_output = False

    def keep(self, data: bytes) -> Staged:
        """Write data to the staging folder; return where it is, with its digest."""
        if self.folder is None:
            self.folder = self._make()
        self.count += 1
        path = self.folder / f"{self.count}.part"
        try:
            with open(path, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as e:
            # The output folder, not the hidden staging one inside it: that is where space is wanting.
            raise OutputError(f"cannot write here: {e.strerror}", self.output_dir) from e
        return Staged(path, hashlib.sha256(data).hexdigest())

    def remove(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
        if self.made_output:
            try:
                self.output_dir.rmdir()  # only when empty: the build wrote nothing
            except OSError:
                pass
            self.made_output = False

    def _make(self) -> Path:
        import tempfile

        try:
            self.made_output = not self.output_dir.exists()
            self.output_dir.mkdir(parents=True, exist_ok=True)
            # Never through a link: output/ may be committed, and a link in it could lead out of the project.
            check_real_folder(self.root, self.output_dir / "x")
            remove_abandoned(self.output_dir)
            return Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-", dir=self.output_dir))
        except OSError as e:
            raise OutputError(f"cannot write here: {e.strerror}", self.output_dir) from e


def remove_abandoned(output_dir: Path) -> None:
    """Remove the staging folders of builds whose process is gone (killed before it could clean up)."""
    for folder in output_dir.glob(f"{_PREFIX}*"):
        pid = folder.name[len(_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)) and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: alive
    return True
