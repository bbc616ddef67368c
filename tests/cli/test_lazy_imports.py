"""Commands that draw no Office file import no renderer, python-pptx or python-docx (cold-start cost)."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import sys
from rolegen.cli.app import main
sys.argv = ["rolegen"] + {args!r}
try:
    main()
except SystemExit as e:
    code = e.code
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("pptx", "docx", "lxml") or m.startswith("rolegen.render"))
print(code, heavy)
"""


@pytest.mark.parametrize(
    "args",
    [["--help"], ["deck", "--help"], ["render", "--to", "md", "--brand", "acme"]],
    ids=["help", "deck-help", "render-md"],
)
def test_command_does_not_import_office_libraries(project, args):
    result = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "0 []"


def test_validate_imports_no_renderer(project):
    # validate reads masters' XML with lxml to check them, but draws nothing.
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=["validate"])], capture_output=True, text=True, check=True
    )
    code, loaded = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert code == "0"
    assert [m for m in eval(loaded) if not m.startswith("lxml")] == []


def test_pagination_imports_no_office_library():
    # What continues where is decided from plain geometry: paginate.py must stay free of python-pptx.
    probe = (
        "import sys, rolegen.typeset.paginate\n"
        "print(sorted(m for m in ('pptx', 'docx') if m in sys.modules or any(k.startswith(m + '.') for k in sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_drawing_a_handout_imports_no_network_library(project):
    # rolegen fetches nothing while drawing, and python-docx needs no urllib; quoting XML through
    # xml.sax.saxutils once pulled urllib.request, http and ssl into every handout's start-up.
    probe = (
        "import sys\n"
        "from rolegen.cli.app import main\n"
        f"sys.argv = ['rolegen', 'handout', '--brand', 'acme', '-o', {str(project / 'h.docx')!r}, '-q']\n"
        "try:\n    main()\nexcept SystemExit as e:\n    print(e.code)\n"
        "print(sorted(m for m in ('urllib.request', 'http.client', 'ssl') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["0", "[]"]
