"""Draw a handout into a .docx: start from the prepared reference, add its title and blocks, its header and footer."""

from __future__ import annotations

import datetime as dt
import re

from docx.enum.text import WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.shared import Mm
from docx.text.paragraph import Paragraph as DocxParagraph

from rolegen.brand import colors, contrast
from rolegen.facts import Drawn
from rolegen.cache import BuildCache
from rolegen.render import docx_blocks
from rolegen.render import docx_styles as styles
from rolegen.render import docx_xml as x
from rolegen.render.docx_blocks import balance, direction
from rolegen.render.docx_reference import BYLINE, prepared, script_languages
from rolegen.render.docx_styles import StyleSheet
from rolegen.render.docx_xml import qn
from rolegen.render.inspect_docx import facts_of
from rolegen.render.library_internals import empty_parts
from rolegen.model import Brand
from rolegen.render.ooxml import SVG_CONTENT_TYPE, add_svg_blip, fill_core_properties, reached_parts, write_package
from rolegen.render.docx_text import Bookmarks, Footnotes, ListNumbering
from rolegen.tree import Document, Heading, Table


def render_handout(
    document: Document,
    brand: Brand,
    stamp: dt.datetime,
    warnings: list[str] | None = None,
    page_of: str = "Page {page} of {pages}",
    cache: BuildCache | None = None,
    figure: str = "Figure",
) -> Drawn:
    """Return an A4 .docx handout that draws document in the brand, and its facts for `rolegen check`.

    page_of is the footer's page counter in the document's language, with {page} and {pages}; figure
    the word that numbers captions. cache is the build's, shared by its handouts (a new one when left out).
    """
    handout = Handout(brand, document, page_of, cache)
    handout.figure_word = figure
    handout.title_block()
    previous = None
    for block in document.blocks:
        if isinstance(block, Table) and isinstance(previous, Heading) and "diagram" in previous.classes:
            docx_blocks.chart(handout, block)
        else:
            docx_blocks.draw(handout, block, keep_with_next=isinstance(previous, Heading))
        previous = block
    handout.finish(stamp)
    package = handout.doc.part.package
    drawn = Drawn(write_package(package.rels, cache), facts_of(handout.doc))
    empty_parts([package, *reached_parts(package.rels)])  # written and read: freed now, not at a sweep
    return drawn


