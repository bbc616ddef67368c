"""A parallel build stopped at the worst moment, while a worker sends its document back, still ends;
so does one whose worker is killed from outside (the out-of-memory killer), with one clear error."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import patched_build

SCRIPT = textwrap.dedent(
    """
    import multiprocessing, os, struct, sys, time
    from concurrent.futures import ProcessPoolExecutor

    from rolegen.build.workers import stop_at_once


    def half_a_result(marker):
        # What a worker killed part-way through sending a document leaves in its pool's result pipe:
        # the length of a message and only the start of it.
        result_queue = multiprocessing.current_process()._args[1]
        os.write(result_queue._writer.fileno(), struct.pack("!i", 1 << 20) + b"x" * 100)
        open(marker, "w").close()
        time.sleep(600)


    if __name__ == "__main__":
        pool = ProcessPoolExecutor(max_workers=1)
        pool.submit(half_a_result, sys.argv[1])
        while not os.path.exists(sys.argv[1]):
            time.sleep(0.05)
        print("half sent", flush=True)
        stop_at_once([pool])
        print("stopped", flush=True)
    """
)


# A parallel build of one deck and one handout, each in a worker of its own, whose deck's worker is
# killed (SIGKILL) as it sends the deck back: after the length and the start of the message, or before.
KILLED = textwrap.dedent(
    """
    import multiprocessing, os, signal, struct, sys, time

    from patched_build import render_all
    from rolegen.build import workers
    from rolegen.build.plan import Output
    from rolegen.errors import RolegenError


    def killed_while_sending(root, task, cache=None):
        if task.kind == "handout":
            time.sleep(1)
            return workers.Rendered(b"handout")
        if sys.argv[1] == "mid-message":
            result_queue = multiprocessing.current_process()._args[1]
            os.write(result_queue._writer.fileno(), struct.pack("!i", 1 << 20) + b"x" * 100)
        os.kill(os.getpid(), signal.SIGKILL)


    if __name__ == "__main__":
        try:
            render_all([Output("acme", "ceo-vs-coo", "deck"), Output("acme", "ceo-vs-coo", "handout")], killed_while_sending)
        except RolegenError as e:
            print(e.format_message(), flush=True)
    """
)


def _run(script: Path, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            [sys.executable, str(script), *args], capture_output=True, text=True, timeout=60, env=patched_build.ENV
        )
    except subprocess.TimeoutExpired as e:
        raise AssertionError(f"the process never ended; it printed {e.stdout!r}") from None


def test_a_build_stopped_while_a_worker_sends_a_result_exits(tmp_path):
    script = tmp_path / "stop.py"
    script.write_text(SCRIPT, encoding="utf-8")

    result = _run(script, str(tmp_path / "half-sent"))

    assert result.stdout.splitlines() == ["half sent", "stopped"], result.stderr
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="the script patches the workers it forks")
@pytest.mark.parametrize("when", ["mid-message", "before-sending"])
def test_a_worker_killed_from_outside_fails_the_build_with_one_line(tmp_path, when):
    script = tmp_path / "killed.py"
    script.write_text(KILLED, encoding="utf-8")

    result = _run(script, when)

    assert result.stdout.splitlines() == [
        "a worker process ended before its documents were drawn (killed from outside, or out of memory?); "
        "nothing was written"
    ], result.stderr
    assert result.returncode == 0, result.stderr
