"""What a handout's text carries beyond its font: links, footnotes, multi-level lists, code, pictures."""

from __future__ import annotations

import io

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.numbering import NumberingPart
from docx.shared import Pt, RGBColor, Twips
from lxml import etree

from rolegen.tree import Image, Span

HYPERLINK = "Hyperlink"
SOURCE_CODE = "Source Code"  # pandoc's name, so a reference document made for pandoc styles it too
FOOTNOTE_TEXT = "Footnote Text"
FOOTNOTE_REFERENCE = "Footnote Reference"
LIST_INDENT = 360  # twips per list level, Word's own step
_BULLETS = ("\u2022", "\u2013", "\u25aa")
_NUMBERS = (("decimal", "%{n}."), ("lowerLetter", "%{n})"), ("lowerRoman", "%{n}."))
_LEVELS = 9


def add_text_styles(styles, mono: str, link_color: str, code_fill: str) -> None:
    """Add the character and paragraph styles links, code and footnotes use, unless the document has them."""
    names = {style.name for style in styles}
    if HYPERLINK not in names:
        link = styles.add_style(HYPERLINK, WD_STYLE_TYPE.CHARACTER)
        link.font.color.rgb = RGBColor.from_string(link_color)
        link.font.underline = True
    if SOURCE_CODE not in names:
        code = styles.add_style(SOURCE_CODE, WD_STYLE_TYPE.PARAGRAPH)
        code.base_style = styles["Normal"]
        code.font.name = mono
        code.font.size = Pt(9)
        code.paragraph_format.line_spacing = 1.0
        code.paragraph_format.space_before = Pt(4)
        code.paragraph_format.space_after = Pt(8)
        shading = OxmlElement("w:shd")
        for attr, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", code_fill)):
            shading.set(qn(attr), value)
        code.element.get_or_add_pPr().append(shading)
        rfonts = code.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            rfonts.set(qn(attr), mono)
    if FOOTNOTE_TEXT not in names:
        text = styles.add_style(FOOTNOTE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
        text.base_style = styles["Normal"]
        text.font.size = Pt(8.5)
        text.paragraph_format.space_after = Pt(0)
    if FOOTNOTE_REFERENCE not in names:
        reference = styles.add_style(FOOTNOTE_REFERENCE, WD_STYLE_TYPE.CHARACTER)
        reference.font.superscript = True


def add_hyperlink(paragraph, text: str, url: str, part=None):
    """Add a run of text to a paragraph that links to url; return the run.

    The external relationship belongs to the part the paragraph ends up in (part, else its own).
    """
    rid = (part or paragraph.part).relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = paragraph.add_run(text)
    run.style = paragraph.part.document.styles[HYPERLINK]
    paragraph._p.remove(run._r)
    link.append(run._r)
    paragraph._p.append(link)
    return run


def add_picture(doc, image: Image, max_width, max_height) -> None:
    """Add an image in a paragraph of its own at its own size, scaled down to fit max_width x max_height EMU,
    with its alt text."""
    width, height = (side * 12700 for side in image.size)
    scale = min(1.0, max_width / width, max_height / height)
    doc.add_picture(io.BytesIO(image.data), width=int(width * scale), height=int(height * scale))
    paragraph = doc.paragraphs[-1]
    paragraph.paragraph_format.keep_with_next = False
    for doc_pr in paragraph._p.iter(qn("wp:docPr")):
        doc_pr.set("descr", image.alt)
        doc_pr.set("name", f"Picture {doc_pr.get('id')}")


class Footnotes:
    """A document's footnotes part, made or extended with lxml (python-docx has no footnote API)."""

    def __init__(self, doc):
        self.doc = doc
        self.part = None
        self.root = None
        self.next_id = 1

    def add(self, paragraph, spans: tuple[Span, ...], write_runs) -> None:
        """Add a footnote reference to a paragraph and the note's text, written by write_runs, to the part."""
        self._open()
        note_id = self.next_id
        self.next_id += 1
        reference = paragraph.add_run()
        reference.style = self.doc.styles[FOOTNOTE_REFERENCE]
        reference.font.superscript = True
        mark = OxmlElement("w:footnoteReference")
        mark.set(qn("w:id"), str(note_id))
        reference._r.append(mark)

        note = etree.SubElement(self.root, qn("w:footnote"))
        note.set(qn("w:id"), str(note_id))
        # The note's paragraph is drawn in the body with python-docx, then moved into the note.
        body = self.doc.add_paragraph()
        body.style = self.doc.styles[FOOTNOTE_TEXT]
        ref = body.add_run()
        ref.style = self.doc.styles[FOOTNOTE_REFERENCE]
        ref._r.append(OxmlElement("w:footnoteRef"))
        body.add_run(" ")
        write_runs(body, spans)
        body._p.getparent().remove(body._p)
        note.append(body._p)

    def _open(self) -> None:
        if self.root is not None:
            return
        for rel in self.doc.part.rels.values():
            if rel.reltype == RT.FOOTNOTES and not rel.is_external:
                self.part = rel.target_part
                self.root = etree.fromstring(self.part.blob)
                used = [int(n.get(qn("w:id"))) for n in self.root.iter(qn("w:footnote"))]
                self.next_id = max(used + [0]) + 1
                return
        self.root = parse_xml(
            f"<w:footnotes {nsdecls('w', 'r')}>"
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
            'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
            'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
            "</w:footnotes>"
        )
        self.part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, b"", self.doc.part.package)
        self.doc.part.relate_to(self.part, RT.FOOTNOTES)
        settings = self.doc.settings.element
        if settings.find(qn("w:footnotePr")) is None:
            properties = parse_xml(
                f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
            )
            settings.insert_element_before(
                properties,
                "w:endnotePr",
                "w:compat",
                "w:docVars",
                "w:rsids",
                "m:mathPr",
                "w:attachedSchema",
                "w:themeFontLang",
                "w:clrSchemeMapping",
                "w:doNotIncludeSubdocsInStats",
                "w:doNotAutoCompressPictures",
                "w:forceUpgrade",
                "w:captions",
                "w:readModeInkLockDown",
                "w:smartTagType",
                "sl:schemaLibrary",
                "w:shapeDefaults",
                "w:doNotEmbedSmartTags",
                "w:decimalSymbol",
                "w:listSeparator",
            )

    def finish(self) -> None:
        """Write the notes into their part."""
        if self.root is not None:
            self.part._blob = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)


