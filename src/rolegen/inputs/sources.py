"""Read user files safely: size limit, UTF-8, YAML with line numbers, front matter."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rolegen.errors import BrandError, ContentError, RolegenError
from rolegen.inputs.safety import MAX_FILE_BYTES, read_guarded

MAX_YAML_DEPTH = 50
_FRONT_MATTER_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")
_YAML_BREAKS = re.compile("\r\n|[\n\r\x85\u2028\u2029]")  # the line breaks PyYAML counts
_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Characters XML 1.0, and so every Office file, cannot hold (tab and line breaks can be held).
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def check_characters(
    text: str, path: Path, first_line: int = 1, error: type[RolegenError] = ContentError, what: str = "the text"
) -> str:
    """Return text unless it holds a character no Office file can hold; then fail naming its line."""
    found = _NOT_IN_XML.search(text)
    if found:
        line = first_line + len(_YAML_BREAKS.findall(text[: found.start()]))
        raise error(f"{what} contains the control character U+{ord(found.group()):04X}; delete it", path, line)
    return text


@dataclass(frozen=True)
class YamlDoc:
    """Parsed YAML data plus the line of every mapping key and list item in it."""

    data: Any
    path: Path
    lines: dict[tuple, int] = field(default_factory=dict)

    def line(self, *keys: Any) -> int | None:
        """Return the line of the value at keys, or of its nearest located parent."""
        while keys:
            if keys in self.lines:
                return self.lines[keys]
            keys = keys[:-1]
        return self.lines.get((), None)


def content_root(path: Path) -> Path:
    """Return the content/ folder a content file lies in: links may lead anywhere inside it, not out."""
    return next((folder for folder in path.parents if folder.name == "content"), path.parent.parent)


def read_text(path: Path, error: type[RolegenError] = ContentError, root: Path | None = None) -> str:
    """Return a user file's text, refusing links out of root (default: the file's folder), FIFOs,
    huge, non-UTF-8 and BOM-prefixed files."""
    raw = read_guarded(path, root or path.parent, error, limit=MAX_FILE_BYTES)
    if raw.startswith(b"\xef\xbb\xbf"):
        raise error("file starts with a byte-order mark (BOM); save it as UTF-8 without BOM", path, 1)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise error(f"file is not valid UTF-8 (byte 0x{raw[e.start]:02x})", path, line) from e


def parse_yaml(text: str, path: Path, *, first_line: int = 1, error: type[RolegenError] = ContentError) -> YamlDoc:
    """Parse YAML text into plain data, recording where each key and item stands."""
    try:
        _refuse_aliases(text, path, first_line, error)
        node = yaml.compose(text, Loader=_SafeLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + first_line if mark else None
        column = f" (column {mark.column + 1})" if mark else ""
        problem = e.problem or e.context
        if mark and _indented_with_tab(text, mark.line):
            # PyYAML's own words for this ("cannot start any token") do not say what to change.
            problem = "a tab is used for indentation; indent with spaces"
        raise error(f"invalid YAML: {problem}{column}", path, line) from e
    except yaml.reader.ReaderError as e:
        line = len(_YAML_BREAKS.findall(text[: e.position])) + first_line
        code = e.character if isinstance(e.character, int) else ord(e.character)
        raise error(f"invalid YAML: control character U+{code:04X} is not allowed; delete it", path, line) from e
    except yaml.YAMLError as e:
        raise error(f"invalid YAML: {' '.join(str(e).split())}", path, first_line) from e
    except RecursionError as e:
        raise error("invalid YAML: nested too deeply", path, first_line) from e
    lines: dict[tuple, int] = {}
    if node is None:
        return YamlDoc(None, path, {(): first_line})
    data = _Builder(path, first_line, lines, error).build(node, ())
    return YamlDoc(data, path, lines)


def _refuse_aliases(text: str, path: Path, first_line: int, error: type[RolegenError]) -> None:
    """Fail at the first alias, found in the event stream before anything is built or expanded."""
    # Aliases let a few lines expand into billions of nodes ("billion laughs"); content never needs them.
    for event in yaml.parse(text, Loader=_SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            raise error(
                f"YAML aliases ('*{event.anchor}') are not supported in content files; write the value out",
                path,
                event.start_mark.line + first_line,
            )


def _indented_with_tab(text: str, index: int) -> bool:
    lines = _YAML_BREAKS.split(text)
    return index < len(lines) and "\t" in lines[index][: len(lines[index]) - len(lines[index].lstrip())]


def _plain_reason(error: Exception) -> str:
    if isinstance(error, ValueError) and str(error):
        return str(error)
    return "not a valid value for its type"


def strings_in(data: Any) -> list[str]:
    """Return every string in parsed YAML data, depth first."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for v in data.values() for s in strings_in(v)]
    if isinstance(data, list):
        return [s for v in data for s in strings_in(v)]
    return []


