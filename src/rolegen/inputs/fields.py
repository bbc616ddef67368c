"""Declare the keys of a YAML mapping and check a document against the declaration, naming file and line."""

# In the spirit of mkdocs' config_options: a schema is a dict of key -> Field, each Field knows
# its type and says what is wrong with a value; the checker adds the line and the "did you mean".

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rolegen.errors import RolegenError
from rolegen.inputs.sources import YamlDoc


@dataclass(frozen=True)
class Place:
    """Where a value stands: the document, the keys that lead to it, and the error class to raise."""

    doc: YamlDoc
    keys: tuple = ()
    error: type[RolegenError] = RolegenError
    report: Report | None = field(default=None, compare=False)  # where the keys met are noted

    def at(self, *more) -> Place:
        """Return the place of a value below this one."""
        return Place(self.doc, self.keys + more, self.error, self.report)

    @property
    def name(self) -> str:
        """Return the dotted key path, as a message names it: 'typography.base.size'."""
        return ".".join(str(k) for k in self.keys if not isinstance(k, int)) or "the file"

    @property
    def key(self) -> str:
        """Return the last key's name, as a message about one field names it: 'size'."""
        return next((str(k) for k in reversed(self.keys) if not isinstance(k, int)), self.name)

    def fail(self, message: str, *more) -> RolegenError:
        """Return the error for a message about the value here (or below, at more)."""
        return self.error(message, self.doc.path, self.doc.line(*self.keys, *more))


def shown(value: Any) -> str:
    """Return how a wrong value reads in a message: a list, a mapping or the value itself."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None or (isinstance(value, str) and not value.strip()):
        return "empty"
    return repr(value) if isinstance(value, str) else str(value)


@dataclass(frozen=True)
class Field:
    """One key of a mapping: how its value is checked, and whether rolegen uses it (and if not, why)."""

    check: Callable[[Any, Place], Any] | None = None  # returns the value as rolegen uses it
    required: bool = False
    ignored: str = ""  # why rolegen reads past this key (an empty reason: the key is used)


def ignored(why: str) -> Field:
    """Return a field that the schema allows but rolegen does not draw, and says why."""
    return Field(ignored=why)


@dataclass
class Report:
    """The keys a check met: used, and ignored with the reason, as dotted paths (each once)."""

    used: list[str] = field(default_factory=list)
    ignored: list[tuple[str, str]] = field(default_factory=list)

    def use(self, name: str) -> None:
        """Note a key as used."""
        if name not in self.used:
            self.used.append(name)

    def ignore(self, name: str, why: str) -> None:
        """Note a key as read past, and why."""
        if all(name != known for known, _ in self.ignored):
            self.ignored.append((name, why))


def nearest(key: Any, allowed) -> str | None:
    """Return the allowed name a misspelt key most likely stands for, if any is close."""
    close = difflib.get_close_matches(str(key), tuple(allowed), n=1)
    return close[0] if close else None


MAX_REPORTED = 20  # unknown keys named one by one; more are reported as one problem


def unknown_keys(data: dict, allowed, place: Place, what: str = "") -> list[RolegenError]:
    """Return an error for every key not allowed, each with its nearest allowed name."""
    allowed = tuple(allowed)
    unknown = [key for key in data if key not in allowed]
    if len(unknown) > MAX_REPORTED:
        # Thousands of keys are not typos to list one by one (and matching each would take minutes).
        return [
            place.fail(
                f"{len(unknown):,} unknown keys{' in ' + what if what else ''} (the first is "
                f"'{unknown[0]}'; allowed: {', '.join(allowed)})",
                unknown[0],
            )
        ]
    problems = []
    for key in unknown:
        close = nearest(key, allowed)
        hint = f" (did you mean '{close}'?)" if close else f" (allowed: {', '.join(allowed)})"
        problems.append(place.fail(f"unknown key '{key}'{' in ' + what if what else ''}{hint}", key))
    return problems


def check_mapping(data: Any, schema: dict[str, Field], place: Place, open_: bool = False) -> dict:
    """Return {key: checked value} for a mapping; fail on a wrong type, an unknown or a missing key.

    open_ lets keys the schema does not name through unchecked (the spec's open mappings).
    """
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise place.fail(f"'{place.name}' must be a mapping, not {shown(data)}")
    if not open_:
        problems = unknown_keys(data, schema, place)
        if problems:
            raise problems[0]
    elif place.report is not None:
        for key in data:
            if key not in schema:
                place.report.ignore(place.at(key).name, "brand.yml leaves this mapping open; rolegen does not read it")
    result = {}
    for key, spec in schema.items():
        if key not in data or data[key] is None:
            if spec.required:
                raise place.fail(f"missing required key '{key}' in '{place.name}'")
            continue
        where = place.at(key)
        if spec.ignored:
            if place.report is not None:
                place.report.ignore(where.name, spec.ignored)
            continue
        result[key] = spec.check(data[key], where) if spec.check else data[key]
        if place.report is not None and not isinstance(data[key], dict):
            place.report.use(where.name)
    return result


def text(value: Any, place: Place) -> str:
    """Return a value that must be a non-empty line of text (a number is read as its text)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise place.fail(f"'{place.key}' must be a string")
    result = str(value).strip()
    if not result:
        raise place.fail(f"'{place.key}' must not be empty")
    return result


def texts(value: Any, place: Place, allow_single: bool = False) -> tuple[tuple[str, ...], list[RolegenError]]:
    """Return a non-empty list of texts and the error of each item that is not one.

    With allow_single one text counts as a list of one. Item errors are returned, not raised,
    so that a caller can report every bad item of a list at once.
    """
    if allow_single and isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise place.fail(f"'{place.key}' must be a list of strings")
    if not value:
        raise place.fail(f"'{place.key}' must not be empty")
    items, problems = [], []
    for index, item in enumerate(value):
        if isinstance(item, dict) and len(item) == 1:
            problems.append(_colon_trap(place, index, item))
        elif isinstance(item, bool) or not isinstance(item, (str, int, float)) or not str(item).strip():
            problems.append(place.fail(f"'{place.key}' item {index + 1} must be a non-empty string", index))
        items.append(str(item).strip())
    return tuple(items), problems


def _colon_trap(place: Place, index: int, item: dict) -> RolegenError:
    """Explain the item YAML read as a mapping because it holds ': ', and how to quote it."""
    ((name, value),) = item.items()
    text = f"{name}: {value}" if value is not None else f"{name}:"
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return place.fail(
        f"'{place.key}' item {index + 1} holds ': ', so YAML reads it as a mapping; quote the whole item: - {quoted}",
        index,
    )


def one_of(*choices: str) -> Callable[[Any, Place], str]:
    """Return a check that accepts one of a few words."""

    def check(value: Any, place: Place) -> str:
        if value not in choices:
            close = difflib.get_close_matches(str(value), choices, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise place.fail(f"'{place.name}' must be one of {', '.join(choices)}, not {shown(value)}{hint}")
        return value

    return check


def mapping(schema: dict[str, Field], open_: bool = False) -> Callable[[Any, Place], dict]:
    """Return a check for a nested mapping declared by schema."""
    return lambda value, place: check_mapping(value, schema, place, open_=open_)


def anything(value: Any, place: Place) -> Any:
    """Return a value whatever it is (the spec leaves its form open)."""
    return value
