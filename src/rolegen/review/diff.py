"""What changed between two decks or two handouts: slides or sections matched by title and order, words diffed."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rolegen import facts
from rolegen.errors import RolegenError, UsageError

# The parts of a slide or section, in the order a change lists them.
PARTS = ("title", "text", "table", "notes", "alt text")
# A word, a run of spaces or one punctuation mark: punctuation on its own, so "CEO," still matches "CEO".
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Line:
    """One line of a slide or section that was added, removed or changed (with its words diffed)."""

    part: str  # one of PARTS
    kind: str  # added, removed or changed
    old: str = ""
    new: str = ""
    words: tuple[tuple[str, str], ...] = ()  # (equal | delete | insert, text), for a changed line


@dataclass(frozen=True)
class Change:
    """One slide or section added, removed, moved or changed, with its changed lines and one-line remarks."""

    kind: str  # added, removed, moved or changed
    unit: str  # slide or section
    old_number: int | None
    new_number: int | None
    title: str  # the new title (the old one when removed)
    lines: tuple[Line, ...] = ()
    remarks: tuple[str, ...] = ()  # layout and picture changes, one line each

    @property
    def number(self) -> int:
        """Return the slide's or section's number in the new file (the old one when removed)."""
        return self.new_number if self.new_number is not None else self.old_number or 0


@dataclass(frozen=True)
class DocumentDiff:
    """Every difference a reader sees between two files of one kind."""

    old: Path
    new: Path
    kind: str  # deck or handout
    remarks: tuple[str, ...] = ()  # the whole document's: theme colours, page size, properties
    changes: tuple[Change, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.remarks or self.changes)

    def counts(self) -> dict[str, int]:
        """Return how many slides or sections were added, removed, moved and changed."""
        found = {kind: 0 for kind in ("changed", "added", "removed", "moved")}
        for change in self.changes:
            found[change.kind] += 1
        return found


@dataclass(frozen=True)
class Unit:
    """A slide or a handout section as the differ sees it: a key to match by and its parts' lines."""

    number: int
    key: str  # the title a slide is matched by; a section's heading path
    title: str
    parts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    layout: str = ""
    pictures: tuple[facts.Picture, ...] = ()


def read_units(path: Path) -> tuple[facts.DocumentFacts, tuple[Unit, ...]]:
    """Read a .pptx or .docx for review; return its facts and its slides or sections as units."""
    document = read_document(path)
    return document, units_of(document)


def read_document(path: Path) -> facts.DocumentFacts:
    """Return a .pptx's or .docx's facts read for review, failing with one line on anything else."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise UsageError("no such file", path)
    if suffix not in (".pptx", ".docx"):
        raise UsageError("can only diff .pptx and .docx files", path)
    from rolegen.inputs.safety import check_package

    # The zip-bomb and damage checks of masters: a file to diff may come from anywhere.
    check_package(path, error=RolegenError)
    if suffix == ".pptx":
        from rolegen.render import inspect_pptx

        return inspect_pptx.read(path, review=True)
    from rolegen.render import inspect_docx

    return inspect_docx.read(path, review=True)


def units_of(document: facts.DocumentFacts) -> tuple[Unit, ...]:
    """Return a document's slides (a deck) or sections (a handout) as units."""
    if document.kind == "deck":
        return tuple(_slide(page) for page in document.pages)
    return tuple(_section(number, section) for number, section in enumerate(document.sections, start=1))


def _slide(page: facts.Page) -> Unit:
    boxes = list(page.boxes)
    # The title is read from its placeholder; its box is left out of the text so it shows once.
    title_box = next((b for b in boxes if "\n".join(p.text for p in b.paras).strip() == page.title), None)
    text = [line for box in boxes if box is not title_box for line in _lines(p.content for p in box.paras)]
    table = [
        " | ".join(_clean(" ".join(p.content for p in cell.paras)) for cell in row)
        for grid in page.grids
        for row in grid.rows
    ]
    parts = {
        "title": _lines([page.title]),
        "text": tuple(text),
        "table": tuple(table),
        "notes": _lines(page.notes),
        "alt text": _lines(p.alt for p in page.pictures),
    }
    return Unit(page.number, _clean(page.title), _clean(page.title), parts, page.layout, page.pictures)


