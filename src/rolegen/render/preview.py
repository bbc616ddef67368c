"""Show documents as a real renderer draws them: PDF via LibreOffice, PNG pages, one contact sheet each."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from rolegen.errors import RolegenError

INSTALL_LIBREOFFICE = "apt-get install libreoffice-impress libreoffice-writer"
INSTALL_POPPLER = "apt-get install poppler-utils"
# LibreOffice needs a few seconds per document; a hung conversion must not hang the build.
_TIMEOUT_S = 600


class PreviewError(RolegenError):
    """A document could not be converted for preview (LibreOffice or poppler missing or failing)."""


def soffice() -> str:
    """Return the LibreOffice command, or fail saying how to install it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise PreviewError(f"LibreOffice (soffice) is not installed; install it with: {INSTALL_LIBREOFFICE}")
    return found


def to_pdf(sources: dict[str, Path], outdir: Path) -> dict[str, Path]:
    """Convert documents to PDF with one LibreOffice call; return each name's PDF in outdir.

    Names, not file names, decide the PDFs' names: ceo-vs-coo.pptx and ceo-vs-coo.docx would
    otherwise both become ceo-vs-coo.pdf.
    """
    command = soffice()
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="rolegen-preview-") as tmp:
        work = Path(tmp)
        inputs = []
        for name, source in sources.items():
            copy = work / "in" / f"{name}{source.suffix}"
            copy.parent.mkdir(exist_ok=True)
            shutil.copyfile(source, copy)
            inputs.append(str(copy))
        # A private profile, so a LibreOffice the user has open (or a parallel run) cannot take the job.
        profile = (work / "profile").as_uri()
        try:
            done = subprocess.run(
                [
                    command,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(work / "out"),
                    *inputs,
                ],
                capture_output=True,
                text=True,
                timeout=_TIMEOUT_S,
                check=False,
            )
        except subprocess.TimeoutExpired as e:
            raise PreviewError(f"LibreOffice took longer than {_TIMEOUT_S} s to convert the documents") from e
        result = {}
        for name in sources:
            pdf = work / "out" / f"{name}.pdf"
            if not pdf.is_file():
                detail = (done.stderr or done.stdout).strip().splitlines()
                raise PreviewError(
                    f"LibreOffice did not convert {sources[name].name}" + (f": {detail[-1]}" if detail else ""),
                    sources[name],
                )
            result[name] = outdir / pdf.name
            shutil.move(str(pdf), result[name])
    return result


def to_png(pdf: Path, outdir: Path, dpi: int = 50) -> list[Path]:
    """Draw each page of a PDF as outdir/<stem>-N.png; return the pages in order."""
    command = shutil.which("pdftoppm")
    if command is None:
        raise PreviewError(f"pdftoppm is not installed; install it with: {INSTALL_POPPLER}")
    for old in outdir.glob(f"{pdf.stem}-*.png"):
        old.unlink()
    done = subprocess.run(
        [command, "-png", "-r", str(dpi), str(pdf), str(outdir / pdf.stem)],
        capture_output=True,
        text=True,
        timeout=_TIMEOUT_S,
        check=False,
    )
    if done.returncode != 0:
        raise PreviewError(f"pdftoppm could not read the PDF: {done.stderr.strip()}", pdf)
    pages = [p for p in outdir.glob(f"{pdf.stem}-*.png") if p.stem[len(pdf.stem) + 1 :].isdigit()]
    return sorted(pages, key=lambda p: int(p.stem[len(pdf.stem) + 1 :]))


def contact_sheet(pages: list[Path], target: Path, columns: int = 4, gap: int = 12) -> Path:
    """Lay pages out on one image, left to right and top to bottom, each framed by a gap."""
    from PIL import Image

    images = [Image.open(page).convert("RGB") for page in pages]
    if not images:
        raise PreviewError("the document has no pages to show", target)
    width = max(i.width for i in images)
    height = max(i.height for i in images)
    columns = min(columns, len(images))
    rows = -(-len(images) // columns)
    sheet = Image.new("RGB", (columns * (width + gap) + gap, rows * (height + gap) + gap), (128, 128, 128))
    for index, image in enumerate(images):
        sheet.paste(image, (gap + (index % columns) * (width + gap), gap + (index // columns) * (height + gap)))
        image.close()
    sheet.save(target)
    return target


def preview(sources: dict[str, Path], outdir: Path, dpi: int = 50) -> list[Path]:
    """Convert named documents to PDFs, PNG pages and contact sheets in outdir; return PDFs and sheets."""
    made = []
    for name, pdf in to_pdf(sources, outdir).items():
        pages = to_png(pdf, outdir, dpi)
        columns = 3 if sources[name].suffix.lower() == ".pptx" else 4
        made += [pdf, contact_sheet(pages, outdir / f"{name}-sheet.png", columns)]
    return made
