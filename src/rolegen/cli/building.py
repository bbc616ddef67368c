"""The commands that build many documents and keep them fresh: build, watch, preview."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from rolegen.errors import RolegenError, UsageError, display_path
from rolegen.cli.documents import write_one
from rolegen.cli.group import (
    _STATE,
    Options,
    brand_option,
    cli,
    comparison_option,
    lang_option,
    pass_options,
)


_LMS_HELP = (
    "Also build the learning-platform files: Moodle XML, GIFT, QTI 2.1 and SCORM 1.2, in "
    "output/<brand>/<comparison>-lms/ (the SCORM package needs LibreOffice)."
)


def _with_lms(formats: tuple[str, ...], lms: bool) -> tuple[str, ...]:
    """Return the formats to build: those named (default: deck, handout, pack), and with lms the LMS files."""
    from rolegen.build.plan import FORMATS, LMS_FORMATS

    return (*(formats or FORMATS), *LMS_FORMATS) if lms else formats


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


class _JobsType(click.ParamType):
    """A number of processes, or 'auto': the cores this process may run on (capped by the documents)."""

    name = "N|auto"

    def convert(self, value, param, ctx):
        if value is None or value == "auto":
            return None
        try:
            jobs = int(value)
        except (TypeError, ValueError):
            jobs = 0
        if jobs < 1:
            self.fail(f"{value!r} is neither a number of processes (1 or more) nor 'auto'", param, ctx)
        return jobs


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
    type=click.Choice(["deck", "handout", "pack", "moodle", "gift", "qti", "scorm"]),
    help="Build only this format (repeatable; default: deck, handout and pack; the last four as --lms makes them).",
)
@click.option(
    "--check", is_flag=True, help="Write nothing; exit 1 listing outputs that are missing, stale or edited by hand."
)
@click.option(
    "--diff",
    "show_diff",
    is_flag=False,
    flag_value="text",
    default=None,
    type=click.Choice(["text", "markdown"]),
    help="With --check: show what would change in each stale deck or handout, as text or (--diff markdown) "
    "GitHub Markdown; a fresh build is compared in memory.",
)
@click.option("--force", is_flag=True, help="Rebuild outputs even when they are current.")
@click.option(
    "--jobs",
    "-j",
    type=_JobsType(),
    default="auto",
    metavar="N|auto",
    help="Render in N parallel processes; auto (the default): one per core this process may use, "
    "no more than the documents to draw; 1 renders in this process.",
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
    help="Add (or drop) PDFs of the deck and handout in each pack, and each new hire's PDF "
    "(needs LibreOffice; default: as last built).",
)
@click.option(
    "--roster",
    "rosters",
    multiple=True,
    metavar="NAME",
    help="Build only this roster's handouts, content/rosters/NAME.csv (repeatable; default: every roster).",
)
@click.option("--lms", is_flag=True, help=_LMS_HELP)
@pass_options
def build_command(
    options: Options,
    brands: tuple[str, ...],
    comparisons: tuple[str, ...],
    formats: tuple[str, ...],
    check: bool,
    show_diff: str | None,
    force: bool,
    jobs: int | None,
    shard,
    as_json: bool,
    languages: tuple[str, ...],
    pdf: bool | None,
    rosters: tuple[str, ...],
    lms: bool,
) -> None:
    """Build every brand x language x comparison x format that is not current, incrementally,
    and a handout for every new hire of content/rosters/."""
    import json

    from rolegen.build import run as build
    from rolegen.build.onboarding import new_hire_outputs
    from rolegen.build.plan import plan

    # With --json, stdout holds one JSON document and nothing else: every message goes to stderr.
    say = functools.partial(click.echo, err=as_json) if not options.quiet else lambda message: None
    project = options.project
    chosen = [None if tag == "default" else tag for tag in languages] if languages else None
    if show_diff and not check:
        raise UsageError("--diff goes with --check: rolegen build --check --diff")
    diffs: dict = {}
    try:
        outputs = plan(project, brands, comparisons, _with_lms(formats, lms), shard, chosen)
        if (not formats or "handout" in formats) and (chosen is None or None in chosen):
            outputs += new_hire_outputs(project, brands or project.brand_names(), rosters, comparisons, shard, pdf)
        elif rosters:
            raise UsageError("--roster builds handouts: leave out --format, or give --format handout")
        if check:
            problems = build.check(project, outputs, pdf=pdf)
            if show_diff:
                from rolegen.build.diffs import stale_diffs

                diffs = stale_diffs(project, problems, jobs or 1)
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
                        **({"diffs": _json_diffs(diffs)} if show_diff else {}),
                    },
                    indent=2,
                )
            )
        else:
            for status in problems:
                _say_problem(status, project, diffs.get(status.output.key), show_diff)
        if problems:
            raise RolegenError(
                f"{len(problems)} of {len(outputs)} outputs are missing, stale or edited by hand; run 'rolegen build'"
            )
        say(f"all {len(outputs)} outputs are current")
        if not as_json:  # a stamp replays one line, not --json's document
            _stamp(options, outputs, f"all {len(outputs)} outputs are current")
        return
    if not (rosters or comparisons or shard or summary.broken) and any(o.roster for o in outputs):
        from rolegen.build.onboarding import prune

        # Every roster was built whole: a person no roster holds any more must not stay on disk.
        removed = prune(project, [o for o in outputs if o.roster], brands or project.brand_names())
        if removed:
            say(f"removed {removed} new hires' files that no roster holds any more")
    if as_json:
        click.echo(json.dumps(summary.as_json(), indent=2))
    else:
        seen: set[str] = set()
        for built in summary.built:
            for message in built.warnings:
                # A kit's own warning (a missing font) holds for each of its outputs: say it once a build.
                if message not in seen:
                    seen.add(message)
                    options.warn(f"{built.output.label}: {message}")
        say(f"built {len(summary.built)}, skipped {len(summary.skipped)} (current) in {summary.seconds:.1f}s")
        if not (summary.built or summary.broken):  # a build with new hires (which prunes) leaves none
            _stamp(options, outputs, f"built 0, skipped {len(summary.skipped)} (current) in {{seconds}}s")
    if summary.broken:
        raise build.BrokenKits(summary.broken)


def _stamp(options: Options, outputs: list, line: str | None) -> None:
    """Leave the stamp of a build that found nothing to do (build/current.py); none where new hires' names would be in it."""
    if _STATE["recorder"] is not None and not any(o.roster for o in outputs):
        _STATE["recorder"].remember(str(options.project.root), None if options.quiet else line)


