"""Draw slides into a .pptx with python-pptx, on the brand's master or the packaged one."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import io
from dataclasses import replace
from pathlib import Path

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from rolegen.render.pptx_xml import qn
from pptx.opc.packuri import PackURI
from pptx.parts.slide import NotesSlidePart
from pptx.util import Emu, Pt

from rolegen import colors, contrast, fit, scripts
from rolegen.fonts import right_to_left
from rolegen.model import Brand
from rolegen.ooxml import (
    SVG_CONTENT_TYPE,
    add_svg_blip,
    fill_core_properties,
    reproducible_zip,
)
from rolegen.facts import EMU_PER_PT, Drawn
from rolegen.fingerprint import file_signature
from rolegen.render.diagram_pptx import draw_chart
from rolegen.render.master_plan import (
    DEFAULT_MASTER,
    MasterPlan,
    body_placeholders,
    box_of,
    open_master,
    placeholder,
    title_placeholder,
)
from rolegen.render.master_plan import plan as _plan
from rolegen.render.pptx_text import decorate, draw_picture, list_bullet
from rolegen.render.inspect_pptx import facts_of
from rolegen.render.pptx_xml import PH_PATH, body_text, text_insets
from rolegen.paginate import (
    COLUMN_PAD,
    CELL_MARGIN_X,
    CELL_MARGIN_Y,
    TITLE_GROUPS,
    TITLE_STARTS,
    Box,
    CodePage,
    ColumnsPage,
    Insets,
    Paginator,
    TablePage,
    TextPage,
    Typeset,
    column_boxes,
    kind_of,
    layout_kind,
    text_area,
)
from rolegen.tree import Meta, Slide, Span, Table, plain, strings

_NOTES_NAME = "/ppt/notesSlides/notesSlide%d.xml"
_SP, _TX_BODY = qn("p:sp"), qn("p:txBody")
def render_deck(
    slides: list[Slide],
    meta: Meta,
    brand: Brand,
    stamp: dt.datetime,
    warnings: list[str] | None = None,
    continued: str = "(cont.)",
    quote_mark: str = "\u201c",
) -> Drawn:
    """Return the .pptx that draws slides in the brand, and its facts for `rolegen check`.

    continued marks the title of a slide that runs on, quote_mark opens a quote, in the document's language.
    """
    deck = _Deck(brand, meta, warnings if warnings is not None else [])
    deck.quote_mark = quote_mark
    # Han characters alone are Japanese in a deck that has kana anywhere (a title in kanji, say).
    deck.han = scripts.east_asian(" ".join(strings(slides)), meta.lang)
    pages = deck.pager.paginate(slides, continued, deck.warnings)
    deck.title_sizes = deck.pager.title_sizes([slide for slide, _ in pages])
    for slide, page in pages:
        deck.add(slide, page)
    deck.finish(stamp)
    out = io.BytesIO()
    deck.prs.save(out)
    return Drawn(reproducible_zip(out.getvalue()), facts_of(deck.prs, deck.insets))


def paginator(brand: Brand) -> Paginator:
    """Return what splits slides into pages on the brand's master, at its sizes."""
    return _Deck(brand, Meta(""), []).pager


# A build draws many decks on a few masters; the key holds the file's size and time, so an
# edited master (rolegen watch) is read afresh.
_PLANS: dict[tuple, MasterPlan] = {}


def _master_plan(prs, brand: Brand) -> MasterPlan:
    key = (brand, file_signature(brand.master or DEFAULT_MASTER))
    if key not in _PLANS:
        if len(_PLANS) >= 16:
            _PLANS.clear()
        _PLANS[key] = _plan(prs, brand)
    return _PLANS[key]


