"""Every workflow rolegen writes, and every workflow of this repository, passes zizmor and GitHub's schema."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from rolegen.cli.scaffold import init_project

REPO = Path(__file__).resolve().parents[2]
OWN_WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
# Every action a workflow uses, pinned to a commit SHA that public workflows use with the same comment.
PINNED = re.compile(r"^\s*(?:-\s*)?uses:\s*[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*\s*$")


def _tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=str(Path(__import__("sys").executable).parent))
    if not found:
        pytest.skip(f"{name} is not installed (it comes with the test extra: pip install -e '.[test]')")
    return found


def _zizmor(path: Path) -> subprocess.CompletedProcess:
    # Offline: the audits that need GitHub's API are off, so the result depends on the file alone.
    return subprocess.run(
        [_tool("zizmor"), "--offline", "--persona", "regular", "--no-progress", str(path)],
        capture_output=True,
        text=True,
    )


def _schema(path: Path, schema: str = "vendor.github-workflows") -> subprocess.CompletedProcess:
    return subprocess.run(
        [_tool("check-jsonschema"), "--builtin-schema", schema, str(path)], capture_output=True, text=True
    )


def _init(tmp_path: Path, output: str, shards: int) -> Path:
    folder = tmp_path / f"{output}-{shards}"
    init_project(folder, output=output, shards=shards)
    return folder


SCAFFOLDS = [(output, shards) for output in ("ignored", "committed") for shards in (1, 2, 3, 5)]


def _assert_clean(path: Path) -> None:
    audit = _zizmor(path)
    assert audit.returncode == 0, f"zizmor on {path}:\n{audit.stdout}{audit.stderr}"
    valid = _schema(path)
    assert valid.returncode == 0, f"check-jsonschema on {path}:\n{valid.stdout}{valid.stderr}"


@pytest.mark.parametrize(("output", "shards"), SCAFFOLDS, ids=[f"{o}-{n}" for o, n in SCAFFOLDS])
def test_init_workflow_has_no_zizmor_findings_and_fits_the_schema(tmp_path, output, shards):
    _assert_clean(_init(tmp_path, output, shards) / ".github" / "workflows" / "rolegen.yml")


@pytest.mark.parametrize("path", OWN_WORKFLOWS, ids=lambda p: p.name)
def test_own_workflow_has_no_zizmor_findings_and_fits_the_schema(path):
    _assert_clean(path)


def test_init_writes_a_weekly_dependabot_config_for_actions(tmp_path):
    path = _init(tmp_path, "ignored", 1) / ".github" / "dependabot.yml"
    updates = yaml.safe_load(path.read_text(encoding="utf-8"))["updates"]
    assert [(u["package-ecosystem"], u["schedule"]["interval"]) for u in updates] == [("github-actions", "weekly")]
    valid = _schema(path, "vendor.dependabot")
    assert valid.returncode == 0, valid.stdout + valid.stderr
    own = _schema(REPO / ".github" / "dependabot.yml", "vendor.dependabot")
    assert own.returncode == 0, own.stdout + own.stderr


def _workflows(tmp_path: Path) -> list[Path]:
    written = [_init(tmp_path, o, n) / ".github" / "workflows" / "rolegen.yml" for o, n in SCAFFOLDS]
    return written + OWN_WORKFLOWS


def test_every_action_is_pinned_and_every_job_is_bounded_and_least_privileged(tmp_path):
    for path in _workflows(tmp_path):
        text = path.read_text(encoding="utf-8")
        for line in text.splitlines():
            if re.match(r"^\s*(-\s*)?uses:", line):
                assert PINNED.match(line), f"{path.name}: not pinned to a SHA with its version: {line.strip()}"
        assert "pull_request_target" not in text
        data = yaml.safe_load(text)
        assert data["permissions"] == {}, f"{path.name}: workflow-wide permissions must be empty"
        for name, job in data["jobs"].items():
            assert "timeout-minutes" in job, f"{path.name}: job {name} has no timeout"
            allowed = {"contents": {"read"}}
            if name == "pypi":
                allowed = {"id-token": {"write"}}
            elif name == "github-release":
                allowed = {"contents": {"write"}}
            elif name == "propose":  # pushes the regenerated outputs to a branch and opens their pull request
                allowed = {"contents": {"write"}, "pull-requests": {"write"}}
            assert job["permissions"] and all(v in allowed.get(k, ()) for k, v in job["permissions"].items()), (
                f"{path.name}: job {name} asks for {job['permissions']}"
            )
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False
                assert "github.event." not in step.get("run", ""), f"{path.name}: event text expanded in run:"


def test_pull_request_runs_cancel_the_run_they_supersede(tmp_path):
    for path in _workflows(tmp_path):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "pull_request" in data.get(True, data.get("on")):
            assert "pull_request" in data["concurrency"]["cancel-in-progress"]


def test_the_sharded_workflow_in_the_docs_is_the_one_init_writes(tmp_path):
    # The docs show it whole, so what a reader copies is what the audit above passed.
    written = (_init(tmp_path, "ignored", 4) / ".github" / "workflows" / "rolegen.yml").read_text(encoding="utf-8")
    shown = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    assert f"```yaml\n{written}```" in shown
