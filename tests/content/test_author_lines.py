"""An error found after templating names the line the author wrote, and says what to write instead.

Through the installed console script: the message a user reads is the one pinned.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROLEGEN = Path(sys.executable).parent / "rolegen"  # the console script pip installed into the venv


def rolegen(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(ROLEGEN), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("kind", ["deck", "handout"])
def test_html_in_a_front_matter_list_item_is_reported_at_that_item(project, kind):
    role = project / "content/roles/ceo.md"
    replace_in(role, "Setting long-term goals", "Handles “quotes” & ampersands <tags> while setting long-term goals")

    result = rolegen(kind, "--brand", "acme", cwd=project)

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"Error: content/roles/ceo.md:{line_of(role, '<tags>')}: rolegen cannot draw raw HTML ('<tags>'): "
        "to show the angle brackets as text write \\<tags> or `<tags>`; for formatting write Markdown"
    ]
    assert not (project / "output").exists()


def test_html_in_a_comparison_dimension_is_reported_in_the_comparison(project):
    comparison = project / "content/comparisons/ceo-vs-coo.yaml"
    replace_in(comparison, "Second in command.", "Second <b2> command.")

    result = rolegen("deck", "--brand", "acme", cwd=project)

    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: content/comparisons/ceo-vs-coo.yaml:{line_of(comparison, '<b2>')}: ")


def test_html_in_a_body_table_cell_is_reported_at_its_row(project):
    role = project / "content/roles/coo.md"
    role.write_text(
        role.read_text(encoding="utf-8") + "\n| Area | Owner |\n|---|---|\n| Plants | the <foo> team |\n",
        encoding="utf-8",
    )

    result = rolegen("handout", "--brand", "acme", cwd=project)

    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: content/roles/coo.md:{line_of(role, '<foo>')}: ")


def test_html_in_a_translation_is_reported_in_the_translation_file(project):
    words = project / "templates/i18n/en.yaml"
    words.parent.mkdir()
    words.write_text("# Our own words\nrecap: Re<x>cap\n", encoding="utf-8")

    result = rolegen("deck", "--brand", "acme", cwd=project)

    assert result.returncode == 1
    assert result.stderr.startswith("Error: templates/i18n/en.yaml:2: rolegen cannot draw raw HTML ('<x>')")


def test_verbose_also_names_the_template_line_the_text_went_through(project):
    role = project / "content/roles/ceo.md"
    replace_in(role, "Setting long-term goals", "<tags> Setting long-term goals")

    result = rolegen("-v", "deck", "--brand", "acme", cwd=project)

    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith("  (Markdown line ")
    assert "deck.md.j2:" in result.stderr.splitlines()[-1]


def test_validate_reports_the_authors_line_too(project):
    role = project / "content/roles/ceo.md"
    replace_in(role, "Setting long-term goals", "<tags> Setting long-term goals")

    result = rolegen("validate", cwd=project)

    assert result.returncode == 1
    assert (
        f"content/roles/ceo.md:{line_of(role, '<tags>')}: rolegen cannot draw raw HTML ('<tags>')"
        in result.stdout + result.stderr
    )


def test_text_the_template_itself_wrote_is_reported_at_the_template_line(project):
    template = project / "templates/deck.md.j2"
    template.write_text("---\ntitle: x\n---\n\n## Fine\n\nOne <blink>line</blink>.\n", encoding="utf-8")

    result = rolegen("deck", "--brand", "acme", cwd=project)

    assert result.returncode == 1
    assert result.stderr.startswith("Error: templates/deck.md.j2:7: rolegen cannot draw raw HTML ('<blink>')")


def test_block_html_is_refused_with_what_to_write_instead(project):
    role = project / "content/roles/ceo.md"
    role.write_text(role.read_text(encoding="utf-8") + '\n<div class="note">\nCareful.\n</div>\n', encoding="utf-8")

    result = rolegen("deck", "--brand", "acme", cwd=project)

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"Error: content/roles/ceo.md:{line_of(role, '<div')}: rolegen cannot draw block HTML "
        "('<div class=\"note\">'): write it in Markdown (a ::: block, a table, a list), "
        "or indent it four spaces to show it as code"
    ]


def test_html_in_a_body_paragraph_is_reported_at_its_line(project):
    role = project / "content/roles/coo.md"
    role.write_text(role.read_text(encoding="utf-8") + "\nA paragraph\nwith a <bad> tag on its second line.\n")

    result = rolegen("deck", "--brand", "acme", cwd=project)

    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: content/roles/coo.md:{line_of(role, '<bad>')}: ")


def test_a_slide_too_full_is_said_at_the_role_body_that_fills_it(project):
    role = project / "content/roles/ceo.md"
    paragraphs = "\n\n".join(f"Paragraph {n} of a body far too long for one slide." for n in range(40))
    role.write_text(role.read_text(encoding="utf-8") + "\n" + paragraphs + "\n", encoding="utf-8")

    result = rolegen("deck", "--brand", "acme", cwd=project)

    assert result.returncode == 0
    first = next(n for n, line in enumerate(role.read_text().splitlines(), 1) if line.startswith("The CEO is"))
    assert f"warning: content/roles/ceo.md:{first}: slide 'CEO: primary role' does not fit at 18 pt" in result.stderr


def test_a_comparisons_base_url_resolves_its_site_relative_links(project):
    (project / "content/comparisons/ceo-vs-coo.yaml").open("a").write("base_url: https://wiki.example.org/\n")
    role = project / "content/roles/ceo.md"
    role.write_text(role.read_text(encoding="utf-8") + "\nSee [our values](/values/).\n", encoding="utf-8")

    result = rolegen("handout", "--brand", "acme", "-o", "h.docx", cwd=project)

    assert result.returncode == 0, result.stderr
    import zipfile

    with zipfile.ZipFile(project / "h.docx") as package:
        assert 'Target="https://wiki.example.org/values/"' in package.read("word/_rels/document.xml.rels").decode()


def test_a_base_url_that_is_no_web_address_is_refused_at_its_line(project):
    comparison = project / "content/comparisons/ceo-vs-coo.yaml"
    comparison.open("a").write("base_url: javascript:alert(1)\n")

    result = rolegen("deck", "--brand", "acme", cwd=project)

    assert result.returncode == 1
    assert result.stderr.startswith(
        f"Error: content/comparisons/ceo-vs-coo.yaml:{line_of(comparison, 'base_url')}: "
        "'base_url' must be a web address such as https://handbook.example.com/"
    )
