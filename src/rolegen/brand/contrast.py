"""Choose the text colours a document draws with, and check every text/background pair against WCAG 2.1."""

from __future__ import annotations

from dataclasses import dataclass

from rolegen.brand import colors
from rolegen.model import Brand

BODY_MINIMUM = 4.5  # WCAG 2.1 SC 1.4.3, normal text
LARGE_MINIMUM = 3.0  # large text: 18 pt, or 14 pt bold
WHITE, BLACK = "FFFFFF", "000000"


@dataclass(frozen=True)
class Pair:
    """One text colour drawn on one background, and what the text is."""

    what: str
    text: str
    background: str
    large: bool = False

    @property
    def minimum(self) -> float:
        return LARGE_MINIMUM if self.large else BODY_MINIMUM

    @property
    def ratio(self) -> float:
        return colors.contrast(self.text, self.background)

    @property
    def passes(self) -> bool:
        # Rounded as WCAG tools report it, so 4.499 does not pass as 4.5.
        return round(self.ratio, 2) >= self.minimum

    def message(self) -> str:
        """Return a one-line description of this pair's failure."""
        kind = "large text" if self.large else "body text"
        return (
            f"{self.what}: #{self.text} on #{self.background} has contrast {self.ratio:.2f}:1, "
            f"below the {self.minimum:g}:1 WCAG 2.1 asks for {kind}"
        )


@dataclass(frozen=True)
class Scheme:
    """The colours one surface of a document draws text with."""

    background: str
    text: str  # body text
    title: str  # titles and headings
    muted: str  # bylines, footers, slide numbers
    surface: str  # fill of table bands and column boxes
    paper: str  # fill of the other table rows: the brand background where text reads on it
    primary: str  # fill of table header rows and section slides
    on_primary: str  # text on primary
    link: str = ""  # hyperlinks: typography.link.color (or color.link, or primary) where it reads
    code: str = ""  # inline code: typography.monospace(-inline).color where it reads

    def pairs(self, where: str) -> tuple[Pair, ...]:
        """Return every text/background pair this scheme draws, named for a message."""
        return (
            Pair(f"{where} body text", self.text, self.background),
            Pair(f"{where} titles", self.title, self.background, large=True),
            Pair(f"{where} footer text", self.muted, self.background),
            Pair(f"{where} table text", self.text, self.surface),
            Pair(f"{where} table text", self.text, self.paper),
            Pair(f"{where} table header text", self.on_primary, self.primary),
            Pair(f"{where} text on primary", self.on_primary, self.primary, large=True),
        )


def scheme(brand: Brand, backdrop: str | None = None) -> Scheme:
    """Return the colours for text drawn on backdrop (default: the brand's own background).

    On the brand's own background the foreground is the brand's decision and is used as it is
    (check() reports it when it fails). On any other backdrop - white paper, a master's own
    background, a slide filled with primary - rolegen picks the most readable brand colour.
    """
    background = brand.color("background")
    backdrop = (backdrop or background).upper()
    fg = brand.color("foreground")
    if backdrop == background or colors.contrast(fg, backdrop) >= BODY_MINIMUM:
        text = fg
    else:
        # The brand's own colours first, in this order; black or white only when none of them reads.
        brand_colors = (fg, brand.color("dark"), background, brand.color("light"))
        text = next(
            (c for c in brand_colors if colors.contrast(c, backdrop) >= BODY_MINIMUM),
            colors.readable_on(backdrop, *brand_colors, BLACK, WHITE),
        )
    primary = brand.color("primary")
    # typography.headings.color first, then primary: whichever reads on this backdrop.
    title = next(
        (c for c in (brand.text_color("headings"), primary) if c and colors.contrast(c, backdrop) >= LARGE_MINIMUM),
        text,
    )
    light = brand.color("light")
    surface = light if colors.contrast(text, light) >= BODY_MINIMUM else colors.mix(backdrop, text, 0.08)
    return Scheme(
        background=backdrop,
        text=text,
        title=title,
        muted=_muted(text, backdrop),
        surface=surface,
        paper=background if colors.contrast(text, background) >= BODY_MINIMUM else backdrop,
        primary=primary,
        on_primary=on(primary, brand),
        link=_readable(brand.text_color("link") or primary, backdrop, text),
        code=_readable(brand.text_color("monospace"), backdrop, text),
    )


def _readable(wanted: str | None, backdrop: str, fallback: str) -> str:
    """Return the colour a brand asks for text on backdrop if it reads there as body text, else fallback."""
    return wanted if wanted and colors.contrast(wanted, backdrop) >= BODY_MINIMUM else fallback


def on(fill: str, brand: Brand) -> str:
    """Return the brand's background or foreground if it reads on a fill, else the best of them, black and white."""
    own = (brand.color("background"), brand.color("foreground"))
    return next(
        (c for c in own if colors.contrast(c, fill) >= BODY_MINIMUM), colors.readable_on(fill, *own, WHITE, BLACK)
    )


def check(brand: Brand) -> list[Pair]:
    """Return the failing text/background pairs of a brand's deck (in its slides' mode) and handout."""
    seen, failing = set(), []
    paper = brand.for_paper()
    for pair in scheme(brand.for_slides()).pairs("deck") + scheme(paper, WHITE).pairs("handout"):
        key = (pair.text, pair.background, pair.large)
        if not pair.passes and key not in seen:
            seen.add(key)
            failing.append(pair)
    return failing


def _muted(text: str, backdrop: str) -> str:
    # Quieter than body text, but never below the body minimum: fade towards the backdrop only as far as it reads.
    for share in (0.35, 0.3, 0.25, 0.2, 0.15, 0.1, 0.05):
        candidate = colors.mix(text, backdrop, share)
        if colors.contrast(candidate, backdrop) >= BODY_MINIMUM:
            return candidate
    return text
