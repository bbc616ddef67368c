"""Give the tables, images and code blocks that share a slide with text (or a section title) slides of their own."""

from __future__ import annotations

from dataclasses import replace

from rolegen.markdown import footnote_numbers
from rolegen.tree import CodeBlock, Image, Slide, Table

FIGURES = (Table, Image, CodeBlock)


def figure_kind(slide: Slide) -> str | None:
    """Return 'table', 'image' or 'code' for a content slide that holds one such figure alone, else None."""
    if slide.kind != "content" or len(slide.blocks) != 1:
        return None
    return {Table: "table", Image: "image", CodeBlock: "code"}.get(type(slide.blocks[0]))


def separate(slide: Slide) -> list[Slide]:
    """Split a content slide into its text and one slide per figure, in that order.

    A figure never takes the place of the text around it: the text keeps the first slide (and the
    speaker notes), each figure follows on a slide titled like the first. Titles are made unique
    later, when the slides that run on are counted.
    """
    if slide.kind == "section" and slide.blocks:
        # A section slide shows a subtitle; what its heading holds besides follows on a content slide.
        head = replace(slide, blocks=(), footnotes=())
        return [head] + separate(replace(slide, kind="content", subtitle="", notes=()))
    if slide.kind != "content" or not any(isinstance(b, FIGURES) for b in slide.blocks):
        return [slide]
    text = tuple(b for b in slide.blocks if not isinstance(b, FIGURES))
    figures = [b for b in slide.blocks if isinstance(b, FIGURES)]
    parts = [replace(slide, blocks=text)] if text else []
    parts += [replace(slide, blocks=(figure,), notes=()) for figure in figures]
    if not text:
        parts[0] = replace(parts[0], notes=slide.notes)
    return [_own_footnotes(part) for part in parts]


def _own_footnotes(slide: Slide) -> Slide:
    referred = set(footnote_numbers(slide.blocks + slide.notes))
    return replace(slide, footnotes=tuple(n for n in slide.footnotes if n.number in referred))
