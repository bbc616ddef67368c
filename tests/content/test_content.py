"""Loading content: the model, and errors that name the file and line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rolegen.content.load import load_comparison, load_role
from rolegen.errors import ContentError

ROLE = """---
title: Chief Financial Officer
short: CFO
summary: Keeps the money right.
responsibilities:
  - Plan the budget.
focus: Cash and risk.
---
The CFO runs finance.
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_role_loads_into_the_model(tmp_path):
    role = load_role(_write(tmp_path, "cfo.md", ROLE))
    assert (role.id, role.short, role.responsibilities, role.focus, role.body) == (
        "cfo",
        "CFO",
        ("Plan the budget.",),
        ("Cash and risk.",),
        "The CFO runs finance.",
    )


def test_repository_comparison_loads(project):
    comparison = load_comparison(project / "content/comparisons/ceo-vs-coo.yaml", project / "content/roles")
    assert [r.id for r in comparison.roles] == ["ceo", "coo"]
    assert comparison.updated == dt.date(2026, 11, 24)
    assert comparison.dimensions[0].text("coo").startswith("The COO is more concerned")


@pytest.mark.parametrize(
    "change,message",
    [
        (
            ("title: Chief Financial Officer\n", "titel: Chief Financial Officer\n"),
            "cfo.md:2: unknown key 'titel' in front matter (did you mean 'title'?)",
        ),
        (("short: CFO\n", ""), "cfo.md:2: missing required key 'short' in front matter"),
        (("focus: Cash and risk.\n", "focus: []\n"), "cfo.md:7: 'focus' must not be empty"),
        (
            ("  - Plan the budget.\n", "  - [nested]\n"),
            "cfo.md:6: 'responsibilities' item 1 must be a non-empty string",
        ),
        (("summary: Keeps the money right.\n", "summary: [a\n"), "cfo.md:5: invalid YAML"),
    ],
    ids=["typo", "missing", "empty-list", "wrong-type", "bad-yaml"],
)
def test_role_errors_name_file_and_line(tmp_path, change, message):
    path = _write(tmp_path, "cfo.md", ROLE.replace(*change))
    with pytest.raises(ContentError) as caught:
        load_role(path)
    assert caught.value.message.endswith(message) or message in caught.value.message


def test_comparison_naming_a_missing_role(tmp_path):
    _write(tmp_path, "roles/cfo.md", ROLE)
    path = _write(
        tmp_path,
        "comparisons/x.yaml",
        "title: X\nroles: [cfo, cto]\ndimensions:\n  - name: A\n    cfo: a\n    cto: b\n",
    )
    with pytest.raises(ContentError) as caught:
        load_comparison(path, tmp_path / "roles")
    assert caught.value.message.endswith("x.yaml:2: role 'cto' not found in roles/ (roles: cfo)")


def test_dimension_missing_a_roles_text(tmp_path):
    _write(tmp_path, "roles/cfo.md", ROLE)
    _write(tmp_path, "roles/ceo.md", ROLE)
    path = _write(tmp_path, "comparisons/x.yaml", "title: X\nroles: [cfo, ceo]\ndimensions:\n  - name: A\n    cfo: a\n")
    with pytest.raises(ContentError) as caught:
        load_comparison(path, tmp_path / "roles")
    assert caught.value.message.endswith("x.yaml:4: dimension 'A' has no text for role 'ceo': add 'ceo: ...'")