class _Deck:
    def __init__(self, brand: Brand, meta: Meta, warnings: list[str]):
        self.brand = brand
        self.meta = meta
        self.warnings = warnings
        self.prs = open_master(brand)
        self.width = self.prs.slide_width / EMU_PER_PT
        self.height = self.prs.slide_height / EMU_PER_PT
        self.typeset = Typeset.of(brand)
        self.fonts = self.typeset.fonts
        self.floor, self.body_start, self.table_floor = (
            self.typeset.floor,
            self.typeset.body_start,
            self.typeset.table_floor,
        )
        # Layouts, backdrops and geometry (which python-pptx finds by XPath each time) come from the plan.
        self.plan = _master_plan(self.prs, brand)
        self.warnings.extend(self.plan.warnings)
        layouts = self.prs.slide_layouts
        self.layouts = {kind: layouts[index] for kind, index in self.plan.layouts.items()}
        self.pager = Paginator(self.plan.geometry, self.typeset)
        self.insets = dict(self.plan.insets)  # the plan's inherited insets, and this deck's own finds
        self._use(self.plan.plain)
        self.accent = brand.color("secondary")
        self.quote_mark = "\u201c"
        self.title_sizes: dict[str, float] = {}
        self.han: str | None = None  # the language of the deck's Han-only runs (see render_deck)
        self.title_drawn = 0.0  # the height of the last title drawn, in points
        self.count = 0
        self._logo_parts: dict = {}  # logo file -> (picture part, SVG part or None)
        self._notes = None  # the deck's first notes slide, before its text
        self._notes_names: set[str] | None = None

    def _use(self, scheme: contrast.Scheme) -> None:
        """Draw the following text in a scheme's colours."""
        self.scheme = scheme
        self.fg, self.bg, self.title_color = scheme.text, scheme.background, scheme.title
        self.muted, self.surface, self.on_primary = scheme.muted, scheme.surface, scheme.on_primary

    def _new_slide(self, layout):
        """Add a slide on layout, its placeholders copied from the plan's skeleton of that layout."""
        rid, page = self.prs.part.add_slide(layout)
        tree = page.shapes._spTree
        for element in self.plan.skeletons[str(layout.part.partname)]:
            tree.append(copy.deepcopy(element))
        self.prs.slides._sldIdLst.add_sldId(rid)
        return page

    # -- slides ----------------------------------------------------------------------------

    def add(self, slide: Slide, plan=None) -> None:
        """Draw one slide; plan is its share of a body, table or columns that runs on (None: all of it)."""
        figure = kind_of(slide)
        kind = layout_kind(figure)
        layout = self.layouts[kind]
        page = self._new_slide(layout)
        self.count += 1
        backdrop = self.plan.backdrops[kind]
        self._use(self.plan.schemes[kind])
        # A section-like slide on a filled layout carries no footer, and its logo sits on a chip.
        dark = kind in ("section", "quote", "closing") and backdrop != self.brand.color("background")
        title_shape, title_box = title_placeholder(page), self.plan.geometry.titles[kind]
        moved = title_box != box_of(title_shape)
        if moved:
            title_shape.left, title_shape.top, title_shape.width, title_shape.height = title_box.emu()
        _flush_left(title_shape)
        self._title(title_shape, slide.title, kind, self.title_color)
        if moved:
            title_shape.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
            title_shape.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
            for run in title_shape.text_frame.paragraphs[0].runs:
                # The layout's letter spacing was made for its own large title, not for this one.
                run._r.get_or_add_rPr().set("spc", "0")
        draw = {
            "title": self._title_slide,
            "section": self._section,
            "closing": self._section,
            "quote": self._quote,
            "table": self._table,
            "columns": self._columns,
            "content": self._content,
            "image": self._image,
            "code": self._code,
        }[figure]
        if "diagram" in slide.classes and any(isinstance(b, Table) for b in slide.blocks):
            draw = self._diagram
        draw(page, slide, plan, dark)
        self._furniture(page, kind, dark)
        if slide.notes or slide.footnotes:
            frame = self._notes_frame(page)
            frame.text = "\n".join(
                [p.text for p in fit.paragraphs(slide.notes)]
                + [f"{note.number}. {plain(note.spans)}" for note in slide.footnotes]
            )
        _drop_empty_placeholders(page)
        _title_first(page)

    def _notes_frame(self, page):
        """Return the text frame of a new slide's speaker notes.

        python-pptx builds each notes slide from the notes master, finding its placeholders by
        XPath; every notes slide of a deck starts the same, so the first is copied for the rest.
        """
        if self._notes is None:
            notes = page.notes_slide
            self._notes = copy.deepcopy(notes._element)
            return notes.notes_text_frame
        part, package = page.part, page.part.package
        notes_part = NotesSlidePart(
            self._notes_partname(package), CT.PML_NOTES_SLIDE, package, copy.deepcopy(self._notes)
        )
        notes_part.relate_to(package.presentation_part.notes_master_part, RT.NOTES_MASTER)
        notes_part.relate_to(part, RT.SLIDE)
        part.relate_to(notes_part, RT.NOTES_SLIDE)
        return page.notes_slide.notes_text_frame

    def _notes_partname(self, package) -> PackURI:
        """Return the first free notes-slide part name, as python-pptx's next_partname does.

        next_partname walks every part of the deck on each call; the names in use are read once.
        """
        if self._notes_names is None:
            self._notes_names = {str(part.partname) for part in package.iter_parts()}
        number = 1
        while _NOTES_NAME % number in self._notes_names:
            number += 1
        self._notes_names.add(_NOTES_NAME % number)
        return PackURI(_NOTES_NAME % number)

    def _title(self, shape, text: str, kind: str, color: str) -> None:
        box = box_of(shape)
        group = TITLE_GROUPS.get(kind, "slide")
        start = TITLE_STARTS[group]
        width, height = text_area(box, Insets.of(text_insets(shape, self.insets)))
        size = self.title_sizes.get(group) or fit.title_size(text, self.fonts, width, height, start, min(start, 20))
        self.title_drawn = fit.title_height(text, self.fonts, width, size)
        balanced = fit.balanced_width(text, self.fonts.heading, width, size)
        if balanced < width:
            right = text_insets(shape, self.insets)["rIns"] + width - balanced
            shape.text_frame._bodyPr.set("rIns", str(round(right * EMU_PER_PT)))
        if fit.title_height(text, self.fonts, width, size) > height:
            self.warnings.append(f"slide '{text}': the title is taller than its box at {size:g} pt; shorten it")
        frame = shape.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        para = frame.paragraphs[0]
        run = para.add_run()
        run.text = text
        self._style(run, size, color, heading=True, bold=True)

    def _title_slide(self, page, slide: Slide, paras, dark: bool) -> None:
        subtitle = placeholder(page, PP_PLACEHOLDER.SUBTITLE, PP_PLACEHOLDER.BODY)
        if subtitle is not None and slide.subtitle:
            _flush_left(subtitle)
            self._fill(subtitle, [fit.Para((Span(slide.subtitle),))], 24, self.fg, floor=16)
        logo = self._logo_on(self.bg)
        title_box = box_of(title_placeholder(page))
        if logo is not None:
            self._picture(page, logo, Box(title_box.x, 0.1 * self.height, 0, 0.095 * self.height))
        byline = " · ".join(t for t in (self.meta.author or self.brand.name, self.meta.date) if t)
        self._textbox(
            page, Box(title_box.x, 0.85 * self.height, self.width - title_box.x - 54, 28), byline, 14, self.muted
        )

    def _section(self, page, slide: Slide, paras, dark: bool) -> None:
        body = body_placeholders(page)
        text = slide.subtitle or " ".join(p.text for p in fit.paragraphs(slide.blocks))
        if body and text:
            self._group_under_title(page, body[0])
            _flush_left(body[0])
            self._fill(body[0], [fit.Para((Span(text),))], 24, self.fg, floor=16)

    def _group_under_title(self, page, body) -> None:
        """Move a divider's subtitle up to just under its title, so the two read as one group."""
        title = title_placeholder(page)
        frame = title.text_frame
        if frame.vertical_anchor not in (None, MSO_ANCHOR.TOP) and frame._bodyPr.get("anchor") not in (None, "t"):
            return  # a title anchored low already sits on its subtitle
        box, insets = box_of(title), text_insets(title, self.insets)
        below, old = box_of(body), box_of(body)
        top = box.y + insets["tIns"] + self.title_drawn + 18
        if below.y <= top or top < box.y:
            return
        body.top = Emu(round(top * EMU_PER_PT))
        body.height = Emu(round((old.y + old.h - top) * EMU_PER_PT))
        body.left, body.width = Emu(round(old.x * EMU_PER_PT)), Emu(round(old.w * EMU_PER_PT))
        body.text_frame.vertical_anchor = MSO_ANCHOR.TOP

    def _quote(self, page, slide: Slide, paras, dark: bool) -> None:
        quote = fit.paragraphs(slide.blocks)
        color = self.fg
        bodies = body_placeholders(page)
        box = box_of(bodies[0]) if bodies else self.plan.geometry.bodies["quote"]
        mark_color = self.accent if colors.contrast(self.accent, self.bg) >= contrast.LARGE_MINIMUM else color
        # Tall enough for a 140 pt line, so the mark's box holds it (rolegen check measures every box).
        mark_width = self.fonts.heading.width(self.quote_mark, 140, bold=True) + 20
        self._textbox(
            page,
            Box(box.x - mark_width + 16, box.y - 30, mark_width, 180),
            self.quote_mark,
            140,
            mark_color,
            heading=True,
            bold=True,
        )
        target = bodies[0] if bodies else page.shapes.add_textbox(*box.emu())
        target.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        self._fill(target, [fit.Para(p.spans, "body") for p in quote], 44, color, floor=24, heading=True, bold=True)

    def _content(self, page, slide: Slide, text: TextPage | None, dark: bool) -> None:
        bodies = body_placeholders(page)
        text = text or TextPage(tuple(fit.paragraphs(slide.blocks)), self.body_start)
        target = bodies[0] if bodies else page.shapes.add_textbox(*self.plan.geometry.bodies["content"].emu())
        _flush_left(target)
        self._fill(target, list(text.paras), text.start, self.fg, floor=self.floor, where=slide.title)

    def _image(self, page, slide: Slide, plan, dark: bool) -> None:
        image = slide.blocks[0]
        area = self.plan.geometry.bodies["table"]
        # The file's own size, scaled down (never up) to the room below the title, centred in it.
        width, height = image.size
        scale = min(1.0, area.w / width, area.h / height)
        box = Box(area.x + (area.w - width * scale) / 2, area.y, width * scale, height * scale)
        draw_picture(page, image, box.emu())

    def _code(self, page, slide: Slide, plan: CodePage | None, dark: bool) -> None:
        plan = plan or self.pager.plan_code(slide)[0]
        area = self.plan.geometry.bodies["table"]
        fonts, self.fonts = self.fonts, self.typeset.mono
        try:
            width = area.w - 2 * COLUMN_PAD
            used = fit.height(list(plan.lines), self.fonts, width, plan.size)
            box = Box(area.x, area.y, area.w, min(area.h, used + 2 * COLUMN_PAD + plan.size))
            target = page.shapes.add_textbox(*box.emu())
            target.name = "Code"
            target.fill.solid()
            target.fill.fore_color.rgb = RGBColor.from_string(self.surface)
            frame = target.text_frame
            frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = Pt(COLUMN_PAD)
            self._fill(
                target, list(plan.lines), plan.size, self.fg, floor=min(plan.size, self.table_floor), where=slide.title
            )
        finally:
            self.fonts = fonts

    def _diagram(self, page, slide: Slide, plan, dark: bool) -> None:
        table = next(b for b in slide.blocks if isinstance(b, Table))
        primary = self.brand.color("primary")
        colours = {
            "role": primary,
            "on_role": self.on_primary,
            "leader": self.surface,
            "on_leader": self.fg,
            "line": self.accent,
        }
        draw_chart(
            page,
            table,
            self.plan.geometry.bodies["table"],
            colours,
            self.fonts,
            lambda run, size, colour, bold: self._style(run, size, colour, bold=bold),
            self.body_start - 4,
            self.table_floor,
            lambda message: self.warnings.append(f"slide '{slide.title}': {message}"),
        )

    def _columns(self, page, slide: Slide, plan: ColumnsPage | None, dark: bool) -> None:
        plan = plan or self.pager.plan_columns(slide)[0]
        bodies = body_placeholders(page)
        boxes = column_boxes(self.plan.geometry.bodies["columns"], len(plan.columns))
        for index, (column_paras, box) in enumerate(zip(plan.columns, boxes)):
            if not column_paras:
                continue  # an empty column keeps its place on a slide that fits
            if len(bodies) == len(plan.columns):
                target = bodies[index]
                target.left, target.top, target.width, target.height = box.emu()
            else:
                target = page.shapes.add_textbox(*box.emu())
            target.fill.solid()
            target.fill.fore_color.rgb = RGBColor.from_string(self.surface)
            frame = target.text_frame
            frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = Pt(COLUMN_PAD)
            self._accent_bar(page, Box(box.x, box.y, box.w, 5))
            self._fill(
                target,
                list(column_paras),
                plan.size,
                self.fg,
                floor=min(plan.size, self.table_floor),
                where=slide.title,
            )

    def _table(self, page, slide: Slide, plan: TablePage | None, dark: bool) -> None:
        plan = plan or self.pager.plan_table(slide)[0]
        area = self.plan.geometry.bodies["table"]
        rows = [plan.header] + list(plan.rows)
        ncols = len(plan.weights)
        size = plan.size
        shape = page.shapes.add_table(len(rows), ncols, *Box(area.x, area.y, area.w, 10).emu())
        shape.name = "Comparison table"
        grid = shape.table
        # first_row marks the header row for screen readers and PowerPoint's accessibility checker.
        grid.first_row = True
        grid.horz_banding = False
        for index, weight in enumerate(plan.weights):
            grid.columns[index].width = Emu(round(area.w * weight * EMU_PER_PT))
        light, primary, header_text = self.surface, self.brand.color("primary"), self.on_primary
        for r, row in enumerate(rows):
            for c in range(ncols):
                cell = grid.cell(r, c)
                spans = row[c] if c < len(row) else ()
                cell.fill.solid()
                fill = primary if r == 0 else (light if r % 2 == 0 else self.scheme.paper)
                cell.fill.fore_color.rgb = RGBColor.from_string(fill)
                cell.margin_left = cell.margin_right = Pt(CELL_MARGIN_X)
                cell.margin_top = cell.margin_bottom = Pt(CELL_MARGIN_Y)
                cell.vertical_anchor = MSO_ANCHOR.MIDDLE if r == 0 else MSO_ANCHOR.TOP
                frame = cell.text_frame
                frame.word_wrap = True
                para = frame.paragraphs[0]
                _direction(para, plain(spans))
                for span in spans or (Span(""),):
                    run = para.add_run()
                    run.text = span.text
                    self._style(
                        run,
                        size,
                        header_text if r == 0 else self.fg,
                        bold=r == 0 or c == 0 or span.bold,
                        italic=span.italic,
                        code=span.code,
                    )
                    decorate(run, span)
            grid.rows[r].height = Emu(
                round(self.pager.row_height(row, plan.weights, area.w, size, header=r == 0) * EMU_PER_PT)
            )

    # -- furniture: logo, footer, slide number ---------------------------------------------------

    def _logo_on(self, backdrop: str):
        """Return the logo for a backdrop: the brand's dark variant on a dark one, when it gives one."""
        brand = self.brand
        if brand.dark_logo is not None and colors.luminance(backdrop) < 0.18:
            return brand.dark_logo
        return brand.logo

    def _furniture(self, page, kind: str, dark: bool) -> None:
        logo = self._logo_on(self.bg)
        margin = 0.056 * self.width
        if kind == "title":
            return
        if dark:
            if logo is not None:
                h = 0.06 * self.height
                chip = Box(self.width - margin - h * 4.2, self.height - margin * 0.6 - h * 1.5, h * 4.2, h * 1.5)
                # A logo made for dark backgrounds, or one that brings its own plate, needs no white chip.
                if logo is self.brand.dark_logo or _opaque(logo.picture):
                    # The logo brings its own plate; a white chip around it would only frame it.
                    self._picture(page, logo, Box(chip.x, chip.y + h * 0.25, chip.w, h), fit_box=True)
                    return
                shape = page.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, *chip.emu())
                shape.name = "Logo background"
                shape.fill.solid()
                shape.fill.fore_color.rgb = RGBColor.from_string("FFFFFF")
                shape.line.fill.background()
                shape.shadow.inherit = False
                self._picture(page, logo, Box(chip.x + h * 0.25, chip.y + h * 0.25, chip.w - h * 0.5, h), fit_box=True)
            return
        if logo is not None:
            h = 0.065 * self.height
            title = box_of(title_placeholder(page))
            self._picture(page, logo, Box(self.width - margin, title.y + (title.h - h) / 2 + 4, 0, h), right=True)
        footer = self.brand.footer_in(self.meta.lang) or self.brand.name
        y = self.height - 0.075 * self.height
        self._textbox(page, Box(margin, y, self.width * 0.6, 22), footer, 11, self.muted)
        number = self._textbox(page, Box(self.width - margin - 72, y, 72, 22), "", 11, self.muted)
        _slide_number_field(
            number.text_frame.paragraphs[0], self.count, 11, self.muted, self.brand.base_font.family, self.meta.lang
        )
        number.text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT

    def _accent_bar(self, page, box: Box) -> None:
        bar = page.shapes.add_shape(MSO_SHAPE.RECTANGLE, *box.emu())
        bar.name = "Accent"
        bar.fill.solid()
        bar.fill.fore_color.rgb = RGBColor.from_string(self.brand.color("primary"))
        bar.line.fill.background()
        bar.shadow.inherit = False

    def _picture(self, page, logo, box: Box, right: bool = False, fit_box: bool = False):
        ratio = _aspect(logo.picture)
        h, w = box.h, box.h * ratio
        if fit_box and w > box.w:
            w, h = box.w, box.w / ratio
        x = box.x - w if right else box.x + (box.w - w) / 2 if fit_box else box.x
        # python-pptx hashes the image and searches every part of the deck on each add_picture;
        # the logo is the same picture on every slide, so its part is found once per deck.
        if logo.path not in self._logo_parts:
            part, _ = page.part.get_or_add_image_part(str(logo.picture))
            svg = None
            if logo.svg is not None:
                package = page.part.package
                svg = Part(
                    package.next_partname("/ppt/media/image%d.svg"), SVG_CONTENT_TYPE, package, logo.svg.read_bytes()
                )
            self._logo_parts[logo.path] = (part, svg)
        part, svg = self._logo_parts[logo.path]
        rid = page.part.relate_to(part, RT.IMAGE)
        shapes = page.shapes
        element = shapes._add_pic_from_image_part(part, rid, *Box(x, box.y, w, h).emu())
        if svg is not None:
            add_svg_blip(element.blipFill.find(qn("a:blip")), page.part.relate_to(svg, RT.IMAGE))
        picture = shapes._shape_factory(element)
        picture.name = "Logo"
        picture._element.nvPicPr.cNvPr.set("descr", logo.alt)
        return picture

    def _textbox(self, page, box: Box, text: str, size: float, color: str, heading=False, bold=False):
        shape = page.shapes.add_textbox(*box.emu())
        _flush_left(shape)  # bylines and footers share the left edge of titles and text
        frame = shape.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        if text:
            run = frame.paragraphs[0].add_run()
            run.text = text
            self._style(run, size, color, heading=heading, bold=bold)
        return shape

    # -- text --------------------------------------------------------------------------------

    def _fill(
        self,
        shape,
        paras: list[fit.Para],
        start: float,
        color: str,
        floor: float,
        heading: bool = False,
        bold: bool = False,
        where: str = "",
    ) -> None:
        frame = shape.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        # Wrap to the width the renderer wraps to: the shape's own insets, else its layout's, else Office's.
        width, height = text_area(box_of(shape), Insets.of(text_insets(shape, self.insets)))
        fonts = fit.Fonts(self.fonts.heading, self.fonts.heading) if heading else self.fonts
        # Text drawn bold is measured bold: bold faces run wider.
        measured = (
            [fit.Para(tuple(replace(span, bold=True) for span in p.spans), p.kind, p.number) for p in paras]
            if bold
            else paras
        )
        size = fit.fit_size(measured, fonts, width, height, start, floor)
        if size is None:
            size = floor
            if where:
                self.warnings.append(f"slide '{where}': text is taller than its box at {floor:g} pt")
        if len(paras) == 1 and paras[0].kind in ("body", "quote") and not right_to_left(paras[0].text):
            # A subtitle or quote set as one block: no lone word on its last line (as titles).
            balanced = fit.balanced_width(paras[0].text, fonts.body, width, size, bold=bold)
            if balanced < width:
                right = text_insets(shape, self.insets)["rIns"] + width - balanced
                frame._bodyPr.set("rIns", str(round(right * EMU_PER_PT)))
        for index, para in enumerate(paras):
            p = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            psize = fit.para_size(para, size)
            _bullet(p, para, psize, self.accent, index)
            if index and not (para.kind == "code" and paras[index - 1].kind == "code"):
                p.space_before = Pt(round(fit.SPACE_BEFORE * psize))
            _direction(p, para.text)
            for span in para.spans:
                run = p.add_run()
                run.text = span.text
                run_color = self.title_color if para.kind == "heading" else color
                self._style(
                    run,
                    psize,
                    run_color,
                    heading=heading or para.kind == "heading",
                    bold=bold or span.bold or para.kind == "heading",
                    italic=span.italic or para.kind == "quote",
                    code=span.code,
                )
                decorate(run, span)

    def _style(self, run, size: float, color: str, heading=False, bold=False, italic=False, code=False):
        family = self.brand.mono_font if code else self.brand.heading_font if heading else self.brand.base_font
        if code and color == self.fg:
            color = self.scheme.code or color
        rpr = run._r.get_or_add_rPr()
        _run_properties(rpr, size, color, family.family, self.meta.lang, bold, italic)
        _script_fonts(rpr, run.text, self.meta.lang, self.han)
        # Hanging punctuation lets a closing "。" stick out past the box; rolegen measures without it.
        run._r.getparent().get_or_add_pPr().set("hangingPunct", "0")

    # -- document ------------------------------------------------------------------------------

    def finish(self, stamp: dt.datetime) -> None:
        fill_core_properties(
            self.prs.core_properties, self.meta.title, self.meta.subtitle, self.brand.name, self.meta.lang, stamp
        )


