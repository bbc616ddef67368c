"""The SCORM 1.2 package: a manifest, the quiz page as its one SCO, the deck as PDF and the handout."""

from __future__ import annotations

import datetime as dt
import zipfile

from lxml import etree

from rolegen.lms.questions import Quiz
from rolegen.lms.quiz_page import quiz_page
from rolegen.lms.xmltext import serialized
from rolegen.render.ooxml import write_zip

IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
QUIZ_PAGE = "quiz.html"
MANIFEST = "imsmanifest.xml"


def scorm_package(quiz: Quiz, deck_pdf: bytes, handout: bytes, stamp: dt.date | None = None) -> bytes:
    """Return the SCORM 1.2 zip: imsmanifest.xml first (platforms look for it at the root), then its files."""
    files = {
        QUIZ_PAGE: (quiz_page(quiz), zipfile.ZIP_DEFLATED),
        f"{quiz.id}-deck.pdf": (deck_pdf, zipfile.ZIP_DEFLATED),
        # The handout is a zip already: deflating it again gains nothing.
        f"{quiz.id}.docx": (handout, zipfile.ZIP_STORED),
    }
    entries = [(MANIFEST, manifest(quiz, sorted(files)), zipfile.ZIP_DEFLATED)]
    entries += [(name, *files[name]) for name in sorted(files)]
    return write_zip(entries, stamp)


def manifest(quiz: Quiz, files: list[str]) -> bytes:
    """Return the SCORM 1.2 manifest: one organization, one item, the quiz page as its SCO with a mastery score.

    The deck and handout are assets of the same resource, so the platform keeps them with the quiz.
    """
    identifier = f"rolegen-{quiz.id}"
    root = etree.Element(
        f"{{{IMSCP}}}manifest",
        {
            "identifier": identifier,
            "version": "1.0",
            f"{{{_XSI}}}schemaLocation": f"{IMSCP} imscp_rootv1p1p2.xsd {ADLCP} adlcp_rootv1p2.xsd",
        },
        nsmap={None: IMSCP, "adlcp": ADLCP, "xsi": _XSI},
    )
    metadata = etree.SubElement(root, f"{{{IMSCP}}}metadata")
    etree.SubElement(metadata, f"{{{IMSCP}}}schema").text = "ADL SCORM"
    etree.SubElement(metadata, f"{{{IMSCP}}}schemaversion").text = "1.2"
    organizations = etree.SubElement(root, f"{{{IMSCP}}}organizations", default="organization")
    organization = etree.SubElement(organizations, f"{{{IMSCP}}}organization", identifier="organization")
    etree.SubElement(organization, f"{{{IMSCP}}}title").text = quiz.title
    item = etree.SubElement(organization, f"{{{IMSCP}}}item", identifier="item-quiz", identifierref="resource-quiz")
    etree.SubElement(item, f"{{{IMSCP}}}title").text = quiz.title
    etree.SubElement(item, f"{{{ADLCP}}}masteryscore").text = str(quiz.mastery)
    resources = etree.SubElement(root, f"{{{IMSCP}}}resources")
    resource = etree.SubElement(
        resources,
        f"{{{IMSCP}}}resource",
        {"identifier": "resource-quiz", "type": "webcontent", f"{{{ADLCP}}}scormtype": "sco", "href": QUIZ_PAGE},
    )
    for name in files:
        etree.SubElement(resource, f"{{{IMSCP}}}file", href=name)
    return serialized(root)
