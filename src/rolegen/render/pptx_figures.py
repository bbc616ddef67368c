"""Draw the figures a slide holds alone: a picture with its caption, a code block."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from rolegen.render import pptx_shapes as shape_xml
from rolegen.render import pptx_xml as x
from rolegen.render.pptx_text import pad
from rolegen.tree import Slide
from rolegen.typeset import fit
from rolegen.typeset.paginate import COLUMN_PAD, Box, CodePage

if TYPE_CHECKING:
    from rolegen.render.pptx import Deck, Page


def image(deck: Deck, page: Page, slide: Slide, plan, dark: bool) -> None:
    """Draw a slide's picture at its own size (never larger) below the title, its caption under it."""
    image = slide.blocks[0]
    area = deck.plan.geometry.bodies["table"]
    # The file's own size, scaled down (never up) to the room below the title, centred in it.
    width, height = image.size
    # pandoc's figure: the alt text as a caption under the picture, at the body's least size.
    size, measurer = deck.typeset.floor, deck.fonts.body
    lines = measurer.wrap(image.alt, area.w, size) if image.caption else []
    caption = len(lines) * measurer.line_height(size, image.alt) + (size * 0.5 if lines else 0.0)
    scale = min(1.0, area.w / width, max(area.h - caption, area.h / 2) / height)
    box = Box(area.x + (area.w - width * scale) / 2, area.y, width * scale, height * scale)
    part, rid = page.part.get_or_add_image_part(io.BytesIO(image.data))
    shape_id = page.new_id()
    shape_xml.picture(page.tree, shape_id, f"Picture {shape_id}", image.alt, rid, box.emu())
    if lines:
        below = Box(area.x, box.y + box.h + size * 0.5, area.w, caption - size * 0.5)
        shape = deck.textbox(page, below, image.alt, size, deck.muted)
        pad(shape, 0)
        x.p_pr(shape.find(x.TX_BODY).find(x.P)).set("algn", "ctr")


def code(deck: Deck, page: Page, slide: Slide, plan: CodePage | None, dark: bool) -> None:
    """Draw a slide's code block in a shaded box, in the monospace font, at the size its plan chose."""
    plan = plan or deck.pager.plan_code(slide)[0]
    area = deck.plan.geometry.bodies["table"]
    width = area.w - 2 * COLUMN_PAD
    used = fit.height(list(plan.lines), deck.typeset.mono, width, plan.size)
    box = Box(area.x, area.y, area.w, min(area.h, used + 2 * COLUMN_PAD + plan.size))
    target = shape_xml.text_box(page.tree, page.new_id(), "Code", box.emu(), fill=deck.surface)
    pad(target, COLUMN_PAD)
    deck.fill(
        page,
        target,
        list(plan.lines),
        plan.size,
        deck.fg,
        floor=min(plan.size, deck.typeset.table_floor),
        where=slide.title,
        fonts=deck.typeset.mono,
    )
