"""Draw the handout into a .docx with python-docx, on the brand's reference document or Word's default."""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from pathlib import Path

from docx import Document as open_document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from rolegen import colors, contrast, fit, scripts
from rolegen.errors import BrandError
from rolegen.facts import EMU_PER_PT, Drawn
from rolegen.buildcache import BuildCache, signature
from rolegen.fonts import Measurer, right_to_left
from rolegen import diagram
from rolegen.render.diagram_docx import chart_run
from rolegen.render.inspect_docx import facts_of
from rolegen.model import Brand
from rolegen.ooxml import SVG_CONTENT_TYPE, add_svg_blip, brand_theme, fill_core_properties, reproducible_zip
from rolegen.render.docx_text import SOURCE_CODE, Footnotes, ListNumbering, add_hyperlink, add_picture, add_text_styles
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
    out = io.BytesIO()
    handout.doc.save(out)
    return Drawn(reproducible_zip(out.getvalue()), facts_of(handout.doc))


class _Handout:
    def __init__(self, brand: Brand, document: Document, page_of: str, cache: BuildCache | None = None):
        self.brand = brand
        self.cache = cache or BuildCache()
        self.page_of = page_of
        self._by_name: dict[str, str] = {}
        self._chart_ids = 0
        self.meta = document.meta
        self.document = document
        self.doc = _open_reference(brand, self.cache)
        self.lists = ListNumbering(self.doc)
        self.footnotes = Footnotes(self.doc)
        # Word pages are white whatever the brand's slide background, so colours are chosen for white.
        self.scheme = contrast.scheme(brand, contrast.WHITE)
        self.body_pt = brand.base_size_pt or 10.5
        self.fg, self.primary = self.scheme.text, self.scheme.primary
        self.heading_color, self.muted = self.scheme.title, self.scheme.muted
        self._page()
        self._prepared_styles()
        self._script_languages(document)

    # -- page and styles ---------------------------------------------------------------------------

    def _page(self) -> None:
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(22)
        section.top_margin, section.bottom_margin = Mm(25), Mm(22)
        section.header_distance = section.footer_distance = Mm(10)

    def _prepared_styles(self) -> None:
        """Style the handout; a build's later handouts in the brand and language reuse the first's styles."""
        reference = self.brand.reference
        key = (self.brand, self.meta.lang, signature(reference) if reference else None)
        styles, numbering = self.doc.part._styles_part, _numbering_part(self.doc)
        styled = []

        def prepare() -> tuple:
            self._styles()
            styled.append(True)
            return copy.deepcopy(styles.element), copy.deepcopy(numbering.element) if numbering is not None else None

        prepared_styles, prepared_numbering = self.cache.entry("styles", key, prepare)
        if styled:
            return
        # Styling is the costliest part of opening a handout (python-docx finds each style by
        # XPath); only the styles and numbering parts change, so copies of the first's stand in.
        styles._element = copy.deepcopy(prepared_styles)
        if numbering is not None and prepared_numbering is not None:
            numbering._element = copy.deepcopy(prepared_numbering)

    def _script_languages(self, document: Document) -> None:
        """Tell Word which language and font the document's East Asian and right-to-left text is in.

        Word classes every character by script and reads w:lang's eastAsia or bidi for it, and
        rFonts' eastAsia or cs; left unset, CJK and Arabic are tagged as the document's language.
        """
        text = " ".join([self.meta.title, self.meta.subtitle, *strings(document.blocks)])
        east, complex_ = scripts.east_asian(text, self.meta.lang), scripts.complex_script(text)
        if east is None and complex_ is None:
            return
        lang = self.doc.styles["Normal"].element.get_or_add_rPr().find(qn("w:lang"))
        if east:
            own = east == self.meta.lang.split("-")[0].lower()
            lang.set(qn("w:eastAsia"), self.meta.lang if own else scripts.tag(east))
        if complex_:
            lang.set(qn("w:bidi"), scripts.tag(complex_))
        # Complex script keeps the brand's family (_font sets it): Word and LibreOffice shape Arabic and
        # Hebrew from their fallback fonts, and the lines rolegen measured stay as they were.
        for rfonts in self.doc.styles.element.iter(qn("w:rFonts")):
            if east and rfonts.get(qn("w:eastAsia")) is not None:
                rfonts.set(qn("w:eastAsia"), scripts.EAST_ASIAN_FONTS[east])

    def _styles(self) -> None:
        styles = self.doc.styles
        base, heading = self.brand.base_font.family, self.brand.heading_font.family
        # A brand's reference document is its own design: the styles it defines are used as they
        # are, and rolegen only adds the styles it lacks.
        theirs = {style.name for style in styles} if self.brand.reference else set()
        normal = styles["Normal"]
        _language(normal, self.meta.lang)
        if "Normal" not in theirs:
            # typography.base: its size and line height, else rolegen's print defaults.
            _font(normal, base, self.body_pt, self.fg)
            normal.paragraph_format.space_after = Pt(6)
            normal.paragraph_format.line_spacing = self.brand.line_height or 1.2
        for name, size, before, after in (
            ("Heading 1", 17, 18, 6),
            ("Heading 2", 12.5, 12, 4),
            ("Heading 3", 11, 10, 3),
        ):
            if name in theirs:
                continue
            style = _style(styles, name, WD_STYLE_TYPE.PARAGRAPH, "Normal")
            _font(style, heading, size, self.heading_color if name != "Heading 3" else self.fg, bold=True)
            style.paragraph_format.space_before = Pt(before)
            style.paragraph_format.space_after = Pt(after)
            style.paragraph_format.keep_with_next = True
        if "Title" not in theirs:
            title = _style(styles, "Title", WD_STYLE_TYPE.PARAGRAPH, "Normal")
            _font(title, heading, 30, self.heading_color, bold=True)
            title.paragraph_format.space_after = Pt(4)
            _no_border(title)
        if "Subtitle" not in theirs:
            subtitle = _style(styles, "Subtitle", WD_STYLE_TYPE.PARAGRAPH, "Normal")
            _font(subtitle, base, 13, self.fg, italic=False)
            subtitle.paragraph_format.space_after = Pt(10)
        if BYLINE not in theirs:
            byline = _style(styles, BYLINE, WD_STYLE_TYPE.PARAGRAPH, "Normal")
            _font(byline, base, 10, self.muted)
            byline.paragraph_format.space_after = Pt(18)
            _border(byline, "bottom", self.primary, 12)
        if PULL_QUOTE not in theirs:
            quote = _style(styles, PULL_QUOTE, WD_STYLE_TYPE.PARAGRAPH, "Normal")
            _font(quote, heading, 17, self.heading_color, bold=True)
            quote.paragraph_format.left_indent = Mm(6)
            quote.paragraph_format.space_before = Pt(12)
            quote.paragraph_format.space_after = Pt(12)
            _border(quote, "left", self.brand.color("secondary"), 36, space=12)
        add_text_styles(styles, self.brand.mono_font.family, self.primary, self.scheme.surface)
        for name in ("List Bullet", "List Number"):
            if name not in theirs:
                missing = name not in {style.name for style in styles}
                style = _style(styles, name, WD_STYLE_TYPE.PARAGRAPH, "Normal")
                style.paragraph_format.space_after = Pt(3)
                if missing:
                    _list_numbering(self.doc, style, ordered=name == "List Number")

    # -- content ----------------------------------------------------------------------------------

    def _paragraph(self, style: str | None = None, text: str = ""):
        """Add a paragraph in a style, naming the style by its id.

        python-docx resolves a style name, and compares it with the default style, by XPath over
        every style on each call; a handout adds hundreds of paragraphs, so ids are looked up once.
        """
        paragraph = self.doc.add_paragraph(text)
        if style is not None:
            if style not in self._by_name:
                self._by_name[style] = self.doc.styles[style].style_id
            paragraph._p.style = self._by_name[style]
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
            paragraph = self._paragraph(f"Heading {min(block.level, 3)}")
            self._runs(paragraph, block.spans)
            self._balance(paragraph, f"Heading {min(block.level, 3)}")
            if "newpage" in block.classes:
                paragraph.paragraph_format.page_break_before = True
        elif isinstance(block, Paragraph):
            paragraph = self.doc.add_paragraph()
            self._runs(paragraph, block.spans)
            # A heading's first paragraph travels with it, so no heading is left alone at a page foot.
            paragraph.paragraph_format.keep_with_next = keep_with_next or None
        elif isinstance(block, BulletList):
            self._list(block, 0)
        elif isinstance(block, Image):
            section = self.doc.sections[0]
            # At most the text's width, and a little less than its height, so a caption line still fits.
            add_picture(
                self.doc,
                block,
                section.page_width - section.left_margin - section.right_margin,
                (section.page_height - section.top_margin - section.bottom_margin) * 0.9,
            )
        elif isinstance(block, CodeBlock):
            self._paragraph(SOURCE_CODE).add_run(block.text)
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
                        paragraph.paragraph_format.keep_with_next = True
                else:
                    self.lists.continue_item(paragraph, level)
                self._runs(paragraph, inner.spans)
                first = False

    def _balance(self, paragraph, style: str) -> None:
        """Narrow a title's measure so its last line is not one lone word (left-to-right text only)."""
        size = self.doc.styles[style].font.size
        if size is None or right_to_left(paragraph.text):
            return
        section = self.doc.sections[0]
        usable = (section.page_width - section.left_margin - section.right_margin) / EMU_PER_PT
        measurer = Measurer.of(self.brand.heading_font.family, self.brand.heading_font.files, self.cache)
        width = fit.balanced_width(paragraph.text, measurer, usable, size.pt)
        if width < usable:
            paragraph.paragraph_format.right_indent = Pt(round(usable - width, 1))

    def chart(self, table: Table) -> None:
        """Draw a (short, title, reports to) table as the reporting-lines chart the deck shows."""
        section = self.doc.sections[0]
        usable = (section.page_width - section.left_margin - section.right_margin) / EMU_PER_PT
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
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(6)
        paragraph.paragraph_format.space_after = Pt(12)
        paragraph._p.append(
            chart_run(
                table,
                usable,
                fonts,
                colours,
                self.brand.base_font.family,
                self.meta.lang,
                alt,
                9000 + 100 * self._chart_ids,
            )
        )

    def _runs(self, paragraph, spans: Inline, part=None) -> None:
        for span in spans:
            if span.note:
                note = self.document.footnote(span.note)
                self.footnotes.add(
                    paragraph, note.spans, lambda target, inner: self._runs(target, inner, self.footnotes.part)
                )
                continue
            run = add_hyperlink(paragraph, span.text, span.url, part) if span.url else paragraph.add_run(span.text)
            run.bold = span.bold or None
            run.italic = span.italic or None
            run.font.strike = span.strike or None
            if span.code:
                run.font.name = self.brand.mono_font.family
                if self.scheme.code != self.fg:
                    run.font.color.rgb = RGBColor.from_string(self.scheme.code)
                if self.brand.mono_scale:
                    run.font.size = Pt(round(self.body_pt * self.brand.mono_scale * 2) / 2)
        _direction(paragraph)

    def _table(self, table: Table) -> None:
        rows = [table.header] + list(table.rows)
        ncols = max(len(r) for r in rows)
        grid = self.doc.add_table(rows=len(rows), cols=ncols)
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        grid.autofit = False
        _table_borders(grid, colors.mix(self.fg, "FFFFFF", 0.75))
        usable = self.doc.sections[0].page_width - self.doc.sections[0].left_margin - self.doc.sections[0].right_margin
        measurer = Measurer.of(self.brand.base_font.family, self.brand.base_font.files, self.cache)
        floors = [
            (measurer.width(fit.longest_word(rows, c), self.body_pt, bold=True) + 16) / (usable / EMU_PER_PT)
            for c in range(ncols)
        ]
        widths = fit.column_weights(rows, ncols, floors)
        for column, share in zip(grid.columns, widths):
            column.width = int(usable * share)
        header_text, light = self.scheme.on_primary, self.scheme.surface
        for r, (row, grid_row) in enumerate(zip(rows, grid.rows)):
            if r == 0:
                _repeat_header(grid_row)
            # A row's cells at once: python-docx's grid.cell(r, c) reads the whole table per call.
            # A row is read as one: it never splits across two pages.
            trpr = grid_row._tr.get_or_add_trPr()
            trpr.append(OxmlElement("w:cantSplit"))
            for c, cell in enumerate(grid_row.cells):
                cell.width = int(usable * widths[c])
                fill = self.primary if r == 0 else (light if r % 2 == 0 else "FFFFFF")
                _shade(cell, fill)
                paragraph = cell.paragraphs[0]
                paragraph.paragraph_format.space_before = Pt(3)
                paragraph.paragraph_format.space_after = Pt(3)
                for span in row[c] if c < len(row) else ():
                    run = add_hyperlink(paragraph, span.text, span.url) if span.url else paragraph.add_run(span.text)
                    run.bold = (r == 0 or c == 0 or span.bold) or None
                    run.italic = span.italic or None
                    run.font.strike = span.strike or None
                    if span.code:
                        run.font.name = self.brand.mono_font.family
                    if r == 0:
                        run.font.color.rgb = RGBColor.from_string(header_text)
                _direction(paragraph)

    # -- header, footer, properties ------------------------------------------------------------------

    def finish(self, stamp: dt.datetime) -> None:
        self.footnotes.finish()
        section = self.doc.sections[0]
        usable = section.page_width - section.left_margin - section.right_margin
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        paragraph.text = ""
        _only_right_tab(paragraph, usable)
        logo = self.brand.logo
        if logo is not None:
            run = paragraph.add_run()
            picture = run.add_picture(str(logo.picture), height=Mm(7))
            if logo.svg is not None:
                _add_svg(header.part, picture, logo.svg)
            _alt_text(run, logo.alt)
        name = paragraph.add_run(f"\t{self.brand.name}")
        _run_font(name, self.brand.heading_font.family, 9, self.muted)
        rule = self.brand.color("light")
        _border(paragraph, "bottom", rule if colors.contrast(rule, contrast.WHITE) > 1.2 else self.muted, 6, space=4)

        footer = section.footer
        footer.is_linked_to_previous = False
        line = footer.paragraphs[0]
        line.text = ""
        _only_right_tab(line, usable)
        left = line.add_run(self.brand.footer_in(self.meta.lang) or self.brand.name)
        _run_font(left, self.brand.base_font.family, 8.5, self.muted)
        pieces = re.split(r"(\{page\}|\{pages\})", "\t" + self.page_of)
        for piece in filter(None, pieces):
            if piece in ("{page}", "{pages}"):
                _field(line, "PAGE" if piece == "{page}" else "NUMPAGES", self.brand.base_font.family, self.muted)
            else:
                _run_font(line.add_run(piece), self.brand.base_font.family, 8.5, self.muted)

        fill_core_properties(
            self.doc.core_properties, self.meta.title, self.meta.subtitle, self.brand.name, self.meta.lang, stamp
        )


