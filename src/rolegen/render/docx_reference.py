"""The document a handout starts from: the brand's reference (or python-docx's) emptied, on A4, in handout styles."""

from __future__ import annotations

import copy
import io

from docx import Document as open_document
from docx.enum.section import WD_ORIENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import PartFactory, XmlPart
from docx.shared import Mm

from rolegen.brand import contrast
from rolegen.cache import BuildCache, signature
from rolegen.content import scripts
from rolegen.errors import BrandError
from rolegen.model import Brand
from rolegen.render import docx_styles as styles
from rolegen.render import docx_xml as x
from rolegen.render.docx_styles import StyleSheet
from rolegen.render.docx_text import CAPTION, add_text_styles
from rolegen.render.docx_xml import PPR_ORDER, qn
from rolegen.render.library_internals import docx_parts, open_docx_parts, set_part_blob
from rolegen.render.ooxml import brand_theme, write_package
from rolegen.tree import Document, strings

PULL_QUOTE = "Pull Quote"
BYLINE = "Byline"


def prepared(brand: Brand, lang: str, scheme: contrast.Scheme, body_pt: float, cache: BuildCache):
    """Open the reference as the build's handouts in the brand and language start: page set, styled, empty.

    Styling is the costliest part of opening a handout (a reference's styles run to hundreds of
    kilobytes); the build prepares it once and keeps the bytes, which later handouts open. The
    first draws on the document it prepared, which is what those bytes hold.
    """
    made = []

    def prepare() -> _Prepared:
        """Open, lay out and style the reference; return it as later handouts open it."""
        doc = _open_reference(brand, cache)
        _page(doc)
        _styles(doc, brand, lang, scheme, body_pt)
        made.append(doc)
        return _Prepared(write_package(doc.part.package.rels))

    reference = brand.reference
    key = (brand, lang, signature(reference) if reference else None)
    kept = cache.entry("references", key, prepare)
    return made[0] if made else kept.open()


class _Prepared:
    """A prepared reference as a build's later handouts open it: unzipped, and its XML parsed, once.

    Opening the bytes again for each handout unzipped them and parsed every XML part, the styles
    most of all; each handout now gets a copy of each part's parsed tree (a copy costs about half a
    parse), in the part class python-docx gives it, and python-docx's own loading for the rest.
    """

    def __init__(self, data: bytes):
        self.reader = docx_parts(data)
        self.trees = {}
        for part in open_docx_parts(self.reader, PartFactory).part.package.iter_parts():
            # Only parts python-docx makes from their parsed XML alone; an image part reads its bytes.
            if isinstance(part, XmlPart) and type(part).load.__func__ is XmlPart.load.__func__:
                self.trees[part.partname] = (type(part), part.element)

    def open(self):
        """Return a new python-docx Document of the prepared reference."""
        trees = self.trees

        def make_part(partname, content_type, reltype, blob, package):
            known = trees.get(partname)
            if known is None:
                return PartFactory(partname, content_type, reltype, blob, package)
            part_class, element = known
            return part_class(partname, content_type, copy.deepcopy(element), package)

        return open_docx_parts(self.reader, make_part)


def script_languages(doc, sheet: StyleSheet, document: Document) -> None:
    """Tell Word which language and font the document's East Asian and right-to-left text is in.

    Word classes every character by script and reads w:lang's eastAsia or bidi for it, and
    rFonts' eastAsia or cs; left unset, CJK and Arabic are tagged as the document's language.
    """
    text = " ".join([document.meta.title, document.meta.subtitle, *strings(document.blocks)])
    east, complex_ = scripts.east_asian(text, document.meta.lang), scripts.complex_script(text)
    if east is None and complex_ is None:
        return
    lang = x.rpr(sheet.get("Normal")).find(qn("w:lang"))
    if east:
        own = east == document.meta.lang.split("-")[0].lower()
        lang.set(qn("w:eastAsia"), document.meta.lang if own else scripts.tag(east))
    if complex_:
        lang.set(qn("w:bidi"), scripts.tag(complex_))
    # Complex script keeps the brand's family (styles.font sets it): Word and LibreOffice shape Arabic and
    # Hebrew from their fallback fonts, and the lines rolegen measured stay as they were.
    for rfonts in doc.styles.element.iter(qn("w:rFonts")):
        if east and rfonts.get(qn("w:eastAsia")) is not None:
            rfonts.set(qn("w:eastAsia"), scripts.EAST_ASIAN_FONTS[east])


