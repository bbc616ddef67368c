"""rolegen watch: a change rebuilds what it affects; an error is printed and watching goes on."""

from __future__ import annotations

import os
import queue
import shutil
import threading

import pytest

from rolegen.inputs.project import Project
from rolegen.build.watch import watch

from conftest import needs_brand_fonts

WAIT = 30  # seconds to wait for a line; generous for slow CI machines, never a timing assertion


@pytest.fixture
def watching(project):
    lines: queue.Queue[str] = queue.Queue()
    stop = threading.Event()
    thread = threading.Thread(
        target=watch,
        args=(Project(project), ["acme"], []),
        daemon=True,
        kwargs={"echo": lines.put, "stop": stop, "debounce_ms": 100},
    )
    thread.start()
    yield lines
    stop.set()
    thread.join(WAIT)


def next_result(lines: queue.Queue, timeout: float = WAIT) -> str:
    """Return the next line that reports a rebuild round (not the 'changed:' line before it)."""
    while True:
        line = lines.get(timeout=timeout)
        if not line.startswith("changed:"):
            return line


def change(lines: queue.Queue, path, text: str) -> str:
    """Write text to path until the watcher reports a round; return its line.

    The watcher starts just after the first build is reported, so the first write may come too early.
    """
    for attempt in range(10):
        path.write_text(text + "\n" * attempt, encoding="utf-8")
        try:
            return next_result(lines, timeout=3)
        except queue.Empty:
            continue
    raise AssertionError("the watcher never reported a rebuild")


@needs_brand_fonts
def test_first_round_builds_then_a_role_change_rebuilds_its_outputs(watching, project):
    assert next_result(watching).startswith("rebuilt 2 in ")
    role = project / "content/roles/coo.md"
    line = change(watching, role, role.read_text().replace("day to day", "every day"))
    assert line.startswith("rebuilt 2 in ")
    assert line.endswith(": output/acme/ceo-vs-coo.pptx, output/acme/ceo-vs-coo.docx")


def test_an_error_is_printed_and_watching_goes_on(watching, project):
    next_result(watching)
    role = project / "content/roles/coo.md"
    good = role.read_text()
    assert change(watching, role, good.replace("title:", "titel:", 1)).startswith(
        "Error: content/roles/coo.md:2: unknown key 'titel'"
    )
    assert change(watching, role, good.replace("day to day", "every day")).startswith("rebuilt 2 in ")


@pytest.mark.skipif(
    shutil.which("soffice") is None and os.environ.get("CI") != "true", reason="LibreOffice (soffice) is not installed"
)
def test_preview_refresh_draws_the_rebuilt_files(project):
    from rolegen.build import run as build
    from rolegen.build.plan import plan
    from rolegen.cli.building import Options, _previewer

    outputs = plan(Project(project), ["acme"], [], ("deck", "handout"))
    build.build(Project(project), outputs, jobs=1)
    _previewer(Options(Project(project), 0, True))(outputs)
    made = sorted(p.name for p in (project / "output/acme/preview").glob("*-sheet.png"))
    assert made == ["ceo-vs-coo-deck-sheet.png", "ceo-vs-coo-handout-sheet.png"]


def test_editor_temporary_files_are_not_changes(watching, project):
    next_result(watching)
    clutter = [
        project / "content/roles/4913",
        project / "content/roles/.~lock.coo.md#",
        project / "templates/brands/acme/~$deck.pptx",
        project / "content/roles/coo.md.tmp",
        project / "content/roles/coo.md~",
    ]
    for path in clutter:
        path.write_text("temporary", encoding="utf-8")
    role = project / "content/roles/coo.md"
    seen = []
    for attempt in range(10):
        role.write_text(role.read_text().replace("day to day", "every day") + "\n" * attempt, encoding="utf-8")
        try:
            while not (line := watching.get(timeout=3)).startswith("rebuilt"):
                seen.append(line)
            break
        except queue.Empty:
            continue
    assert [line for line in seen if line != "changed: content/roles/coo.md"] == []


def test_an_impossible_date_is_printed_and_watching_goes_on(watching, project):
    next_result(watching)
    comparison = project / "content/comparisons/ceo-vs-coo.yaml"
    good = comparison.read_text()
    line = change(watching, comparison, good.replace("updated: 2026-11-24", "updated: 2026-13-45"))
    assert line.startswith("Error: content/comparisons/ceo-vs-coo.yaml:19:"), line
    assert change(watching, comparison, good.replace("2026-11-24", "2026-11-25")).startswith("rebuilt 2 in ")


def test_renaming_files_while_watching_goes_on(watching, project):
    next_result(watching)
    role, aside = project / "content/roles/coo.md", project / "content/roles/coo-old.md"
    change(watching, role, role.read_text())  # the watcher has started once a change is reported
    for _ in range(5):
        role.rename(aside)
        aside.rename(role)
    role.rename(aside)
    assert next_result(watching).startswith(("Error: ", "rebuilt "))
    aside.rename(role)
    role.write_text(role.read_text().replace("day to day", "every day"))
    while not (line := next_result(watching)).startswith("rebuilt 2 in "):
        assert line.startswith(("Error: ", "up to date")), line
