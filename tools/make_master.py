"""Build rolegen's packaged 16:9 default master from python-pptx's 4:3 one.

Every placeholder is laid out again for 16:9 (not stretched), the decorative
shapes are drawn in theme colours so a brand's theme recolours them, and an
unused layout becomes "Quote". Run once; the result is committed:

    python tools/make_master.py src/rolegen/defaults/master.pptx
    python tools/make_master.py templates/brands/globex/deck.pptx --style globex

A style changes the decorations and can rename the layouts (globex's master
has its own layout names, which its _brand.yml maps in defaults.rolegen.layouts).
"""

import copy
import sys

from pptx import Presentation
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Inches

W, H, M = 13.333, 7.5, 0.75
TITLE = (M, 0.5, 10.0, 1.0)
BODY = (M, 1.85, W - 2 * M, 4.85)
FOOTER = (M, 6.92, 8.0, 0.36)
NUMBER = (W - M - 1.5, 6.92, 1.5, 0.36)
DATE = (W - M - 4.5, 6.92, 2.8, 0.36)
GAP = 0.45
HALF = (W - 2 * M - GAP) / 2

GEOMETRY = {
    "Title Slide": {"ctrTitle": (1.1, 2.0, 11.3, 2.0), "subTitle": (1.1, 4.55, 11.3, 1.4)},
    "Title and Content": {"title": TITLE, 1: BODY},
    "Section Header": {"title": (1.1, 2.75, 11.3, 1.7), 1: (1.1, 4.55, 11.3, 1.5)},
    "Two Content": {"title": TITLE, 1: (M, BODY[1], HALF, BODY[3]), 2: (M + HALF + GAP, BODY[1], HALF, BODY[3])},
    "Comparison": {
        "title": TITLE,
        1: (M, 1.85, HALF, 0.6),
        2: (M, 2.55, HALF, 4.15),
        3: (M + HALF + GAP, 1.85, HALF, 0.6),
        4: (M + HALF + GAP, 2.55, HALF, 4.15),
    },
    "Title Only": {"title": TITLE},
    "Content with Caption": {"title": (M, 0.6, 4.2, 1.4), 1: (5.4, 0.6, W - 5.4 - M, 6.1), 2: (M, 2.1, 4.2, 4.6)},
    "Quote": {"title": (1.1, 0.75, 11.3, 0.7), 2: (2.1, 1.8, 10.3, 4.3)},
    "Title and Vertical Text": {"title": TITLE, 1: BODY},
    "Vertical Title and Text": {"title": (W - M - 2.6, 0.5, 2.6, 6.2), 1: (M, 0.5, W - 2 * M - 2.9, 6.2)},
}

# (layout, shape, geometry, theme colour): drawn behind the placeholders.
DECOR = {
    "Title Slide": [
        (MSO_SHAPE.RECTANGLE, (0, 0, 0.32, H), MSO_THEME_COLOR.ACCENT_1),
        (MSO_SHAPE.RECTANGLE, (1.1, 4.25, 1.4, 0.09), MSO_THEME_COLOR.ACCENT_2),
    ],
    "Section Header": [
        (MSO_SHAPE.RECTANGLE, (0, 0, W, H), MSO_THEME_COLOR.ACCENT_1),
        (MSO_SHAPE.RECTANGLE, (1.1, 2.45, 1.4, 0.09), MSO_THEME_COLOR.ACCENT_2),
    ],
    "Quote": [(MSO_SHAPE.RECTANGLE, (0, 0, W, H), MSO_THEME_COLOR.ACCENT_1)],
}
for _name in ("Title and Content", "Two Content", "Comparison", "Title Only"):
    DECOR[_name] = [
        (MSO_SHAPE.RECTANGLE, (M, 1.5, 0.9, 0.07), MSO_THEME_COLOR.ACCENT_2),
        (MSO_SHAPE.RECTANGLE, (0, H - 0.12, W, 0.12), MSO_THEME_COLOR.ACCENT_1),
    ]


