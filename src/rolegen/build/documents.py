"""Produce one document: content + brand -> Markdown -> tree -> .pptx or .docx bytes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rolegen.brand import contrast, fallbacks
from rolegen.content import dates, i18n, images, markdown
from rolegen.content.slides import slides as split_slides
from rolegen.brand.kit import load_brand
from rolegen.cache import BuildCache
from rolegen.review.check import check_facts
from rolegen.content.load import load_comparison
from rolegen.errors import BrandError, ContentError, RolegenError, TemplateError, display_path
from rolegen.model import Brand, Comparison
from rolegen.inputs.project import SUFFIXES, Project
from rolegen.content.sourcemap import Place, SourceMap
from rolegen.content.templates import environment, render_markdown, trace_markdown
from rolegen.tree import Document, Slide, Table
from rolegen.build.collector import loading

if TYPE_CHECKING:  # a document of no new hire (most builds) loads nothing of rosters
    from rolegen.rosters.model import Person

KINDS = {kind: SUFFIXES[kind] for kind in ("deck", "handout")}  # the documents rendered one by one


@dataclass(frozen=True)
class Rendered:
    """A finished document and what the renderer had to tell the author."""

    data: bytes
    warnings: tuple[str, ...] = field(default=())


def load_brand_kit(project: Project, brand_id: str, cache: BuildCache | None = None) -> Brand:
    """Load a brand kit and clean its master and reference before any Office library opens them.

    With the build's cache, a kit is loaded once per build, and again only when a file it names changed.
    """
    cache = cache or BuildCache()

    def load() -> Brand:
        brand = load_brand(project, brand_id)
        for package in _packages(brand):
            from rolegen.inputs import sanitize  # a kit of no master or reference of its own needs none

            sanitize.clean(package, brand.folder, cache)
        return brand

    return cache.checked("brands", project.brand_dir(brand_id), load, _kit_files)


def _kit_files(brand: Brand) -> list[Path]:
    """Return every file a loaded brand kit was read from."""
    logos = [path for logo in (brand.logo, brand.dark_logo) if logo is not None for path in (logo.path, logo.picture)]
    fonts = [path for font in (brand.base_font, brand.heading_font, brand.mono_font) for path in font.files]
    return [p for p in (brand.source, brand.master, brand.reference, *logos, *fonts) if p is not None]


def package_warnings(brand: Brand, strict: bool = False, cache: BuildCache | None = None) -> list[str]:
    """Return what cleaning the brand's master and reference took out; under strict, refuse outside links."""
    packages = _packages(brand)
    if not packages:
        return []
    from rolegen.inputs import sanitize

    return [
        message
        for package in packages
        for message in sanitize.clean(package, brand.folder, cache).warnings(package, strict)
    ]


def _packages(brand: Brand) -> list[Path]:
    """Return the brand's own master and reference, those it has."""
    return [package for package in (brand.master, brand.reference) if package is not None]


def load_inputs(
    project: Project, brand_id: str, comparison_id: str | None, cache: BuildCache | None = None
) -> tuple[Brand, Comparison]:
    """Load the brand kit and the comparison (with its roles) a document is made of.

    cache is the build's: its documents share brands and comparisons, and each is read and
    checked once per build (and per worker process), and again only when one of its files changed.
    """
    cache = cache or BuildCache()
    path, lang = project.comparison_path(comparison_id), project.lang or "en-GB"
    comparison = cache.checked(
        "comparisons",
        (path, project.roles_dir, lang),
        lambda: load_comparison(path, project.roles_dir, default_lang=lang),
        lambda loaded: [path, *(role.source for role in loaded.roles if role.source is not None)],
    )
    return load_brand_kit(project, brand_id, cache), comparison


def intermediate_markdown(
    project: Project,
    brand: Brand,
    comparison: Comparison,
    kind: str,
    words: i18n.Words | None = None,
    cache: BuildCache | None = None,
    person: dict | None = None,
) -> tuple[str, str]:
    """Return (template path, Markdown) for a deck or handout; person as in templates.render_markdown."""
    words = words or i18n.words(comparison.lang, project.templates_dir, cache)
    env = environment(project.templates_dir, brand.folder, cache)
    return render_markdown(env, kind, comparison, brand, words, person=person)


def source_map(
    project: Project,
    brand: Brand,
    comparison: Comparison,
    kind: str,
    source: str,
    text: str,
    words: i18n.Words | None = None,
    cache: BuildCache | None = None,
    person: dict | None = None,
) -> SourceMap:
    """Return the map from a document's Markdown back to the files its text was written in."""
    words = words or i18n.words(comparison.lang, project.templates_dir, cache)

    def trace():
        env = environment(project.templates_dir, brand.folder, cache)
        return trace_markdown(env, kind, comparison, brand, words, person)

    def files():
        return [*(role.source for role in comparison.roles), comparison.source, *words.files, brand.source]

    return SourceMap(text, trace, files, Path(source))


