"""fontconfig asked in process gives what the fc-match program prints for the same pattern and format."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

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


@pytest.fixture
def one_face(tmp_path) -> tuple[Path, dict]:
    """A configuration whose only font folder holds DejaVu Sans: the folder, and the environment that uses it."""
    fonts, cache = tmp_path / "fonts", tmp_path / "fccache"
    fonts.mkdir()
    cache.mkdir()
    shutil.copy(fc_match("DejaVu Sans", "%{file}") or pytest.skip("no DejaVu Sans here"), fonts)
    conf = tmp_path / "fonts.conf"
    conf.write_text(f"<fontconfig><dir>{fonts}</dir><cachedir>{cache}</cachedir></fontconfig>", encoding="utf-8")
    # Made now: the kept file's folder made later would change the folder of the configuration.
    (tmp_path / "cache" / "rolegen").mkdir(parents=True)
    return fonts, {**os.environ, "FONTCONFIG_FILE": str(conf), "XDG_CACHE_HOME": str(tmp_path / "cache")}


@needs_fc_match
@pytest.mark.parametrize("format", FORMATS, ids=["family and file", "with index and languages"])
def test_each_answer_is_the_one_fc_match_prints(format):
    if fontconfig.match("sans-serif", format) is None:
        pytest.skip("libfontconfig cannot be loaded here: rolegen runs fc-match itself")
    assert [fontconfig.match(p, format) for p in PATTERNS] == [fc_match(p, format) for p in PATTERNS]


@needs_fc_match
def test_a_configuration_of_its_own_fonts_is_honoured_as_fc_match_honours_it(one_face):
    # One face only: whatever is asked for, fontconfig can offer nothing else.
    _, env = one_face
    # fontconfig reads its configuration once per process, as a build does: a fresh one is asked.
    script = "import sys; from rolegen.brand import fontconfig; print(repr(fontconfig.ask(*sys.argv[1:])))"
    for pattern in ("Lato:weight=bold", ":lang=ja"):
        ours = subprocess.run([sys.executable, "-c", script, pattern, FORMATS[0]], env=env, capture_output=True)
        theirs = fc_match(pattern, FORMATS[0], env)
        assert (ours.stdout.decode().strip(), theirs.split("\t")[0]) == (repr(theirs), "DejaVu Sans")


@needs_fc_match
def test_without_the_library_fc_match_is_asked(monkeypatch):
    monkeypatch.setattr(fontconfig, "_state", {"lib": None, "config": None, "kept": {}})
    assert fontconfig.match("Lato", FORMATS[0]) is None
    assert fontconfig.ask("Lato", FORMATS[0]) == fc_match("Lato", FORMATS[0])


def test_where_fc_match_is_not_on_path_nothing_is_asked_and_nothing_found(monkeypatch):
    # As before the library was used: a machine without fontconfig's programs is one without fonts.
    monkeypatch.setenv("PATH", "/nonexistent")
    assert fontconfig.ask("Lato", FORMATS[0]) == ""


# Answers kept on disk: a later process answers from them without loading fontconfig, until a file
# or folder fontconfig read changes. Each process is a fresh one, as each rolegen command is.
_ASK = """
import sys
from rolegen.brand import fontconfig
if sys.argv[3] == "now":
    fontconfig._RACY_NS = 0  # the folders were made a moment ago: the test does not wait for them
print(repr(fontconfig.ask(sys.argv[1], sys.argv[2])), "ctypes" in sys.modules)
"""


def _ask(pattern: str, env: dict, racy: str = "now") -> tuple[str, bool]:
    """Return a fresh process's answer and whether it loaded fontconfig (ctypes) to give it."""
    run = subprocess.run([sys.executable, "-c", _ASK, pattern, FORMATS[0], racy], env=env, capture_output=True)
    assert run.returncode == 0, run.stderr.decode()
    answer, loaded = run.stdout.decode().rsplit(" ", 1)
    return eval(answer), loaded.strip() == "True"


@pytest.fixture
def own_fonts(one_face):
    """one_face, where libfontconfig can be loaded: only its answers are kept."""
    if fontconfig.match("sans-serif", FORMATS[0]) is None:
        pytest.skip("libfontconfig cannot be loaded here: nothing is kept of fc-match's answers")
    return one_face


