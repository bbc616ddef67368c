"""Load a brand kit: _brand.yml (the public brand.yml schema), its logo and masters."""

# Why our own loader and not the `brand_yml` package (PyPI, 0.2.0, checked 2026-11): it reads
# our files and the schema's forms, but it pulls pydantic, htmltools and ruamel.yaml (importing
# it costs ~135 ms against ~37 ms for this module, and cold start matters), it lets a bad hex
# ('#12345G') or an unknown colour name through silently, it rejects plain-string font `files`,
# and its errors are multi-line pydantic reports without the file's line. This module follows
# the same schema (https://posit-dev.github.io/brand-yml/, and Quarto's light/dark forms) and
# reports one line with file:line.

from __future__ import annotations

from pathlib import Path
from typing import Any

from rolegen.errors import BrandError
from rolegen.inputs.fields import Place, Report, check_mapping, shown
from rolegen.model import THEME_COLORS, Brand
from rolegen.inputs.project import Project
from rolegen.inputs.sources import parse_yaml, read_text
from rolegen.brand.folder import Kit
from rolegen.brand.logos import read_logos
from rolegen.brand.palette import read_colors, read_text_colors
from rolegen.brand.schema import (
    BODY_FLOOR_RANGE,
    DEFAULT_BODY_FLOOR_PT,
    DEFAULT_LAYOUTS,
    MODES,
    ROLEGEN_SCHEMA,
    SCHEMA,
    words,
)
from rolegen.brand.typography import read_fonts, read_sizes


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
    data = check_mapping(doc.data, SCHEMA, top)
    kit = Kit(project, folder, top)
    full, short = _names(top.at("meta"), data.get("meta", {}).get("name"), name)
    palette, modes = read_colors(top.at("color"), data.get("color"))
    typography = data.get("typography", {})
    text_colors = {
        mode: read_text_colors(top.at("typography"), typography, palette, modes[mode], mode) for mode in MODES
    }
    light_logo, dark_logo = read_logos(kit, top.at("logo"), doc.data.get("logo") if doc.data else None, full)
    heading, base, mono = read_fonts(kit, top.at("typography"), typography)
    sizes = read_sizes(top.at("typography"), typography)
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
        body_floor_pt=settings.get("body_floor_pt", DEFAULT_BODY_FLOOR_PT),
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


def _names(place: Place, name: Any, fallback: str) -> tuple[str, str]:
    if name is None:
        return fallback.title(), fallback.title()
    if isinstance(name, dict):
        full = name.get("full") or name.get("short")
        short = name.get("short") or full
        if not isinstance(full, str) or not isinstance(short, str):
            raise place.fail("'meta.name' needs 'full' or 'short' as a string", "name")
        return (
            words(place.at("name", "full" if "full" in name else "short"), full, "'meta.name'"),
            words(place.at("name", "short" if "short" in name else "full"), short, "'meta.name'"),
        )
    if not isinstance(name, str):
        raise place.fail("'meta.name' must be a string or a mapping of full/short", "name")
    return (words(place.at("name"), name, "'meta.name'"),) * 2


# -- colours -------------------------------------------------------------------------------------


def _rolegen_settings(place: Place, settings: Any) -> dict:
    data = check_mapping(settings, ROLEGEN_SCHEMA, place)
    layouts = data.get("layouts", {})
    if not isinstance(layouts, dict) or any(k not in DEFAULT_LAYOUTS for k in layouts):
        raise place.fail(f"'layouts' maps slide kinds ({', '.join(DEFAULT_LAYOUTS)}) to layout names", "layouts")
    for kind, layout in layouts.items():
        if not isinstance(layout, str) or not layout.strip():
            raise place.fail(
                f"layout for '{kind}' must be the name of a layout in the master, not {shown(layout)}", "layouts", kind
            )
        words(place.at("layouts", kind), layout, f"layout for '{kind}'")
    footer = data.get("footer") or ""
    # One line of text, or one per language ({en: ..., de-DE: ...}) so a German deck has a German footer.
    footers = footer if isinstance(footer, dict) and footer else {"": footer}
    for lang, text in footers.items():
        where = place.at("footer", lang) if lang else place.at("footer")
        if not isinstance(text, str) or not isinstance(lang, str):
            raise where.fail(f"'footer' must be a line of text (quote it) or one per language, not {shown(text)}")
        words(where, text, "'footer'")
    low, high = BODY_FLOOR_RANGE
    floor = data.get("body_floor_pt", DEFAULT_BODY_FLOOR_PT)
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


def _optional_file(kit: Kit, settings: dict, key: str, default: str, suffix: str) -> Path | None:
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
