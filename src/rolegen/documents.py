"""Produce one document: content + brand -> Markdown -> tree -> .pptx or .docx bytes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rolegen import dates, markdown
from rolegen.brand import load_brand
from rolegen.content import load_comparison
from rolegen.errors import TemplateError
from rolegen.model import Brand, Comparison
from rolegen.project import Project
from rolegen.safety import check_packages
from rolegen.templates import environment, render_markdown
from rolegen.tree import Document

KINDS = {"deck": ".pptx", "handout": ".docx"}


@dataclass(frozen=True)
class Rendered:
    """A finished document and what the renderer had to tell the author."""

    data: bytes
    warnings: tuple[str, ...] = field(default=())


def load_inputs(project: Project, brand_id: str, comparison_id: str | None) -> tuple[Brand, Comparison]:
    """Load the brand kit and the comparison (with its roles) a document is made of."""
    brand = load_brand(project, brand_id)
    check_packages(brand)
    comparison = load_comparison(project.comparison_path(comparison_id), project.roles_dir)
    return brand, comparison


def intermediate_markdown(project: Project, brand: Brand, comparison: Comparison, kind: str) -> tuple[str, str]:
    """Return (template path, Markdown) for a deck or handout."""
    return render_markdown(environment(project.templates_dir, brand.folder), kind, comparison, brand)


def document_tree(source: str, text: str) -> Document:
    """Parse a template's Markdown output, naming the template when it breaks a rule."""
    try:
        document = markdown.parse(text)
        markdown.slides(document)  # the same rules hold for handouts: every section has a heading
    except markdown.MarkdownError as e:
        raise TemplateError(f"Markdown line {e.line}: {e}", Path(source)) from e
    return document


def render(project: Project, brand_id: str, comparison_id: str | None, kind: str) -> tuple[Comparison, Rendered]:
    """Render one document and return its comparison and bytes."""
    brand, comparison = load_inputs(project, brand_id, comparison_id)
    source, text = intermediate_markdown(project, brand, comparison, kind)
    document = document_tree(source, text)
    stamp = dates.build_timestamp(comparison)
    warnings: list[str] = []
    if kind == "deck":
        from rolegen.render.pptx import render_deck

        data = render_deck(markdown.slides(document), document.meta, brand, stamp, warnings)
    else:
        from rolegen.render.docx import render_handout

        data = render_handout(document, brand, stamp, warnings)
    return comparison, Rendered(data, tuple(warnings))