class ListNumbering:
    """Word numbering for a document's lists: one bullet list definition, a fresh count for each numbered list."""

    def __init__(self, doc):
        self.doc = doc
        self.numbering = None
        self.abstract: dict[bool, int] = {}
        self.bullets = 0

    def num_id(self, ordered: bool, level: int, start: int) -> int:
        """Return the numbering a list at level uses: bullets share one, each numbered list counts afresh."""
        self._open()
        if not ordered:
            if not self.bullets:
                self.bullets = self._num(self.abstract[False])
            return self.bullets
        override = f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
        return self._num(self.abstract[True], override)

    def mark(self, paragraph, num_id: int, level: int) -> None:
        """Make a paragraph an item of a list at a level."""
        ppr = paragraph._p.get_or_add_pPr()
        for old in ppr.findall(qn("w:numPr")):
            ppr.remove(old)
        ppr.insert_element_before(
            parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{min(level, _LEVELS - 1)}"/>'
                f'<w:numId w:val="{num_id}"/></w:numPr>'
            ),
            "w:suppressLineNumbers",
            "w:pBdr",
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

    @staticmethod
    def continue_item(paragraph, level: int) -> None:
        """Indent an item's later paragraph under the item's text."""
        paragraph.paragraph_format.left_indent = Twips(LIST_INDENT * (min(level, _LEVELS - 1) + 1))

    def _open(self) -> None:
        if self.numbering is not None:
            return
        try:
            part = self.doc.part.part_related_by(RT.NUMBERING)
        except KeyError:
            part = NumberingPart(
                PackURI("/word/numbering.xml"),
                CT.WML_NUMBERING,
                parse_xml(f"<w:numbering {nsdecls('w')}/>"),
                self.doc.part.package,
            )
            self.doc.part.relate_to(part, RT.NUMBERING)
        self.numbering = part.element
        for ordered in (False, True):
            self.abstract[ordered] = self._abstract(ordered)

    def _new_id(self, attribute: str) -> int:
        used = [int(v) for v in self.numbering.xpath(f"./w:abstractNum/@w:{attribute} | ./w:num/@w:{attribute}")]
        return max(used + [0]) + 1

    def _abstract(self, ordered: bool) -> int:
        new = self._new_id("abstractNumId")
        levels = []
        for level in range(_LEVELS):
            if ordered:
                fmt, text = _NUMBERS[level % len(_NUMBERS)]
                text = text.format(n=level + 1)
            else:
                fmt, text = "bullet", _BULLETS[level % len(_BULLETS)]
            left = LIST_INDENT * (level + 1)
            levels.append(
                f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{left}" w:hanging="{LIST_INDENT}"/></w:pPr></w:lvl>'
            )
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{new}">'
            f'<w:multiLevelType w:val="multilevel"/>{"".join(levels)}</w:abstractNum>'
        )
        first_num = self.numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)  # every abstractNum comes before the first num
        else:
            self.numbering.append(abstract)
        return new

    def _num(self, abstract_id: int, override: str = "") -> int:
        new = self._new_id("numId")
        self.numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{new}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'
            )
        )
        return new
