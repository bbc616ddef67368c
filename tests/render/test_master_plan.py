"""A master is read once into an immutable plan; drawing decks on it never changes the plan."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest
from lxml import etree

from conftest import BRAND_FONTS, IN_CI, missing_fonts

ROLEGEN = Path(sys.executable).parent / "rolegen"  # the installed console script


@pytest.mark.parametrize("brand_name", ["acme", "globex"])
def test_the_plan_is_read_only_and_drawing_leaves_it_alone(project, brand_name, monkeypatch):
    from rolegen.build import documents
    from rolegen.inputs.project import Project
    from rolegen.render import master_plan
    from rolegen.render import pptx as renderer

    brand, _ = documents.load_inputs(Project(project), brand_name, None)
    plan = master_plan.plan(master_plan.open_master(brand), brand)
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.layouts = {}
    mappings = [plan.layouts, plan.backdrops, plan.schemes, plan.insets, plan.skeletons]
    mappings += [plan.geometry.bodies, plan.geometry.titles, plan.geometry.body_insets, plan.geometry.title_insets]
    for mapping in mappings:
        assert isinstance(mapping, Mapping)
        with pytest.raises(TypeError):
            mapping["new"] = None  # a read-only view, not a dict that grows as decks ask
    # Every kind of slide has its layout's geometry, and every layout its skeleton, from the start.
    assert set(plan.geometry.bodies) == set(plan.layouts) == set(plan.geometry.titles)
    assert len(plan.skeletons) == len(set(plan.layouts.values()))

    def snapshot(plan):
        return {name: [etree.tostring(e) for e in shapes] for name, shapes in plan.skeletons.items()}, dict(plan.insets)

    # The plan the build itself reads (the project is a fresh copy, so it is read anew here).
    used = []
    monkeypatch.setattr(renderer, "_plan", lambda prs, brand: used.append(master_plan.plan(prs, brand)) or used[-1])
    documents.render(Project(project), brand_name, None, "deck")
    before = snapshot(used[0])
    for _ in range(2):
        documents.render(Project(project), brand_name, None, "deck")
    assert snapshot(used[0]) == before
    assert snapshot(plan) == before


def test_a_layout_that_sets_one_text_inset_keeps_the_masters_others(project):
    """A layout body that says only tIns inherits lIns, rIns and bIns from the master's body.

    The plan keys a layout placeholder's insets as a slide on it looks them up; reading the layout
    must not leave the master's insets there in place of the layout's own.
    """
    from packages import read_parts, write_parts

    from rolegen.build import documents
    from rolegen.inputs.project import Project
    from rolegen.render import master_plan

    kit = project / "templates" / "brands" / "globex"
    parts = read_parts(kit / "deck.pptx")
    layout = "ppt/slideLayouts/slideLayout2.xml"  # "Globex Content": its body is <p:ph idx="1"/>
    body = b'<p:ph idx="1"/></p:nvPr></p:nvSpPr>'
    head, tail = parts[layout].split(body)
    parts[layout] = head + body + tail.replace(b"<a:bodyPr/>", b'<a:bodyPr tIns="914400"/>', 1)
    write_parts(kit / "deck.pptx", parts)

    brand, _ = documents.load_inputs(Project(project), "globex", None)
    plan = master_plan.plan(master_plan.open_master(brand), brand)
    inherited = plan.insets[("layout", "/ppt/slideLayouts/slideLayout2.xml", "1")]
    # The master's body says 91440 EMU left and right, 45720 top and bottom: 7.2 pt and 3.6 pt.
    assert dict(inherited) == {"lIns": 7.2, "rIns": 7.2, "tIns": 72.0, "bIns": 3.6}
    assert plan.geometry.body_insets["content"].top == 72.0


def test_a_master_whose_placeholders_state_no_insets_draws_with_offices_defaults(project):
    """Insets are optional in a master: its placeholders then inherit Office's, and inherit from nothing.

    rolegen stopped with an internal error on such a master (it asked python-pptx what a master's
    placeholder inherits from, which it has no answer for).
    """
    from packages import read_parts, write_parts

    kit = project / "templates" / "brands" / "globex"
    parts = read_parts(kit / "deck.pptx")
    master = "ppt/slideMasters/slideMaster1.xml"
    parts[master] = re.sub(rb' [lrtb]Ins="\d+"', b"", parts[master])
    write_parts(kit / "deck.pptx", parts)

    titles = [slide.shapes.title.text_frame.text for slide in _draw_globex(project).slides]
    assert titles[0] == "CEO vs COO" and len(titles) > 5


def _draw_globex(project):
    """Draw globex's deck with the installed `rolegen deck`, which must succeed without a word on stderr.

    Without globex's fonts rolegen rightly warns (it measures with a stand-in): skipped there, outside CI.
    """
    from pptx import Presentation

    if missing_fonts(*BRAND_FONTS) and not IN_CI:
        pytest.skip(f"fonts {', '.join(missing_fonts(*BRAND_FONTS))} are not installed")

    done = subprocess.run(
        [str(ROLEGEN), "deck", "--brand", "globex", "-o", "out.pptx"], cwd=project, capture_output=True, text=True
    )
    assert (done.returncode, done.stderr) == (0, "")
    return Presentation(str(project / "out.pptx"))


def _text_under_title(slide) -> str:
    """Return the text of the slide's shapes that lie below its title and inside the slide, top to bottom."""
    title = slide.shapes.title
    below = [
        shape
        for shape in slide.shapes
        if shape.has_text_frame and shape.shape_id != title.shape_id and shape.top >= title.top + title.height
    ]
    assert all(shape.left + shape.width <= 12192000 and shape.top + shape.height <= 6858000 for shape in below)
    return "\n".join(shape.text_frame.text for shape in sorted(below, key=lambda shape: shape.top))