def _section(number: int, section: facts.Section) -> Unit:
    parts = {
        "title": _lines([section.heading]),
        "text": _lines(section.lines),
        "alt text": _lines(p.alt for p in section.pictures),
    }
    key = " › ".join(_clean(h) for h in section.path)
    return Unit(number, key, key or "(before the first heading)", parts, "", section.pictures)


def _clean(text: str) -> str:
    """Return text on one line: breaks, tabs and other control characters become single spaces."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def _lines(texts: Iterable[str]) -> tuple[str, ...]:
    return tuple(line for line in (_clean(t) for t in texts) if line)


def diff_files(old: Path, new: Path) -> DocumentDiff:
    """Return what changed from old to new, two decks or two handouts."""
    if old.suffix.lower() != new.suffix.lower() and new.is_file() and old.is_file():
        raise UsageError(f"cannot compare a {old.suffix} file with a {new.suffix} file", new)
    before, after = read_document(old), read_document(new)
    return diff_documents(old, new, before, after)


def diff_documents(old: Path, new: Path, before: facts.DocumentFacts, after: facts.DocumentFacts) -> DocumentDiff:
    """Return what changed between two documents' facts (read for review)."""
    unit = "slide" if before.kind == "deck" else "section"
    changes = diff_units(units_of(before), units_of(after), unit)
    return DocumentDiff(old, new, before.kind, _document_remarks(before, after), changes)


