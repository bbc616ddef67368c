"""A kit's typography: the base, heading and code fonts, their files, sizes and line heights."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rolegen.brand import font_files, fonts, logos
from rolegen.inputs.fields import Field, Place, check_mapping, ignored, one_of, shown
from rolegen.model import Font
from rolegen.brand.folder import Kit
from rolegen.brand.schema import (
    GENERIC_FAMILIES,
    MAX_FONT_BYTES,
    POINTS_PER,
    SIZE,
    TYPE_OPTIONS,
    WHY_STYLE,
    WHY_WEIGHT,
    words,
)


def _options(place: Place, value: Any, key: str) -> dict:
    """Return a typography entry as its full form: a family name alone is {family: name}."""
    if value is None:
        return {}
    if isinstance(value, str):
        return {"family": value}
    return check_mapping(value, TYPE_OPTIONS, place.at(key))


def read_fonts(kit: Kit, place: Place, typography: dict) -> tuple[Font, Font, Font]:
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
            name, named = _choose_family(words(where, given.strip(), f"'{where.name}'"), shipped)
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
        if name.lower() in GENERIC_FAMILIES:
            return GENERIC_FAMILIES[name.lower()], False
        if shipped.get(name) or fonts.installed(name):
            return name, True
    generic = GENERIC_FAMILIES.get(stack[0].lower())
    return (generic, False) if generic else (stack[0], True)


def _font_files(kit: Kit, place: Place, entries: Any) -> dict:
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
        "weight": ignored(WHY_WEIGHT),
        "style": ignored(WHY_STYLE),
        "display": ignored("it tells browsers how to swap fonts in"),
    }
    for index, font in enumerate(entries):
        where = place.at(index)
        if not isinstance(font, dict) or not isinstance(font.get("family"), str):
            raise where.fail("each font needs a 'family'")
        options = check_mapping(font, schema, where)
        family = words(where.at("family"), options["family"].strip(), "font family")
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
            _check_font_file(kit, file_place, path, rel, family)
            paths.append(path)
    return files


def _check_font_file(kit: Kit, place: Place, path: Path, shown: str, family: str) -> None:
    """Refuse a font file that is no font; warn when it names another family than the kit declares."""
    try:
        named = font_files.families(path, shown)
    except font_files.FontFileProblem as e:
        raise place.fail(str(e)) from e
    if named and family.casefold() not in {name.casefold() for name in named}:
        kit.warnings.append(
            f"{kit.top.doc.path.name}:{place.doc.line(*place.keys)}: font file '{shown}' is family "
            f"{' / '.join(repr(n) for n in sorted(named))}, not '{family}' as typography.fonts declares it: "
            f"rolegen measures '{family}' with it, but Office finds fonts by family name; declare "
            "the family the file holds, or give the file of this one"
        )


def read_sizes(place: Place, typography: dict) -> dict:
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
        match = SIZE.match(value)
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
    match = SIZE.match(str(value)) if not isinstance(value, bool) else None
    if not match:
        raise place.fail(f"'{place.name}' must be a size such as 16px, 12pt, 1rem or 0.9em, not {shown(value)}")
    points = float(match.group(1)) * POINTS_PER[match.group(2) or "pt"]
    if not low <= points <= high:
        raise place.fail(f"'{place.name}' is {value} ({points:g} pt): give a size between {low} and {high} pt")
    return points


def _line_height(place: Place, value: Any, size_pt: float) -> float:
    text = str(value).strip()
    match = SIZE.match(text) if not isinstance(value, bool) else None
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
        else number * POINTS_PER[unit] / size_pt
    )
    if not 0.8 <= multiple <= 3:
        raise place.fail(f"'{place.name}' is {text}: give a line height between 0.8 and 3 times the size")
    return round(multiple, 3)


# -- logos ---------------------------------------------------------------------------------------
