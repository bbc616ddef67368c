"""Fingerprint everything that goes into an output, so unchanged outputs can be skipped."""

from __future__ import annotations

import functools
import hashlib
import os
import re
from pathlib import Path

from rolegen import __version__
from rolegen.errors import BrandError, RolegenError
from rolegen.build.manifest import RoleList
from rolegen.inputs.project import ID_PATTERN, Project
from rolegen.inputs.safety import MAX_FILE_BYTES, read_guarded

PACKAGE_DIR = Path(__file__).parent.parent
DEFAULTS_DIR = PACKAGE_DIR / "defaults"  # the packaged templates and master (see templates.py)
# The libraries that write the packages. Others (lxml, Pillow, Jinja2) are left out on purpose: they
# rarely change a byte, and counting them would mark committed outputs stale on every CI machine.
_LIBRARIES = (("python-pptx", "pptx"), ("python-docx", "docx"))
_CONTENT_SUFFIXES = {".md", ".yaml", ".yml"}  # digested one by one, for the outputs that read them


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

    def __init__(self, project: Project, known: dict[str, RoleList] | None = None):
        """known holds the role lists the last build read (a manifest's comparisons)."""
        self.project = project
        self._files: dict[Path, str] = {}
        self._trees: dict[Path, str] = {}
        self._roles: dict[Path, list[Path]] = {}
        self._roots: dict[Path, list[str]] = {}
        self._known = known or {}
        self.role_lists: dict[str, RoleList] = {}  # what this build read, for the manifest

    def inputs(self, brand: str, comparison: str, kind: str, lang: str | None = None, pdf: bool = False) -> str:
        """Return one digest of every input of an output: content, templates, brand, rolegen itself.

        pdf says the output is a pack holding PDFs: another output than one without, so --pdf rebuilds it.
        """
        lines = [
            f"kind {kind}{' with pdf' if pdf and kind == 'pack' else ''}",
            f"rolegen {__version__}",
            f"code {_code_digest()}",
            *_library_versions(),
            # SOURCE_DATE_EPOCH changes the dates stamped into the documents.
            f"SOURCE_DATE_EPOCH {os.environ.get('SOURCE_DATE_EPOCH', '').strip()}",
        ]
        project = self.project
        local = Project(project.root, lang)
        content = f"content/{lang}" if lang else "content"
        path = local.comparisons_dir / f"{comparison}.yaml"
        lines.append(f"{content}/comparisons/{comparison}.yaml {self._digest(path)}")
        lines += [f"{content}/roles/{p.name} {self._digest(p)}" for p in self._role_files(local, path)]
        # Images a role body shows live beside the content; any of them may be in this output. Rosters
        # do not count: a new hire's handout adds its own row (build/run.py), and no other output reads them.
        lines.append(f"content images {self._images_digest(project.content_dir)}")
        # A template may include or extend any other template, so every template counts.
        lines.append(f"templates {self._tree_digest(project.templates_dir, project.brands_dir)}")
        lines.append(f"brand {self._tree_digest(project.brands_dir / brand)}")
        # Files a kit names from the project root ('/assets/logo.svg') live outside its folder.
        lines += [f"{name} {self._digest(project.root / name.lstrip('/'))}" for name in self._rooted(brand)]
        lines.append(f"defaults {self._tree_digest(DEFAULTS_DIR)}")
        return data_digest("\n".join(lines).encode("utf-8"))

    def _images_digest(self, folder: Path) -> str:
        """Return one digest of every file below folder that is not a role or comparison (once per build)."""
        key = folder / ".images"
        if key not in self._trees:
            lines = [
                f"{p.relative_to(folder).as_posix()} {self._digest(p)}"
                for p in _tree(folder)
                if p.suffix.lower() not in _CONTENT_SUFFIXES and p.relative_to(folder).parts[0] != "rosters"
            ]
            self._trees[key] = data_digest("\n".join(lines).encode("utf-8"))
        return self._trees[key]

    def _tree_digest(self, folder: Path, skip: Path | None = None) -> str:
        """Return one digest of every file's name and bytes below folder (once per build)."""
        if folder not in self._trees:
            lines = [
                f"{p.relative_to(folder).as_posix()} {self._digest(p)}"
                for p in _tree(folder)
                if skip is None or not p.is_relative_to(skip)
            ]
            self._trees[folder] = data_digest("\n".join(lines).encode("utf-8"))
        return self._trees[folder]

    def _rooted(self, brand: str) -> list[str]:
        """Return the '/'-rooted file names a brand kit's _brand.yml gives (read once per build)."""
        key = self.project.brands_dir / brand
        if key not in self._roots:
            try:
                # Through the file guard: a kit arrives in pull requests, and a FIFO or a huge
                # _brand.yml must not hang or swamp the staleness check before the kit is loaded.
                raw = read_guarded(key / "_brand.yml", self.project.root, BrandError, limit=MAX_FILE_BYTES)
                text = raw.decode("utf-8")
            except (RolegenError, UnicodeDecodeError):
                text = ""  # a broken kit fails when it is loaded, with a proper message
            # Only a kit with a value starting with '/' needs parsing: most builds never load YAML here.
            self._roots[key] = _rooted_names(text) if _ROOTED_VALUE.search(text) else []
        return self._roots[key]

    def _role_files(self, project: Project, comparison_file: Path) -> list[Path]:
        """Return the role files a comparison names; all roles when the file cannot say."""
        if comparison_file not in self._roles:
            key = comparison_file.relative_to(self.project.root).as_posix()
            digest = self._digest(comparison_file)
            known = self._known.get(key)
            if known is not None and known.sha256 == digest:
                ids = known.roles
            else:
                ids = _read_role_ids(comparison_file)
            if ids is None:
                # A broken comparison fails when it is rendered, with a proper message; here any role may matter.
                self._roles[comparison_file] = sorted(project.roles_dir.glob("*.md"))
            else:
                self.role_lists[key] = RoleList(digest, ids)
                self._roles[comparison_file] = [project.roles_dir / f"{role_id}.md" for role_id in ids]
        return self._roles[comparison_file]

    def _digest(self, path: Path) -> str:
        if path not in self._files:
            self._files[path] = file_digest(path) if path.is_file() else "missing"
        return self._files[path]


