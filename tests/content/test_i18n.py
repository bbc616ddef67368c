"""Fixed words come from a translations file per language, overridable by the project."""

from __future__ import annotations

import pytest

from rolegen.errors import TemplateError
from rolegen.content.i18n import I18N_DIR, words


def test_every_language_translates_every_key():
    english = set(words("en-GB"))
    german = words("de-DE")
    assert set(german) == english
    assert german["agenda"] == "Agenda" and german["continued"] == "(Forts.)"


def test_unknown_language_falls_back_to_english():
    assert words("fr-FR")["questions"] == "Questions and discussion"


def test_project_overrides_a_word(tmp_path):
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n" / "en-GB.yaml").write_text("agenda: Today\n")
    assert words("en-GB", tmp_path)["agenda"] == "Today"


def test_override_with_an_unknown_key_is_an_error(tmp_path):
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n" / "en.yaml").write_text("agendaa: Today\n")
    with pytest.raises(TemplateError) as caught:
        words("en-GB", tmp_path)
    assert "unknown translation key 'agendaa'" in caught.value.message


def test_placeholders_cannot_reach_attributes():
    assert words("en").format("primary_role_of", short="CEO") == "CEO: primary role"
    table = words("en")
    table["x"] = "{short.__class__}"
    assert table.format("x", short="CEO") == "{short.__class__}"


def test_packaged_files_exist():
    assert sorted(p.name for p in I18N_DIR.glob("*.yaml")) == ["de.yaml", "en.yaml"]


def test_a_build_reads_a_languages_words_once_and_again_when_a_file_of_them_changes(tmp_path):
    from rolegen.cache import BuildCache

    cache = BuildCache()
    (tmp_path / "i18n").mkdir()
    override = tmp_path / "i18n" / "en-GB.yaml"
    override.write_text("agenda: Today\n")
    first = words("en-GB", tmp_path, cache)
    assert words("en-GB", tmp_path, cache) is first
    override.write_text("agenda: This morning\n")
    assert words("en-GB", tmp_path, cache)["agenda"] == "This morning"
    assert words("de-DE", tmp_path, cache)["agenda"] == "Agenda"  # each language its own entry
