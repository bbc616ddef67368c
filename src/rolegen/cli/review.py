"""The commands that judge what is there: check and validate."""

from __future__ import annotations

from pathlib import Path

import click

from rolegen.errors import RolegenError
from rolegen.cli.group import (
    Options,
    cli,
    pass_options,
)


@cli.command(epilog="Example: rolegen check output/acme/ceo-vs-coo.pptx output/acme/ceo-vs-coo.docx")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@pass_options
def check(options: Options, files: tuple[Path, ...]) -> None:
    """Report missing titles, alt text, header rows, languages and properties, and overflowing text."""
    from rolegen.review.check import check_file

    problems = [problem for path in files for problem in check_file(path)]
    for problem in problems:
        click.echo(str(problem))
    if problems:
        count = len(problems)
        click.echo(f"{count} problem{'' if count == 1 else 's'} in {len(files)} file(s)", err=True)
        # Click hands this code back to main() rather than exiting with it: main() must pass it on.
        raise click.exceptions.Exit(1)
    options.say(f"checked {len(files)} file(s): no problems")


@cli.command(epilog="Example: rolegen validate")
@pass_options
def validate(options: Options) -> None:
    """Check all content, templates and brand kits and report every problem; write nothing."""
    from rolegen.build.validate import validate_project

    report = validate_project(options.project)
    for problem in report.problems:
        click.echo(problem, err=True)
    if report.problems:
        count = len(report.problems)
        raise RolegenError(f"{count} problem{'' if count == 1 else 's'} found")
    options.say(report.summary())
