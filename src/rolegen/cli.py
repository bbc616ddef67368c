"""The command line: parse options, call one library function, print the result."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import click

from rolegen import __version__
from rolegen.errors import OutputError, RolegenError, display_path
from rolegen.project import Project

_STATE = {"verbose": 0}


@dataclass(frozen=True)
class Options:
    project: Project
    verbose: int
    quiet: bool

    def warn(self, message: str) -> None:
        if not self.quiet:
            click.echo(f"warning: {message}", err=True)

    def say(self, message: str) -> None:
        if not self.quiet:
            click.echo(message)


pass_options = click.make_pass_decorator(Options)
brand_option = click.option("--brand", "-b", "brand", required=True, metavar="NAME",
                            help="Brand kit to use, a folder in templates/brands/.")
comparison_option = click.option("--comparison", "-c", metavar="ID",
                                 help="Comparison to build; may be left out when the project has one.")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
             epilog="Example: rolegen deck --brand acme")
@click.version_option(__version__, "--version", prog_name="rolegen", message="%(prog)s %(version)s")
@click.option("--project", "-p", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="Project folder holding content/ and templates/.")
@click.option("--verbose", "-v", count=True, help="Say more; show tracebacks of errors.")
@click.option("--quiet", "-q", is_flag=True, help="Print errors only.")
@click.pass_context
def cli(ctx: click.Context, project: Path, verbose: int, quiet: bool) -> None:
    """Turn role content (Markdown + YAML) into branded PowerPoint decks and Word handouts."""
    _STATE["verbose"] = verbose
    if not project.is_dir():
        raise RolegenError(f"project folder '{project}' does not exist")
    ctx.obj = Options(Project(project.resolve()), verbose, quiet)


def _write_one(options: Options, kind: str, brand: str, comparison: str | None, output: Path | None) -> None:
    from rolegen import documents
    from rolegen.output import write_atomic

    project = options.project
    comparison_model, rendered = documents.render(project, brand, comparison, kind)
    target = output or project.output_dir / brand / f"{comparison_model.id}{documents.KINDS[kind]}"
    _check_output(project, target, documents.KINDS[kind])
    for message in rendered.warnings:
        options.warn(message)
    write_atomic(target, rendered.data)
    options.say(f"wrote {display_path(target)}")


def _check_output(project: Project, target: Path, suffix: str) -> None:
    resolved = target.resolve()
    for protected in (project.content_dir, project.templates_dir):
        if resolved.is_relative_to(protected.resolve()):
            raise OutputError(f"refusing to write inside {protected.name}/: choose a path outside the sources",
                              target)
    if target.suffix.lower() != suffix:
        raise OutputError(f"output must end in {suffix}", target)
    if target.is_dir():
        raise OutputError("output is a folder; name a file", target)


@cli.command(epilog="Example: rolegen deck --brand acme --comparison ceo-vs-coo -o talk.pptx")
@brand_option
@comparison_option
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), metavar="PATH",
              help="Where to write the .pptx (default: output/<brand>/<comparison>.pptx).")
@pass_options
def deck(options: Options, brand: str, comparison: str | None, output: Path | None) -> None:
    """Build one slide deck (.pptx)."""
    _write_one(options, "deck", brand, comparison, output)


@cli.command(epilog="Example: rolegen handout --brand acme -o onboarding.docx")
@brand_option
@comparison_option
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), metavar="PATH",
              help="Where to write the .docx (default: output/<brand>/<comparison>.docx).")
@pass_options
def handout(options: Options, brand: str, comparison: str | None, output: Path | None) -> None:
    """Build one handout (.docx)."""
    _write_one(options, "handout", brand, comparison, output)


@cli.command(epilog="Example: rolegen render --to md --brand acme --format handout")
@click.option("--to", "to", type=click.Choice(["md"]), required=True, help="Format to print: md, the intermediate Markdown.")
@brand_option
@comparison_option
@click.option("--format", "-f", "kind", type=click.Choice(["deck", "handout"]), default="deck",
              show_default=True, help="Which document's Markdown to print.")
@pass_options
def render(options: Options, to: str, brand: str, comparison: str | None, kind: str) -> None:
    """Print the intermediate Markdown a template produces (for debugging templates)."""
    from rolegen import documents

    brand_model, comparison_model = documents.load_inputs(options.project, brand, comparison)
    source, text = documents.intermediate_markdown(options.project, brand_model, comparison_model, kind)
    documents.document_tree(source, text)
    click.echo(text, nl=False)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI: one line per error, a traceback only with -v."""
    try:
        cli.main(args=argv, prog_name="rolegen", standalone_mode=False)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except click.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as e:
        if _STATE["verbose"]:
            import traceback

            traceback.print_exc()
        e.show()
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as e:
        if _STATE["verbose"]:
            raise
        click.echo(f"Error: internal error ({type(e).__name__}: {e}); run with -v for the traceback",
                   err=True)
        sys.exit(1)
    sys.exit(0)


@cli.command(epilog="Example: rolegen validate")
@pass_options
def validate(options: Options) -> None:
    """Check all content, templates and brand kits and report every problem; write nothing."""
    from rolegen.validate import validate_project

    report = validate_project(options.project)
    for problem in report.problems:
        click.echo(problem, err=True)
    if report.problems:
        count = len(report.problems)
        raise RolegenError(f"{count} problem{'' if count == 1 else 's'} found")
    options.say(report.summary())
