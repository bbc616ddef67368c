"""Where one document of a build spends its time: `python benchmarks/bench.py --profile`, or `python benchmarks/per_document.py` (also part of `make bench`).

Builds the bench project (2 brands x 10 comparisons x deck and handout: 40 documents) in this
process, as `rolegen build --jobs 1` renders them: one build cache, every document once. The first
document of each brand and kind pays the brand's set-up (its master, its reference, its fonts) and is
left out, so the table is the cost of a further, warm document.

Stage times are exclusive: each entry point below is wrapped in a timer, and a stage's time leaves out
the stages it calls (pagination's time is without the fitting it asks for). The wrapped run is timed
against an unwrapped one, and the difference printed, so the timers' own cost is in view. The top 15
functions come from cProfile over the same documents, by time spent in the function itself.
"""

from __future__ import annotations

import cProfile
import importlib
import io
import os
import pstats
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

# (module, attribute, stage); a class's methods as "Class.method". Where a module imported a function
# by name, the name is wrapped where it is called.
STAGES = (
    ("rolegen.build.documents", "load_inputs", "content loading"),
    ("rolegen.build.documents", "brand_warnings", "content loading"),
    ("rolegen.build.documents", "contrast_warnings", "content loading"),
    ("rolegen.build.documents", "package_warnings", "content loading"),
    ("rolegen.content.i18n", "words", "content loading"),
    ("rolegen.build.documents", "intermediate_markdown", "Jinja"),
    ("rolegen.build.documents", "_parse", "Markdown"),
    ("rolegen.build.documents", "notice_warnings", "Markdown"),
    ("rolegen.brand.fonts", "Measurer.line_height", "fitting / measuring"),
    ("rolegen.brand.fonts", "Measurer.lines", "fitting / measuring"),
    ("rolegen.brand.fonts", "Measurer.wrap", "fitting / measuring"),
    ("rolegen.typeset.fit", "*", "fitting / measuring"),
    ("rolegen.typeset.paginate", "Paginator.paginate", "pagination"),
    ("rolegen.render.pptx", "render_deck", "XML drawing"),
    ("rolegen.render.docx", "render_handout", "XML drawing"),
    ("rolegen.render.pptx", "facts_of", "check facts"),
    ("rolegen.render.docx", "facts_of", "check facts"),
    ("rolegen.build.documents", "check_facts", "check facts"),
    ("rolegen.build.documents", "slide_warnings_located", "check facts"),
    ("rolegen.render.pptx", "write_package", "zip"),
    ("rolegen.render.docx", "write_package", "zip"),
    ("rolegen.build.manifest", "save", "manifest"),
    ("rolegen.build.manifest", "load", "manifest"),
    ("rolegen.build.fingerprint", "Fingerprinter.inputs", "manifest"),
)
ORDER = (
    "content loading",
    "Jinja",
    "Markdown",
    "fitting / measuring",
    "pagination",
    "XML drawing",
    "check facts",
    "zip",
    "manifest",
    "the rest of a document",
)


class Timers:
    """Exclusive time per stage: a stage's clock stops while a stage it calls runs."""

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self._stack: list[list] = []  # [stage, started, time of the stages it called]
        self._undo: list = []

    def wrap(self, owner, name: str, stage: str) -> None:
        original = owner.__dict__[name]
        if isinstance(original, (staticmethod, classmethod)) or not callable(original):
            return
        timers = self

        def timed(*args, **kwargs):
            frame = [stage, time.perf_counter(), 0.0]
            timers._stack.append(frame)
            try:
                return original(*args, **kwargs)
            finally:
                timers._stack.pop()
                spent = time.perf_counter() - frame[1]
                timers.seconds[stage] = timers.seconds.get(stage, 0.0) + spent - frame[2]
                if timers._stack:
                    timers._stack[-1][2] += spent

        timed.__wrapped__ = original
        setattr(owner, name, timed)
        self._undo.append((owner, name, original))

    def install(self) -> None:
        for module_name, attribute, stage in STAGES:
            module = importlib.import_module(module_name)
            if attribute == "*":
                for name, value in list(vars(module).items()):
                    if (
                        callable(value)
                        and getattr(value, "__module__", None) == module_name
                        and not isinstance(value, type)
                    ):
                        self.wrap(module, name, stage)
                continue
            owner_name, _, name = attribute.rpartition(".")
            owner = getattr(module, owner_name) if owner_name else module
            if name in vars(owner):
                self.wrap(owner, name, stage)

    def remove(self) -> None:
        for owner, name, original in reversed(self._undo):
            setattr(owner, name, original)
        self._undo.clear()


def _documents(project) -> list:
    from rolegen.build.plan import plan

    return plan(project, formats=("deck", "handout"), languages=(None,))


