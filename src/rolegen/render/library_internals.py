"""The only place rolegen touches private attributes of python-pptx and python-docx, each behind a named function."""

from __future__ import annotations

import copy
import functools

# Pinned by tests/test_library_internals.py: no module outside this one reaches into the libraries'
# private attributes, so an upgrade that renames one breaks here, in one place.

# -- both libraries (their opc layers read alike) ---------------------------------------------------


def set_part_blob(part, blob: bytes) -> None:
    """Replace the bytes of a part the library keeps as a plain blob (the theme, Word's footnotes).

    Both libraries load parts they do not model as a Part whose `blob` is read-only; rolegen rewrites
    the theme's colours and fonts and the footnotes it draws, and the package must save those bytes.
    """
    part._blob = blob


# What python-docx and python-pptx make of a part the first time they are asked (a DocumentPart's
# Document, a SlidePart's Slide, a NotesSlidePart's NotesSlide), kept on the part and referring back.
_MADE_OF_A_PART = ("document", "slide", "notes_slide")


def empty_parts(parts) -> None:
    """Empty parts that are written or dropped (and a package among them), so they are freed at once.

    A part refers to its package and, through its relationships, to other parts; the package and
    the object a library made of a part refer back, and that object's shapes back to it: cycles,
    which reference counting never frees. Python's collector frees them only in a sweep of its
    oldest generation, which comes when that has grown by a quarter, and meanwhile each part holds
    its XML (outside Python's own memory): a build of 1,000 new hires' handouts peaked at 77.0 MB
    against 58.2 MB for 10, and the 300-document bench build at 105.6 MB (docs/performance.md).
    Emptied, nothing of them is left to a cycle, not even to the walks both libraries make of a
    package (next_partname), which keep the parts they visit in a closure that refers to itself.
    """
    for part in parts:
        for name in _MADE_OF_A_PART:
            made = part.__dict__.get(name)
            if made is not None:
                made.__dict__.clear()
        part.__dict__.clear()


# -- python-pptx ------------------------------------------------------------------------------------


def add_slide(prs, layout, slide_id: int):
    """Add a blank slide on layout, listed last in the deck's slide order with slide_id; return its part.

    python-pptx's add_slide looks through every relationship of the presentation for one to the
    new part, and add_sldId reads every slide id for the largest: each slide cost as much as the
    deck so far, so a deck of thousands of slides took quadratic time. A new part has no
    relationship yet (rolegen adds exactly the one python-pptx would), and the caller counts ids.
    Presentation.slides.add_slide would also clone the layout's placeholders by XPath; rolegen
    copies a skeleton it made once per master.
    """
    from pptx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
    from pptx.parts.slide import SlidePart

    part = prs.part
    # SlidePart.new, with the blank slide's XML parsed once and copied (a parse per slide was more).
    slide_part = SlidePart(part._next_slide_partname, CT.PML_SLIDE, part.package, copy.deepcopy(_blank_slide()))
    slide_part.relate_to(layout.part, RT.SLIDE_LAYOUT)
    rid = part.rels._add_relationship(RT.SLIDE, slide_part)
    prs.slides._sldIdLst._add_sldId(id=slide_id, rId=rid)
    return slide_part


@functools.cache
def _blank_slide():
    """Return python-pptx's blank slide XML, parsed once per process (SlidePart.new parses it anew)."""
    from pptx.oxml.slide import CT_Slide

    return CT_Slide.new()


def next_slide_id(prs) -> int:
    """Return the id python-pptx gives the next slide of a deck: one above the largest in use, from 256."""
    return max([255] + [int(slide_id.id) for slide_id in prs.slides._sldIdLst]) + 1


def package_rels(package):
    """Return a deck package's own relationships (/_rels/.rels), which python-docx names and python-pptx does not."""
    return package._rels


def drop_slides(prs) -> None:
    """Remove every slide from a deck (a master's example slides): python-pptx has no public way."""
    id_list = prs.slides._sldIdLst
    rids = [slide_id.rId for slide_id in id_list]
    parts = [prs.part.related_part(rid) for rid in rids]
    # The ids go first: drop_rel counts the references to a relationship in the presentation's
    # XML, which with every slide still listed cost each drop a walk over the whole list.
    for slide_id in list(id_list):
        id_list.remove(slide_id)
    for rid in rids:
        prs.part.drop_rel(rid)
    # Each dropped slide with its notes slide, which relate to each other: emptied, they are freed now.
    empty_parts([related for part in parts for related in (part, *_notes_parts(part))])


def _notes_parts(slide_part) -> list:
    """Return a slide part's notes slide parts (python-pptx gives at most one, by its lazy notes_slide)."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    return [
        rel.target_part
        for rel in slide_part.rels.values()
        if rel.reltype == RT.NOTES_SLIDE and not rel.is_external  # an external one has no part
    ]


def base_placeholder(shape):
    """Return the layout or master placeholder a placeholder inherits from (None without one).

    A master's placeholders inherit from none: python-pptx gives them no such attribute at all.
    """
    return getattr(shape, "_base_placeholder", None)


def shape_of(shapes, element):
    """Return python-pptx's proxy for a shape element of a shape collection, of the right class."""
    return shapes._shape_factory(element)


# -- python-docx ------------------------------------------------------------------------------------


def docx_parts(data: bytes):
    """Return python-docx's reader of a .docx's bytes: its parts unzipped and its relationships read.

    python-docx's Document() unzips and reads a package each time it opens one; a build opens the
    same prepared reference for every handout, and keeps the reader (nothing in it changes) to
    open it again from.
    """
    import io

    from docx.opc.pkgreader import PackageReader

    return PackageReader.from_file(io.BytesIO(data))


def open_docx_parts(reader, make_part):
    """Return the document of a package opened from docx_parts' reader, each part made by make_part.

    make_part is called as python-docx's PartFactory is, (partname, content_type, reltype, blob,
    package), and may be PartFactory itself.
    """
    from docx.opc.package import Unmarshaller
    from docx.package import Package

    package = Package()
    Unmarshaller.unmarshal(reader, package, make_part)
    return package.main_document_part.document
