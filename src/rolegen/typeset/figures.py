"""Give the tables, images, code blocks and columns that share a slide with text (or a title) slides of their own."""

from __future__ import annotations

from dataclasses import replace

from rolegen.content.slides import footnote_numbers
from rolegen.tree import CodeBlock, Columns, Image, Rule, Slide, Table

FIGURES = (Table, Image, CodeBlock)
# What a slide draws only when it holds it alone: a text box has no place for any of these.
_APART = FIGURES + (Columns,)


def figure_kind(slide: Slide) -> str | None:
    """Return 'table', 'image' or 'code' for a content slide that holds one such figure alone, else None."""
    if slide.kind != "content" or len(slide.blocks) != 1:
        return None
    return {Table: "table", Image: "image", CodeBlock: "code"}.get(type(slide.blocks[0]))


def is_chart(slide: Slide) -> bool:
    """Return whether a slide draws its table as the reporting-lines chart."""
    return "diagram" in slide.classes and any(isinstance(b, Table) for b in slide.blocks)


def separate(slide: Slide) -> list[Slide]:
    """Split a slide into what its kind draws and one content slide per figure or columns block, in that order.

    A figure never takes the place of the text around it: the text keeps the first slide (and the
    speaker notes), each figure follows on a slide titled like the first. A chart keeps its table
    alone, and a title, quote or closing slide its text. Titles are made unique later, when the
    slides that run on are counted.
    """
    if any(isinstance(b, Rule) for b in slide.blocks):
        # pandoc's convention: a rule ('---') starts a new slide; it runs on under this one's title.
        groups: list[list] = [[]]
        for block in slide.blocks:
            if isinstance(block, Rule):
                groups.append([])
            else:
                groups[-1].append(block)
        first, *rest = [tuple(group) for group in groups if group] or [()]
        later = [replace(slide, kind="content", subtitle="", blocks=blocks, notes=()) for blocks in rest]
        return [part for piece in [replace(slide, blocks=first), *later] for part in separate(_own_footnotes(piece))]
    if slide.kind == "section" and slide.blocks:
        # A section slide shows a subtitle; what its heading holds besides follows on a content slide.
        head = replace(slide, blocks=(), footnotes=())
        return [head] + separate(replace(slide, kind="content", subtitle="", notes=()))
    if is_chart(slide):
        chart = next(b for b in slide.blocks if isinstance(b, Table))
        rest = tuple(b for b in slide.blocks if b is not chart)
        if not rest:
            return [slide]
        plain = tuple(c for c in slide.classes if c != "diagram")
        return [_own_footnotes(replace(slide, blocks=(chart,)))] + separate(
            replace(slide, blocks=rest, classes=plain, notes=())
        )
    apart = [b for b in slide.blocks if isinstance(b, _APART)]
    if not apart or (slide.kind == "content" and slide.blocks == (apart[0],) and isinstance(apart[0], Columns)):
        return [slide]
    text = tuple(b for b in slide.blocks if not isinstance(b, _APART))
    parts = [replace(slide, blocks=text)] if text or slide.kind != "content" else []
    parts += [replace(slide, kind="content", subtitle="", blocks=(block,), notes=()) for block in apart]
    if not parts[0].notes:
        parts[0] = replace(parts[0], notes=slide.notes)
    return [_own_footnotes(part) for part in parts]


def _own_footnotes(slide: Slide) -> Slide:
    referred = set(footnote_numbers(slide.blocks + slide.notes))
    return replace(slide, footnotes=tuple(n for n in slide.footnotes if n.number in referred))
