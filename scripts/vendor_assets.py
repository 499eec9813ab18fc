"""Copy the front-end files the app serves from the npm packages into static/vendor/.

Run by `make vendor` after `npm ci`. The copies are committed so that a newcomer needs no Node.js;
static/vendor/MANIFEST.json records each file's package, version and SHA-256, and
tests/vendor/test_vendored_assets.py checks the copies against it and against package-lock.json.
"""

import hashlib
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "static" / "vendor"

# package -> files to serve (paths inside the package); each package's LICENSE travels with it.
FILES = {
    "echarts": ["dist/echarts.min.js", "LICENSE"],
    "topojson-client": ["dist/topojson-client.min.js", "LICENSE"],
    "world-atlas": ["countries-110m.json", "LICENSE"],
    "axe-core": ["axe.min.js", "LICENSE"],
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> int:
    lock = json.loads((ROOT / "package-lock.json").read_text())
    manifest = {}
    for package, files in FILES.items():
        meta = json.loads((NODE_MODULES / package / "package.json").read_text())
        locked = lock["packages"][f"node_modules/{package}"]["version"]
        if meta["version"] != locked:
            print(f"{package}: node_modules has {meta['version']}, package-lock.json {locked}; run npm ci")
            return 1
        target_dir = VENDOR / package
        if target_dir.exists():
            shutil.rmtree(target_dir)
        target_dir.mkdir(parents=True)
        entries = {}
        for name in files:
            target = target_dir / Path(name).name
            shutil.copyfile(NODE_MODULES / package / name, target)
            entries[target.name] = sha256(target)
        manifest[package] = {"version": meta["version"], "license": meta.get("license", ""), "files": entries}
    (VENDOR / "MANIFEST.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    print(f"vendored {sum(len(f) for f in FILES.values())} files from {len(FILES)} packages into {VENDOR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
