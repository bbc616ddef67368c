"""The few private attributes of python-docx (and python-pptx) rolegen relies on, each behind a named function."""

from __future__ import annotations

# -- python-docx ------------------------------------------------------------------------------------
# Pinned by tests/test_library_internals.py: no module outside this one reaches into python-docx's
# private attributes, so an upgrade that renames one breaks here, in one place.


def set_docx_part_blob(part, blob: bytes) -> None:
    """Replace the bytes a python-docx Part (one it has no class for: theme, footnotes) is saved with.

    python-docx loads parts it does not model as a plain Part whose `blob` is read-only; rolegen
    rewrites the theme's colours and the footnotes it draws, and the package must save those bytes.
    """
    part._blob = blob


def set_docx_part_element(part, element) -> None:
    """Replace the XML root a python-docx XmlPart (styles, numbering) is saved from.

    XmlPart.element has no setter; a build's later handouts swap in a prepared copy of the first's
    styles instead of styling again, which is the costliest step of opening a handout.
    """
    part._element = element
