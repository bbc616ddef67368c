"""What a brand costs a build: 40 documents of one brand beside 40 documents of ten brands.

Run by `make bench` after the main table (or alone: python benchmarks/brands.py; BENCH_BRANDS=0 leaves
it out of `make bench`). Both projects build 40 documents with `--jobs 1`: the acme kit with 20
comparisons (deck and handout of each), and ten copies of the acme kit (brand01 .. brand10, each its
own folder, so each is loaded, cleaned, and has its master opened and planned and its reference
prepared) with 2 comparisons. The documents are the same in number and kind; the one-brand build
loads 18 more comparisons (a few milliseconds each), so the difference over nine is what a further
brand costs a build, less that.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench  # noqa: E402  (the measuring and the project the main bench makes)

BRANDS = 10
TABLE = "| date | commit | machine | 1 brand s | 10 brands s | ms per further brand | ms per document |"
HEADER = (
    "\n## Brands (benchmarks/brands.py)\n\n"
    "40 documents, `build --jobs 1`: of one brand (20 comparisons), and of ten copies of that brand "
    "(2 comparisons); what each further brand costs, and the one-brand build's time per document.\n\n"
    + TABLE
    + "\n|"
    + "---|" * 7
    + "\n"
)


def make_projects(temp: Path) -> tuple[Path, Path]:
    """Return a project of one brand and 20 comparisons, and one of ten brands and 2 comparisons."""
    one, ten = temp / "one", temp / "ten"
    bench.make_project(one, comparisons=20)
    bench.make_project(ten, comparisons=2)
    brands = ten / "templates" / "brands"
    for index in range(1, BRANDS + 1):
        shutil.copytree(brands / "acme", brands / f"brand{index:02d}")
    for project in (one, ten):
        kept = ("acme",) if project is one else tuple(f"brand{i:02d}" for i in range(1, BRANDS + 1))
        for folder in (project / "templates" / "brands").iterdir():
            if folder.name not in kept:
                shutil.rmtree(folder)
    return one, ten


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="rolegen-brands-") as temp:
        os.environ["XDG_CACHE_HOME"] = str(Path(temp) / "cache")
        one, ten = make_projects(Path(temp))
        build = bench.ROLEGEN + ["build", "--format", "deck", "--format", "handout", "--lang", "default", "--jobs", "1"]

        def clean():
            for project in (one, ten):
                shutil.rmtree(project / "output", ignore_errors=True)

        rows = bench.measure({"one": (build, one), "ten": (build, ten)}, runs=max(3, bench.RUNS // 2 + 1), setup=clean)
        # Each run cleans both outputs, so the last leaves only the ten brands' build: build the one again to count.
        subprocess.run(build + ["-q"], cwd=one, check=True)
        counts = [len(list((p / "output").rglob("*.pptx")) + list((p / "output").rglob("*.docx"))) for p in (one, ten)]
    if counts != [40, 40]:
        raise SystemExit(f"the builds made {counts[0]} and {counts[1]} documents, not 40 each")
    (one_s, _), (ten_s, _) = rows["one"], rows["ten"]
    per_brand = (ten_s - one_s) / (BRANDS - 1) * 1000
    print(
        f"\n40 documents of 1 brand {one_s:.3f} s, of {BRANDS} brands {ten_s:.3f} s: {per_brand:.0f} ms a further brand"
    )
    cells = [
        dt.date.today().isoformat(),
        bench._commit(),
        f"{bench._cpu()} {platform.machine()} {os.cpu_count()} cores",
    ]
    cells += [f"{one_s:.3f}", f"{ten_s:.3f}", f"{per_brand:.0f}", f"{one_s / 40 * 1000:.0f}"]
    bench.append_row(HERE / "RESULTS.md", TABLE, HEADER, "| " + " | ".join(cells) + " |\n")


if __name__ == "__main__":
    main()
