"""Read any .docx back into plain facts (properties, language, pictures, tables, headings)."""

from __future__ import annotations

from pathlib import Path

from docx import Document as open_document
from docx.oxml.ns import qn

from rolegen import facts
from rolegen.facts import EMU_PER_PT
from rolegen.errors import RolegenError

TWIPS_PER_PT = 20


def read(path: Path) -> facts.DocumentFacts:
    """Return the facts of a Word document, failing with one line when the file is not one."""
    try:
        doc = open_document(str(path))
    except Exception as e:  # python-docx raises many types for a file that is not a document
        raise RolegenError(f"not a Word file ({type(e).__name__})", path) from e
    return facts_of(doc)


def facts_of(doc) -> facts.DocumentFacts:
    """Return the facts of an open python-docx Document (one just drawn, say)."""
    section = doc.sections[0]
    text_width = (section.page_width - section.left_margin - section.right_margin) / EMU_PER_PT
    return facts.DocumentFacts(
        "handout",
        section.page_width / EMU_PER_PT,
        section.page_height / EMU_PER_PT,
        facts.core_properties(doc.core_properties),
        _languages(doc),
        grids=tuple(_grid(index, table) for index, table in enumerate(doc.tables, start=1)),
        pictures=_pictures(doc),
        text_width=text_width,
    )


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
    parts = [doc.element] + [s.header._element for s in doc.sections] + [s.footer._element for s in doc.sections]
    pictures = []
    for part in parts:
        for doc_pr in part.iter(qn("wp:docPr")):
            pictures.append(facts.Picture(doc_pr.get("name", "picture"), doc_pr.get("descr") or ""))
    return tuple(pictures)


def _grid(index: int, table) -> facts.Grid:
    grid_cols = table._tbl.tblGrid.findall(qn("w:gridCol"))
    columns = tuple(int(c.get(qn("w:w"), "0")) / TWIPS_PER_PT for c in grid_cols)
    first = table._tbl.tr_lst[0] if table._tbl.tr_lst else None
    header = (
        first is not None
        and first.trPr is not None
        and any(h.get(qn("w:val"), "true") not in ("false", "0") for h in first.trPr.findall(qn("w:tblHeader")))
    )
    return facts.Grid(f"table {index}", 0.0, 0.0, header, columns, (), ())
