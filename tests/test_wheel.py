"""The built wheel works on its own: installed in a fresh venv outside the source tree, it inits and builds."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    pytest.importorskip("build", reason="build is not installed (it comes with the test extra)")
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(REPO)], check=True)
    (found,) = out.glob("rolegen-*.whl")
    return found


def test_wheel_installed_outside_the_tree_inits_builds_and_checks(wheel, tmp_path):
    # A package file left out of the wheel (a template, a default brand) fails here, not in a user's CI.
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)], check=True, env=clean)
    rolegen = str(bin_dir / "rolegen")
    work = tmp_path / "work"
    work.mkdir()
    subprocess.run([rolegen, "init", "project"], check=True, cwd=work, env=clean)
    project = work / "project"
    subprocess.run([rolegen, "build"], check=True, cwd=project, env=clean)
    subprocess.run([rolegen, "build", "--check"], check=True, cwd=project, env=clean)
