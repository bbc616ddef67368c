"""Load content/ into the model, with errors that name the file and line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from rolegen.inputs import fields
from rolegen.content import images, markdown
from rolegen.errors import ContentError, leading_out
from rolegen.model import Comparison, Dimension, Role
from rolegen.inputs.project import ID_PATTERN, WEB_ADDRESS, Project
from rolegen.inputs.sources import (
    YamlDoc,
    check_characters,
    content_root,
    parse_yaml,
    read_text,
    split_front_matter,
)

_ROLE_REQUIRED = ("title", "short", "summary", "responsibilities", "focus")
_ROLE_OPTIONAL = ("reports_to",)
_COMPARISON_REQUIRED = ("title", "roles", "dimensions")
_COMPARISON_OPTIONAL = ("subtitle", "takeaway", "objectives", "updated", "lang", "base_url")


class FileProblems(ContentError):
    """Every problem found in one content file: the message is the first, problems holds all."""

    def __init__(self, problems: list[ContentError]):
        first = problems[0]
        super().__init__(first.detail, first.path, first.line)
        self.problems = tuple(problems)


def load_role(path: Path) -> Role:
    """Load and validate one role file, reporting every problem in its front matter at once."""
    doc, body, body_line = split_front_matter(read_text(path, root=content_root(path)), path)
    check_characters(body, path, body_line)
    problems = _Problems()
    role_id = problems.attempt(_file_id, path)
    fields = _Fields(doc, "front matter")
    problems.attempt(fields.check_keys, _ROLE_REQUIRED, _ROLE_OPTIONAL)
    body = problems.attempt(_check_body, body, path, body_line) or body
    title, short, summary = (problems.attempt(fields.string, key) for key in ("title", "short", "summary"))
    reports_to = problems.attempt(fields.string, "reports_to", required=False)
    responsibilities = problems.attempt(fields.strings, "responsibilities")
    focus = problems.attempt(fields.strings, "focus", allow_single=True)
    problems.raise_any()
    return Role(
        id=role_id,
        title=title,
        short=short,
        summary=summary,
        reports_to=reports_to,
        responsibilities=responsibilities,
        focus=focus,
        body=body.strip("\n"),
        source=path,
    )


def load_comparison(path: Path, roles_dir: Path, default_lang: str = "en-GB") -> Comparison:
    """Load and validate one comparison file and the roles it names, reporting every problem at once."""
    doc = parse_yaml(read_text(path, root=content_root(path)), path)
    problems = _Problems()
    comparison_id = problems.attempt(_file_id, path)
    fields = _Fields(doc, "comparison")
    problems.attempt(fields.check_keys, _COMPARISON_REQUIRED, _COMPARISON_OPTIONAL)
    title = problems.attempt(fields.string, "title")
    subtitle = problems.attempt(fields.string, "subtitle", required=False)
    role_ids = problems.attempt(fields.strings, "roles")
    roles = _roles(doc, role_ids, roles_dir, problems) if role_ids is not None else ()
    # Without a valid role list, every role key of a dimension would look wrong: skip them then.
    dimensions = _dimensions(doc, role_ids, problems) if role_ids is not None else ()
    takeaway = problems.attempt(fields.string, "takeaway", required=False)
    objectives = problems.attempt(fields.strings, "objectives", allow_single=True)
    updated = problems.attempt(fields.date, "updated")
    lang = problems.attempt(fields.string, "lang", required=False)
    base_url = problems.attempt(fields.web_address, "base_url")
    problems.raise_any()
    return Comparison(
        id=comparison_id,
        title=title,
        subtitle=subtitle,
        roles=roles,
        dimensions=dimensions,
        takeaway=takeaway,
        objectives=objectives or (),
        updated=updated,
        lang=lang or default_lang,
        source=path,
        base_url=base_url,
    )


def load_comparisons(project: Project) -> list[Comparison]:
    """Load every comparison of a project, sorted by id."""
    return [
        load_comparison(project.comparisons_dir / f"{cid}.yaml", project.roles_dir) for cid in project.comparison_ids()
    ]


def _roles(doc: YamlDoc, role_ids: tuple[str, ...], roles_dir: Path, problems: _Problems) -> tuple[Role, ...]:
    if len(role_ids) < 2:
        problems.add(ContentError("'roles' must name at least two roles", doc.path, doc.line("roles")))
    roles = []
    for index, role_id in enumerate(role_ids):
        role_path = roles_dir / f"{role_id}.md"
        line = doc.line("roles", index)
        if not ID_PATTERN.match(role_id) or not role_path.is_file():
            known = ", ".join(sorted(p.stem for p in roles_dir.glob("*.md"))) or "none"
            problems.add(
                ContentError(f"role '{role_id}' not found in {roles_dir.name}/ (roles: {known})", doc.path, line)
            )
        elif role_id in role_ids[:index]:
            problems.add(ContentError(f"role '{role_id}' is named twice", doc.path, line))
        elif not role_path.resolve().is_relative_to(roles_dir.parent.parent.resolve()):
            error = ContentError(f"role file '{role_id}.md' leads outside the project (a link?)", doc.path, line)
            problems.add(leading_out(error, role_path))
        else:
            roles.append(problems.attempt(load_role, role_path))
    return tuple(roles)


def _dimensions(doc: YamlDoc, role_ids: tuple[str, ...], problems: _Problems) -> tuple[Dimension, ...]:
    raw = doc.data.get("dimensions")
    if "dimensions" not in doc.data:
        return ()  # check_keys has reported it missing
    if not isinstance(raw, list) or not raw:
        problems.add(ContentError("'dimensions' must be a non-empty list", doc.path, doc.line("dimensions")))
        return ()
    dimensions, names = [], set()
    for index, item in enumerate(raw):
        keys = ("dimensions", index)
        if not isinstance(item, dict):
            problems.add(
                ContentError(
                    "each dimension must be a mapping with 'name' and one key per role", doc.path, doc.line(*keys)
                )
            )
            continue
        fields = _Fields(doc, "dimension", keys)
        keys_ok = problems.attempt(fields.check_keys, ("name",), role_ids, missing=False) is not None
        name = problems.attempt(fields.string, "name")
        if name is not None and name in names:
            problems.add(ContentError(f"duplicate dimension '{name}'", doc.path, doc.line(*keys, "name")))
        names.add(name)
        texts = []
        for role_id in role_ids:
            if role_id not in item:
                if not keys_ok:
                    continue  # a misspelt role key is already reported, with its near miss
                problems.add(
                    ContentError(
                        f"dimension '{name or index + 1}' has no text for role '{role_id}': add '{role_id}: ...'",
                        doc.path,
                        doc.line(*keys),
                    )
                )
            else:
                texts.append((role_id, problems.attempt(fields.string, role_id)))
        dimensions.append(Dimension(name, tuple(texts)))
    return tuple(dimensions)


class _Problems:
    """Collect a file's problems so that one run reports them all, in line order."""

    def __init__(self):
        self.found: list[ContentError] = []

    def add(self, error: ContentError) -> None:
        self.found.extend(getattr(error, "problems", (error,)))

    def attempt(self, action, *args, **kwargs):
        """Return action's result, or None after recording the ContentError it raised."""
        try:
            return action(*args, **kwargs)
        except ContentError as e:
            self.add(e)
            return None

    def raise_any(self) -> None:
        """Raise the problems found, if any: one as itself, several as FileProblems."""
        if len(self.found) == 1:
            raise self.found[0]
        if self.found:
            # Problems of other files (a role a comparison names) keep their place after this file's.
            own = self.found[0].path
            raise FileProblems(sorted(self.found, key=lambda e: (e.path != own, e.line or 0)))