@cli.command("pack", epilog="Example: rolegen pack --brand acme --lms")
@brand_option
@click.option(
    "--comparison", "-c", metavar="ID", help="Pack only this comparison (default: every comparison of the language)."
)
@lang_option
@click.option("--lms", is_flag=True, help=_LMS_HELP)
@click.option(
    "--pdf/--no-pdf",
    default=None,
    help="Add (or drop) PDFs of the deck and handout in the pack (needs LibreOffice; default: as last built).",
)
@click.option("--force", is_flag=True, help="Rebuild them even when they are current.")
@pass_options
def pack_command(
    options: Options, brand: str, comparison: str | None, lang: str | None, lms: bool, pdf: bool | None, force: bool
) -> None:
    """Build a brand's training pack, and with --lms its learning-platform files; current ones are kept."""
    from rolegen.build import run as build
    from rolegen.build.plan import plan

    project = options.project
    outputs = plan(project, [brand], [comparison] if comparison else [], _with_lms(("pack",), lms), None, [lang])
    summary = build.build(project, outputs, force=force, pdf=pdf)
    for built in summary.built:
        for message in dict.fromkeys(built.warnings):
            options.warn(f"{built.output.key}: {message}")
        options.say(f"wrote {display_path(built.output.path(project))}")
    for output in summary.skipped:
        options.say(f"current: {display_path(output.path(project))}")
    if summary.broken:
        raise build.BrokenKits(summary.broken)


def _say_problem(status, project, diff, form: str | None) -> None:
    """Print one output that is not current, and with --diff what a rebuild would change in it."""
    # A new hire's file is named for them: a log names the roster row instead.
    where = status.output.label if status.output.roster else display_path(status.output.path(project))
    if form == "markdown":
        from rolegen.review.diff_report import markdown_report

        click.echo(f"- {status.state}: `{where}`\n")
        if diff is not None:
            click.echo(markdown_report(diff, where))
        return
    click.echo(f"{status.state}: {where}")
    if diff is not None:
        from rolegen.cli.review import show_diff

        show_diff(diff, form) if diff.changed else click.echo("  no visible change")


def _json_diffs(diffs: dict) -> dict:
    from rolegen.review.diff_report import json_report

    return {key: json_report(diff) for key, diff in diffs.items()}


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
        from rolegen.build.output import check_real_folder

        for folder, sources in sorted(folders.items()):
            check_real_folder(options.project.root, folder / "preview")
            preview.preview(sources, folder / "preview")

    return refresh


@cli.command(epilog="Example: rolegen preview --brand acme")
@brand_option
@comparison_option
@lang_option
@pass_options
def preview(options: Options, brand: str, comparison: str | None, lang: str | None) -> None:
    """Build the deck and handout, then draw them with LibreOffice as PDF, PNG pages and contact sheets."""
    from rolegen.render import preview as previews

    options.project.brand_dir(brand)  # a wrong name is a usage error, whatever this machine has installed
    previews.soffice()  # fail before building anything when LibreOffice is missing
    deck_file = write_one(options, "deck", brand, comparison, None, lang=lang)
    handout_file = write_one(options, "handout", brand, comparison, None, lang=lang)
    outdir = deck_file.parent / "preview"
    from rolegen.build.output import check_real_folder

    # output/<brand>/preview may be a committed link too: the pictures stay in the project.
    check_real_folder(options.project.root, outdir)
    made = previews.preview({f"{deck_file.stem}-deck": deck_file, f"{handout_file.stem}-handout": handout_file}, outdir)
    for path in made:
        options.say(f"wrote {display_path(path)}")
