"""Where things live in a rolegen project, and the rules for ids."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rolegen.errors import RolegenError, UsageError, leading_out

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")
# A BCP 47 tag as content folders use them: en-GB, de-DE, fr, pt-BR.
LANG_PATTERN = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*\Z")
# What each kind of output is called: output/<brand>/[<lang>/]<comparison><suffix>.
SUFFIXES = {
    "deck": ".pptx",
    "handout": ".docx",
    "pack": "-pack.zip",
    # The learning-platform files (build --lms), in a folder <comparison>-lms/ of their own.
    "moodle": ".moodle.xml",
    "gift": ".gift.txt",
    "qti": "-qti.zip",
    "scorm": "-scorm.zip",
}
# A site's address as base_url takes it: http or https, a host, any path.
WEB_ADDRESS = re.compile(r"https?://[^\s/?#@]+(/[^\s]*)?\Z", re.IGNORECASE)
# A folder holding one of these is a project root; rolegen looks for it upward, as git does for .git.
ROOT_MARKERS = ("content", "rolegen.toml")


@dataclass(frozen=True)
class Project:
    """A rolegen project folder: content/, templates/, output/.

    lang selects a translation in content/<lang>/; None is the content directly in content/.
    """

    root: Path
    lang: str | None = None

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def language_dir(self) -> Path:
        return self.content_dir / self.lang if self.lang else self.content_dir

    @property
    def roles_dir(self) -> Path:
        return self.language_dir / "roles"

    @property
    def comparisons_dir(self) -> Path:
        return self.language_dir / "comparisons"

    @property
    def base_url(self) -> str | None:
        """Return rolegen.toml's base_url: the site that content's site-relative links lead into."""
        path = self.root / "rolegen.toml"
        if not path.is_file():
            return None
        try:
            import tomllib
        except ImportError:  # Python 3.10
            import tomli as tomllib
        from rolegen.inputs.sources import read_text

        try:
            settings = tomllib.loads(read_text(path, RolegenError, self.root))
        except tomllib.TOMLDecodeError as e:
            raise RolegenError(f"invalid TOML: {e}", path) from e
        value = settings.get("base_url")
        if value is None:
            return None
        if not isinstance(value, str) or not WEB_ADDRESS.match(value):
            line = next((n for n, text in enumerate(path.read_text().splitlines(), 1) if "base_url" in text), None)
            raise RolegenError("'base_url' must be a web address such as https://handbook.example.com/", path, line)
        return value

    def output_folder(self, brand: str) -> Path:
        """Return where a brand's outputs in this project's language go."""
        folder = self.output_dir / brand
        return folder / self.lang if self.lang else folder

    def languages(self) -> list[str | None]:
        """Return None (the content in content/) and every content/<lang>/ that holds comparisons."""
        found = sorted(
            p.parent.name
            for p in self.content_dir.glob("*/comparisons")
            if p.is_dir() and LANG_PATTERN.match(p.parent.name)
        )
        return [None, *found]

    def in_language(self, lang: str | None) -> "Project":
        """Return this project reading content/<lang>/ (None: content/ itself)."""
        if not lang:
            return Project(self.root)
        if not LANG_PATTERN.match(lang):
            raise UsageError(f"invalid language '{lang}': use a tag such as en-GB or de-DE")
        if not (self.content_dir / lang / "comparisons").is_dir():
            known = ", ".join(t for t in self.languages() if t) or "none"
            raise UsageError(f"no content for language '{lang}' in content/{lang}/ (languages here: {known})")
        return Project(self.root, lang)

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def brands_dir(self) -> Path:
        return self.templates_dir / "brands"

    @property
    def output_dir(self) -> Path:
        return self.root / "output"

    def output_file(self, brand: str, comparison_id: str, kind: str) -> Path:
        """Return where an output of this project's language goes by default."""
        return self.output_folder(brand) / f"{comparison_id}{SUFFIXES[kind]}"

    def check_target(self, target: Path, kind: str) -> Path:
        """Return target if an output of this kind may be written there (-o), else raise a UsageError."""
        resolved = target.resolve()
        for protected in (self.content_dir, self.templates_dir):
            if resolved.is_relative_to(protected.resolve()):
                raise UsageError(
                    f"refusing to write inside {protected.name}/: choose a path outside the sources", target
                )
        if not target.name.lower().endswith(SUFFIXES[kind]):
            raise UsageError(f"output must end in {SUFFIXES[kind]}", target)
        if target.is_dir():
            raise UsageError("output is a folder; name a file", target)
        return target

    def comparison_ids(self) -> list[str]:
        """Return the ids of every comparison file, sorted."""
        return sorted(p.stem for p in self.comparisons_dir.glob("*.yaml"))

    def brand_names(self) -> list[str]:
        """Return the names of every brand folder that holds a _brand.yml, sorted."""
        return sorted(p.parent.name for p in self.brands_dir.glob("*/_brand.yml"))

    def brand_dir(self, name: str) -> Path:
        """Return a brand's folder, refusing names that could leave the project."""
        check_id(name, "brand")
        folder = self.brands_dir / name
        if folder.exists():
            inside(self.root, folder, "brand folder")
        _regular(self.root, folder / "_brand.yml")
        if not (folder / "_brand.yml").is_file():
            known = ", ".join(self.brand_names()) or "none"
            raise UsageError(f"unknown brand '{name}' (brands here: {known})")
        inside(self.root, folder, "brand folder")
        return folder

    def comparison_path(self, comparison_id: str | None) -> Path:
        """Return a comparison's file; with no id, the project's only comparison."""
        if comparison_id is None:
            ids = self.comparison_ids()
            if len(ids) != 1:
                found = ", ".join(ids) or "none"
                raise UsageError(f"--comparison is needed: this project has {len(ids)} comparisons ({found})")
            comparison_id = ids[0]
        check_id(comparison_id, "comparison")
        path = self.comparisons_dir / f"{comparison_id}.yaml"
        if path.exists():
            inside(self.root, path, "comparison")
        _regular(self.root, path)
        if not path.is_file():
            known = ", ".join(self.comparison_ids()) or "none"
            raise UsageError(f"unknown comparison '{comparison_id}' (comparisons here: {known})")
        return inside(self.root, path, "comparison")


def check_id(value: str, kind: str) -> str:
    """Return value if it is a valid id, else raise a UsageError naming the rule (ids come from the command line)."""
    if not ID_PATTERN.match(value):
        raise UsageError(f"invalid {kind} name '{value}': use lower-case letters, digits, '-' and '_'")
    return value


def _regular(root: Path, path: Path) -> None:
    """Refuse a folder, FIFO, device or link out of root standing where a file is looked for."""
    if path.exists() or path.is_symlink():
        from rolegen.inputs.safety import guard

        guard(path, root)


def inside(root: Path, path: Path, what: str) -> Path:
    """Return path if, after following links, it stays inside root."""
    if not path.resolve().is_relative_to(root.resolve()):
        raise leading_out(RolegenError(f"{what} leads outside the project (a link or '..'?)", path), path)
    return path


def find_root(start: Path) -> Path:
    """Return the nearest folder from start upward that holds content/ or rolegen.toml; start if none does."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if any((folder / marker).exists() for marker in ROOT_MARKERS):
            return folder
    return start
