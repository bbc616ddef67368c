"""Loading _brand.yml: every form of the public brand.yml schema, and one clear error per bad input."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest

from font_files import make_font
from rolegen.brand.kit import load_brand
from rolegen.brand.schema import MAX_FONT_BYTES
from rolegen.errors import BrandError
from rolegen.inputs.project import Project

REPO = Path(__file__).resolve().parents[2]
LOGO = REPO / "templates" / "brands" / "acme" / "logo.png"


def kit(tmp_path: Path, yaml: str, name: str = "kit", files: tuple[str, ...] = ("logo.png",)) -> Project:
    """Write a brand kit with this _brand.yml (and a copy of acme's logo) into a fresh project."""
    folder = tmp_path / "templates" / "brands" / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "_brand.yml").write_text(textwrap.dedent(yaml), encoding="utf-8")
    for file in files:
        (folder / file).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(LOGO, folder / file)
    return Project(tmp_path)


def load(tmp_path: Path, yaml: str, **kw):
    return load_brand(kit(tmp_path, yaml, **kw), kw.get("name", "kit"))


# -- meta.name ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "yaml, expected",
    [
        ("meta: {name: Globex}", ("Globex", "Globex")),
        ("meta: {name: {full: Globex Corporation, short: Globex}}", ("Globex Corporation", "Globex")),
        ("meta: {name: {full: Globex Corporation}}", ("Globex Corporation", "Globex Corporation")),
        ("meta: {name: {short: Globex}}", ("Globex", "Globex")),
        ("color: {primary: '#123456'}", ("Kit", "Kit")),
    ],
    ids=["string", "full-and-short", "full-only", "short-only", "no-meta"],
)
def test_meta_name_forms(tmp_path, yaml, expected):
    brand = load(tmp_path, yaml)
    assert (brand.name, brand.short_name) == expected


# -- logo --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "yaml, alt",
    [
        ("logo: logo.png", "Kit logo"),
        ("logo: {medium: logo.png}", "Kit logo"),
        ("logo: {small: logo.png}", "Kit logo"),
        ("logo: {large: {path: logo.png, alt: Big mark}}", "Big mark"),
        ("logo: {images: {mark: {path: logo.png, alt: The mark}}, medium: mark}", "The mark"),
        ("logo: {images: {mark: logo.png}}", "Kit logo"),
        ("logo: {medium: {light: logo.png, dark: dark.png}}", "Kit logo"),
        ("logo: {images: {l: {path: logo.png, alt: Light}}, medium: {light: l, dark: dark.png}}", "Light"),
    ],
    ids=["path", "medium", "small", "large-path-alt", "named-image", "images-only", "light-dark", "light-dark-named"],
)
def test_logo_forms_resolve_to_the_light_image(tmp_path, yaml, alt):
    brand = load(tmp_path, yaml, files=("logo.png", "dark.png"))
    assert (brand.logo.path.name, brand.logo.alt) == ("logo.png", alt)


def test_medium_logo_is_preferred_over_small_and_large(tmp_path):
    brand = load(
        tmp_path,
        "logo: {small: small.png, medium: logo.png, large: large.png}",
        files=("logo.png", "small.png", "large.png"),
    )
    assert brand.logo.path.name == "logo.png"


# -- colours ------------------------------------------------------------------------------------


def test_palette_references_resolve_through_theme_colours(tmp_path):
    brand = load(
        tmp_path,
        """\
        color:
          palette: {navy: "#1B3A5C", brand-blue: navy, sky: "#3af"}
          primary: brand-blue
          info: primary
          tertiary: sky
          secondary: orange
        """,
    )
    assert (brand.color("primary"), brand.color("info"), brand.color("tertiary"), brand.color("secondary")) == (
        "1B3A5C",
        "1B3A5C",
        "33AAFF",
        "FFA500",
    )
    assert dict(brand.palette)["brand-blue"] == "1B3A5C"


@pytest.mark.parametrize(
    "name",
    [
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
    ],
)
def test_every_theme_colour_is_read(tmp_path, name):
    brand = load(tmp_path, f"color: {{{name}: '#0A0B0C'}}")
    assert brand.color(name) == "0A0B0C"


def test_foreground_stands_in_for_dark_when_dark_is_not_given(tmp_path):
    brand = load(tmp_path, "color: {foreground: '#101010'}")
    assert brand.color("dark") == "101010"


