"""The command line: exit codes, output paths, help, errors as one line."""

from __future__ import annotations

import os
import subprocess
import sys

import click
import pytest

from rolegen import __version__
from rolegen.cli.app import cli

from conftest import needs_brand_fonts

COMMANDS = ["deck", "handout", "render"]


def test_version(runner):
    result = runner.invoke(cli, ["--version"])
    assert (result.exit_code, result.output) == (0, f"rolegen {__version__}\n")


@pytest.mark.parametrize("command", [[]] + [[c] for c in COMMANDS], ids=["rolegen"] + COMMANDS)
def test_every_command_has_help_with_an_example(runner, command):
    result = runner.invoke(cli, command + ["--help"])
    assert result.exit_code == 0
    assert "Example: rolegen" in result.output


@needs_brand_fonts
def test_deck_writes_to_output_brand_comparison(run, project):
    result = run("deck", "--brand", "acme")
    assert (result.exit_code, result.output) == (0, "wrote output/acme/ceo-vs-coo.pptx\n")
    assert (project / "output" / "acme" / "ceo-vs-coo.pptx").is_file()


def test_handout_honours_output_option(run, project, tmp_path):
    target = tmp_path / "elsewhere" / "onboarding.docx"
    result = run("handout", "--brand", "acme", "--comparison", "ceo-vs-coo", "-o", str(target))
    assert result.exit_code == 0
    assert target.is_file()


def test_project_option_selects_another_folder(runner, project, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["--project", str(project), "deck", "--brand", "acme"])
    assert result.exit_code == 0
    assert (project / "output" / "acme" / "ceo-vs-coo.pptx").is_file()


def test_render_prints_pandoc_style_markdown(run):
    result = run("render", "--to", "md", "--brand", "acme")
    assert result.exit_code == 0
    assert result.output.startswith('---\ntitle: "CEO vs COO"\n')
    assert ":::: columns" in result.output and "::: notes" in result.output
    assert "| Dimension | CEO | COO |" in result.output


def test_render_handout_format(run):
    result = run("render", "--to", "md", "--brand", "acme", "--format", "handout")
    assert result.exit_code == 0
    assert "# Introduction" in result.output and "::: notes" not in result.output


def test_unknown_brand_is_one_error_line(runner, project):
    result = runner.invoke(cli, ["deck", "--brand", "nope"])
    assert result.exit_code == 2
    assert result.output == "Error: unknown brand 'nope' (brands here: acme, globex)\n"


def test_missing_brand_option_is_a_usage_error(runner, project):
    result = runner.invoke(cli, ["deck"])
    assert result.exit_code == 2


def test_content_error_names_file_and_line_and_keeps_old_output(run, runner, project):
    run("deck", "--brand", "acme")
    before = (project / "output/acme/ceo-vs-coo.pptx").read_bytes()
    role = project / "content/roles/coo.md"
    role.write_text(
        role.read_text()
        .replace("responsibilities:\n", "responsibilities: nothing\n", 1)
        .replace("  - Managing the company’s operational", "  # - Managing", 1),
        encoding="utf-8",
    )
    text = role.read_text()
    role.write_text(
        "\n".join(line for line in text.splitlines() if not line.startswith("  - ") or "Internal" in line) + "\n"
    )
    result = runner.invoke(cli, ["deck", "--brand", "acme"])
    assert result.exit_code == 1
    assert result.output == "Error: content/roles/coo.md:6: 'responsibilities' must be a list of strings\n"
    assert (project / "output/acme/ceo-vs-coo.pptx").read_bytes() == before


def test_refuses_to_write_into_sources(runner, project):
    result = runner.invoke(cli, ["deck", "--brand", "acme", "-o", "content/x.pptx"])
    assert result.exit_code == 2
    assert "refusing to write inside content/" in result.output


def test_installed_command_prints_no_traceback(project):
    (project / "content/roles/ceo.md").write_text("no front matter\n")
    result = subprocess.run(
        [sys.executable, "-m", "rolegen", "deck", "--brand", "acme"], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stderr == (
        "Error: content/roles/ceo.md:1: missing front matter: the file must start with a '---' line\n"
    )


def _all_commands(group, prefix=()):
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        yield prefix + (name,), command
        if isinstance(command, click.Group):
            yield from _all_commands(command, prefix + (name,))


def test_the_group_loads_each_command_from_the_module_that_defines_it():
    # `rolegen deck` imports only the module the group names for deck: a command named in the wrong
    # module, or in none, would be "No such command" unless another command had loaded it first.
    named = {name: module for module, names in cli.modules.items() for name in names}
    context = click.Context(cli)
    assert cli.list_commands(context) == sorted(named)
    assert {name: cli.get_command(context, name).callback.__module__ for name in named} == named


@pytest.mark.parametrize(
    "path,command", list(_all_commands(cli)), ids=lambda v: " ".join(v) if isinstance(v, tuple) else ""
)
def test_every_command_and_option_is_documented(runner, path, command):
    assert command.help, f"{' '.join(path)} has no help"
    assert (command.epilog or "").startswith("Example: rolegen "), f"{' '.join(path)} has no example"
    undocumented = [p.name for p in command.params if isinstance(p, click.Option) and not p.help]
    assert undocumented == []
    result = runner.invoke(cli, list(path) + ["--help"])
    assert result.exit_code == 0 and "Example: rolegen" in result.output


def test_shell_completion_script_is_generated():
    env = {**os.environ, "_ROLEGEN_COMPLETE": "bash_source"}
    result = subprocess.run(
        [sys.executable, "-c", "from rolegen.cli.app import main; main()"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0
    assert "_rolegen_completion" in result.stdout
