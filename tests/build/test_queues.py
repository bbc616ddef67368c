"""A parallel build's workers each start with a queue of their own; one whose queue runs dry takes the
documents still waiting at the end of another's, when that ends the build sooner, and not otherwise."""

from __future__ import annotations

import json
import multiprocessing
import subprocess
import sys
import textwrap
from concurrent.futures import Future

import pytest

import patched_build

from rolegen.build.plan import Output
from rolegen.build.queues import Queues
from rolegen.build.workers import Rendered

# A parallel build whose two workers get a brand each, one brand's documents 20 times slower to
# draw than the other's (a slow core, a heavy master): who drew each document, and when it ended.
UNEVEN = textwrap.dedent(
    """
    import json, os, time

    from patched_build import render_all
    from rolegen.build import workers
    from rolegen.build.plan import Output


    def drawn(root, task, cache=None):
        started = time.perf_counter()
        time.sleep(0.4 if task.brand == "slow" else 0.02)
        return workers.Rendered(f"{os.getpid()} {time.time()}".encode(), time.perf_counter() - started)


    if __name__ == "__main__":
        tasks = [
            Output(brand, f"c{n}", kind) for brand in ("fast", "slow") for n in range(3) for kind in ("deck", "handout")
        ]
        results, _ = render_all(tasks, drawn)
        print(json.dumps([[t.brand, t.comparison, t.kind, *r.data.decode().split()] for t, r in results.items()]))
    """
)


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="the script patches the workers it forks")
def test_a_worker_whose_queue_runs_dry_draws_what_waits_in_the_other(tmp_path):
    script = tmp_path / "uneven.py"
    script.write_text(UNEVEN, encoding="utf-8")

    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=60, cwd=tmp_path, env=patched_build.ENV
    )

    assert result.returncode == 0, result.stderr
    drawn = json.loads(result.stdout)
    assert sorted((brand, comparison, kind) for brand, comparison, kind, *_ in drawn) == sorted(
        (brand, f"c{n}", kind) for brand in ("fast", "slow") for n in range(3) for kind in ("deck", "handout")
    )  # each document once, none lost or drawn twice
    fast = {pid for brand, *_, pid, _ in drawn if brand == "fast"}
    slow_ends = sorted(float(end) for brand, *_, end in drawn if brand == "slow")
    fast_end = max(float(end) for brand, *_, end in drawn if brand == "fast")
    if len(fast) != 1 or fast_end > slow_ends[1]:
        pytest.skip("the machine was too busy for the fast brand's worker to run dry first")
    slow = {pid for brand, *_, pid, _ in drawn if brand == "slow"}
    assert fast < slow  # the fast brand's worker drew slow documents too
    assert len(slow) == 2


class _Pool:
    """A worker that draws nothing: the test says what it has started and finished."""

    def __init__(self):
        self.queued: list[tuple[Output, Future]] = []

    def submit(self, function, root, task):
        future = Future()
        self.queued.append((task, future))
        return future


def _queues(mine: int, theirs: int) -> tuple[Queues, list[_Pool]]:
    """Two workers of a brand each, mine handouts for the first and theirs for the second; every
    handout of the first finished in 0.1 s, and the second's first finished and its next started."""
    pools = [_Pool(), _Pool()]
    runs = [
        [Output("acme", f"c{n}", "handout") for n in range(mine)],
        [Output("globex", f"c{n}", "handout") for n in range(theirs)],
    ]
    queues = Queues(pools, runs, print, "/nowhere")
    finished = [future for _, future in pools[0].queued] + [pools[1].queued[0][1]]
    for future in finished:
        future.set_running_or_notify_cancel()
        future.set_result(Rendered(b"", 0.1))
        queues.finished(future)
    pools[1].queued[1][1].set_running_or_notify_cancel()
    return queues, pools


def test_an_idle_worker_takes_the_last_waiting_document_of_a_long_queue():
    queues, pools = _queues(2, 8)
    last = pools[1].queued[-1][1]

    moved = queues.take_over()

    # Its brand is new to the idle worker (2.5 times a handout: 0.25 s), and the other has 0.6 s left.
    assert [taken for taken, _ in moved] == [last] and last.cancelled()
    assert [(task.brand, task.comparison) for task, _ in pools[0].queued[2:]] == [("globex", "c7")]


def test_an_idle_worker_leaves_a_short_queue_alone():
    # The other worker has 0.2 s left, of which the waiting handout is 0.1 s: less than the 0.25 s
    # the idle worker would take over it, setting up its brand as well.
    queues, pools = _queues(2, 3)

    assert queues.take_over() == []
    assert not pools[1].queued[-1][1].cancelled() and len(pools[0].queued) == 2


def test_a_started_document_stays_with_its_worker():
    queues, pools = _queues(2, 8)
    for _, future in pools[1].queued[2:]:
        future.set_running_or_notify_cancel()

    assert queues.take_over() == []
