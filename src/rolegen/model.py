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
    base_url: str | None = None  # the site that site-relative links ('/handbook/x/') lead into

    def role(self, role_id: str) -> Role:
        """Return the role with this id."""
        return next(r for r in self.roles if r.id == role_id)

    def quiz(self, limit: int = 6) -> tuple[tuple[Role, str], ...]:
        """Return the knowledge check: (owner, responsibility), each role's first, then second, in turns.

        The second round runs in reverse role order, so the answers do not simply alternate.
        """
        rounds = (self.roles, tuple(reversed(self.roles)))
        items = [
            (role, role.responsibilities[turn])
            for turn, order in enumerate(rounds)
            for role in order
            if len(role.responsibilities) > turn
        ]
        return tuple(items[:limit])


THEME_COLORS = (
    "foreground",
    "background",
    "primary",
    "secondary",
    "tertiary",
    "success",
    "info",
    "warning",
    "danger",
    "light",
    "dark",
)


@dataclass(frozen=True)
class Logo:
    """A brand's logo image and the alt text that describes it.

    An SVG logo is placed as SVG, with raster (a PNG made from it) for readers that lack SVG.
    """

    path: Path
    alt: str
    raster: Path | None = None  # the PNG stand-in of an SVG; None when path is a raster image itself
    # The SVG as every output places it: rebuilt from static SVG alone (brand/logos.py), never
    # the file read again; None for a raster logo.
    svg: bytes | None = field(default=None, repr=False)

    @property
    def picture(self) -> Path:
        """Return the raster image: the logo itself, or the PNG made from its SVG."""
        return self.raster or self.path


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
    # The logo for dark backgrounds (brand.yml's `dark` variant); None when the brand gives none.
    dark_logo: Logo | None = None
    # Colours in dark mode: the theme colours and text colours whose `dark` variant differs.
    dark_colors: tuple[tuple[str, str], ...] = ()
    slides: str = "light"  # which mode the deck is drawn in; handouts are printed in the light one
    # Text colours typography names ("headings", "link", "monospace"), "RRGGBB".
    text_colors: tuple[tuple[str, str], ...] = ()
    base_size_pt: float | None = None  # typography.base.size, in points
    line_height: float | None = None  # typography.base.line-height, a multiple of the size
    mono_scale: float | None = None  # typography.monospace.size, relative to the base size
    warnings: tuple[str, ...] = ()  # what loading the kit had to tell (a logo offline, a missing font)

    def color(self, name: str) -> str:
        """Return a theme colour as "RRGGBB"."""
        return dict(self.colors)[name]

    def text_color(self, name: str) -> str | None:
        """Return the colour typography gives headings, links or monospace text, if it gives one."""
        return dict(self.text_colors).get(name)

    def in_mode(self, mode: str) -> Brand:
        """Return the brand as drawn in a mode ("light" or "dark"): its colours and text colours there."""
        if mode != "dark" or not self.dark_colors:
            return self
        from dataclasses import replace

        dark = dict(self.dark_colors)
        return replace(
            self,
            colors=tuple((k, dark.get(k, v)) for k, v in self.colors),
            text_colors=tuple((k, dark.get("text:" + k, v)) for k, v in self.text_colors),
            dark_colors=(),
        )

    def for_slides(self) -> Brand:
        """Return the brand as the deck draws it: in the mode the brand chose for slides."""
        return self.in_mode(self.slides)

    def for_paper(self) -> Brand:
        """Return the brand as the handout draws it: printed, so in the light mode."""
        return self.in_mode("light")

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
