"""Measure text with real font metrics, so rolegen knows when text would leave its box."""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from pathlib import Path

from rolegen.brand import fontconfig
from rolegen.cache import BuildCache, signature

# Fonts Office documents name that Linux boxes rarely have, and their metric-compatible twins.
METRIC_TWINS = {
    "calibri": "Carlito",
    "cambria": "Caladea",
    "arial": "Liberation Sans",
    "helvetica": "Liberation Sans",
    "times new roman": "Liberation Serif",
    "courier new": "Liberation Mono",
    "aptos": "Carlito",
}
# Without a font file, assume a wide face: an average advance of 0.6 em errs on the safe side.
_ESTIMATE_EM = 0.6
# PowerPoint's single line spacing is about 1.2 em; faces with tall ascenders take more.
LINE_EM = 1.2
# Renderers draw CJK text in a fallback face (Noto CJK, MS Gothic) whose lines are about 1.45 em.
_CJK_LINE_EM = 1.45
# East Asian wide characters (Hangul Jamo, CJK, kana, Hangul, fullwidth forms) as sorted ranges
# of code points: a regex over these ranges costs every start of rolegen ~15 ms to compile.
_WIDE_RANGES = (
    (0x1100, 0x115F),
    (0x2E80, 0xA4CF),
    (0xAC00, 0xD7A3),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFF60),
    (0xFFE0, 0xFFE6),
)
_WIDE_STARTS = tuple(first for first, _ in _WIDE_RANGES)
_TOKENS = re.compile(r"\S+|\s+")
# Beyond Latin, punctuation and symbols: Greek, Cyrillic, Hebrew, Arabic, Indic, CJK and on, up to
# U+FFFF. Written as what it is not, which compiles in a tenth of the time of the ranges it is.
_OTHER_SCRIPTS = re.compile(r"[^\x00-\u036F\u2000-\u2E7F\U00010000-\U0010FFFF]")
_NO_LINE_START = frozenset("、。，．）」』】〕〉》！？：；ー々ぁぃぅぇぉっゃゅょァィゥェォッャュョ")


@functools.lru_cache(maxsize=64)
def font_file(family: str, bold: bool = False, files: tuple[Path, ...] = ()) -> Path | None:
    """Return the font file that best stands for family: shipped, installed, or a metric twin."""
    for path in files:
        name = path.stem.lower()
        if bold == ("bold" in name or "black" in name or "heavy" in name):
            return path
    if files:
        return files[0]
    for candidate in (family, METRIC_TWINS.get(family.lower())):
        if candidate:
            found = _installed(candidate)[bold]
            if found:
                return found
    return None


def installed(family: str) -> bool:
    """Return whether fontconfig has the family itself (not a stand-in for it)."""
    return _installed(family)[0] is not None or _installed(family)[1] is not None


_FORMAT = "%{family}\t%{file}"  # what fontconfig is asked to say of the face it matches


@functools.lru_cache(maxsize=64)
def substitute(family: str) -> str:
    """Return the face that stands in for a family this machine lacks: its metric twin, or fontconfig's choice."""
    twin = METRIC_TWINS.get(family.lower())
    if twin and installed(twin):
        return twin
    return fontconfig.ask(family, _FORMAT).partition("\t")[0].split(",")[0] or "a default face"


@functools.lru_cache(maxsize=64)
def _installed(family: str) -> tuple[Path | None, Path | None]:
    """Return the installed regular and bold files of family (None where fontconfig has none)."""
    regular, bold = (_matched(family, f"{family}:weight={weight}") for weight in ("regular", "bold"))
    return regular, bold


def _matched(family: str, pattern: str) -> Path | None:
    """Return the file fontconfig matches pattern with, if it is of family (fc-match always names some font)."""
    matched, _, path = fontconfig.ask(pattern, _FORMAT).partition("\t")
    if family.lower() not in matched.lower() or not path:
        return None
    return Path(path)


def _coverage(path: Path | None) -> frozenset[int]:
    """Return the code points a font file has glyphs for (empty when it cannot be read)."""
    from fontTools.ttLib import TTFont, TTLibError

    if path is None:
        return frozenset()
    try:
        # fontNumber picks the first face of a collection (.ttc); it is ignored for single fonts.
        with TTFont(str(path), lazy=True, fontNumber=0) as font:
            return frozenset(font.getBestCmap() or {})
    except (OSError, TTLibError, KeyError, AssertionError):
        return frozenset()


