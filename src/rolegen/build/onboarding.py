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


def new_hire_outputs(project, brands, rosters, comparisons, shard, pdf: bool | None) -> list:
    """Return the new hires' handouts to build, with their PDFs under --pdf (without it: as last built)."""
    from rolegen.build import manifest

    outputs = onboarding_outputs(project, brands, load_rosters(project, rosters), comparisons, shard, pdf is not False)
    if pdf is None:
        recorded = manifest.load(project.output_dir).outputs
        outputs = [o for o in outputs if o.kind != "pdf" or o.key in recorded]
    return outputs


def _project_roles(project: Project) -> tuple[dict[str, tuple[str, ...]], set[str]]:
    """Return {comparison id: its role ids} and every role id, as a roster's rows are checked against."""
    from rolegen.content.load import load_comparison

    comparisons = {}
    for cid in project.comparison_ids():
        comparison = load_comparison(project.comparisons_dir / f"{cid}.yaml", project.roles_dir)
        comparisons[cid] = tuple(role.id for role in comparison.roles)
    roles = {path.stem for path in project.roles_dir.glob("*.md")}
    return comparisons, roles


def prune(project: Project, planned: list[Output], brands: Iterable[str]) -> int:
    """Remove the handouts (and their manifest entries) of people no roster holds any more; return how many.

    Asked after a build of every roster, unnarrowed: a person who left a roster must not stay on disk.
    Only .docx and .pdf files in output/<brand>/onboarding/ are rolegen's to remove.
    """
    from rolegen.build import manifest
    from rolegen.build.output import check_real_folder

    wanted = {output.path(project) for output in planned}
    keys = {output.key for output in planned}
    removed = 0
    with manifest.locked(project.output_dir):
        for brand in sorted(set(brands)):
            folder = project.output_dir / brand / "onboarding"
            if not folder.is_dir() or folder.is_symlink():
                continue
            check_real_folder(project.root, folder / "x")
            for path in sorted(folder.iterdir()):
                if path.suffix in (".docx", ".pdf") and path.is_file() and not path.is_symlink() and path not in wanted:
                    path.unlink()
                    removed += 1
        recorded = manifest.load(project.output_dir)
        gone = [
            key
            for key in recorded.outputs
            if key.split("/")[1:2] == ["onboarding"] and key.split("/")[0] in set(brands) and key not in keys
        ]
        if gone:
            outputs = {key: entry for key, entry in recorded.outputs.items() if key not in gone}
            manifest.save(project.output_dir, manifest.Manifest(outputs, recorded.comparisons))
    return removed
