"""A drawn deck or handout is freed as it is written, not at the collector's next full sweep.

python-docx's and python-pptx's parts refer to their package and to each other, and to the objects
made of them, which refer back: cycles, which reference counting never frees and Python's collector
sweeps from its oldest generation only now and then. Each handout's XML waited there, and a build
of 1,000 new hires' handouts peaked at 77.0 MB against 58.2 MB for 10 (docs/performance.md). rolegen's
own walk of a package was such a cycle too: a function that calls itself holds itself, and it
held every part it had seen.
"""

from __future__ import annotations

import gc

import pptx
import pytest
from lxml import etree

from rolegen.build import documents
from rolegen.cache import BuildCache
from rolegen.inputs.project import Project
from rolegen.render import docx as docx_renderer
from rolegen.render import library_internals
from rolegen.render.library_internals import package_rels
from rolegen.render.ooxml import write_package


def _left_for_the_collector(draw) -> list:
    """Return what draw() leaves behind that only the cyclic collector could free."""
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        draw()
        gc.collect()
        return list(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


def _holding_xml(objects: list) -> list:
    """Return the XML elements among objects, and the parts and document objects that hold one."""
    return [o for o in objects if isinstance(o, etree._Element) or "_element" in getattr(o, "__dict__", {})]


@pytest.mark.parametrize("kind", ["deck", "handout"])
def test_a_drawn_document_leaves_none_of_its_xml_to_the_collector(project, kind):
    root, cache = Project(project), BuildCache()

    def draw():
        documents.render(root, "acme", "ceo-vs-coo", kind, cache=cache)

    draw()  # the brand's first document opens the master or reference the build keeps
    left = _left_for_the_collector(draw)
    assert [type(o).__name__ for o in _holding_xml(left)] == []


def test_emptying_the_parts_changes_no_byte_of_any_document(project, monkeypatch):
    """Parts are emptied after their document is written and read, and the open master's own parts
    never: two brands' decks and handouts, each kind twice on one cache (the second deck on the
    master the first dropped its slides from), are the same bytes as with nothing emptied."""
    root = Project(project)

    def draw_all() -> list[bytes]:
        cache = BuildCache()
        return [
            documents.render(root, brand, comparison, kind, cache=cache)[1].data
            for kind in ("deck", "handout")
            for brand in ("acme", "globex")
            for comparison in ("ceo-vs-coo", "ceo-vs-coo")
        ]

    emptied = draw_all()
    monkeypatch.setattr(library_internals, "empty_parts", lambda parts: None)
    monkeypatch.setattr(docx_renderer, "empty_parts", lambda parts: None)
    assert draw_all() == emptied


def test_the_package_walk_is_no_cycle():
    """write_package's walk of the relationships, run on a package of parts that relate to each
    other both ways, leaves nothing for the collector (the recursive closure it replaced did)."""
    prs = pptx.Presentation()
    prs.slides.add_slide(prs.slide_layouts[0])

    def walk():
        write_package(package_rels(prs.part.package))

    walk()
    left = _left_for_the_collector(walk)
    assert [type(o).__name__ for o in left if type(o).__name__ in ("function", "cell", "set")] == []


def test_dropping_a_slide_with_an_external_notes_relationship_fails_nothing():
    """An external relationship has no part to empty: dropping its slide neither raises nor reads one."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    prs = pptx.Presentation()
    prs.slides.add_slide(prs.slide_layouts[0]).part.relate_to("https://example.com/n", RT.NOTES_SLIDE, is_external=True)
    library_internals.drop_slides(prs)
    assert len(prs.slides) == 0
