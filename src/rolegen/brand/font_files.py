"""Open a font file a kit ships with fontTools when the kit is read: a file that is no font is refused there."""

from __future__ import annotations

import struct
from pathlib import Path

# The tables every TrueType or OpenType font needs to be drawn and measured (the OpenType spec's required set).
REQUIRED_TABLES = ("cmap", "head", "hhea", "hmtx", "maxp", "name")
# Name IDs of the family: 16 (typographic family) where a face has one, else 1 (font family).
FAMILY_NAME_IDS = (1, 16)
_WEB_FONTS = {b"wOFF": "WOFF", b"wOF2": "WOFF2"}
# What a file named .ttf most often is when it is no font: renamed, or saved from the wrong link.
_NOT_FONTS = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a zip archive",
    b"%PDF": "a PDF",
    b"<": "text (HTML or XML: a web page saved in place of the font?)",
}
_WHY_NOT_A_FONT = (OSError, ValueError, KeyError, IndexError, AssertionError, EOFError, struct.error, TypeError)


class FontFileProblem(Exception):
    """A file listed as a font that fontTools or FreeType cannot read; the message says why."""


def families(path: Path, shown: str) -> frozenset[str]:
    """Return the family names a font file gives itself, having read it whole enough to measure text with.

    Raise FontFileProblem (naming it as shown) when it is empty, no font, cut short, a web font or damaged.
    """
    from fontTools.ttLib import TTFont, TTLibError

    size = path.stat().st_size
    if size == 0:
        raise FontFileProblem(f"font file '{shown}' is empty; give the .ttf or .otf file itself")
    with open(path, "rb") as handle:
        magic = handle.read(4)
    if magic in _WEB_FONTS:
        # Judged by the bytes: fontTools needs Brotli for WOFF2, and Office embeds neither kind.
        raise FontFileProblem(
            f"font file '{shown}' is a {_WEB_FONTS[magic]} web font; rolegen measures text with "
            "TrueType or OpenType files: give the .ttf or .otf"
        )
    other = next((what for start, what in _NOT_FONTS.items() if magic.startswith(start)), None)
    if other:
        raise FontFileProblem(f"font file '{shown}' is {other}, not a font; give a .ttf or .otf file")
    try:
        # fontNumber picks the first face of a collection (.ttc); it is ignored for single fonts.
        with TTFont(str(path), lazy=True, fontNumber=0) as font:
            _check_tables(font, size, shown)
            names = frozenset(
                record.toUnicode(errors="replace").strip()
                for record in font["name"].names
                if record.nameID in FAMILY_NAME_IDS
            )
    except TTLibError as e:
        raise FontFileProblem(f"font file '{shown}' is not a font ({_reason(e)}); give a .ttf or .otf file") from e
    except _WHY_NOT_A_FONT as e:
        raise FontFileProblem(
            f"font file '{shown}' is damaged ({_reason(e)}); save it again or download it afresh"
        ) from e
    _check_freetype(path, shown)
    return names - {""}


def _check_tables(font, size: int, shown: str) -> None:
    """Fail when a table a font needs is missing or runs past the end of the file (a font cut short)."""
    tables = font.reader.tables
    missing = [tag for tag in REQUIRED_TABLES if tag not in tables]
    if missing:
        raise FontFileProblem(
            f"font file '{shown}' lacks the '{missing[0]}' table every font has; save it again as .ttf or .otf"
        )
    for tag, entry in tables.items():
        if entry.offset + entry.length > size:
            raise FontFileProblem(
                f"font file '{shown}' is cut short (its '{tag.strip()}' table runs past the end of the "
                f"{size:,}-byte file); download it afresh"
            )


def _check_freetype(path: Path, shown: str) -> None:
    """Fail when FreeType, which measures rolegen's text through Pillow, cannot open the face."""
    from PIL import ImageFont

    try:
        ImageFont.truetype(str(path), 10)
    except OSError as e:
        raise FontFileProblem(f"font file '{shown}' cannot be drawn ({_reason(e)}); give a .ttf or .otf file") from e


def _reason(error: Exception) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 80 else text[:79] + "\u2026"
