"""The command line: parse options, call one library function, print the result."""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from rolegen import __version__
from rolegen.errors import RolegenError, UsageError, display_path
from rolegen.inputs.project import SUFFIXES, Project, find_root

# main() reports errors after Click has returned, so the -v count is remembered here.
_STATE = {"verbose": 0}
# Where the global options are gathered, in the context's meta (shared by a command and its group).
_GIVEN = "rolegen.global_options"


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


def _remember(ctx: click.Context, param: click.Parameter, value):
    """Gather a global option wherever it was given, before or after the command."""
    given = ctx.meta.setdefault(_GIVEN, {"project": None, "verbose": 0, "quiet": False})
    if param.name == "verbose":
        given["verbose"] += value
    elif param.name == "quiet":
        given["quiet"] = given["quiet"] or value
    elif value is not None:
        given["project"] = value
    return value


def _global_options() -> list[click.Option]:
    """Return the options every command accepts, before or after its name."""
    return [
        click.Option(
            ["--project", "-p"],
            type=click.Path(file_okay=False, path_type=Path),
            expose_value=False,
            callback=_remember,
            help="Project folder holding content/ and templates/ "
            "(default: the nearest folder upward holding content/ or rolegen.toml).",
        ),
        click.Option(
            ["--verbose", "-v"],
            count=True,
            expose_value=False,
            callback=_remember,
            help="Say more; show tracebacks of errors.",
        ),
        click.Option(
            ["--quiet", "-q"], is_flag=True, expose_value=False, callback=_remember, help="Print errors only."
        ),
    ]


class _Command(click.Command):
    """A command that also takes the global options."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.params.extend(_global_options())


class _Group(click.Group):
    """A group whose commands and subgroups all take the global options."""

    command_class = _Command
    group_class = type  # subgroups are _Groups too

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.params.extend(_global_options())


def _options(ctx: click.Context) -> Options:
    """Return the global options as given, with the project folder found."""
    given = ctx.meta.get(_GIVEN, {"project": None, "verbose": 0, "quiet": False})
    _STATE["verbose"] = given["verbose"]
    folder = given["project"]
    if folder is not None and not folder.is_dir():
        raise UsageError(f"project folder '{folder}' does not exist")
    root = folder.resolve() if folder is not None else find_root(Path.cwd())
    return Options(Project(root), given["verbose"], given["quiet"])


def pass_options(command):
    """Call command with the Options first, built once its own global options are parsed too."""

    @functools.wraps(command)
    def call(*args, **kwargs):
        return command(_options(click.get_current_context()), *args, **kwargs)

    return call


brand_option = click.option(
    "--brand", "-b", "brand", required=True, metavar="NAME", help="Brand kit to use, a folder in templates/brands/."
)
strict_option = click.option(
    "--strict",
    is_flag=True,
    help="Fail when a brand colour pair is below WCAG 2.1 contrast, its logo URL cannot be downloaded or a font it names is missing, instead of warning.",
)
lang_option = click.option(
    "--lang", "-l", metavar="TAG", help="Language of the content: content/TAG/ (default: the content in content/)."
)
comparison_option = click.option(
    "--comparison", "-c", metavar="ID", help="Comparison to build; may be left out when the project has one."
)


@click.group(
    cls=_Group,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="Example: rolegen deck --brand acme",
)
@click.version_option(__version__, "--version", prog_name="rolegen", message="%(prog)s %(version)s")
def cli() -> None:
    """Turn role content (Markdown + YAML) into branded PowerPoint decks and Word handouts."""


def _write_one(
    options: Options,
    kind: str,
    brand: str,
    comparison: str | None,
    output: Path | None,
    strict: bool = False,
    lang: str | None = None,
) -> Path:
    from rolegen.build import documents

    project = options.project.in_language(lang)
    target, warnings = documents.write(project, brand, comparison, kind, output, strict)
    for message in warnings:
        options.warn(message)
    options.say(f"wrote {display_path(target)}")
    return target


def _document_command(kind: str, noun: str, example: str) -> click.Command:
    """Return the command that builds one document of a kind: deck and handout differ only in these words."""
    suffix = SUFFIXES[kind]

    @cli.command(kind, help=f"Build one {noun} ({suffix}).", epilog=f"Example: {example}")
    @brand_option
    @comparison_option
    @click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False, path_type=Path),
        metavar="PATH",
        help=f"Where to write the {suffix} (default: output/<brand>/<comparison>{suffix}).",
    )
    @strict_option
    @lang_option
    @pass_options
    def command(
        options: Options, brand: str, comparison: str | None, output: Path | None, strict: bool, lang: str | None
    ) -> None:
        _write_one(options, kind, brand, comparison, output, strict, lang)

    return command


deck = _document_command("deck", "slide deck", "rolegen deck --brand acme --comparison ceo-vs-coo -o talk.pptx")
handout = _document_command("handout", "handout", "rolegen handout --brand acme -o onboarding.docx")


@cli.command(epilog="Example: rolegen brands")
@pass_options
def brands(options: Options) -> None:
    """List the project's brands with their colours, fonts and masters; a broken kit is listed with its error."""
    from rolegen.brand.kit import describe, survey_brands

    found = survey_brands(options.project)
    if not found:
        options.say(f"no brands in {options.project.brands_dir}")
        return
    click.echo(
        "\n\n".join(
            describe(kit)
            if not isinstance(kit, RolegenError)
            else f"{name}: BROKEN\n  error:    {kit.format_message()}"
            for name, kit in found
        )
    )
    broken = [name for name, kit in found if isinstance(kit, RolegenError)]
    if broken:
        raise RolegenError(f"{len(broken)} of {len(found)} brand kits are broken: {', '.join(broken)}")


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
    documents.document_tree(source, text)
    click.echo(text, nl=False)


