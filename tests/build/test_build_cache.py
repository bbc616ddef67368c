"""One cache per build: what a build reads from files is kept by the file's signature, and within bounds."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation

from rolegen.build import documents
from rolegen.cache import BOUNDS, BuildCache, signature
from rolegen.cli.app import main
from rolegen.inputs.project import Project
from rolegen.build.watch import rebuild

THIRD_PARTY = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "third-party"
needs_third_party = pytest.mark.skipif(not THIRD_PARTY.is_dir(), reason=f"{THIRD_PARTY} is not here")


def _square_logo(path: Path) -> None:
    """Save a square logo over path (the sample brands' logos are about 3:1 and 4:1)."""
    Image.new("RGBA", (120, 120), (200, 40, 40, 255)).save(path)


def _logo_ratios(deck_path: Path) -> set[float]:
    """Return the width/height ratios the logos of a deck are drawn with."""
    deck = Presentation(str(deck_path))
    return {
        round(shape.width / shape.height, 2) for slide in deck.slides for shape in slide.shapes if shape.name == "Logo"
    }


def test_a_logo_replaced_while_watching_is_drawn_in_its_new_shape(project):
    # rolegen watch rebuilds in one process; the logo's aspect ratio was once kept by its path until restart.
    deck = project / "output" / "acme" / "ceo-vs-coo.pptx"
    assert rebuild(Project(project), ["acme"], []).startswith("rebuilt 2 in ")
    assert _logo_ratios(deck) == {round(376 / 120, 2)}

    _square_logo(project / "templates" / "brands" / "acme" / "logo.png")
    assert rebuild(Project(project), ["acme"], []).startswith("rebuilt 2 in ")
    assert _logo_ratios(deck) == {1.0}


def _build_decks() -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["-q", "build", "--jobs", "1", "--format", "deck"])
    assert exit_.value.code == 0


def test_two_builds_in_one_process_draw_the_logo_each_found(project):
    deck = project / "output" / "globex" / "ceo-vs-coo.pptx"
    _build_decks()
    assert _logo_ratios(deck) == {round(498 / 120, 2)}
    _square_logo(project / "templates" / "brands" / "globex" / "logo.png")
    _build_decks()
    assert _logo_ratios(deck) == {1.0}


def test_a_cache_kept_across_a_replaced_logo_reads_it_afresh(tmp_path):
    # The key, not only the cache's short life, tells a saved-over file: same path, another signature.
    logo = tmp_path / "logo.png"
    Image.new("RGB", (300, 100)).save(logo)
    cache = BuildCache()
    first = cache.file("images", logo, lambda path: Image.open(path).size)
    Image.new("RGB", (100, 100)).save(logo)
    assert (first, cache.file("images", logo, lambda path: Image.open(path).size)) == ((300, 100), (100, 100))


@needs_third_party
def test_a_master_saved_over_between_two_decks_on_one_cache_is_read_afresh(project):
    master = project / "templates" / "brands" / "acme" / "deck.pptx"
    shutil.copy(THIRD_PARTY / "office-17-layouts.pptx", master)
    cache = BuildCache()
    first = documents.render(Project(project), "acme", "ceo-vs-coo", "deck", cache=cache)[1]
    assert {s.slide_layout.name for s in Presentation(io.BytesIO(first.data)).slides} > {"Title Slide"}

    shutil.copy(THIRD_PARTY / "office-title-layout-only.pptx", master)  # saved over, perhaps in the same second
    second = documents.render(Project(project), "acme", "ceo-vs-coo", "deck", cache=cache)[1]
    assert {s.slide_layout.name for s in Presentation(io.BytesIO(second.data)).slides} == {"Title Slide"}
    assert any("has no layout 'Title and Content'" in w for w in second.warnings)


