"""Draw the handout into a .docx with python-docx, on the brand's reference document or Word's default."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from docx import Document as open_document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from rolegen.brand import colors, contrast
from rolegen.typeset import fit
from rolegen.content import scripts
from rolegen.errors import BrandError
from rolegen.facts import EMU_PER_PT, Drawn
from rolegen.cache import BuildCache, signature
from rolegen.brand.fonts import Measurer, right_to_left
from rolegen.typeset import diagram
from rolegen.render import docx_styles as styles
from rolegen.render import docx_xml as x
from rolegen.render.diagram_docx import chart_run
from rolegen.render.docx_styles import StyleSheet
from rolegen.render.docx_xml import PPR_ORDER, RPR_ORDER, qn
from rolegen.render.inspect_docx import facts_of
from rolegen.render.library_internals import set_part_blob
from rolegen.model import Brand
from rolegen.render.ooxml import SVG_CONTENT_TYPE, add_svg_blip, brand_theme, fill_core_properties, write_package
from rolegen.render.docx_text import (
    HYPERLINK,
    SOURCE_CODE,
    Footnotes,
    ListNumbering,
    add_hyperlink,
    add_picture,
    add_text_styles,
)
from rolegen.tree import (
    BulletList,
    CodeBlock,
    Columns,
    Document,
    Heading,
    Image,
    Inline,
    Notes,
    Paragraph,
    Quote,
    Table,
    plain,
    strings,
)

PULL_QUOTE = "Pull Quote"
BYLINE = "Byline"


def render_handout(
    document: Document,
    brand: Brand,
    stamp: dt.datetime,
    warnings: list[str] | None = None,
    page_of: str = "Page {page} of {pages}",
    cache: BuildCache | None = None,
) -> Drawn:
    """Return an A4 .docx handout that draws document in the brand, and its facts for `rolegen check`.

    page_of is the footer's page counter in the document's language, with {page} and {pages}.
    cache is the build's, shared by its handouts (a new one when left out).
    """
    handout = _Handout(brand, document, page_of, cache)
    handout.title_block()
    previous = None
    for block in document.blocks:
        if isinstance(block, Table) and isinstance(previous, Heading) and "diagram" in previous.classes:
            handout.chart(block)
        else:
            handout.block(block, keep_with_next=isinstance(previous, Heading))
        previous = block
    handout.finish(stamp)
    return Drawn(write_package(handout.doc.part.package.rels), facts_of(handout.doc))


class _Handout:
    def __init__(self, brand: Brand, document: Document, page_of: str, cache: BuildCache | None = None):
        self.brand = brand
        self.cache = cache or BuildCache()
        self.page_of = page_of
        self._chart_ids = 0
        self.meta = document.meta
        self.document = document
        # Word pages are white whatever the brand's slide background, so colours are chosen for white.
        self.scheme = contrast.scheme(brand, contrast.WHITE)
        self.body_pt = brand.base_size_pt or 10.5
        self.fg, self.primary = self.scheme.text, self.scheme.primary
        self.heading_color, self.muted = self.scheme.title, self.scheme.muted
        self.doc = self._prepared_reference()
        self.lists = ListNumbering(self.doc)
        self.footnotes = Footnotes(self.doc)
        section = self.doc.sections[0]
        self.text_width = section.page_width - section.left_margin - section.right_margin
        self.text_height = section.page_height - section.top_margin - section.bottom_margin
        self.sheet = StyleSheet(self.doc.styles.element)
        self._script_languages(document)
        # Blocks go before the body's w:sectPr, all _open_reference keeps (sanitize refuses a body without).
        self._end = self.doc.element.body.find(qn("w:sectPr"))

    # -- page and styles ---------------------------------------------------------------------------

    def _prepared_reference(self):
        """Open the reference as the build's handouts in the brand and language start: page set, styled, empty.

        Styling is the costliest part of opening a handout (a reference's styles run to hundreds of
        kilobytes); the build prepares it once and keeps the bytes, which later handouts open. The
        first draws on the document it prepared, which is what those bytes hold.
        """
        reference = self.brand.reference
        key = (self.brand, self.meta.lang, signature(reference) if reference else None)
        self.doc = None
        data = self.cache.entry("references", key, self._prepare)
        return self.doc if self.doc is not None else open_document(io.BytesIO(data))

    def _prepare(self) -> bytes:
        """Open, lay out and style the reference as self.doc; return its bytes."""
        self.doc = _open_reference(self.brand, self.cache)
        self._page()
        self._styles()
        return write_package(self.doc.part.package.rels)

    def _page(self) -> None:
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(22)
        section.top_margin, section.bottom_margin = Mm(25), Mm(22)
        section.header_distance = section.footer_distance = Mm(10)

    def _script_languages(self, document: Document) -> None:
        """Tell Word which language and font the document's East Asian and right-to-left text is in.

        Word classes every character by script and reads w:lang's eastAsia or bidi for it, and
        rFonts' eastAsia or cs; left unset, CJK and Arabic are tagged as the document's language.
        """
        text = " ".join([self.meta.title, self.meta.subtitle, *strings(document.blocks)])
        east, complex_ = scripts.east_asian(text, self.meta.lang), scripts.complex_script(text)
        if east is None and complex_ is None:
            return
        lang = x.rpr(self.sheet.get("Normal")).find(qn("w:lang"))
        if east:
            own = east == self.meta.lang.split("-")[0].lower()
            lang.set(qn("w:eastAsia"), self.meta.lang if own else scripts.tag(east))
        if complex_:
            lang.set(qn("w:bidi"), scripts.tag(complex_))
        # Complex script keeps the brand's family (styles.font sets it): Word and LibreOffice shape Arabic and
        # Hebrew from their fallback fonts, and the lines rolegen measured stay as they were.
        for rfonts in self.doc.styles.element.iter(qn("w:rFonts")):
            if east and rfonts.get(qn("w:eastAsia")) is not None:
                rfonts.set(qn("w:eastAsia"), scripts.EAST_ASIAN_FONTS[east])

    def _styles(self) -> None:
        sheet = StyleSheet(self.doc.styles.element)
        base, heading = self.brand.base_font.family, self.brand.heading_font.family
        # A brand's reference document is its own design: the styles it defines are used as they
        # are, and rolegen only adds the styles it lacks.
        theirs = sheet.names() if self.brand.reference else set()
        present = sheet.names()
        normal = sheet.get("Normal")
        styles.language(normal, self.meta.lang)
        if "Normal" not in theirs:
            # typography.base: its size and line height, else rolegen's print defaults.
            styles.font(normal, base, self.body_pt, self.fg)
            styles.spacing(normal, after=6, line=self.brand.line_height or 1.2)
        for name, size, before, after in (
            ("Heading 1", 17, 18, 6),
            ("Heading 2", 12.5, 12, 4),
            ("Heading 3", 11, 10, 3),
        ):
            if name in theirs:
                continue
            style = sheet.paragraph_style(name)
            styles.font(style, heading, size, self.heading_color if name != "Heading 3" else self.fg, bold=True)
            styles.spacing(style, before=before, after=after)
            x.set_ppr(style, x.element("w:keepNext"))
        if "Title" not in theirs:
            title = sheet.paragraph_style("Title")
            styles.font(title, heading, 30, self.heading_color, bold=True)
            styles.spacing(title, after=4)
            styles.no_border(title)
        if "Subtitle" not in theirs:
            subtitle = sheet.paragraph_style("Subtitle")
            styles.font(subtitle, base, 13, self.fg, italic=False)
            styles.spacing(subtitle, after=10)
        if BYLINE not in theirs:
            byline = sheet.paragraph_style(BYLINE)
            styles.font(byline, base, 10, self.muted)
            styles.spacing(byline, after=18)
            styles.border(byline, "bottom", self.primary, 12)
        if PULL_QUOTE not in theirs:
            quote = sheet.paragraph_style(PULL_QUOTE)
            styles.font(quote, heading, 17, self.heading_color, bold=True)
            x.get_or_add(x.ppr(quote), "w:ind", PPR_ORDER).set(qn("w:left"), str(Mm(6).twips))
            styles.spacing(quote, before=12, after=12)
            styles.border(quote, "left", self.brand.color("secondary"), 36, space=12)
        add_text_styles(sheet, self.brand.mono_font.family, self.primary, self.scheme.surface)
        for name in ("List Bullet", "List Number"):
            if name not in theirs:
                style = sheet.paragraph_style(name)
                styles.spacing(style, after=3)
                if name not in present:
                    _list_numbering(self.doc, style, ordered=name == "List Number")

    # -- content ----------------------------------------------------------------------------------
    # The body is built as WordprocessingML with lxml (docx_xml): python-docx's add_paragraph,
    # add_run and add_table find each property's place by XPath on every call, and a handout has
    # hundreds of them. python-docx keeps the package, the parts and their relationships.

    def _style_id(self, name: str) -> str:
        """Return the id of the style named name (python-docx would find it by XPath over every style)."""
        style = self.sheet.get(name)
        if style is None:
            raise KeyError(f"no style with name '{name}'")
        return style.get(qn("w:styleId"))

    def _paragraph(self, style: str | None = None, text: str = ""):
        """Add a w:p in a style (by name) with one run of text at the body's end, and return it."""
        paragraph = x.element("w:p")
        if style is not None:
            x.sub(x.ppr(paragraph), "w:pStyle", {"w:val": self._style_id(style)})
        if text:
            x.add_run(paragraph, text)
        self._end.addprevious(paragraph)
        return paragraph

    def title_block(self) -> None:
        title = self._paragraph("Title", self.meta.title)
        self._balance(title, "Title")
        _direction(title)
        if self.meta.subtitle:
            _direction(self._paragraph("Subtitle", self.meta.subtitle))
        byline = " · ".join(t for t in (self.meta.author or self.brand.name, self.meta.date) if t)
        _direction(self._paragraph(BYLINE, byline))

    def block(self, block, keep_with_next: bool = False) -> None:
        if isinstance(block, Heading):
            style = f"Heading {min(block.level, 3)}"
            paragraph = self._paragraph(style)
            self._runs(paragraph, block.spans)
            self._balance(paragraph, style)
            if "newpage" in block.classes:
                x.set_ppr(paragraph, x.element("w:pageBreakBefore"))
        elif isinstance(block, Paragraph):
            paragraph = self._paragraph()
            self._runs(paragraph, block.spans)
            # A heading's first paragraph travels with it, so no heading is left alone at a page foot.
            if keep_with_next:
                x.set_ppr(paragraph, x.element("w:keepNext"))
        elif isinstance(block, BulletList):
            self._list(block, 0)
        elif isinstance(block, Image):
            # At most the text's width, and a little less than its height, so a caption line still fits.
            add_picture(self.doc.part, self._paragraph(), block, self.text_width, self.text_height * 0.9)
        elif isinstance(block, CodeBlock):
            x.add_run(self._paragraph(SOURCE_CODE), block.text)
        elif isinstance(block, Quote):
            for spans in block.paragraphs:
                self._runs(self._paragraph(PULL_QUOTE), spans)
        elif isinstance(block, Table):
            self._table(block)
        elif isinstance(block, Columns):
            for column in block.columns:
                for inner in column:
                    self.block(inner)
        elif isinstance(block, Notes):
            return  # speaker notes belong to slides

    def _list(self, block: BulletList, level: int) -> None:
        """Draw a list and the lists nested in it, each item at its level of Word's numbering."""
        style = "List Number" if block.ordered else "List Bullet"
        num_id = self.lists.num_id(block.ordered, level, block.start)
        for index, item in enumerate(block.items):
            first = True
            for inner in item.blocks:
                if isinstance(inner, BulletList):
                    self._list(inner, level + 1)
                    continue
                paragraph = self._paragraph(style if first else None)
                if first:
                    self.lists.mark(paragraph, num_id, level)
                    # No list leaves one item alone at a page's foot or head.
                    if len(block.items) > 1 and index in (0, len(block.items) - 2):
                        x.set_ppr(paragraph, x.element("w:keepNext"))
                else:
                    self.lists.continue_item(paragraph, level)
                self._runs(paragraph, inner.spans)
                first = False

    def _balance(self, paragraph, style: str) -> None:
        """Narrow a title's measure so its last line is not one lone word (left-to-right text only)."""
        size, text = self.sheet.get(style).find(f"{qn('w:rPr')}/{qn('w:sz')}"), x.text_of(paragraph)
        if size is None or right_to_left(text):
            return
        usable = self.text_width / EMU_PER_PT
        measurer = Measurer.of(self.brand.heading_font.family, self.brand.heading_font.files, self.cache)
        width = fit.balanced_width(text, measurer, usable, int(size.get(qn("w:val"))) / 2)
        if width < usable:
            indent = x.get_or_add(x.ppr(paragraph), "w:ind", PPR_ORDER)
            indent.set(qn("w:right"), str(Pt(round(usable - width, 1)).twips))

    def chart(self, table: Table) -> None:
        """Draw a (short, title, reports to) table as the reporting-lines chart the deck shows."""
        fonts = fit.Fonts(
            *(Measurer.of(f.family, f.files, self.cache) for f in (self.brand.base_font, self.brand.heading_font))
        )
        colours = {
            "role": self.primary,
            "on_role": self.scheme.on_primary,
            "leader": self.scheme.surface,
            "on_leader": self.fg,
            "line": self.brand.color("secondary"),
        }
        graph = diagram.chart_of(table)
        alt = diagram.describe(graph, plain(table.header[2]) if len(table.header) > 2 else "")
        self._chart_ids += 1
        paragraph = self._paragraph()
        x.sub(x.ppr(paragraph), "w:spacing", {"w:before": str(Pt(6).twips), "w:after": str(Pt(12).twips)})
        paragraph.append(
            chart_run(
                table,
                self.text_width / EMU_PER_PT,
                fonts,
                colours,
                self.brand.base_font.family,
                self.meta.lang,
                alt,
                9000 + 100 * self._chart_ids,
            )
        )

    def _runs(self, paragraph, spans: Inline, part=None) -> None:
        """Append a run per span to a w:p; links relate to part (the body's, else the footnotes')."""
        code_color = self.scheme.code if self.scheme.code != self.fg else None
        code_size = round(self.body_pt * self.brand.mono_scale * 2) / 2 if self.brand.mono_scale else None
        for span in spans:
            if span.note:
                note = self.document.footnote(span.note)
                self.footnotes.add(
                    paragraph, note.spans, lambda target, inner: self._runs(target, inner, self.footnotes.part)
                )
                continue
            parent = add_hyperlink(paragraph, span.url, part or self.doc.part) if span.url else paragraph
            x.add_run(
                parent,
                span.text,
                style=self._style_id(HYPERLINK) if span.url else None,
                font=self.brand.mono_font.family if span.code else None,
                bold=span.bold,
                italic=span.italic,
                strike=span.strike,
                color=code_color if span.code else None,
                size=code_size if span.code else None,
            )
        _direction(paragraph)

    def _table(self, table: Table) -> None:
        rows = [table.header] + list(table.rows)
        ncols = max(len(r) for r in rows)
        usable = self.text_width
        measurer = Measurer.of(self.brand.base_font.family, self.brand.base_font.files, self.cache)
        floors = [
            (measurer.width(fit.longest_word(rows, c), self.body_pt, bold=True) + 16) / (usable / EMU_PER_PT)
            for c in range(ncols)
        ]
        widths = [str(x.twips(int(usable * share))) for share in fit.column_weights(rows, ncols, floors)]
        grid = x.element("w:tbl")
        properties = x.sub(grid, "w:tblPr")
        x.sub(properties, "w:tblW", {"w:type": "auto", "w:w": "0"})
        x.sub(properties, "w:jc", {"w:val": "center"})
        borders = x.sub(properties, "w:tblBorders")
        rule = colors.mix(self.fg, "FFFFFF", 0.75)
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            borders.append(x.border(side, rule, 4, 0))
        x.sub(properties, "w:tblLayout", {"w:type": "fixed"})
        x.sub(properties, "w:tblLook", _TABLE_LOOK)
        columns = x.sub(grid, "w:tblGrid")
        for width in widths:
            x.sub(columns, "w:gridCol", {"w:w": width})
        header_text, light = self.scheme.on_primary, self.scheme.surface
        mono = self.brand.mono_font.family
        for r, row in enumerate(rows):
            grid_row = x.sub(grid, "w:tr")
            row_properties = x.sub(grid_row, "w:trPr")
            if r == 0:
                # Marks the header row for screen readers and repeats it on every page the table crosses.
                x.sub(row_properties, "w:tblHeader", {"w:val": "true"})
            # A row is read as one: it never splits across two pages.
            x.sub(row_properties, "w:cantSplit")
            fill = self.primary if r == 0 else (light if r % 2 == 0 else "FFFFFF")
            for c in range(ncols):
                cell = x.sub(grid_row, "w:tc")
                cell_properties = x.sub(cell, "w:tcPr")
                x.sub(cell_properties, "w:tcW", {"w:type": "dxa", "w:w": widths[c]})
                cell_properties.append(x.shading(fill))
                paragraph = x.sub(cell, "w:p")
                x.sub(x.ppr(paragraph), "w:spacing", _CELL_SPACING)
                for span in row[c] if c < len(row) else ():
                    parent = add_hyperlink(paragraph, span.url, self.doc.part) if span.url else paragraph
                    x.add_run(
                        parent,
                        span.text,
                        style=self._style_id(HYPERLINK) if span.url else None,
                        font=mono if span.code else None,
                        bold=r == 0 or c == 0 or span.bold,
                        italic=span.italic,
                        strike=span.strike,
                        color=header_text if r == 0 else None,
                    )
                _direction(paragraph)
        self._end.addprevious(grid)

    # -- header, footer, properties ------------------------------------------------------------------

    def finish(self, stamp: dt.datetime) -> None:
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


