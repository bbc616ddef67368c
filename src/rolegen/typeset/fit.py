"""Decide font sizes and slide breaks so that text stays inside its box (no Office import)."""

from __future__ import annotations

from dataclasses import dataclass

from rolegen.brand.fonts import Measurer
from rolegen.tree import Block, BulletList, CodeBlock, Heading, Inline, Paragraph, Quote, Span, plain

SPACE_BEFORE = 0.5  # space before each paragraph but the first, as a multiple of the font size
BULLET_INDENT = 0.9  # hanging indent of a bullet, as a multiple of the font size
NUMBER_INDENT = 1.5  # of a number: room for "10." and a space, so the number never touches its text
LEVEL_INDENT = 1.2  # how far each level of a nested list moves right, as a multiple of the font size
HEADING_SCALE = 1.1


@dataclass(frozen=True)
class Para:
    """One paragraph as a slide draws it."""

    spans: Inline
    kind: str = "body"  # body, bullet, number, item (an item's later paragraph), heading, quote, code
    number: int = 0
    level: int = 0  # the list nesting (0 outside lists and for top-level items), or a heading's level

    @property
    def text(self) -> str:
        return plain(self.spans)


def paragraphs(blocks: tuple[Block, ...] | list[Block]) -> list[Para]:
    """Flatten text blocks into the paragraphs a text box holds."""
    result: list[Para] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            result.append(Para(block.spans))
        elif isinstance(block, BulletList):
            result.extend(_list_paragraphs(block, 0))
        elif isinstance(block, Heading):
            result.append(Para(block.spans, "heading", level=block.level))
        elif isinstance(block, Quote):
            result.extend(Para(p, "quote") for p in block.paragraphs)
        elif isinstance(block, CodeBlock):
            result.extend(Para((Span(line or " ", code=True),), "code") for line in block.text.split("\n"))
    return result


def _list_paragraphs(block: BulletList, level: int) -> list[Para]:
    """Return a list's items as paragraphs at their nesting level: an item's first paragraph
    carries its bullet or number, its later paragraphs are indented with it, its lists go one deeper."""
    result: list[Para] = []
    for index, item in enumerate(block.items, start=block.start):
        first = True
        for inner in item.blocks:
            if isinstance(inner, BulletList):
                result.extend(_list_paragraphs(inner, level + 1))
                continue
            kind = ("number" if block.ordered else "bullet") if first else "item"
            # An item's later paragraph keeps its item's number only to say that it lines up after a number.
            result.append(Para(inner.spans, kind, index if block.ordered else 0, level))
            first = False
    return result


@dataclass(frozen=True)
class Fonts:
    body: Measurer
    heading: Measurer


def para_size(para: Para, size: float) -> float:
    """Return the font size a paragraph is drawn at when the body is at size."""
    if para.kind != "heading":
        return size
    # A slide's sub-headings are sized by level: '###' (the highest a body keeps) the largest, each below smaller.
    return round(size * max(1.0, HEADING_SCALE - 0.05 * max(0, para.level - 3)))


def hang(para: Para) -> float:
    """Return the room a paragraph's bullet or number takes before its text, as a multiple of its font size."""
    return {"bullet": BULLET_INDENT, "number": NUMBER_INDENT}.get(para.kind, 0.0)


def indent(para: Para) -> float:
    """Return where a paragraph's text starts, as a multiple of its font size: its list level's room and
    its mark's (an item's later paragraph lines up with the item's text)."""
    if para.kind not in ("bullet", "number", "item"):
        return 0.0
    mark = hang(para) if para.kind != "item" else NUMBER_INDENT if para.number else BULLET_INDENT
    return LEVEL_INDENT * para.level + mark


def height(paras: list[Para], fonts: Fonts, width: float, size: float, limit: float | None = None) -> float:
    """Return the height in points that paras take in a box width points wide.

    With limit, stop measuring once the height passes it (and return what was reached): a box
    is judged against its own height, and a long body would otherwise be wrapped whole each time.
    """
    total = 0.0
    for index, para in enumerate(paras):
        total += _para_height(para, fonts, width, size, index)
        if limit is not None and total > limit:
            break
    return total


def _para_height(para: Para, fonts: Fonts, width: float, size: float, index: int) -> float:
    """Return the height one paragraph adds to a box: its lines, and its space before unless it comes first."""
    psize = para_size(para, size)
    usable = width - indent(para) * psize
    measurer = fonts.heading if para.kind == "heading" else fonts.body
    bold = para.kind == "heading" or all(s.bold for s in para.spans if s.text.strip())
    lines = len(measurer.wrap(para.text, usable, psize, bold))
    return lines * measurer.line_height(psize, para.text, bold) + (SPACE_BEFORE * psize if index else 0)


def fit_size(
    paras: list[Para], fonts: Fonts, width: float, box_height: float, start: float, floor: float, step: float = 2.0
) -> float | None:
    """Return the largest size from start down to floor at which paras fit, or None."""
    size = start
    while size >= floor - 1e-6:
        if height(paras, fonts, width, size, limit=box_height) <= box_height:
            return size
        size -= step
    return None