@functools.lru_cache(maxsize=8)
def _aspect(path: Path) -> float:
    """Return an image's width divided by its height (read once: every slide shows the logo)."""
    from PIL import Image

    with Image.open(path) as image:
        return image.width / image.height


@functools.lru_cache(maxsize=8)
def _opaque(path: Path) -> bool:
    """Return whether an image covers (nearly) all of its box, i.e. carries its own background."""
    from PIL import Image, ImageStat

    with Image.open(path) as image:
        if "A" not in image.getbands():
            return True
        solid = image.getchannel("A").point(lambda v: 255 if v > 200 else 0)
        return ImageStat.Stat(solid).mean[0] / 255 > 0.9


def _flush_left(shape) -> None:
    # Text starts at its box's edge, where masters draw the bar under a title, so titles, bars and
    # text share one left edge (Office's default 0.1 in inset would push the text off it).
    shape.text_frame._bodyPr.set("lIns", "0")


def _title_first(page) -> None:
    # Screen readers follow the shape tree, so the title goes first whatever the layout's order.
    title = title_placeholder(page)
    tree = page.shapes._spTree
    shapes = [child for child in tree if child.tag not in (qn("p:nvGrpSpPr"), qn("p:grpSpPr"), qn("p:extLst"))]
    if title is not None and shapes and shapes[0] is not title._element:
        tree.remove(title._element)
        shapes[0].addprevious(title._element)


