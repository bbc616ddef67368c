"""Read any .docx back into plain facts (properties, language, pictures, tables; sections by heading for review)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from docx import Document as open_document
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from rolegen.render.docx_xml import qn
from rolegen.render.ooxml import theme_colours

from rolegen import facts
from rolegen.facts import EMU_PER_PT
from rolegen.errors import RolegenError

TWIPS_PER_PT = 20


def read(path: Path, review: bool = False) -> facts.DocumentFacts:
    """Return the facts of a Word document, failing with one line when the file is not one.

    review adds what only a diff needs: the sections by heading, theme colours and pictures' digests.
    """
    try:
        doc = open_document(str(path))
    except Exception as e:  # python-docx raises many types for a file that is not a document
        raise RolegenError(f"not a Word file ({type(e).__name__})", path) from e
    return facts_of(doc, review)


def facts_of(doc, review: bool = False) -> facts.DocumentFacts:
    """Return the facts of an open python-docx Document (one just drawn, say); review as in read()."""
    section = doc.sections[0]
    text_width = (section.page_width - section.left_margin - section.right_margin) / EMU_PER_PT
    return facts.DocumentFacts(
        "handout",
        section.page_width / EMU_PER_PT,
        section.page_height / EMU_PER_PT,
        facts.core_properties(doc.core_properties),
        _languages(doc),
        grids=tuple(_grid(index, table) for index, table in enumerate(doc.element.body.findall(qn("w:tbl")), start=1)),
        pictures=_pictures(doc),
        text_width=text_width,
        theme=_theme(doc) if review else (),
        sections=_sections(doc) if review else (),
    )


def _theme(doc) -> tuple[tuple[str, str], ...]:
    from lxml import etree

    for rel in doc.part.rels.values():
        if rel.reltype == RT.THEME and not rel.is_external:
            return theme_colours(etree.fromstring(rel.target_part.blob))
    return ()


_HEADING = re.compile(r"heading\s*([1-9])$", re.IGNORECASE)


def _heading_levels(doc) -> dict[str, int]:
    """Return {paragraph style id: heading level} for every heading style, by its name or outline level."""
    levels = {}
    for style in doc.styles.element.iterchildren(qn("w:style")):
        if style.get(qn("w:type")) != "paragraph":
            continue
        name = style.find(qn("w:name"))
        outline = style.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        found = _HEADING.match(name.get(qn("w:val"), "") if name is not None else "")
        value = outline.get(qn("w:val"), "") if outline is not None else ""
        if found:
            levels[style.get(qn("w:styleId"), "")] = int(found.group(1))
        elif value.isdigit() and int(value) < 9:  # outline level 9 is body text
            levels[style.get(qn("w:styleId"), "")] = int(value) + 1
    return levels


class _Sections:
    """The sections of a body as its paragraphs and tables are met, each under the headings above it."""

    def __init__(self):
        self.done: list[facts.Section] = []
        self.above: list[tuple[int, str]] = []  # (level, heading) of the open headings
        self.lines: list[str] = []
        self.pictures: list[facts.Picture] = []

    def heading(self, level: int, text: str) -> None:
        self.close()
        self.above = [(lv, h) for lv, h in self.above if lv < level] + [(level, text)]

    def close(self) -> None:
        if self.above or self.lines or self.pictures:
            level, heading = self.above[-1] if self.above else (0, "")
            path = tuple(h for _, h in self.above)
            self.done.append(facts.Section(heading, level, path, tuple(self.lines), tuple(self.pictures)))
        self.lines, self.pictures = [], []


def _sections(doc) -> tuple[facts.Section, ...]:
    """Return the body's stretches under each heading; what comes before the first heading is level 0."""
    levels = _heading_levels(doc)
    sections = _Sections()
    for element in doc.element.body.iterchildren():
        if element.tag == _TBL:
            rows = element.iter(_TR)
            sections.lines += [" | ".join(_text(cell) for cell in row.iterchildren(_TC)) for row in rows]
        elif element.tag == _P:
            style = element.find(_STYLE)
            level = levels.get(style.get(_VAL, "") if style is not None else "")
            text = _text(element)
            if level is not None and text:
                sections.heading(level, text)
                continue
            sections.lines += ([text] if text else []) + _box_lines(element)
        else:
            continue
        sections.pictures += _pictures_in(doc, element)
    sections.close()
    return tuple(sections.done)