def paginate(
    paras: list[Para], fonts: Fonts, width: float, box_height: float, floor: float, multiple: int = 1
) -> list[list[Para]]:
    """Split paras into pages that each fit at the floor size, never splitting a paragraph.

    As many pages as filling each one would need (rounded up to a multiple, where pages are
    boxes that fill a slide together), but evenly full, so the last is not left holding one bullet.
    """
    pages = _greedy(paras, fonts, width, box_height, floor)
    count = -(-len(pages) // multiple) * multiple
    sizes = [height([p], fonts, width, floor) + SPACE_BEFORE * para_size(p, floor) for p in paras]
    groups = even_groups(sizes, count if count <= len(paras) else len(pages))
    even = [[paras[i] for i in group] for group in groups]
    if all(
        height(page, fonts, width, floor, limit=box_height) <= box_height
        and (page is even[-1] or page[-1].kind != "heading")
        for page in even
    ):
        return even
    return pages


def fill_pages(
    paras: list[Para], fonts: Fonts, width: float, box_height: float, start: float, floor: float, step: float = 2.0
) -> tuple[float, list[list[Para]]]:
    """Return the largest size from start down to floor that needs no more pages than floor does, and its pages.

    Text that runs on takes as many slides as it must at the floor, then grows to fill them.
    """
    return grow_to_fill(
        lambda size: paginate(paras, fonts, width, box_height, size),
        lambda page, size: height(page, fonts, width, size, limit=box_height) <= box_height,
        start,
        floor,
        step,
    )


def grow_to_fill(plan, fits, start: float, floor: float, step: float = 2.0) -> tuple[float, list]:
    """Return the largest size from start down to floor whose plan(size) has no more pages than at the floor.

    fits(page, size) tells whether a page holds at that size.
    """
    least = plan(floor)
    size = start
    while size > floor + 1e-6:
        pages = plan(size)
        if len(pages) <= len(least) and all(fits(page, size) for page in pages):
            return size, pages
        size -= step
    return floor, least


def _greedy(paras: list[Para], fonts: Fonts, width: float, box_height: float, size: float) -> list[list[Para]]:
    """Split paras into pages, each as full as it can be at size; a heading never ends a page."""
    pages: list[list[Para]] = [[]]
    used = 0.0  # the height of the last page so far, added up as height() adds it
    for para in paras:
        page = pages[-1]
        trial = used + _para_height(para, fonts, width, size, len(page))
        if page and trial > box_height:
            # A heading goes with what follows it: it never ends a page (it leads the next one).
            kept = [page.pop()] if len(page) > 1 and page[-1].kind == "heading" else []
            pages.append(kept + [para])
            used = height(pages[-1], fonts, width, size)
        else:
            page.append(para)
            used = trial
    return pages


def paginate_columns(
    columns: list[list[Para]],
    fonts: Fonts,
    widths: dict[int, float],
    box_height: float,
    size: float,
    marker: str = "(cont.)",
) -> list[list[list[Para]]]:
    """Split side-by-side columns into slides, each slide a list of the columns it shows.

    The first slide shows every column, as full as it goes. A column that runs on continues on
    slides that show only the columns still running, sharing the whole width (widths[n] is a
    column's width when n share it), so no slide keeps an empty half; its heading leads each
    continuation, marked, so the reader knows whose text it is. The last column running flows
    evenly over every column place of the slides it needs, as a newspaper column does.
    """
    left = [list(c) for c in columns]
    heads = [
        Para(c[0].spans + (Span(f" {marker}"),), "heading") if c and c[0].kind == "heading" else None for c in columns
    ]
    pages: list[list[list[Para]]] = []
    while any(left):
        live = [i for i, c in enumerate(left) if c]
        width = widths[len(live)]
        if len(live) == 1:
            index = live[0]
            head, rest = heads[index], left[index]
            going_on = head is not None and rest[0] is head
            rest = rest[1:] if going_on else rest
            per = len(columns) if len(rest) >= len(columns) else 1
            width = widths[per]
            # Room for the repeated heading in every place, so the places share one height.
            room = box_height - (height([head], fonts, width, size) + SPACE_BEFORE * size if head else 0)
            places = paginate(rest, fonts, width, room, size, per)
            for start in range(0, len(places), per):
                slide = places[start : start + per]
                lead = [head] if head is not None and (start or going_on) else []
                pages.append([lead + slide[0]] + slide[1:])
            break
        page = []
        for index in live:
            rest = left[index]
            taken = (
                rest
                if height(rest, fonts, width, size) <= box_height
                else _greedy(rest, fonts, width, box_height, size)[0]
            )
            if len(taken) < len(rest) and all(p.kind == "heading" for p in taken):
                taken = rest[: len(taken) + 1]  # a paragraph too tall for any slide still moves on
            page.append(taken)
            left[index] = rest[len(taken) :]
            if left[index] and heads[index] is not None:
                left[index].insert(0, heads[index])
        pages.append(page)
    return pages


def even_groups(sizes: list[float], count: int) -> list[list[int]]:
    """Split items (their sizes) in order into count groups of about equal total size.

    An item joins a group while its middle falls within the group's fair share of what is left.
    """
    groups: list[list[int]] = []
    index = 0
    # What is left from each item on, added up once: summing the rest for each group made a long
    # body's thousands of pages quadratic.
    rest = [0.0] * (len(sizes) + 1)
    for position in range(len(sizes) - 1, -1, -1):
        rest[position] = sizes[position] + rest[position + 1]
    for group in range(count):
        left = count - group
        target = rest[index] / left
        used, members = 0.0, []
        # Leave at least one item for each group still to come.
        while index < len(sizes) - (left - 1) and (not members or used + sizes[index] / 2 <= target):
            members.append(index)
            used += sizes[index]
            index += 1
        groups.append(members)
    groups[-1].extend(range(index, len(sizes)))
    return groups


def title_height(text: str, fonts: Fonts, width: float, size: float) -> float:
    """Return the height in points a bold title takes in a box width points wide."""
    return len(fonts.heading.wrap(text, width, size, bold=True)) * fonts.heading.line_height(size, text, True)


def balanced_width(text: str, measurer: Measurer, width: float, size: float, bold: bool = True) -> float:
    """Return a width at most width at which text wraps into as many lines, the last not one lone word.

    A typesetter narrows the measure rather than leave a word alone on a title's last line; the
    narrower width must hold a few percent to spare, so a renderer that wraps a little differently
    still makes the same lines.
    """
    lines = measurer.wrap(text, width, size, bold)
    if len(lines) < 2 or len(lines[-1].split()) > 1:
        return width
    trial_width = width
    while trial_width > 0.6 * width:
        trial_width -= 0.02 * width
        trial = measurer.wrap(text, trial_width, size, bold)
        if len(trial) > len(lines):
            break
        spare = measurer.wrap(text, 0.96 * trial_width, size, bold)
        if len(trial[-1].split()) > 1 and len(spare) == len(lines) and len(spare[-1].split()) > 1:
            return trial_width
    return width


def title_size(text: str, fonts: Fonts, width: float, box_height: float, start: float, floor: float) -> float:
    """Return the size at which a title fits its box, shrinking down to floor (titles never split)."""
    size = start
    while size > floor:
        if title_height(text, fonts, width, size) <= box_height:
            return size
        size -= 2
    return floor


def column_weights(rows, ncols: int, min_shares: list[float] | None = None) -> list[float]:
    """Share a table's width by how much text each column holds, damped so no column starves.

    min_shares gives each column's least share (its longest word must fit on one line).
    """
    lengths = [max(len(plain(r[c])) if c < len(r) else 0 for r in rows) for c in range(ncols)]
    weights = [max(12, min(n, 90)) ** 0.8 for n in lengths]
    # A word too long for a fair share of the width breaks by characters anyway, so it may not
    # starve the other columns; floors that still ask for more than the width are scaled down.
    floors = [min(f, 1.0 / ncols) for f in (min_shares or [0.0] * ncols)]
    if sum(floors) > 0.9:
        floors = [f * 0.9 / sum(floors) for f in floors]
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(ncols) if i not in fixed]
        room = max(0.0, 1.0 - sum(fixed.values()))
        total = sum(weights[i] for i in free) or 1.0
        shares = {i: room * weights[i] / total for i in free}
        short = [i for i in free if shares[i] < floors[i]]
        if not short:
            break
        for i in short:
            fixed[i] = floors[i]
    return [fixed.get(i, shares.get(i, 0.0)) for i in range(ncols)]


