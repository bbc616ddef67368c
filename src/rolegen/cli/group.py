"""The rolegen command group and what every command shares: the global options, the project, the common options."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import click

from rolegen import __version__
from rolegen.errors import UsageError
from rolegen.inputs.project import Project, find_root

# main() reports errors after Click has returned, so the -v count is remembered here.
# So is the recorder of what a build reads (build/current.py), when main() runs a build.
_STATE: dict = {"verbose": 0, "recorder": None}
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
    """A group whose commands and subgroups all take the global options, each command's module imported when it is asked for.

    modules are the modules that register commands on the group (as Click's documentation on lazily
    loaded subcommands advises): `rolegen deck` loads the deck's, not those of every command; help,
    completion and an unknown name load them all.
    """

    command_class = _Command
    group_class = type  # subgroups are _Groups too

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.params.extend(_global_options())
        self.modules: dict[str, tuple[str, ...]] = {}  # module -> the commands it registers

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = next((m for m, names in self.modules.items() if cmd_name in names), None)
        self._load(*([module] if module else self.modules))
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load(*self.modules)
        return super().list_commands(ctx)

    def _load(self, *modules: str) -> None:
        import importlib

        for module in modules:
            importlib.import_module(module)


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
