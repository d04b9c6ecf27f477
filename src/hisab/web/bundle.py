"""Bundle the third-party browser files of the pages from the npm registry: ``python -m hisab.web.bundle``.

One job: turn ``assets/package.json`` and its lock (exact versions, npm's integrity hashes) into the
files the pages load from ``static/vendor/`` — the SPARQL editor (YASGUI, minified script and style)
and ``axe-core`` (the accessibility checker of the browser tests) — with their licences, and record
in ``static/vendor/VENDOR.json`` each package's version and integrity and each copied file's sha256.

The copied files are committed: installing the package never needs npm. ``--check`` verifies them
against ``VENDOR.json`` offline; run without it, the module needs ``npm`` and the registry
(``npm ci --ignore-scripts`` in a temporary copy of ``assets/``, so nothing is built or run).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
ASSETS = HERE / "assets"
VENDOR = HERE / "static" / "vendor"
MANIFEST = VENDOR / "VENDOR.json"
THIRD_PARTY = "THIRD-PARTY-LICENSES.txt"
_LICENCE_NAMES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "License.txt", "license", "license.txt", "LICENCE",
                  "LICENSE-MPL")


@dataclass(frozen=True)
class Package:
    """A package the pages load: which of its files are copied, and where its licence comes from."""

    name: str
    files: tuple[str, ...]  # paths inside the package
    licence_from: str = ""  # a file of assets/licenses/ when the npm package ships no licence of its own
    bundles_dependencies: bool = False  # its script includes its dependencies: their licences go along


PACKAGES = (
    Package("@zazuko/yasgui", ("build/yasgui.min.js", "build/yasgui.min.css"),
            licence_from="yasgui-LICENSE.txt", bundles_dependencies=True),
    Package("axe-core", ("axe.min.js", "LICENSE", "LICENSE-3RD-PARTY.txt")),
)


class BundleError(Exception):
    """The bundle cannot be made or does not match its manifest."""


def sha256(path: Path) -> str:
    """The hex sha256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def lock_packages(lock_path: Path = ASSETS / "package-lock.json") -> dict[str, dict]:
    """The lock's packages, by their ``node_modules/…`` path."""
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    return {key: value for key, value in lock.get("packages", {}).items() if key}


def _resolve(packages: dict[str, dict], parent: str, name: str) -> str | None:
    """Where node finds ``name`` required from the package at ``parent`` (nested ``node_modules`` first)."""
    base = parent
    while True:
        candidate = f"{base}/node_modules/{name}" if base else f"node_modules/{name}"
        if candidate in packages:
            return candidate
        if not base:
            return None
        cut = base.rfind("/node_modules/")
        base = base[:cut] if cut >= 0 else ""


def dependencies_of(packages: dict[str, dict], name: str) -> list[str]:
    """The lock paths of every package ``name`` depends on, directly or not (optional ones included)."""
    seen: list[str] = []
    todo = [f"node_modules/{name}"]
    while todo:
        current = todo.pop()
        entry = packages[current]
        for dep in {**entry.get("dependencies", {}), **entry.get("optionalDependencies", {})}:
            found = _resolve(packages, current, dep)
            if found is not None and found not in seen:
                seen.append(found)
                todo.append(found)
    return sorted(seen)


def _licence_text(folder: Path) -> str | None:
    texts = [(folder / name).read_text(encoding="utf-8", errors="replace") for name in _LICENCE_NAMES
             if (folder / name).is_file()]
    return "\n".join(texts) if texts else None


def _third_party(installed: Path, packages: dict[str, dict], name: str) -> str:
    """The licences of the packages bundled into ``name``'s script, one after the other."""
    parts = [f"Licences of the packages bundled into {name}'s script (as installed from its lock).\n"]
    for path in dependencies_of(packages, name):
        entry = packages[path]
        package = path.rsplit("node_modules/", 1)[1]
        text = _licence_text(installed / path)
        parts.append("=" * 78)
        parts.append(f"{package} {entry.get('version', '')} — {entry.get('license', 'licence not declared')}")
        parts.append("=" * 78)
        parts.append(text.strip() if text else "(the npm package ships no licence file; see its declared licence)")
        parts.append("")
    return "\n".join(parts) + "\n"


