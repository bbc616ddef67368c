"""The project the LMS tests build once with `rolegen pack --lms`, its CEO's first responsibility hostile to every format."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

ROLEGEN = Path(sys.executable).parent / "rolegen"  # the console script pip installed into the venv
SCHEMAS = Path(__file__).parent / "schemas"
LMS = Path("output/acme/ceo-vs-coo-lms")
# Markup, the end of a CDATA section, an entity and GIFT's own characters, in one responsibility
# ('\<' is Markdown for a literal '<': raw HTML in a role is refused, escaped HTML is text).
HOSTILE_MARKDOWN = r'Own \<script>alert("x")\</script> ]]> &amp; ~=#{}: \\ the **board** agenda.'
HOSTILE = 'Own <script>alert("x")</script> ]]> & ~=#{}: \\ the board agenda.'  # as the reader sees it


def copy_project(root: Path) -> Path:
    """Copy the repository's project (content without the translation, templates) to root."""
    shutil.copytree(REPO / "content", root / "content", ignore=shutil.ignore_patterns("de-DE"))
    shutil.copytree(REPO / "templates", root / "templates")
    role = root / "content/roles/ceo.md"
    text = role.read_text(encoding="utf-8")
    first = "  - Setting long-term goals, vision, and business strategy.\n"
    assert first in text, "the CEO's first responsibility changed: update the hostile fixture"
    role.write_text(text.replace(first, f"  - '{HOSTILE_MARKDOWN}'\n"), encoding="utf-8")
    return root


def rolegen(root: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the installed rolegen in a project; fail the test with its output when it fails."""
    result = subprocess.run([str(ROLEGEN), *args], cwd=root, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def packed_project(root: Path) -> Path:
    """Return the hostile project after one `rolegen pack --brand acme --lms` (needs LibreOffice for SCORM)."""
    if shutil.which("soffice") is None:
        from tests.conftest import IN_CI

        if not IN_CI:
            pytest.skip("soffice not installed: the SCORM package holds the deck as PDF")
    copy_project(root)
    rolegen(root, "pack", "--brand", "acme", "--lms")
    return root


def expected_questions() -> list[tuple[str, str]]:
    """Return (owner's short name, stem) for each knowledge-check item, read from the model, not from rolegen's LMS code."""
    from rolegen.content.load import load_comparison

    comparison = load_comparison(REPO / "content/comparisons/ceo-vs-coo.yaml", REPO / "content/roles")
    first = comparison.roles[0].responsibilities[0]
    return [(role.short, HOSTILE if item == first else " ".join(item.split())) for role, item in comparison.quiz()]
