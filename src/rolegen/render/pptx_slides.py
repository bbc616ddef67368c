"""Draw each kind of slide (title, divider, quote, text, image, code, chart, columns, table) and its furniture."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.parts.image import ImagePart

from rolegen.brand import colors, contrast
from rolegen.typeset import fit
from rolegen.typeset.figures import is_chart
from rolegen.render.ooxml import SVG_CONTENT_TYPE, add_svg_blip
from rolegen.facts import EMU_PER_PT
from rolegen.cache import BuildCache
from rolegen.render.diagram_pptx import draw_chart
from rolegen.render import pptx_figures
from rolegen.render import pptx_shapes as shape_xml
from rolegen.render import pptx_xml as x
from rolegen.render.pptx_text import direction, draw_span, flush_left, pad, run_properties
from rolegen.render.pptx_xml import qn
from rolegen.typeset.paginate import (
    COLUMN_PAD,
    CELL_MARGIN_X,
    CELL_MARGIN_Y,
    TITLE_GROUPS,
    TITLE_STARTS,
    Box,
    ColumnsPage,
    Insets,
    TablePage,
    TextPage,
    column_boxes,
    text_area,
)
from rolegen.tree import Slide, Span, Table, plain

if TYPE_CHECKING:
    from rolegen.render.pptx import Deck, Page


def title(deck: Deck, page: Page, text: str, kind: str) -> None:
    """Draw a slide's title in the plan's title box for its kind, flush with the text below it."""
    shape, box = page.title(), deck.plan.geometry.titles[kind]
    moved = box != Box(*(x.own_rect(shape) or (0, 0, 0, 0)))
    if moved:
        x.set_rect(shape, box.emu())
    body_pr = flush_left(shape)
    _title_text(deck, page, shape, text, kind, deck.title_color)
    if moved:
        first = shape.find(x.TX_BODY).find(x.P)
        x.p_pr(first).set("algn", "l")
        body_pr.set("anchor", "b")
        for r in first.iterchildren(x.R):
            # The layout's letter spacing was made for its own large title, not for this one.
            x.r_pr(r).set("spc", "0")


def body(deck: Deck, page: Page, slide: Slide, figure: str, plan, dark: bool) -> None:
    """Draw a slide's body as its kind of figure is drawn; plan is its share of what runs on (None: all of it)."""
    draw = _KINDS[figure]
    if is_chart(slide):
        draw = _diagram
    draw(deck, page, slide, plan, dark)


def _title_text(deck: Deck, page: Page, shape, text: str, kind: str, color: str) -> None:
    box = Box(*x.own_rect(shape))
    group = TITLE_GROUPS.get(kind, "slide")
    start = TITLE_STARTS[group]
    insets = deck.text_insets(page, shape)
    width, height = text_area(box, Insets.of(insets))
    size = deck.title_sizes.get(group) or fit.title_size(text, deck.fonts, width, height, start, min(start, 20))
    deck.title_drawn = fit.title_height(text, deck.fonts, width, size)
    balanced = fit.balanced_width(text, deck.fonts.heading, width, size)
    body_pr = x.body_pr(shape)
    if balanced < width:
        body_pr.set("rIns", str(round((insets["rIns"] + width - balanced) * EMU_PER_PT)))
    if fit.title_height(text, deck.fonts, width, size) > height:
        deck.warnings.append(f"slide '{text}': the title is taller than its box at {size:g} pt; shorten it")
    x.no_autofit(body_pr)
    r = x.run(shape.find(x.TX_BODY).find(x.P), text)
    deck.style(r, size, color, heading=True, bold=True)


def _title_slide(deck: Deck, page: Page, slide: Slide, paras, dark: bool) -> None:
    if slide.subtitle:
        found = page.placeholders((PP_PLACEHOLDER.SUBTITLE, PP_PLACEHOLDER.BODY))
        target = found[0] if found else deck.new_textbox(page, deck.plan.geometry.bodies["title"])
        flush_left(target)
        deck.fill(page, target, [fit.Para((Span(slide.subtitle),))], 24, deck.fg, floor=16)
    logo = _logo_on(deck, deck.bg)
    title_box = Box(*x.own_rect(page.title()))
    if logo is not None:
        _picture(deck, page, logo, Box(title_box.x, 0.1 * deck.height, 0, 0.095 * deck.height))
    byline = " · ".join(t for t in (deck.meta.author or deck.brand.name, deck.meta.date) if t)
    deck.textbox(page, Box(title_box.x, 0.85 * deck.height, deck.width - title_box.x - 54, 28), byline, 14, deck.muted)


