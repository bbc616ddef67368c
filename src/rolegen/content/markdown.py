"""Parse the intermediate, pandoc-flavoured Markdown into the document tree."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from rolegen.content import links
from rolegen.content.blocks import read_blocks, read_footnotes
from rolegen.content.inlines import MarkdownError, collecting
from rolegen.tree import Document, Meta

_TABLE_CELL_SPLIT = re.compile(r"(?<!\\)\|")  # a pipe not escaped as '\|' (GFM splits cells there, code spans too)
_META_KEYS = {"title", "subtitle", "author", "date", "lang"}


def _parser() -> MarkdownIt:
    # HTML is parsed only to be refused with its line: printed as text it would look like a bug.
    md = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
    md.use(front_matter_plugin).use(footnote_plugin).use(deflist_plugin)
    # One container for every fenced div; its class is read from the info string.
    md.use(container_plugin, "div", validate=lambda params, *rest: True)
    # markdown-it leaves a javascript: or file: link as its raw text; rolegen parses every link, then
    # links.resolve draws the ones that are no web address as text and tells the author where.
    md.validateLink = lambda url: True
    return md


_MD = _parser()


def parse(text: str, base_url: str = "", roles: Mapping[str, str] | None = None) -> Document:
    """Parse Markdown text into a Document; raise MarkdownError on what rolegen cannot draw.

    Links are decided as links.resolve does, against base_url and the roles (id -> title) of the
    comparison; what the author should hear of is in the document's notices.
    """
    with collecting() as notices:
        document = _parse(text)
        document = links.resolve(document, base_url, roles)
    return replace(document, notices=tuple(notices))


def _parse(text: str) -> Document:
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
        blocks = tuple(read_blocks(nodes))
        return Document(meta, blocks, read_footnotes(notes, blocks))
    except RecursionError as e:
        # markdown-it limits nested blocks but not nested emphasis, whose tree it builds recursively.
        raise MarkdownError("Markdown is nested too deeply (hundreds of '*' or '_' in a row?)", 1) from e


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
