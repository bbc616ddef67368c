"""Draw slides into a .pptx as XML, on the brand's master or the packaged one (python-pptx keeps the package)."""

from __future__ import annotations

import copy
import datetime as dt
import io
from dataclasses import replace
from pathlib import Path

from lxml import etree
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.parts.slide import NotesSlidePart

from rolegen.brand import colors, contrast
from rolegen.typeset import fit
from rolegen.content import scripts
from rolegen.typeset.figures import is_chart
from rolegen.brand.fonts import right_to_left
from rolegen.model import Brand
from rolegen.render.ooxml import (
    SVG_CONTENT_TYPE,
    add_svg_blip,
    fill_core_properties,
    write_package,
)
from rolegen.facts import EMU_PER_PT, Drawn
from rolegen.cache import BuildCache, signature
from rolegen.render.diagram_pptx import draw_chart
from rolegen.render import pptx_xml as x
from rolegen.render.inspect_pptx import facts_of
from rolegen.render.library_internals import add_slide_id, drop_slides, package_rels
from rolegen.render.master_plan import DEFAULT_MASTER, MasterPlan, open_master
from rolegen.render.master_plan import plan as _plan
from rolegen.render.pptx_text import decorate, list_bullet
from rolegen.render.pptx_xml import PH_PATH, TITLE_TYPES, qn
from rolegen.typeset.paginate import (
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


def render_deck(
    slides: list[Slide],
    meta: Meta,
    brand: Brand,
    stamp: dt.datetime,
    warnings: list[str] | None = None,
    continued: str = "(cont.)",
    quote_mark: str = "\u201c",
    cache: BuildCache | None = None,
) -> Drawn:
    """Return the .pptx that draws slides in the brand, and its facts for `rolegen check`.

    continued marks the title of a slide that runs on, quote_mark opens a quote, in the document's language.
    cache is the build's, shared by its decks (a new one when left out).
    """
    deck = _Deck(brand, meta, warnings if warnings is not None else [], cache)
    try:
        deck.quote_mark = quote_mark
        # Han characters alone are Japanese in a deck that has kana anywhere (a title in kanji, say).
        deck.han = scripts.east_asian(" ".join(strings(slides)), meta.lang)
        pages = deck.pager.paginate(slides, continued, deck.warnings)
        deck.title_sizes = deck.pager.title_sizes([slide for slide, _ in pages])
        for slide, page in pages:
            deck.add(slide, page)
        deck.finish(stamp)
        package = deck.prs.part.package
        data = write_package(package_rels(package))
        return Drawn(data, facts_of(deck.prs, deck.insets))
    finally:
        # The open master is the build's: the next deck drawn on it starts with none of these slides.
        drop_slides(deck.prs)


def paginator(brand: Brand, cache: BuildCache | None = None) -> Paginator:
    """Return what splits slides into pages on the brand's master, at its sizes."""
    return _Deck(brand, Meta(""), [], cache).pager


def _open_master(brand: Brand, cache: BuildCache) -> tuple[object, MasterPlan]:
    """Return the brand's open master and its plan, made once per build and version of the master file.

    Opening a master costs a deck about 13 ms of its 180: a build's decks share one, each removing
    its slides when done (open_master makes every part a deck would add to it).
    """

    def open_and_plan() -> tuple[object, MasterPlan]:
        prs = open_master(brand, cache)
        return prs, _plan(prs, brand)

    return cache.entry("masters", (brand, signature(brand.master or DEFAULT_MASTER)), open_and_plan)


class _Page:
    """One slide being drawn: its part (for relationships), its shape tree, its layout and shape ids."""

    def __init__(self, part, tree, layout: str):
        self.part, self.tree, self.layout = part, tree, layout
        self._last_id = x.shape_tree_ids(tree)

    def new_id(self) -> int:
        """Return the id for the next shape, one more than the largest so far (as PowerPoint counts)."""
        self._last_id += 1
        return self._last_id

    def placeholders(self, types) -> list:
        """Return the slide's placeholder elements whose type is one of types, in tree order."""
        return [e for e in self.tree.iterchildren(x.SP) if x.placeholder_type(e) in types]

    def title(self):
        """Return the title placeholder element, or None."""
        found = self.placeholders(TITLE_TYPES)
        return found[0] if found else None

    def bodies(self) -> list:
        """Return the body placeholder elements (subtitles aside), left to right."""
        found = self.placeholders((PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT))
        return sorted(found, key=lambda e: ((x.own_rect(e) or (0,))[0], int(e.find(PH_PATH).get("idx", "0"))))


class _Deck:
    """Draws a deck's slides as XML on a master, one method per kind of slide."""

    def __init__(self, brand: Brand, meta: Meta, warnings: list[str], cache: BuildCache | None = None):
        self.brand = brand
        self.cache = cache = cache or BuildCache()
        self.meta = meta
        self.warnings = warnings
        # Layouts, backdrops, geometry and slide skeletons come from the plan, read once per master.
        self.prs, self.plan = _open_master(brand, self.cache)
        self.width = self.prs.slide_width / EMU_PER_PT
        self.height = self.prs.slide_height / EMU_PER_PT
        self.typeset = Typeset.of(brand, cache)
        self.fonts = self.typeset.fonts
        self.warnings.extend(self.plan.warnings)
        layouts = self.prs.slide_layouts
        self.layouts = {kind: layouts[index] for kind, index in self.plan.layouts.items()}
        self.pager = Paginator(self.plan.geometry, self.typeset)
        self.insets = dict(self.plan.insets)  # the plan's inherited insets, for check's reader to add to
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

    def _new_slide(self, layout) -> _Page:
        """Add a slide on layout, its placeholders copied from the plan's skeleton of that layout."""
        rid, slide = self.prs.part.add_slide(layout)
        tree = slide.shapes.element
        name = str(layout.part.partname)
        for element in self.plan.skeletons[name]:
            tree.append(copy.deepcopy(element))
        add_slide_id(self.prs, rid)
        return _Page(slide.part, tree, name)

    def _insets(self, page: _Page, element) -> dict[str, float]:
        """Return a shape's text insets in points: its own, else its layout placeholder's, else Office's."""
        return x.element_insets(element, self.insets.get(x.layout_key(page.layout, element)))

    # -- slides ----------------------------------------------------------------------------

    def add(self, slide: Slide, plan=None) -> None:
        """Draw one slide; plan is its share of a body, table or columns that runs on (None: all of it)."""
        figure = kind_of(slide)
        kind = layout_kind(figure)
        page = self._new_slide(self.layouts[kind])
        self.count += 1
        backdrop = self.plan.backdrops[kind]
        self._use(self.plan.schemes[kind])
        # A section-like slide on a filled layout carries no footer, and its logo sits on a chip.
        dark = kind in ("section", "quote", "closing") and backdrop != self.brand.color("background")
        title, title_box = page.title(), self.plan.geometry.titles[kind]
        moved = title_box != Box(*(x.own_rect(title) or (0, 0, 0, 0)))
        if moved:
            x.set_rect(title, title_box.emu())
        body_pr = _flush_left(title)
        self._title(page, title, slide.title, kind, self.title_color)
        if moved:
            first = title.find(x.TX_BODY).find(x.P)
            x.p_pr(first).set("algn", "l")
            body_pr.set("anchor", "b")
            for r in first.iterchildren(x.R):
                # The layout's letter spacing was made for its own large title, not for this one.
                x.r_pr(r).set("spc", "0")
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
        if is_chart(slide):
            draw = self._diagram
        draw(page, slide, plan, dark)
        self._furniture(page, kind, dark)
        if slide.notes or slide.footnotes:
            x.set_text(
                self._notes_body(page),
                "\n".join(
                    [p.text for p in fit.paragraphs(slide.notes)]
                    + [f"{note.number}. {plain(note.spans)}" for note in slide.footnotes]
                ),
            )
        _drop_empty_placeholders(page.tree)
        _title_first(page)

    def _notes_body(self, page: _Page):
        """Return the text body of a new notes slide for page.

        python-pptx builds each notes slide from the notes master, finding its placeholders by
        XPath; every notes slide of a deck starts the same, so the first is copied for the rest.
        """
        if self._notes is None:
            element = page.part.notes_slide.element
            self._notes = copy.deepcopy(element)
            return x.notes_body(element)
        part, package = page.part, page.part.package
        element = copy.deepcopy(self._notes)
        notes_part = NotesSlidePart(self._notes_partname(package), CT.PML_NOTES_SLIDE, package, element)
        notes_part.relate_to(package.presentation_part.notes_master_part, RT.NOTES_MASTER)
        notes_part.relate_to(part, RT.SLIDE)
        part.relate_to(notes_part, RT.NOTES_SLIDE)
        return x.notes_body(element)

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

    def _title(self, page: _Page, shape, text: str, kind: str, color: str) -> None:
        box = Box(*x.own_rect(shape))
        group = TITLE_GROUPS.get(kind, "slide")
        start = TITLE_STARTS[group]
        insets = self._insets(page, shape)
        width, height = text_area(box, Insets.of(insets))
        size = self.title_sizes.get(group) or fit.title_size(text, self.fonts, width, height, start, min(start, 20))
        self.title_drawn = fit.title_height(text, self.fonts, width, size)
        balanced = fit.balanced_width(text, self.fonts.heading, width, size)
        body_pr = x.body_pr(shape)
        if balanced < width:
            body_pr.set("rIns", str(round((insets["rIns"] + width - balanced) * EMU_PER_PT)))
        if fit.title_height(text, self.fonts, width, size) > height:
            self.warnings.append(f"slide '{text}': the title is taller than its box at {size:g} pt; shorten it")
        x.no_autofit(body_pr)
        r = x.run(shape.find(x.TX_BODY).find(x.P), text)
        self._style(r, size, color, heading=True, bold=True)

    def _title_slide(self, page: _Page, slide: Slide, paras, dark: bool) -> None:
        if slide.subtitle:
            found = page.placeholders((PP_PLACEHOLDER.SUBTITLE, PP_PLACEHOLDER.BODY))
            target = found[0] if found else self._new_textbox(page, self.plan.geometry.bodies["title"])
            _flush_left(target)
            self._fill(page, target, [fit.Para((Span(slide.subtitle),))], 24, self.fg, floor=16)
        logo = self._logo_on(self.bg)
        title_box = Box(*x.own_rect(page.title()))
        if logo is not None:
            self._picture(page, logo, Box(title_box.x, 0.1 * self.height, 0, 0.095 * self.height))
        byline = " · ".join(t for t in (self.meta.author or self.brand.name, self.meta.date) if t)
        self._textbox(
            page, Box(title_box.x, 0.85 * self.height, self.width - title_box.x - 54, 28), byline, 14, self.muted
        )

    def _section(self, page: _Page, slide: Slide, paras, dark: bool) -> None:
        text = slide.subtitle or " ".join(p.text for p in fit.paragraphs(slide.blocks))
        if not text:
            return
        # A divider on a layout made for a title slide shows its text in the subtitle.
        bodies = page.bodies() or page.placeholders((PP_PLACEHOLDER.SUBTITLE,))
        if bodies:
            target = bodies[0]
            self._group_under_title(page, target)
        else:
            target = self._new_textbox(page, self.plan.geometry.bodies[slide.kind])
        _flush_left(target)
        self._fill(page, target, [fit.Para((Span(text),))], 24, self.fg, floor=16)

    def _group_under_title(self, page: _Page, body) -> None:
        """Move a divider's subtitle up to just under its title, so the two read as one group."""
        title = page.title()
        if x.body_pr(title).get("anchor") not in (None, "t"):
            return  # a title anchored low already sits on its subtitle
        box, insets = Box(*x.own_rect(title)), self._insets(page, title)
        old = Box(*x.own_rect(body))
        top = box.y + insets["tIns"] + self.title_drawn + 18
        if old.y <= top or top < box.y:
            return
        x.set_rect(body, Box(old.x, top, old.w, old.y + old.h - top).emu())
        x.body_pr(body).set("anchor", "t")

    def _quote(self, page: _Page, slide: Slide, paras, dark: bool) -> None:
        quote = fit.paragraphs(slide.blocks)
        color = self.fg
        bodies = page.bodies()
        box = Box(*x.own_rect(bodies[0])) if bodies else self.plan.geometry.bodies["quote"]
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
        target = bodies[0] if bodies else self._new_textbox(page, box)
        x.body_pr(target).set("anchor", "ctr")
        self._fill(
            page, target, [fit.Para(p.spans, "body") for p in quote], 44, color, floor=24, heading=True, bold=True
        )

    def _content(self, page: _Page, slide: Slide, text: TextPage | None, dark: bool) -> None:
        bodies = page.bodies()
        text = text or TextPage(tuple(fit.paragraphs(slide.blocks)), self.typeset.body_start)
        target = bodies[0] if bodies else self._new_textbox(page, self.plan.geometry.bodies["content"])
        _flush_left(target)
        self._fill(page, target, list(text.paras), text.start, self.fg, floor=self.typeset.floor, where=slide.title)

    def _image(self, page: _Page, slide: Slide, plan, dark: bool) -> None:
        image = slide.blocks[0]
        area = self.plan.geometry.bodies["table"]
        # The file's own size, scaled down (never up) to the room below the title, centred in it.
        width, height = image.size
        scale = min(1.0, area.w / width, area.h / height)
        box = Box(area.x + (area.w - width * scale) / 2, area.y, width * scale, height * scale)
        part, rid = page.part.get_or_add_image_part(io.BytesIO(image.data))
        shape_id = page.new_id()
        x.picture(page.tree, shape_id, f"Picture {shape_id}", image.alt, rid, box.emu())

    def _code(self, page: _Page, slide: Slide, plan: CodePage | None, dark: bool) -> None:
        plan = plan or self.pager.plan_code(slide)[0]
        area = self.plan.geometry.bodies["table"]
        width = area.w - 2 * COLUMN_PAD
        used = fit.height(list(plan.lines), self.typeset.mono, width, plan.size)
        box = Box(area.x, area.y, area.w, min(area.h, used + 2 * COLUMN_PAD + plan.size))
        target = x.text_box(page.tree, page.new_id(), "Code", box.emu(), fill=self.surface)
        _pad(target, COLUMN_PAD)
        self._fill(
            page,
            target,
            list(plan.lines),
            plan.size,
            self.fg,
            floor=min(plan.size, self.typeset.table_floor),
            where=slide.title,
            fonts=self.typeset.mono,
        )

    def _diagram(self, page: _Page, slide: Slide, plan, dark: bool) -> None:
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
            lambda r, size, colour, bold: self._style(r, size, colour, bold=bold),
            self.typeset.body_start - 4,
            self.typeset.table_floor,
            lambda message: self.warnings.append(f"slide '{slide.title}': {message}"),
        )

    def _columns(self, page: _Page, slide: Slide, plan: ColumnsPage | None, dark: bool) -> None:
        plan = plan or self.pager.plan_columns(slide)[0]
        bodies = page.bodies()
        boxes = column_boxes(self.plan.geometry.bodies["columns"], len(plan.columns))
        for index, (column_paras, box) in enumerate(zip(plan.columns, boxes)):
            if not column_paras:
                continue  # an empty column keeps its place on a slide that fits
            if len(bodies) == len(plan.columns):
                target = bodies[index]
                x.set_rect(target, box.emu())
            else:
                target = self._new_textbox(page, box)
            x.set_fill(target, self.surface)
            _pad(target, COLUMN_PAD)
            self._accent_bar(page, Box(box.x, box.y, box.w, 5))
            self._fill(
                page,
                target,
                list(column_paras),
                plan.size,
                self.fg,
                floor=min(plan.size, self.typeset.table_floor),
                where=slide.title,
            )

    def _table(self, page: _Page, slide: Slide, plan: TablePage | None, dark: bool) -> None:
        plan = plan or self.pager.plan_table(slide)[0]
        area = self.plan.geometry.bodies["table"]
        rows = [plan.header] + list(plan.rows)
        size = plan.size
        widths = [round(area.w * weight * EMU_PER_PT) for weight in plan.weights]
        heights = [
            round(self.pager.row_height(row, plan.weights, area.w, size, header=r == 0) * EMU_PER_PT)
            for r, row in enumerate(rows)
        ]
        box = Box(area.x, area.y, 0, 0).emu()[:2] + (sum(widths), sum(heights))
        grid = x.table(page.tree, page.new_id(), "Comparison table", box, widths, heights)
        light, primary, header_text = self.surface, self.brand.color("primary"), self.on_primary
        margins = {
            "marL": str(round(CELL_MARGIN_X * EMU_PER_PT)),
            "marR": str(round(CELL_MARGIN_X * EMU_PER_PT)),
            "marT": str(round(CELL_MARGIN_Y * EMU_PER_PT)),
            "marB": str(round(CELL_MARGIN_Y * EMU_PER_PT)),
        }
        for r, row in enumerate(rows):
            for c, cell in enumerate(grid[r].iterchildren(qn("a:tc"))):
                spans = row[c] if c < len(row) else ()
                tc_pr = cell.find(qn("a:tcPr"))
                for key, value in margins.items():
                    tc_pr.set(key, value)
                tc_pr.set("anchor", "ctr" if r == 0 else "t")
                x.solid_fill(tc_pr, primary if r == 0 else (light if r % 2 == 0 else self.scheme.paper))
                p = cell.find(qn("a:txBody")).find(x.P)
                _direction(p, plain(spans))
                for span in spans or (Span(""),):
                    run = x.run(p, span.text)
                    self._style(
                        run,
                        size,
                        header_text if r == 0 else self.fg,
                        bold=r == 0 or c == 0 or span.bold,
                        italic=span.italic,
                        code=span.code,
                    )
                    decorate(run, span, page.part)

    # -- furniture: logo, footer, slide number ---------------------------------------------------

    def _logo_on(self, backdrop: str):
        """Return the logo for a backdrop: the brand's dark variant on a dark one, when it gives one."""
        brand = self.brand
        if brand.dark_logo is not None and colors.luminance(backdrop) < 0.18:
            return brand.dark_logo
        return brand.logo

    def _furniture(self, page: _Page, kind: str, dark: bool) -> None:
        logo = self._logo_on(self.bg)
        margin = 0.056 * self.width
        if kind == "title":
            return
        if dark:
            if logo is not None:
                h = 0.06 * self.height
                chip = Box(self.width - margin - h * 4.2, self.height - margin * 0.6 - h * 1.5, h * 4.2, h * 1.5)
                # A logo made for dark backgrounds, or one that brings its own plate, needs no white chip.
                if logo is self.brand.dark_logo or _opaque(logo.picture, self.cache):
                    # The logo brings its own plate; a white chip around it would only frame it.
                    self._picture(page, logo, Box(chip.x, chip.y + h * 0.25, chip.w, h), fit_box=True)
                    return
                x.auto_shape(page.tree, page.new_id(), "Logo background", "roundRect", chip.emu(), "FFFFFF")
                self._picture(page, logo, Box(chip.x + h * 0.25, chip.y + h * 0.25, chip.w - h * 0.5, h), fit_box=True)
            return
        if logo is not None:
            h = 0.065 * self.height
            title = Box(*x.own_rect(page.title()))
            self._picture(page, logo, Box(self.width - margin, title.y + (title.h - h) / 2 + 4, 0, h), right=True)
        footer = self.brand.footer_in(self.meta.lang) or self.brand.name
        y = self.height - 0.075 * self.height
        self._textbox(page, Box(margin, y, self.width * 0.6, 22), footer, 11, self.muted)
        number = self._textbox(page, Box(self.width - margin - 72, y, 72, 22), "", 11, self.muted)
        p = number.find(x.TX_BODY).find(x.P)
        x.p_pr(p).set("algn", "r")
        _slide_number_field(p, self.count, 11, self.muted, self.brand.base_font.family, self.meta.lang)

    def _accent_bar(self, page: _Page, box: Box) -> None:
        x.auto_shape(page.tree, page.new_id(), "Accent", "rect", box.emu(), self.brand.color("primary"))

    def _picture(self, page: _Page, logo, box: Box, right: bool = False, fit_box: bool = False):
        ratio = _aspect(logo.picture, self.cache)
        h, w = box.h, box.h * ratio
        if fit_box and w > box.w:
            w, h = box.w, box.w / ratio
        x_left = box.x - w if right else box.x + (box.w - w) / 2 if fit_box else box.x
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
        element = x.picture(page.tree, page.new_id(), "Logo", logo.alt, rid, Box(x_left, box.y, w, h).emu())
        if svg is not None:
            add_svg_blip(element.find(f"{qn('p:blipFill')}/{qn('a:blip')}"), page.part.relate_to(svg, RT.IMAGE))
        return element

    def _new_textbox(self, page: _Page, box: Box):
        """Add an empty text box named as PowerPoint names one ('TextBox N')."""
        shape_id = page.new_id()
        return x.text_box(page.tree, shape_id, f"TextBox {shape_id - 1}", box.emu())

    def _textbox(self, page: _Page, box: Box, text: str, size: float, color: str, heading=False, bold=False):
        shape = self._new_textbox(page, box)
        _flush_left(shape)  # bylines and footers share the left edge of titles and text
        if text:
            r = x.run(shape.find(x.TX_BODY).find(x.P), text)
            self._style(r, size, color, heading=heading, bold=bold)
        return shape

    # -- text --------------------------------------------------------------------------------

    def _fill(
        self,
        page: _Page,
        shape,
        paras: list[fit.Para],
        start: float,
        color: str,
        floor: float,
        heading: bool = False,
        bold: bool = False,
        where: str = "",
        fonts: fit.Fonts | None = None,
    ) -> None:
        """Fill a shape with paragraphs at the largest size from start down to floor that fits it.

        fonts measure the text (the brand's, unless told: code is measured in the mono face).
        """
        body_pr = x.body_pr(shape)
        # Wrap to the width the renderer wraps to: the shape's own insets, else its layout's, else Office's.
        insets = self._insets(page, shape)
        width, height = text_area(Box(*x.own_rect(shape)), Insets.of(insets))
        fonts = fonts or (fit.Fonts(self.fonts.heading, self.fonts.heading) if heading else self.fonts)
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
        x.no_autofit(body_pr)
        if len(paras) == 1 and paras[0].kind in ("body", "quote") and not right_to_left(paras[0].text):
            # A subtitle or quote set as one block: no lone word on its last line (as titles).
            balanced = fit.balanced_width(paras[0].text, fonts.body, width, size, bold=bold)
            if balanced < width:
                body_pr.set("rIns", str(round((insets["rIns"] + width - balanced) * EMU_PER_PT)))
        body = shape.find(x.TX_BODY)
        for index, para in enumerate(paras):
            p = body.find(x.P) if index == 0 else x.sub(body, "a:p")
            psize = fit.para_size(para, size)
            _bullet(p, para, psize, self.accent)
            if index and not (para.kind == "code" and paras[index - 1].kind == "code"):
                spacing = x.insert_ordered(x.p_pr(p), p.makeelement(qn("a:spcBef"), {}), x.PPR_ORDER)
                x.sub(spacing, "a:spcPts", {"val": str(round(fit.SPACE_BEFORE * psize) * 100)})
            _direction(p, para.text)
            for span in para.spans:
                run = x.run(p, span.text)
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
                decorate(run, span, page.part)

    def _style(self, r, size: float, color: str, heading=False, bold=False, italic=False, code=False):
        """Style a run element: size, weight, colour, the brand's font for its kind, language."""
        family = self.brand.mono_font if code else self.brand.heading_font if heading else self.brand.base_font
        if code and color == self.fg:
            color = self.scheme.code or color
        rpr = x.r_pr(r)
        _run_properties(rpr, size, color, family.family, self.meta.lang, bold, italic)
        _script_fonts(rpr, r.findtext(x.T) or "", self.meta.lang, self.han)
        # Hanging punctuation lets a closing "。" stick out past the box; rolegen measures without it.
        x.p_pr(r.getparent()).set("hangingPunct", "0")

    # -- document ------------------------------------------------------------------------------

    def finish(self, stamp: dt.datetime) -> None:
        fill_core_properties(
            self.prs.core_properties, self.meta.title, self.meta.subtitle, self.brand.name, self.meta.lang, stamp
        )


