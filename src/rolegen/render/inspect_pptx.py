"""Read any .pptx back into plain facts (titles, reading order, pictures, tables, text boxes; notes for review)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from rolegen import facts
from rolegen.facts import EMU_PER_PT
from rolegen.errors import RolegenError
from rolegen.render.library_internals import shape_of
from rolegen.render.ooxml import theme_colours
from rolegen.render.pptx_xml import (
    FLD as _FLD,
    FRAME as _FRAME,
    GRP_SP as _GRP_SP,
    PIC as _PIC,
    SHAPE_TAGS,
    SP as _SP,
    TBL,
    TITLE_TYPES,
    TX_BODY as _TX_BODY,
    BODY_PR,
    P,
    body_text,
    child,
    has_text,
    own_rect,
    placeholder,
    placeholder_type,
    qn,
    run_text,
    text_insets,
)

# Office's text size when a file says nothing.
_DEFAULT_SIZE = 18.0
_TABLE = f".//{TBL}"


def read(path: Path, review: bool = False) -> facts.DocumentFacts:
    """Return the facts of a deck, failing with one line when the file is not a deck.

    review adds what only a diff needs: layouts, speaker notes, theme colours, pictures' digests,
    and the shapes inside groups.
    """
    try:
        prs = Presentation(str(path))
    except Exception as e:  # python-pptx raises many types for a file that is not a deck
        raise RolegenError(f"not a PowerPoint file ({type(e).__name__})", path) from e
    return facts_of(prs, review=review)


def facts_of(prs, insets: dict | None = None, review: bool = False) -> facts.DocumentFacts:
    """Return the facts of an open python-pptx Presentation (one just drawn, say).

    insets is a text_insets cache the caller may share between decks drawn on the same master;
    review as in read().
    """
    theme = _theme(prs)
    major, minor = _theme_fonts(theme)
    pages = []
    languages: list[str] = []
    insets = {} if insets is None else insets  # inherited text insets, per layout and master placeholder
    for number, slide in enumerate(prs.slides, start=1):
        page = _page(number, slide, major, minor, languages, insets, review)
        pages.append(_reviewed(page, slide) if review else page)
    return facts.DocumentFacts(
        "deck",
        prs.slide_width / EMU_PER_PT,
        prs.slide_height / EMU_PER_PT,
        facts.core_properties(prs.core_properties),
        tuple(languages),
        tuple(pages),
        theme=theme_colours(theme) if review else (),
    )


def _reviewed(page: facts.Page, slide) -> facts.Page:
    """Return a page with what a diff reads besides: its layout's name and its speaker notes."""
    notes: tuple[str, ...] = ()
    if slide.has_notes_slide:
        frame = slide.notes_slide.notes_text_frame
        notes = tuple(p.text for p in frame.paragraphs) if frame is not None else ()
    return replace(page, layout=slide.slide_layout.name or "", notes=notes)


def _shape_elements(tree, review: bool) -> list:
    """Return a shape tree's shapes in reading order; for review, a group's shapes in its place."""
    elements = []
    for element in tree.iterchildren():
        if element.tag == _GRP_SP and review:
            elements += _shape_elements(element, review)
        elif element.tag in SHAPE_TAGS:
            elements.append(element)
    return elements


def _page(
    number: int, slide, major: str, minor: str, languages: list[str], insets: dict, review: bool = False
) -> facts.Page:
    # Read from the XML: python-pptx's shape properties find each child by XPath, and the checks
    # read every shape of every slide a build draws.
    shapes = slide.shapes
    elements = _shape_elements(shapes.element, review)
    title_element = next((e for e in elements if placeholder_type(e) in TITLE_TYPES), None)
    title = body_text(child(title_element, _TX_BODY)).strip() if title_element is not None else ""
    # Screen readers follow the shape tree; the title must be the first shape they meet.
    title_first = title_element is not None and elements[0] is title_element
    layout = None
    boxes, grids, pictures = [], [], []
    for element in elements:
        name = element[0][0].get("name", "")  # nvSpPr/cNvPr, nvPicPr/cNvPr, ...
        if element.tag == _PIC:
            if _is_picture(element):
                digest = _digest(slide, element) if review else ""
                pictures.append(facts.Picture(name, element[0][0].get("descr") or "", digest))
        elif element.tag == _SP:
            body = child(element, _TX_BODY)
            if not has_text(body):
                continue
            family = major if element is title_element else minor
            shape = _Lazy(shapes, element)
            ph = placeholder(element)
            key = None
            if ph is not None:
                layout = layout or str(slide.slide_layout.part.partname)
                key = ("layout", layout, ph.get("idx", "0"))
            boxes.append(_box(name, shape, body, family, languages, own_rect(element), text_insets(shape, insets, key)))
        elif element.tag == _FRAME and element.find(_TABLE) is not None:
            grids.append(_grid(element, minor, languages))
    return facts.Page(number, title, title_first, tuple(boxes), tuple(grids), tuple(pictures))


def _digest(slide, element) -> str:
    """Return the sha256 of a picture's image, or "" when it links to none it holds."""
    blip = element.find(_BLIP)
    rid = blip.get(qn("r:embed")) if blip is not None else None
    try:
        return hashlib.sha256(slide.part.related_part(rid).blob).hexdigest() if rid else ""
    except KeyError:
        return ""


_BLIP = f"{qn('p:blipFill')}/{qn('a:blip')}"


class _Lazy:
    """A shape made by python-pptx only when something asks more of it than its XML."""

    def __init__(self, shapes, element):
        self._shapes, self.element = shapes, element

    def __getattr__(self, name: str):
        shape = self.__dict__.get("_shape") or shape_of(self._shapes, self.element)
        self.__dict__["_shape"] = shape
        return getattr(shape, name)


