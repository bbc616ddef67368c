"""Make hostile Office packages from good ones: the master and reference attacks of issue 18."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

from rolegen.content.templates import DEFAULTS_DIR

MASTER = DEFAULTS_DIR / "master.pptx"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MS = "http://schemas.microsoft.com/office/2006/relationships"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
OUTSIDE = ("http://attacker.example/track.png", "file:///etc/passwd", "\\\\attacker.example\\share\\x.png")


def read_parts(source: Path) -> dict[str, bytes]:
    """Return every part of a package by name, in order."""
    with zipfile.ZipFile(source) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_parts(target: Path, parts: dict[str, bytes]) -> Path:
    """Write parts as a package (a zip) at target."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return target


def relate(parts: dict[str, bytes], rels: str, rid: str, kind: str, target: str, external: bool = False) -> None:
    """Add a relationship to a .rels part."""
    mode = ' TargetMode="External"' if external else ""
    target = target.replace("&", "&amp;").replace('"', "&quot;")
    rel = f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"{mode}/>'.encode()
    parts[rels] = parts[rels].replace(b"</Relationships>", rel + b"</Relationships>")


def override(parts: dict[str, bytes], name: str, kind: str) -> None:
    """Name a part's content type in [Content_Types].xml."""
    entry = f'<Override PartName="/{name}" ContentType="{kind}"/>'.encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", entry + b"</Types>")


def booby_trapped_master(target: Path) -> Path:
    """Write the packaged master with outside links, macros, an OLE object, ActiveX and custom XML."""
    parts = read_parts(MASTER)
    master_rels = "ppt/slideMasters/_rels/slideMaster1.xml.rels"
    for index, url in enumerate(OUTSIDE):
        relate(parts, master_rels, f"rIdOut{index}", f"{R}/image", url, external=True)
    # The macro project, and a main content type that says the deck runs macros.
    parts["ppt/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 not really a macro project"
    relate(parts, "ppt/_rels/presentation.xml.rels", "rIdVba", f"{MS}/vbaProject", "vbaProject.bin")
    override(parts, "ppt/vbaProject.bin", "application/vnd.ms-office.vbaProject")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        b"application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
    )
    # An OLE object drawn on the master.
    parts["ppt/embeddings/oleObject1.bin"] = b"\xd0\xcf\x11\xe0 an OLE object"
    relate(parts, master_rels, "rIdOle", f"{R}/oleObject", "../embeddings/oleObject1.bin")
    frame = (
        f'<p:graphicFrame xmlns:p="{P}" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        f'xmlns:r="{R}"><p:nvGraphicFramePr><p:cNvPr id="99" name="Object 1"/><p:cNvGraphicFramePr/><p:nvPr/>'
        '</p:nvGraphicFramePr><p:xfrm><a:off x="0" y="0"/><a:ext cx="100" cy="100"/></p:xfrm><a:graphic>'
        '<a:graphicData uri="http://schemas.openxmlformats.org/presentationml/2006/ole">'
        '<p:oleObj name="Packager" r:id="rIdOle" progId="Package"><p:embed/></p:oleObj>'
        "</a:graphicData></a:graphic></p:graphicFrame>"
    ).encode()
    master = "ppt/slideMasters/slideMaster1.xml"
    parts[master] = parts[master].replace(b"</p:spTree>", frame + b"</p:spTree>", 1)
    override(parts, "ppt/embeddings/oleObject1.bin", "application/vnd.openxmlformats-officedocument.oleObject")
    # An ActiveX control and a custom XML part.
    parts["ppt/activeX/activeX1.xml"] = (
        b'<?xml version="1.0"?><ax:ocx xmlns:ax="http://schemas.microsoft.com/office/2006/activeX"/>'
    )
    relate(parts, master_rels, "rIdAx", f"{R}/control", "../activeX/activeX1.xml")
    override(parts, "ppt/activeX/activeX1.xml", "application/vnd.ms-office.activeX+xml")
    parts["customXml/item1.xml"] = b"<secret>data</secret>"
    relate(parts, "ppt/_rels/presentation.xml.rels", "rIdCx", f"{R}/customXml", "../customXml/item1.xml")
    return write_parts(target, parts)


def with_part(source: Path, target: Path, name: str, data: bytes | None) -> Path:
    """Write source with one part replaced (or removed, for None)."""
    parts = read_parts(source)
    if data is None:
        del parts[name]
    else:
        parts[name] = data
    return write_parts(target, parts)


def png_header(width: int, height: int) -> bytes:
    """Return a PNG that claims width x height pixels (its pixel data is not there)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b"")
