"""Find, check and read the images a Markdown text shows, through the project's file guard."""

from __future__ import annotations

import os
import re
import urllib.parse
from dataclasses import replace
from pathlib import Path

from markdown_it.common.utils import unescapeAll

from rolegen.errors import leading_out
from rolegen.tree import Document, Image

# A photo straight from a camera is a few MB; anything far larger does not belong on a slide.
MAX_IMAGE_BYTES = 20_000_000
_DEFAULT_DPI = 96.0
# An inline image as authors write it: ![alt](destination "title"); the destination may be <...>.
_INLINE_IMAGE = re.compile(r"!\[(?:[^\]\\]|\\.)*\]\(\s*(<[^<>\n]*>|[^\s()]+)")


class ImageError(ValueError):
    """An image cannot be used; line is 1-based in the Markdown that shows it (0: unknown)."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


def anchor_images(markdown_text: str, folder: Path, root: Path) -> str:
    """Return markdown_text with each image path made absolute from folder, after checking the file.

    A role file's images are written relative to the file; the template places its body in a
    document whose images are read relative to the project, so the paths are anchored first.
    """
    from rolegen.content import markdown

    wanted = markdown.image_sources(markdown_text)
    if not wanted:
        return markdown_text
    pieces, last = [], 0
    found = {}
    for match in _INLINE_IMAGE.finditer(markdown_text):
        raw = match.group(1)
        destination = raw[1:-1] if raw.startswith("<") else raw
        found.setdefault(markdown.normal_link(unescapeAll(destination)), []).append(match)
    for src, line in wanted:
        matches = found.get(src)
        if not matches:
            raise ImageError(f"image '{src}' is a reference-style image: write it as ![alt]({src})", line)
        match = matches.pop(0)
        path = _guarded(folder / _file_name(src), root, line)
        start, end = match.span(1)
        pieces += [markdown_text[last:start], f"<{path}>"]
        last = end
    pieces.append(markdown_text[last:])
    return "".join(pieces)


def resolve(document: Document, root: Path) -> Document:
    """Return document with each image's bytes and size filled in; relative paths start at root."""
    blocks = []
    for block in document.blocks:
        if isinstance(block, Image):
            path = Path(_file_name(block.src))
            path = _guarded(path if path.is_absolute() else root / path, root, block.line)
            data = _read(path, root, block.line)
            block = replace(block, data=data, size=_size_in_points(path, block.line))
        blocks.append(block)
    return replace(document, blocks=tuple(blocks))


def _read(path: Path, root: Path, line: int) -> bytes:
    """Return an image's bytes through the project's file guard (no FIFO swapped in after the check)."""
    from rolegen.inputs.safety import read_guarded

    def error(message: str, _path) -> ImageError:
        return ImageError(f"image '{path.name}': {message}", line)

    return read_guarded(path, root, error, limit=MAX_IMAGE_BYTES, what="the file")


def _file_name(src: str) -> str:
    if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*://", src):
        raise ImageError(f"image '{src}' is on the web; save it in the project and give its path", 0)
    return urllib.parse.unquote(src)


def _guarded(path: Path, root: Path, line: int) -> Path:
    """Return path if it is a regular, not too large image file inside root, else raise ImageError."""
    from rolegen.inputs.safety import image_problem

    lexical = Path(os.path.normpath(path)).is_relative_to(os.path.normpath(root))
    if not (lexical and path.resolve().is_relative_to(root.resolve())):
        raise leading_out(ImageError(f"image '{path.name}' leads outside the project (a link or '..'?)", line), path)
    if not path.is_file():
        raise ImageError(f"image '{_shown(path, root)}' not found", line)
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        raise ImageError(
            f"image '{path.name}' is {size:,} bytes, over the {MAX_IMAGE_BYTES:,}-byte limit; scale it down", line
        )
    problem = image_problem(path, "image")
    if problem:
        raise ImageError(problem, line)
    return path


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return path.name


def _size_in_points(path: Path, line: int) -> tuple[float, float]:
    """Return an image's natural size in points, from its pixels and resolution (96 dpi if unstated)."""
    from PIL import Image as Pillow

    with Pillow.open(path) as picture:
        dpi = picture.info.get("dpi") or (_DEFAULT_DPI, _DEFAULT_DPI)
        x_dpi, y_dpi = (float(d) if d and float(d) >= 10 else _DEFAULT_DPI for d in dpi[:2])
        return picture.width * 72 / x_dpi, picture.height * 72 / y_dpi
