"""fontconfig asked in this process, as `fc-match -f FORMAT PATTERN` answers, through the library fc-match is.

Every fc-match run loads fontconfig's configuration and font caches again: about 6 ms, and a cold
deck asks for eight or more patterns (each family regular and bold, a metric twin, a stand-in,
each script's fallback). Loaded once through ctypes, fontconfig answers each further pattern in
well under a millisecond, by the calls fc-match itself makes (fc-match.c: FcNameParse,
FcConfigSubstitute, FcDefaultSubstitute, FcFontMatch, FcPatternFormat), so the answers are the
same. Where the library cannot be loaded (another system, a fontconfig without these symbols),
`ask` runs fc-match as before.

Loading the library and its configuration is itself about 7 ms of a cold deck's 300, so the answers
are also kept in the user's cache ($XDG_CACHE_HOME/rolegen/fontconfig.json) with what they depend on:
the variables fontconfig reads, and the signature of every configuration file and font folder it
read, each with its folder, and of the folders a user's configuration would be made in. A later
process that finds them all the same answers from there without loading fontconfig. A font
installed or removed changes its folder's modification time, which is also what tells fontconfig's
own caches that a folder must be read again.
"""

from __future__ import annotations

import json
import os
import shutil
import time

from rolegen.cache import cache_home, keep_json, signature

_LIBRARIES = ("libfontconfig.so.1", "libfontconfig.1.dylib", "libfontconfig.so")
_MATCH_PATTERN = 0  # FcMatchPattern
# The library and its loaded configuration, once per process. A worker forked from a build starts
# with the build's: fontconfig's configuration and caches are as good in the copy.
_state: dict = {}
_KEPT = "fontconfig.json"  # in the user's rolegen cache
_FORMAT = 1
# What fontconfig reads of the environment: where its configuration and the user's folders are,
# and the languages FcDefaultSubstitute adds to a pattern.
_VARIABLES = (
    "FONTCONFIG_FILE",
    "FONTCONFIG_PATH",
    "FONTCONFIG_SYSROOT",
    "HOME",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "XDG_CACHE_HOME",
    "FC_LANG",
    "LC_ALL",
    "LC_CTYPE",
    "LANG",
)
_RACY_NS = 2_000_000_000  # a signature this recent (of a coarse clock's second, too) cannot vouch for a folder


