"""The one guard for untrusted files: inside their project, regular, size-limited, safe to unpack."""

from __future__ import annotations

import os
import stat
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    import zipfile

from rolegen.errors import BrandError, RolegenError, leading_out

MAX_FILE_BYTES = 1_000_000  # the largest text file (content, template, brand kit) rolegen reads

# Real masters with photos stay far below these; a zip bomb does not.
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_ENTRY_RATIO = 200
_RATIO_FLOOR_BYTES = 8 * 1024 * 1024  # small parts (XML full of repeats) may compress very well
MAX_ENTRIES = 10_000
# 40 megapixels is a 7,300 x 5,500 photo: more than any slide can show sharply.
MAX_IMAGE_PIXELS = 40_000_000
_OFFICE_IMAGES = {"PNG", "JPEG", "GIF", "BMP", "TIFF"}
_KIND = {".pptx": ("master", "PowerPoint"), ".docx": ("reference", "Word")}


def guard(
    path: Path, root: Path, error: type[RolegenError] = RolegenError, *, limit: int | None = None, what: str = "file"
) -> Path:
    """Return path resolved, if it stays inside root after following links and is a regular file.

    Templates, brand kits and outputs arrive in pull requests: a link to /proc/self/environ or a
    FIFO must fail here, before anything reads it (and prints a CI secret on a slide, or hangs).
    """
    try:
        resolved = path.resolve(strict=True)
        info = resolved.stat()
    except FileNotFoundError as e:
        raise error(f"{what} not found", path) from e
    except (OSError, RuntimeError) as e:  # RuntimeError: a loop of links
        raise error(f"cannot read {what}: {getattr(e, 'strerror', None) or e}", path) from e
    if not resolved.is_relative_to(root.resolve()):
        message = f"{what} is a link that leads outside {_folder(root)}; put a copy inside instead"
        raise leading_out(error(message, path), path)
    if not stat.S_ISREG(info.st_mode):
        raise error(f"{what} is not a regular file (a folder, FIFO or device?)", path)
    if limit is not None and info.st_size > limit:
        raise error(f"{what} is {info.st_size:,} bytes, over the {limit:,}-byte limit", path)
    return resolved


def read_guarded(
    path: Path, root: Path, error: type[RolegenError] = RolegenError, *, limit: int, what: str = "file"
) -> bytes:
    """Return the bytes of a file that guard() lets through, reading no more than limit of them."""
    resolved = guard(path, root, error, limit=limit, what=what)
    try:
        # O_NONBLOCK: a file swapped for a FIFO after the check cannot hang the read.
        fd = os.open(resolved, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise error(f"{what} is not a regular file (a folder, FIFO or device?)", path)
            data = handle.read(limit + 1)
    except OSError as e:
        raise error(f"cannot read {what}: {e.strerror}", path) from e
    if len(data) > limit:
        raise error(f"{what} is over the {limit:,}-byte limit", path)
    return data


def _folder(root: Path) -> str:
    return f"'{root.name}'" if root.name else "its folder"


def check_package(path: Path, data: BinaryIO | None = None, error: type[RolegenError] = BrandError) -> Path:
    """Return path if it is an Office package that is safe to unpack, else raise error.

    data is the package's bytes when they have been read already (through guard()).
    (That it lies inside its brand folder is load_brand's rule, checked when the name is read.)
    """
    import zipfile  # here: a build with nothing to do checks no package

    role, app = _KIND.get(path.suffix.lower(), ("file", "Office"))
    name = f"{role} '{path.name}'" if error is BrandError else f"'{path.name}'"
    try:
        with zipfile.ZipFile(data or path) as archive:
            entries = archive.infolist()
            _check_sizes(path, name, entries, error)
            if "[Content_Types].xml" not in {info.filename for info in entries}:
                raise error(f"{name} is not a {app} file (a zip without [Content_Types].xml)", path)
            # Reading every part checks the CRCs, so a damaged or truncated file fails here.
            bad = archive.testzip()
    except zipfile.BadZipFile as e:
        raise error(
            f"{name} is not a {app} file (not a zip archive, or cut short); save it again from {app}", path
        ) from e
    except (OSError, EOFError, NotImplementedError, ValueError) as e:
        raise error(f"{name} cannot be read ({e}); save it again from {app}", path) from e
    if bad is not None:
        raise error(f"{name} is damaged: part '{bad}' fails its checksum; save it again from {app}", path)
    return path


def _check_sizes(path: Path, name: str, entries: list["zipfile.ZipInfo"], error: type[RolegenError]) -> None:
    """Refuse a package whose declared sizes show a zip bomb, before anything is unpacked."""
    if len(entries) > MAX_ENTRIES:
        raise error(f"{name} has {len(entries):,} parts, over the limit of {MAX_ENTRIES:,}; refusing it", path)
    total = sum(info.file_size for info in entries)
    if total > MAX_UNPACKED_BYTES:
        raise error(
            f"{name} unpacks to {total:,} bytes, over the limit of {MAX_UNPACKED_BYTES:,} (a zip bomb?); refusing it",
            path,
        )
    for info in entries:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR_BYTES and ratio > MAX_ENTRY_RATIO:
            raise error(
                f"{name} has a part '{info.filename}' that unpacks {ratio:,.0f} times larger "
                "than stored (a zip bomb?); refusing it",
                path,
            )


def image_problem(path: Path, what: str = "logo") -> str | None:
    """Return why a raster image cannot be used as a logo (or what else it is for), or None when it can.

    SVG logos are placed by logos.raster_of; an SVG anywhere else (a picture in a body) is refused here.
    """
    from PIL import Image, UnidentifiedImageError

    if looks_like_svg(path):
        return f"{what} '{path.name}' is an SVG; rolegen places SVG only as a brand logo, so convert it to PNG"
    try:
        with warnings.catch_warnings():
            # Pillow's own warning would print before our one-line message; the pixel check replaces it.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return _pixels_problem(path, what)
    except Image.DecompressionBombError:
        return f"{what} '{path.name}' is too large to open safely; scale it down"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return f"{what} '{path.name}' is not an image Office can show (PNG, JPEG, GIF)"


def _pixels_problem(path: Path, what: str) -> str | None:
    from PIL import Image

    # Opening reads only the header, so the size check comes before any pixels are decoded.
    with Image.open(path) as image:
        if image.width * image.height > MAX_IMAGE_PIXELS:
            return (
                f"{what} '{path.name}' is {image.width:,} x {image.height:,} pixels, over the "
                f"{MAX_IMAGE_PIXELS // 1_000_000} megapixel limit; scale it down"
            )
        if image.format not in _OFFICE_IMAGES:
            return f"{what} '{path.name}' is {image.format}; use PNG, JPEG or GIF"
        image.verify()
    with Image.open(path) as image:
        image.load()  # verify() skips the pixel data, where truncation shows
    return None


def looks_like_svg(path: Path) -> bool:
    """Return whether a file is an SVG image (by its name or its first bytes)."""
    if path.suffix.lower() in (".svg", ".svgz"):
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(512).lstrip()
    except OSError:
        return False
    return head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in head)
