"""A roster and the people in it: personal data, which never leaves the handout made for its person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


SUFFIXES = (".csv", ".yaml", ".yml")


def roster_paths(folder: Path) -> list[Path]:
    """Return the roster files in content/rosters/, sorted by name (cheap: a build without rosters asks too)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and not p.name.startswith("."))


@dataclass(frozen=True)
class Person:
    """One row of a roster: who joins, as what, when, and under whom."""

    name: str
    role: str  # a role id of the project: 'coo'
    line: int  # the row's line in the roster file, the one thing about a person a message may name
    slug: str  # the file name of the person's handout, unique in the roster
    start: dt.date | None = None
    manager: str = ""
    email: str = ""
    comparison: str = ""  # the comparison the handout is of; '' for the first that has the role
    extra: tuple[tuple[str, str], ...] = ()  # any other column, for a project's own template

    def fields(self) -> tuple[tuple[str, str], ...]:
        """Return every value of the row as text, in a fixed order (what a person's handout depends on)."""
        start = self.start.isoformat() if self.start else ""
        known = (
            ("name", self.name),
            ("role", self.role),
            ("start", start),
            ("manager", self.manager),
            ("email", self.email),
            ("comparison", self.comparison),
        )
        return known + self.extra


@dataclass(frozen=True)
class Roster:
    """The people of one roster file, in the file's order."""

    id: str  # the file's stem: 'new-hires'
    people: tuple[Person, ...]
    source: Path | None = field(default=None, compare=False)

    def person(self, slug: str) -> Person:
        """Return the person whose handout has this file name."""
        return next(p for p in self.people if p.slug == slug)