CEO_SUMMARY = "The top executive, responsible for the organization's overall vision, strategy, and direction."


def test_a_divider_on_a_layout_with_no_body_still_shows_its_text(project):
    """A master without "Section Header" gives dividers a title-only layout: their text gets a box of its own."""
    kit = project / "templates" / "brands" / "globex" / "_brand.yml"
    text = kit.read_text(encoding="utf-8")
    for kind in ("section", "closing"):
        text = text.replace(f"      {kind}: Globex Section", f"      {kind}: Globex Title Only")
    kit.write_text(text, encoding="utf-8")

    slides = {slide.shapes.title.text_frame.text: slide for slide in _draw_globex(project).slides}
    assert slides["Chief Executive Officer"].slide_layout.name == "Globex Title Only"
    assert _text_under_title(slides["Chief Executive Officer"]).startswith(CEO_SUMMARY)
    assert _text_under_title(slides["Questions and discussion"]).startswith("CEO vs COO · Globex Corporation")


def test_a_title_layout_with_no_subtitle_placeholder_still_shows_the_subtitle(project):
    from packages import read_parts, write_parts

    kit = project / "templates" / "brands" / "globex"
    parts = read_parts(kit / "deck.pptx")
    layout = "ppt/slideLayouts/slideLayout1.xml"  # "Globex Title"
    parts[layout], dropped = re.subn(
        rb"<p:sp>(?:(?!</p:sp>).)*?<p:ph type=\"subTitle\"[^>]*/>.*?</p:sp>", b"", parts[layout], flags=re.S
    )
    assert dropped == 1
    write_parts(kit / "deck.pptx", parts)

    first = _draw_globex(project).slides[0]
    assert _text_under_title(first).startswith("The difference between the Chief Executive Officer and the Chief")


def test_placeholders_no_file_places_are_drawn_where_the_deck_would_put_them(project):
    """A master and layouts whose titles and bodies say nothing of where they go: rolegen placed them by
    dividing None (an internal error); the deck now draws them where it draws a layout's missing body."""
    from packages import read_parts, write_parts

    kit = project / "templates" / "brands" / "globex"
    parts = read_parts(kit / "deck.pptx")
    placeholder = (
        rb'<p:sp><p:nvSpPr>(?:(?!</p:sp>).)*?<p:ph (?:type="(?:title|ctrTitle|body)" ?)?(?:idx="1")?/>.*?</p:sp>'
    )
    unplaced = 0
    for name in parts:
        if re.fullmatch(r"ppt/slide(Masters/slideMaster|Layouts/slideLayout)\d+\.xml", name):
            parts[name], count = re.subn(
                placeholder, lambda m: re.sub(rb"<a:xfrm>.*?</a:xfrm>", b"", m.group(0)), parts[name], flags=re.S
            )
            unplaced += count
    assert unplaced > 10
    write_parts(kit / "deck.pptx", parts)

    slides = {slide.shapes.title.text_frame.text: slide for slide in _draw_globex(project).slides}
    for slide in slides.values():
        assert slide.shapes.title.top is not None  # every title placed, by the deck
    assert "Reports to: Board of directors and shareholders" in _text_under_title(slides["CEO: primary role"])


def _masters() -> list[Path]:
    """The packaged master, the sample globex master, and the third-party ones when they are here."""
    repo = Path(__file__).resolve().parents[2]
    third_party = repo.parent / "shared" / "fixtures" / "third-party"
    return [
        repo / "src" / "rolegen" / "defaults" / "master.pptx",
        repo / "templates" / "brands" / "globex" / "deck.pptx",
        *sorted(third_party.glob("*.pptx")),
    ]


@pytest.mark.parametrize("path", _masters(), ids=lambda p: p.name)
def test_every_layouts_skeleton_is_what_python_pptx_clones(path):
    # rolegen clones a layout's placeholders itself, without python-pptx's XPath; on every layout of
    # every master here (vertical text, pictures, dates and footers among them) the elements must be
    # those python-pptx's clone_layout_placeholders and its position setters make.
    import copy

    from pptx import Presentation
    from pptx.oxml.slide import CT_Slide
    from pptx.slide import Slide

    from rolegen.render import master_plan
    from rolegen.render.pptx_xml import PH_PATH, SHAPE_TAGS, TITLE_TYPES, placeholder_type

    def python_pptx(view) -> list[bytes]:
        scratch = Slide(CT_Slide.new(), None)
        scratch.shapes.clone_layout_placeholders(view.layout)
        by_idx = {int(e.find(PH_PATH).get("idx", "0")): e for e, _ in view.placeholders}
        shapes = []
        for element in scratch.shapes.element.iterchildren():
            if element.tag not in SHAPE_TAGS:
                continue
            source = by_idx.get(int(element.find(PH_PATH).get("idx", "0")))
            if source is not None and element.xfrm is None:
                box = view.box(source)
                if box is not None:
                    element.x, element.y, element.cx, element.cy = box.emu()
                elif placeholder_type(element) not in TITLE_TYPES:
                    continue
            shapes.append(etree.tostring(copy.deepcopy(element)))
        return shapes

    layouts = Presentation(str(path)).slide_layouts
    assert len(layouts) > 0
    for layout in layouts:
        view = master_plan._Layout(layout)
        ours = [etree.tostring(element) for element in master_plan._skeleton(view)]
        assert ours == python_pptx(view), f"{path.name}: layout '{layout.name}'"
