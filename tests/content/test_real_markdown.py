"""The Markdown real handbooks hold is drawn as its authors meant: a little inline HTML, in-page links,
ids, rules, headings at their levels, figures with captions; another tool's syntax is said, not hidden.

Each test writes a role body, builds through the installed console script and reads the file back.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from tests.content.test_author_lines import line_of, rolegen

from conftest import needs_brand_fonts

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def with_body(project: Path, body: str, role: str = "ceo") -> Path:
    path = project / f"content/roles/{role}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n" + body, encoding="utf-8")
    return path


def build(project: Path, kind: str, *args: str):
    target = project / f"out.{'pptx' if kind == 'deck' else 'docx'}"
    result = rolegen(kind, "--brand", "acme", "-o", str(target), *args, cwd=project)
    assert result.returncode == 0, result.stderr
    return target, result.stderr


def parts(path: Path, pattern: str) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as package:
        return {
            name: etree.fromstring(package.read(name)) for name in package.namelist() if re.fullmatch(pattern, name)
        }


def slides_holding(deck: Path, text: str) -> list[str]:
    return [name for name, root in parts(deck, r"ppt/slides/slide\d+\.xml").items() if text in "".join(root.itertext())]


def runs_of(deck: Path, text: str):
    return [
        run
        for root in parts(deck, r"ppt/slides/slide\d+\.xml").values()
        for run in root.iter(f"{A}r")
        if run.findtext(f"{A}t") == text
    ]


def word_runs(handout: Path, text: str):
    body = parts(handout, r"word/document\.xml")["word/document.xml"]
    return [run for run in body.iter(f"{W}r") if "".join(t.text or "" for t in run.iter(f"{W}t")) == text]


INLINE = (
    "## Shortcuts\n\nPress <kbd>Ctrl</kbd> and H<sub>2</sub>O, E = mc<sup>2</sup>, <u>underlined</u>, "
    '<mark>marked</mark>, <abbr title="Objectives and key results">OKR</abbr> and <span>plain</span><br>'
    "on a new line <!-- a note to authors -->.\n"
)


def test_inline_html_is_drawn_on_slides(project):
    with_body(project, INLINE)
    deck, _ = build(project, "deck")

    (code,) = runs_of(deck, "Ctrl")
    (text,) = runs_of(deck, "Press ")
    assert code.find(f"{A}rPr/{A}latin").get("typeface") != text.find(f"{A}rPr/{A}latin").get("typeface")
    assert runs_of(deck, "2")[0].find(f"{A}rPr").get("baseline") == "-25000"
    assert runs_of(deck, "2")[1].find(f"{A}rPr").get("baseline") == "30000"
    assert runs_of(deck, "underlined")[0].find(f"{A}rPr").get("u") == "sng"
    assert runs_of(deck, "marked")[0].find(f"{A}rPr/{A}highlight") is not None
    (slide,) = slides_holding(deck, "on a new line")
    breaks = parts(deck, re.escape(slide))[slide].findall(f".//{A}br")
    assert breaks, "<br> is a line break"
    notes = "".join("".join(root.itertext()) for root in parts(deck, r"ppt/notesSlides/.*\.xml").values())
    assert "OKR: Objectives and key results" in notes
    assert "a note to authors" not in "".join(
        "".join(root.itertext()) for root in parts(deck, r"ppt/slides/.*\.xml").values()
    )


def test_inline_html_is_drawn_in_the_handout(project):
    with_body(project, INLINE)
    handout, _ = build(project, "handout")

    assert word_runs(handout, "2")[0].find(f"{W}rPr/{W}vertAlign").get(f"{W}val") == "subscript"
    assert word_runs(handout, "2")[1].find(f"{W}rPr/{W}vertAlign").get(f"{W}val") == "superscript"
    assert word_runs(handout, "underlined")[0].find(f"{W}rPr/{W}u").get(f"{W}val") == "single"
    assert word_runs(handout, "marked")[0].find(f"{W}rPr/{W}shd") is not None
    assert word_runs(handout, "Ctrl")[0].find(f"{W}rPr/{W}rFonts") is not None
    body = parts(handout, r"word/document\.xml")["word/document.xml"]
    assert any(run.find(f"{W}br") is not None for run in body.iter(f"{W}r"))


LINKS = (
    "## Hiring Process {#hiring}\n\nThe process.\n\n"
    '<a id="requirements"></a>\n\n## Requirements\n\nWhat we ask.\n\n'
    "## Elsewhere\n\nSee [the process](#hiring), [what we ask](#requirements), [values](/handbook/values/) "
    "and [the COO](coo.md).\n"
)


@needs_brand_fonts
def test_in_page_links_go_to_the_heading_in_the_handout(project):
    with_body(project, LINKS)
    (project / "rolegen.toml").write_text('base_url = "https://handbook.example.com/"\n', encoding="utf-8")
    handout, stderr = build(project, "handout")

    body = parts(handout, r"word/document\.xml")["word/document.xml"]
    bookmarks = {mark.get(f"{W}name") for mark in body.iter(f"{W}bookmarkStart")}
    anchors = {link.findtext(f".//{W}t"): link.get(f"{W}anchor") for link in body.iter(f"{W}hyperlink")}
    assert anchors["the process"] in bookmarks
    assert anchors["what we ask"] in bookmarks
    assert anchors["the COO"] in bookmarks  # a link to another role of the comparison goes to its section
    with zipfile.ZipFile(handout) as package:
        rels = package.read("word/_rels/document.xml.rels").decode()
    assert 'Target="https://handbook.example.com/handbook/values/"' in rels
    assert "warning" not in stderr


def test_in_page_links_go_to_the_slide_that_holds_the_heading(project):
    with_body(project, LINKS)
    deck, _ = build(project, "deck")

    (slide,) = slides_holding(deck, "See the process")
    root = parts(deck, re.escape(slide))[slide]
    jumps = [link for link in root.iter(f"{A}hlinkClick") if link.get("action") == "ppaction://hlinksldjump"]
    assert len(jumps) == 3
    number = slide.rsplit("/", 1)[1]
    rels = parts(deck, rf"ppt/slides/_rels/{re.escape(number)}\.rels")
    targets = {rel.get("Id"): rel.get("Target") for rel in next(iter(rels.values()))}
    (hiring,) = slides_holding(deck, "The process.")
    assert targets[jumps[0].get(f"{R}id")] == hiring.rsplit("/", 1)[1]


def test_a_site_relative_link_without_a_base_url_is_text_and_said_at_its_line(project):
    role = with_body(project, LINKS)
    handout, stderr = build(project, "handout")

    assert (
        f"warning: content/roles/ceo.md:{line_of(role, '/handbook/values/')}: link '/handbook/values/' is drawn as "
        "text: it is site-relative: set base_url (in rolegen.toml or the comparison) to the site" in stderr
    )
    with zipfile.ZipFile(handout) as package:
        assert "handbook/values" not in package.read("word/_rels/document.xml.rels").decode()


@pytest.mark.parametrize(
    "written",
    [
        "../../../etc/passwd",
        "java&#9;script:alert(1)",
        "JaVaScRiPt:alert(1)",
        "%6A%61vascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "file:///etc/passwd",
        "\\\\\\\\server\\\\share\\\\x.exe",
        "//evil.example/x",
        "ftp://files.example/x",
    ],
)
def test_a_link_that_is_no_web_address_makes_no_relationship(project, written):
    role = with_body(project, f"## Links\n\nOpen [this]({written}) now.\n")
    for kind in ("deck", "handout"):
        output, stderr = build(project, kind)
        with zipfile.ZipFile(output) as package:
            rels = "".join(package.read(n).decode() for n in package.namelist() if n.endswith(".rels"))
        external = re.findall(r'Target="([^"]*)"[^>]*TargetMode="External"', rels)
        assert all(re.match(r"(https?|mailto):", target) for target in external), external
        assert f"content/roles/ceo.md:{line_of(role, 'Open [this]')}: link " in stderr


def test_a_rule_is_a_line_in_the_handout_and_a_new_slide_in_the_deck(project):
    with_body(project, "## Two parts\n\nThe first part.\n\n---\n\nThe second part.\n")
    deck, _ = build(project, "deck")
    handout, _ = build(project, "handout")

    (first,) = slides_holding(deck, "The first part.")
    (second,) = slides_holding(deck, "The second part.")
    assert first != second
    # The body stands on the role's slide: the rule starts that slide's next page.
    assert "primary role (cont.)" in "".join(parts(deck, re.escape(second))[second].itertext())
    body = parts(handout, r"word/document\.xml")["word/document.xml"]
    assert body.findall(f".//{W}pPr/{W}pBdr/{W}bottom")


def test_body_headings_keep_their_levels_in_the_handout(project):
    with_body(project, "## Level two\n\nText.\n\n### Level three\n\nText.\n\n#### Level four\n\nText.\n")
    handout, _ = build(project, "handout")

    from docx import Document

    styles = {p.text: p.style.name for p in Document(str(handout)).paragraphs}
    assert (styles["Level two"], styles["Level three"], styles["Level four"]) == ("Heading 3", "Heading 4", "Heading 5")


def test_another_tools_syntax_and_unknown_blocks_are_said_with_their_line(project):
    role = with_body(project, "## Grades\n\n{{< section-inline-toc >}}\n\n::: warning\nMind the gap.\n:::\n")
    deck, stderr = build(project, "deck")

    assert (
        f"content/roles/ceo.md:{line_of(role, 'section-inline-toc')}: '{{{{< section-inline-toc >}}}}' looks like"
        in stderr
    )
    assert f"content/roles/ceo.md:{line_of(role, '::: warning')}: '::: warning' is not a block rolegen knows" in stderr
    assert slides_holding(deck, "Mind the gap.")


def test_an_embedded_video_becomes_a_link_to_it(project):
    role = with_body(
        project,
        '## Watch\n\n<figure class="video_container">\n  <iframe src="https://www.youtube.com/embed/abc" '
        'title="Our values in five minutes" frameborder="0" allowfullscreen="true"></iframe>\n</figure>\n',
    )
    handout, stderr = build(project, "handout")

    assert f"content/roles/ceo.md:{line_of(role, '<figure')}: an embedded <iframe> is drawn as a link" in stderr
    body = parts(handout, r"word/document\.xml")["word/document.xml"]
    links = [link for link in body.iter(f"{W}hyperlink") if "five minutes" in "".join(link.itertext())]
    assert links
    with zipfile.ZipFile(handout) as package:
        assert "https://www.youtube.com/embed/abc" in package.read("word/_rels/document.xml.rels").decode()


def figure(project: Path, attributes: str = "") -> None:
    Image.new("RGB", (400, 200), (20, 90, 160)).save(project / "content/chart.png")
    with_body(project, f"## Growth\n\n![Revenue doubled in two years](../chart.png){attributes}\n")


def test_an_image_alone_is_a_figure_with_its_caption(project):
    figure(project)
    deck, _ = build(project, "deck")
    handout, _ = build(project, "handout")

    (slide,) = slides_holding(deck, "Revenue doubled in two years")
    root = parts(deck, re.escape(slide))[slide]
    assert root.find(".//{*}pic/{*}nvPicPr/{*}cNvPr").get("descr") == "Revenue doubled in two years"
    from docx import Document

    captions = [p for p in Document(str(handout)).paragraphs if p.style.name == "Caption"]
    # The number is Word's SEQ field (its last result written in), which python-docx's text leaves out.
    assert ["".join(t.text for t in p._p.iter(f"{W}t")) for p in captions] == [
        "Figure\u00a01: Revenue doubled in two years"
    ]
    body = parts(handout, r"word/document\.xml")["word/document.xml"]
    assert "SEQ Figure" in body.find(f".//{W}fldSimple").get(f"{W}instr")


def test_nocaption_keeps_the_alt_text_as_the_description_only(project):
    figure(project, "{.nocaption}")
    deck, _ = build(project, "deck")
    handout, _ = build(project, "handout")

    assert not slides_holding(deck, "Revenue doubled in two years")
    from docx import Document

    assert not [p for p in Document(str(handout)).paragraphs if p.style.name == "Caption"]


def test_a_german_handouts_figures_are_numbered_in_german(project):
    import shutil

    from docx import Document

    from tests.conftest import REPO

    shutil.copytree(REPO / "content/de-DE", project / "content/de-DE")
    Image.new("RGB", (400, 200), (20, 90, 160)).save(project / "content/chart.png")
    role = project / "content/de-DE/roles/ceo.md"
    role.write_text(role.read_text(encoding="utf-8") + "\n![Der Umsatz hat sich verdoppelt](../../chart.png)\n")

    handout, _ = build(project, "handout", "--lang", "de-DE")

    captions = [p for p in Document(str(handout)).paragraphs if p.style.name == "Caption"]
    assert ["".join(t.text for t in p._p.iter(f"{W}t")) for p in captions] == [
        "Abbildung\u00a01: Der Umsatz hat sich verdoppelt"
    ]
