"""Draw a deck into a .pptx: open the master, lay each slide on its layout, write the package."""

from __future__ import annotations

import copy
import functools
import datetime as dt
from dataclasses import replace

from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.parts.slide import NotesSlidePart

from rolegen.brand import colors, contrast
from rolegen.typeset import fit
from rolegen.content import scripts
from rolegen.brand.fonts import right_to_left
from rolegen.model import Brand
from rolegen.render.ooxml import fill_core_properties, write_package
from rolegen.facts import EMU_PER_PT, Drawn
from rolegen.cache import BuildCache, signature
from rolegen.render import pptx_slides
from rolegen.render import pptx_shapes as shape_xml
from rolegen.render import pptx_xml as x
from rolegen.render.inspect_pptx import facts_of
from rolegen.render.library_internals import add_slide, drop_slides, next_slide_id, package_rels
from rolegen.render.master_plan import DEFAULT_MASTER, MasterPlan, open_master
from rolegen.render.master_plan import plan as _plan
from rolegen.render.pptx_text import Jumps, bullet, direction, draw_span, flush_left, run_properties, script_fonts
from rolegen.render.pptx_xml import TITLE_TYPES, qn
from rolegen.typeset.paginate import Box, Insets, Paginator, Typeset, kind_of, layout_kind, text_area
from rolegen.tree import Meta, Slide, plain, strings

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
    deck = Deck(brand, meta, warnings if warnings is not None else [], cache)
    try:
        deck.quote_mark = quote_mark
        # Han characters alone are Japanese in a deck that has kana anywhere (a title in kanji, say).
        deck.han = scripts.east_asian(" ".join(strings(slides)), meta.lang)
        pages = deck.pager.paginate(slides, continued, deck.warnings)
        deck.title_sizes = deck.pager.title_sizes([slide for slide, _ in pages])
        for slide, page in pages:
            deck.add(slide, page)
        deck.jumps.link()
        deck.finish(stamp)
        package = deck.prs.part.package
        data = write_package(package_rels(package), cache)
        return Drawn(data, facts_of(deck.prs, deck.insets))
    finally:
        # The open master is the build's: the next deck drawn on it starts with none of these slides.
        drop_slides(deck.prs)


def paginator(brand: Brand, cache: BuildCache | None = None) -> Paginator:
    """Return what splits slides into pages on the brand's master, at its sizes."""
    return Deck(brand, Meta(""), [], cache).pager


def _open_master(brand: Brand, cache: BuildCache) -> tuple[object, MasterPlan]:
    """Return the brand's open master and its plan, made once per build and version of the master file.

    Opening a master costs a deck about 13 ms of its 180: a build's decks share one, each removing
    its slides when done (open_master makes every part a deck would add to it).
    """

    def open_and_plan() -> tuple[object, MasterPlan]:
        prs = open_master(brand, cache)
        return prs, _plan(prs, brand)

    return cache.entry("masters", _master_key(brand), open_and_plan)


def _master_key(brand: Brand) -> tuple:
    return brand, signature(brand.master or DEFAULT_MASTER)


class Page:
    """One slide being drawn: its part (for relationships), its shape tree, its layout and shape ids."""

    def __init__(self, part, tree, layout: str):
        self.part, self.tree, self.layout = part, tree, layout
        self._last_id = shape_xml.shape_tree_ids(tree)
        # A slide's placeholders are those its layout's skeleton gave it, and drawing asks for them
        # by type a dozen times a slide: each is read once (held, so lxml keeps the same element).
        found = ((e, x.placeholder_type(e)) for e in tree.iterchildren(x.SP))
        self._types = {e: kind for e, kind in found if kind is not None}

    def new_id(self) -> int:
        """Return the id for the next shape, one more than the largest so far (as PowerPoint counts)."""
        self._last_id += 1
        return self._last_id

    def placeholders(self, types) -> list:
        """Return the slide's placeholder elements whose type is one of types, in tree order."""
        kinds = self._types
        return [e for e in self.tree.iterchildren(x.SP) if kinds.get(e) in types]

    def drop_empty_placeholders(self) -> None:
        """Remove the placeholders left without text: PowerPoint shows them as "Click to add text", and
        they confuse screen readers."""
        for element in self._types:
            if element.getparent() is self.tree and not x.has_text(x.child(element, x.TX_BODY)):
                self.tree.remove(element)

    def title(self):
        """Return the title placeholder element, or None."""
        found = self.placeholders(TITLE_TYPES)
        return found[0] if found else None

    def bodies(self) -> list:
        """Return the body placeholder elements (subtitles aside), left to right."""
        found = self.placeholders((PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT))
        return sorted(found, key=lambda e: ((x.own_rect(e) or (0,))[0], int(x.placeholder(e).get("idx", "0"))))