def _drop_empty_placeholders(page) -> None:
    # Empty placeholders show "Click to add text" in PowerPoint and confuse screen readers.
    tree = page.shapes._spTree
    for element in list(tree.iterchildren(_SP)):
        if element.find(PH_PATH) is not None and not body_text(element.find(_TX_BODY)).strip():
            tree.remove(element)


def _bullet(p, para: fit.Para, size: float, accent: str, index: int) -> None:
    ppr = p._p.get_or_add_pPr()
    for tag in ("a:buNone", "a:buChar", "a:buAutoNum", "a:buClr", "a:buFont"):
        for old in ppr.findall(qn(tag)):
            ppr.remove(old)
    if para.kind in ("bullet", "number", "item"):
        list_bullet(
            ppr, para, round(fit.indent(para) * size * EMU_PER_PT), round(fit.hang(para) * size * EMU_PER_PT), accent
        )
    else:
        ppr.set("marL", "0")
        ppr.set("indent", "0")
        ppr.append(ppr.makeelement(qn("a:buNone"), {}))


def _direction(p, text: str) -> None:
    # Arabic and Hebrew paragraphs run right to left and align right, bullets included.
    if right_to_left(text):
        p._p.get_or_add_pPr().set("rtl", "1")
        p.alignment = PP_ALIGN.RIGHT


