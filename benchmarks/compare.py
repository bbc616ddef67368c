"""A warm document's cost at another commit beside this work tree's: `python benchmarks/compare.py REV`.

On a shared or virtual machine one run of the profile can be a third slower than the next; what
a change saved shows only in the best of many rounds, taken in turns. This checks REV out in a
temporary worktree and, ROUNDS times (default 3), runs each side in a process of its own: it builds
the bench project (40 documents) once, then renders every deck and every handout five times with a
new build cache each time (a brand's first document left out, as in per_document.py). It prints
each side's best mean ms per deck and per handout, and the change. Both sides are driven by this
tree's benchmarks/per_document.py (REV's rolegen comes first on PYTHONPATH).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ROUNDS = int(os.environ.get("COMPARE_ROUNDS", "3"))
PASSES = 5  # renders of the 40 documents per round; the best pass counts

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


def main(rev: str) -> None:
    with tempfile.TemporaryDirectory(prefix="rolegen-compare-") as temp:
        tree = Path(temp) / "other"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(tree), rev], cwd=REPO, check=True)
        try:
            sides = {rev: tree / "src", "this tree": REPO / "src"}
            for src in sides.values():
                subprocess.run([sys.executable, "-m", "compileall", "-q", str(src / "rolegen")], check=True)
            best: dict[str, list[float]] = {}
            for _ in range(ROUNDS):
                for name, src in sides.items():
                    found = side(src)
                    best[name] = [min(a, b) for a, b in zip(best.get(name, found), found)]
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=REPO, check=False)
    (deck_a, handout_a), (deck_b, handout_b) = best[rev], best["this tree"]
    print(f"best ms per warm document over {ROUNDS} rounds of {PASSES}, taken in turns:")
    print(f"  {'':<12} {'deck':>8} {'handout':>8}")
    print(f"  {rev[:12]:<12} {deck_a:8.1f} {handout_a:8.1f}")
    print(f"  {'this tree':<12} {deck_b:8.1f} {handout_b:8.1f}")
    print(f"  {'change':<12} {100 * (deck_b / deck_a - 1):+7.0f}% {100 * (handout_b / handout_a - 1):+7.0f}%")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python benchmarks/compare.py REV   (a commit to compare this work tree with)")
    main(sys.argv[1])
