"""Brand files are checked before an Office library or Pillow decodes them."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from rolegen.inputs import safety
from rolegen.errors import BrandError
from rolegen.content.templates import DEFAULTS_DIR


def _package(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def test_the_packaged_master_passes(tmp_path):
    master = DEFAULTS_DIR / "master.pptx"
    assert safety.check_package(master) == master


def test_a_package_unpacking_past_the_total_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "MAX_UNPACKED_BYTES", 1000)
    path = _package(tmp_path / "deck.pptx", {f"ppt/slide{i}.xml": b"<a/>" * 100 for i in range(5)})
    with pytest.raises(BrandError) as caught:
        safety.check_package(path)
    assert caught.value.detail == (
        "master 'deck.pptx' unpacks to 2,008 bytes, over the limit of 1,000 (a zip bomb?); refusing it"
    )


def test_a_package_of_too_many_parts_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "MAX_ENTRIES", 3)
    path = _package(tmp_path / "handout.docx", {f"word/p{i}.xml": b"<a/>" for i in range(3)})
    with pytest.raises(BrandError) as caught:
        safety.check_package(path)
    assert caught.value.detail == "reference 'handout.docx' has 4 parts, over the limit of 3; refusing it"


def test_a_part_whose_data_does_not_match_its_checksum_is_refused(tmp_path):
    path = _package(tmp_path / "deck.pptx", {"ppt/presentation.xml": b"<p>" + b"slide " * 50 + b"</p>"})
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("ppt/presentation.xml")
    raw = bytearray(path.read_bytes())
    data_start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    raw[data_start + 2] ^= 0xFF
    path.write_bytes(bytes(raw))
    with pytest.raises(BrandError) as caught:
        safety.check_package(path)
    assert caught.value.detail.startswith("master 'deck.pptx' ")


@pytest.mark.parametrize(
    "head",
    [b"<svg xmlns='http://www.w3.org/2000/svg'/>", b"<?xml version='1.0'?>\n<svg xmlns='http://www.w3.org/2000/svg'/>"],
    ids=["bare", "xml-declaration"],
)
def test_an_svg_logo_is_recognised_whatever_its_name(tmp_path, head):
    from rolegen.brand import logos

    path = tmp_path / "logo.png"
    path.write_bytes(head.replace(b"'/>", b"' width='20' height='10'/>"))
    assert safety.looks_like_svg(path)
    assert logos.raster_of(path).read_bytes().startswith(b"\x89PNG")  # placed as SVG, with a PNG made from it


def test_a_good_logo_has_no_problem():
    folder = Path(__file__).parents[2] / "templates/brands/acme"
    assert safety.image_problem(folder / "logo.png") is None