def _check_body(body: str, path: Path, first_line: int) -> str:
    """Return the body with its image paths made absolute; fail, naming the role file, on what cannot be drawn."""
    try:
        markdown.parse(body)
        # A project's files sit beside its content/ folder; a role file elsewhere keeps to its own folder.
        root = next((p.parent for p in path.resolve().parents if p.name == "content"), path.resolve().parent)
        return images.anchor_images(body, path.parent, root)
    except (markdown.MarkdownError, images.ImageError) as e:
        line, needle, lines = max(e.line, 1), getattr(e, "text", ""), body.splitlines()
        # A block's error names its first line; the offending text may stand on a later one.
        line = next((n + 1 for n in range(line - 1, len(lines)) if needle and needle in lines[n]), line)
        raise ContentError(str(e), path, first_line + line - 1) from e


def _file_id(path: Path) -> str:
    if not ID_PATTERN.match(path.stem):
        raise ContentError(
            f"file name '{path.stem}' is not a valid id: use lower-case letters, digits, '-' and '_'", path
        )
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
        self.place = fields.Place(doc, keys, ContentError)

    def _error(self, message: str, key: str | None = None) -> ContentError:
        where = self.keys + ((key,) if key is not None else ())
        return ContentError(message, self.doc.path, self.doc.line(*where))

    def _fail(self, message: str, key: str | None = None):
        raise self._error(message, key)

    def _absent(self, key: str) -> bool:
        # A missing required key is reported once, by check_keys, not again by each getter.
        return key not in self.data

    def check_keys(self, required: tuple[str, ...], optional: tuple[str, ...], missing: bool = True) -> bool:
        """Fail on every unknown key (suggesting near misses) and, if asked, missing required key."""
        if self.empty:
            self._fail(f"{self.what} is empty: it needs {', '.join(required)}")
        allowed = required + optional
        problems = fields.unknown_keys(self.data, allowed, self.place, self.what)
        unknown = [key for key in self.data if key not in allowed]
        # Past MAX_REPORTED the keys are reported as one problem, and matching each would take minutes.
        suggested = {fields.nearest(key, allowed) for key in unknown} if len(unknown) <= fields.MAX_REPORTED else set()
        # A required key that a misspelling stands for is already explained by its "did you mean".
        problems += [
            self._error(f"missing required key '{key}' in {self.what}")
            for key in required
            if missing and key not in self.data and key not in suggested
        ]
        if problems:
            raise problems[0] if len(problems) == 1 else FileProblems(problems)
        return True

    def string(self, key: str, required: bool = True) -> str | None:
        """Return a key's value as stripped text."""
        value = self.data.get(key)
        if value is None and not required:
            return None
        if self._absent(key):
            return None
        return fields.text(value, self.place.at(key))

    def strings(self, key: str, allow_single: bool = False) -> tuple[str, ...] | None:
        """Return a key's list of texts; with allow_single, one text counts as a list of one."""
        if self._absent(key):
            return None
        items, problems = fields.texts(self.data.get(key), self.place.at(key), allow_single)
        if problems:
            raise problems[0] if len(problems) == 1 else FileProblems(problems)
        return items

    def web_address(self, key: str) -> str | None:
        """Return a key's value as an http(s) address with a host, or None when it is not given."""
        value = self.string(key, required=False)
        if value is None:
            return None
        if not WEB_ADDRESS.match(value):
            self._fail(f"'{key}' must be a web address such as https://handbook.example.com/", key)
        return value

    def date(self, key: str) -> dt.date | None:
        """Return a key's value as a date, or None when it is not given."""
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        self._fail(f"'{key}' must be a date written as YYYY-MM-DD", key)
