"""Draw what a diff found: each changed slide (or page) of the old file beside the new, as PNGs via LibreOffice."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from rolegen.review.diff import DocumentDiff

_GAP = 16
_DPI = 60


def missing_tools() -> str:
    """Return what is missing to draw pictures, said in one line; "" when LibreOffice and pdftoppm are there."""
    from rolegen.render.preview import INSTALL_LIBREOFFICE, INSTALL_POPPLER

    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        return f"LibreOffice (soffice) is not installed; install it with: {INSTALL_LIBREOFFICE}"
    if not shutil.which("pdftoppm"):
        return f"pdftoppm is not installed; install it with: {INSTALL_POPPLER}"
    return ""


def draw_changes(diff: DocumentDiff, folder: Path) -> list[Path]:
    """Write folder/<unit>-N.png for each changed slide (old left, new right); return the files written.

    A deck's slides are paired as the diff matched them; a handout's sections do not map to pages,
    so its pages are paired in order and those whose pictures differ are drawn.
    """
    from rolegen.render.preview import to_pdf, to_png

    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="rolegen-diff-") as temp:
        work = Path(temp)
        pdfs = to_pdf({"old": diff.old, "new": diff.new}, work)
        old_pages = to_png(pdfs["old"], work, _DPI)
        new_pages = to_png(pdfs["new"], work, _DPI)
        if diff.kind == "deck":
            pairs = [(c.old_number, c.new_number, f"slide-{c.number}") for c in diff.changes]
        else:
            pairs = _differing_pages(old_pages, new_pages)
        return [
            _side_by_side(_page(old_pages, old), _page(new_pages, new), folder / f"{name}.png")
            for old, new, name in pairs
        ]


def _page(pages: list[Path], number: int | None) -> Path | None:
    return pages[number - 1] if number is not None and 0 < number <= len(pages) else None


def _differing_pages(old: list[Path], new: list[Path]) -> list[tuple[int | None, int | None, str]]:
    from PIL import Image, ImageChops

    found = []
    for index in range(max(len(old), len(new))):
        a = old[index] if index < len(old) else None
        b = new[index] if index < len(new) else None
        if a is not None and b is not None:
            with Image.open(a) as left, Image.open(b) as right:
                if (
                    left.size == right.size
                    and ImageChops.difference(left.convert("RGB"), right.convert("RGB")).getbbox() is None
                ):
                    continue
        found.append((index + 1 if a else None, index + 1 if b else None, f"page-{index + 1}"))
    return found


def _side_by_side(old: Path | None, new: Path | None, target: Path) -> Path:
    """Put two page images side by side on grey, an empty frame for the one that is not there."""
    from PIL import Image

    images = [Image.open(p).convert("RGB") if p is not None else None for p in (old, new)]
    size = next(i.size for i in images if i is not None)
    sheet = Image.new("RGB", (2 * size[0] + 3 * _GAP, size[1] + 2 * _GAP), (128, 128, 128))
    for index, image in enumerate(images):
        if image is None:
            image = Image.new("RGB", size, (230, 230, 230))
        sheet.paste(image, (_GAP + index * (size[0] + _GAP), _GAP))
        image.close()
    sheet.save(target)
    return target
