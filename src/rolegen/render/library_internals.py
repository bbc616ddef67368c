"""The only place rolegen touches private attributes of python-pptx and python-docx, each behind a named function."""

from __future__ import annotations

# Pinned by tests/test_library_internals.py: no module outside this one reaches into the libraries'
# private attributes, so an upgrade that renames one breaks here, in one place.

# -- both libraries (their opc layers read alike) ---------------------------------------------------


def set_part_blob(part, blob: bytes) -> None:
    """Replace the bytes of a part the library keeps as a plain blob (the theme, Word's footnotes).

    Both libraries load parts they do not model as a Part whose `blob` is read-only; rolegen rewrites
    the theme's colours and fonts and the footnotes it draws, and the package must save those bytes.
    """
    part._blob = blob


# -- python-pptx ------------------------------------------------------------------------------------


def add_slide_id(prs, rid: str) -> None:
    """List a slide part (related to the presentation as rid) in the deck's slide order.

    Presentation.slides.add_slide would also clone the layout's placeholders by XPath; rolegen
    adds the part itself and copies a skeleton it made once per master.
    """
    prs.slides._sldIdLst.add_sldId(rid)


def package_rels(package):
    """Return a deck package's own relationships (/_rels/.rels), which python-docx names and python-pptx does not."""
    return package._rels


def drop_slides(prs) -> None:
    """Remove every slide from a deck (a master's example slides): python-pptx has no public way."""
    id_list = prs.slides._sldIdLst
    for slide_id in list(id_list):
        prs.part.drop_rel(slide_id.rId)
        id_list.remove(slide_id)


def base_placeholder(shape):
    """Return the layout or master placeholder a placeholder inherits from (None without one).

    A master's placeholders inherit from none: python-pptx gives them no such attribute at all.
    """
    return getattr(shape, "_base_placeholder", None)


def shape_of(shapes, element):
    """Return python-pptx's proxy for a shape element of a shape collection, of the right class."""
    return shapes._shape_factory(element)
