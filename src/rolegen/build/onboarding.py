"""What a build makes of the rosters: each new hire's handout (and PDF) for every brand."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from rolegen.build.plan import Output, Shard
from rolegen.errors import UsageError, display_path
from rolegen.inputs.project import Project
from rolegen.rosters import privacy
from rolegen.rosters.model import Roster, roster_paths
from rolegen.rosters.slugs import unique


def rosters_dir(project: Project) -> Path:
    """Return content/rosters/ (rosters are read from the project's own content, not a translation)."""
    return project.content_dir / "rosters"


def load_rosters(project: Project, names: Iterable[str] = ()) -> list[Roster]:
    """Load the rosters named (default: every one), their people's file names unique across all of them."""
    paths = roster_paths(rosters_dir(project))
    wanted = sorted(set(names))
    if wanted:
        known = {path.stem: path for path in paths}
        missing = [name for name in wanted if name not in known]
        if missing and known:
            raise UsageError(f"no roster '{missing[0]}'; the rosters are: {', '.join(sorted(known))}")
        if missing:
            folder = display_path(rosters_dir(project))
            raise UsageError(f"no roster '{missing[0]}': {folder}/ holds none; add {missing[0]}.csv there")
        paths = [known[name] for name in wanted]
    if not paths:
        return []  # before any YAML or Markdown library is loaded: most builds have no roster
    from rolegen.rosters.load import load_roster

    comparisons, roles = _project_roles(project)
    rosters = [load_roster(path, comparisons, roles) for path in paths]
    # Two rosters may hold the same name: the files of output/<brand>/onboarding/ must still differ.
    slugs = iter(unique([person.slug for roster in rosters for person in roster.people]))
    return [
        replace(roster, people=tuple(replace(person, slug=next(slugs)) for person in roster.people))
        for roster in rosters
    ]


def onboarding_outputs(
    project: Project,
    brands: Iterable[str],
    rosters: list[Roster],
    comparisons: Iterable[str] = (),
    shard: Shard | None = None,
    pdf: bool = False,
) -> list[Output]:
    """Return each new hire's handout (and with pdf their PDF) for every brand, narrowed by comparison and shard."""
    if not rosters:
        return []
    key = privacy.roster_key(rosters_dir(project))
    wanted = set(comparisons)
    kinds = ("handout", "pdf") if pdf else ("handout",)
    outputs = [
        Output(
            brand,
            person.comparison,
            kind,
            roster=roster.id,
            ref=privacy.reference(key, roster.id, person),
            person=person.slug,
            who=person,
            row=privacy.row_digest(key, person),
            line=person.line,
        )
        for brand in sorted(set(brands))
        for roster in rosters
        for person in roster.people
        if not wanted or person.comparison in wanted
        for kind in kinds
    ]
    return [o for o in outputs if shard is None or shard.holds(o)]


def _project_roles(project: Project) -> tuple[dict[str, tuple[str, ...]], set[str]]:
    """Return {comparison id: its role ids} and every role id, as a roster's rows are checked against."""
    from rolegen.content.load import load_comparison

    comparisons = {}
    for cid in project.comparison_ids():
        comparison = load_comparison(project.comparisons_dir / f"{cid}.yaml", project.roles_dir)
        comparisons[cid] = tuple(role.id for role in comparison.roles)
    roles = {path.stem for path in project.roles_dir.glob("*.md")}
    return comparisons, roles
