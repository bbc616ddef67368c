"""XML documents as the banks and manifests are written: indented, UTF-8, a declaration first."""

from __future__ import annotations

from lxml import etree


def serialized(root: etree._Element) -> bytes:
    """Return an element as an indented UTF-8 XML document; lxml escapes every text and attribute."""
    etree.indent(root)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"
