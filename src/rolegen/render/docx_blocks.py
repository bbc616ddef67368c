"""Draw a handout's blocks: headings, paragraphs and their runs, lists, figures, code, quotes, tables, charts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.shared import Pt

from rolegen.brand import colors
from rolegen.brand.fonts import Measurer, right_to_left
from rolegen.facts import EMU_PER_PT
from rolegen.typeset import diagram, fit
from rolegen.render import docx_styles as styles
from rolegen.render import docx_xml as x
from rolegen.render.diagram_docx import chart_run
from rolegen.render.docx_reference import PULL_QUOTE
from rolegen.render.docx_text import CAPTION, HYPERLINK, SOURCE_CODE, add_hyperlink, add_picture
from rolegen.render.docx_xml import PPR_ORDER, RPR_ORDER, qn
from rolegen.content.links import heading_id
from rolegen.render.docx_reference import HEADING_LEVELS
from rolegen.tree import (
    BulletList,
    CodeBlock,
    Columns,
    Heading,
    Image,
    Inline,
    Notes,
    Paragraph,
    Quote,
    Rule,
    Table,
    plain,
)

if TYPE_CHECKING:
    from rolegen.render.docx import Handout


def draw(handout: Handout, block, keep_with_next: bool = False) -> None:
    """Draw one block of the document at the body's end; keep_with_next keeps a paragraph on a heading's page."""
    if isinstance(block, Heading):
        style = f"Heading {min(block.level, HEADING_LEVELS)}"
        paragraph = handout.paragraph(style)
        _runs(handout, paragraph, block.spans)
        handout.bookmarks.mark(paragraph, heading_id(block), whole=True)
        balance(handout, paragraph, style)
        if "newpage" in block.classes:
            x.set_ppr(paragraph, x.element("w:pageBreakBefore"))
    elif isinstance(block, Paragraph):
        paragraph = handout.paragraph()
        _runs(handout, paragraph, block.spans)
        # A heading's first paragraph travels with it, so no heading is left alone at a page foot.
        if keep_with_next:
            x.set_ppr(paragraph, x.element("w:keepNext"))
    elif isinstance(block, BulletList):
        _list(handout, block, 0)
    elif isinstance(block, Image):
        # At most the text's width, and a little less than its height, so a caption line still fits.
        add_picture(handout.doc.part, handout.paragraph(), block, handout.text_width, handout.text_height * 0.9)
        if block.caption:
            _caption(handout, block.alt)
    elif isinstance(block, Rule):
        paragraph = handout.paragraph()
        styles.border(paragraph, "bottom", colors.mix(handout.fg, "FFFFFF", 0.6), 6, space=1)
    elif isinstance(block, CodeBlock):
        x.add_run(handout.paragraph(SOURCE_CODE), block.text)
    elif isinstance(block, Quote):
        for spans in block.paragraphs:
            _runs(handout, handout.paragraph(PULL_QUOTE), spans)
    elif isinstance(block, Table):
        _table(handout, block)
    elif isinstance(block, Columns):
        for column in block.columns:
            for inner in column:
                draw(handout, inner)
    elif isinstance(block, Notes):
        return  # speaker notes belong to slides


def _list(handout: Handout, block: BulletList, level: int) -> None:
    """Draw a list and the lists nested in it, each item at its level of Word's numbering."""
    style = "List Number" if block.ordered else "List Bullet"
    num_id = handout.lists.num_id(block.ordered, level, block.start)
    for index, item in enumerate(block.items):
        first = True
        for inner in item.blocks:
            if isinstance(inner, BulletList):
                _list(handout, inner, level + 1)
                continue
            paragraph = handout.paragraph(style if first else None)
            if first:
                handout.lists.mark(paragraph, num_id, level)
                # No list leaves one item alone at a page's foot or head.
                if len(block.items) > 1 and index in (0, len(block.items) - 2):
                    x.set_ppr(paragraph, x.element("w:keepNext"))
            else:
                handout.lists.continue_item(paragraph, level)
            _runs(handout, paragraph, inner.spans)
            first = False