# Globex: a dark master whose sections are filled with accent2, with a thin rule under titles.
GLOBEX_DECOR = {
    "Title Slide": [
        (MSO_SHAPE.RECTANGLE, (0, H - 0.28, W, 0.28), MSO_THEME_COLOR.ACCENT_1),
        (MSO_SHAPE.RECTANGLE, (1.1, 4.25, 3.2, 0.04), MSO_THEME_COLOR.ACCENT_2),
    ],
    "Section Header": [
        (MSO_SHAPE.RECTANGLE, (0, 0, W, H), MSO_THEME_COLOR.ACCENT_2),
        (MSO_SHAPE.RECTANGLE, (1.1, 2.45, 3.2, 0.05), MSO_THEME_COLOR.BACKGROUND_1),
    ],
    # The bar stands left of where rolegen draws its large opening quote mark.
    "Quote": [(MSO_SHAPE.RECTANGLE, (0.85, 1.8, 0.08, 4.3), MSO_THEME_COLOR.ACCENT_1)],
}
for _name in ("Title and Content", "Two Content", "Comparison", "Title Only"):
    GLOBEX_DECOR[_name] = [(MSO_SHAPE.RECTANGLE, (M, 1.6, W - 2 * M, 0.025), MSO_THEME_COLOR.ACCENT_1)]
GLOBEX_NAMES = {
    "Title Slide": "Globex Title",
    "Section Header": "Globex Section",
    "Title and Content": "Globex Content",
    "Two Content": "Globex Two Columns",
    "Title Only": "Globex Title Only",
    "Quote": "Globex Quote",
}
STYLES = {"default": (DECOR, {}), "globex": (GLOBEX_DECOR, GLOBEX_NAMES)}


def box(shape, geometry):
    x, y, w, h = geometry
    shape.left, shape.top, shape.width, shape.height = Inches(x), Inches(y), Inches(w), Inches(h)


def key(placeholder):
    ph = placeholder.element.ph
    kind = ph.get("type")
    if kind in ("title", "ctrTitle", "subTitle", "dt", "ftr", "sldNum"):
        return kind
    return placeholder.placeholder_format.idx


def main(path, style="default"):
    decor, names = STYLES[style]
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(W), Inches(H)
    master = prs.slide_master
    for ph in master.placeholders:
        geometry = {"title": TITLE, "body": BODY, "dt": DATE, "ftr": FOOTER, "sldNum": NUMBER}
        box(ph, geometry.get(ph.element.ph.get("type") or "body", BODY))
    _master_styles(master)

    quote = next(layout for layout in prs.slide_layouts if layout.name == "Picture with Caption")
    quote.name = "Quote"
    for ph in list(quote.placeholders):
        if ph.placeholder_format.idx == 1:
            ph.element.getparent().remove(ph.element)

    scratch = prs.slides.add_slide(prs.slide_layouts[6])
    for layout in prs.slide_layouts:
        shapes = GEOMETRY.get(layout.name, {})
        for ph in layout.placeholders:
            k = key(ph)
            if k in ("dt", "ftr", "sldNum"):
                box(ph, {"dt": DATE, "ftr": FOOTER, "sldNum": NUMBER}[k])
            elif k in shapes:
                box(ph, shapes[k])
        _decorate(layout, scratch, decor)
    _layout_styles(prs)
    for layout in prs.slide_layouts:
        layout.name = names.get(layout.name, layout.name)
    # The scratch slide only lent its shape tree; a master ships with no slides.
    rid = prs.slides._sldIdLst[0].rId
    prs.part.drop_rel(rid)
    del prs.slides._sldIdLst[0]
    prs.save(path)


def _decorate(layout, scratch, decor):
    tree = layout.shapes._spTree
    anchor = tree[2]  # after nvGrpSpPr and grpSpPr, so decorations sit behind placeholders
    for shape_type, geometry, colour in reversed(decor.get(layout.name, [])):
        shape = scratch.shapes.add_shape(shape_type, *(Inches(v) for v in geometry))
        shape.fill.solid()
        shape.fill.fore_color.theme_color = colour
        shape.line.fill.background()
        shape.shadow.inherit = False
        element = copy.deepcopy(shape.element)
        shape.element.getparent().remove(shape.element)
        anchor.addprevious(element)


