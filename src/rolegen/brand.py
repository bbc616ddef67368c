"""Load a brand kit: _brand.yml (the public brand.yml schema), its logo and masters."""

# Why our own loader and not the `brand_yml` package (PyPI, 0.2.0, checked 2026-11): it reads
# our files and the schema's forms, but it pulls pydantic, htmltools and ruamel.yaml (importing
# it costs ~135 ms against ~37 ms for this module, and cold start matters), it lets a bad hex
# ('#12345G') or an unknown colour name through silently, it rejects plain-string font `files`,
# and its errors are multi-line pydantic reports without the file's line. This module follows
# the same schema (https://posit-dev.github.io/brand-yml/) and reports one line with file:line.

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from rolegen import safety
from rolegen.errors import BrandError
from rolegen.model import THEME_COLORS, Brand, Font, Logo
from rolegen.project import Project
from rolegen.sources import YamlDoc, parse_yaml, read_text

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
    "foreground": "222222", "background": "FFFFFF", "primary": "1F4E79", "secondary": "C55A11",
    "tertiary": "2E7D6B", "success": "2E7D32", "info": "0277BD", "warning": "B7791F",
    "danger": "C62828", "light": "F2F4F7", "dark": "1F2933",
}
# The CSS named colours brand files use most; anything else is given as hex.
_CSS_COLORS = {
    "black": "000000", "white": "FFFFFF", "red": "FF0000", "green": "008000", "blue": "0000FF",
    "navy": "000080", "orange": "FFA500", "gray": "808080", "grey": "808080", "silver": "C0C0C0",
    "teal": "008080", "purple": "800080", "maroon": "800000", "olive": "808000", "yellow": "FFFF00",
    "lime": "00FF00", "aqua": "00FFFF", "fuchsia": "FF00FF",
}
# XML 1.0 has no place for these, so python-pptx and python-docx would fail on them mid-build.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_HEX = re.compile(r"#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})\Z")
_TOP_KEYS = ("meta", "logo", "color", "typography", "defaults")
_ROLEGEN_KEYS = ("deck", "handout", "layouts", "footer", "body_floor_pt")
# Below 8 pt body text cannot be read from the back of a room; above 40 pt nothing fits on a slide.
BODY_FLOOR_RANGE = (8, 40)
_DEFAULT_BODY_FLOOR_PT = 18.0
# A palette refers to itself a few steps at most; a limit keeps a long chain off Python's stack.
_MAX_COLOUR_REFERENCES = 20


def load_brand(project: Project, name: str) -> Brand:
    """Load and validate the brand kit called name."""
    folder = project.brand_dir(name)
    path = folder / "_brand.yml"
    doc = parse_yaml(read_text(path, BrandError, project.root), path, error=BrandError)
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        raise BrandError("_brand.yml must be a mapping", path, 1)
    _check_keys(doc, (), data, _TOP_KEYS)
    full, short = _names(doc, data.get("meta"), name)
    palette, colors = _colors(doc, _given(data, "color", {}))
    heading, base, mono = _typography(doc, _given(data, "typography", {}), folder)
    settings = _rolegen_settings(doc, _given(data, "defaults", {}))
    layouts = dict(DEFAULT_LAYOUTS)
    layouts.update(_given(settings, "layouts", {}))
    return Brand(
        id=name, name=full, short_name=short, folder=folder,
        colors=tuple((c, colors[c]) for c in THEME_COLORS), palette=tuple(sorted(palette.items())),
        heading_font=heading, base_font=base, mono_font=mono,
        logo=_logo(doc, data.get("logo"), folder, full),
        master=_optional_file(doc, folder, settings, "deck", "deck.pptx", ".pptx"),
        reference=_optional_file(doc, folder, settings, "handout", "handout.docx", ".docx"),
        layouts=tuple(sorted(layouts.items())),
        footers=_footers(_given(settings, "footer", "")),
        body_floor_pt=_given(settings, "body_floor_pt", _DEFAULT_BODY_FLOOR_PT),
        source=path,
    )


def _footers(footer: str | dict) -> tuple[tuple[str, str], ...]:
    """Return a footer setting as (language, text) pairs; '' is the text for every other language."""
    if isinstance(footer, dict) and footer:
        first = next(iter(footer.values()))
        return (("", first),) + tuple((lang, text) for lang, text in footer.items())
    return (("", footer),)


def _fail(doc: YamlDoc, message: str, *keys) -> BrandError:
    return BrandError(message, doc.path, doc.line(*keys))


def _given(mapping: dict, key: str, default: Any) -> Any:
    """Return mapping[key], or default when the key is absent or left empty."""
    # Only a missing or empty (null) value means "use the default": 0, [] or '' are checked as given.
    value = mapping.get(key)
    return default if value is None else value


