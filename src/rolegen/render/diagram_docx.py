"""Draw a reporting-lines chart in Word as one inline group of text boxes and lines (DrawingML, editable)."""

from __future__ import annotations

from html import escape

from docx.oxml import parse_xml

from rolegen.typeset import diagram
from rolegen.facts import EMU_PER_PT
from rolegen.render.docx_xml import NS
from rolegen.tree import Table

NODE_H = 54.0
_NS = " ".join(f'xmlns:{prefix}="{NS[prefix]}"' for prefix in ("w", "wp", "a", "wpg", "wps"))


_WHITESPACE = str.maketrans({"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _attr(text: str) -> str:
    """Return text as a quoted XML attribute value, its line breaks kept (as xml.sax.saxutils.quoteattr,
    which would import urllib and http.client into every handout)."""
    return f'"{escape(text).translate(_WHITESPACE)}"'


def chart_run(
    table: Table, width: float, fonts, colours: dict[str, str], family: str, lang: str, alt: str, shape_id: int
):
    """Return a w:r holding table's chart as an inline group width points wide.

    colours holds 'role', 'on_role', 'leader', 'on_leader' and 'line' as "RRGGBB"; alt describes the chart.
    """
    graph = diagram.chart_of(table)
    depth = len(diagram.levels(graph))
    height = depth * NODE_H + (depth - 1) * diagram.LEVEL_GAP
    boxes = diagram.place(graph, width, height)
    size = diagram.text_size(graph, boxes, fonts, 10.5, 7.0) or 7.0
    shapes = [_box(graph.nodes[b.index], b, size, colours, family, lang, shape_id + 1 + n) for n, b in enumerate(boxes)]
    where = {b.index: b for b in boxes}
    for n, (leader, report) in enumerate(graph.edges):
        top, bottom = where[leader], where[report]
        shapes.append(
            _line(
                top.x + top.w / 2,
                top.y + top.h,
                bottom.x + bottom.w / 2,
                bottom.y,
                colours["line"],
                shape_id + 1 + len(boxes) + n,
            )
        )
    cx, cy = _emu(width), _emu(height)
    xml = (
        f'<w:r {_NS}><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name="Reporting lines" descr={_attr(alt)}/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup">'
        f'<wpg:wgp><wpg:cNvGrpSpPr/><wpg:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/>'
        f'<a:chOff x="0" y="0"/><a:chExt cx="{cx}" cy="{cy}"/></a:xfrm></wpg:grpSpPr>'
        f"{''.join(shapes)}</wpg:wgp></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )
    return parse_xml(xml)


def _box(node: diagram.Node, box: diagram.Placed, size: float, colours, family: str, lang: str, shape_id: int) -> str:
    fill, ink = (colours["role"], colours["on_role"]) if node.role else (colours["leader"], colours["on_leader"])
    pad = _emu(diagram.PAD)
    paragraphs = "".join(
        '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/>'
        "</w:pPr>"
        + "".join(
            f"<w:r><w:rPr><w:rFonts w:ascii={_attr(family)} w:hAnsi={_attr(family)} "
            f"w:eastAsia={_attr(family)} w:cs={_attr(family)}/>{'<w:b/><w:bCs/>' if span.bold else ''}"
            f'<w:color w:val="{ink}"/><w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>'
            f'<w:lang w:val={_attr(lang)}/></w:rPr><w:t xml:space="preserve">{escape(span.text)}</w:t></w:r>'
            for span in para.spans
        )
        + "</w:p>"
        for para in node.paras()
    )
    return (
        f'<wps:wsp><wps:cNvPr id="{shape_id}" name={_attr(node.label[:60])}/><wps:cNvSpPr/>'
        f'<wps:spPr><a:xfrm><a:off x="{_emu(box.x)}" y="{_emu(box.y)}"/><a:ext cx="{_emu(box.w)}" '
        f'cy="{_emu(box.h)}"/></a:xfrm><a:prstGeom prst="roundRect"><a:avLst/></a:prstGeom>'
        f'<a:solidFill><a:srgbClr val="{fill}"/></a:solidFill>'
        f'<a:ln w="15875"><a:solidFill><a:srgbClr val="{colours["line"]}"/></a:solidFill></a:ln></wps:spPr>'
        f"<wps:txbx><w:txbxContent>{paragraphs}</w:txbxContent></wps:txbx>"
        f'<wps:bodyPr lIns="{pad}" tIns="{pad}" rIns="{pad}" bIns="{pad}" anchor="ctr" wrap="square">'
        "<a:noAutofit/></wps:bodyPr></wps:wsp>"
    )


def _line(x1: float, y1: float, x2: float, y2: float, colour: str, shape_id: int) -> str:
    flip = ' flipH="1"' if x2 < x1 else ""
    return (
        f'<wps:wsp><wps:cNvPr id="{shape_id}" name="Reports to"/><wps:cNvCnPr/>'
        f'<wps:spPr><a:xfrm{flip}><a:off x="{_emu(min(x1, x2))}" y="{_emu(y1)}"/>'
        f'<a:ext cx="{_emu(abs(x2 - x1))}" cy="{_emu(y2 - y1)}"/></a:xfrm><a:prstGeom prst="line"><a:avLst/>'
        f'</a:prstGeom><a:ln w="25400"><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill></a:ln></wps:spPr>'
        "<wps:bodyPr/></wps:wsp>"
    )


def _emu(points: float) -> int:
    return round(points * EMU_PER_PT)