def balance(handout: Handout, paragraph, style: str) -> None:
    """Narrow a title's measure so its last line is not one lone word (left-to-right text only)."""
    size, text = handout.sheet.get(style).find(f"{qn('w:rPr')}/{qn('w:sz')}"), x.text_of(paragraph)
    if size is None or right_to_left(text):
        return
    usable = handout.text_width / EMU_PER_PT
    measurer = Measurer.of(handout.brand.heading_font.family, handout.brand.heading_font.files, handout.cache)
    width = fit.balanced_width(text, measurer, usable, int(size.get(qn("w:val"))) / 2)
    if width < usable:
        indent = x.get_or_add(x.ppr(paragraph), "w:ind", PPR_ORDER)
        indent.set(qn("w:right"), str(Pt(round(usable - width, 1)).twips))


def chart(handout: Handout, table: Table) -> None:
    """Draw a (short, title, reports to) table as the reporting-lines chart the deck shows."""
    fonts = fit.Fonts(
        *(Measurer.of(f.family, f.files, handout.cache) for f in (handout.brand.base_font, handout.brand.heading_font))
    )
    colours = {
        "role": handout.primary,
        "on_role": handout.scheme.on_primary,
        "leader": handout.scheme.surface,
        "on_leader": handout.fg,
        "line": handout.brand.color("secondary"),
    }
    graph = diagram.chart_of(table)
    alt = diagram.describe(graph, plain(table.header[2]) if len(table.header) > 2 else "")
    handout.chart_ids += 1
    paragraph = handout.paragraph()
    x.sub(x.ppr(paragraph), "w:spacing", {"w:before": str(Pt(6).twips), "w:after": str(Pt(12).twips)})
    paragraph.append(
        chart_run(
            table,
            handout.text_width / EMU_PER_PT,
            fonts,
            colours,
            handout.brand.base_font.family,
            handout.meta.lang,
            alt,
            9000 + 100 * handout.chart_ids,
        )
    )


def _runs(handout: Handout, paragraph, spans: Inline, part=None) -> None:
    """Append a run per span to a w:p; links relate to part (the body's, else the footnotes')."""
    code_color = handout.scheme.code if handout.scheme.code != handout.fg else None
    code_size = round(handout.body_pt * handout.brand.mono_scale * 2) / 2 if handout.brand.mono_scale else None
    for span in spans:
        if span.note:
            note = handout.document.footnote(span.note)
            handout.footnotes.add(
                paragraph, note.spans, lambda target, inner: _runs(handout, target, inner, handout.footnotes.part)
            )
            continue
        if span.anchor:
            handout.bookmarks.mark(paragraph, span.anchor)
        parent = (
            add_hyperlink(paragraph, span.url, part or handout.doc.part, handout.bookmarks) if span.url else paragraph
        )
        x.add_run(
            parent,
            span.text,
            style=handout.style_id(HYPERLINK) if span.url else None,
            font=handout.brand.mono_font.family if span.code else None,
            bold=span.bold,
            italic=span.italic,
            strike=span.strike,
            color=code_color if span.code else None,
            size=code_size if span.code else None,
            **_marks(handout, span),
        )
    direction(paragraph)


def _marks(handout: Handout, span) -> dict:
    """Return the add_run options a span's <u>, <mark>, <sub> and <sup> ask for."""
    return {"underline": span.underline, "fill": handout.highlight if span.mark else None, "script": span.script}


def _caption(handout: Handout, text: str) -> None:
    """Draw a figure's caption as Word does: 'Figure N: text' in the Caption style, N a SEQ field."""
    handout.figures += 1
    paragraph = handout.paragraph(CAPTION)
    x.add_run(paragraph, f"{handout.figure_word}\u00a0")
    field = x.sub(paragraph, "w:fldSimple", {"w:instr": f" SEQ {handout.figure_word} \\* ARABIC "})
    x.add_run(field, str(handout.figures))
    x.add_run(paragraph, f": {text}")
    direction(paragraph)


