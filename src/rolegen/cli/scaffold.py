"""Create projects and files from commented skeletons: `rolegen init` and `rolegen new`."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import jinja2

from rolegen import __version__
from rolegen.errors import BrandError, RolegenError
from rolegen.brand.logos import is_url
from rolegen.inputs.project import Project, check_id
from rolegen.inputs.sources import parse_yaml, read_text, strings_in

SCAFFOLD_DIR = Path(__file__).parent.parent / "defaults" / "scaffold"
SAMPLE_DIR = Path(__file__).parent.parent / "defaults" / "sample"
OUTPUT_POLICIES = ("ignored", "committed")
# Debian packages of the font families brand kits name most; the metric twins of Office's fonts always come.
_FONT_PACKAGES = {
    "lato": "fonts-lato",
    "open sans": "fonts-open-sans",
    "roboto": "fonts-roboto",
    "noto sans": "fonts-noto-core",
    "noto serif": "fonts-noto-core",
    "dejavu sans": "fonts-dejavu-core",
    "fira sans": "fonts-firacode",
    "source sans 3": "fonts-adobe-sourcesans3",
    "inter": "fonts-inter",
    "ubuntu": "fonts-ubuntu",
}
_TWIN_PACKAGES = ("fonts-crosextra-carlito", "fonts-crosextra-caladea", "fonts-liberation2")
_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(SCAFFOLD_DIR),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def init_project(folder: Path, output: str = "ignored", shards: int = 1) -> list[Path]:
    """Create a project that builds as is: sample roles, a comparison, a brand kit and a CI workflow.

    The workflow pins this rolegen's version; with shards > 1 it builds as a matrix of that many jobs
    and a final job that merges their outputs and checks them.
    """
    if shards < 1:
        raise RolegenError("--shards must be 1 or more")
    if output not in OUTPUT_POLICIES:
        raise RolegenError(f"--output must be one of {', '.join(OUTPUT_POLICIES)}")
    if folder.exists() and any(folder.iterdir()):
        raise RolegenError(f"folder '{folder}' is not empty; rolegen init needs a new or empty folder")
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(SAMPLE_DIR, folder, dirs_exist_ok=True)
    written = sorted(p for p in folder.rglob("*") if p.is_file())
    written.append(_write(folder / ".gitignore", _ENV.get_template("gitignore.j2").render(output=output)))
    # git shows decks' and handouts' text changes through rolegen textconv (docs/review.md).
    written.append(_write(folder / ".gitattributes", _ENV.get_template("gitattributes.j2").render()))
    workflow = _ENV.get_template("workflow.yml.j2").render(
        output=output, shards=shards, version=__version__, font_packages=font_packages(Project(folder))
    )
    written.append(_write(folder / ".github" / "workflows" / "rolegen.yml", workflow))
    # The workflow's actions are pinned to commit SHAs; Dependabot proposes each new release of them.
    written.append(_write(folder / ".github" / "dependabot.yml", _ENV.get_template("dependabot.yml.j2").render()))
    return written


def font_packages(project: Project) -> list[str]:
    """Return the Debian packages of the fonts a project's brands use from the system, and the metric twins."""
    from rolegen.brand.kit import load_brands

    families = {
        font.family.lower()
        for brand in load_brands(project)
        for font in (brand.base_font, brand.heading_font, brand.mono_font)
        if not font.files
    }
    return sorted({_FONT_PACKAGES[f] for f in families if f in _FONT_PACKAGES} | set(_TWIN_PACKAGES))


def new_role(project: Project, role_id: str, title: str | None = None, short: str | None = None) -> Path:
    """Write a commented skeleton of a role file."""
    check_id(role_id, "role")
    short = short or role_id.upper()
    text = _ENV.get_template("role.md.j2").render(title=title or f"TODO the {short}'s full title", short=short)
    return _write_new(project.roles_dir / f"{role_id}.md", text)


def new_comparison(project: Project, comparison_id: str, roles: list[str], title: str | None = None) -> Path:
    """Write a commented skeleton of a comparison of existing roles."""
    check_id(comparison_id, "comparison")
    if len(roles) < 2:
        raise RolegenError("--roles needs at least two role ids, e.g. --roles ceo,coo")
    for role in roles:
        check_id(role, "role")
        if not (project.roles_dir / f"{role}.md").is_file():
            raise RolegenError(f"role '{role}' not found; create it first with: rolegen new role {role}")
    title = title or " vs ".join(r.upper() for r in roles)
    text = _ENV.get_template("comparison.yaml.j2").render(title=title, roles=roles, today=dt.date.today().isoformat())
    return _write_new(project.comparisons_dir / f"{comparison_id}.yaml", text)


def new_brand(project: Project, name: str, from_brand_yml: Path | None = None) -> Path:
    """Write a brand kit: a commented _brand.yml, or a copy of an existing one and the files it names."""
    check_id(name, "brand")
    folder = project.brands_dir / name
    target = folder / "_brand.yml"
    if target.exists():
        raise RolegenError(f"'{target}' exists already; rolegen new never overwrites a file")
    if from_brand_yml is None:
        return _write_new(target, _ENV.get_template("_brand.yml.j2").render(name=name, display=name.title()))
    return import_brand(project, name, from_brand_yml).brand_file


@dataclass(frozen=True)
class Imported:
    """What `new brand --from-brand-yml` wrote: the brand file, and each file it names (copied or not)."""

    brand_file: Path
    files: tuple[tuple[str, str, str], ...]  # (name in _brand.yml, "copied" | "missing" | "URL", detail)


def import_brand(project: Project, name: str, source: Path) -> Imported:
    """Copy an existing _brand.yml and the logo and font files it names into a new brand kit.

    A name starting with '/' is read, as Quarto reads it, from the source's project root (the
    folder of the brand file) and copied to the same place below this project's root.
    """
    check_id(name, "brand")
    folder = project.brands_dir / name
    target = folder / "_brand.yml"
    if target.exists():
        raise RolegenError(f"'{target}' exists already; rolegen new never overwrites a file")
    if not source.is_file():
        raise RolegenError(f"brand file '{source}' not found")
    # Read with the same guards as every user file (size, encoding, aliases) before anything is written.
    doc = parse_yaml(read_text(source, BrandError), source, error=BrandError)
    data = doc.data if isinstance(doc.data, dict) else {}
    home = source.parent.resolve()
    named = strings_in(data.get("logo")) + strings_in(
        (data.get("typography") or {}).get("fonts") if isinstance(data.get("typography"), dict) else None
    )
    plan, files = {}, []
    for text in dict.fromkeys(named):
        if is_url(text):
            files.append((text, "URL", "downloaded into the cache when a document is built"))
            continue
        if "/" not in text and "." not in text:
            continue  # an image name of logo.images, or a font's family or source
        rooted = text.startswith("/")
        found = (home / text.lstrip("/")).resolve()
        if not found.is_file() or not found.is_relative_to(home) or found == source.resolve():
            files.append((text, "missing", f"not found below {home}"))
            continue
        copy = (project.root if rooted else folder) / text.lstrip("/")
        if copy.exists():
            files.append((text, "missing", f"{copy} exists already; not overwritten"))
            continue
        plan[found] = copy
        files.append((text, "copied", str(copy)))
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    for found, copy in plan.items():
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(found, copy)
    return Imported(target, tuple(files))


def _write_new(path: Path, text: str) -> Path:
    if path.exists():
        raise RolegenError(f"'{path}' exists already; rolegen new never overwrites a file")
    return _write(path, text)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
