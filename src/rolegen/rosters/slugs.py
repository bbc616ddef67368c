"""File names for people: from their names, the same on every run, unique, and safe on every file system."""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG = 60  # characters: a path under output/<brand>/onboarding/ stays far below every system's limit
_NOT_WORD = re.compile(r"[^\w]+")
# Names Windows reserves for devices, whatever the extension.
# Latin letters with no decomposition into a base letter and an accent.
_LATIN_LETTERS = {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "þ": "th", "æ": "ae", "œ": "oe", "ŋ": "ng"}
_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))})


def slug(name: str) -> str:
    """Return a file name for a person: 'José Núñez' -> 'jose-nunez', '山田 花子' -> '山田-花子'.

    Latin letters lose their accents (so the name types on any keyboard); letters of other scripts
    stay as they are, composed (NFC), so macOS, Windows and Linux store the same name.
    """
    folded = "".join(
        _fold(character) for character in unicodedata.normalize("NFKC", name).casefold() if not _is_mark(character)
    )
    words = [word for word in _NOT_WORD.split(folded.replace("_", " ")) if word]
    text = "-".join(words)[:MAX_SLUG].strip("-")
    text = unicodedata.normalize("NFC", text)
    if not text or text in _RESERVED:
        text = f"person-{text}" if text else "person"
    return text


def unique(slugs: list[str]) -> list[str]:
    """Return the slugs with repeats told apart: the second 'ana-lima' becomes 'ana-lima-2', in file order.

    A number never takes a slug another row has as its own, so that row's file keeps its name.
    """
    originals, taken, result = set(slugs), set(), []
    for text in slugs:
        candidate, number = text, 1
        while candidate in taken or (candidate != text and candidate in originals):
            number += 1
            candidate = f"{text}-{number}"
        taken.add(candidate)
        result.append(candidate)
    return result


def _fold(character: str) -> str:
    """Return a Latin letter without its accent ('é' -> 'e', 'ł' -> 'l'); any other character as it is."""
    if "LATIN" not in unicodedata.name(character, ""):
        return character
    if character in _LATIN_LETTERS:
        return _LATIN_LETTERS[character]
    base = unicodedata.normalize("NFKD", character)
    return "".join(c for c in base if not unicodedata.combining(c)) or character


def _is_mark(character: str) -> bool:
    return unicodedata.category(character) == "Cf"  # zero-width and direction marks a pasted name may carry
