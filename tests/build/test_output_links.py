"""`-o` into the project obeys the build's rule: no link on the way, nor the file itself; outside is the user's choice."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROLEGEN = Path(sys.executable).parent / "rolegen"


def _rolegen(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(ROLEGEN), *args], cwd=project, capture_output=True, text=True, timeout=300)


def _outside(project: Path) -> Path:
    folder = project.parent / "outside"
    folder.mkdir(exist_ok=True)
    return folder


LINKED = "is a link; rolegen writes into the project only through real folders (write outside the project, or remove the link)"

# name: (how the project is set up for an output suffix, the -o given, the folder the error names)
CASES = {
    "output-is-a-link": (lambda p, s: (p / "output").symlink_to("../outside"), "output/o", "output"),
    "link-deeper": (
        lambda p, s: ((p / "output").mkdir(), (p / "output/acme").symlink_to("../../outside")),
        "output/acme/o",
        "output/acme",
    ),
    "target-file-is-a-link": (
        lambda p, s: ((p / "output").mkdir(), (p / f"output/o{s}").symlink_to(f"../../outside/o{s}")),
        "output/o",
        "output/o{suffix}",
    ),
    "dangling-link": (
        lambda p, s: ((p / "output").mkdir(), (p / f"output/o{s}").symlink_to(f"../../outside/nowhere/o{s}")),
        "output/o",
        "output/o{suffix}",
    ),
    "dot-dot-past-a-link": (lambda p, s: (p / "output").symlink_to("../outside/deeper"), "output/../o", "output"),
    "link-in-any-project-folder": (lambda p, s: (p / "slides").symlink_to("../outside"), "slides/o", "slides"),
}


@pytest.mark.parametrize("kind,suffix", [("deck", ".pptx"), ("handout", ".docx")], ids=["deck", "handout"])
@pytest.mark.parametrize("name", CASES, ids=list(CASES))
def test_o_through_a_link_inside_the_project_is_refused_and_nothing_is_written(project, name, kind, suffix):
    outside = _outside(project)
    (outside / "deeper").mkdir()
    setup, target, link = CASES[name]
    setup(project, suffix)
    link = link.format(suffix=suffix)

    result = _rolegen(project, kind, "--brand", "acme", "-o", target + suffix)

    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].endswith(f"'{link}' {LINKED}")
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in outside.rglob("*") if p.is_file()) == []
    assert not (project.parent / f"o{suffix}").exists()


def test_build_refuses_the_same_link(project):
    _outside(project)
    (project / "output").symlink_to("../outside")

    result = _rolegen(project, "build", "-q")

    assert result.returncode == 1
    assert "'output' is a link (or not a folder)" in result.stderr


def test_a_linked_output_folder_is_refused_before_any_document_is_drawn(project, monkeypatch, capsys):
    from rolegen.build import run
    from rolegen.cli.app import main

    def draw(*args, **kwargs):
        raise AssertionError("a document was drawn for an output folder that is a link")

    monkeypatch.setattr(run, "render_all", draw)
    _outside(project)
    (project / "output").symlink_to("../outside")

    with pytest.raises(SystemExit) as exited:
        main(["build", "-q"])

    assert exited.value.code == 1
    assert capsys.readouterr().err.splitlines()[-1].startswith("Error: output: 'output' is a link (or not a folder)")


@pytest.mark.parametrize("kind,suffix", [("deck", ".pptx"), ("handout", ".docx")], ids=["deck", "handout"])
def test_o_outside_the_project_is_the_users_choice_even_through_a_link(project, kind, suffix):
    outside = _outside(project)
    (project.parent / "elsewhere").symlink_to(outside)

    absolute = _rolegen(project, kind, "--brand", "acme", "-o", str(outside / f"a{suffix}"))
    relative = _rolegen(project, kind, "--brand", "acme", "-o", f"../elsewhere/b{suffix}")

    assert (absolute.returncode, relative.returncode) == (0, 0), absolute.stderr + relative.stderr
    assert sorted(p.name for p in outside.iterdir()) == [f"a{suffix}", f"b{suffix}"]


def test_o_into_a_real_folder_of_the_project_writes_there(project):
    result = _rolegen(project, "deck", "--brand", "acme", "-o", "talks/new/o.pptx")

    assert result.returncode == 0, result.stderr
    assert (project / "talks/new/o.pptx").is_file()


def test_o_from_a_subfolder_of_the_project_through_a_link_is_refused(project):
    _outside(project)
    (project / "output").symlink_to("../outside")
    os.chdir(project / "content")

    result = _rolegen(project / "content", "deck", "--brand", "acme", "-o", "../output/o.pptx")

    assert result.returncode == 1
    assert f"project/output' {LINKED}" in result.stderr