@cli.command(epilog="Example: rolegen init training --output committed")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--output",
    "output",
    type=click.Choice(["ignored", "committed"]),
    default="ignored",
    show_default=True,
    help="Whether the project commits output/ (CI then checks it) or ignores it.",
)
@click.option(
    "--shards",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    metavar="N",
    help="Build in CI as a matrix of N jobs, then merge their outputs and check them in one job.",
)
@pass_options
def init(options: Options, folder: Path, output: str, shards: int) -> None:
    """Create a new project that builds as is: sample roles, a comparison, a brand, a CI workflow."""
    from rolegen.cli.scaffold import init_project

    target = folder if folder.is_absolute() else Path.cwd() / folder
    written = init_project(target, output, shards)
    options.say(
        f"created {display_path(target)} ({len(written)} files); next: cd {folder} && rolegen deck --brand acme"
    )


@cli.group(epilog="Example: rolegen new role cfo --title 'Chief Financial Officer'")
def new() -> None:
    """Scaffold a role, a comparison or a brand kit, with comments that explain each key."""


@new.command("role", epilog="Example: rolegen new role cfo --title 'Chief Financial Officer' --short CFO")
@click.argument("role_id", metavar="ID")
@click.option("--title", help="The role's full title.")
@click.option("--short", help="The role's short name (default: the id in capitals).")
@pass_options
def new_role(options: Options, role_id: str, title: str | None, short: str | None) -> None:
    """Write content/roles/ID.md."""
    from rolegen.cli.scaffold import new_role as scaffold

    options.say(f"wrote {display_path(scaffold(options.project, role_id, title, short))}")


@new.command("comparison", epilog="Example: rolegen new comparison ceo-vs-cfo --roles ceo,cfo")
@click.argument("comparison_id", metavar="ID")
@click.option("--roles", required=True, help="Comma-separated ids of the roles to compare.")
@click.option("--title", help="The comparison's title (default: 'CEO vs CFO' from the ids).")
@pass_options
def new_comparison(options: Options, comparison_id: str, roles: str, title: str | None) -> None:
    """Write content/comparisons/ID.yaml."""
    from rolegen.cli.scaffold import new_comparison as scaffold

    role_ids = [r.strip() for r in roles.split(",") if r.strip()]
    options.say(f"wrote {display_path(scaffold(options.project, comparison_id, role_ids, title))}")


@new.command("brand", epilog="Example: rolegen new brand globex --from-brand-yml ../site/_brand.yml")
@click.argument("name")
@click.option(
    "--from-brand-yml",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Start from an existing _brand.yml (Quarto, Shiny) and the files it names.",
)
@pass_options
def new_brand(options: Options, name: str, from_brand_yml: Path | None) -> None:
    """Write templates/brands/NAME/_brand.yml; from a brand.yml, check it and show what rolegen uses."""
    from rolegen.cli.scaffold import import_brand
    from rolegen.cli.scaffold import new_brand as scaffold

    if from_brand_yml is None:
        options.say(f"wrote {display_path(scaffold(options.project, name))}")
        return
    from rolegen.brand.kit import read_brand

    imported = import_brand(options.project, name, from_brand_yml)
    options.say(f"wrote {display_path(imported.brand_file)}")
    rows = [
        (f"file {text}", state, display_path(Path(detail)) if state == "copied" else detail)
        for text, state, detail in imported.files
    ]
    try:
        brand, report = read_brand(options.project, name)
    except RolegenError as e:
        _table(rows)
        raise RolegenError(f"{e.format_message()} (the kit was written: fix it there, then run rolegen brands)") from e
    rows = [(key, "used", "") for key in report.used] + [(key, "ignored", why) for key, why in report.ignored] + rows
    rows += [("warning", "", message) for message in brand.warnings]
    _table(rows)


