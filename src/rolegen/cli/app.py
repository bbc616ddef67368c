"""The command line's entry point: every command group registered on the one Click group, and main()."""

from __future__ import annotations

import sys

import click

from rolegen.cli.group import _STATE, Options, cli

# Each module registers its commands on the group when imported, which the group does when one is asked for.
cli.modules.update(
    {
        "rolegen.cli.authoring": ("brands", "init", "new"),
        "rolegen.cli.building": ("build", "pack", "watch", "preview"),
        "rolegen.cli.documents": ("deck", "handout", "render"),
        "rolegen.cli.review": ("check", "validate", "diff", "textconv"),
    }
)

__all__ = ["Options", "cli", "main"]


def main(argv: list[str] | None = None) -> None:
    """Run the CLI and exit with its code: one line per error, a traceback only with -v."""
    # A build that finds nothing to do leaves a stamp for the next identical one (build/current.py).
    args = sys.argv[1:] if argv is None else list(argv)
    _STATE["recorder"] = None
    if "build" in args:
        from rolegen.build.current import Recorder  # here: no other command needs it

        _STATE["recorder"] = Recorder(args)
    try:
        # Not standalone, so errors are reported here; Click then returns the code of ctx.exit() instead
        # of exiting with it, and that code must reach the shell or `rolegen check` could never fail CI.
        code = cli.main(args=args, prog_name="rolegen", standalone_mode=False)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except click.Abort as e:
        click.echo("Aborted.", err=True)
        # Click turns Ctrl-C into Abort; the shell's convention for it is 128 + SIGINT.
        sys.exit(130 if isinstance(e.__cause__ or e.__context__, KeyboardInterrupt) else 1)
    except click.ClickException as e:
        if _STATE["verbose"]:
            import traceback

            traceback.print_exc()
        e.show()
        if _STATE["verbose"] and getattr(e, "via", ""):
            click.echo(f"  ({e.via})", err=True)
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as e:
        if _STATE["verbose"]:
            raise
        click.echo(f"Error: internal error ({type(e).__name__}: {e}); run with -v for the traceback", err=True)
        sys.exit(1)
    finally:
        if _STATE["recorder"] is not None:
            _STATE["recorder"].stop()
            _STATE["recorder"] = None  # a later command in this process (a test's) is not this build
    sys.exit(code if isinstance(code, int) else 0)
