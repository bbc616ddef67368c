"""The acme deck: structure, layouts, titles, notes, table, brand."""

from __future__ import annotations

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.util import Emu

TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)


@pytest.fixture
def deck(run, project):
    result = run("deck", "--brand", "acme")
    assert result.exit_code == 0, result.output
    return Presentation(str(project / "output" / "acme" / "ceo-vs-coo.pptx"))


def _title(slide) -> str:
    return next(s.text_frame.text for s in slide.placeholders if s.placeholder_format.type in TITLE_TYPES)


def test_deck_is_16_by_9(deck):
    assert (Emu(deck.slide_width).inches, round(Emu(deck.slide_height).inches, 2)) == (
        pytest.approx(13.333, abs=0.01),
        7.5,
    )


def test_slides_come_in_the_designed_order_on_their_layouts(deck):
    got = [(slide.slide_layout.name, _title(slide)) for slide in deck.slides]
    assert got == [
        ("Title Slide", "CEO vs COO"),
        ("Title and Content", "Learning objectives"),
        ("Title and Content", "Agenda"),
        ("Section Header", "Chief Executive Officer"),
        ("Title and Content", "CEO: primary role"),
        ("Title and Content", "CEO: key responsibilities"),
        ("Section Header", "Chief Operating Officer"),
        ("Title and Content", "COO: primary role"),
        ("Title and Content", "COO: key responsibilities"),
        ("Title Only", "Reporting lines"),
        ("Two Content", "CEO and COO side by side"),
        ("Two Content", "At a glance"),
        ("Title Only", "How the roles compare"),
        ("Title and Content", "Which role owns this?"),
        ("Title and Content", "Recap"),
        ("Quote", "Key takeaway"),
        ("Section Header", "Questions and discussion"),
    ]


def test_title_slide_carries_subtitle_brand_and_date(deck):
    slide = deck.slides[0]
    texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
    assert "The difference between the Chief Executive Officer and the Chief Operating Officer" in texts
    assert "Acme Corporation · 24 November 2026" in texts


def test_every_slide_shows_the_logo_with_alt_text(deck):
    for slide in deck.slides:
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert [p._element.nvPicPr.cNvPr.get("descr") for p in pictures] == ["Acme Corporation logo"]


def test_facilitator_slides_have_speaker_notes(deck):
    with_notes = [_title(s) for s in deck.slides if s.has_notes_slide and s.notes_slide.notes_text_frame.text.strip()]
    assert {"Agenda", "CEO: key responsibilities", "How the roles compare", "Key takeaway"} <= set(with_notes)


def test_comparison_table_has_a_branded_header_and_fills_the_width(deck):
    slide = next(s for s in deck.slides if _title(s) == "How the roles compare")
    table_shape = next(s for s in slide.shapes if s.has_table)
    table = table_shape.table
    assert [c.text for c in table.rows[0].cells] == ["Dimension", "CEO", "COO"]
    assert [table.cell(r, 0).text for r in range(1, len(table.rows))] == [
        "Scope",
        "External vs. Internal",
        "Position",
        "Accountable to",
    ]
    assert table.first_row
    assert str(table.cell(0, 0).fill.fore_color.rgb) == "1B3A5C"
    assert sum(c.width for c in table.columns) >= 0.85 * deck.slide_width
    sizes = {
        run.font.size.pt
        for row in table.rows
        for cell in row.cells
        for p in cell.text_frame.paragraphs
        for run in p.runs
    }
    assert min(sizes) >= 14


def test_quote_slide_shows_the_takeaway_large(deck):
    slide = next(s for s in deck.slides if s.slide_layout.name == "Quote")
    runs = [
        r
        for s in slide.shapes
        if s.has_text_frame
        for p in s.text_frame.paragraphs
        for r in p.runs
        if "CEO shows the vision" in r.text
    ]
    assert runs and runs[0].font.size.pt >= 36


def test_text_uses_brand_fonts_and_colours(deck):
    slide = deck.slides[4]
    title_run = (
        next(s for s in slide.placeholders if s.placeholder_format.type in TITLE_TYPES).text_frame.paragraphs[0].runs[0]
    )
    assert (title_run.font.name, str(title_run.font.color.rgb)) == ("Lato", "1B3A5C")
    body = [s for s in slide.placeholders if s.placeholder_format.idx == 1][0]
    assert {r.font.name for p in body.text_frame.paragraphs for r in p.runs} == {"Open Sans"}


def test_theme_carries_brand_colours_and_fonts(deck):
    from lxml import etree
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    theme = etree.fromstring(deck.slide_master.part.part_related_by(RT.THEME).blob)
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    assert theme.find(".//a:accent1/a:srgbClr", ns).get("val") == "1B3A5C"
    assert theme.find(".//a:accent2/a:srgbClr", ns).get("val") == "E8772E"
    assert theme.find(".//a:majorFont/a:latin", ns).get("typeface") == "Lato"
    assert theme.find(".//a:minorFont/a:latin", ns).get("typeface") == "Open Sans"


def test_core_properties_describe_the_deck(deck):
    props = deck.core_properties
    assert (props.title, props.author, props.language) == ("CEO vs COO", "Acme Corporation", "en-GB")
    assert props.created.date().isoformat() == "2026-11-24"
