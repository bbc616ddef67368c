"""Parse the intermediate, pandoc-flavoured Markdown into the document tree."""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from rolegen.tree import (Block, BulletList, Columns, Document, Heading, Inline, Meta, Notes,
                          Paragraph, Quote, Slide, Span, Table, plain)

_HEADING_ATTRS = re.compile(r"\s*\{([^{}]*)\}\s*$")
_DIV_CLASSES = {"notes", "columns", "column"}
_NAMES = {"fence": "a fenced code block", "code_block": "an indented code block", "html_block": "an HTML block"}
_META_KEYS = {"title", "subtitle", "author", "date", "lang"}


class MarkdownError(ValueError):
    """The Markdown breaks one of rolegen's rules; line is 1-based in the Markdown."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable("table").enable("strikethrough")
    md.use(front_matter_plugin)
    # One container for every fenced div; its class is read from the info string.
    md.use(container_plugin, "div", validate=lambda params, *rest: True)
    return md


_MD = _parser()


def parse(text: str) -> Document:
    """Parse Markdown text into a Document; raise MarkdownError on what rolegen cannot draw."""
    try:
        tokens = _MD.parse(text)
        # At its nesting limit markdown-it stops reading and drops the rest of the text without a word.
        deep = next((t for t in tokens if t.level >= _MD.options["maxNesting"] - 1), None)
        if deep is not None:
            raise MarkdownError("Markdown is nested too deeply (lists or quotes more than 8 levels inside "
                                "each other); flatten it", deep.map[0] + 1 if deep.map else 1)
        root = SyntaxTreeNode(tokens)
        meta = Meta(title="")
        nodes = list(root.children)
        if nodes and nodes[0].type == "front_matter":
            meta = _meta(nodes.pop(0))
        return Document(meta, tuple(_blocks(nodes)))
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
            current = {"heading": block, "blocks": [], "notes": []}
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


def _make_slide(heading: Heading, blocks: list[Block], notes: list[Block]) -> Slide:
    title = plain(heading.spans).strip()
    if not title:
        raise MarkdownError("slide has no title", heading.line)
    classes = heading.classes
    if heading.level == 1 or "section" in classes:
        subtitle = " ".join(plain(b.spans) for b in blocks if isinstance(b, Paragraph))
        return Slide("section", title, subtitle, (), tuple(notes), heading.line, classes)
    if "closing" in classes:
        kind = "closing"
    elif "quote" in classes or (blocks and all(isinstance(b, Quote) for b in blocks)):
        kind = "quote"
    else:
        kind = "content"
    return Slide(kind, title, "", tuple(blocks), tuple(notes), heading.line, classes)


def _line_of(block: Block) -> int:
    return getattr(block, "line", 0)


def _meta(node: SyntaxTreeNode) -> Meta:
    from rolegen.errors import RolegenError
    from rolegen.sources import parse_yaml

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
                spans = _inline_text(text[: match.start()])
            else:
                spans = _inline(node.children[0])
            blocks.append(Heading(int(node.tag[1]), spans, classes, line))
        elif kind == "paragraph":
            blocks.append(Paragraph(_inline(node.children[0]), line))
        elif kind in ("bullet_list", "ordered_list"):
            blocks.append(BulletList(tuple(_item(item) for item in node.children), kind == "ordered_list", line))
        elif kind == "table":
            blocks.append(_table(node, line))
        elif kind == "blockquote":
            paragraphs = [b.spans for b in _blocks(node.children) if isinstance(b, Paragraph)]
            blocks.append(Quote(tuple(paragraphs), line))
        elif kind == "container_div":
            blocks.append(_div(node, line))
        elif kind == "hr":
            continue
        else:
            what = _NAMES.get(kind, "a " + kind.replace("_", " "))
            raise MarkdownError(f"rolegen cannot draw {what} here", line)
    return blocks


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
            raise MarkdownError("':::: columns' may hold only '::: column' blocks",
                                child.map[0] + 1 if child.map else line)
        columns.append(tuple(_blocks(child.children)))
    if not columns:
        raise MarkdownError("':::: columns' holds no '::: column'", line)
    return Columns(tuple(columns), line)


def _item(node: SyntaxTreeNode) -> Inline:
    spans: list[Span] = []
    for child in node.children:
        if child.type == "paragraph":
            if spans:
                spans.append(Span(" "))
            spans.extend(_inline(child.children[0]))
        elif child.type in ("bullet_list", "ordered_list"):
            # Nested lists are flattened into the item: slides stay one level deep.
            for sub in child.children:
                spans.append(Span(" — "))
                spans.extend(_item(sub))
    return tuple(spans)


def _table(node: SyntaxTreeNode, line: int) -> Table:
    header: tuple[Inline, ...] = ()
    rows: list[tuple[Inline, ...]] = []
    for section in node.children:
        for tr in section.children:
            cells = tuple(_inline(cell.children[0]) if cell.children else () for cell in tr.children)
            if section.type == "thead":
                header = cells
            else:
                rows.append(cells)
    return Table(header, tuple(rows), line)


def _inline_text(text: str) -> Inline:
    return _inline(SyntaxTreeNode(_MD.parseInline(text.strip())).children[0] if text.strip() else None)


def _inline(node: SyntaxTreeNode | None) -> Inline:
    spans: list[Span] = []
    if node is None:
        return ()

    def walk(n: SyntaxTreeNode, bold: bool, italic: bool):
        for child in n.children:
            if child.type == "text":
                spans.append(Span(child.content, bold, italic))
            elif child.type == "code_inline":
                spans.append(Span(child.content, bold, italic, code=True))
            elif child.type in ("softbreak", "hardbreak"):
                spans.append(Span(" ", bold, italic))
            elif child.type == "strong":
                walk(child, True, italic)
            elif child.type == "em":
                walk(child, bold, True)
            else:
                walk(child, bold, italic)

    walk(node, False, False)
    return _merge(spans)


def _merge(spans: list[Span]) -> Inline:
    merged: list[Span] = []
    for span in spans:
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].code) == (span.bold, span.italic, span.code):
            merged[-1] = Span(merged[-1].text + span.text, span.bold, span.italic, span.code)
        else:
            merged.append(span)
    return tuple(merged)
