"""Read a master once into an immutable plan: its layouts per slide kind, their geometry, backdrops and slide skeletons."""

from __future__ import annotations

import copy
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from rolegen.render.pptx_xml import qn
from pptx.oxml.simpletypes import ST_Direction
from pptx.oxml.slide import CT_Slide
from pptx.slide import Slide as PptxSlide

from rolegen.brand import colors, contrast
from rolegen.cache import BuildCache
from rolegen.errors import BrandError
from rolegen.facts import EMU_PER_PT
from rolegen.model import Brand
from rolegen.render.ooxml import brand_theme, theme_colors
from rolegen.typeset.paginate import Box, Geometry, Insets
from rolegen.render.library_internals import drop_slides, set_part_blob, shape_of
from rolegen.render.pptx_xml import SHAPE_TAGS, TITLE_TYPES, own_rect, placeholder, placeholder_type, text_insets

DEFAULT_MASTER = Path(__file__).resolve().parent.parent / "defaults" / "master.pptx"
_BODY_KINDS = ("content", "columns", "table", "quote")
_BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE)
# The placeholders a new slide does not get from its layout (python-pptx's iter_cloneable_placeholders).
_LATENT = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)
_NV_PH = f"{qn('p:nvPr')}/{qn('p:ph')}"
# Where a missing layout falls back to, in order; the last resort is any layout with a title.
_FALLBACKS = {
    "title": ("Title Slide", "Title Only", "Title and Content"),
    "section": ("Section Header", "Title Only", "Title and Content"),
    "content": ("Title and Content", "Title Only"),
    "columns": ("Two Content", "Comparison", "Title Only", "Title and Content"),
    "table": ("Title Only", "Title and Content"),
    "quote": ("Quote", "Title Only", "Section Header", "Title and Content"),
    "closing": ("Section Header", "Title Slide", "Title Only", "Title and Content"),
}


@dataclass(frozen=True)
class MasterPlan:
    """What a master tells every deck drawn on it in a brand: worked out once, never changed after.

    Mappings are read-only; skeletons hold XML elements that a deck deep-copies, never edits.
    """

    layouts: Mapping[str, int]  # slide kind -> index of its layout in the master
    warnings: tuple[str, ...]
    backdrops: Mapping[str, str]  # slide kind -> the colour behind its text
    schemes: Mapping[str, contrast.Scheme]  # slide kind -> the colours its text is drawn in
    plain: contrast.Scheme
    geometry: Geometry  # where titles and bodies go, per slide kind
    insets: Mapping[tuple, Mapping[str, float]]  # inherited text insets, keyed as text_insets' cache
    skeletons: Mapping[str, tuple]  # layout part name -> a new slide's placeholders, positioned


def plan(prs, brand: Brand) -> MasterPlan:
    """Return the plan of a master opened by open_master, for decks drawn in brand."""
    views = [_Layout(layout) for layout in prs.slide_layouts]
    # The layouts that have a title placeholder, in the master's order: the only usable ones.
    titled = {view.layout.name: index for index, view in enumerate(views) if view.title() is not None}
    layouts, warnings = {}, []
    for kind in _FALLBACKS:
        wanted = (brand.layout(kind),) + _FALLBACKS[kind]
        usable = [n for n in wanted if n in titled] + list(titled)
        if not usable:
            raise BrandError(
                f"master has no layout with a title placeholder (looked for {', '.join(wanted)})", brand.master
            )
        if usable[0] != wanted[0]:
            where = brand.master.name if brand.master else "the master"
            warnings.append(
                f"{where} has no layout '{wanted[0]}' for {kind} slides: using '{usable[0]}' "
                f"(name another in defaults.rolegen.layouts)"
            )
        layouts[kind] = titled[usable[0]]
    # What each layout paints behind the text (its fill, or the master's background), so text
    # colours are chosen for what is really there, whatever master the brand brings.
    size = (prs.slide_width, prs.slide_height)
    backdrops = {kind: _backdrop(views[index].layout, brand, size) for kind, index in layouts.items()}
    schemes = {kind: contrast.scheme(brand, backdrop) for kind, backdrop in backdrops.items()}
    chosen = {kind: views[index] for kind, index in layouts.items()}
    insets: dict = {}
    width, height = prs.slide_width / EMU_PER_PT, prs.slide_height / EMU_PER_PT
    geometry = _geometry(chosen, width, height, insets)
    skeletons = {view.name: _skeleton(view) for view in chosen.values()}
    # Every placeholder a slide on these layouts inherits from, so drawing only reads the cache.
    for view in chosen.values():
        for element, _ in view.placeholders:
            view.insets(element, insets)
    return MasterPlan(
        MappingProxyType(layouts),
        tuple(warnings),
        MappingProxyType(backdrops),
        MappingProxyType(schemes),
        contrast.scheme(brand),
        geometry,
        MappingProxyType({key: MappingProxyType(value) for key, value in insets.items()}),
        MappingProxyType(skeletons),
    )


