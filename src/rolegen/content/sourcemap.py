"""Where a line of the intermediate Markdown came from: the author's file and line, then the template's.

Errors found after templating (Markdown rules, images, links, fitting) know only a line of the
Markdown the template wrote; the author wrote a role file, a comparison, a translation or the
template itself. The map is made only when something must be located: a build that succeeds pays
nothing for it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rolegen.errors import RolegenError, display_path

_PLACEHOLDER = re.compile(r"\{\w+\}")
_MARKERS = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+(?:\[[ xX]\]\s+)?|\d{1,9}[.)]\s+|>\s*)+")
_ATTRIBUTES = re.compile(r"\s*\{[^{}]*\}\s*$")
_LEAST_MATCH = 3  # characters: shorter texts ('CEO') are found in too many lines to name one


@dataclass(frozen=True)
class Place:
    """Where the author can act: a file and line; template is the template line the text passed through."""

    path: Path
    line: int | None
    template: tuple[Path, int | None] | None = None
    markdown_line: int | None = None

    def via(self) -> str:
        """Return the way the text went, for -v: 'Markdown line 43, from deck.md.j2:58'."""
        parts = [f"Markdown line {self.markdown_line}"] if self.markdown_line else []
        if self.template is not None and self.template[0] != self.path:
            path, line = self.template
            parts.append(f"written by {display_path(path)}{f':{line}' if line else ''}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Origin:
    """A text as the author wrote it, and where."""

    text: str
    path: Path
    line: int


class SourceMap:
    """Locate lines of one document's Markdown in the files it was made from.

    trace renders the template again and returns (offset, template file, template line) per piece of
    output; files are the content, translation and brand files whose strings reached the template.
    """

    def __init__(
        self,
        text: str,
        trace: Callable[[], list[tuple[int, Path, int | None]]] | None,
        files: Callable[[], Iterable[Path]],
        template: Path,
    ):
        self.text = text
        self._trace = trace
        self._files = files
        self.template = template
        self._pieces: list[tuple[int, Path, int | None]] | None = None
        self._origins: list[Origin] | None = None

    def place(self, markdown_line: int, needle: str = "") -> Place:
        """Return where the author wrote what stands at a Markdown line (1-based); needle is the offending text."""
        lines = self.text.splitlines()
        index = max(1, min(markdown_line or 1, len(lines) or 1)) - 1
        # A block's error names its first line; the offending text may stand on a later one.
        if needle:
            for later in range(index, min(len(lines), index + 200)):
                if needle in lines[later]:
                    index = later
                    break
                if later > index and not lines[later].strip():
                    break
        written = lines[index] if lines else ""
        template = _refined(
            self._template_at(index, written.find(needle) if needle and needle in written else 0), written
        )
        origin = self.find(written, needle)
        where = markdown_line and index + 1
        if origin is not None and not _template_wrote(template, origin):
            return Place(origin.path, origin.line, template, where)
        if template is not None:
            return Place(template[0], template[1], template, where)
        return Place(self.template, None, None, where)

    def find(self, written: str, needle: str = "") -> Origin | None:
        """Return the origin whose text best explains a line of output (holding needle, when given)."""
        if self._origins is None:
            self._origins = list(_origins(self._files()))
        wanted = _plain(written)
        best, best_score = None, 0
        for origin in self._origins:
            if needle and needle not in origin.text:
                continue
            score = _score(_plain(_MARKERS.sub("", _ATTRIBUTES.sub("", origin.text))), wanted)
            if score > best_score:
                best, best_score = origin, score
        if best is None and needle:
            # The needle as the parser decoded it ('java\tscript:' for 'java&#9;script:') may be written
            # otherwise; a line that holds nearly all the output line is still the one.
            found = self.find(written)
            if found is not None and _score(_plain(found.text), wanted) >= 0.6 * len(wanted):
                return found
            return None  # the text was the template's own
        return best if best_score >= min(_LEAST_MATCH, len(wanted)) else None

    def _template_at(self, index: int, column: int) -> tuple[Path, int | None] | None:
        if self._trace is None:
            return None
        if self._pieces is None:
            try:
                self._pieces = self._trace()
            except (RolegenError, RecursionError):
                self._pieces = []
        if not self._pieces:
            return None
        offset = _offset_of_line(self.text, index) + max(column, 0)
        at = max(bisect.bisect_right([start for start, _, _ in self._pieces], offset) - 1, 0)
        start, path, line = self._pieces[at]
        # A piece of the template's own text spans its lines as written: count down to the one asked for.
        return path, line + self.text.count("\n", start, offset) if line else line


def _template_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def _refined(template: tuple[Path, int | None] | None, written: str) -> tuple[Path, int | None] | None:
    """Return the template line that holds a line of output as written, when it is the next one.

    A piece of output that follows a '{% block %}' line (its newline trimmed) is placed by Jinja on
    the tag's line; the text stands on the line after it.
    """
    if template is None or not template[1]:
        return template
    lines, core = _template_lines(template[0]), _plain(written)
    line = template[1]
    if 0 < line < len(lines) and core and core not in _plain(lines[line - 1]) and core in _plain(lines[line]):
        return template[0], line + 1
    return template


def _template_wrote(template: tuple[Path, int | None] | None, origin: Origin) -> bool:
    """Return whether the template's own line holds the text as written (a '## Agenda' of its own, say)."""
    if template is None or not template[1]:
        return False
    lines = _template_lines(template[0])
    if not 0 < template[1] <= len(lines):
        return False
    core, own = _plain(_MARKERS.sub("", _ATTRIBUTES.sub("", origin.text))), lines[template[1] - 1]
    return bool(core) and "{{" not in own and core in _plain(own)


