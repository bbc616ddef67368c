"""The shapes rolegen puts on a slide, built as PresentationML elements: text boxes, auto shapes, connectors, pictures and tables."""

from __future__ import annotations

import copy
import functools

from pptx.oxml import parse_xml

from rolegen.render.pptx_xml import (
    NS,
    TABLE_STYLE,
    TABLE_URI,
    offset_extent,
    qn,
    solid_fill,
    sub,
)


def shape_tree_ids(tree) -> int:
    """Return the largest shape id in a shape tree (new shapes count on from it)."""
    ids = (element.get("id", "") for element in tree.iter(qn("p:cNvPr")))
    return max((int(v) for v in ids if v.isdigit()), default=0)


# Text boxes, pictures and auto shapes are copied from one built the first time, then named, placed
# and coloured: a copy costs an eighth of building the same elements one by one, and a deck has a
# hundred of them. A prototype is built by the same function, in a shape tree of its own whose
# document python-pptx's parser made, so a copy's elements are python-pptx's classes, as a
# shape tree's own children are; appended to a slide, a copy declares no namespace of its own.


@functools.cache
def _prototype(build, *variant):
    tree = parse_xml(f'<p:spTree xmlns:a="{NS["a"]}" xmlns:p="{NS["p"]}" xmlns:r="{NS["r"]}"/>')
    return build(tree, *variant)


def _stamp(tree, prototype, shape_id: int, name: str, box, sp_pr: int = 1):
    """Append a copy of a prototype shape to tree, with its id and name (on its cNvPr, the first
    child's first child) and its box (on the xfrm of its spPr, child number sp_pr); return it."""
    shape = copy.deepcopy(prototype)
    tree.append(shape)
    shape[0][0].set("id", str(shape_id))
    shape[0][0].set("name", name)
    x, y, cx, cy = box
    offset, extent = shape[sp_pr][0]
    offset.set("x", str(x))
    offset.set("y", str(y))
    extent.set("cx", str(cx))
    extent.set("cy", str(cy))
    return shape


_ANY = (0, 0, 0, 0)  # the box a prototype is built at: every copy is placed


def text_box(tree, shape_id: int, name: str, box, fill: str | None = None):
    """Append a text box (PowerPoint's 'TextBox N': no fill unless fill, no autofit) to tree; return it."""
    sp = _stamp(tree, _prototype(_text_box, fill is not None), shape_id, name, box)
    if fill:
        sp[1][2][0].set("val", fill)  # spPr/solidFill/srgbClr
    return sp


def _text_box(tree, filled: bool):
    sp = sub(tree, "p:sp")
    nv = sub(sp, "p:nvSpPr")
    sub(nv, "p:cNvPr", {"id": "0", "name": ""})
    sub(nv, "p:cNvSpPr", {"txBox": "1"})
    sub(nv, "p:nvPr")
    sp_pr = sub(sp, "p:spPr")
    offset_extent(sp_pr, "a:xfrm", _ANY)
    sub(sub(sp_pr, "a:prstGeom", {"prst": "rect"}), "a:avLst")
    if filled:
        solid_fill(sp_pr, "000000")
    else:
        sub(sp_pr, "a:noFill")
    body = sub(sp, "p:txBody")
    sub(sub(body, "a:bodyPr", {"wrap": "square"}), "a:noAutofit")
    sub(body, "a:lstStyle")
    sub(body, "a:p")
    return sp


def auto_shape(tree, shape_id: int, name: str, geometry: str, box, fill: str, line: tuple[str, int] | None = None):
    """Append a preset shape (geometry "rect", "roundRect") filled with fill, no shadow.

    line is the outline's colour and width in EMU (None: no outline).
    """
    sp = _stamp(tree, _prototype(_auto_shape, line is not None), shape_id, name, box)
    sp_pr = sp[1]
    sp_pr[1].set("prst", geometry)  # a:prstGeom
    sp_pr[2][0].set("val", fill)  # a:solidFill/a:srgbClr
    if line is not None:
        colour, width = line
        sp_pr[3].set("w", str(width))  # a:ln
        sp_pr[3][0][0].set("val", colour)  # a:ln/a:solidFill/a:srgbClr
    return sp


def _auto_shape(tree, outlined: bool):
    sp = sub(tree, "p:sp")
    nv = sub(sp, "p:nvSpPr")
    sub(nv, "p:cNvPr", {"id": "0", "name": ""})
    sub(nv, "p:cNvSpPr")
    sub(nv, "p:nvPr")
    sp_pr = sub(sp, "p:spPr")
    offset_extent(sp_pr, "a:xfrm", _ANY)
    sub(sub(sp_pr, "a:prstGeom", {"prst": "rect"}), "a:avLst")
    solid_fill(sp_pr, "000000")
    _outline(sp_pr, ("000000", 0) if outlined else None)
    sub(sp_pr, "a:effectLst")  # an empty effect list: no theme shadow
    style = sub(sp, "p:style")
    for tag, idx in (("a:lnRef", "1"), ("a:fillRef", "3"), ("a:effectRef", "2")):
        sub(sub(style, tag, {"idx": idx}), "a:schemeClr", {"val": "accent1"})
    sub(sub(style, "a:fontRef", {"idx": "minor"}), "a:schemeClr", {"val": "lt1"})
    body = sub(sp, "p:txBody")
    sub(body, "a:bodyPr", {"rtlCol": "0", "anchor": "ctr"})
    sub(body, "a:lstStyle")
    sub(sub(body, "a:p"), "a:pPr", {"algn": "ctr"})
    return sp


