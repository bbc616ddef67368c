"""Stage 10, the command line: one module a command group, each a thin call into the library. Imports everything; nothing imports it."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    """Run the CLI (rolegen.cli.app.main); a build that a stamp shows has nothing to do ends before Click loads."""
    args = sys.argv[1:] if argv is None else list(argv)
    if "build" in args:
        from rolegen.build.current import replay

        if replay(args):
            sys.exit(0)
    from rolegen.build.collector import loading

    with loading():  # Click and every command module
        from rolegen.cli.app import main as run
    run(args)


def __getattr__(name: str):
    # The Click group, loaded when asked for: the entry point above may not need it.
    if name == "cli":
        from rolegen.cli.app import cli

        return cli
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["cli", "main"]