class Handout:
    """A handout being drawn: its document, brand, colours and page, and the paragraphs docx_blocks adds to."""

    def __init__(self, brand: Brand, document: Document, page_of: str, cache: BuildCache | None = None):
        self.brand = brand
        self.cache = cache or BuildCache()
        self.page_of = page_of
        self.chart_ids = 0
        self.meta = document.meta
        self.document = document
        # Word pages are white whatever the brand's slide background, so colours are chosen for white.
        self.scheme = contrast.scheme(brand, contrast.WHITE)
        self.body_pt = brand.base_size_pt or 10.5
        self.fg, self.primary = self.scheme.text, self.scheme.primary
        self.muted = self.scheme.muted
        self.doc = prepared(brand, self.meta.lang, self.scheme, self.body_pt, self.cache)
        self.lists = ListNumbering(self.doc)
        self.footnotes = Footnotes(self.doc)
        self.bookmarks = Bookmarks()
        self.highlight = colors.mix(brand.color("warning"), "FFFFFF", 0.55)  # what <mark> text is drawn on
        self.figures = 0  # the figures numbered so far
        self.figure_word = "Figure"
        section = self.doc.sections[0]
        self.text_width = section.page_width - section.left_margin - section.right_margin
        self.text_height = section.page_height - section.top_margin - section.bottom_margin
        self.sheet = StyleSheet(self.doc.styles.element)
        script_languages(self.doc, self.sheet, document)
        # Blocks go before the body's w:sectPr, all the reference keeps (sanitize refuses a body without).
        self.end = self.doc.element.body.find(qn("w:sectPr"))

    # -- content ----------------------------------------------------------------------------------
    # The body is built as WordprocessingML with lxml (docx_xml): python-docx's add_paragraph,
    # add_run and add_table find each property's place by XPath on every call, and a handout has
    # hundreds of them. python-docx keeps the package, the parts and their relationships.

    def style_id(self, name: str) -> str:
        """Return the id of the style named name (python-docx would find it by XPath over every style)."""
        style = self.sheet.get(name)
        if style is None:
            raise KeyError(f"no style with name '{name}'")
        return style.get(qn("w:styleId"))

    def paragraph(self, style: str | None = None, text: str = ""):
        """Add a w:p in a style (by name) with one run of text at the body's end, and return it."""
        paragraph = x.element("w:p")
        if style is not None:
            x.sub(x.ppr(paragraph), "w:pStyle", {"w:val": self.style_id(style)})
        if text:
            x.add_run(paragraph, text)
        self.end.addprevious(paragraph)
        return paragraph

    def title_block(self) -> None:
        """Draw the title, the subtitle and the byline (author or brand, and date)."""
        title = self.paragraph("Title", self.meta.title)
        balance(self, title, "Title")
        direction(title)
        if self.meta.subtitle:
            direction(self.paragraph("Subtitle", self.meta.subtitle))
        byline = " · ".join(t for t in (self.meta.author or self.brand.name, self.meta.date) if t)
        direction(self.paragraph(BYLINE, byline))

    # -- header, footer, properties ------------------------------------------------------------------

    def finish(self, stamp: dt.datetime) -> None:
        """Write the footnotes, the header (logo, name), the footer (text, page counter) and the properties."""
        self.footnotes.finish()
        section = self.doc.sections[0]
        header = section.header
        header.is_linked_to_previous = False
        paragraph = _only_paragraph(header)
        logo = self.brand.logo
        if logo is not None:
            inline = header.part.new_pic_inline(str(logo.picture), None, Mm(7))
            x.sub(x.add_run(paragraph), "w:drawing").append(inline)
            if logo.svg is not None:
                _add_svg(header.part, inline, logo.svg)
            for doc_pr in inline.iter(qn("wp:docPr")):
                doc_pr.set("descr", logo.alt)
                doc_pr.set("title", logo.alt)
        _run_font(paragraph, f"\t{self.brand.name}", self.brand.heading_font.family, 9, self.muted)
        rule = self.brand.color("light")
        styles.border(
            paragraph, "bottom", rule if colors.contrast(rule, contrast.WHITE) > 1.2 else self.muted, 6, space=4
        )

        footer = section.footer
        footer.is_linked_to_previous = False
        line = _only_paragraph(footer)
        _run_font(
            line, self.brand.footer_in(self.meta.lang) or self.brand.name, self.brand.base_font.family, 8.5, self.muted
        )
        pieces = re.split(r"(\{page\}|\{pages\})", "\t" + self.page_of)
        for piece in filter(None, pieces):
            if piece in ("{page}", "{pages}"):
                field = x.sub(line, "w:fldSimple", {"w:instr": " PAGE " if piece == "{page}" else " NUMPAGES "})
                _run_font(field, "1", self.brand.base_font.family, 8.5, self.muted)
            else:
                _run_font(line, piece, self.brand.base_font.family, 8.5, self.muted)
        for story in (header, footer):
            _only_right_tab(DocxParagraph(story.part.element.find(qn("w:p")), story), self.text_width)

        fill_core_properties(
            self.doc.core_properties, self.meta.title, self.meta.subtitle, self.brand.name, self.meta.lang, stamp
        )


def _only_paragraph(story):
    """Return a header's or footer's first w:p emptied of its runs (its properties kept), made if it has none."""
    root = story.part.element
    paragraph = root.find(qn("w:p"))
    if paragraph is None:
        paragraph = x.sub(root, "w:p")
    for child in list(paragraph):
        if child.tag != qn("w:pPr"):
            paragraph.remove(child)
    return paragraph


def _run_font(parent, text: str, family: str, size: float, color: str) -> None:
    """Append a run of text in a family, size and colour, its complex-script size too, to a w:p or field."""
    run = x.add_run(parent, text, font=family, color=color, size=size)
    x.set_rpr(run, x.val("w:szCs", str(round(size * 2))))


def _only_right_tab(paragraph, position) -> None:
    # Word's Header and Footer styles put a centre tab first; clear it so one tab reaches the right edge.
    stops = paragraph.paragraph_format.tab_stops
    style_stops = paragraph.style.paragraph_format.tab_stops
    for stop in style_stops:
        stops.add_tab_stop(stop.position, WD_TAB_ALIGNMENT.CLEAR)
    stops.add_tab_stop(position, WD_TAB_ALIGNMENT.RIGHT)


def _add_svg(part, inline, svg: bytes) -> None:
    """Embed an SVG logo beside the PNG an inline picture shows, so Word draws the SVG."""
    package = part.package
    svg_part = Part(package.next_partname("/word/media/image%d.svg"), SVG_CONTENT_TYPE, svg, package)
    blip = next(inline.iter(qn("a:blip")))
    add_svg_blip(blip, part.relate_to(svg_part, RT.IMAGE))
