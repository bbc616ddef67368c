"""How a slide's text is marked up: fonts, scripts, direction, insets, bullets, links, strike-through, notes."""

from __future__ import annotations

import copy

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from rolegen.render.pptx_xml import RPR_ORDER, body_pr, insert_ordered, p_pr, qn, r_pr, run

from rolegen.brand.fonts import right_to_left
from rolegen.content import scripts
from rolegen.facts import EMU_PER_PT
from rolegen.typeset import fit
from rolegen.tree import Span

# One bullet shape per nesting level, repeating, so a nested list reads as nested even in outline view.
_BULLETS = ("\u25a0", "\u2013", "\u2022")
_MAX_LEVEL = 8  # DrawingML has nine paragraph levels, 0 to 8


def decorate(r, span: Span, part, jumps: Jumps | None = None) -> None:
    """Give a styled run element its span's strike-through, underline, script, highlight, footnote marker and
    link (related from part; a '#id' link waits in jumps for the slide that holds its target)."""
    rpr = r_pr(r)
    if span.strike:
        rpr.set("strike", "sngStrike")
    if span.underline:
        rpr.set("u", "sng")
    if span.note or span.script == "super":
        rpr.set("baseline", "30000")  # superscript, as Office draws a note's number
    elif span.script == "sub":
        rpr.set("baseline", "-25000")
    if span.mark and jumps is not None:
        mark = rpr.makeelement(qn("a:highlight"), {})
        etree.SubElement(mark, qn("a:srgbClr"), val=jumps.highlight)
        insert_ordered(rpr, mark, RPR_ORDER)
    if span.url.startswith("#"):
        if jumps is not None:
            link = rpr.makeelement(qn("a:hlinkClick"), {qn("r:id"): "", "action": "ppaction://hlinksldjump"})
            insert_ordered(rpr, link, RPR_ORDER)
            jumps.wait(link, span.url[1:], part)
    elif span.url:
        link = rpr.makeelement(
            qn("a:hlinkClick"), {qn("r:id"): part.relate_to(span.url, RT.HYPERLINK, is_external=True)}
        )
        insert_ordered(rpr, link, RPR_ORDER)


def draw_span(p, span: Span, style, part, jumps: Jumps | None) -> None:
    """Append a span's runs to a paragraph, styled by style(run): a run per line of it, a line break between."""
    for index, piece in enumerate(span.text.split("\n")):
        r = run(p, piece)
        style(r)
        decorate(r, span, part, jumps)
        if index:
            line_break_before(r)


def line_break_before(r) -> None:
    """Put a line break (<br> in the Markdown) before a run, at the run's size so the line keeps its height."""
    br = r.makeelement(qn("a:br"), {})
    rpr = copy.deepcopy(r_pr(r))
    for link in rpr.findall(qn("a:hlinkClick")):
        rpr.remove(link)
    br.append(rpr)
    r.addprevious(br)


class Jumps:
    """A deck's links to its own slides ('#id'): each waits until every slide is drawn, then goes to its target's."""

    def __init__(self, highlight: str):
        self.highlight = highlight  # the colour <mark> text is drawn on
        self.places: dict[str, object] = {}  # id -> the part of the first slide that holds it
        self.waiting: list[tuple[object, str, object]] = []

    def hold(self, anchors, part) -> None:
        """Say that a slide (its part) holds these ids."""
        for anchor in anchors:
            self.places.setdefault(anchor, part)

    def wait(self, link, anchor: str, part) -> None:
        self.waiting.append((link, anchor, part))

    def link(self) -> None:
        """Point every waiting link at its slide (a link whose target no slide holds is dropped: text remains)."""
        for link, anchor, part in self.waiting:
            target = self.places.get(anchor)
            if target is None:
                link.getparent().remove(link)
            else:
                link.set(qn("r:id"), part.relate_to(target, RT.SLIDE))
        self.waiting.clear()


