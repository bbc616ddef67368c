"""Render a build's decks and handouts: in this process, or in a pool of workers that die with their parent."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Protocol

from rolegen.build.plan import Output
from rolegen.build.queues import Queues
from rolegen.cache import BOUNDS, BuildCache
from rolegen.build.collector import loading
from rolegen.errors import RolegenError
from rolegen.inputs.project import Project

if TYPE_CHECKING:
    from rolegen.build.pack import PackInfo


class BuildError(RolegenError):
    """Some outputs failed to render; nothing was written."""

    def __init__(self, messages: list[str]):
        self.messages = tuple(messages)
        more = f" (and {len(messages) - 1} more errors; nothing was written)" if len(messages) > 1 else ""
        super().__init__(messages[0] + more)

    def show(self, file=None) -> None:
        """Print every error on a line of its own, so one run shows everything to fix."""
        import click

        for message in self.messages:
            click.echo(f"Error: {message}", err=True)
        if len(self.messages) > 1:
            click.echo(f"Error: {len(self.messages)} errors; nothing was written", err=True)


class Progress(Protocol):
    """Something that shows how far a build has got."""

    def start(self, total: int) -> None: ...

    def step(self, label: str) -> None: ...


class Silent:
    """The progress of a build that shows none: one run for its results alone (a review, a test)."""

    def start(self, total: int) -> None:
        pass

    def step(self, label: str) -> None:
        pass


@dataclass(frozen=True)
class Rendered:
    """One deck or handout a worker rendered, or the error it met."""

    data: bytes = b""
    seconds: float = 0.0
    warnings: tuple[str, ...] = ()
    error: str | None = None
    # What the README of the document's pack says: known where it was drawn, so a build's parent
    # process never loads the comparison again (none for a new hire's handout, which no pack holds).
    info: PackInfo | None = None


# A worker process's cache: the pool lives for one build, so each worker's cache does too.
_WORKER_CACHE: list[BuildCache] = []


def _render_one(root: str, output: Output, cache: BuildCache | None = None) -> Rendered:
    """Render one deck or handout; run in a worker process, so it returns errors rather than raising them.

    cache is the build's (in a worker process: the worker's, made when the pool started it).
    """
    # Imported here so that a build with nothing to do never loads python-pptx or python-docx.
    with loading():
        from rolegen.build import documents

    clock = time.perf_counter()
    try:
        project = output.project(Project(Path(root)))
        cache = cache if cache is not None else _WORKER_CACHE[0]
        comparison, result = documents.render(
            project, output.brand, output.comparison, output.kind, cache=cache, person=output.who
        )
    except RolegenError as e:
        return Rendered(error=_private(output, e.format_message()))
    warnings = tuple(_private(output, message) for message in result.warnings)
    info = None
    if output.who is None:
        from rolegen.build.pack import pack_info

        info = pack_info(comparison, documents.load_brand_kit(project, output.brand, cache).name)
    return Rendered(result.data, time.perf_counter() - clock, warnings, info=info)


def check_kits(root: str, names: list[str], cache: BuildCache | None = None) -> dict[str, str]:
    """Return {brand: its error line} for the kits among names that cannot be loaded; the others stay in cache.

    Run where the kits' documents are drawn (in a worker process, its cache), so a parallel build's
    parent never loads a kit, nor the libraries that loading one needs.
    """
    if not names:
        return {}
    with loading():  # the first of a build's documents modules: Jinja2, markdown-it-py, Pillow
        from rolegen.build.documents import load_brand_kit

    project = Project(Path(root))
    cache = cache if cache is not None else _WORKER_CACHE[0]
    broken = {}
    for name in sorted(names):
        try:
            load_brand_kit(project, name, cache)
        except RolegenError as e:
            broken[name] = e.format_message()
    return broken


def _private(output: Output, message: str) -> str:
    """Return a message about an output with a new hire's values taken out (it goes to logs)."""
    if output.who is None:
        return message
    from rolegen.rosters.privacy import redact

    return redact(message, output.who)


