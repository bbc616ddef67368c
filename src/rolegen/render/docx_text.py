"""What a handout's text carries beyond its font: links, footnotes, multi-level lists, code, pictures."""

from __future__ import annotations

import re

import io

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.parts.numbering import NumberingPart
from lxml import etree

from rolegen.render import docx_styles as styles
from rolegen.render import docx_xml as x
from rolegen.render.docx_styles import StyleSheet
from rolegen.render.docx_xml import PPR_ORDER, SETTINGS_ORDER, qn
from rolegen.render.library_internals import set_part_blob
from rolegen.tree import Image, Span

HYPERLINK = "Hyperlink"
CAPTION = "Caption"
SOURCE_CODE = "Source Code"  # pandoc's name, so a reference document made for pandoc styles it too
FOOTNOTE_TEXT = "Footnote Text"
FOOTNOTE_REFERENCE = "Footnote Reference"
LIST_INDENT = 360  # twips per list level, Word's own step
_BULLETS = ("\u2022", "\u2013", "\u25aa")
_NUMBERS = (("decimal", "%{n}."), ("lowerLetter", "%{n})"), ("lowerRoman", "%{n}."))
_LEVELS = 9


def add_text_styles(sheet: StyleSheet, mono: str, link_color: str, code_fill: str) -> None:
    """Add the character and paragraph styles links, code and footnotes use, unless the document has them."""
    names = sheet.names()
    if HYPERLINK not in names:
        link = sheet.add(HYPERLINK, styles.CHARACTER)
        x.set_rpr(link, x.val("w:color", link_color))
        x.set_rpr(link, x.val("w:u", "single"))
    if SOURCE_CODE not in names:
        code = sheet.add(SOURCE_CODE, styles.PARAGRAPH, "Normal")
        styles.family(code, mono)
        styles.size_of(code, 9)
        styles.spacing(code, before=4, after=8, line=1.0)
        x.set_ppr(code, x.shading(code_fill))
    if FOOTNOTE_TEXT not in names:
        text = sheet.add(FOOTNOTE_TEXT, styles.PARAGRAPH, "Normal")
        styles.size_of(text, 8.5)
        styles.spacing(text, after=0)
    if FOOTNOTE_REFERENCE not in names:
        reference = sheet.add(FOOTNOTE_REFERENCE, styles.CHARACTER)
        x.set_rpr(reference, x.val("w:vertAlign", "superscript"))


def add_hyperlink(paragraph, url: str, part, bookmarks: Bookmarks | None = None):
    """Append a w:hyperlink to url to a w:p and return it, for the link's runs.

    The external relationship belongs to part, the one the paragraph is in (the body's or the footnotes');
    a '#id' link goes to the bookmark of that id.
    """
    if url.startswith("#") and bookmarks is not None:
        return x.sub(paragraph, "w:hyperlink", {"w:anchor": bookmarks.name(url[1:]), "w:history": "1"})
    return x.sub(paragraph, "w:hyperlink", {"r:id": part.relate_to(url, RT.HYPERLINK, is_external=True)})


class Bookmarks:
    """A handout's bookmarks: one per heading and anchor id, named as Word allows (letters, digits, '_', 40 long)."""

    def __init__(self):
        self.names: dict[str, str] = {}
        self.count = 0

    def name(self, anchor: str) -> str:
        """Return the bookmark name of an id, the same each time it is asked for."""
        if anchor not in self.names:
            # A leading '_' hides the bookmark from Word's list of them, as Word's own cross-references do.
            base = "_" + re.sub(r"\W", "_", anchor, flags=re.ASCII)[:30]
            name, number = base, 1
            while name in self.names.values():
                number += 1
                name = f"{base}_{number}"
            self.names[anchor] = name
        return self.names[anchor]

    def mark(self, paragraph, anchor: str, whole: bool = False) -> None:
        """Put a bookmark of the id in a paragraph: around its runs when whole, else at its end."""
        start = x.element("w:bookmarkStart", {"w:id": str(self.count), "w:name": self.name(anchor)})
        end = x.element("w:bookmarkEnd", {"w:id": str(self.count)})
        self.count += 1
        properties = paragraph.find(qn("w:pPr"))
        if whole and properties is not None:
            properties.addnext(start)
        elif whole:
            paragraph.insert(0, start)
        else:
            paragraph.append(start)
        paragraph.append(end)


def add_picture(part, paragraph, image: Image, max_width, max_height) -> None:
    """Draw an image in a w:p of its own at its own size, scaled down to fit max_width x max_height EMU,
    with its alt text."""
    width, height = (side * 12700 for side in image.size)
    scale = min(1.0, max_width / width, max_height / height)
    inline = part.new_pic_inline(io.BytesIO(image.data), int(width * scale), int(height * scale))
    x.sub(x.add_run(paragraph), "w:drawing").append(inline)
    x.set_ppr(paragraph, x.flag("w:keepNext", False))
    for doc_pr in inline.iter(qn("wp:docPr")):
        doc_pr.set("descr", image.alt)
        doc_pr.set("name", f"Picture {doc_pr.get('id')}")


class Footnotes:
    """A document's footnotes part, made or extended with lxml (python-docx has no footnote API)."""

    def __init__(self, doc):
        self.doc = doc
        self.part = None
        self.root = None
        self.next_id = 1
        self.styles: dict[str, str] = {}

    def add(self, paragraph, spans: tuple[Span, ...], write_runs) -> None:
        """Add a footnote reference to a w:p and the note's text, written by write_runs, to the part."""
        self._open()
        note_id = self.next_id
        self.next_id += 1
        reference = x.add_run(paragraph, style=self.styles[FOOTNOTE_REFERENCE])
        x.sub(x.rpr(reference), "w:vertAlign", {"w:val": "superscript"})
        x.sub(reference, "w:footnoteReference", {"w:id": str(note_id)})

        note = x.sub(self.root, "w:footnote", {"w:id": str(note_id)})
        body = x.sub(note, "w:p")
        x.sub(x.ppr(body), "w:pStyle", {"w:val": self.styles[FOOTNOTE_TEXT]})
        x.sub(x.add_run(body, style=self.styles[FOOTNOTE_REFERENCE]), "w:footnoteRef")
        x.add_run(body, " ")
        write_runs(body, spans)

    def _open(self) -> None:
        if self.root is not None:
            return
        for name in (FOOTNOTE_REFERENCE, FOOTNOTE_TEXT):
            self.styles[name] = self.doc.styles[name].style_id
        for rel in self.doc.part.rels.values():
            if rel.reltype == RT.FOOTNOTES and not rel.is_external:
                self.part = rel.target_part
                self.root = parse_xml(self.part.blob)
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
            x.insert_in_order(settings, properties, SETTINGS_ORDER)

    def finish(self) -> None:
        """Write the notes into their part."""
        if self.root is not None:
            blob = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)
            set_part_blob(self.part, blob)


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
        """Make a w:p an item of a list at a level."""
        number = x.element("w:numPr")
        x.sub(number, "w:ilvl", {"w:val": str(min(level, _LEVELS - 1))})
        x.sub(number, "w:numId", {"w:val": str(num_id)})
        x.set_ppr(paragraph, number)

    @staticmethod
    def continue_item(paragraph, level: int) -> None:
        """Indent an item's later w:p under the item's text."""
        indent = x.get_or_add(x.ppr(paragraph), "w:ind", PPR_ORDER)
        indent.set(qn("w:left"), str(LIST_INDENT * (min(level, _LEVELS - 1) + 1)))

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
