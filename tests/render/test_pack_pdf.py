"""rolegen build --pdf: PDFs of the deck and handout in the training pack, reproducibly."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import zipfile

import pytest

from rolegen.cli.app import cli
from rolegen.render.pdf import reproducible_pdf

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None and os.environ.get("CI") != "true", reason="LibreOffice (soffice) is not installed"
)


def _pack(project) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO((project / "output/acme/ceo-vs-coo-pack.zip").read_bytes()))


@needs_soffice
def test_pdf_pack_holds_both_pdfs_and_builds_byte_identical(run, project):
    result = run("build", "--brand", "acme", "--pdf")
    assert result.exit_code == 0, result.output
    first = (project / "output/acme/ceo-vs-coo-pack.zip").read_bytes()
    names = _pack(project).namelist()
    assert names == [
        "README.txt",
        "ceo-vs-coo.pptx",
        "ceo-vs-coo.docx",
        "ceo-vs-coo-deck.pdf",
        "ceo-vs-coo-handout.pdf",
    ]
    assert all(_pack(project).read(n).startswith(b"%PDF-") for n in names[3:])
    assert "ceo-vs-coo-handout.pdf" in _pack(project).read("README.txt").decode()
    assert run("build", "--brand", "acme", "--pdf", "--force").exit_code == 0
    assert (project / "output/acme/ceo-vs-coo-pack.zip").read_bytes() == first
    # The manifest says the pack holds PDFs: a plain --check and a plain build judge it so.
    assert run("build", "--brand", "acme", "--check").exit_code == 0
    assert "built 0, skipped 3" in run("build", "--brand", "acme").output
    result = run("build", "--brand", "acme", "--check", "--no-pdf")
    assert (result.exit_code, result.stdout) == (1, "stale: output/acme/ceo-vs-coo-pack.zip\n")


@needs_soffice
def test_pdf_changes_which_packs_are_current(run, project):
    run("build", "--brand", "acme")
    result = run("build", "--brand", "acme", "--pdf", "--check")
    assert result.exit_code == 1
    assert "stale: output/acme/ceo-vs-coo-pack.zip" in result.output


def test_pdf_without_libreoffice_is_one_clear_line(runner, project, monkeypatch):
    monkeypatch.setattr("rolegen.render.preview.shutil.which", lambda name: None)
    result = runner.invoke(cli, ["build", "--brand", "acme", "--pdf"])
    assert result.exit_code == 1
    assert result.output == (
        "Error: LibreOffice (soffice) is not installed; install it with: "
        "apt-get install libreoffice-impress libreoffice-writer\n"
    )
    assert not (project / "output").exists()


def test_reproducible_pdf_fixes_dates_and_ids_keeping_lengths():
    pdf = (
        b"%PDF-1.7\n1 0 obj<</CreationDate(D:20261124191124Z')/ModDate(D:20261124191124Z')>>endobj\n"
        b"trailer<</ID [ <8E2778CB9BEE096AEF23325B78B4EA0B> <8E2778CB9BEE096AEF23325B78B4EA0B> ]\n"
        b"/DocChecksum /A43228C0B9A1505282FC7EFEB10ABABD>>"
    )
    other = pdf.replace(b"191124", b"080102").replace(b"8E2778CB", b"12345678").replace(b"A43228C0", b"FFFFFFFF")
    stamp = dt.datetime(2026, 11, 24, tzinfo=dt.timezone.utc)
    fixed = reproducible_pdf(pdf, stamp)
    assert fixed == reproducible_pdf(other, stamp)
    assert len(fixed) == len(pdf)
    assert b"/CreationDate(D:20261124000000Z')" in fixed
