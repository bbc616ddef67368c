"""Proof in a renderer nobody here wrote: LibreOffice draws every generated file, and every word
stays on its page and inside the box of the shape it belongs to; every title and heading is there."""

from __future__ import annotations

import os
import shutil
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import IN_CI, REPO, lengthen_ceo_focus, missing_fonts

HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
CONFORMANCE = Path(__file__).resolve().parents[1] / "conformance"
# "conformance" is the default content whose CEO writes every Markdown construct (tests/conformance/mixed.md).
# "long": one role's side-by-side column runs on, so its continuation is proven too.
CONTENT = {
    "default": REPO / "content",
    "hostile": HOSTILE / "content",
    "conformance": REPO / "content",
    "long": REPO / "content",
}
# Every brand the repository ships, so a new brand kit is proven the day it lands.
BRANDS = sorted(p.name for p in (REPO / "templates" / "brands").iterdir() if (p / "_brand.yml").is_file())
SETS = [f"{brand}.{content}" for brand in BRANDS for content in CONTENT]
KINDS = ("deck", "handout")
EMU_PER_PT = 12700
# Glyphs may reach past the line box that holds them (italic overhang, side bearings); vertically,
# pdftotext's word boxes span the font's whole bounding box, up to a fifth taller than its line.
TOLERANCE_PT = 3.0
GLYPH_BOX_SHARE = 0.2
_XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class PdfPage:
    width: float
    height: float
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return _squash("".join(w.text for w in self.words))


@dataclass(frozen=True)
class Drawn:
    """A generated document and the pages LibreOffice drew from it."""

    source: Path
    pages: tuple[PdfPage, ...]


