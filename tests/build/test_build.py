"""rolegen build: every brand x comparison x format, the pack, the manifest, incremental, --check, shards."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import main_in_new_python
from rolegen.build.plan import Output, Shard, plan
from rolegen.cli.app import cli
from rolegen.inputs.project import Project

CFO = """---
title: Chief Financial Officer
short: CFO
summary: Guards the company's money and its financial risk.
responsibilities:
  - Planning the budget and the financial forecast.
focus: Cash, capital and financial risk.
---
The CFO runs the finance function.
"""

CEO_VS_CFO = """title: CEO vs CFO
roles: [ceo, cfo]
dimensions:
  - name: Scope
    ceo: The whole company.
    cfo: The company's finances.
updated: 2026-11-20
"""

OUTPUTS = ["acme/ceo-vs-coo-pack.zip", "acme/ceo-vs-coo.docx", "acme/ceo-vs-coo.pptx"]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Return every file below folder with its bytes, keyed by relative path."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def built(result) -> list[str]:
    """Return the outputs a `build --json` run says it built."""
    return sorted(json.loads(result.output)["built"])


@pytest.fixture
def project(project: Path) -> Path:
    """This file's tests start from one brand, acme, and add what each needs."""
    shutil.rmtree(project / "templates/brands/globex")
    return project


@pytest.fixture
def wide(project: Path) -> Path:
    """The project with a second comparison (CEO vs CFO) and a second brand (globex)."""
    (project / "content/roles/cfo.md").write_text(CFO, encoding="utf-8")
    (project / "content/comparisons/ceo-vs-cfo.yaml").write_text(CEO_VS_CFO, encoding="utf-8")
    shutil.copytree(project / "templates/brands/acme", project / "templates/brands/globex")
    return project


def test_build_writes_deck_handout_pack_and_manifest(run, project):
    result = run("build", "--jobs", "1")
    assert result.exit_code == 0
    assert result.output.splitlines()[-1].startswith("built 3, skipped 0 (current) in ")
    # The lock lives in the user's cache: nothing but outputs and the manifest is committed or uploaded.
    assert sorted(snapshot(project / "output")) == [*OUTPUTS, "manifest.json"]
    manifest = json.loads((project / "output/manifest.json").read_text())
    assert sorted(manifest["outputs"]) == OUTPUTS


def test_plain_progress_lines_when_not_on_a_terminal(run):
    lines = run("build", "--jobs", "1").output.splitlines()
    assert lines[:3] == ["[1/3] acme/ceo-vs-coo.pptx", "[2/3] acme/ceo-vs-coo.docx", "[3/3] acme/ceo-vs-coo-pack.zip"]


def test_manifest_records_hash_of_each_file_written(run, project):
    run("build")
    manifest = json.loads((project / "output/manifest.json").read_text())
    from rolegen.build.fingerprint import file_digest

    for key, entry in manifest["outputs"].items():
        assert entry["sha256"] == file_digest(project / "output" / key)


def test_pack_holds_deck_handout_and_readme_in_fixed_order(run, project):
    run("build")
    with zipfile.ZipFile(project / "output/acme/ceo-vs-coo-pack.zip") as pack:
        assert pack.namelist() == ["README.txt", "ceo-vs-coo.pptx", "ceo-vs-coo.docx"]
        assert {info.date_time for info in pack.infolist()} == {(2026, 11, 24, 0, 0, 0)}
        assert pack.read("ceo-vs-coo.pptx") == (project / "output/acme/ceo-vs-coo.pptx").read_bytes()
        assert pack.read("ceo-vs-coo.docx") == (project / "output/acme/ceo-vs-coo.docx").read_bytes()
        readme = pack.read("README.txt").decode()
    from rolegen import __version__

    for text in (
        "CEO vs COO",
        "Brand:   Acme Corporation",
        "Date:    24 November 2026",
        f"rolegen {__version__}",
        "ceo-vs-coo.pptx",
        "ceo-vs-coo.docx",
    ):
        assert text in readme


