"""Office Open XML packaging shared by both renderers: theme XML and reproducible zips."""

from __future__ import annotations

import datetime as dt
import struct

from rolegen.model import Brand

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_DOS_EPOCH = (0, (1 << 5) | 1)  # ZIP_EPOCH as MS-DOS (time, date): 00:00:00, 1980-01-01
_END_OF_DIRECTORY, _DIRECTORY_ENTRY = b"PK\x05\x06", b"PK\x01\x02"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def fill_core_properties(props, title: str, subject: str, author: str, lang: str, stamp: dt.datetime) -> None:
    """Set a document's core properties (python-pptx's or python-docx's, which read alike).

    Everything a template or master brought along is cleared, and the dates are the build's stamp,
    so the properties say what this document is and the same inputs give the same bytes.
    """
    props.title = title
    props.subject = subject or title  # accessibility checkers flag an empty subject
    props.author = props.last_modified_by = author
    props.language = lang
    props.keywords = props.comments = props.category = props.content_status = ""
    props.identifier = props.version = ""
    props.revision = 1
    naive = stamp.astimezone(dt.timezone.utc).replace(tzinfo=None)
    props.created = props.modified = props.last_printed = naive


def reproducible_zip(data: bytes) -> bytes:
    """Return the same package with fixed entry times and attributes, so equal input gives equal bytes.

    python-pptx and python-docx write the parts in a fixed order (the walk of their relationships,
    [Content_Types].xml first); only the entries' clocks and the writer's system vary. Those fields
    are patched where they lie: compressing every part a second time cost a build a sixth of its time.
    """
    package = bytearray(data)
    end = package.rfind(_END_OF_DIRECTORY)
    if end < 0:
        raise ValueError("not a zip file: no end of central directory")
    count, _, start = struct.unpack_from("<HII", package, end + 10)
    offset = start
    for _ in range(count):
        if package[offset : offset + 4] != _DIRECTORY_ENTRY:
            raise ValueError("not a zip file: broken central directory")
        names, extra, comment = struct.unpack_from("<HHH", package, offset + 28)
        (local,) = struct.unpack_from("<I", package, offset + 42)
        package[offset + 5] = 3  # made by: Unix, whatever system wrote it
        struct.pack_into("<HH", package, offset + 12, *_DOS_EPOCH)
        struct.pack_into("<I", package, offset + 38, 0o644 << 16)
        struct.pack_into("<HH", package, local + 10, *_DOS_EPOCH)
        offset += 46 + names + extra + comment
    return bytes(package)


def theme_colors(brand: Brand, text: str | None = None, background: str | None = None) -> dict[str, str]:
    """Return the Office theme colour slots (dk1, lt1, accent1, ...) filled from the brand.

    text and background replace the brand's foreground and background, for a document (a Word
    handout) printed on paper whose colour the brand does not choose.
    """
    return {
        "dk1": text or brand.color("foreground"),
        "lt1": background or brand.color("background"),
        "dk2": brand.color("dark"),
        "lt2": brand.color("light"),
        "accent1": brand.color("primary"),
        "accent2": brand.color("secondary"),
        "accent3": brand.color("tertiary"),
        "accent4": brand.color("info"),
        "accent5": brand.color("success"),
        "accent6": brand.color("warning"),
        "hlink": brand.text_color("link") or brand.color("primary"),
        "folHlink": brand.color("tertiary"),
    }


def brand_theme(theme_xml: bytes, brand: Brand, text: str | None = None, background: str | None = None) -> bytes:
    """Return theme XML whose colour scheme and major/minor fonts come from the brand."""
    from lxml import etree

    root = etree.fromstring(theme_xml)
    ns = {"a": _A}
    scheme = root.find(".//a:clrScheme", ns)
    if scheme is not None:
        scheme.set("name", brand.name)
        for slot, value in theme_colors(brand, text, background).items():
            element = scheme.find(f"a:{slot}", ns)
            if element is None:
                continue
            for child in list(element):
                element.remove(child)
            etree.SubElement(element, f"{{{_A}}}srgbClr", val=value)
    fonts = root.find(".//a:fontScheme", ns)
    if fonts is not None:
        fonts.set("name", brand.name)
        for tag, family in (("majorFont", brand.heading_font.family), ("minorFont", brand.base_font.family)):
            latin = fonts.find(f"a:{tag}/a:latin", ns)
            if latin is not None:
                latin.set("typeface", family)
                for attr in ("panose", "pitchFamily", "charset"):
                    latin.attrib.pop(attr, None)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


SVG_CONTENT_TYPE = "image/svg+xml"
_SVG_EXTENSION = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"  # Office 2016's extension URI for SVG pictures
_ASVG = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def add_svg_blip(blip, rid: str) -> None:
    """Point a picture's a:blip (which shows the PNG) at its SVG too, as PowerPoint and Word write it.

    Readers that know SVG (Office 2016 on) draw the SVG from the extension; older ones, and
    LibreOffice, draw the PNG the blip itself embeds.
    """
    from lxml import etree

    ext_list = blip.find(f"{{{_A}}}extLst")
    if ext_list is None:
        ext_list = etree.SubElement(blip, f"{{{_A}}}extLst")
    ext = etree.SubElement(ext_list, f"{{{_A}}}ext", uri=_SVG_EXTENSION)
    svg = etree.SubElement(ext, f"{{{_ASVG}}}svgBlip", nsmap={"asvg": _ASVG})
    svg.set(f"{{{_R}}}embed", rid)
