"""The PresentationML and DrawingML elements rolegen writes and reads, built and found with lxml alone.

Builders append to a parent (a slide's shape tree, a text body), so the new elements belong to
the parent's document and are read back as that document's parser makes them. Where the schema
fixes an order among children, the order is written down here once.
"""

from __future__ import annotations

import functools
import re

from lxml import etree
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.parts.slide import SlideLayoutPart, SlidePart

from rolegen.facts import EMU_PER_PT
from rolegen.render.library_internals import base_placeholder

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
TABLE_URI = "http://schemas.openxmlformats.org/drawingml/2006/table"
# The table style python-pptx and PowerPoint give a new table ("Medium Style 2 - Accent 1").
TABLE_STYLE = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"


@functools.lru_cache(maxsize=256)
def qn(tag: str) -> str:
    """Return a prefixed tag ("a:p") in Clark notation ("{namespace}p")."""
    prefix, local = tag.split(":")
    return f"{{{NS[prefix]}}}{local}"


SP, PIC, FRAME, GRP_SP, CXN_SP = qn("p:sp"), qn("p:pic"), qn("p:graphicFrame"), qn("p:grpSp"), qn("p:cxnSp")
SHAPE_TAGS = frozenset((SP, PIC, FRAME, GRP_SP, CXN_SP, qn("p:contentPart")))
# The shape tree's own properties, which come before its shapes.
TREE_HEAD = frozenset((qn("p:nvGrpSpPr"), qn("p:grpSpPr")))
# A shape's <p:ph>: the placeholder it fills on its layout.
PH_PATH = f"./*/{qn('p:nvPr')}/{qn('p:ph')}"
NV_PR, PH, SP_PR = qn("p:nvPr"), qn("p:ph"), qn("p:spPr")
TX_BODY, BODY_PR = qn("p:txBody"), qn("a:bodyPr")
_OFF, _EXT, _XFRM = qn("a:off"), qn("a:ext"), qn("a:xfrm")
P, R, BR, T, FLD = qn("a:p"), qn("a:r"), qn("a:br"), qn("a:t"), qn("a:fld")
PPR, RPR = qn("a:pPr"), qn("a:rPr")
TBL = qn("a:tbl")
TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE)
# Office's text insets when a file says nothing: 0.1 in left and right, 0.05 in top and bottom (EMU).
DEFAULT_INSETS = {"lIns": 91440, "rIns": 91440, "tIns": 45720, "bIns": 45720}

# Children of a:rPr in schema order (CT_TextCharacterProperties).
RPR_ORDER = tuple(
    qn(f"a:{t}")
    for t in (
        "ln noFill solidFill gradFill blipFill pattFill grpFill effectLst effectDag highlight uLnTx uLn "
        "uFillTx uFill latin ea cs sym hlinkClick hlinkMouseOver rtl extLst"
    ).split()
)
# Children of a:pPr in schema order (CT_TextParagraphProperties).
PPR_ORDER = tuple(
    qn(f"a:{t}")
    for t in (
        "lnSpc spcBef spcAft buClrTx buClr buSzTx buSzPct buSzPts buFontTx buFont buNone buAutoNum "
        "buChar buBlip tabLst defRPr extLst"
    ).split()
)


def child(parent, tag: str):
    """Return parent's first child of tag (Clark notation), or None.

    find() parses its argument as a path on every call; a build asks this of its shapes, runs and
    paragraphs tens of thousands of times, and iterchildren is about twice as fast.
    """
    for found in parent.iterchildren(tag):
        return found
    return None


def placeholder(element):
    """Return a shape's p:ph (its */p:nvPr/p:ph, as PH_PATH finds it), or None when it fills no placeholder."""
    for properties in element.iterchildren():
        nv_pr = child(properties, NV_PR)
        if nv_pr is not None:
            ph = child(nv_pr, PH)
            if ph is not None:
                return ph
    return None


def sub(parent, tag: str, attrs: dict | None = None, text: str | None = None):
    """Append a child element (tag prefixed, as "a:p") with attrs and text; return it."""
    child = etree.SubElement(parent, qn(tag), attrs or {})
    if text is not None:
        child.text = text
    return child


def insert_ordered(parent, child, order: tuple[str, ...]):
    """Put child among parent's children where the schema's order places it; return it."""
    rank = order.index(child.tag)
    for sibling in parent:
        if sibling.tag in order and order.index(sibling.tag) > rank:
            sibling.addprevious(child)
            return child
    parent.append(child)
    return child


def ensure(parent, tag: str, order: tuple[str, ...] | None = None, first: bool = False):
    """Return parent's child tag, adding it (in schema order, or first) when it is missing."""
    found = child(parent, qn(tag))
    if found is not None:
        return found
    made = parent.makeelement(qn(tag), {})
    if first:
        parent.insert(0, made)
    elif order:
        insert_ordered(parent, made, order)
    else:
        parent.append(made)
    return made


