"""A brand kit's drawn texts (names, footers, alt text) are plain text, drawn as typed in every format, and
each has a length limit that validate, deck, handout and build all enforce at _brand.yml's line.

Brand kits arrive in pull requests: a name must not be read as Markdown, nor crash a build by its length.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import docx_text, pptx_text

ROLEGEN = Path(sys.executable).parent / "rolegen"
HOSTILE = "Acme <script>x</script> ![x](/etc/passwd) *bold* `code` [l](https://x) &amp; # not a heading"


def rolegen(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(ROLEGEN), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def set_in_kit(project: Path, old: str, new: str) -> Path:
    kit = project / "templates/brands/acme/_brand.yml"
    text = kit.read_text(encoding="utf-8")
    assert old in text
    kit.write_text(text.replace(old, new, 1), encoding="utf-8")
    return kit


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def test_a_brand_name_is_drawn_as_typed_on_slides_and_pages(project):
    set_in_kit(project, "full: Acme Corporation", f"full: {quoted(HOSTILE)}")

    deck = rolegen("deck", "--brand", "acme", "-o", "d.pptx", cwd=project)
    handout = rolegen("handout", "--brand", "acme", "-o", "h.docx", cwd=project)

    assert deck.returncode == 0, deck.stderr
    assert handout.returncode == 0, handout.stderr
    assert HOSTILE in pptx_text(project / "d.pptx")
    assert HOSTILE in docx_text(project / "h.docx")
    from docx import Document
    from pptx import Presentation

    assert Presentation(str(project / "d.pptx")).core_properties.author == HOSTILE
    assert Document(str(project / "h.docx")).core_properties.author == HOSTILE


def test_a_footer_is_drawn_as_typed(project):
    set_in_kit(project, "en: Acme Corporation · Leadership training", f"en: {quoted(HOSTILE)}")

    result = rolegen("deck", "--brand", "acme", "-o", "d.pptx", cwd=project)

    assert result.returncode == 0, result.stderr
    assert HOSTILE in pptx_text(project / "d.pptx")


LONG = [
    ("full: Acme Corporation", "full: {}", "meta.name.full", 255),
    ("short: Acme", "short: {}", "meta.name.short", 255),
    ("en: Acme Corporation · Leadership training", "en: {}", "defaults.rolegen.footer.en", 200),
]


@pytest.mark.parametrize(
    "command", [["validate"], ["deck", "--brand", "acme"], ["handout", "--brand", "acme"], ["build"]]
)
@pytest.mark.parametrize(("old", "new", "key", "limit"), LONG, ids=[case[2] for case in LONG])
def test_an_overlong_brand_text_is_refused_at_its_line_by_every_command(project, command, old, new, key, limit):
    kit = set_in_kit(project, old, new.format("W" * 10_000))
    line = next(n for n, text in enumerate(kit.read_text(encoding="utf-8").splitlines(), 1) if "W" * 100 in text)

    result = rolegen(*command, cwd=project)

    assert result.returncode == 1
    message = f"templates/brands/acme/_brand.yml:{line}: '{key}' is 10,000 characters long, over the {limit} it may have; shorten it"
    assert message in result.stdout + result.stderr
    assert "W" * 80 not in result.stdout + result.stderr  # no message echoes the value
    assert not list((project / "output").glob("acme/*.*")), "no output of the brand is written"


def test_an_overlong_logo_alt_text_is_refused_at_its_line(project):
    kit = set_in_kit(project, "alt: Acme Corporation logo", "alt: " + "A" * 400)

    result = rolegen("deck", "--brand", "acme", cwd=project)

    assert result.returncode == 1
    line = next(n for n, text in enumerate(kit.read_text(encoding="utf-8").splitlines(), 1) if "A" * 400 in text)
    assert result.stderr == (
        f"Error: templates/brands/acme/_brand.yml:{line}: "
        "'logo.medium.alt' is 400 characters long, over the 300 it may have; shorten it\n"
    )
