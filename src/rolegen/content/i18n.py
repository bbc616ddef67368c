"""The fixed words rolegen writes, per language: packaged defaults, overridable per project."""

from __future__ import annotations

import re
from pathlib import Path

from rolegen.cache import BuildCache
from rolegen.content.plain import as_markdown
from rolegen.errors import TemplateError
from rolegen.inputs.sources import parse_yaml, read_text

I18N_DIR = Path(__file__).parent.parent / "defaults" / "i18n"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class Words(dict):
    """Translations by key; format() fills in placeholders such as {short}; files are the files read."""

    files: tuple[Path, ...] = ()

    def format(self, key: str, **values) -> str:
        """Return the translation of key with its {name} placeholders filled in."""
        # Not str.format: a translation file must not reach attributes of the values. A Plain value
        # (a brand's name, a roster's) is escaped here, as the result is no longer Plain.
        return _PLACEHOLDER.sub(lambda m: str(as_markdown(values.get(m.group(1), m.group(0)))), self[key])

    def number(self, count: int) -> str:
        """Return a count as the language writes it in running text: 'two', 'zwei'; digits past the list."""
        names = [name.strip() for name in self.get("numbers", "").split(",")]
        return names[count] if 0 <= count < len(names) and names[count] else str(count)


def words(lang: str, project_templates: Path | None = None, cache: BuildCache | None = None) -> Words:
    """Return the words for a language tag such as en-GB: packaged, then the project's overrides.

    With the build's cache, each language's words are read once per build (again when a file of
    them changed); the documents share them and must not change them.
    """
    if cache is not None:
        return cache.checked("words", (lang, project_templates), lambda: words(lang, project_templates), _files)
    primary = lang.split("-")[0].lower()
    result = Words(_load(I18N_DIR / "en.yaml"))
    files = [I18N_DIR / "en.yaml"]
    for folder in (I18N_DIR, project_templates / "i18n" if project_templates else None):
        if folder is None:
            continue
        for name in (primary, lang):
            path = folder / f"{name}.yaml"
            if path.exists() and path != I18N_DIR / "en.yaml":
                overrides = _load(path, folder if folder == I18N_DIR else project_templates.parent)
                unknown = sorted(set(overrides) - set(result))
                if unknown:
                    raise TemplateError(f"unknown translation key '{unknown[0]}'", path)
                result.update(overrides)
                files.append(path)
    # The project's own files first: a text found there is the one the author can change.
    result.files = tuple(reversed(files))
    return result


def _files(found: Words) -> tuple[Path, ...]:
    return found.files


def _load(path: Path, root: Path = I18N_DIR) -> dict[str, str]:
    doc = parse_yaml(read_text(path, TemplateError, root), path, error=TemplateError)
    data = doc.data or {}
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise TemplateError("a translations file maps keys to strings", path, 1)
    return data