def _table(handout: Handout, table: Table) -> None:
    rows = [table.header] + list(table.rows)
    ncols = max(len(r) for r in rows)
    usable = handout.text_width
    measurer = Measurer.of(handout.brand.base_font.family, handout.brand.base_font.files, handout.cache)
    floors = [
        (measurer.width(fit.longest_word(rows, c), handout.body_pt, bold=True) + 16) / (usable / EMU_PER_PT)
        for c in range(ncols)
    ]
    widths = [str(x.twips(int(usable * share))) for share in fit.column_weights(rows, ncols, floors)]
    grid = x.element("w:tbl")
    properties = x.sub(grid, "w:tblPr")
    x.sub(properties, "w:tblW", {"w:type": "auto", "w:w": "0"})
    x.sub(properties, "w:jc", {"w:val": "center"})
    borders = x.sub(properties, "w:tblBorders")
    rule = colors.mix(handout.fg, "FFFFFF", 0.75)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(x.border(side, rule, 4, 0))
    x.sub(properties, "w:tblLayout", {"w:type": "fixed"})
    x.sub(properties, "w:tblLook", _TABLE_LOOK)
    columns = x.sub(grid, "w:tblGrid")
    for width in widths:
        x.sub(columns, "w:gridCol", {"w:w": width})
    header_text, light = handout.scheme.on_primary, handout.scheme.surface
    mono = handout.brand.mono_font.family
    for r, row in enumerate(rows):
        grid_row = x.sub(grid, "w:tr")
        row_properties = x.sub(grid_row, "w:trPr")
        if r == 0:
            # Marks the header row for screen readers and repeats it on every page the table crosses.
            x.sub(row_properties, "w:tblHeader", {"w:val": "true"})
        # A row is read as one: it never splits across two pages.
        x.sub(row_properties, "w:cantSplit")
        fill = handout.primary if r == 0 else (light if r % 2 == 0 else "FFFFFF")
        for c in range(ncols):
            cell = x.sub(grid_row, "w:tc")
            cell_properties = x.sub(cell, "w:tcPr")
            x.sub(cell_properties, "w:tcW", {"w:type": "dxa", "w:w": widths[c]})
            cell_properties.append(x.shading(fill))
            paragraph = x.sub(cell, "w:p")
            x.sub(x.ppr(paragraph), "w:spacing", _CELL_SPACING)
            for span in row[c] if c < len(row) else ():
                if span.anchor:
                    handout.bookmarks.mark(paragraph, span.anchor)
                parent = (
                    add_hyperlink(paragraph, span.url, handout.doc.part, handout.bookmarks) if span.url else paragraph
                )
                x.add_run(
                    parent,
                    span.text,
                    style=handout.style_id(HYPERLINK) if span.url else None,
                    font=mono if span.code else None,
                    bold=r == 0 or c == 0 or span.bold,
                    italic=span.italic,
                    strike=span.strike,
                    color=header_text if r == 0 else None,
                    **_marks(handout, span),
                )
            direction(paragraph)
    handout.end.addprevious(grid)


def direction(paragraph) -> None:
    """Lay out an Arabic or Hebrew paragraph right to left, flush right, and mark its runs of such text."""
    if not right_to_left(x.text_of(paragraph)):
        return
    properties = x.ppr(paragraph)
    if properties.find(qn("w:bidi")) is None:
        x.insert_in_order(properties, x.element("w:bidi"), PPR_ORDER)
    # In a w:bidi paragraph Word and LibreOffice read jc 'left' as the start edge, which is the right
    # margin, and 'right' as the left margin; explicit, so a reference style's own alignment cannot win.
    x.set_ppr(paragraph, x.val("w:jc", "left"))
    # A link's runs sit in its w:hyperlink and read as the runs around them do.
    for run in paragraph.findall(qn("w:r")) + paragraph.findall(f"{qn('w:hyperlink')}/{qn('w:r')}"):
        # A Latin run (a name, a number) inside Arabic text keeps left-to-right, as Word writes it.
        if right_to_left(x.text_of(run)):
            run_properties = x.rpr(run)
            marks = [x.element("w:rtl")]
            if run_properties.find(qn("w:b")) is not None:
                marks.append(x.element("w:bCs"))
            if run_properties.find(qn("w:i")) is not None:
                marks.append(x.element("w:iCs"))
            for mark in marks:
                x.replace(run_properties, mark, RPR_ORDER)


_TABLE_LOOK = {
    "w:firstColumn": "1",
    "w:firstRow": "1",
    "w:lastColumn": "0",
    "w:lastRow": "0",
    "w:noHBand": "0",
    "w:noVBand": "1",
    "w:val": "04A0",
}
_CELL_SPACING = {"w:before": str(Pt(3).twips), "w:after": str(Pt(3).twips)}