def render_all(
    project: Project,
    tasks: list[Output],
    jobs: int,
    progress: Progress,
    cache: BuildCache,
    keep: Callable[[Output, Rendered], Rendered] | None = None,
    brands: Iterable[str] = (),
) -> tuple[dict[Output, Rendered], dict[str, str]]:
    """Render the decks and handouts, in jobs worker processes when more than one; raise BuildError on any error.

    Return them with the brand kits that could not be loaded, {brand: its error line}: a broken kit
    costs only its own documents, which are left out. The kits of the tasks and of brands are
    checked, each where its documents are drawn. keep is given each result as it arrives and returns
    what to hold of it (a build of thousands stages their bytes on disk, so its memory stays flat).
    """
    keep = keep or (lambda output, rendered: rendered)
    results: dict[Output, Rendered] = {}
    root = str(project.root)
    if jobs <= 1 or len(tasks) <= 1:
        broken = check_kits(root, sorted({*brands, *(t.brand for t in tasks)}), cache)
        for task in drawing_order([t for t in tasks if t.brand not in broken]):
            results[task] = keep(task, _render_one(root, task, cache))
            progress.step(task.label)
    else:
        # Imported here: multiprocessing costs a no-op build a noticeable share of its time.
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        # One worker per run of the tasks, each with a queue of its own: a worker that draws one
        # brand's documents opens and plans its master once, where a shared queue has every worker
        # open every brand's. Only the end of a queue moves, to a worker whose own ran dry.
        runs = share_out(tasks, jobs)
        pools = [
            ProcessPoolExecutor(max_workers=1, initializer=_start_worker, initargs=(os.getpid(), _kinds(run)))
            for run in runs
        ]
        watching = threading.Event()
        try:
            # A worker's first task checks its kits (each pool is a queue of one worker, in order).
            kits = [pool.submit(check_kits, root, sorted({t.brand for t in run})) for pool, run in zip(pools, runs)]
            queues = Queues(pools, runs, _render_one, root)
            watching.set()
            _watch_workers(pools, watching)
            for task, rendered in queues.results():
                results[task] = keep(task, rendered)
                progress.step(task.label)
            broken = {name: error for kit in kits for name, error in kit.result().items()}
        except BaseException as e:
            # Ctrl-C, SIGTERM or an error here: stop at once, not after every queued document has rendered.
            watching.clear()
            stop_at_once(pools)
            if isinstance(e, BrokenProcessPool):
                raise RolegenError(
                    "a worker process ended before its documents were drawn (killed from outside, or out of "
                    "memory?); nothing was written"
                ) from e
            raise
        watching.clear()
        for pool in pools:
            pool.shutdown()
        # The build's brands with no document to draw here (a pack of current parts) are checked here.
        broken.update(check_kits(root, sorted(set(brands) - {t.brand for t in tasks}), cache))
        results = {task: rendered for task, rendered in results.items() if task.brand not in broken}
    errors = sorted({r.error for r in results.values() if r.error})
    if errors:
        raise BuildError(errors)
    return results, broken


def stop_at_once(pools: list) -> None:
    """End the workers of ProcessPoolExecutor pools now, and let this process still exit."""
    workers, writers = _workers(pools), _result_writers(pools)  # before shutdown, which forgets both
    for pool in pools:
        pool.shutdown(wait=False, cancel_futures=True)
    _end_workers(workers, writers)


def _end_workers(workers: list, writers: list) -> None:
    """Terminate the workers of pools and close this process's end of each pool's result pipe (writers).

    A worker killed while it sends a result leaves its pool's reader thread waiting for the rest of
    the message, and Python joins that thread at exit: the build would never end (one hung CI for
    an hour and a half). With this process's end closed too, once the workers are dead the reader
    meets the end of the pipe instead, and the pool ends as broken, its futures failed. The watch
    thread and the build's own stop may both get here: one at a time, and each pipe closed once
    (a second os.close of its number could close a file opened since).
    """
    with _ENDING:
        for worker in workers:
            worker.terminate()
        for writer in writers:
            if not writer.closed:
                writer.close()


