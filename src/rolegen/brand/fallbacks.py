"""The fonts text in other scripts falls back to (CJK, Arabic, Hebrew), and what to say when one is missing."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from rolegen.brand import fontconfig
from rolegen.content import scripts

SCRIPT_NAMES = {"ja": "Japanese", "zh": "Chinese", "ko": "Korean", "ar": "Arabic", "he": "Hebrew"}
# The Debian package of a family (by the start of its name), so a warning can say what to install.
_PACKAGES = (
    ("noto sans cjk", "fonts-noto-cjk"),
    ("noto serif cjk", "fonts-noto-cjk"),
    ("dejavu", "fonts-dejavu"),
    ("open sans", "fonts-open-sans"),
    ("lato", "fonts-lato"),
    ("carlito", "fonts-crosextra-carlito"),
    ("caladea", "fonts-crosextra-caladea"),
    ("liberation", "fonts-liberation2"),
)


@dataclass(frozen=True)
class Fallback:
    """The font Office is told to draw a script's text in, and the face rolegen measures that text with."""

    lang: str  # the script's primary language: 'ja'
    family: str  # the font documents name for it: 'Noto Sans CJK JP'
    installed: bool  # whether this machine has family itself
    used: str | None  # the family measured with: family itself, fontconfig's stand-in, or None (an estimate)
    path: Path | None = None
    index: int = 0  # the face's number in a font collection (.ttc)


def family_of(lang: str) -> str:
    """Return the font documents name for text in a script's language ('ja' -> 'Noto Sans CJK JP')."""
    return scripts.EAST_ASIAN_FONTS.get(lang) or scripts.COMPLEX_FONTS[lang]


def script_of(text: str) -> str | None:
    """Return the language of the first script text is in that has a fallback font, or None."""
    return scripts.complex_script(text) or scripts.east_asian(text)


@functools.lru_cache(maxsize=32)
def fallback(lang: str, bold: bool = False) -> Fallback:
    """Return a script's fallback font and the face that draws its text here, as fontconfig chooses it.

    Asked with the language, so where the named family is missing fontconfig offers a face that has
    the script's characters if any does; a face without them leaves rolegen an estimate.
    """
    family = family_of(lang)
    weight = "bold" if bold else "regular"
    matched, path, index, langs = _match(f"{family}:lang={lang}:weight={weight}")
    installed = bool(matched) and family.lower() in matched.lower()
    covers = any(tag == lang or tag.startswith(f"{lang}-") for tag in langs)
    if path is None or not (installed or covers):
        return Fallback(lang, family, installed, None)
    return Fallback(lang, family, installed, matched.split(",")[0], path, index)


def install_hint(family: str) -> str:
    """Return how to install a family ('install fonts-noto-cjk'), or how to say so when rolegen knows no package."""
    name = family.lower()
    package = next((package for start, package in _PACKAGES if name.startswith(start)), None)
    return f"install {package}" if package else f"install '{family}'"


def missing_fallbacks(text: str, document_lang: str = "") -> list[str]:
    """Return a warning per fallback font the scripts in text need and this machine lacks.

    Each names the font, the scripts it is for, and what rolegen measures that text with instead.
    """
    langs = _languages(text, document_lang)
    by_family: dict[str, list[str]] = {}
    for lang in langs:
        by_family.setdefault(family_of(lang), []).append(lang)
    warnings = []
    for family, family_langs in by_family.items():
        found = fallback(family_langs[0])
        if found.installed:
            continue
        names = " and ".join(SCRIPT_NAMES[lang] for lang in family_langs)
        instead = f"'{found.used}'" if found.used else f"an estimate (no installed font has {names} characters)"
        warnings.append(
            f"font '{family}' (for {names} text) is not installed; measuring with {instead} instead; "
            f"{install_hint(family)}"
        )
    return warnings


def _languages(text: str, document_lang: str) -> list[str]:
    """Return the languages of the scripts in text that have fallback fonts, in a fixed order."""
    chars = {char for char in set(text) if char >= "\u0590"}
    found = {script_of(char) for char in chars} - {None}
    if "zh" in found and found & {"ja", "ko"}:
        # Han characters beside kana or hangul are drawn in that language's font.
        found.discard("zh")
    if found == {"zh"}:
        primary = document_lang.split("-")[0].lower()
        found = {primary if primary in scripts.EAST_ASIAN_FONTS else "zh"}
    return [lang for lang in SCRIPT_NAMES if lang in found]


def _match(pattern: str) -> tuple[str, Path | None, int, tuple[str, ...]]:
    """Return fc-match's family, file, face index and languages for a pattern (nothing without fontconfig)."""
    out = fontconfig.ask(pattern, "%{family}\t%{file}\t%{index}\t%{lang}")
    family, _, rest = out.partition("\t")
    file, _, rest = rest.partition("\t")
    index, _, langs = rest.partition("\t")
    return (
        family,
        Path(file) if file else None,
        int(index) if index.isdigit() else 0,
        tuple(langs.split("|") if langs else ()),
    )
