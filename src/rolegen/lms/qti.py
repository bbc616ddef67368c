"""The knowledge check as QTI 2.1: one assessmentItem per question, in an IMS content package."""

from __future__ import annotations

import datetime as dt
from lxml import etree as ET
import zipfile

from rolegen.lms.questions import Question, Quiz
from rolegen.lms.xmltext import serialized
from rolegen.render.ooxml import write_zip

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ITEM_TYPE = "imsqti_item_xmlv2p1"  # the resource type importers look for in the manifest


def qti_package(quiz: Quiz, stamp: dt.date | None = None) -> bytes:
    """Return the QTI 2.1 content package: imsmanifest.xml and one item file per question."""
    items = [(f"items/{question.identifier}.xml", item(question, quiz.lang)) for question in quiz.questions]
    entries = [("imsmanifest.xml", manifest(quiz, [name for name, _ in items]), zipfile.ZIP_DEFLATED)]
    entries += [(name, data, zipfile.ZIP_DEFLATED) for name, data in items]
    return write_zip(entries, stamp)


def item(question: Question, lang: str = "en") -> bytes:
    """Return one question as a QTI 2.1 assessmentItem: a single choice, scored 1 when right, with feedback."""
    root = _q(
        "assessmentItem",
        {
            f"{{{_XSI}}}schemaLocation": f"{QTI} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd",
            "identifier": question.identifier,
            "title": question.stem,
            "adaptive": "false",
            "timeDependent": "false",
            _XML_LANG: lang,
        },
    )
    response = _q("responseDeclaration", identifier="RESPONSE", cardinality="single", baseType="identifier")
    _sub(_sub(response, "correctResponse"), "value").text = _choice_id(question.correct)
    root.append(response)
    score = _sub(root, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float")
    _sub(_sub(score, "defaultValue"), "value").text = "0"
    _sub(root, "outcomeDeclaration", identifier="FEEDBACK", cardinality="single", baseType="identifier")
    body = _sub(root, "itemBody")
    interaction = _sub(body, "choiceInteraction", responseIdentifier="RESPONSE", shuffle="false", maxChoices="1")
    _sub(interaction, "prompt").text = question.stem
    for index, choice in enumerate(question.choices):
        _sub(interaction, "simpleChoice", identifier=_choice_id(index)).text = choice
    root.append(_processing())
    for index in range(len(question.choices)):
        feedback = _sub(
            root, "modalFeedback", outcomeIdentifier="FEEDBACK", showHide="show", identifier=_choice_id(index)
        )
        feedback.text = question.feedback
    return serialized(root)


def manifest(quiz: Quiz, items: list[str]) -> bytes:
    """Return the package's imsmanifest.xml: one resource per item file."""
    root = ET.Element(f"{{{CP}}}manifest", identifier=f"{quiz.id}-qti", nsmap={None: CP})
    ET.SubElement(root, f"{{{CP}}}organizations")
    resources = ET.SubElement(root, f"{{{CP}}}resources")
    for name in items:
        identifier = name.rsplit("/", 1)[-1].removesuffix(".xml")
        resource = ET.SubElement(resources, f"{{{CP}}}resource", identifier=identifier, type=ITEM_TYPE, href=name)
        ET.SubElement(resource, f"{{{CP}}}file", href=name)
    return serialized(root)


def _processing() -> ET._Element:
    """Return the rules of the match_correct template, written out, and the one line that shows the feedback.

    With the template alone (responseProcessing template=...), no rule sets FEEDBACK and the
    feedback would never show; these rules give every platform the same score the template does.
    """
    processing = _q("responseProcessing")
    condition = _sub(processing, "responseCondition")
    when = _sub(condition, "responseIf")
    match = _sub(when, "match")
    _sub(match, "variable", identifier="RESPONSE")
    _sub(match, "correct", identifier="RESPONSE")
    _sub(_sub(when, "setOutcomeValue", identifier="SCORE"), "baseValue", baseType="float").text = "1"
    otherwise = _sub(condition, "responseElse")
    _sub(_sub(otherwise, "setOutcomeValue", identifier="SCORE"), "baseValue", baseType="float").text = "0"
    _sub(_sub(processing, "setOutcomeValue", identifier="FEEDBACK"), "variable", identifier="RESPONSE")
    return processing


def _choice_id(index: int) -> str:
    return f"choice{index + 1}"


def _q(tag: str, attributes: dict | None = None, **more) -> ET._Element:
    return ET.Element(f"{{{QTI}}}{tag}", {**(attributes or {}), **more}, nsmap={None: QTI, "xsi": _XSI})


def _sub(parent: ET._Element, tag: str, **attributes) -> ET._Element:
    return ET.SubElement(parent, f"{{{QTI}}}{tag}", attributes)
