"""The commands that judge what is there: check, validate, diff and textconv."""

from __future__ import annotations

from pathlib import Path

import click

from rolegen.errors import RolegenError, display_path
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


@cli.command(epilog="Example: rolegen diff old/ceo-vs-coo.pptx output/acme/ceo-vs-coo.pptx --format markdown")
@click.argument("old", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "-f",
    "form",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="Plain text (coloured on a terminal), or GitHub Markdown for a pull request or job summary.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead of text.")
@click.option(
    "--pictures",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="Also draw each changed slide or page, old beside new, as PNGs in DIR (needs LibreOffice).",
)
@pass_options
def diff(options: Options, old: Path, new: Path, form: str, as_json: bool, pictures: Path | None) -> None:
    """Show the slides or sections added, removed and changed between two decks or handouts, word by word.

    Exits 0 when a reader would see no difference, 1 when they would, 2 on a usage error, as diff(1) does.
    """
    from rolegen.review.diff import diff_files

    result = diff_files(old, new)
    show_diff(result, "json" if as_json else form)
    if pictures is not None and result.changed:
        _draw(options, result, pictures)
    if result.changed:
        raise click.exceptions.Exit(1)


def show_diff(result, form: str) -> None:
    """Print a document diff as text, markdown or json."""
    from rolegen.review import diff_report

    if form == "json":
        import json

        click.echo(json.dumps(diff_report.json_report(result), indent=2, ensure_ascii=False))
    elif form == "markdown":
        click.echo(diff_report.markdown_report(result), nl=False)
    else:
        coloured = click.get_text_stream("stdout").isatty()
        click.echo(diff_report.text_report(result, _coloured if coloured else diff_report.plain), nl=False)


def _coloured(text: str, role: str) -> str:
    colours = {"delete": {"fg": "red"}, "insert": {"fg": "green"}, "heading": {"bold": True}}
    return click.style(text, **colours[role]) if role in colours else text


def _draw(options: Options, result, folder: Path) -> None:
    from rolegen.review.diff_pictures import draw_changes, missing_tools

    missing = missing_tools()
    if missing:
        click.echo(f"pictures skipped: {missing}", err=True)
        return
    for path in draw_changes(result, folder):
        # On stderr: stdout holds the diff alone, for a job summary or --json.
        if not options.quiet:
            click.echo(f"wrote {display_path(path)}", err=True)


@cli.command(
    epilog="Example: rolegen textconv output/acme/ceo-vs-coo.pptx (for git: git config diff.rolegen.textconv 'rolegen textconv')"
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def textconv(file: Path) -> None:
    """Print a deck's or handout's text slide by slide (or section by section), for git diff and git log -p."""
    from rolegen.review.diff import read_document
    from rolegen.review.diff_report import textconv as text_of

    click.echo(text_of(read_document(file)), nl=False)
