"""A deck from one role whose body runs to 5,000 .. 50,000 paragraphs: time per paragraph stays flat.

Run by `make bench` after the main table (or alone: python benchmarks/long_body.py). The body of
the sample CEO role is replaced by N one-line paragraphs (50,000 of them are about 690 KB, under the
1 MB limit of a role file); the deck breaks it into N/10 slides. The target: the time per paragraph
at the largest body is within 1.5x of the smallest's, and each run's peak RSS is shown beside it.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench  # noqa: E402  (the measuring and the project the main bench makes)

SIZES = (5_000, 10_000, 20_000, 50_000)
RUNS = int(os.environ.get("BENCH_LONG_RUNS", "1"))  # the four decks take minutes: one run each unless asked
SPREAD_TARGET = 1.5
TABLE = "| date | machine | 5k s | 10k s | 20k s | 50k s | ms/para 5k | ms/para 10k | ms/para 20k | ms/para 50k |"
HEADER = (
    "\n## Long role bodies (benchmarks/long_body.py)\n\n"
    "A deck of one role whose body is N one-line paragraphs: seconds, milliseconds per paragraph, the spread "
    "(largest over smallest per paragraph, target <= 1.5) and the largest peak RSS.\n\n"
    + TABLE
    + " spread | peak MB 50k | target met |\n|"
    + "---|" * 13
    + "\n"
)


def long_role(text: str, paragraphs: int) -> str:
    """Return a role file with its body replaced by that many one-line paragraphs."""
    front = text.split("\n---\n", 1)[0] + "\n---\n"
    return front + "\n\n".join(f"Point {index}." for index in range(paragraphs)) + "\n"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="rolegen-long-") as temp:
        os.environ["XDG_CACHE_HOME"] = str(Path(temp) / "cache")
        root = Path(temp) / "project"
        bench.make_project(root, comparisons=1)
        role = root / "content" / "roles" / "ceo.md"
        original = role.read_text(encoding="utf-8")
        rows = {}
        for size in SIZES:
            role.write_text(long_role(original, size), encoding="utf-8")
            command = bench.ROLEGEN + ["deck", "-b", "acme", "-c", "ceo-vs-coo", "-q", "-o", str(Path(temp) / "d.pptx")]
            rows[size] = bench.measure({size: (command, root)}, runs=RUNS)[size]
    _report(rows)


def _report(rows: dict[int, tuple[float, float]]) -> None:
    per = {size: seconds / size * 1000 for size, (seconds, _) in rows.items()}
    spread = max(per.values()) / min(per.values())
    print(f"{'paragraphs':>10}  {'seconds':>8}  {'ms/para':>8}  {'peak MB':>8}")
    for size, (seconds, peak) in rows.items():
        print(f"{size:>10,}  {seconds:8.2f}  {per[size]:8.3f}  {peak:8.0f}")
    met = spread <= SPREAD_TARGET
    print(f"spread of ms/paragraph {spread:.2f}, target <= {SPREAD_TARGET}: {'met' if met else 'MISSED'}")
    cells = [dt.date.today().isoformat(), f"{bench._cpu()} {platform.machine()} {os.cpu_count()} cores"]
    cells += [f"{rows[size][0]:.2f}" for size in SIZES] + [f"{per[size]:.3f}" for size in SIZES]
    cells += [f"{spread:.2f}", f"{max(peak for _, peak in rows.values()):.0f}", "yes" if met else "no"]
    bench.append_row(HERE / "RESULTS.md", TABLE, HEADER, "| " + " | ".join(cells) + " |\n")


if __name__ == "__main__":
    main()
