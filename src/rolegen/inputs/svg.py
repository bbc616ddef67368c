"""Rebuild an SVG from an allowlist of static SVG: what a logo draws, nothing it runs, links to or loads."""

# An SVG is a program as much as a picture: scripts, event attributes, links, CSS that imports
# and images from anywhere. A logo needs shapes, text, paint and internal references alone, so
# everything else is taken out before the SVG reaches a deck or handout. A file with nothing to
# take out keeps its bytes, so a clean logo is placed exactly as its author saved it.

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

from lxml import etree

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
# Editors keep their settings in namespaces of their own that no renderer reads (and whose
# values are checked like any other); kept, so a logo saved from Inkscape keeps its bytes.
EDITORS = ("http://www.inkscape.org/namespaces/inkscape", "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd")

ELEMENTS = frozenset(
    "svg g defs symbol use title desc path rect circle ellipse line polyline polygon text tspan "
    "linearGradient radialGradient stop clipPath mask pattern marker image style".split()
)
# Taken out without a word: an editor's metadata (RDF with its URLs), not part of the drawing.
_QUIET = frozenset({"metadata"})
# Presentation attributes, which are also the CSS properties a style may set.
PAINT = frozenset(
    "fill fill-opacity fill-rule stroke stroke-width stroke-linecap stroke-linejoin stroke-miterlimit "
    "stroke-dasharray stroke-dashoffset stroke-opacity opacity color display visibility clip-path "
    "clip-rule mask font font-family font-size font-size-adjust font-weight font-style font-variant "
    "font-stretch font-kerning text-anchor dominant-baseline alignment-baseline baseline-shift "
    "letter-spacing word-spacing text-decoration writing-mode direction unicode-bidi stop-color "
    "stop-opacity color-interpolation shape-rendering text-rendering image-rendering vector-effect "
    "paint-order overflow isolation mix-blend-mode transform transform-origin transform-box "
    "line-height white-space text-transform marker marker-start marker-mid marker-end".split()
)
GEOMETRY = frozenset(
    "id class style viewBox preserveAspectRatio width height x y x1 y1 x2 y2 cx cy r rx ry fx fy fr "
    "d points pathLength offset gradientUnits gradientTransform spreadMethod patternUnits "
    "patternContentUnits patternTransform clipPathUnits maskUnits maskContentUnits dx dy rotate "
    "textLength lengthAdjust version baseProfile role refX refY markerWidth markerHeight markerUnits "
    "orient href type media".split()
)
_FUNCTIONS = frozenset(
    "rgb rgba hsl hsla url translate translatex translatey rotate scale scalex scaley matrix skewx skewy".split()
)
_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_CALL = re.compile(r"([a-z-]*)\s*\(", re.IGNORECASE)
_INTERNAL = re.compile(r"#[\w.:-]+")
_RULE = re.compile(r"\s*([^{}@\\<]+?)\s*\{([^{}]*)\}", re.DOTALL)
_SELECTOR = re.compile(r"[\w\s.#,:>*+~()\[\]=\"'|^$-]+")
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_RASTERS = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff", "image/jpg": b"\xff\xd8\xff"}
_SHOWN = 40  # characters of a removed value a warning repeats


class SvgProblem(Exception):
    """An SVG that cannot be cleaned: no XML, a DTD, or no SVG at all; the message says which."""


@dataclass(frozen=True)
class Cleaned:
    """An SVG's bytes with nothing but static drawing, and what was taken out to get there."""

    data: bytes
    removed: tuple[str, ...]


def clean(data: bytes, name: str) -> Cleaned:
    """Return the SVG rebuilt from the allowlist (its own bytes when nothing had to go).

    Raise SvgProblem for a file that is not well-formed, declares a DTD or entities, or is no SVG.
    """
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_blank_text=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        raise SvgProblem(f"logo '{name}' is not a valid SVG ({e})") from e
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise SvgProblem(f"logo '{name}' has a DOCTYPE (DTD); save the SVG without it")
    if etree.QName(root).localname != "svg" or etree.QName(root).namespace not in (SVG, None):
        raise SvgProblem(f"logo '{name}' is XML but not an SVG")
    cleaner = _Cleaner()
    for node in (*root.itersiblings(preceding=True), *root.itersiblings()):
        if isinstance(node, etree._ProcessingInstruction):
            # An xml-stylesheet beside the root loads a style sheet; the rebuilt file is the root alone.
            cleaner.note(f"<?{node.target}?>")
    cleaner.element(root)
    if not cleaner.changed and _plain_encoding(tree):
        return Cleaned(data, ())
    text = etree.tostring(root, encoding="utf-8", xml_declaration=True)
    return Cleaned(text, tuple(dict.fromkeys(cleaner.removed)))


