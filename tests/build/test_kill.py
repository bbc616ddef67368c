"""Nothing is lost: a build killed at any moment, or failing half-way, leaves whole files only."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

KILLS = 60
OUTPUTS = {"deck": "ceo-vs-coo.pptx", "handout": "ceo-vs-coo.docx"}


def _start(project: Path, kind: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "rolegen", kind, "--brand", "acme"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _retitle(project: Path, number: int) -> None:
    """Change the content so that every run's output differs from the one before."""
    path = project / "content/comparisons/ceo-vs-coo.yaml"
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    text[1] = f"title: CEO vs COO, take {number}\n"
    path.write_text("".join(text), encoding="utf-8")


def _opens(path: Path) -> bool:
    """Return whether a file is a whole Office document that its library can open."""
    with zipfile.ZipFile(path) as archive:
        if archive.testzip() is not None:
            return False
    if path.suffix == ".pptx":
        from pptx import Presentation

        return len(Presentation(str(path)).slides) > 0
    from docx import Document

    return len(Document(str(path)).paragraphs) > 0


def test_sigkill_at_random_moments_leaves_the_old_file_or_a_whole_new_one(project):
    output = project / "output" / "acme"
    # One full run of each kind gives the old files and how long a run takes here.
    durations = {}
    for kind in OUTPUTS:
        started = time.monotonic()
        assert _start(project, kind).wait() == 0
        durations[kind] = time.monotonic() - started
    rng = random.Random(6)
    outcomes = {"old": 0, "new": 0}
    for number in range(KILLS):
        kind = "deck" if number % 2 else "handout"
        target = output / OUTPUTS[kind]
        old = target.read_bytes()
        _retitle(project, number)
        # Half the kills anywhere in the run, half near its end, where the file is written.
        span = durations[kind]
        delay = rng.uniform(0, 1.2 * span) if number % 4 < 2 else rng.uniform(0.75 * span, 1.1 * span)
        process = _start(project, kind)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()

        current = target.read_bytes()
        if current == old:
            outcomes["old"] += 1
        else:
            assert _opens(target), f"kill {number}: {target.name} is neither the old file nor a whole new one"
            outcomes["new"] += 1
        visible = sorted(p.name for p in output.iterdir() if not p.name.startswith("."))
        assert visible == sorted(OUTPUTS.values()), f"kill {number} left {visible}"
        leftovers = [p.name for p in output.iterdir() if p.name.startswith(".") and not p.name.endswith(".tmp")]
        assert leftovers == []
    # Hidden temporary files of killed runs may remain; they are never taken for outputs.
    print(f"after {KILLS} kills: {outcomes}, {len(list(output.glob('.*.tmp')))} hidden temp files")


@pytest.mark.parametrize("kind", sorted(OUTPUTS), ids=sorted(OUTPUTS))
def test_a_failing_build_leaves_the_earlier_output_intact(run, project, kind):
    assert run(kind, "--brand", "acme").exit_code == 0
    target = project / "output" / "acme" / OUTPUTS[kind]
    before = target.read_bytes()
    role = project / "content/roles/coo.md"
    role.write_text(role.read_text(encoding="utf-8").replace("short: COO", "short: [COO"), encoding="utf-8")

    result = run(kind, "--brand", "acme")

    assert result.exit_code == 1
    assert target.read_bytes() == before
    assert os.listdir(target.parent) == [OUTPUTS[kind]]
