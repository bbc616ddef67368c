"""Decide every link's target once, for every format: a web or mail address, or a place in the document.

A link is written only as http, https or mailto, or as '#id' of a heading or anchor the document
holds. A link to another role of the comparison goes to that role's section; a site-relative link
('/handbook/values/') is resolved against the project's base URL. Anything else (a file path,
javascript:, a share) is drawn as its text, and the author is told at their line.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from urllib.parse import unquote, urljoin, urlsplit

from rolegen.content.inlines import notice
from rolegen.tree import Block, Document, Heading, Span, node_fields

SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_NOT_IN_SLUG = re.compile(r"[^\w\- ]")


def scheme(url: str) -> str:
    """Return a link's scheme as a browser reads it ('' for none), however it is encoded or spaced.

    Entities and percent escapes are decoded (repeatedly: a doubly encoded one still runs), then
    whitespace and control characters are dropped and case folded, as browsers do before running it.
    """
    text = url
    for _ in range(4):
        decoded = html.unescape(unquote(text))
        if decoded == text:
            break
        text = decoded
    text = "".join(c for c in text if c > " " and unicodedata.category(c) not in ("Cc", "Cf", "Zs"))
    text = text.replace("\\", "/").casefold()
    if text.startswith("//"):
        return "//"  # a host without a scheme ('//host', '\\\\server\\share'): the reader's machine decides
    found = _SCHEME.match(text)
    return found.group(1) if found else ""


def slug(text: str) -> str:
    """Return the id a heading gets when it states none, as GitHub and GitLab make it."""
    words = _NOT_IN_SLUG.sub("", text.strip().lower())
    return words.replace(" ", "-")


def heading_id(heading: Heading) -> str:
    """Return a heading's id: the one it states ({#id}), else the one made from its text."""
    from rolegen.tree import plain

    return heading.id or slug(plain(heading.spans))


@dataclass(frozen=True)
class Targets:
    """What links in a run of blocks may go to, and whether any of its spans links at all."""

    anchors: frozenset[str]  # the ids of its headings and anchors
    headings: tuple[str, ...]  # its headings' ids, in the order walked
    linked: bool


def targets(blocks) -> Targets:
    """Return the targets a run of blocks holds (a build keeps them per section: see markdown.parse)."""
    found: set[str] = set()
    headings: list[str] = []
    linked = False
    for node in _walk(blocks):
        if isinstance(node, Heading):
            headings.append(heading_id(node))
            found.add(headings[-1])
        elif isinstance(node, Span):
            if node.anchor:
                found.add(node.anchor)
            linked = linked or bool(node.url)
    return Targets(frozenset(found), tuple(headings), linked)


def resolve(
    document: Document,
    base_url: str = "",
    roles: Mapping[str, str] | None = None,
    runs: Sequence[tuple[int, Targets]] | None = None,
) -> Document:
    """Return the document with every link's target decided; roles maps a role id to its title.

    runs cut the document's blocks into runs of (so many blocks, their targets), in order: a run
    without a link is not walked again (left out, the blocks are one run).
    """
    runs = runs if runs is not None else [(len(document.blocks), targets(document.blocks))]
    if not document.footnotes and not any(found.linked for _, found in runs):
        return document
    # The whole document walked at once meets its last block first: the runs' headings in that order.
    headings = [heading for _, found in reversed(runs) for heading in found.headings]
    anchors = set().union(*(found.anchors for _, found in runs))
    resolver = _Resolver(anchors, headings, base_url, roles or {})
    blocks, start = [], 0
    for count, found in runs:
        run = document.blocks[start : start + count]
        start += count
        if found.linked:
            blocks.extend(resolver.block(block, 0) for block in run)
        else:
            blocks.extend(run)
    notes = tuple(replace(note, spans=resolver.spans(note.spans, note.line)) for note in document.footnotes)
    return replace(document, blocks=tuple(blocks), footnotes=notes)


def _walk(node):
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, (tuple, list)):
            stack.extend(node)
            continue
        names = node_fields(type(node))
        if names is not None:
            yield node
            stack.extend(getattr(node, name) for name in names if name not in ("data", "size"))


class _Resolver:
    def __init__(self, anchors: set[str], headings: list[str], base_url: str, roles: Mapping[str, str]):
        self.anchors = anchors
        self.headings = headings
        self.base_url = base_url
        self.roles = {role_id: slug(title) for role_id, title in roles.items()}

    def block(self, block: Block, line: int):
        """Return a block (or a part of one) with its spans' links decided: the same object where none changed."""
        if isinstance(block, Span):
            return self.span(block, line)
        if isinstance(block, (tuple, list)):
            items = tuple(self.block(item, line) for item in block)
            unchanged = isinstance(block, tuple) and all(new is old for new, old in zip(items, block))
            return block if unchanged else items
        names = node_fields(type(block))
        if names is None:
            return block
        line = getattr(block, "line", 0) or line
        changed = {}
        for name in names:
            value = getattr(block, name)
            if isinstance(value, (tuple, list, Span)) or node_fields(type(value)) is not None:
                new = self.block(value, line)
                if new is not value and new != value:
                    changed[name] = new
        return replace(block, **changed) if changed else block

    def spans(self, spans, line: int):
        return tuple(self.span(span, line) for span in spans)

    def span(self, span: Span, line: int) -> Span:
        if not span.url:
            return span
        target = self.target(span.url, span.text, line)
        return span if target == span.url else replace(span, url=target)

    def target(self, url: str, text: str, line: int) -> str:
        """Return where a link goes ('' to draw it as text), telling the author why when it goes nowhere."""
        written = unquote(url)
        kind = scheme(url)
        if kind in SCHEMES:
            return url
        if kind == "//":
            return self._refuse(written, line, "it names a machine without a scheme: write https:// before it")
        if kind:
            return self._refuse(written, line, f"its scheme '{kind}:' is not one of http, https or mailto")
        if written.startswith("#"):
            if written[1:] in self.anchors:
                return written
            return self._refuse(written, line, f"no heading or anchor here has the id '{written[1:]}'")
        role = self._role(written)
        if role is not None:
            return role
        if written.startswith("/") and not written.startswith("//") and self.base_url:
            return urljoin(self.base_url, url)
        if written.startswith("/") and not written.startswith("//"):
            return self._refuse(
                written, line, "it is site-relative: set base_url (in rolegen.toml or the comparison) to the site"
            )
        return self._refuse(written, line, "it is a path, not a web address: link to http(s) or a heading ('#id')")

    def _role(self, written: str) -> str | None:
        """Return '#id' of the role a relative link names ('coo.md', '../roles/coo.md#x'), if it names one."""
        path = urlsplit(written).path
        if not path or "://" in written:
            return None
        stem = path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".md")
        title = self.roles.get(stem)
        if not title:
            return None
        # The role's section heading: its title, or its title and more ('Chief Operating Officer (COO)').
        found = next((a for a in self.headings if a == title or a.startswith(title + "-")), None)
        return f"#{found}" if found else None

    def _refuse(self, written: str, line: int, why: str) -> str:
        shown = " ".join(written.split())[:60]
        notice(line, f"link '{shown}' is drawn as text: {why}", written)
        return ""