def _offset_of_line(text: str, index: int) -> int:
    offset = 0
    for _ in range(index):
        found = text.find("\n", offset)
        if found < 0:
            return len(text)
        offset = found + 1
    return offset


def _plain(text: str) -> str:
    return " ".join(text.replace("\\|", "|").split())


def _score(core: str, wanted: str) -> int:
    """Return how many characters of core the output line holds (placeholders match anything), or 0."""
    pieces = [piece.strip() for piece in _PLACEHOLDER.split(core)]
    if not any(pieces):
        return 0
    at = 0
    for piece in pieces:
        if not piece:
            continue
        found = wanted.find(piece, at)
        if found < 0:
            return 0
        at = found + len(piece)
    return sum(len(piece) for piece in pieces)


def _origins(paths: Iterable[Path]) -> Iterable[Origin]:
    """Yield every string of the given content, translation and brand files with its line."""
    from rolegen.inputs.sources import parse_yaml, split_front_matter

    seen: set[Path] = set()
    for path in paths:
        if path is None or path in seen:
            continue
        seen.add(path)
        try:
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".md":
                doc, body, body_line = split_front_matter(text, path)
                yield from _yaml_strings(doc, path)
                for number, line in enumerate(body.splitlines()):
                    if line.strip():
                        yield Origin(line, path, body_line + number)
            else:
                yield from _yaml_strings(parse_yaml(text, path), path)
        except (OSError, UnicodeDecodeError, RolegenError):
            continue  # a file that cannot be read again explains nothing: the others may


def _yaml_strings(doc, path: Path) -> Iterable[Origin]:
    for keys, line in doc.lines.items():
        value: Any = doc.data
        try:
            for key in keys:
                value = value[key]
        except (KeyError, IndexError, TypeError):
            continue
        if not isinstance(value, str):
            continue
        parts = value.splitlines() or [value]
        # A block scalar ('|' or '>') starts on the line after its key.
        first = line + 1 if len(parts) > 1 else line
        for number, part in enumerate(parts):
            if part.strip():
                yield Origin(part, path, first + number)
