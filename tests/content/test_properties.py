"""Random input never crashes the loaders or the Markdown converter.

The contract: loaders raise only RolegenError. markdown.py is a pure layer and raises only
MarkdownError; documents.document_tree, the one caller that turns it into a user's error,
raises only TemplateError naming the template.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rolegen.build import documents
from rolegen.content import markdown
from rolegen.content.slides import slides
from rolegen.content.load import load_comparison, load_role
from rolegen.errors import RolegenError, TemplateError
from rolegen.inputs.sources import parse_yaml, read_text, split_front_matter

EXAMPLES = int(os.environ.get("ROLEGEN_EXAMPLES", "500"))  # raise it for a deeper hunt
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

YAML_PIECES = [
    "key",
    "title",
    "roles",
    "dimensions",
    "name",
    "ceo",
    "coo",
    "focus",
    "updated",
    ":",
    ": ",
    "- ",
    "  ",
    "    ",
    "\n",
    "\t",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "<<: *a",
    "? ",
    "!!str ",
    "!!python/object:os.system ",
    "!!binary ",
    "!!timestamp ",
    "'",
    '"',
    "#",
    "|",
    ">",
    "---",
    "...",
    "%YAML 1.1",
    "null",
    "~",
    "true",
    "2026-11-24",
    "2026-13-45",
    "2026-02-30 25:61",
    "1e9999",
    ".inf",
    "0x1F",
    "0o17",
    "=",
    "\\",
    "\u2028",
    "\x85",
    "é",
    "\x00",
    "\ufeff",
]
MARKDOWN_PIECES = [
    "# ",
    "## ",
    "### ",
    "#### ",
    "Title",
    "text",
    "\n",
    "\n\n",
    "::: ",
    ":::: ",
    ":::",
    "notes",
    "columns",
    "column",
    "warning",
    "{.section}",
    "{.quote}",
    "{",
    "}",
    "| a | b |",
    "|---|---|",
    "| 1 | 2 |",
    "- ",
    "* ",
    "1. ",
    "> ",
    "```",
    "~~~",
    "    ",
    "\t",
    "**",
    "*",
    "_",
    "`",
    "[",
    "](",
    ")",
    "<div>",
    "<!-- -->",
    "---",
    "***",
    "title: x",
    "date: 2026-13-45",
    "&a [1]",
    "- *a",
    "\\",
    "![alt](x.png)",
    "&amp;",
    "\u2028",
    "é",
]

yaml_text = st.lists(st.sampled_from(YAML_PIECES) | st.text(max_size=4), max_size=40).map("".join)
markdown_text = st.lists(st.sampled_from(MARKDOWN_PIECES) | st.text(max_size=4), max_size=60).map("".join)
# Template output often starts with a metadata block, so half the documents get one.
documents_text = markdown_text | st.builds("---\n{}\n---\n{}".format, yaml_text, markdown_text)
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=20)
    | st.dates(min_value=dt.date(1, 1, 2))
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8) | st.sampled_from(["name", "ceo", "coo"]), inner, max_size=4)
    ),
    max_leaves=12,
)
ROLE_KEYS = ["title", "short", "summary", "responsibilities", "focus", "reports_to", "titel"]
COMPARISON_KEYS = ["title", "subtitle", "roles", "dimensions", "takeaway", "updated", "lang", "role"]


def _mapping(keys: list[str]):
    return st.dictionaries(st.sampled_from(keys) | st.text(max_size=6), values, max_size=8)


def _write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
    return path


def _only_rolegen_errors(action, *args):
    try:
        action(*args)
    except RolegenError as e:
        assert "\n" not in e.message, "an error is one line"


@SETTINGS
@given(text=yaml_text)
def test_random_yaml_text_raises_only_rolegen_errors(text):
    _only_rolegen_errors(parse_yaml, text, Path("x.yaml"))


@SETTINGS
@given(text=yaml_text, body=markdown_text)
def test_random_front_matter_and_body_load_or_fail_cleanly(tmp_path, text, body):
    _only_rolegen_errors(load_role, _write(tmp_path, "roles/cfo.md", f"---\n{text}\n---\n{body}"))


@SETTINGS
@given(data=_mapping(ROLE_KEYS), body=markdown_text)
def test_random_role_fields_load_or_fail_cleanly(tmp_path, data, body):
    front = yaml.safe_dump(data, allow_unicode=True)
    _only_rolegen_errors(load_role, _write(tmp_path, "roles/cfo.md", f"---\n{front}---\n{body}"))


@SETTINGS
@given(
    data=_mapping(COMPARISON_KEYS), roles=st.lists(st.sampled_from(["ceo", "coo", "cfo", "../x", "CEO"]), max_size=4)
)
def test_random_comparisons_load_or_fail_cleanly(tmp_path, data, roles):
    from conftest import REPO

    for role in ("ceo", "coo"):
        _write(tmp_path, f"roles/{role}.md", (REPO / "content/roles" / f"{role}.md").read_bytes())
    if roles:
        data["roles"] = roles
    path = _write(tmp_path, "comparisons/x.yaml", yaml.safe_dump(data, allow_unicode=True))
    _only_rolegen_errors(load_comparison, path, tmp_path / "roles")


@SETTINGS
@given(text=yaml_text)
def test_random_comparison_text_loads_or_fails_cleanly(tmp_path, text):
    path = _write(tmp_path, "comparisons/x.yaml", text)
    _only_rolegen_errors(load_comparison, path, tmp_path / "roles")


@SETTINGS
@given(raw=st.binary(max_size=200))
def test_random_bytes_are_read_or_refused_cleanly(tmp_path, raw):
    path = _write(tmp_path, "roles/cfo.md", raw)
    _only_rolegen_errors(lambda: split_front_matter(read_text(path), path))


@SETTINGS
@given(text=documents_text)
def test_random_markdown_raises_only_markdown_errors(text):
    try:
        slides(markdown.parse(text))
    except markdown.MarkdownError:
        pass


@SETTINGS
@given(text=documents_text)
def test_random_template_output_raises_only_template_errors(text):
    try:
        documents.document_tree("templates/deck.md.j2", text)
    except TemplateError as e:
        assert e.message.startswith("templates/deck.md.j2: ")
        assert "\n" not in e.message, "an error is one line"


DEEP = [
    ("yaml-flow", "---\n{}{}\n---\n", "[", "]"),
    ("yaml-block", "---\n{}x{}\n---\n", "- ", ""),
    ("quotes", "# A\n\n{}x{}", "> ", ""),
    ("lists", "# A\n\n{}x{}", "- ", ""),
    ("emphasis", "# A\n\n{}x{}", "*", "*"),
    ("links", "# A\n\n{}x{}", "[", "]"),
    ("divs", "# A\n\n{}x{}", "::: notes\n", ":::\n"),
    ("columns", "# A\n\n{}x{}", ":::: columns\n", "::::\n"),
]


@pytest.mark.parametrize("depth", [60, 900, 20_000], ids=str)
@pytest.mark.parametrize("shape, frame, opening, closing", DEEP, ids=[d[0] for d in DEEP])
def test_deep_nesting_is_refused_or_drawn_never_a_crash(shape, frame, opening, closing, depth):
    text = frame.format(opening * depth, closing * depth)
    try:
        documents.document_tree("templates/deck.md.j2", text)
    except TemplateError as e:
        assert "\n" not in e.message