class _Layout:
    """A layout's placeholders, read from its XML once.

    python-pptx finds a shape's placeholder by XPath each time it is asked, which made most of
    the cost of planning a master; its proxies are made here only to look up what a placeholder
    inherits (a position, text insets), for the placeholders that do not say it themselves.
    """

    def __init__(self, layout):
        self.layout = layout
        self.name = str(layout.part.partname)
        tree = layout.shapes.element
        self.placeholders = [(e, placeholder_type(e)) for e in tree.iterchildren() if placeholder(e) is not None]
        self._boxes: dict = {}

    def title(self):
        """Return the title placeholder element, or None."""
        return next((e for e, kind in self.placeholders if kind in TITLE_TYPES), None)

    def bodies(self) -> list:
        """Return the body placeholder elements (subtitles aside) that have a place, left to right."""
        found = [e for e, kind in self.placeholders if kind in _BODY_TYPES and kind != PP_PLACEHOLDER.SUBTITLE]
        return sorted((e for e in found if self.box(e) is not None), key=lambda e: (self.box(e).x, _idx(e)))

    def box(self, element) -> Box | None:
        """Return a placeholder's rectangle in points: its own, else the master's it inherits; None
        when neither says where it goes."""
        if element not in self._boxes:
            own = own_rect(element)
            if own is None:
                shape = self._shape(element)
                edges = (shape.left, shape.top, shape.width, shape.height)
                own = None if None in edges else tuple(v / EMU_PER_PT for v in edges)
            self._boxes[element] = None if own is None else Box(*own)
        return self._boxes[element]

    def insets(self, element, cache: dict) -> dict[str, float]:
        """Return a placeholder's text insets (its own, then its master placeholder's), kept in cache.

        cache is keyed as text_insets' is: a slide's placeholder finds there what its layout's has.
        """
        key = ("layout", self.name, placeholder(element).get("idx", "0"))
        if key not in cache:
            cache[key] = text_insets(self._shape(element), cache)
        return cache[key]

    def _shape(self, element):
        return shape_of(self.layout.shapes, element)


def _idx(element) -> int:
    return int(placeholder(element).get("idx", "0"))


def _geometry(layouts: dict, width: float, height: float, insets: dict) -> Geometry:
    """Return where the layouts (_Layout views) put titles and bodies, per slide kind, in points."""

    def title_box(kind: str) -> Box:
        view = layouts[kind]
        title = view.box(view.title())
        if title is None or (kind in _BODY_KINDS and not view.bodies() and title.y > 0.3 * height):
            # A title no file places, or a fallback layout made for a title alone (a master with only
            # "Title Slide"): put it at the top, as a content layout would, with the room below for the body.
            return Box(0.056 * width, 0.06 * height, 0.888 * width, 0.14 * height)
        return title

    def body_box(kind: str) -> Box:
        if kind not in _BODY_KINDS:
            # A title or divider slide's text: where its layout puts text (a body, else a subtitle),
            # else under its title, clear of a rule or bar a layout draws there, above the byline.
            view = layouts[kind]
            subtitles = [e for e, ph in view.placeholders if ph == PP_PLACEHOLDER.SUBTITLE and view.box(e)]
            found = view.bodies() or subtitles
            if found:
                return view.box(found[0])
            title = title_box(kind)
            top = title.y + title.h + 0.06 * height
            return Box(title.x, top, title.w, max(0.85 * height - top, 48))
        for view in (layouts[kind], layouts["content"]):
            bodies = view.bodies()
            if bodies:
                if len(bodies) == 1 or kind != "columns":
                    return view.box(bodies[0])
                first, last = view.box(bodies[0]), view.box(bodies[-1])
                return Box(first.x, first.y, last.x + last.w - first.x, max(first.h, last.h))
        title = title_box(kind)
        top = title.y + title.h + 18
        return Box(title.x, top, width - 2 * title.x, height - top - 0.1 * height)

    def body_insets(kind: str) -> Insets:
        view = next((v for v in (layouts[kind], layouts["content"]) if v.bodies()), None)
        found = view.insets(view.bodies()[0], insets) if view is not None else text_insets(None)
        # Flush left like the title (the writer draws both so), so title and text share one edge.
        return Insets.of({**found, "lIns": 0.0})

    def title_insets(kind: str) -> Insets:
        view = layouts[kind]
        return Insets.of({**view.insets(view.title(), insets), "lIns": 0.0})

    kinds = tuple(layouts)
    return Geometry(
        width,
        height,
        MappingProxyType({kind: body_box(kind) for kind in kinds}),
        MappingProxyType({kind: title_box(kind) for kind in kinds}),
        MappingProxyType({kind: body_insets(kind) for kind in kinds}),
        MappingProxyType({kind: title_insets(kind) for kind in kinds}),
    )


