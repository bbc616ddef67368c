"""The knowledge check as Moodle XML: a category, then one multiple-choice question per item."""

from __future__ import annotations

import html
from lxml import etree as ET

from rolegen.lms.xmltext import serialized
from rolegen.lms.questions import Question, Quiz


def moodle_xml(quiz: Quiz) -> bytes:
    """Return the quiz as a Moodle XML question bank (Question bank > Import > Moodle XML format)."""
    root = ET.Element("quiz")
    category = ET.SubElement(root, "question", type="category")
    # $course$ puts the bank in the course it is imported into, under a category of the quiz's title.
    _text(ET.SubElement(category, "category"), f"$course$/top/{quiz.title}")
    for question in quiz.questions:
        root.append(_question(question))
    return serialized(root)


def _question(question: Question) -> ET._Element:
    element = ET.Element("question", type="multichoice")
    _text(ET.SubElement(element, "name"), f"{question.identifier}: {question.stem}")
    # Moodle shows question and answer texts as HTML (answers and feedback are HTML when no format
    # is named): the plain text is escaped for HTML once,
    # and ElementTree escapes that again for XML, so '<script>' arrives as text, never as markup.
    _text(ET.SubElement(element, "questiontext", format="html"), html.escape(question.stem))
    for index, choice in enumerate(question.choices):
        # Moodle reads a missing fraction as 0; the published schema (tests/lms/schemas) allows no "0".
        answer = ET.SubElement(element, "answer", {"fraction": "100"} if index == question.correct else {})
        _text(answer, html.escape(choice))
        _text(ET.SubElement(answer, "feedback"), html.escape(question.feedback))
    ET.SubElement(element, "shuffleanswers").text = "0"  # the roles in the deck's order, as on the slide
    ET.SubElement(element, "single").text = "true"
    ET.SubElement(element, "answernumbering").text = "abc"
    return element


def _text(parent: ET._Element, value: str) -> None:
    ET.SubElement(parent, "text").text = value
