"""A warm document's cost at another commit beside this work tree's: `python benchmarks/compare.py REV`.

On a shared or virtual machine one run of the profile can be a third slower than the next; what
a change saved shows only in the best of many rounds, taken in turns. This checks REV out in a
temporary worktree and, ROUNDS times (default 3), runs each side in a process of its own: it builds
the bench project (40 documents) once, then renders every deck and every handout five times with a
new build cache each time (a brand's first document left out, as in per_document.py). It prints
each side's best mean ms per deck and per handout, and the change. Both sides are driven by this
tree's benchmarks/per_document.py (REV's rolegen comes first on PYTHONPATH).

With --cold it times, instead, a cold `rolegen deck` and `rolegen handout` of the bench project (a
process each, as `make bench` times them), COMPARE_COLD_RUNS times (default 12) in turns, and prints
each side's median. With --build it times `rolegen build --force` of the bench project's 40
documents with --jobs 1 and --jobs 2 the same way: what documents share within a build shows there.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ROUNDS = int(os.environ.get("COMPARE_ROUNDS", "3"))
PASSES = 5  # renders of the 40 documents per round; the best pass counts
COLD_RUNS = int(os.environ.get("COMPARE_COLD_RUNS", "12"))

_SIDE = """
import os, sys, tempfile
from pathlib import Path
sys.path.insert(0, {benchmarks!r})
import bench, per_document
from rolegen.cache import BuildCache
from rolegen.inputs.project import Project
temp = tempfile.mkdtemp(prefix="rolegen-compare-")
os.environ["XDG_CACHE_HOME"] = temp + "/cache"
root = Path(temp) / "project"
bench.make_project(root)
(root / "rolegen.toml").touch()
os.chdir(root)
project = Project(root)
outputs = per_document._documents(project)
per_document._render(project, outputs, BuildCache())
best = {{}}
for _ in range({passes}):
    for kind in ("deck", "handout"):
        seconds = per_document._render(project, [o for o in outputs if o.kind == kind], BuildCache())[kind]
        best[kind] = min(best.get(kind, float("inf")), sum(seconds) / len(seconds) * 1000)
print(best["deck"], best["handout"])
"""


def side(src: Path) -> tuple[float, float]:
    """Return the best ms per deck and per handout with the rolegen at src."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    code = _SIDE.format(benchmarks=str(HERE), passes=PASSES)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    deck, handout = (float(v) for v in out.split()[-2:])
    return deck, handout


def cold(sides: dict[str, Path], temp: Path) -> dict[str, list[float]]:
    """Return each side's median ms of a cold `rolegen deck` and `rolegen handout`, taken in turns."""
    one = ["-b", "acme", "-c", "ceo-vs-coo", "-q"]
    suffixes = {"deck": ".pptx", "handout": ".docx"}
    commands = {
        kind: ["-m", "rolegen", kind, *one, "-o", str(temp / f"cold{suffix}")] for kind, suffix in suffixes.items()
    }
    return in_turns(sides, temp, commands)


def builds(sides: dict[str, Path], temp: Path) -> dict[str, list[float]]:
    """Return each side's median ms of `rolegen build --force` with --jobs 1 and --jobs 2, taken in turns."""
    commands = {jobs: ["-m", "rolegen", "-q", "build", "--force", "--jobs", jobs] for jobs in ("1", "2")}
    return in_turns(sides, temp, commands)


def in_turns(sides: dict[str, Path], temp: Path, commands: dict[str, list[str]]) -> dict[str, list[float]]:
    """Return each side's median ms of each command, run COLD_RUNS times in turns in the bench project."""
    sys.path.insert(0, str(HERE))
    import bench

    root = temp / "project"
    bench.make_project(root)
    env = {**os.environ, "XDG_CACHE_HOME": str(temp / "cache")}
    times: dict[tuple[str, str], list[float]] = {(name, kind): [] for name in sides for kind in commands}
    for run in range(COLD_RUNS + 1):  # the first fills the template cache, as a user's first run does
        for kind, args in commands.items():
            for name, src in sides.items():
                start = time.perf_counter()
                subprocess.run([sys.executable, *args], cwd=root, env={**env, "PYTHONPATH": str(src)}, check=True)
                if run:
                    times[name, kind].append((time.perf_counter() - start) * 1000)
    return {name: [statistics.median(times[name, kind]) for kind in commands] for name in sides}


def main(rev: str, cold_runs: bool = False, build_runs: bool = False) -> None:
    with tempfile.TemporaryDirectory(prefix="rolegen-compare-") as temp:
        tree = Path(temp) / "other"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(tree), rev], cwd=REPO, check=True)
        try:
            sides = {rev: tree / "src", "this tree": REPO / "src"}
            for src in sides.values():
                subprocess.run([sys.executable, "-m", "compileall", "-q", str(src / "rolegen")], check=True)
            best: dict[str, list[float]] = {}
            if cold_runs or build_runs:
                best = (builds if build_runs else cold)(sides, Path(temp))
            for _ in range(0 if cold_runs or build_runs else ROUNDS):
                for name, src in sides.items():
                    found = side(src)
                    best[name] = [min(a, b) for a, b in zip(best.get(name, found), found)]
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=REPO, check=False)
    (deck_a, handout_a), (deck_b, handout_b) = best[rev], best["this tree"]
    columns = ("deck", "handout")
    if build_runs:
        print(f"median ms of rolegen build --force of 40 documents over {COLD_RUNS} runs, taken in turns:")
        columns = ("--jobs 1", "--jobs 2")
    elif cold_runs:
        print(f"median ms of a cold rolegen deck and handout over {COLD_RUNS} runs, taken in turns:")
    else:
        print(f"best ms per warm document over {ROUNDS} rounds of {PASSES}, taken in turns:")
    print(f"  {'':<12} {columns[0]:>8} {columns[1]:>8}")
    print(f"  {rev[:12]:<12} {deck_a:8.1f} {handout_a:8.1f}")
    print(f"  {'this tree':<12} {deck_b:8.1f} {handout_b:8.1f}")
    print(f"  {'change':<12} {100 * (deck_b / deck_a - 1):+7.0f}% {100 * (handout_b / handout_a - 1):+7.0f}%")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a not in ("--cold", "--build")]
    if len(args) != 1:
        raise SystemExit(
            "usage: python benchmarks/compare.py [--cold | --build] REV   (a commit to compare this work tree with)"
        )
    main(args[0], cold_runs="--cold" in sys.argv[1:], build_runs="--build" in sys.argv[1:])
