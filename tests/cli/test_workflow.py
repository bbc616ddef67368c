"""The CI workflow and the CI recipe in docs/ci.md run rolegen commands that exist, with options that exist."""

from __future__ import annotations

import itertools
import re
import shlex
from pathlib import Path

import click
import pytest
import yaml

from rolegen.cli.app import cli

REPO = Path(__file__).resolve().parents[2]
WORKFLOW = REPO / ".github/workflows/regenerate.yml"


def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def rolegen_commands(script: str) -> list[list[str]]:
    """Return the argument lists of every `rolegen ...` command in a shell script, up to a pipe or redirect."""
    commands = []
    for line in script.splitlines():
        for part in re.split(r"&&|\|\||;|\|", line):
            words = shlex.split(part, comments=True)
            if words and words[0] == "rolegen":
                commands.append(list(itertools.takewhile(lambda w: w not in (">", ">>", "2>&1"), words[1:])))
    return commands


def parse(args: list[str]) -> tuple[str, dict]:
    """Parse args as rolegen would, without running anything; return (command, its parameters)."""
    group = cli.make_context("rolegen", list(args), resilient_parsing=False)
    # Click 8.2 keeps the command name in _protected_args and deprecates the public name.
    protected = group._protected_args if hasattr(group, "_protected_args") else group.protected_args
    name, command, rest = cli.resolve_command(group, [*protected, *group.args])
    with command.make_context(name, rest, parent=group) as context:
        return name, context.params


def workflow_commands() -> list[tuple[str, list[str]]]:
    return [
        (job, args)
        for job, spec in workflow()["jobs"].items()
        for step in spec["steps"]
        if "run" in step
        for args in rolegen_commands(step["run"])
    ]


def test_workflow_runs_weekly_on_demand_and_on_pull_requests():
    triggers = workflow()["on"]
    assert sorted(triggers) == ["pull_request", "schedule", "workflow_dispatch"]
    assert re.fullmatch(r"\S+ \S+ \* \* \d", triggers["schedule"][0]["cron"])  # once a week


@pytest.mark.parametrize(("job", "args"), workflow_commands(), ids=lambda v: v if isinstance(v, str) else " ".join(v))
def test_each_rolegen_command_in_the_workflow_exists_with_its_options(job, args):
    name, params = parse(args)
    assert name == "build"


@pytest.mark.parametrize(
    "args",
    [["build", "--nope"], ["build", "--jobs", "0"], ["bulid"]],
    ids=["unknown-option", "bad-value", "unknown-command"],
)
def test_parse_rejects_what_rolegen_would_reject(args):
    with pytest.raises(click.UsageError) as caught:
        parse(args)
    assert caught.value.exit_code == 2


def test_regenerate_job_builds_and_uploads_output():
    job = workflow()["jobs"]["regenerate"]
    assert [parse(args)[1]["check"] for _, args in workflow_commands() if _ == "regenerate"] == [False]
    upload = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert "output/" in upload["with"]["path"].split()


def test_pull_request_job_checks_outputs():
    job = workflow()["jobs"]["check"]
    assert "pull_request" in job["if"]
    assert [parse(args)[1]["check"] for name, args in workflow_commands() if name == "check"] == [True]


def readme_commands() -> list[list[str]]:
    text = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    # A matrix value becomes a real one, as GitHub and then the shell substitute it.
    section = text.replace("${{ matrix.shard }}", "1").replace('"$SHARD/', '"1/')
    blocks = re.findall(r"```(?:sh|yaml)\n(.*?)```", section, flags=re.S)
    return [
        args
        for block in blocks
        for args in rolegen_commands(
            "\n".join(
                command
                for command in (re.sub(r"^\s*(-\s*)?(run:\s*)?", "", line) for line in block.splitlines())
                if command.startswith("rolegen ")
            )
        )
    ]


def test_readme_ci_recipe_runs_existing_commands_including_a_shard_matrix():
    commands = readme_commands()
    for args in commands:
        try:
            parse(args)
        except click.UsageError as e:
            pytest.fail(f"docs/ci.md: rolegen {' '.join(args)}: {e}")
    assert any("--shard" in args for args in commands)
    assert any("--check" in args for args in commands)
