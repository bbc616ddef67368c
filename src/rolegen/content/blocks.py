"""Turn markdown-it's block nodes (headings, paragraphs, lists, tables, quotes, ::: blocks) into the tree's blocks."""

from __future__ import annotations

import re
from dataclasses import replace

from markdown_it.tree import SyntaxTreeNode

from rolegen.content.inlines import MarkdownError, inline_spans, merge_spans, notice
from rolegen.tree import (
    Block,
    BulletList,
    CodeBlock,
    Columns,
    Footnote,
    Heading,
    Image,
    Inline,
    ListItem,
    Notes,
    Paragraph,
    Quote,
    Rule,
    Span,
    Table,
)

_HEADING_ATTRS = re.compile(r"\s*\{([^{}]*)\}\s*$")
_IMAGE_ATTRS = re.compile(r"\{[^{}]*\}")
_DIV_CLASSES = {"notes", "columns", "column"}
_NAMES = {
    "html_block": "raw HTML",
    "html_inline": "raw HTML",
    "image": "an image",
    "footnote_ref": "a footnote",
    "fence": "a code block",
    "code_block": "a code block",
    "table": "a table",
    "heading": "a heading",
    "blockquote": "a quote",
    "container_div": "a ::: block",
    "dl": "a definition list",
    "hr": "a rule",
}
# Blocks a text box can hold: what a column, a list item or a footnote may contain.
_TEXT_BLOCKS = (Heading, Paragraph, BulletList, Quote)


def read_blocks(nodes) -> list[Block]:
    """Return the blocks markdown-it's block nodes stand for; raise MarkdownError on what rolegen cannot draw."""
    blocks: list[Block] = []
    pending: list[Span] = []  # anchors (<a id>) standing alone, waiting for the block they mark
    for node in nodes:
        line = node.map[0] + 1 if node.map else 0
        kind = node.type
        if kind == "heading":
            text = node.children[0].content if node.children else ""
            classes: tuple[str, ...] = ()
            ident = ""
            match = _HEADING_ATTRS.search(text)
            if match:
                words = match.group(1).split()
                classes = tuple(c[1:] for c in words if c.startswith("."))
                ident = next((w[1:] for w in words if w.startswith("#") and len(w) > 1), "")
                spans = _heading_without_attributes(node.children[0], line)
            else:
                spans = inline_spans(node.children[0], line)
            blocks.append(_anchored(Heading(int(node.tag[1]), spans, classes, line, ident), pending))
        elif kind == "paragraph":
            image = _image(node.children[0], line)
            spans = () if image else inline_spans(node.children[0], line)
            if spans and all(span.anchor and not span.text for span in spans):
                pending.extend(spans)  # '<a id="x"></a>' alone marks the block after it
            elif not image and not "".join(span.text for span in spans).strip() and not any(s.note for s in spans):
                continue  # a paragraph of comments only
            else:
                blocks.append(image or _anchored(Paragraph(spans, line), pending))
        elif kind in ("bullet_list", "ordered_list"):
            blocks.append(_list(node, line))
        elif kind == "table":
            blocks.append(_table(node, line))
        elif kind == "blockquote":
            inner = read_blocks(node.children)
            other = next((b for b in inner if not isinstance(b, Paragraph)), None)
            if other is not None:
                raise MarkdownError(
                    f"a quote ('>') can hold only paragraphs, not {_what(other)}", _line_of(other) or line
                )
            blocks.append(Quote(tuple(b.spans for b in inner), line))
        elif kind == "container_div":
            blocks.extend(_div(node, line))
        elif kind in ("fence", "code_block"):
            blocks.append(CodeBlock(node.content.rstrip("\n"), (node.info or "").strip(), line))
        elif kind == "dl":
            blocks.extend(_definitions(node, line))
        elif kind == "hr":
            blocks.append(Rule(line))
        elif kind == "html_block":
            from rolegen.content.html import html_block  # html.parser, for a document that holds HTML

            blocks.extend(html_block(node.content, line, pending))
        else:
            what = _NAMES.get(kind, "a " + kind.replace("_", " "))
            raise MarkdownError(f"rolegen cannot draw {what}", line)
    return blocks


def _anchored(block, pending: list[Span]):
    """Return a heading or paragraph holding the anchors that stood alone before it."""
    if not pending:
        return block
    spans = tuple(pending) + block.spans
    pending.clear()
    return replace(block, spans=spans)


def _list(node: SyntaxTreeNode, line: int) -> BulletList:
    items = []
    for item in node.children:
        item_line = item.map[0] + 1 if item.map else line
        inner = read_blocks(item.children)
        other = next((b for b in inner if not isinstance(b, (Paragraph, BulletList))), None)
        if other is not None:
            raise MarkdownError(
                f"a list item can hold only paragraphs and lists, not {_what(other)}; put it after the list",
                _line_of(other) or item_line,
            )
        items.append(ListItem(tuple(inner), item_line))
    ordered = node.type == "ordered_list"
    start = int(node.attrs.get("start", 1)) if ordered else 1
    return BulletList(tuple(items), ordered, line, start)


def _definitions(node: SyntaxTreeNode, line: int) -> list[Block]:
    """Return a definition list as its terms in bold, each followed by its definitions."""
    blocks: list[Block] = []
    for child in node.children:
        child_line = child.map[0] + 1 if child.map else line
        if child.type == "dt":
            spans = inline_spans(child.children[0], child_line) if child.children else ()
            blocks.append(
                Paragraph(
                    tuple(Span(s.text, True, s.italic, s.code, s.strike, s.url, s.note) for s in spans), child_line
                )
            )
        else:
            blocks.extend(read_blocks(child.children))
    return blocks


