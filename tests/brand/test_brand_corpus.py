"""Real _brand.yml files from public repositories build a deck and a handout unchanged (tests/brand_corpus/)."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from conftest import REPO
from rolegen.brand import fonts, logos
from rolegen.cli.app import main

CORPUS = REPO / "tests" / "brand_corpus"
A = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
SVG_BLIP = ".//{http://schemas.microsoft.com/office/drawing/2016/SVG/main}svgBlip"


def _first_installed(*stack: str) -> str:
    """Return the family a CSS stack resolves to on this machine (its generic end is Calibri)."""
    return next((name for name in stack if fonts.installed(name)), "Calibri")


# Each kit's primary colour and (heading, base) fonts as its file resolves them.
CASES = {
    "oeda": ("2E3192", lambda: (_first_installed("Noto Sans", "Aptos"),) * 2),  # rooted SVG, font stacks
    "rbranding": ("FF6F20", lambda: ("Rubik", "Open Sans")),  # URL logos, light/dark
    "elder": ("005E7B", lambda: ("Calibri", "Calibri")),  # palette names
    "waterbench": ("1F4E79", lambda: ("Jura", "Jura")),  # Google font, PNG logo
    "rxsim": ("E18600", lambda: ("Boehringer Forward Head", "Boehringer Forward Text")),  # theme colours in palette
    "docs-theme": ("F32500", lambda: ("Calibri", "Calibri")),  # commented-out keys
    "mcanouil": ("1F4E79", lambda: ("Alegreya Sans", "Alegreya Sans")),  # light/dark colours, SVG
    "posit-dark": ("75A5CC", lambda: ("Roboto Slab", "Open Sans")),  # a dark brand
    "quarto-light-logo": ("1F4E79", lambda: ("Calibri", "Calibri")),  # {light: name} logo
    "pandas-light-dark": ("1F4E79", lambda: ("Calibri", "Calibri")),  # light/dark SVG logos
}


@pytest.fixture
def offline(monkeypatch, tmp_path):
    """No network: every download fails as it does on a machine without one, into an empty cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(logos, "_download", lambda url, target: "network is unreachable (test)")


def add_kit(project: Path, name: str, extra: str = "") -> Path:
    """Copy a corpus kit into the project (its project-root files to the root); return its folder."""
    folder = project / "templates" / "brands" / name
    shutil.copytree(CORPUS / name, folder, ignore=shutil.ignore_patterns("project-root"))
    if (CORPUS / name / "project-root").is_dir():
        shutil.copytree(CORPUS / name / "project-root", project, dirs_exist_ok=True)
    if extra:
        brand = folder / "_brand.yml"
        brand.write_text(
            brand.read_text(encoding="utf-8").replace("defaults:\n", f"defaults:\n{extra}", 1), encoding="utf-8"
        )
    return folder


def rolegen(*args: str) -> int:
    with pytest.raises(SystemExit) as done:
        main(list(args))
    return done.value.code


