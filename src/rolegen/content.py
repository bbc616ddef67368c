"""Load content/ into the model, with errors that name the file and line."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from typing import Any

from rolegen import markdown
from rolegen.errors import ContentError
from rolegen.model import Comparison, Dimension, Role
from rolegen.project import ID_PATTERN, Project
from rolegen.sources import YamlDoc, parse_yaml, read_text, split_front_matter

_ROLE_REQUIRED = ("title", "short", "summary", "responsibilities", "focus")
_ROLE_OPTIONAL = ("reports_to",)
_COMPARISON_REQUIRED = ("title", "roles", "dimensions")
_COMPARISON_OPTIONAL = ("subtitle", "takeaway", "updated", "lang")


def load_role(path: Path) -> Role:
    """Load and validate one role file."""
    doc, body, body_line = split_front_matter(read_text(path), path)
    role_id = _file_id(path)
    fields = _Fields(doc, "front matter")
    fields.check_keys(_ROLE_REQUIRED, _ROLE_OPTIONAL)
    _check_body(body, path, body_line)
    return Role(
        id=role_id,
        title=fields.string("title"),
        short=fields.string("short"),
        summary=fields.string("summary"),
        reports_to=fields.string("reports_to", required=False),
        responsibilities=fields.strings("responsibilities"),
        focus=fields.strings("focus", allow_single=True),
        body=body.strip("\n"),
        source=path,
    )


def load_comparison(path: Path, roles_dir: Path) -> Comparison:
    """Load and validate one comparison file and the roles it names."""
    doc = parse_yaml(read_text(path), path)
    fields = _Fields(doc, "comparison")
    fields.check_keys(_COMPARISON_REQUIRED, _COMPARISON_OPTIONAL)
    role_ids = fields.strings("roles")
    if len(role_ids) < 2:
        raise ContentError("'roles' must name at least two roles", path, doc.line("roles"))
    roles = []
    for index, role_id in enumerate(role_ids):
        role_path = roles_dir / f"{role_id}.md"
        if not ID_PATTERN.match(role_id) or not role_path.is_file():
            known = ", ".join(sorted(p.stem for p in roles_dir.glob("*.md"))) or "none"
            raise ContentError(f"role '{role_id}' not found in {roles_dir.name}/ (roles: {known})",
                               path, doc.line("roles", index))
        if role_id in role_ids[:index]:
            raise ContentError(f"role '{role_id}' is named twice", path, doc.line("roles", index))
        if not role_path.resolve().is_relative_to(roles_dir.parent.parent.resolve()):
            raise ContentError(f"role file '{role_id}.md' leads outside the project (a link?)",
                               path, doc.line("roles", index))
        roles.append(load_role(role_path))
    return Comparison(
        id=_file_id(path),
        title=fields.string("title"),
        subtitle=fields.string("subtitle", required=False),
        roles=tuple(roles),
        dimensions=_dimensions(doc, role_ids),
        takeaway=fields.string("takeaway", required=False),
        updated=fields.date("updated"),
        lang=fields.string("lang", required=False) or "en-GB",
        source=path,
    )


def load_comparisons(project: Project) -> list[Comparison]:
    """Load every comparison of a project, sorted by id."""
    return [load_comparison(project.comparisons_dir / f"{cid}.yaml", project.roles_dir)
            for cid in project.comparison_ids()]


def _dimensions(doc: YamlDoc, role_ids: tuple[str, ...]) -> tuple[Dimension, ...]:
    raw = doc.data["dimensions"]
    if not isinstance(raw, list) or not raw:
        raise ContentError("'dimensions' must be a non-empty list", doc.path, doc.line("dimensions"))
    dimensions, names = [], set()
    for index, item in enumerate(raw):
        keys = ("dimensions", index)
        if not isinstance(item, dict):
            raise ContentError("each dimension must be a mapping with 'name' and one key per role",
                               doc.path, doc.line(*keys))
        fields = _Fields(doc, "dimension", keys)
        fields.check_keys(("name",), role_ids)
        name = fields.string("name")
        if name in names:
            raise ContentError(f"duplicate dimension '{name}'", doc.path, doc.line(*keys, "name"))
        names.add(name)
        for role_id in role_ids:
            if role_id not in item:
                raise ContentError(f"dimension '{name}' has no text for role '{role_id}': add '{role_id}: ...'",
                                   doc.path, doc.line(*keys))
        dimensions.append(Dimension(name, tuple((rid, fields.string(rid)) for rid in role_ids)))
    return tuple(dimensions)


def _check_body(body: str, path: Path, first_line: int) -> None:
    """Fail on Markdown that no document could draw, naming the role file rather than a template."""
    try:
        markdown.parse(body)
    except markdown.MarkdownError as e:
        raise ContentError(str(e), path, first_line + max(e.line, 1) - 1) from e


def _file_id(path: Path) -> str:
    if not ID_PATTERN.match(path.stem):
        raise ContentError(f"file name '{path.stem}' is not a valid id: use lower-case letters, "
                           "digits, '-' and '_'", path)
    return path.stem


class _Fields:
    """Typed access to one mapping of a YAML document, raising ContentError with its line."""

    def __init__(self, doc: YamlDoc, what: str, keys: tuple = ()):
        self.doc = doc
        self.what = what
        self.keys = keys
        data = doc.data
        for key in keys:
            data = data[key]
        # An empty document parses as None; saying "empty" is clearer than "not a mapping".
        self.empty = data is None and not keys
        if self.empty:
            data = {}
        if not isinstance(data, dict):
            raise ContentError(f"{what} must be a mapping of keys to values", doc.path, doc.line(*keys))
        self.data: dict[str, Any] = data

    def _fail(self, message: str, key: str | None = None):
        where = self.keys + ((key,) if key is not None else ())
        raise ContentError(message, self.doc.path, self.doc.line(*where))

    def check_keys(self, required: tuple[str, ...], optional: tuple[str, ...]) -> None:
        """Fail on the first unknown key (suggesting a near miss) or missing required key."""
        if self.empty:
            self._fail(f"{self.what} is empty: it needs {', '.join(required)}")
        allowed = required + optional
        for key in self.data:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else f" (allowed: {', '.join(allowed)})"
                self._fail(f"unknown key '{key}' in {self.what}{hint}", key)
        for key in required:
            if key not in self.data:
                self._fail(f"missing required key '{key}' in {self.what}")

    def string(self, key: str, required: bool = True) -> str | None:
        value = self.data.get(key)
        if value is None and not required:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self._fail(f"'{key}' must be a string", key)
        text = str(value).strip()
        if not text:
            self._fail(f"'{key}' must not be empty", key)
        return text

    def strings(self, key: str, allow_single: bool = False) -> tuple[str, ...]:
        value = self.data.get(key)
        if allow_single and isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self._fail(f"'{key}' must be a list of strings", key)
        if not value:
            self._fail(f"'{key}' must not be empty", key)
        items = []
        for index, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, (str, int, float)) or not str(item).strip():
                raise ContentError(f"'{key}' item {index + 1} must be a non-empty string",
                                   self.doc.path, self.doc.line(*self.keys, key, index))
            items.append(str(item).strip())
        return tuple(items)

    def date(self, key: str) -> dt.date | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        self._fail(f"'{key}' must be a date written as YYYY-MM-DD", key)
