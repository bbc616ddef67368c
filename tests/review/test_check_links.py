"""`rolegen check` reports a hyperlink that is no web or mail address in any deck or handout, however it got there."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROLEGEN = Path(sys.executable).parent / "rolegen"


def rolegen(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(ROLEGEN), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def with_link(source: Path, target: Path, rels: str, link: str) -> None:
    """Copy a package, adding one external hyperlink relationship to one of its .rels parts, as an editor would."""
    relationship = (
        '<Relationship Id="rIdEdited" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        f'hyperlink" Target="{link}" TargetMode="External"/></Relationships>'
    )
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == rels:
                data = data.decode().replace("</Relationships>", relationship).encode()
            new.writestr(item, data)


@pytest.mark.parametrize(
    "link",
    ["file:///etc/passwd", "javascript:alert(1)", "java&#x09;script:alert(1)", "\\\\server\\share\\x.exe", "../x.exe"],
)
@pytest.mark.parametrize(
    ("kind", "rels"), [("deck", "ppt/slides/_rels/slide2.xml.rels"), ("handout", "word/_rels/document.xml.rels")]
)
def test_check_reports_an_external_link_outside_http_https_and_mailto(project, kind, rels, link):
    built = project / f"built.{'pptx' if kind == 'deck' else 'docx'}"
    assert rolegen(kind, "--brand", "acme", "-o", str(built), cwd=project).returncode == 0
    assert rolegen("check", str(built), cwd=project).returncode == 0
    edited = project / f"edited{built.suffix}"
    with_link(built, edited, rels, link)

    result = rolegen("check", str(edited), cwd=project)

    assert result.returncode == 1
    assert f"{edited.name}: {rels}: external link '" in result.stdout + result.stderr
    assert "is not an http, https or mailto address" in result.stdout + result.stderr
