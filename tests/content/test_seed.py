"""Every statement of the seed text reaches both the deck and the handout."""

from __future__ import annotations

import re

import pytest

from conftest import SEED, docx_text, pptx_text

SEED_TEXT = SEED.read_text(encoding="utf-8") if SEED.exists() else ""


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _bullets(after: str, before: str) -> list[str]:
    section = SEED_TEXT.split(after, 1)[1].split(before, 1)[0]
    return [line.strip()[2:].strip() for line in section.splitlines() if line.strip().startswith("- ")]


def seed_statements() -> list[str]:
    """The seed's statements, read from the seed file itself rather than retyped."""
    ceo, coo = SEED_TEXT.split("COO (Chief Operating Officer)", 1)
    statements = _bullets("Key Responsibilities:", "Focus:")  # CEO's
    statements += [s for s in _bullets("Focus:", "COO (Chief Operating Officer)")]
    statements += [
        line.strip()[2:]
        for line in coo.split("Key Responsibilities:", 1)[1].split("Focus:", 1)[0].splitlines()
        if line.strip().startswith("- ")
    ]
    statements += [
        line.strip()[2:]
        for line in coo.split("Focus:", 1)[1].split("Key Differences:", 1)[0].splitlines()
        if line.strip().startswith("- ")
    ]
    statements.append(
        "The CEO is the top executive in a company and is responsible for the organization's overall vision, strategy, and direction."
    )
    statements.append(coo.split("Primary Role:", 1)[1].strip().splitlines()[0].strip())
    # The key differences: each half of the seed's sentences.
    statements += [
        "overall direction and leadership of the company",
        "ensuring that the company’s operations are efficient and running smoothly",
        "externally focused (investors, media, partnerships)",
        "internal operations (processes, productivity, and efficiency)",
        "Scope",
        "External vs. Internal",
        "CEO shows the vision COO makes it happen",
    ]
    return statements


@pytest.mark.skipif(not SEED_TEXT, reason="the shared seed file is not beside the repository")
def test_seed_has_the_statements_we_expect():
    assert len(seed_statements()) == 21
    assert all(s in SEED_TEXT for s in seed_statements())


@pytest.mark.skipif(not SEED_TEXT, reason="the shared seed file is not beside the repository")
@pytest.mark.parametrize("kind,reader", [("deck", pptx_text), ("handout", docx_text)], ids=["deck", "handout"])
def test_every_seed_statement_is_in_the_document(run, project, kind, reader):
    result = run(kind, "--brand", "acme")
    assert result.exit_code == 0, result.output
    suffix = ".pptx" if kind == "deck" else ".docx"
    text = _normal(reader(project / "output" / "acme" / f"ceo-vs-coo{suffix}"))
    missing = [s for s in seed_statements() if _normal(s) not in text]
    assert missing == []
