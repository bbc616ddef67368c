"""The knowledge check as a learning platform asks it: one multiple-choice question per responsibility."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rolegen.content import i18n, markdown
from rolegen.errors import ContentError
from rolegen.model import Comparison, Role
from rolegen.tree import plain

# Characters XML 1.0 cannot hold at all, escaped or not: a bank with one would not import.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
MASTERY_PERCENT = 80  # the score a learner needs to pass, as SCORM's adlcp:masteryscore


@dataclass(frozen=True)
class Question:
    """One question: the responsibility, the roles to choose from, which one owns it, and what to say after."""

    identifier: str  # "q1", "q2": stable across builds, so a platform updates the question it imported
    stem: str
    choices: tuple[str, ...]
    correct: int  # index into choices
    feedback: str


@dataclass(frozen=True)
class Quiz:
    """The knowledge check of a comparison, in its language, as plain text."""

    id: str  # the comparison's id
    title: str
    lang: str
    instructions: str
    questions: tuple[Question, ...]
    words: i18n.Words
    mastery: int = MASTERY_PERCENT


def knowledge_check(comparison: Comparison, words: i18n.Words) -> Quiz:
    """Return the deck's "Which role owns this?" slide as questions, with the feedback its speaker notes give."""
    choices = tuple(plain_text(words.format("lms_choice", title=r.title, short=r.short), r) for r in comparison.roles)
    questions = []
    for number, (owner, item) in enumerate(comparison.quiz(), start=1):
        stem = plain_text(item, owner)
        questions.append(
            Question(
                identifier=f"q{number}",
                stem=stem,
                choices=choices,
                correct=comparison.roles.index(owner),
                feedback=words.format("lms_feedback", short=plain_text(owner.short, owner), responsibility=stem),
            )
        )
    return Quiz(
        id=comparison.id,
        title=f"{plain_text(comparison.title)}: {words['knowledge_check']}",
        lang=comparison.lang,
        instructions=words["lms_instructions"],
        questions=tuple(questions),
        words=words,
    )


def plain_text(text: str, role: Role | None = None) -> str:
    """Return a line of the author's Markdown as the words a reader sees: no markup, one line.

    A responsibility is Markdown on the slide (**bold**, [a link](...), \\<escaped>), so it is
    parsed the way the deck parses it and only its text is kept; the platforms get plain text.
    """
    text = _NOT_XML.sub("", text)
    try:
        document = markdown.parse(" ".join(text.split()))
    except markdown.MarkdownError as e:
        raise ContentError(f"{e} (in '{' '.join(text.split())}')", role.source if role else None) from e
    parts = [plain(block.spans) for block in document.blocks if hasattr(block, "spans")]
    return " ".join(" ".join(parts).split()) if parts else " ".join(text.split())
