"""rolegen init and rolegen new: projects and files that work as they are."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from rolegen import __version__
from rolegen.cli.app import cli
from test_workflow import parse, rolegen_commands


def _same_tree(a: Path, b: Path) -> list[str]:
    compare = filecmp.dircmp(a, b)
    diffs = compare.left_only + compare.right_only + compare.diff_files
    for sub in compare.common_dirs:
        diffs += _same_tree(a / sub, b / sub)
    return diffs


def test_packaged_sample_is_the_repository_content():
    sample = REPO / "src/rolegen/defaults/sample"
    assert _same_tree(sample / "content/roles", REPO / "content/roles") == []
    assert _same_tree(sample / "content/comparisons", REPO / "content/comparisons") == []
    assert _same_tree(sample / "templates/brands/acme", REPO / "templates/brands/acme") == []


def test_init_creates_a_project_that_builds(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["init", "training"], input="")
    assert result.exit_code == 0, result.output
    project = tmp_path / "training"
    assert (project / "content/roles/ceo.md").is_file()
    assert "output/" in (project / ".gitignore").read_text()
    for kind in ("deck", "handout"):
        assert runner.invoke(cli, ["--project", str(project), kind, "--brand", "acme"]).exit_code == 0
    assert (project / "output/acme/ceo-vs-coo.pptx").is_file()


def _workflow(folder: Path) -> dict:
    data = yaml.safe_load((folder / ".github/workflows/rolegen.yml").read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def _runs(job: dict) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def test_init_workflow_matches_how_outputs_are_kept(runner, tmp_path):
    committed, ignored = tmp_path / "committed", tmp_path / "ignored"
    for folder in (committed, ignored):
        assert runner.invoke(cli, ["init", str(folder), "--output", folder.name]).exit_code == 0
    jobs = _workflow(committed)["jobs"]
    assert "rolegen build --check" in _runs(jobs["check"]) and "pull_request" in jobs["check"]["if"]
    assert "rolegen build" in _runs(jobs["build"]) and "pull_request" in jobs["build"]["if"]
    jobs = _workflow(ignored)["jobs"]
    assert sorted(jobs) == ["build"] and "if" not in jobs["build"]  # every pull request proves it builds
    assert "rolegen build" in _runs(jobs["build"])
    # Committed outputs are every shared one: only new hires' handouts stay out (they are personal).
    assert "output/" not in (committed / ".gitignore").read_text().splitlines()
    assert "output/" in (ignored / ".gitignore").read_text().splitlines()
    for folder in (committed, ignored):
        assert {"content/rosters/", "output/*/onboarding/"} <= set((folder / ".gitignore").read_text().splitlines())


@pytest.mark.parametrize(
    "args", [[], ["--output", "committed"], ["--shards", "4"]], ids=["ignored", "committed", "shards"]
)
def test_init_workflow_pins_rolegen_installs_fonts_caches_pip_and_reads_only(runner, tmp_path, args):
    assert runner.invoke(cli, ["init", str(tmp_path / "p"), *args]).exit_code == 0
    workflow = _workflow(tmp_path / "p")
    text = (tmp_path / "p/.github/workflows/rolegen.yml").read_text()
    # Nothing workflow-wide; each job reads the repository and nothing more (docs/ci-security.md), but the
    # one that pushes the regenerated outputs to a branch and opens their pull request.
    assert workflow["permissions"] == {}
    assert all(
        job["permissions"] == {"contents": "read"} for name, job in workflow["jobs"].items() if name != "propose"
    )
    if "propose" in workflow["jobs"]:
        assert workflow["jobs"]["propose"]["permissions"] == {"contents": "write", "pull-requests": "write"}
    # One place names the version: the one that wrote the workflow.
    assert workflow["env"]["ROLEGEN_VERSION"] == __version__ and text.count(__version__) == 1
    for job in workflow["jobs"].values():
        setup = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/setup-python@"))
        assert setup["with"]["cache"] == "pip"
        assert 'python -m pip install "rolegen==$ROLEGEN_VERSION"' in _runs(job)
        for run in _runs(job):
            for args_ in rolegen_commands(run.replace("$SHARD/", "1/")):
                parse(args_)  # every rolegen command in it exists, with options that exist
        if any("rolegen build" == r or r.startswith("rolegen build --shard") for r in _runs(job)):
            fonts = next(r for r in _runs(job) if "apt-get install" in r)
            # The sample brand's fonts (Lato, Open Sans) and the metric twins of Office's fonts.
            assert {"fonts-lato", "fonts-open-sans", "fonts-crosextra-carlito"} <= set(fonts.split())


def test_init_shards_writes_a_matrix_and_a_merge_job_that_checks(runner, tmp_path):
    result = runner.invoke(cli, ["init", str(tmp_path / "p"), "--shards", "3"])
    assert result.exit_code == 0, result.output
    jobs = _workflow(tmp_path / "p")["jobs"]
    assert jobs["build"]["strategy"]["matrix"]["shard"] == [1, 2, 3]
    # The matrix value reaches the shell through env:, never expanded into the script's text.
    shard = next(s for s in jobs["build"]["steps"] if "--shard" in s.get("run", ""))
    assert shard["run"] == 'rolegen build --shard "$SHARD/3"' and shard["env"] == {"SHARD": "${{ matrix.shard }}"}
    upload = next(s for s in jobs["build"]["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["name"] == "output-shard-${{ matrix.shard }}" and upload["with"]["path"] == "output/"
    merge = jobs["merge"]
    assert merge["needs"] == "build"
    download = next(s for s in merge["steps"] if s.get("uses", "").startswith("actions/download-artifact@"))
    assert download["with"] == {"pattern": "output-shard-*", "path": "output/", "merge-multiple": True}
    steps = [s.get("run") or s.get("uses") for s in merge["steps"]]
    assert steps.index("rolegen build --check") > steps.index(download["uses"])


def test_init_refuses_a_folder_with_files(runner, tmp_path):
    (tmp_path / "keep.txt").write_text("mine")
    result = runner.invoke(cli, ["init", str(tmp_path)])
    assert result.exit_code == 1
    assert "is not empty" in result.output


def test_new_role_and_comparison_give_a_buildable_pair(run, project):
    assert run("new", "role", "cfo", "--title", "Chief Financial Officer").exit_code == 0
    result = run("new", "comparison", "ceo-vs-cfo", "--roles", "ceo,cfo")
    assert (result.exit_code, result.output) == (0, "wrote content/comparisons/ceo-vs-cfo.yaml\n")
    role_text = (project / "content/roles/cfo.md").read_text()
    assert "# What the role does" in role_text  # comments explain each key
    assert run("deck", "--brand", "acme", "--comparison", "ceo-vs-cfo").exit_code == 0


def test_new_comparison_needs_existing_roles(run, runner, project):
    result = runner.invoke(cli, ["new", "comparison", "x", "--roles", "ceo,cto"])
    assert result.exit_code == 1
    assert result.output == "Error: role 'cto' not found; create it first with: rolegen new role cto\n"


def test_new_never_overwrites(run, runner, project):
    result = runner.invoke(cli, ["new", "role", "ceo"])
    assert result.exit_code == 1
    assert "exists already" in result.output


def test_new_brand_builds(run, project):
    assert run("new", "brand", "initech").exit_code == 0
    assert run("deck", "--brand", "initech").exit_code == 0


def test_new_brand_from_an_existing_brand_yml_brings_its_logo_and_fonts(run, project, tmp_path):
    source = tmp_path / "site"
    (source / "fonts").mkdir(parents=True)
    font = Path("/usr/share/fonts/truetype/lato/Lato-Regular.ttf")
    brand = (REPO / "templates/brands/acme/_brand.yml").read_text()
    if font.is_file():
        (source / "fonts" / "House.ttf").write_bytes(font.read_bytes())
        brand = brand.replace(
            "    - family: Lato\n      source: system\n",
            "    - family: Lato\n      source: file\n      files: [fonts/House.ttf]\n",
        )
    (source / "_brand.yml").write_text(brand)
    (source / "logo.png").write_bytes((REPO / "templates/brands/acme/logo.png").read_bytes())
    (source / "unrelated.txt").write_text("not named by the brand file")
    assert run("new", "brand", "site", "--from-brand-yml", str(source / "_brand.yml")).exit_code == 0
    copied = sorted(
        p.relative_to(project / "templates/brands/site").as_posix()
        for p in (project / "templates/brands/site").rglob("*")
        if p.is_file()
    )
    assert copied == ["_brand.yml"] + (["fonts/House.ttf"] if font.is_file() else []) + ["logo.png"]
    assert run("handout", "--brand", "site").exit_code == 0


def test_new_brand_refuses_a_brand_file_with_aliases_and_writes_nothing(runner, project, tmp_path):
    bad = tmp_path / "_brand.yml"
    bad.write_text("meta: &a {name: X}\ncolor: *a\n")
    result = runner.invoke(cli, ["new", "brand", "site", "--from-brand-yml", str(bad)])
    assert result.exit_code == 1
    assert "_brand.yml:2: YAML aliases ('*a') are not supported" in result.output
    assert not (project / "templates/brands/site").exists()


def test_init_writes_gitattributes_that_send_decks_and_handouts_through_rolegen_textconv(runner, tmp_path):
    assert runner.invoke(cli, ["init", str(tmp_path / "p")]).exit_code == 0
    lines = [ln for ln in (tmp_path / "p/.gitattributes").read_text().splitlines() if not ln.startswith("#")]
    assert lines == ["*.pptx diff=rolegen", "*.docx diff=rolegen"]
    assert 'git config diff.rolegen.textconv "rolegen textconv"' in (tmp_path / "p/.gitattributes").read_text()


@pytest.mark.parametrize("shards", [1, 3], ids=["one-job", "sharded"])
def test_committed_workflow_proposes_one_pull_request_with_the_markdown_diff(runner, tmp_path, shards):
    folder = tmp_path / "p"
    assert runner.invoke(cli, ["init", str(folder), "--output", "committed", "--shards", str(shards)]).exit_code == 0
    jobs = _workflow(folder)["jobs"]
    propose = jobs["propose"]
    assert propose["needs"] == ("merge" if shards > 1 else "build") and "pull_request" in propose["if"]
    script = "\n".join(_runs(propose))
    assert "rolegen diff" in script and "--format markdown >> body.md" in script and "--pictures" in script
    assert "gh pr create" in script and "gh pr edit" in script and "--body-file" in script
    upload = next(s for s in propose["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "pictures/"
    # Nothing changed: every step after the comparison is skipped.
    later = propose["steps"][[s.get("id") for s in propose["steps"]].index("compare") + 1 :]
    assert all(s["if"] == "steps.compare.outputs.changed == 'true'" for s in later)
    # Pull requests: the Markdown diff of their decks and handouts goes to the job summary.
    summary = next(s for s in jobs["check"]["steps"] if "GITHUB_STEP_SUMMARY" in s.get("run", ""))
    assert summary["env"] == {"BASE": "${{ github.event.pull_request.base.sha }}"}
    assert "rolegen diff" in summary["run"] and "--format markdown" in summary["run"]
