"""Adding a role is adding a file: a CFO comparison builds with no code change."""

from __future__ import annotations

from conftest import docx_text, pptx_text

CFO = """---
title: Chief Financial Officer
short: CFO
summary: Guards the company's money and its financial risk.
reports_to: Chief Executive Officer
responsibilities:
  - Planning the budget and the financial forecast.
  - Reporting results to the board and to investors.
focus: Cash, capital and financial risk.
---
The CFO runs the finance function and advises the CEO on every decision with a price.
"""

COMPARISON = """title: CEO vs CFO
roles: [ceo, cfo]
dimensions:
  - name: Scope
    ceo: The whole company.
    cfo: The company's finances.
takeaway: The CEO sets the course; the CFO makes sure the company can pay for it.
"""


def test_cfo_comparison_builds_deck_and_handout(run, project):
    (project / "content/roles/cfo.md").write_text(CFO, encoding="utf-8")
    (project / "content/comparisons/ceo-vs-cfo.yaml").write_text(COMPARISON, encoding="utf-8")
    assert run("deck", "--brand", "acme", "--comparison", "ceo-vs-cfo").exit_code == 0
    assert run("handout", "--brand", "acme", "--comparison", "ceo-vs-cfo").exit_code == 0
    deck = pptx_text(project / "output/acme/ceo-vs-cfo.pptx")
    handout = docx_text(project / "output/acme/ceo-vs-cfo.docx")
    for text in (
        "CEO vs CFO",
        "Chief Financial Officer",
        "Planning the budget and the financial forecast.",
        "The company's finances.",
        "the CFO makes sure the company can pay for it",
    ):
        assert text in deck
        assert text in handout


def test_two_comparisons_need_the_comparison_option(run, project, runner):
    from rolegen.cli.app import cli

    (project / "content/roles/cfo.md").write_text(CFO, encoding="utf-8")
    (project / "content/comparisons/ceo-vs-cfo.yaml").write_text(COMPARISON, encoding="utf-8")
    result = runner.invoke(cli, ["deck", "--brand", "acme"])
    assert result.exit_code == 2  # a usage error: the command line must say which
    assert result.output == ("Error: --comparison is needed: this project has 2 comparisons (ceo-vs-cfo, ceo-vs-coo)\n")


def test_three_roles_get_three_columns(run, project):
    from pptx import Presentation

    (project / "content/roles/cfo.md").write_text(CFO, encoding="utf-8")
    (project / "content/comparisons/c-suite.yaml").write_text(
        COMPARISON.replace("[ceo, cfo]", "[ceo, coo, cfo]").replace(
            "    cfo: The company's finances.\n", "    coo: Operations.\n    cfo: Finance.\n"
        ),
        encoding="utf-8",
    )
    assert run("deck", "--brand", "acme", "--comparison", "c-suite").exit_code == 0
    prs = Presentation(str(project / "output/acme/c-suite.pptx"))
    table = next(s for slide in prs.slides for s in slide.shapes if s.has_table).table
    assert [c.text for c in table.rows[0].cells] == ["Dimension", "CEO", "COO", "CFO"]
