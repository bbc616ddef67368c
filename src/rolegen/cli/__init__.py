"""Stage 10, the command line: one module a command group, each a thin call into the library. Imports everything; nothing imports it."""

from rolegen.cli.app import cli, main

__all__ = ["cli", "main"]
