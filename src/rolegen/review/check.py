"""Find what accessibility checkers flag, and text that leaves its box, in any .pptx or .docx."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from rolegen import facts
from rolegen.cache import BuildCache
from rolegen.errors import RolegenError, UsageError, display_path
from rolegen.brand.fonts import Measurer

# Properties that only say which tool or template made the file, never what the document is.
TEMPLATE_LEFTOVERS = frozenset(
    {
        "python-pptx",
        "python-docx",
        "powerpoint presentation",
        "presentation title",
        "microsoft office user",
        "document",
        "untitled",
        "title",
    }
)
REQUIRED_PROPERTIES = ("title", "subject", "author")
# Renderers round spacing to whole points; half a point of slack keeps rounding from counting as overflow.
_SLACK_PT = 0.5
_DEFAULT_FAMILY = "Calibri"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document, where it is, and what is wrong."""

    path: Path
    where: str  # "slide 3", "table 2" or "" for the whole document
    message: str

    def __str__(self) -> str:
        return f"{display_path(self.path)}: {self.describe()}"

    def describe(self) -> str:
        """Return the problem without its file: 'slide 3: message'."""
        return ": ".join(([self.where] if self.where else []) + [self.message])


def check_file(path: Path) -> list[Problem]:
    """Return the problems of one .pptx or .docx file."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise UsageError("no such file", path)
    if suffix in (".pptx", ".docx"):
        from rolegen.inputs.safety import check_package

        # The zip-bomb and damage checks of masters: a file to check may come from anywhere.
        check_package(path, error=RolegenError)
    if suffix == ".pptx":
        from rolegen.render import inspect_pptx

        return outside_links(path) + check_facts(inspect_pptx.read(path), path)
    if suffix == ".docx":
        from rolegen.render import inspect_docx

        return outside_links(path) + check_facts(inspect_docx.read(path), path)
    raise UsageError("can only check .pptx and .docx files", path)


def outside_links(path: Path) -> list[Problem]:
    """Return a problem per external relationship that is no http, https or mailto address.

    rolegen writes no other; a file edited by hand, or made elsewhere, may link a file on the reader's
    machine or a script, which opens with one click.
    """
    import zipfile

    from lxml import etree

    from rolegen.content.links import SCHEMES, scheme

    found = []
    with zipfile.ZipFile(path) as package:
        for name in sorted(n for n in package.namelist() if n.endswith(".rels")):
            root = etree.fromstring(package.read(name), etree.XMLParser(resolve_entities=False, no_network=True))
            for rel in root:
                target = rel.get("Target", "")
                if rel.get("TargetMode") == "External" and scheme(target) not in SCHEMES:
                    shown = " ".join(target.split())[:60]
                    found.append(
                        Problem(path, name, f"external link '{shown}' is not an http, https or mailto address")
                    )
    return found


def check_facts(
    document: facts.DocumentFacts,
    path: Path,
    font_files: Mapping[str, tuple[Path, ...]] | None = None,
    cache: BuildCache | None = None,
) -> list[Problem]:
    """Return the problems in a document's facts, the document's own first, then page by page.

    font_files are the files of families a brand ships rather than installs (family -> files), so
    text is measured in the face it was fitted in; other families are found as fonts.py finds them.
    cache is the build's, whose measurers already know the document's words (a new one when left out).
    """
    files = font_files or {}
    cache = cache or BuildCache()
    found = [Problem(path, "", m) for m in _document(document)]
    if document.kind == "deck":
        titles = _titles(document)
        for page in document.pages:
            where = f"slide {page.number}"
            found += [
                Problem(path, where, m) for m in titles.get(page.number, []) + _page(page, document, files, cache)
            ]
    else:
        for grid in document.grids:
            found += [Problem(path, grid.name, m) for m in _handout_grid(grid, document.text_width)]
        found += [Problem(path, "", m) for m in _pictures(document.pictures)]
    return found


def _document(document: facts.DocumentFacts) -> list[str]:
    messages = []
    props = dict(document.properties)
    for name in REQUIRED_PROPERTIES:
        if not props.get(name, "").strip():
            messages.append(f"core property '{name}' is empty")
    for name, value in document.properties:
        if value.strip().lower() in TEMPLATE_LEFTOVERS:
            messages.append(f"core property '{name}' is a template leftover ('{value}')")
    if not props.get("language") and not any(document.languages):
        messages.append("no document language is set")
    elif "" in document.languages:
        messages.append("some text has no language set")
    return messages


def _titles(document: facts.DocumentFacts) -> dict[int, list[str]]:
    messages: dict[int, list[str]] = {}
    seen: dict[str, int] = {}
    for page in document.pages:
        found = messages.setdefault(page.number, [])
        if not page.title:
            found.append("no title in a title placeholder")
            continue
        if page.title in seen:
            found.append(f"title '{page.title}' is also the title of slide {seen[page.title]}")
        else:
            seen[page.title] = page.number
        if not page.title_first:
            found.append("the title is not first in reading order")
    return messages


def _page(
    page: facts.Page, document: facts.DocumentFacts, files: Mapping[str, tuple[Path, ...]], cache: BuildCache
) -> list[str]:
    messages = _pictures(page.pictures)
    for box in page.boxes:
        needed = needed_height(box, files, cache)
        if not box.grows:
            if needed > box.h + _SLACK_PT:
                messages.append(f"text in '{box.name}' overflows its box ({needed:.0f} pt of text in {box.h:.0f} pt)")
        elif box.y + needed > document.height + _SLACK_PT:
            # A box that grows with its text (spAutoFit) cannot overflow itself, but it can leave the slide.
            messages.append(
                f"text in '{box.name}' grows past the bottom of the slide (ends at "
                f"{box.y + needed:.0f} pt of {document.height:.0f} pt)"
            )
        if (
            box.x < -_SLACK_PT
            or box.y < -_SLACK_PT
            or box.x + box.w > document.width + _SLACK_PT
            or box.y + box.h > document.height + _SLACK_PT
        ):
            messages.append(f"text box '{box.name}' lies partly outside the slide")
    for grid in page.grids:
        messages += _slide_grid(grid, document, files, cache)
    return messages


def _pictures(pictures: tuple[facts.Picture, ...]) -> list[str]:
    return [f"picture '{p.name}' has no alt text" for p in pictures if not p.alt.strip()]


def _slide_grid(
    grid: facts.Grid, document: facts.DocumentFacts, files: Mapping[str, tuple[Path, ...]], cache: BuildCache
) -> list[str]:
    messages = []
    if not grid.header_marked:
        messages.append(f"table '{grid.name}' has no header row marked")
    # A row grows to hold its text, so the table ends where its tallest cells say, not its set heights.
    bottom = grid.y
    for cells, height in zip(grid.rows, grid.heights):
        insets = max((height - cell.h for cell in cells), default=0.0)
        bottom += max([height] + [needed_height(cell, files, cache) + insets for cell in cells])
    if bottom > document.height + _SLACK_PT:
        messages.append(
            f"table '{grid.name}' runs off the bottom of the slide (ends at {bottom:.0f} pt "
            f"of {document.height:.0f} pt)"
        )
    right = grid.x + sum(grid.columns)
    if right > document.width + _SLACK_PT:
        messages.append(
            f"table '{grid.name}' runs off the right of the slide (ends at {right:.0f} pt of {document.width:.0f} pt)"
        )
    return messages


def _handout_grid(grid: facts.Grid, text_width: float) -> list[str]:
    messages = []
    if not grid.header_marked:
        messages.append("no header row marked (repeat as header row)")
    if sum(grid.columns) > text_width + _SLACK_PT:
        messages.append(f"wider than the text area ({sum(grid.columns):.0f} pt of {text_width:.0f} pt)")
    return messages


def needed_height(
    box: facts.TextBox, font_files: Mapping[str, tuple[Path, ...]] | None = None, cache: BuildCache | None = None
) -> float:
    """Return the height in points a box's paragraphs take when wrapped to its width."""
    total = 0.0
    for index, para in enumerate(box.paras):
        runs = [r for r in para.runs if r.text]
        size = max((r.size for r in runs), default=para.runs[0].size if para.runs else 18.0)
        family = next((r.family for r in runs if r.family), _DEFAULT_FAMILY)
        bold = bool(runs) and all(r.bold for r in runs if r.text.strip())
        measurer = Measurer.of(family, (font_files or {}).get(family, ()), cache)
        lines = len(measurer.wrap(para.text, box.w - para.indent, size, bold))
        total += lines * measurer.line_height(size, para.text, bold) + (para.space_before if index else 0.0)
    return total