class Deck:
    """A deck being drawn on a master: its plan, fonts and colours, and the text that pptx_slides draws with."""

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
        self.jumps = Jumps(_highlight(brand))
        self.quote_mark = "\u201c"
        self.title_sizes: dict[str, float] = {}
        self.han: str | None = None  # the language of the deck's Han-only runs (see render_deck)
        self.title_drawn = 0.0  # the height of the last title drawn, in points
        self.count = 0
        self.logo_parts: dict = {}  # logo file -> (picture part, SVG part or None)
        # A notes slide before its text, as python-pptx made the first on this master: every deck's start the same.
        self._notes: list = self.cache.entry("notes", _master_key(brand), list)
        self._notes_names: set[str] | None = None
        self._notes_number = 1  # no notes slide below this number is free
        self._slide_id: int | None = None  # the id of the next slide, counted from the master's

    def _use(self, scheme: contrast.Scheme) -> None:
        """Draw the following text in a scheme's colours."""
        self.scheme = scheme
        self.fg, self.bg, self.title_color = scheme.text, scheme.background, scheme.title
        self.muted, self.surface, self.on_primary = scheme.muted, scheme.surface, scheme.on_primary

    def _new_slide(self, layout) -> Page:
        """Add a slide on layout, its placeholders copied from the plan's skeleton of that layout."""
        if self._slide_id is None:
            self._slide_id = next_slide_id(self.prs)
        part = add_slide(self.prs, layout, self._slide_id)
        self._slide_id += 1
        tree = part.slide.shapes.element
        name = str(layout.part.partname)
        for element in self.plan.skeletons[name]:
            tree.append(copy.deepcopy(element))
        return Page(part, tree, name)

    def text_insets(self, page: Page, element) -> dict[str, float]:
        """Return a shape's text insets in points: its own, else its layout placeholder's, else Office's."""
        return x.element_insets(element, self.insets.get(x.layout_key(page.layout, element)))

    # -- slides ----------------------------------------------------------------------------

    def add(self, slide: Slide, plan=None) -> None:
        """Draw one slide; plan is its share of a body, table or columns that runs on (None: all of it)."""
        figure = kind_of(slide)
        kind = layout_kind(figure)
        page = self._new_slide(self.layouts[kind])
        self.jumps.hold(slide.anchors, page.part)
        self.count += 1
        backdrop = self.plan.backdrops[kind]
        self._use(self.plan.schemes[kind])
        # A section-like slide on a filled layout carries no footer, and its logo sits on a chip.
        dark = kind in ("section", "quote", "closing") and backdrop != self.brand.color("background")
        pptx_slides.title(self, page, slide.title, kind)
        pptx_slides.body(self, page, slide, figure, plan, dark)
        pptx_slides.furniture(self, page, kind, dark)
        if slide.notes or slide.footnotes:
            x.set_text(
                self._notes_body(page),
                "\n".join(
                    [p.text for p in fit.paragraphs(slide.notes)]
                    + [f"{note.number}. {plain(note.spans)}" for note in slide.footnotes]
                ),
            )
        page.drop_empty_placeholders()
        _title_first(page)

    def _notes_body(self, page: Page):
        """Return the text body of a new notes slide for page.

        python-pptx builds each notes slide from the notes master, finding its placeholders by
        XPath; every notes slide drawn on a master starts the same, so the build's first is copied
        for the rest (related as python-pptx relates one: to the notes master, the slide, and back).
        """
        if not self._notes:
            element = page.part.notes_slide.element
            self._notes.append(copy.deepcopy(element))
            return x.notes_body(element)
        part, package = page.part, page.part.package
        element = copy.deepcopy(self._notes[0])
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
        number = self._notes_number
        while _NOTES_NAME % number in self._notes_names:
            number += 1
        self._notes_names.add(_NOTES_NAME % number)
        self._notes_number = number + 1
        return PackURI(_NOTES_NAME % number)

    def new_textbox(self, page: Page, box: Box):
        """Add an empty text box named as PowerPoint names one ('TextBox N')."""
        shape_id = page.new_id()
        return shape_xml.text_box(page.tree, shape_id, f"TextBox {shape_id - 1}", box.emu())

    def textbox(self, page: Page, box: Box, text: str, size: float, color: str, heading=False, bold=False):
        shape = self.new_textbox(page, box)
        flush_left(shape)  # bylines and footers share the left edge of titles and text
        if text:
            r = x.run(shape.find(x.TX_BODY).find(x.P), text)
            self.style(r, size, color, heading=heading, bold=bold)
        return shape

    # -- text --------------------------------------------------------------------------------

    def fill(
        self,
        page: Page,
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
        insets = self.text_insets(page, shape)
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
            bullet(p, para, psize, self.accent)
            if index and not (para.kind == "code" and paras[index - 1].kind == "code"):
                spacing = x.insert_ordered(x.p_pr(p), p.makeelement(qn("a:spcBef"), {}), x.PPR_ORDER)
                x.sub(spacing, "a:spcPts", {"val": str(round(fit.SPACE_BEFORE * psize) * 100)})
            direction(p, para.text)
            run_color = self.title_color if para.kind == "heading" else color
            for span in para.spans:
                style = functools.partial(
                    self.style,
                    size=psize,
                    color=run_color,
                    heading=heading or para.kind == "heading",
                    bold=bold or span.bold or para.kind == "heading",
                    italic=span.italic or para.kind == "quote",
                    code=span.code,
                )
                draw_span(p, span, style, page.part, self.jumps)

    def style(self, r, size: float, color: str, heading=False, bold=False, italic=False, code=False):
        """Style a run element: size, weight, colour, the brand's font for its kind, language."""
        family = self.brand.mono_font if code else self.brand.heading_font if heading else self.brand.base_font
        if code and color == self.fg:
            color = self.scheme.code or color
        rpr = x.r_pr(r)
        run_properties(rpr, size, color, family.family, self.meta.lang, bold, italic)
        script_fonts(rpr, x.run_text(r), self.meta.lang, self.han)
        # Hanging punctuation lets a closing "。" stick out past the box; rolegen measures without it.
        x.p_pr(r.getparent()).set("hangingPunct", "0")

    # -- document ------------------------------------------------------------------------------

    def finish(self, stamp: dt.datetime) -> None:
        fill_core_properties(
            self.prs.core_properties, self.meta.title, self.meta.subtitle, self.brand.name, self.meta.lang, stamp
        )


def _highlight(brand: Brand) -> str:
    """Return the colour <mark> text is drawn on: the brand's warning colour, light enough to read text on."""
    return colors.mix(brand.color("warning"), "FFFFFF", 0.55)


def _title_first(page: Page) -> None:
    # Screen readers follow the shape tree, so the title goes first whatever the layout's order.
    title, tree = page.title(), page.tree
    shapes = [child for child in tree if child.tag not in x.TREE_HEAD and child.tag != qn("p:extLst")]
    if title is not None and shapes and shapes[0] is not title:
        tree.remove(title)
        shapes[0].addprevious(title)
