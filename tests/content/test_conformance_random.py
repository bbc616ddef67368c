"""Random role bodies built from every construct rolegen draws lose no word in deck or handout."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import office_words as ow
from test_conformance import CORPUS, make_project

FRONT = (CORPUS / "link.md").read_text(encoding="utf-8").split("---", 2)[1]
word = st.text(string.ascii_lowercase, min_size=3, max_size=9)


@st.composite
def sentence(draw) -> str:
    words = draw(st.lists(word, min_size=1, max_size=6))
    style = draw(st.sampled_from(["", "**{}**", "*{}*", "~~{}~~", "`{}`", "[{}](https://example.com/{})"]))
    if style:
        index = draw(st.integers(0, len(words) - 1))
        words[index] = style.format(words[index], words[index])
    return " ".join(words)


@st.composite
def a_list(draw, depth: int = 0) -> list[str]:
    ordered = draw(st.booleans())
    lines = []
    for number in range(1, draw(st.integers(1, 3)) + 1):
        marker = f"{number}. " if ordered else "- "
        pad = " " * len(marker)
        lines.append(marker + draw(sentence()))
        if depth < 2 and draw(st.booleans()):
            lines += [pad + line for line in draw(a_list(depth + 1))]
        elif draw(st.integers(0, 4)) == 0:
            lines += ["", pad + draw(sentence())]  # a second paragraph in the item
    return lines


@st.composite
def body(draw) -> str:
    blocks, notes = [], []
    for index in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["paragraph", "list", "heading", "code", "table", "quote", "footnote", "image"]))
        if kind == "paragraph":
            blocks.append(draw(sentence()))
        elif kind == "list":
            blocks.append("\n".join(draw(a_list())))
        elif kind == "heading":
            blocks.append(draw(st.sampled_from(["## ", "### ", "#### "])) + draw(sentence()))
        elif kind == "code":
            blocks.append("```\n" + "\n".join(draw(st.lists(word, min_size=1, max_size=3))) + "\n```")
        elif kind == "table":
            cells = draw(st.lists(word, min_size=4, max_size=4))
            blocks.append(f"| {cells[0]} | {cells[1]} |\n|---|---|\n| {cells[2]} | {cells[3]} |")
        elif kind == "quote":
            blocks.append("> " + draw(sentence()))
        elif kind == "footnote":
            blocks.append(f"{draw(sentence())}[^n{index}]")
            notes.append(f"[^n{index}]: {draw(sentence())}")
        else:
            blocks.append(f"![{' '.join(draw(st.lists(word, min_size=1, max_size=4)))}](img/org-chart.png)")
    return "\n\n".join(blocks + notes) + "\n"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("random"), (CORPUS / "link.md").read_text(encoding="utf-8"))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=body())
def test_no_word_of_a_random_body_is_lost(project, text):
    from rolegen.build import documents
    from rolegen.inputs.project import Project

    (project / "content" / "roles" / "ceo.md").write_text(f"---{FRONT}---\n{text}", encoding="utf-8")
    wanted = ow.source_words(text)
    for kind, read in (("deck", ow.deck_text), ("handout", ow.handout_text)):
        _, rendered = documents.render(Project(project), "acme", None, kind)
        assert sorted(wanted - ow.words(read(rendered.data))) == [], kind
