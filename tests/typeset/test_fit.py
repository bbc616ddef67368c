"""Measuring and fitting text: font files, wrapping, shrinking, pagination, table columns."""

from __future__ import annotations


import pytest

from rolegen.typeset import fit
from rolegen.brand.fonts import Measurer, font_file, right_to_left
from rolegen.tree import BulletList, ListItem, Paragraph, Span

OPEN_SANS = font_file("Open Sans")
needs_fonts = pytest.mark.skipif(
    OPEN_SANS is None or font_file("Carlito") is None,
    reason="fonts-open-sans and fonts-crosextra-carlito not installed",
)


@needs_fonts
@pytest.mark.parametrize(
    "family,expected",
    [("Calibri", "carlito"), ("Arial", "liberationsans"), ("Open Sans", "opensans")],
    ids=["calibri-twin", "arial-twin", "installed"],
)
def test_office_fonts_resolve_to_installed_or_metric_twin_files(family, expected):
    assert expected in font_file(family).stem.lower().replace("-", "").replace(" ", "")


def test_brand_font_files_win_over_system_fonts(tmp_path):
    regular, bold = tmp_path / "Brand-Regular.ttf", tmp_path / "Brand-Bold.ttf"
    assert font_file("Open Sans", False, (regular, bold)) == regular
    assert font_file("Open Sans", True, (regular, bold)) == bold


def test_unknown_font_is_estimated_wide_rather_than_measured_narrow():
    unknown = Measurer("No Such Font Family 1234")
    assert unknown.width("mmmm iiii", 18) == pytest.approx(0.6 * 18 * 9)


@needs_fonts
def test_wider_text_measures_wider_and_bold_wider_still():
    m = Measurer("Open Sans")
    assert m.width("iiii", 18) < m.width("MMMM", 18) < m.width("MMMM", 18, bold=True)
    assert m.width("MMMM", 36) == pytest.approx(2 * m.width("MMMM", 18), rel=0.02)


@needs_fonts
def test_cjk_characters_the_face_lacks_count_a_full_em():
    assert Measurer("Open Sans").width("最高執行責任者", 20) == pytest.approx(7 * 20)


@needs_fonts
def test_wrap_keeps_every_line_within_the_width():
    m = Measurer("Open Sans")
    text = "Setting long-term goals, vision, and business strategy for the whole company " * 3
    lines = m.wrap(text, 300, 18)
    assert len(lines) > 1 and all(m.width(line, 18) <= 300 for line in lines)
    assert " ".join(lines).split() == text.split()


@needs_fonts
def test_a_word_longer_than_the_line_breaks_by_characters():
    m = Measurer("Open Sans")
    word = "Antidisestablishmentarianismfloccinaucinihilipilificationxyz"
    lines = m.wrap(word, 200, 18)
    assert len(lines) > 1 and "".join(lines) == word
    assert all(m.width(line, 18) <= 200 for line in lines)


def test_closing_cjk_punctuation_never_starts_a_line():
    lines = Measurer("Open Sans").wrap("社内業務（プロセス、生産性、効率）に集中する。", 21 * 14, 14)
    assert all(line[0] not in "、。）" for line in lines)


@pytest.mark.parametrize(
    "text,expected",
    [("مدير العمليات", True), ("מנהל התפעול", True), ("« Bonjour »", False), ("123 عربي", True), ("", False)],
    ids=["arabic", "hebrew", "french", "digits-first", "empty"],
)
def test_right_to_left_follows_the_first_strong_letter(text, expected):
    assert right_to_left(text) is expected


def _bullets(n: int, text: str = "A long bullet that takes most of a line on a slide at body size") -> list[fit.Para]:
    return fit.paragraphs([BulletList(tuple(ListItem((Paragraph((Span(f"{text} {i}"),)),)) for i in range(n)))])


FONTS = fit.Fonts(Measurer("Open Sans"), Measurer("Lato"))


def test_short_body_keeps_the_start_size():
    assert fit.fit_size(_bullets(3), FONTS, 800, 350, 24, 18) == 24


def test_body_shrinks_in_two_point_steps_before_giving_up_at_the_floor():
    paras = _bullets(10)
    size = fit.fit_size(paras, FONTS, 800, 350, 24, 18)
    assert size in (22, 20, 18)
    assert fit.height(paras, FONTS, 800, size) <= 350
    assert fit.fit_size(_bullets(30), FONTS, 800, 350, 24, 18) is None


def test_paginate_keeps_paragraphs_whole_and_every_page_fits_at_the_floor():
    paras = _bullets(15)
    pages = fit.paginate(paras, FONTS, 800, 350, 18)
    assert len(pages) > 1 and [p for page in pages for p in page] == paras
    assert all(fit.height(page, FONTS, 800, 18) <= 350 for page in pages)


def test_long_title_shrinks_to_fit_its_box():
    title = "Direction générale et direction des opérations : qui décide quoi " * 3
    size = fit.title_size(title, FONTS, 800, 150, 44, 20)
    assert 20 <= size < 44
    assert len(FONTS.heading.wrap(title, 800, size, True)) * FONTS.heading.line_height(size, title, True) <= 150


@pytest.mark.parametrize(
    "page,expected", [(0, "Roles"), (1, "Roles (cont.)"), (2, "Roles (cont. 2)")], ids=["first", "second", "third"]
)
def test_continued_titles_stay_unique(page, expected):
    assert fit.continued_title("Roles", page) == expected


def test_split_rows_fills_each_page_under_the_repeated_header():
    assert fit.split_rows(20, [30, 30, 30, 30, 30], 100) == [[0, 1], [2, 3], [4]]


def test_a_row_taller_than_a_page_gets_a_page_of_its_own():
    assert fit.split_rows(20, [30, 200, 30], 100) == [[0], [1], [2]]


def test_column_shares_follow_content_and_never_exceed_the_width():
    rows = [
        ((Span("Dimension"),), (Span("CEO"),), (Span("COO"),)),
        ((Span("Scope"),), (Span("Overall direction " * 4),), (Span("Operations " * 2),)),
    ]
    shares = fit.column_weights(rows, 3)
    assert sum(shares) == pytest.approx(1.0)
    assert shares[1] > shares[2] > shares[0]
    greedy = fit.column_weights(rows, 3, [0.6, 0.6, 0.6])
    assert sum(greedy) == pytest.approx(1.0)


def test_pages_come_out_balanced_not_one_straggler():
    pages = fit.paginate(_bullets(15), FONTS, 800, 350, 18)
    sizes = [len(page) for page in pages]
    assert max(sizes) - min(sizes) <= 1


def test_table_pages_come_out_balanced():
    assert [len(page) for page in fit.split_rows(20, [30] * 7, 110)] in ([3, 2, 2], [2, 3, 2], [2, 2, 3])
