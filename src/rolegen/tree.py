"""The small document tree that both renderers draw: blocks of styled text spans."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Union


@dataclass(frozen=True)
class Span:
    """A run of text with one style."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False


Inline = tuple[Span, ...]


def plain(spans: Inline) -> str:
    """Return the text of some spans without their styles."""
    return "".join(span.text for span in spans)


@dataclass(frozen=True)
class Heading:
    level: int
    spans: Inline
    classes: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class Paragraph:
    spans: Inline
    line: int = field(default=0, compare=False)  # 1-based line in the Markdown, for messages


@dataclass(frozen=True)
class BulletList:
    items: tuple[Inline, ...]
    ordered: bool = False
    line: int = field(default=0, compare=False)  # 1-based line in the Markdown, for messages


@dataclass(frozen=True)
class Table:
    header: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]
    line: int = field(default=0, compare=False)  # 1-based line in the Markdown, for messages


@dataclass(frozen=True)
class Quote:
    paragraphs: tuple[Inline, ...]
    line: int = field(default=0, compare=False)  # 1-based line in the Markdown, for messages


@dataclass(frozen=True)
class Columns:
    columns: tuple[tuple["Block", ...], ...]
    line: int = field(default=0, compare=False)  # 1-based line in the Markdown, for messages


@dataclass(frozen=True)
class Notes:
    blocks: tuple["Block", ...]


Block = Union[Heading, Paragraph, BulletList, Table, Quote, Columns, Notes]


@dataclass(frozen=True)
class Meta:
    """The document's title block (pandoc's YAML metadata)."""

    title: str
    subtitle: str = ""
    author: str = ""
    date: str = ""
    lang: str = "en-GB"


@dataclass(frozen=True)
class Document:
    meta: Meta
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Slide:
    """One slide: kind is title, section, content, quote or closing."""

    kind: str
    title: str
    subtitle: str = ""
    blocks: tuple[Block, ...] = ()
    notes: tuple[Block, ...] = ()
    line: int = 0
    classes: tuple[str, ...] = field(default=())


def strings(node):
    """Yield every string in a tree of slides or blocks, whatever their kinds (text, and some names)."""
    if isinstance(node, str):
        yield node
    elif is_dataclass(node):
        for item in fields(node):
            yield from strings(getattr(node, item.name))
    elif isinstance(node, (tuple, list)):
        for item in node:
            yield from strings(item)
