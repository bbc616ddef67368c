"""Load a brand kit: _brand.yml (the public brand.yml schema), its logo and masters."""

# Why our own loader and not the `brand_yml` package (PyPI, 0.2.0, checked 2026-11): it reads
# our files and the schema's forms, but it pulls pydantic, htmltools and ruamel.yaml (importing
# it costs ~135 ms against ~37 ms for this module, and cold start matters), it lets a bad hex
# ('#12345G') or an unknown colour name through silently, it rejects plain-string font `files`,
# and its errors are multi-line pydantic reports without the file's line. This module follows
# the same schema (https://posit-dev.github.io/brand-yml/) and reports one line with file:line.

from __future__ import annotations

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
_HEX = re.compile(r"#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})\Z")
_TOP_KEYS = ("meta", "logo", "color", "typography", "defaults")
_ROLEGEN_KEYS = ("deck", "handout", "layouts", "footer", "body_floor_pt")


def load_brand(project: Project, name: str) -> Brand:
    """Load and validate the brand kit called name."""
    folder = project.brand_dir(name)
    path = folder / "_brand.yml"
    doc = parse_yaml(read_text(path, BrandError), path, error=BrandError)
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        raise BrandError("_brand.yml must be a mapping", path, 1)
    _check_keys(doc, (), data, _TOP_KEYS)
    full, short = _names(doc, data.get("meta"), name)
    palette, colors = _colors(doc, data.get("color") or {})
    heading, base, mono = _typography(doc, data.get("typography") or {}, folder)
    settings = _rolegen_settings(doc, data.get("defaults") or {})
    layouts = dict(DEFAULT_LAYOUTS)
    layouts.update(settings.get("layouts") or {})
    return Brand(
        id=name, name=full, short_name=short, folder=folder,
        colors=tuple((c, colors[c]) for c in THEME_COLORS), palette=tuple(sorted(palette.items())),
        heading_font=heading, base_font=base, mono_font=mono,
        logo=_logo(doc, data.get("logo"), folder, full),
        master=_optional_file(doc, folder, settings, "deck", "deck.pptx", ".pptx"),
        reference=_optional_file(doc, folder, settings, "handout", "handout.docx", ".docx"),
        layouts=tuple(sorted(layouts.items())),
        footer=str(settings.get("footer") or ""),
        body_floor_pt=float(settings.get("body_floor_pt") or 18.0),
        source=path,
    )


def _fail(doc: YamlDoc, message: str, *keys) -> BrandError:
    return BrandError(message, doc.path, doc.line(*keys))


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
        raise _fail(doc, "'meta' must be a mapping", "meta")
    name = meta.get("name", fallback.title())
    if isinstance(name, dict):
        full = name.get("full") or name.get("short")
        short = name.get("short") or full
        if not isinstance(full, str) or not isinstance(short, str):
            raise _fail(doc, "'meta.name' needs 'full' or 'short' as a string", "meta", "name")
        return full, short
    if not isinstance(name, str):
        raise _fail(doc, "'meta.name' must be a string or a mapping of full/short", "meta", "name")
    return name, name


