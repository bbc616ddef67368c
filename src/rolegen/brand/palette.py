"""A kit's colours: the palette, the theme colours in light and dark mode, and the text colours."""

from __future__ import annotations

from typing import Any

from rolegen.brand import colors as colour_math
from rolegen.inputs.fields import Place, shown, unknown_keys
from rolegen.model import THEME_COLORS
from rolegen.brand.schema import DEFAULT_COLORS, MAX_COLOUR_REFERENCES, MODES


def read_colors(place: Place, color: Any) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
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
        values = dict(DEFAULT_COLORS)
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
        if len(seen) > MAX_COLOUR_REFERENCES:
            raise place.fail(f"colour references nest more than {MAX_COLOUR_REFERENCES} deep")
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


def read_text_colors(place: Place, typography: dict, palette: dict, theme: dict[str, str], mode: str) -> dict[str, str]:
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