def _direction(paragraph) -> None:
    """Lay out an Arabic or Hebrew paragraph right to left, flush right, and mark its runs of such text."""
    if not right_to_left(paragraph.text):
        return
    ppr = paragraph._p.get_or_add_pPr()
    if ppr.find(qn("w:bidi")) is None:
        ppr.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)
    # In a w:bidi paragraph Word and LibreOffice read jc 'left' as the start edge, which is the right
    # margin, and 'right' as the left margin; explicit, so a reference style's own alignment cannot win.
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    for run in paragraph.runs:
        # A Latin run (a name, a number) inside Arabic text keeps left-to-right, as Word writes it.
        if right_to_left(run.text):
            run.font.rtl = True
            run.font.cs_bold = run.bold
            run.font.cs_italic = run.italic


_AFTER_BIDI = (
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _numbering_part(doc):
    try:
        return doc.part.part_related_by(RT.NUMBERING)
    except KeyError:
        return None


def _open_reference(brand: Brand, cache: BuildCache):
    from rolegen import sanitize

    data = sanitize.clean(brand.reference, brand.folder, cache).data if brand.reference else None
    try:
        doc = open_document(io.BytesIO(data) if data else None)
    except Exception as e:  # python-docx raises many types for a file that is not a document
        raise BrandError(
            f"reference '{brand.reference.name}' is not a Word file ({type(e).__name__})", brand.reference
        ) from e
    body = doc.element.body
    # A reference document lends its styles, header and footer; its text is an example.
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    for rel in doc.part.rels.values():
        if rel.reltype == RT.THEME:
            # The theme's text and background are those of white paper, not of the brand's slides.
            paper = contrast.scheme(brand, contrast.WHITE)
            rel.target_part._blob = brand_theme(rel.target_part.blob, brand, paper.text, contrast.WHITE)
    return doc


def _style(styles, name: str, kind, base: str):
    try:
        return styles[name]
    except KeyError:
        style = styles.add_style(name, kind)
        style.base_style = styles[base]
        style.quick_style = True
        return style


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
    ppr = style.element.get_or_add_pPr()
    ppr.insert_element_before(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="{new}"/></w:numPr>'),
        "w:suppressLineNumbers",
        "w:pBdr",
        "w:shd",
        "w:tabs",
        "w:suppressAutoHyphens",
        "w:spacing",
        "w:ind",
        "w:jc",
        "w:outlineLvl",
        "w:rPr",
    )


def _font(style, family: str, size: float, color: str, bold: bool | None = None, italic: bool | None = None):
    font = style.font
    font.name = family
    font.size = Pt(size)
    font.color.rgb = RGBColor.from_string(color)
    font.bold = bold
    font.italic = italic
    # Arabic and Hebrew are complex script: Word sizes and weights them by szCs, bCs and iCs.
    font.cs_bold = bold
    font.cs_italic = italic
    _complex_script_size(style.element.get_or_add_rPr(), size)
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), family)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        rfonts.attrib.pop(qn(attr), None)


