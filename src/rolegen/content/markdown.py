"""Parse the intermediate, pandoc-flavoured Markdown into the document tree."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from rolegen.tree import (
    Block,
    BulletList,
    CodeBlock,
    Columns,
    Document,
    Footnote,
    Heading,
    Image,
    Inline,
    ListItem,
    Meta,
    Notes,
    Paragraph,
    Quote,
    Slide,
    Span,
    Table,
    plain,
)

_HEADING_ATTRS = re.compile(r"\s*\{([^{}]*)\}\s*$")
_TABLE_CELL_SPLIT = re.compile(r"(?<!\\)\|")  # a pipe not escaped as '\|' (GFM splits cells there, code spans too)
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
_META_KEYS = {"title", "subtitle", "author", "date", "lang"}
# Blocks a text box can hold: what a column, a list item or a footnote may contain.
_TEXT_BLOCKS = (Heading, Paragraph, BulletList, Quote)


class MarkdownError(ValueError):
    """The Markdown breaks one of rolegen's rules; line is 1-based in the Markdown."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


def _parser() -> MarkdownIt:
    # HTML is parsed only to be refused with its line: printed as text it would look like a bug.
    md = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
    md.use(front_matter_plugin).use(footnote_plugin).use(deflist_plugin)
    # One container for every fenced div; its class is read from the info string.
    md.use(container_plugin, "div", validate=lambda params, *rest: True)
    return md


_MD = _parser()


def parse(text: str) -> Document:
    """Parse Markdown text into a Document; raise MarkdownError on what rolegen cannot draw."""
    try:
        env: dict = {}
        tokens = _MD.parse(text, env)
        # At its nesting limit markdown-it stops reading and drops the rest of the text without a word.
        deep = next((t for t in tokens if t.level >= _MD.options["maxNesting"] - 1), None)
        if deep is not None:
            raise MarkdownError(
                "Markdown is nested too deeply (lists or quotes more than 8 levels inside each other); flatten it",
                deep.map[0] + 1 if deep.map else 1,
            )
        _check_footnotes_used(text, env)
        _check_table_rows(tokens, text.splitlines())
        root = SyntaxTreeNode(tokens)
        meta = Meta(title="")
        nodes = list(root.children)
        if nodes and nodes[0].type == "front_matter":
            meta = _meta(nodes.pop(0))
        notes = [node for node in nodes if node.type == "footnote_block"]
        nodes = [node for node in nodes if node.type != "footnote_block"]
        blocks = tuple(_blocks(nodes))
        return Document(meta, blocks, _footnotes(notes, blocks))
    except RecursionError as e:
        # markdown-it limits nested blocks but not nested emphasis, whose tree it builds recursively.
        raise MarkdownError("Markdown is nested too deeply (hundreds of '*' or '_' in a row?)", 1) from e


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
            raise MarkdownError("content before the first slide heading ('#' or '##')", _line_of(block))
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
    if heading.level == 1 or "section" in classes:
        # Its paragraphs are the section slide's subtitle; anything else follows on a slide of its own.
        if all(isinstance(b, Paragraph) for b in blocks):
            subtitle, blocks = " ".join(plain(b.spans) for b in blocks), []
        else:
            subtitle = ""
        return Slide("section", title, subtitle, tuple(blocks), tuple(notes), heading.line, classes, footnotes)
    if "closing" in classes:
        kind = "closing"
    elif "quote" in classes or (blocks and all(isinstance(b, Quote) for b in blocks)):
        kind = "quote"
    else:
        kind = "content"
    return Slide(kind, title, "", tuple(blocks), tuple(notes), heading.line, classes, footnotes)


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
    }
    return names.get(type(block), "this block")


def _line_of(block: Block) -> int:
    return getattr(block, "line", 0)


def _meta(node: SyntaxTreeNode) -> Meta:
    from rolegen.errors import RolegenError
    from rolegen.inputs.sources import parse_yaml

    # The same YAML reader as content files: no aliases, and bad values fail as errors, not crashes.
    try:
        doc = parse_yaml(node.content, Path("metadata"), first_line=2)
    except RolegenError as e:
        raise MarkdownError(f"invalid metadata block: {e.detail}", e.line or 1) from e
    data = doc.data or {}
    if not isinstance(data, dict):
        raise MarkdownError("metadata block must be a mapping", 1)
    unknown = [key for key in data if str(key) not in _META_KEYS]
    if unknown:
        raise MarkdownError(f"unknown metadata key '{unknown[0]}'", doc.line(unknown[0]) or 1)
    fields = {str(k): "" if v is None else str(v) for k, v in data.items()}
    return Meta(**{"title": "", **fields})


