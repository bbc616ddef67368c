"""`rolegen check`: generated files pass; any other file's accessibility and overflow problems are named."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from docx import Document
from pptx import Presentation
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.util import Pt

from conftest import REPO

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile" / "content"
LOGO = REPO / "templates" / "brands" / "acme" / "logo.png"


@pytest.fixture
def hostile(project):
    """The project with the hostile content in place of the default content."""
    shutil.rmtree(project / "content")
    shutil.copytree(HOSTILE, project / "content")
    return project


@pytest.mark.parametrize("content", ["default", "hostile"], ids=["default", "hostile"])
def test_generated_deck_and_handout_pass_the_check(run, request, content):
    root = request.getfixturevalue("hostile" if content == "hostile" else "project")
    for kind in ("deck", "handout"):
        assert run(kind, "--brand", "acme").exit_code == 0
    files = sorted(str(p.relative_to(root)) for p in (root / "output" / "acme").iterdir())
    result = run("check", *files)
    assert (result.exit_code, result.output) == (0, "checked 2 file(s): no problems\n")


def _bad_deck(path: Path) -> Path:
    prs = Presentation()
    untitled = prs.slides.add_slide(prs.slide_layouts[6])  # Blank: no title placeholder
    box = untitled.shapes.add_textbox(Pt(36), Pt(36), Pt(200), Pt(40))
    box.text_frame.word_wrap = True
    box.text_frame.auto_size = MSO_AUTO_SIZE.NONE
    box.text_frame.text = "This sentence is far too long to fit in a box two hundred points wide and forty high."
    for _ in range(2):
        slide = prs.slides.add_slide(prs.slide_layouts[5])  # Title Only
        slide.shapes.title.text = "Same title"
    picture = slide.shapes.add_picture(str(LOGO), Pt(10), Pt(10), height=Pt(20))
    picture._element.nvPicPr.cNvPr.set("descr", "")
    table = slide.shapes.add_table(2, 2, Pt(36), Pt(150), Pt(300), Pt(60)).table
    table.first_row = False
    prs.core_properties.author = "python-pptx"
    prs.core_properties.title = ""
    prs.save(path)
    return path


def test_check_names_every_problem_of_a_deck_one_line_each(run, project):
    _bad_deck(project / "bad.pptx")
    result = run("check", "bad.pptx")
    assert result.exit_code == 1
    # How much text there is depends on the fonts installed; that it overflows does not.
    output = re.sub(r"\(\d+ pt of text", "(N pt of text", result.output)
    assert output.splitlines() == [
        "bad.pptx: core property 'title' is empty",
        "bad.pptx: core property 'subject' is empty",
        "bad.pptx: core property 'author' is a template leftover ('python-pptx')",
        "bad.pptx: no document language is set",
        "bad.pptx: slide 1: no title in a title placeholder",
        "bad.pptx: slide 1: text in 'TextBox 1' overflows its box (N pt of text in 33 pt)",
        "bad.pptx: slide 3: title 'Same title' is also the title of slide 2",
        "bad.pptx: slide 3: picture 'Picture 2' has no alt text",
        "bad.pptx: slide 3: table 'Table 3' has no header row marked",
    ]


def test_check_names_the_problems_of_a_word_file(run, project):
    doc = Document()
    doc.add_paragraph("Text")
    doc.add_table(rows=2, cols=2)
    doc.save(project / "bad.docx")
    result = run("check", "bad.docx")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "bad.docx: core property 'title' is empty",
        "bad.docx: core property 'subject' is empty",
        "bad.docx: core property 'author' is a template leftover ('python-docx')",
        "bad.docx: table 1: no header row marked (repeat as header row)",
    ]


def test_the_title_comes_first_in_reading_order_on_every_slide(run, hostile):
    assert run("deck", "--brand", "acme").exit_code == 0
    for slide in Presentation(str(hostile / "output" / "acme" / "hostile.pptx")).slides:
        assert next(iter(slide.shapes)).shape_id == slide.shapes.title.shape_id


@pytest.mark.parametrize("name,message", [
    ("notes.txt", "Error: notes.txt: can only check .pptx and .docx files\n"),
    ("missing.pptx", "Error: missing.pptx: no such file\n"),
], ids=["wrong-type", "missing"])
def test_check_refuses_what_it_cannot_read_in_one_line(run, project, name, message):
    (project / "notes.txt").write_text("hello")
    result = run("check", name)
    assert (result.exit_code, result.output) == (1, message)


def test_check_says_a_non_office_file_is_not_one(run, project):
    (project / "fake.pptx").write_text("not a zip")
    result = run("check", "fake.pptx")
    assert (result.exit_code, result.output) == (1, "Error: fake.pptx: 'fake.pptx' is not a PowerPoint file (not a zip archive, or cut short); "
                                                "save it again from PowerPoint\n")


OPEN_SANS = Path("/usr/share/fonts/truetype/open-sans")


@pytest.mark.skipif(not (OPEN_SANS / "OpenSans-Bold.ttf").is_file(), reason="Open Sans files are not installed")
def test_text_fitted_in_a_font_the_brand_ships_is_checked_in_that_font(run, hostile):
    # A family no system has: only the brand's files can measure it, in the renderer and the check alike.
    kit = hostile / "templates/brands/acme"
    (kit / "fonts").mkdir()
    for weight in ("Regular", "Bold"):
        shutil.copyfile(OPEN_SANS / f"OpenSans-{weight}.ttf", kit / "fonts" / f"House-{weight}.ttf")
    brand = (kit / "_brand.yml").read_text(encoding="utf-8")
    brand = brand.replace("    - family: Open Sans\n      source: system\n",
                          "    - family: House Sans\n      source: file\n"
                          "      files: [fonts/House-Regular.ttf, fonts/House-Bold.ttf]\n")
    (kit / "_brand.yml").write_text(brand.replace("  base: Open Sans", "  base: House Sans"), encoding="utf-8")
    result = run("deck", "--brand", "acme")
    assert result.exit_code == 0
    assert "overflows" not in result.output
