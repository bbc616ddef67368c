"""The training pack: reporting-lines diagram, objectives, knowledge check, recap, exercise and answer key,
and pagination a typesetter accepts (balanced continuations, constant title sizes, rows that do not split)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.oxml.ns import qn as qn_w
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn

from conftest import REPO, docx_text, lengthen_ceo_focus, needs_brand_fonts, pptx_text

HOSTILE = REPO / "tests" / "fixtures" / "hostile" / "content"
ROLEGEN = Path(sys.executable).parent / "rolegen"
WPS = "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}"


def _rolegen(project: Path, *args: str) -> Path:
    """Run the installed rolegen in a project; return the path it wrote."""
    result = subprocess.run([str(ROLEGEN), "--project", str(project), *args], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return project / result.stdout.splitlines()[0].removeprefix("wrote ")


def _slide(prs, title: str):
    return next(s for s in prs.slides if s.shapes.title.text == title)


def _connectors(slide):
    return list(slide.shapes._spTree.iter(qn("p:cxnSp")))


def test_reporting_lines_are_shapes_glued_by_connectors_in_brand_colours(project):
    prs = Presentation(str(_rolegen(project, "deck", "--brand", "acme")))
    slide = _slide(prs, "Reporting lines")
    boxes = {s.shape_id: s for s in slide.shapes if s.name.startswith(("Role ", "Leader "))}
    assert sorted(s.text_frame.text for s in boxes.values()) == [
        "Board of directors and shareholders",
        "CEO\nChief Executive Officer",
        "COO\nChief Operating Officer",
    ]
    glued = {
        (int(c.find(f".//{qn('a:stCxn')}").get("id")), int(c.find(f".//{qn('a:endCxn')}").get("id")))
        for c in _connectors(slide)
    }
    names = {(boxes[a].name, boxes[b].name) for a, b in glued}
    assert names == {("Leader Board of directors and shareholders", "Role CEO"), ("Role CEO", "Role COO")}
    primary = "1B3A5C"
    assert {str(s.fill.fore_color.rgb) for s in boxes.values() if s.name.startswith("Role ")} == {primary}


def _roles_project(project: Path, tree: dict[str, str | None]) -> None:
    """Replace the project's content by one comparison of roles reporting as tree says."""
    roles = project / "content" / "roles"
    shutil.rmtree(project / "content")
    roles.mkdir(parents=True)
    (project / "content" / "comparisons").mkdir()
    for role, leader in tree.items():
        meta = {
            "title": f"Head of {role}",
            "short": role.upper(),
            "summary": f"Runs {role}.",
            "responsibilities": [f"Own the {role} plan.", f"Report on {role}."],
            "focus": role,
        }
        if leader:
            meta["reports_to"] = leader
        (roles / f"{role}.md").write_text(f"---\n{yaml.safe_dump(meta)}---\nThe {role} role.\n", encoding="utf-8")
    comparison = {
        "title": "Six roles",
        "roles": list(tree),
        "dimensions": [{"name": "Scope", **{role: f"{role} scope" for role in tree}}],
        "objectives": ["Draw the chart from memory"],
    }
    (project / "content" / "comparisons" / "six.yaml").write_text(yaml.safe_dump(comparison), encoding="utf-8")