def test_a_pack_alone_leaves_its_parts_unwritten(run, project):
    result = run("build", "--format", "pack", "--json")
    assert built(result) == ["acme/ceo-vs-coo-pack.zip"]
    assert sorted(snapshot(project / "output/acme")) == ["ceo-vs-coo-pack.zip"]
    assert sorted(p.name for p in (project / "output").iterdir()) == ["acme", "manifest.json"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_each_document_goes_to_disk_as_it_is_made_and_is_moved_into_place(run, project, monkeypatch, jobs):
    # A build of thousands holds none of their bytes until the end: its memory does not grow with them.
    from rolegen.build.staging import Staging

    staged = {}
    keep = Staging.keep

    def spy(self, data):
        kept = keep(self, data)
        staged[kept.path.stat().st_ino] = data
        return kept

    monkeypatch.setattr(Staging, "keep", spy)
    run("build", "--jobs", jobs)

    written = {key: project / "output" / key for key in OUTPUTS if not key.endswith(".zip")}
    # The files in place are the staged ones themselves, not a second writing of their bytes.
    assert {staged[path.stat().st_ino] == path.read_bytes() for path in written.values()} == {True}
    assert len(staged) == 2
    assert not list((project / "output").glob(".rolegen-staging-*"))


def test_second_build_skips_every_current_output(run):
    run("build")
    result = run("build", "--json")
    assert (result.exit_code, built(result), sorted(json.loads(result.output)["skipped"])) == (0, [], OUTPUTS)


def test_force_rebuilds_current_outputs(run):
    run("build")
    assert built(run("build", "--force", "--json")) == OUTPUTS


def test_json_summary_has_built_skipped_warnings_and_timings(run):
    summary = json.loads(run("build", "--json", "--format", "deck").output)
    assert sorted(summary) == ["broken", "built", "skipped", "timings", "warnings"]
    assert summary["broken"] == []
    assert sorted(summary["timings"]) == ["outputs", "total"]
    assert list(summary["timings"]["outputs"]) == ["acme/ceo-vs-coo.pptx"]
    assert isinstance(summary["warnings"], list)


def _no_op_build_then(project: Path, expression: str) -> list[str]:
    """Run a build that finds everything current in a fresh process; return its output and expression's value."""
    script = (
        "import sys\nfrom rolegen.cli.app import cli\n"
        "cli.main(['build', '--jobs', '1'], standalone_mode=False)\n"
        f"print({expression})\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script], cwd=project, capture_output=True, text=True, check=True
    ).stdout.splitlines()


def test_no_op_build_does_not_import_python_pptx_or_docx(run, project):
    run("build")
    summary, imported = _no_op_build_then(project, "sorted(m for m in ('pptx', 'docx', 'lxml') if m in sys.modules)")
    assert (summary.startswith("built 0, skipped 3 (current)"), imported) == (True, "[]")


def test_no_op_build_reads_no_yaml_when_no_comparison_changed(run, project):
    run("build")
    assert _no_op_build_then(project, "'yaml' in sys.modules")[-1] == "False"


def test_manifest_remembers_the_roles_each_comparison_named(run, wide):
    run("build")
    comparisons = json.loads((wide / "output/manifest.json").read_text())["comparisons"]
    assert {key: value["roles"] for key, value in comparisons.items()} == {
        "content/comparisons/ceo-vs-cfo.yaml": ["ceo", "cfo"],
        "content/comparisons/ceo-vs-coo.yaml": ["ceo", "coo"],
    }


def test_a_remembered_role_list_that_is_not_made_of_ids_is_not_trusted(run, wide):
    run("build")
    path = wide / "output/manifest.json"
    recorded = json.loads(path.read_text())
    recorded["comparisons"]["content/comparisons/ceo-vs-coo.yaml"]["roles"] = ["../elsewhere/ceo", "coo"]
    path.write_text(json.dumps(recorded))
    # The comparison's YAML is read instead, which names the same roles: nothing is stale.
    assert built(run("build", "--json")) == []


def test_a_comparison_that_names_other_roles_is_read_again_and_follows_them(run, wide):
    run("build")
    comparison = wide / "content/comparisons/ceo-vs-cfo.yaml"
    comparison.write_text(comparison.read_text().replace("cfo", "coo"))
    assert built(run("build", "--json", "--comparison", "ceo-vs-cfo")) == [
        f"{brand}/ceo-vs-cfo{suffix}" for brand in ("acme", "globex") for suffix in ("-pack.zip", ".docx", ".pptx")
    ]
    # The remembered list is now the new one: an edit to COO reaches CEO vs CFO, an edit to CFO does not.
    (wide / "content/roles/cfo.md").write_text(CFO.replace("finance", "money"), encoding="utf-8")
    assert built(run("build", "--json", "--comparison", "ceo-vs-cfo")) == []
    coo = wide / "content/roles/coo.md"
    coo.write_text(coo.read_text().replace("Chief Operating Officer", "Chief Operations Officer"))
    assert "acme/ceo-vs-cfo.pptx" in built(run("build", "--json", "--comparison", "ceo-vs-cfo"))


def test_changed_role_rebuilds_exactly_the_outputs_that_use_it(run, wide):
    run("build")
    coo = wide / "content/roles/coo.md"
    coo.write_text(coo.read_text().replace("Chief Operating Officer", "Chief Operations Officer"))
    result = run("build", "--json")
    assert built(result) == [
        f"{brand}/ceo-vs-coo{suffix}" for brand in ("acme", "globex") for suffix in ("-pack.zip", ".docx", ".pptx")
    ]


@pytest.mark.parametrize(
    ("changed", "brands"),
    [
        ("templates/brands/globex/_brand.yml", ["globex"]),
        ("templates/deck.md.j2", ["acme", "globex"]),
    ],
    ids=["brand-file", "project-template"],
)
def test_changed_template_or_brand_rebuilds_the_outputs_that_use_it(run, wide, changed, brands):
    run("build")
    path = wide / changed
    if path.exists():
        path.write_text(path.read_text() + "\n# changed\n")
    else:  # a project-level override of the packaged default
        path.write_text('{% extends "default/deck.md.j2" %}\n')
    expected = sorted(o.key for o in plan(Project(wide)) if o.brand in brands)
    assert built(run("build", "--json")) == expected


def test_broken_role_leaves_outputs_and_manifest_as_they_were(run, project):
    run("build")
    before = snapshot(project / "output")
    coo = project / "content/roles/coo.md"
    coo.write_text(coo.read_text().replace("responsibilities:", "responsibilities: 7\nignored:", 1))
    result = run("build", "--force")
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].startswith("Error: content/roles/coo.md:")
    assert snapshot(project / "output") == before


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_first_build_whose_deck_breaks_leaves_no_output_folder(project, jobs):
    # The handout draws and is staged in output/ before the deck's error ends the build.
    deck = project / "templates/deck.md.j2"
    shipped = Path(__import__("rolegen").__file__).parent / "defaults" / "deck.md.j2"
    deck.write_text("{{ t.no_such_word }}\n" + shipped.read_text(encoding="utf-8"), encoding="utf-8")
    result = _rolegen(project, "build", "--jobs", jobs)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith("Error: templates/deck.md.j2:1:")
    assert "Traceback" not in result.stderr
    assert not (project / "output").exists()