def test_a_signature_tells_a_file_saved_over_with_its_old_size_and_time(tmp_path):
    # As an editor saves (a new file renamed over the old), here keeping the old time as cp -p does.
    import os

    path, new = tmp_path / "logo.png", tmp_path / "new.png"
    path.write_bytes(b"a" * 10)
    before = signature(path)
    new.write_bytes(b"b" * 10)
    stat = path.stat()
    os.utime(new, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.replace(new, path)
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    assert signature(path) != before


def test_no_kind_holds_more_entries_than_its_bound(tmp_path):
    cache = BuildCache()
    for kind, bound in BOUNDS.items():
        for index in range(bound + 5):
            cache.entry(kind, index, lambda: object())
            assert len(cache.entries(kind)) <= bound
        assert len(cache.entries(kind)) == bound

    # The least recently used goes first: an entry in use outlives twice the bound of newer ones.
    cache = BuildCache()
    cache.entry("images", "in use", lambda: 1)
    for index in range(2 * BOUNDS["images"]):
        cache.entry("images", index, lambda: 2)
        cache.entry("images", "in use", lambda: 3)
    assert cache.entry("images", "in use", lambda: 4) == 1


def test_an_unknown_kind_is_a_programming_error():
    with pytest.raises(KeyError) as raised:
        BuildCache().entry("no such kind", 1, lambda: 1)
    assert "no such kind" in str(raised.value)


def test_a_build_of_many_documents_stays_within_the_bounds(project):
    # Every deck and handout of both brands, in two languages, through one cache.
    shutil.copytree(Path(documents.__file__).resolve().parents[3] / "content" / "de-DE", project / "content" / "de-DE")
    cache = BuildCache()
    for lang in (None, "de-DE"):
        for brand in ("acme", "globex"):
            for kind in ("deck", "handout"):
                documents.render(Project(project, lang=lang), brand, "ceo-vs-coo", kind, cache=cache)
    for kind, bound in BOUNDS.items():
        assert len(cache.entries(kind)) <= bound, kind
    assert cache.entries("masters") and cache.entries("references") and cache.entries("measurers")


def _slide_texts(rendered) -> set[str]:
    deck = Presentation(io.BytesIO(rendered.data))
    return {shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame}


def test_a_brand_kit_and_a_role_edited_between_two_decks_on_one_cache_are_read_afresh(project):
    cache = BuildCache()
    first = documents.render(Project(project), "acme", "ceo-vs-coo", "deck", cache=cache)[1]
    brand = project / "templates" / "brands" / "acme" / "_brand.yml"
    brand.write_text(brand.read_text().replace("Leadership training", "Edited footer"))
    role = project / "content" / "roles" / "coo.md"
    role.write_text(role.read_text().replace("short: COO", "short: CXO"))
    second = documents.render(Project(project), "acme", "ceo-vs-coo", "deck", cache=cache)[1]
    assert "Acme Corporation · Leadership training" in _slide_texts(first)
    assert "Acme Corporation · Edited footer" in _slide_texts(second)
    assert not any("CXO" in text for text in _slide_texts(first))
    assert any("CXO" in text for text in _slide_texts(second))


def test_every_rebuild_while_watching_gets_a_cache_of_its_own(project, monkeypatch):
    from rolegen.build import run as build

    caches = []
    real = build.build

    def spy(*args, **kwargs):
        caches.append(kwargs.get("cache"))
        return real(*args, **kwargs)

    monkeypatch.setattr(build, "build", spy)
    for _ in range(2):
        rebuild(Project(project), ["acme"], [])
    assert len(caches) == 2 and None not in caches and caches[0] is not caches[1]


def test_a_deck_drawn_on_a_master_other_decks_used_has_the_bytes_it_has_alone(project, monkeypatch):
    from rolegen.render import pptx as deck_renderer

    shutil.copytree(Path(documents.__file__).resolve().parents[3] / "content" / "de-DE", project / "content" / "de-DE")
    alone = documents.render(Project(project), "acme", "ceo-vs-coo", "deck", cache=BuildCache())[1].data

    cache = BuildCache()
    documents.render(Project(project, lang="de-DE"), "acme", "ceo-vs-coo", "deck", cache=cache)
    # A deck that fails half drawn leaves no slide behind on the master either.
    drawn = []
    real_add = deck_renderer.Deck.add

    def add_three_then_fail(self, slide, plan=None):
        if len(drawn) == 3:
            raise RuntimeError("failed half drawn")
        drawn.append(slide)
        real_add(self, slide, plan)

    monkeypatch.setattr(deck_renderer.Deck, "add", add_three_then_fail)
    with pytest.raises(RuntimeError):
        documents.render(Project(project), "acme", "ceo-vs-coo", "deck", cache=cache)
    monkeypatch.setattr(deck_renderer.Deck, "add", real_add)

    after = documents.render(Project(project), "acme", "ceo-vs-coo", "deck", cache=cache)[1].data
    assert len(cache.entries("masters")) == 1
    assert after == alone


@pytest.mark.parametrize("reference", [None, "custom-styles.docx"])
def test_handouts_opened_from_one_prepared_reference_have_the_bytes_each_has_alone(project, reference):
    # The first handout draws on the reference it prepared; later ones open the prepared bytes.
    if reference:
        if not THIRD_PARTY.is_dir():
            pytest.skip(f"{THIRD_PARTY} is not here")
        shutil.copy(THIRD_PARTY / reference, project / "templates" / "brands" / "acme" / "handout.docx")
    alone = documents.render(Project(project), "acme", "ceo-vs-coo", "handout", cache=BuildCache())[1].data
    cache = BuildCache()
    documents.render(Project(project), "globex", "ceo-vs-coo", "handout", cache=cache)
    first = documents.render(Project(project), "acme", "ceo-vs-coo", "handout", cache=cache)[1].data
    second = documents.render(Project(project), "acme", "ceo-vs-coo", "handout", cache=cache)[1].data
    assert len(cache.entries("references")) == 2
    assert first == second == alone


def test_a_worker_loads_the_renderers_of_the_kinds_its_run_draws_and_no_other():
    import subprocess
    import sys

    script = (
        "import os, sys\nfrom rolegen.build import workers\n"
        "workers._start_worker(os.getppid(), tuple(sys.argv[1:]))\n"
        "print(sorted(m for m in ('pptx', 'docx') if m in sys.modules))\n"
    )
    loaded = {
        kinds: subprocess.run([sys.executable, "-c", script, *kinds], capture_output=True, text=True).stdout.strip()
        for kinds in (("handout",), ("deck",), ("deck", "handout"))
    }
    assert loaded == {("handout",): "['docx']", ("deck",): "['pptx']", ("deck", "handout"): "['docx', 'pptx']"}


@pytest.mark.parametrize("xdg", [None, "", "  ", "/somewhere/cache"], ids=["unset", "empty", "blank", "set"])
def test_the_user_cache_folder_is_the_one_platformdirs_names(monkeypatch, xdg):
    # Worked out by hand for a no-op build's sake (importing platformdirs costs it as much as its
    # check): it must be the very folder platformdirs gives, where the logos' downloads live too.
    from platformdirs import user_cache_dir

    from rolegen.brand.logos import cache_dir
    from rolegen.cache import cache_home

    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert cache_home() == user_cache_dir("rolegen", appauthor=False) == str(cache_dir())


def test_a_cache_file_that_cannot_be_written_leaves_nothing_behind(tmp_path, monkeypatch):
    from rolegen import cache

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache.os, "replace", full)
    assert cache.keep_json(str(tmp_path / "kept.json"), {"a": 1}) is False
    assert list(tmp_path.iterdir()) == []


