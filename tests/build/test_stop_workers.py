"""A parallel build stopped at the worst moment, while a worker sends its document back, still ends."""

from __future__ import annotations

import subprocess
import sys
import textwrap

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


def test_a_build_stopped_while_a_worker_sends_a_result_exits(tmp_path):
    script = tmp_path / "stop.py"
    script.write_text(SCRIPT, encoding="utf-8")

    try:
        result = subprocess.run(
            [sys.executable, str(script), str(tmp_path / "half-sent")], capture_output=True, text=True, timeout=60
        )
    except subprocess.TimeoutExpired as e:
        raise AssertionError(f"the process never ended; it printed {e.stdout!r}") from None

    assert result.stdout.splitlines() == ["half sent", "stopped"], result.stderr
    assert result.returncode == 0, result.stderr
