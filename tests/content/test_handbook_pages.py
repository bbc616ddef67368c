"""Real handbook pages (tests/content/handbook/, sources in its README) build as role bodies with no word lost,
every link opening its target, and their headings at their levels.

The words expected are read from each page by markdown-it's own token stream, not by rolegen.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from markdown_it import MarkdownIt

from tests.conftest import docx_text
from tests.content.test_author_lines import rolegen

PAGES = sorted(p for p in (Path(__file__).parent / "handbook").glob("*.md") if p.name != "README.md")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ROLE = """---
title: Handbook role
short: HB
summary: A role whose body is a page from a public handbook.
responsibilities:
  - Read the page.
focus: The page.
---
"""


def page_body(page: Path) -> str:
    """Return a page without its own front matter: the role file brings rolegen's."""
    return re.sub(r"\A---\n.*?\n---\n", "", page.read_text(encoding="utf-8"), flags=re.S)


def words_of(markdown: str) -> list[str]:
    """Return the words a reader sees in a page, as markdown-it parses it (HTML blocks and comments aside)."""
    words = []
    for token in MarkdownIt("commonmark").enable("table").enable("strikethrough").parse(markdown):
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                words.extend(child.content.split())
    return words


@pytest.fixture
def handbook(project):
    """The project with its CEO's body replaced by a handbook page, and the handbook's site as base_url."""
    (project / "rolegen.toml").write_text('base_url = "https://handbook.example.com/"\n', encoding="utf-8")

    def use(page: Path) -> Path:
        (project / "content/roles/ceo.md").write_text(ROLE + page_body(page), encoding="utf-8")
        return project

    return use


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_a_handbook_page_loses_no_word_in_the_handout(handbook, page):
    project = handbook(page)
    result = rolegen("handout", "--brand", "acme", "-o", "h.docx", cwd=project)

    assert result.returncode == 0, result.stderr
    drawn = " ".join(docx_text(project / "h.docx").split())
    missing = [word for word in words_of(page_body(page)) if word not in drawn]
    assert not missing


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_a_handbook_pages_links_all_open(handbook, page):
    project = handbook(page)
    for kind, name in (("deck", "d.pptx"), ("handout", "h.docx")):
        result = rolegen(kind, "--brand", "acme", "-o", name, cwd=project)
        assert result.returncode == 0, result.stderr
        with zipfile.ZipFile(project / name) as package:
            rels = "".join(package.read(n).decode() for n in package.namelist() if n.endswith(".rels"))
            external = re.findall(r'Target="([^"]*)"[^>]*TargetMode="External"', rels)
            assert all(re.match(r"(https?://[^/]|mailto:)", target) for target in external), external
            if kind == "handout":
                body = etree.fromstring(package.read("word/document.xml"))
                marks = {mark.get(f"{W}name") for mark in body.iter(f"{W}bookmarkStart")}
                anchors = [link.get(f"{W}anchor") for link in body.iter(f"{W}hyperlink") if link.get(f"{W}anchor")]
                assert set(anchors) <= marks


def test_a_site_relative_link_of_a_handbook_page_leads_into_the_site(handbook):
    project = handbook(Path(__file__).parent / "handbook/gitlab-chief-of-staff.md")
    rolegen("handout", "--brand", "acme", "-o", "h.docx", cwd=project)

    with zipfile.ZipFile(project / "h.docx") as package:
        rels = package.read("word/_rels/document.xml.rels").decode()
    assert "https://handbook.example.com/handbook/company/okrs/#schedule" in rels


def test_a_handbook_pages_headings_keep_their_levels(handbook):
    from docx import Document

    project = handbook(Path(__file__).parent / "handbook/gitlab-chief-of-staff.md")
    rolegen("handout", "--brand", "acme", "-o", "h.docx", cwd=project)

    styles = {p.text: p.style.name for p in Document(str(project / "h.docx")).paragraphs}
    # '## Responsibilities' sits one level below the role's own sections, '### Directed Work' one more.
    assert styles["Responsibilities"] == "Heading 3"
    assert styles["Directed Work"] == "Heading 4"
