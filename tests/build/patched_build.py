"""For the scripts the parallel-build tests run in a process of their own: a build whose workers are
forked from the script, so they run the drawing it patched in, with no kit to check and no renderer
to import first. The scripts find this module on the PYTHONPATH the tests give them."""

from __future__ import annotations

import os
from pathlib import Path

from rolegen.build import workers
from rolegen.cache import BuildCache
from rolegen.inputs.project import Project

# What a script's PYTHONPATH needs for `import patched_build`.
# No empty entry when there was none before: Python reads one as the current folder.
ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).parent), os.environ.get("PYTHONPATH")])),
}


def _no_broken_kits(root, names, cache=None):
    # A function of a module, not a lambda: the pool pickles it by name to send it to a worker.
    return {}


def render_all(tasks, draw):
    """The build's `render_all` of `tasks` in the current folder with two workers, each drawing
    with `draw(root, task, cache=None)` in place of the real renderers."""
    workers._render_one = draw
    workers._start_worker = lambda parent, kinds: None
    workers.check_kits = _no_broken_kits
    return workers.render_all(Project(Path.cwd()), tasks, 2, workers.Silent(), BuildCache())