def install(work: Path) -> Path:
    """``npm ci`` of ``assets/`` in ``work``; the ``node_modules`` folder."""
    for name in ("package.json", "package-lock.json"):
        if not (ASSETS / name).is_file():
            raise BundleError(f"{ASSETS / name} is missing: bundle from a checkout of the project")
        shutil.copy2(ASSETS / name, work / name)
    npm = shutil.which("npm")
    if npm is None:
        raise BundleError("npm is needed to bundle (not to install hisab): install Node.js and npm")
    run = subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=work,
                         capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise BundleError(f"npm ci failed:\n{run.stdout}{run.stderr}")
    return work / "node_modules"


def bundle(vendor: Path = VENDOR) -> dict:
    """Install the locked packages and copy their files into ``vendor``; the manifest written."""
    packages = lock_packages()
    manifest: dict = {"generator": "python -m hisab.web.bundle", "packages": []}
    with tempfile.TemporaryDirectory(prefix="hisab-bundle-") as tmp:
        installed = install(Path(tmp))
        if vendor.exists():
            shutil.rmtree(vendor)
        vendor.mkdir(parents=True)
        for package in PACKAGES:
            entry = packages.get(f"node_modules/{package.name}")
            if entry is None:
                raise BundleError(f"{package.name} is not in assets/package-lock.json")
            source = installed / package.name
            target = vendor / package.name
            target.mkdir(parents=True, exist_ok=True)
            copied: list[Path] = []
            for inside in package.files:
                destination = target / Path(inside).name
                shutil.copyfile(source / inside, destination)
                copied.append(destination)
            if package.licence_from:
                destination = target / "LICENSE"
                shutil.copyfile(ASSETS / "licenses" / package.licence_from, destination)
                copied.append(destination)
            if package.bundles_dependencies:
                destination = target / THIRD_PARTY
                destination.write_text(_third_party(installed.parent, packages, package.name), encoding="utf-8")
                copied.append(destination)
            manifest["packages"].append({
                "package": package.name,
                "version": entry["version"],
                "integrity": entry["integrity"],
                "license": entry.get("license", ""),
                "files": {path.relative_to(vendor).as_posix(): sha256(path) for path in copied},
            })
    (vendor / MANIFEST.name).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def check(vendor: Path = VENDOR) -> list[str]:
    """What differs between the vendored files and ``VENDOR.json`` (and the lock, when present): none if all agree."""
    manifest_path = vendor / MANIFEST.name
    if not manifest_path.is_file():
        return [f"{_shown(manifest_path)}: missing; run python -m hisab.web.bundle"]
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    problems = []
    listed: set[str] = {MANIFEST.name}
    locked = lock_packages() if (ASSETS / "package-lock.json").is_file() else None
    for entry in manifest.get("packages", []):
        if locked is not None:
            found = locked.get(f"node_modules/{entry['package']}")
            if found is None or (found["version"], found["integrity"]) != (entry["version"], entry["integrity"]):
                problems.append(f"{entry['package']}: static/vendor/VENDOR.json has {entry['version']}, the lock "
                                f"{found['version'] if found else 'nothing'}: run python -m hisab.web.bundle")
        for name, digest in entry["files"].items():
            listed.add(name)
            path = vendor / name
            if not path.is_file():
                problems.append(f"{_shown(path)}: missing (VENDOR.json lists it)")
            elif sha256(path) != digest:
                problems.append(f"{_shown(path)}: differs from VENDOR.json (sha256 {sha256(path)}, expected {digest})")
    for path in sorted(vendor.rglob("*")):
        if path.is_file() and path.relative_to(vendor).as_posix() not in listed:
            problems.append(f"{_shown(path)}: not listed in VENDOR.json")
    return problems


def _shown(path: Path) -> str:
    """``path`` as the package's ``static/vendor/…`` when it is there."""
    try:
        return "static/" + path.relative_to(HERE / "static").as_posix()
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    """The command line: bundle, or ``--check`` the bundle."""
    parser = argparse.ArgumentParser(prog="python -m hisab.web.bundle", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="verify static/vendor against VENDOR.json, offline")
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        for problem in problems:
            print(problem, file=sys.stderr)
        if not problems:
            print("static/vendor matches VENDOR.json")
        return 1 if problems else 0
    try:
        manifest = bundle()
    except BundleError as exc:
        print(exc, file=sys.stderr)
        return 1
    for entry in manifest["packages"]:
        print(f"{entry['package']} {entry['version']}: {', '.join(entry['files'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
