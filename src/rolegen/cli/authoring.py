"""The commands that make and show a project's parts: init, new role/comparison/brand, brands."""

from __future__ import annotations

from pathlib import Path

import click

from rolegen.errors import RolegenError, display_path
from rolegen.cli.group import (
    Options,
    cli,
    pass_options,
)


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
