"""What a slide's text carries beyond its font: links, strike-through, note markers, list levels."""

from __future__ import annotations

from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from rolegen.render.pptx_xml import RPR_ORDER, insert_ordered, qn, r_pr

from rolegen.typeset import fit
from rolegen.tree import Span

# One bullet shape per nesting level, repeating, so a nested list reads as nested even in outline view.
_BULLETS = ("\u25a0", "\u2013", "\u2022")
_MAX_LEVEL = 8  # DrawingML has nine paragraph levels, 0 to 8


def decorate(r, span: Span, part) -> None:
    """Give a styled run element its span's strike-through, footnote marker and hyperlink (related from part)."""
    rpr = r_pr(r)
    if span.strike:
        rpr.set("strike", "sngStrike")
    if span.note:
        rpr.set("baseline", "30000")  # superscript, as Office draws a note's number
    if span.url:
        link = rpr.makeelement(
            qn("a:hlinkClick"), {qn("r:id"): part.relate_to(span.url, RT.HYPERLINK, is_external=True)}
        )
        insert_ordered(rpr, link, RPR_ORDER)


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
