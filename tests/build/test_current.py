"""A build with nothing to do is told from file signatures alone, and anything changed brings the whole build back.

Each test runs `rolegen build` through main() in a fresh Python, as the console script does, and
says from sys.modules whether Click was loaded: a build the stamp answered ends before it is.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import main_in_new_python
from rolegen.build import current

ROLEGEN = Path(sys.executable).parent / "rolegen"  # the installed console script


def settle() -> None:
    """Wait until the files just written are older than the window in which a build leaves no stamp."""
    time.sleep(current._RACY_NS / 1e9 + 0.1)


def fresh(project: Path, *args: str, env: dict | None = None) -> tuple[list[str], bool, int]:
    """Run `rolegen ARGS` through main() in a new Python; return its lines, whether Click loaded, its exit code.

    env is added to this process's environment, less the variable pytest sets anew for each stage of
    a test (a stamp speaks only for the environment it was made in).
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"} | (env or {})
    lines, code, loaded = main_in_new_python(project, list(args), "'click' in sys.modules", env)
    return lines, loaded == "True", code


def stamps(cache: Path) -> list[Path]:
    folder = cache / "rolegen" / current.FOLDER
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The repository's project, acme only, built once for the module's tests to copy."""
    repo = Path(__file__).resolve().parents[2]
    root = tmp_path_factory.mktemp("built") / "project"
    shutil.copytree(repo / "content", root / "content", ignore=shutil.ignore_patterns("de-DE"))
    shutil.copytree(repo / "templates", root / "templates", ignore=shutil.ignore_patterns("globex"))
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    subprocess.run([str(ROLEGEN), "build", "--jobs", "1"], cwd=root, check=True, capture_output=True, env=env)
    return root


@pytest.fixture
def stamped(built, tmp_path, monkeypatch) -> Path:
    """A copy of the built project whose last build found nothing to do, and left its stamp."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = tmp_path / "project"
    shutil.copytree(built, root)
    settle()
    lines, loaded, code = fresh(root, "build", "--jobs", "1")
    assert (lines[-1].startswith("built 0, skipped 3 (current)"), loaded, code) == (True, True, 0)
    return root


def test_a_repeated_no_op_build_ends_before_click_loads_and_says_what_the_build_said(stamped):
    lines, loaded, code = fresh(stamped, "build", "--jobs", "1")
    assert (lines, loaded, code) == (["built 0, skipped 3 (current) in 0.0s"], False, 0)


def test_a_repeated_check_that_found_everything_current_is_answered_too(stamped):
    assert fresh(stamped, "build", "--check")[1:] == (True, 0)
    settle()
    assert fresh(stamped, "build", "--check") == (["all 3 outputs are current"], False, 0)
    (stamped / "content/roles/ceo.md").write_text("---\ntitle: x\n---\nchanged", encoding="utf-8")
    lines, loaded, code = fresh(stamped, "build", "--check")
    assert (loaded, code) == (True, 1) and "stale" in "\n".join(lines)


def _edit_role(root: Path) -> None:
    path = root / "content/roles/ceo.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")


def _add_comparison(root: Path) -> None:
    shutil.copy(root / "content/comparisons/ceo-vs-coo.yaml", root / "content/comparisons/ceo-vs-coo-2.yaml")


def _edit_output(root: Path) -> None:
    with open(root / "output/acme/ceo-vs-coo.docx", "ab") as handle:
        handle.write(b"\0")


def _remove_output(root: Path) -> None:
    (root / "output/acme/ceo-vs-coo.pptx").unlink()


def _rewrite_kit(root: Path) -> None:
    path = root / "templates/brands/acme/_brand.yml"
    stat = path.stat()
    path.write_bytes(path.read_bytes())  # the same bytes: a build that reads it builds nothing
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even its old time back; its change time tells


def _new_brand(root: Path) -> None:
    shutil.copytree(root / "templates/brands/acme", root / "templates/brands/initech")


@pytest.mark.parametrize(
    "change, rebuilt",
    [
        (_edit_role, 3),
        (_add_comparison, 3),
        (_edit_output, 1),
        (_remove_output, 1),
        (_rewrite_kit, 0),
        (_new_brand, 3),
    ],
    ids=[
        "edited role",
        "new comparison",
        "output edited by hand",
        "output removed",
        "brand kit rewritten as it was",
        "new brand",
    ],
)
def test_any_changed_input_output_or_folder_brings_the_whole_build_back(stamped, change, rebuilt):
    change(stamped)
    lines, loaded, code = fresh(stamped, "build", "--jobs", "1")
    assert (loaded, code) == (True, 0)
    assert lines[-1].startswith(f"built {rebuilt}, skipped ")


@pytest.mark.parametrize(
    "args, env",
    [
        (("build", "--jobs", "1", "--brand", "acme"), {}),
        (("build", "--jobs", "1", "-q"), {}),
        (("build", "--jobs", "1"), {"SOURCE_DATE_EPOCH": "1700000000"}),
        (("build", "--jobs", "1"), {"ROLEGEN_ANYTHING": "1"}),
    ],
    ids=["other arguments", "quiet", "SOURCE_DATE_EPOCH", "another variable"],
)
def test_a_stamp_speaks_only_for_the_same_arguments_and_environment(stamped, args, env):
    lines, loaded, code = fresh(stamped, *args, env=env)
    assert (loaded, code) == (True, 0)
    if "SOURCE_DATE_EPOCH" in env:
        assert lines[-1].startswith("built 3, skipped 0")  # the dates stamped in every document change


