"""Bring a brand's logo to a form Office files hold: download a URL into the cache, rasterise an SVG."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from rolegen.cache import cache_home
from rolegen.inputs import safety
from typing import TYPE_CHECKING, Any
from rolegen.brand.folder import Kit
from rolegen.brand.schema import MODES, words
from rolegen.inputs.fields import Place, shown, unknown_keys
from rolegen.model import Logo

if TYPE_CHECKING:
    from rolegen.inputs.svg import Cleaned

# A logo is small; a download or an SVG beyond these is not a logo.
MAX_LOGO_BYTES = 5_000_000
DOWNLOAD_TIMEOUT_S = 10
# The PNG stand-in of an SVG: tall enough to print sharply at the logo's few centimetres.
RASTER_HEIGHT_PX = 512
MAX_REMOVALS_SHOWN = 6  # what a warning names of what an SVG logo lost
_URL = re.compile(r"https?://", re.IGNORECASE)


class LogoProblem(Exception):
    """A logo file that cannot be placed; the message says why."""


def is_url(text: str) -> bool:
    """Return whether a logo or font path is a web address."""
    return bool(_URL.match(text.strip()))


def cache_dir() -> Path:
    """Return rolegen's cache folder (rolegen.cache.cache_home: platformdirs' user cache, e.g. ~/.cache/rolegen)."""
    return Path(cache_home())


def fetch(url: str) -> Path | str:
    """Return the cached copy of a logo URL, downloading it once; or the reason it cannot be had."""
    from urllib.parse import urlparse

    suffix = Path(urlparse(url).path).suffix.lower()
    if suffix not in (".png", ".jpg", ".jpeg", ".gif", ".svg"):
        suffix = ".img"
    target = cache_dir() / "logos" / (hashlib.sha256(url.encode("utf-8")).hexdigest()[:32] + suffix)
    if target.is_file():
        return target
    problem = _download(url, target)
    return problem or target


def _download(url: str, target: Path) -> str | None:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT_S) as response:
            data = response.read(MAX_LOGO_BYTES + 1)
    except (urllib.error.URLError, OSError, ValueError) as e:
        reason = getattr(e, "reason", None) or e
        return f"{reason}"
    if len(data) > MAX_LOGO_BYTES:
        return f"it is over {MAX_LOGO_BYTES:,} bytes"
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written beside and renamed: a build running at the same time never reads half a logo.
    temporary = target.with_name(f".{target.name}.{os.getpid()}")
    temporary.write_bytes(data)
    os.replace(temporary, target)
    return None


def raster_of(path: Path) -> Path | None:
    """Return the PNG stand-in of an SVG logo (made once, kept in the cache), or None for a raster logo.

    Raise LogoProblem when the file is no image Office can show.
    """
    cleaned = clean_svg(path)
    return None if cleaned is None else _raster(path, cleaned.data)


def clean_svg(path: Path) -> Cleaned | None:
    """Return an SVG logo rebuilt from static SVG alone (see inputs/svg.py), or None for a raster logo.

    Raise LogoProblem when the file is no image Office can show.
    """
    if not safety.looks_like_svg(path):
        problem = safety.image_problem(path)
        if problem:
            raise LogoProblem(problem)
        return None
    # Here, not at the top: a kit with a raster logo (and rolegen render) never loads lxml.
    from rolegen.inputs import svg

    data = path.read_bytes()
    if len(data) > MAX_LOGO_BYTES:
        raise LogoProblem(f"logo '{path.name}' is over {MAX_LOGO_BYTES:,} bytes; an SVG logo is far smaller")
    try:
        return svg.clean(data, path.name)
    except svg.SvgProblem as e:
        raise LogoProblem(str(e)) from e


def _raster(path: Path, data: bytes) -> Path:
    """Return the PNG drawn from an SVG's (cleaned) bytes, from the cache when it was drawn before."""
    target = cache_dir() / "svg" / (hashlib.sha256(data).hexdigest()[:32] + ".png")
    if not target.is_file():
        png = _rasterise(path, data)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}")
        temporary.write_bytes(png)
        os.replace(temporary, target)
    return target