def located(error: type[RolegenError], message: str, place: Place) -> RolegenError:
    """Return an error at the author's place, remembering (for -v) the way the text went."""
    found = error(message, place.path, place.line)
    found.via = place.via()
    return found


def contrast_warnings(brand: Brand, strict: bool = False) -> list[str]:
    """Return a warning per text/background pair of the brand below WCAG 2.1; under strict, raise the first."""
    failing = contrast.check(brand)
    if strict and failing:
        more = f" (and {len(failing) - 1} more)" if len(failing) > 1 else ""
        raise BrandError(f"{failing[0].message()}{more}", brand.source)
    return [f"{display_path(brand.source)}: {pair.message()}" for pair in failing]


def brand_warnings(brand: Brand, strict: bool = False) -> list[str]:
    """Return what loading the kit warned of (a logo offline, a font missing); under strict, raise the first."""
    if strict and brand.warnings:
        first = brand.warnings[0].split(": ", 1)[-1]
        more = f"; and {len(brand.warnings) - 1} more" if len(brand.warnings) > 1 else ""
        raise BrandError(f"{first} (--strict{more})", brand.source)
    return [f"{display_path(brand.folder)}/{message}" for message in brand.warnings]


def document_tree(
    source: str, text: str, root: Path | None = None, where: SourceMap | None = None, linking: Linking | None = None
) -> Document:
    """Parse a template's Markdown output, naming the author's line (through where) when it breaks a rule;
    with root, also read the images it shows (paths from root)."""
    return _parse(source, text, root, where, linking)[0]


@dataclass(frozen=True)
class Linking:
    """What a document's links are decided against: the site's address and the comparison's roles."""

    base_url: str = ""
    roles: tuple[tuple[str, str], ...] = ()  # (role id, title)

    @classmethod
    def of(cls, project: Project, comparison: Comparison) -> Linking:
        return cls(comparison.base_url or project.base_url or "", tuple((r.id, r.title) for r in comparison.roles))


def _parse(
    source: str,
    text: str,
    root: Path | None = None,
    where: SourceMap | None = None,
    linking: Linking | None = None,
    cache: BuildCache | None = None,
) -> tuple[Document, list[Slide]]:
    """Parse Markdown into a document and its slides; with root, read its images (paths from root).

    With the build's cache, a section another document holds as well is parsed once."""
    linking = linking or Linking()
    where = where or SourceMap(text, None, list, Path(source))
    # Split into slides for handouts too: the same rules hold (every section has a heading).
    try:
        document = markdown.parse(text, linking.base_url, dict(linking.roles), cache)
        if root is not None:
            document = images.resolve(document, root)
        return document, split_slides(document)
    except (markdown.MarkdownError, images.ImageError) as e:
        place = where.place(e.line, getattr(e, "text", ""))
        kind = TemplateError if place.path == Path(source) or place.path.suffix == ".j2" else ContentError
        raise located(kind, str(e), place) from e


def notice_warnings(document: Document, where: SourceMap) -> list[str]:
    """Return what reading the document had to tell, each at the author's file and line."""
    found = []
    for line, message, text in document.notices:
        place = where.place(line, text)
        at = f"{display_path(place.path)}:{place.line}" if place.line else display_path(place.path)
        found.append(f"{at}: {message}")
    return list(dict.fromkeys(found))  # a role's text is drawn in several places, and said once


_SLIDE_NAMED = re.compile(r"^slide '(?P<title>[^']+)'|^slide (?P<number>\d+):")


def slide_warnings_located(warnings: list[str], slides: list[Slide], facts, where: SourceMap) -> list[str]:
    """Return warnings with those about a slide led by where its author wrote its text: 'file:line: slide ...'.

    A slide's text is its blocks' (a role body, say), so the first block's line is where to shorten or
    split it; a problem of its title, or a slide of a title alone, is found at its heading.
    """
    titles = {page.number: page.title for page in facts.pages}
    by_title = {slide.title: slide for slide in slides}
    located = []
    for warning in warnings:
        found = _SLIDE_NAMED.match(warning)
        title = found and (found["title"] or titles.get(int(found["number"]), ""))
        slide = by_title.get(_without_continued(title)) if title else None
        if slide is None:
            located.append(warning)
            continue
        about_title = warning[found.end() :].lstrip(": ").startswith("title")
        line = 0 if about_title else next((_first_line(b) for b in slide.blocks if getattr(b, "line", 0)), 0)
        line = line or slide.line
        place = where.place(line)
        at = f"{display_path(place.path)}:{place.line}" if place.line else display_path(place.path)
        located.append(f"{at}: {warning}")
    return located


