"""The learning-platform files of one comparison (build --lms): question banks and the SCORM package."""

from __future__ import annotations

from rolegen.build.plan import Output
from rolegen.cache import BuildCache
from rolegen.content import dates, i18n
from rolegen.inputs.project import Project
from rolegen.lms.gift import gift
from rolegen.lms.moodle_xml import moodle_xml
from rolegen.lms.qti import qti_package
from rolegen.lms.questions import Quiz, knowledge_check
from rolegen.lms.scorm import scorm_package


def quiz_of(project: Project, output: Output, cache: BuildCache | None = None) -> Quiz:
    """Return the knowledge check of an output's comparison, in its language's words."""
    from rolegen.build.documents import load_inputs

    local = output.project(project)
    _, comparison = load_inputs(local, output.brand, output.comparison, cache)
    return knowledge_check(comparison, i18n.words(comparison.lang, local.templates_dir, cache))


def lms_file(
    project: Project,
    output: Output,
    cache: BuildCache | None = None,
    handout: bytes | None = None,
    deck_pdf: bytes | None = None,
) -> bytes:
    """Return one learning-platform file; the SCORM package also needs the handout and the deck's PDF."""
    from rolegen.build.documents import load_inputs

    quiz = quiz_of(project, output, cache)
    if output.kind == "moodle":
        return moodle_xml(quiz)
    if output.kind == "gift":
        return gift(quiz)
    _, comparison = load_inputs(output.project(project), output.brand, output.comparison, cache)
    stamp = dates.build_timestamp(comparison).date()
    if output.kind == "qti":
        return qti_package(quiz, stamp)
    if handout is None or deck_pdf is None:
        raise ValueError("the SCORM package is made of the handout and the deck's PDF")
    return scorm_package(quiz, deck_pdf, handout, stamp)
