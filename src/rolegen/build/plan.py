"""What a build makes: every brand x language x comparison x format, narrowed by name or shard."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rolegen.errors import RolegenError, display_path
from rolegen.inputs.project import SUFFIXES, Project

FORMATS = ("deck", "handout", "pack")  # what a build makes unless told otherwise
LMS_FORMATS = ("moodle", "gift", "qti", "scorm")  # what --lms adds: the learning-platform files


@dataclass(frozen=True, order=True)
class Output:
    """One file a build produces: a brand's deck, handout or pack of one comparison, a learning-platform file,
    or a new hire's handout.

    A new hire's (roster set) is known to the manifest, the shards and every message by its roster,
    a keyed digest (ref) and its row's line: never by the person's name, which only its file carries.
    """

    brand: str
    comparison: str
    kind: str  # deck, handout or pack; for a new hire, handout or pdf
    lang: str = ""  # a content/<lang>/ translation; "" is the content in content/ itself
    roster: str = ""  # the roster a new hire's handout comes from: 'new-hires'
    ref: str = ""  # the keyed digest that names a new hire's handout (rosters.privacy.reference)
    person: str = field(default="", compare=False, repr=False)  # the file name: 'priya-sharma'
    who: object = field(default=None, compare=False, repr=False)  # the rosters.model.Person
    row: str = field(default="", compare=False, repr=False)  # the keyed digest of the person's row
    line: int = field(default=0, compare=False)  # the row's line in the roster

    @property
    def suffix(self) -> str:
        return ".pdf" if self.kind == "pdf" else SUFFIXES[self.kind]

    @property
    def key(self) -> str:
        """Return the output's name in the manifest: its path relative to output/, with '/' on every system;
        for a new hire's handout, its roster and digest instead of the person's file name."""
        if self.roster:
            return f"{self.brand}/onboarding/{self.roster}-{self.ref}{self.suffix}"
        folder = f"{self.brand}/{self.lang}" if self.lang else self.brand
        if self.kind in LMS_FORMATS:
            folder = f"{folder}/{self.comparison}-lms"
        return f"{folder}/{self.comparison}{SUFFIXES[self.kind]}"

    @property
    def label(self) -> str:
        """Return how a message names the output: its key, or for a new hire the roster row it comes from."""
        if self.roster:
            return f"{self.brand}/onboarding/ ({self.roster} line {self.line}, {self.kind})"
        return self.key

    def path(self, project: Project) -> Path:
        """Return where the output lives in a project."""
        if self.roster:
            return project.output_dir / self.brand / "onboarding" / f"{self.person}{self.suffix}"
        return project.output_dir / self.key

    def project(self, project: Project) -> Project:
        """Return the project reading this output's language."""
        return project.in_language(self.lang or None)


@dataclass(frozen=True)
class Shard:
    """Share `index` of `count` (1-based) of the outputs, chosen by a hash of each output's path."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """Return the shard written as 'K/N', or raise ValueError."""
        index, sep, count = text.partition("/")
        if not sep or not index.strip().isdigit() or not count.strip().isdigit():
            raise ValueError(f"'{text}' is not K/N, such as 1/4")
        shard = cls(int(index), int(count))
        if not 1 <= shard.index <= shard.count:
            raise ValueError(f"'{text}': K must be between 1 and N")
        return shard

    def holds(self, output: Output) -> bool:
        """Return whether an output belongs to this shard; the answer is the same on every machine."""
        # Python's hash() is salted per process, so a fixed digest decides instead.
        number = int.from_bytes(hashlib.sha256(output.key.encode("utf-8")).digest()[:8], "big")
        return number % self.count == self.index - 1


def plan(
    project: Project,
    brands: Iterable[str] = (),
    comparisons: Iterable[str] = (),
    formats: Iterable[str] = (),
    shard: Shard | None = None,
    languages: Iterable[str | None] | None = None,
) -> list[Output]:
    """Return the outputs to build: every brand x language x comparison x format, narrowed by the arguments.

    languages=None means every language the project has; a comparison named on its own is built
    in the languages that have it.
    """
    brands = sorted(set(brands)) or project.brand_names()
    wanted = sorted(set(comparisons))
    if not brands:
        raise RolegenError(f"no brands to build: add one to {display_path(project.brands_dir)}/")
    for name in brands:
        project.brand_dir(name)  # raises, naming the known brands, when the name is wrong
    explicit = languages is not None
    pairs: list[tuple[str, str]] = []
    for lang in list(languages) if explicit else project.languages():
        local = project.in_language(lang)
        ids = local.comparison_ids()
        for comparison in wanted or ids:
            if comparison in ids or explicit or not lang:
                local.comparison_path(comparison)  # raises, naming the known ones, when the id is wrong
                pairs.append((lang or "", comparison))
    if not pairs:
        raise RolegenError(f"no comparisons to build: add one to {display_path(project.comparisons_dir)}/")
    kinds = [k for k in FORMATS + LMS_FORMATS if k in set(formats)] or list(FORMATS)
    outputs = [Output(b, c, k, lang) for b in brands for lang, c in pairs for k in kinds]
    return [o for o in outputs if shard is None or shard.holds(o)]