def _page(doc) -> None:
    """Set the page: A4 portrait, with print margins."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(22)
    section.top_margin, section.bottom_margin = Mm(25), Mm(22)
    section.header_distance = section.footer_distance = Mm(10)


# Word's heading styles rolegen sets: a role body's headings keep their levels below the role's own.
_HEADINGS = (
    ("Heading 1", 17, 18, 6),
    ("Heading 2", 12.5, 12, 4),
    ("Heading 3", 11, 10, 3),
    ("Heading 4", 10.5, 8, 2),
    ("Heading 5", 10, 6, 2),
    ("Heading 6", 10, 6, 2),
)
HEADING_LEVELS = len(_HEADINGS)


def _styles(doc, brand: Brand, lang: str, scheme: contrast.Scheme, body_pt: float) -> None:
    """Give a reference the handout's styles, adding only those a brand's own reference lacks."""
    sheet = StyleSheet(doc.styles.element)
    base, heading = brand.base_font.family, brand.heading_font.family
    # A brand's reference document is its own design: the styles it defines are used as they
    # are, and rolegen only adds the styles it lacks.
    theirs = sheet.names() if brand.reference else set()
    present = sheet.names()
    normal = sheet.get("Normal")
    styles.language(normal, lang)
    if "Normal" not in theirs:
        # typography.base: its size and line height, else rolegen's print defaults.
        styles.font(normal, base, body_pt, scheme.text)
        styles.spacing(normal, after=6, line=brand.line_height or 1.2)
    for name, size, before, after in _HEADINGS:
        if name in theirs:
            continue
        style = sheet.paragraph_style(name)
        level = int(name[-1])
        styles.font(style, heading, size, scheme.title if level < 3 else scheme.text, bold=level < 6, italic=level > 4)
        styles.spacing(style, before=before, after=after)
        x.set_ppr(style, x.element("w:keepNext"))
        if style.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}") is None:
            # Word's navigation pane and table of contents find headings by their outline level.
            x.set_ppr(style, x.val("w:outlineLvl", str(level - 1)))
    if CAPTION not in theirs:
        caption = sheet.paragraph_style(CAPTION)
        styles.font(caption, base, 9, scheme.muted, italic=True)
        styles.spacing(caption, before=2, after=10)
    if "Title" not in theirs:
        title = sheet.paragraph_style("Title")
        styles.font(title, heading, 30, scheme.title, bold=True)
        styles.spacing(title, after=4)
        styles.no_border(title)
    if "Subtitle" not in theirs:
        subtitle = sheet.paragraph_style("Subtitle")
        styles.font(subtitle, base, 13, scheme.text, italic=False)
        styles.spacing(subtitle, after=10)
    if BYLINE not in theirs:
        byline = sheet.paragraph_style(BYLINE)
        styles.font(byline, base, 10, scheme.muted)
        styles.spacing(byline, after=18)
        styles.border(byline, "bottom", scheme.primary, 12)
    if PULL_QUOTE not in theirs:
        quote = sheet.paragraph_style(PULL_QUOTE)
        styles.font(quote, heading, 17, scheme.title, bold=True)
        x.get_or_add(x.ppr(quote), "w:ind", PPR_ORDER).set(qn("w:left"), str(Mm(6).twips))
        styles.spacing(quote, before=12, after=12)
        styles.border(quote, "left", brand.color("secondary"), 36, space=12)
    add_text_styles(sheet, brand.mono_font.family, scheme.primary, scheme.surface)
    for name in ("List Bullet", "List Number"):
        if name not in theirs:
            style = sheet.paragraph_style(name)
            styles.spacing(style, after=3)
            if name not in present:
                _list_numbering(doc, style, ordered=name == "List Number")


_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def _open_reference(brand: Brand, cache: BuildCache):
    data = None
    if brand.reference:
        from rolegen.inputs import sanitize  # python-docx's own template needs no cleaning

        data = sanitize.clean(brand.reference, brand.folder, cache).data
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