def diff_units(old: tuple[Unit, ...], new: tuple[Unit, ...], unit: str = "slide") -> tuple[Change, ...]:
    """Return the changes from old units to new, matched by key and order.

    The keys are aligned as diff(1) aligns lines, so an inserted slide is one insertion; units in a
    block the alignment replaces are paired in order, and a unit removed in one place and added in
    another under the same key is one move.
    """
    pairs: list[tuple[Unit | None, Unit | None]] = []
    matcher = difflib.SequenceMatcher(None, [u.key for u in old], [u.key for u in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        left, right = list(old[i1:i2]), list(new[j1:j2])
        if tag in ("equal", "replace"):
            common = min(len(left), len(right))
            pairs += list(zip(left[:common], right[:common]))
            left, right = left[common:], right[common:]
        pairs += [(u, None) for u in left] + [(None, u) for u in right]
    changes = [_change(a, b, unit, moved) for a, b, moved in _moves(pairs)]
    found = [c for c in changes if c is not None]
    return tuple(sorted(found, key=lambda c: (c.number, c.kind != "removed")))


def _moves(pairs: list[tuple[Unit | None, Unit | None]]) -> list[tuple[Unit | None, Unit | None, bool]]:
    """Join a removed unit and an added one of the same key into one pair, marked as a move."""
    added: dict[str, list[int]] = {}
    for index, (a, b) in enumerate(pairs):
        if a is None and b is not None:
            added.setdefault(b.key, []).append(index)
    partner: dict[int, int] = {}  # removed pair's index -> the added pair's it joins
    for index, (a, b) in enumerate(pairs):
        if b is None and a is not None and added.get(a.key):
            partner[index] = added[a.key].pop(0)
    joined = set(partner.values())
    result: list[tuple[Unit | None, Unit | None, bool]] = []
    for index, (a, b) in enumerate(pairs):
        if index in partner:
            result.append((a, pairs[partner[index]][1], True))
        elif index not in joined:
            result.append((a, b, False))
    return result


def _change(a: Unit | None, b: Unit | None, unit: str, moved: bool = False) -> Change | None:
    if a is None:
        lines = tuple(Line(part, "added", new=line) for part in PARTS for line in b.parts.get(part, ()))
        return Change("added", unit, None, b.number, b.title, lines)
    if b is None:
        lines = tuple(Line(part, "removed", old=line) for part in PARTS for line in a.parts.get(part, ()))
        return Change("removed", unit, a.number, None, a.title, lines)
    lines = tuple(line for part in PARTS for line in diff_lines(part, a.parts.get(part, ()), b.parts.get(part, ())))
    remarks = _unit_remarks(a, b)
    # A slide that is only numbered differently, because others were added or removed, has not changed.
    if not (lines or remarks or moved):
        return None
    return Change("moved" if moved else "changed", unit, a.number, b.number, b.title, lines, remarks)


def diff_lines(part: str, old: tuple[str, ...], new: tuple[str, ...]) -> list[Line]:
    """Return the added, removed and changed lines of one part, a changed line with its words diffed."""
    found = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        left, right = old[i1:i2], new[j1:j2]
        common = min(len(left), len(right)) if tag == "replace" else 0
        for before, after in zip(left[:common], right[:common]):
            found.append(Line(part, "changed", before, after, diff_words(before, after)))
        found += [Line(part, "removed", old=line) for line in left[common:]]
        found += [Line(part, "added", new=line) for line in right[common:]]
    return found


def diff_words(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """Return a word diff of two lines as (equal | delete | insert, text) pieces, spaces kept."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    pieces: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("delete", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(("insert", "".join(b[j1:j2])))
    return tuple(_absorb_spaces(pieces))


def _absorb_spaces(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Fold a lone space between two changes into them, so 'a b' -> 'c d' reads as one change."""
    result: list[tuple[str, str]] = []
    for index, (tag, text) in enumerate(pieces):
        between = 0 < index < len(pieces) - 1 and pieces[index - 1][0] != "equal" and pieces[index + 1][0] != "equal"
        if tag == "equal" and between and not text.strip():
            result.append(("delete", text))
            result.append(("insert", text))
            continue
        result.append((tag, text))
    merged: list[tuple[str, str]] = []
    # Deletions first, then insertions, within each run of changes: "[-a b-]{+c d+}".
    run: dict[str, str] = {}
    for tag, text in result + [("equal", "")]:
        if tag == "equal":
            merged += [(k, run[k]) for k in ("delete", "insert") if run.get(k)]
            run = {}
            if text:
                merged.append((tag, text))
        else:
            run[tag] = run.get(tag, "") + text
    return merged


def _unit_remarks(a: Unit, b: Unit) -> tuple[str, ...]:
    remarks = []
    if a.layout != b.layout and (a.layout or b.layout):
        remarks.append(f"layout: {a.layout or '(none)'} → {b.layout or '(none)'}")
    remarks += _picture_remarks(a.pictures, b.pictures)
    return tuple(remarks)


def _picture_remarks(old: tuple[facts.Picture, ...], new: tuple[facts.Picture, ...]) -> list[str]:
    """Name each picture whose image changed, and each added or removed, by its name."""
    remarks = []
    before = {p.name: p for p in old}
    after = {p.name: p for p in new}
    for name, picture in after.items():
        if name not in before:
            remarks.append(f"picture '{_clean(name)}' added")
        elif before[name].digest != picture.digest:
            remarks.append(f"picture '{_clean(name)}' changed")
    remarks += [f"picture '{_clean(name)}' removed" for name in before if name not in after]
    return remarks


def _document_remarks(before: facts.DocumentFacts, after: facts.DocumentFacts) -> tuple[str, ...]:
    remarks = []
    old_theme, new_theme = dict(before.theme), dict(after.theme)
    slots = [
        f"{slot} {old_theme.get(slot, '-')} → {new_theme.get(slot, '-')}"
        for slot in dict.fromkeys([*old_theme, *new_theme])
        if old_theme.get(slot) != new_theme.get(slot)
    ]
    if slots:
        remarks.append("theme colours: " + ", ".join(slots))
    if (round(before.width), round(before.height)) != (round(after.width), round(after.height)):
        noun = "slide" if before.kind == "deck" else "page"
        remarks.append(
            f"{noun} size: {before.width:.0f} × {before.height:.0f} pt → {after.width:.0f} × {after.height:.0f} pt"
        )
    old_props, new_props = dict(before.properties), dict(after.properties)
    props = [
        f"{name} '{_clean(old_props.get(name, ''))}' → '{_clean(new_props.get(name, ''))}'"
        for name in dict.fromkeys([*old_props, *new_props])
        if old_props.get(name, "") != new_props.get(name, "")
    ]
    if props:
        remarks.append("properties: " + ", ".join(props))
    return tuple(remarks)
