"""Fingerprint everything that goes into an output, so unchanged outputs can be skipped."""

from __future__ import annotations

import functools
import hashlib
import os
from importlib import metadata
from pathlib import Path

import yaml

from rolegen import __version__
from rolegen.project import ID_PATTERN, Project

PACKAGE_DIR = Path(__file__).parent
DEFAULTS_DIR = PACKAGE_DIR / "defaults"  # the packaged templates and master (see templates.py)
# The libraries that write the packages. Others (lxml, Pillow, Jinja2) are left out on purpose: they
# rarely change a byte, and counting them would mark committed outputs stale on every CI machine.
_LIBRARIES = ("python-pptx", "python-docx")


def file_digest(path: Path) -> str:
    """Return the SHA-256 of a file's bytes, in hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def data_digest(data: bytes) -> str:
    """Return the SHA-256 of some bytes, in hex."""
    return hashlib.sha256(data).hexdigest()


class Fingerprinter:
    """Digests of the inputs of a project's outputs, each file read once per build."""

    def __init__(self, project: Project, pdf: bool = False):
        self.project = project
        self.pdf = pdf
        self._files: dict[Path, str] = {}

    def inputs(self, brand: str, comparison: str, kind: str, lang: str | None = None) -> str:
        """Return one digest of every input of an output: content, templates, brand, rolegen itself."""
        # A pack with PDFs is another output than one without: --pdf must rebuild it.
        lines = [f"kind {kind}{' with pdf' if self.pdf and kind == 'pack' else ''}", f"rolegen {__version__}", f"code {_code_digest()}", *_library_versions(),
                 # SOURCE_DATE_EPOCH changes the dates stamped into the documents.
                 f"SOURCE_DATE_EPOCH {os.environ.get('SOURCE_DATE_EPOCH', '').strip()}"]
        for label, path in self._input_files(brand, comparison, lang):
            lines.append(f"{label} {self._digest(path)}")
        return data_digest("\n".join(lines).encode("utf-8"))

    def _input_files(self, brand: str, comparison: str, lang: str | None) -> list[tuple[str, Path]]:
        project = self.project
        local = Project(project.root, lang)
        content = f"content/{lang}" if lang else "content"
        files = [(f"{content}/comparisons/{comparison}.yaml", local.comparisons_dir / f"{comparison}.yaml")]
        files += [(f"{content}/roles/{p.name}", p) for p in self._role_files(local, comparison)]
        # A template may include or extend any other template, so every template counts.
        files += [(f"templates/{p.relative_to(project.templates_dir).as_posix()}", p)
                  for p in _tree(project.templates_dir) if not p.is_relative_to(project.brands_dir)]
        brand_dir = project.brands_dir / brand
        files += [(f"brand/{p.relative_to(brand_dir).as_posix()}", p) for p in _tree(brand_dir)]
        files += [(f"defaults/{p.relative_to(DEFAULTS_DIR).as_posix()}", p) for p in _tree(DEFAULTS_DIR)]
        return files

    @staticmethod
    def _role_files(project: Project, comparison: str) -> list[Path]:
        """Return the role files a comparison names; all roles when the file cannot say."""
        roles_dir = project.roles_dir
        try:
            data = yaml.safe_load((project.comparisons_dir / f"{comparison}.yaml").read_text(encoding="utf-8"))
            ids = data["roles"]
            if not isinstance(ids, list) or not all(isinstance(i, str) and ID_PATTERN.match(i) for i in ids):
                raise TypeError(ids)
        except (OSError, UnicodeDecodeError, yaml.YAMLError, KeyError, TypeError):
            # A broken comparison fails when it is rendered, with a proper message; here any role may matter.
            return sorted(roles_dir.glob("*.md"))
        return [roles_dir / f"{role_id}.md" for role_id in sorted(set(ids))]

    def _digest(self, path: Path) -> str:
        if path not in self._files:
            self._files[path] = file_digest(path) if path.is_file() else "missing"
        return self._files[path]


def _tree(folder: Path) -> list[Path]:
    """Return every file below folder, sorted, skipping editor and OS clutter."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*")
                  if p.is_file() and not p.name.startswith(".") and "__pycache__" not in p.parts)


@functools.lru_cache(maxsize=1)
def _code_digest() -> str:
    """Return a digest of rolegen's own source: an unreleased change can change the bytes too."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def _library_versions() -> tuple[str, ...]:
    versions = []
    for name in _LIBRARIES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} none")
    return tuple(versions)
