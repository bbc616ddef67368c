"""The knowledge check in GIFT, Moodle's plain-text question format."""

from __future__ import annotations

from rolegen.lms.questions import Question, Quiz

# GIFT's own characters; a backslash escapes each, and the backslash itself (escaped first).
_SPECIAL = "\\~=#{}:"


def gift(quiz: Quiz) -> bytes:
    """Return the quiz as GIFT: one multiple-choice question per item, the owner marked '=', feedback after '#'."""
    lines = [f"// {_comment(quiz.title)}", f"// {_comment(quiz.instructions)}", ""]
    for question in quiz.questions:
        lines += [*_question(question), ""]
    return "\n".join(lines).encode("utf-8")


def escape(text: str) -> str:
    """Return text with every character GIFT reads as syntax escaped, on one line."""
    text = " ".join(text.split())
    return "".join("\\" + char if char in _SPECIAL else char for char in text)


def _question(question: Question) -> list[str]:
    feedback = escape(question.feedback)
    return [
        f"::{escape(question.identifier)}::[plain]{escape(question.stem)} {{",
        *(
            f"\t{'=' if index == question.correct else '~'}{escape(choice)}#{feedback}"
            for index, choice in enumerate(question.choices)
        ),
        "}",
    ]


def _comment(text: str) -> str:
    # A comment runs to the end of its line, so only a line break could end it early.
    return " ".join(text.split())