def _table(rows: list[tuple[str, str, str]]) -> None:
    """Print rows of (key, state, note) as aligned columns."""
    width = max((len(key) for key, _, _ in rows), default=0)
    for key, state, note in rows:
        click.echo(f"  {key.ljust(width)}  {state.ljust(7)}  {note}".rstrip())


class _ShardType(click.ParamType):
    name = "K/N"

    def convert(self, value, param, ctx):
        from rolegen.build.plan import Shard

        if isinstance(value, Shard):
            return value
        try:
            return Shard.parse(value)
        except ValueError as e:
            self.fail(str(e), param, ctx)


@cli.command("build", epilog="Example: rolegen build --brand acme --jobs 4 --shard 1/2")
@click.option(
    "--brand",
    "-b",
    "brands",
    multiple=True,
    metavar="NAME",
    help="Build only this brand (repeatable; default: every brand).",
)
@click.option(
    "--comparison",
    "-c",
    "comparisons",
    multiple=True,
    metavar="ID",
    help="Build only this comparison (repeatable; default: every comparison).",
)
@click.option(
    "--format",
    "-f",
    "formats",
    multiple=True,
    type=click.Choice(["deck", "handout", "pack"]),
    help="Build only this format (repeatable; default: deck, handout and pack).",
)
@click.option(
    "--check", is_flag=True, help="Write nothing; exit 1 listing outputs that are missing, stale or edited by hand."
)
@click.option("--force", is_flag=True, help="Rebuild outputs even when they are current.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    metavar="N",
    help="Render in N parallel processes (default: the CPU count; 1 renders in this process).",
)
@click.option("--shard", type=_ShardType(), help="Build only share K of N, so N CI jobs cover everything once.")
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable summary instead of text.")
@click.option(
    "--lang",
    "-l",
    "languages",
    multiple=True,
    metavar="TAG",
    help="Build only this language, content/TAG/ ('default' for content/; repeatable; default: all).",
)
@click.option(
    "--pdf/--no-pdf",
    default=None,
    help="Add (or drop) PDFs of the deck and handout in each pack (needs LibreOffice; default: as last built).",
)
@pass_options
def build_command(
    options: Options,
    brands: tuple[str, ...],
    comparisons: tuple[str, ...],
    formats: tuple[str, ...],
    check: bool,
    force: bool,
    jobs: int | None,
    shard,
    as_json: bool,
    languages: tuple[str, ...],
    pdf: bool | None,
) -> None:
    """Build every brand x language x comparison x format that is not current, incrementally."""
    import json

    from rolegen.build import run as build
    from rolegen.build.plan import plan

    # With --json, stdout holds one JSON document and nothing else: every message goes to stderr.
    say = functools.partial(click.echo, err=as_json) if not options.quiet else lambda message: None
    project = options.project
    chosen = [None if tag == "default" else tag for tag in languages] if languages else None
    try:
        outputs = plan(project, brands, comparisons, formats, shard, chosen)
        if check:
            problems = build.check(project, outputs, pdf=pdf)
        else:
            progress = None if as_json or options.quiet else _BarProgress() if sys.stdout.isatty() else _LineProgress()
            try:
                summary = build.build(project, outputs, force=force, jobs=jobs, progress=progress, pdf=pdf, shard=shard)
            finally:
                if isinstance(progress, _BarProgress):
                    progress.close()
    except RolegenError as e:
        if as_json:
            click.echo(json.dumps({"errors": list(getattr(e, "messages", None) or [e.format_message()])}, indent=2))
        raise
    if check:
        if as_json:
            click.echo(
                json.dumps(
                    {
                        "outputs": len(outputs),
                        **{
                            state: [s.output.key for s in problems if s.state == state]
                            for state in ("missing", "stale", "edited")
                        },
                    },
                    indent=2,
                )
            )
        else:
            for status in problems:
                click.echo(f"{status.state}: {display_path(status.output.path(project))}")
        if problems:
            raise RolegenError(
                f"{len(problems)} of {len(outputs)} outputs are missing, stale or edited by hand; run 'rolegen build'"
            )
        say(f"all {len(outputs)} outputs are current")
        return
    if as_json:
        click.echo(json.dumps(summary.as_json(), indent=2))
    else:
        seen: set[str] = set()
        for built in summary.built:
            for message in built.warnings:
                # A kit's own warning (a missing font) holds for each of its outputs: say it once a build.
                if message not in seen:
                    seen.add(message)
                    options.warn(f"{built.output.key}: {message}")
        say(f"built {len(summary.built)}, skipped {len(summary.skipped)} (current) in {summary.seconds:.1f}s")
    if summary.broken:
        raise build.BrokenKits(summary.broken)