@needs_fc_match
def test_a_later_process_answers_from_what_was_kept_without_loading_fontconfig(own_fonts):
    _, env = own_fonts
    first = _ask("Lato:weight=bold", env)
    assert first == (fc_match("Lato:weight=bold", FORMATS[0], env), True)
    assert first[0].startswith("DejaVu Sans\t")
    assert _ask("Lato:weight=bold", env) == (first[0], False)


@needs_fc_match
def test_a_font_added_to_a_font_folder_is_found_by_the_next_process(own_fonts):
    fonts, env = own_fonts
    lato = fc_match("Lato:weight=bold", "%{family}\t%{file}")
    if not lato.startswith("Lato\t"):
        pytest.skip("no Lato Bold here to install")
    assert _ask("Lato:weight=bold", env)[0].startswith("DejaVu Sans\t")
    shutil.copy(lato.split("\t")[1], fonts)
    assert _ask("Lato:weight=bold", env) == (fc_match("Lato:weight=bold", FORMATS[0], env), True)
    assert _ask("Lato:weight=bold", env)[0].startswith("Lato\t")


@needs_fc_match
def test_a_configuration_file_added_beside_the_others_is_read_by_the_next_process(own_fonts, tmp_path):
    fonts, env = own_fonts
    user = tmp_path / "config"
    env = {**env, "XDG_CONFIG_HOME": str(user)}
    # The configuration includes the user's, which is not there yet: making it must count.
    conf = Path(env["FONTCONFIG_FILE"])
    conf.write_text(
        conf.read_text().replace(
            "</fontconfig>", f"<include ignore_missing='yes'>{user}/fontconfig/fonts.conf</include></fontconfig>"
        )
    )
    kept = _ask("Lato:weight=bold", env)
    assert _ask("Lato:weight=bold", env) == (kept[0], False)
    other = tmp_path / "other"
    other.mkdir()
    lato = fc_match("Lato:weight=bold", "%{file}")
    if "Lato" not in lato:
        pytest.skip("no Lato Bold here to install")
    shutil.copy(lato, other)
    (user / "fontconfig").mkdir(parents=True)
    (user / "fontconfig" / "fonts.conf").write_text(f"<fontconfig><dir>{other}</dir></fontconfig>")
    assert _ask("Lato:weight=bold", env)[0].startswith("Lato\t")


@needs_fc_match
def test_what_fontconfig_reads_of_the_environment_is_part_of_what_is_kept(own_fonts):
    _, env = own_fonts
    _ask(":lang=ja", env)
    assert _ask(":lang=ja", env)[1] is False
    assert _ask(":lang=ja", {**env, "FC_LANG": "ar"})[1] is True


@needs_fc_match
def test_folders_changed_a_moment_before_fontconfig_read_them_are_not_vouched_for(own_fonts, tmp_path):
    _, env = own_fonts
    # The test's folders were made just now: with rolegen's own window, nothing may be kept of them.
    assert _ask("Lato:weight=bold", env, racy="default")[1] is True
    assert _ask("Lato:weight=bold", env, racy="default")[1] is True
    assert not (tmp_path / "cache" / "rolegen" / "fontconfig.json").exists()


@needs_fc_match
def test_a_kept_file_that_cannot_be_read_is_asked_past(own_fonts, tmp_path):
    _, env = own_fonts
    kept = tmp_path / "cache" / "rolegen" / "fontconfig.json"
    kept.write_text('{"format": 1, "files": [[1, 2]], "answers": "not a mapping"')
    assert _ask("Lato:weight=bold", env) == (fc_match("Lato:weight=bold", FORMATS[0], env), True)
    assert _ask("Lato:weight=bold", env)[1] is False
    # Kept by this machine for these files, but an answer that is no text is not one fontconfig gave.
    data = json.loads(kept.read_text())
    data["answers"] = {key: 7 for key in data["answers"]}
    kept.write_text(json.dumps(data))
    assert _ask("Lato:weight=bold", env) == (fc_match("Lato:weight=bold", FORMATS[0], env), True)
