"""fontconfig asked in process gives what the fc-match program prints for the same pattern and format."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import needs_programs
from rolegen.brand import fontconfig

needs_fc_match = needs_programs("fc-match", install="apt-get install fontconfig")
FORMATS = ("%{family}\t%{file}", "%{family}\t%{file}\t%{index}\t%{lang}")
# The brands' and Office's families, both weights, a metric twin's source, scripts' fallbacks by
# language, a generic name, a family no machine has, and what fc-match cannot parse.
PATTERNS = (
    "Open Sans:weight=regular",
    "Lato:weight=bold",
    "Carlito:weight=bold",
    "Calibri",
    "Courier New:weight=regular",
    "DejaVu Serif",
    "Noto Sans CJK JP:lang=ja",
    ":lang=ar",
    "sans-serif",
    "No Such Family Anywhere:weight=bold",
    "Bad:pattern:=:",
)


def fc_match(pattern: str, format: str, env: dict | None = None) -> str:
    return subprocess.run(["fc-match", "-f", format, pattern], capture_output=True, text=True, env=env).stdout


@needs_fc_match
@pytest.mark.parametrize("format", FORMATS, ids=["family and file", "with index and languages"])
def test_each_answer_is_the_one_fc_match_prints(format):
    if fontconfig.match("sans-serif", format) is None:
        pytest.skip("libfontconfig cannot be loaded here: rolegen runs fc-match itself")
    assert [fontconfig.match(p, format) for p in PATTERNS] == [fc_match(p, format) for p in PATTERNS]


@needs_fc_match
def test_a_configuration_of_its_own_fonts_is_honoured_as_fc_match_honours_it(tmp_path):
    fonts, cache = tmp_path / "fonts", tmp_path / "cache"
    fonts.mkdir()
    cache.mkdir()
    # One face only: whatever is asked for, fontconfig can offer nothing else.
    shutil.copy(fc_match("DejaVu Sans", "%{file}") or pytest.skip("no DejaVu Sans here"), fonts)
    conf = tmp_path / "fonts.conf"
    conf.write_text(f"<fontconfig><dir>{fonts}</dir><cachedir>{cache}</cachedir></fontconfig>", encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    # fontconfig reads its configuration once per process, as a build does: a fresh one is asked.
    script = "import sys; from rolegen.brand import fontconfig; print(repr(fontconfig.ask(*sys.argv[1:])))"
    for pattern in ("Lato:weight=bold", ":lang=ja"):
        ours = subprocess.run([sys.executable, "-c", script, pattern, FORMATS[0]], env=env, capture_output=True)
        theirs = fc_match(pattern, FORMATS[0], env)
        assert (ours.stdout.decode().strip(), theirs.split("\t")[0]) == (repr(theirs), "DejaVu Sans")


@needs_fc_match
def test_without_the_library_fc_match_is_asked(monkeypatch):
    monkeypatch.setattr(fontconfig, "_state", {"lib": None, "config": None})
    assert fontconfig.match("Lato", FORMATS[0]) is None
    assert fontconfig.ask("Lato", FORMATS[0]) == fc_match("Lato", FORMATS[0])


def test_where_fc_match_is_not_on_path_nothing_is_asked_and_nothing_found(monkeypatch):
    # As before the library was used: a machine without fontconfig's programs is one without fonts.
    monkeypatch.setenv("PATH", "/nonexistent")
    assert fontconfig.ask("Lato", FORMATS[0]) == ""