class _LineProgress:
    """One plain line per finished step, for logs and pipes."""

    def start(self, total: int) -> None:
        self.total, self.done = total, 0

    def step(self, label: str) -> None:
        self.done += 1
        click.echo(f"[{self.done}/{self.total}] {label}")


class _BarProgress:
    """A progress bar, for a person at a terminal."""

    bar = None

    def start(self, total: int) -> None:
        self.bar = click.progressbar(length=total, label="building", show_pos=True, item_show_func=lambda x: x)
        self.bar.__enter__()

    def step(self, label: str) -> None:
        self.bar.update(1, label)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@cli.command(epilog="Example: rolegen watch --brand acme --preview")
@click.option(
    "--brand", "-b", "brands", multiple=True, required=True, metavar="NAME", help="Brand to rebuild; repeat for more."
)
@click.option(
    "--comparison",
    "-c",
    "comparisons",
    multiple=True,
    metavar="ID",
    help="Comparison to rebuild (default: all); repeat for more.",
)
@click.option("--preview", is_flag=True, help="Refresh the PNG previews after each rebuild (needs LibreOffice).")
@pass_options
def watch(options: Options, brands: tuple[str, ...], comparisons: tuple[str, ...], preview: bool) -> None:
    """Rebuild the affected decks and handouts whenever content, templates or a brand change."""
    from rolegen.build.watch import watch as run

    options.say("watching content/ and templates/ (Ctrl-C to stop)")
    run(options.project, brands, comparisons, click.echo, after=_previewer(options) if preview else None)


def _previewer(options: Options):
    """Return what watch --preview calls after a rebuild: previews of the rebuilt files, by folder."""
    from rolegen.render import preview

    preview.soffice()  # fail at once, not at the first rebuild, when LibreOffice is missing

    def refresh(outputs) -> None:
        folders: dict[Path, dict[str, Path]] = {}
        for output in outputs:
            path = output.path(options.project)
            folders.setdefault(path.parent, {})[f"{path.stem}-{output.kind}"] = path
        for folder, sources in sorted(folders.items()):
            preview.preview(sources, folder / "preview")

    return refresh


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


@cli.command(epilog="Example: rolegen preview --brand acme")
@brand_option
@comparison_option
@lang_option
@pass_options
def preview(options: Options, brand: str, comparison: str | None, lang: str | None) -> None:
    """Build the deck and handout, then draw them with LibreOffice as PDF, PNG pages and contact sheets."""
    from rolegen.render import preview as previews

    previews.soffice()  # fail before building anything when LibreOffice is missing
    deck_file = _write_one(options, "deck", brand, comparison, None, lang=lang)
    handout_file = _write_one(options, "handout", brand, comparison, None, lang=lang)
    outdir = deck_file.parent / "preview"
    made = previews.preview({f"{deck_file.stem}-deck": deck_file, f"{handout_file.stem}-handout": handout_file}, outdir)
    for path in made:
        options.say(f"wrote {display_path(path)}")


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


def main(argv: list[str] | None = None) -> None:
    """Run the CLI and exit with its code: one line per error, a traceback only with -v."""
    try:
        # Not standalone, so errors are reported here; Click then returns the code of ctx.exit() instead
        # of exiting with it, and that code must reach the shell or `rolegen check` could never fail CI.
        code = cli.main(args=argv, prog_name="rolegen", standalone_mode=False)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except click.Abort as e:
        click.echo("Aborted.", err=True)
        # Click turns Ctrl-C into Abort; the shell's convention for it is 128 + SIGINT.
        sys.exit(130 if isinstance(e.__cause__ or e.__context__, KeyboardInterrupt) else 1)
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
        click.echo(f"Error: internal error ({type(e).__name__}: {e}); run with -v for the traceback", err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
