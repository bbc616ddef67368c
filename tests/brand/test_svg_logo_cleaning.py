"""An SVG logo reaches the deck, the handout and the pack rebuilt from static SVG alone (inputs/svg.py).

Each variant is a hostile logo a brand kit from a pull request could hold; every output is unzipped
and each SVG in it parsed, and nothing outside the allowlist may be left.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from rolegen.inputs import svg

ROLEGEN = Path(sys.executable).parent / "rolegen"
HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="40">'
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
BOX = '<rect width="100" height="40" fill="#123456"/>'

# name: (the logo's body, what the warning names as taken out)
VARIANTS = {
    "issue-repro": (
        '<script>alert(1)</script><a xlink:href="javascript:alert(2)"><rect width="100" height="40"/></a>'
        '<image xlink:href="file:///etc/passwd" width="1" height="1"/>',
        "<script>, a link ('javascript:alert(2)'), an image ('file:///etc/passwd')",
    ),
    "onload": (f'<g onload="alert(1)">{BOX}</g>', "onload="),
    "upper-case-event": (f'<g ONCLICK="alert(1)">{BOX}</g>', "ONCLICK="),
    "http-image": ('<image href="http://evil.example/x.png" width="1" height="1"/>' + BOX, "an image ('http://evil"),
    "foreign-object": (
        '<foreignObject width="9" height="9"><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>' + BOX,
        "<foreignObject>",
    ),
    "style-import": (
        '<style>@import url(http://evil.example/x.css); .a{fill:red}</style><rect class="a" width="9" height="9"/>',
        "a <style> sheet that is not plain rules",
    ),
    "style-attribute-url": (
        '<rect style="background:url(http://x);fill:red" width="9" height="9"/>',
        "style background",
    ),
    "fill-external-url": ('<rect fill="url(http://x/#g)" width="9" height="9"/>', "fill='url(http://x/#g)'"),
    "css-escape": ("<style>.a{fill:u\\72l(http://x)}</style>" + BOX, "a <style> sheet that is not plain rules"),
    "css-comment-in-string": (
        '<style>.a{fill:"/*"}.b{fill:url(http://x)}.c{fill:"*/"}</style>' + BOX,
        "a <style> sheet that is not plain rules",
    ),
    "use-external-file": ('<use xlink:href="other.svg#x"/>' + BOX, "a reference ('other.svg#x')"),
    "nested-svg-data-url": (
        '<image href="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+" width="1" height="1"/>'
        + BOX,
        "an image ('data:image/svg+xml;base64,",
    ),
    "png-data-url-lying": (
        '<image href="data:image/png;base64,PHN2Zz48L3N2Zz4=" width="1" height="1"/>' + BOX,
        "an image",
    ),
    "mixed-case-scheme": ('<a href="JaVaScRiPt:alert(1)">' + BOX + "</a>", "a link ('JaVaScRiPt:alert(1)')"),
    "leading-space-scheme": ('<a href=" javascript:alert(1)">' + BOX + "</a>", "a link ('javascript:alert(1)')"),
    "tab-in-scheme": ('<use href="java&#9;script:alert(1)"/>' + BOX, "a reference ('java script:alert(1)')"),
    "xml-base": ('<g xml:base="http://evil.example/">' + BOX + "</g>", "xml:base"),
    "animation-sets-href": (
        '<a><set attributeName="href" to="javascript:alert(1)"/>' + BOX + "</a>",
        "<set>",
    ),
    "xhtml-script": (
        '<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>' + BOX,
        "<script> (http://www.w3.org/1999/xhtml)",
    ),
    "filter-image": ('<filter id="f"><feImage href="http://x/a.png"/></filter>' + BOX, "<filter>"),
    "comment-splits-style-sheet": (
        "<style>.a{fill:red}<!-- x -->@import url(http://evil.example/x.css);</style>" + BOX,
        "a <style> sheet that is not plain rules",
    ),
    "href-on-editor-element": (
        '<s:x xmlns:s="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" xlink:href="a.svg#x"/>' + BOX,
        "a reference ('a.svg#x')",
    ),
    "editor-element-hides-reference": (
        '<s:x xmlns:s="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"><use href="file.svg#x"/></s:x>' + BOX,
        "a reference ('file.svg#x')",
    ),
}


def _kit_with_logo(project: Path, text: str, prefix: str = "") -> Path:
    kit = project / "templates/brands/acme"
    (kit / "logo.svg").write_text(prefix + HEAD + text + "</svg>", encoding="utf-8")
    brand = kit / "_brand.yml"
    brand.write_text(brand.read_text(encoding="utf-8").replace("logo.png", "logo.svg"), encoding="utf-8")
    return kit


def _rolegen(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(ROLEGEN), *args], cwd=project, capture_output=True, text=True)


def _svgs(archive: bytes) -> list[bytes]:
    """Return every SVG in an Office file or pack, looking inside the zips a pack holds."""
    found = []
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        for name in z.namelist():
            data = z.read(name)
            if name.endswith(".svg"):
                found.append(data)
            elif name.endswith((".pptx", ".docx")):
                found += _svgs(data)
    return found


def _outside_allowlist(data: bytes) -> list[str]:
    """Return each element, attribute or reference of an SVG that the allowlist does not hold."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(data, parser)
    assert root.getroottree().docinfo.doctype == ""
    wrong = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            if not isinstance(element, etree._Comment):
                wrong.append(repr(element))
            continue
        name = etree.QName(element)
        if name.namespace not in (svg.SVG, None, *svg.EDITORS) or (
            name.namespace == svg.SVG and name.localname not in svg.ELEMENTS
        ):
            wrong.append(f"<{name.localname}>")
        for key, value in element.attrib.items():
            attribute = etree.QName(key)
            if attribute.localname.lower().startswith("on") or attribute.localname == "base":
                wrong.append(f"{attribute.localname}=")
            if attribute.localname == "href" and not value.startswith(("#", "data:image/png;base64,")):
                wrong.append(f"href={value}")
            if "url(" in value.replace(" ", "").lower() and "url(#" not in value.replace(" ", "").lower():
                wrong.append(f"{attribute.localname}={value}")
        if name.localname == "style" and ("@" in (element.text or "") or "url(h" in (element.text or "")):
            wrong.append("<style> that loads")
    return wrong