def p_pr(p):
    """Return a paragraph's a:pPr, adding it first when it has none."""
    return ensure(p, "a:pPr", first=True)


def r_pr(r):
    """Return a run's (or field's) a:rPr, adding it first when it has none."""
    return ensure(r, "a:rPr", first=True)


def offset_extent(parent, tag: str, box: tuple[int, int, int, int]):
    """Append an xfrm (tag "a:xfrm" or "p:xfrm") placing a shape at box (EMU x, y, cx, cy)."""
    xfrm = sub(parent, tag)
    x, y, cx, cy = box
    sub(xfrm, "a:off", {"x": str(x), "y": str(y)})
    sub(xfrm, "a:ext", {"cx": str(cx), "cy": str(cy)})
    return xfrm


def set_rect(shape, box: tuple[int, int, int, int]) -> None:
    """Place a p:sp at box (EMU x, y, cx, cy), adding its own a:xfrm when it inherits one."""
    sp_pr = shape.find(qn("p:spPr"))
    xfrm = sp_pr.find(qn("a:xfrm"))
    if xfrm is not None:
        sp_pr.remove(xfrm)
    sp_pr.insert(0, sp_pr.makeelement(qn("a:xfrm"), {}))
    xfrm = sp_pr[0]
    x, y, cx, cy = box
    sub(xfrm, "a:off", {"x": str(x), "y": str(y)})
    sub(xfrm, "a:ext", {"cx": str(cx), "cy": str(cy)})


def solid_fill(parent, color: str):
    """Append an a:solidFill of "RRGGBB" to parent."""
    fill = sub(parent, "a:solidFill")
    sub(fill, "a:srgbClr", {"val": color})
    return fill


def plain_text(text: str) -> str:
    """Return text with its control characters (but tab and line feed) escaped as Office writes them."""
    return _CONTROL.sub(lambda match: "_x%04X_" % ord(match.group(1)), text)


_CONTROL = re.compile(r"([\x00-\x08\x0B-\x1F])")


def run(p, text: str):
    """Append a run of text to a paragraph; return it (its a:rPr first, empty)."""
    r = sub(p, "a:r")
    sub(r, "a:rPr")
    sub(r, "a:t", text=plain_text(text))
    return r


def set_text(body, text: str) -> None:
    """Replace a text body's paragraphs with text: a paragraph per line, line breaks for vertical tabs."""
    for p in list(body.iterchildren(P)):
        body.remove(p)
    for line in text.split("\n"):
        p = sub(body, "a:p")
        for index, piece in enumerate(line.split("\v")):
            if index:
                sub(p, "a:br")
            if piece:
                r = sub(p, "a:r")
                sub(r, "a:t", text=plain_text(piece))


def body_pr(shape):
    """Return a shape's a:bodyPr (its text body's properties)."""
    return shape.find(TX_BODY).find(BODY_PR)


def no_autofit(body_properties) -> None:
    """Wrap a text body's lines at its width and never resize the box or the text to fit."""
    body_properties.set("wrap", "square")
    for tag in ("a:noAutofit", "a:normAutofit", "a:spAutoFit"):
        for old in body_properties.findall(qn(tag)):
            body_properties.remove(old)
    warp = body_properties.find(qn("a:prstTxWarp"))
    body_properties.insert(0 if warp is None else 1, body_properties.makeelement(qn("a:noAutofit"), {}))


def set_fill(shape, color: str) -> None:
    """Fill a shape's geometry with one colour, in place of any fill it had."""
    sp_pr = shape.find(qn("p:spPr"))
    for old in sp_pr:
        if old.tag in _FILLS:
            sp_pr.remove(old)
    fill = sp_pr.makeelement(qn("a:solidFill"), {})
    sub(fill, "a:srgbClr", {"val": color})
    geometry = [child for child in sp_pr if child.tag in _BEFORE_FILL]
    if geometry:
        geometry[-1].addnext(fill)
    else:
        sp_pr.insert(0, fill)


_FILLS = frozenset(qn(f"a:{t}") for t in ("noFill", "solidFill", "gradFill", "blipFill", "pattFill", "grpFill"))
_BEFORE_FILL = frozenset((qn("a:xfrm"), qn("a:custGeom"), qn("a:prstGeom")))


def notes_body(notes):
    """Return the text body of a notes slide's notes placeholder (p:notes element)."""
    for sp in notes.iter(SP):
        ph = placeholder(sp)
        if ph is not None and ph.get("type") == "body":
            return child(sp, TX_BODY)
    raise ValueError("the notes slide has no notes placeholder")


