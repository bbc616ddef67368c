"""Modules load with the garbage collector paused, and it is on again, with what they made frozen, once they have."""

from __future__ import annotations

import gc
import sys
import types

from conftest import main_in_new_python
from rolegen.build.collector import loading


def test_the_collector_is_off_while_loading_and_on_after_with_what_was_loaded_frozen():
    frozen = gc.get_freeze_count()
    try:
        with loading():
            assert not gc.isenabled()
            sys.modules["rolegen_test_module"] = types.ModuleType("rolegen_test_module")  # as an import does
        assert gc.isenabled() and gc.get_freeze_count() > frozen
    finally:
        sys.modules.pop("rolegen_test_module", None)
        gc.unfreeze()


def test_a_block_that_loads_nothing_freezes_nothing_and_an_inner_block_leaves_it_off():
    frozen = gc.get_freeze_count()
    with loading():
        with loading():
            pass
        assert not gc.isenabled()  # the outer block's to turn on
    assert (gc.isenabled(), gc.get_freeze_count()) == (True, frozen)


def test_a_caller_that_turned_the_collector_off_finds_it_off_after():
    gc.disable()
    try:
        with loading():
            import json  # noqa: F401
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_deck_drawn_through_main_leaves_the_collector_on(project):
    _, code, state = main_in_new_python(
        project, ["deck", "--brand", "acme", "-q"], "gc.isenabled(), gc.get_freeze_count() > 0"
    )
    assert (code, state) == (0, "(True, True)")