def _skeleton(view: _Layout) -> tuple:
    """Return the placeholders a new slide on a layout starts with, each at its layout's position.

    A new slide gets a placeholder for each of its layout's but the date, footer and slide number,
    as python-pptx's clone_layout_placeholders makes them: the same elements, ids from 2 and
    names from the placeholder's kind ("Title 1"). That method finds each placeholder, and the
    next free id and name, by XPath, about 1 ms a layout; the clones depend on the layout alone,
    so they are made here once, from the placeholders the view has already found, and copied for
    each slide. A placeholder no file places is left out (the deck draws its text in a box of its
    own), but a title, which the deck places itself.
    """
    scratch = PptxSlide(CT_Slide.new(), None).shapes
    for number, ph in enumerate(_cloned(view), start=1):
        base = scratch.ph_basename(ph.type)
        name = f"{'Vertical ' if ph.orient == ST_Direction.VERT else ''}{base} {number}"
        scratch.element.add_placeholder(number + 1, name, ph.type, ph.orient, ph.sz, ph.idx)
    by_idx = {_idx(element): element for element, _ in view.placeholders}
    shapes = []
    for element in scratch.element.iterchildren():
        if element.tag not in SHAPE_TAGS:
            continue
        ph = placeholder(element)
        source = by_idx.get(int(ph.get("idx", "0"))) if ph is not None else None
        if source is not None and element.xfrm is None:
            box = view.box(source)
            if box is not None:
                _place(element, *box.emu())
            elif placeholder_type(element) not in TITLE_TYPES:
                continue
        shapes.append(copy.deepcopy(element))
    return tuple(shapes)


def _place(element, x: int, y: int, cx: int, cy: int) -> None:
    """Give a new placeholder (its <p:spPr/> empty) the position python-pptx's x, y, cx and cy setters write."""
    xfrm = etree.SubElement(element.find(qn("p:spPr")), qn("a:xfrm"))
    etree.SubElement(xfrm, qn("a:off"), x=str(x), y=str(y))
    etree.SubElement(xfrm, qn("a:ext"), cx=str(cx), cy=str(cy))


def _cloned(view: _Layout) -> list:
    """Return the <p:ph> of each placeholder python-pptx clones onto a new slide, in the layout's order.

    As python-pptx finds them: a shape whose first child element holds nvPr/ph, but the latent date,
    footer and slide number.
    """
    found = []
    for element, _ in view.placeholders:
        if element.tag not in SHAPE_TAGS:
            continue
        first = next(element.iterchildren(etree.Element), None)
        ph = first.find(_NV_PH) if first is not None else None
        if ph is not None and ph.type not in _LATENT:
            found.append(ph)
    return found


