"""Produce one document: content + brand -> Markdown -> tree -> .pptx or .docx bytes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rolegen.brand import contrast, fallbacks
from rolegen.content import dates, i18n, images, markdown
from rolegen.content.slides import slides as split_slides
from rolegen.brand.kit import load_brand
from rolegen.cache import BuildCache
from rolegen.review.check import check_facts
from rolegen.content.load import load_comparison
from rolegen.errors import BrandError, TemplateError, display_path
from rolegen.model import Brand, Comparison
from rolegen.inputs.project import SUFFIXES, Project
from rolegen.content.templates import environment, render_markdown
from rolegen.tree import Document, Slide

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
    from rolegen.inputs import sanitize

    cache = cache or BuildCache()

    def load() -> Brand:
        brand = load_brand(project, brand_id)
        for package in (brand.master, brand.reference):
            if package is not None:
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
    from rolegen.inputs import sanitize

    return [
        message
        for package in (brand.master, brand.reference)
        if package is not None
        for message in sanitize.clean(package, brand.folder, cache).warnings(package, strict)
    ]


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
) -> tuple[str, str]:
    """Return (template path, Markdown) for a deck or handout."""
    words = words or i18n.words(comparison.lang, project.templates_dir)
    return render_markdown(environment(project.templates_dir, brand.folder, cache), kind, comparison, brand, words)


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


def document_tree(source: str, text: str, root: Path | None = None) -> Document:
    """Parse a template's Markdown output, naming the template when it breaks a rule; with root,
    also read the images it shows (paths from root)."""
    return _parse(source, text, root)[0]


def _parse(source: str, text: str, root: Path | None = None) -> tuple[Document, list[Slide]]:
    """Parse Markdown into a document and its slides; with root, read its images (paths from root)."""
    # Split into slides for handouts too: the same rules hold (every section has a heading).
    try:
        document = markdown.parse(text)
        if root is not None:
            document = images.resolve(document, root)
        return document, split_slides(document)
    except (markdown.MarkdownError, images.ImageError) as e:
        raise TemplateError(f"Markdown line {e.line}: {e}", Path(source)) from e


def render(
    project: Project,
    brand_id: str,
    comparison_id: str | None,
    kind: str,
    strict: bool = False,
    cache: BuildCache | None = None,
) -> tuple[Comparison, Rendered]:
    """Render one document and return its comparison and bytes; strict makes contrast failures errors.

    cache is the build's, shared by its documents (a new one when left out).
    """
    cache = cache or BuildCache()
    brand, comparison = load_inputs(project, brand_id, comparison_id, cache)
    warnings = brand_warnings(brand, strict) + contrast_warnings(brand, strict) + package_warnings(brand, strict, cache)
    words = i18n.words(comparison.lang, project.templates_dir)
    source, text = intermediate_markdown(project, brand, comparison, kind, words, cache)
    document, slides = _parse(source, text, project.root)
    # The same words for every document of a build, so a build says each missing font once.
    warnings += fallbacks.missing_fallbacks(text, comparison.lang)
    stamp = dates.build_timestamp(comparison)
    if kind == "deck":
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
        from rolegen.render.docx import render_handout

        drawn = render_handout(document, brand.for_paper(), stamp, warnings, page_of=words["page_of"], cache=cache)
    # The checks of `rolegen check`, on what was just drawn: what the renderer did not foresee still shows.
    shipped = {font.family: font.files for font in (brand.base_font, brand.heading_font, brand.mono_font)}
    problems = check_facts(drawn.facts, Path(f"{comparison.id}{KINDS[kind]}"), shipped, cache)
    warnings += [problem.describe() for problem in problems]
    return comparison, Rendered(drawn.data, tuple(warnings))


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
    from rolegen.build.output import write_atomic

    if target is not None:
        project.check_target(target, kind)
    comparison, rendered = render(project, brand_id, comparison_id, kind, strict)
    if target is None:
        from rolegen.build.output import check_real_folder

        target = project.output_file(brand_id, comparison.id, kind)
        # output/ (or a folder in it) may be a committed link: never write through it out of the project.
        check_real_folder(project.root, target)
    write_atomic(target, rendered.data)
    return target, rendered.warnings