def test_one_broken_comparison_writes_no_output_at_all(run, wide):
    (wide / "content/roles/cfo.md").write_text(CFO.replace("short: CFO\n", ""))
    result = run("build", "--jobs", "2")
    assert result.exit_code == 1
    assert "Error: content/roles/cfo.md:" in result.output
    assert snapshot(wide / "output") == {}


def test_check_on_a_fresh_project_lists_every_output_missing_and_writes_nothing(run, project):
    result = run("build", "--check")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "missing: output/acme/ceo-vs-coo.pptx",
        "missing: output/acme/ceo-vs-coo.docx",
        "missing: output/acme/ceo-vs-coo-pack.zip",
        "Error: 3 of 3 outputs are missing, stale or edited by hand; run 'rolegen build'",
    ]
    assert not (project / "output").exists()


def test_check_passes_after_a_build(run):
    run("build")
    result = run("build", "--check")
    assert (result.exit_code, result.output) == (0, "all 3 outputs are current\n")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda p: (p / "output/acme/ceo-vs-coo.pptx").unlink(), "missing: output/acme/ceo-vs-coo.pptx"),
        (lambda p: (p / "output/acme/ceo-vs-coo.docx").write_bytes(b"edited"), "edited: output/acme/ceo-vs-coo.docx"),
        (
            lambda p: (p / "content/comparisons/ceo-vs-coo.yaml").write_text(
                (p / "content/comparisons/ceo-vs-coo.yaml").read_text().replace("CEO vs COO", "CEO or COO")
            ),
            "stale: output/acme/ceo-vs-coo.pptx",
        ),
    ],
    ids=["missing", "edited-by-hand", "stale"],
)
def test_check_names_each_output_that_is_not_current(run, project, change, expected):
    run("build")
    change(project)
    before = snapshot(project / "output")
    result = run("build", "--check")
    assert result.exit_code == 1
    assert expected in result.output.splitlines()
    assert snapshot(project / "output") == before