def _section(deck: Deck, page: Page, slide: Slide, paras, dark: bool) -> None:
    text = slide.subtitle or " ".join(p.text for p in fit.paragraphs(slide.blocks))
    if not text:
        return
    # A divider on a layout made for a title slide shows its text in the subtitle.
    bodies = page.bodies() or page.placeholders((PP_PLACEHOLDER.SUBTITLE,))
    if bodies:
        target = bodies[0]
        _group_under_title(deck, page, target)
    else:
        target = deck.new_textbox(page, deck.plan.geometry.bodies[slide.kind])
    flush_left(target)
    deck.fill(page, target, [fit.Para((Span(text),))], 24, deck.fg, floor=16)


def _group_under_title(deck: Deck, page: Page, body) -> None:
    """Move a divider's subtitle up to just under its title, so the two read as one group."""
    title = page.title()
    if x.body_pr(title).get("anchor") not in (None, "t"):
        return  # a title anchored low already sits on its subtitle
    box, insets = Box(*x.own_rect(title)), deck.text_insets(page, title)
    old = Box(*x.own_rect(body))
    top = box.y + insets["tIns"] + deck.title_drawn + 18
    if old.y <= top or top < box.y:
        return
    x.set_rect(body, Box(old.x, top, old.w, old.y + old.h - top).emu())
    x.body_pr(body).set("anchor", "t")


def _quote(deck: Deck, page: Page, slide: Slide, paras, dark: bool) -> None:
    quote = fit.paragraphs(slide.blocks)
    color = deck.fg
    bodies = page.bodies()
    box = Box(*x.own_rect(bodies[0])) if bodies else deck.plan.geometry.bodies["quote"]
    mark_color = deck.accent if colors.contrast(deck.accent, deck.bg) >= contrast.LARGE_MINIMUM else color
    # Tall enough for a 140 pt line, so the mark's box holds it (rolegen check measures every box).
    mark_width = deck.fonts.heading.width(deck.quote_mark, 140, bold=True) + 20
    deck.textbox(
        page,
        Box(box.x - mark_width + 16, box.y - 30, mark_width, 180),
        deck.quote_mark,
        140,
        mark_color,
        heading=True,
        bold=True,
    )
    target = bodies[0] if bodies else deck.new_textbox(page, box)
    x.body_pr(target).set("anchor", "ctr")
    deck.fill(page, target, [fit.Para(p.spans, "body") for p in quote], 44, color, floor=24, heading=True, bold=True)


def _content(deck: Deck, page: Page, slide: Slide, text: TextPage | None, dark: bool) -> None:
    bodies = page.bodies()
    text = text or TextPage(tuple(fit.paragraphs(slide.blocks)), deck.typeset.body_start)
    target = bodies[0] if bodies else deck.new_textbox(page, deck.plan.geometry.bodies["content"])
    flush_left(target)
    deck.fill(page, target, list(text.paras), text.start, deck.fg, floor=deck.typeset.floor, where=slide.title)


def _diagram(deck: Deck, page: Page, slide: Slide, plan, dark: bool) -> None:
    table = next(b for b in slide.blocks if isinstance(b, Table))
    primary = deck.brand.color("primary")
    colours = {
        "role": primary,
        "on_role": deck.on_primary,
        "leader": deck.surface,
        "on_leader": deck.fg,
        "line": deck.accent,
    }
    draw_chart(
        page,
        table,
        deck.plan.geometry.bodies["table"],
        colours,
        deck.fonts,
        lambda r, size, colour, bold: deck.style(r, size, colour, bold=bold),
        deck.typeset.body_start - 4,
        deck.typeset.table_floor,
        lambda message: deck.warnings.append(f"slide '{slide.title}': {message}"),
    )