def _first_line(block) -> int:
    """Return the line of a block's first own text: a table's first row (its header is the template's words)."""
    return block.line + 2 if isinstance(block, Table) and block.rows else block.line


def _without_continued(title: str) -> str:
    """Return a slide's title without the '(cont.)' or '(cont. 2)' that pagination added."""
    return re.sub(r"\s*\([^()]*\)$", "", title) if title not in ("",) else title


def render(
    project: Project,
    brand_id: str,
    comparison_id: str | None,
    kind: str,
    strict: bool = False,
    cache: BuildCache | None = None,
    person: Person | None = None,
) -> tuple[Comparison, Rendered]:
    """Render one document and return its comparison and bytes; strict makes contrast failures errors.

    cache is the build's, shared by its documents (a new one when left out). person makes a handout
    that new hire's own: the template's `person` (see rosters.view).
    """
    cache = cache or BuildCache()
    brand, comparison = load_inputs(project, brand_id, comparison_id, cache)
    warnings = brand_warnings(brand, strict) + contrast_warnings(brand, strict) + package_warnings(brand, strict, cache)
    words = i18n.words(comparison.lang, project.templates_dir, cache)
    view = None
    if person is not None:
        from rolegen.rosters.view import template_view

        view = template_view(person, comparison, words)
    source, text = intermediate_markdown(project, brand, comparison, kind, words, cache, view)
    where = source_map(project, brand, comparison, kind, source, text, words, cache, view)
    document, slides = _parse(source, text, project.root, where, Linking.of(project, comparison), cache)
    warnings += notice_warnings(document, where)
    # The same words for every document of a build, so a build says each missing font once.
    warnings += fallbacks.missing_fallbacks(text, comparison.lang)
    stamp = dates.build_timestamp(comparison)
    if kind == "deck":
        with loading(freeze=False):  # python-pptx, unless preloaded
            from rolegen.render.pptx import render_deck

        drawn = render_deck(
            slides,
            document.meta,
            brand.for_slides(),
            stamp,
            warnings,
            continued=words["continued"],
            quote_mark=words["quote_mark"],
            cache=cache,
        )
    else:
        with loading(freeze=False):  # python-docx, unless preloaded
            from rolegen.render.docx import render_handout

        drawn = render_handout(
            document, brand.for_paper(), stamp, warnings, page_of=words["page_of"], cache=cache, figure=words["figure"]
        )
    # The checks of `rolegen check`, on what was just drawn: what the renderer did not foresee still shows.
    shipped = {font.family: font.files for font in (brand.base_font, brand.heading_font, brand.mono_font)}
    problems = check_facts(drawn.facts, Path(f"{comparison.id}{KINDS[kind]}"), shipped, cache)
    warnings += [problem.describe() for problem in problems]
    warnings = slide_warnings_located(warnings, slides, drawn.facts, where)
    return comparison, Rendered(drawn.data, tuple(warnings))


def preload(kinds: tuple[str, ...] = ("deck", "handout")) -> None:
    """Import the renderers of kinds before a process draws its first document, what they made frozen.

    Before, not between documents: what is frozen is never swept again, and a build's first
    documents would stay in memory with it (render imports them with the collector paused only).
    """
    with loading():
        if "deck" in kinds:
            import rolegen.render.pptx  # noqa: F401
        if "handout" in kinds:
            import rolegen.render.docx  # noqa: F401


def write(
    project: Project,
    brand_id: str,
    comparison_id: str | None,
    kind: str,
    target: Path | None = None,
    strict: bool = False,
) -> tuple[Path, tuple[str, ...]]:
    """Render one document and write it atomically to target (default: its place in output/).

    Return where it went and the warnings; a target that breaks the output rules fails before rendering.
    """
    from rolegen.build.output import check_no_link_inside, write_atomic

    preload((kind,))
    if target is not None:
        project.check_target(target, kind)
        check_no_link_inside(project.root, target)
    comparison, rendered = render(project, brand_id, comparison_id, kind, strict)
    if target is None:
        from rolegen.build.output import check_real_folder

        target = project.output_file(brand_id, comparison.id, kind)
        # output/ (or a folder in it) may be a committed link: never write through it out of the project.
        check_real_folder(project.root, target)
    write_atomic(target, rendered.data)
    return target, rendered.warnings