def _plain_encoding(tree) -> bool:
    """Return whether the file's bytes read as UTF-8 to every reader (so they can be kept as they are)."""
    return (tree.docinfo.encoding or "utf-8").lower() in ("utf-8", "utf8", "us-ascii", "ascii")


class _Cleaner:
    """Walks an SVG's tree, taking out what the allowlist lacks and noting what it took."""

    def __init__(self):
        self.removed: list[str] = []
        self.changed = False
        self.editor = 0  # how deep the walk is inside an editor's own elements

    def note(self, what: str) -> None:
        self.changed = True
        self.removed.append(what)

    def quietly(self) -> None:
        self.changed = True

    def element(self, element) -> None:
        for child in list(element):
            if isinstance(child, etree._Comment):
                continue
            if not isinstance(child.tag, str):
                # A processing instruction or an entity reference: neither draws anything.
                self.note("<?...?>" if isinstance(child, etree._ProcessingInstruction) else "an entity")
                _remove(child)
                continue
            self.child(element, child)
        self.attributes(element)
        if _local(element) == "style" and _namespace(element) in (SVG, None):
            self.style_sheet(element)

    def child(self, parent, child) -> None:
        name, namespace = _local(child), _namespace(child)
        if namespace in EDITORS:
            self.editor += 1
            self.element(child)
            self.editor -= 1
        elif namespace not in (SVG, None):
            self.note(f"<{name}> ({namespace})")
            _remove(child)
        elif name == "a":
            # A link around shapes: the shapes stay, the link goes.
            self.note(f"a link ({_shown(_href(child) or '')})")
            child.tag = f"{{{SVG}}}g" if namespace else "g"
            for key in [k for k in child.attrib if _attribute_name(k) in ("href", "target")]:
                del child.attrib[key]
            depth, self.editor = self.editor, 0
            self.element(child)
            self.editor = depth
        elif name in _QUIET:
            self.quietly()
            _remove(child)
        elif name not in ELEMENTS:
            self.note(f"<{name}>")
            _remove(child)
        else:
            # An SVG element inside an editor's is judged as SVG again.
            depth, self.editor = self.editor, 0
            self.element(child)
            self.editor = depth

    def attributes(self, element) -> None:
        image = _local(element) == "image"
        for key, value in list(element.attrib.items()):
            problem = self.attribute_problem(key, value, image)
            if problem is not None:
                if problem:
                    self.note(problem)
                else:
                    self.quietly()
                del element.attrib[key]
            elif _attribute_name(key) == "style":
                kept, dropped = _declarations(value)
                if dropped:
                    self.note(f"style {', '.join(dropped)}")
                    element.set(key, kept)

    def attribute_problem(self, key: str, value: str, image: bool) -> str | None:
        """Return why an attribute goes (an empty reason: quietly), or None when it stays."""
        qname = etree.QName(key)
        name, namespace = qname.localname, qname.namespace
        if name in ("href", "src") and namespace in (None, XLINK):
            return _reference_problem(value, image)
        if namespace in EDITORS or (self.editor and namespace is None):
            return None if _inert(value) else f"{name}={_shown(value)}"
        if namespace == XML:
            return None if name in ("space", "lang") else f"xml:{name}"
        if namespace == XLINK and name != "href":
            return ""  # xlink:title, xlink:type: words about a link, on a logo that has none
        if namespace not in (None, XLINK):
            return f"{name}= ({namespace})"
        if name.lower().startswith("on"):
            return f"{name}="
        if name == "style":
            return None  # its declarations are judged one by one
        if name.startswith(("data-", "aria-")) or name in GEOMETRY or name in PAINT:
            return None if _safe_value(value) else f"{name}={_shown(value)}"
        return f"{name}="

    def style_sheet(self, element) -> None:
        if len(element):
            # A comment inside a style sheet splits its text: the CSS a reader sees is the pieces joined.
            text = (element.text or "") + "".join(child.tail or "" for child in element)
            for child in list(element):
                element.remove(child)
            element.text = text
            self.quietly()
        text = element.text or ""
        rules = _rules(text)
        if rules is None:
            self.note("a <style> sheet that is not plain rules")
            _remove(element)
            return
        kept, dropped = [], []
        for selector, body in rules:
            declarations, gone = _declarations(body)
            dropped += gone
            if declarations:
                kept.append(f"{selector}{{{declarations}}}")
        if dropped:
            self.note(f"style {', '.join(dict.fromkeys(dropped))}")
            element.text = "".join(kept)


