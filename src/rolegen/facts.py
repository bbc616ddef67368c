"""What a finished document holds, read back from its file: the plain facts the checker and the differ judge."""

from __future__ import annotations

from dataclasses import dataclass

EMU_PER_PT = 12700  # Office measures in EMU: 914,400 an inch, 12,700 a point
# The core properties the checker reads, with the language last.
PROPERTIES = ("title", "subject", "author", "last_modified_by", "keywords", "comments", "category")


def core_properties(props) -> tuple[tuple[str, str], ...]:
    """Return a document's core properties (python-pptx's or python-docx's, which read alike) as pairs."""
    return tuple((name, getattr(props, name) or "") for name in PROPERTIES) + (("language", props.language or ""),)


@dataclass(frozen=True)
class Run:
    """A run of text at one size, weight and font family."""

    text: str
    size: float
    bold: bool = False
    family: str = ""
    field: str = ""  # the type of a field (a:fld) the run is, such as "slidenum"; "" for plain text


@dataclass(frozen=True)
class Para:
    """A paragraph of runs, indented by indent points, spaced before by space_before points."""

    runs: tuple[Run, ...]
    indent: float = 0.0
    space_before: float = 0.0

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def content(self) -> str:
        """Return the text without slide numbers, which follow a slide's place rather than its content."""
        return "".join(r.text for r in self.runs if r.field != "slidenum")


@dataclass(frozen=True)
class TextBox:
    """A shape's text and the rectangle (points) it must stay in, insets already taken off."""

    name: str
    x: float
    y: float
    w: float
    h: float
    paras: tuple[Para, ...]
    grows: bool = False  # the shape resizes to its text (spAutoFit), so it cannot overflow itself


@dataclass(frozen=True)
class Grid:
    """A table: its position, header marking, column widths and each row's cells and height."""

    name: str
    x: float
    y: float
    header_marked: bool
    columns: tuple[float, ...]
    rows: tuple[tuple[TextBox, ...], ...]
    heights: tuple[float, ...]


@dataclass(frozen=True)
class Picture:
    """A picture, its alt text, and (read for review) the sha256 of its image."""

    name: str
    alt: str
    digest: str = ""


@dataclass(frozen=True)
class Page:
    """One slide: its title, what comes first in reading order, and its shapes."""

    number: int
    title: str
    title_first: bool
    boxes: tuple[TextBox, ...] = ()
    grids: tuple[Grid, ...] = ()
    pictures: tuple[Picture, ...] = ()
    layout: str = ""  # read for review: the slide layout's name
    notes: tuple[str, ...] = ()  # read for review: the speaker notes' paragraphs


@dataclass(frozen=True)
class Section:
    """A handout's stretch under one heading (read for review): its heading path and its lines.

    path holds the headings above it and its own, so the two 'Primary role' sections of two roles differ.
    """

    heading: str
    level: int  # 1 for Heading 1; 0 for what comes before the first heading
    path: tuple[str, ...]
    lines: tuple[str, ...]  # paragraphs' text, and each table row's cells joined by ' | '
    pictures: tuple[Picture, ...] = ()


@dataclass(frozen=True)
class DocumentFacts:
    """A whole document: its kind (deck or handout), page size, properties and content."""

    kind: str
    width: float
    height: float
    properties: tuple[tuple[str, str], ...]  # (core property, value)
    languages: tuple[str, ...]  # every language tag the text declares ("" when a run has none)
    pages: tuple[Page, ...] = ()
    grids: tuple[Grid, ...] = ()  # a handout's tables
    pictures: tuple[Picture, ...] = ()  # a handout's pictures
    text_width: float = 0.0  # a handout's width between the margins
    theme: tuple[tuple[str, str], ...] = ()  # read for review: the theme's colour slots (accent1, ...) and hex
    sections: tuple[Section, ...] = ()  # read for review: a handout's sections by heading


@dataclass(frozen=True)
class Drawn:
    """A document a renderer drew: its bytes and its facts, read from it before it was saved."""

    data: bytes
    facts: DocumentFacts
