"""A build with nothing to do, told from file signatures alone: what a no-op build leaves behind, and its replay.

A `rolegen build` that finds every output current has read the manifest, every input and every
output to say so. It leaves a stamp in the user's cache: the signature (inode, size, modification
and change times; cache.signature) of every file it opened and every folder it listed or found
its files in, and the line it printed. The next identical command (the same arguments, folder,
environment and Python) that finds every signature unchanged prints that line again, without
loading Click, the project or a digest: make and ninja decide so, and git trusts its index the
same way. Anything that differs, or any doubt, and the build runs as always: a stamp can make a
build quicker, never another build.

Only this module and rolegen.cache are imported before the stamp is checked; neither pathlib nor
typing nor hashlib (their import alone costs more than the check).
"""

from __future__ import annotations

import json
import os
import sys
import time
import zlib

from rolegen.cache import cache_home, keep_json, signature

FOLDER = "current"
_FORMAT = 2
# Variables set anew for every command a shell runs: they say nothing about the build.
_VOLATILE = frozenset({"_", "OLDPWD", "SHLVL"})
# A file changed this close to the build's start, or after it, may have changed while it was read
# unseen: such a build leaves no stamp. File times tick in jiffies (up to 10 ms behind the clock),
# and on file systems that keep whole seconds (ext3) or two (FAT), a second change within the same
# tick would leave the time as it was: a file whose time is a whole second is given the wider window.
_RACY_NS = 200_000_000
_RACY_COARSE_NS = 2_000_000_000
_PSEUDO = ("/proc/", "/dev/", "/sys/")
# A stamp no command has used for this long goes when another is left: one is left for every
# folder, arguments and environment a build ran with, and a shell's environment changes often.
_KEPT_SECONDS = 7 * 24 * 3600
_WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def replay(args: list[str]) -> bool:
    """Print what the last identical no-op build printed and return True, when nothing it read has changed."""
    started = time.perf_counter()
    try:
        key = _key(args)
        with open(_stamp_file(key), encoding="utf-8") as handle:
            stamp = json.load(handle)
        if stamp["format"] != _FORMAT or stamp["key"] != key:
            return False
        if any(list(signature(entry[0])) != entry for entry in stamp["files"]):
            return False
        line = stamp["line"]
    except (OSError, ValueError, KeyError, TypeError):
        return False  # no stamp, or one this rolegen cannot read: the build decides
    if line is not None:
        sys.stdout.write(line.replace("{seconds}", f"{time.perf_counter() - started:.1f}") + "\n")
        sys.stdout.flush()
    return True


# The recorder the process's one audit hook feeds (none: the hook does nothing). A hook cannot be
# taken off, so it is added once, by the first recorder, and each later one takes its place.
_LISTENING: list[Recorder] = []
_HOOKED: list[bool] = []


def _hear(event: str, args: tuple) -> None:
    if _LISTENING:
        _LISTENING[0].hear(event, args)


class Recorder:
    """What a build opened and listed, gathered while it runs, for the stamp a no-op build leaves."""

    def __init__(self, args: list[str]):
        self.args = list(args)
        self.started_ns = time.time_ns()
        self.files: set[str] = set()
        self.folders: set[str] = set()
        if not _HOOKED:
            sys.addaudithook(_hear)
            _HOOKED.append(True)
        _LISTENING[:] = [self]

    def hear(self, event: str, args: tuple) -> None:
        """Note a file the build opens to read, or a folder it lists."""
        if event == "open":
            path, mode, flags = args
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (flags or 0) & _WRITING
            if isinstance(path, str) and not writing:
                self.files.add(os.path.abspath(path))
        elif event in ("os.scandir", "os.listdir") and args and isinstance(args[0], str):
            self.folders.add(os.path.abspath(args[0] or "."))

    def stop(self) -> None:
        """Stop gathering."""
        if _LISTENING and _LISTENING[0] is self:
            _LISTENING.clear()

    def remember(self, root: str, line: str | None) -> bool:
        """Leave the stamp of a build that found every output current and printed line ("{seconds}" its time).

        root is the project folder. Return whether a stamp was left: none when a file it read changed
        while it ran, or the cache cannot be written.
        """
        self.stop()
        root = os.path.abspath(root)
        watched = {p for p in self.files if not p.startswith(_PSEUDO)}
        folders = set(self.folders)
        for path in watched | self.folders:
            folders.update(_folders_of(path, root))
        # The folders find_root looks in for a project, from where rolegen ran up to the project.
        for folder in _folders_of(os.path.join(os.getcwd(), "."), root):
            watched.update(os.path.join(folder, marker) for marker in ("content", "rolegen.toml"))
        files = [[*signature(path)] for path in sorted(watched | folders)]
        if any(_racy(f, self.started_ns) for f in files):
            return False
        key = _key(self.args)
        stamp = {"format": _FORMAT, "key": key, "line": line, "files": files}
        target = _stamp_file(key)
        if not keep_json(target, stamp):
            return False  # a read-only cache costs speed, never the build
        _forget_old(os.path.dirname(target))
        return True


def _forget_old(folder: str) -> None:
    """Remove the stamps of a folder that no build has left for a week (a replay does not renew one)."""
    limit = time.time() - _KEPT_SECONDS
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(".json") and entry.stat().st_mtime < limit:
                    os.unlink(entry.path)
    except OSError:
        pass  # another build removed it first, or the folder cannot be read: the next one tries again


def _racy(entry: list, started_ns: int) -> bool:
    """Return whether a file's signature is too recent to vouch for what the build read of it."""
    if len(entry) <= 2:
        return False  # not there
    modified, changed = entry[4], entry[5]
    window = _RACY_COARSE_NS if modified % 1_000_000_000 == 0 else _RACY_NS
    return max(modified, changed) >= started_ns - window


def _folders_of(path: str, root: str) -> list[str]:
    """Return the folders a file's creation or removal would change: up to root when inside it, else its own."""
    folders = []
    folder = os.path.dirname(path)
    if not (folder + os.sep).startswith(root + os.sep):
        return [folder]
    while (folder + os.sep).startswith(root + os.sep):
        folders.append(folder)
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return folders


def _key(args: list[str]) -> list:
    """Return what must be the same for a stamp to speak for a command: arguments, folder, environment, Python."""
    environment = "\0".join(f"{k}={v}" for k, v in sorted(os.environ.items()) if k not in _VOLATILE)
    # A checksum, not the variables: the environment holds CI's secrets, which no cache file may.
    checksum = zlib.crc32(environment.encode("utf-8", "surrogateescape"))
    terminals = [os.isatty(fd) for fd in (1, 2)]
    return [list(args), os.getcwd(), checksum, terminals, sys.executable, sys.version]


def _stamp_file(key: list) -> str:
    name = zlib.crc32(json.dumps(key).encode("utf-8", "surrogateescape"))
    return os.path.join(cache_home(), FOLDER, f"{name:08x}.json")
