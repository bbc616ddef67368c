"""Brands on the command line: `rolegen brands`, contrast warnings and --strict, bad kits, template overrides."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation

from rolegen.cli.app import cli

from conftest import needs_brand_fonts, pptx_text

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def acme(project: Path) -> Path:
    return project / "templates" / "brands" / "acme"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


# -- rolegen brands -----------------------------------------------------------------------------


def test_brands_lists_each_brand_with_colours_fonts_and_masters(run):
    result = run("brands")
    assert result.exit_code == 0
    blocks = result.output.strip().split("\n\n")
    assert [b.splitlines()[0] for b in blocks] == [
        "acme: Acme Corporation (Acme)",
        "globex: Globex Corporation (Globex)",
    ]
    assert "  fonts:    headings Lato, base Open Sans, monospace Courier New" in blocks[0]
    assert "  master:   packaged default" in blocks[0]
    assert "background #0E1A2B, primary #F2A93B" in blocks[1]
    assert "  master:   templates/brands/globex/deck.pptx" in blocks[1]
    assert "  contrast: every text/background pair meets WCAG 2.1" in blocks[1]
    assert "  floor:    body text shrinks to no less than 18 pt (body_floor_pt, 8 to 40)" in blocks[0]


def test_brands_has_help_with_an_example(runner):
    result = runner.invoke(cli, ["brands", "--help"])
    assert (result.exit_code, "Example: rolegen brands" in result.output) == (0, True)


def test_brands_lists_every_kit_and_marks_the_broken_one_with_its_error(runner, project, acme):
    _replace(acme / "_brand.yml", "primary: navy", "primary: nawy")
    result = runner.invoke(cli, ["brands"])
    blocks = result.stdout.split("\n\n")
    assert result.exit_code == 1
    assert blocks[0] == (
        "acme: BROKEN\n  error:    templates/brands/acme/_brand.yml:23: colour 'primary' is 'nawy', "
        "which is neither a CSS colour nor a palette or theme name"
    )
    assert blocks[1].startswith("globex: Globex Corporation (Globex)")
    assert result.stderr == "Error: 1 of 2 brand kits are broken: acme\n"


# -- contrast -----------------------------------------------------------------------------------

LOW = ("foreground: ink", 'foreground: "#8A8A8A"')
WARNING = (
    "warning: templates/brands/acme/_brand.yml: deck body text: #8A8A8A on #FFFFFF has contrast "
    "3.45:1, below the 4.5:1 WCAG 2.1 asks for body text\n"
)


def test_low_contrast_is_a_warning_naming_colours_and_ratio(runner, project, acme):
    _replace(acme / "_brand.yml", *LOW)
    result = runner.invoke(cli, ["deck", "--brand", "acme"])
    assert result.exit_code == 0
    assert WARNING in result.output


@needs_brand_fonts
@pytest.mark.parametrize("command", ["deck", "handout"])
def test_low_contrast_is_an_error_under_strict(runner, project, acme, command):
    _replace(acme / "_brand.yml", *LOW)
    result = runner.invoke(cli, [command, "--brand", "acme", "--strict"])
    assert (result.exit_code, result.output) == (
        1,
        "Error: templates/brands/acme/_brand.yml: deck body text: #8A8A8A on #FFFFFF has contrast 3.45:1, "
        "below the 4.5:1 WCAG 2.1 asks for body text (and 1 more)\n",
    )
    assert not (project / "output").exists()


@needs_brand_fonts
@pytest.mark.parametrize("brand", ["acme", "globex"])
def test_shipped_brands_pass_strict(run, brand):
    result = run("deck", "--brand", brand, "--strict")
    assert (result.exit_code, result.output) == (0, f"wrote output/{brand}/ceo-vs-coo.pptx\n")


# -- bad brand input: one line naming the file, exit 1 ------------------------------------------


def _not_an_image(acme: Path) -> None:
    (acme / "logo.png").write_text("not a picture\n")


def _master_not_pptx(acme: Path) -> None:
    (acme / "deck.key").write_text("keynote\n")
    with (acme / "_brand.yml").open("a", encoding="utf-8") as out:
        out.write("    deck: deck.key\n")


def _master_broken(acme: Path) -> None:
    (acme / "deck.pptx").write_text("not a zip\n")


@pytest.mark.parametrize(
    "break_kit, line",
    [
        (
            lambda a: _replace(a / "_brand.yml", "secondary: orange", "secondary: tangerine"),
            "Error: templates/brands/acme/_brand.yml:24: colour 'secondary' is 'tangerine', "
            "which is neither a CSS colour nor a palette or theme name",
        ),
        (
            lambda a: _replace(a / "_brand.yml", '"#E8772E"', '"#E8772Z"'),
            "Error: templates/brands/acme/_brand.yml:17: colour 'orange' is '#E8772Z', "
            "which is not a CSS colour (#RGB, #RRGGBB, #RRGGBBAA, rgb(), hsl())",
        ),
        (
            lambda a: (a / "logo.png").unlink(),
            "Error: templates/brands/acme/_brand.yml:11: logo file 'logo.png' not found",
        ),
        (
            _not_an_image,
            "Error: templates/brands/acme/_brand.yml:11: logo 'logo.png' is not an image Office can show (PNG, JPEG, GIF)",
        ),
        (_master_not_pptx, "Error: templates/brands/acme/_brand.yml:43: deck file 'deck.key' must be a .pptx file"),
        (
            _master_broken,
            "Error: templates/brands/acme/deck.pptx: master 'deck.pptx' is not a PowerPoint file (not a zip archive, or cut short); save it again from PowerPoint",
        ),
    ],
    ids=["unknown-colour-name", "bad-hex", "missing-logo", "logo-not-an-image", "master-not-pptx", "master-broken"],
)
def test_bad_brand_input_is_one_error_line_with_the_file(runner, project, acme, break_kit, line):
    break_kit(acme)
    result = runner.invoke(cli, ["deck", "--brand", "acme"])
    assert (result.exit_code, result.output) == (1, line + "\n")


def test_unknown_brand_names_the_brands_there(runner, project):
    result = runner.invoke(cli, ["handout", "--brand", "initech"])
    assert (result.exit_code, result.output) == (2, "Error: unknown brand 'initech' (brands here: acme, globex)\n")


# -- per-brand template overrides -----------------------------------------------------------------


def test_brand_template_extends_the_default_and_overrides_a_block(run, project, acme):
    (acme / "deck.md.j2").write_text(
        '{% extends "default/deck.md.j2" %}\n'
        "{% block closing %}\n"
        "## Thank you {.closing}\n\n"
        "{{ brand.short_name }} Academy\n"
        "{% endblock %}\n",
        encoding="utf-8",
    )
    result = run("deck", "--brand", "acme")
    assert result.exit_code == 0, result.output
    deck = Presentation(str(project / "output" / "acme" / "ceo-vs-coo.pptx"))
    text = pptx_text(project / "output" / "acme" / "ceo-vs-coo.pptx")
    assert "Thank you" in text and "Acme Academy" in text
    assert "Questions and discussion" not in text
    assert "How the roles compare" in text  # the blocks it did not override stay
    assert len(deck.slides) == 17


def test_brand_template_override_applies_to_that_brand_only(run, project, acme):
    (acme / "deck.md.j2").write_text(
        '{% extends "default/deck.md.j2" %}\n{% block agenda %}{% endblock %}\n', encoding="utf-8"
    )
    assert run("deck", "--brand", "acme").exit_code == 0
    assert run("deck", "--brand", "globex").exit_code == 0
    assert "Agenda" not in pptx_text(project / "output" / "acme" / "ceo-vs-coo.pptx")
    assert "Agenda" in pptx_text(project / "output" / "globex" / "ceo-vs-coo.pptx")
