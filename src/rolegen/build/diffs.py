"""What `build --check --diff` shows: each stale output against a fresh build of it, made in memory."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from rolegen.build.run import Status
from rolegen.build.workers import BuildError, Silent, render_all
from rolegen.cache import BuildCache
from rolegen.inputs.project import Project
from rolegen.review.diff import DocumentDiff, diff_files


_DIFFABLE = ("deck", "handout")  # a pack is a zip of these two: its deck's and handout's diffs tell its change


def stale_diffs(project: Project, statuses: list[Status], jobs: int = 1) -> dict[str, DocumentDiff]:
    """Return {output key: the diff of the file on disk against a fresh build} for stale or edited outputs.

    The fresh files are rendered in memory and compared from a temporary folder; output/ is not touched.
    """
    # A new hire's handout is not shown: its words are theirs, and a diff goes to CI logs and pull requests.
    todo = [
        s for s in statuses if s.state in ("stale", "edited") and s.output.kind in _DIFFABLE and not s.output.roster
    ]
    if not todo:
        return {}
    rendered, broken = render_all(project, [s.output for s in todo], jobs, Silent(), BuildCache())
    if broken:
        raise BuildError([broken[name] for name in sorted(broken)])
    found = {}
    with tempfile.TemporaryDirectory(prefix="rolegen-check-") as temp:
        for index, status in enumerate(todo):
            committed = status.output.path(project)
            fresh = Path(temp) / f"{index}-{committed.name}"
            fresh.write_bytes(rendered[status.output].data)
            diff = diff_files(committed, fresh)
            # The fresh file is gone when the diff is shown: it is named for what it is instead.
            found[status.output.key] = dataclasses.replace(diff, new=Path(f"{committed} (fresh build)"))
    return found