def _aspect(path: Path, cache: BuildCache) -> float:
    """Return an image's width divided by its height (read once per build and version of the file:
    every slide shows the logo)."""
    return cache.file("images", path, _read_aspect, "aspect")


def _read_aspect(path: Path) -> float:
    from PIL import Image

    with Image.open(path) as image:
        return image.width / image.height


def _opaque(path: Path, cache: BuildCache) -> bool:
    """Return whether an image covers (nearly) all of its box, i.e. carries its own background."""
    return cache.file("images", path, _read_opaque, "opaque")


def _read_opaque(path: Path) -> bool:
    from PIL import Image, ImageStat

    with Image.open(path) as image:
        if "A" not in image.getbands():
            return True
        solid = image.getchannel("A").point(lambda v: 255 if v > 200 else 0)
        return ImageStat.Stat(solid).mean[0] / 255 > 0.9


def _flush_left(shape):
    """Start a shape's text at its box's edge; return its bodyPr.

    Masters draw the bar under a title at the box's edge, so titles, bars and text share one left
    edge (Office's default 0.1 in inset would push the text off it).
    """
    properties = x.body_pr(shape)
    properties.set("lIns", "0")
    return properties


def _pad(shape, points: float) -> None:
    """Keep points of room inside every edge of a shape's text."""
    properties = x.body_pr(shape)
    for key in ("lIns", "rIns", "tIns", "bIns"):
        properties.set(key, str(round(points * EMU_PER_PT)))


def _title_first(page: _Page) -> None:
    # Screen readers follow the shape tree, so the title goes first whatever the layout's order.
    title, tree = page.title(), page.tree
    shapes = [child for child in tree if child.tag not in x.TREE_HEAD and child.tag != qn("p:extLst")]
    if title is not None and shapes and shapes[0] is not title:
        tree.remove(title)
        shapes[0].addprevious(title)


def _drop_empty_placeholders(tree) -> None:
    # Empty placeholders show "Click to add text" in PowerPoint and confuse screen readers.
    for element in list(tree.iterchildren(x.SP)):
        if element.find(PH_PATH) is not None and not x.body_text(element.find(x.TX_BODY)).strip():
            tree.remove(element)


def _bullet(p, para: fit.Para, size: float, accent: str) -> None:
    ppr = x.p_pr(p)
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
        ppr = x.p_pr(p)
        ppr.set("rtl", "1")
        ppr.set("algn", "r")


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
    field = etree.SubElement(p, qn("a:fld"), id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}", type="slidenum")
    _run_properties(etree.SubElement(field, qn("a:rPr")), size, color, family, lang)
    etree.SubElement(field, qn("a:t")).text = str(number)
