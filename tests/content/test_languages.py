"""Content in content/<lang>/, selected with --lang; rolegen's own words in that language."""

from __future__ import annotations

import json
import shutil

import pytest
from docx import Document
from docx.oxml.ns import qn
from pptx import Presentation
from pptx.oxml.ns import qn as qn_a

from conftest import REPO, needs_brand_fonts
from rolegen.cli.app import cli
from rolegen.typeset.fit import continued_title


@pytest.fixture
def german(project):
    shutil.copytree(REPO / "content/de-DE", project / "content/de-DE")
    return project


def _titles(path) -> list[str]:
    return [slide.shapes.title.text for slide in Presentation(str(path)).slides]


@needs_brand_fonts
def test_german_deck_has_german_words_and_language(run, german):
    result = run("deck", "--brand", "acme", "--lang", "de-DE")
    assert (result.exit_code, result.output.splitlines()[0]) == (0, "wrote output/acme/de-DE/ceo-vs-coo.pptx")
    path = german / "output/acme/de-DE/ceo-vs-coo.pptx"
    assert _titles(path) == [
        "CEO und COO",
        "Lernziele",
        "Agenda",
        "Chief Executive Officer",
        "CEO: Hauptaufgabe",
        "CEO: zentrale Verantwortlichkeiten",
        "Chief Operating Officer",
        "COO: Hauptaufgabe",
        "COO: zentrale Verantwortlichkeiten",
        "Berichtswege",
        "CEO und COO im Vergleich",
        "Auf einen Blick",
        "Die Rollen im Vergleich",
        "Welche Rolle ist zuständig?",
        "Zusammenfassung",
        "Das Wichtigste",
        "Fragen und Diskussion",
    ]
    prs = Presentation(str(path))
    assert prs.core_properties.language == "de-DE"
    runs = [
        r for s in prs.slides for sh in s.shapes if sh.has_text_frame for p in sh.text_frame.paragraphs for r in p.runs
    ]
    assert {r._r.rPr.get("lang") for r in runs if r.text.strip()} == {"de-DE"}
    fields = [f for s in prs.slides for sh in s.shapes for f in sh._element.iter(qn_a("a:fld"))]
    assert fields and {f.find(qn_a("a:rPr")).get("lang") for f in fields} == {"de-DE"}  # slide numbers too
    texts = [sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame]
    assert "Acme Corporation · 24. November 2026" in texts


def test_german_handout_has_german_headings_footer_and_language(run, german):
    assert run("handout", "--brand", "acme", "--lang", "de-DE").exit_code == 0
    doc = Document(str(german / "output/acme/de-DE/ceo-vs-coo.docx"))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:4] == ["Einleitung", "Lernziele", "Chief Executive Officer (CEO)", "Hauptaufgabe"]
    assert "Die Rollen im Vergleich" in headings
    footer = doc.sections[0].footer.paragraphs[0]
    assert footer.text.endswith("\tSeite  von ")  # the page numbers are fields between the words
    fields = [f.get(qn("w:instr")).strip() for f in footer._p.iter(qn("w:fldSimple"))]
    assert fields == ["PAGE", "NUMPAGES"]
    lang = doc.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "de-DE"


def test_build_covers_every_language_and_lang_narrows_it(run, german):
    result = run("build", "--json", "--format", "deck")
    assert sorted(json.loads(result.output)["built"]) == [
        "acme/ceo-vs-coo.pptx",
        "acme/de-DE/ceo-vs-coo.pptx",
        "globex/ceo-vs-coo.pptx",
        "globex/de-DE/ceo-vs-coo.pptx",
    ]
    result = run("build", "--json", "--format", "handout", "--lang", "de-DE")
    assert sorted(json.loads(result.output)["built"]) == ["acme/de-DE/ceo-vs-coo.docx", "globex/de-DE/ceo-vs-coo.docx"]


def test_unknown_language_is_one_error_line(runner, german):
    result = runner.invoke(cli, ["deck", "--brand", "acme", "--lang", "fr-FR"])
    assert result.exit_code == 2
    assert result.output == "Error: no content for language 'fr-FR' in content/fr-FR/ (languages here: de-DE)\n"


def test_language_with_a_path_in_it_is_refused(runner, german):
    result = runner.invoke(cli, ["deck", "--brand", "acme", "--lang", "../../etc"])
    assert result.exit_code == 2
    assert "invalid language '../../etc'" in result.output


def test_project_overrides_a_fixed_word(run, german):
    (german / "templates/i18n").mkdir()
    (german / "templates/i18n/de-DE.yaml").write_text("agenda: Ablauf\n", encoding="utf-8")
    assert run("deck", "--brand", "acme", "--lang", "de-DE").exit_code == 0
    assert _titles(german / "output/acme/de-DE/ceo-vs-coo.pptx")[2] == "Ablauf"


@pytest.mark.parametrize(
    "page,marker,expected",
    [
        (1, "(cont.)", "T (cont.)"),
        (2, "(cont.)", "T (cont. 2)"),
        (2, "(Forts.)", "T (Forts. 2)"),
        (3, "suite", "T suite 3"),
    ],
    ids=["first", "second", "german", "no-bracket"],
)
def test_continued_titles_use_the_languages_marker(page, marker, expected):
    assert continued_title("T", page, marker) == expected


def test_long_german_slide_continues_with_forts(run, german):
    role = german / "content/de-DE/roles/ceo.md"
    extra = "".join(
        f"  - Zusätzliche lange Verantwortlichkeit Nummer {i}, die viel Platz auf der Folie braucht.\n"
        for i in range(14)
    )
    role.write_text(role.read_text().replace("focus:\n", extra + "focus:\n", 1), encoding="utf-8")
    assert run("deck", "--brand", "acme", "--lang", "de-DE").exit_code == 0
    titles = _titles(german / "output/acme/de-DE/ceo-vs-coo.pptx")
    assert "CEO: zentrale Verantwortlichkeiten (Forts.)" in titles
