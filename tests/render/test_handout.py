"""The acme handout: A4, headings, lists, table, pull quote, header and footer."""

from __future__ import annotations

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn


@pytest.fixture
def handout(run, project):
    result = run("handout", "--brand", "acme")
    assert result.exit_code == 0, result.output
    return Document(str(project / "output" / "acme" / "ceo-vs-coo.docx"))


def test_page_is_a4(handout):
    section = handout.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_title_block_comes_first(handout):
    first = [(p.style.name, p.text) for p in handout.paragraphs[:3]]
    assert first == [
        ("Title", "CEO vs COO"),
        ("Subtitle", "The difference between the Chief Executive Officer and the Chief Operating Officer"),
        ("Byline", "Acme Corporation · 24 November 2026"),
    ]


def test_headings_use_word_heading_styles(handout):
    headings = [(p.style.name, p.text) for p in handout.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:7] == [
        ("Heading 1", "Introduction"),
        ("Heading 2", "Learning objectives"),
        ("Heading 1", "Chief Executive Officer (CEO)"),
        ("Heading 2", "Primary role"),
        ("Heading 2", "Key responsibilities"),
        ("Heading 2", "Focus"),
        ("Heading 1", "Chief Operating Officer (COO)"),
    ]
    assert ("Heading 1", "How the roles compare") in headings


def test_responsibilities_are_a_bulleted_list(handout):
    bullets = [p.text for p in handout.paragraphs if p.style.name == "List Bullet"]
    assert "Setting long-term goals, vision, and business strategy." in bullets
    assert len(bullets) == 15  # 3 learning objectives, and 5 responsibilities and 1 focus per role


def test_comparison_is_a_word_table_with_a_styled_header_row(handout):
    table = handout.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Dimension", "CEO", "COO"]
    header = table.rows[0]._tr
    assert header.trPr.find(qn("w:tblHeader")) is not None
    shading = table.cell(0, 0)._tc.tcPr.find(qn("w:shd"))
    assert shading.get(qn("w:fill")) == "1B3A5C"


def test_takeaway_is_a_pull_quote(handout):
    quotes = [p.text for p in handout.paragraphs if p.style.name == "Pull Quote"]
    assert quotes == ["CEO shows the vision COO makes it happen."]


def test_header_and_footer_carry_brand_logo_and_page_numbers(handout):
    section = handout.sections[0]
    header = section.header.paragraphs[0]
    assert "Acme Corporation" in header.text
    assert [d.get("descr") for d in header._p.iter(qn("wp:docPr"))] == ["Acme Corporation logo"]
    footer = section.footer.paragraphs[0]
    fields = [f.get(qn("w:instr")).strip() for f in footer._p.iter(qn("w:fldSimple"))]
    assert fields == ["PAGE", "NUMPAGES"]
    assert footer.text.startswith("Acme Corporation · Leadership training")


def test_styles_use_brand_fonts_and_language(handout):
    assert handout.styles["Normal"].font.name == "Open Sans"
    assert handout.styles["Heading 1"].font.name == "Lato"
    assert str(handout.styles["Heading 1"].font.color.rgb) == "1B3A5C"
    lang = handout.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "en-GB"


def test_no_word_2010_copy_of_the_styles_outlives_the_handouts_own(handout):
    # python-docx's template carries stylesWithEffects.xml, which Word 2010 reads in place of
    # styles.xml: left in, it would show the template's styles, not the brand's.
    reltypes = {rel.reltype.rsplit("/", 1)[-1] for rel in handout.part.rels.values()}
    assert "styles" in reltypes and "stylesWithEffects" not in reltypes


def _table_styles(document) -> set[str]:
    return {s.name for s in document.styles if s.type == WD_STYLE_TYPE.TABLE}


def test_rolegens_own_reference_carries_no_table_style_the_handout_does_not_use(handout):
    # python-docx's template defines a hundred-odd table styles, four fifths of its styles.xml.
    assert _table_styles(handout) == {"Normal Table"}
    assert not handout.element.body.findall(f".//{qn('w:tblStyle')}")


def test_a_brands_reference_keeps_its_table_styles(run, project):
    reference = project / "templates" / "brands" / "acme" / "handout.docx"
    Document().save(reference)  # python-docx's template, as a brand's own reference
    result = run("handout", "--brand", "acme", "-o", str(project / "out.docx"))
    assert result.exit_code == 0, result.output
    kept = _table_styles(Document(str(project / "out.docx")))
    assert {"Light Shading Accent 1", "Table Grid"} <= kept and len(kept) > 50