def _direction(paragraph) -> None:
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


_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def _open_reference(brand: Brand, cache: BuildCache):
    from rolegen.inputs import sanitize

    data = sanitize.clean(brand.reference, brand.folder, cache).data if brand.reference else None
    try:
        doc = open_document(io.BytesIO(data) if data else None)
    except Exception as e:  # python-docx raises many types for a file that is not a document
        raise BrandError(
            f"reference '{brand.reference.name}' is not a Word file ({type(e).__name__})", brand.reference
        ) from e
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype == _STYLES_WITH_EFFECTS:
            # Word 2010's copy of the styles, which later Words drop: left, it would show Word 2010
            # the reference's styles and not the handout's.
            doc.part.drop_rel(rid)
    body = doc.element.body
    # A reference document lends its styles, header and footer; its text is an example.
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    for rel in doc.part.rels.values():
        if rel.reltype == RT.THEME:
            # The theme's text and background are those of white paper, not of the brand's slides.
            paper = contrast.scheme(brand, contrast.WHITE)
            set_part_blob(rel.target_part, brand_theme(rel.target_part.blob, brand, paper.text, contrast.WHITE))
    if not brand.reference:
        _drop_table_styles(doc.styles.element)
    return doc


def _drop_table_styles(styles) -> None:
    """Remove the table styles but the default from python-docx's template, whose hundred-odd make up
    four fifths of its styles: a handout's tables are formatted directly, and Word offers its own
    built-in table styles without them. A brand's reference keeps its styles: they are its design."""
    for style in list(styles.iterfind(qn("w:style"))):
        if style.get(qn("w:type")) == "table" and style.get(qn("w:default")) not in ("1", "true"):
            styles.remove(style)


