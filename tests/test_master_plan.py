"""A master is read once into an immutable plan; drawing decks on it never changes the plan."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import pytest
from lxml import etree


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
