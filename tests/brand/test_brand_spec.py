"""The brand.yml schema as rolegen reads it: colour forms, light/dark, typography forms, sizes, stacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from font_files import make_font
from rolegen.brand import fonts
from rolegen.brand.kit import read_brand
from rolegen.errors import BrandError
from rolegen.inputs.project import Project


def kit(tmp_path: Path, text: str) -> Project:
    folder = tmp_path / "templates" / "brands" / "kit"
    folder.mkdir(parents=True)
    (folder / "_brand.yml").write_text(text, encoding="utf-8")
    return Project(tmp_path)


def load(tmp_path: Path, text: str):
    return read_brand(kit(tmp_path, text), "kit")


@pytest.mark.parametrize(
    "written, expected",
    [
        ("'#abc'", "AABBCC"),
        ("'#1F4E79CC'", "1F4E79"),
        ("'rgb(10, 20, 30)'", "0A141E"),
        ("'rgba(10, 20, 30, 0.5)'", "0A141E"),
        ("'hsl(210, 50%, 40%)'", "336699"),
        ("rebeccapurple", "663399"),
        ("DarkSlateGray", "2F4F4F"),
        ("ink", "1D2433"),
    ],
    ids=["short-hex", "hex-alpha", "rgb", "rgba", "hsl", "css-name", "css-name-mixed-case", "palette-name"],
)
def test_every_css_colour_form_and_palette_names_resolve(tmp_path, written, expected):
    brand, _ = load(tmp_path, f"color:\n  palette: {{ink: '#1D2433'}}\n  primary: {written}\n")
    assert brand.color("primary") == expected


def test_light_and_dark_variants_resolve_through_palette_and_theme_names(tmp_path):
    brand, _ = load(
        tmp_path,
        (
            "color:\n"
            "  palette:\n    dark-grey: '#222222'\n    sky: {light: '#ddeaf1', dark: navy}\n"
            "  foreground: {light: dark-grey, dark: blue}\n"
            "  background: {light: white, dark: '#111'}\n"
            "  primary: sky\n"
            "typography:\n  headings: {color: {light: foreground, dark: sky}}\n"
        ),
    )
    light, dark = brand.in_mode("light"), brand.in_mode("dark")
    assert [light.color(k) for k in ("foreground", "background", "primary")] == ["222222", "FFFFFF", "DDEAF1"]
    assert [dark.color(k) for k in ("foreground", "background", "primary")] == ["0000FF", "111111", "000080"]
    assert (light.text_color("headings"), dark.text_color("headings")) == ("222222", "000080")
    assert brand.for_paper() == brand and brand.for_slides() == brand  # slides: light is the default


def test_a_brand_may_choose_dark_slides(tmp_path):
    brand, _ = load(
        tmp_path, "color:\n  background: {light: white, dark: black}\ndefaults:\n  rolegen:\n    slides: dark\n"
    )
    assert (brand.for_slides().color("background"), brand.for_paper().color("background")) == ("000000", "FFFFFF")


def test_typography_short_and_full_forms_sizes_and_line_height(tmp_path):
    brand, report = load(
        tmp_path,
        (
            "typography:\n"
            "  base: {family: Lato, size: 16px, line-height: 150%, weight: 400}\n"
            "  headings: Open Sans\n"
            "  monospace: {family: DejaVu Sans Mono, size: 0.9em}\n"
        ),
    )
    assert (brand.base_font.family, brand.heading_font.family, brand.mono_font.family) == (
        "Lato",
        "Open Sans",
        "DejaVu Sans Mono",
    )
    assert (brand.base_size_pt, brand.line_height, brand.mono_scale) == (12.0, 1.5, 0.9)
    assert (
        "typography.base.weight",
        "rolegen draws body text regular and headings bold, so slides stay readable",
    ) in report.ignored
    assert "typography.base.size" in report.used


@pytest.mark.parametrize(
    "size, points", [("12pt", 12.0), ("1.1rem", 13.2), ("14px", 10.5), ("0.75em", 9.0)], ids=["pt", "rem", "px", "em"]
)
def test_sizes_in_css_units_become_points(tmp_path, size, points):
    brand, _ = load(tmp_path, f"typography:\n  base: {{size: {size}}}\n")
    assert brand.base_size_pt == pytest.approx(points)


def test_a_font_stack_is_written_as_its_first_installed_family(tmp_path):
    brand, _ = load(
        tmp_path,
        "typography:\n  base: \"'No Such Face', Lato, sans-serif\"\n"
        "  headings: \"'No Such Face', 'Neither This', serif\"\n",
    )
    assert brand.base_font.family == ("Lato" if fonts.installed("Lato") else "Calibri")
    assert brand.heading_font.family == "Cambria"


def test_a_mistyped_key_names_its_line_and_the_key_meant(tmp_path):
    with pytest.raises(BrandError) as caught:
        load(tmp_path, "typography:\n  base:\n    famly: Lato\n")
    assert (caught.value.line, caught.value.detail) == (3, "unknown key 'famly' (did you mean 'family'?)")


def test_a_bad_size_names_its_line(tmp_path):
    with pytest.raises(BrandError) as caught:
        load(tmp_path, "typography:\n  base:\n    size: huge\n")
    assert (caught.value.line, caught.value.detail) == (
        3,
        "'typography.base.size' must be a size such as 16px, 12pt, 1rem or 0.9em, not 'huge'",
    )


def test_a_font_shipped_as_a_file_is_what_text_is_measured_with(tmp_path):
    project = kit(
        tmp_path,
        "typography:\n  fonts:\n    - family: House Sans\n      source: file\n"
        "      files:\n        - path: fonts/house.ttf\n          weight: 400\n"
        "  base: \"'House Sans', sans-serif\"\n",
    )
    font = project.brands_dir / "kit" / "fonts" / "house.ttf"
    # A real font of the family it is listed under (another family's file would be warned of).
    make_font(font, "House Sans")
    brand, _ = read_brand(project, "kit")
    assert (brand.base_font.family, brand.base_font.files, brand.warnings) == ("House Sans", (font,), ())
    assert fonts.font_file(brand.base_font.family, False, brand.base_font.files) == font


def test_a_stack_that_ends_in_a_generic_family_warns_of_no_font_it_did_not_name(tmp_path):
    brand, _ = load(tmp_path, "typography:\n  base: \"'No Such Face', sans-serif\"\n  monospace: monospace\n")
    assert (brand.base_font.family, brand.mono_font.family, brand.warnings) == ("Calibri", "Courier New", ())