def open_master(brand: Brand, cache: BuildCache | None = None):
    """Return the brand's master (or the packaged one) as a Presentation, sanitised, with no slides."""
    path = brand.master or DEFAULT_MASTER
    # The packaged master is shipped as the sanitiser leaves it (tests/inputs/test_untrusted.py pins
    # it), so it is opened as it is: cleaning it again cost a cold deck about 11 ms for the same bytes.
    if brand.master:
        from rolegen.inputs import sanitize

        data = sanitize.clean(path, brand.folder, cache).data
    else:
        data = DEFAULT_MASTER.read_bytes()
    try:
        prs = Presentation(io.BytesIO(data))
    except Exception as e:  # python-pptx raises many types for a file that is not a deck
        raise BrandError(f"master '{path.name}' is not a PowerPoint file ({type(e).__name__})", path) from e
    # A master's own slides are examples, not content.
    drop_slides(prs)
    # Made now, not by the first deck that needs them: every deck drawn on this master then finds
    # the same parts in the same order, whichever decks were drawn on it before.
    _ = prs.notes_master, prs.core_properties
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    set_part_blob(theme, brand_theme(theme.blob, brand))
    _name_slide_size(prs)
    return prs


# The sizes PowerPoint names; any other (its 13.33 x 7.5 in widescreen too) it writes without a type.
_SIZE_TYPES = {(9144000, 6858000): "screen4x3", (9144000, 5143500): "screen16x9", (9144000, 5715000): "screen16x10"}


def _name_slide_size(prs) -> None:
    """Label the slide size by what it is: masters copied from a 4:3 deck keep 'screen4x3' on 16:9 slides."""
    size = prs.element.find(qn("p:sldSz"))
    if size is None:
        return
    named = _SIZE_TYPES.get((int(size.get("cx")), int(size.get("cy"))))
    if named:
        size.set("type", named)
    else:
        size.attrib.pop("type", None)


def _backdrop(layout, brand: Brand, size: tuple[int, int]) -> str:
    """Return the colour a layout paints behind its text, as "RRGGBB" (approximate for pictures)."""
    master = layout.slide_master
    clr_map = master.element.find(qn("p:clrMap"))
    slots = theme_colors(brand)
    aliases = dict(clr_map.attrib) if clr_map is not None else {}
    width, height = size

    def colour(element) -> str | None:
        tag = _localname(element)
        if tag == "srgbClr":
            return element.get("val").upper()
        if tag == "sysClr":
            return (element.get("lastClr") or "000000").upper()
        if tag == "schemeClr":
            name = element.get("val")
            return slots.get(aliases.get(name, name))
        return None

    def fill(container, part) -> str | None:
        for child in container:
            tag = _localname(child)
            if tag == "solidFill" and len(child):
                return colour(child[0])
            if tag == "gradFill":
                stops = [colour(gs[0]) for gs in child.iter(qn("a:gs")) if len(gs)]
                stops = [c for c in stops if c]
                return colors.average(stops) if stops else None
            if tag == "blipFill":
                blip = child.find(qn("a:blip"))
                rid = blip.get(qn("r:embed")) if blip is not None else None
                return _image_colour(part.related_part(rid).blob) if rid else None
        return None

    for owner in (layout, master):
        # The topmost shape that covers (nearly) the whole slide is what text sits on.
        # Read from the XML: python-pptx's proxies would find each shape's placeholder by XPath.
        for element in reversed(owner.shapes.element):
            sp_pr = element.find(qn("p:spPr"))
            ext = sp_pr.find(f"{qn('a:xfrm')}/{qn('a:ext')}") if sp_pr is not None else None
            if ext is None or element.tag not in SHAPE_TAGS or placeholder(element) is not None:
                continue
            if int(ext.get("cx")) >= 0.9 * width and int(ext.get("cy")) >= 0.9 * height:
                found = fill(sp_pr, owner.part)
                if found:
                    return found
        bg = owner.element.find(f"{qn('p:cSld')}/{qn('p:bg')}")
        if bg is None:
            continue
        if bg.find(qn("p:bgPr")) is not None:
            found = fill(bg.find(qn("p:bgPr")), owner.part)
        else:
            ref = bg.find(qn("p:bgRef"))
            found = colour(ref[0]) if ref is not None and len(ref) else None
        if found:
            return found
    return brand.color("background")


def _localname(element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _image_colour(blob: bytes) -> str | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(blob)) as image:
            if image.mode.startswith("I"):
                # 16-bit greys: scale to 8 bits before converting, or every pixel clips to white.
                image = image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
            rgba = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, ValueError):
        return None
    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    small = Image.alpha_composite(white, rgba).convert("RGB").resize((1, 1), Image.BOX)
    return "%02X%02X%02X" % small.getpixel((0, 0))