def _run_font(run, family: str, size: float, color: str) -> None:
    run.font.name = family
    run.font.size = Pt(size)
    run.font.color.rgb = RGBColor.from_string(color)
    _complex_script_size(run._r.get_or_add_rPr(), size)


def _complex_script_size(rpr, size: float) -> None:
    for old in rpr.findall(qn("w:szCs")):
        rpr.remove(old)
    element = OxmlElement("w:szCs")
    element.set(qn("w:val"), str(round(size * 2)))
    rpr.insert_element_before(
        element,
        "w:highlight",
        "w:u",
        "w:effect",
        "w:bdr",
        "w:shd",
        "w:fitText",
        "w:vertAlign",
        "w:rtl",
        "w:cs",
        "w:em",
        "w:lang",
        "w:eastAsianLayout",
        "w:specVanish",
        "w:oMath",
    )


def _language(style, lang: str) -> None:
    rpr = style.element.get_or_add_rPr()
    element = rpr.find(qn("w:lang"))
    if element is None:
        element = OxmlElement("w:lang")
        rpr.append(element)
    element.set(qn("w:val"), lang)


def _no_border(style) -> None:
    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(qn("w:pBdr")):
        ppr.remove(old)


def _border(target, side: str, color: str, size: int, space: int = 4) -> None:
    element = target.element if hasattr(target, "element") else target._p
    ppr = element.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.insert_element_before(
            borders,
            "w:shd",
            "w:tabs",
            "w:suppressAutoHyphens",
            "w:kinsoku",
            "w:wordWrap",
            "w:overflowPunct",
            "w:topLinePunct",
            "w:autoSpaceDE",
            "w:autoSpaceDN",
            "w:bidi",
            "w:adjustRightInd",
            "w:snapToGrid",
            "w:spacing",
            "w:ind",
            "w:contextualSpacing",
            "w:mirrorIndents",
            "w:suppressOverlap",
            "w:jc",
            "w:textDirection",
            "w:textAlignment",
            "w:textboxTightWrap",
            "w:outlineLvl",
            "w:divId",
            "w:cnfStyle",
            "w:rPr",
            "w:sectPr",
            "w:pPrChange",
        )
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:space"), str(space))
    line.set(qn("w:color"), color)
    borders.append(line)