class Measurer:
    """Widths and line counts of text in one font family."""

    # Widths scale with the size, so text is measured once, at this size, and scaled.
    _REFERENCE = 1000
    # Bounds of a measurer's memos: the words of a few hundred documents; the sizes a fit tries;
    # the paragraphs of a few hundred documents at the few widths and sizes a fit and check try.
    _MAX_WIDTHS, _MAX_FACES, _MAX_WRAPS = 100_000, 256, 20_000

    def __init__(self, family: str, files: tuple[Path, ...] = ()):
        self.family = family
        self.files = files
        self._widths: dict[tuple[str, bool], float] = {}
        self._faces: dict[tuple[int, bool, bool], object] = {}
        self._covers: dict[bool, frozenset[int]] = {}
        self._wraps: dict[tuple[str, float, float, bool], tuple[str, ...]] = {}
        self._fallbacks: dict[tuple[str, bool], object] = {}

    @classmethod
    def of(cls, family: str, files: tuple[Path, ...] = (), cache: BuildCache | None = None) -> "Measurer":
        """Return the build's measurer of a family, so a build measures each word once (a new one without a cache).

        Keyed by the font files' signatures: a font saved over between builds is measured afresh.
        """
        if cache is None:
            return cls(family, files)
        return cache.entry("measurers", (family, tuple(signature(f) for f in files)), lambda: cls(family, files))

    def _font(self, size_tenths: int, bold: bool, shaped: bool = True):
        """Return the face at a size; shaped (through HarfBuzz) or by plain glyph advances and kerning.

        Shaping is what Arabic, Hebrew or Indic text needs, and costs 20 to 40 times more per
        word; for Latin text the two agree to within 0.5% (plain errs wide, the safe side).
        """
        key = (size_tenths, bold, shaped)
        if key not in self._faces:
            if len(self._faces) >= self._MAX_FACES:
                self._faces.clear()
            self._faces[key] = self._open_face(size_tenths, bold, shaped)
        return self._faces[key]

    def _open_face(self, size_tenths: int, bold: bool, shaped: bool):
        from PIL import ImageFont

        path = font_file(self.family, bold, self.files)
        if path is None:
            return None
        engine = None if shaped else ImageFont.Layout.BASIC
        try:
            # Measured at 10x so rounding to whole pixels costs nothing at slide sizes.
            return ImageFont.truetype(str(path), size_tenths, layout_engine=engine)
        except OSError:
            return None

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Return the width of text in points at size points."""
        return self._reference_width(text, bold) * size / self._REFERENCE

    def _reference_width(self, text: str, bold: bool) -> float:
        key = (text, bold)
        if key not in self._widths:
            if len(self._widths) >= self._MAX_WIDTHS:
                self._widths.clear()
            self._widths[key] = self._measure(text, bold)
        return self._widths[key]

    def _measure(self, text: str, bold: bool) -> float:
        size = self._REFERENCE
        # Only text in other scripts needs shaping, or can hold characters the face lacks;
        # reading the face's character map costs more than measuring, so Latin text skips it.
        latin = not _OTHER_SCRIPTS.search(text)
        font = self._font(size * 10, bold, shaped=not latin)
        if font is None:
            return _estimate(text, size) * (1.08 if bold else 1.0)
        if latin:
            return font.getlength(text) / 10
        if bold not in self._covers:
            self._covers[bold] = _coverage(font_file(self.family, bold, self.files))
        cover = self._covers[bold]
        if not cover:
            return font.getlength(text) / 10
        # Characters the face lacks are drawn from a fallback face; measuring the face's
        # "missing glyph" box would undercount CJK by half, so measure them in the fallback.
        known = "".join(c for c in text if ord(c) in cover or c.isspace())
        missing = "".join(c for c in text if ord(c) not in cover and not c.isspace())
        return font.getlength(known) / 10 + self._fallback_width(missing, bold)

    def _fallback_width(self, text: str, bold: bool) -> float:
        """Return the width at the reference size of characters the face lacks, in their script's fallback.

        The fallback is the face this machine draws them in (fontconfig's choice for the script's
        font); where no installed face has them, or they are in no script with a fallback, an estimate.
        """
        from rolegen.brand import fallbacks

        by_lang: dict[str | None, str] = {}
        for char in text:
            lang = fallbacks.script_of(char)
            by_lang[lang] = by_lang.get(lang, "") + char
        total = 0.0
        for lang, chars in by_lang.items():
            face = self._fallback_face(lang, bold) if lang else None
            total += face.getlength(chars) / 10 if face is not None else _estimate(chars, self._REFERENCE)
        return total

    def _fallback_face(self, lang: str, bold: bool):
        key = (lang, bold)
        if key not in self._fallbacks:
            self._fallbacks[key] = _open_fallback(lang, bold, self._REFERENCE * 10)
        return self._fallbacks[key]

    def line_height(self, size: float, text: str = "", bold: bool = False) -> float:
        """Return the height of one line of text at size points, as renderers space it."""
        height = LINE_EM * size
        font = self._font(round(size * 10), bold)
        if font is not None:
            ascent, descent = font.getmetrics()
            height = max(height, (ascent + descent) / 10)
        if _has_wide(text):
            height = max(height, _CJK_LINE_EM * size)
        return height

    def wrap(self, text: str, width: float, size: float, bold: bool = False) -> list[str]:
        """Break text into the lines it takes in a box width points wide."""
        # Fitting tries each paragraph at several sizes, and the check after drawing wraps it again.
        if "\n" in text:  # a line break (<br>) ends a line wherever it stands
            return [line for piece in text.split("\n") for line in self.wrap(piece, width, size, bold)]
        key = (text, width, size, bold)
        if key not in self._wraps:
            if len(self._wraps) >= self._MAX_WRAPS:
                self._wraps.clear()
            self._wraps[key] = tuple(self._wrap(text, width, size, bold))
        return list(self._wraps[key])

    def _wrap(self, text: str, width: float, size: float, bold: bool) -> list[str]:
        lines: list[str] = []
        line, used = "", 0.0  # used: the line's width including its trailing space
        for token in _split(text):
            word = token.rstrip()
            whole, bare = self.width(token, size, bold), self.width(word, size, bold)
            if not line or used + bare <= width:
                line, used = line + token, used + whole
                if used - (whole - bare) > width:
                    head, line = self._break(line.rstrip(), width, size, bold)
                    lines.extend(head)
                    used = self.width(line, size, bold)
                continue
            lines.append(line.rstrip())
            line, used = token.lstrip(), whole
            if bare > width:
                head, line = self._break(word, width, size, bold)
                lines.extend(head)
                used = self.width(line, size, bold)
        if line.strip() or not lines:
            lines.append(line.rstrip())
        return lines

    def _break(self, word: str, width: float, size: float, bold: bool) -> tuple[list[str], str]:
        """Break a word longer than the line the way renderers do: by characters."""
        lines, line = [], ""
        for char in word:
            if line and self.width(line + char, size, bold) > width:
                lines.append(line)
                line = ""
            line += char
        return lines, line


@functools.lru_cache(maxsize=16)
def _open_fallback(lang: str, bold: bool, size_tenths: int):
    """Return the face a script's text is drawn in here, at a size; None where no installed face has it."""
    from PIL import ImageFont

    from rolegen.brand import fallbacks

    found = fallbacks.fallback(lang, bold)
    if found.path is None:
        return None
    try:
        return ImageFont.truetype(str(found.path), size_tenths, index=found.index)
    except OSError:
        return None