def _master_styles(master):
    styles = master.element.find(qn("p:txStyles"))
    title = styles.find(qn("p:titleStyle")).find(qn("a:lvl1pPr"))
    title.set("algn", "l")
    title.find(qn("a:defRPr")).set("sz", "3200")
    title.find(qn("a:defRPr")).set("b", "1")
    body = styles.find(qn("p:bodyStyle"))
    for level, size in zip(body, (2200, 2000, 1800, 1600, 1600, 1600, 1600, 1600, 1600)):
        level.find(qn("a:defRPr")).set("sz", str(size))
        spacing = level.find(qn("a:spcBef"))
        if spacing is not None:
            spacing[0].tag = qn("a:spcPts")
            spacing[0].set("val", "900")


def _layout_styles(prs):
    for layout in prs.slide_layouts:
        for ph in layout.placeholders:
            k = key(ph)
            frame = ph.text_frame
            if layout.name == "Title Slide" and k == "ctrTitle":
                frame.vertical_anchor = MSO_ANCHOR.BOTTOM
                _level(frame, size=44, align=PP_ALIGN.LEFT, colour=MSO_THEME_COLOR.ACCENT_1)
            elif layout.name == "Title Slide" and k == "subTitle":
                frame.vertical_anchor = MSO_ANCHOR.TOP
                _level(frame, size=22, align=PP_ALIGN.LEFT, colour=MSO_THEME_COLOR.TEXT_1)
            elif layout.name in ("Section Header", "Quote"):
                frame.vertical_anchor = (
                    MSO_ANCHOR.TOP if k == "title" and layout.name == "Section Header" else frame.vertical_anchor
                )
                _level(frame, size=40 if k == "title" else 22, align=PP_ALIGN.LEFT, colour=MSO_THEME_COLOR.BACKGROUND_1)
            elif k == "title":
                frame.vertical_anchor = MSO_ANCHOR.BOTTOM
                _level(frame, colour=MSO_THEME_COLOR.ACCENT_1)


def _level(frame, size=None, align=None, colour=None):
    for element in frame._txBody.iter(qn("a:defRPr")):
        element.attrib.pop("cap", None)
    lst = frame._txBody.find(qn("a:lstStyle"))
    lvl = lst.find(qn("a:lvl1pPr"))
    if lvl is None:
        lvl = lst.makeelement(qn("a:lvl1pPr"), {})
        lst.append(lvl)
    if align is not None:
        lvl.set("algn", {PP_ALIGN.LEFT: "l", PP_ALIGN.CENTER: "ctr"}[align])
        if frame._txBody.find(qn("a:lstStyle")) is not None:
            lvl.append(lvl.makeelement(qn("a:buNone"), {}))
    rpr = lvl.makeelement(qn("a:defRPr"), {})
    if size:
        rpr.set("sz", str(size * 100))
    if colour is not None:
        fill = rpr.makeelement(qn("a:solidFill"), {})
        fill.append(
            fill.makeelement(
                qn("a:schemeClr"),
                {
                    "val": {
                        MSO_THEME_COLOR.ACCENT_1: "accent1",
                        MSO_THEME_COLOR.TEXT_1: "tx1",
                        MSO_THEME_COLOR.BACKGROUND_1: "bg1",
                    }[colour]
                },
            )
        )
        rpr.append(fill)
    lvl.append(rpr)


if __name__ == "__main__":
    if len(sys.argv) not in (2, 4) or (len(sys.argv) == 4 and sys.argv[2] != "--style"):
        sys.exit("usage: make_master.py OUT.pptx [--style default|globex]")
    main(sys.argv[1], sys.argv[3] if len(sys.argv) == 4 else "default")
