"""Hostile content (15 long bullets, a 60-letter word, a 200-character title, accents, CJK,
right-to-left text, a 12-row comparison) still makes accessible decks and handouts that fit."""

from __future__ import annotations

import re

import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile" / "content"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Render the hostile content once for the module: (deck path, deck warnings, handout path)."""
    from conftest import REPO
    from rolegen.build import documents
    from rolegen.inputs.project import Project

    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(HOSTILE, root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    paths, warnings = {}, {}
    for kind in ("deck", "handout"):
        comparison, rendered = documents.render(Project(root), "acme", None, kind)
        paths[kind] = root / f"{comparison.id}{documents.KINDS[kind]}"
        paths[kind].write_bytes(rendered.data)
        warnings[kind] = rendered.warnings
    return paths, warnings


@pytest.fixture
def deck_run(built):
    paths, warnings = built
    return "\n".join(f"warning: {w}" for w in warnings["deck"]), Presentation(str(paths["deck"]))


@pytest.fixture
def handout(built):
    return Document(str(built[0]["handout"]))


def _titles(deck) -> list[str]:
    return [slide.shapes.title.text_frame.text for slide in deck.slides]


def test_the_fixture_is_as_hostile_as_promised():
    import yaml

    comparison = yaml.safe_load((HOSTILE / "comparisons" / "hostile.yaml").read_text(encoding="utf-8"))
    chief = (HOSTILE / "roles" / "chief.md").read_text(encoding="utf-8")
    front = yaml.safe_load(chief.split("---")[1])
    everything = chief + (HOSTILE / "roles" / "operator.md").read_text(encoding="utf-8") + str(comparison)
    assert len(comparison["title"]) >= 200
    assert len(comparison["dimensions"]) == 12
    assert len(front["responsibilities"]) == 15
    assert max(len(w) for w in everything.split()) >= 60
    for script in ("é", "最", "ع", "ע"):
        assert script in everything


def test_long_bullets_continue_on_uniquely_titled_slides_with_a_warning(deck_run):
    warnings, deck = deck_run
    titles = _titles(deck)
    assert [
        "DGD: key responsibilities",
        "DGD: key responsibilities (cont.)",
        "DGD: key responsibilities (cont. 2)",
    ] == [t for t in titles if t.startswith("DGD: key")]
    assert len(set(titles)) == len(titles) and all(t.strip() for t in titles)
    # Said at the author's line: the first responsibility, in the role file.
    (said,) = [w for w in warnings.splitlines() if "slide 'DGD: key responsibilities' does not fit" in w]
    assert re.fullmatch(
        r"warning: \S*content/roles/chief\.md:\d+: slide 'DGD: key responsibilities' does not fit at 18 pt: "
        r"continued on 2 more slide\(s\)",
        said,
    )


def test_continued_body_slides_share_one_size(deck_run):
    _, deck = deck_run
    sizes = {
        run.font.size.pt
        for slide in deck.slides
        if slide.shapes.title.text_frame.text.startswith("DGD: key")
        for shape in slide.placeholders
        if shape.placeholder_format.idx == 1
        for p in shape.text_frame.paragraphs
        for run in p.runs
    }
    # One size for the run of slides: the largest that fills the slides the 18 pt floor needs.
    assert sizes == {20.0}


def test_the_long_table_continues_with_its_header_repeated(deck_run):
    warnings, deck = deck_run
    tables = [
        (slide.shapes.title.text_frame.text, shape.table)
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_table
    ]
    assert [t for t, _ in tables] == ["How the roles compare", "How the roles compare (cont.)"]
    assert all(table.first_row for _, table in tables)
    assert {tuple(c.text for c in table.rows[0].cells) for _, table in tables} == {
        ("Dimension", "DGD", "最高執行責任者")
    }
    assert sum(len(table.rows) - 1 for _, table in tables) == 12
    # Said at the comparison's first dimension: the rows the author wrote.
    (said,) = [w for w in warnings.splitlines() if "slide 'How the roles compare': the table" in w]
    assert re.fullmatch(
        r"warning: \S*content/comparisons/\S+\.yaml:\d+: slide 'How the roles compare': the table does not fit "
        r"at 14 pt: rows continued on 1 more slide\(s\)",
        said,
    )


def test_the_table_stays_within_the_slide(deck_run):
    _, deck = deck_run
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_table:
                assert shape.left + sum(c.width for c in shape.table.columns) <= deck.slide_width
                assert shape.top + sum(r.height for r in shape.table.rows) <= deck.slide_height


def test_right_to_left_paragraphs_are_marked_and_aligned_right(deck_run):
    _, deck = deck_run
    rtl = [
        p
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
        for p in shape.text_frame.paragraphs
        if p.text.startswith(("في", "בארגונים", "مدير", "מנהל"))
    ]
    assert rtl and all(p._p.pPr.get("rtl") == "1" for p in rtl)


def _handout_paragraphs(handout):
    """Return every paragraph of the handout's body, table cells included, in order."""
    cells = [p for table in handout.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return list(handout.paragraphs) + cells


def _bidi(paragraph) -> bool:
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.find(qn("w:bidi")) is not None


RTL_STARTS = ("في", "בארגונים", "مدير", "מנהל", "العربية", "עברית")


def test_right_to_left_handout_paragraphs_run_right_to_left_from_the_right_margin(handout):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraphs = _handout_paragraphs(handout)
    rtl = [p for p in paragraphs if p.text.startswith(RTL_STARTS)]
    styles = {p.style.name for p in rtl}
    # In a w:bidi paragraph, Word and LibreOffice read jc 'left' as the start edge: the right margin.
    assert {"Normal", "List Bullet"} <= styles and len(rtl) >= 6
    assert all(_bidi(p) and p.alignment == WD_ALIGN_PARAGRAPH.LEFT for p in rtl)
    assert all(r.font.rtl for p in rtl for r in p.runs if r.text.strip())


def test_right_to_left_cells_and_left_to_right_paragraphs_keep_their_direction(handout):
    cells = [
        p
        for table in handout.tables
        for row in table.rows
        for cell in row.cells
        for p in cell.paragraphs
        if p.text.startswith(RTL_STARTS)
    ]
    ltr = [p for p in handout.paragraphs if p.text.startswith(("Ñandú", "Superlong", "Opérations", "Une "))]
    assert cells and all(_bidi(p) for p in cells)
    assert len(ltr) == 4 and not any(_bidi(p) or r.font.rtl for p in ltr for r in p.runs)


def test_right_to_left_link_text_is_marked_as_the_runs_around_it(run, project):
    role = project / "content/roles/ceo.md"
    with role.open("a", encoding="utf-8") as text:
        text.write("\nيقود [الرئيس التنفيذي](https://example.com/ar) شركة [Acme](https://acme.example) كلها.\n")
    comparison = project / "content/comparisons/ceo-vs-coo.yaml"
    scope = "ceo: The CEO focuses on the overall direction and leadership of the company."
    cell = 'ceo: "[מנהל](https://example.com/he) The CEO focuses on the overall direction."'
    comparison.write_text(comparison.read_text(encoding="utf-8").replace(scope, cell), encoding="utf-8")

    result = run("handout", "--brand", "acme")

    assert result.exit_code == 0, result.output
    body = Document(str(project / "output/acme/ceo-vs-coo.docx")).element.body
    marked = [
        (
            "".join(t.text for t in run_.iter(qn("w:t"))),
            link.getparent().find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None,
            run_.find(f"{qn('w:rPr')}/{qn('w:rtl')}") is not None,
        )
        for link in body.iter(qn("w:hyperlink"))
        for run_ in link.findall(qn("w:r"))
    ]
    # Arabic and Hebrew link text reads right to left as ordinary runs do; a Latin name among it stays left to right.
    assert marked == [("الرئيس التنفيذي", True, True), ("Acme", True, False), ("מנהל", True, True)]


def test_every_run_and_the_deck_carry_the_language_of_its_script(deck_run):
    _, deck = deck_run
    runs = [
        r
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
        for p in shape.text_frame.paragraphs
        for r in p.runs
    ]
    langs = {r._r.rPr.get("lang") for r in runs}
    assert langs == {"fr-FR", "ja-JP", "ar-SA", "he-IL"}
    kana = [r for r in runs if "ナンバー" in r.text]
    assert kana and all(r._r.rPr.get("lang") == "ja-JP" for r in kana)
    assert {r._r.rPr.find(qn("a:ea")).get("typeface") for r in kana} == {"Noto Sans CJK JP"}
    arabic = [r for r in runs if "الرؤية" in r.text]
    assert arabic and {r._r.rPr.find(qn("a:cs")).get("typeface") for r in arabic} == {"DejaVu Sans"}
    assert all(r._r.rPr.get("lang") == "fr-FR" for r in runs if r.text.startswith("Ñandú"))
    assert deck.core_properties.language == "fr-FR"


def test_every_picture_has_alt_text(deck_run, handout):
    _, deck = deck_run
    alts = [
        shape._element.nvPicPr.cNvPr.get("descr")
        for slide in deck.slides
        for shape in slide.shapes
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE
    ]
    alts += [d.get("descr") for d in handout.sections[0].header._element.iter(qn("wp:docPr"))]
    assert alts and set(alts) == {"Acme Corporation logo"}


def test_handout_marks_its_table_header_and_language(handout):
    first_row = handout.tables[0].rows[0]._tr
    assert first_row.trPr.find(qn("w:tblHeader")).get(qn("w:val")) == "true"
    lang = handout.styles["Normal"].element.rPr.find(qn("w:lang"))
    # Word reads eastAsia for CJK characters and bidi for Arabic and Hebrew ones.
    assert (lang.get(qn("w:val")), lang.get(qn("w:eastAsia")), lang.get(qn("w:bidi"))) == ("fr-FR", "ja-JP", "ar-SA")
    fonts = handout.styles["Normal"].element.rPr.rFonts
    assert (fonts.get(qn("w:eastAsia")), fonts.get(qn("w:cs"))) == ("Noto Sans CJK JP", "Open Sans")
    assert handout.core_properties.language == "fr-FR"


@pytest.mark.parametrize("kind", ["deck", "handout"], ids=["deck", "handout"])
def test_core_properties_name_the_document_and_brand(built, kind):
    path = built[0][kind]
    props = (Presentation(str(path)) if kind == "deck" else Document(str(path))).core_properties
    assert props.title.startswith("Direction générale et direction des opérations")
    assert props.subject.startswith("Une comparaison volontairement hostile")
    assert (props.author, props.last_modified_by) == ("Acme Corporation", "Acme Corporation")
    assert (props.keywords, props.comments, props.category) == ("", "", "")


def _deck_from_markdown(text: str):
    import datetime as dt

    from conftest import REPO
    from rolegen.content import markdown
    from rolegen.content.slides import slides
    from rolegen.brand.kit import load_brand
    from rolegen.inputs.project import Project
    from rolegen.render.pptx import render_deck

    document = markdown.parse(text)
    warnings: list[str] = []
    render_deck(
        slides(document),
        document.meta,
        load_brand(Project(REPO), "acme"),
        dt.datetime(2026, 11, 24, tzinfo=dt.timezone.utc),
        warnings,
    )
    return warnings


def test_a_title_too_long_for_its_box_at_the_floor_is_kept_whole_and_reported():
    title = "A title that goes on and on " * 20
    warnings = _deck_from_markdown(f"---\ntitle: T\n---\n\n## {title.strip()}\n\nBody.\n")
    assert [w for w in warnings if "title is taller" in w] == [
        f"slide '{title.strip()}': the title is taller than its box at 20 pt; shorten it"
    ]


def test_a_column_taller_than_its_box_continues_on_a_new_slide():
    items = "\n".join(f"- Item {i} with enough words to wrap onto a second line in a column" for i in range(20))
    warnings = _deck_from_markdown(
        f"---\ntitle: T\n---\n\n## Columns\n\n:::: columns\n::: column\n{items}\n:::\n::: column\nShort.\n:::\n::::\n"
    )
    assert len(warnings) == 1 and warnings[0].startswith(
        "slide 'Columns': the columns do not fit at 14 pt: continued on"
    )
