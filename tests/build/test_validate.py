"""rolegen validate: every problem at once, one line each, nothing written, no Office libraries."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rolegen.errors import TemplateError
from rolegen.inputs.project import Project
from rolegen.content.templates import environment, render_markdown
from rolegen.build.validate import validate_project


def test_a_clean_project_validates_with_a_short_summary(run, project):
    brands = len(Project(project).brand_names())
    result = run("validate")
    assert (result.exit_code, result.output) == (
        0,
        f"ok: 2 roles, 1 comparison, {brands} brand{'s' * (brands != 1)}, 0 templates and "
        f"{2 * brands} documents checked\n",
    )
    assert not (project / "output").exists()


def test_quiet_validate_prints_nothing_when_all_is_well(run):
    result = run("-q", "validate")
    assert (result.exit_code, result.output) == (0, "")


def test_validate_has_help_with_an_example(run):
    result = run("validate", "--help")
    assert result.exit_code == 0
    assert "Example: rolegen validate" in result.output


def test_every_problem_is_reported_at_once(run, project):
    roles = project / "content" / "roles"
    (roles / "cfo.md").write_text("---\ntitle: CFO\n", encoding="utf-8")
    (roles / "cto.md").write_text("no front matter\n", encoding="utf-8")
    (project / "content/comparisons/ceo-vs-cfo.yaml").write_text(
        "title: X\nroles: [ceo, cmo]\ndimensions:\n  - name: A\n    ceo: a\n    cmo: b\n", encoding="utf-8"
    )
    (project / "templates/brands/acme/_brand.yml").write_text("meta:\n  name: Acme\nlogo: logo.png\n", encoding="utf-8")
    (project / "templates/brands/acme/logo.png").write_text("not a PNG", encoding="utf-8")
    (project / "templates/deck.md.j2").write_text("{% if %}\n", encoding="utf-8")

    result = run("validate")

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "content/roles/cfo.md:1: front matter is not closed: add a '---' line after it",
        "content/roles/cto.md:1: missing front matter: the file must start with a '---' line",
        "content/comparisons/ceo-vs-cfo.yaml:2: role 'cmo' not found in roles/ (roles: ceo, cfo, coo, cto)",
        "templates/brands/acme/_brand.yml:3: logo 'logo.png' is not an image Office can show (PNG, JPEG, GIF)",
        "templates/deck.md.j2:1: template syntax error: Expected an expression, got 'end of statement block'",
        "Error: 5 problems found",
    ]
    assert not (project / "output").exists()


def test_a_problem_shared_by_many_documents_is_reported_once(project):
    (project / "templates/deck.md.j2").write_text("## Slide\n\n{{ nothing }}\n", encoding="utf-8")
    text = (project / "content/comparisons/ceo-vs-coo.yaml").read_text(encoding="utf-8")
    (project / "content/comparisons/second.yaml").write_text(text, encoding="utf-8")

    report = validate_project(Project(project))

    assert report.problems == ["templates/deck.md.j2:3: undefined in template: 'nothing' is undefined"]


def _validate_installed(project: Path) -> tuple[int, str, list[str]]:
    """Return the exit code, stdout and stderr lines of the installed rolegen's validate in project."""
    rolegen = Path(sys.executable).parent / "rolegen"
    result = subprocess.run([str(rolegen), "validate"], cwd=project, capture_output=True, text=True)
    return result.returncode, result.stdout, result.stderr.splitlines()


def _reported_once(link: str) -> tuple[int, str, list[str]]:
    return 1, "", [f"{link}: link leads outside the project; put a copy inside instead", "Error: 1 problem found"]


@pytest.mark.parametrize(
    ("link", "text"),
    [
        ("content/roles/cfo.md", "---\ntitle: CFO\n---\n"),
        # Met three ways: as a role file, through the comparison naming it, by the loader's file guard.
        ("content/roles/ceo.md", None),
        ("content/comparisons/ceo-vs-coo.yaml", None),
        ("templates/brands/acme/logo.png", None),
        ("templates/brands/acme", None),
        ("templates/deck.md.j2", "## Slide\n"),
    ],
    ids=["role", "role-a-comparison-names", "comparison", "logo", "brand-folder", "template"],
)
def test_a_link_out_of_the_project_is_reported_once(project, tmp_path, link, text):
    target = tmp_path / Path(link).name
    if text is None:
        shutil.move(project / link, target)  # the project's own file, moved out and linked back
    else:
        target.write_text(text, encoding="utf-8")
    (project / link).symlink_to(target)

    assert _validate_installed(project) == _reported_once(link)