# -- typography ---------------------------------------------------------------------------------


def test_typography_shorthand_names_the_base_font(tmp_path):
    brand = load(tmp_path, "typography: {base: Open Sans}")
    assert (brand.base_font.family, brand.heading_font.family, brand.mono_font.family) == (
        "Open Sans",
        "Open Sans",
        "Courier New",
    )


def test_typography_mappings_and_font_files(tmp_path):
    # The font files are real fonts of the family they are listed under: a kit's fonts are opened when it is read.
    make_font(tmp_path / "templates/brands/kit/fonts/house.ttf", "House Sans")
    make_font(tmp_path / "templates/brands/kit/fonts/house-bold.ttf", "House Sans", "Bold")
    brand = load(
        tmp_path,
        """\
        typography:
          fonts:
            - family: House Sans
              source: file
              files:
                - path: fonts/house.ttf
                  weight: 400
                - fonts/house-bold.ttf
            - family: Lato
              source: system
            - family: Fira Code
              source: google
          base: {family: House Sans, size: 16px, line-height: 1.4}
          headings: {family: Lato, weight: 700}
          monospace: Fira Code
        """,
    )
    assert (brand.base_font.family, brand.heading_font.family, brand.mono_font.family) == (
        "House Sans",
        "Lato",
        "Fira Code",
    )
    assert [p.name for p in brand.base_font.files] == ["house.ttf", "house-bold.ttf"]


# -- rolegen settings ---------------------------------------------------------------------------


def test_rolegen_settings_rename_layouts_and_footer(tmp_path):
    brand = load(
        tmp_path,
        """\
        defaults:
          rolegen:
            footer: Internal
            layouts: {content: Titel und Inhalt}
            body_floor_pt: 16
        """,
    )
    assert (brand.footer, brand.layout("content"), brand.layout("title"), brand.body_floor_pt) == (
        "Internal",
        "Titel und Inhalt",
        "Title Slide",
        16.0,
    )


def test_master_and_reference_are_found_by_their_default_names(tmp_path):
    project = kit(tmp_path, "meta: {name: Kit}", files=("logo.png", "deck.pptx", "handout.docx"))
    brand = load_brand(project, "kit")
    assert (brand.master.name, brand.reference.name) == ("deck.pptx", "handout.docx")


def test_master_file_name_is_configurable(tmp_path):
    project = kit(tmp_path, "defaults: {rolegen: {deck: house.pptx}}", files=("logo.png", "house.pptx"))
    assert load_brand(project, "kit").master.name == "house.pptx"


# -- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "yaml, message",
    [
        (
            "color: {primary: blurple}",
            "_brand.yml:1: colour 'primary' is 'blurple', which is neither a CSS colour nor a palette or theme name",
        ),
        (
            "color: {primary: '#12345G'}",
            "_brand.yml:1: colour 'primary' is '#12345G', which is not a CSS colour (#RGB, #RRGGBB, #RRGGBBAA, rgb(), hsl())",
        ),
        (
            "color:\n  palette: {a: b, b: a}\n  primary: a\n",
            "_brand.yml:2: colour references form a cycle: a -> b -> a",
        ),
        (
            "color: {purple: '#800080'}",
            "_brand.yml:1: unknown colour 'purple' (theme colours: foreground, background, primary, secondary, "
            "tertiary, success, info, warning, danger, light, dark, emphasis, link)",
        ),
        ("logo: missing.png", "_brand.yml:1: logo file 'missing.png' not found"),
        ("logo: notes.txt", "_brand.yml:1: logo 'notes.txt' is not an image Office can show (PNG, JPEG, GIF)"),
        ("defaults: {rolegen: {deck: notes.txt}}", "_brand.yml:1: deck file 'notes.txt' must be a .pptx file"),
        ("defaults: {rolegen: {deck: gone.pptx}}", "_brand.yml:1: deck file 'gone.pptx' not found"),
        (
            "typography: {fonts: [{family: X, source: cdn}]}",
            "_brand.yml:1: 'typography.fonts.source' must be one of system, file, google, bunny, not 'cdn'",
        ),
        ("colour: {}", "_brand.yml:1: unknown key 'colour' (did you mean 'color'?)"),
    ],
    ids=[
        "unknown-colour-name",
        "bad-hex",
        "cycle",
        "unknown-theme-colour",
        "missing-logo",
        "logo-not-image",
        "master-not-pptx",
        "missing-master",
        "bad-font-source",
        "typo-top-key",
    ],
)
def test_bad_brand_input_is_one_error_naming_file_and_line(tmp_path, yaml, message):
    project = kit(tmp_path, yaml)
    (project.brands_dir / "kit" / "notes.txt").write_text("not an image\n")
    with pytest.raises(BrandError) as caught:
        load_brand(project, "kit")
    assert caught.value.path.name == "_brand.yml"
    assert f"{caught.value.path.name}:{caught.value.line}: {caught.value.detail}" == message


