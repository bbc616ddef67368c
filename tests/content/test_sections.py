"""A document's sections are parsed once per build: cut where markdown-it starts afresh, each parses
alone into what it is in the whole text, and a text that cannot be cut so is parsed whole.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rolegen.build import documents
from rolegen.cache import BuildCache
from rolegen.content import markdown
from rolegen.content.inlines import MarkdownError, collecting
from rolegen.inputs.project import Project

TESTS = Path(__file__).resolve().parents[1]
# Markdown nobody here wrote (handbook pages, their source in handbook/README.md), and the
# conformance corpus of every construct rolegen draws.
CORPUS = sorted((TESTS / "content" / "handbook").glob("*.md")) + sorted((TESTS / "conformance").glob("*.md"))


def whole(text: str):
    """Return what parsing text whole gives: the document and its notices, or the error's (message, line)."""
    with collecting() as notices:
        try:
            return markdown._parse(text), notices
        except MarkdownError as e:
            return "error", (str(e), e.line)


def in_sections(text: str, cache: BuildCache | None = None):
    """Return what parsing text section by section gives, as whole() does."""
    found = markdown.sections(text)
    assert found is not None
    assert "".join(part for _, part in found) == text
    with collecting() as notices:
        try:
            return markdown._joined(found, cache or BuildCache())[0], notices
        except MarkdownError as e:
            return "error", (str(e), e.line)


ROLES = {"coo": "Chief Operating Officer", "ceo": "Chief Executive Officer"}


def same(text: str) -> None:
    expected, sections = whole(text), in_sections(text)
    if expected[0] == "error":
        assert sections[0] == "error", text  # the first in the text of its errors, where it has several
        return
    assert sections == expected, text
    # And with its links decided: in-page ones across sections, to roles, and refused ones.
    linked = markdown.parse(text, "https://example.com/", ROLES)
    cached = markdown.parse(text, "https://example.com/", ROLES, BuildCache())
    assert (cached, cached.notices) == (linked, linked.notices), text


def test_a_template_s_markdown_is_cut_before_each_heading_that_follows_a_blank_line(project: Path):
    brand, comparison = documents.load_inputs(Project(project), "acme", None)
    for kind in ("deck", "handout"):
        _, text = documents.intermediate_markdown(Project(project), brand, comparison, kind)
        found = markdown.sections(text)
        starts = [start for start, _ in found]
        lines = text.split("\n")
        assert len(found) > 10
        assert all(lines[start].startswith("#") and not lines[start - 1].strip() for start in starts[1:])
        same(text)


def test_links_between_sections_are_decided_on_the_whole_document():
    text = (
        "# One\n\nSee [two](#two) and [the COO](coo.md).\n\n## Chief Operating Officer (COO)\n\n"
        "## Two {#two}\n\n### Chief Operating Officer in practice\n"
    )
    document = markdown.parse(text, roles=ROLES, cache=BuildCache())
    urls = [span.url for span in document.blocks[1].spans if span.url]
    # A role's link goes where it did with the text parsed whole: of two headings that fit, the last.
    assert urls == ["#two", "#chief-operating-officer-in-practice"]
    same(text)


def test_ten_brands_decks_parse_each_shared_section_once():
    text = "---\ntitle: T\nauthor: Acme\n---\n\n## One\n\nText one.\n\n## Two\n\n- a\n- b\n"
    cache, made = BuildCache(), []
    real = markdown._section
    try:
        markdown._section = lambda start, part: made.append(start) or real(start, part)
        for brand in ("Acme", "Globex", "Initech"):
            document = markdown.parse(text.replace("Acme", brand), cache=cache)
            assert document.meta.author == brand
    finally:
        markdown._section = real
    assert made == [0, 5, 9, 0, 0]  # the metadata block once per brand, the two slides once
    assert document == markdown.parse(text.replace("Acme", "Initech"))


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_real_markdown_parses_the_same_in_sections(path: Path):
    text = path.read_text(encoding="utf-8")
    if markdown.sections(text) is not None:
        same(text)


def test_the_corpus_holds_texts_that_are_cut():
    assert sum(markdown.sections(p.read_text(encoding="utf-8")) is not None for p in CORPUS) >= 5


@pytest.mark.parametrize(
    "text",
    [
        "Text[^1].\n\n# H\n\n[^1]: A note.\n",  # footnotes are numbered across the text
        "[a][ref]\n\n# H\n\n[ref]: https://example.com\n",  # a link's definition may come after it
        "<div>\n\n# H\n\n</div>\n",  # an HTML block
        "<!--\n\n# H\n\n-->\n",
        "- item\n\n      ```\n# H\n",  # a fence set in from the margin
        "```\n\n# H\n",  # a fence never closed runs to the end
        "::: notes\n\n# H\n",  # so does a ::: block
        "```a`b\n\n# H\n",  # no fence: its info string holds a backtick
        "Text\r\n\r\n# H\r\n",  # markdown-it and str.splitlines count these lines differently
        "Text\u2028\n\n# H\n",
        "---\ntitle: x\n  ---\n\n# H\n",  # a metadata block whose end is set in
    ],
)
def test_a_text_that_cannot_be_cut_safely_is_parsed_whole(text: str):
    assert markdown.sections(text) is None