def _colors(doc: YamlDoc, color: Any) -> tuple[dict[str, str], dict[str, str]]:
    if not isinstance(color, dict):
        raise _fail(doc, "'color' must be a mapping", "color")
    raw_palette = color.get("palette") or {}
    if not isinstance(raw_palette, dict):
        raise _fail(doc, "'color.palette' must be a mapping of names to colours", "color", "palette")
    for key in color:
        if key not in THEME_COLORS and key != "palette":
            raise _fail(doc, f"unknown colour '{key}' (theme colours: {', '.join(THEME_COLORS)})", "color", key)
    names = {**{str(k): v for k, v in raw_palette.items()}, **{k: color[k] for k in THEME_COLORS if k in color}}

    def resolve(name: str, value: Any, keys: tuple, seen: tuple[str, ...]) -> str:
        if not isinstance(value, str):
            raise _fail(doc, f"colour '{name}' must be a string such as '#1F4E79'", *keys)
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
        raise _fail(doc, "'typography' must be a mapping", "typography")
    files: dict[str, list[Path]] = {}
    fonts = typography.get("fonts") or []
    if not isinstance(fonts, list):
        raise _fail(doc, "'typography.fonts' must be a list", "typography", "fonts")
    for index, font in enumerate(fonts):
        keys = ("typography", "fonts", index)
        if not isinstance(font, dict) or not isinstance(font.get("family"), str):
            raise _fail(doc, "each font needs a 'family'", *keys)
        source = font.get("source", "system")
        if source not in ("system", "file", "google", "bunny"):
            raise _fail(doc, f"font source '{source}' must be system, file, google or bunny", *keys, "source")
        paths = files.setdefault(font["family"], [])
        for file_index, entry in enumerate(font.get("files") or []):
            rel = entry.get("path") if isinstance(entry, dict) else entry
            path = folder / str(rel)
            if not path.is_file():
                raise _fail(doc, f"font file '{rel}' not found", *keys, "files", file_index)
            paths.append(path)

    def family(key: str, default: str) -> Font:
        value = typography.get(key)
        if isinstance(value, dict):
            value = value.get("family")
        if value is None:
            name = default
        elif isinstance(value, str) and value.strip():
            name = value.strip()
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
        images = logo.get("images") or {}
        for size in ("medium", "large", "small"):
            if size in logo:
                logo, keys = logo[size], ("logo", size)
                break
        else:
            if not images:
                raise _fail(doc, "'logo' needs small, medium, large or images", "logo")
            name = sorted(images)[0]
            logo, keys = images[name], ("logo", "images", name)
    if isinstance(logo, dict) and ("light" in logo or "dark" in logo):
        logo = logo.get("light") or logo.get("dark")
        keys = keys + ("light",)
    alt = f"{brand_name} logo"
    if isinstance(logo, str) and logo in images:
        logo = images[logo]
    if isinstance(logo, dict):
        alt = str(logo.get("alt") or alt)
        logo, keys = logo.get("path"), keys + ("path",)
    if not isinstance(logo, str):
        raise _fail(doc, "logo must be a path, an image name or {path, alt}", *keys)
    path = folder / logo
    if not path.is_file():
        raise _fail(doc, f"logo file '{logo}' not found", *keys)
    _check_image(doc, path, keys)
    return Logo(path, alt)


def _check_image(doc: YamlDoc, path: Path, keys: tuple) -> None:
    problem = safety.image_problem(path, doc.path.parent)
    if problem:
        raise _fail(doc, problem, *keys)


def _rolegen_settings(doc: YamlDoc, defaults: Any) -> dict:
    if not isinstance(defaults, dict):
        raise _fail(doc, "'defaults' must be a mapping", "defaults")
    settings = defaults.get("rolegen") or {}
    if not isinstance(settings, dict):
        raise _fail(doc, "'defaults.rolegen' must be a mapping", "defaults", "rolegen")
    _check_keys(doc, ("defaults", "rolegen"), settings, _ROLEGEN_KEYS)
    layouts = settings.get("layouts") or {}
    if not isinstance(layouts, dict) or any(k not in DEFAULT_LAYOUTS for k in layouts):
        raise _fail(doc, f"'layouts' maps slide kinds ({', '.join(DEFAULT_LAYOUTS)}) to layout names",
                    "defaults", "rolegen", "layouts")
    return settings


def _optional_file(doc: YamlDoc, folder: Path, settings: dict, key: str, default: str, suffix: str) -> Path | None:
    name = settings.get(key)
    path = folder / (name or default)
    if not path.is_file():
        if name:
            raise _fail(doc, f"{key} file '{name}' not found", "defaults", "rolegen", key)
        return None
    if path.suffix.lower() != suffix:
        raise _fail(doc, f"{key} file '{path.name}' must be a {suffix} file", "defaults", "rolegen", key)
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
        "  contrast: " + ("every text/background pair meets WCAG 2.1" if not failing
                          else f"{len(failing)} pair(s) below WCAG 2.1 (see warnings when building)"),
    ]
    return "\n".join(lines)
