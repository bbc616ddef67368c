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

HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile" / "content"
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
    output = re.sub(r"\(\d+ pt of text", "(N pt of text", result.stdout)
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
    assert result.stdout.splitlines() == [
        "bad.docx: core property 'title' is empty",
        "bad.docx: core property 'subject' is empty",
        "bad.docx: core property 'author' is a template leftover ('python-docx')",
        "bad.docx: table 1: no header row marked (repeat as header row)",
    ]


def test_the_title_comes_first_in_reading_order_on_every_slide(run, hostile):
    assert run("deck", "--brand", "acme").exit_code == 0
    for slide in Presentation(str(hostile / "output" / "acme" / "hostile.pptx")).slides:
        assert next(iter(slide.shapes)).shape_id == slide.shapes.title.shape_id


@pytest.mark.parametrize(
    "name,message",
    [
        ("notes.txt", "Error: notes.txt: can only check .pptx and .docx files\n"),
        ("missing.pptx", "Error: missing.pptx: no such file\n"),
    ],
    ids=["wrong-type", "missing"],
)
def test_check_refuses_what_it_cannot_read_in_one_line(run, project, name, message):
    (project / "notes.txt").write_text("hello")
    result = run("check", name)
    assert (result.exit_code, result.output) == (2, message)  # a usage error: the command line names it


def test_check_says_a_non_office_file_is_not_one(run, project):
    (project / "fake.pptx").write_text("not a zip")
    result = run("check", "fake.pptx")
    assert (result.exit_code, result.output) == (
        1,
        "Error: fake.pptx: 'fake.pptx' is not a PowerPoint file (not a zip archive, or cut short); "
        "save it again from PowerPoint\n",
    )


OPEN_SANS = Path("/usr/share/fonts/truetype/open-sans")


@pytest.mark.skipif(not (OPEN_SANS / "OpenSans-Bold.ttf").is_file(), reason="Open Sans files are not installed")
def test_text_fitted_in_a_font_the_brand_ships_is_checked_in_that_font(run, hostile):
    # A family no system has: only the brand's files can measure it, in the renderer and the check alike.
    kit = hostile / "templates/brands/acme"
    (kit / "fonts").mkdir()
    for weight in ("Regular", "Bold"):
        shutil.copyfile(OPEN_SANS / f"OpenSans-{weight}.ttf", kit / "fonts" / f"House-{weight}.ttf")
    brand = (kit / "_brand.yml").read_text(encoding="utf-8")
    brand = brand.replace(
        "    - family: Open Sans\n      source: system\n",
        "    - family: House Sans\n      source: file\n      files: [fonts/House-Regular.ttf, fonts/House-Bold.ttf]\n",
    )
    (kit / "_brand.yml").write_text(brand.replace("  base: Open Sans", "  base: House Sans"), encoding="utf-8")
    result = run("deck", "--brand", "acme")
    assert result.exit_code == 0
    assert "overflows" not in result.output


def _growing_deck(path: Path, top: float, repeats: int) -> Path:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "Growing"
    box = slide.shapes.add_textbox(Pt(36), Pt(top), Pt(400), Pt(30))
    box.text_frame.word_wrap = True
    box.text_frame.auto_size = MSO_AUTO_SIZE.SHAPE_TO_FIT_TEXT  # spAutoFit: the box grows with its text
    box.text_frame.text = " ".join(["The chief executive sets the direction of the whole company."] * repeats)
    for run_ in box.text_frame.paragraphs[0].runs:
        run_.font.size = Pt(18)
    prs.save(path)
    return path


@pytest.mark.parametrize(
    "top,repeats,runs_off",
    [(200, 1, False), (400, 8, True), (36, 30, True)],
    ids=["fits", "low-box-grows-off", "high-box-grows-off"],
)
def test_a_box_that_grows_with_its_text_is_measured_against_the_slide(run, project, top, repeats, runs_off):
    _growing_deck(project / "growing.pptx", top, repeats)
    result = run("check", "growing.pptx")
    grows_off = [line for line in result.stdout.splitlines() if "grows past the bottom of the slide" in line]
    assert len(grows_off) == runs_off
    assert all(line.startswith("growing.pptx: slide 1: text in 'TextBox 2' grows past") for line in grows_off)


def test_check_facts_flags_a_growing_box_running_off_the_slide():
    """check_facts is what documents.render runs on every deck and handout it draws, so the rule holds there."""
    from rolegen import facts
    from rolegen.review.check import check_facts

    words = facts.Run(" ".join(["Words that keep a growing box growing."] * 60), 18.0, False, "Calibri")
    box = facts.TextBox("Body", 36.0, 300.0, 400.0, 30.0, (facts.Para((words,)),), grows=True)
    page = facts.Page(1, "Title", True, (box,), (), ())
    document = facts.DocumentFacts(
        "deck",
        720.0,
        540.0,
        (("title", "t"), ("subject", "s"), ("author", "a"), ("language", "en-GB")),
        ("en-GB",),
        (page,),
    )
    problems = [p.describe() for p in check_facts(document, Path("deck.pptx"))]
    assert len(problems) == 1 and problems[0].startswith("slide 1: text in 'Body' grows past the bottom of the slide")


def test_every_document_a_build_writes_goes_through_the_checks(run, project, monkeypatch):
    from rolegen.build import documents

    checked = []

    def spy(document, path, *args, **kwargs):
        checked.append((document.kind, path.name))
        return real(document, path, *args, **kwargs)

    real = documents.check_facts
    monkeypatch.setattr(documents, "check_facts", spy)
    assert run("build", "--jobs", "1", "--brand", "acme").exit_code == 0
    assert sorted(checked) == [("deck", "ceo-vs-coo.pptx"), ("handout", "ceo-vs-coo.docx")]