def _blocks(nodes) -> list[Block]:
    blocks: list[Block] = []
    for node in nodes:
        line = node.map[0] + 1 if node.map else 0
        kind = node.type
        if kind == "heading":
            text = node.children[0].content if node.children else ""
            classes: tuple[str, ...] = ()
            match = _HEADING_ATTRS.search(text)
            if match:
                classes = tuple(c[1:] for c in match.group(1).split() if c.startswith("."))
                spans = _heading_without_attributes(node.children[0], line)
            else:
                spans = _inline(node.children[0])
            blocks.append(Heading(int(node.tag[1]), spans, classes, line))
        elif kind == "paragraph":
            blocks.append(_image(node.children[0], line) or Paragraph(_inline(node.children[0], line), line))
        elif kind in ("bullet_list", "ordered_list"):
            blocks.append(_list(node, line))
        elif kind == "table":
            blocks.append(_table(node, line))
        elif kind == "blockquote":
            inner = _blocks(node.children)
            other = next((b for b in inner if not isinstance(b, Paragraph)), None)
            if other is not None:
                raise MarkdownError(
                    f"a quote ('>') can hold only paragraphs, not {_what(other)}", _line_of(other) or line
                )
            blocks.append(Quote(tuple(b.spans for b in inner), line))
        elif kind == "container_div":
            blocks.append(_div(node, line))
        elif kind in ("fence", "code_block"):
            blocks.append(CodeBlock(node.content.rstrip("\n"), (node.info or "").strip(), line))
        elif kind == "dl":
            blocks.extend(_definitions(node, line))
        elif kind == "hr":
            continue
        elif kind == "html_block" and node.content.lstrip().startswith("<!--"):
            continue  # an HTML comment is a note to other authors, as in pandoc
        else:
            what = _NAMES.get(kind, "a " + kind.replace("_", " "))
            hint = (
                f" ('{node.content.strip().splitlines()[0][:40]}'); write it in Markdown"
                if kind == "html_block"
                else ""
            )
            raise MarkdownError(f"rolegen cannot draw {what}{hint}", line)
    return blocks


def _list(node: SyntaxTreeNode, line: int) -> BulletList:
    items = []
    for item in node.children:
        item_line = item.map[0] + 1 if item.map else line
        inner = _blocks(item.children)
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
            spans = _inline(child.children[0], child_line) if child.children else ()
            blocks.append(
                Paragraph(
                    tuple(Span(s.text, True, s.italic, s.code, s.strike, s.url, s.note) for s in spans), child_line
                )
            )
        else:
            blocks.extend(_blocks(child.children))
    return blocks


def _image(node: SyntaxTreeNode, line: int) -> Image | None:
    """Return the image a paragraph holds alone (pandoc's figure), or None when it holds text."""
    children = [c for c in node.children if not (c.type == "text" and not c.content.strip())]
    if len(children) != 1 or children[0].type != "image":
        return None
    image = children[0]
    alt = " ".join("".join(c.content for c in image.walk() if c.type in ("text", "code_inline")).split())
    src = str(image.attrs.get("src", ""))
    if not alt:
        raise MarkdownError(
            f"image '{src}' has no alt text: describe it between the brackets, ![what it shows]({src})", line
        )
    return Image(src, alt, line)


def _check_footnotes_used(text: str, env: dict) -> None:
    """Fail on a footnote that no text refers to: pandoc would drop it without a word."""
    refs = env.get("footnotes", {}).get("refs", {})
    for label, number in refs.items():
        if number == -1:
            name = label[1:]
            found = re.search(rf"^ {{0,3}}\[\^{re.escape(name)}\]:", text, re.MULTILINE)
            line = text.count("\n", 0, found.start()) + 1 if found else 1
            raise MarkdownError(
                f"footnote [^{name}] is never referred to: add [^{name}] to the text it explains, or delete it", line
            )


def _footnotes(blocks_nodes: list[SyntaxTreeNode], blocks: tuple[Block, ...]) -> tuple[Footnote, ...]:
    notes = []
    for block in blocks_nodes:
        for note in block.children:
            number = int(note.meta.get("id", 0)) + 1
            inner = _blocks([c for c in note.children if c.type != "footnote_anchor"])
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
            notes.append(Footnote(number, _merge(spans), _line_of(inner[0]) if inner else 0))
    return tuple(notes)


def _div(node: SyntaxTreeNode, line: int) -> Block:
    info = node.info.strip()
    words = info.strip("{}").split()
    name = words[0].lstrip(".") if words else ""
    if name not in _DIV_CLASSES:
        raise MarkdownError(f"unknown ::: block '{name or info}' (known: columns, column, notes)", line)
    if name == "notes":
        return Notes(tuple(_blocks(node.children)))
    if name == "column":
        raise MarkdownError("'::: column' must stand inside ':::: columns'", line)
    columns = []
    for child in node.children:
        child_info = child.info.strip().strip("{}").split() if child.type == "container_div" else []
        if not child_info or child_info[0].lstrip(".") != "column":
            raise MarkdownError(
                "':::: columns' may hold only '::: column' blocks", child.map[0] + 1 if child.map else line
            )
        column = tuple(_blocks(child.children))
        other = next((b for b in column if not isinstance(b, _TEXT_BLOCKS)), None)
        if other is not None:
            raise MarkdownError(f"a column can hold only text, not {_what(other)}", _line_of(other) or line)
        columns.append(column)
    if not columns:
        raise MarkdownError("':::: columns' holds no '::: column'", line)
    return Columns(tuple(columns), line)


