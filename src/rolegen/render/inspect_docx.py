"""Read any .docx back into plain facts (properties, language, pictures, tables, headings)."""

from __future__ import annotations

from pathlib import Path

from docx import Document as open_document
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from rolegen.render.docx_xml import qn

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
        grids=tuple(_grid(index, table) for index, table in enumerate(doc.element.body.findall(qn("w:tbl")), start=1)),
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
