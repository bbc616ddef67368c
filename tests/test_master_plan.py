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

ROLEGEN = Path(sys.executable).parent / "rolegen"  # the installed console script


@pytest.mark.parametrize("brand_name", ["acme", "globex"])
def test_the_plan_is_read_only_and_drawing_leaves_it_alone(project, brand_name, monkeypatch):
    from rolegen import documents
    from rolegen.project import Project
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

    from rolegen import documents
    from rolegen.project import Project
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
    from pptx import Presentation

    kit = project / "templates" / "brands" / "globex"
    parts = read_parts(kit / "deck.pptx")
    master = "ppt/slideMasters/slideMaster1.xml"
    parts[master] = re.sub(rb' [lrtb]Ins="\d+"', b"", parts[master])
    write_parts(kit / "deck.pptx", parts)

    done = subprocess.run(
        [str(ROLEGEN), "deck", "--brand", "globex", "-o", "out.pptx"], cwd=project, capture_output=True, text=True
    )
    assert (done.returncode, done.stderr) == (0, "")
    titles = [slide.shapes.title.text_frame.text for slide in Presentation(str(project / "out.pptx")).slides]
    assert titles[0] == "CEO vs COO" and len(titles) > 5