def test_one_process_draws_a_comparison_for_each_brand_in_turn_a_few_brands_at_a_time():
    from rolegen.build.plan import Output
    from rolegen.build.workers import drawing_order

    brands = [f"brand{n}" for n in range(6)]
    tasks = [Output(b, c, k) for b in brands for c in ("one", "two") for k in ("deck", "handout")]
    order = [(t.brand, t.comparison, t.kind) for t in drawing_order(tasks)]
    assert order[:4] == [
        ("brand0", "one", "deck"),
        ("brand1", "one", "deck"),
        ("brand2", "one", "deck"),
        ("brand3", "one", "deck"),
    ]
    # As many brands as the build keeps masters open for: then the next brands, the same way.
    assert {brand for brand, _, _ in order[:16]} == set(brands[: BOUNDS["masters"]])
    assert sorted(order) == sorted((t.brand, t.comparison, t.kind) for t in tasks)


def test_a_build_parses_each_section_both_brands_share_once(project, monkeypatch):
    from rolegen.content import markdown

    def sections(brand: str, kind: str) -> set[tuple[int, str]]:
        loaded = documents.load_inputs(Project(project), brand, None)
        return set(markdown.sections(documents.intermediate_markdown(Project(project), *loaded, kind)[1]))

    decks, handouts = [sections(brand, "deck") for brand in ("acme", "globex")], sections("acme", "handout")
    # The two brands' decks differ in the metadata block and the closing slide's line only.
    shared = decks[0] & decks[1]
    assert len(shared) >= 10
    # Kept for little more than one document: enough when each is drawn for both brands in turn.
    monkeypatch.setitem(BOUNDS, "sections", max(len(decks[0]), len(handouts)) + 4)
    parsed = []
    real = markdown._section
    monkeypatch.setattr(markdown, "_section", lambda start, part: parsed.append((start, part)) or real(start, part))
    with pytest.raises(SystemExit) as exit_:
        main(["-q", "build", "--jobs", "1", "--force"])
    assert exit_.value.code == 0
    assert shared <= set(parsed)
    assert len(parsed) == len(set(parsed))
