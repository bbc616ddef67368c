"""A handout's style sheet: find, add and set Word styles in styles.xml directly with lxml.

python-docx finds a style by XPath over every style on each lookup and each `style.name` walks its
children; a handout sets about a hundred properties on fifteen styles, so the sheet is read once.
"""

from __future__ import annotations

from docx.oxml.styles import styleId_from_name
from docx.styles import BabelFish

from rolegen.render import docx_xml as x
from rolegen.render.docx_xml import PPR_ORDER, RPR_ORDER, STYLE_ORDER, qn

PARAGRAPH, CHARACTER = "paragraph", "character"


class StyleSheet:
    """The w:styles of a document, indexed by name once; styles added here join the index."""

    def __init__(self, root):
        self.root = root
        self._by_name: dict[str, object] = {}
        self._by_id: dict[str, object] = {}
        for style in root.iterfind(qn("w:style")):
            name = style.find(qn("w:name"))
            if name is not None:
                self._by_name.setdefault(name.get(qn("w:val")), style)
            self._by_id.setdefault(style.get(qn("w:styleId")), style)

    def names(self) -> set[str]:
        """Return the names of the styles the sheet defines, as Word's user interface shows them."""
        return {BabelFish.internal2ui(name) for name in self._by_name}

    def get(self, name: str):
        """Return the w:style named name ('Heading 1' as Word shows it), or by that id, or None."""
        found = self._by_name.get(BabelFish.ui2internal(name))
        return found if found is not None else self._by_id.get(name)

    def add(self, name: str, kind: str, base: str | None = None, quick: bool = False):
        """Add a custom style of a kind (PARAGRAPH, CHARACTER) named name, based on the style base."""
        internal = BabelFish.ui2internal(name)
        style_id = styleId_from_name(internal)
        style = x.sub(self.root, "w:style", {"w:type": kind, "w:customStyle": "1", "w:styleId": style_id})
        x.sub(style, "w:name", {"w:val": internal})
        if base is not None:
            x.insert_in_order(style, x.val("w:basedOn", self.get(base).get(qn("w:styleId"))), STYLE_ORDER)
        if quick:
            x.insert_in_order(style, x.element("w:qFormat"), STYLE_ORDER)
        self._by_name.setdefault(internal, style)
        self._by_id.setdefault(style_id, style)
        return style

    def paragraph_style(self, name: str, base: str = "Normal"):
        """Return the paragraph style named name, added (based on base, in Word's style gallery) if missing."""
        found = self.get(name)
        return found if found is not None else self.add(name, PARAGRAPH, base, quick=True)


def font(style, family: str, size: float, color: str, bold: bool | None = None, italic: bool | None = None) -> None:
    """Set a style's font family (every script's), size, colour and weight; bold or italic None inherits."""
    run = x.rpr(style)
    fonts = x.get_or_add(run, "w:rFonts", RPR_ORDER)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), family)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)
    size_of(style, size)
    x.replace(run, x.val("w:color", color), RPR_ORDER)
    # Arabic and Hebrew are complex script: Word weights and sizes them by bCs, iCs and szCs.
    for tags, value in ((("w:b", "w:bCs"), bold), (("w:i", "w:iCs"), italic)):
        for tag in tags:
            for old in run.findall(qn(tag)):
                run.remove(old)
            if value is not None:
                x.insert_in_order(run, x.flag(tag, value), RPR_ORDER)
    x.replace(run, x.val("w:szCs", str(round(size * 2))), RPR_ORDER)


def family(style, name: str) -> None:
    """Set a style's font family for every script."""
    fonts = x.get_or_add(x.rpr(style), "w:rFonts", RPR_ORDER)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)


def size_of(style, size: float) -> None:
    """Set a style's font size in points."""
    x.set_rpr(style, x.val("w:sz", str(x.half_points(size))))


def spacing(style, before: float | None = None, after: float | None = None, line: float | None = None) -> None:
    """Set the space before and after a style's paragraphs (points) and its line height (a multiple)."""
    space = x.get_or_add(x.ppr(style), "w:spacing", PPR_ORDER)
    if before is not None:
        space.set(qn("w:before"), str(x.twips(int(before * x.EMU_PER_PT))))
    if after is not None:
        space.set(qn("w:after"), str(x.twips(int(after * x.EMU_PER_PT))))
    if line is not None:
        space.set(qn("w:line"), str(x.twips(int(line * 240 * x.EMU_PER_TWIP))))
        space.set(qn("w:lineRule"), "auto")


def language(style, lang: str) -> None:
    """Set the language a style's text is in."""
    x.get_or_add(x.rpr(style), "w:lang", RPR_ORDER).set(qn("w:val"), lang)


def border(style, side: str, color: str, size: int, space: int = 4) -> None:
    """Draw a line on one side of a style's (or a w:p's) paragraphs."""
    x.get_or_add(x.ppr(style), "w:pBdr", PPR_ORDER).append(x.border(side, color, size, space))


def no_border(style) -> None:
    """Remove a style's paragraph borders."""
    properties = x.ppr(style)
    for old in properties.findall(qn("w:pBdr")):
        properties.remove(old)