def _render(project, outputs, cache, timers: "Timers | None" = None) -> dict[str, list[float]]:
    """Render each output once with one cache; return each kind's seconds for every document but its brand's first.

    With timers, the stage times of the documents left out are taken back out of them.
    """
    from rolegen.build import documents

    seen, seconds = set(), {"deck": [], "handout": []}
    for output in outputs:
        before = dict(timers.seconds) if timers else {}
        start = time.perf_counter()
        documents.render(output.project(project), output.brand, output.comparison, output.kind, cache=cache)
        spent = time.perf_counter() - start
        if (output.brand, output.kind) in seen:
            seconds[output.kind].append(spent)
        elif timers:
            timers.seconds = before  # the brand's first document: its set-up is not a further document's cost
        seen.add((output.brand, output.kind))
    return seconds


def profile(root: Path) -> dict:
    """Return the profile of the bench project at root: per-stage ms per warm document, and the top functions."""
    from rolegen.build.run import build
    from rolegen.cache import BuildCache
    from rolegen.inputs.project import Project

    project = Project(root)
    outputs = _documents(project)
    _render(project, outputs, BuildCache())  # fills the compiled-template and font caches on disk, as a first build
    bare = _render(project, outputs, BuildCache())
    timers = Timers()
    timers.install()
    try:
        wrapped = _render(project, outputs, BuildCache())
        stage_by_kind = {}
        for kind in ("deck", "handout"):
            timers.seconds.clear()
            kept = [o for o in outputs if o.kind == kind]
            counted = _render(project, kept, BuildCache(), timers)[kind]
            total = sum(counted)
            stages = dict(timers.seconds)
            stages["the rest of a document"] = total - sum(v for k, v in stages.items() if k != "manifest")
            stage_by_kind[kind] = {k: v / len(counted) * 1000 for k, v in stages.items()}
        # The manifest is the build's, not a document's: time a whole no-op-free build and share it out.
        import shutil

        shutil.rmtree(root / "output", ignore_errors=True)
        timers.seconds.clear()
        build(project, outputs, jobs=1)
        manifest_ms = timers.seconds.get("manifest", 0.0) * 1000 / len(outputs)
        for kind in stage_by_kind:
            stage_by_kind[kind]["manifest"] = manifest_ms
    finally:
        timers.remove()
    profiler = cProfile.Profile()
    profiler.enable()
    _render(project, outputs, BuildCache())
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("tottime").print_stats(15)
    return {
        "documents": len(outputs),
        "bare_ms": {k: statistics.mean(v) * 1000 for k, v in bare.items()},
        "wrapped_ms": {k: statistics.mean(v) * 1000 for k, v in wrapped.items()},
        "stages": stage_by_kind,
        "top": _top(stats, 15),
    }


def _top(stats: pstats.Stats, count: int) -> list[tuple[str, int, float, float]]:
    """Return (function, calls, own ms, cumulative ms) of the functions with the most time of their own."""
    rows = []
    for (file, line, name), (calls, _, own, cumulative, _) in stats.stats.items():
        rows.append((f"{_short(file)}:{line}({name})", calls, own * 1000, cumulative * 1000))
    return sorted(rows, key=lambda row: -row[2])[:count]


def _short(file: str) -> str:
    """Return a file's name from its package on: rolegen/..., pptx/..., or the standard library's module."""
    for marker in ("/site-packages/", "/src/"):
        if marker in file:
            return file.split(marker, 1)[1]
    return re.sub(r"^.*/lib/python3\.\d+/", "", file)


def report(found: dict, commit: str = "") -> str:
    """Return the profile as Markdown: the stage table and the top functions."""
    documents = found["documents"]
    lines = [
        f"Per warm document of a {documents}-document `build --jobs 1` (ms, mean; a brand's first deck and handout left out)"
        + (f", at {commit}" if commit else "")
        + ":",
        "",
        "| stage | deck ms | handout ms |",
        "|---|---|---|",
    ]
    stages = found["stages"]
    for stage in ORDER:
        lines.append(f"| {stage} | {stages['deck'].get(stage, 0.0):.1f} | {stages['handout'].get(stage, 0.0):.1f} |")
    lines.append(
        f"| **a document, unwrapped** | **{found['bare_ms']['deck']:.1f}** | **{found['bare_ms']['handout']:.1f}** |"
    )
    lines.append(f"| (with the timers) | {found['wrapped_ms']['deck']:.1f} | {found['wrapped_ms']['handout']:.1f} |")
    lines += ["", "Top 15 functions by own time (cProfile, the 40 documents, its overhead included):", ""]
    lines += ["| function | calls | own ms | cumulative ms |", "|---|---|---|---|"]
    lines += [f"| `{name}` | {calls} | {own:.0f} | {cumulative:.0f} |" for name, calls, own, cumulative in found["top"]]
    return "\n".join(lines) + "\n"


def main() -> None:
    here = Path(__file__).resolve().parent
    sys.path.insert(0, str(here))
    import bench
    import subprocess

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=here, capture_output=True, text=True
    ).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="rolegen-profile-") as temp:
        os.environ["XDG_CACHE_HOME"] = str(Path(temp) / "cache")
        root = Path(temp) / "project"
        bench.make_project(root)
        (root / "rolegen.toml").touch()
        cwd = os.getcwd()
        os.chdir(root)
        try:
            print(report(profile(root), commit))
        finally:
            os.chdir(cwd)


if __name__ == "__main__":
    main()