def _require_tools() -> None:
    missing = [tool for tool in ("soffice", "pdftotext") if shutil.which(tool) is None]
    if not missing:
        return
    reason = (
        f"{' and '.join(missing)} not installed: apt-get install libreoffice-impress libreoffice-writer poppler-utils"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the render proof: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def drawn(tmp_path_factory) -> dict[tuple[str, str], Drawn]:
    """Render every brand and content set as deck and handout, and convert them all in one LibreOffice call."""
    _require_tools()
    from rolegen.build import documents
    from rolegen.render import preview
    from rolegen.inputs.project import Project

    sources = {}
    for case in SETS:
        brand, content = case.split(".")
        root = tmp_path_factory.mktemp(case)
        shutil.copytree(CONTENT[content], root / "content", ignore=shutil.ignore_patterns("de-DE"))
        shutil.copytree(REPO / "templates", root / "templates")
        if content == "conformance":
            shutil.copy(CONFORMANCE / "mixed.md", root / "content" / "roles" / "ceo.md")
            shutil.copytree(CONFORMANCE / "img", root / "content" / "roles" / "img")
        if content == "long":
            lengthen_ceo_focus(root)
        for kind in KINDS:
            comparison, rendered = documents.render(Project(root), brand, None, kind)
            target = root / f"{comparison.id}{documents.KINDS[kind]}"
            target.write_bytes(rendered.data)
            sources[f"{case}-{kind}"] = target
    sources["overflow-deck"] = _overflowing_deck(tmp_path_factory.mktemp("overflow") / "overflow.pptx")
    pdfs = preview.to_pdf(sources, tmp_path_factory.mktemp("pdf"))
    return {tuple(name.rsplit("-", 1)): Drawn(sources[name], _words(pdfs[name])) for name in sources}


def _overflowing_deck(path: Path) -> Path:
    """Write a deck whose only text box is far too small for its text: the proof must catch it."""
    from pptx import Presentation
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Pt

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "Overflow"
    frame = slide.shapes.add_textbox(Pt(36), Pt(150), Pt(200), Pt(40)).text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.text = "This sentence is far too long to fit in a box two hundred points wide and forty high."
    prs.save(path)
    return path


def _words(pdf: Path) -> tuple[PdfPage, ...]:
    import subprocess

    out = pdf.with_suffix(".html")
    subprocess.run(["pdftotext", "-bbox", str(pdf), str(out)], check=True, capture_output=True)
    pages = []
    for page in ET.parse(out).getroot().iter(f"{_XHTML}page"):
        words = tuple(
            Word(w.text or "", *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
            for w in page.iter(f"{_XHTML}word")
        )
        pages.append(PdfPage(float(page.get("width")), float(page.get("height")), words))
    return tuple(pages)


def _squash(text: str) -> str:
    # Lines wrap and long words break differently in every renderer: compare without whitespace.
    return "".join(unicodedata.normalize("NFKC", text).split())


def _inside(word: Word, box: tuple[float, float, float, float], tolerance: float = TOLERANCE_PT) -> bool:
    x0, y0, x1, y1 = box
    vertical = tolerance + GLYPH_BOX_SHARE * (word.y1 - word.y0) if tolerance else 0.0
    return (
        word.x0 >= x0 - tolerance
        and word.y0 >= y0 - vertical
        and word.x1 <= x1 + tolerance
        and word.y1 <= y1 + vertical
    )


def _text_boxes(slide) -> list[tuple[float, float, float, float]]:
    """Return the rectangles (points) of a slide's text shapes and of every table cell."""
    boxes = []
    for shape in slide.shapes:
        x, y = shape.left / EMU_PER_PT, shape.top / EMU_PER_PT
        if shape.has_text_frame:
            boxes.append((x, y, x + shape.width / EMU_PER_PT, y + shape.height / EMU_PER_PT))
        if getattr(shape, "has_table", False) and shape.has_table:
            top = y
            for row in shape.table.rows:
                left = x
                for column in shape.table.columns:
                    boxes.append((left, top, left + column.width / EMU_PER_PT, top + row.height / EMU_PER_PT))
                    left += column.width / EMU_PER_PT
                top += row.height / EMU_PER_PT
    return boxes


def _stray_words(drawn: Drawn) -> list[tuple[int, str]]:
    from pptx import Presentation

    slides = list(Presentation(str(drawn.source)).slides)
    assert len(drawn.pages) == len(slides)
    stray = []
    for number, (slide, page) in enumerate(zip(slides, drawn.pages), start=1):
        boxes = _text_boxes(slide)
        stray += [(number, w.text) for w in page.words if not any(_inside(w, box) for box in boxes)]
    return stray


CASES = [(case, kind) for case in SETS for kind in KINDS]
IDS = [f"{case}-{kind}" for case, kind in CASES]


@pytest.mark.parametrize("case,kind", CASES, ids=IDS)
def test_every_word_lies_on_its_page(drawn, case, kind):
    outside = [
        (number, w.text)
        for number, page in enumerate(drawn[case, kind].pages, start=1)
        for w in page.words
        if not _inside(w, (0, 0, page.width, page.height), 0)
    ]
    assert outside == []


@pytest.mark.parametrize("case", SETS, ids=SETS)
def test_every_slide_word_lies_inside_a_text_shape(drawn, case):
    assert _stray_words(drawn[case, "deck"]) == []


def test_the_proof_catches_text_that_leaves_its_box(drawn):
    assert len(_stray_words(drawn["overflow", "deck"])) >= 5


@pytest.mark.parametrize("case", SETS, ids=SETS)
def test_every_slide_shows_its_title(drawn, case):
    from pptx import Presentation

    result = drawn[case, "deck"]
    titles = [slide.shapes.title.text_frame.text for slide in Presentation(str(result.source)).slides]
    missing = [(n, t) for n, (t, page) in enumerate(zip(titles, result.pages), start=1) if _squash(t) not in page.text]
    assert missing == []


@pytest.mark.parametrize("case", SETS, ids=SETS)
def test_every_handout_word_lies_between_the_margins(drawn, case):
    from docx import Document

    _skip_without_the_fonts_of(case)

    result = drawn[case, "handout"]
    section = Document(str(result.source)).sections[0]
    left = section.left_margin / EMU_PER_PT
    right = (section.page_width - section.right_margin) / EMU_PER_PT
    stray = [
        (n, w.text)
        for n, page in enumerate(result.pages, start=1)
        for w in page.words
        if not _inside(w, (left, 0, right, page.height))
        and not (_right_to_left_label(w, page) and _inside(w, (left, 0, right + w.x1 - w.x0, page.height)))
    ]
    assert stray == []


def _skip_without_the_fonts_of(case: str) -> None:
    """Skip a hostile case (Japanese, Arabic, Hebrew) where its fonts are not installed (fail in CI).

    Without a face that has a script's characters LibreOffice draws them in a last-resort font and
    rolegen can only estimate their width (it says so in a warning); a bullet drawn in a stand-in for
    the brand's font is wider than the brand's. The proof holds for the fonts a document names.
    """
    if not case.endswith(".hostile") or IN_CI:
        return
    from rolegen.brand.fallbacks import install_hint
    from rolegen.build.documents import load_brand_kit
    from rolegen.inputs.project import Project

    kit = load_brand_kit(Project(REPO), case.split(".")[0])
    missing = missing_fonts("Noto Sans CJK JP", "DejaVu Sans", kit.base_font.family, kit.heading_font.family)
    if missing:
        pytest.skip("; ".join(f"font '{family}' is not installed ({install_hint(family)})" for family in missing))


def _right_to_left_label(word: Word, page: PdfPage) -> bool:
    """Return whether word is the bullet of a right-to-left list item.

    Word and LibreOffice both write such bullets with lvlJc 'left', but LibreOffice places the
    label physically, so it starts at the right margin and reaches its own width beyond it.
    """
    from rolegen.brand.fonts import right_to_left

    return word.text in ("\uf0b7", "\u2022") and any(
        abs(other.y0 - word.y0) < 2 and right_to_left(other.text) for other in page.words
    )


@pytest.mark.parametrize("case", SETS, ids=SETS)
def test_every_handout_heading_reaches_the_pdf(drawn, case):
    from docx import Document

    result = drawn[case, "handout"]
    headings = [
        p.text
        for p in Document(str(result.source)).paragraphs
        if p.style.name.startswith("Heading") or p.style.name == "Title"
    ]
    text = "".join(page.text for page in result.pages)
    assert headings and [h for h in headings if _squash(h) not in text] == []


HOSTILE_SETS = [case for case in SETS if case.endswith(".hostile")]


@pytest.mark.parametrize("case", HOSTILE_SETS, ids=HOSTILE_SETS)
def test_right_to_left_handout_lines_end_at_the_right_margin(drawn, case):
    from docx import Document

    _skip_without_the_fonts_of(case)

    from rolegen.brand.fonts import right_to_left

    result = drawn[case, "handout"]
    section = Document(str(result.source)).sections[0]
    right = (section.page_width - section.right_margin) / EMU_PER_PT
    lines: dict[tuple[int, int], list[Word]] = {}
    for number, page in enumerate(result.pages, start=1):
        for word in page.words:
            lines.setdefault((number, round(word.y0)), []).append(word)
    # Lines of Arabic or Hebrew alone are body paragraphs and list items; table rows mix in Latin cells.
    rtl = [
        words
        for words in lines.values()
        if len(words) >= 3 and all(right_to_left(w.text) for w in words if any(c.isalpha() for c in w.text))
    ]
    edges = [max(w.x1 for w in words) for words in rtl]
    # A list item's bullet may reach its own width (under 6 pt) past the margin; see _right_to_left_label.
    assert len(edges) >= 4 and all(right - TOLERANCE_PT <= edge <= right + 6 for edge in edges), (right, edges)
