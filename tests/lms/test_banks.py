"""The question banks of `rolegen pack --lms`: valid against their published schemas, parsed back, escaped."""

from __future__ import annotations

import html
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import IN_CI
from tests.lms.lms_project import LMS, SCHEMAS, expected_questions

QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"


def _schema(path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(path)))


def test_pack_lms_writes_the_bank_in_each_format_beside_the_pack(packed):
    names = sorted(p.name for p in (packed / LMS).iterdir())
    assert names == ["ceo-vs-coo-qti.zip", "ceo-vs-coo-scorm.zip", "ceo-vs-coo.gift.txt", "ceo-vs-coo.moodle.xml"]
    assert (packed / "output/acme/ceo-vs-coo-pack.zip").is_file()


def test_moodle_xml_is_valid_against_the_published_schema_and_marks_each_owner(packed):
    document = etree.parse(str(packed / LMS / "ceo-vs-coo.moodle.xml"))
    _schema(SCHEMAS / "moodle.xsd").assertValid(document)
    questions = document.findall("question[@type='multichoice']")
    found = []
    for question in questions:
        assert question.findtext("single") == "true"
        right = question.findall("answer[@fraction='100']")
        assert len(right) == 1
        feedback = html.unescape(right[0].findtext("feedback/text"))
        stem = html.unescape(question.findtext("questiontext/text"))
        owner = html.unescape(right[0].findtext("text"))
        found.append((owner.split("(")[-1].rstrip(")"), stem))
        assert feedback == f"The {found[-1][0]} owns this: {stem}"
    assert found == expected_questions()
    assert document.find("question[@type='category']/category/text").text.startswith("$course$/top/")


def test_moodle_xml_escapes_markup_for_html_so_the_platform_shows_it_as_text(packed):
    text = (packed / LMS / "ceo-vs-coo.moodle.xml").read_text(encoding="utf-8")
    assert "<script>" not in text and "]]>" not in text
    assert "&amp;lt;script&amp;gt;" in text  # escaped for HTML, then for XML


def test_qti_items_are_valid_qti_2_1_in_a_valid_ims_content_package(packed):
    package = zipfile.ZipFile(packed / LMS / "ceo-vs-coo-qti.zip")
    item_schema = _schema(SCHEMAS / "qti/qtiv2p1/imsqti_v2p1.xsd")
    manifest = etree.fromstring(package.read("imsmanifest.xml"))
    _schema(SCHEMAS / "qti/imscp_v1p1.xsd").assertValid(manifest)
    hrefs = [r.get("href") for r in manifest.iter("{http://www.imsglobal.org/xsd/imscp_v1p1}resource")]
    assert sorted(hrefs) == sorted(n for n in package.namelist() if n != "imsmanifest.xml")
    found = []
    for href in hrefs:
        item = etree.fromstring(package.read(href))
        item_schema.assertValid(item)
        correct = item.findtext(f"{QTI}responseDeclaration/{QTI}correctResponse/{QTI}value")
        choice = item.find(f".//{QTI}simpleChoice[@identifier='{correct}']").text
        assert item.find(f"{QTI}outcomeDeclaration[@identifier='SCORE']") is not None
        found.append((choice.split("(")[-1].rstrip(")"), item.findtext(f".//{QTI}prompt")))
    assert found == expected_questions()


# An independent GIFT parser from PyPI. Not in the test extras: its wheel also installs a top-level
# `tests` package, which would hide this repository's tests/ from `from tests.conftest import ...`.
# So it goes into a folder of its own and runs in a process of its own.
GIFT_PARSER = ("pygiftparserrgmf>=0.0.5", "ply>=3.11")
_PARSE = """
import json, sys
from pygiftparser import parser
questions = parser.parse(open(sys.argv[1], encoding="utf-8").read()).questions
print(json.dumps([[q.text, [[o.prefix, o.text, o.feedback] for o in q.answer.options]] for q in questions]))
"""


@pytest.fixture(scope="session")
def gift_parser(tmp_path_factory) -> Path:
    """Return a folder holding the GIFT parser, installed by pip (skipped without an index, outside CI)."""
    target = tmp_path_factory.mktemp("gift-parser")
    command = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), *GIFT_PARSER]
    installed = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if installed.returncode != 0:
        if IN_CI:
            pytest.fail(installed.stderr)
        pytest.skip(f"pip could not install {GIFT_PARSER[0]}: {installed.stderr.strip().splitlines()[-1:]}")
    return target


def test_gift_parses_back_with_an_independent_parser(packed, gift_parser):
    parsing = subprocess.run(
        [sys.executable, "-c", _PARSE, str(packed / LMS / "ceo-vs-coo.gift.txt")],
        env={**os.environ, "PYTHONPATH": str(gift_parser)},
        capture_output=True,
        text=True,
        check=True,
    )
    parsed = json.loads(parsing.stdout)
    # The parser keeps '[plain]', GIFT's format marker, and leaves an escaped backslash escaped.
    stems = [text.removeprefix("[plain]").replace("\\\\", "\\") for text, _ in parsed]
    owners = [next(o[1] for o in options if o[0] == "=").split("(")[-1].rstrip(")") for _, options in parsed]
    assert list(zip(owners, stems)) == expected_questions()
    # This parser reads no escapes in feedback (Moodle's importer does), so the hostile question's
    # feedback splits there; every other question's choices and feedback come back whole.
    for (text, options), owner in list(zip(parsed, owners))[1:]:
        assert [o[1] for o in options] == ["Chief Executive Officer (CEO)", "Chief Operating Officer (COO)"]
        assert {o[2] for o in options} == {f"The {owner} owns this\\: {text.removeprefix('[plain]')}"}


def test_every_format_holds_the_hostile_responsibility_as_text(packed):
    hostile = expected_questions()[0][1]
    moodle = etree.parse(str(packed / LMS / "ceo-vs-coo.moodle.xml"))
    assert html.unescape(moodle.findtext("question[@type='multichoice']/questiontext/text")) == hostile
    qti = zipfile.ZipFile(packed / LMS / "ceo-vs-coo-qti.zip")
    assert etree.fromstring(qti.read("items/q1.xml")).findtext(f".//{QTI}prompt") == hostile
    scorm = zipfile.ZipFile(io.BytesIO((packed / LMS / "ceo-vs-coo-scorm.zip").read_bytes()))
    page = scorm.read("quiz.html").decode("utf-8")
    assert page.count("<script") == 2  # the page's data and its script; the responsibility's tag is text
    assert html.escape(hostile) in page
