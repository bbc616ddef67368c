"""The WordprocessingML rolegen writes and `check` reads: namespaces, child order, small element builders."""

from __future__ import annotations

import functools

from docx.oxml.parser import oxml_parser
from lxml import etree

from rolegen.facts import EMU_PER_PT

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "wpg": "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "sl": "http://schemas.openxmlformats.org/schemaLibrary/2006/main",
    "xml": "http://www.w3.org/XML/1998/namespace",
}
EMU_PER_TWIP = 635

# ECMA-376 Part 1, 17.3.1.26 (CT_PPr): a paragraph's or a paragraph style's properties, in schema order.
PPR_ORDER = (
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
# 17.3.2.28 (CT_RPr): a run's or a style's character properties, in schema order.
RPR_ORDER = (
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)
# 17.4.60 (CT_TblPr): a table's properties, in schema order.
TBLPR_ORDER = (
    "w:tblStyle",
    "w:tblpPr",
    "w:tblOverlap",
    "w:bidiVisual",
    "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize",
    "w:tblW",
    "w:jc",
    "w:tblCellSpacing",
    "w:tblInd",
    "w:tblBorders",
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
)
# 17.15.1.78 (CT_Settings) from w:footnotePr on: the settings rolegen adds go before these; the
# settings before w:footnotePr are not named, and an element this order does not name counts as earlier.
SETTINGS_ORDER = (
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)


# 17.7.4.17 (CT_Style): a style's children, in schema order.
STYLE_ORDER = (
    "w:name",
    "w:aliases",
    "w:basedOn",
    "w:next",
    "w:link",
    "w:autoRedefine",
    "w:hidden",
    "w:uiPriority",
    "w:semiHidden",
    "w:unhideWhenUsed",
    "w:qFormat",
    "w:locked",
    "w:personal",
    "w:personalCompose",
    "w:personalReply",
    "w:rsid",
    "w:pPr",
    "w:rPr",
    "w:tblPr",
    "w:trPr",
    "w:tcPr",
    "w:tblStylePr",
)


@functools.lru_cache(maxsize=None)
def qn(tag: str) -> str:
    """Return a prefixed name ('w:p') in Clark notation ('{namespace}p'); a name without prefix as it is."""
    prefix, _, local = tag.rpartition(":")
    return f"{{{NS[prefix]}}}{local}" if prefix else local


@functools.lru_cache(maxsize=None)
def _ranks(order: tuple[str, ...]) -> dict[str, int]:
    return {qn(tag): index for index, tag in enumerate(order)}


def insert_in_order(parent, child, order: tuple[str, ...]):
    """Insert child into parent before the first child the schema order puts after it; return child.

    Children the order does not name count as earlier ones, as in a partial order such as SETTINGS_ORDER.
    """
    ranks = _ranks(order)
    mine = ranks[child.tag]
    for existing in parent:
        if ranks.get(existing.tag, -1) > mine:
            existing.addprevious(child)
            return child
    parent.append(child)
    return child


def get_or_add(parent, tag: str, order: tuple[str, ...]):
    """Return parent's child tag, inserted in schema order when parent has none."""
    found = parent.find(qn(tag))
    return found if found is not None else insert_in_order(parent, element(tag), order)


def replace(parent, child, order: tuple[str, ...]):
    """Put child in parent in schema order, in place of any children with its tag; return child."""
    for old in parent.findall(child.tag):
        parent.remove(old)
    return insert_in_order(parent, child, order)


def element(tag: str, attrs: dict[str, str] | None = None):
    """Return a new element tag with attrs (prefixed names), of python-docx's element class for the tag.

    python-docx's parser makes it, so the body python-docx reads back (`check`, save) sees its own classes.
    """
    prefix = tag.partition(":")[0]
    node = oxml_parser.makeelement(qn(tag), nsmap={prefix: NS[prefix]})
    for name, value in (attrs or {}).items():
        node.set(qn(name), value)
    return node


def sub(parent, tag: str, attrs: dict[str, str] | None = None):
    """Append a new element tag with attrs to parent and return it."""
    node = etree.SubElement(parent, qn(tag))
    for name, value in (attrs or {}).items():
        node.set(qn(name), value)
    return node


def flag(tag: str, on: bool = True):
    """Return a switch property such as w:keepNext, with w:val="0" when it is switched off."""
    return element(tag) if on else element(tag, {"w:val": "0"})


def val(tag: str, value: str):
    """Return a property element that holds one w:val."""
    return element(tag, {"w:val": value})


def ppr(node):
    """Return a w:p's or a w:style's w:pPr, made in schema order when it has none."""
    if node.tag == qn("w:p"):
        if len(node) and node[0].tag == qn("w:pPr"):
            return node[0]
        properties = element("w:pPr")
        node.insert(0, properties)
        return properties
    found = node.find(qn("w:pPr"))
    return found if found is not None else insert_in_order(node, element("w:pPr"), STYLE_ORDER)


def rpr(run):
    """Return a w:r's (or a style's) w:rPr, made in schema order when it has none."""
    found = run.find(qn("w:rPr"))
    if found is not None:
        return found
    properties = element("w:rPr")
    if run.tag == qn("w:r"):
        run.insert(0, properties)
    else:
        insert_in_order(run, properties, STYLE_ORDER)
    return properties


def set_ppr(node, child):
    """Set one of a paragraph's (or a style's) properties, replacing the one it had; return child."""
    return replace(ppr(node), child, PPR_ORDER)


def set_rpr(run, child):
    """Set one of a run's (or a style's) character properties, replacing the one it had; return child."""
    return replace(rpr(run), child, RPR_ORDER)


def border(side: str, color: str, size: int, space: int):
    """Return a single-line border for a side (top, left, insideH, ...) of a paragraph, table or cell."""
    return element(f"w:{side}", {"w:val": "single", "w:sz": str(size), "w:space": str(space), "w:color": color})


def shading(fill: str):
    """Return a solid background fill (w:shd) in the colour "RRGGBB"."""
    return element("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": fill})