def _brand_file(doc: YamlDoc, folder: Path, name: str, what: str, keys: tuple) -> Path:
    """Return the path of a file named in _brand.yml, refusing names that leave the brand folder."""
    if not name.strip():
        raise _fail(doc, f"{what} name is empty", *keys)
    if any(not c.isprintable() for c in name):
        raise _fail(doc, f"{what} '{name}' contains a control character; rename the file", *keys)
    if Path(name).is_absolute():
        raise _fail(doc, f"{what} '{name}' is an absolute path; give its path inside the brand folder "
                         f"'{folder.name}'", *keys)
    path = folder / name
    # normpath catches '..' before anything is looked up; resolve() then catches links that leave.
    lexical = Path(os.path.normpath(path)).is_relative_to(os.path.normpath(folder))
    if not (lexical and path.resolve().is_relative_to(folder.resolve())):
        raise _fail(doc, f"{what} '{name}' leads outside the brand folder '{folder.name}' (a link or '..'?)", *keys)
    return path


def _words(doc: YamlDoc, text: str, what: str, *keys) -> str:
    """Return text that goes into a deck or handout, refusing characters Office files cannot hold."""
    found = _CONTROL.search(text)
    if found:
        raise _fail(doc, f"{what} contains the control character U+{ord(found.group()):04X}; delete it", *keys)
    return text


