"""fontconfig asked in this process, as `fc-match -f FORMAT PATTERN` answers, through the library fc-match is.

Every fc-match run loads fontconfig's configuration and font caches again: about 6 ms, and a cold
deck asks for eight or more patterns (each family regular and bold, a metric twin, a stand-in,
each script's fallback). Loaded once through ctypes, fontconfig answers each further pattern in
well under a millisecond, by the calls fc-match itself makes (fc-match.c: FcNameParse,
FcConfigSubstitute, FcDefaultSubstitute, FcFontMatch, FcPatternFormat), so the answers are the
same. Where the library cannot be loaded (another system, a fontconfig without these symbols),
`ask` runs fc-match as before.
"""

from __future__ import annotations

import ctypes
import shutil
import subprocess

_LIBRARIES = ("libfontconfig.so.1", "libfontconfig.1.dylib", "libfontconfig.so")
_MATCH_PATTERN = 0  # FcMatchPattern
# The library and its loaded configuration, once per process. A worker forked from a build starts
# with the build's: fontconfig's configuration and caches are as good in the copy.
_state: dict = {}


def ask(pattern: str, format: str) -> str:
    """Return what `fc-match -f format pattern` prints: asked in process, else of fc-match.

    "" where fc-match is not on PATH (as where it fails): a machine without fontconfig's programs
    is treated as one without fonts, though its library may be there.
    """
    if not shutil.which("fc-match"):
        return ""
    answer = match(pattern, format)
    if answer is not None:
        return answer
    try:
        return subprocess.run(["fc-match", "-f", format, pattern], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def match(pattern: str, format: str) -> str | None:
    """Return what `fc-match -f format pattern` prints, or None when fontconfig cannot be asked in process."""
    lib = _library()
    if lib is None:
        return None
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
        _state.update(lib=None, config=None)
        for name in _LIBRARIES:
            try:
                lib = ctypes.CDLL(name)
                _declare(lib)
            except (OSError, AttributeError):
                continue
            config = lib.FcInitLoadConfigAndFonts()
            if config:
                _state.update(lib=lib, config=config)
            break
    return _state["lib"]


def _declare(lib) -> None:
    """Give each call its C signature (ctypes would pass pointers as ints and truncate them)."""
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
