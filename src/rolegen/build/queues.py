"""The queues of a parallel build's workers: a queue each, whose end moves to a worker that runs dry."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rolegen.build.plan import Output
    from rolegen.build.workers import Rendered

# A worker's first document of a brand also sets the brand up (its kit, and its master or
# reference planned): in the bench's build it took 2-3 times a further one (handouts 39 ms
# against 15, decks 76-114 ms against 38).
_FIRST_OF_A_BRAND = 2.5


class Queues:
    """The documents of a parallel build, a queue for each worker; one whose queue runs dry takes
    documents still waiting at the end of another's, when that ends the build sooner.

    Cut up before they start, the queues come out even only in the cost of what they hold: a
    brand's first documents cost more in one run than in another, and on a shared machine one core
    may run slower than the other all build long.
    """

    def __init__(self, pools: list, runs: list[list[Output]], draw: Callable, *args):
        """pools are the workers' executors, runs the documents queued for each; each document is
        drawn as draw(*args, task)."""
        self.pools, self.draw, self.args = pools, draw, args
        self.task: dict = {}  # future -> the document it draws
        self.owner: dict = {}  # future -> the index of the worker it is queued for
        self.brands = [{task.brand for task in run} for run in runs]  # what each worker sets up anyway
        self.seconds: list[dict[str, list[float]]] = [{} for _ in pools]  # each worker's documents, by kind
        for index, run in enumerate(runs):
            for task in run:
                self._queue(index, task)

    def results(self):
        """Yield (task, Rendered) as the workers finish them, moving waiting ones to idle workers."""
        from concurrent.futures import FIRST_COMPLETED, wait

        waiting = set(self.task)
        while waiting:
            done, waiting = wait(waiting, return_when=FIRST_COMPLETED)
            for future in done:
                yield self.finished(future)
            for taken, future in self.take_over():
                waiting.discard(taken)
                waiting.add(future)

    def finished(self, future) -> tuple[Output, Rendered]:
        """Return a finished future's task and what it rendered, and count how long it took."""
        rendered = future.result()
        if rendered.error is None:
            self.seconds[self.owner[future]].setdefault(self.task[future].kind, []).append(rendered.seconds)
        return self.task[future], rendered

    def take_over(self) -> list[tuple]:
        """Give each worker left with at most the document it draws the last one waiting in another's
        queue, when the other would still be busy as long as this one takes to draw it.

        Return (the future taken, the new one) for each document moved.
        """
        moved = []
        for thief in range(len(self.pools)):
            if len(self._unfinished(thief)) > 1:
                continue
            best = None
            for donor in range(len(self.pools)):
                if donor == thief:
                    continue
                waiting = [f for f in self._unfinished(donor) if not f.running()]
                if not waiting:
                    continue
                task = self.task[waiting[-1]]
                costs = [self._cost(donor, self.task[f]) for f in self._unfinished(donor)]
                mine, theirs = self._cost(thief, task), self._cost(donor, task)
                if None in costs or mine is None or theirs is None:
                    continue  # nothing drawn yet to tell the costs by
                left = sum(costs)
                if left - theirs >= mine and (best is None or left > best[0]):
                    best = (left, waiting[-1])
            if best is not None and best[1].cancel():  # not cancelled: it started meanwhile
                taken = best[1]
                task = self.task.pop(taken)
                del self.owner[taken]
                self.brands[thief].add(task.brand)
                moved.append((taken, self._queue(thief, task)))
        return moved

    def _queue(self, index: int, task: Output):
        future = self.pools[index].submit(self.draw, *self.args, task)
        self.task[future], self.owner[future] = task, index
        return future

    def _unfinished(self, index: int) -> list:
        return [f for f, owner in self.owner.items() if owner == index and not f.done()]

    def _cost(self, index: int, task: Output) -> float | None:
        """Return about how long a worker takes to draw a document (None: no document of its kind drawn yet)."""
        drawn = self.seconds[index].get(task.kind) or [s for kinds in self.seconds for s in kinds.get(task.kind, ())]
        if not drawn:
            return None
        median = sorted(drawn)[len(drawn) // 2]
        return median if task.brand in self.brands[index] else median * _FIRST_OF_A_BRAND
