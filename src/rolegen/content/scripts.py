"""Tell which script a run of text is in, the language to tag it with, and the font Office should use for it."""

from __future__ import annotations

import functools

# Unicode blocks as (first, last) characters. Not regular expressions: re compiles a class of
# non-Latin ranges by visiting every character in them, 40,000 for these, which cost each
# process that drew a document tens of milliseconds before it drew anything.
_KANA = (("\u3040", "\u30ff"), ("\u31f0", "\u31ff"))
_HANGUL = (("\u1100", "\u11ff"), ("\u3130", "\u318f"), ("\uac00", "\ud7af"))
_HAN = (("\u3400", "\u4dbf"), ("\u4e00", "\u9fff"), ("\uf900", "\ufaff"))
_ARABIC = (("\u0600", "\u06ff"), ("\u0750", "\u077f"), ("\u08a0", "\u08ff"), ("\ufb50", "\ufdff"), ("\ufe70", "\ufeff"))
_HEBREW = (("\u0590", "\u05ff"), ("\ufb1d", "\ufb4f"))
# Fonts for text the brand's Latin fonts do not cover: East Asian (a:ea, w:eastAsia) and complex script
# (a:cs, w:cs). Free families that Debian installs with LibreOffice (fonts-noto-cjk, fonts-dejavu), so
# what rolegen measures is what the CI draws; Office falls back to its own where they are missing.
EAST_ASIAN_FONTS = {"ja": "Noto Sans CJK JP", "zh": "Noto Sans CJK SC", "ko": "Noto Sans CJK KR"}
COMPLEX_FONTS = {"ar": "DejaVu Sans", "he": "DejaVu Sans"}
_TAGS = {"ja": "ja-JP", "zh": "zh-CN", "ko": "ko-KR", "ar": "ar-SA", "he": "he-IL"}


def east_asian(text: str, document_lang: str = "", han: str | None = None) -> str | None:
    """Return the primary language ('ja', 'zh', 'ko') of East Asian text in text, or None.

    Kana are Japanese and hangul Korean; Han characters alone are in han (the language the whole
    document's East Asian text is in), else the document's language if East Asian, else Chinese.
    """
    chars = _beyond_latin(text)
    if _has(chars, _KANA):
        return "ja"
    if _has(chars, _HANGUL):
        return "ko"
    if _has(chars, _HAN):
        primary = document_lang.split("-")[0].lower()
        return han or (primary if primary in EAST_ASIAN_FONTS else "zh")
    return None


def complex_script(text: str) -> str | None:
    """Return the primary language ('ar', 'he') of right-to-left text in text, or None."""
    chars = _beyond_latin(text)
    if _has(chars, _ARABIC):
        return "ar"
    if _has(chars, _HEBREW):
        return "he"
    return None


def _beyond_latin(text: str) -> frozenset[str]:
    """Return the distinct characters of text from U+0590 on (the first block any script here uses)."""
    # Asked twice of every run a build draws (east_asian, complex_script), and a run's text comes
    # back in the next brand's document: short texts' answers are kept. A long one (a document's
    # whole text, asked twice in a row) is kept only until a few others have been asked.
    return _short_beyond_latin(text) if len(text) <= 256 else _long_beyond_latin(text)


def _scan(text: str) -> frozenset[str]:
    return frozenset(char for char in set(text) if char >= "\u0590")


_short_beyond_latin = functools.lru_cache(maxsize=4096)(_scan)
_long_beyond_latin = functools.lru_cache(maxsize=4)(_scan)


def _has(chars: frozenset[str], blocks: tuple[tuple[str, str], ...]) -> bool:
    return any(first <= char <= last for char in chars for first, last in blocks)


def language_tag(text: str, document_lang: str, han: str | None = None) -> str:
    """Return the language tag a run of text is in: its script's language, else the document's."""
    primary = document_lang.split("-")[0].lower()
    found = complex_script(text) or east_asian(text, document_lang, han)
    return document_lang if found is None or found == primary else _TAGS[found]


def tag(primary: str) -> str:
    """Return the full language tag Office uses for a primary language: 'ja' -> 'ja-JP'."""
    return _TAGS[primary]