def _box(name: str, shape, body, family: str, languages: list[str], rect, insets: dict[str, float]) -> facts.TextBox:
    """rect is the shape's own position (None: the shape's, as inherited)."""
    x, y, w, h = rect or (
        shape.left / EMU_PER_PT,
        shape.top / EMU_PER_PT,
        shape.width / EMU_PER_PT,
        shape.height / EMU_PER_PT,
    )
    body_pr = child(body, BODY_PR)
    grows = body_pr is not None and child(body_pr, _AUTOFIT) is not None
    paras = tuple(_para(p, family, languages) for p in body.iter(P))
    return facts.TextBox(
        name,
        x + insets["lIns"],
        y + insets["tIns"],
        w - insets["lIns"] - insets["rIns"],
        h - insets["tIns"] - insets["bIns"],
        paras,
        grows,
    )


def _para(p, family: str, languages: list[str]) -> facts.Para:
    ppr = child(p, _PPR)
    indent = space = 0.0
    if ppr is not None:
        indent = int(ppr.get("marL", "0")) / EMU_PER_PT
        before = child(ppr, _SPC_BEF)
        points = child(before, _SPC_PTS) if before is not None else None
        space = int(points.get("val")) / 100 if points is not None else 0.0
    runs = []
    for element in p:
        if element.tag not in _RUN_TAGS:
            continue
        rpr = child(element, _RPR)
        text = "\n" if element.tag == _BREAK else run_text(element)
        if rpr is None:
            size, bold, face, lang = _DEFAULT_SIZE, False, family, ""
        else:
            sz = rpr.get("sz")
            size, bold, lang = (
                int(sz) / 100 if sz else _DEFAULT_SIZE,
                rpr.get("b") in ("1", "true"),
                rpr.get("lang", ""),
            )
            latin = child(rpr, _LATIN)
            face = latin.get("typeface") if latin is not None else family
            face = family if face.startswith("+") else face  # +mj-lt / +mn-lt name the theme's fonts
        if text.strip():
            languages.append(lang)
        runs.append(facts.Run(text, size, bold, face, element.get("type", "") if element.tag == _FLD else ""))
    return facts.Para(tuple(runs), indent, space)


# Read for every paragraph of every deck a build draws: the names are made once.
_PPR, _RPR, _LATIN = qn("a:pPr"), qn("a:rPr"), qn("a:latin")
_SPC_BEF, _SPC_PTS = qn("a:spcBef"), qn("a:spcPts")
_AUTOFIT = qn("a:spAutoFit")
_BREAK = qn("a:br")
_RUN_TAGS = frozenset((qn("a:r"), qn("a:fld"), _BREAK))


def _grid(frame, family: str, languages: list[str]) -> facts.Grid:
    """Return the facts of a table's graphic frame, read from its XML (python-pptx finds each by XPath)."""
    name = frame[0][0].get("name", "")  # nvGraphicFramePr/cNvPr
    off = frame.find(f"{qn('p:xfrm')}/{qn('a:off')}")
    x0, y0 = (int(off.get(k)) / EMU_PER_PT for k in ("x", "y")) if off is not None else (0.0, 0.0)
    table = frame.find(_TABLE)
    columns = tuple(int(col.get("w")) / EMU_PER_PT for col in table.iter(qn("a:gridCol")))
    properties = table.find(qn("a:tblPr"))
    first_row = properties is not None and properties.get("firstRow") in ("1", "true")
    rows, heights = [], []
    y = y0
    for r, row in enumerate(table.iterchildren(qn("a:tr"))):
        height = int(row.get("h")) / EMU_PER_PT
        cells, x = [], x0
        for c, cell in enumerate(row.iterchildren(qn("a:tc"))):
            tc_pr = cell.find(qn("a:tcPr"))
            insets = {
                key: int(tc_pr.get(attr, default) if tc_pr is not None else default) / EMU_PER_PT
                for key, attr, default in _CELL_MARGINS
            }
            rect = (x, y, columns[c], height)
            body = cell.find(qn("a:txBody"))
            cells.append(_box(f"{name} row {r + 1} column {c + 1}", None, body, family, languages, rect, insets))
            x += columns[c]
        rows.append(tuple(cells))
        heights.append(height)
        y += height
    return facts.Grid(name, x0, y0, first_row, columns, tuple(rows), tuple(heights))


# A cell's margins: the tcPr attribute, and Office's default without one (EMU).
_CELL_MARGINS = (("lIns", "marL", 91440), ("rIns", "marR", 91440), ("tIns", "marT", 45720), ("bIns", "marB", 45720))


def _is_picture(element) -> bool:
    """Tell whether a p:pic shows a picture: not a placeholder, not a movie (python-pptx's PICTURE)."""
    return placeholder(element) is None and element.find(_VIDEO) is None


_VIDEO = f"{qn('p:nvPicPr')}/{qn('p:nvPr')}/{qn('a:videoFile')}"


def _theme(prs):
    """Return the root of the first master's theme, or None when the deck has none."""
    try:
        return etree.fromstring(prs.slide_master.part.part_related_by(RT.THEME).blob)
    except KeyError:
        return None


_NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}


def _theme_fonts(theme) -> tuple[str, str]:
    if theme is None:
        return "Calibri", "Calibri"
    ns = _NS
    major = theme.find(".//a:majorFont/a:latin", ns)
    minor = theme.find(".//a:minorFont/a:latin", ns)
    return (
        major.get("typeface") if major is not None else "Calibri",
        minor.get("typeface") if minor is not None else "Calibri",
    )
