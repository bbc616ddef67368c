"""The one error hierarchy: every error a user can cause is a RolegenError."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TypeVar

import click

E = TypeVar("E", bound=Exception)


class RolegenError(click.ClickException):
    """An error in the user's input; Click prints it as one line and exits 1."""

    exit_code = 1

    def __init__(self, message: str, path: str | os.PathLike | None = None, line: int | None = None):
        self.path = Path(path) if path is not None else None
        self.line = line
        self.detail = message
        super().__init__(_one_line(_locate(message, self.path, line)))


def leading_out(error: E, path: str | os.PathLike) -> E:
    """Return error marked as reporting that path leads outside its folder, so validate tells a link out once."""
    error.leads_out = Path(path)
    return error


class ContentError(RolegenError):
    """A role or comparison file is malformed or inconsistent."""


class BrandError(RolegenError):
    """A brand kit (_brand.yml, logo, master) is missing or malformed."""


class TemplateError(RolegenError):
    """A Jinja template, or the Markdown it produced, is malformed."""


class OutputError(RolegenError):
    """An output cannot be written where it was asked for."""


class UsageError(RolegenError):
    """The command line names something that is not there or cannot be; exit 2, as Click's own usage errors."""

    exit_code = 2


def display_path(path: Path) -> str:
    """Return path relative to the working directory when it lies below it."""
    cwd = Path.cwd().resolve()
    # The path as named first: resolving would follow a link and hide the name the user knows.
    for candidate in (Path(os.path.abspath(path)), path.resolve()):
        try:
            return str(candidate.relative_to(cwd))
        except ValueError:
            continue
    return str(path)


def _one_line(text: str) -> str:
    # A key or file name may hold a newline or control character; escaped, the error stays one line.
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _locate(message: str, path: Path | None, line: int | None) -> str:
    if path is None:
        return message
    where = display_path(path)
    if line is not None:
        where = f"{where}:{line}"
    return f"{where}: {message}"
