"""The only place rolegen touches private attributes of the Office libraries, each behind a named function."""

from __future__ import annotations

# -- python-pptx ----------------------------------------------------------------------------------


def add_slide_id(prs, rid: str) -> None:
    """List a slide part (related to the presentation as rid) in the deck's slide order.

    Presentation.slides.add_slide would also clone the layout's placeholders by XPath; rolegen
    adds the part itself and copies a skeleton it made once per master.
    """
    prs.slides._sldIdLst.add_sldId(rid)


def drop_slides(prs) -> None:
    """Remove every slide from a deck (a master's example slides): python-pptx has no public way."""
    id_list = prs.slides._sldIdLst
    for slide_id in list(id_list):
        prs.part.drop_rel(slide_id.rId)
        id_list.remove(slide_id)


def set_blob(part, blob: bytes) -> None:
    """Replace the bytes of a part python-pptx keeps as a blob (the theme): it has no setter."""
    part._blob = blob


def base_placeholder(shape):
    """Return the layout or master placeholder a placeholder inherits from (None without one)."""
    return shape._base_placeholder


def shape_of(shapes, element):
    """Return python-pptx's proxy for a shape element of a shape collection, of the right class."""
    return shapes._shape_factory(element)


def run_element(run):
    """Return the a:r element behind a python-pptx run, so rolegen can style it as XML."""
    return run._r