def test_check_json_lists_outputs_by_state(run, project):
    run("build")
    (project / "output/acme/ceo-vs-coo.docx").write_bytes(b"edited")
    result = run("build", "--check", "--json")
    report = json.loads(result.stdout)
    assert report == {"outputs": 3, "missing": [], "stale": [], "edited": ["acme/ceo-vs-coo.docx"]}


@pytest.mark.parametrize("count", [1, 2, 3, 5], ids=lambda n: f"{n}-shards")
def test_shards_partition_the_outputs(wide, count):
    everything = plan(Project(wide))
    shares = [plan(Project(wide), shard=Shard(k, count)) for k in range(1, count + 1)]
    assert sorted(o for share in shares for o in share) == sorted(everything)
    assert len(everything) == 12


def test_shard_builds_on_the_command_line_cover_everything_once(run, wide):
    keys = [key for k in (1, 2, 3) for key in built(run("build", "--shard", f"{k}/3", "--json"))]
    assert sorted(keys) == sorted(o.key for o in plan(Project(wide)))
    assert len(keys) == len(set(keys))


def test_shard_share_does_not_depend_on_the_process():
    output = Output("acme", "ceo-vs-coo", "deck")
    script = "from rolegen.build.plan import Output, Shard; print([Shard(k, 7).holds(Output('acme', 'ceo-vs-coo', 'deck')) for k in range(1, 8)])"
    results = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert results == {str([Shard(k, 7).holds(output) for k in range(1, 8)]) + "\n"}


@pytest.mark.parametrize("shard", ["0/3", "4/3", "two", "1/"], ids=["zero", "beyond-n", "not-numbers", "no-n"])
def test_bad_shard_is_a_usage_error(runner, project, shard):
    result = runner.invoke(cli, ["build", "--shard", shard])
    assert result.exit_code == 2
    assert "Invalid value for '--shard'" in result.output


def test_narrowing_options_select_outputs(run, wide):
    result = run(
        "build", "--brand", "globex", "--comparison", "ceo-vs-cfo", "--format", "deck", "--format", "handout", "--json"
    )
    assert built(result) == ["globex/ceo-vs-cfo.docx", "globex/ceo-vs-cfo.pptx"]


def test_unknown_brand_is_one_error_line(run):
    result = run("build", "--brand", "nope")
    assert (result.exit_code, result.output) == (2, "Error: unknown brand 'nope' (brands here: acme)\n")


def test_parallel_and_serial_builds_write_the_same_bytes(run, wide):
    run("build", "--jobs", "1")
    serial = snapshot(wide / "output")
    run("build", "--jobs", "3", "--force")
    assert snapshot(wide / "output") == serial


def test_jobs_auto_is_the_default_and_builds_what_one_process_builds(wide):
    serial = _rolegen(wide, "build", "--jobs", "1")
    assert serial.returncode == 0, serial.stderr
    written = snapshot(wide / "output")
    auto = _rolegen(wide, "build", "--force")
    # Nothing but the warnings a machine without the brands' fonts gives (and one with them does not).
    assert (auto.returncode, [m for m in auto.stderr.splitlines() if not m.startswith("warning: ")]) == (0, [])
    assert "built 12, skipped 0" in auto.stdout
    assert snapshot(wide / "output") == written


