"""Read a roster (CSV as Excel or any spreadsheet saves it, or YAML) and check every row.

A message names the row's line and the column, never a value: what a roster holds is personal.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping
from pathlib import Path

from rolegen.content.load import FileProblems
from rolegen.inputs.sources import content_root
from rolegen.errors import ContentError
from rolegen.inputs.safety import read_guarded
from rolegen.inputs.sources import parse_yaml
from rolegen.rosters.model import Person, Roster
from rolegen.rosters.slugs import slug, unique

MAX_ROSTER_BYTES = 10_000_000  # ten thousand people and more
MAX_CELL = 200  # characters in one cell: a name, an address, a manager's name
REQUIRED = ("name", "role")
KNOWN = ("name", "role", "start", "manager", "email", "comparison")
_HEADING = re.compile(r"[\s\-]+")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_NOT_TEXT = "\0"  # what a YAML list or mapping reads as where one value belongs: refused as a control character
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def load_roster(path: Path, comparisons: Mapping[str, tuple[str, ...]], roles: set[str]) -> Roster:
    """Load a roster and check each row against the project: its roles and comparisons.

    comparisons maps each comparison id to the role ids it holds; roles is every role of the project.
    Every problem of the file is reported at once, each at its row's line.
    """
    rows = _yaml_rows(path) if path.suffix.lower() in (".yaml", ".yml") else _csv_rows(path)
    problems: list[ContentError] = []
    people: list[Person] = []
    firsts: dict[str, int] = {}
    for line, row in rows:
        try:
            person = _person(path, line, row, comparisons, roles)
        except FileProblems as e:
            problems.extend(e.problems)
            continue
        except ContentError as e:
            problems.append(e)
            continue
        same = (person.email or " ".join(person.name.split())).casefold()
        if same in firsts:
            problems.append(
                ContentError(f"this person is listed twice (first at line {firsts[same]}); remove one row", path, line)
            )
            continue
        firsts[same] = line
        people.append(person)
    if problems:
        raise problems[0] if len(problems) == 1 else FileProblems(sorted(problems, key=lambda e: e.line or 0))
    slugs = unique([person.slug for person in people])
    people = [_with_slug(person, text) for person, text in zip(people, slugs)]
    return Roster(path.stem, tuple(people), path)


def _with_slug(person: Person, text: str) -> Person:
    from dataclasses import replace

    return person if person.slug == text else replace(person, slug=text)


def _read(path: Path) -> str:
    raw = read_guarded(path, content_root(path), ContentError, limit=MAX_ROSTER_BYTES)
    try:
        return raw.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a byte-order mark
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise ContentError(
            "roster is not UTF-8; in Excel save it as 'CSV UTF-8 (Comma delimited)', elsewhere as UTF-8", path, line
        ) from e


def _csv_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """Return (line, {column: cell}) for every row below the header; ',' or ';' (Excel in many locales)."""
    text = _read(path)
    header_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header_line.count) if any(c in header_line for c in ",;\t") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise ContentError("roster is empty; its first row names the columns: name, role, start, ...", path, 1)
        columns = _columns(header, path)
        rows, line = [], reader.line_num + 1
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(columns):
                raise ContentError(
                    f"row has {len(cells)} cells but the first row names {len(columns)} columns; "
                    f"quote a cell that holds '{delimiter}'",
                    path,
                    start,
                )
            rows.append((start, dict(zip(columns, cells + [""] * (len(columns) - len(cells))))))
    except csv.Error as e:
        raise ContentError(f"roster is not valid CSV ({e})", path, reader.line_num or 1) from e
    return rows


def _columns(header: list[str], path: Path) -> list[str]:
    columns = [_HEADING.sub("_", cell.strip()).casefold() for cell in header]
    for name in REQUIRED:
        if name not in columns:
            raise ContentError(
                f"roster has no '{name}' column; its first row names the columns: name, role, ...", path, 1
            )
    repeated = sorted({c for c in columns if c and columns.count(c) > 1})
    if repeated:
        raise ContentError(f"roster names the column '{repeated[0]}' twice; keep one", path, 1)
    return columns


def _yaml_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """Return (line, {column: value}) for every person of a YAML roster: a list, or 'people:' holding one."""
    doc = parse_yaml(_read(path), path)
    data, keys = doc.data, ()
    if isinstance(data, dict) and set(data) == {"people"}:
        data, keys = data["people"], ("people",)
    if not isinstance(data, list):
        raise ContentError("roster must be a list of people (- name: ...), or 'people:' holding one", path, 1)
    rows = []
    for index, item in enumerate(data):
        line = doc.line(*keys, index) or 1
        if not isinstance(item, dict):
            raise ContentError("each person must be a mapping (name: ..., role: ...)", path, line)
        row = {_HEADING.sub("_", str(key).strip()).casefold(): _text(value) for key, value in item.items()}
        for name in REQUIRED:
            row.setdefault(name, "")
        rows.append((line, row))
    return rows


def _text(value) -> str:
    """Return a YAML value as the text a spreadsheet cell would hold (a date as YYYY-MM-DD)."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, bool, int, float, str)):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    return _NOT_TEXT


def _person(
    path: Path, line: int, row: dict[str, str], comparisons: Mapping[str, tuple[str, ...]], roles: set[str]
) -> Person:
    problems: list[ContentError] = []

    def fail(message: str) -> None:
        problems.append(ContentError(message, path, line))

    cells = {}
    for column, cell in row.items():
        if not column:
            continue
        if _CONTROL.search(cell):
            fail(f"the {column} holds a control character or a list; write one line of text")
            continue
        cell = " ".join(cell.split())  # a line break inside a cell reads as a space
        if len(cell) > MAX_CELL:
            fail(f"the {column} is {len(cell)} characters long, over the {MAX_CELL} a cell may have")
            continue
        cells[column] = cell
    name, role = cells.get("name", ""), cells.get("role", "").casefold()
    if not name and "name" in cells:
        fail("the name is empty; every row needs one")
    if role not in roles and "role" in cells:
        fail(f"the role is not a role of this project; write one of: {', '.join(sorted(roles))}")
    start = _date(cells.get("start", ""), fail)
    email = cells.get("email", "")
    if email and not _EMAIL.match(email):
        fail("the email is not an address such as name@example.com")
    comparison = _comparison(cells.get("comparison", ""), role, comparisons, fail) if role in roles else ""
    if problems:
        raise problems[0] if len(problems) == 1 else FileProblems(problems)
    extra = tuple(sorted((column, cell) for column, cell in cells.items() if column not in KNOWN))
    return Person(
        name=name,
        role=role,
        line=line,
        slug=slug(name),
        start=start,
        manager=cells.get("manager", ""),
        email=email,
        comparison=comparison,
        extra=extra,
    )


def _date(text: str, fail) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        fail("the start is not a date; write it as YYYY-MM-DD, such as 2027-01-04")
        return None


def _comparison(named: str, role: str, comparisons: Mapping[str, tuple[str, ...]], fail) -> str:
    """Return the comparison a person's handout is of: the one named, else the first that holds their role."""
    if named:
        if named not in comparisons:
            fail(f"the comparison is not one of this project; write one of: {', '.join(sorted(comparisons))}")
        elif role not in comparisons[named]:
            fail("the comparison does not hold the person's role; name one that does, or leave it empty")
        return named
    holding = [cid for cid in sorted(comparisons) if role in comparisons[cid]]
    if not holding:
        fail("no comparison holds the role; add the role to one in content/comparisons/")
        return ""
    return holding[0]
