"""Rebuild what a change affects, every time a content, template or brand file changes."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from collections.abc import Callable, Iterable

from rolegen.build import run as build
from rolegen.build.plan import Output, plan
from rolegen.cache import BuildCache
from rolegen.errors import RolegenError, display_path
from rolegen.inputs.project import Project

DEBOUNCE_MS = 400


def rebuild(
    project: Project,
    brands: Iterable[str],
    comparisons: Iterable[str],
    after: Callable[[list[Output]], None] | None = None,
) -> str:
    """Build what is stale and return the one line that says what happened."""
    clock = time.perf_counter()
    try:
        # Planned again each round, so a comparison added while watching is picked up.
        outputs = plan(project, brands, comparisons, ("deck", "handout"))
        # A new cache each round: nothing read in one round (a logo, a master) is served in the next.
        summary = build.build(project, outputs, jobs=1, cache=BuildCache())
        built = [b.output for b in summary.built]
        if built and after is not None:
            after(built)
    except RolegenError as e:
        return f"Error: {e.format_message()}"
    seconds = time.perf_counter() - clock
    if not built:
        return f"up to date ({len(summary.skipped)} outputs)"
    names = ", ".join(display_path(o.path(project)) for o in built)
    warnings = sum(len(b.warnings) for b in summary.built)
    note = f"; {warnings} warning(s)" if warnings else ""
    return f"rebuilt {len(built)} in {seconds:.1f} s: {names}{note}"


def _counts(change, path: str) -> bool:
    """Return whether a change is to a file a build reads (not an editor's temporary file)."""
    from rolegen.build.fingerprint import is_clutter

    return not is_clutter(Path(path))


def watch(
    project: Project,
    brands: Iterable[str],
    comparisons: Iterable[str],
    echo: Callable[[str], None],
    after: Callable[[list[Output]], None] | None = None,
    stop: threading.Event | None = None,
    debounce_ms: int = DEBOUNCE_MS,
) -> None:
    """Build once, then again after every burst of changes, until stop is set or Ctrl-C."""
    import watchfiles

    brands, comparisons = list(brands), list(comparisons)
    # A name that is wrong is a usage error: it stops watching before it starts, not each round.
    for name in brands:
        project.brand_dir(name)
    for name in comparisons:
        project.comparison_path(name)
    echo(rebuild(project, brands, comparisons, after))
    paths = [p for p in (project.content_dir, project.templates_dir) if p.exists()]
    # Changes under output/ are our own writes; an editor's temporary file is nothing a build reads.
    for changes in watchfiles.watch(
        *paths, watch_filter=_counts, debounce=debounce_ms, stop_event=stop, raise_interrupt=False
    ):
        changed = sorted({display_path(Path(p)) for _, p in changes})
        echo(f"changed: {', '.join(changed[:3])}{' …' if len(changed) > 3 else ''}")
        echo(rebuild(project, brands, comparisons, after))
