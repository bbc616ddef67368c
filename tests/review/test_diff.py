"""rolegen diff, textconv and build --check --diff, through the installed console script."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SHARED

ROLEGEN = Path(sys.executable).parent / "rolegen"  # the console script pip installed into the venv
PACKAGED = Path(__file__).resolve().parents[2] / "src" / "rolegen" / "defaults"
THIRD_PARTY = SHARED / "fixtures" / "third-party"


def _rolegen(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(ROLEGEN), *args], cwd=cwd, capture_output=True, text=True, timeout=300, env=env or os.environ.copy()
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def _build(project: Path, into: str) -> tuple[Path, Path]:
    """Build the acme deck and handout and keep copies in project/into/; return them."""
    folder = project / into
    folder.mkdir()
    made = []
    for kind, suffix in (("deck", ".pptx"), ("handout", ".docx")):
        assert _rolegen(kind, "--brand", "acme", "-q", cwd=project).returncode == 0
        made.append(shutil.copy(project / "output" / "acme" / f"ceo-vs-coo{suffix}", folder / f"ceo-vs-coo{suffix}"))
    return Path(made[0]), Path(made[1])


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path.name}: the test no longer sets up what it says"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _json(old: Path, new: Path, cwd: Path) -> dict:
    result = _rolegen("diff", str(old), str(new), "--json", cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_identical_builds_differ_in_nothing(project):
    deck, handout = _build(project, "first")
    again_deck, again_handout = _build(project, "second")
    for old, new in ((deck, again_deck), (handout, again_handout)):
        result = _rolegen("diff", str(old), str(new), cwd=project)
        assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_one_changed_responsibility_shows_that_slide_and_its_words(project):
    deck, handout = _build(project, "before")
    _replace(project / "content/roles/ceo.md", "board members, the media, and", "board members, the press, and")
    new_deck, new_handout = _build(project, "after")
    result = _rolegen("diff", str(deck), str(new_deck), cwd=project)
    assert result.returncode == 1
    assert result.stdout.splitlines()[2:] == [
        "slide 6 · CEO: key responsibilities",
        "  ~ text: Interacting with shareholders, board members, the [-media-]{+press+}, and the public as the "
        "face of the company.",
        "1 slide changed",
    ]
    handout_diff = _json(handout, new_handout, project)
    assert [(c["kind"], c["title"]) for c in handout_diff["changes"]] == [
        ("changed", "Chief Executive Officer (CEO) › Key responsibilities")
    ]
    [line] = handout_diff["changes"][0]["lines"]
    assert [w for w in line["words"] if w[0] != "equal"] == [["delete", "media"], ["insert", "press"]]


def _add_cfo(project: Path) -> None:
    (project / "content/roles/cfo.md").write_text(
        "---\ntitle: Chief Financial Officer\nshort: CFO\n"
        "summary: Keeper of the company's money, from the budget to the annual report.\n"
        "reports_to: Chief Executive Officer\n"
        "responsibilities:\n  - Planning the budget and forecasting cash.\n  - Reporting the accounts to the board.\n"
        "focus:\n  - Money in, money out.\n---\nThe CFO runs the finances of the company.\n",
        encoding="utf-8",
    )
    comparison = project / "content/comparisons/ceo-vs-coo.yaml"
    _replace(comparison, "roles: [ceo, coo]", "roles: [ceo, coo, cfo]")
    text = comparison.read_text(encoding="utf-8")
    comparison.write_text(re.sub(r"(\n    coo: [^\n]*)", r"\1\n    cfo: The CFO's view.", text), encoding="utf-8")


def test_an_inserted_role_is_insertions_only(project):
    deck, _ = _build(project, "before")
    _add_cfo(project)
    new_deck, _ = _build(project, "after")
    diff = _json(deck, new_deck, project)
    added = [c["title"] for c in diff["changes"] if c["kind"] == "added"]
    assert added == ["Chief Financial Officer", "CFO: primary role", "CFO: key responsibilities"]
    assert diff["counts"]["removed"] == diff["counts"]["moved"] == 0
    lines = [line for change in diff["changes"] for line in change["lines"]]
    assert lines and all(line["kind"] != "removed" for line in lines)
    # The one word a list of roles loses: "CEO and COO" becomes "CEO, COO and CFO".
    deleted = {text.strip() for line in lines for kind, text in line["words"] if kind == "delete"}
    assert deleted == {"COO"}
    # Every later slide is matched to itself, only renumbered: no slide shows as changed for moving down.
    table = next(c for c in diff["changes"] if c["title"] == "How the roles compare")
    assert (table["old_number"], table["new_number"]) == (13, 16)
    assert all(line["new"].endswith(("| CFO", "| The CFO's view.")) for line in table["lines"])


def test_a_changed_brand_colour_is_one_theme_line_and_no_text(project):
    deck, handout = _build(project, "before")
    _replace(project / "templates/brands/acme/_brand.yml", 'navy: "#1B3A5C"', 'navy: "#224466"')
    new_deck, new_handout = _build(project, "after")
    for old, new in ((deck, new_deck), (handout, new_handout)):
        diff = _json(old, new, project)
        assert diff["remarks"] == ["theme colours: accent1 1B3A5C → 224466, hlink 1B3A5C → 224466"]
        assert diff["changes"] == []


def test_a_changed_speaker_note_is_that_slides_notes(project):
    deck, _ = _build(project, "before")
    (project / "templates/i18n").mkdir(parents=True)
    (project / "templates/i18n/en-GB.yaml").write_text(
        "notes_takeaway: Pause on this line, then ask the group to say it in their own words.\n", encoding="utf-8"
    )
    new_deck, _ = _build(project, "after")
    diff = _json(deck, new_deck, project)
    [change] = diff["changes"]
    assert (change["title"], [line["part"] for line in change["lines"]]) == ("Key takeaway", ["notes"])
    assert change["lines"][0]["new"] == "Pause on this line, then ask the group to say it in their own words."


def test_a_handout_section_moved_is_one_move(project):
    _, handout = _build(project, "before")
    template = (PACKAGED / "handout.md.j2").read_text(encoding="utf-8")
    blocks = {
        name: re.search(r"\{% block " + name + r" %\}.*?\{% endblock %\}\n", template, re.S).group(0)
        for name in ("comparison", "takeaway")
    }
    swapped = (
        template.replace(blocks["comparison"], "@@")
        .replace(blocks["takeaway"], blocks["comparison"])
        .replace("@@", blocks["takeaway"])
    )
    (project / "templates/handout.md.j2").write_text(swapped, encoding="utf-8")
    _, new_handout = _build(project, "after")
    diff = _json(handout, new_handout, project)
    assert diff["counts"] == {"changed": 0, "added": 0, "removed": 0, "moved": 1}
    [change] = diff["changes"]
    assert (change["title"], change["old_number"], change["new_number"]) == ("Key takeaway", 14, 13)


def test_markdown_is_github_markdown_one_list_per_slide(project):
    from markdown_it import MarkdownIt

    deck, _ = _build(project, "before")
    _replace(
        project / "content/roles/ceo.md", "board members, the media, and", "board members, the press [1] | a_b and"
    )
    _add_cfo(project)
    new_deck, _ = _build(project, "after")
    result = _rolegen("diff", str(deck), str(new_deck), "--format", "markdown", cwd=project)
    assert result.returncode == 1
    text = result.stdout
    assert all(c.isprintable() or c == "\n" for c in text)
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)
    # Under each slide's heading (h4) comes exactly one block: a list.
    blocks: list[list[str]] = []
    depth = 0
    for token in tokens:
        if token.type == "heading_open" and token.tag == "h4":
            blocks.append([])
        elif blocks and depth == 0 and token.nesting == 1:
            blocks[-1].append(token.type)
        depth += token.nesting if token.type not in ("heading_open", "heading_close") else 0
    assert len(blocks) == len(_json(deck, new_deck, project)["changes"]) == 12
    assert all(b == ["bullet_list_open"] for b in blocks), blocks
    inline = " ".join(t.content for t in tokens if t.type == "inline")
    # The slide's own punctuation stays text: no emphasis, no HTML, no table from it.
    assert r"\[1\] \| a\_b" in inline and "<ins>" in inline and "<del>" in inline


def test_textconv_makes_git_diff_show_the_changed_words(project, tmp_path):
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "PATH": os.environ["PATH"]}
    env["PATH"] = f"{ROLEGEN.parent}{os.pathsep}{env['PATH']}"  # git runs the installed rolegen textconv

    def run(*args: str) -> str:
        return subprocess.run([git, *args], cwd=project, env=env, capture_output=True, text=True, check=True).stdout

    run("init", "-q")
    run("config", "user.email", "t@example.com")
    run("config", "user.name", "T")
    run("config", "diff.rolegen.textconv", "rolegen textconv")
    (project / ".gitattributes").write_text("*.pptx diff=rolegen\n*.docx diff=rolegen\n", encoding="utf-8")
    assert _rolegen("deck", "--brand", "acme", "-q", cwd=project).returncode == 0
    run("add", "-f", ".gitattributes", "output/acme/ceo-vs-coo.pptx")
    run("commit", "-q", "-m", "deck")
    _replace(project / "content/roles/ceo.md", "board members, the media, and", "board members, the press, and")
    assert _rolegen("deck", "--brand", "acme", "-q", cwd=project).returncode == 0
    shown = run("diff", "--", "output/acme/ceo-vs-coo.pptx")
    changed = [line for line in shown.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == [
        "-text: Interacting with shareholders, board members, the media, and the public as the face of the company.",
        "+text: Interacting with shareholders, board members, the press, and the public as the face of the company.",
    ]
    words = run("diff", "--word-diff=plain", "--", "output/acme/ceo-vs-coo.pptx")
    assert "[-media,-]{+press,+}" in words


def test_a_deck_from_outside_rolegen_diffs(tmp_path):
    masters = sorted(THIRD_PARTY.glob("*.pptx"))
    if not masters:
        pytest.skip(f"no third-party masters in {THIRD_PARTY} (the shared fixtures are not here)")
    from pptx import Presentation

    files = []
    for words in ("Quarterly review of the plan", "Quarterly review of the budget"):
        prs = Presentation(str(masters[0]))
        layout = next((lay for lay in prs.slide_layouts if lay.placeholders), prs.slide_layouts[0])
        slide = prs.slides.add_slide(layout)
        if slide.shapes.title is not None:
            slide.shapes.title.text = "Review"
        box = slide.shapes.add_textbox(0, 0, 3000000, 600000)
        box.text_frame.text = words
        slide.notes_slide.notes_text_frame.text = "Speak slowly."
        files.append(tmp_path / f"{len(files)}.pptx")
        prs.save(files[-1])
    result = _rolegen("diff", str(files[0]), str(files[1]), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "[-plan-]{+budget+}" in result.stdout
    assert _rolegen("textconv", str(masters[0]), cwd=tmp_path).returncode == 0


def test_build_check_diff_shows_what_would_change_and_writes_nothing(project):
    assert _rolegen("build", "--jobs", "1", "-q", cwd=project).returncode == 0
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (project / "output").rglob("*") if p.is_file()}
    _replace(project / "content/roles/ceo.md", "board members, the media, and", "board members, the press, and")
    result = _rolegen("build", "--check", "--diff", "--brand", "acme", "--format", "deck", cwd=project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "stale: output/acme/ceo-vs-coo.pptx",
        "--- output/acme/ceo-vs-coo.pptx",
        "+++ output/acme/ceo-vs-coo.pptx (fresh build)",
        "slide 6 · CEO: key responsibilities",
        "  ~ text: Interacting with shareholders, board members, the [-media-]{+press+}, and the public as the "
        "face of the company.",
        "1 slide changed",
    ]
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (project / "output").rglob("*") if p.is_file()}
    assert after == before
    markdown = _rolegen("build", "--check", "--diff", "markdown", "-b", "acme", "-f", "handout", cwd=project)
    assert markdown.returncode == 1 and "<del>media</del><ins>press</ins>" in markdown.stdout


def test_pictures_are_skipped_in_one_line_without_libreoffice(project):
    deck, _ = _build(project, "before")
    _replace(project / "content/roles/ceo.md", "board members, the media, and", "board members, the press, and")
    new_deck, _ = _build(project, "after")
    env = {**os.environ, "PATH": str(ROLEGEN.parent)}  # the venv's scripts only: no soffice on it
    result = _rolegen("diff", str(deck), str(new_deck), "--pictures", "pictures", cwd=project, env=env)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "pictures skipped: LibreOffice (soffice) is not installed; install it with: "
        "apt-get install libreoffice-impress libreoffice-writer"
    ]
    assert not (project / "pictures").exists()


def test_pictures_show_each_changed_slide_old_beside_new(project):
    if not shutil.which("soffice") or not shutil.which("pdftoppm"):
        pytest.skip("LibreOffice or pdftoppm is not installed")
    from PIL import Image

    deck, _ = _build(project, "before")
    _replace(project / "content/roles/ceo.md", "board members, the media, and", "board members, the press, and")
    new_deck, _ = _build(project, "after")
    result = _rolegen("diff", str(deck), str(new_deck), "--pictures", "pictures", cwd=project)
    assert result.returncode == 1, result.stderr
    assert sorted(p.name for p in (project / "pictures").iterdir()) == ["slide-6.png"]
    with Image.open(project / "pictures/slide-6.png") as sheet:
        assert sheet.width > 2 * sheet.height  # two 16:9 slides side by side