_P, _TBL, _TR, _TC, _T, _TAB = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:t"), qn("w:tab")
_STYLE, _VAL = f"{qn('w:pPr')}/{qn('w:pStyle')}", qn("w:val")


def _text(element) -> str:
    """Return the text of a paragraph or table cell (its paragraphs joined by spaces), text boxes left out."""
    paragraphs = [element] if element.tag == _P else list(element.iterchildren(_P))
    return " ".join(filter(None, ("".join(_own_text(p)).strip() for p in paragraphs)))


def _own_text(element):
    """Yield a paragraph's text, not descending into its text boxes or the fallback copies of drawings."""
    for child in element:
        if child.tag == _T:
            yield child.text or ""
        elif child.tag == _TAB:
            yield "\t"
        elif child.tag not in _OTHER_TEXT and isinstance(child.tag, str):
            yield from _own_text(child)


def _box_lines(element) -> list[str]:
    """Return the paragraphs of the text boxes in a paragraph (a diagram's labels), one a line."""
    return [
        line
        for box in element.iter(_TXBX)
        if not any(a.tag == _FALLBACK for a in box.iterancestors())
        for line in ("".join(_own_text(p)).strip() for p in box.iter(_P))
        if line
    ]


_TXBX, _FALLBACK = qn("w:txbxContent"), "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_OTHER_TEXT = frozenset((_TXBX, _FALLBACK))


def _pictures_in(doc, element) -> list[facts.Picture]:
    """Return the pictures drawn in a paragraph or table, each with its image's sha256."""
    found = []
    for drawing in element.iter(qn("w:drawing")):
        doc_pr = next(drawing.iter(qn("wp:docPr")), None)
        blip = next(drawing.iter(qn("a:blip")), None)
        rid = blip.get(qn("r:embed")) if blip is not None else None
        part = doc.part.related_parts.get(rid) if rid else None
        digest = hashlib.sha256(part.blob).hexdigest() if part is not None else ""
        name, alt = (
            (doc_pr.get("name", "picture"), doc_pr.get("descr") or "") if doc_pr is not None else ("picture", "")
        )
        found.append(facts.Picture(name, alt, digest))
    return found


def _languages(doc) -> tuple[str, ...]:
    # Word takes a run's language from the run, else its style chain, else the document defaults;
    # the default paragraph style and the document defaults are what cover every run.
    found = []
    defaults = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    normal = doc.styles["Normal"] if "Normal" in doc.styles else None
    for element in (defaults, normal.element.find(f"{qn('w:rPr')}/{qn('w:lang')}") if normal is not None else None):
        if element is not None and element.get(qn("w:val")):
            found.append(element.get(qn("w:val")))
    return tuple(found) or ("",)


def _pictures(doc) -> tuple[facts.Picture, ...]:
    parts = [
        doc.element,
        *_stories(doc, "w:headerReference", RT.HEADER),
        *_stories(doc, "w:footerReference", RT.FOOTER),
    ]
    pictures = []
    for part in parts:
        for doc_pr in part.iter(qn("wp:docPr")):
            pictures.append(facts.Picture(doc_pr.get("name", "picture"), doc_pr.get("descr") or ""))
    return tuple(pictures)


def _stories(doc, reference: str, reltype: str) -> list:
    """Return the root of every section's default header (or footer), read without adding one."""
    roots = []
    for section in doc.element.body.iter(qn("w:sectPr")):
        for ref in section.findall(qn(reference)):
            rel = doc.part.rels.get(ref.get(qn("r:id")))
            if ref.get(qn("w:type")) == "default" and rel is not None and rel.reltype == reltype:
                roots.append(rel.target_part.element)
    return roots


def _grid(index: int, table) -> facts.Grid:
    """Return the facts of a w:tbl: its columns' widths and whether its first row repeats as a header."""
    columns = tuple(
        int(c.get(qn("w:w"), "0")) / TWIPS_PER_PT for c in table.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")
    )
    first = table.find(qn("w:tr"))
    headers = first.findall(f"{qn('w:trPr')}/{qn('w:tblHeader')}") if first is not None else []
    header = any(h.get(qn("w:val"), "true") not in ("false", "0") for h in headers)
    return facts.Grid(f"table {index}", 0.0, 0.0, header, columns, (), ())