def test_a_parallel_build_leaves_kits_comparisons_and_drawing_to_its_workers(wide):
    # Side by side in the workers, not before they start or after they end: the parent process
    # loads no kit, no comparison, and none of the libraries those need.
    libraries = ("jinja2", "markdown_it", "pptx", "docx", "rolegen.build.documents")
    _, code, loaded = main_in_new_python(
        wide, ["-q", "build", "--jobs", "2"], f"[m for m in {libraries} if m in sys.modules]"
    )
    assert (code, loaded) == (0, "[]")
    serial = snapshot(wide / "output")
    assert _rolegen(wide, "build", "--force", "--jobs", "1").returncode == 0
    assert snapshot(wide / "output") == serial  # the packs' README among them, told by the workers


@pytest.mark.parametrize("value", ["0", "-2", "many", "1.5"])
def test_jobs_that_is_no_number_of_processes_is_a_usage_error(project, value):
    result = _rolegen(project, "build", "--jobs", value)
    assert result.returncode == 2
    assert f"'{value}' is neither a number of processes (1 or more) nor 'auto'" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert not (project / "output").exists()


def test_workers_get_runs_of_whole_brands_of_about_equal_cost():
    from rolegen.build.workers import share_out

    tasks = [
        Output(brand, comparison, kind)
        for brand in ("acme", "globex", "initech")
        for comparison in ("a", "b", "c", "d")
        for kind in ("deck", "handout")
    ]
    runs = share_out(tasks, 3)
    assert {task for run in runs for task in run} == set(tasks)
    assert sum(len(run) for run in runs) == len(tasks)
    assert [{task.brand for task in run} for run in runs] == [{"acme"}, {"globex"}, {"initech"}]
    assert [run[0].kind for run in runs] == ["deck"] * 3  # the long ones first
    assert len(share_out(tasks[:1], 4)) == 1


def test_three_builds_at_once_leave_whole_files_a_true_manifest_and_what_one_build_makes(project):
    command = [sys.executable, "-m", "rolegen", "build", "--force", "--jobs", "2"]
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    processes = [
        subprocess.Popen(command, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        for _ in range(3)
    ]
    assert [p.wait() for p in processes] == [0, 0, 0]
    manifest = json.loads((project / "output/manifest.json").read_text())
    from rolegen.build.fingerprint import file_digest

    for key, entry in manifest["outputs"].items():
        assert file_digest(project / "output" / key) == entry["sha256"]
        with zipfile.ZipFile(project / "output" / key) as package:
            assert package.testzip() is None
    assert [p.name for p in (project / "output/acme").iterdir() if p.name.endswith(".tmp")] == []
    together = {key: entry["sha256"] for key, entry in manifest["outputs"].items()}
    subprocess.run(command, cwd=project, env=env, check=True, capture_output=True)
    alone = json.loads((project / "output/manifest.json").read_text())["outputs"]
    assert together == {key: entry["sha256"] for key, entry in alone.items()}


def test_build_has_help_with_an_example(runner):
    result = runner.invoke(cli, ["build", "--help"])
    assert result.exit_code == 0
    assert "Example: rolegen build" in result.output


def test_writing_several_files_changes_none_when_one_cannot_be_written(tmp_path):
    from rolegen.errors import OutputError
    from rolegen.build.output import write_all_atomic

    kept = tmp_path / "a.pptx"
    kept.write_bytes(b"old")
    (tmp_path / "blocker").write_bytes(b"a file where a folder should be")
    with pytest.raises(OutputError) as caught:
        write_all_atomic({kept: b"new", tmp_path / "blocker" / "b.docx": b"new"})
    assert "cannot write here" in str(caught.value)
    assert (kept.read_bytes(), sorted(p.name for p in tmp_path.iterdir())) == (b"old", ["a.pptx", "blocker"])


def test_a_full_disk_while_staging_names_the_output_folder_and_leaves_nothing(project, monkeypatch):
    import errno

    from rolegen.build.staging import Staging
    from rolegen.errors import OutputError

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    staging = Staging(project, project / "output")
    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError) as caught:
        staging.keep(b"a deck")
    staging.remove()
    assert caught.value.format_message() == "output: cannot write here: No space left on device"
    assert not (project / "output").exists()


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_progress_bar_on_a_terminal(project):
    import pty

    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "rolegen", "build", "--jobs", "1"],
        cwd=project,
        stdin=follower,
        stdout=follower,
        stderr=follower,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closes when the build ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert process.wait() == 0
    screen = b"".join(chunks).decode()
    assert "building" in screen and "3/3" in screen and "[####" in screen
    assert "[1/3]" not in screen  # plain lines are for logs only