def list_bullet(ppr, para: fit.Para, margin: int, hang: int, accent: str) -> None:
    """Write a list paragraph's level, indents and bullet or number (margin and hang in EMU).

    An item's later paragraph sits one level deeper without a mark, so it neither shows a bullet
    nor breaks the numbering of the items around it.
    """
    level = min(para.level + (1 if para.kind == "item" else 0), _MAX_LEVEL)
    if level:
        ppr.set("lvl", str(level))
    ppr.set("marL", str(margin))
    if para.kind == "item":
        ppr.set("indent", "0")
        ppr.append(ppr.makeelement(qn("a:buNone"), {}))
        return
    ppr.set("indent", str(-hang))
    color = ppr.makeelement(qn("a:buClr"), {})
    color.append(color.makeelement(qn("a:srgbClr"), {"val": accent}))
    ppr.append(color)
    if para.kind == "number":
        ppr.append(ppr.makeelement(qn("a:buFont"), {"typeface": "+mj-lt"}))
        # Each item states its number, so a list that runs on to a '(cont.)' slide counts on.
        ppr.append(ppr.makeelement(qn("a:buAutoNum"), {"type": "arabicPeriod", "startAt": str(max(para.number, 1))}))
    else:
        ppr.append(ppr.makeelement(qn("a:buFont"), {"typeface": "Arial"}))
        ppr.append(ppr.makeelement(qn("a:buChar"), {"char": _BULLETS[para.level % len(_BULLETS)]}))


def flush_left(shape):
    """Start a shape's text at its box's edge; return its bodyPr.

    Masters draw the bar under a title at the box's edge, so titles, bars and text share one left
    edge (Office's default 0.1 in inset would push the text off it).
    """
    properties = body_pr(shape)
    properties.set("lIns", "0")
    return properties


def pad(shape, points: float) -> None:
    """Keep points of room inside every edge of a shape's text."""
    properties = body_pr(shape)
    for key in ("lIns", "rIns", "tIns", "bIns"):
        properties.set(key, str(round(points * EMU_PER_PT)))


def bullet(p, para: fit.Para, size: float, accent: str) -> None:
    """Give a paragraph its list's bullet or number, indented for size in points, or no bullet at all."""
    ppr = p_pr(p)
    for tag in ("a:buNone", "a:buChar", "a:buAutoNum", "a:buClr", "a:buFont"):
        for old in ppr.findall(qn(tag)):
            ppr.remove(old)
    if para.kind in ("bullet", "number", "item"):
        list_bullet(
            ppr, para, round(fit.indent(para) * size * EMU_PER_PT), round(fit.hang(para) * size * EMU_PER_PT), accent
        )
    else:
        ppr.set("marL", "0")
        ppr.set("indent", "0")
        ppr.append(ppr.makeelement(qn("a:buNone"), {}))


def direction(p, text: str) -> None:
    """Run an Arabic or Hebrew paragraph right to left, aligned right, bullets included."""
    if right_to_left(text):
        ppr = p_pr(p)
        ppr.set("rtl", "1")
        ppr.set("algn", "r")


def run_properties(
    rpr, size: float, color: str, family: str, lang: str, bold: bool = False, italic: bool = False
) -> None:
    """Write a run's (or a field's) size, weight, colour, font and language as XML.

    Not through python-pptx's font properties: they look each child up by XPath, and a deck styles
    thousands of runs.
    """
    for child in list(rpr):
        rpr.remove(child)
    rpr.set("lang", lang or "en-GB")
    rpr.set("sz", str(round(size * 100)))
    rpr.set("b", "1" if bold else "0")
    if italic:
        rpr.set("i", "1")
    fill = etree.SubElement(rpr, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val=color)
    etree.SubElement(rpr, qn("a:latin"), typeface=family)


def script_fonts(rpr, text: str, lang: str, han: str | None) -> None:
    """Tag a run of Japanese, Chinese, Korean, Arabic or Hebrew with its language and name its font.

    Office picks the a:ea font for East Asian characters and a:cs for complex script; without them
    it falls back to whatever the machine has, and spell-checks the run as the document's language.
    """
    east, complex_ = scripts.east_asian(text, lang, han), scripts.complex_script(text)
    if east is None and complex_ is None:
        return
    rpr.set("lang", scripts.language_tag(text, lang, han))
    if east:
        etree.SubElement(rpr, qn("a:ea"), typeface=scripts.EAST_ASIAN_FONTS[east])
    if complex_:
        etree.SubElement(rpr, qn("a:cs"), typeface=scripts.COMPLEX_FONTS[complex_])
