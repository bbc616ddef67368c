"""Decide what each slide shows and what runs on to '(cont.)' slides, from plain geometry: no Office imports."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from rolegen.typeset import figures, fit
from rolegen.facts import EMU_PER_PT
from rolegen.cache import BuildCache
from rolegen.brand.fonts import Measurer
from rolegen.tree import Columns, Slide, Table, plain

TABLE_START_PT = 18.0
CELL_MARGIN_X, CELL_MARGIN_Y = 9.0, 6.0
COLUMN_GAP, COLUMN_PAD = 24.0, 18.0
# Slides whose titles share one size, and the size each group starts from.
TITLE_GROUPS = {"title": "title", "section": "divider", "closing": "divider", "quote": "quote"}
TITLE_STARTS = {"title": 44, "divider": 40, "quote": 20, "slide": 32}


@dataclass(frozen=True)
class Box:
    """A rectangle in points."""

    x: float
    y: float
    w: float
    h: float

    def emu(self) -> tuple[int, int, int, int]:
        """Return x, y, width and height in EMU, as Office files store them."""
        return tuple(round(v * EMU_PER_PT) for v in (self.x, self.y, self.w, self.h))


@dataclass(frozen=True)
class Insets:
    """The room a text box keeps free inside its edges, in points."""

    left: float
    top: float
    right: float
    bottom: float

    @classmethod
    def of(cls, insets: Mapping[str, float]) -> "Insets":
        """Return the insets named as DrawingML's bodyPr names them (lIns, tIns, rIns, bIns)."""
        return cls(insets["lIns"], insets["tIns"], insets["rIns"], insets["bIns"])


def text_area(box: Box, insets: Insets) -> tuple[float, float]:
    """Return the width and height text has inside box once the insets are taken off."""
    return box.w - insets.left - insets.right, box.h - insets.top - insets.bottom


@dataclass(frozen=True)
class Geometry:
    """Where a master puts titles and bodies on each kind of slide (keys: the layout kinds), in points."""

    width: float
    height: float
    bodies: Mapping[str, Box]
    titles: Mapping[str, Box]
    body_insets: Mapping[str, Insets]
    title_insets: Mapping[str, Insets]


@dataclass(frozen=True)
class Typeset:
    """The fonts a deck's text is measured with, and the sizes it starts from and may shrink to."""

    fonts: fit.Fonts
    mono: fit.Fonts
    body_start: float
    floor: float
    table_floor: float

    @classmethod
    def of(cls, brand, cache: BuildCache | None = None) -> "Typeset":
        """Return the brand's fonts and sizes for slides (measurers from the build's cache)."""
        fonts = fit.Fonts(
            Measurer.of(brand.base_font.family, brand.base_font.files, cache),
            Measurer.of(brand.heading_font.family, brand.heading_font.files, cache),
        )
        mono = Measurer.of(brand.mono_font.family, brand.mono_font.files, cache)
        floor = brand.body_floor_pt
        # typography.base.size scales the slides' body text as it scales a page's (12 pt is 1rem).
        start = max(floor, min(32.0, 24.0 * (brand.base_size_pt or 12.0) / 12.0))
        return cls(fonts, fit.Fonts(mono, mono), start, floor, max(12.0, floor - 4))


@dataclass(frozen=True)
class TextPage:
    """The paragraphs one content slide shows, and the size to start fitting them at."""

    paras: tuple
    start: float


@dataclass(frozen=True)
class ColumnsPage:
    """The paragraphs each column shows on one slide, all at one size; the columns share the width."""

    columns: tuple[tuple, ...]
    size: float


@dataclass(frozen=True)
class TablePage:
    """The rows of a table one slide shows (the header repeats on every slide), and how to draw them."""

    header: tuple
    rows: tuple
    weights: tuple[float, ...]
    size: float


@dataclass(frozen=True)
class CodePage:
    """The lines of a code block one slide shows, and their size."""

    lines: tuple
    size: float


def kind_of(slide: Slide) -> str:
    """Return the layout kind a slide needs: its own kind, or table, image, code or columns for such content."""
    if figures.is_chart(slide):
        return "table"
    figure = figures.figure_kind(slide)
    if figure:
        return figure
    if slide.kind == "content" and any(isinstance(b, Columns) for b in slide.blocks):
        return "columns"
    return slide.kind


def layout_kind(kind: str) -> str:
    """Return the slide kind whose layout a kind uses: an image or code slide is laid out as a table slide."""
    return "table" if kind in ("image", "code") else kind


def column_boxes(area: Box, count: int) -> list[Box]:
    """Return the boxes of count columns side by side in area."""
    width = (area.w - COLUMN_GAP * (count - 1)) / count
    return [Box(area.x + index * (width + COLUMN_GAP), area.y, width, area.h) for index in range(count)]


