"""The bare scripts run again and again in one warm process: what python-pptx and python-docx
alone cost per document once imported, the floor under any build of many documents.

Prints the median seconds per deck and per handout, on one line: `bare_warm.py LOGO [RUNS]`.
"""

import runpy
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def per_document(script: str, out: Path, logo: str, runs: int) -> float:
    sys.argv = [script, str(out), logo]
    runpy.run_path(str(HERE / script))  # the first run imports and warms up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        runpy.run_path(str(HERE / script))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


if __name__ == "__main__":
    logo, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10
    sys.path.insert(0, str(HERE))
    with tempfile.TemporaryDirectory() as temp:
        deck = per_document("bare_pptx.py", Path(temp) / "b.pptx", logo, runs)
        handout = per_document("bare_docx.py", Path(temp) / "b.docx", logo, runs)
    print(f"{deck:.4f} {handout:.4f}")
