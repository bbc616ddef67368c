"""Office Open XML packaging shared by both renderers: theme XML and the reproducible package writer."""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile
from html import escape

from rolegen.cache import BuildCache
from rolegen.model import Brand
from rolegen.render.zipped import deflate, zip_of

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
SVG_CONTENT_TYPE = "image/svg+xml"
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


def write_package(package_rels, cache: BuildCache | None = None) -> bytes:
    """Return the .pptx or .docx zip of the parts a package's relationships reach, the same bytes for equal parts.

    package_rels are the package's own relationships, as both libraries' opc layers give them
    (each part has partname, content_type, blob and rels). The libraries' own writers stamp each
    entry with the clock and the system, build every .rels through their XML classes, and write
    the parts in the order their relationships were made; this writer stamps 1980-01-01, writes
    [Content_Types].xml, the package's .rels, then each part and its .rels, depth first in the
    order of the relationships' ids, and writes the small XML of relationships and content
    types as text. A package opened from its own bytes so writes them again.

    With the build's cache, a part that came from the master or reference (a theme, a layout, a
    font, a picture: not a slide, its notes, the document body or its properties) is deflated once
    per build, however many documents of the brand carry it.
    """
    parts = reached_parts(package_rels)
    members = [
        ("[Content_Types].xml", deflate(_content_types(parts))),
        ("_rels/.rels", deflate(_relationships(package_rels, "/"))),
    ]
    for part in parts:
        name, blob = part.partname.membername, part.blob
        shared = cache is not None and not _DRAWN_PER_DOCUMENT.match(name)
        members.append(
            (name, cache.entry("deflated", blob, functools.partial(deflate, blob)) if shared else deflate(blob))
        )
        if len(part.rels):
            members.append(
                (part.partname.rels_uri.membername, deflate(_relationships(part.rels, part.partname.baseURI)))
            )
    return zip_of(members)


# The parts each document draws afresh; keeping them would hold a build's every slide in memory.
_DRAWN_PER_DOCUMENT = re.compile(
    r"ppt/(slides|notesSlides)/|word/(document|footnotes|endnotes|comments)\.xml|docProps/"
)


def write_zip(entries, stamp: dt.date | None = None) -> bytes:
    """Return a zip of (name, bytes, compression) entries in the given order, the same bytes on every machine.

    Every entry is stamped with the date (midnight; 1980-01-01 at the earliest, as zip allows) and
    Unix permissions 0644, whoever writes it.
    """
    when = max((stamp.year, stamp.month, stamp.day, 0, 0, 0), ZIP_EPOCH) if stamp else ZIP_EPOCH
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, data, method in entries:
            entry = zipfile.ZipInfo(name, when)
            entry.compress_type = method
            entry.external_attr = 0o644 << 16
            entry.create_system = 3
            target.writestr(entry, data, compresslevel=6 if method == zipfile.ZIP_DEFLATED else None)
    return out.getvalue()


def reached_parts(package_rels) -> list:
    """Return every part the relationships reach, depth first, each part's relationships in id order.

    A loop over a stack, not a recursive closure: a function that calls itself refers to itself
    through its closure, a cycle that kept every part of a document (and its XML) in memory until
    the collector's next full sweep.
    """
    order: list = []
    seen: set = set()
    stack = [iter(_in_id_order(package_rels))]
    while stack:
        rel = next(stack[-1], None)
        if rel is None:
            stack.pop()
        elif not rel.is_external and rel.target_part not in seen:
            seen.add(rel.target_part)
            order.append(rel.target_part)
            stack.append(iter(_in_id_order(rel.target_part.rels)))
    return order


def _in_id_order(rels) -> list:
    return [rels[rid] for rid in sorted(rels.keys(), key=_id_number)]


def _id_number(rid: str) -> tuple[int, str]:
    return (int(rid[3:]) if rid.startswith("rId") and rid[3:].isdigit() else 0, rid)


_XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
# Every package types its .rels and other .xml by extension; other parts whose extension and type
# agree with _DEFAULT_TYPES are typed so too, as Office writes them.
_ALWAYS_DEFAULT = {"rels": "application/vnd.openxmlformats-package.relationships+xml", "xml": "application/xml"}
_DEFAULT_TYPES = set(_ALWAYS_DEFAULT.items()) | {
    ("bin", "application/vnd.openxmlformats-officedocument.presentationml.printerSettings"),
    ("bin", "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings"),
    ("bin", "application/vnd.openxmlformats-officedocument.wordprocessingml.printerSettings"),
    ("jpe", "image/jpeg"),
    ("wdp", "image/vnd.ms-photo"),
    ("png", "image/png"),
    ("jpeg", "image/jpeg"),
    ("jpg", "image/jpeg"),
    ("gif", "image/gif"),
    ("bmp", "image/bmp"),
    ("tif", "image/tiff"),
    ("tiff", "image/tiff"),
    ("svg", SVG_CONTENT_TYPE),
    ("emf", "image/x-emf"),
    ("wmf", "image/x-wmf"),
    ("odttf", "application/vnd.openxmlformats-officedocument.obfuscatedFont"),
    ("fntdata", "application/x-fontdata"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


@functools.lru_cache(maxsize=4096)  # the same few relationship types and part names recur in every package
def _quoted(value: str) -> str:
    # html, not xml.sax.saxutils: that imports urllib.request (and http, email, ssl) into every handout.
    return f'"{escape(value, quote=True)}"'


def _relationships(rels, base: str) -> bytes:
    """Return a .rels file: the relationships in the order of their ids' numbers.

    base is the folder of the part they are from ("/" for the package's own).
    """
    lines = [f'{_XML_DECLARATION}<Relationships xmlns="{_RELATIONSHIPS}">']
    for rid in sorted(rels.keys(), key=_id_number):
        rel = rels[rid]
        if rel.is_external:
            target, mode = rel.target_ref, ' TargetMode="External"'
        else:
            target, mode = _relative_ref(rel.target_part.partname, base), ""
        lines.append(f"<Relationship Id={_quoted(rid)} Type={_quoted(rel.reltype)} Target={_quoted(target)}{mode}/>")
    lines.append("</Relationships>")
    return "".join(lines).encode()


@functools.lru_cache(maxsize=4096)  # slide to layout, notes to slide: the same pairs in every document
def _relative_ref(partname, base: str) -> str:
    """Return partname.relative_ref(base) (a PackURI of either library), worked out once per pair."""
    return partname.relative_ref(base)


def _content_types(parts) -> bytes:
    """Return [Content_Types].xml: a default per known extension, an override per other part, sorted."""
    defaults = dict(_ALWAYS_DEFAULT)
    overrides = {}
    for part in parts:
        extension = part.partname.ext.lower()  # readers match extensions whatever their case
        if (extension, part.content_type) in _DEFAULT_TYPES:
            defaults[extension] = part.content_type
        else:
            overrides[str(part.partname)] = part.content_type
    lines = [f'{_XML_DECLARATION}<Types xmlns="{_CONTENT_TYPES}">']
    lines += [f"<Default Extension={_quoted(e)} ContentType={_quoted(t)}/>" for e, t in sorted(defaults.items())]
    lines += [f"<Override PartName={_quoted(n)} ContentType={_quoted(t)}/>" for n, t in sorted(overrides.items())]
    lines.append("</Types>")
    return "".join(lines).encode()


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


def theme_colours(theme) -> tuple[tuple[str, str], ...]:
    """Return a theme's colour slots (dk1, lt1, accent1, ...) and their hex values, in the theme's order.

    theme is the parsed root of a theme part, or None when the document has none.
    """
    from lxml import etree

    scheme = theme.find(f".//{{{_A}}}clrScheme") if theme is not None else None
    if scheme is None:
        return ()
    slots = []
    for slot in scheme:
        if not isinstance(slot.tag, str) or len(slot) == 0:
            continue
        colour = slot[0]
        # A system colour (windowText) says which hex it last showed as.
        value = colour.get("lastClr") or colour.get("val") or ""
        slots.append((etree.QName(slot).localname, value.upper()))
    return tuple(slots)
