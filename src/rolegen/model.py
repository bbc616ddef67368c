"""The content model: frozen dataclasses, no I/O."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Role:
    """One role, loaded from content/roles/<id>.md."""

    id: str
    title: str
    short: str
    summary: str
    responsibilities: tuple[str, ...]
    focus: tuple[str, ...]
    body: str = ""
    reports_to: str | None = None
    source: Path | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Dimension:
    """One row of a comparison: a name and each role's text."""

    name: str
    values: tuple[tuple[str, str], ...]  # (role id, text), in the comparison's role order

    def text(self, role_id: str) -> str:
        """Return this dimension's text for a role."""
        return dict(self.values)[role_id]


@dataclass(frozen=True)
class Comparison:
    """A comparison of two or more roles, loaded from content/comparisons/<id>.yaml."""

    id: str
    title: str
    roles: tuple[Role, ...]
    dimensions: tuple[Dimension, ...]
    subtitle: str | None = None
    takeaway: str | None = None
    objectives: tuple[str, ...] = ()  # what participants can do after the session; templates default them
    updated: dt.date | None = None
    lang: str = "en-GB"
    source: Path | None = field(default=None, compare=False)

    def role(self, role_id: str) -> Role:
        """Return the role with this id."""
        return next(r for r in self.roles if r.id == role_id)

    def quiz(self, limit: int = 6) -> tuple[tuple[Role, str], ...]:
        """Return the knowledge check: (owner, responsibility), each role's first, then second, in turns.

        The second round runs in reverse role order, so the answers do not simply alternate.
        """
        rounds = (self.roles, tuple(reversed(self.roles)))
        items = [(role, role.responsibilities[turn]) for turn, order in enumerate(rounds) for role in order
                 if len(role.responsibilities) > turn]
        return tuple(items[:limit])


THEME_COLORS = ("foreground", "background", "primary", "secondary", "tertiary", "success",
                "info", "warning", "danger", "light", "dark")


@dataclass(frozen=True)
class Logo:
    """A brand's logo image and the alt text that describes it."""

    path: Path
    alt: str


@dataclass(frozen=True)
class Font:
    """A font family and, when the brand ships them, its files (for measuring text)."""

    family: str
    files: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Brand:
    """A brand kit, loaded from templates/brands/<id>/_brand.yml."""

    id: str
    name: str
    short_name: str
    folder: Path
    colors: tuple[tuple[str, str], ...]  # (theme colour name, "RRGGBB") for all THEME_COLORS
    palette: tuple[tuple[str, str], ...] = ()
    heading_font: Font = Font("Calibri")
    base_font: Font = Font("Calibri")
    mono_font: Font = Font("Courier New")
    logo: Logo | None = None
    master: Path | None = None
    reference: Path | None = None
    layouts: tuple[tuple[str, str], ...] = ()  # (slide kind, layout name)
    footers: tuple[tuple[str, str], ...] = (("", ""),)  # (language tag, text); '' is every other language
    body_floor_pt: float = 18.0
    source: Path | None = field(default=None, compare=False)

    def color(self, name: str) -> str:
        """Return a theme colour as "RRGGBB"."""
        return dict(self.colors)[name]

    @property
    def footer(self) -> str:
        """Return the footer for a language no other entry names."""
        return dict(self.footers).get("", "")

    def footer_in(self, lang: str) -> str:
        """Return the footer in a language: its own tag ('de-DE'), its primary language ('de'), else the default."""
        texts = {tag.casefold(): text for tag, text in self.footers}
        return texts.get(lang.casefold(), texts.get(lang.split("-")[0].casefold(), self.footer))

    def layout(self, kind: str) -> str:
        """Return the master layout name used for a kind of slide."""
        return dict(self.layouts)[kind]