def ask(pattern: str, format: str) -> str:
    """Return what `fc-match -f format pattern` prints: asked in process, else of fc-match.

    "" where fc-match is not on PATH (as where it fails): a machine without fontconfig's programs
    is treated as one without fonts, though its library may be there.
    """
    if not shutil.which("fc-match"):
        return ""
    kept, key = _kept(), f"{pattern}\0{format}"
    if key in kept:
        return kept[key]
    answer = match(pattern, format)
    if answer is not None:
        kept[key] = answer
        _keep(kept)
        return answer
    import subprocess  # the fallback alone runs a program

    try:
        return subprocess.run(["fc-match", "-f", format, pattern], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def match(pattern: str, format: str) -> str | None:
    """Return what `fc-match -f format pattern` prints, or None when fontconfig cannot be asked in process."""
    lib = _library()
    if lib is None:
        return None
    import ctypes

    query = lib.FcNameParse(pattern.encode("utf-8"))
    if not query:
        return ""  # fc-match prints nothing for a pattern it cannot parse
    try:
        lib.FcConfigSubstitute(_state["config"], query, _MATCH_PATTERN)
        lib.FcDefaultSubstitute(query)
        font = lib.FcFontMatch(_state["config"], query, ctypes.byref(ctypes.c_int(0)))
        if not font:
            return ""  # nor when no font matches (a machine with none)
        try:
            text = lib.FcPatternFormat(font, format.encode("utf-8"))
            if not text:
                return ""
            try:
                return ctypes.string_at(text).decode("utf-8", "replace")
            finally:
                lib.FcStrFree(text)
        finally:
            lib.FcPatternDestroy(font)
    finally:
        lib.FcPatternDestroy(query)


def _library():
    """Return fontconfig, loaded with its configuration and fonts once per process; None where it cannot be."""
    if "lib" not in _state:
        import ctypes  # here: answers kept on disk need neither it nor the library

        _state.update(lib=None, config=None)
        for name in _LIBRARIES:
            try:
                lib = ctypes.CDLL(name)
                _declare(lib)
            except (OSError, AttributeError):
                continue
            loaded_ns = time.time_ns()
            config = lib.FcInitLoadConfigAndFonts()
            if config:
                _state.update(lib=lib, config=config, loaded_ns=loaded_ns, read=_read(lib, config))
            break
    return _state["lib"]


def _declare(lib) -> None:
    """Give each call its C signature (ctypes would pass pointers as ints and truncate them)."""
    import ctypes

    pointer = ctypes.c_void_p
    lib.FcInitLoadConfigAndFonts.restype = pointer
    lib.FcInitLoadConfigAndFonts.argtypes = []
    lib.FcNameParse.restype = pointer
    lib.FcNameParse.argtypes = [ctypes.c_char_p]
    lib.FcConfigSubstitute.restype = ctypes.c_int
    lib.FcConfigSubstitute.argtypes = [pointer, pointer, ctypes.c_int]
    lib.FcDefaultSubstitute.restype = None
    lib.FcDefaultSubstitute.argtypes = [pointer]
    lib.FcFontMatch.restype = pointer
    lib.FcFontMatch.argtypes = [pointer, pointer, ctypes.POINTER(ctypes.c_int)]
    lib.FcPatternFormat.restype = pointer
    lib.FcPatternFormat.argtypes = [pointer, ctypes.c_char_p]
    lib.FcStrFree.restype = None
    lib.FcStrFree.argtypes = [pointer]
    lib.FcPatternDestroy.restype = None
    lib.FcPatternDestroy.argtypes = [pointer]
    for listing in (lib.FcConfigGetConfigFiles, lib.FcConfigGetFontDirs):
        listing.restype = pointer
        listing.argtypes = [pointer]
    lib.FcStrListNext.restype = ctypes.c_char_p
    lib.FcStrListNext.argtypes = [pointer]
    lib.FcStrListDone.restype = None
    lib.FcStrListDone.argtypes = [pointer]


def _kept() -> dict[str, str]:
    """Return the answers kept on disk, while what they depend on is unchanged (else none), once per process."""
    if "kept" not in _state:
        _state["kept"] = {}
        try:
            with open(os.path.join(cache_home(), _KEPT), encoding="utf-8") as handle:
                kept = json.load(handle)
            answers = kept["answers"]
            current = kept["format"] == _FORMAT and kept["variables"] == _variables()
            if current and all(signature(entry[0]) == tuple(entry) for entry in kept["files"]):
                if all(isinstance(k, str) and isinstance(v, str) for k, v in answers.items()):
                    _state["kept"] = dict(answers)
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
            pass  # none kept, or not by this version: asked again, and kept anew
    return _state["kept"]


def _keep(answers: dict[str, str]) -> None:
    """Write the answers beside the signatures of the files and folders fontconfig read for them."""
    read, loaded_ns = _state.get("read"), _state.get("loaded_ns", 0)
    if not read:
        return
    # Not kept when a file changed since fontconfig read it (this process answers from what it read
    # then), or a moment before (a coarse clock gives a change just after it the same time).
    oldest = loaded_ns - _RACY_NS
    if any(len(f) > 2 and max(f[4], f[5]) >= oldest for f in read) or [signature(f[0]) for f in read] != read:
        return
    kept = {"format": _FORMAT, "variables": _variables(), "files": read, "answers": answers}
    keep_json(os.path.join(cache_home(), _KEPT), kept)  # a read-only cache costs speed, never an answer


def _read(lib, config) -> list[tuple]:
    """Return the signatures of what fontconfig's answers depend on: the files and folders it read."""
    configuration = _listed(lib, lib.FcConfigGetConfigFiles(config))  # its files, and conf.d itself
    folders = _listed(lib, lib.FcConfigGetFontDirs(config))  # every font folder, those not there yet too
    # A file's folder too: a file added beside the others (conf.d) changes only it. And where a
    # user's configuration would be, which fontconfig lists only once it is there.
    home = os.path.expanduser("~")
    user = os.path.join(os.environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config"), "fontconfig")
    unmade = (user, *(os.path.join(user, name) for name in ("fonts.conf", "conf.d")))
    unmade += tuple(os.path.join(home, name) for name in (".fonts.conf", ".fonts.conf.d"))
    watched = {*configuration, *(os.path.dirname(path) for path in configuration), *folders, *unmade}
    return [signature(path) for path in sorted(watched)]


def _listed(lib, strings) -> list[str]:
    """Return the paths of an FcStrList, and free it."""
    paths: list[str] = []
    if not strings:
        return paths
    try:
        while (path := lib.FcStrListNext(strings)) is not None:
            paths.append(os.fsdecode(path))
    finally:
        lib.FcStrListDone(strings)
    return paths


def _variables() -> list:
    return [os.environ.get(name) for name in _VARIABLES]