_ENDING = threading.Lock()


def _result_writers(pools: list) -> list:
    """Return this process's end of each pool's result pipe (the one its workers send documents on)."""
    queues = (getattr(pool, "_result_queue", None) for pool in pools)
    return [queue._writer for queue in queues if queue is not None]


def _watch_workers(pools: list, watching: threading.Event) -> None:
    """Break the pools if one of their workers dies while watching is set (killed from outside).

    Killed part-way through sending a document back, a worker leaves its pool waiting for the rest
    of it, never broken, and the build would wait for ever. The watch is a thread, not a poll in the
    build's loop: Ctrl-C in the middle of concurrent.futures.wait() can leave a future's lock held.
    """
    from multiprocessing.connection import wait

    workers, writers = _workers(pools), _result_writers(pools)
    sentinels = [worker.sentinel for worker in workers]

    def watch() -> None:
        try:
            while watching.is_set():
                if wait(sentinels, timeout=0.5):
                    if watching.is_set():
                        _end_workers(workers, writers)
                    return
        except (OSError, ValueError):
            # The build's own stop got there first and the pools' pipes are closed: nothing is left
            # to watch, and a traceback from this thread would be the last line a failed build prints.
            return

    threading.Thread(target=watch, name="rolegen-worker-watch", daemon=True).start()


def _workers(pools: list) -> list:
    """Return the worker processes of ProcessPoolExecutor pools (started by their first submit)."""
    return [worker for pool in pools for worker in (getattr(pool, "_processes", None) or {}).values()]


def drawing_order(tasks: list[Output]) -> list[Output]:
    """Return the tasks in the order one process draws them best: a comparison's deck (or handout)
    for each brand in turn, so that the sections their Markdown shares are parsed once and kept
    only while those documents draw; brands a few at a time, as many as the build keeps masters open.
    """
    brands = {brand: number // BOUNDS["masters"] for number, brand in enumerate(sorted({t.brand for t in tasks}))}
    return sorted(tasks, key=lambda t: (brands[t.brand], t.lang or "", t.comparison, t.kind, t.brand, t))


# What a document costs to draw, by kind, relative to a handout (benchmarks/per_document.py: a deck
# takes two to three times a handout's time).
_COST = {"deck": 2}


def share_out(tasks: list[Output], jobs: int) -> list[list[Output]]:
    """Return the tasks cut into at most jobs runs of about equal cost, each of as few brands as may be.

    In brand and language order, the runs are consecutive: only a brand that straddles two runs is
    set up by two workers. Within a run decks come first, so its last document is a short one.
    """
    ordered = sorted(tasks, key=lambda task: (task.brand, task.lang or "", task.kind != "deck", task.key))
    total = sum(_COST.get(task.kind, 1) for task in ordered)
    runs: list[list[Output]] = [[] for _ in range(min(jobs, len(ordered)))]
    spent = 0
    for task in ordered:
        runs[min(int(spent * len(runs) / total), len(runs) - 1)].append(task)
        spent += _COST.get(task.kind, 1)
    return [
        sorted(run, key=lambda task: (task.kind != "deck", task.brand, task.lang or "", task.key))
        for run in runs
        if run
    ]


def _kinds(run: list[Output]) -> tuple[str, ...]:
    """Return the kinds of document a run of tasks draws, whose renderers its worker loads at start."""
    return tuple(sorted({task.kind for task in run}))


def _start_worker(parent: int, kinds: tuple[str, ...] = ("deck", "handout")) -> None:
    """Give a worker process the build's cache of its own, the renderers of kinds, and a watch on its parent."""
    _WORKER_CACHE[:] = [BuildCache()]
    with loading():
        from rolegen.build import documents

    documents.preload(kinds)
    _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    """Start a worker's watch on its parent: killed (even by SIGKILL), the parent leaves no worker behind."""
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it ends the pool

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