def split_front_matter(text: str, path: Path) -> tuple[YamlDoc, str, int]:
    """Split a Markdown file into its front matter, its body and the body's first line."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n").rstrip() != "---":
        raise ContentError("missing front matter: the file must start with a '---' line", path, 1)
    for index, line in enumerate(lines[1:], start=1):
        if _FRONT_MATTER_FENCE.match(line.rstrip("\r\n")):
            doc = parse_yaml("".join(lines[1:index]), path, first_line=2)
            return doc, "".join(lines[index + 1 :]), index + 2
    raise ContentError("front matter is not closed: add a '---' line after it", path, 1)


class _Builder:
    """Turn a composed YAML node tree into dicts, lists and scalars."""

    def __init__(self, path: Path, first_line: int, lines: dict, error: type[RolegenError]):
        self.path = path
        self.offset = first_line
        self.lines = lines
        self.error = error
        self.seen: set[int] = set()
        self.constructor = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, keys: tuple) -> Any:
        line = node.start_mark.line + self.offset
        # Content is a few levels deep; a limit keeps hostile nesting from exhausting Python's stack.
        if len(keys) > MAX_YAML_DEPTH:
            raise self.error(f"YAML is nested more than {MAX_YAML_DEPTH} levels deep", self.path, line)
        self.lines.setdefault(keys, line)
        # A node reached twice is an alias; refusing it stops "billion laughs" expansion early.
        if id(node) in self.seen:
            raise self.error("YAML anchors and aliases are not supported in content files", self.path, line)
        self.seen.add(id(node))
        # Collections are built here, not by PyYAML, so a tag such as !!python/object/apply is refused here.
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise self.error(f"YAML tag '{tag}' is not supported in content files", self.path, line)
        if isinstance(node, yaml.MappingNode):
            result = {}
            for key_node, value_node in node.value:
                key = self.build(key_node, keys + ("<key>",))
                if not isinstance(key, (str, int, float, bool)) or key is None:
                    raise self.error(
                        "mapping keys must be plain words", self.path, key_node.start_mark.line + self.offset
                    )
                key_line = key_node.start_mark.line + self.offset
                if key in result:
                    raise self.error(f"duplicate key '{key}'", self.path, key_line)
                self.lines[keys + (key,)] = key_line
                result[key] = self.build(value_node, keys + (key,))
            self.lines.pop(keys + ("<key>",), None)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, keys + (i,)) for i, item in enumerate(node.value)]
        try:
            value = self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError as e:
            raise self.error(
                f"invalid YAML value: {e.problem if isinstance(e, yaml.MarkedYAMLError) else e}", self.path, line
            ) from e
        # PyYAML's constructors fail with these on values such as '2026-13-45' or an empty '!!timestamp'.
        except (ValueError, TypeError, AttributeError, OverflowError) as e:
            raise self.error(f"invalid YAML value {node.value!r}: {_plain_reason(e)}", self.path, line) from e
        # An escape such as "\x0b" passes the YAML reader, not an Office file (brand.py names its own keys).
        if isinstance(value, str) and self.error is not BrandError:
            name = ".".join(key for key in keys if isinstance(key, str) and key != "<key>")
            name = f"'{name}'" if name else "a value"
            check_characters(value, self.path, line, self.error, name)
        return value
