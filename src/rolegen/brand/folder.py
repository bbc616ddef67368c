"""The brand folder a kit's file names are read against, through the project's file guard."""

from __future__ import annotations

import os
from pathlib import Path

from rolegen.inputs import safety
from rolegen.errors import leading_out
from rolegen.inputs.fields import Place
from rolegen.inputs.project import Project


class Kit:
    """The brand folder and project a kit's file names are read against, and what loading it warns of."""

    def __init__(self, project: Project, folder: Path, top: Place):
        self.project = project
        self.folder = folder
        self.top = top
        self.warnings: list[str] = []

    def regular_file(self, name: str, what: str, place: Place, limit: int) -> Path:
        """Return the path of a file named in _brand.yml that the project's file guard lets through.

        Logos and fonts are read by Pillow, fontTools and resvg, not through read_guarded: so the
        guard runs here, once, when the kit is loaded (a FIFO would hang them, a huge file fill memory).
        """
        path = self.file(name, what, place)
        noun = what if what.endswith(" file") else f"{what} file"  # "logo file 'x.png' not found"
        safety.guard(
            path, self.project.root, lambda message, _path: place.fail(message), limit=limit, what=f"{noun} '{name}'"
        )
        return path

    def file(self, name: str, what: str, place: Place) -> Path:
        """Return the path of a file named in _brand.yml, refusing names that leave the kit.

        A name starting with '/' is read from the project root, as Quarto reads it; any other from
        the brand folder. Either way the file must stay inside: no '..' out, no link out.
        """
        if not name.strip():
            raise place.fail(f"{what} name is empty")
        if any(not c.isprintable() for c in name):
            raise place.fail(f"{what} '{name}' contains a control character; rename the file")
        rooted = name.startswith("/") and not name.startswith("//")
        home, rel = (self.project.root, name.lstrip("/")) if rooted else (self.folder, name)
        if Path(rel).is_absolute() or not rel:
            raise place.fail(
                f"{what} '{name}' is an absolute path; give its path inside the brand folder "
                f"'{self.folder.name}' (or from the project root, starting with '/')"
            )
        path = home / rel
        # normpath catches '..' before anything is looked up; resolve() then catches links that leave.
        lexical = Path(os.path.normpath(path)).is_relative_to(os.path.normpath(home))
        if not (lexical and path.resolve().is_relative_to(home.resolve())):
            where = "the project" if rooted else f"the brand folder '{self.folder.name}'"
            raise leading_out(place.fail(f"{what} '{name}' leads outside {where} (a link or '..'?)"), path)
        return path
