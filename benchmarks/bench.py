"""rolegen side by side with bare python-pptx/python-docx scripts and pandoc, in one run.

Builds a temporary project of synthetic brands and comparisons, measures medians of
wall time and peak memory, prints a table and the target ratios, and appends a dated
row to benchmarks/RESULTS.md.  Run with `make bench`; `bench.py --profile` prints only the
per-document profile (benchmarks/per_document.py), which `make bench` prints last.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
ROLEGEN = [str(BIN / "rolegen")]
PYTHON = [sys.executable]
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
# What rolegen imports for any document besides python-pptx or python-docx (the design's choices).
_LIBRARIES = "click, jinja2, markdown_it, mdit_py_plugins.container, mdit_py_plugins.front_matter, yaml, PIL.Image"
# What `rolegen deck` and `rolegen handout` load before they read a file: its libraries and its own code.
_OWN_CODE = "rolegen.cli.app, rolegen.build.documents"
COMPARISONS = 10  # 2 brands (acme, globex) x 10 comparisons x (deck + handout) = 40 documents
MANY = 75  # the same, with 75 comparisons: 300 documents, to show the cost per document does not grow
LARGE = f"rolegen build {4 * MANY} docs --jobs 1"
_SPIN_ONE, _SPIN_TWO = "a CPU-bound Python process", "two of them at once"


def measure(
    commands: dict[str, tuple[list[str], Path]], runs: int = RUNS, setup=None
) -> dict[str, tuple[float, float]]:
    """Return each command's median wall time (s) and largest peak RSS (MB) over runs.

    The commands take turns within each run, so what a ratio compares was measured under the
    same load: a machine that slows down part way through slows both sides of it.
    """
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (command, cwd) in commands.items():
            if setup:
                setup()
            start = time.perf_counter()
            process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            _, status, usage = os.wait4(process.pid, 0)
            times[name].append(time.perf_counter() - start)
            if os.waitstatus_to_exitcode(status) != 0:
                raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()}")
            peaks[name].append(usage.ru_maxrss / 1024)
    return {name: (statistics.median(times[name]), max(peaks[name])) for name in commands}


def make_project(root: Path, comparisons: int = COMPARISONS) -> None:
    """Copy the sample project (its two brands) and add synthetic comparisons (comparisons in all)."""
    shutil.copytree(REPO / "content", root / "content", ignore=shutil.ignore_patterns("de-DE"))
    shutil.copytree(REPO / "templates", root / "templates")
    roles = (root / "content" / "roles").glob("*.md")
    base = {p.stem: p.read_text() for p in roles}
    comparison = (root / "content" / "comparisons" / "ceo-vs-coo.yaml").read_text()
    for index in range(1, comparisons):
        for role_id, text in base.items():
            (root / "content" / "roles" / f"{role_id}{index}.md").write_text(
                text.replace("title: Chief", f"title: Chief {index}")
            )
        (root / "content" / "comparisons" / f"pair{index}.yaml").write_text(
            comparison.replace("ceo", f"ceo{index}")
            .replace("coo", f"coo{index}")
            .replace("title: CEO vs COO", f"title: Pair {index}")
        )


def main() -> None:
    _compile_rolegen()
    if "--profile" in sys.argv[1:]:
        import per_document  # one warm document, stage by stage: where its milliseconds go

        per_document.main()
        return
    pandoc = _pandoc()
    with tempfile.TemporaryDirectory(prefix="rolegen-bench-") as temp:
        # rolegen keeps compiled templates in the user's cache; the bench keeps its own, which
        # the first run fills, as a user's first run does.
        os.environ["XDG_CACHE_HOME"] = str(Path(temp) / "cache")
        root = Path(temp) / "project"
        make_project(root)
        logo = str(root / "templates/brands/acme/logo.png")
        out = Path(temp)
        rows: dict[str, tuple[float, float]] = {}
        quick = {"rolegen --help": (ROLEGEN + ["--help"], root)}
        if subprocess.run(ROLEGEN + ["validate", "--help"], capture_output=True).returncode == 0:
            quick["rolegen validate"] = (ROLEGEN + ["validate"], root)
        rows.update(measure(quick))
        one = ["-b", "acme", "-c", "ceo-vs-coo"]
        # Two builds of the 17-slide deck, for rolegen diff to read both (equal, so it exits 0).
        for name in ("d1.pptx", "d2.pptx"):
            subprocess.run(ROLEGEN + ["deck", *one, "-q", "-o", str(out / name)], cwd=root, check=True)
        rows.update(
            measure(
                {
                    "rolegen deck (cold)": (ROLEGEN + ["deck", *one, "-o", str(out / "r.pptx")], root),
                    "rolegen diff, two 17-slide decks (cold)": (
                        ROLEGEN + ["diff", str(out / "d1.pptx"), str(out / "d2.pptx")],
                        root,
                    ),
                    "bare python-pptx script": (PYTHON + [str(HERE / "bare_pptx.py"), str(out / "b.pptx"), logo], HERE),
                    "import rolegen's libraries (deck)": (PYTHON + ["-c", f"import {_LIBRARIES}, pptx"], HERE),
                    "import rolegen itself (deck)": (PYTHON + ["-c", f"import {_OWN_CODE}, rolegen.render.pptx"], HERE),
                    "import the bare script's libraries": (PYTHON + ["-c", "import pptx, PIL.Image"], HERE),
                }
            )
        )
        rows.update(
            measure(
                {
                    "rolegen handout (cold)": (ROLEGEN + ["handout", *one, "-o", str(out / "r.docx")], root),
                    "bare python-docx script": (PYTHON + [str(HERE / "bare_docx.py"), str(out / "b.docx"), logo], HERE),
                    "import rolegen's libraries (handout)": (PYTHON + ["-c", f"import {_LIBRARIES}, docx"], HERE),
                    "import rolegen itself (handout)": (
                        PYTHON + ["-c", f"import {_OWN_CODE}, rolegen.render.docx"],
                        HERE,
                    ),
                    "import python-docx": (PYTHON + ["-c", "import docx"], HERE),
                }
            )
        )
        warm = subprocess.run(PYTHON + [str(HERE / "bare_warm.py"), logo], capture_output=True, text=True, check=True)
        deck_warm, handout_warm = (float(v) for v in warm.stdout.split())
        rows["bare python-pptx, warm, per deck"] = (deck_warm, 0.0)
        rows["bare python-docx, warm, per handout"] = (handout_warm, 0.0)

        documents = _markdown_for_pandoc(root, out)
        if pandoc:
            script = out / "pandoc40.sh"
            script.write_text(
                "set -e\n"
                + "".join(
                    f"{pandoc} {deck} -o {out / 'p.pptx'}\n{pandoc} {handout} -o {out / 'p.docx'}\n"
                    for deck, handout in documents
                )
            )
            rows.update(
                measure(
                    {
                        "pandoc md->pptx (1 doc)": ([pandoc, str(documents[0][0]), "-o", str(out / "p.pptx")], root),
                        "pandoc md->docx (1 doc)": ([pandoc, str(documents[0][1]), "-o", str(out / "p.docx")], root),
                    }
                )
            )

        clean = lambda: shutil.rmtree(root / "output", ignore_errors=True)  # noqa: E731
        # Decks and handouts of the main language only: the same 40 documents pandoc converts.
        build = ROLEGEN + ["build", "--format", "deck", "--format", "handout", "--lang", "default"]
        builds = {"pandoc, 40 docs (1 process each)": (["bash", str(script)], root)} if pandoc else {}
        # The last of each run builds: the no-op build below finds every output current.
        builds["rolegen build 40 docs --jobs 1"] = (build + ["--jobs", "1"], root)
        builds["rolegen build 40 docs --jobs 2"] = (build + ["--jobs", "2"], root)
        rows.update(measure(builds, runs=max(3, RUNS // 2 + 1), setup=clean))
        # What two processes at once gain on this machine at best: pure Python, no files, no memory.
        spin = shlex.join(PYTHON + ["-c", "sum(i * i for i in range(6_000_000))"])
        rows.update(
            measure(
                {
                    _SPIN_ONE: (["bash", "-c", spin], root),
                    _SPIN_TWO: (["bash", "-c", f"{spin} & {spin} & wait"], root),
                }
            )
        )
        rows.update(measure({"rolegen build 40 docs, no-op": (build, root)}))
        # The same without the stamp the last no-op build left (build/current.py): the first no-op
        # build after any change, which reads the manifest, the inputs and the outputs.
        stamps = Path(os.environ["XDG_CACHE_HOME"]) / "rolegen" / "current"
        forget = lambda: shutil.rmtree(stamps, ignore_errors=True)  # noqa: E731
        rows.update(measure({"rolegen build 40 docs, no-op, no stamp": (build, root)}, setup=forget))
        outputs = sorted((root / "output").rglob("*.pptx")) + sorted((root / "output").rglob("*.docx"))
        # One process for all of them: memory that grew with the work would show here, not at 40.
        many = Path(temp) / "many"
        make_project(many, MANY)
        many_clean = lambda: shutil.rmtree(many / "output", ignore_errors=True)  # noqa: E731
        rows.update(measure({LARGE: (build + ["--jobs", "1"], many)}, runs=3, setup=many_clean))
        built_many = len(list((many / "output").rglob("*.pptx"))) + len(list((many / "output").rglob("*.docx")))
    if built_many != 4 * MANY:
        raise SystemExit(f"the large build made {built_many} documents, not {4 * MANY}")
    _report(rows, len(outputs))
    if os.environ.get("BENCH_LONG", "1") != "0":
        import long_body  # the long-body row: minutes of its own (BENCH_LONG=0 leaves it out)

        long_body.main()
    if os.environ.get("BENCH_ROSTER", "1") != "0":
        import roster  # 1,000 new hires' handouts beside shared ones and docxtpl (BENCH_ROSTER=0 leaves it out)

        roster.main()
    if os.environ.get("BENCH_BRANDS", "1") != "0":
        import brands  # 40 documents of one brand beside 40 of ten (BENCH_BRANDS=0 leaves it out)

        brands.main()
    if os.environ.get("BENCH_PROFILE", "1") != "0":
        import per_document  # the per-document profile, as `bench.py --profile` prints it (BENCH_PROFILE=0 leaves it out)

        print()
        per_document.main()


def _compile_rolegen() -> None:
    """Byte-compile the (editable) rolegen package once, as pip did for python-pptx.

    Without it, a machine with PYTHONDONTWRITEBYTECODE set recompiles rolegen's source
    on every run and the cold figures time the compiler, not rolegen.
    """
    found = subprocess.run(
        PYTHON + ["-c", "import rolegen, os; print(os.path.dirname(rolegen.__file__))"],
        capture_output=True,
        text=True,
        check=True,
    )
    subprocess.run(PYTHON + ["-m", "compileall", "-q", found.stdout.strip()], check=True)


def _pandoc() -> str | None:
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        return shutil.which("pandoc")


def _markdown_for_pandoc(root: Path, out: Path) -> list[tuple[Path, Path]]:
    """Write the intermediate Markdown of every document, as pandoc's input."""
    pairs = []
    comparisons = sorted(p.stem for p in (root / "content" / "comparisons").glob("*.yaml"))
    brands = sorted(p.name for p in (root / "templates" / "brands").iterdir())
    for brand in brands:
        for comparison in comparisons:
            files = []
            for kind in ("deck", "handout"):
                text = subprocess.run(
                    ROLEGEN + ["render", "--to", "md", "-b", brand, "-c", comparison, "-f", kind],
                    cwd=root,
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                path = out / f"{brand}-{comparison}-{kind}.md"
                path.write_text(text)
                files.append(path)
            pairs.append((files[0], files[1]))
    return pairs


def _report(rows: dict[str, tuple[float, float]], built: int) -> None:
    width = max(len(k) for k in rows)
    print(f"{'measure':<{width}}  {'median s':>9}  {'peak MB':>8}")
    for name, (seconds, peak) in rows.items():
        print(f"{name:<{width}}  {seconds:9.3f}  {peak:8.1f}")
    get = functools.partial(_seconds, rows)
    pandoc_one = (get("pandoc md->pptx (1 doc)") + get("pandoc md->docx (1 doc)")) / 2
    bound = _bound(get)
    targets = [
        ("cold deck / its bound", get("rolegen deck (cold)") / bound["deck"], "<=", 1.2),
        ("cold handout / its bound", get("rolegen handout (cold)") / bound["handout"], "<=", 1.2),
        (
            "pandoc 40 docs / build --jobs 1",
            get("pandoc, 40 docs (1 process each)") / get("rolegen build 40 docs --jobs 1"),
            ">=",
            2.5,
        ),
        (
            "build --jobs 1 / --jobs 2",
            get("rolegen build 40 docs --jobs 1") / get("rolegen build 40 docs --jobs 2"),
            ">=",
            1.7,
        ),
        ("no-op build / one pandoc conversion", get("rolegen build 40 docs, no-op") / pandoc_one, "<", 0.5),
        (
            "peak MB of a 40-document build",
            max(rows["rolegen build 40 docs --jobs 1"][1], rows["rolegen build 40 docs --jobs 2"][1]),
            "<",
            150.0,
        ),
        (
            f"per document, {4 * MANY}-doc / 40-doc build",
            (get(LARGE) / (4 * MANY)) / (get("rolegen build 40 docs --jobs 1") / 40),
            "<=",
            1.0,
        ),
        (f"peak MB of a {4 * MANY}-document build", rows[LARGE][1], "<=", 100.0),
    ]
    print(f"\n{built} documents built; targets (ratios from this run):")
    verdicts = []
    for name, value, op, limit in targets:
        ok = {"<=": value <= limit, ">=": value >= limit, "<": value < limit}[op]
        verdicts.append(ok)
        print(f"  {name:<38} {value:7.2f}  target {op} {limit:<5}  {'met' if ok else 'MISSED'}")
    bare40 = COMPARISONS * 2 * (get("bare python-pptx, warm, per deck") + get("bare python-docx, warm, per handout"))
    best40 = get("pandoc, 40 docs (1 process each)") / bare40
    print(f"  {'(pandoc 40 docs / the bare scripts warm)':<38} {best40:7.2f}  drawing through the object APIs, warm")
    ceiling = 2 * get(_SPIN_ONE) / get(_SPIN_TWO)
    print(f"  {'(two processes at once, at best)':<38} {ceiling:7.2f}  what --jobs 2 could gain here over --jobs 1")
    unstamped = get("rolegen build 40 docs, no-op, no stamp") / pandoc_one
    print(f"  {'(no-op build with no stamp / pandoc)':<38} {unstamped:7.2f}  the first no-op build after a change")
    _append(get, pandoc_one, bound, targets, verdicts, best40)


# The bound of a cold run (#28): the bare script's drawing plus importing the libraries rolegen needs.
def _bound(get) -> dict[str, float]:
    """Print and return the fastest a cold `rolegen deck` and `rolegen handout` could be, in seconds.

    A cold run pays at least its libraries' imports (Click, Jinja2, markdown-it-py, PyYAML, Pillow
    and the Office library) plus the drawing the bare script does; rolegen's own import cost is
    over the bound, so it is printed beside it.
    """
    print("\nbounds (the best a cold run could do on these libraries, from this run):")
    bound = {}
    for kind, bare, imports, floor, itself in (
        (
            "deck",
            "bare python-pptx script",
            "import the bare script's libraries",
            "import rolegen's libraries (deck)",
            "import rolegen itself (deck)",
        ),
        (
            "handout",
            "bare python-docx script",
            "import python-docx",
            "import rolegen's libraries (handout)",
            "import rolegen itself (handout)",
        ),
    ):
        drawing = get(bare) - get(imports)
        bound[kind] = get(floor) + drawing
        print(
            f"  {f'cold {kind}, at best':<38} {bound[kind]:7.3f} s"
            f"  (imports {get(floor):.3f} s + the bare drawing {drawing:.3f} s;"
            f" rolegen's code and libraries import in {get(itself):.3f} s)"
        )
    return bound


def _seconds(rows: dict[str, tuple[float, float]], name: str) -> float:
    """Return a measure's median seconds; NaN when it was not measured (no pandoc, say)."""
    return rows.get(name, (float("nan"), 0))[0]


_TABLE = (
    "| date | commit | machine | deck s | deck bound s | handout s | handout bound s | pandoc 1 doc s | "
    "build40 j1 s | build40 j2 s | no-op s | build300 j1 s | "
    "deck/bound | handout/bound | pandoc40/j1 | j1/j2 | no-op/pandoc | peak40 MB | per-doc 300/40 | peak300 MB | "
    "best pandoc40/j1 | targets met |\n"
)


def _append(get, pandoc_one: float, bound, targets, verdicts, best40: float) -> None:
    results = HERE / "RESULTS.md"
    header = (
        "\nFrom #28 on (the cold bound, 300 documents, the commit measured):\n\n" + _TABLE + "|" + "---|" * 22 + "\n"
    )
    cells = [dt.date.today().isoformat(), _commit(), f"{_cpu()} {platform.machine()} {os.cpu_count()} cores"]
    cells += [f"{get('rolegen deck (cold)'):.3f}", f"{bound['deck']:.3f}"]
    cells += [f"{get('rolegen handout (cold)'):.3f}", f"{bound['handout']:.3f}", f"{pandoc_one:.3f}"]
    cells += [
        f"{get(k):.3f}"
        for k in ("rolegen build 40 docs --jobs 1", "rolegen build 40 docs --jobs 2", "rolegen build 40 docs, no-op")
    ]
    cells += [f"{get(LARGE):.3f}"]
    cells += [f"{value:.0f}" if "MB" in name else f"{value:.2f}" for name, value, _, _ in targets]
    cells += [f"{best40:.2f}", f"{sum(verdicts)}/{len(verdicts)}"]
    append_row(results, _TABLE.split(" | deck s")[0], header, "| " + " | ".join(cells) + " |\n")


def _commit() -> str:
    """Return the commit measured, marked when the work tree differs from it."""

    def git(*args):
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "?"
    return commit + ("+changes" if git("status", "--porcelain", "--untracked-files=no", "src") else "")


def append_row(results: Path, table: str, header: str, row: str) -> None:
    """Add a row at the end of the table whose header starts with table (made, after header, when missing).

    RESULTS.md holds more than one table (the long-body one follows the main one), so a row goes
    under its own table's last row, not at the end of the file.
    """
    lines = results.read_text(encoding="utf-8").splitlines(keepends=True) if results.exists() else []
    start = next((i for i, line in enumerate(lines) if line.startswith(table)), None)
    if start is None:
        lines += [header, row]
    else:
        end = start
        while end + 1 < len(lines) and lines[end + 1].startswith("|"):
            end += 1
        lines.insert(end + 1, row)
    results.write_text("".join(lines), encoding="utf-8")
    print(f"\nappended to {results.relative_to(REPO)}")


def _cpu() -> str:
    """Return the processor's model name, so rows from different machines are not compared as equals."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor()


if __name__ == "__main__":
    main()
