"""Draw a reporting-lines chart on a slide as native shapes glued by connectors, so it stays editable."""

from __future__ import annotations

from rolegen.typeset import diagram
from rolegen.facts import EMU_PER_PT
from rolegen.typeset.paginate import Box
from rolegen.render import pptx_shapes as shape_xml
from rolegen.render import pptx_xml as x
from rolegen.tree import Table

TOP, BOTTOM = 0, 2  # connection sites of a rectangle: top middle, bottom middle
_OUTLINE, _LINE = round(1.25 * EMU_PER_PT), round(2 * EMU_PER_PT)


def draw_chart(
    page, table: Table, area, colours: dict[str, str], fonts, style, start: float, floor: float, warn
) -> None:
    """Draw table's chart into area (a Box): one rounded box per node, a connector per reporting line.

    page is the slide being drawn (its shape tree and new_id); colours holds 'role' and 'on_role'
    (a role's fill and text), 'leader' and 'on_leader', and 'line'; style(r, size, colour, bold)
    styles an a:r as the deck does.
    """
    graph = diagram.chart_of(table)
    boxes = diagram.place(graph, area.w, area.h)
    size = diagram.text_size(graph, boxes, fonts, start, floor)
    if size is None:
        size = floor
        warn(f"the reporting lines do not fit at {floor:g} pt")
    placed = {}  # node index -> (shape id, x, y, cx, cy in EMU)
    pad = str(round(diagram.PAD * EMU_PER_PT))
    for box in boxes:
        node = graph.nodes[box.index]
        rect = Box(area.x + box.x, area.y + box.y, box.w, box.h).emu()
        fill, ink = (colours["role"], colours["on_role"]) if node.role else (colours["leader"], colours["on_leader"])
        shape_id = page.new_id()
        name = f"Role {node.label}" if node.role else f"Leader {node.label}"
        sp = shape_xml.auto_shape(page.tree, shape_id, name, "roundRect", rect, fill, line=(colours["line"], _OUTLINE))
        body = sp.find(x.TX_BODY)
        body.find(x.BODY_PR).attrib.update({"wrap": "square", "lIns": pad, "rIns": pad, "tIns": pad, "bIns": pad})
        for number, para in enumerate(node.paras()):
            if number == 0:
                p = body.find(x.P)  # auto_shape's own paragraph, centred
            else:
                p = x.sub(body, "a:p")
                x.sub(p, "a:pPr", {"algn": "ctr"})
            for span in para.spans:
                style(x.run(p, span.text), size, ink, span.bold)
        placed[box.index] = (shape_id, *rect)
    for leader, report in graph.edges:
        (top_id, lx, ly, lw, lh), (low_id, rx, ry, rw, _) = placed[leader], placed[report]
        shape_xml.connector(
            page.tree,
            page.new_id(),
            f"Reports to: {graph.nodes[report].label} to {graph.nodes[leader].label}",
            (top_id, BOTTOM, int(lx + lw / 2), ly + lh),
            (low_id, TOP, int(rx + rw / 2), ry),
            (colours["line"], _LINE),
        )