def theme(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        name = next(n for n in archive.namelist() if n.startswith(("ppt/theme/theme", "word/theme/theme")))
        return etree.fromstring(archive.read(name))


def slot(root, name: str) -> str:
    return root.find(f".//a:clrScheme/a:{name}/a:srgbClr", A).get("val")


def fonts_of(root) -> tuple[str, str]:
    return (
        root.find(".//a:majorFont/a:latin", A).get("typeface"),
        root.find(".//a:minorFont/a:latin", A).get("typeface"),
    )


def pictures(slide):
    return [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


def svg_of(picture) -> bytes | None:
    """Return the SVG a picture carries beside its PNG, or None."""
    found = picture._element.find(SVG_BLIP)
    if found is None:
        return None
    rid = found.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed")
    return picture.part.related_part(rid).blob


@pytest.mark.parametrize("name", sorted(CASES), ids=sorted(CASES))
def test_a_real_brand_file_builds_deck_and_handout_with_its_colours_and_fonts(project, offline, name):
    add_kit(project, name)
    deck, handout = project / f"{name}.pptx", project / f"{name}.docx"
    assert rolegen("deck", "--brand", name, "-o", str(deck)) == 0
    assert rolegen("handout", "--brand", name, "-o", str(handout)) == 0
    primary, families = CASES[name][0], CASES[name][1]()
    for output in (deck, handout):
        assert (slot(theme(output), "accent1"), fonts_of(theme(output))) == (primary, families)


def test_light_and_dark_colours_give_light_slides_and_handouts_unless_the_brand_chooses_dark(project, offline):
    add_kit(project, "mcanouil")
    assert rolegen("deck", "--brand", "mcanouil", "-o", "light.pptx") == 0
    light = theme(project / "light.pptx")
    assert (slot(light, "dk1"), slot(light, "lt1")) == ("333333", "FAFAFA")

    shutil.rmtree(project / "templates/brands/mcanouil")
    add_kit(project, "mcanouil", extra="  rolegen:\n    slides: dark\n")
    assert rolegen("deck", "--brand", "mcanouil", "-o", "dark.pptx") == 0
    assert rolegen("handout", "--brand", "mcanouil", "-o", "paper.docx") == 0
    dark = theme(project / "dark.pptx")
    assert (slot(dark, "dk1"), slot(dark, "lt1")) == ("FAFAFA", "333333")
    assert slot(theme(project / "paper.docx"), "dk1") == "333333"  # printed: the light values
    # On dark slides the dark variant of the logo (light strokes), placed as SVG.
    content = Presentation(str(project / "dark.pptx")).slides[1]
    white = (CORPUS / "mcanouil/logos/logo-light-path.svg").read_bytes()
    assert [svg_of(p) for p in pictures(content)] == [white]


def test_svg_logos_are_placed_as_svg_with_a_png_fallback_light_on_light_and_dark_on_dark(project, offline):
    add_kit(project, "pandas-light-dark")
    assert rolegen("deck", "--brand", "pandas-light-dark", "-o", "deck.pptx") == 0
    assert rolegen("handout", "--brand", "pandas-light-dark", "-o", "handout.docx") == 0
    light = (CORPUS / "pandas-light-dark/logos/pandas/pandas_secondary.svg").read_bytes()
    dark = (CORPUS / "pandas-light-dark/logos/pandas/pandas_secondary_white.svg").read_bytes()
    slides = Presentation(str(project / "deck.pptx")).slides
    by_layout = {}
    for slide in slides:
        by_layout.setdefault(slide.slide_layout.name, slide)
    title, content, section = (by_layout[n] for n in ("Title Slide", "Title and Content", "Section Header"))
    assert [svg_of(p) for p in pictures(title)] == [light]
    assert [svg_of(p) for p in pictures(content)] == [light]
    # Section slides are filled with the dark primary: the white logo, and no white box behind it.
    assert [svg_of(p) for p in pictures(section)] == [dark]
    assert "Logo background" not in [s.name for s in section.shapes]
    png = pictures(content)[0].image
    assert (png.content_type, png.size[1]) == ("image/png", logos.RASTER_HEIGHT_PX)
    with zipfile.ZipFile(project / "handout.docx") as archive:
        header = next(archive.read(n) for n in archive.namelist() if n.startswith("word/header"))
        svgs = [archive.read(n) for n in archive.namelist() if n.endswith(".svg")]
    assert etree.fromstring(header).find(SVG_BLIP) is not None
    assert svgs == [light]


def test_a_logo_path_from_the_project_root_is_read_there(project, offline):
    add_kit(project, "oeda")
    assert rolegen("deck", "--brand", "oeda", "-o", "deck.pptx") == 0
    logo = (project / "assets/oeda-logo-primary-clean.svg").read_bytes()
    assert svg_of(pictures(Presentation(str(project / "deck.pptx")).slides[1])[0]) == logo


def test_an_offline_url_logo_builds_without_it_and_warns_and_strict_fails(project, offline, capsys):
    add_kit(project, "rbranding")
    assert rolegen("deck", "--brand", "rbranding", "-o", "deck.pptx") == 0
    err = capsys.readouterr().err
    assert (
        "warning: templates/brands/rbranding/_brand.yml: logo https://posit-dev.github.io/brand-yml/logos/"
        "header-logo.png could not be downloaded (network is unreachable (test)): building without the logo"
    ) in err
    assert all(not pictures(s) for s in Presentation(str(project / "deck.pptx")).slides)
    assert rolegen("deck", "--brand", "rbranding", "--strict", "-o", "strict.pptx") == 1
    assert "could not be downloaded" in capsys.readouterr().err
    assert not (project / "strict.pptx").exists()


@pytest.fixture
def logo_server(tmp_path):
    """Serve a folder on 127.0.0.1 (never the internet) for as long as the test runs."""
    folder = tmp_path / "served"
    folder.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_url_logo_is_downloaded_into_the_cache_once(project, monkeypatch, tmp_path, logo_server):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder, base = logo_server
    shutil.copy(CORPUS / "pandas-light-dark/logos/pandas/pandas_secondary.svg", folder / "logo.svg")
    kit = project / "templates/brands/web"
    kit.mkdir()
    (kit / "_brand.yml").write_text(f"logo:\n  medium: {base}/logo.svg\n")
    assert rolegen("deck", "--brand", "web", "-o", "one.pptx") == 0
    cached = list((tmp_path / "cache" / "rolegen" / "logos").iterdir())
    assert [p.read_bytes() for p in cached] == [(folder / "logo.svg").read_bytes()]
    (folder / "logo.svg").unlink()  # gone from the server: the cached copy serves the next build
    assert rolegen("deck", "--brand", "web", "-o", "two.pptx") == 0
    assert svg_of(pictures(Presentation(str(project / "two.pptx")).slides[1])[0]) == cached[0].read_bytes()


def test_a_missing_font_is_one_warning_per_build_naming_the_face_used_and_strict_fails(project, offline, capsys):
    add_kit(project, "waterbench")
    shutil.rmtree(project / "templates/brands/globex")
    assert rolegen("build", "--brand", "waterbench", "--jobs", "1") == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "'Jura'" in line]
    assert len(warnings) == 1
    assert (
        f"font 'Jura' (typography.base, source: google) is neither installed nor shipped as a file: "
        f"this machine draws '{fonts.substitute('Jura')}' instead"
    ) in warnings[0]
    assert rolegen("handout", "--brand", "waterbench", "--strict", "-o", "strict.docx") == 1
    assert "font 'Jura'" in capsys.readouterr().err


def test_headings_link_and_theme_colours_from_the_palette_are_used(project, offline):
    add_kit(project, "rxsim")
    assert rolegen("deck", "--brand", "rxsim", "-o", "deck.pptx") == 0
    root = theme(project / "deck.pptx")
    # background/foreground/primary... are written inside rxsim's palette: they still theme the deck.
    assert [slot(root, s) for s in ("dk1", "lt1", "accent1", "accent2", "hlink")] == [
        "000000",
        "F6F5F3",
        "E18600",
        "5D4495",
        "E18600",
    ]
    slide = Presentation(str(project / "deck.pptx")).slides[1]
    title = slide.shapes.title.text_frame.paragraphs[0].runs[0]
    assert str(title.font.color.rgb) == "08312A"  # typography.headings.color: dark-green


@pytest.mark.parametrize("jobs", ["1", "2"])  # with workers, each kit is loaded in the worker that draws it
def test_one_broken_kit_never_stops_the_others(project, offline, capsys, jobs):
    add_kit(project, "elder")
    (project / "templates/brands/elder/_brand.yml").write_text("color:\n  primary: blurple\n")
    assert rolegen("build", "--jobs", jobs) == 1
    err = capsys.readouterr().err
    assert err.count("colour 'primary' is 'blurple'") == 1
    assert "1 brand kit(s) broken: their outputs were not built; every other output was" in err
    assert sorted(p.name for p in (project / "output" / "acme").iterdir()) == [
        "ceo-vs-coo-pack.zip",
        "ceo-vs-coo.docx",
        "ceo-vs-coo.pptx",
    ]
    assert (project / "output" / "globex" / "ceo-vs-coo.pptx").is_file()
    assert not (project / "output" / "elder").exists()


def test_new_brand_from_a_real_brand_yml_copies_checks_and_tables_what_it_uses(project, offline, tmp_path, capsys):
    site = tmp_path / "site"
    shutil.copytree(CORPUS / "oeda", site, ignore=shutil.ignore_patterns("project-root"))
    shutil.copytree(CORPUS / "oeda" / "project-root", site, dirs_exist_ok=True)
    assert rolegen("new", "brand", "oeda", "--from-brand-yml", str(site / "_brand.yml")) == 0
    rows = [" ".join(line.split()) for line in capsys.readouterr().out.splitlines()]
    assert rows[0] == "wrote templates/brands/oeda/_brand.yml"
    assert "color.primary used" in rows
    assert "typography.base.line-height used" in rows
    assert (
        "typography.headings.weight ignored rolegen draws body text regular and headings bold, so slides stay readable"
    ) in rows
    assert "defaults.bootstrap ignored it configures web output (Quarto, Shiny, Bootstrap), not Office files" in rows
    assert "meta.address ignored brand.yml leaves this mapping open; rolegen does not read it" in rows
    # The '/'-rooted logo goes where the file reads it: below the project root.
    assert "file /assets/oeda-logo-primary-clean.svg copied assets/oeda-logo-primary-clean.svg" in rows
    assert f"file /assets/oeda-icon.svg missing not found below {site.resolve()}" in rows
    assert (project / "assets/oeda-logo-primary-clean.svg").is_file()
    assert rolegen("deck", "--brand", "oeda") == 0


def test_new_brand_from_a_brand_yml_that_does_not_load_says_so_and_exits_1(project, tmp_path, capsys):
    source = tmp_path / "_brand.yml"
    source.write_text("color:\n  primary: blurple\n")
    assert rolegen("new", "brand", "site", "--from-brand-yml", str(source)) == 1
    assert capsys.readouterr().err == (
        "Error: templates/brands/site/_brand.yml:2: colour 'primary' is 'blurple', which is neither a CSS colour "
        "nor a palette or theme name (the kit was written: fix it there, then run rolegen brands)\n"
    )