@pytest.mark.parametrize(
    "text, starts",
    [
        ("# A\n\n# B\n", [0, 2]),
        ("# A\n# B\n", [0]),  # no blank line before it: left in its section
        ("```\n\n# not a heading\n\n```\n\n# B\n", [0, 6]),
        ("~~~~\n```\n\n# code\n~~~\n~~~~\n\n# B\n", [0, 7]),
        ("::: notes\n\n# in the notes\n\n:::\n\n# B\n", [0, 6]),
        # A ::: block ends at the first line of as many colons, even inside a fence, as markdown-it reads it.
        ("::: notes\n```\n:::\n\n# B\n", [0, 4]),
        (":::: columns\n::: column\n\n# A\n:::\n::::\n\n# B\n", [0, 7]),
        ("---\ntitle: x\n\n# not a heading\n---\n\n# B\n", [0, 6]),
        ("---\ntitle: x\n\n# H\n", [0, 3]),  # never closed: no metadata block
        ("- item\n\n  # inside the item\n\n# B\n", [0, 4]),
        # Right after a table's rows a ::: or fence line starts its block, as it does after a paragraph.
        ("| a |\n|---|\n:::\n\n# in the block\n\n:::\n\n# B\n", [0, 8]),
        ("| a | b |\n|---|---|\n```\n\n# code\n\n```\n\n# B\n", [0, 8]),
        ("> quoted\n~~~\n\n# code\n\n~~~\n\n# B\n", [0, 7]),
    ],
)
def test_sections_start_where_markdown_it_starts_afresh(text: str, starts: list[int]):
    assert [start for start, _ in markdown.sections(text)] == starts
    same(text)


# Random texts of the constructs whose blocks run past a blank line, and of headings at and off the margin.
PIECES = [
    "# Heading",
    "## Slide {.section}",
    "### Small",
    "  # set in",
    "Some *text* and `code`.",
    "More text\n===",
    "- a\n- b\n\n  continued",
    "1. one\n\n   # inside",
    "> quoted\n> # quoted heading",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "| a |\n|---|\n| 1 | 2 | 3 |",
    "```\n# in code\n\n:::\n```",
    "````\n```\n\n# in code\n````",
    "~~~ text\n\n# in code\n~~~",
    "::: notes\nSay this.\n\n# in the notes\n:::",
    ":::: columns\n::: column\nLeft\n\n# in a column\n:::\n::: column\nRight\n:::\n::::",
    "::: notes\n```\n:::\n\n# after",
    "---",
    "***",
    "Term\n: definition",
    "    indented code\n\n    # not a heading",
    "## Chief Operating Officer (COO)",
    "## Two {#two}",
    "### Chief Operating Officer in practice",
    "See [two](#two), [the COO](coo.md), [the CEO](../roles/ceo.md#x) and [values](/handbook/values/).",
    "A [bad link](file:///etc/passwd), [a missing one](#nowhere) and [a good one](https://example.com).",
]
# Markers that leave a block open, or close one that is not: rarer, as they make most texts whole.
LOOSE = ["```", "~~~", ":::", "::::", "::: notes", "---"]


@st.composite
def texts(draw) -> str:
    front = draw(st.sampled_from(["", "---\ntitle: T\n---\n", "---\ntitle: T\n\n# H\n---\n", "---\n"]))
    pieces = draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12))
    if draw(st.integers(0, 4)) == 0:
        pieces.insert(draw(st.integers(0, len(pieces))), draw(st.sampled_from(LOOSE)))
    text = front
    for piece in pieces:
        text += piece + draw(st.sampled_from(["\n", "\n\n", "\n\n", "\n  \n"]))
    return text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts())
def test_any_text_parses_the_same_in_sections_as_whole(text: str):
    if markdown.sections(text) is not None:
        same(text)


def test_emphasis_nested_past_python_s_limit_is_refused_at_its_section():
    text = "# A\n\nText.\n\n# B\n\n" + "*" * 2000 + "x" + "*" * 2000 + "\n"
    with pytest.raises(MarkdownError, match="nested too deeply") as whole_text:
        markdown.parse(text)
    with pytest.raises(MarkdownError, match="nested too deeply") as cut:
        markdown.parse(text, cache=BuildCache())
    assert (whole_text.value.line, cut.value.line) == (1, 5)  # the section's heading, not the text's first line
