"""The SCORM 1.2 package: a manifest valid against ADL's schemas, its files, the same bytes on every build."""

from __future__ import annotations

import shutil
import zipfile

from lxml import etree

from tests.lms.lms_project import LMS, SCHEMAS, copy_project, rolegen

IMSCP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADLCP = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"


def scorm_schema() -> etree.XMLSchema:
    """Return IMS CP 1.1.2 with ADL's SCORM 1.2 extension, both as published, imported side by side."""
    wrapper = f"""<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
      <xsd:import namespace="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
                  schemaLocation="{(SCHEMAS / "imscp_rootv1p1p2.xsd").as_uri()}"/>
      <xsd:import namespace="http://www.adlnet.org/xsd/adlcp_rootv1p2"
                  schemaLocation="{(SCHEMAS / "adlcp_rootv1p2.xsd").as_uri()}"/>
    </xsd:schema>"""
    return etree.XMLSchema(etree.fromstring(wrapper.encode("utf-8")))


def test_scorm_manifest_is_valid_against_the_scorm_1_2_schemas(packed):
    package = zipfile.ZipFile(packed / LMS / "ceo-vs-coo-scorm.zip")
    assert package.namelist()[0] == "imsmanifest.xml"
    manifest = etree.fromstring(package.read("imsmanifest.xml"))
    scorm_schema().assertValid(manifest)
    assert manifest.findtext(f"{IMSCP}metadata/{IMSCP}schemaversion") == "1.2"
    resource = manifest.find(f"{IMSCP}resources/{IMSCP}resource")
    assert resource.get(f"{ADLCP}scormtype") == "sco" and resource.get("href") == "quiz.html"
    assert manifest.findtext(f".//{IMSCP}item/{ADLCP}masteryscore") == "80"
    listed = sorted(f.get("href") for f in resource.iter(f"{IMSCP}file"))
    assert listed == sorted(n for n in package.namelist() if n != "imsmanifest.xml")


def test_scorm_package_holds_the_deck_as_pdf_and_the_handout(packed):
    package = zipfile.ZipFile(packed / LMS / "ceo-vs-coo-scorm.zip")
    assert package.read("ceo-vs-coo-deck.pdf").startswith(b"%PDF-")
    pack = zipfile.ZipFile(packed / "output/acme/ceo-vs-coo-pack.zip")
    assert package.read("ceo-vs-coo.docx") == pack.read("ceo-vs-coo.docx")


def test_two_pack_lms_builds_are_byte_identical(packed, tmp_path):
    other = copy_project(tmp_path / "again")
    rolegen(other, "pack", "--brand", "acme", "--lms")
    for name in sorted(p.name for p in (packed / LMS).iterdir()):
        assert (other / LMS / name).read_bytes() == (packed / LMS / name).read_bytes(), name


def test_build_lms_records_the_files_and_check_finds_them_current_then_stale(packed, tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(packed, root)
    rolegen(root, "build", "--lms", "--jobs", "1", "-q")
    manifest = (root / "output/manifest.json").read_text(encoding="utf-8")
    assert "acme/ceo-vs-coo-lms/ceo-vs-coo.gift.txt" in manifest
    assert "current" in rolegen(root, "build", "--check", "--lms").stderr + rolegen(root, "build", "--check").stdout
    role = root / "content/roles/coo.md"
    role.write_text(role.read_text(encoding="utf-8").replace("operational", "day-to-day", 1), encoding="utf-8")
    import subprocess

    from tests.lms.lms_project import ROLEGEN

    stale = subprocess.run(
        [str(ROLEGEN), "build", "--check", "--lms", "--format", "gift"], cwd=root, capture_output=True, text=True
    )
    assert stale.returncode == 1
    assert "stale: output/acme/ceo-vs-coo-lms/ceo-vs-coo.gift.txt" in stale.stdout