def _rasterise(path: Path, data: bytes) -> bytes:
    # resvg (Rust, through resvg-py): a wheel with no system libraries, unlike cairosvg's cairo.
    import resvg_py

    try:
        # No resources_dir: an SVG from a pull request must not pull other files into the deck.
        png = resvg_py.svg_to_bytes(svg_string=data.decode("utf-8"), height=RASTER_HEIGHT_PX)
    except (ValueError, UnicodeDecodeError) as e:
        raise LogoProblem(f"logo '{path.name}' cannot be drawn ({e})") from e
    return bytes(png)


_SIZES = ("medium", "large", "small")


def read_logos(kit: Kit, place: Place, logo: Any, brand_name: str) -> tuple[Logo | None, Logo | None]:
    """Return the light logo and the dark one (None when the brand gives no dark variant)."""
    if logo is None:
        return None, None
    images: dict = {}
    where = place
    if isinstance(logo, dict):
        problems = unknown_keys(logo, ("images",) + _SIZES, place, "'logo'")
        if problems:
            raise problems[0]
        images = logo.get("images") or {}
        if not isinstance(images, dict):
            raise place.fail("'logo.images' must be a mapping of names to images, such as 'mark: logo.png'", "images")
        size = next((s for s in _SIZES if logo.get(s) is not None), None)
        if size is not None:
            logo, where = logo[size], place.at(size)
        elif images:
            name = sorted(images, key=str)[0]
            logo, where = images[name], place.at("images", name)
        else:
            raise place.fail("'logo' needs small, medium, large or images")
    if place.report is not None:
        place.report.use(where.name)
    alt = f"{brand_name} logo"
    if isinstance(logo, dict) and set(logo) & set(MODES):
        light_value = logo.get("light") if logo.get("light") is not None else logo.get("dark")
        light_at = where.at("light" if logo.get("light") is not None else "dark")
        light = _one_logo(kit, light_at, light_value, images, alt)
        dark = (
            _one_logo(kit, where.at("dark"), logo["dark"], images, alt)
            if logo.get("dark") is not None and logo.get("light") is not None
            else None
        )
        return light, dark
    return _one_logo(kit, where, logo, images, alt), None


def _one_logo(kit: Kit, place: Place, value: Any, images: dict, alt: str) -> Logo | None:
    if isinstance(value, str) and value in images:
        value, place = images[value], place.at(value)
        place = Place(place.doc, ("logo", "images") + place.keys[-1:], place.error, place.report)
    if isinstance(value, dict) and set(value) & set(MODES):
        # An image of logo.images may itself hold both variants: this one is the light one.
        value = value.get("light") if value.get("light") is not None else value.get("dark")
    if isinstance(value, dict):
        given = value.get("alt")
        if given is not None and not isinstance(given, str):
            raise place.fail(f"logo alt text must be text, not {shown(given)}", "alt")
        alt = words(place.at("alt"), given.strip() or alt, "logo alt text") if given else alt
        value, place = value.get("path"), place.at("path")
    if not isinstance(value, str):
        raise place.fail("logo must be a path, a URL, an image name or {path, alt}")
    if is_url(value):
        fetched = fetch(value)
        if isinstance(fetched, str):
            kit.warnings.append(
                f"{kit.top.doc.path.name}: logo {value} could not be downloaded ({fetched}): building without the logo"
            )
            return None
        path = fetched
    else:
        path = kit.regular_file(value, "logo", place, MAX_LOGO_BYTES)
    try:
        cleaned = clean_svg(path)
        if cleaned is None:
            return Logo(path, alt)
        raster = _raster(path, cleaned.data)
    except LogoProblem as e:
        raise place.fail(str(e)) from e
    if cleaned.removed:
        kit.warnings.append(f"{kit.top.doc.path.name}:{place.doc.line(*place.keys)}: {_removal(path, cleaned.removed)}")
    return Logo(path, alt, raster, cleaned.data)


def _removal(path: Path, removed: tuple[str, ...]) -> str:
    """Return the warning that says what was taken out of an SVG logo."""
    shown = ", ".join(removed[:MAX_REMOVALS_SHOWN])
    more = f" and {len(removed) - MAX_REMOVALS_SHOWN} more" if len(removed) > MAX_REMOVALS_SHOWN else ""
    return (
        f"logo '{path.name}': took out what a logo may not hold ({shown}{more}); placing the static "
        "drawing that is left"
    )


# -- rolegen's own settings ----------------------------------------------------------------------
