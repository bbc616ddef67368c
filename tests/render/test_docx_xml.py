"""The WordprocessingML layer: child order as the schema sets it, text as Word holds it, in every part drawn."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from rolegen.render import docx_xml as x
from rolegen.render.docx_xml import PPR_ORDER, RPR_ORDER, SETTINGS_ORDER, STYLE_ORDER, TBLPR_ORDER, qn

REPO = Path(__file__).resolve().parents[2]
RENDER = REPO / "src" / "rolegen" / "render"
CONFORMANCE = Path(__file__).resolve().parents[1] / "conformance"
HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile" / "content"
ORDERS = {"w:pPr": PPR_ORDER, "w:rPr": RPR_ORDER, "w:tblPr": TBLPR_ORDER, "w:style": STYLE_ORDER}


def _tags(parent) -> list[str]:
    return [etree.QName(child).localname for child in parent]


def test_properties_land_in_schema_order_whatever_order_they_are_set_in():
    paragraph = x.element("w:p")
    x.set_ppr(paragraph, x.val("w:jc", "left"))
    x.set_ppr(paragraph, x.element("w:bidi"))
    x.set_ppr(paragraph, x.element("w:keepNext"))
    x.set_ppr(paragraph, x.val("w:pStyle", "Title"))
    x.set_ppr(paragraph, x.val("w:jc", "right"))  # replaces, never doubles
    assert _tags(x.ppr(paragraph)) == ["pStyle", "keepNext", "bidi", "jc"]
    assert x.ppr(paragraph).find(qn("w:jc")).get(qn("w:val")) == "right"


def test_a_partial_order_keeps_unnamed_children_before():
    settings = x.element("w:settings")
    for tag in ("w:zoom", "w:compat", "w:rsids"):
        x.sub(settings, tag)
    x.insert_in_order(settings, x.element("w:footnotePr"), SETTINGS_ORDER)
    assert _tags(settings) == ["zoom", "footnotePr", "compat", "rsids"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("plain", [("t", "plain", None)]),
        (" lead", [("t", " lead", "preserve")]),
        ("a\tb", [("t", "a", None), ("tab", None, None), ("t", "b", None)]),
        ("line\nnext\n", [("t", "line", None), ("br", None, None), ("t", "next", None), ("br", None, None)]),
        ("", []),
    ],
    ids=["plain", "outer-space", "tab", "breaks", "empty"],
)
def test_text_is_held_as_word_holds_it(text, expected):
    run = x.add_run(x.element("w:p"), text)
    found = [(etree.QName(c).localname, c.text, c.get(qn("xml:space"))) for c in run]
    assert found == expected
    assert x.text_of(run) == text


def test_a_paragraphs_tab_stops_are_not_its_text():
    paragraph = x.element("w:p")
    x.sub(x.sub(x.ppr(paragraph), "w:tabs"), "w:tab", {"w:val": "right", "w:pos": "9000"})
    x.add_run(paragraph, "left\tright")
    assert x.text_of(paragraph) == "left\tright"


def test_run_properties_are_written_in_schema_order():
    run = x.add_run(x.element("w:p"), "x", style="Hyperlink", font="Lato", bold=True, italic=True, strike=True)
    x.set_rpr(run, x.val("w:szCs", "20"))
    x.set_rpr(run, x.element("w:rtl"))
    assert _tags(x.rpr(run)) == ["rStyle", "rFonts", "b", "i", "strike", "szCs", "rtl"]


def _out_of_order(root) -> list[str]:
    """Return where a property element's children break the schema order rolegen declares."""
    wrong = []
    for tag, order in ORDERS.items():
        ranks = {qn(t): i for i, t in enumerate(order)}
        for parent in root.iter(qn(tag)):
            seen = [ranks[c.tag] for c in parent if c.tag in ranks]
            if seen != sorted(seen):
                wrong.append(f"{tag}: {_tags(parent)}")
    return wrong


def _project(root: Path, content: Path, mixed: bool) -> Path:
    shutil.copytree(content, root / "content", ignore=shutil.ignore_patterns("de-DE"))
    shutil.copytree(REPO / "templates", root / "templates")
    if mixed:
        shutil.copy(CONFORMANCE / "mixed.md", root / "content" / "roles" / "ceo.md")
        shutil.copytree(CONFORMANCE / "img", root / "content" / "roles" / "img")
    return root


@pytest.mark.parametrize("case", ["conformance", "hostile"], ids=["conformance", "hostile"])
def test_every_handout_part_keeps_schema_order(tmp_path, case):
    """Word refuses some files whose properties are out of order; LibreOffice is lenient, so this is checked here."""
    project = _project(tmp_path, HOSTILE if case == "hostile" else REPO / "content", case == "conformance")
    out = tmp_path / "h.docx"
    rolegen = Path(sys.executable).parent / "rolegen"
    subprocess.run([str(rolegen), "--project", str(project), "-q", "handout", "-b", "acme", "-o", str(out)], check=True)
    with zipfile.ZipFile(out) as package:
        parts = [n for n in package.namelist() if n.startswith("word/") and n.endswith(".xml")]
        wrong = {n: _out_of_order(etree.fromstring(package.read(n))) for n in parts}
    assert "word/document.xml" in wrong and "word/styles.xml" in wrong
    assert {n: w for n, w in wrong.items() if w} == {}