def test_six_roles_and_an_outside_leader_make_seven_boxes_and_six_lines(project):
    _roles_project(
        project, {"ceo": "The board", "coo": "CEO", "cfo": "Head of ceo", "cto": "CEO", "vpo": "COO", "vpe": "CTO"}
    )
    prs = Presentation(str(_rolegen(project, "deck", "--brand", "globex")))
    slide = _slide(prs, "Reporting lines")
    boxes = [s for s in slide.shapes if s.name.startswith(("Role ", "Leader "))]
    assert len(boxes) == 7 and len(_connectors(slide)) == 6
    # Leaders sit above the roles reporting to them.
    top = {s.name: s.top for s in boxes}
    assert top["Leader The board"] < top["Role CEO"] < top["Role COO"] < top["Role VPO"]
    # Each line runs from the bottom middle of the leader's box to the top middle of the report's,
    # slanting either way (as PowerPoint reads a connector's flips).
    by_id = {s.shape_id: s for s in boxes}
    slants = set()
    for line in (s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.LINE):
        glue = line.element.find(f".//{qn('p:cNvCxnSpPr')}")
        leader, report = (by_id[int(glue.find(qn(tag)).get("id"))] for tag in ("a:stCxn", "a:endCxn"))
        assert abs(line.begin_x - (leader.left + leader.width // 2)) <= 1 and line.begin_y == leader.top + leader.height
        assert abs(line.end_x - (report.left + report.width // 2)) <= 1 and line.end_y == report.top
        slants.add((line.end_x > line.begin_x) - (line.end_x < line.begin_x))
    assert slants == {-1, 0, 1}
    # Objectives from the comparison replace the default ones.
    objectives = _slide(prs, "Learning objectives")
    assert [
        p.text for s in objectives.placeholders if s.placeholder_format.idx != 0 for p in s.text_frame.paragraphs
    ] == ["Draw the chart from memory"]
    handout = Document(str(_rolegen(project, "handout", "--brand", "globex")))
    shapes = list(handout.element.body.iter(f"{WPS}wsp"))
    assert len([s for s in shapes if s.find(f"{WPS}txbx") is not None]) == 7
    assert len([s for s in shapes if s.find(f"{WPS}cNvCnPr") is not None]) == 6


def test_handout_draws_the_same_chart_as_an_inline_group_with_alt_text(project):
    doc = Document(str(_rolegen(project, "handout", "--brand", "acme")))
    groups = list(doc.element.body.iter("{http://schemas.microsoft.com/office/word/2010/wordprocessingGroup}wgp"))
    assert len(groups) == 1
    texts = ["".join(t.text for t in box.iter(qn_w("w:t"))) for box in groups[0].iter(f"{WPS}txbx")]
    assert sorted(texts) == [
        "Board of directors and shareholders",
        "CEOChief Executive Officer",
        "COOChief Operating Officer",
    ]
    alt = next(
        doc.element.body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
    ).get("descr")
    assert alt == "CEO — Reports to: Board of directors and shareholders\nCOO — Reports to: CEO"


def test_knowledge_check_asks_which_role_owns_each_item_and_notes_hold_the_answers(project):
    prs = Presentation(str(_rolegen(project, "deck", "--brand", "acme")))
    slide = _slide(prs, "Which role owns this?")
    body = [s for s in slide.placeholders if s.placeholder_format.idx != 0][0]
    assert [p.text for p in body.text_frame.paragraphs] == [
        "Setting long-term goals, vision, and business strategy.",
        "Managing the company’s operational processes, including production, service delivery, and other core "
        "business functions.",
        "Implementing the CEO’s strategic vision by aligning the company’s processes and operations with that "
        "strategy.",
        "Making high-level, critical decisions for the company’s growth and success.",
    ]
    assert all(p._p.pPr.find(qn("a:buAutoNum")) is not None for p in body.text_frame.paragraphs)
    assert slide.notes_slide.notes_text_frame.text.endswith("Answers: 1. CEO; 2. COO; 3. COO; 4. CEO")
    titles = [s.shapes.title.text for s in prs.slides]
    assert titles.index("Learning objectives") < titles.index("Agenda")
    assert titles.index("Which role owns this?") < titles.index("Recap") < titles.index("Key takeaway")


def test_handout_ends_with_an_exercise_and_an_answer_key_on_its_own_page(project):
    doc = Document(str(_rolegen(project, "handout", "--brand", "acme")))
    paragraphs = doc.paragraphs
    key = next(i for i, p in enumerate(paragraphs) if p.text == "Answer key")
    assert paragraphs[key].paragraph_format.page_break_before
    assert [p.text for p in paragraphs[key + 1 :]] == [
        "1. CEO: Setting long-term goals, vision, and business strategy.",
        "2. COO: Managing the company’s operational processes, including production, service delivery, and other "
        "core business functions.",
        "3. COO: Implementing the CEO’s strategic vision by aligning the company’s processes and operations with "
        "that strategy.",
        "4. CEO: Making high-level, critical decisions for the company’s growth and success.",
    ]
    exercise = next(i for i, p in enumerate(paragraphs) if p.text == "Exercise: which role owns this?")
    assert exercise < key and paragraphs[exercise + 2].text.endswith("— ______________")


def test_every_handout_table_row_stays_on_one_page(project):
    doc = Document(str(_rolegen(project, "handout", "--brand", "acme")))
    rows = [row for table in doc.tables for row in table.rows]
    assert rows and all(row._tr.trPr.find(qn_w("w:cantSplit")) is not None for row in rows)


@pytest.fixture
def hostile(project) -> Path:
    shutil.rmtree(project / "content")
    shutil.copytree(HOSTILE, project / "content")
    return project


def _sizes(shape) -> set[int]:
    return {int(r.get("sz")) for r in shape._element.iter(qn("a:rPr")) if r.get("sz")}


def test_hostile_continuations_are_balanced_and_filled(hostile):
    from rolegen.build import documents
    from rolegen.typeset import fit
    from rolegen.content import markdown
    from rolegen.content.slides import slides
    from rolegen.inputs.project import Project
    from rolegen.render import pptx as renderer

    prs = Presentation(str(_rolegen(hostile, "deck", "--brand", "acme")))
    runs = [s for s in prs.slides if s.shapes.title.text.startswith("DGD: key responsibilities")]
    counts = [
        len([s for s in slide.placeholders if s.placeholder_format.idx != 0][0].text_frame.paragraphs) for slide in runs
    ]
    assert counts == [5, 5, 5]
    # Every page but the last is at least 60% full, as measured with the brand's fonts.
    brand, comparison = documents.load_inputs(Project(hostile), "acme", None)
    _, text = documents.intermediate_markdown(Project(hostile), brand, comparison, "deck")
    document = markdown.parse(text)
    pager = renderer.paginator(brand)
    width, height = pager.body_area("content")
    pages = [
        page
        for slide, page in pager.paginate(slides(document), "(cont.)", [])
        if slide.title.startswith("DGD: key responsibilities")
    ]
    fills = [fit.height(list(p.paras), pager.typeset.fonts, width, p.start) / height for p in pages]
    assert len(fills) == 3 and min(fills[:-1]) >= 0.6


def test_title_sizes_are_constant_across_the_deck(hostile):
    prs = Presentation(str(_rolegen(hostile, "deck", "--brand", "acme")))
    content = set().union(
        *(
            _sizes(s.shapes.title)
            for s in prs.slides
            if s.slide_layout.name in ("Title and Content", "Two Content", "Title Only")
        )
    )
    dividers = set().union(*(_sizes(s.shapes.title) for s in prs.slides if s.slide_layout.name == "Section Header"))
    assert len(content) == 1 and len(dividers) == 1


@needs_brand_fonts
def test_heading_never_ends_a_page_of_a_column():
    from rolegen.typeset import fit
    from rolegen.brand.fonts import Measurer
    from rolegen.tree import Span

    fonts = fit.Fonts(Measurer("DejaVu Sans"), Measurer("DejaVu Sans"))
    paras = [fit.Para((Span("Body text that fills a line."),)) for _ in range(3)]
    paras += [fit.Para((Span("Heading"),), "heading"), fit.Para((Span("Its text."),))]
    one = fit.height(paras[:1], fonts, 300, 18)
    pages = fit.paginate(paras, fonts, 300, one * 4.2, 18)
    assert all(page[-1].kind != "heading" for page in pages)
    assert [p.text for p in pages[-1]][:2] == ["Heading", "Its text."]


def test_numbers_stand_clear_of_their_text_and_the_slide_size_is_named_rightly(project):
    prs = Presentation(str(_rolegen(project, "deck", "--brand", "acme")))
    agenda = _slide(prs, "Agenda")
    body = [s for s in agenda.placeholders if s.placeholder_format.idx != 0][0]
    for p in body.text_frame.paragraphs:
        size = int(p.runs[0]._r.rPr.get("sz")) / 100
        assert int(p._p.pPr.get("marL")) >= 1.4 * size * 12700
    size = prs.part._element.find(qn("p:sldSz"))
    assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.01 and size.get("type") is None


@needs_brand_fonts
def test_german_output_has_no_english_boilerplate(project):
    shutil.copytree(REPO / "content/de-DE", project / "content/de-DE")
    deck = _rolegen(project, "deck", "--brand", "acme", "--lang", "de-DE")
    handout = _rolegen(project, "handout", "--brand", "acme", "--lang", "de-DE")
    english = yaml.safe_load((REPO / "src/rolegen/defaults/i18n/en.yaml").read_text(encoding="utf-8"))
    german = yaml.safe_load((REPO / "src/rolegen/defaults/i18n/de.yaml").read_text(encoding="utf-8"))
    # Phrases rolegen writes in English that German says otherwise (placeholders cut off).
    phrases = {v.split("{")[0].strip() for k, v in english.items() if v != german[k] and len(v.split("{")[0]) > 6}
    phrases |= {"Leadership training"}
    prs = Presentation(str(deck))
    footers = " ".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)
    notes = " ".join(s.notes_slide.notes_text_frame.text for s in prs.slides if s.has_notes_slide)
    doc = Document(str(handout))
    footer = doc.sections[0].footer.paragraphs[0].text
    text = "\n".join([pptx_text(deck), notes, footers, docx_text(handout), footer])
    assert sorted(p for p in phrases if p in text) == []
    assert "Acme Corporation · Führungskräftetraining" in footer
    assert "vergleicht zwei Führungsrollen" in docx_text(handout)
    # The subtitle's measure is narrowed so "Officer" does not stand alone on its last line.
    subtitle = [s for s in prs.slides[0].placeholders if s.placeholder_format.idx != 0][0]
    assert int(subtitle.text_frame._bodyPr.get("rIns")) > 91440
    quote = _slide(prs, "Das Wichtigste")
    assert "\u201e" in [sh.text_frame.text for sh in quote.shapes if sh.has_text_frame]


def test_a_title_never_ends_with_one_word_alone_when_a_narrower_measure_avoids_it():
    from rolegen.typeset import fit
    from rolegen.brand.fonts import Measurer

    measurer = Measurer("DejaVu Sans")
    text = "Direction générale et direction des opérations : qui décide quoi, jour après jour"
    lone = [
        w
        for w in range(200, 700, 5)
        if len(measurer.wrap(text, w, 30, True)) > 1 and len(measurer.wrap(text, w, 30, True)[-1].split()) == 1
    ]
    assert lone  # widths at which the plain wrap leaves one word alone
    balanced = [(w, fit.balanced_width(text, measurer, w, 30)) for w in lone]
    fixed = [(w, b) for w, b in balanced if b < w]
    assert fixed
    for w, b in fixed:
        lines = measurer.wrap(text, b, 30, True)
        assert len(lines) == len(measurer.wrap(text, w, 30, True)) and len(lines[-1].split()) > 1


def test_a_column_that_runs_on_fills_both_halves_of_its_continuation(project):
    focus = lengthen_ceo_focus(project)  # only the CEO's column runs on
    prs = Presentation(str(_rolegen(project, "deck", "--brand", "acme")))
    runs = [s for s in prs.slides if s.shapes.title.text.startswith("CEO and COO side by side")]
    assert len(runs) >= 2
    width = prs.slide_width
    for slide in runs[1:]:
        texts = [
            sh
            for sh in slide.shapes
            if sh.has_text_frame and sh.shape_id != slide.shapes.title.shape_id and "Keeps" in sh.text_frame.text
        ]
        # Text reaches into both halves of the slide: no half is left empty.
        assert any(sh.left < 0.25 * width for sh in texts) and any(sh.left + sh.width > 0.75 * width for sh in texts)
        assert texts[0].text_frame.paragraphs[0].text == "Chief Executive Officer (cont.)"
    said = "\n".join(sh.text_frame.text for s in runs for sh in s.shapes if sh.has_text_frame)
    assert all(item in said for item in focus)


def test_continued_column_slides_are_filled_and_keep_their_heading():
    from rolegen.typeset import fit
    from rolegen.brand.fonts import Measurer
    from rolegen.tree import Span

    fonts = fit.Fonts(Measurer("DejaVu Sans"), Measurer("DejaVu Sans"))
    long = [fit.Para((Span("Role A"),), "heading")] + [
        fit.Para((Span(f"Point {i} of role A."),), "bullet") for i in range(60)
    ]
    short = [fit.Para((Span("Role B"),), "heading"), fit.Para((Span("One point."),), "bullet")]
    widths = {1: 600.0, 2: 290.0}
    box = fit.height(long[:11], fonts, 290, 16)
    pages = fit.paginate_columns([long, short], fonts, widths, box, 16)
    assert len(pages) > 2 and [len(page) for page in pages] == [2] * len(pages)
    for page in pages[1:]:
        assert page[0][0].text == "Role A (cont.)" and all(page)
    for page in pages[1:-1]:
        assert sum(fit.height(place, fonts, 290, 16) for place in page) / (2 * box) >= 0.6
    said = [p.text for page in pages for place in page for p in place]
    assert [t for t in said if t.startswith("Point")] == [p.text for p in long[1:]]
