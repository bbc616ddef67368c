"""Every case in tests/bad/ fails with exit code 1 (2 for a usage error) and one exact, traceback-free first line.

A case is a folder overlaid onto a copy of the sample project:
  files/        files added to or replacing the project's own
  delete.txt    project paths to remove, one a line (optional)
  links.txt     'link -> target' symbolic links to create (optional)
  outside/      copied next to the project, for links that lead out of it (optional)
  args.txt      the CLI arguments (default: validate)
  exit.txt      the exit code, when it is not 1 (2: the command line names something wrong; optional)
  expected.txt  the exact first line of the output; {defaults} stands for the packaged templates,
                {brands} for the project's brand list (so adding a brand to the sample keeps cases valid)
"""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from rolegen.cli.app import cli, main
from rolegen.inputs.project import Project
from rolegen.content.templates import DEFAULTS_DIR

BAD = Path(__file__).parents[1] / "bad"
CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir())


def apply_case(case: Path, project: Path) -> list[str]:
    """Overlay a case onto a project and return the CLI arguments it asks for."""
    if (case / "files").is_dir():
        shutil.copytree(case / "files", project, dirs_exist_ok=True)
    if (case / "outside").is_dir():
        shutil.copytree(case / "outside", project.parent / "outside")
    for line in _lines(case / "delete.txt"):
        target = project / line
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    for line in _lines(case / "links.txt"):
        link, target = (part.strip() for part in line.split("->"))
        (project / link).parent.mkdir(parents=True, exist_ok=True)
        (project / link).symlink_to(target)
    args = (case / "args.txt").read_text(encoding="utf-8") if (case / "args.txt").exists() else "validate"
    return shlex.split(args)


def _lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_corpus_has_at_least_forty_cases():
    assert len(CASES) >= 40


def _expected(case: Path, project: Path) -> tuple[int, str]:
    """Return the exit code and the exact first output line a case asks for."""
    line = (case / "expected.txt").read_text(encoding="utf-8").strip("\n")
    line = line.replace("{defaults}", str(DEFAULTS_DIR))
    line = line.replace("{brands}", ", ".join(Project(project).brand_names()))
    code = int((case / "exit.txt").read_text()) if (case / "exit.txt").exists() else 1
    return code, line


@pytest.mark.parametrize("name", CASES, ids=CASES)
def test_bad_input_fails_with_one_clear_line(name, project):
    case = BAD / name
    args = apply_case(case, project)
    code, expected = _expected(case, project)

    # catch_exceptions=False: anything but a RolegenError would escape as a traceback and fail here.
    result = CliRunner().invoke(cli, args, catch_exceptions=False)

    assert result.exit_code == code
    assert result.stderr.splitlines()[0] == expected
    assert "Traceback" not in result.output + result.stderr
    assert not (project / "output").exists()


@pytest.mark.parametrize("name", CASES, ids=CASES)
def test_bad_input_through_main_is_one_line_on_stderr_and_nothing_on_stdout(name, project, capsys):
    case = BAD / name
    args = apply_case(case, project)
    code, expected = _expected(case, project)

    # main() is what the console script runs: it turns errors into lines and exit codes, not Click's runner.
    with pytest.raises(SystemExit) as done:
        main(args)

    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert (done.value.code, lines[:1], out) == (code, [expected], "")
    if args[0] == "validate" and code == 1:
        # validate goes on past the first problem and reports every one, a line each, then counts them.
        count = len(lines) - 1
        assert lines[-1] == f"Error: {count} problem{'s' if count > 1 else ''} found"
    else:
        assert lines == [expected]
    assert "Traceback" not in err
    assert not (project / "output").exists()