def _rules(text: str) -> list[tuple[str, str]] | None:
    """Return a style sheet's (selector, declarations), or None when it holds anything else (@import, escapes)."""
    # Judged with its comments too: a quoted "/*" would hide a rule from a reader that strips them.
    if "\\" in text or "@" in text or "<" in text or not _calls_safe(text):
        return None
    text = _COMMENT.sub(" ", text)
    rules, position = [], 0
    for match in _RULE.finditer(text):
        if text[position : match.start()].strip():
            return None
        if not _SELECTOR.fullmatch(match.group(1)):
            return None
        rules.append((match.group(1), match.group(2)))
        position = match.end()
    return rules if not text[position:].strip() else None


def _declarations(text: str) -> tuple[str, list[str]]:
    """Return a style's declarations that may stay, as written, and the properties that had to go."""
    kept, dropped = [], []
    for declaration in text.split(";"):
        if not declaration.strip():
            continue
        prop, colon, value = declaration.partition(":")
        prop = prop.strip().lower()
        known = prop in PAINT or prop.startswith("-inkscape-")
        if colon and known and _safe_value(value):
            kept.append(declaration)
        else:
            dropped.append(prop or declaration.strip()[:_SHOWN])
    if not dropped:
        return text, []
    return ";".join(kept), dropped


def _safe_value(value: str) -> bool:
    """Return whether a value holds no escape (which could hide a call) and calls only what _calls_safe allows."""
    if "\\" in value or "@" in value or "<" in value or "{" in value:
        return False
    return _calls_safe(value)


def _calls_safe(value: str) -> bool:
    """Return whether every function a value calls is a colour, a transform or url(#id)."""
    calls = [call.group(1).lower() for call in _CALL.finditer(value)]
    if any(call and call not in _FUNCTIONS for call in calls):
        return False
    urls = [_compact(match.group(2)) for match in _URL.finditer(value)]
    # Every url( must be one _URL read whole: an unclosed or odd one could hide another address.
    return len(urls) == calls.count("url") and all(_INTERNAL.fullmatch(url) for url in urls)


def _inert(value: str) -> bool:
    """Return whether an editor's setting names no address (no renderer reads it, and none should be in a logo)."""
    compact = _compact(value).lower()
    return not any(sign in compact for sign in ("url(", "script:", "://", "<"))


def _reference_problem(value: str, image: bool) -> str | None:
    """Return why an href goes, or None for an internal #id (or, on an image, a PNG or JPEG held inline)."""
    compact = _compact(value)
    if _INTERNAL.fullmatch(compact):
        return None
    if image and _inline_raster(compact):
        return None
    what = "an image" if image else "a reference"
    return f"{what} ({_shown(value)})"


def _inline_raster(compact: str) -> bool:
    """Return whether a data: URL holds a PNG or JPEG, judged by its bytes, not only by what it says it is."""
    head, comma, payload = compact.partition(",")
    parts = head.lower().split(";")
    if not comma or not parts[0].startswith("data:") or parts[-1] != "base64":
        return False
    magic = _RASTERS.get(parts[0][len("data:") :])
    if magic is None:
        return False
    try:
        start = base64.b64decode(payload[:64] + "=" * (-len(payload[:64]) % 4))
    except ValueError:
        return False
    return start.startswith(magic)


def _compact(value: str) -> str:
    """Return a reference as a reader follows it: without the whitespace and control characters it may hide in."""
    return "".join(c for c in value if ord(c) > 0x20 and ord(c) != 0x7F)


def _href(element) -> str | None:
    return element.get("href") or element.get(f"{{{XLINK}}}href")


def _attribute_name(key: str) -> str:
    return etree.QName(key).localname


def _local(element) -> str:
    return etree.QName(element).localname


def _namespace(element) -> str | None:
    return etree.QName(element).namespace


def _remove(node) -> None:
    # The text after a removed element stays: it belongs to its parent (the words of a <text>).
    parent, tail = node.getparent(), node.tail
    if tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(node)


def _shown(value: str) -> str:
    value = " ".join(value.split())
    return repr(value if len(value) <= _SHOWN else value[: _SHOWN - 1] + "\u2026")
