"""Shared fixtures: a copy of the repository's own project, a CLI runner, document readers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed" / "000_8163f9d15e548087.txt"
# CI installs every font and program the tests use (.ci/run): there a missing one fails the test, not skips it.
IN_CI = os.environ.get("CI") == "true"
INSTALL_LIBREOFFICE = "apt-get install libreoffice-impress libreoffice-writer poppler-utils"


def main_in_new_python(cwd: Path, args: list[str], then: str, env: dict | None = None) -> tuple[list[str], int, str]:
    """Run rolegen's main(args) in a new Python at cwd, then evaluate the expression then there.

    Return what it printed (stderr before stdout, in lines), its exit code, and repr of then's value.
    env replaces the environment (default: this process's).
    """
    script = (
        "import gc, sys\nfrom rolegen.cli import main\ncode = 0\n"
        f"try:\n    main({list(args)!r})\nexcept SystemExit as e:\n    code = e.code\n"
        f"print(code, repr(({then})), sep='\\t')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=cwd, capture_output=True, text=True, env=env, timeout=600)
    *lines, last = (done.stderr + done.stdout).splitlines() or [""]
    code, _, value = last.partition("\t")
    assert value, done.stderr  # the script ran to its end
    return lines, int(code), value


def missing_fonts(*families: str) -> list[str]:
    """Return the families fontconfig does not have, of those given."""
    from rolegen.brand.fonts import installed

    return [family for family in families if not installed(family)]


def needs_font(*families: str) -> pytest.MarkDecorator:
    """Skip a test that measures or draws with these system fonts where one is not installed (fail in CI)."""
    from rolegen.brand.fallbacks import install_hint

    missing = missing_fonts(*families)
    reason = "; ".join(f"font '{family}' is not installed ({install_hint(family)})" for family in missing)
    return pytest.mark.skipif(bool(missing) and not IN_CI, reason=reason or "fonts installed")


def missing_programs(*programs: str) -> list[str]:
    """Return the programs not on PATH, of those given."""
    return [program for program in programs if shutil.which(program) is None]


def needs_programs(*programs: str, install: str = INSTALL_LIBREOFFICE) -> pytest.MarkDecorator:
    """Skip a test that runs these programs (LibreOffice, poppler) where one is not on PATH (fail in CI)."""
    missing = missing_programs(*programs)
    reason = f"{' and '.join(missing)} not installed: {install}"
    return pytest.mark.skipif(bool(missing) and not IN_CI, reason=reason)


needs_soffice = needs_programs("soffice")
# The fonts the shipped brands name for body and headings (acme: Open Sans, Lato; globex: Carlito, DejaVu Serif).
# Without them rolegen rightly warns and measures with a stand-in: tests that pin a silent build or a line
# break need them.
BRAND_FONTS = ("Open Sans", "Lato", "Carlito", "DejaVu Serif")


needs_brand_fonts = needs_font(*BRAND_FONTS)


@pytest.fixture(autouse=True, scope="session")
def cache_folder(tmp_path_factory) -> Path:
    """Keep rolegen's cache of compiled templates out of the home folder of whoever runs the tests."""
    folder = tmp_path_factory.mktemp("cache")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    return folder


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """A copy of this repository's project (content + templates) in a temporary folder, as cwd.

    The German translation (content/de-DE) is left out; the language tests add it.
    """
    root = tmp_path / "project"
    root.mkdir()
    shutil.copytree(REPO / "content", root / "content", ignore=shutil.ignore_patterns("de-DE"))
    shutil.copytree(REPO / "templates", root / "templates")
    monkeypatch.chdir(root)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return root


@pytest.fixture(scope="session")
def packed(tmp_path_factory) -> Path:
    """A project built once with `rolegen pack --brand acme --lms`, hostile text in it (tests/lms/lms_project.py)."""
    from tests.lms.lms_project import packed_project

    return packed_project(tmp_path_factory.mktemp("lms") / "project")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def run(runner, project):
    """Invoke the rolegen CLI in the project; return the Click result."""
    from rolegen.cli.app import cli

    def invoke(*args: str):
        return runner.invoke(cli, list(args), catch_exceptions=False)

    return invoke


def pptx_text(path: Path) -> str:
    """Return every piece of text on every slide of a deck, tables included."""
    from pptx import Presentation

    parts = []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return "\n".join(parts)


def docx_text(path: Path) -> str:
    """Return the text of every paragraph and table cell of a Word document."""
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def lengthen_ceo_focus(root: Path) -> list[str]:
    """Give the CEO of a project sixteen focus points, so its side-by-side column runs on; return them."""
    import yaml

    path = root / "content" / "roles" / "ceo.md"
    _, front, body = path.read_text(encoding="utf-8").split("---", 2)
    meta = yaml.safe_load(front)
    meta["focus"] = [
        f"Keeps {word} in view across the quarter."
        for word in (
            "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa"
        ).split()
    ]
    path.write_text(
        "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---" + body, encoding="utf-8"
    )
    return meta["focus"]
