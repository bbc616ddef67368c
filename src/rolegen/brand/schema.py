"""The _brand.yml schema as rolegen reads it: the keys, their forms, their bounds and why some are ignored."""

from __future__ import annotations

import re

from rolegen.inputs.fields import Field, ignored, one_of
from rolegen.inputs.fields import mapping as nested
from rolegen.inputs.fields import Place

DEFAULT_LAYOUTS = {
    "title": "Title Slide",
    "section": "Section Header",
    "content": "Title and Content",
    "columns": "Two Content",
    "table": "Title Only",
    "quote": "Quote",
    "closing": "Section Header",
}
DEFAULT_COLORS = {
    "foreground": "222222",
    "background": "FFFFFF",
    "primary": "1F4E79",
    "secondary": "C55A11",
    "tertiary": "2E7D6B",
    "success": "2E7D32",
    "info": "0277BD",
    "warning": "B7791F",
    "danger": "C62828",
    "light": "F2F4F7",
    "dark": "1F2933",
}
MODES = ("light", "dark")
# XML 1.0 has no place for these, so python-pptx and python-docx would fail on them mid-build.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Below 8 pt body text cannot be read from the back of a room; above 40 pt nothing fits on a slide.
BODY_FLOOR_RANGE = (8, 40)
DEFAULT_BODY_FLOOR_PT = 18.0
# A palette refers to itself a few steps at most; a limit keeps a long chain off Python's stack.
MAX_COLOUR_REFERENCES = 20
# A font file larger than this is no font a slide needs (Noto Sans CJK, among the largest, is some 20 MB).
MAX_FONT_BYTES = 64 * 1024 * 1024
# CSS's generic families, and the Office face each stands for when a stack ends in one.
GENERIC_FAMILIES = {
    "sans-serif": "Calibri",
    "serif": "Cambria",
    "monospace": "Courier New",
    "system-ui": "Calibri",
    "ui-sans-serif": "Calibri",
    "ui-serif": "Cambria",
    "ui-monospace": "Courier New",
    "cursive": "Calibri",
    "fantasy": "Calibri",
}
# A browser's 1rem (and a top-level 1em) is 16 px, which is 12 pt.
POINTS_PER = {
    "pt": 1.0,
    "px": 0.75,
    "rem": 12.0,
    "em": 12.0,
    "pc": 12.0,
    "in": 72.0,
    "cm": 72 / 2.54,
    "mm": 72 / 25.4,
    "%": 0.12,
}
SIZE = re.compile(r"\s*([0-9]*\.?[0-9]+)\s*(pt|px|rem|em|pc|in|cm|mm|%)?\s*\Z")


# -- the schema, as the brand.yml spec declares it --------------------------------------------

WHY_WEIGHT = "rolegen draws body text regular and headings bold, so slides stay readable"
WHY_STYLE = "rolegen keeps italics for emphasis the author writes"
_WHY_BACKGROUND = "text on slides and in handouts sits on the slide or page, not on a band of its own"
_WHY_WEB = "it configures web output (Quarto, Shiny, Bootstrap), not Office files"

TYPE_OPTIONS = {
    "family": Field(),
    "size": Field(),
    "line-height": Field(),
    "color": Field(),
    "weight": ignored(WHY_WEIGHT),
    "style": ignored(WHY_STYLE),
    "background-color": ignored(_WHY_BACKGROUND),
}
SCHEMA = {
    "meta": Field(
        nested(
            {
                "name": Field(),
                "link": ignored("Office files of a training pack carry no web links of the brand"),
                "links": ignored("Office files of a training pack carry no web links of the brand"),
            },
            open_=True,
        )
    ),
    "logo": Field(),
    "color": Field(),
    "typography": Field(
        nested(
            {
                "fonts": Field(),
                "base": Field(),
                "headings": Field(),
                "monospace": Field(),
                "monospace-inline": Field(),
                "monospace-block": ignored("slides and handouts draw code blocks in the monospace settings"),
                "link": Field(
                    nested(
                        {
                            "color": Field(),
                            "weight": ignored(WHY_WEIGHT),
                            "decoration": ignored("links are underlined, as Office draws them"),
                            "background-color": ignored(_WHY_BACKGROUND),
                        }
                    )
                ),
                "emphasis": ignored("emphasis is drawn as the author marks it (italic or bold)"),
            }
        )
    ),
    "defaults": Field(
        nested(
            {
                "rolegen": Field(),
                "quarto": ignored(_WHY_WEB),
                "bootstrap": ignored(_WHY_WEB),
                "shiny": ignored(_WHY_WEB),
            },
            open_=True,
        )
    ),
}
ROLEGEN_SCHEMA = {
    "deck": Field(),
    "handout": Field(),
    "layouts": Field(),
    "footer": Field(),
    "body_floor_pt": Field(),
    "slides": Field(one_of(*MODES)),
}


# The longest each drawn text of a kit may be: what the place it lands in holds. The brand's name is
# the author of every deck and handout, and Office's core properties hold 255 characters; a footer
# and a logo's alt text are one line of a slide or page, and a description a screen reader reads out.
TEXT_LIMITS = {"'meta.name'": 255, "'footer'": 200, "logo alt text": 300}


def words(place: Place, text: str, what: str) -> str:
    """Return text that goes into a deck or handout (drawn as typed, never read as Markdown), refusing
    characters Office files cannot hold and text longer than where it lands allows."""
    found = CONTROL.search(text)
    if found:
        raise place.fail(f"{what} contains the control character U+{ord(found.group()):04X}; delete it")
    limit = TEXT_LIMITS.get(what)
    if limit is not None and len(text) > limit:
        raise place.fail(f"'{place.name}' is {len(text):,} characters long, over the {limit} it may have; shorten it")
    return text
