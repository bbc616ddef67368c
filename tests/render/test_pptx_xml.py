"""The .pptx XML layer: one declaration of the elements rolegen writes, shared by the writer and `check`'s reader."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from pptx import Presentation

from rolegen.render import pptx_shapes as shape_xml
from rolegen.render import pptx_xml as x

RENDER = Path(__file__).resolve().parents[2] / "src" / "rolegen" / "render"
WRITERS = ("pptx.py", "master_plan.py", "pptx_text.py", "diagram_pptx.py")


def _imports(path: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.setdefault(node.module, set()).update(alias.name for alias in node.names)
    return found


def test_the_writer_takes_its_xml_helpers_from_the_xml_layer_not_from_the_reader():
    for name in WRITERS:
        imports = _imports(RENDER / name)
        # The writer may read back the facts of what it drew, nothing else of the reader's.
        assert imports.get("rolegen.render.inspect_pptx", set()) <= {"facts_of"}, name
        assert "pptx.oxml.ns" not in imports, name
    assert "rolegen.render.pptx_xml" in _imports(RENDER / "inspect_pptx.py")


def test_built_shapes_read_back_through_python_pptx(tmp_path):
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    tree = slide.shapes.element
    box = shape_xml.text_box(tree, 10, "TextBox 9", (914400, 914400, 2743200, 457200))
    x.run(box.find(x.TX_BODY).find(x.P), "Hello").find(x.RPR).set("sz", "1800")
    shape_xml.auto_shape(tree, 11, "Accent", "rect", (0, 0, 914400, 63500), "1B3A5C")
    rows = shape_xml.table(tree, 12, "Comparison table", (0, 914400, 1828800, 0), [914400, 914400], [370840, 370840])
    x.run(rows[1][0].find(x.qn("a:txBody")).find(x.P), "cell")
    out = tmp_path / "built.pptx"
    prs.save(out)
    shapes = list(Presentation(str(out)).slides[0].shapes)
    by_name = {s.name: s for s in shapes}
    assert by_name["TextBox 9"].text_frame.text == "Hello"
    assert by_name["TextBox 9"].text_frame.word_wrap is True
    assert by_name["Accent"].fill.fore_color.rgb == (0x1B, 0x3A, 0x5C)
    grid = by_name["Comparison table"].table
    assert grid.first_row and grid.cell(1, 0).text == "cell" and len(grid.columns) == 2


def test_children_go_where_the_schema_orders_them():
    from lxml import etree

    rpr = etree.Element(x.qn("a:rPr"))
    x.sub(rpr, "a:latin")
    x.insert_ordered(rpr, etree.Element(x.qn("a:solidFill")), x.RPR_ORDER)
    x.insert_ordered(rpr, etree.Element(x.qn("a:hlinkClick")), x.RPR_ORDER)
    assert [etree.QName(c).localname for c in rpr] == ["solidFill", "latin", "hlinkClick"]


_A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
_P = 'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
_MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'


@pytest.mark.parametrize(
    ("paragraphs", "shows_text"),
    [
        ("", False),
        ("<a:p><a:endParaRPr/></a:p>", False),
        ("<a:p><a:r><a:t>  </a:t></a:r><a:br/><a:r><a:t></a:t></a:r></a:p><a:p/>", False),
        ("<a:p/><a:p><a:r><a:t> Hello</a:t></a:r></a:p>", True),
        ('<a:p><a:fld id="{1}" type="slidenum"><a:t>7</a:t></a:fld></a:p>', True),
        # Text deeper than a run or a field is not what body_text (python-pptx's .text) reads, so neither does has_text.
        (
            f"<a:p><mc:AlternateContent {_MC}><mc:Choice><a:r><a:t>x</a:t></a:r></mc:Choice></mc:AlternateContent></a:p>",
            False,
        ),
    ],
)
def test_a_body_shows_text_exactly_when_its_text_is_more_than_white_space(paragraphs, shows_text):
    from lxml import etree

    body = etree.fromstring(f"<p:txBody {_A} {_P}><a:bodyPr/>{paragraphs}</p:txBody>")
    assert x.has_text(body) is shows_text
    assert bool(x.body_text(body).strip()) is shows_text
    assert x.has_text(None) is False


@pytest.mark.parametrize("kind", ["PNG", "JPEG", "GIF"])
def test_a_logos_picture_part_is_the_one_python_pptx_makes(tmp_path, kind):
    # rolegen makes the part from the format the file's name tells Pillow (python-pptx hands Pillow
    # the bytes alone, which loads four more readers first); name, type, bytes and reuse are python-pptx's.
    from PIL import Image

    from rolegen.cache import BuildCache
    from rolegen.render.pptx_slides import _image_part

    logo = tmp_path / f"logo.{ {'PNG': 'png', 'JPEG': 'jpg', 'GIF': 'gif'}[kind] }"
    Image.new("RGB", (30, 10), (200, 40, 40)).save(logo, kind)
    theirs_deck, ours_deck = Presentation(), Presentation()
    theirs_slide, ours_slide = (d.slides.add_slide(d.slide_layouts[6]) for d in (theirs_deck, ours_deck))
    theirs, _ = theirs_slide.part.get_or_add_image_part(str(logo))
    ours = _image_part(ours_slide.part.package, logo, BuildCache())
    assert (ours.partname, ours.content_type, ours.blob, ours.desc) == (
        theirs.partname,
        theirs.content_type,
        theirs.blob,
        theirs.desc,
    )
    ours_slide.part.relate_to(ours, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image")
    assert _image_part(ours_slide.part.package, logo, BuildCache()) is ours  # the same bytes: the same part


PINNED = Path(__file__).resolve().parents[1] / "build" / "pinned"
MASTERS = [PINNED / "office-17-layouts.pptx", RENDER.parent / "defaults" / "master.pptx"]


def _every_shape(path: Path):
    prs = Presentation(str(path))
    parts = [prs.slide_master, *prs.slide_layouts, *prs.slides]
    for part in parts:
        yield from part.shapes.element.iter(x.SP, x.PIC, x.FRAME)


@pytest.mark.parametrize("path", [m for m in MASTERS if m.exists()], ids=lambda p: p.name)
def test_the_child_lookups_find_what_the_paths_they_replace_find(path):
    # child(), placeholder(), has_text() and run_text() stand in for find() with a path (#28: the path parser cost
    # a build more than the lookups); on a third-party master (tests/build/pinned, from pandoc's test
    # data) and rolegen's own, each finds the very element the path finds.
    shapes = list(_every_shape(path))
    assert sum(x.placeholder(e) is not None for e in shapes) >= 10
    runs = 0  # runs with text, so that run_text is checked on some
    for element in shapes:
        assert x.placeholder(element) is element.find(x.PH_PATH)
        assert x.child(element, x.TX_BODY) is element.find(x.TX_BODY)
        body = element.find(x.TX_BODY)
        texts = body.iterfind(f"{x.P}/*/{x.T}") if body is not None else ()
        assert x.has_text(body) == any(t.text and not t.text.isspace() for t in texts)
        for run in body.iterfind(f"{x.P}/*") if body is not None else ():
            assert x.run_text(run) == (run.findtext(x.T) or "")
            runs += bool(x.run_text(run))
    assert runs >= 10