@pytest.mark.parametrize("name", VARIANTS, ids=list(VARIANTS))
def test_a_hostile_svg_logo_reaches_deck_and_handout_as_static_svg_and_the_warning_names_what_went(project, name):
    body, named = VARIANTS[name]
    _kit_with_logo(project, body)

    deck = _rolegen(project, "deck", "--brand", "acme", "-o", "deck.pptx")
    handout = _rolegen(project, "handout", "--brand", "acme", "-o", "handout.docx")

    assert (deck.returncode, handout.returncode) == (0, 0), deck.stderr + handout.stderr
    warning = next(line for line in deck.stderr.splitlines() if "took out" in line)
    assert warning.startswith("warning: templates/brands/acme/_brand.yml:11: logo 'logo.svg': took out what a logo")
    assert named in warning
    placed = _svgs((project / "deck.pptx").read_bytes()) + _svgs((project / "handout.docx").read_bytes())
    assert len(placed) == 2
    assert [_outside_allowlist(data) for data in placed] == [[], []]


def test_the_pack_holds_the_cleaned_svg_too(project):
    _kit_with_logo(project, VARIANTS["issue-repro"][0])

    built = _rolegen(project, "build", "--brand", "acme", "-q")

    assert built.returncode == 0, built.stderr
    packs = sorted((project / "output").rglob("*.zip"))
    assert packs
    for pack in packs:
        placed = _svgs(pack.read_bytes())
        assert placed and all(_outside_allowlist(data) == [] for data in placed)


def test_a_stylesheet_instruction_beside_the_root_is_dropped(project):
    _kit_with_logo(project, BOX, prefix='<?xml-stylesheet href="http://evil.example/a.css"?>')

    result = _rolegen(project, "deck", "--brand", "acme", "-o", "deck.pptx")

    assert result.returncode == 0
    assert "took out what a logo may not hold (<?xml-stylesheet?>)" in result.stderr
    assert [b"xml-stylesheet" in data for data in _svgs((project / "deck.pptx").read_bytes())] == [False]


def test_a_clean_svg_logo_keeps_its_bytes_and_gets_no_warning(project):
    gradient = (
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#f00"/></linearGradient></defs>'
        '<style>.a{fill:url(#g);stroke:#000}</style><rect class="a" width="9" height="9" fill="url(#g)"/>'
        f'<image href="data:image/png;base64,{PNG}" width="1" height="1"/><use xlink:href="#g"/>'
        "<text x='1' y='9' font-family=\"'Open Sans', sans-serif\">Acme</text>"
    )
    kit = _kit_with_logo(project, gradient)

    result = _rolegen(project, "deck", "--brand", "acme", "-o", "deck.pptx")

    assert result.returncode == 0
    assert "took out" not in result.stderr
    assert _svgs((project / "deck.pptx").read_bytes()) == [(kit / "logo.svg").read_bytes()]


def test_strict_makes_a_cleaned_logo_an_error(project):
    _kit_with_logo(project, VARIANTS["onload"][0])

    result = _rolegen(project, "deck", "--brand", "acme", "--strict", "-o", "deck.pptx")

    assert result.returncode == 1
    assert "took out what a logo may not hold (onload=)" in result.stderr
    assert not (project / "deck.pptx").exists()