def _only_right_tab(paragraph, position) -> None:
    # Word's Header and Footer styles put a centre tab first; clear it so one tab reaches the right edge.
    stops = paragraph.paragraph_format.tab_stops
    style_stops = paragraph.style.paragraph_format.tab_stops
    for stop in style_stops:
        stops.add_tab_stop(stop.position, WD_TAB_ALIGNMENT.CLEAR)
    stops.add_tab_stop(position, WD_TAB_ALIGNMENT.RIGHT)


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tcpr.append(shading)


def _repeat_header(row) -> None:
    # Marks the header row for screen readers and repeats it on every page the table crosses.
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _table_borders(table, color: str) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{side}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), color)
        borders.append(line)
    tblpr.append(borders)


def _field(paragraph, instruction: str, family: str, color: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = paragraph.add_run("1")
    _run_font(run, family, 8.5, color)
    run._r.getparent().remove(run._r)
    field.append(run._r)
    paragraph._p.append(field)


def _alt_text(run, alt: str) -> None:
    for doc_pr in run._r.iter(qn("wp:docPr")):
        doc_pr.set("descr", alt)
        doc_pr.set("title", alt)


def _add_svg(part, picture, svg: Path) -> None:
    """Embed an SVG logo beside the PNG an inline picture shows, so Word draws the SVG."""
    package = part.package
    svg_part = Part(package.next_partname("/word/media/image%d.svg"), SVG_CONTENT_TYPE, svg.read_bytes(), package)
    blip = picture._inline.graphic.graphicData.pic.blipFill.find(qn("a:blip"))
    add_svg_blip(blip, part.relate_to(svg_part, RT.IMAGE))