def _list_numbering(doc, style, ordered: bool) -> None:
    """Give a list style made here its own bullet or number (a reference may have no list styles)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    try:
        numbering = doc.part.numbering_part.element
    except NotImplementedError:  # python-docx cannot create a numbering part; the items stay plain
        return
    used = [int(v) for v in numbering.xpath("./w:abstractNum/@w:abstractNumId | ./w:num/@w:numId")]
    new = max(used + [0]) + 1
    fmt, text = ("decimal", "%1.") if ordered else ("bullet", "\u2022")
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{new}"><w:multiLevelType w:val="singleLevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="360" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # every abstractNum comes before the first num
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{new}"><w:abstractNumId w:val="{new}"/></w:num>'))
    number = x.element("w:numPr")
    x.sub(number, "w:numId", {"w:val": str(new)})
    x.insert_in_order(x.ppr(style), number, PPR_ORDER)


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


def _add_svg(part, inline, svg: Path) -> None:
    """Embed an SVG logo beside the PNG an inline picture shows, so Word draws the SVG."""
    package = part.package
    svg_part = Part(package.next_partname("/word/media/image%d.svg"), SVG_CONTENT_TYPE, svg.read_bytes(), package)
    blip = next(inline.iter(qn("a:blip")))
    add_svg_blip(blip, part.relate_to(svg_part, RT.IMAGE))