def test_an_image_linked_out_of_the_project_is_reported_once(project, tmp_path):
    shutil.copy(project / "templates/brands/acme/logo.png", tmp_path / "pic.png")
    (project / "content/pic.png").symlink_to(tmp_path / "pic.png")
    with (project / "content/roles/ceo.md").open("a", encoding="utf-8") as role:
        role.write("\n![A picture](../pic.png)\n")

    assert _validate_installed(project) == _reported_once("content/pic.png")


def test_validate_never_imports_the_office_libraries(project):
    code = (
        "import sys\nfrom rolegen.cli.app import main\n"
        "try:\n    main(['validate'])\nexcept SystemExit as e:\n    assert e.code == 0, e.code\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('pptx', 'docx'))\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "expression",
    [
        "''.__class__.__mro__",
        "''.__class__.__mro__[1].__subclasses__()",
        "comparison.__init__.__globals__",
        "roles.__class__.__base__",
    ],
    ids=["mro", "subclasses", "globals", "base"],
)
def test_the_sandbox_keeps_templates_away_from_python_internals(project, expression):
    from rolegen.brand.kit import load_brand
    from rolegen.content.load import load_comparisons

    (project / "templates/deck.md.j2").write_text("## Escape\n\n{{ " + expression + " }}\n", encoding="utf-8")
    target = Project(project)
    brand = load_brand(target, "acme")
    comparison = load_comparisons(target)[0]
    with pytest.raises(TemplateError) as caught:
        render_markdown(environment(target.templates_dir, brand.folder), "deck", comparison, brand)
    assert caught.value.message.startswith("templates/deck.md.j2:3: template tried something unsafe")


def test_every_problem_in_one_file_is_reported_in_line_order(run, project):
    (project / "content/roles/cfo.md").write_text(
        "---\ntitle: ''\nshort: CFO\ncolour: green\nresponsibilities: Books\nfocus: [Cash, {a: b}]\n---\nBody\n",
        encoding="utf-8",
    )
    (project / "content/comparisons/ceo-vs-coo.yaml").write_text(
        "title: X\nroles: [ceo, cmo, ceo]\ndimensions:\n  - name: A\n    ceo: a\n  - name: A\n    ceo: b\n"
        "updated: soon\n",
        encoding="utf-8",
    )

    result = run("validate")

    assert result.stderr.splitlines() == [
        "content/roles/cfo.md:2: missing required key 'summary' in front matter",
        "content/roles/cfo.md:2: 'title' must not be empty",
        "content/roles/cfo.md:4: unknown key 'colour' in front matter (allowed: title, short, summary, "
        "responsibilities, focus, reports_to)",
        "content/roles/cfo.md:5: 'responsibilities' must be a list of strings",
        "content/roles/cfo.md:6: 'focus' item 2 holds ': ', so YAML reads it as a mapping; "
        'quote the whole item: - "a: b"',
        "content/comparisons/ceo-vs-coo.yaml:2: role 'cmo' not found in roles/ (roles: ceo, cfo, coo)",
        "content/comparisons/ceo-vs-coo.yaml:2: role 'ceo' is named twice",
        "content/comparisons/ceo-vs-coo.yaml:4: dimension 'A' has no text for role 'cmo': add 'cmo: ...'",
        "content/comparisons/ceo-vs-coo.yaml:6: duplicate dimension 'A'",
        "content/comparisons/ceo-vs-coo.yaml:6: dimension 'A' has no text for role 'cmo': add 'cmo: ...'",
        "content/comparisons/ceo-vs-coo.yaml:8: 'updated' must be a date written as YYYY-MM-DD",
        "Error: 11 problems found",
    ]


def test_deck_still_shows_only_the_first_problem(run, project):
    (project / "content/roles/coo.md").write_text(
        "---\ntitle: ''\nshort: X\nsummary: Y\ncolour: green\nresponsibilities: [a]\nfocus: b\n---\n", encoding="utf-8"
    )
    result = run("deck", "--brand", "acme")
    assert (result.exit_code, result.stderr) == (1, "Error: content/roles/coo.md:2: 'title' must not be empty\n")


def test_translations_are_validated_too(runner, project):
    import shutil

    from conftest import REPO
    from rolegen.cli.app import cli

    shutil.copytree(REPO / "content/de-DE", project / "content/de-DE")
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 0
    assert result.output.startswith("ok: 4 roles, 2 comparisons, ")
    role = project / "content/de-DE/roles/coo.md"
    role.write_text(role.read_text(encoding="utf-8").replace("short: COO", "kurz: COO"), encoding="utf-8")
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 1
    assert result.output.splitlines()[:2] == [
        "content/de-DE/roles/coo.md:2: missing required key 'short' in front matter",
        "content/de-DE/roles/coo.md:3: unknown key 'kurz' in front matter (allowed: title, short, summary, "
        "responsibilities, focus, reports_to)",
    ]
