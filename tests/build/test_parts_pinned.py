"""Every part of every deck and handout stays what it was when the parts were recorded.

A change made for speed (#28) must not move a byte of what rolegen draws. The build of the repository's
project (acme and globex, English and German, decks, handouts and packs), of acme's kit with a third-party
master and reference (tests/build/pinned/, from pandoc's test data, as ../shared/fixtures/third-party) and of
two new hires' handouts is unzipped, and each part's sha256 compared with pinned/parts.json, recorded at
16fbd41 before the change. Record again only for a change that is meant to alter the output, with
`python tests/build/test_parts_pinned.py` (from the repository, its .venv active), and say why in the commit.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

if __name__ == "__main__":  # run as the recorder: conftest is one folder up
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from conftest import needs_brand_fonts  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
PINNED = HERE / "pinned"
RECORD = PINNED / "parts.json"
ROLEGEN = Path(sys.executable).parent / "rolegen"
ROSTER = (
    "name,role,start,manager,email\nAda Lovelace,ceo,2027-01-04,Grace Hopper,ada@example.com\n"
    "Björn Ångström,coo,2027-02-01,Ada Lovelace,bjorn@example.com\n"
)


def _project(root: Path, third_party: bool) -> Path:
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "rolegen.toml").touch()
    if third_party:
        kit = root / "templates" / "brands" / "acme"
        shutil.copy(PINNED / "office-17-layouts.pptx", kit / "deck.pptx")
        shutil.copy(PINNED / "custom-styles.docx", kit / "handout.docx")
        shutil.rmtree(root / "templates" / "brands" / "globex")
    else:
        (root / "content" / "rosters").mkdir()
        (root / "content" / "rosters" / "new-hires.csv").write_text(ROSTER, encoding="utf-8")
    return root


def _parts(data: bytes, prefix: str, into: dict[str, str]) -> None:
    """Record the digest of each member of a zip; a member that is itself an Office file is opened too."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            member = archive.read(info)
            name = f"{prefix}!{info.filename}"
            if info.filename.endswith((".pptx", ".docx")):
                _parts(member, name, into)
            else:
                into[name] = hashlib.sha256(member).hexdigest()


def built_parts(root: Path) -> dict[str, str]:
    """Build the three projects below root through the installed rolegen and digest every part."""
    env = {**os.environ, "ROLEGEN_ROSTER_KEY": "pinned-parts-test-key"}
    digests: dict[str, str] = {}
    for name, third_party in (("repo", False), ("third-party", True)):
        project = _project(root / name, third_party)
        subprocess.run([str(ROLEGEN), "build", "-q"], cwd=project, env=env, check=True)
        for path in sorted((project / "output").rglob("*")):
            if path.suffix in (".pptx", ".docx", ".zip"):
                _parts(path.read_bytes(), f"{name}/{path.relative_to(project / 'output').as_posix()}", digests)
    return digests


@needs_brand_fonts
def test_every_part_of_every_output_is_as_recorded(tmp_path):
    recorded = json.loads(RECORD.read_text())
    built = built_parts(tmp_path)
    assert sorted(built) == sorted(recorded), "the outputs or their parts are not the ones recorded"
    moved = [name for name in recorded if built[name] != recorded[name]]
    assert not moved, f"{len(moved)} parts changed: {moved[:10]}"


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as temp:
        RECORD.write_text(json.dumps(built_parts(Path(temp)), indent=1, sort_keys=True) + "\n")
    print(f"recorded {RECORD}")