def _image(node: SyntaxTreeNode, line: int) -> Image | None:
    """Return the image a paragraph holds alone (pandoc's figure), or None when it holds text."""
    children = [c for c in node.children if not (c.type == "text" and not c.content.strip())]
    caption = True
    if len(children) == 2 and children[1].type == "text" and _IMAGE_ATTRS.fullmatch(children[1].content.strip()):
        caption = ".nocaption" not in children[1].content.split("{", 1)[1]
        children = children[:1]
    if len(children) != 1 or children[0].type != "image":
        return None
    image = children[0]
    alt = " ".join("".join(c.content for c in image.walk() if c.type in ("text", "code_inline")).split())
    src = str(image.attrs.get("src", ""))
    if not alt:
        raise MarkdownError(
            f"image '{src}' has no alt text: describe it between the brackets, ![what it shows]({src})", line
        )
    return Image(src, alt, line, caption=caption)


def read_footnotes(blocks_nodes: list[SyntaxTreeNode], blocks: tuple[Block, ...]) -> tuple[Footnote, ...]:
    """Return the footnotes that footnote_block nodes hold, numbered as the text refers to them."""
    notes = []
    for block in blocks_nodes:
        for note in block.children:
            number = int(note.meta.get("id", 0)) + 1
            inner = read_blocks([c for c in note.children if c.type != "footnote_anchor"])
            other = next((b for b in inner if not isinstance(b, Paragraph)), None)
            if other is not None:
                raise MarkdownError(
                    f"footnote [^{note.meta.get('label', number)}] can hold only paragraphs, not {_what(other)}",
                    _line_of(other) or 1,
                )
            spans: list[Span] = []
            for paragraph in inner:
                if spans:
                    spans.append(Span(" "))
                spans.extend(paragraph.spans)
            notes.append(Footnote(number, merge_spans(spans), _line_of(inner[0]) if inner else 0))
    return tuple(notes)


def _div(node: SyntaxTreeNode, line: int) -> list[Block]:
    info = node.info.strip()
    words = info.strip("{}").split()
    name = words[0].lstrip(".") if words else ""
    if name not in _DIV_CLASSES:
        # pandoc keeps a div it has no use for as its content; so does rolegen, and says so.
        notice(
            line,
            f"'::: {name or info}' is not a block rolegen knows (columns, column, notes): its text is drawn as it stands",
            f"::: {info}".strip() if info else ":::",
        )
        return read_blocks(node.children)
    if name == "notes":
        return [Notes(tuple(read_blocks(node.children)))]
    if name == "column":
        raise MarkdownError("'::: column' must stand inside ':::: columns'", line)
    columns = []
    for child in node.children:
        child_info = child.info.strip().strip("{}").split() if child.type == "container_div" else []
        if not child_info or child_info[0].lstrip(".") != "column":
            raise MarkdownError(
                "':::: columns' may hold only '::: column' blocks", child.map[0] + 1 if child.map else line
            )
        column = tuple(read_blocks(child.children))
        other = next((b for b in column if not isinstance(b, _TEXT_BLOCKS)), None)
        if other is not None:
            raise MarkdownError(f"a column can hold only text, not {_what(other)}", _line_of(other) or line)
        columns.append(column)
    if not columns:
        raise MarkdownError("':::: columns' holds no '::: column'", line)
    return [Columns(tuple(columns), line)]


def _table(node: SyntaxTreeNode, line: int) -> Table:
    header: tuple[Inline, ...] = ()
    rows: list[tuple[Inline, ...]] = []
    for section in node.children:
        for tr in section.children:
            row_line = tr.map[0] + 1 if tr.map else line
            cells = tuple(
                inline_spans(cell.children[0], row_line, in_cell=True) if cell.children else () for cell in tr.children
            )
            if section.type == "thead":
                header = cells
            else:
                rows.append(cells)
    return Table(header, tuple(rows), line)


def _heading_without_attributes(inline: SyntaxTreeNode, line: int) -> Inline:
    """Return a heading's spans without the '{.class}' that ends it, footnote references and all.

    The attributes end the heading's last text; parsing the text again instead would lose what the
    document's parse resolved (a footnote reference would come back as plain '[^n]').
    """
    last = inline.children[-1] if inline.children else None
    if last is None or last.type != "text" or not _HEADING_ATTRS.search(last.content):
        raise MarkdownError("put a heading's {.class} attributes at its very end, outside any formatting", line)
    last.token.content = _HEADING_ATTRS.sub("", last.content)
    spans = list(inline_spans(inline, line))
    if spans and not spans[-1].note:
        spans[-1] = replace(spans[-1], text=spans[-1].text.rstrip())
    return tuple(s for s in spans if s.text or s.note)


def _what(block: Block) -> str:
    names = {
        Heading: "a heading",
        Paragraph: "a paragraph",
        BulletList: "a list",
        Table: "a table",
        Quote: "a quote",
        Columns: "columns",
        Notes: "notes",
        Image: "an image",
        CodeBlock: "a code block",
        Rule: "a rule",
    }
    return names.get(type(block), "this block")


def _line_of(block: Block) -> int:
    return getattr(block, "line", 0)
