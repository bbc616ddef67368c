"""Clean an untrusted master or reference: no DTDs, external links, macros, OLE, ActiveX or custom XML."""

from __future__ import annotations

import io
import posixpath
import re
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

from rolegen.inputs import content_types, safety
from rolegen.cache import BuildCache
from rolegen.errors import BrandError

MAX_PACKAGE_BYTES = 100 * 1024 * 1024
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_OFFICE_DOCUMENT = _R + "/officeDocument"
_THEME = _R + "/theme"
# The part each kind of part cannot be drawn without; python-pptx looks them up and fails on a KeyError.
_REQUIRED = {
    "slideMaster+xml": (_THEME, "theme"),
    "slideLayout+xml": (_R + "/slideMaster", "slide master"),
    "slide+xml": (_R + "/slideLayout", "slide layout"),
}
_BIBLIOGRAPHY = "http://schemas.openxmlformats.org/officeDocument/2006/bibliography"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Parts that can run code or carry another program's data; a master or reference needs none of them.
_REMOVED_FOLDERS = ("/activex/", "/embeddings/", "customxml/", "/customerdata/")
_REMOVED_FILES = ("vbaproject.bin", "vbadata.xml", "vbaprojectsignature.bin", "customizations.xml")
_REMOVED_TYPES = ("vbaproject", "activex", "oleobject", "customxml", "vbadata", "keymapcustomizations")
_DROPPED_RELATIONSHIPS = (
    "attachedtemplate",
    "vbaproject",
    "oleobject",
    "activexcontrol",
    "control",
    "customxml",
    "customdata",
    "package",
    "wordvbadata",
    "keymapcustomizations",
)
# Elements that only make sense with the relationship they name: they go with it.
_OBJECTS = {
    "oleObj",
    "OLEObject",
    "control",
    "attachedTemplate",
    "custData",
    "externalData",
    "hlinkClick",
    "hlinkHover",
    "hlinkMouseOver",
    "snd",
    "wavAudioFile",
}
_HOLDERS = ("AlternateContent", "graphicFrame", "object")  # what an OLE object or control sits in
_PLAIN_MAIN = {
    "powerpoint": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    "word": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
}
_IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff")
_KIND = {".pptx": ("master", "PowerPoint"), ".docx": ("reference", "Word")}


@dataclass(frozen=True)
class Cleaned:
    """A package as rolegen may use it, and what was taken out of it."""

    data: bytes
    external: tuple[str, ...] = ()  # targets of the links to outside that were dropped
    removed: tuple[str, ...] = ()  # parts removed: macros, OLE objects, ActiveX, custom XML

    def warnings(self, path: Path, strict: bool = False) -> list[str]:
        """Return what the author should hear about the cleaning; under strict, refuse outside links."""
        name = _name(path)
        if self.external and strict:
            raise BrandError(
                f"{name} links to {len(self.external)} outside file(s) ({_few(self.external)}); "
                "remove the links (--strict refuses them)",
                path,
            )
        found = []
        if self.external:
            found.append(f"{name}: dropped {len(self.external)} link(s) to outside files ({_few(self.external)})")
        if self.removed:
            found.append(
                f"{name}: removed {len(self.removed)} part(s) that can run code or hold other "
                f"programs' data ({_few(self.removed)})"
            )
        return found


def clean(path: Path, root: Path, cache: BuildCache | None = None) -> Cleaned:
    """Return the package at path, read through the file guard (links must stay in root) and cleaned.

    Kept in the build's cache by the file's signature: a build opens its masters for every deck.
    """
    safety.guard(path, root, BrandError, limit=MAX_PACKAGE_BYTES, what=_name(path))

    def read(path: Path) -> Cleaned:
        data = safety.read_guarded(path, root, BrandError, limit=MAX_PACKAGE_BYTES, what=_name(path))
        return _Package(path, data).clean()

    return (cache or BuildCache()).file("packages", path, read, str(root))


def _name(path: Path) -> str:
    role, _ = _KIND.get(path.suffix.lower(), ("file", "Office"))
    return f"{role} '{path.name}'"


def _few(items: tuple[str, ...]) -> str:
    return ", ".join(items[:3]) + (" …" if len(items) > 3 else "")


