"""Issue 25: a script's fallback font that this machine lacks is said once a build, naming the font it is
for, what rolegen measures that text with instead, and the package to install; rolegen measures text a
brand font lacks in the face this machine draws it in."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import needs_font
from rolegen.brand import fallbacks
from rolegen.brand.fonts import Measurer, font_file

ROLEGEN = Path(sys.executable).parent / "rolegen"
HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile" / "content"
NO_JAPANESE = (
    "warning: font 'Noto Sans CJK JP' (for Japanese text) is not installed; measuring with an estimate "
    "(no installed font has Japanese characters) instead; install fonts-noto-cjk"
)
NO_DEJAVU = (
    "warning: font 'DejaVu Sans' (for Arabic and Hebrew text) is not installed; measuring with an estimate "
    "(no installed font has Arabic and Hebrew characters) instead; install fonts-dejavu"
)


def fonts_only(folder: Path, *files: Path) -> dict[str, str]:
    """Return an environment in which fontconfig sees only the font files given (none: no font at all)."""
    fonts, cache = folder / "fonts", folder / "fontcache"
    fonts.mkdir()
    cache.mkdir()
    for file in files:
        shutil.copy(file, fonts)
    conf = folder / "fonts.conf"
    conf.write_text(
        f'<?xml version="1.0"?>\n<fontconfig><dir>{fonts}</dir><cachedir>{cache}</cachedir></fontconfig>\n',
        encoding="utf-8",
    )
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


def rolegen(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(ROLEGEN), *args], capture_output=True, text=True, env=env, timeout=300)


def font_lines(result: subprocess.CompletedProcess) -> list[str]:
    """Return the warnings about fonts for a script (Japanese, Arabic ...), in order."""
    return [line for line in result.stderr.splitlines() if " text) is not installed" in line]


@pytest.fixture
def hostile(project: Path) -> Path:
    """The project with the content in Japanese, Arabic, Hebrew and French (tests/fixtures/hostile)."""
    shutil.rmtree(project / "content")
    shutil.copytree(HOSTILE, project / "content")
    return project


def test_a_deck_says_each_missing_script_font_once(hostile, tmp_path):
    result = rolegen(fonts_only(tmp_path), "deck", "--brand", "acme")
    assert result.returncode == 0, result.stderr
    assert font_lines(result) == [NO_JAPANESE, NO_DEJAVU]


def test_a_build_says_a_missing_script_font_once_for_all_its_documents(hostile, tmp_path):
    result = rolegen(fonts_only(tmp_path), "build", "--jobs", "1", "--format", "deck", "--format", "handout")
    assert result.returncode == 0, result.stderr
    assert font_lines(result) == [
        NO_JAPANESE.replace("warning: ", "warning: acme/hostile.pptx: "),
        NO_DEJAVU.replace("warning: ", "warning: acme/hostile.pptx: "),
    ]


@needs_font("DejaVu Sans")
def test_an_installed_fallback_is_not_said_missing(hostile, tmp_path):
    result = rolegen(fonts_only(tmp_path, font_file("DejaVu Sans")), "handout", "--brand", "globex")
    assert result.returncode == 0, result.stderr
    assert font_lines(result) == [NO_JAPANESE]


def test_text_in_latin_script_alone_needs_no_fallback(project, tmp_path):
    result = rolegen(fonts_only(tmp_path), "deck", "--brand", "acme")
    assert (result.returncode, font_lines(result)) == (0, [])


@needs_font("Noto Sans CJK JP", "Noto Sans CJK KR", "DejaVu Sans")
def test_installed_fallbacks_are_said_nothing_of(hostile):
    result = rolegen(dict(os.environ), "deck", "--brand", "acme")
    assert (result.returncode, font_lines(result)) == (0, [])


def test_the_warning_names_each_font_for_the_scripts_it_draws():
    assert [line.split(";")[0] for line in fallbacks.missing_fallbacks("こんにちは 안녕 مرحبا שלום 你好", "fr-FR")] == [
        f"font '{fallbacks.family_of(lang)}' (for {names} text) is not installed"
        for lang, names in (("ja", "Japanese"), ("ko", "Korean"), ("ar", "Arabic and Hebrew"))
        if not fallbacks.fallback(lang).installed
    ]


@needs_font("Open Sans", "Noto Sans CJK JP", "DejaVu Sans")
@pytest.mark.parametrize(
    "lang,text",
    [("ja", "最高執行責任者（チーフ）"), ("ar", "مدير العمليات"), ("he", "מנהל התפעול")],
    ids=["ja", "ar", "he"],
)
def test_text_the_brand_font_lacks_is_measured_in_its_fallback(lang, text):
    from PIL import ImageFont

    found = fallbacks.fallback(lang)
    face = ImageFont.truetype(str(found.path), 1000, index=found.index)
    words = text.split()
    expected = sum(face.getlength(word) for word in words) / 100 + Measurer("Open Sans").width(" ", 10) * (
        len(words) - 1
    )
    assert Measurer("Open Sans").width(text, 10) == pytest.approx(expected, rel=0.01)
