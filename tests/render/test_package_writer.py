"""The package writer: every part typed, relationships in their ids' order, the libraries can read it back."""

from __future__ import annotations

import io
import zipfile

import docx
import pptx
from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Inches

from rolegen.render.ooxml import write_package
from rolegen.render.library_internals import package_rels

LOGO = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"


def _types(package: zipfile.ZipFile) -> dict[str, str]:
    """Return each member's content type, as a reader resolves it: its override, else its extension's default."""
    root = etree.fromstring(package.read("[Content_Types].xml"))
    defaults = {e.get("Extension"): e.get("ContentType") for e in root if e.get("Extension")}
    overrides = {e.get("PartName"): e.get("ContentType") for e in root if e.get("PartName")}
    return {
        name: overrides.get("/" + name) or defaults.get(name.rsplit(".", 1)[-1].lower())
        for name in package.namelist()
        if name != "[Content_Types].xml"
    }


def _deck_with_twelve_slides() -> pptx.presentation.Presentation:
    prs = pptx.Presentation()
    for number in range(12):
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        slide.shapes.title.text = f"Slide {number + 1}"
    prs.slides[0].shapes.add_picture(io.BytesIO(LOGO), Inches(1), Inches(1))
    return prs


def test_a_written_deck_types_every_part_and_reads_back():
    prs = _deck_with_twelve_slides()
    package = prs.part.package
    data = write_package(package_rels(package))

    with zipfile.ZipFile(io.BytesIO(data)) as written:
        types = _types(written)
        assert None not in types.values(), [name for name, kind in types.items() if kind is None]
        assert types["ppt/media/image1.png"] == "image/png"
        assert types["ppt/presentation.xml"].endswith("presentationml.presentation.main+xml")
        assert written.namelist()[:2] == ["[Content_Types].xml", "_rels/.rels"]
    again = pptx.Presentation(io.BytesIO(data))
    assert [s.shapes.title.text for s in again.slides] == [f"Slide {n}" for n in range(1, 13)]


def test_relationships_are_written_in_the_order_of_their_ids_numbers():
    prs = _deck_with_twelve_slides()
    slide = prs.slides[0].part
    # A dropped relationship's id is the next one given: it is added last, but numbered before others.
    first = slide.relate_to("https://example.com/one", RT.HYPERLINK, is_external=True)
    slide.relate_to("https://example.com/two", RT.HYPERLINK, is_external=True)
    slide.drop_rel(first)
    assert slide.relate_to("https://example.com/three", RT.HYPERLINK, is_external=True) == first
    package = prs.part.package

    data = write_package(package_rels(package))

    with zipfile.ZipFile(io.BytesIO(data)) as written:
        rels = etree.fromstring(written.read("ppt/slides/_rels/slide1.xml.rels"))
    ids = [rel.get("Id") for rel in rels]
    assert ids == sorted(ids, key=lambda rid: int(rid[3:])) and first in ids


def test_a_written_handout_reads_back_with_its_external_link():
    document = docx.Document()
    paragraph = document.add_paragraph("See ")
    rid = document.part.relate_to("https://example.com/?a=1&b=2", docx.opc.constants.RELATIONSHIP_TYPE.HYPERLINK, True)
    package = document.part.package

    data = write_package(package.rels)

    with zipfile.ZipFile(io.BytesIO(data)) as written:
        assert None not in _types(written).values()
        rels = etree.fromstring(written.read("word/_rels/document.xml.rels"))
    link = next(rel for rel in rels if rel.get("Id") == rid)
    assert (link.get("Target"), link.get("TargetMode")) == ("https://example.com/?a=1&b=2", "External")
    assert docx.Document(io.BytesIO(data)).paragraphs[0].text == paragraph.text