def _table(node: SyntaxTreeNode, line: int) -> Table:
    header: tuple[Inline, ...] = ()
    rows: list[tuple[Inline, ...]] = []
    for section in node.children:
        for tr in section.children:
            row_line = tr.map[0] + 1 if tr.map else line
            cells = tuple(
                _inline(cell.children[0], row_line, in_cell=True) if cell.children else () for cell in tr.children
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
    spans = list(_inline(inline, line))
    if spans and not spans[-1].note:
        spans[-1] = replace(spans[-1], text=spans[-1].text.rstrip())
    return tuple(s for s in spans if s.text or s.note)


def _check_table_rows(tokens, lines: list[str]) -> None:
    """Refuse a table row with more cells than its header: markdown-it drops the cells past it."""
    width = cells = 0
    for token in tokens:
        if token.type == "thead_open":
            width = 0
        elif token.type == "th_open":
            width += 1
        elif token.type == "tr_open" and token.map:
            cells, where = 0, token.map[0]
        elif token.type == "td_open":
            cells += 1
        elif token.type == "tr_close" and cells and where < len(lines):
            written = len(_TABLE_CELL_SPLIT.split(lines[where].strip().strip("|"))) if lines[where].strip() else 0
            if written > width:
                raise MarkdownError(
                    f"a table row has {written} cells but its header {width}: "
                    "add header cells or join these, or the cells past the header are lost",
                    where + 1,
                )
            cells = 0


def _inline(node: SyntaxTreeNode | None, line: int = 0, in_cell: bool = False) -> Inline:
    spans: list[Span] = []
    if node is None:
        return ()

    def walk(n: SyntaxTreeNode, style: Span):
        for child in n.children:
            kind = child.type
            if kind == "text":
                spans.append(replace(style, text=child.content))
            elif kind == "code_inline":
                spans.append(replace(style, text=child.content, code=True))
            elif kind in ("softbreak", "hardbreak"):
                spans.append(replace(style, text=" "))
            elif kind == "strong":
                walk(child, replace(style, bold=True))
            elif kind == "em":
                walk(child, replace(style, italic=True))
            elif kind == "s":
                walk(child, replace(style, strike=True))
            elif kind == "link":
                walk(child, replace(style, url=str(child.attrs.get("href", ""))))
            elif kind == "footnote_ref":
                if in_cell:
                    raise MarkdownError(
                        "rolegen cannot draw a footnote inside a table cell; move it after the table", line
                    )
                number = int(child.meta.get("id", 0)) + 1
                spans.append(replace(style, text=str(number), note=number, url=""))
            elif kind == "html_inline":
                if child.content.startswith("<!--"):
                    continue
                raise MarkdownError(
                    f"rolegen cannot draw raw HTML ('{child.content[:40]}'); write it in Markdown", line
                )
            elif kind == "image":
                raise MarkdownError(
                    f"image '{child.attrs.get('src', '')}' stands inside text"
                    f"{' (a table cell)' if in_cell else ''}: put it in a paragraph of its own",
                    line,
                )
            else:
                walk(child, style)

    walk(node, Span(""))
    return _merge(spans)


def _merge(spans: list[Span]) -> Inline:
    merged: list[Span] = []
    for span in spans:
        if merged and not span.note and not merged[-1].note and replace(merged[-1], text="") == replace(span, text=""):
            merged[-1] = replace(span, text=merged[-1].text + span.text)
        else:
            merged.append(span)
    return tuple(merged)


def shift_headings(text: str, top: int) -> str:
    """Return Markdown with its headings moved down so that the highest is at level top (at most 6).

    A role body's '## Step' must not start a slide of its own inside the template's '##' slide.
    """
    tokens = _MD.parse(text)
    opens = [t for t in tokens if t.type == "heading_open" and t.map]
    if not opens:
        return text
    shift = max(0, top - min(int(t.tag[1]) for t in opens))
    if not shift:
        return text
    lines = text.splitlines(keepends=True)
    for token in reversed(opens):
        first, end = token.map
        level = min(6, int(token.tag[1]) + shift)
        if token.markup.startswith("#"):
            lines[first] = re.sub(
                r"^(\s{0,3})#{1,6}", lambda m, level=level: m.group(1) + "#" * level, lines[first], count=1
            )
        else:
            # A setext heading (text underlined with = or -) becomes an ATX one on one line.
            content = " ".join(line.strip() for line in lines[first : end - 1])
            lines[first:end] = ["#" * level + " " + content + "\n"]
    return "".join(lines)


def image_sources(text: str) -> list[tuple[str, int]]:
    """Return the source and line of every image in Markdown text, in order."""
    found = []
    for token in _MD.parse(text):
        if token.type == "inline" and token.children:
            line = token.map[0] + 1 if token.map else 1
            found.extend((str(child.attrs.get("src", "")), line) for child in token.children if child.type == "image")
    return found


def normal_link(destination: str) -> str:
    """Return a link destination as the parser stores it (percent-encoded)."""
    return _MD.normalizeLink(destination)
