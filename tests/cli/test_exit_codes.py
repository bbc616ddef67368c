"""Every command's exit code, through the installed console script: 0 success, 1 a problem, 2 a usage error."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import BRAND_FONTS, missing_fonts

ROLEGEN = Path(sys.executable).parent / "rolegen"  # the console script pip installed into the venv


@dataclass(frozen=True)
class Case:
    """One run of the installed rolegen: what to prepare, the arguments, the exit code it must give."""

    name: str
    args: tuple[str, ...]
    code: int
    setup: Callable[[Path], None] | None = None
    cwd: str = "."  # relative to the project
    expect: Callable[[subprocess.CompletedProcess, Path], None] | None = None
    needs: str = ""  # a program the case needs (LibreOffice for preview); without it the case is skipped locally
    fonts: bool = False  # the case pins a build with the brands' fonts (--strict refuses a stand-in first)
    env: tuple[tuple[str, str], ...] = ()  # environment variables set for the run, over the test's own


def _build(root: Path) -> None:
    subprocess.run([str(ROLEGEN), "build", "--jobs", "1", "-q"], cwd=root, check=True)


def _second_comparison(root: Path) -> None:
    source = root / "content/comparisons/ceo-vs-coo.yaml"
    (root / "content/comparisons/second.yaml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")


def _broken_role(root: Path) -> None:
    (root / "content/roles/ceo.md").write_text("no front matter\n", encoding="utf-8")


def _deck_running_off(root: Path) -> None:
    """Write a deck whose text box grows with its text (spAutoFit) past the bottom of the slide."""
    from pptx import Presentation
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Pt

    prs = Presentation()
    prs.core_properties.title, prs.core_properties.subject, prs.core_properties.author = "Roles", "CEO", "HR"
    prs.core_properties.language = "en-GB"
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "Growing"
    box = slide.shapes.add_textbox(Pt(36), prs.slide_height - Pt(120), Pt(400), Pt(40))
    box.text_frame.word_wrap = True
    box.text_frame.auto_size = MSO_AUTO_SIZE.SHAPE_TO_FIT_TEXT
    box.text_frame.text = " ".join(["The chief executive sets the direction of the whole company."] * 8)
    for run in box.text_frame.paragraphs[0].runs:
        run.font.size = Pt(18)
    prs.save(root / "growing.pptx")


def _file(name: str, text: str) -> Callable[[Path], None]:
    return lambda root: (root / name).write_text(text, encoding="utf-8")


def _replace(name: str, old: str, new: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        text = (root / name).read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {name}: the case no longer sets up what it says"
        (root / name).write_text(text.replace(old, new), encoding="utf-8")

    return setup


_BROKEN_KIT = _replace("templates/brands/acme/_brand.yml", "primary: navy", "primary: nawy")
_LOW_CONTRAST = _replace("templates/brands/acme/_brand.yml", "foreground: ink", 'foreground: "#8A8A8A"')
LOW_CONTRAST = (
    "templates/brands/acme/_brand.yml: deck body text: #8A8A8A on #FFFFFF has contrast 3.45:1, "
    "below the 4.5:1 WCAG 2.1 asks for body text"
)
NO_SOFFICE = (
    "Error: LibreOffice (soffice) is not installed; install it with: "
    "apt-get install libreoffice-impress libreoffice-writer"
)
# A PATH holding only the venv's own scripts: no soffice or libreoffice on it, as on a machine without them.
WITHOUT_SOFFICE = (("PATH", str(ROLEGEN.parent)),)


def _three_problems(root: Path) -> None:
    roles = root / "content" / "roles"
    (roles / "cfo.md").write_text("---\ntitle: CFO\n", encoding="utf-8")
    (roles / "cto.md").write_text("no front matter\n", encoding="utf-8")
    (root / "templates/deck.md.j2").write_text("{% if %}\n", encoding="utf-8")


def _stdout_is_one_json_document(result, root) -> None:
    json.loads(result.stdout)


def _stdout_empty(result, root) -> None:
    assert result.stdout == ""


def _stderr_names(text: str) -> Callable:
    def expect(result, root) -> None:
        assert text in result.stderr

    return expect


def _stderr_is(*lines: str) -> Callable:
    def expect(result, root) -> None:
        assert result.stderr.splitlines() == list(lines)

    return expect


def _stdout_names(text: str) -> Callable:
    def expect(result, root) -> None:
        assert text in result.stdout

    return expect


# Every command, as `rolegen --help` lists them: the group loads each command's module only when it
# is asked for, so the real command must still list (and suggest) all of them.
COMMANDS = (
    "brands",
    "build",
    "check",
    "deck",
    "diff",
    "handout",
    "init",
    "new",
    "pack",
    "preview",
    "render",
    "textconv",
    "validate",
    "watch",
)


def _lists_every_command(result, root) -> None:
    listed = result.stdout.split("Commands:\n", 1)[1].split("\n\n", 1)[0]  # up to the example below it
    # A command's line starts two spaces in; its help, wrapped, goes on further in.
    assert [line.split()[0] for line in listed.splitlines() if line[:2] == "  " and line[2:3] != " "] == list(COMMANDS)


def _wrote_deck(result, root) -> None:
    assert (root / "output/acme/ceo-vs-coo.pptx").is_file()


CASES = [
    Case("--version", ("--version",), 0),
    Case("--help", ("--help",), 0, expect=_lists_every_command),
    Case(
        "unknown command",
        ("bulid",),
        2,
        expect=_stderr_is(
            "Usage: rolegen [OPTIONS] COMMAND [ARGS]...",
            "Try 'rolegen --help' for help.",
            "",
            "Error: No such command 'bulid'. Did you mean 'build'?",
        ),
    ),
    Case("unknown global option", ("--nope", "brands"), 2),
    Case("deck", ("deck", "--brand", "acme"), 0, expect=_wrote_deck),
    Case("deck from content/roles", ("deck", "--brand", "acme"), 0, cwd="content/roles", expect=_wrote_deck),
    Case("deck -q -v after the command", ("deck", "--brand", "acme", "-q", "-v"), 0, expect=_stdout_empty),
    Case("deck -p after the command", ("deck", "--brand", "acme", "-p", "project"), 0, cwd="..", expect=_wrote_deck),
    Case("deck without --brand", ("deck",), 2),
    Case("deck unknown brand", ("deck", "--brand", "nope"), 2, expect=_stderr_names("unknown brand 'nope'")),
    Case(
        "deck ambiguous comparison",
        ("deck", "--brand", "acme"),
        2,
        setup=_second_comparison,
        expect=_stderr_names("--comparison is needed"),
    ),
    Case("deck unknown comparison", ("deck", "--brand", "acme", "-c", "ceo-vs-cto"), 2),
    Case("deck -o wrong suffix", ("deck", "--brand", "acme", "-o", "talk.docx"), 2),
    Case("deck -o inside content", ("deck", "--brand", "acme", "-o", "content/x.pptx"), 2),
    Case("deck --project not there", ("--project", "nowhere", "deck", "--brand", "acme"), 2),
    Case("deck --lang not there", ("deck", "--brand", "acme", "--lang", "fr-FR"), 2),
    Case(
        "deck --lang with a path",
        ("deck", "--brand", "acme", "--lang", "../../etc"),
        2,
        expect=_stderr_names("invalid language '../../etc'"),
    ),
    Case(
        "deck master not a deck",
        ("deck", "--brand", "acme"),
        1,
        setup=_file("templates/brands/acme/deck.pptx", "not a zip\n"),
        expect=_stderr_is(
            "Error: templates/brands/acme/deck.pptx: master 'deck.pptx' is not a PowerPoint file "
            "(not a zip archive, or cut short); save it again from PowerPoint"
        ),
    ),
    Case(
        "deck low contrast warns",
        ("deck", "--brand", "acme"),
        0,
        setup=_LOW_CONTRAST,
        expect=_stderr_names(f"warning: {LOW_CONTRAST}\n"),
    ),
    Case(
        "deck --strict low contrast",
        ("deck", "--brand", "acme", "--strict"),
        1,
        setup=_LOW_CONTRAST,
        expect=_stderr_is(f"Error: {LOW_CONTRAST} (and 1 more)"),
        fonts=True,
    ),
    Case(
        "handout --strict low contrast",
        ("handout", "--brand", "acme", "--strict"),
        1,
        setup=_LOW_CONTRAST,
        expect=_stderr_is(f"Error: {LOW_CONTRAST} (and 1 more)"),
        fonts=True,
    ),
    Case(
        "deck broken role",
        ("deck", "--brand", "acme"),
        1,
        setup=_broken_role,
        expect=_stderr_names("content/roles/ceo.md:1: missing front matter"),
    ),
    Case("handout", ("handout", "--brand", "acme"), 0),
    Case("handout -o wrong suffix", ("handout", "--brand", "acme", "-o", "notes.pptx"), 2),
    Case("render", ("render", "--to", "md", "--brand", "acme"), 0),
    Case("render without --to", ("render", "--brand", "acme"), 2),
    Case("render broken role", ("render", "--to", "md", "--brand", "acme"), 1, setup=_broken_role),
    Case("brands", ("brands",), 0),
    Case("brands --project not there", ("brands", "-p", "nowhere"), 2),
    Case(
        "brands one kit broken",
        ("brands",),
        1,
        setup=_BROKEN_KIT,
        expect=_stderr_is("Error: 1 of 2 brand kits are broken: acme"),
    ),
    Case("validate", ("validate",), 0),
    Case("validate broken role", ("validate",), 1, setup=_broken_role),
    Case(
        "validate every problem",
        ("validate",),
        1,
        setup=_three_problems,
        expect=_stderr_is(
            "content/roles/cfo.md:1: front matter is not closed: add a '---' line after it",
            "content/roles/cto.md:1: missing front matter: the file must start with a '---' line",
            "templates/deck.md.j2:1: template syntax error: Expected an expression, got 'end of statement block'",
            "Error: 3 problems found",
        ),
    ),
    Case("build", ("build", "--jobs", "1"), 0),
    Case("build broken role", ("build", "--jobs", "1"), 1, setup=_broken_role),
    Case(
        "build --json broken role",
        ("build", "--jobs", "1", "--json"),
        1,
        setup=_broken_role,
        expect=_stdout_is_one_json_document,
    ),
    Case("build --shard 4/3", ("build", "--shard", "4/3"), 2),
    Case("build --jobs 0", ("build", "--jobs", "0"), 2),
    Case(
        "build --pdf without LibreOffice",
        ("build", "--brand", "acme", "--pdf"),
        1,
        env=WITHOUT_SOFFICE,
        expect=_stderr_is(NO_SOFFICE),
    ),
    Case("build --brand unknown", ("build", "--brand", "nope"), 2),
    Case("build --check current", ("build", "--check"), 0, setup=_build),
    Case(
        "build --check --json current",
        ("build", "--check", "--json"),
        0,
        setup=_build,
        expect=_stdout_is_one_json_document,
    ),
    Case("build --check missing", ("build", "--check"), 1, expect=_stdout_names("missing: output/acme/")),
    Case("build --check --json missing", ("build", "--check", "--json"), 1, expect=_stdout_is_one_json_document),
    Case("check clean deck", ("check", "output/acme/ceo-vs-coo.pptx"), 0, setup=_build),
    Case("check clean handout", ("check", "output/acme/ceo-vs-coo.docx"), 0, setup=_build),
    Case(
        "check growing box off the slide",
        ("check", "growing.pptx"),
        1,
        setup=_deck_running_off,
        expect=_stdout_names("grows past the bottom of the slide"),
    ),
    Case("check not an Office file", ("check", "notes.txt"), 2, setup=_file("notes.txt", "hello")),
    Case("check no such file", ("check", "gone.pptx"), 2),
    Case("check a broken deck", ("check", "broken.pptx"), 1, setup=_file("broken.pptx", "not a zip")),
    Case("check without files", ("check",), 2),
    Case("diff without files", ("diff",), 2),
    Case("diff no such file", ("diff", "gone.pptx", "gone-too.pptx"), 2, expect=_stderr_names("no such file")),
    Case("diff not an Office file", ("diff", "notes.txt", "notes.txt"), 2, setup=_file("notes.txt", "hello")),
    Case(
        "diff a deck with itself",
        ("diff", "output/acme/ceo-vs-coo.pptx", "output/acme/ceo-vs-coo.pptx"),
        0,
        setup=_build,
        expect=_stdout_empty,
    ),
    Case(
        "diff a deck with a handout",
        ("diff", "output/acme/ceo-vs-coo.pptx", "output/acme/ceo-vs-coo.docx"),
        2,
        setup=_build,
        expect=_stderr_names("cannot compare a .pptx file with a .docx file"),
    ),
    Case("diff a broken deck", ("diff", "broken.pptx", "broken.pptx"), 1, setup=_file("broken.pptx", "not a zip")),
    Case(
        "textconv a deck",
        ("textconv", "output/acme/ceo-vs-coo.pptx"),
        0,
        setup=_build,
        expect=_stdout_names("=== slide 6 [Title and Content]: CEO: key responsibilities\ntitle: CEO: key"),
    ),
    Case("build --diff without --check", ("build", "--diff"), 2, expect=_stderr_names("--diff goes with --check")),
    Case("build --check --diff current", ("build", "--check", "--diff"), 0, setup=_build),
    Case("init", ("init", "fresh"), 0),
    Case("init --shards 3", ("init", "fresh", "--shards", "3"), 0),
    Case("init --shards 0", ("init", "fresh", "--shards", "0"), 2),
    Case("init a folder with files", ("init", "content"), 1),
    Case("init --output wrong", ("init", "fresh", "--output", "maybe"), 2),
    Case("new role", ("new", "role", "cfo"), 0),
    Case("new role existing", ("new", "role", "ceo"), 1),
    Case("new role bad id", ("new", "role", "C F O"), 2),
    Case("new comparison", ("new", "comparison", "ceo-vs-coo-2", "--roles", "ceo,coo"), 0),
    Case("new comparison without --roles", ("new", "comparison", "x"), 2),
    Case("new comparison unknown role", ("new", "comparison", "x", "--roles", "ceo,cto"), 1),
    Case("new brand", ("new", "brand", "initech"), 0),
    Case("new brand existing", ("new", "brand", "acme"), 1),
    Case("new without subcommand", ("new", "nope"), 2),
    Case("pack", ("pack", "--brand", "acme"), 0, expect=_stdout_names("wrote output/acme/ceo-vs-coo-pack.zip")),
    Case("pack without --brand", ("pack",), 2),
    Case("pack unknown comparison", ("pack", "--brand", "acme", "-c", "nope"), 2),
    Case("pack --lms", ("pack", "--brand", "acme", "--lms"), 0, needs="soffice"),
    Case(
        "pack --lms without LibreOffice",
        ("pack", "--brand", "acme", "--lms"),
        1,
        env=WITHOUT_SOFFICE,
        expect=_stderr_is(
            NO_SOFFICE + " (the SCORM package holds the deck as PDF; --format moodle, gift and qti need no LibreOffice)"
        ),
    ),
    Case(
        "build the question banks without LibreOffice",
        ("build", "--format", "moodle", "--format", "gift", "--format", "qti"),
        0,
        env=WITHOUT_SOFFICE,
    ),
    Case("preview without --brand", ("preview",), 2),
    Case("watch without --brand", ("watch",), 2),
    Case("watch unknown brand", ("watch", "--brand", "nope"), 2, expect=_stderr_names("unknown brand 'nope'")),
    Case("watch unknown comparison", ("watch", "--brand", "acme", "-c", "nope"), 2),
    Case("preview unknown brand", ("preview", "--brand", "nope"), 2),
    Case("preview", ("preview", "--brand", "acme"), 0, needs="soffice"),
    Case(
        "preview without LibreOffice",
        ("preview", "--brand", "acme"),
        1,
        env=WITHOUT_SOFFICE,
        expect=_stderr_is(NO_SOFFICE),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_exit_code_of_the_installed_command(case, project):
    if case.needs and shutil.which(case.needs) is None and os.environ.get("CI") != "true":
        pytest.skip(f"{case.needs} is not installed")
    if case.fonts and missing_fonts(*BRAND_FONTS) and os.environ.get("CI") != "true":
        pytest.skip(f"fonts {', '.join(missing_fonts(*BRAND_FONTS))} are not installed")
    if case.setup:
        case.setup(project)
    result = subprocess.run(
        [str(ROLEGEN), *case.args],
        cwd=project / case.cwd,
        env={**os.environ, **dict(case.env)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == case.code, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    if case.code:
        assert result.stderr.strip(), "a failure says why on stderr"
    if case.expect:
        case.expect(result, project)