def test_defaults_for_other_tools_are_left_alone(tmp_path):
    brand = load(tmp_path, "defaults: {bootstrap: {rounded: true}, shiny: {theme: x}, rolegen: {footer: F}}")
    assert brand.footer == "F"


def test_a_font_file_linked_from_outside_the_brand_folder_is_refused(tmp_path):
    project = kit(tmp_path, "typography: {fonts: [{family: X, source: file, files: [x.ttf]}]}")
    (tmp_path / "x.ttf").write_bytes(b"not read")
    (project.brands_dir / "kit" / "x.ttf").symlink_to(tmp_path / "x.ttf")
    with pytest.raises(BrandError) as caught:
        load_brand(project, "kit")
    assert caught.value.detail == "font file 'x.ttf' leads outside the brand folder 'kit' (a link or '..'?)"


@pytest.mark.parametrize("floor", [8, 12.5, 40], ids=["lowest", "fraction", "highest"])
def test_body_floor_accepts_the_ends_of_its_range(tmp_path, floor):
    assert load(tmp_path, f"defaults: {{rolegen: {{body_floor_pt: {floor}}}}}").body_floor_pt == float(floor)


@pytest.mark.parametrize(
    "yaml, message",
    [
        (
            "color:\n  palette: {" + ", ".join(f"c{i}: c{i + 1}" for i in range(30)) + ", c30: '#123456'}\n"
            "  primary: c0\n",
            "_brand.yml:2: colour references nest more than 20 deep",
        ),
        ("logo: {medium: {path: logo.png, alt: [a]}}", "_brand.yml:1: logo alt text must be text, not a list"),
        ('meta: {name: "Acme\\x01"}', "_brand.yml:1: 'meta.name' contains the control character U+0001; delete it"),
    ],
    ids=["long-colour-chain", "alt-a-list", "name-control-character"],
)
def test_more_bad_brand_input_is_one_error_naming_file_and_line(tmp_path, yaml, message):
    with pytest.raises(BrandError) as caught:
        load(tmp_path, yaml)
    assert f"{caught.value.path.name}:{caught.value.line}: {caught.value.detail}" == message


def test_a_default_master_that_links_out_of_the_brand_folder_is_refused(project, tmp_path):
    outside = tmp_path / "elsewhere.pptx"
    outside.write_bytes((Path(__file__).resolve().parents[2] / "src/rolegen/defaults/master.pptx").read_bytes())
    (project / "templates/brands/acme/deck.pptx").symlink_to(outside)
    with pytest.raises(BrandError) as caught:
        load_brand(Project(project), "acme")
    assert caught.value.detail == ("deck file 'deck.pptx' leads outside the brand folder 'acme' (a link or '..'?)")


def test_a_logo_that_is_a_fifo_is_refused_as_no_regular_file(tmp_path):
    project = kit(tmp_path, "logo: logo.png", files=())
    os.mkfifo(project.brands_dir / "kit" / "logo.png")  # Pillow or resvg reading it would wait for ever
    with pytest.raises(BrandError) as caught:
        load_brand(project, "kit")
    assert caught.value.detail == "logo file 'logo.png' is not a regular file (a folder, FIFO or device?)"


def test_a_font_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    project = kit(tmp_path, "typography: {fonts: [{family: X, source: file, files: [big.ttf]}]}")
    with open(project.brands_dir / "kit" / "big.ttf", "wb") as big:
        big.truncate(MAX_FONT_BYTES + 1)  # sparse: no disk is used
    with pytest.raises(BrandError) as caught:
        load_brand(project, "kit")
    assert caught.value.detail == (
        f"font file 'big.ttf' is {MAX_FONT_BYTES + 1:,} bytes, over the {MAX_FONT_BYTES:,}-byte limit"
    )
