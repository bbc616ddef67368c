"""The commands that build one document or its Markdown: deck, handout, render."""

from __future__ import annotations

from pathlib import Path

import click

from rolegen.errors import UsageError, display_path
from rolegen.build.collector import loading
from rolegen.inputs.project import SUFFIXES
from rolegen.cli.group import (
    Options,
    brand_option,
    cli,
    comparison_option,
    lang_option,
    pass_options,
    strict_option,
)


def write_one(
    options: Options,
    kind: str,
    brand: str,
    comparison: str | None,
    output: Path | None,
    strict: bool = False,
    lang: str | None = None,
) -> Path:
    with loading():
        from rolegen.build import documents

    project = options.project.in_language(lang)
    target, warnings = documents.write(project, brand, comparison, kind, output, strict)
    for message in warnings:
        options.warn(message)
    options.say(f"wrote {display_path(target)}")
    return target


def _document_command(kind: str, noun: str, example: str, personal: bool = False) -> click.Command:
    """Return the command that builds one document of a kind: deck and handout differ only in these words,
    and personal gives the handout's --roster (one handout per new hire) and its --pdf."""
    suffix = SUFFIXES[kind]

    @pass_options
    def command(
        options: Options,
        brand: str,
        comparison: str | None,
        output: Path | None,
        strict: bool,
        lang: str | None,
        roster: str | None = None,
        pdf: bool = False,
    ) -> None:
        if roster is None and not pdf:
            write_one(options, kind, brand, comparison, output, strict, lang)
        else:
            write_new_hires(options, brand, comparison, output, lang, roster, pdf)

    if personal:
        command = click.option("--pdf", is_flag=True, help="With --roster: a PDF for each new hire too (LibreOffice).")(
            command
        )
        command = click.option(
            "--roster",
            metavar="NAME",
            help="One handout per row of content/rosters/NAME.csv (or .yaml), in output/<brand>/onboarding/.",
        )(command)
    for option in (
        lang_option,
        strict_option,
        click.option(
            "--output",
            "-o",
            type=click.Path(dir_okay=False, path_type=Path),
            metavar="PATH",
            help=f"Where to write the {suffix} (default: output/<brand>/<comparison>{suffix}).",
        ),
        comparison_option,
        brand_option,
    ):
        command = option(command)
    return cli.command(kind, help=f"Build one {noun} ({suffix}).", epilog=f"Example: {example}")(command)


def write_new_hires(
    options: Options,
    brand: str,
    comparison: str | None,
    output: Path | None,
    lang: str | None,
    roster: str | None,
    pdf: bool,
) -> None:
    """Build a handout (and with pdf a PDF) for every new hire of a roster, incrementally, as build does."""
    if roster is None:
        raise UsageError("--pdf goes with --roster here; a shared handout's PDF is in its pack: rolegen pack --pdf")
    if output is not None:
        raise UsageError("--roster writes one handout per new hire into output/<brand>/onboarding/; leave out -o")
    if lang:
        raise UsageError("--roster builds from content/rosters/ in the project's own language; leave out --lang")
    from rolegen.build import run
    from rolegen.build.onboarding import new_hire_outputs

    project = options.project
    outputs = new_hire_outputs(project, (brand,), (roster,), (comparison,) if comparison else (), None, pdf or None)
    summary = run.build(project, outputs, pdf=pdf or None)
    for built in summary.built:
        for message in built.warnings:
            options.warn(f"{built.output.label}: {message}")
    folder = display_path(project.output_dir / brand / "onboarding")
    options.say(f"wrote {len(summary.built)} of {len(outputs)} new hires' files to {folder}/ (the rest were current)")


deck = _document_command("deck", "slide deck", "rolegen deck --brand acme --comparison ceo-vs-coo -o talk.pptx")
handout = _document_command(
    "handout",
    "handout",
    "rolegen handout --brand acme -o onboarding.docx; rolegen handout -b acme --roster new-hires",
    personal=True,
)


@cli.command(epilog="Example: rolegen render --to md --brand acme --format handout")
@click.option(
    "--to", "to", type=click.Choice(["md"]), required=True, help="Format to print: md, the intermediate Markdown."
)
@brand_option
@comparison_option
@click.option(
    "--format",
    "-f",
    "kind",
    type=click.Choice(["deck", "handout"]),
    default="deck",
    show_default=True,
    help="Which document's Markdown to print.",
)
@lang_option
@pass_options
def render(options: Options, to: str, brand: str, comparison: str | None, kind: str, lang: str | None) -> None:
    """Print the intermediate Markdown a template produces (for debugging templates)."""
    from rolegen.build import documents

    project = options.project.in_language(lang)
    brand_model, comparison_model = documents.load_inputs(project, brand, comparison)
    source, text = documents.intermediate_markdown(project, brand_model, comparison_model, kind)
    where = documents.source_map(project, brand_model, comparison_model, kind, source, text)
    documents.document_tree(source, text, where=where, linking=documents.Linking.of(project, comparison_model))
    click.echo(text, nl=False)
