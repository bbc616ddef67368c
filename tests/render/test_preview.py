"""`rolegen preview`: PDFs, PNG pages and contact sheets from LibreOffice, or one line saying how to get it."""

from __future__ import annotations

import os
import shutil

import pytest

from rolegen.cli.app import cli


@pytest.mark.parametrize("command", ["check", "preview"], ids=["check", "preview"])
def test_new_commands_have_help_with_an_example(runner, command):
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example: rolegen" in result.output


def test_preview_without_libreoffice_says_how_to_install_it(run, project, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = run("preview", "--brand", "acme")
    assert (result.exit_code, result.output) == (
        1,
        "Error: LibreOffice (soffice) is not installed; install it with: "
        "apt-get install libreoffice-impress libreoffice-writer\n",
    )
    assert not (project / "output").exists()


def test_contact_sheet_lays_pages_out_in_rows(tmp_path):
    from PIL import Image

    from rolegen.render.preview import contact_sheet

    pages = []
    for index in range(5):
        page = tmp_path / f"doc-{index + 1}.png"
        Image.new("RGB", (40, 30), "white").save(page)
        pages.append(page)
    with Image.open(contact_sheet(pages, tmp_path / "sheet.png", columns=3, gap=10)) as sheet:
        assert sheet.size == (3 * 50 + 10, 2 * 40 + 10)


def test_preview_draws_deck_and_handout_apart_though_they_share_a_name(run, project):
    if shutil.which("soffice") is None or shutil.which("pdftoppm") is None:
        reason = (
            "soffice or pdftoppm not installed: apt-get install libreoffice-impress libreoffice-writer poppler-utils"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from pptx import Presentation

    result = run("preview", "--brand", "acme")
    assert result.exit_code == 0, result.output
    folder = project / "output" / "acme" / "preview"
    for name in (
        "ceo-vs-coo-deck.pdf",
        "ceo-vs-coo-handout.pdf",
        "ceo-vs-coo-deck-sheet.png",
        "ceo-vs-coo-handout-sheet.png",
    ):
        assert (folder / name).is_file(), name
        assert f"wrote output/acme/preview/{name}" in result.output
    slides = len(Presentation(str(project / "output" / "acme" / "ceo-vs-coo.pptx")).slides)
    assert len(list(folder.glob("ceo-vs-coo-deck-[0-9]*.png"))) == slides
    assert list(folder.glob("ceo-vs-coo-handout-[0-9]*.png"))