def _shown(value: Any) -> str:
    """Return how a wrong value reads in a message: a list, a mapping or the value itself."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None or (isinstance(value, str) and not value.strip()):
        return "empty"
    return repr(value) if isinstance(value, str) else str(value)


def _check_keys(doc: YamlDoc, keys: tuple, data: dict, allowed: tuple[str, ...]) -> None:
    import difflib

    for key in data:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise _fail(doc, f"unknown key '{key}'{hint}", *keys, key)


def _names(doc: YamlDoc, meta: Any, fallback: str) -> tuple[str, str]:
    if meta is None:
        return fallback.title(), fallback.title()
    if not isinstance(meta, dict):
        raise _fail(doc, f"'meta' must be a mapping, not {_shown(meta)}", "meta")
    name = meta.get("name", fallback.title())
    if isinstance(name, dict):
        full = name.get("full") or name.get("short")
        short = name.get("short") or full
        if not isinstance(full, str) or not isinstance(short, str):
            raise _fail(doc, "'meta.name' needs 'full' or 'short' as a string", "meta", "name")
        return (_words(doc, full, "'meta.name'", "meta", "name", "full" if "full" in name else "short"),
                _words(doc, short, "'meta.name'", "meta", "name", "short" if "short" in name else "full"))
    if not isinstance(name, str):
        raise _fail(doc, "'meta.name' must be a string or a mapping of full/short", "meta", "name")
    return (_words(doc, name, "'meta.name'", "meta", "name"),) * 2


def _colors(doc: YamlDoc, color: Any) -> tuple[dict[str, str], dict[str, str]]:
    if not isinstance(color, dict):
        raise _fail(doc, f"'color' must be a mapping, not {_shown(color)}", "color")
    raw_palette = _given(color, "palette", {})
    if not isinstance(raw_palette, dict):
        raise _fail(doc, "'color.palette' must be a mapping of names to colours", "color", "palette")
    for key in color:
        if key not in THEME_COLORS and key != "palette":
            raise _fail(doc, f"unknown colour '{key}' (theme colours: {', '.join(THEME_COLORS)})", "color", key)
    names = {**{str(k): v for k, v in raw_palette.items()}, **{k: color[k] for k in THEME_COLORS if k in color}}

    def resolve(name: str, value: Any, keys: tuple, seen: tuple[str, ...]) -> str:
        if value is None:
            raise _fail(doc, f"colour '{name}' is empty (an unquoted '#' starts a YAML comment: "
                             "write '#1F4E79' in quotes)", *keys)
        if not isinstance(value, str):
            raise _fail(doc, f"colour '{name}' must be a quoted string such as '#1F4E79', not {_shown(value)}",
                        *keys)
        if len(seen) > _MAX_COLOUR_REFERENCES:
            raise _fail(doc, f"colour references nest more than {_MAX_COLOUR_REFERENCES} deep", *keys)
        text = value.strip()
        match = _HEX.match(text)
        if match and (text.startswith("#") or text not in names):
            digits = match.group(1)
            return (digits if len(digits) == 6 else "".join(c * 2 for c in digits)).upper()
        if text.startswith("#"):
            raise _fail(doc, f"colour '{name}' is '{text}', which is not a hex colour (#RGB or #RRGGBB)", *keys)
        if text in seen:
            raise _fail(doc, f"colour references form a cycle: {' -> '.join(seen + (text,))}", *keys)
        if text in raw_palette:
            return resolve(text, raw_palette[text], ("color", "palette", text), seen + (text,))
        if text in color and text in THEME_COLORS:
            return resolve(text, color[text], ("color", text), seen + (text,))
        if text.lower() in _CSS_COLORS:
            return _CSS_COLORS[text.lower()]
        raise _fail(doc, f"colour '{name}' is '{text}', which is neither a hex colour nor a palette name", *keys)

    palette = {str(k): resolve(str(k), v, ("color", "palette", k), (str(k),)) for k, v in raw_palette.items()}
    colors = dict(_DEFAULT_COLORS)
    for key in THEME_COLORS:
        if key in color:
            colors[key] = resolve(key, color[key], ("color", key), (key,))
    if "foreground" in color and "dark" not in color:
        colors["dark"] = colors["foreground"]
    return palette, colors


def _typography(doc: YamlDoc, typography: Any, folder: Path) -> tuple[Font, Font, Font]:
    if not isinstance(typography, dict):
        raise _fail(doc, f"'typography' must be a mapping, not {_shown(typography)}", "typography")
    files: dict[str, list[Path]] = {}
    fonts = _given(typography, "fonts", [])
    if not isinstance(fonts, list):
        raise _fail(doc, "'typography.fonts' must be a list", "typography", "fonts")
    for index, font in enumerate(fonts):
        keys = ("typography", "fonts", index)
        if not isinstance(font, dict) or not isinstance(font.get("family"), str):
            raise _fail(doc, "each font needs a 'family'", *keys)
        _words(doc, font["family"], "font family", *keys, "family")
        source = font.get("source", "system")
        if source not in ("system", "file", "google", "bunny"):
            raise _fail(doc, f"font source '{source}' must be system, file, google or bunny", *keys, "source")
        paths = files.setdefault(font["family"], [])
        entries = _given(font, "files", [])
        if not isinstance(entries, list):
            raise _fail(doc, f"'files' of font '{font['family']}' must be a list of paths, not {_shown(entries)}",
                        *keys, "files")
        for file_index, entry in enumerate(entries):
            file_keys = keys + ("files", file_index)
            rel = entry.get("path") if isinstance(entry, dict) else entry
            if not isinstance(rel, str):
                raise _fail(doc, "each font file must be a path or have a 'path', such as fonts/house.ttf",
                            *file_keys)
            path = _brand_file(doc, folder, rel, "font file", file_keys)
            if not path.is_file():
                raise _fail(doc, f"font file '{rel}' not found", *file_keys)
            paths.append(path)

    def family(key: str, default: str) -> Font:
        value = typography.get(key)
        if isinstance(value, dict):
            value = value.get("family")
        if value is None:
            name = default
        elif isinstance(value, str) and value.strip():
            name = _words(doc, value.strip(), f"'typography.{key}'", "typography", key)
        else:
            raise _fail(doc, f"'typography.{key}' must be a family name or have a 'family'", "typography", key)
        return Font(name, tuple(files.get(name, ())))

    base = family("base", "Calibri")
    return family("headings", base.family), base, family("monospace", "Courier New")


def _logo(doc: YamlDoc, logo: Any, folder: Path, brand_name: str) -> Logo | None:
    if logo is None:
        return None
    keys: tuple = ("logo",)
    images = {}
    if isinstance(logo, dict):
        images = _given(logo, "images", {})
        if not isinstance(images, dict):
            raise _fail(doc, "'logo.images' must be a mapping of names to images, such as 'mark: logo.png'",
                        "logo", "images")
        for size in ("medium", "large", "small"):
            if size in logo:
                logo, keys = logo[size], ("logo", size)
                break
        else:
            if not images:
                raise _fail(doc, "'logo' needs small, medium, large or images", "logo")
            name = sorted(images, key=str)[0]
            logo, keys = images[name], ("logo", "images", name)
    if isinstance(logo, dict) and ("light" in logo or "dark" in logo):
        logo = logo.get("light") or logo.get("dark")
        keys = keys + ("light",)
    alt = f"{brand_name} logo"
    if isinstance(logo, str) and logo in images:
        logo = images[logo]
    if isinstance(logo, dict):
        given = _given(logo, "alt", alt)
        if not isinstance(given, str):
            raise _fail(doc, f"logo alt text must be text, not {_shown(given)}", *keys, "alt")
        alt = _words(doc, given.strip() or alt, "logo alt text", *keys, "alt")
        logo, keys = logo.get("path"), keys + ("path",)
    if not isinstance(logo, str):
        raise _fail(doc, "logo must be a path, an image name or {path, alt}", *keys)
    path = _brand_file(doc, folder, logo, "logo", keys)
    if not path.is_file():
        raise _fail(doc, f"logo file '{logo}' not found", *keys)
    _check_image(doc, path, keys)
    return Logo(path, alt)


def _check_image(doc: YamlDoc, path: Path, keys: tuple) -> None:
    problem = safety.image_problem(path)
    if problem:
        raise _fail(doc, problem, *keys)


def _rolegen_settings(doc: YamlDoc, defaults: Any) -> dict:
    if not isinstance(defaults, dict):
        raise _fail(doc, f"'defaults' must be a mapping, not {_shown(defaults)}", "defaults")
    settings = _given(defaults, "rolegen", {})
    if not isinstance(settings, dict):
        raise _fail(doc, f"'defaults.rolegen' must be a mapping, not {_shown(settings)}", "defaults", "rolegen")
    keys = ("defaults", "rolegen")
    _check_keys(doc, keys, settings, _ROLEGEN_KEYS)
    layouts = _given(settings, "layouts", {})
    if not isinstance(layouts, dict) or any(k not in DEFAULT_LAYOUTS for k in layouts):
        raise _fail(doc, f"'layouts' maps slide kinds ({', '.join(DEFAULT_LAYOUTS)}) to layout names",
                    *keys, "layouts")
    for kind, layout in layouts.items():
        if not isinstance(layout, str) or not layout.strip():
            raise _fail(doc, f"layout for '{kind}' must be the name of a layout in the master, not {_shown(layout)}",
                        *keys, "layouts", kind)
        _words(doc, layout, f"layout for '{kind}'", *keys, "layouts", kind)
    footer = _given(settings, "footer", "")
    # One line of text, or one per language ({en: ..., de-DE: ...}) so a German deck has a German footer.
    footers = footer if isinstance(footer, dict) and footer else {"": footer}
    for lang, text in footers.items():
        where = (*keys, "footer", lang) if lang else (*keys, "footer")
        if not isinstance(text, str) or not isinstance(lang, str):
            raise _fail(doc, f"'footer' must be a line of text (quote it) or one per language, not {_shown(text)}",
                        *where)
        _words(doc, text, "'footer'", *where)
    low, high = BODY_FLOOR_RANGE
    floor = _given(settings, "body_floor_pt", _DEFAULT_BODY_FLOOR_PT)
    # bool is an int to Python, and 'true' is no size; NaN fails every comparison, so it fails here too.
    if isinstance(floor, bool) or not isinstance(floor, (int, float)) or not low <= floor <= high:
        raise _fail(doc, f"'body_floor_pt' must be a number of points between {low} and {high}, "
                         f"not {_shown(floor)}", *keys, "body_floor_pt")
    return {**settings, "body_floor_pt": float(floor)}


def _optional_file(doc: YamlDoc, folder: Path, settings: dict, key: str, default: str, suffix: str) -> Path | None:
    name = settings.get(key)
    keys = ("defaults", "rolegen", key)
    if name is None or isinstance(name, str):
        # The default name too: a deck.pptx that is a link out of the folder is refused like a named one.
        path = _brand_file(doc, folder, name or default, f"{key} file", keys)
    else:
        raise _fail(doc, f"'{key}' must be a file name such as {default}, not {_shown(name)}", *keys)
    if not path.is_file():
        if name:
            raise _fail(doc, f"{key} file '{name}' not found", *keys)
        return None
    if path.suffix.lower() != suffix:
        raise _fail(doc, f"{key} file '{path.name}' must be a {suffix} file", *keys)
    return path


def load_brands(project: Project) -> list[Brand]:
    """Load every brand kit of a project, in name order."""
    return [load_brand(project, name) for name in project.brand_names()]


def describe(brand: Brand) -> str:
    """Return a few lines that show a brand's name, colours, fonts and masters."""
    from rolegen import contrast
    from rolegen.errors import display_path

    main = ("foreground", "background", "primary", "secondary", "tertiary", "light", "dark")
    failing = contrast.check(brand)
    lines = [
        f"{brand.id}: {brand.name}" + (f" ({brand.short_name})" if brand.short_name != brand.name else ""),
        "  colours:  " + ", ".join(f"{name} #{brand.color(name)}" for name in main),
        f"  fonts:    headings {brand.heading_font.family}, base {brand.base_font.family}, "
        f"monospace {brand.mono_font.family}",
        "  logo:     " + (display_path(brand.logo.path) if brand.logo else "none"),
        "  master:   " + (display_path(brand.master) if brand.master else "packaged default"),
        "  handout:  " + (display_path(brand.reference) if brand.reference else "Word default styles"),
        f"  floor:    body text shrinks to no less than {brand.body_floor_pt:g} pt "
        f"(body_floor_pt, {BODY_FLOOR_RANGE[0]} to {BODY_FLOOR_RANGE[1]})",
        "  contrast: " + ("every text/background pair meets WCAG 2.1" if not failing
                          else f"{len(failing)} pair(s) below WCAG 2.1 (see warnings when building)"),
    ]
    return "\n".join(lines)