def _columns(deck: Deck, page: Page, slide: Slide, plan: ColumnsPage | None, dark: bool) -> None:
    plan = plan or deck.pager.plan_columns(slide)[0]
    bodies = page.bodies()
    boxes = column_boxes(deck.plan.geometry.bodies["columns"], len(plan.columns))
    for index, (column_paras, box) in enumerate(zip(plan.columns, boxes)):
        if not column_paras:
            continue  # an empty column keeps its place on a slide that fits
        if len(bodies) == len(plan.columns):
            target = bodies[index]
            x.set_rect(target, box.emu())
        else:
            target = deck.new_textbox(page, box)
        x.set_fill(target, deck.surface)
        pad(target, COLUMN_PAD)
        _accent_bar(deck, page, Box(box.x, box.y, box.w, 5))
        deck.fill(
            page,
            target,
            list(column_paras),
            plan.size,
            deck.fg,
            floor=min(plan.size, deck.typeset.table_floor),
            where=slide.title,
        )


def _table(deck: Deck, page: Page, slide: Slide, plan: TablePage | None, dark: bool) -> None:
    plan = plan or deck.pager.plan_table(slide)[0]
    area = deck.plan.geometry.bodies["table"]
    rows = [plan.header] + list(plan.rows)
    size = plan.size
    widths = [round(area.w * weight * EMU_PER_PT) for weight in plan.weights]
    heights = [
        round(deck.pager.row_height(row, plan.weights, area.w, size, header=r == 0) * EMU_PER_PT)
        for r, row in enumerate(rows)
    ]
    box = Box(area.x, area.y, 0, 0).emu()[:2] + (sum(widths), sum(heights))
    grid = shape_xml.table(page.tree, page.new_id(), "Comparison table", box, widths, heights)
    light, primary, header_text = deck.surface, deck.brand.color("primary"), deck.on_primary
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
            x.solid_fill(tc_pr, primary if r == 0 else (light if r % 2 == 0 else deck.scheme.paper))
            p = cell.find(qn("a:txBody")).find(x.P)
            direction(p, plain(spans))
            for span in spans or (Span(""),):
                style = functools.partial(
                    deck.style,
                    size=size,
                    color=header_text if r == 0 else deck.fg,
                    bold=r == 0 or c == 0 or span.bold,
                    italic=span.italic,
                    code=span.code,
                )
                draw_span(p, span, style, page.part, deck.jumps)


def _logo_on(deck: Deck, backdrop: str):
    """Return the logo for a backdrop: the brand's dark variant on a dark one, when it gives one."""
    brand = deck.brand
    if brand.dark_logo is not None and colors.luminance(backdrop) < 0.18:
        return brand.dark_logo
    return brand.logo


def furniture(deck: Deck, page: Page, kind: str, dark: bool) -> None:
    """Draw the logo, footer and slide number a slide of kind carries (on a dark one: the logo on a chip)."""
    logo = _logo_on(deck, deck.bg)
    margin = 0.056 * deck.width
    if kind == "title":
        return
    if dark:
        if logo is not None:
            h = 0.06 * deck.height
            chip = Box(deck.width - margin - h * 4.2, deck.height - margin * 0.6 - h * 1.5, h * 4.2, h * 1.5)
            # A logo made for dark backgrounds, or one that brings its own plate, needs no white chip.
            if logo is deck.brand.dark_logo or _opaque(logo.picture, deck.cache):
                # The logo brings its own plate; a white chip around it would only frame it.
                _picture(deck, page, logo, Box(chip.x, chip.y + h * 0.25, chip.w, h), fit_box=True)
                return
            shape_xml.auto_shape(page.tree, page.new_id(), "Logo background", "roundRect", chip.emu(), "FFFFFF")
            _picture(deck, page, logo, Box(chip.x + h * 0.25, chip.y + h * 0.25, chip.w - h * 0.5, h), fit_box=True)
        return
    if logo is not None:
        h = 0.065 * deck.height
        title = Box(*x.own_rect(page.title()))
        _picture(deck, page, logo, Box(deck.width - margin, title.y + (title.h - h) / 2 + 4, 0, h), right=True)
    footer = deck.brand.footer_in(deck.meta.lang) or deck.brand.name
    y = deck.height - 0.075 * deck.height
    deck.textbox(page, Box(margin, y, deck.width * 0.6, 22), footer, 11, deck.muted)
    number = deck.textbox(page, Box(deck.width - margin - 72, y, 72, 22), "", 11, deck.muted)
    p = number.find(x.TX_BODY).find(x.P)
    x.p_pr(p).set("algn", "r")
    _slide_number_field(p, deck.count, 11, deck.muted, deck.brand.base_font.family, deck.meta.lang)


