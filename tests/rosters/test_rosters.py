"""A roster gives every new hire a handout of their own, and their data goes nowhere else.

Through the installed console script, as a training team runs it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document

from conftest import needs_soffice

ROLEGEN = Path(sys.executable).parent / "rolegen"
# Three new hires: one name in Japanese, one in Arabic; a spreadsheet's ';' and byte-order mark.
ROSTER = (
    "\ufeffname;role;start;manager;email;desk\n"
    "Priya Raghunathan;coo;2027-01-04;Dana Whitfield;priya.r@example.com;Ops-7\n"
    "山田 花子;CEO;2027-02-01;Kenji Ishikawa;hanako.yamada@example.com;Board-1\n"
    'محمد الفارسي;coo;;"=HYPERLINK(""http://evil.example"",""x"")";;\n'
)
PEOPLE = {
    "priya-raghunathan": ("Priya Raghunathan", "Dana Whitfield", "4 January 2027", "COO (you)"),
    "山田-花子": ("山田 花子", "Kenji Ishikawa", "1 February 2027", "CEO (you)"),
    "محمد-الفارسي": ("محمد الفارسي", '=HYPERLINK("http://evil.example","x")', None, "COO (you)"),
}
# Every value of the roster, and the parts a log could show of them (a first name, a file name).
PERSONAL = [
    "Priya",
    "Raghunathan",
    "Dana Whitfield",
    "Whitfield",
    "priya.r@example.com",
    "Ops-7",
    "山田",
    "花子",
    "Kenji",
    "Ishikawa",
    "hanako.yamada",
    "Board-1",
    "الفارسي",
    "محمد",
    "evil.example",
    "priya-raghunathan",
]


def rolegen(root: Path, *args: str, code: int = 0) -> subprocess.CompletedProcess:
    done = subprocess.run([str(ROLEGEN), *args], cwd=root, capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == code, done.stdout + done.stderr
    return done


@pytest.fixture
def hires(project: Path) -> Path:
    folder = project / "content" / "rosters"
    folder.mkdir()
    (folder / "new-hires.csv").write_text(ROSTER, encoding="utf-8")
    return project


def _text(path: Path) -> str:
    document = Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _onboarding(project: Path) -> Path:
    return project / "output" / "acme" / "onboarding"


def test_each_new_hire_gets_a_handout_with_their_fields_and_nobody_elses(hires):
    rolegen(hires, "handout", "--brand", "acme", "--roster", "new-hires")

    made = sorted(p.name for p in _onboarding(hires).iterdir())
    assert made == sorted(f"{slug}.docx" for slug in PEOPLE)
    for slug, (name, manager, start, column) in PEOPLE.items():
        text = _text(_onboarding(hires) / f"{slug}.docx")
        assert f"Welcome, {name}" in text
        assert f"Your manager is {manager}." in text
        assert (f"Your first day is {start}." in text) if start else "Your first day" not in text
        assert column in text  # their role marked in the comparison
        others = [other for key, values in PEOPLE.items() if key != slug for other in values[:2]]
        assert not any(other in text for other in others)


def test_a_formula_cell_is_drawn_as_the_text_typed_never_a_field_or_link(hires):
    rolegen(hires, "handout", "--brand", "acme", "--roster", "new-hires")
    with zipfile.ZipFile(_onboarding(hires) / "محمد-الفارسي.docx") as package:
        body = package.read("word/document.xml").decode()
        rels = package.read("word/_rels/document.xml.rels").decode()
    assert "=HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;)" in body or '=HYPERLINK("http' in body
    assert "evil.example" not in rels
    assert "instrText" not in body.split("Welcome", 1)[1].split("What you will own", 1)[0]


def test_the_shared_outputs_manifest_and_logs_hold_no_roster_value(hires):
    runs = [
        rolegen(hires, "-v", "handout", "--brand", "acme", "--roster", "new-hires"),
        rolegen(hires, "-v", "build", "--brand", "acme", "--jobs", "2"),
        rolegen(hires, "-v", "build", "--brand", "acme", "--check"),
        rolegen(hires, "-v", "build", "--brand", "acme", "--json", "--force", "--jobs", "1"),
        rolegen(hires, "-v", "validate"),
    ]
    (hires / "content/rosters/new-hires.csv").write_text(ROSTER.replace("Ops-7", "Ops-8"), encoding="utf-8")
    runs.append(rolegen(hires, "-v", "build", "--brand", "acme", "--check", "--diff", code=1))
    logs = "\n".join(run.stdout + run.stderr for run in runs)
    output = hires / "output"
    shared = [
        _text(output / "acme" / "ceo-vs-coo.docx"),
        "\n".join(
            shape.text_frame.text
            for slide in __import__("pptx").Presentation(str(output / "acme" / "ceo-vs-coo.pptx")).slides
            for shape in slide.shapes
            if shape.has_text_frame
        ),
        (output / "manifest.json").read_text(encoding="utf-8"),
        *(_zip_text(output / "acme" / "ceo-vs-coo-pack.zip"),),
    ]
    for where, text in [("logs", logs)] + [(f"shared output {n}", t) for n, t in enumerate(shared)]:
        found = [value for value in PERSONAL if value.casefold() in text.casefold()]
        assert found == [], f"{where} holds {found}"
    assert "new-hires line 2" in logs  # a log names the row, by its line


def _zip_text(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return "\n".join(package.read(name).decode("utf-8", "replace") for name in package.namelist())


def test_one_changed_row_rebuilds_one_handout(hires):
    rolegen(hires, "build", "--brand", "acme", "--format", "handout", "--jobs", "1")
    before = {p.name: p.stat().st_mtime_ns for p in _onboarding(hires).iterdir()}
    roster = hires / "content/rosters/new-hires.csv"
    roster.write_text(ROSTER.replace("Kenji Ishikawa", "Kenji Ishikawa-Sato"), encoding="utf-8")

    summary = json.loads(rolegen(hires, "build", "--brand", "acme", "--format", "handout", "--json").stdout)

    assert len(summary["built"]) == 1 and summary["built"][0].startswith("acme/onboarding/new-hires-")
    after = {p.name: p.stat().st_mtime_ns for p in _onboarding(hires).iterdir()}
    assert [name for name in before if before[name] != after[name]] == ["山田-花子.docx"]
    assert "Kenji Ishikawa-Sato" in _text(_onboarding(hires) / "山田-花子.docx")
    assert rolegen(hires, "build", "--brand", "acme", "--format", "handout", "--check").returncode == 0


def test_two_builds_of_a_personal_handout_are_byte_identical(hires, tmp_path):
    rolegen(hires, "handout", "--brand", "acme", "--roster", "new-hires")
    first = {p.name: p.read_bytes() for p in _onboarding(hires).iterdir()}
    rolegen(hires, "build", "--brand", "acme", "--format", "handout", "--force", "--jobs", "2")
    assert {p.name: p.read_bytes() for p in _onboarding(hires).iterdir()} == first


def test_shards_share_the_new_hires_between_them_once(hires):
    keys = []
    for index in (1, 2, 3):
        done = rolegen(hires, "build", "-b", "acme", "-f", "handout", "--shard", f"{index}/3", "--json", "--force")
        keys += [key for key in json.loads(done.stdout)["built"] if "/onboarding/" in key]
    assert len(keys) == len(set(keys)) == 3


def test_a_yaml_roster_and_a_comma_csv_work_as_the_spreadsheet_one(hires):
    folder = hires / "content/rosters"
    (folder / "new-hires.csv").unlink()
    (folder / "spring.yaml").write_text(
        "- name: Ana Lima\n  role: coo\n  start: 2027-03-01\n- name: Ana Lima\n  role: ceo\n  email: ana2@example.com\n",
        encoding="utf-8",
    )
    (folder / "autumn.csv").write_text("Name,Role\nJosé Núñez,coo\n", encoding="utf-8")
    rolegen(hires, "build", "-b", "acme", "-f", "handout", "--jobs", "1")
    # Two people of one name keep files of their own; a Latin name loses its accents in its file name.
    assert sorted(p.name for p in _onboarding(hires).iterdir()) == [
        "ana-lima-2.docx",
        "ana-lima.docx",
        "jose-nunez.docx",
    ]
    assert "Your first day is 1 March 2027." in _text(_onboarding(hires) / "ana-lima.docx")


def test_the_roster_key_is_made_once_private_and_an_environment_key_is_used_instead(hires, monkeypatch):
    rolegen(hires, "handout", "--brand", "acme", "--roster", "new-hires")
    key = hires / "content/rosters/.rolegen-key"
    assert key.stat().st_mode & 0o077 == 0
    manifest = json.loads((hires / "output/manifest.json").read_text())["outputs"]
    monkeypatch.setenv("ROLEGEN_ROSTER_KEY", "a CI secret")
    rolegen(hires, "handout", "--brand", "acme", "--roster", "new-hires")
    again = json.loads((hires / "output/manifest.json").read_text())["outputs"]
    assert len([k for k in again if "/onboarding/" in k]) == 6 and set(manifest) < set(again)


@needs_soffice
def test_pdf_gives_each_new_hire_a_pdf(hires):
    rolegen(hires, "handout", "--brand", "acme", "--roster", "new-hires", "--pdf")
    pdfs = sorted(p.name for p in _onboarding(hires).glob("*.pdf"))
    assert pdfs == sorted(f"{slug}.pdf" for slug in PEOPLE)
    assert all((_onboarding(hires) / name).read_bytes().startswith(b"%PDF") for name in pdfs)
    # A plain check afterwards judges the PDFs as built: only the shared handout, never built here, is missing.
    done = rolegen(hires, "build", "-b", "acme", "-f", "handout", "--check", code=1)
    assert done.stdout.splitlines() == ["missing: output/acme/ceo-vs-coo.docx"]


def test_the_deck_has_no_roster_and_a_deck_only_build_makes_no_personal_handout(hires):
    rolegen(hires, "build", "-b", "acme", "-f", "deck", "--jobs", "1")
    assert not _onboarding(hires).exists()
    done = rolegen(hires, "build", "-f", "deck", "--roster", "new-hires", code=2)
    assert "--roster builds handouts" in done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--roster", "nobody"), "no roster 'nobody'; the rosters are: new-hires"),
        (("--roster", "new-hires", "-o", "x.docx"), "leave out -o"),
    ],
)
def test_a_wrong_roster_command_is_a_usage_error(hires, args, message):
    done = rolegen(hires, "handout", "--brand", "acme", *args, code=2)
    assert message in done.stderr and "Traceback" not in done.stderr


def test_a_handout_that_fails_writes_nothing_names_only_the_row_and_leaves_no_staged_file(hires):
    rolegen(hires, "build", "-b", "acme", "-f", "handout", "--jobs", "1")
    before = {p.name: p.read_bytes() for p in _onboarding(hires).iterdir()}
    template = hires / "templates" / "handout.md.j2"
    shipped = Path(__import__("rolegen").__file__).parent / "defaults" / "handout.md.j2"
    # One person's handout breaks (a template error that quotes their manager); the others would build.
    template.write_text(
        '{% if person and person.manager == "Kenji Ishikawa" %}{{ t.no_such_word ~ person.manager }}{% endif %}'
        + shipped.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    done = rolegen(hires, "build", "-b", "acme", "-f", "handout", "--jobs", "2", code=1)
    assert not [value for value in PERSONAL if value.casefold() in done.stderr.casefold()], done.stderr
    assert {p.name: p.read_bytes() for p in _onboarding(hires).iterdir()} == before
    assert not list((hires / "output").glob(".rolegen-staging-*"))


def test_a_staging_folder_a_killed_build_left_is_removed_by_the_next(hires):
    abandoned = hires / "output" / ".rolegen-staging-999999999-x"
    abandoned.mkdir(parents=True)
    (abandoned / "1.part").write_bytes(b"a killed build's handout")
    rolegen(hires, "handout", "--brand", "acme", "--roster", "new-hires")
    assert not abandoned.exists()
    assert len(list(_onboarding(hires).iterdir())) == 3


def test_a_person_taken_off_the_roster_loses_their_handout_at_the_next_full_build(hires):
    rolegen(hires, "build", "-b", "acme", "-f", "handout", "--jobs", "1")
    roster = hires / "content/rosters/new-hires.csv"
    roster.write_text("\n".join(line for line in ROSTER.split("\n") if "Priya" not in line), encoding="utf-8")

    done = rolegen(hires, "build", "-b", "acme", "-f", "handout", "--jobs", "1")

    assert "removed 1 new hires' files that no roster holds any more" in done.stdout + done.stderr
    assert sorted(p.name for p in _onboarding(hires).iterdir()) == ["محمد-الفارسي.docx", "山田-花子.docx"]
    manifest = json.loads((hires / "output/manifest.json").read_text())["outputs"]
    assert len([key for key in manifest if "/onboarding/" in key]) == 2
    assert rolegen(hires, "build", "-b", "acme", "-f", "handout", "--check").returncode == 0


def test_a_roster_key_that_is_a_link_out_or_no_file_is_refused_not_read(hires, tmp_path):
    key = hires / "content/rosters/.rolegen-key"
    outside = tmp_path / "secret"
    outside.write_text("a file outside the project\n")
    key.symlink_to(outside)
    done = rolegen(hires, "handout", "--brand", "acme", "--roster", "new-hires", code=1)
    assert "content/rosters/.rolegen-key" in done.stderr and "Traceback" not in done.stderr
    assert not (hires / "output").exists()
    key.unlink()
    os.mkfifo(key)  # a FIFO would hang a reader that does not check what the file is
    done = rolegen(hires, "handout", "--brand", "acme", "--roster", "new-hires", code=1)
    assert "content/rosters/.rolegen-key" in done.stderr


def test_a_no_op_build_with_new_hires_leaves_no_stamp_that_would_name_them(hires, cache_folder):
    from rolegen.build import current

    rolegen(hires, "build", "--brand", "acme", "--jobs", "1")
    time.sleep(current._RACY_NS / 1e9 + 0.1)  # the files are older than the window in which no stamp is left
    folder = cache_folder / "rolegen" / current.FOLDER
    before = set(folder.glob("*.json")) if folder.is_dir() else set()
    assert "built 0, skipped" in rolegen(hires, "build", "--brand", "acme", "--jobs", "1").stdout
    assert (set(folder.glob("*.json")) if folder.is_dir() else set()) == before