class _Package:
    """One package's parts, read into memory after the zip checks, and the cleaning of them."""

    def __init__(self, path: Path, data: bytes):
        self.path = path
        self.name = _name(path)
        safety.check_package(path, io.BytesIO(data))
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.parts = {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}
        self.trees: dict = {}
        self.external: list[str] = []
        self.removed: list[str] = []

    def fail(self, message: str) -> BrandError:
        return BrandError(f"{self.name}: {message}", self.path)

    def clean(self) -> Cleaned:
        types = self.tree("[Content_Types].xml")
        quiet = self._empty_bibliographies()
        overrides = {o.get("PartName", "").lstrip("/"): o.get("ContentType", "") for o in types}
        for part in list(self.parts):
            lowered = part.lower()
            kind = overrides.get(part, "").lower()
            if (
                lowered.startswith(_REMOVED_FOLDERS[2])
                or any(f in "/" + lowered for f in _REMOVED_FOLDERS)
                or lowered.rsplit("/", 1)[-1] in _REMOVED_FILES
                or any(t in kind for t in _REMOVED_TYPES)
            ):
                self.removed.append(part)
                del self.parts[part]
        for part in list(self.parts):
            if _is_xml(part):
                self.tree(part)  # every XML part is parsed once here: a DOCTYPE or bad XML fails now
            elif part.lower().endswith(_IMAGES):
                self._check_image(part)
        dropped = {}
        for part in [p for p in self.parts if p.endswith(".rels")]:
            dropped.update(self._clean_relationships(part))
        for part in [p for p in self.parts if _is_xml(p) and not p.endswith(".rels") and p != "[Content_Types].xml"]:
            kept = {rel.get("Id") for rel in self._relationships(part)}
            self._clean_references(part, dropped.get(part, set()), kept)
        self._clean_types(types)
        self._check_structure()
        return Cleaned(
            self._write(), tuple(dict.fromkeys(self.external)), tuple(p for p in self.removed if p not in quiet)
        )

    def _empty_bibliographies(self) -> set[str]:
        """Return the custom XML parts that only hold an empty bibliography, as python-docx's own template does.

        They are removed like all custom XML, but without a warning: they hold no data and link nowhere.
        """
        quiet = set()
        for part in self.parts:
            match = re.fullmatch(r"customXml/item(\d+)\.xml", part)
            if not match or self.tree(part).tag != f"{{{_BIBLIOGRAPHY}}}Sources" or len(self.tree(part)):
                continue
            rels, props = f"customXml/_rels/item{match[1]}.xml.rels", f"customXml/itemProps{match[1]}.xml"
            if rels in self.parts and any(
                r.get("TargetMode") == "External" or r.get("Target") != f"itemProps{match[1]}.xml"
                for r in self.tree(rels)
            ):
                continue
            quiet.update({part, rels, props})
        return quiet

    def tree(self, part: str):
        """Return a part's parsed XML, refusing DTDs, entities and malformed XML with the part's name."""
        if part not in self.trees:
            from lxml import etree

            parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
            data = self.parts.get(part)
            if data is None:
                raise self.fail(f"part '{part}' is missing; save it again from {self._app()}")
            try:
                root = etree.fromstring(data, parser)
            except etree.XMLSyntaxError as e:
                raise self.fail(
                    f"part '{part}' is not well-formed XML ({e.msg}, line {e.lineno}); save it again from {self._app()}"
                ) from e
            if root.getroottree().docinfo.doctype or root.getroottree().docinfo.internalDTD is not None:
                raise self.fail(
                    f"part '{part}' holds a DOCTYPE (a DTD or entities), which Office files never hold; refusing it"
                )
            self.trees[part] = root
        return self.trees[part]

    def _app(self) -> str:
        return _KIND.get(self.path.suffix.lower(), ("", "Office"))[1]

    def _check_image(self, part: str) -> None:
        from PIL import Image

        try:
            with warnings.catch_warnings():
                # Pillow's own warning would print before our one-line message; the pixel check replaces it.
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                with Image.open(io.BytesIO(self.parts[part])) as image:  # reads the header only
                    width, height = image.size
        except Image.DecompressionBombError as e:  # over Pillow's own limit, far over ours
            raise self.fail(
                f"image '{part}' is over the {safety.MAX_IMAGE_PIXELS // 1_000_000} megapixel limit; scale it down"
            ) from e
        except (OSError, SyntaxError, ValueError) as e:
            raise self.fail(f"image '{part}' cannot be read ({type(e).__name__}); save it again") from e
        if width * height > safety.MAX_IMAGE_PIXELS:
            raise self.fail(
                f"image '{part}' is {width:,} x {height:,} pixels, over the "
                f"{safety.MAX_IMAGE_PIXELS // 1_000_000} megapixel limit; scale it down"
            )

    def _clean_relationships(self, rels: str) -> dict[str, set[str]]:
        """Drop relationships to outside, to removed parts and to remote templates; check the rest."""
        folder, _, name = rels.rpartition("_rels/")
        source = folder + name.removesuffix(".rels")
        base = posixpath.dirname(source)
        root = self.tree(rels)
        dropped: set[str] = set()
        for rel in list(root):
            target, kind = rel.get("Target", ""), rel.get("Type", "").rsplit("/", 1)[-1].lower()
            if rel.get("TargetMode") == "External":
                self.external.append(target)
            elif kind not in _DROPPED_RELATIONSHIPS:
                path = posixpath.normpath(
                    target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
                )
                if path in self.parts:
                    continue
                if path not in self.removed:
                    raise self.fail(
                        f"part '{source or '/'}' names part '{path}' ({rel.get('Id')}), which is "
                        f"missing; save it again from {self._app()}"
                    )
            dropped.add(rel.get("Id"))
            root.remove(rel)
        return {source: dropped}

    def _clean_references(self, source: str, dropped: set[str], kept: set[str]) -> None:
        """Remove what pointed at dropped relationships and remote templates; refuse references to
        relationships not there."""
        root = self.tree(source)
        for element in list(root.iter()):
            if not isinstance(element.tag, str):
                continue
            local = element.tag.rsplit("}", 1)[-1]
            if local in ("attachedTemplate", "hlinkClick", "hlinkHover") and (
                local == "attachedTemplate"
                or element.get("action", "").startswith(("ppaction://program", "ppaction://macro"))
            ):
                _remove(element)
                continue
            for attribute, value in list(element.attrib.items()):
                if not attribute.startswith(f"{{{_R}}}") or not value:
                    continue
                if value in dropped:
                    if local in _OBJECTS:
                        _remove(_holder(element) if local in ("oleObj", "OLEObject", "control") else element)
                        break
                    del element.attrib[attribute]
                elif value not in kept:
                    raise self.fail(
                        f"part '{source}' refers to relationship '{value}', which it does not have; "
                        f"save it again from {self._app()}"
                    )

    def _clean_types(self, types) -> None:
        """Drop content types of removed parts; name no macro-enabled type."""
        for entry in list(types):
            kind = entry.get("ContentType", "")
            part = entry.get("PartName", "").lstrip("/")
            if (part and part not in self.parts) or any(t in kind.lower() for t in _REMOVED_TYPES):
                types.remove(entry)
            elif "macroenabled" in kind.lower() or ".template.main" in kind.lower():
                app = "word" if "word" in kind.lower() else "powerpoint"
                if part:
                    entry.set("ContentType", _PLAIN_MAIN[app])
                else:
                    types.remove(entry)

    def _check_structure(self) -> None:
        """Refuse a package a library would fail on later with an 'internal error'."""
        package = self.tree("_rels/.rels") if "_rels/.rels" in self.parts else None
        main = next(
            (
                rel.get("Target", "").lstrip("/")
                for rel in (package if package is not None else ())
                if rel.get("Type") == _OFFICE_DOCUMENT
            ),
            None,
        )
        if main is None or main not in self.parts:
            raise self.fail(
                f"has no main part (no officeDocument relationship in _rels/.rels); save it again from {self._app()}"
            )
        # Every part typed, and typed as what reads it: the libraries fail on either with no word of why.
        content_types.check(
            self.parts,
            self.tree("[Content_Types].xml"),
            {part: self.tree(part) for part in self.parts if part.endswith(".rels")},
            self._app(),
            self.fail,
        )
        types = {o.get("PartName", "").lstrip("/"): o.get("ContentType", "") for o in self.tree("[Content_Types].xml")}
        for part, kind in types.items():
            required = next((need for suffix, need in _REQUIRED.items() if kind.endswith("." + suffix)), None)
            if required and part in self.parts:
                relationship, what = required
                if relationship not in {rel.get("Type") for rel in self._relationships(part)}:
                    raise self.fail(f"part '{part}' has no {what}; save it again from PowerPoint")
        if self.path.suffix.lower() == ".docx" and _is_xml(main):
            body = self.tree(main).find(f"{{{_W}}}body")
            if body is None or body.find(f"{{{_W}}}sectPr") is None:
                raise self.fail(f"part '{main}' has no section properties (w:sectPr); save it again from Word")

    def _relationships(self, part: str):
        folder, _, name = part.rpartition("/")
        rels = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
        return list(self.tree(rels)) if rels in self.parts else []

    def _write(self) -> bytes:
        from lxml import etree

        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for part, data in self.parts.items():
                if part in self.trees:
                    data = etree.tostring(self.trees[part], xml_declaration=True, encoding="UTF-8", standalone=True)
                archive.writestr(part, data)
        return out.getvalue()


def _is_xml(part: str) -> bool:
    return part.lower().endswith((".xml", ".rels", ".vml"))


def _holder(element):
    """Return the outermost frame an OLE object or control sits in (or the element itself)."""
    found = element
    for ancestor in element.iterancestors():
        if ancestor.tag.rsplit("}", 1)[-1] in _HOLDERS:
            found = ancestor
    return found


def _remove(element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)