def add_run(
    parent,
    text: str = "",
    *,
    style: str | None = None,
    font: str | None = None,
    bold: bool = False,
    italic: bool = False,
    strike: bool = False,
    color: str | None = None,
    size: float | None = None,
    underline: bool = False,
    fill: str | None = None,
    script: str = "",
):
    """Append a w:r of text to a paragraph or hyperlink, with the character properties given; return it.

    style is a character style's id, font a family, color and fill "RRGGBB", size in points, script
    "super" or "sub". The properties are written in RPR_ORDER, and a run with none has no w:rPr.
    """
    run = sub(parent, "w:r")
    if style or font or bold or italic or strike or color or size or underline or fill or script:
        properties = sub(run, "w:rPr")
        if style:
            sub(properties, "w:rStyle", {"w:val": style})
        if font:
            sub(properties, "w:rFonts", {"w:ascii": font, "w:hAnsi": font})
        if bold:
            sub(properties, "w:b")
        if italic:
            sub(properties, "w:i")
        if strike:
            sub(properties, "w:strike")
        if color:
            sub(properties, "w:color", {"w:val": color})
        if size:
            sub(properties, "w:sz", {"w:val": str(half_points(size))})
        if underline:
            sub(properties, "w:u", {"w:val": "single"})
        if fill:
            properties.append(shading(fill))
        if script:
            sub(properties, "w:vertAlign", {"w:val": "superscript" if script == "super" else "subscript"})
    if text:
        add_text(run, text)
    return run


def add_text(run, text: str) -> None:
    """Append text to a w:r as Word holds it: w:t pieces, a w:tab per tab and a w:br per line break."""
    piece: list[str] = []
    for char in text:
        if char in "\t\r\n":
            _flush(run, piece)
            sub(run, "w:tab" if char == "\t" else "w:br")
        else:
            piece.append(char)
    _flush(run, piece)


def _flush(run, piece: list[str]) -> None:
    if not piece:
        return
    joined = "".join(piece)
    piece.clear()
    t = sub(run, "w:t")
    t.text = joined
    if joined.strip() != joined:  # Word drops a w:t's outer spaces unless told to keep them
        t.set(qn("xml:space"), "preserve")


def text_of(node) -> str:
    """Return the text a paragraph or run shows: its w:t pieces, tabs and breaks, hyperlinks included."""
    out = []
    for child in node.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
        if child.getparent().tag == qn("w:tabs"):
            continue  # a tab stop of the paragraph's properties, not a tab in its text
        if child.tag == qn("w:t"):
            out.append(child.text or "")
        else:
            out.append("\t" if child.tag == qn("w:tab") else "\n")
    return "".join(out)


def twips(emu: int) -> int:
    """Return a length in EMU as whole twips (twentieths of a point), rounded as python-docx does."""
    return int(round(emu / EMU_PER_TWIP))


def half_points(points: float) -> int:
    """Return a font size in points as Word's half-points, as python-docx writes a Pt() size."""
    return int(int(points * EMU_PER_PT) / EMU_PER_PT * 2)
