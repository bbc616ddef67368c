"""python-pptx's private attributes are touched in one small module only (render/library_internals.py)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "rolegen"
# Every module that works with python-pptx objects, besides the one allowed to reach inside them.
PPTX_SIDE = [
    SRC / "render" / name
    for name in (
        "pptx.py",
        "master_plan.py",
        "pptx_xml.py",
        "pptx_text.py",
        "inspect_pptx.py",
        "diagram_pptx.py",
    )
] + [SRC / "ooxml.py", SRC / "figures.py", SRC / "paginate.py"]


def private_accesses(path: Path) -> list[str]:
    """Return 'line: expression' for each `obj._name` whose obj is not self, cls or this module's own."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Attribute) or not node.attr.startswith("_") or node.attr.startswith("__"):
            continue
        if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
            continue
        found.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_private_attribute_outside_library_internals():
    found = [hit for path in PPTX_SIDE for hit in private_accesses(path)]
    assert found == []


def test_the_check_sees_a_private_access(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f(shapes):\n    return shapes._spTree\n")
    assert private_accesses(sample) == ["sample.py:2: shapes._spTree"]


def test_each_internal_says_why():
    import inspect

    from rolegen.render import library_internals

    functions = inspect.getmembers(library_internals, inspect.isfunction)
    assert functions
    for name, function in functions:
        assert function.__doc__ and function.__doc__.strip(), name
