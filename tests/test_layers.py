"""The packages are stages, and each imports only the stages below it (ARCHITECTURE.md draws them)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "rolegen"
# Bottom to top. The root modules (errors, model, tree, facts, cache) are the vocabulary every stage shares.
LAYERS = ("", "inputs", "content", "brand", "typeset", "render", "review", "lms", "rosters", "build", "cli")
OFFICE_LIBRARIES = ("pptx", "docx")


def _modules(package: Path = PACKAGE) -> list[Path]:
    return sorted(p for p in package.rglob("*.py") if "defaults" not in p.parts)


def _stage(module: str, package: Path = PACKAGE) -> str:
    """Return the stage of a dotted module below rolegen: its package, or '' for a root module."""
    head, _, rest = module.partition(".")
    if head == "__main__":
        return "cli"  # `python -m rolegen` is the command line
    return head if rest or (package / head).is_dir() else ""


def _imports(path: Path) -> list[tuple[int, str]]:
    """Return (line, module) for every import of rolegen in a file, lazy ones inside functions included."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "rolegen":
                found += [(node.lineno, alias.name) for alias in node.names]
            elif node.module.startswith("rolegen."):
                found.append((node.lineno, node.module.removeprefix("rolegen.")))
            elif node.module.split(".")[0] in OFFICE_LIBRARIES:
                found.append((node.lineno, "!" + node.module))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("rolegen."):
                    found.append((node.lineno, alias.name.removeprefix("rolegen.")))
                elif alias.name.split(".")[0] in OFFICE_LIBRARIES:
                    found.append((node.lineno, "!" + alias.name))
    return found


def _name(path: Path, package: Path = PACKAGE) -> str:
    return ".".join(path.relative_to(package).with_suffix("").parts).removesuffix(".__init__")


def upward_imports(package: Path) -> list[str]:
    """Return each import that reaches a stage above the importing module's, as 'path:line: ...'."""
    upward = []
    for path in _modules(package):
        own = _stage(_name(path, package), package) if path.parent != package or path.name != "__init__.py" else ""
        for line, module in _imports(path):
            if module.startswith("!") or module == "__version__":
                continue
            theirs = _stage(module, package)
            if LAYERS.index(theirs) > LAYERS.index(own):
                upward.append(f"{path.relative_to(package)}:{line}: {own or 'root'} imports {theirs} ({module})")
    return upward


def test_every_module_imports_only_its_own_stage_and_the_stages_below_it():
    assert upward_imports(PACKAGE) == []


def test_an_import_up_the_stages_is_caught_lazy_or_not(tmp_path):
    for stage in ("content", "build"):
        (tmp_path / stage).mkdir()
        (tmp_path / stage / "__init__.py").write_text('"""A stage."""\n')
    (tmp_path / "build" / "run.py").write_text("from rolegen.content import load\n")
    (tmp_path / "content" / "load.py").write_text("def f():\n    from rolegen.build.run import x\n")
    (tmp_path / "errors.py").write_text("from rolegen import content\n")
    assert upward_imports(tmp_path) == [
        "content/load.py:2: content imports build (build.run)",
        "errors.py:1: root imports content (content)",
    ]


def test_only_the_renderers_import_python_pptx_and_python_docx():
    outside = [
        f"{path.relative_to(PACKAGE)}:{line}: {module[1:]}"
        for path in _modules()
        if _stage(_name(path)) != "render"
        for line, module in _imports(path)
        if module.startswith("!")
    ]
    assert outside == []


@pytest.mark.parametrize("stage", [s for s in LAYERS if s], ids=str)
def test_each_stage_says_what_it_is_and_what_it_may_import(stage):
    docstring = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8")))
    assert docstring and "\n" not in docstring.strip() and "Imports" in docstring


def test_no_module_is_two_jobs_by_length():
    # A module past ~400 lines is usually two jobs (style.md).
    long = {str(p.relative_to(PACKAGE)): n for p in _modules() if (n := len(p.read_text().splitlines())) > 400}
    assert long == {}