def _run_properties(
    rpr, size: float, color: str, family: str, lang: str, bold: bool = False, italic: bool = False
) -> None:
    """Write a run's (or a field's) size, weight, colour, font and language as XML.

    Not through python-pptx's font properties: they look each child up by XPath, and a deck styles
    thousands of runs.
    """
    for child in list(rpr):
        rpr.remove(child)
    rpr.set("lang", lang or "en-GB")
    rpr.set("sz", str(round(size * 100)))
    rpr.set("b", "1" if bold else "0")
    if italic:
        rpr.set("i", "1")
    fill = etree.SubElement(rpr, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val=color)
    etree.SubElement(rpr, qn("a:latin"), typeface=family)


def _script_fonts(rpr, text: str, lang: str, han: str | None) -> None:
    """Tag a run of Japanese, Chinese, Korean, Arabic or Hebrew with its language and name its font.

    Office picks the a:ea font for East Asian characters and a:cs for complex script; without them
    it falls back to whatever the machine has, and spell-checks the run as the document's language.
    """
    east, complex_ = scripts.east_asian(text, lang, han), scripts.complex_script(text)
    if east is None and complex_ is None:
        return
    rpr.set("lang", scripts.language_tag(text, lang, han))
    if east:
        etree.SubElement(rpr, qn("a:ea"), typeface=scripts.EAST_ASIAN_FONTS[east])
    if complex_:
        etree.SubElement(rpr, qn("a:cs"), typeface=scripts.COMPLEX_FONTS[complex_])


def _slide_number_field(p, number: int, size: float, color: str, family: str, lang: str) -> None:
    field = etree.SubElement(p._p, qn("a:fld"), id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}", type="slidenum")
    _run_properties(etree.SubElement(field, qn("a:rPr")), size, color, family, lang)
    etree.SubElement(field, qn("a:t")).text = str(number)
