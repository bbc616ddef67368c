"""The globex brand: a dark deck on its own master, a handout on white paper, both readable."""

from __future__ import annotations

import pytest
from docx import Document
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from rolegen.brand import colors

from conftest import needs_brand_fonts

pytestmark = needs_brand_fonts  # the deck and handout are pinned as drawn with globex's fonts

A = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
MIDNIGHT, MIST, AMBER = "0E1A2B", "E6ECF2", "F2A93B"


@pytest.fixture
def deck(run, project):
    result = run("deck", "--brand", "globex")
    assert (result.exit_code, result.output) == (0, "wrote output/globex/ceo-vs-coo.pptx\n")
    return Presentation(str(project / "output" / "globex" / "ceo-vs-coo.pptx"))


@pytest.fixture
def handout(run, project):
    result = run("handout", "--brand", "globex")
    assert result.exit_code == 0, result.output
    return Document(str(project / "output" / "globex" / "ceo-vs-coo.docx"))


def _runs(slide):
    for shape in slide.shapes:
        frames = [shape.text_frame] if shape.has_text_frame else []
        if shape.has_table:
            frames = [cell.text_frame for row in shape.table.rows for cell in row.cells]
        for frame in frames:
            for p in frame.paragraphs:
                yield from (r for r in p.runs if r.text.strip())


def test_slides_use_the_layouts_named_in_the_brand(deck):
    assert [s.slide_layout.name for s in deck.slides] == [
        "Globex Title",
        "Globex Content",
        "Globex Content",
        "Globex Section",
        "Globex Content",
        "Globex Content",
        "Globex Section",
        "Globex Content",
        "Globex Content",
        "Globex Title Only",
        "Globex Two Columns",
        "Globex Two Columns",
        "Globex Title Only",
        "Globex Content",
        "Globex Content",
        "Globex Quote",
        "Globex Section",
    ]


def test_theme_is_dark_with_the_brand_fonts(deck):
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    theme = etree.fromstring(deck.slide_master.part.part_related_by(RT.THEME).blob)
    got = {slot: theme.find(f".//a:clrScheme/a:{slot}/a:srgbClr", A).get("val") for slot in ("dk1", "lt1", "accent1")}
    assert got == {"dk1": MIST, "lt1": MIDNIGHT, "accent1": AMBER}
    assert (
        theme.find(".//a:majorFont/a:latin", A).get("typeface"),
        theme.find(".//a:minorFont/a:latin", A).get("typeface"),
    ) == ("DejaVu Serif", "Carlito")


def test_content_text_is_light_on_the_dark_background_with_amber_titles(deck):
    slide = deck.slides[4]
    got = {(r.font.name, str(r.font.color.rgb)) for r in _runs(slide)}
    assert ("DejaVu Serif", AMBER) in got
    assert ("Carlito", MIST) in got


@pytest.mark.parametrize(
    "index, backdrop", [(3, "3CC4B4"), (12, MIDNIGHT), (15, MIDNIGHT)], ids=["section-on-lagoon", "table", "quote"]
)
def test_every_run_reads_on_what_is_behind_it(deck, index, backdrop):
    slide = deck.slides[index]
    table_cells = set()
    for shape in slide.shapes:
        if shape.has_table:
            for row in shape.table.rows:
                for cell in row.cells:
                    fill = str(cell.fill.fore_color.rgb)
                    for p in cell.text_frame.paragraphs:
                        for r in p.runs:
                            if r.text.strip():
                                table_cells.add(r._r)
                                assert colors.contrast(str(r.font.color.rgb), fill) >= 4.5, r.text
    for run in _runs(slide):
        if run._r not in table_cells:
            assert colors.contrast(str(run.font.color.rgb), backdrop) >= 4.5, run.text


def test_logo_with_its_own_plate_gets_no_chip(deck):
    names = [s.name for s in deck.slides[2].shapes]
    assert "Logo" in names and "Logo background" not in names
    pictures = [s for s in deck.slides[2].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert [p._element.nvPicPr.cNvPr.get("descr") for p in pictures] == ["Globex Corporation logo"]


def test_handout_stays_readable_on_white_paper(handout):
    styles = handout.styles
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Pull Quote"):
        colour = str(styles[name].font.color.rgb)
        assert colors.contrast(colour, "FFFFFF") >= 4.5, name
    assert (styles["Heading 1"].font.name, styles["Normal"].font.name) == ("DejaVu Serif", "Carlito")


def test_handout_theme_is_for_white_paper(handout):
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    part = next(r.target_part for r in handout.part.rels.values() if r.reltype == RT.THEME)
    theme = etree.fromstring(part.blob)
    assert (theme.find(".//a:dk1/a:srgbClr", A).get("val"), theme.find(".//a:lt1/a:srgbClr", A).get("val")) == (
        MIDNIGHT,
        "FFFFFF",
    )
