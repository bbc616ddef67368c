"""Parse the intermediate, pandoc-flavoured Markdown into the document tree."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from rolegen.content import links
from rolegen.content.blocks import read_blocks, read_footnotes
from rolegen.content.inlines import MarkdownError, collecting, notice
from rolegen.tree import Block, Document, Meta

if TYPE_CHECKING:
    from rolegen.cache import BuildCache

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


def parse(
    text: str, base_url: str = "", roles: Mapping[str, str] | None = None, cache: BuildCache | None = None
) -> Document:
    """Parse Markdown text into a Document; raise MarkdownError on what rolegen cannot draw.

    Links are decided as links.resolve does, against base_url and the roles (id -> title) of the
    comparison; what the author should hear of is in the document's notices. With a build's cache,
    each section is parsed once per build: ten brands' decks of a comparison differ in a line or two.
    """
    with collecting() as notices:
        found = sections(text) if cache is not None else None
        if found is None:
            document = links.resolve(_parse(text), base_url, roles)
        else:
            document, runs = _joined(found, cache)
            document = links.resolve(document, base_url, roles, runs)
    return replace(document, notices=tuple(notices))


# What makes a text one to parse whole rather than in sections: footnotes and link definitions
# (whose names reach across sections), HTML (whose blocks run past a blank line), fences or :::
# markers set in from the margin, and line ends other than '\n' (markdown-it and str.splitlines
# count lines differently there).
_WHOLE = re.compile(
    r"\[\^|\]:|^[ \t]*<|^[ \t]+(?:```|~~~|:::|---|\.\.\.)|[\r\x00\x0b\x0c\x1c-\x1e\x85\u2028\u2029]", re.M
)
_HEADING_LINE = re.compile(r"#{1,6}(?:[ \t]|$)")
_FENCE_LINE = re.compile(r"(`{3,}|~{3,})(.*)")


def sections(text: str) -> list[tuple[int, str]] | None:
    """Return the text cut before each heading at the margin that follows a blank line outside any
    metadata block, fence or ::: block, as (first line, text); None for a text to parse whole.

    There markdown-it's block parser starts afresh: the blank line has ended every paragraph,
    table, quote and list, and a heading at the margin ends whatever is left, so each part parses
    alone as it does in the whole text (tests/content/test_sections.py holds this on every corpus).
    The blocks that run past blank lines are followed as markdown-it's rules read them: a fence to
    its closing fence, a ::: block to the first line of as many colons or more, whatever it holds.
    """
    if _WHOLE.search(text):
        return None
    lines = text.split("\n")
    cuts = [0]
    closer = ""  # the marker that ends the open fence or ::: block
    after_metadata = _front_matter_end(lines) if text.startswith("---") else 0
    blank = False
    for number in range(after_metadata, len(lines)):
        line = lines[number]
        if closer:
            stripped = line.rstrip(" \t")
            if stripped and stripped == closer[0] * len(stripped) and len(stripped) >= len(closer):
                closer = ""
        elif line.startswith(":::"):
            closer = line[: len(line) - len(line.lstrip(":"))]
        elif found := _FENCE_LINE.match(line):
            if found.group(1)[0] == "`" and "`" in found.group(2):
                return None  # no fence (its info string holds a backtick): left to markdown-it
            closer = found.group(1)
        elif blank and _HEADING_LINE.match(line):
            cuts.append(number)
        blank = not line.strip(" \t")
    if closer:
        return None  # a block left open runs to the end: no part of it parses alone
    cuts.append(len(lines))
    parts = ["\n".join(lines[start:end]) + ("\n" if end < len(lines) else "") for start, end in zip(cuts, cuts[1:])]
    return list(zip(cuts, parts))


def _front_matter_end(lines: list[str]) -> int:
    """Return the line after the metadata block the text opens with (0 when it is none): front_matter's rule."""
    marker = len(lines[0]) - len(lines[0].lstrip("-"))
    for number in range(1, len(lines)):
        stripped = lines[number].rstrip(" \t")
        if stripped == "..." or (len(stripped) >= marker and stripped == "-" * len(stripped)):
            return number + 1
    return 0


@dataclass(frozen=True)
class _Section:
    """A section as parsed alone: what a build keeps of it for every document that holds it."""

    meta: Meta | None  # the metadata block's, in the first section only
    blocks: tuple[Block, ...]
    notices: tuple[tuple[int, str, str], ...]
    targets: links.Targets


def _joined(found: list[tuple[int, str]], cache: BuildCache) -> tuple[Document, list[tuple[int, links.Targets]]]:
    """Return the document of a text's sections, each parsed once per build (its notices said again),
    and its blocks' runs for links.resolve."""
    meta, blocks, runs = Meta(title=""), [], []
    for start, part in found:
        section = cache.entry("sections", (start, part), lambda start=start, part=part: _section(start, part))
        meta = section.meta or meta
        blocks.extend(section.blocks)
        runs.append((len(section.blocks), section.targets))
        for line, message, shown in section.notices:
            notice(line, message, shown)
    return Document(meta, tuple(blocks), ()), runs


def _section(start: int, part: str) -> _Section:
    with collecting() as notices:
        document = _parse(part, start)
    meta = document.meta if start == 0 else None  # only the first part can hold the metadata block
    return _Section(meta, document.blocks, tuple(notices), links.targets(document.blocks))


def _parse(text: str, first: int = 0) -> Document:
    """Parse text whose first line is line first of the document (0-based) into a Document."""
    try:
        env: dict = {}
        tokens = _MD.parse(text, env)
        if first:
            for token in tokens:
                if token.map:
                    token.map = [token.map[0] + first, token.map[1] + first]
        # At its nesting limit markdown-it stops reading and drops the rest of the text without a word.
        deep = next((t for t in tokens if t.level >= _MD.options["maxNesting"] - 1), None)
        if deep is not None:
            raise MarkdownError(
                "Markdown is nested too deeply (lists or quotes more than 8 levels inside each other); flatten it",
                deep.map[0] + 1 if deep.map else 1,
            )
        _check_footnotes_used(text, env)
        _check_table_rows(tokens, text.splitlines(), first)
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
        raise MarkdownError("Markdown is nested too deeply (hundreds of '*' or '_' in a row?)", first + 1) from e


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


def _check_table_rows(tokens, lines: list[str], first: int = 0) -> None:
    """Refuse a table row with more cells than its header: markdown-it drops the cells past it.

    lines are the text's from line first of the document, where the tokens' maps count from."""
    width = cells = 0
    for token in tokens:
        if token.type == "thead_open":
            width = 0
        elif token.type == "th_open":
            width += 1
        elif token.type == "tr_open" and token.map:
            cells, where = 0, token.map[0] - first
        elif token.type == "td_open":
            cells += 1
        elif token.type == "tr_close" and cells and where < len(lines):
            written = len(_TABLE_CELL_SPLIT.split(lines[where].strip().strip("|"))) if lines[where].strip() else 0
            if written > width:
                raise MarkdownError(
                    f"a table row has {written} cells but its header {width}: "
                    "add header cells or join these, or the cells past the header are lost",
                    first + where + 1,
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