def _accent_bar(deck: Deck, page: Page, box: Box) -> None:
    shape_xml.auto_shape(page.tree, page.new_id(), "Accent", "rect", box.emu(), deck.brand.color("primary"))


def _picture(deck: Deck, page: Page, logo, box: Box, right: bool = False, fit_box: bool = False):
    ratio = _aspect(logo.picture, deck.cache)
    h, w = box.h, box.h * ratio
    if fit_box and w > box.w:
        w, h = box.w, box.w / ratio
    x_left = box.x - w if right else box.x + (box.w - w) / 2 if fit_box else box.x
    # python-pptx hashes the image and searches every part of the deck on each add_picture;
    # the logo is the same picture on every slide, so its part is found once per deck.
    if logo.path not in deck.logo_parts:
        package = page.part.package
        part = _image_part(package, logo.picture, deck.cache)
        svg = None
        if logo.svg is not None:
            svg = Part(package.next_partname("/ppt/media/image%d.svg"), SVG_CONTENT_TYPE, package, logo.svg)
        deck.logo_parts[logo.path] = (part, svg)
    part, svg = deck.logo_parts[logo.path]
    rid = page.part.relate_to(part, RT.IMAGE)
    element = shape_xml.picture(page.tree, page.new_id(), "Logo", logo.alt, rid, Box(x_left, box.y, w, h).emu())
    if svg is not None:
        add_svg_blip(element.find(f"{qn('p:blipFill')}/{qn('a:blip')}"), page.part.relate_to(svg, RT.IMAGE))
    return element


# The formats a logo may be in (inputs/safety.py lets no other through), as python-pptx names their parts.
_IMAGE_PARTS = {"PNG": ("png", CT.PNG), "JPEG": ("jpg", CT.JPEG), "GIF": ("gif", CT.GIF)}


def _image_part(package, path: Path, cache: BuildCache):
    """Return the deck's part of the picture at path: the one of the same bytes, else a new one, as
    python-pptx's get_or_add_image_part(path) gives it.

    python-pptx asks Pillow the format of the bytes with no file name to go by, so Pillow first loads
    its BMP, GIF, JPEG and PPM readers: about 5 ms of a cold deck. Here the format is read from the
    file, by the one reader its name calls for (as the logo's check read it).
    """
    blob = path.read_bytes()
    sha1 = hashlib.sha1(blob).hexdigest()
    for rel in package.iter_rels():
        if not rel.is_external and rel.reltype == RT.IMAGE and getattr(rel.target_part, "sha1", None) == sha1:
            return rel.target_part
    known = _IMAGE_PARTS.get(cache.file("images", path, _header, "header")[0])
    if known is None:
        return package.get_or_add_image_part(str(path))
    ext, content_type = known
    return ImagePart(package.next_image_partname(ext), content_type, package, blob, path.name)


def _aspect(path: Path, cache: BuildCache) -> float:
    """Return an image's width divided by its height (read once per build and version of the file:
    every slide shows the logo)."""
    return cache.file("images", path, _header, "header")[1]


def _header(path: Path) -> tuple[str, float]:
    """Return an image's format (as Pillow names it) and its width divided by its height."""
    from PIL import Image

    with Image.open(path) as image:
        return image.format, image.width / image.height


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


def _slide_number_field(p, number: int, size: float, color: str, family: str, lang: str) -> None:
    field = etree.SubElement(p, qn("a:fld"), id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}", type="slidenum")
    run_properties(etree.SubElement(field, qn("a:rPr")), size, color, family, lang)
    etree.SubElement(field, qn("a:t")).text = str(number)


_KINDS = {
    "title": _title_slide,
    "section": _section,
    "closing": _section,
    "quote": _quote,
    "table": _table,
    "columns": _columns,
    "content": _content,
    "image": pptx_figures.image,
    "code": pptx_figures.code,
}
