"""Draw a reporting-lines chart on a slide as native shapes glued by connectors, so it stays editable."""

from __future__ import annotations

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Pt

from rolegen import diagram
from rolegen.facts import EMU_PER_PT
from rolegen.tree import Table

TOP, BOTTOM = 0, 2  # connection sites of a rectangle: top middle, bottom middle


def draw_chart(
    page, table: Table, area, colours: dict[str, str], fonts, style, start: float, floor: float, warn
) -> None:
    """Draw table's chart into area (a Box): one rounded box per node, a connector per reporting line.

    colours holds 'role' and 'on_role' (a role's fill and text), 'leader' and 'on_leader', and 'line';
    style(run, size, colour, bold) styles a run as the deck does.
    """
    graph = diagram.chart_of(table)
    boxes = diagram.place(graph, area.w, area.h)
    size = diagram.text_size(graph, boxes, fonts, start, floor)
    if size is None:
        size = floor
        warn(f"the reporting lines do not fit at {floor:g} pt")
    shapes = {}
    for box in boxes:
        node = graph.nodes[box.index]
        shape = page.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, *_emu(area.x + box.x, area.y + box.y, box.w, box.h))
        shape.name = f"Role {node.label}" if node.role else f"Leader {node.label}"
        fill, ink = (colours["role"], colours["on_role"]) if node.role else (colours["leader"], colours["on_leader"])
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string(fill)
        shape.line.color.rgb = RGBColor.from_string(colours["line"])
        shape.line.width = Pt(1.25)
        shape.shadow.inherit = False
        frame = shape.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = Pt(diagram.PAD)
        for number, para in enumerate(node.paras()):
            p = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
            p.alignment = PP_ALIGN.CENTER
            for span in para.spans:
                run = p.add_run()
                run.text = span.text
                style(run, size, ink, span.bold)
        shapes[box.index] = shape
    for leader, report in graph.edges:
        line = page.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, 0, 0, 0, 0)
        line.begin_connect(shapes[leader], BOTTOM)
        line.end_connect(shapes[report], TOP)
        line.name = f"Reports to: {graph.nodes[report].label} to {graph.nodes[leader].label}"
        line.line.color.rgb = RGBColor.from_string(colours["line"])
        line.line.width = Pt(2)


def _emu(x: float, y: float, w: float, h: float) -> tuple[Emu, ...]:
    return tuple(Emu(round(v * EMU_PER_PT)) for v in (x, y, w, h))