def _read_role_ids(comparison_file: Path) -> tuple[str, ...] | None:
    """Return the sorted role ids a comparison file names, or None when it cannot be read as one."""
    # Here: a build that finds every comparison unchanged never needs a YAML parser. The one loader
    # of content (sources), so what it refuses or cannot build fails later with a proper message.
    from rolegen.errors import RolegenError
    from rolegen.inputs.sources import content_root, parse_yaml, read_text

    try:
        data = parse_yaml(read_text(comparison_file, root=content_root(comparison_file)), comparison_file).data
        ids = data["roles"]
        if not isinstance(ids, list) or not all(isinstance(i, str) and ID_PATTERN.match(i) for i in ids):
            raise TypeError(ids)
    except (RolegenError, KeyError, TypeError):
        return None
    return tuple(sorted(set(ids)))


# Names editors, office suites and OSes leave beside the files they open: vim's 4913 probe, Office's
# ~$owner files, LibreOffice's .~lock.*#, backups ending in ~, swap and temporary files.
_CLUTTER_PREFIXES = (".", "~")
_CLUTTER_SUFFIXES = ("~", ".tmp", ".swp", ".swx", ".bak", ".crdownload")
_CLUTTER_NAMES = frozenset({"4913", "Thumbs.db", "desktop.ini"})


def is_clutter(path: Path) -> bool:
    """Return whether a file is an editor's or OS's temporary file, which no build reads."""
    name = path.name
    return (
        name.startswith(_CLUTTER_PREFIXES)
        or name.endswith(_CLUTTER_SUFFIXES)
        or name in _CLUTTER_NAMES
        or "__pycache__" in path.parts
    )


def _tree(folder: Path) -> list[Path]:
    """Return every file below folder, sorted, skipping editor and OS clutter."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and not is_clutter(p))


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
    return tuple(f"{name} {_version(name, module)}" for name, module in _LIBRARIES)


def _version(name: str, module: str) -> str:
    """Return an installed library's version without importing it (a no-op build must stay quick)."""
    import importlib.util

    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return "none"
    match = re.search(r"^__version__\s*=\s*[\"']([^\"']+)", Path(spec.origin).read_text(encoding="utf-8"), re.M)
    if match:
        return match.group(1)
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "none"


_ROOTED_VALUE = re.compile(r"""[:-][ \t]*['"]?/[^/]""")


def _rooted_names(text: str) -> list[str]:
    """Return the '/'-rooted names in a brand file's YAML (none that climb out with '..')."""
    import yaml

    from rolegen.inputs.sources import strings_in

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return []
    return sorted(
        {name for name in strings_in(data) if name.startswith("/") and not name.startswith("//") and ".." not in name}
    )
