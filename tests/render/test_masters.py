"""Third-party masters and Word references in a brand kit: layouts by name, theme from the brand, styles kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document
from lxml import etree
from pptx import Presentation
from pptx.enum.dml import MSO_FILL
from pptx.enum.shapes import PP_PLACEHOLDER

THIRD_PARTY = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "third-party"
A = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)

pytestmark = pytest.mark.skipif(not THIRD_PARTY.is_dir(), reason=f"{THIRD_PARTY} is not here")


@pytest.fixture
def build(run, project):
    """Copy a third-party file into acme's kit under its default name, build, and reopen the result."""

    def go(kind: str, source: str):
        name = "deck.pptx" if kind == "deck" else "handout.docx"
        shutil.copy(THIRD_PARTY / source, project / "templates" / "brands" / "acme" / name)
        result = run(kind, "--brand", "acme", "-o", str(project / "out" / name))
        assert result.exit_code == 0, result.output
        path = project / "out" / name
        return (Presentation(str(path)) if kind == "deck" else Document(str(path))), result.output

    return go


def _layouts(deck) -> list[tuple[str, str]]:
    return [
        (
            slide.slide_layout.name,
            next(s.text_frame.text for s in slide.placeholders if s.placeholder_format.type in TITLE_TYPES),
        )
        for slide in deck.slides
    ]


def _theme(part) -> etree._Element:
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    return etree.fromstring(part.part_related_by(RT.THEME).blob)


def test_seventeen_layout_master_puts_each_slide_on_its_named_layout(build):
    deck, _ = build("deck", "office-17-layouts.pptx")
    names = [name for name, _ in _layouts(deck)]
    assert names == [
        "Title Slide",
        "Title and Content",
        "Title and Content",
        "Section Header",
        "Title and Content",
        "Title and Content",
        "Section Header",
        "Title and Content",
        "Title and Content",
        "Title Only",
        "Two Content",
        "Two Content",
        "Title Only",
        "Title and Content",
        "Title and Content",
        "Title Only",
        "Section Header",
    ]


@pytest.mark.parametrize("source", ["office-17-layouts.pptx", "office-title-layout-only.pptx"])
def test_dividers_show_their_text_on_a_masters_section_and_title_layouts(build, source):
    """Office's "Section Header" has a subtitle where rolegen looked for a body; "Title Slide" (the
    fallback of a master with no other layout) has one too. The dividers' text was dropped on both."""
    deck, _ = build("deck", source)
    shown = {}
    for slide in deck.slides:
        title = slide.shapes.title
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame and s.shape_id != title.shape_id]
        shown.setdefault(title.text_frame.text, " ".join(texts))
    assert "responsible for the organization's overall vision" in shown["Chief Executive Officer"]
    assert "running the company's internal operations" in shown["Chief Operating Officer"]
    assert "CEO vs COO · Acme Corporation" in shown["Questions and discussion"]


def test_masters_own_example_slides_are_removed(build):
    deck, _ = build("deck", "office-17-layouts.pptx")
    assert _layouts(deck)[0] == ("Title Slide", "CEO vs COO")


def test_moved_layouts_give_the_same_layout_per_slide(build):
    seventeen, _ = build("deck", "office-17-layouts.pptx")
    moved, _ = build("deck", "office-moved-layouts.pptx")
    assert _layouts(moved) == _layouts(seventeen)


def test_missing_layout_is_a_warning_naming_it_and_the_fallback(build):
    _, output = build("deck", "office-17-layouts.pptx")
    assert "warning: deck.pptx has no layout 'Quote' for quote slides: using 'Title Only'" in output


def test_title_only_master_falls_back_and_says_so(build):
    deck, output = build("deck", "office-title-layout-only.pptx")
    assert {name for name, _ in _layouts(deck)} == {"Title Slide"}
    assert len(deck.slides) == 17
    assert "warning: deck.pptx has no layout 'Title and Content' for content slides: using 'Title Slide'" in output


@pytest.mark.parametrize(
    "source",
    ["office-17-layouts.pptx", "office-moved-layouts.pptx", "office-title-layout-only.pptx"],
    ids=["17-layouts", "moved-layouts", "title-only"],
)
def test_third_party_master_carries_the_brand_theme(build, source):
    deck, _ = build("deck", source)
    theme = _theme(deck.slide_master.part)
    got = [
        theme.find(f".//a:clrScheme/a:{slot}/a:srgbClr", A).get("val") for slot in ("dk1", "lt1", "accent1", "accent2")
    ]
    assert got == ["1D2433", "FFFFFF", "1B3A5C", "E8772E"]
    assert (
        theme.find(".//a:majorFont/a:latin", A).get("typeface"),
        theme.find(".//a:minorFont/a:latin", A).get("typeface"),
    ) == ("Lato", "Open Sans")


def test_text_on_a_masters_grey_background_stays_readable(build):
    from rolegen.brand import colors

    deck, _ = build("deck", "office-17-layouts.pptx")
    # The master paints a grey gradient picture (about #A0A0A0 on average) behind every slide.
    # Text on a shape with its own fill (a chart's box) is read on that fill.
    runs = [
        (r, str(s.fill.fore_color.rgb) if s.fill.type == MSO_FILL.SOLID else "A0A0A0")
        for slide in deck.slides
        for s in slide.shapes
        if s.has_text_frame
        for p in s.text_frame.paragraphs
        for r in p.runs
        if r.text.strip() and r.font.color.type
    ]
    assert runs
    assert min(colors.contrast(str(r.font.color.rgb), behind) for r, behind in runs) >= 3


def test_word_reference_lends_its_styles_to_the_handout(build):
    doc, _ = build("handout", "custom-styles.docx")
    heading = doc.styles["Heading 1"]
    assert (heading.font.size.pt, str(heading.font.color.rgb)) == (16.0, "345A8A")
    assert "My Block Style" in [s.name for s in doc.styles]
    assert any(p.style.name == "Heading 1" for p in doc.paragraphs)
    assert "This is some text." not in [p.text for p in doc.paragraphs]


def test_word_reference_carries_the_brand_theme(build):
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    doc, _ = build("handout", "custom-styles.docx")
    part = next(r.target_part for r in doc.part.rels.values() if r.reltype == RT.THEME)
    theme = etree.fromstring(part.blob)
    assert theme.find(".//a:accent1/a:srgbClr", A).get("val") == "1B3A5C"
    assert theme.find(".//a:majorFont/a:latin", A).get("typeface") == "Lato"


def test_master_that_is_not_a_deck_is_one_error_line(runner, project):
    from rolegen.cli.app import cli

    (project / "templates" / "brands" / "acme" / "deck.pptx").write_text("not a zip\n")
    result = runner.invoke(cli, ["deck", "--brand", "acme"])
    assert (result.exit_code, result.output) == (
        1,
        "Error: templates/brands/acme/deck.pptx: master 'deck.pptx' is not a PowerPoint file (not a zip archive, or cut short); save it again from PowerPoint\n",
    )


def test_lists_stay_lists_on_a_reference_without_list_styles(build):
    doc, _ = build("handout", "custom-styles.docx")
    bullets = [p for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert bullets
    assert bullets[0].style.element.find(f"{W}pPr/{W}numPr/{W}numId") is not None
