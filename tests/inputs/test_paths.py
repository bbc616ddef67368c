"""Names and paths: ids follow one rule, nothing leads outside the project, sources are never overwritten."""

from __future__ import annotations

import shutil

import pytest

from rolegen.content.load import load_comparison
from rolegen.errors import ContentError, RolegenError
from rolegen.inputs.project import Project

BAD_NAMES = ["../../etc", "acme/../acme", "/etc", "Acme", "", "-acme", "acme.yml", "ac me", "acme\n"]


@pytest.mark.parametrize("name", BAD_NAMES, ids=repr)
def test_brand_names_outside_the_id_rule_are_refused(project, name):
    with pytest.raises(RolegenError) as caught:
        Project(project).brand_dir(name)
    assert "invalid brand name" in caught.value.message


@pytest.mark.parametrize("name", BAD_NAMES, ids=repr)
def test_comparison_ids_outside_the_id_rule_are_refused(project, name):
    with pytest.raises(RolegenError) as caught:
        Project(project).comparison_path(name)
    assert "invalid comparison name" in caught.value.message


def test_a_brand_folder_linked_from_outside_is_refused(project, tmp_path):
    shutil.copytree(project / "templates/brands/acme", tmp_path / "elsewhere")
    (project / "templates/brands/evil").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(RolegenError) as caught:
        Project(project).brand_dir("evil")
    assert caught.value.message == "templates/brands/evil: brand folder leads outside the project (a link or '..'?)"


def test_a_comparison_linked_from_outside_is_refused(project, tmp_path):
    shutil.copy(project / "content/comparisons/ceo-vs-coo.yaml", tmp_path / "leak.yaml")
    (project / "content/comparisons/leak.yaml").symlink_to(tmp_path / "leak.yaml")
    with pytest.raises(RolegenError) as caught:
        Project(project).comparison_path("leak")
    assert caught.value.message.startswith("content/comparisons/leak.yaml: comparison leads outside")


def test_a_role_linked_from_outside_is_refused_when_a_comparison_names_it(project, tmp_path):
    (tmp_path / "coo.md").write_bytes((project / "content/roles/coo.md").read_bytes())
    (project / "content/roles/coo.md").unlink()
    (project / "content/roles/coo.md").symlink_to(tmp_path / "coo.md")
    with pytest.raises(ContentError) as caught:
        load_comparison(project / "content/comparisons/ceo-vs-coo.yaml", project / "content/roles")
    assert caught.value.message == (
        "content/comparisons/ceo-vs-coo.yaml:4: role file 'coo.md' leads outside the project (a link?)"
    )


def test_links_inside_the_project_are_fine(project):
    (project / "content/comparisons/alias.yaml").symlink_to(project / "content/comparisons/ceo-vs-coo.yaml")
    assert Project(project).comparison_path("alias").name == "alias.yaml"


@pytest.mark.parametrize(
    "target", ["content/x.pptx", "content/roles/ceo.pptx", "templates/x.pptx", "./templates/../content/x.pptx"], ids=str
)
def test_output_is_never_written_inside_the_sources(run, project, target):
    result = run("deck", "--brand", "acme", "-o", target)
    assert result.exit_code == 2
    assert "refusing to write inside" in result.output
    assert sorted(p.name for p in (project / "content").rglob("*.pptx")) == []


def test_output_through_a_link_into_the_sources_is_refused(run, project):
    (project / "shortcut").symlink_to(project / "content")
    result = run("deck", "--brand", "acme", "-o", "shortcut/deck.pptx")
    assert result.exit_code == 2
    assert "refusing to write inside content/" in result.output


def test_output_may_go_anywhere_else(run, project, tmp_path):
    target = tmp_path / "far" / "away" / "talk.pptx"
    result = run("deck", "--brand", "acme", "-o", str(target))
    assert result.exit_code == 0
    assert target.is_file()


def test_the_project_root_is_the_nearest_folder_upward_with_content_or_a_config(tmp_path):
    from rolegen.inputs.project import find_root

    (tmp_path / "outer/content/roles").mkdir(parents=True)
    (tmp_path / "outer/inner/docs").mkdir(parents=True)
    (tmp_path / "outer/inner/rolegen.toml").write_text("")
    (tmp_path / "loose").mkdir()
    assert find_root(tmp_path / "outer/content/roles") == (tmp_path / "outer").resolve()
    assert find_root(tmp_path / "outer/inner/docs") == (tmp_path / "outer/inner").resolve()
    assert find_root(tmp_path / "loose") == (tmp_path / "loose").resolve()  # none upward: where it runs
