"""Byte-identical output: the same inputs give the same bytes whatever the clock, time zone or machine."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from rolegen.render.ooxml import ZIP_EPOCH

# Loaded by Python at start-up from PYTHONPATH: moves every clock Python offers by CLOCK_SHIFT_SECONDS.
CLOCK_SHIM = """
import datetime as _dt, os as _os, time as _time

_shift = float(_os.environ.get("CLOCK_SHIFT_SECONDS", "0"))
_time_time, _time_ns, _localtime, _gmtime = _time.time, _time.time_ns, _time.localtime, _time.gmtime
_time.time = lambda: _time_time() + _shift
_time.time_ns = lambda: _time_ns() + int(_shift * 1e9)
_time.localtime = lambda secs=None: _localtime(_time.time() if secs is None else secs)
_time.gmtime = lambda secs=None: _gmtime(_time.time() if secs is None else secs)
_real_date, _real_datetime = _dt.date, _dt.datetime


class _Meta(type):
    # Dates made before the shim (or by C code) must still pass isinstance checks.
    def __instancecheck__(cls, obj):
        return isinstance(obj, _real_date if cls is _date else _real_datetime)


class _date(_real_date, metaclass=_Meta):
    @classmethod
    def today(cls):
        return _real_date.fromtimestamp(_time.time())


class _datetime(_real_datetime, metaclass=_Meta):
    @classmethod
    def now(cls, tz=None):
        return _real_datetime.fromtimestamp(_time.time(), tz)

    @classmethod
    def utcnow(cls):
        return _real_datetime.fromtimestamp(_time.time(), _dt.timezone.utc).replace(tzinfo=None)

    @classmethod
    def today(cls):
        return _real_datetime.fromtimestamp(_time.time())


_dt.date, _dt.datetime = _date, _datetime
"""
# Print what the process believes today is, then build.
BUILD = (
    "import datetime, sys; print(datetime.datetime.now(datetime.timezone.utc).date())\n"
    "from rolegen.cli.app import main; main(sys.argv[1:])\n"
)
ONE_DAY = 86400


def build_in_subprocess(
    project: Path, shim: Path, *, tz: str, shift: int, hash_seed: str, jobs: str
) -> tuple[str, dict]:
    """Build project in a fresh Python with its own clock, time zone and hash seed; return (today, outputs)."""
    env = {
        **os.environ,
        "TZ": tz,
        "CLOCK_SHIFT_SECONDS": str(shift),
        "PYTHONHASHSEED": hash_seed,
        "PYTHONPATH": os.pathsep.join([str(shim), os.environ.get("PYTHONPATH", "")]),
    }
    env.pop("SOURCE_DATE_EPOCH", None)
    result = subprocess.run(
        [sys.executable, "-c", BUILD, "build", "--jobs", jobs],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    files = {
        p.relative_to(project / "output").as_posix(): p.read_bytes()
        for p in sorted((project / "output").rglob("*"))
        if p.is_file()
    }
    return result.stdout.splitlines()[0], files


@pytest.mark.parametrize("dated", [True, False], ids=["updated-date", "no-date"])
def test_builds_a_day_apart_in_other_time_zones_and_folders_are_byte_identical(project, tmp_path, dated):
    comparison = project / "content/comparisons/ceo-vs-coo.yaml"
    if not dated:
        comparison.write_text(
            "".join(
                line for line in comparison.read_text().splitlines(keepends=True) if not line.startswith("updated:")
            )
        )
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(CLOCK_SHIM)
    elsewhere = tmp_path / "another" / "machine"
    shutil.copytree(project, elsewhere)

    today_a, first = build_in_subprocess(project, shim, tz="Pacific/Kiritimati", shift=0, hash_seed="1", jobs="1")
    today_b, second = build_in_subprocess(
        elsewhere, shim, tz="America/Adak", shift=ONE_DAY + 3600, hash_seed="2", jobs="2"
    )

    assert dt.date.fromisoformat(today_b) > dt.date.fromisoformat(today_a)  # the shim really moved the clock
    assert sorted(first) == [
        f"{brand}/ceo-vs-coo{suffix}" for brand in ("acme", "globex") for suffix in ("-pack.zip", ".docx", ".pptx")
    ] + ["manifest.json"]
    assert {name for name in first if first[name] != second.get(name)} == set()


@pytest.mark.parametrize("name", ["ceo-vs-coo.pptx", "ceo-vs-coo.docx"], ids=["deck", "handout"])
def test_office_files_have_fixed_entry_times_and_attributes(run, project, name):
    run("build")
    with zipfile.ZipFile(project / "output/acme" / name) as package:
        names = package.namelist()
        infos = package.infolist()
        assert package.testzip() is None
    assert {info.date_time for info in infos} == {ZIP_EPOCH}
    assert {(info.create_system, info.external_attr) for info in infos} == {(3, 0o644 << 16)}
    assert names[0] == "[Content_Types].xml"  # Office and libmagic look for it first


@pytest.mark.parametrize("name", ["ceo-vs-coo.pptx", "ceo-vs-coo.docx"], ids=["deck", "handout"])
def test_source_date_epoch_dates_the_core_properties(run, project, monkeypatch, name):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14T22:13:20Z
    run("build")
    with zipfile.ZipFile(project / "output/acme" / name) as package:
        core = package.read("docProps/core.xml").decode()
    assert core.count("2023-11-14T22:13:20Z") == 3  # created, modified, last printed
    assert "2026-11-24" not in core


def test_source_date_epoch_is_an_input_of_every_output(run, monkeypatch):
    run("build")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert run("build", "--check").exit_code == 1


def test_no_local_paths_leak_into_outputs(run, project):
    run("build")
    leaks = [str(project).encode(), str(project.parent).encode(), str(Path.home()).encode()]
    for path in (project / "output/acme").iterdir():
        with zipfile.ZipFile(path) as package:
            parts = [package.read(n) for n in package.namelist() if n.endswith((".xml", ".rels", ".txt"))]
        found = [leak for leak in leaks if any(leak in part for part in parts)]
        assert (path.name, found) == (path.name, [])
