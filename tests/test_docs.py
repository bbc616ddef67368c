"""The reference in docs/ builds with mkdocs in strict mode: no broken link or anchor, no page left out of the nav."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

pytest.importorskip("mkdocs", reason="mkdocs is not installed (pip install -e '.[docs]' or '.[test]')")


def _build(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(root / "site")],
        capture_output=True,
        text=True,
    )


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "docs", tmp_path / "docs")
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def test_the_docs_build_in_strict_mode(docs):
    result = _build(docs)
    assert result.returncode == 0, result.stderr
    assert (docs / "site" / "brand" / "index.html").exists()


def test_a_page_left_out_of_the_nav_fails_the_build(docs):
    (docs / "docs" / "orphan.md").write_text("# Orphan\n\nNo page links here and the nav leaves it out.\n")
    result = _build(docs)
    assert result.returncode == 1
    assert "orphan.md" in result.stderr


@pytest.mark.parametrize(
    "link", ["[gone](missing.md)", "[anchor](brand.md#no-such-heading)"], ids=["missing page", "missing anchor"]
)
def test_a_broken_link_fails_the_build(docs, link):
    page = docs / "docs" / "cli.md"
    page.write_text(page.read_text() + f"\nSee {link}.\n")
    result = _build(docs)
    assert result.returncode == 1
    assert "cli.md" in result.stderr


def test_every_page_in_docs_is_one_the_readme_links_to():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    pages = sorted(p.name for p in (REPO / "docs").glob("*.md") if p.name != "index.md")
    assert [p for p in pages if f"(docs/{p})" not in readme] == []