def paragraphs(body) -> list:
    """Return a text body's paragraphs."""
    return list(body.iterchildren(P))


def body_text(body) -> str:
    """Return a text body's text as python-pptx reads it: paragraphs on lines, breaks as vertical tabs."""
    if body is None:
        return ""
    return "\n".join("".join("\v" if run.tag == BR else run_text(run) for run in p) for p in body.iterchildren(P))


def run_text(run) -> str:
    """Return the text of a run or field (its a:t), "" when it has none."""
    t = child(run, T)
    return (t.text or "") if t is not None else ""


def has_text(body) -> bool:
    """Return whether body_text(body) is more than white space, without joining it: the same a:t, of each run and field."""
    if body is None:
        return False
    for p in body.iterchildren(P):
        for run in p.iterchildren():
            for t in run.iterchildren(T):
                if t.text and not t.text.isspace():
                    return True
    return False


def own_rect(element) -> tuple[float, float, float, float] | None:
    """Return a shape's own position and size in points, or None when it inherits them."""
    sp_pr = child(element, SP_PR)
    xfrm = child(sp_pr, _XFRM) if sp_pr is not None else None
    off, ext = (child(xfrm, _OFF), child(xfrm, _EXT)) if xfrm is not None else (None, None)
    if off is None or ext is None:
        return None
    return (
        int(off.get("x")) / EMU_PER_PT,
        int(off.get("y")) / EMU_PER_PT,
        int(ext.get("cx")) / EMU_PER_PT,
        int(ext.get("cy")) / EMU_PER_PT,
    )


def placeholder_type(element):
    """Return the type of the placeholder a shape element fills (PP_PLACEHOLDER), or None."""
    ph = placeholder(element)
    return _placeholder(ph.get("type", "obj")) if ph is not None else None


# The enum looks its members up one by one; a deck asks for each of its shapes' types several times.
_placeholder = functools.lru_cache(maxsize=64)(PP_PLACEHOLDER.from_xml)


def layout_key(layout: str, element) -> tuple | None:
    """Name, as text_insets' cache does, the layout placeholder a slide's shape element inherits from."""
    ph = placeholder(element)
    return ("layout", layout, ph.get("idx", "0")) if ph is not None else None


def element_insets(element, inherited: dict | None) -> dict[str, float]:
    """Return a slide shape's text insets in points: its own bodyPr's, else inherited's, else Office's.

    inherited is what its layout placeholder has (None when it fills none, or the layout has none).
    """
    found = child(element, TX_BODY)
    properties = child(found, BODY_PR) if found is not None else None
    own = {}
    if properties is not None:
        own = {key: int(properties.get(key)) / EMU_PER_PT for key in DEFAULT_INSETS if properties.get(key) is not None}
    if len(own) == len(DEFAULT_INSETS) or inherited is None or placeholder(element) is None:
        return {**text_insets(None), **own}
    return {**inherited, **own}


def text_insets(shape, cache: dict | None = None, base: tuple | None = None) -> dict[str, float]:
    """Return a shape's text insets in points (lIns, tIns, rIns, bIns), inherited from layout and master.

    cache, shared across the shapes of one presentation, keeps each placeholder's inherited insets,
    since finding the placeholder a shape inherits from is slow in python-pptx; base names that
    placeholder (as _base_key does) when the caller already knows it.
    """
    if shape is None:
        return {key: default / EMU_PER_PT for key, default in DEFAULT_INSETS.items()}
    body_pr = shape.element.find(f".//{qn('a:bodyPr')}")
    own = {
        key: int(body_pr.get(key)) / EMU_PER_PT
        for key in DEFAULT_INSETS
        if body_pr is not None and body_pr.get(key) is not None
    }
    if len(own) == len(DEFAULT_INSETS) or placeholder(shape.element) is None:
        return {**text_insets(None), **own}
    # A slide placeholder inherits from its layout's placeholder, which inherits from the master's.
    key = base or _base_key(shape)
    inherited = cache.get(key) if cache is not None and key is not None else None
    if inherited is None:
        inherited = text_insets(base_placeholder(shape), cache)
        if cache is not None and key is not None:
            cache[key] = inherited
    return {**inherited, **own}


def _base_key(shape) -> tuple | None:
    """Name the placeholder a shape inherits from without looking it up: a slide's by its layout and
    idx, a layout's by its master and type; a master's placeholders inherit from none."""
    ph, part = placeholder(shape.element), shape.part
    if isinstance(part, SlidePart):
        return ("layout", str(part.slide_layout.part.partname), ph.get("idx", "0"))
    if isinstance(part, SlideLayoutPart):
        return ("master", str(part.slide_master.part.partname), ph.get("type", "obj"))
    return None