def test_the_stamp_holds_signatures_and_no_value_of_the_environment(built, tmp_path, cache_folder):
    root = tmp_path / "project"
    shutil.copytree(built, root)
    settle()
    before = set(stamps(cache_folder))
    env = {"DEPLOY_TOKEN": "s3cr3t-t0ken-value"}
    assert fresh(root, "build", "--jobs", "1", env=env)[1:] == (True, 0)
    (stamp,) = set(stamps(cache_folder)) - before
    text = stamp.read_text(encoding="utf-8")
    assert "s3cr3t-t0ken-value" not in text and "DEPLOY_TOKEN" not in text
    files = {entry[0] for entry in json.loads(text)["files"]}
    assert {str(root / "output/manifest.json"), str(root / "content/roles/ceo.md")} <= files
    assert fresh(root, "build", "--jobs", "1", env=env)[1:] == (False, 0)


def test_a_broken_or_foreign_stamp_is_ignored_and_the_build_decides(built, tmp_path, cache_folder):
    root = tmp_path / "project"
    shutil.copytree(built, root)
    settle()
    before = set(stamps(cache_folder))
    fresh(root, "build", "--jobs", "1")
    (stamp,) = set(stamps(cache_folder)) - before
    for broken in ("{not json", json.dumps({"format": 999}), json.dumps([1, 2])):
        stamp.write_text(broken, encoding="utf-8")
        lines, loaded, code = fresh(root, "build", "--jobs", "1")
        assert (lines[-1].startswith("built 0, skipped 3"), loaded, code) == (True, True, 0)


def test_a_build_that_built_something_or_ran_with_json_leaves_no_stamp(built, tmp_path, cache_folder):
    root = tmp_path / "project"
    shutil.copytree(built, root)
    settle()
    before = set(stamps(cache_folder))
    assert fresh(root, "build", "--jobs", "1", "--json")[2] == 0
    assert fresh(root, "build", "--jobs", "1", "--force")[2] == 0
    assert set(stamps(cache_folder)) == before


def test_a_file_changed_while_the_build_read_it_leaves_no_stamp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text("read long before the build")
    settle()
    recorder = current.Recorder(["build", "--test-only"])
    old.read_text()
    assert recorder.remember(str(tmp_path), "done") is True
    recorder = current.Recorder(["build", "--test-only"])
    new.write_text("written as the build starts")
    new.read_text()
    assert recorder.remember(str(tmp_path), "done") is False


def test_a_file_whose_time_is_a_whole_second_is_given_the_coarse_file_systems_window(tmp_path, monkeypatch):
    # ext3 keeps whole seconds, FAT two: a change within the same second would not show in its time.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    fine, coarse = tmp_path / "fine.txt", tmp_path / "coarse.txt"
    fine.write_text("kept in nanoseconds")
    coarse.write_text("kept in seconds")
    now = time.time_ns()
    whole = now - now % 1_000_000_000
    for path, modified in ((tmp_path, whole + 123), (fine, whole + 456), (coarse, whole)):
        os.utime(path, ns=(modified, modified))
    for path, stamped in ((fine, True), (coarse, False)):
        recorder = current.Recorder(["build", "--test-only", path.name])
        path.read_text()
        recorder.started_ns = time.time_ns() + 1_000_000_000  # as if the build began a second later
        assert recorder.remember(str(tmp_path), "done") is stamped, path.name


def test_one_audit_hook_feeds_the_latest_recorder_of_a_process_and_none_once_it_stops(tmp_path):
    first, second = current.Recorder(["build", "--test-only"]), current.Recorder(["build", "--test-only"])
    read, later = tmp_path / "read.txt", tmp_path / "later.txt"
    for path in (read, later):
        path.write_text("text")
    read.read_text()
    second.stop()
    later.read_text()
    assert (str(read) in first.files, str(read) in second.files, str(later) in second.files) == (False, True, False)


def test_leaving_a_stamp_removes_those_no_build_has_left_for_a_week(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "cache" / "rolegen" / current.FOLDER
    folder.mkdir(parents=True)
    old, recent, other = folder / "0000aaaa.json", folder / "0000bbbb.json", folder / "notes.txt"
    for path in (old, recent, other):
        path.write_text("{}")
    week = 7 * 24 * 3600
    os.utime(old, (time.time() - week - 60,) * 2)
    os.utime(other, (time.time() - week - 60,) * 2)
    (tmp_path / "input.txt").write_text("read by the build")
    settle()
    recorder = current.Recorder(["build", "--test-only"])
    (tmp_path / "input.txt").read_text()
    assert recorder.remember(str(tmp_path), "done") is True
    assert (old.exists(), recent.exists(), other.exists()) == (False, True, True)


def test_the_installed_rolegen_replays_a_no_op_build_with_its_exit_code_and_line(stamped):
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    args = [str(ROLEGEN), "build", "--jobs", "1"]
    done = subprocess.run(args, cwd=stamped, capture_output=True, text=True, env=env, timeout=600)
    assert (done.returncode, done.stdout, done.stderr) == (0, "built 0, skipped 3 (current) in 0.0s\n", "")
    (stamped / "content/roles/ceo.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    done = subprocess.run(args, cwd=stamped, capture_output=True, text=True, env=env, timeout=600)
    # The build ran (its progress, not the stamp's line) and failed at the author's line, as always.
    assert "built 0" not in done.stdout
    lines = done.stderr.splitlines()
    assert (done.returncode, len(lines), lines[0].split(":")[1:3]) == (1, 1, [" content/roles/ceo.md", "2"])
