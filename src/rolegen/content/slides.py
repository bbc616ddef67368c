"""Split a document into slides, pandoc-style, each with the footnotes it refers to."""

from __future__ import annotations

from rolegen.content.inlines import MarkdownError
from rolegen.content.links import heading_id
from rolegen.tree import (
    Block,
    BulletList,
    Columns,
    Document,
    Heading,
    Notes,
    Paragraph,
    Quote,
    Slide,
    Span,
    Table,
    plain,
)


def slides(document: Document) -> list[Slide]:
    """Split a Document into slides, pandoc-style: '#' is a section, '##' a slide."""
    meta = document.meta
    result = [Slide("title", meta.title, meta.subtitle, line=1)]
    current: dict | None = None

    def close():
        if current is not None:
            result.append(_make_slide(**current))

    for block in document.blocks:
        if isinstance(block, Heading) and block.level <= 2:
            close()
            current = {"heading": block, "blocks": [], "notes": [], "footnotes": document.footnotes}
        elif current is None:
            if isinstance(block, Notes):
                continue
            raise MarkdownError("content before the first slide heading ('#' or '##')", getattr(block, "line", 0))
        elif isinstance(block, Notes):
            current["notes"].extend(block.blocks)
        else:
            current["blocks"].append(block)
    close()
    return result


def _make_slide(heading: Heading, blocks: list[Block], notes: list[Block], footnotes=()) -> Slide:
    title = plain(heading.spans).strip()
    if not title:
        raise MarkdownError("slide has no title", heading.line)
    classes = heading.classes
    referred = set(footnote_numbers(blocks + notes))
    footnotes = tuple(note for note in footnotes if note.number in referred)
    notes = notes + _abbreviations([heading, *blocks])
    anchors = _anchors(heading, blocks)
    if heading.level == 1 or "section" in classes:
        # Its paragraphs are the section slide's subtitle; anything else follows on a slide of its own.
        if all(isinstance(b, Paragraph) for b in blocks):
            subtitle, blocks = " ".join(plain(b.spans) for b in blocks), []
        else:
            subtitle = ""
        return Slide("section", title, subtitle, tuple(blocks), tuple(notes), heading.line, classes, footnotes, anchors)
    if "closing" in classes:
        kind = "closing"
    elif "quote" in classes or (blocks and all(isinstance(b, Quote) for b in blocks)):
        kind = "quote"
    else:
        kind = "content"
    return Slide(kind, title, "", tuple(blocks), tuple(notes), heading.line, classes, footnotes, anchors)


def _anchors(heading: Heading, blocks: list[Block]) -> tuple[str, ...]:
    """Return the ids a slide holds: its heading's, its sub-headings', its anchors."""
    found = [heading_id(heading)]
    for spans in _inlines_of(heading):
        found.extend(span.anchor for span in spans if span.anchor)
    for block in blocks:
        if isinstance(block, Heading):
            found.append(heading_id(block))
        for spans in _inlines_of(block):
            found.extend(span.anchor for span in spans if span.anchor)
    return tuple(dict.fromkeys(a for a in found if a))


def _abbreviations(blocks) -> list[Block]:
    """Return a note paragraph per abbreviation (<abbr title>) the blocks use, said once: 'CEO: Chief Executive'."""
    seen: dict[str, str] = {}
    for block in blocks:
        for spans in _inlines_of(block):
            for span in spans:
                if span.title and span.text.strip():
                    seen.setdefault(span.text.strip(), span.title)
    return [Paragraph((Span(f"{short}: {title}"),)) for short, title in seen.items()]


def footnote_numbers(blocks) -> list[int]:
    """Return the numbers of the footnotes some blocks refer to, in reading order."""
    found: list[int] = []
    for block in blocks:
        for spans in _inlines_of(block):
            found.extend(span.note for span in spans if span.note)
    return found


def _inlines_of(block):
    """Yield every run of spans a block holds, nested ones included."""
    if isinstance(block, (Heading, Paragraph)):
        yield block.spans
    elif isinstance(block, BulletList):
        for item in block.items:
            for inner in item.blocks:
                yield from _inlines_of(inner)
    elif isinstance(block, Quote):
        yield from block.paragraphs
    elif isinstance(block, Table):
        yield from block.header
        yield from (cell for row in block.rows for cell in row)
    elif isinstance(block, Columns):
        for column in block.columns:
            for inner in column:
                yield from _inlines_of(inner)
