"""The vendored front-end files are the packages' own, at the versions package-lock.json pins."""

import hashlib
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "static" / "vendor"
MANIFEST = json.loads((VENDOR / "MANIFEST.json").read_text())
LOCK = json.loads((ROOT / "package-lock.json").read_text())
PACKAGE = json.loads((ROOT / "package.json").read_text())


@pytest.mark.parametrize("package", sorted(MANIFEST))
def test_each_vendored_file_matches_the_manifest(package):
    entry = MANIFEST[package]
    assert entry["files"], package
    for name, digest in entry["files"].items():
        assert hashlib.sha256((VENDOR / package / name).read_bytes()).hexdigest() == digest, f"{package}/{name}"


def test_manifest_versions_are_the_locked_and_declared_ones():
    assert set(MANIFEST) == set(PACKAGE["dependencies"])
    for package, entry in MANIFEST.items():
        assert (
            entry["version"]
            == LOCK["packages"][f"node_modules/{package}"]["version"]
            == PACKAGE["dependencies"][package]
        )


def test_no_file_outside_the_manifest_is_vendored():
    on_disk = {str(p.relative_to(VENDOR)) for p in VENDOR.rglob("*") if p.is_file()}
    listed = {f"{package}/{name}" for package, entry in MANIFEST.items() for name in entry["files"]}
    assert on_disk - {"MANIFEST.json", "README.md"} == listed


def test_templates_load_no_script_or_stylesheet_from_another_origin():
    remote = re.compile(r"""<(?:script|link)\b[^>]*\b(?:src|href)=["'](?:https?:)?//""", re.IGNORECASE)
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "templates").rglob("*.html") if remote.search(p.read_text())]
    assert offenders == []
