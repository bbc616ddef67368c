"""Check that every part of an Office package has a content type, and the one its relationship reads it as."""

from __future__ import annotations

import posixpath
from collections.abc import Callable

from rolegen.errors import BrandError

_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# What python-docx and python-pptx read a related part as: a part typed otherwise (application/xml,
# say) is loaded as a plain part and the library fails on it later with an AttributeError.
EXPECTED = {
    _R + "/styles": "wordprocessingml.styles+xml",
    _R + "/numbering": "wordprocessingml.numbering+xml",
    _R + "/settings": "wordprocessingml.settings+xml",
    _R + "/header": "wordprocessingml.header+xml",
    _R + "/footer": "wordprocessingml.footer+xml",
    _R + "/footnotes": "wordprocessingml.footnotes+xml",
    _R + "/comments": "wordprocessingml.comments+xml",
    _R + "/slide": "presentationml.slide+xml",
    _R + "/slideLayout": "presentationml.slideLayout+xml",
    _R + "/slideMaster": "presentationml.slideMaster+xml",
    _R + "/notesMaster": "presentationml.notesMaster+xml",
    _R + "/notesSlide": "presentationml.notesSlide+xml",
    _R + "/image": "image/",
}
_MAIN = {"Word": "wordprocessingml.document.main+xml", "PowerPoint": "presentationml.presentation.main+xml"}
_OFFICE_DOCUMENT = _R + "/officeDocument"


def check(parts: dict, types, relationships: dict, app: str, fail: Callable[[str], BrandError]) -> None:
    """Fail (through fail) on a part with no content type, or related as a kind its type is not.

    relationships maps each .rels part to its parsed root; types is [Content_Types].xml's root.
    """
    named = {
        e.get("PartName", "").lstrip("/").lower(): e.get("ContentType", "") for e in types.iter(f"{{{_TYPES}}}Override")
    }
    defaults = {e.get("Extension", "").lower(): e.get("ContentType", "") for e in types.iter(f"{{{_TYPES}}}Default")}

    def type_of(part: str) -> str | None:
        extension = part.rpartition("/")[2].rpartition(".")[2].lower() if "." in part.rpartition("/")[2] else ""
        return named.get(part.lower(), defaults.get(extension) if extension else None)

    for part in parts:
        if part != "[Content_Types].xml" and type_of(part) is None:
            extension = part.rpartition("/")[2].rpartition(".")[2] if "." in part.rpartition("/")[2] else ""
            default = f"no Default for '.{extension}'" if extension else "and no extension a Default could type"
            raise fail(
                f"part '{part}' has no content type in [Content_Types].xml (no Override for '/{part}', "
                f"{default}); save the file again from {app}"
            )
    for rels, root in relationships.items():
        folder, _, name = rels.rpartition("_rels/")
        base = posixpath.dirname(folder + name.removesuffix(".rels"))
        for rel in root:
            kind = rel.get("Type", "")
            expected = _MAIN.get(app) if kind == _OFFICE_DOCUMENT else EXPECTED.get(kind)
            if expected is None or rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            part = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(base, target))
            given = type_of(part) or ""
            if part in parts and expected not in given:
                raise fail(
                    f"part '{part}' is related as {kind.rsplit('/', 1)[-1]} but [Content_Types].xml types it "
                    f"'{given}'; save the file again from {app}"
                )
