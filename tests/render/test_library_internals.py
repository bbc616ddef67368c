"""Private attributes of python-pptx and python-docx are touched in one named module only.

Their internals change between releases without notice; kept in render/library_internals.py,
an upgrade that breaks one breaks in one place a reader can find.
"""

from __future__ import annotations

import ast
from pathlib import Path

import docx
import pptx

SOURCE = Path(__file__).resolve().parents[2] / "src" / "rolegen"
ALLOWED = SOURCE / "render" / "library_internals.py"


def _private_names(package) -> set[str]:
    """Return the single-underscore attribute names a library's classes define or assign to self."""
    names = set()
    for path in Path(package.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
                names.add(node.attr)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
    return {n for n in names if n.startswith("_") and not n.startswith("__")}


LIBRARY_PRIVATE = _private_names(pptx) | _private_names(docx)


def _uses_outside_the_module() -> list[str]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        if path == ALLOWED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Attribute) or node.attr not in LIBRARY_PRIVATE:
                continue
            if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                continue  # rolegen's own private state, which may share a name with the libraries'
            found.append((str(path.relative_to(SOURCE)), node.lineno, node.attr))
    return [f"{name}:{line}: .{attr}" for name, line, attr in sorted(found)]


def test_the_scan_knows_the_libraries_private_names():
    assert {"_element", "_spTree", "_sldIdLst", "_p", "_r", "_tbl"} <= LIBRARY_PRIVATE


def test_no_private_attribute_of_python_pptx_or_python_docx_outside_library_internals():
    assert ALLOWED.exists()
    assert _uses_outside_the_module() == []


def test_the_scan_sees_a_private_access(tmp_path, monkeypatch):
    monkeypatch.setattr(__import__(__name__), "SOURCE", tmp_path)
    (tmp_path / "sample.py").write_text("def f(shapes):\n    return shapes._spTree\n")
    assert _uses_outside_the_module() == ["sample.py:2: ._spTree"]


def test_each_internal_says_why():
    import inspect

    from rolegen.render import library_internals

    functions = inspect.getmembers(library_internals, inspect.isfunction)
    assert functions
    for name, function in functions:
        assert function.__doc__ and function.__doc__.strip(), name
