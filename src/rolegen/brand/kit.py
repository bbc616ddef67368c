"""Load a brand kit: _brand.yml (the public brand.yml schema), its logo and masters."""

# Why our own loader and not the `brand_yml` package (PyPI, 0.2.0, checked 2026-11): it reads
# our files and the schema's forms, but it pulls pydantic, htmltools and ruamel.yaml (importing
# it costs ~135 ms against ~37 ms for this module, and cold start matters), it lets a bad hex
# ('#12345G') or an unknown colour name through silently, it rejects plain-string font `files`,
# and its errors are multi-line pydantic reports without the file's line. This module follows
# the same schema (https://posit-dev.github.io/brand-yml/, and Quarto's light/dark forms) and
# reports one line with file:line.

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from rolegen.brand import colors as colour_math
from rolegen.brand import fonts, logos
from rolegen.inputs import safety
from rolegen.errors import BrandError, leading_out
from rolegen.inputs.fields import Field, Place, Report, check_mapping, ignored, one_of, shown, unknown_keys
from rolegen.inputs.fields import mapping as nested
from rolegen.model import THEME_COLORS, Brand, Font, Logo
from rolegen.inputs.project import Project
from rolegen.inputs.sources import parse_yaml, read_text

DEFAULT_LAYOUTS = {
    "title": "Title Slide",
    "section": "Section Header",
    "content": "Title and Content",
    "columns": "Two Content",
    "table": "Title Only",
    "quote": "Quote",
    "closing": "Section Header",
}
_DEFAULT_COLORS = {
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
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Below 8 pt body text cannot be read from the back of a room; above 40 pt nothing fits on a slide.
BODY_FLOOR_RANGE = (8, 40)
_DEFAULT_BODY_FLOOR_PT = 18.0
# A palette refers to itself a few steps at most; a limit keeps a long chain off Python's stack.
_MAX_COLOUR_REFERENCES = 20
# A font file larger than this is no font a slide needs (Noto Sans CJK, among the largest, is some 20 MB).
MAX_FONT_BYTES = 64 * 1024 * 1024
# CSS's generic families, and the Office face each stands for when a stack ends in one.
_GENERIC_FAMILIES = {
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
_POINTS_PER = {
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
_SIZE = re.compile(r"\s*([0-9]*\.?[0-9]+)\s*(pt|px|rem|em|pc|in|cm|mm|%)?\s*\Z")


# -- the schema, as the brand.yml spec declares it --------------------------------------------

_WHY_WEIGHT = "rolegen draws body text regular and headings bold, so slides stay readable"
_WHY_STYLE = "rolegen keeps italics for emphasis the author writes"
_WHY_BACKGROUND = "text on slides and in handouts sits on the slide or page, not on a band of its own"
_WHY_WEB = "it configures web output (Quarto, Shiny, Bootstrap), not Office files"

_TYPE_OPTIONS = {
    "family": Field(),
    "size": Field(),
    "line-height": Field(),
    "color": Field(),
    "weight": ignored(_WHY_WEIGHT),
    "style": ignored(_WHY_STYLE),
    "background-color": ignored(_WHY_BACKGROUND),
}
_SCHEMA = {
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
                            "weight": ignored(_WHY_WEIGHT),
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
_ROLEGEN_SCHEMA = {
    "deck": Field(),
    "handout": Field(),
    "layouts": Field(),
    "footer": Field(),
    "body_floor_pt": Field(),
    "slides": Field(one_of(*MODES)),
}


def load_brand(project: Project, name: str) -> Brand:
    """Load and validate the brand kit called name."""
    return read_brand(project, name)[0]


def read_brand(project: Project, name: str) -> tuple[Brand, Report]:
    """Load and validate a brand kit; return it and the report of the keys it used and ignored."""
    folder = project.brand_dir(name)
    path = folder / "_brand.yml"
    doc = parse_yaml(read_text(path, BrandError, project.root), path, error=BrandError)
    report = Report()
    top = Place(doc, (), BrandError, report)
    if doc.data is not None and not isinstance(doc.data, dict):
        raise top.fail("_brand.yml must be a mapping")
    data = check_mapping(doc.data, _SCHEMA, top)
    kit = _Kit(project, folder, top)
    full, short = _names(top.at("meta"), data.get("meta", {}).get("name"), name)
    palette, modes = _colors(top.at("color"), data.get("color"))
    typography = data.get("typography", {})
    text_colors = {mode: _text_colors(top.at("typography"), typography, palette, modes[mode], mode) for mode in MODES}
    light_logo, dark_logo = _logos(kit, top.at("logo"), doc.data.get("logo") if doc.data else None, full)
    heading, base, mono = _fonts(kit, top.at("typography"), typography)
    sizes = _sizes(top.at("typography"), typography)
    settings = _rolegen_settings(top.at("defaults", "rolegen"), data.get("defaults", {}).get("rolegen"))
    layouts = dict(DEFAULT_LAYOUTS)
    layouts.update(settings.get("layouts", {}))
    light, dark = modes["light"], modes["dark"]
    dark_changes = {k: v for k, v in dark.items() if light[k] != v}
    dark_changes.update({"text:" + k: v for k, v in text_colors["dark"].items() if text_colors["light"].get(k) != v})
    brand = Brand(
        id=name,
        name=full,
        short_name=short,
        folder=folder,
        colors=tuple((c, light[c]) for c in THEME_COLORS),
        palette=tuple(sorted(palette["light"].items())),
        heading_font=heading,
        base_font=base,
        mono_font=mono,
        logo=light_logo,
        dark_logo=dark_logo,
        master=_optional_file(kit, settings, "deck", "deck.pptx", ".pptx"),
        reference=_optional_file(kit, settings, "handout", "handout.docx", ".docx"),
        layouts=tuple(sorted(layouts.items())),
        footers=_footers(settings.get("footer") or ""),
        body_floor_pt=settings.get("body_floor_pt", _DEFAULT_BODY_FLOOR_PT),
        source=path,
        dark_colors=tuple(sorted(dark_changes.items())),
        slides=settings.get("slides", "light"),
        text_colors=tuple(sorted(text_colors["light"].items())),
        warnings=tuple(kit.warnings),
        **sizes,
    )
    return brand, report


def _footers(footer: str | dict) -> tuple[tuple[str, str], ...]:
    """Return a footer setting as (language, text) pairs; '' is the text for every other language."""
    if isinstance(footer, dict) and footer:
        first = next(iter(footer.values()))
        return (("", first),) + tuple((lang, text) for lang, text in footer.items())
    return (("", footer),)


class _Kit:
    """The brand folder and project a kit's file names are read against, and what loading it warns of."""

    def __init__(self, project: Project, folder: Path, top: Place):
        self.project = project
        self.folder = folder
        self.top = top
        self.warnings: list[str] = []

    def regular_file(self, name: str, what: str, place: Place, limit: int) -> Path:
        """Return the path of a file named in _brand.yml that the project's file guard lets through.

        Logos and fonts are read by Pillow, fontTools and resvg, not through read_guarded: so the
        guard runs here, once, when the kit is loaded (a FIFO would hang them, a huge file fill memory).
        """
        path = self.file(name, what, place)
        noun = what if what.endswith(" file") else f"{what} file"  # "logo file 'x.png' not found"
        safety.guard(
            path, self.project.root, lambda message, _path: place.fail(message), limit=limit, what=f"{noun} '{name}'"
        )
        return path

    def file(self, name: str, what: str, place: Place) -> Path:
        """Return the path of a file named in _brand.yml, refusing names that leave the kit.

        A name starting with '/' is read from the project root, as Quarto reads it; any other from
        the brand folder. Either way the file must stay inside: no '..' out, no link out.
        """
        if not name.strip():
            raise place.fail(f"{what} name is empty")
        if any(not c.isprintable() for c in name):
            raise place.fail(f"{what} '{name}' contains a control character; rename the file")
        rooted = name.startswith("/") and not name.startswith("//")
        home, rel = (self.project.root, name.lstrip("/")) if rooted else (self.folder, name)
        if Path(rel).is_absolute() or not rel:
            raise place.fail(
                f"{what} '{name}' is an absolute path; give its path inside the brand folder "
                f"'{self.folder.name}' (or from the project root, starting with '/')"
            )
        path = home / rel
        # normpath catches '..' before anything is looked up; resolve() then catches links that leave.
        lexical = Path(os.path.normpath(path)).is_relative_to(os.path.normpath(home))
        if not (lexical and path.resolve().is_relative_to(home.resolve())):
            where = "the project" if rooted else f"the brand folder '{self.folder.name}'"
            raise leading_out(place.fail(f"{what} '{name}' leads outside {where} (a link or '..'?)"), path)
        return path


def _words(place: Place, text: str, what: str) -> str:
    """Return text that goes into a deck or handout, refusing characters Office files cannot hold."""
    found = _CONTROL.search(text)
    if found:
        raise place.fail(f"{what} contains the control character U+{ord(found.group()):04X}; delete it")
    return text


def _names(place: Place, name: Any, fallback: str) -> tuple[str, str]:
    if name is None:
        return fallback.title(), fallback.title()
    if isinstance(name, dict):
        full = name.get("full") or name.get("short")
        short = name.get("short") or full
        if not isinstance(full, str) or not isinstance(short, str):
            raise place.fail("'meta.name' needs 'full' or 'short' as a string", "name")
        return (
            _words(place.at("name", "full" if "full" in name else "short"), full, "'meta.name'"),
            _words(place.at("name", "short" if "short" in name else "full"), short, "'meta.name'"),
        )
    if not isinstance(name, str):
        raise place.fail("'meta.name' must be a string or a mapping of full/short", "name")
    return (_words(place.at("name"), name, "'meta.name'"),) * 2


# -- colours -------------------------------------------------------------------------------------


def _colors(place: Place, color: Any) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """Return the palette and the theme colours, each resolved in both modes: {mode: {name: "RRGGBB"}}."""
    if color is None:
        color = {}
    if not isinstance(color, dict):
        raise place.fail(f"'color' must be a mapping, not {shown(color)}")
    for key in color:
        if key not in (*THEME_COLORS, "palette", "emphasis", "link"):
            raise place.fail(f"unknown colour '{key}' (theme colours: {', '.join(THEME_COLORS)}, emphasis, link)", key)
    raw_palette = color.get("palette") or {}
    if not isinstance(raw_palette, dict):
        raise place.fail("'color.palette' must be a mapping of names to colours", "palette")
    report = place.report
    # Theme colours named inside the palette (a common slip) still count as theme colours,
    # unless the theme gives them too: the spec looks in the theme first, then the palette.
    theme = {k: (place.at(k), color[k]) for k in THEME_COLORS + ("link",) if color.get(k) is not None}
    for key in THEME_COLORS + ("link",):
        if key not in theme and raw_palette.get(key) is not None:
            theme[key] = (place.at("palette", key), raw_palette[key])
    palette_values = {str(k): (place.at("palette", k), v) for k, v in raw_palette.items()}
    resolver = _Colours(theme, palette_values)
    palette = {mode: {name: resolver.resolve(name, mode) for name in palette_values} for mode in MODES}
    modes = {}
    for mode in MODES:
        values = dict(_DEFAULT_COLORS)
        for key in THEME_COLORS:
            if key in theme:
                values[key] = resolver.resolve(key, mode, theme_first=True)
        if "foreground" in theme and "dark" not in theme:
            values["dark"] = values["foreground"]
        if "link" in theme:
            values["link"] = resolver.resolve("link", mode, theme_first=True)
        modes[mode] = values
    if report is not None:
        for where, _ in (*theme.values(), *palette_values.values()):
            report.use(where.name)
        if color.get("emphasis") is not None:
            report.ignore("color.emphasis", "emphasis is drawn as the author marks it")
    for mode in MODES:
        modes[mode].setdefault("link", modes[mode]["primary"])
    return palette, modes


class _Colours:
    """Resolve colour values: a CSS colour, a palette or theme name, or {light, dark} of those."""

    def __init__(self, theme: dict[str, tuple[Place, Any]], palette: dict[str, tuple[Place, Any]]):
        self.theme = theme
        self.palette = palette

    def resolve(self, name: str, mode: str, theme_first: bool = False) -> str:
        """Return the colour a name stands for in mode."""
        place, value = (self.theme if theme_first else self.palette)[name]
        return self.value(name, value, place, mode, (name,))

    def value(self, name: str, value: Any, place: Place, mode: str, seen: tuple[str, ...]) -> str:
        """Return the colour a value written at place stands for, following references."""
        if isinstance(value, dict):
            problems = unknown_keys(value, MODES, place, f"colour '{name}'")
            if problems:
                raise problems[0]
            other = "dark" if mode == "light" else "light"
            chosen = mode if value.get(mode) is not None else other
            if value.get(chosen) is None:
                raise place.fail(f"colour '{name}' needs a 'light' or 'dark' value")
            return self.value(name, value[chosen], place.at(chosen), mode, seen)
        if value is None:
            raise place.fail(
                f"colour '{name}' is empty (an unquoted '#' starts a YAML comment: write '#1F4E79' in quotes)"
            )
        if not isinstance(value, str):
            raise place.fail(f"colour '{name}' must be a quoted string such as '#1F4E79', not {shown(value)}")
        if len(seen) > _MAX_COLOUR_REFERENCES:
            raise place.fail(f"colour references nest more than {_MAX_COLOUR_REFERENCES} deep")
        text = value.strip()
        if text.startswith("#") or "(" in text:
            parsed = colour_math.parse_css(text)
            if parsed is None:
                raise place.fail(
                    f"colour '{name}' is '{text}', which is not a CSS colour (#RGB, #RRGGBB, #RRGGBBAA, rgb(), hsl())"
                )
            return parsed
        for table in (self.theme, self.palette):
            if text in table and text not in seen:
                where, target = table[text]
                return self.value(text, target, where, mode, seen + (text,))
        parsed = colour_math.parse_css(text)
        if parsed is not None:
            return parsed
        if text in seen:
            raise place.fail(f"colour references form a cycle: {' -> '.join(seen + (text,))}")
        raise place.fail(f"colour '{name}' is '{text}', which is neither a CSS colour nor a palette or theme name")


def _text_colors(place: Place, typography: dict, palette: dict, theme: dict[str, str], mode: str) -> dict[str, str]:
    """Return the colours typography gives headings, links and monospace text in mode."""
    names = {**palette[mode], **theme}
    found = {}
    sources = {"headings": ("headings",), "link": ("link",), "monospace": ("monospace-inline", "monospace")}
    for target, keys in sources.items():
        for key in keys:
            options = typography.get(key)
            if isinstance(options, dict) and options.get("color") is not None:
                found[target] = _named_colour(place.at(key, "color"), options["color"], names, mode)
                break
    if "link" not in found and "link" in theme:
        found["link"] = theme["link"]
    return found


def _named_colour(place: Place, value: Any, names: dict[str, str], mode: str) -> str:
    if isinstance(value, dict) and set(value) <= set(MODES) and value:
        value = value.get(mode, value.get("light" if mode == "dark" else "dark"))
        place = place.at(mode)
    if not isinstance(value, str):
        raise place.fail(f"'{place.name}' must be a colour or a colour name, not {shown(value)}")
    text = value.strip()
    if text in names:
        return names[text]
    parsed = colour_math.parse_css(text)
    if parsed is None:
        raise place.fail(f"'{place.name}' is '{text}', which is neither a CSS colour nor a palette or theme name")
    return parsed


# -- typography ----------------------------------------------------------------------------------


def _options(place: Place, value: Any, key: str) -> dict:
    """Return a typography entry as its full form: a family name alone is {family: name}."""
    if value is None:
        return {}
    if isinstance(value, str):
        return {"family": value}
    return check_mapping(value, _TYPE_OPTIONS, place.at(key))


def _fonts(kit: _Kit, place: Place, typography: dict) -> tuple[Font, Font, Font]:
    shipped = _font_files(kit, place.at("fonts"), typography.get("fonts"))
    named_sources = shipped.pop(None)

    def family(key: str, default: str) -> Font:
        options = _options(place, typography.get(key), key)
        given = options.get("family")
        where = place.at(key, "family") if isinstance(typography.get(key), dict) else place.at(key)
        named = False  # whether the brand names this family (a stack's generic end names none)
        if given is None:
            name = default
        elif isinstance(given, str) and given.strip():
            name, named = _choose_family(_words(where, given.strip(), f"'{where.name}'"), shipped)
        else:
            raise where.fail(f"'{where.name}' must be a family name, not {shown(given)}")
        font = Font(name, tuple(shipped.get(name, ())))
        if named and not font.files and not fonts.installed(name):
            source = named_sources.get(name, "system")
            instead = fonts.substitute(name)
            kit.warnings.append(
                f"{kit.top.doc.path.name}: font '{name}' ({where.name}"
                f"{', source: ' + source if source != 'system' else ''}) is neither installed nor "
                f"shipped as a file: this machine draws '{instead}' instead and rolegen measures "
                f"text with {'its metrics' if fonts.font_file(name) else 'a safe estimate'}, so "
                f"slide breaks may differ where '{name}' is installed; install it or list its "
                "files under typography.fonts (source: file)"
            )
        return font

    base = family("base", "Calibri")
    heading = family("headings", base.family)
    mono_key = "monospace" if typography.get("monospace") is not None else "monospace-inline"
    mono = family(mono_key, "Courier New")
    # One warning per family, however many roles it plays.
    kit.warnings[:] = list(dict.fromkeys(_dedupe_font_warnings(kit.warnings)))
    return heading, base, mono


def _dedupe_font_warnings(warnings: list[str]) -> list[str]:
    seen, kept = set(), []
    for message in warnings:
        key = message.split(" (", 1)[0]
        if key not in seen:
            seen.add(key)
            kept.append(message)
    return kept


def _choose_family(text: str, shipped: dict) -> tuple[str, bool]:
    """Return the one family a CSS font stack stands for, and whether the brand named it.

    The first family shipped or installed wins; a generic family (sans-serif) stands for its
    Office face, which the brand did not name; with neither, the first family named.
    """
    stack = [part.strip().strip("'\"").strip() for part in text.split(",")]
    stack = [part for part in stack if part] or [text]
    for name in stack if len(stack) > 1 else ():
        if name.lower() in _GENERIC_FAMILIES:
            return _GENERIC_FAMILIES[name.lower()], False
        if shipped.get(name) or fonts.installed(name):
            return name, True
    generic = _GENERIC_FAMILIES.get(stack[0].lower())
    return (generic, False) if generic else (stack[0], True)


def _font_files(kit: _Kit, place: Place, entries: Any) -> dict:
    """Return {family: [files]} for the fonts shipped as files, and under None {family: source}."""
    files: dict = {None: {}}
    if entries is None:
        return files
    if not isinstance(entries, list):
        raise place.fail("'typography.fonts' must be a list")
    schema = {
        "family": Field(required=True),
        "source": Field(one_of("system", "file", "google", "bunny")),
        "files": Field(),
        "weight": ignored(_WHY_WEIGHT),
        "style": ignored(_WHY_STYLE),
        "display": ignored("it tells browsers how to swap fonts in"),
    }
    for index, font in enumerate(entries):
        where = place.at(index)
        if not isinstance(font, dict) or not isinstance(font.get("family"), str):
            raise where.fail("each font needs a 'family'")
        options = check_mapping(font, schema, where)
        family = _words(where.at("family"), options["family"].strip(), "font family")
        files[None][family] = options.get("source", "system")
        paths = files.setdefault(family, [])
        given = options.get("files")
        if given is None:
            continue
        if isinstance(given, (str, dict)):
            given = [given]
        if not isinstance(given, list):
            raise where.fail(f"'files' of font '{family}' must be a list of paths, not {shown(given)}", "files")
        for file_index, entry in enumerate(given):
            file_place = where.at("files", file_index)
            rel = entry.get("path") if isinstance(entry, dict) else entry
            if not isinstance(rel, str):
                raise file_place.fail("each font file must be a path or have a 'path', such as fonts/house.ttf")
            if logos.is_url(rel):
                continue  # online font files are not fetched: the family is then checked as installed or not
            path = kit.regular_file(rel, "font file", file_place, MAX_FONT_BYTES)
            paths.append(path)
    return files


def _sizes(place: Place, typography: dict) -> dict:
    """Return the base size (pt), line height (a multiple) and monospace size (relative to base)."""
    base = _options(place, typography.get("base"), "base")
    mono = _options(place, typography.get("monospace"), "monospace")
    result = {"base_size_pt": None, "line_height": None, "mono_scale": None}
    if base.get("size") is not None:
        result["base_size_pt"] = _points(place.at("base", "size"), base["size"], 8, 24)
    if base.get("line-height") is not None:
        result["line_height"] = _line_height(
            place.at("base", "line-height"), base["line-height"], result["base_size_pt"] or 12.0
        )
    if mono.get("size") is not None:
        value = str(mono["size"]).strip()
        match = _SIZE.match(value)
        if match and match.group(2) in ("em", "rem", "%"):
            number = float(match.group(1))
            result["mono_scale"] = number / 100 if match.group(2) == "%" else number
        else:
            result["mono_scale"] = _points(place.at("monospace", "size"), mono["size"], 6, 24) / (
                result["base_size_pt"] or 12.0
            )
        if not 0.5 <= result["mono_scale"] <= 2:
            raise place.fail(f"'typography.monospace.size' is {value}: give 0.5em to 2em", "monospace", "size")
    return result


def _points(place: Place, value: Any, low: float, high: float) -> float:
    match = _SIZE.match(str(value)) if not isinstance(value, bool) else None
    if not match:
        raise place.fail(f"'{place.name}' must be a size such as 16px, 12pt, 1rem or 0.9em, not {shown(value)}")
    points = float(match.group(1)) * _POINTS_PER[match.group(2) or "pt"]
    if not low <= points <= high:
        raise place.fail(f"'{place.name}' is {value} ({points:g} pt): give a size between {low} and {high} pt")
    return points


def _line_height(place: Place, value: Any, size_pt: float) -> float:
    text = str(value).strip()
    match = _SIZE.match(text) if not isinstance(value, bool) else None
    if not match:
        raise place.fail(f"'{place.name}' must be a number such as 1.5, or a size such as 24px, not {shown(value)}")
    number, unit = float(match.group(1)), match.group(2)
    multiple = (
        number
        if unit is None
        else number / 100
        if unit == "%"
        else number
        if unit == "em"
        else number * _POINTS_PER[unit] / size_pt
    )
    if not 0.8 <= multiple <= 3:
        raise place.fail(f"'{place.name}' is {text}: give a line height between 0.8 and 3 times the size")
    return round(multiple, 3)


# -- logos ---------------------------------------------------------------------------------------

_SIZES = ("medium", "large", "small")


def _logos(kit: _Kit, place: Place, logo: Any, brand_name: str) -> tuple[Logo | None, Logo | None]:
    """Return the light logo and the dark one (None when the brand gives no dark variant)."""
    if logo is None:
        return None, None
    images: dict = {}
    where = place
    if isinstance(logo, dict):
        problems = unknown_keys(logo, ("images",) + _SIZES, place, "'logo'")
        if problems:
            raise problems[0]
        images = logo.get("images") or {}
        if not isinstance(images, dict):
            raise place.fail("'logo.images' must be a mapping of names to images, such as 'mark: logo.png'", "images")
        size = next((s for s in _SIZES if logo.get(s) is not None), None)
        if size is not None:
            logo, where = logo[size], place.at(size)
        elif images:
            name = sorted(images, key=str)[0]
            logo, where = images[name], place.at("images", name)
        else:
            raise place.fail("'logo' needs small, medium, large or images")
    if place.report is not None:
        place.report.use(where.name)
    alt = f"{brand_name} logo"
    if isinstance(logo, dict) and set(logo) & set(MODES):
        light_value = logo.get("light") if logo.get("light") is not None else logo.get("dark")
        light_at = where.at("light" if logo.get("light") is not None else "dark")
        light = _one_logo(kit, light_at, light_value, images, alt)
        dark = (
            _one_logo(kit, where.at("dark"), logo["dark"], images, alt)
            if logo.get("dark") is not None and logo.get("light") is not None
            else None
        )
        return light, dark
    return _one_logo(kit, where, logo, images, alt), None


def _one_logo(kit: _Kit, place: Place, value: Any, images: dict, alt: str) -> Logo | None:
    if isinstance(value, str) and value in images:
        value, place = images[value], place.at(value)
        place = Place(place.doc, ("logo", "images") + place.keys[-1:], place.error, place.report)
    if isinstance(value, dict) and set(value) & set(MODES):
        # An image of logo.images may itself hold both variants: this one is the light one.
        value = value.get("light") if value.get("light") is not None else value.get("dark")
    if isinstance(value, dict):
        given = value.get("alt")
        if given is not None and not isinstance(given, str):
            raise place.fail(f"logo alt text must be text, not {shown(given)}", "alt")
        alt = _words(place.at("alt"), given.strip() or alt, "logo alt text") if given else alt
        value, place = value.get("path"), place.at("path")
    if not isinstance(value, str):
        raise place.fail("logo must be a path, a URL, an image name or {path, alt}")
    if logos.is_url(value):
        fetched = logos.fetch(value)
        if isinstance(fetched, str):
            kit.warnings.append(
                f"{kit.top.doc.path.name}: logo {value} could not be downloaded ({fetched}): building without the logo"
            )
            return None
        path = fetched
    else:
        path = kit.regular_file(value, "logo", place, logos.MAX_LOGO_BYTES)
    try:
        return Logo(path, alt, logos.raster_of(path))
    except logos.LogoProblem as e:
        raise place.fail(str(e)) from e


# -- rolegen's own settings ----------------------------------------------------------------------


def _rolegen_settings(place: Place, settings: Any) -> dict:
    data = check_mapping(settings, _ROLEGEN_SCHEMA, place)
    layouts = data.get("layouts", {})
    if not isinstance(layouts, dict) or any(k not in DEFAULT_LAYOUTS for k in layouts):
        raise place.fail(f"'layouts' maps slide kinds ({', '.join(DEFAULT_LAYOUTS)}) to layout names", "layouts")
    for kind, layout in layouts.items():
        if not isinstance(layout, str) or not layout.strip():
            raise place.fail(
                f"layout for '{kind}' must be the name of a layout in the master, not {shown(layout)}", "layouts", kind
            )
        _words(place.at("layouts", kind), layout, f"layout for '{kind}'")
    footer = data.get("footer") or ""
    # One line of text, or one per language ({en: ..., de-DE: ...}) so a German deck has a German footer.
    footers = footer if isinstance(footer, dict) and footer else {"": footer}
    for lang, text in footers.items():
        where = place.at("footer", lang) if lang else place.at("footer")
        if not isinstance(text, str) or not isinstance(lang, str):
            raise where.fail(f"'footer' must be a line of text (quote it) or one per language, not {shown(text)}")
        _words(where, text, "'footer'")
    low, high = BODY_FLOOR_RANGE
    floor = data.get("body_floor_pt", _DEFAULT_BODY_FLOOR_PT)
    # bool is an int to Python, and 'true' is no size; NaN fails every comparison, so it fails here too.
    if isinstance(floor, bool) or not isinstance(floor, (int, float)) or not low <= floor <= high:
        raise place.fail(
            f"'body_floor_pt' must be a number of points between {low} and {high}, not {shown(floor)}", "body_floor_pt"
        )
    for key in ("deck", "handout"):
        if data.get(key) is not None and not isinstance(data[key], str):
            default = f"{key}.pptx" if key == "deck" else f"{key}.docx"
            raise place.fail(f"'{key}' must be a file name such as {default}, not {shown(data[key])}", key)
    return {**data, "body_floor_pt": float(floor)}


def _optional_file(kit: _Kit, settings: dict, key: str, default: str, suffix: str) -> Path | None:
    name = settings.get(key)
    place = kit.top.at("defaults", "rolegen", key)
    # The default name too: a deck.pptx that is a link out of the folder is refused like a named one.
    path = kit.file(name or default, f"{key} file", place)
    if name and name.startswith("/"):
        raise place.fail(f"{key} file '{name}' must be in the brand folder")
    if not path.is_file():
        if name:
            raise place.fail(f"{key} file '{name}' not found")
        return None
    if path.suffix.lower() != suffix:
        raise place.fail(f"{key} file '{path.name}' must be a {suffix} file")
    return path


# -- every kit of a project ----------------------------------------------------------------------


def load_brands(project: Project) -> list[Brand]:
    """Load every brand kit of a project, in name order."""
    return [load_brand(project, name) for name in project.brand_names()]


def survey_brands(project: Project) -> list[tuple[str, Brand | BrandError]]:
    """Return every kit of a project, in name order, each loaded or with the error that stops it."""
    found: list[tuple[str, Brand | BrandError]] = []
    for name in project.brand_names():
        try:
            found.append((name, load_brand(project, name)))
        except BrandError as e:
            found.append((name, e))
    return found


def describe(brand: Brand) -> str:
    """Return a few lines that show a brand's name, colours, fonts and masters."""
    from rolegen.brand import contrast
    from rolegen.errors import display_path

    main = ("foreground", "background", "primary", "secondary", "tertiary", "light", "dark")
    failing = contrast.check(brand)
    logo = display_path(brand.logo.path) if brand.logo else "none"
    if brand.dark_logo:
        logo += f" (on dark: {display_path(brand.dark_logo.path)})"
    lines = [
        f"{brand.id}: {brand.name}" + (f" ({brand.short_name})" if brand.short_name != brand.name else ""),
        "  colours:  " + ", ".join(f"{name} #{brand.color(name)}" for name in main),
        f"  fonts:    headings {brand.heading_font.family}, base {brand.base_font.family}, "
        f"monospace {brand.mono_font.family}",
        "  logo:     " + logo,
        "  master:   " + (display_path(brand.master) if brand.master else "packaged default"),
        "  handout:  " + (display_path(brand.reference) if brand.reference else "Word default styles"),
        f"  slides:   {brand.slides}" + (" (the brand gives dark variants)" if brand.dark_colors else ""),
        f"  floor:    body text shrinks to no less than {brand.body_floor_pt:g} pt "
        f"(body_floor_pt, {BODY_FLOOR_RANGE[0]} to {BODY_FLOOR_RANGE[1]})",
        "  contrast: "
        + (
            "every text/background pair meets WCAG 2.1"
            if not failing
            else f"{len(failing)} pair(s) below WCAG 2.1 (see warnings when building)"
        ),
    ] + [f"  warning:  {message.split(': ', 1)[-1]}" for message in brand.warnings]
    return "\n".join(lines)
