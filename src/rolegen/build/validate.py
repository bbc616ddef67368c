"""Check a whole project (content, templates, brand kits) and collect every problem; write nothing."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from rolegen.build import documents
from rolegen.cache import BuildCache
from rolegen.content.load import load_comparison, load_role
from rolegen.errors import RolegenError, TemplateError
from rolegen.model import Brand, Comparison
from rolegen.inputs.project import ID_PATTERN, Project, inside
from rolegen.inputs.sources import read_text
from rolegen.content.templates import environment


@dataclass
class Report:
    """What validate looked at and every problem it found, in the order found."""

    problems: list[str] = field(default_factory=list)
    roles: int = 0
    comparisons: int = 0
    brands: int = 0
    templates: int = 0
    documents: int = 0
    rosters: int = 0
    people: int = 0
    _seen: set[str] = field(default_factory=set, repr=False)
    _links_out: set[Path] = field(default_factory=set, repr=False)

    def add(self, error: RolegenError) -> None:
        """Record each problem an error carries once, however many documents share it."""
        for problem in getattr(error, "problems", (error,)):
            if problem.message not in self._seen and not self._repeats_a_link_out(problem):
                self._seen.add(problem.message)
                self.problems.append(problem.message)

    def add_link_out(self, path: Path) -> None:
        """Record a link that leads outside the project, the one report of it however many readers meet it."""
        self.add(RolegenError("link leads outside the project; put a copy inside instead", path))
        self._links_out.add(Path(os.path.abspath(path)))

    def _repeats_a_link_out(self, error: BaseException | None) -> bool:
        # A loader meeting a reported link (or a file below a linked folder) words the same problem from
        # its own folder or from the file naming it; the link's own line already says it.
        while error is not None:
            path = getattr(error, "leads_out", None)
            if path is not None:
                path = Path(os.path.abspath(path))
                return not self._links_out.isdisjoint((path, *path.parents))
            error = error.__cause__
        return False

    def summary(self) -> str:
        """Return a one-line account of what was checked."""
        return (
            f"ok: {_count(self.roles, 'role')}, {_count(self.comparisons, 'comparison')}, "
            f"{_count(self.brands, 'brand')}, {_count(self.templates, 'template')} and "
            f"{_count(self.documents, 'document')} checked"
            + (f"; {_count(self.rosters, 'roster')} of {_count(self.people, 'new hire')}" if self.rosters else "")
        )


def validate_project(project: Project) -> Report:
    """Check every role, comparison, brand kit and template, and every document they make."""
    report = Report()
    cache = BuildCache()  # the documents checked share their templates, as a build's do
    for folder in (project.roles_dir, project.comparisons_dir):
        if not folder.is_dir():
            report.add(RolegenError("folder is missing", folder))
    _check_links(project, report)
    # The main content and every translation in content/<lang>/.
    content: list[tuple[Project, list[Comparison]]] = []
    for lang in project.languages():
        local = project.in_language(lang)
        _check_stray_files(local, report)
        for path in sorted(local.roles_dir.glob("*.md")):
            if _attempt(report, load_role, path) is not None:
                report.roles += 1
        comparisons = [
            c
            for c in (
                _attempt(report, _load_comparison, local, path) for path in sorted(local.comparisons_dir.glob("*.yaml"))
            )
            if c
        ]
        report.comparisons += len(comparisons)
        content.append((local, comparisons))
    brands = [
        b
        for b in (
            _attempt(report, _load_brand, project, folder, cache) for folder in sorted(project.brands_dir.glob("*"))
        )
        if b
    ]
    report.brands = len(brands)
    _check_rosters(project, report)
    _check_template_syntax(project, report)
    for local, comparisons in content:
        for brand in brands:
            for comparison in comparisons:
                for kind in documents.KINDS:
                    if _attempt(report, _check_document, local, brand, comparison, kind, cache):
                        report.documents += 1
    return report


def _attempt(report: Report, action, *args):
    """Return action(*args), or None after recording the RolegenError it raised."""
    try:
        return action(*args)
    except RolegenError as e:
        report.add(e)
        return None


def _load_comparison(project: Project, path: Path) -> Comparison:
    inside(project.root, path, "comparison")
    return load_comparison(path, project.roles_dir, default_lang=project.lang or "en-GB")


def _load_brand(project: Project, folder: Path, cache: BuildCache) -> Brand | None:
    if not folder.is_dir() or folder.name.startswith("."):
        return None
    inside(project.root, folder, "brand folder")  # before looking into it: a link out is its only problem
    if not ID_PATTERN.match(folder.name):
        raise RolegenError("brand folder name is not a valid id: use lower-case letters, digits, '-' and '_'", folder)
    if not (folder / "_brand.yml").is_file():
        raise RolegenError("brand folder has no _brand.yml", folder)
    return documents.load_brand_kit(project, folder.name, cache)


def _check_document(project: Project, brand: Brand, comparison: Comparison, kind: str, cache: BuildCache) -> bool:
    source, text = documents.intermediate_markdown(project, brand, comparison, kind, cache=cache)
    where = documents.source_map(project, brand, comparison, kind, source, text, cache=cache)
    documents.document_tree(source, text, project.root, where, documents.Linking.of(project, comparison))
    return True


def _check_template_syntax(project: Project, report: Report) -> None:
    """Parse every project template, including those no document uses yet."""
    env = environment(project.templates_dir)
    for path in sorted(project.templates_dir.rglob("*.j2")):
        try:
            env.parse(read_text(path, TemplateError, project.root), filename=str(path))
        except jinja2.TemplateSyntaxError as e:
            report.add(TemplateError(f"template syntax error: {e.message}", path, e.lineno))
        except RolegenError as e:
            report.add(e)
        else:
            report.templates += 1


def _check_links(project: Project, report: Report) -> None:
    """Report every link in content/ or templates/ that leads outside the project."""
    for top in (project.content_dir, project.templates_dir):
        for folder, dirs, files in os.walk(top):
            for name in sorted(dirs + files):
                path = Path(folder, name)
                if path.is_symlink() and not path.resolve().is_relative_to(project.root.resolve()):
                    report.add_link_out(path)


def _check_rosters(project: Project, report: Report) -> None:
    """Check every roster of content/rosters/ (each row against the project's roles and comparisons)."""
    from rolegen.build.onboarding import load_rosters, rosters_dir
    from rolegen.rosters.model import roster_paths

    for path in roster_paths(rosters_dir(project)):
        roster = _attempt(report, lambda name: load_rosters(project, (name,))[0], path.stem)
        if roster is not None:
            report.rosters += 1
            report.people += len(roster.people)


def _check_stray_files(project: Project, report: Report) -> None:
    """Report files that look like content but would be silently ignored."""
    rules = (
        (project.roles_dir, ".md", "role files are named <id>.md"),
        (project.comparisons_dir, ".yaml", "comparison files are named <id>.yaml"),
    )
    for folder, suffix, rule in rules:
        for path in sorted(folder.glob("*")):
            if path.is_file() and not path.name.startswith(".") and path.suffix != suffix:
                report.add(RolegenError(f"file is ignored: {rule}", path))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
