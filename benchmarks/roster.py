"""1,000 new hires' handouts in one `rolegen build`: the cost of each beside a shared handout's and docxtpl's.

Run by `make bench` after the main table (or alone: python benchmarks/roster.py). Four builds of
handouts of one brand (acme), --jobs 1, each from an empty output/:
  - a roster of 10 and of 1,000 people: the cost of a personal handout is (t1000 - t10) / 990;
  - 1 and 41 comparisons without a roster: the cost of a shared handout is (t41 - t1) / 40.
Targets: a personal handout costs no more than a shared one (ratio <= 1.0), and the peak RSS of the
1,000-person build is within 1.2x of the 10-person one. Beside them: docxtpl rendering the same personal
page (greeting, role, start, manager, the role's responsibilities) into a .docx 1,000 times, warm,
in one process (its cost per document; it makes one page, rolegen the whole handout).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench  # noqa: E402  (the measuring and the project the main bench makes)

PEOPLE = (10, 1_000)
COMPARISONS = 41
RUNS = int(os.environ.get("BENCH_ROSTER_RUNS", "1"))
RATIO_TARGET, MEMORY_TARGET = 1.0, 1.2
TABLE = "| date | machine | 10 people s | 1000 people s | ms/personal | 1 shared s | 41 shared s | ms/shared |"
HEADER = (
    "\n## New hires' handouts (benchmarks/roster.py)\n\n"
    "One `rolegen build -b acme -f handout --jobs 1` of a roster of 10 and of 1,000 people, and of 1 and 41 "
    "comparisons without one: the cost of each further personal and shared handout, their ratio (target "
    "<= 1.0), peak RSS of the two roster builds (target: 1,000 within 1.2x of 10), and docxtpl rendering "
    "the personal page 1,000 times.\n\n"
    + TABLE
    + " ratio | peak MB 10 | peak MB 1000 | RSS ratio | docxtpl ms/doc | targets met |\n|"
    + "---|" * 14
    + "\n"
)
_NAMES = ("Priya Raghunathan", "山田 花子", "محمد الفارسي", "José Núñez", "Ana Lima", "Olusegun Bankole")


def roster(people: int) -> str:
    """Return a CSV roster of that many distinct people, in turn CEOs and COOs."""
    rows = ["name,role,start,manager,email"]
    for index in range(people):
        name = f"{_NAMES[index % len(_NAMES)]} {index}"
        role = "coo" if index % 2 else "ceo"
        rows.append(f"{name},{role},2027-01-{1 + index % 28:02d},Dana Whitfield,person{index}@example.com")
    return "\n".join(rows) + "\n"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="rolegen-roster-") as temp:
        os.environ["XDG_CACHE_HOME"] = str(Path(temp) / "cache")
        build = bench.ROLEGEN + ["build", "-b", "acme", "-f", "handout", "--jobs", "1", "-q"]
        commands = {}
        for people in PEOPLE:
            root = Path(temp) / f"roster{people}"
            bench.make_project(root, comparisons=1)
            (root / "content" / "rosters").mkdir()
            (root / "content" / "rosters" / "new-hires.csv").write_text(roster(people), encoding="utf-8")
            commands[people] = (build, root)
        for comparisons in (1, COMPARISONS):
            root = Path(temp) / f"shared{comparisons}"
            bench.make_project(root, comparisons=comparisons)
            commands[f"shared{comparisons}"] = (build, root)

        rows = {}
        for name, (command, root) in commands.items():
            # Each build from an empty output/, and its handouts counted before the next build starts.
            rows[name] = bench.measure(
                {name: (command, root)}, runs=RUNS, setup=functools.partial(shutil.rmtree, root / "output", True)
            )[name]
        made = len(list((Path(temp) / "roster1000" / "output" / "acme" / "onboarding").glob("*.docx")))
        if made != 1_000:
            raise SystemExit(f"the roster build made {made} handouts, not 1000")
        docxtpl_ms = _docxtpl(Path(temp), 1_000)
    _report(rows, docxtpl_ms)


def _docxtpl(folder: Path, count: int) -> float | None:
    """Return docxtpl's milliseconds per personal page rendered and saved, warm; None when it is not installed."""
    try:
        from docx import Document
        from docxtpl import DocxTemplate
    except ImportError:
        print("docxtpl is not installed (pip install -e '.[bench]'): its column is left empty")
        return None
    template = folder / "welcome.docx"
    page = Document()
    page.add_heading("Welcome, {{ name }}", level=1)
    page.add_paragraph("You join as the {{ title }} ({{ short }}). Your first day is {{ start }}.")
    page.add_paragraph("Your manager is {{ manager }}.")
    page.add_heading("What you will own", level=2)
    page.add_paragraph("{%p for item in responsibilities %}")
    page.add_paragraph("{{ item }}", style="List Bullet")
    page.add_paragraph("{%p endfor %}")
    page.save(str(template))
    responsibilities = [
        f"Responsibility {n}: a line of the role's front matter, as long as a real one." for n in range(5)
    ]
    out = folder / "docxtpl"
    out.mkdir()
    start = time.perf_counter()
    for index in range(count):
        document = DocxTemplate(str(template))
        document.render(
            {
                "name": f"{_NAMES[index % len(_NAMES)]} {index}",
                "title": "Chief Operating Officer",
                "short": "COO",
                "start": "4 January 2027",
                "manager": "Dana Whitfield",
                "responsibilities": responsibilities,
            }
        )
        document.save(str(out / f"{index}.docx"))
    return (time.perf_counter() - start) / count * 1000


def _report(rows: dict, docxtpl_ms: float | None) -> None:
    (t10, peak10), (t1000, peak1000) = rows[10], rows[1_000]
    (s1, _), (s41, _) = rows["shared1"], rows[f"shared{COMPARISONS}"]
    personal = (t1000 - t10) / (1_000 - 10) * 1000
    shared = (s41 - s1) / (COMPARISONS - 1) * 1000
    ratio, memory = personal / shared, peak1000 / peak10
    met = ratio <= RATIO_TARGET and memory <= MEMORY_TARGET
    print(f"personal handout {personal:.1f} ms, shared handout {shared:.1f} ms: ratio {ratio:.2f} (target <= 1.0)")
    print(f"peak RSS 10 people {peak10:.0f} MB, 1000 people {peak1000:.0f} MB: {memory:.2f}x (target <= 1.2)")
    if docxtpl_ms is not None:
        print(f"docxtpl, the personal page alone: {docxtpl_ms:.1f} ms per document")
    cells = [dt.date.today().isoformat(), f"{bench._cpu()} {platform.machine()} {os.cpu_count()} cores"]
    cells += [f"{t10:.2f}", f"{t1000:.2f}", f"{personal:.1f}", f"{s1:.2f}", f"{s41:.2f}", f"{shared:.1f}"]
    cells += [f"{ratio:.2f}", f"{peak10:.0f}", f"{peak1000:.0f}", f"{memory:.2f}"]
    cells += [f"{docxtpl_ms:.1f}" if docxtpl_ms is not None else "", "yes" if met else "no"]
    bench.append_row(HERE / "RESULTS.md", TABLE, HEADER, "| " + " | ".join(cells) + " |\n")


if __name__ == "__main__":
    main()
