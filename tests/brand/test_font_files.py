"""Every font file a kit lists (source: file) is opened with fontTools when the kit is read (brand/font_files.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from font_files import make_font

ROLEGEN = Path(sys.executable).parent / "rolegen"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _kit(project: Path, family: str = "House Sans", file: str = "fonts/house.ttf") -> Path:
    brand = project / "templates/brands/acme/_brand.yml"
    text = brand.read_text(encoding="utf-8")
    brand.write_text(
        text.replace(
            "typography:\n  fonts:\n",
            f"typography:\n  fonts:\n    - family: {family}\n      source: file\n      files:\n        - {file}\n",
            1,
        ),
        encoding="utf-8",
    )
    return project / "templates/brands/acme" / file


def _line(project: Path, text: str) -> int:
    lines = (project / "templates/brands/acme/_brand.yml").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def _rolegen(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(ROLEGEN), *args], cwd=project, capture_output=True, text=True)


def test_a_font_file_of_another_family_is_a_warning_at_its_line(project):
    make_font(_kit(project), "Other Sans")

    result = _rolegen(project, "deck", "--brand", "acme", "-o", "deck.pptx")

    assert result.returncode == 0, result.stderr
    line = _line(project, "- fonts/house.ttf")
    assert (
        f"warning: templates/brands/acme/_brand.yml:{line}: font file 'fonts/house.ttf' is family 'Other Sans', "
        "not 'House Sans' as typography.fonts declares it: rolegen measures 'House Sans' with it, but Office "
        "finds fonts by family name; declare the family the file holds, or give the file of this one"
    ) in result.stderr.splitlines()


def test_strict_makes_the_family_mismatch_an_error(project):
    make_font(_kit(project), "Other Sans")

    result = _rolegen(project, "deck", "--brand", "acme", "--strict", "-o", "deck.pptx")

    assert result.returncode == 1
    assert "is family 'Other Sans', not 'House Sans'" in result.stderr
    assert not (project / "deck.pptx").exists()


def test_a_font_file_of_the_declared_family_builds_without_a_word(project):
    make_font(_kit(project, family="house sans"), "House Sans")  # family names compare without case

    result = _rolegen(project, "deck", "--brand", "acme", "-o", "deck.pptx")

    assert result.returncode == 0
    assert "font file" not in result.stderr


@pytest.mark.skipif(not DEJAVU.is_file(), reason="DejaVu Sans is not installed to copy")
def test_a_real_font_copied_in_and_then_cut_short(project):
    font = _kit(project, family="DejaVu Sans")
    font.parent.mkdir(parents=True)
    font.write_bytes(DEJAVU.read_bytes())
    whole = _rolegen(project, "handout", "--brand", "acme", "-o", "whole.docx")
    font.write_bytes(DEJAVU.read_bytes()[: DEJAVU.stat().st_size // 3])

    cut = _rolegen(project, "handout", "--brand", "acme", "-o", "cut.docx")

    assert (whole.returncode, "font file" in whole.stderr) == (0, False)
    assert cut.returncode == 1
    line = _line(project, "- fonts/house.ttf")
    assert cut.stderr.startswith(
        f"Error: templates/brands/acme/_brand.yml:{line}: font file 'fonts/house.ttf' is cut short"
    )
    assert not (project / "cut.docx").exists()


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda data: data[:12], "is not a font (unexpected end of table directory"),
        (lambda data: data[: len(data) // 2], "is cut short (its 'glyf' table runs past the end"),
        (lambda data: b"<!DOCTYPE html><html>" + data, "is text (HTML or XML: a web page saved in place of the font?)"),
        (lambda data: b"wOFF" + data[4:], "is a WOFF web font"),
    ],
    ids=["table-directory-cut", "half-a-font", "a-web-page", "woff"],
)
def test_a_damaged_font_file_stops_the_deck_naming_the_file(project, damage, message):
    font = make_font(_kit(project), "House Sans")
    font.write_bytes(damage(font.read_bytes()))

    result = _rolegen(project, "deck", "--brand", "acme", "-o", "deck.pptx")

    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: templates/brands/acme/_brand.yml:{_line(project, '- fonts/house.ttf')}: ")
    assert f"font file 'fonts/house.ttf' {message}" in result.stderr
    assert len(result.stderr.splitlines()) == 1