def right_to_left(text: str) -> bool:
    """Return whether text reads right to left: its first strongly directed letter is Arabic or Hebrew."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


def _is_wide(char: str) -> bool:
    point = ord(char)
    index = bisect.bisect_right(_WIDE_STARTS, point) - 1
    return index >= 0 and point <= _WIDE_RANGES[index][1]


def _has_wide(text: str) -> bool:
    # Most text has no character as high as the first wide one, and the rest mostly none past the
    # dashes and curly quotes below U+2E80: max() tells both at C speed, and Hangul Jamo (the one
    # wide range below) is one small pattern.
    if not text:
        return False
    top = max(text)
    if top < "\u1100":
        return False
    if top < "\u2e80":
        return _JAMO.search(text) is not None
    return any(map(_is_wide, text))


_JAMO = re.compile("[\u1100-\u115f]")


def _estimate(text: str, size: float) -> float:
    wide = sum(map(_is_wide, text)) if _has_wide(text) else 0
    return size * (_ESTIMATE_EM * (len(text) - wide) + wide)


def _split(text: str) -> list[str]:
    # CJK text has no spaces: every wide character may start a new line, except closing
    # punctuation, which renderers keep with the character before it (kinsoku shori).
    tokens: list[str] = []
    for token in _TOKENS.findall(text):
        if _has_wide(token):
            for char in token:
                if char in _NO_LINE_START and tokens and not tokens[-1].endswith(" "):
                    tokens[-1] += char
                else:
                    tokens.append(char)
        elif token.isspace():
            if tokens:
                tokens[-1] += " "
        else:
            tokens.append(token)
    return tokens
