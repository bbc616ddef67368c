"""What rolegen keeps between documents and runs to be fast must never serve stale work."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from pptx import Presentation

from rolegen.build import documents
from rolegen.inputs.project import Project

REPO = Path(__file__).resolve().parents[2]
THIRD_PARTY = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "third-party"
needs_third_party = pytest.mark.skipif(not THIRD_PARTY.is_dir(), reason=f"{THIRD_PARTY} is not here")


def _render(project: Path, kind: str, lang_project: Project | None = None):
    _, rendered = documents.render(lang_project or Project(project), "acme", "ceo-vs-coo", kind)
    return rendered


def _replace(path: Path, source: Path) -> None:
    """Put another file where path is, as an author saving over it would (a later modification time)."""
    stat = path.stat()
    shutil.copy(source, path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))


@pytest.fixture
def cache_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home / "rolegen" / "jinja"


def _compiled(cache_home: Path) -> list[Path]:
    """The compiled templates kept, under the folder of the rolegen that compiled them."""
    return [entry for entry in cache_home.rglob("*") if entry.is_file()]


def test_compiled_templates_are_kept_between_runs(project, run, cache_home):
    assert run("render", "--to", "md", "-b", "acme", "-f", "deck").exit_code == 0
    assert len(_compiled(cache_home)) == 1


def test_an_edited_template_is_compiled_again_not_served_from_the_cache(project, run, cache_home):
    template = project / "templates" / "deck.md.j2"
    shutil.copy(Path(documents.__file__).parents[1] / "defaults" / "deck.md.j2", template)
    assert 'title: "CEO vs COO"' in run("render", "--to", "md", "-b", "acme", "-f", "deck").output
    template.write_text(template.read_text().replace("{{ comparison.title", "EDITED {{ comparison.title", 1))
    assert 'title: EDITED "CEO vs COO"' in run("render", "--to", "md", "-b", "acme", "-f", "deck").output


def test_a_broken_or_unwritable_cache_only_means_compiling_again(project, run, cache_home, tmp_path, monkeypatch):
    assert run("render", "--to", "md", "-b", "acme", "-f", "deck").exit_code == 0
    assert _compiled(cache_home)
    for entry in _compiled(cache_home):
        entry.write_bytes(b"not marshalled code")
    assert run("deck", "-b", "acme", "-o", str(tmp_path / "a.pptx")).exit_code == 0

    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # the cache folder cannot be made under a file
    assert run("deck", "-b", "acme", "-o", str(tmp_path / "b.pptx")).exit_code == 0


def test_a_second_build_in_one_process_reads_an_edited_brand_afresh(project, run):
    # rolegen watch builds many times in one process; what one build loaded must not leak into the next.
    assert run("build", "--format", "deck", "--jobs", "1").exit_code == 0
    brand = project / "templates" / "brands" / "acme" / "_brand.yml"
    brand.write_text(brand.read_text().replace("Leadership training", "Edited footer"))
    assert run("build", "--format", "deck", "--jobs", "1").exit_code == 0
    deck = Presentation(str(project / "output" / "acme" / "ceo-vs-coo.pptx"))
    texts = {shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame}
    assert "Acme Corporation · Edited footer" in texts
    assert not any("Leadership training" in text for text in texts)


def test_a_second_build_in_one_process_packs_an_edited_comparison_afresh(project, run):
    assert run("build", "--format", "pack", "--jobs", "1").exit_code == 0
    comparison = project / "content" / "comparisons" / "ceo-vs-coo.yaml"
    comparison.write_text(comparison.read_text().replace("title: CEO vs COO", "title: Edited title"))
    assert run("build", "--format", "pack", "--jobs", "1").exit_code == 0
    with zipfile.ZipFile(project / "output" / "acme" / "ceo-vs-coo-pack.zip") as pack:
        assert pack.read("README.txt").decode().startswith("Edited title: training pack")


@needs_third_party
def test_a_master_saved_over_between_decks_is_read_afresh(project):
    master = project / "templates" / "brands" / "acme" / "deck.pptx"
    shutil.copy(THIRD_PARTY / "office-17-layouts.pptx", master)
    first = Presentation(io.BytesIO(_render(project, "deck").data))
    assert {slide.slide_layout.name for slide in first.slides} > {"Title Slide", "Title and Content"}

    _replace(master, THIRD_PARTY / "office-title-layout-only.pptx")
    rendered = _render(project, "deck")
    second = Presentation(io.BytesIO(rendered.data))
    assert {slide.slide_layout.name for slide in second.slides} == {"Title Slide"}
    assert any("has no layout 'Title and Content'" in w for w in rendered.warnings)


@needs_third_party
def test_every_deck_on_a_master_repeats_its_warnings(project):
    shutil.copy(THIRD_PARTY / "office-title-layout-only.pptx", project / "templates" / "brands" / "acme" / "deck.pptx")
    assert _render(project, "deck").warnings == _render(project, "deck").warnings != ()


@needs_third_party
def test_a_reference_saved_over_between_handouts_lends_its_new_styles(project):
    reference = project / "templates" / "brands" / "acme" / "handout.docx"
    shutil.copy(THIRD_PARTY / "custom-styles.docx", reference)
    before = Document(io.BytesIO(_render(project, "handout").data)).styles["Normal"].font.name

    edited = Document(str(THIRD_PARTY / "custom-styles.docx"))
    edited.styles["Normal"].font.name = "Georgia"
    edited.save(str(project / "edited.docx"))
    _replace(reference, project / "edited.docx")
    after = Document(io.BytesIO(_render(project, "handout").data)).styles["Normal"].font.name
    assert (before, after) == (Document(str(THIRD_PARTY / "custom-styles.docx")).styles["Normal"].font.name, "Georgia")


def test_handouts_in_two_languages_in_one_process_each_carry_their_own(project):
    shutil.copytree(REPO / "content" / "de-DE", project / "content" / "de-DE")
    english = _render(project, "handout")
    german = _render(project, "handout", Project(project, lang="de-DE"))
    langs = [
        Document(io.BytesIO(r.data))
        .styles["Normal"]
        .element.rPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}lang")
        for r in (english, german)
    ]
    assert [lang.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") for lang in langs] == [
        "en-GB",
        "de-DE",
    ]