def longest_word(rows, column: int) -> str:
    """Return the longest word in a table column."""
    words = [w for r in rows if column < len(r) for w in plain(r[column]).split()]
    return max(words, key=len, default="")


def split_rows(header: float, rows: list[float], box_height: float) -> list[list[int]]:
    """Split table rows (their heights) into evenly full pages that fit box_height under a repeated header.

    A row taller than a page on its own still gets a page of its own: rows are never split.
    """
    pages: list[list[int]] = [[]]
    used = header
    for index, row in enumerate(rows):
        if pages[-1] and used + row > box_height:
            pages.append([])
            used = header
        pages[-1].append(index)
        used += row
    even = even_groups(rows, len(pages))
    if all(len(group) == 1 or header + sum(rows[i] for i in group) <= box_height for group in even):
        return even
    return pages


def continued_title(title: str, page: int, marker: str = "(cont.)") -> str:
    """Return the title of page (0-based) of a slide that runs on: 'T', 'T (cont.)', 'T (cont. 2)'.

    marker is the language's word, e.g. '(Forts.)'; later pages number it inside its bracket.
    """
    if page == 0:
        return title
    if page == 1:
        return f"{title} {marker}"
    numbered = f"{marker[:-1]} {page})" if marker.endswith(")") else f"{marker} {page}"
    return f"{title} {numbered}"
