"""Contrast: which colours text is drawn in, and which pairs fall below WCAG 2.1."""

from __future__ import annotations

from pathlib import Path

import pytest

from rolegen.brand import colors, contrast
from rolegen.model import THEME_COLORS, Brand

BASE = {
    "foreground": "1D2433",
    "background": "FFFFFF",
    "primary": "1B3A5C",
    "secondary": "E8772E",
    "tertiary": "2A8C82",
    "success": "2E7D32",
    "info": "0277BD",
    "warning": "B7791F",
    "danger": "C62828",
    "light": "F3F5F8",
    "dark": "1D2433",
}
DARK = {
    **BASE,
    "foreground": "E6ECF2",
    "background": "0E1A2B",
    "primary": "F2A93B",
    "light": "E6ECF2",
    "dark": "0E1A2B",
}


def brand(**colours: str) -> Brand:
    merged = {**BASE, **colours}
    return Brand(
        id="kit",
        name="Kit",
        short_name="Kit",
        folder=Path("."),
        colors=tuple((name, merged[name]) for name in THEME_COLORS),
    )


@pytest.mark.parametrize(
    "a, b, ratio",
    [
        ("000000", "FFFFFF", 21.0),
        ("FFFFFF", "FFFFFF", 1.0),
        ("767676", "FFFFFF", 4.54),
    ],
    ids=["black-white", "same", "grey-at-the-limit"],
)
def test_contrast_ratio_follows_wcag(a, b, ratio):
    assert colors.contrast(a, b) == pytest.approx(ratio, abs=0.01)


def test_a_readable_brand_has_no_failing_pairs():
    assert contrast.check(brand()) == []


def test_dark_brand_has_no_failing_pairs_and_prints_on_white_in_its_dark_colour():
    dark = brand(**DARK)
    paper = contrast.scheme(dark, contrast.WHITE)
    assert contrast.check(dark) == []
    assert (paper.text, paper.title) == ("0E1A2B", "0E1A2B")  # amber titles would not read on white


def test_pale_foreground_fails_as_body_text():
    failing = contrast.check(brand(foreground="8A8A8A"))
    assert [p.what for p in failing] == ["deck body text", "deck table text"]
    assert failing[0].message() == (
        "deck body text: #8A8A8A on #FFFFFF has contrast 3.45:1, below the 4.5:1 WCAG 2.1 asks for body text"
    )


def test_titles_fall_back_to_the_text_colour_when_primary_does_not_read():
    scheme = contrast.scheme(brand(primary="FFE066"))
    assert (scheme.title, scheme.on_primary) == ("1D2433", "1D2433")


@pytest.mark.parametrize(
    "backdrop", ["1B3A5C", "A0A0A0", "FFFFFF", "0E1A2B"], ids=["primary-fill", "grey-picture", "white", "midnight"]
)
def test_text_on_any_backdrop_is_readable(backdrop):
    scheme = contrast.scheme(brand(), backdrop)
    assert colors.contrast(scheme.text, backdrop) >= 4.5
    assert colors.contrast(scheme.muted, backdrop) >= 4.5
    assert colors.contrast(scheme.title, backdrop) >= 3


def test_table_bands_change_when_the_light_colour_would_hide_the_text():
    scheme = contrast.scheme(brand(**DARK))
    assert scheme.surface != "E6ECF2"
    assert colors.contrast(scheme.text, scheme.surface) >= 4.5


def test_pair_just_below_the_minimum_fails():
    pair = contrast.Pair("x", "777777", "FFFFFF")
    assert (round(pair.ratio, 2), pair.passes) == (4.48, False)