def test_deleted_pack_is_rebuilt_alone_from_the_current_deck_and_handout(run, project):
    run("build")
    (project / "output/acme/ceo-vs-coo-pack.zip").unlink()
    assert built(run("build", "--json")) == ["acme/ceo-vs-coo-pack.zip"]
    with zipfile.ZipFile(project / "output/acme/ceo-vs-coo-pack.zip") as pack:
        assert pack.read("ceo-vs-coo.pptx") == (project / "output/acme/ceo-vs-coo.pptx").read_bytes()


def test_build_reports_what_rolegen_check_finds_in_what_it_writes(run, project):
    # A template override that gives two slides one title: the renderer draws it, the check flags it.
    (project / "templates/deck.md.j2").write_text(
        '{% extends "default/deck.md.j2" %}\n{% block closing %}\n## Agenda\n\nSee you soon.\n{% endblock %}\n',
        encoding="utf-8",
    )
    result = run("build", "--format", "deck", "--json")
    warnings = json.loads(result.output)["warnings"]
    assert {
        "output": "acme/ceo-vs-coo.pptx",
        "message": "templates/deck.md.j2:3: slide 17: title 'Agenda' is also the title of slide 3",
    } in warnings


ROLEGEN = Path(sys.executable).parent / "rolegen"  # the installed console script


def _rolegen(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(ROLEGEN), *args], cwd=folder, capture_output=True, text=True, timeout=600)


def _files(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_matrix_of_shards_merges_into_one_current_folder(wide, tmp_path):
    # Three CI jobs: three checkouts of the same sources, each building one shard.
    copies = []
    for k in (1, 2, 3):
        copy = tmp_path / f"job-{k}"
        for folder in ("content", "templates"):
            shutil.copytree(wide / folder, copy / folder)
        result = _rolegen(copy, "build", "--shard", f"{k}/3", "--jobs", "1")
        assert result.returncode == 0, result.stderr
        copies.append(copy)
    # The final job downloads every shard's output folder into one: no two shards wrote the same file.
    shares = [set(_files(copy / "output")) for copy in copies]
    assert sum(len(share) for share in shares) == len(set().union(*shares))
    assert {f"manifest-shard-{k}-of-3.json" for k in (1, 2, 3)} <= set().union(*shares)
    for copy in copies:
        shutil.copytree(copy / "output", wide / "output", dirs_exist_ok=True)

    check = _rolegen(wide, "build", "--check")
    assert (check.returncode, check.stderr) == (0, ""), check.stdout + check.stderr
    assert check.stdout == "all 12 outputs are current\n"
    before = _files(wide / "output")
    rebuild = _rolegen(wide, "build", "--jobs", "1")
    assert rebuild.returncode == 0 and "built 0, skipped 12" in rebuild.stdout
    assert _files(wide / "output") == before  # same bytes, same modification times: nothing rewritten

    # One shard's artifact went missing: --check names exactly its outputs.
    lost = sorted(json.loads((copies[1] / "output/manifest-shard-2-of-3.json").read_text())["outputs"])
    for name in shares[1]:
        (wide / "output" / name).unlink()
    check = _rolegen(wide, "build", "--check")
    assert check.returncode == 1
    assert sorted(check.stdout.splitlines()) == sorted(f"missing: output/{key}" for key in lost)
    assert sorted(lost) == sorted(o.key for o in plan(Project(wide), shard=Shard(2, 3)))


def test_a_whole_build_folds_the_shards_parts_into_the_manifest(run, wide):
    for k in (1, 2):
        assert run("build", "--shard", f"{k}/2", "--jobs", "1").exit_code == 0
    assert run("build", "--force", "--jobs", "1").exit_code == 0
    assert sorted(p.name for p in (wide / "output").glob("manifest*.json")) == ["manifest.json"]
    assert len(json.loads((wide / "output/manifest.json").read_text())["outputs"]) == 12
    assert run("build", "--check").exit_code == 0
