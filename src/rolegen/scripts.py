"""Tell which script a run of text is in, the language to tag it with, and the font Office should use for it."""

from __future__ import annotations

import re

_KANA = re.compile("[\u3040-\u30ff\u31f0-\u31ff]")
_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_HEBREW = re.compile("[\u0590-\u05ff\ufb1d-\ufb4f]")
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
    if _KANA.search(text):
        return "ja"
    if _HANGUL.search(text):
        return "ko"
    if _HAN.search(text):
        primary = document_lang.split("-")[0].lower()
        return han or (primary if primary in EAST_ASIAN_FONTS else "zh")
    return None


def complex_script(text: str) -> str | None:
    """Return the primary language ('ar', 'he') of right-to-left text in text, or None."""
    if _ARABIC.search(text):
        return "ar"
    if _HEBREW.search(text):
        return "he"
    return None


def language_tag(text: str, document_lang: str, han: str | None = None) -> str:
    """Return the language tag a run of text is in: its script's language, else the document's."""
    primary = document_lang.split("-")[0].lower()
    found = complex_script(text) or east_asian(text, document_lang, han)
    return document_lang if found is None or found == primary else _TAGS[found]


def tag(primary: str) -> str:
    """Return the full language tag Office uses for a primary language: 'ja' -> 'ja-JP'."""
    return _TAGS[primary]
