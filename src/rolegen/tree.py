"""The small document tree that both renderers draw: blocks of styled text spans."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Union


@dataclass(frozen=True)
class Span:
    """A run of text with one style."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    strike: bool = False
    url: str = ""  # the target of a link: an http(s) or mailto address, or '#id' for a place in the document
    note: int = 0  # a footnote reference: the note's number (text is its marker)
    script: str = ""  # "sub" or "super" (<sub>, <sup>)
    underline: bool = False  # <u>, <ins>
    mark: bool = False  # <mark>: drawn in the brand's highlight
    anchor: str = ""  # a place links may go to (<a id>); its text is empty
    title: str = ""  # what an <abbr title> stands for: said in the speaker notes


Inline = tuple[Span, ...]


@dataclass(frozen=True)
class Footnote:
    """A footnote's number and its text."""

    number: int
    spans: tuple[Span, ...]
    line: int = field(default=0, compare=False)


def plain(spans: Inline) -> str:
    """Return the text of some spans without their styles."""
    return "".join(span.text for span in spans)


@dataclass(frozen=True)
class Heading:
    level: int
    spans: Inline
    classes: tuple[str, ...] = ()
    line: int = 0
    id: str = ""  # the id it states ({#id}); links.heading_id gives the one it goes by


@dataclass(frozen=True)
class Rule:
    """A thematic break ('---'): a rule on paper, a new slide in a deck (as pandoc makes it)."""

    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Paragraph:
    spans: Inline
    line: int = field(default=0, compare=False)  # 1-based line in the Markdown, for messages


@dataclass(frozen=True)
class ListItem:
    """One list item: its paragraphs and the lists nested in it, in order."""

    blocks: tuple["Block", ...]
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class BulletList:
    items: tuple[ListItem, ...]
    ordered: bool = False
    line: int = field(default=0, compare=False)  # 1-based line in the Markdown, for messages
    start: int = 1  # the first number of an ordered list


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


@dataclass(frozen=True)
class Image:
    """A picture standing in its own paragraph; src is the path as written in the Markdown."""

    src: str
    alt: str
    line: int = field(default=0, compare=False)
    caption: bool = True  # the alt text is shown under the picture too, as pandoc draws a figure ({.nocaption}: not)
    # Filled by images.resolve before drawing: the file's bytes and its size in points.
    data: bytes = field(default=b"", compare=False, repr=False)
    size: tuple[float, float] = field(default=(0.0, 0.0), compare=False)


@dataclass(frozen=True)
class CodeBlock:
    """Preformatted text: each line drawn as written, in the monospace font."""

    text: str
    language: str = ""
    line: int = field(default=0, compare=False)


Block = Union[Heading, Paragraph, BulletList, Table, Quote, Columns, Notes, Image, CodeBlock, Rule]


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
    footnotes: tuple[Footnote, ...] = ()
    # What reading it had to tell the author: (Markdown line, message, the text concerned).
    notices: tuple[tuple[int, str, str], ...] = field(default=(), compare=False)

    def footnote(self, number: int) -> Footnote:
        """Return the footnote with this number."""
        return next(note for note in self.footnotes if note.number == number)


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
    footnotes: tuple[Footnote, ...] = ()  # the notes its text refers to, drawn in the speaker notes
    anchors: tuple[str, ...] = ()  # the ids of the headings and anchors it holds: where '#id' links go


def strings(node):
    """Yield every string in a tree of slides or blocks, whatever their kinds (text, and some names)."""
    # Depth first with a stack: scripts and languages are read from every string of every document.
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            yield node
        elif isinstance(node, (tuple, list)):
            stack.extend(reversed(node))
        else:
            names = node_fields(type(node))
            if names is not None:
                stack.extend(getattr(node, name) for name in reversed(names))


@functools.cache
def node_fields(kind: type) -> tuple[str, ...] | None:
    """Return the field names of a kind of tree node; None for a kind that is no node (a str, an int).

    Asked of every value of every tree a build walks: dataclasses.fields and is_dataclass, asked
    again each time, were a tenth of a deck's time.
    """
    return tuple(item.name for item in fields(kind)) if is_dataclass(kind) else None