@dataclass(frozen=True)
class Paginator:
    """Splits a deck's slides into the pages that fit a master's boxes at the brand's sizes."""

    geometry: Geometry
    typeset: Typeset

    def paginate(self, slides: list[Slide], marker: str, warnings: list[str]) -> list[tuple[Slide, object]]:
        """Pair each slide with its page of content; what does not fit, and each table, image or code
        block that shares a slide with text, runs on to '(cont.)' slides (marker), saying so in warnings."""
        result = []
        for original in slides:
            # A chart is drawn whole on its slide; whatever else runs on.
            pages = [
                pair
                for part in figures.separate(original)
                for pair in (
                    [(part, None)]
                    if figures.is_chart(part)
                    else [(part, page) for page in self.pages(part, marker, warnings)]
                )
            ]
            if len(pages) == 1:
                result.append(pages[0])
                continue
            for index, (part, page) in enumerate(pages):
                notes = part.notes if index == 0 else ()
                result.append(
                    (
                        replace(
                            part,
                            title=fit.continued_title(original.title, index, marker),
                            notes=notes,
                            footnotes=footnotes_on(part, page),
                            # A page of text is drawn from its paragraphs; each of a long body's
                            # slides holding the whole body made every look at its blocks quadratic.
                            blocks=() if isinstance(page, TextPage) else part.blocks,
                        ),
                        page,
                    )
                )
        return result

    def pages(self, slide: Slide, marker: str, warnings: list[str]) -> list:
        """Return the pages a slide's content needs (None: the slide draws all of it)."""
        kind = kind_of(slide)
        typeset = self.typeset
        planners = {
            "table": (self.plan_table, "the table does", "rows continued"),
            "code": (self.plan_code, "the code does", "continued"),
            "columns": (lambda slide, warnings: self.plan_columns(slide, marker), "the columns do", "continued"),
        }
        if kind in planners:
            plan, what, how = planners[kind]
            pages = plan(slide, warnings)
            if len(pages) > 1:
                # A table's rows grow to fill the slides they need; what failed was its floor size.
                size = typeset.table_floor if kind in ("table", "columns") else pages[0].size
                warnings.append(
                    f"slide '{slide.title}': {what} not fit at {size:g} pt: {how} on {len(pages) - 1} more slide(s)"
                )
            return pages
        if kind != "content":
            return [None]
        paras = fit.paragraphs(slide.blocks)
        width, height = self.body_area("content")
        start, floor = typeset.body_start, typeset.floor
        if fit.fit_size(paras, typeset.fonts, width, height, start, floor) is not None:
            return [TextPage(tuple(paras), start)]
        # Every page at one size, so the continued slides read as one list: the largest that
        # fills the pages the floor size needs.
        size, split = fit.fill_pages(paras, typeset.fonts, width, height, start, floor)
        pages = [TextPage(tuple(page), size) for page in split]
        warnings.append(
            f"slide '{slide.title}' does not fit at {floor:g} pt: continued on {len(pages) - 1} more slide(s)"
        )
        return pages

    def body_area(self, kind: str) -> tuple[float, float]:
        """Return the width and height text has in the body of a kind of slide."""
        return text_area(self.geometry.bodies[kind], self.geometry.body_insets[kind])

    def title_sizes(self, slides: list[Slide]) -> dict[str, float]:
        """Return one title size per group of slides alike (dividers, content slides): the longest title's.

        A deck whose "(cont. 2)" title or long divider shrinks alone looks unset; a group shrinks as one.
        """
        sizes: dict[str, float] = {}
        for slide in slides:
            kind = layout_kind(kind_of(slide))
            group = TITLE_GROUPS.get(kind, "slide")
            start = TITLE_STARTS[group]
            width, height = text_area(self.geometry.titles[kind], self.geometry.title_insets[kind])
            size = fit.title_size(slide.title, self.typeset.fonts, width, height, start, min(start, 20))
            sizes[group] = min(size, sizes.get(group, start))
        return sizes

    def plan_code(self, slide: Slide, warnings: list[str] | None = None) -> list[CodePage]:
        """Choose the size of a code block's lines; what does not fit at the floor runs on to more slides."""
        lines = fit.paragraphs(slide.blocks)
        box = self.geometry.bodies["table"]
        width, height = box.w - 2 * COLUMN_PAD, box.h - 2 * COLUMN_PAD
        fonts, floor = self.typeset.mono, self.typeset.table_floor
        size = fit.fit_size(lines, fonts, width, height, TABLE_START_PT, floor, step=1.0)
        if size is not None:
            return [CodePage(tuple(lines), size)]
        return [CodePage(tuple(page), floor) for page in fit.paginate(lines, fonts, width, height, floor)]

    def plan_columns(self, slide: Slide, marker: str = "(cont.)") -> list[ColumnsPage]:
        """Choose one size for every column; what does not fit runs on to slides that fill their width."""
        columns = next(b for b in slide.blocks if isinstance(b, Columns)).columns
        area = self.geometry.bodies["columns"]
        box = column_boxes(area, len(columns))[0]
        inner_w, inner_h = box.w - 2 * COLUMN_PAD, box.h - 2 * COLUMN_PAD
        content = [fit.paragraphs(column) for column in columns]
        fonts, start, floor = self.typeset.fonts, self.typeset.body_start - 2, self.typeset.table_floor
        sizes = [fit.fit_size(c, fonts, inner_w, inner_h, start, floor) for c in content]
        if all(size is not None for size in sizes):
            # One size for every column, so the columns read as a set.
            return [ColumnsPage(tuple(tuple(c) for c in content), min(sizes))]
        widths = {n: column_boxes(area, n)[0].w - 2 * COLUMN_PAD for n in range(1, len(columns) + 1)}
        size, split = fit.grow_to_fill(
            lambda size: fit.paginate_columns(content, fonts, widths, inner_h, size, marker),
            lambda page, size: all(fit.height(c, fonts, widths[len(page)], size) <= inner_h for c in page),
            start,
            floor,
        )
        return [ColumnsPage(tuple(tuple(c) for c in page), size) for page in split]

    def plan_table(self, slide: Slide, warnings: list[str] | None = None) -> list[TablePage]:
        """Choose a slide's table columns and font size, and the rows each slide shows."""
        table = next(b for b in slide.blocks if isinstance(b, Table))
        area = self.geometry.bodies["table"]
        rows = [table.header] + list(table.rows)
        ncols = max(len(r) for r in rows)
        size = TABLE_START_PT
        floor = self.typeset.table_floor
        body = self.typeset.fonts.body
        # Column shares come from the whole table, so a continued table keeps its columns.
        floors = [(body.width(fit.longest_word(rows, c), size, bold=c == 0) + 24) / area.w for c in range(ncols)]
        weights = tuple(fit.column_weights(rows, ncols, floors))
        while size > floor and self.table_height(rows, weights, area.w, size) > area.h:
            size -= 1
        if self.table_height(rows, weights, area.w, size) <= area.h:
            return [TablePage(table.header, tuple(table.rows), weights, size)]
        heights = [self.row_height(row, weights, area.w, floor) for row in table.rows]
        header = self.row_height(table.header, weights, area.w, floor, header=True)
        groups = fit.split_rows(header, heights, area.h)
        for group in groups:
            if header + sum(heights[i] for i in group) > area.h and warnings is not None:
                warnings.append(f"slide '{slide.title}': a table row is taller than a slide at {floor:g} pt")
        # The rows take as many slides as they must at the floor, then grow to fill them.
        for bigger in range(int(TABLE_START_PT), int(floor), -1):
            heights = [self.row_height(row, weights, area.w, bigger) for row in table.rows]
            header = self.row_height(table.header, weights, area.w, bigger, header=True)
            trial = fit.split_rows(header, heights, area.h)
            if len(trial) <= len(groups) and all(header + sum(heights[i] for i in g) <= area.h for g in trial):
                return [TablePage(table.header, tuple(table.rows[i] for i in g), weights, bigger) for g in trial]
        return [TablePage(table.header, tuple(table.rows[i] for i in group), weights, floor) for group in groups]

    def row_height(self, row, weights, width: float, size: float, header: bool = False) -> float:
        """Return the height of a table row whose columns take weights of width, its text at size."""
        body = self.typeset.fonts.body
        height = 0.0
        for c, spans in enumerate(row):
            text = plain(spans)
            usable = width * weights[c] - 2 * CELL_MARGIN_X
            # Bold where the table is drawn bold (the header, the first column, bold spans): measuring
            # every cell bold made rows a line taller than their text, with blank space under it.
            bold = header or c == 0 or any(span.bold for span in spans)
            lines = len(body.wrap(text, usable, size, bold=bold))
            height = max(height, lines * body.line_height(size, text))
        return max(height, body.line_height(size)) + 2 * CELL_MARGIN_Y + 2

    def table_height(self, rows, weights, width: float, size: float) -> float:
        """Return the height of rows, the first of them the header."""
        return sum(self.row_height(row, weights, width, size, header=index == 0) for index, row in enumerate(rows))


def footnotes_on(slide: Slide, page) -> tuple:
    """Return the footnotes that the text on one page of a slide refers to."""
    if isinstance(page, TextPage):
        paras = page.paras
    elif isinstance(page, ColumnsPage):
        paras = [para for column in page.columns for para in column]
    else:
        return slide.footnotes
    referred = {span.note for para in paras for span in para.spans if span.note}
    return tuple(note for note in slide.footnotes if note.number in referred)
