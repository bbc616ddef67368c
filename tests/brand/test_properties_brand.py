"""Random _brand.yml files never crash load_brand: it returns a sound Brand or raises a BrandError.

The values are built from the schema's own keys and from file names, colours and paths a kit
really uses, so the examples reach past the first type check into every part of the loader.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from font_files import make_font
from rolegen.brand.kit import BODY_FLOOR_RANGE, DEFAULT_LAYOUTS, describe, load_brand
from rolegen.errors import RolegenError
from rolegen.model import THEME_COLORS
from rolegen.inputs.project import Project

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
REPO = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("ROLEGEN_EXAMPLES", "300"))  # raise it for a deeper hunt
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

TOP_KEYS = ["meta", "logo", "color", "typography", "defaults"]
KEYS = TOP_KEYS + [
    "name",
    "full",
    "short",
    "images",
    "small",
    "medium",
    "large",
    "light",
    "dark",
    "path",
    "alt",
    "palette",
    *THEME_COLORS,
    "fonts",
    "family",
    "source",
    "files",
    "weight",
    "style",
    "base",
    "headings",
    "monospace",
    "rolegen",
    "deck",
    "handout",
    "layouts",
    "footer",
    "body_floor_pt",
    *DEFAULT_LAYOUTS,
]
WORDS = [
    "logo.png",
    "fonts/house.ttf",
    "deck.pptx",
    "handout.docx",
    "outside.png",
    "missing.png",
    "../logo.png",
    "../../etc/x.ttf",
    "/etc/passwd",
    "fonts",
    ".",
    "",
    " ",
    "a\x00b",
    "mark",
    "navy",
    "primary",
    "#123",
    "#1B3A5C",
    "#12345G",
    "red",
    "Lato",
    "file",
    "system",
    "google",
    "Title Slide",
    "Acme",
    "-1",
    "1e9999",
    ".nan",
]
# Surrogates cannot be written as UTF-8, so a real file never holds them.
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=True)
    | st.sampled_from(WORDS)
    | text
    | st.dates(min_value=dt.date(1, 1, 2))
)
keys = st.sampled_from(KEYS) | st.integers(0, 3) | text
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5), max_leaves=16
)


def _or_junk(valid):
    """Mostly a value of the right shape, sometimes anything at all."""
    return st.one_of(valid, valid, valid, values)


def _some(**fields):
    return st.fixed_dictionaries({}, optional={key: _or_junk(value) for key, value in fields.items()})


# Kits shaped like the schema, with junk at any depth, reach the checks the random values stop short of.
file_names = st.sampled_from(WORDS[:10]) | text
colour_values = st.sampled_from(["#123", "#1B3A5C", "#12345G", "red", "navy", "ink", "primary", "dark", "x"]) | text
families = st.sampled_from(["Lato", "House Sans", "Open Sans", ""]) | text
image = file_names | _some(path=file_names, alt=text)
image_ref = image | st.sampled_from(["mark", "badge"]) | _some(light=image | st.just("mark"), dark=image)
brand_kits = _some(
    meta=_some(name=text | _some(full=text, short=text)),
    logo=image
    | _some(
        images=st.dictionaries(st.sampled_from(["mark", "badge"]) | keys, _or_junk(image), max_size=3),
        small=image_ref,
        medium=image_ref,
        large=image_ref,
    ),
    color=st.fixed_dictionaries(
        {},
        optional={
            "palette": _or_junk(
                st.dictionaries(st.sampled_from(["navy", "ink", "x"]) | keys, _or_junk(colour_values), max_size=4)
            ),
            **{name: _or_junk(colour_values) for name in THEME_COLORS[:4]},
        },
    ),
    typography=_some(
        fonts=st.lists(
            _some(
                family=families,
                source=st.sampled_from(["system", "file", "google", "cdn"]),
                files=st.lists(_or_junk(file_names | _some(path=file_names, weight=st.integers())), max_size=3),
            ),
            max_size=3,
        ),
        base=families | _some(family=families),
        headings=families | _some(family=families),
        monospace=families,
    ),
    defaults=_some(
        rolegen=_some(
            deck=file_names,
            handout=file_names,
            footer=text,
            layouts=st.dictionaries(st.sampled_from(list(DEFAULT_LAYOUTS)) | keys, _or_junk(text), max_size=3),
            body_floor_pt=st.integers(-5, 60) | st.floats(allow_nan=True),
        ),
        other=values,
    ),
)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A project with one brand kit holding every file a random _brand.yml may name, and a link out."""
    folder = tmp_path / "templates" / "brands" / "kit"
    (folder / "fonts").mkdir(parents=True)
    shutil.copy(REPO / "templates" / "brands" / "acme" / "logo.png", folder / "logo.png")
    shutil.copy(REPO / "templates" / "brands" / "globex" / "deck.pptx", folder / "deck.pptx")
    (folder / "handout.docx").write_bytes(b"PK\x03\x04 not read by load_brand")
    make_font(folder / "fonts" / "house.ttf", "House Sans")  # a kit's font files are opened when it is read
    shutil.copy(folder / "logo.png", tmp_path / "outside.png")
    (folder / "outside.png").symlink_to(tmp_path / "outside.png")
    return Project(tmp_path)


def _load_or_fail_cleanly(project: Project, data) -> None:
    folder = project.brands_dir / "kit"
    (folder / "_brand.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        brand = load_brand(project, "kit")
    except RolegenError as e:
        assert "\n" not in e.message, "an error is one line"
        return
    low, high = BODY_FLOOR_RANGE
    assert low <= brand.body_floor_pt <= high and not math.isnan(brand.body_floor_pt)
    # Everything below ends up in OOXML, which has no place for control characters (lxml refuses them).
    words = [
        brand.name,
        brand.short_name,
        brand.footer,
        *(name for _, name in brand.layouts),
        *(font.family for font in (brand.heading_font, brand.base_font, brand.mono_font)),
        brand.logo.alt if brand.logo else "",
    ]
    assert all(isinstance(w, str) and not _CONTROL.search(w) for w in words), words
    assert all(isinstance(name, str) and name.strip() for _, name in brand.layouts)
    inside = folder.resolve()
    files = [f for font in (brand.heading_font, brand.base_font, brand.mono_font) for f in font.files]
    files += [p for p in (brand.master, brand.reference, brand.logo and brand.logo.path) if p]
    assert all(p.resolve().is_relative_to(inside) for p in files), files
    describe(brand)


@SETTINGS
@given(key=st.sampled_from(TOP_KEYS), value=values)
def test_any_value_under_a_top_level_key_loads_or_fails_cleanly(project, key, value):
    _load_or_fail_cleanly(project, {key: value})


@SETTINGS
@given(data=st.dictionaries(st.sampled_from(TOP_KEYS), values, max_size=5))
def test_random_brand_files_load_or_fail_cleanly(project, data):
    _load_or_fail_cleanly(project, data)


@SETTINGS
@given(
    settings_=st.dictionaries(
        st.sampled_from(["deck", "handout", "layouts", "footer", "body_floor_pt"]), values, max_size=5
    )
)
def test_random_rolegen_settings_load_or_fail_cleanly(project, settings_):
    _load_or_fail_cleanly(project, {"defaults": {"rolegen": settings_}})


@SETTINGS
@given(data=brand_kits)
def test_brand_files_shaped_like_the_schema_load_or_fail_cleanly(project, data):
    _load_or_fail_cleanly(project, data)