def connector(tree, shape_id: int, name: str, begin: tuple, end: tuple, line: tuple[str, int]):
    """Append a straight connector glued at both ends; return it.

    begin and end are (shape id, connection site, x, y): the shape each end is glued to, which of
    its sites (0 top, 2 bottom of a rectangle), and where that site lies (EMU); line is the
    colour and width (EMU). PowerPoint moves glued ends when their shapes move.
    """
    (start_id, start_site, x0, y0), (end_id, end_site, x1, y1) = begin, end
    cxn = sub(tree, "p:cxnSp")
    nv = sub(cxn, "p:nvCxnSpPr")
    sub(nv, "p:cNvPr", {"id": str(shape_id), "name": name})
    glue = sub(nv, "p:cNvCxnSpPr")
    sub(glue, "a:stCxn", {"id": str(start_id), "idx": str(start_site)})
    sub(glue, "a:endCxn", {"id": str(end_id), "idx": str(end_site)})
    sub(nv, "p:nvPr")
    sp_pr = sub(cxn, "p:spPr")
    # The box runs from the top-left point; flips say which corner the line begins at.
    xfrm = offset_extent(sp_pr, "a:xfrm", (min(x0, x1), min(y0, y1), abs(x1 - x0), abs(y1 - y0)))
    if x0 > x1:
        xfrm.set("flipH", "1")
    if y0 > y1:
        xfrm.set("flipV", "1")
    sub(sub(sp_pr, "a:prstGeom", {"prst": "line"}), "a:avLst")
    _outline(sp_pr, line)
    style = sub(cxn, "p:style")
    for tag, idx in (("a:lnRef", "2"), ("a:fillRef", "0"), ("a:effectRef", "1")):
        sub(sub(style, tag, {"idx": idx}), "a:schemeClr", {"val": "accent1"})
    sub(sub(style, "a:fontRef", {"idx": "minor"}), "a:schemeClr", {"val": "tx1"})
    return cxn


def _outline(sp_pr, line: tuple[str, int] | None) -> None:
    """Append a shape's a:ln: a solid line of (colour, width in EMU), or none."""
    if line is None:
        sub(sub(sp_pr, "a:ln"), "a:noFill")
        return
    colour, width = line
    solid_fill(sub(sp_pr, "a:ln", {"w": str(width)}), colour)


def picture(tree, shape_id: int, name: str, descr: str, rid: str, box):
    """Append a picture showing the image related as rid, stretched to box; return it."""
    pic = _stamp(tree, _prototype(_picture), shape_id, name, box, sp_pr=2)
    pic[0][0].set("descr", descr)  # nvPicPr/cNvPr
    pic[1][0].set(_EMBED, rid)  # blipFill/blip
    return pic


_EMBED = qn("r:embed")


def _picture(tree):
    pic = sub(tree, "p:pic")
    nv = sub(pic, "p:nvPicPr")
    sub(nv, "p:cNvPr", {"id": "0", "name": "", "descr": ""})
    sub(sub(nv, "p:cNvPicPr"), "a:picLocks", {"noChangeAspect": "1"})
    sub(nv, "p:nvPr")
    blip_fill = sub(pic, "p:blipFill")
    sub(blip_fill, "a:blip", {_EMBED: ""})
    sub(sub(blip_fill, "a:stretch"), "a:fillRect")
    sp_pr = sub(pic, "p:spPr")
    offset_extent(sp_pr, "a:xfrm", _ANY)
    sub(sub(sp_pr, "a:prstGeom", {"prst": "rect"}), "a:avLst")
    return pic


def table(tree, shape_id: int, name: str, box, widths: list[int], heights: list[int], first_row: bool = True):
    """Append a table frame of len(heights) rows and columns of widths (EMU); return its a:tr rows.

    Each cell holds an empty text body and an a:tcPr for its margins and fill.
    """
    frame = sub(tree, "p:graphicFrame")
    nv = sub(frame, "p:nvGraphicFramePr")
    sub(nv, "p:cNvPr", {"id": str(shape_id), "name": name})
    sub(sub(nv, "p:cNvGraphicFramePr"), "a:graphicFrameLocks", {"noGrp": "1"})
    sub(nv, "p:nvPr")
    offset_extent(frame, "p:xfrm", box)
    data = sub(sub(frame, "a:graphic"), "a:graphicData", {"uri": TABLE_URI})
    tbl = sub(data, "a:tbl")
    # firstRow marks the header row for screen readers and PowerPoint's accessibility checker.
    sub(sub(tbl, "a:tblPr", {"firstRow": "1"} if first_row else {}), "a:tableStyleId", text=TABLE_STYLE)
    grid = sub(tbl, "a:tblGrid")
    for width in widths:
        sub(grid, "a:gridCol", {"w": str(width)})
    rows = []
    for height in heights:
        row = sub(tbl, "a:tr", {"h": str(height)})
        for _ in widths:
            cell = sub(row, "a:tc")
            body = sub(cell, "a:txBody")
            sub(body, "a:bodyPr", {"wrap": "square"})
            sub(body, "a:lstStyle")
            sub(body, "a:p")
            sub(cell, "a:tcPr")
        rows.append(row)
    return rows
