"""Where a Hisab project keeps its ontology, shapes, data, queries and the seed texts."""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from hisab.errors import HisabError

#: Every RDF syntax Hisab reads, by file suffix (lower case).
RDF_SUFFIXES = {
    ".ttl": "turtle", ".trig": "trig", ".nt": "n-triples", ".nq": "n-quads",
    ".rdf": "rdf/xml", ".owl": "rdf/xml", ".jsonld": "json-ld",
}


@dataclass(frozen=True)
class Layout:
    """The folders of one project checkout."""

    root: Path

    @property
    def ontology_dir(self) -> Path:
        """``ontology/``: the OWL ontology and its SKOS code lists."""
        return self.root / "ontology"

    @property
    def shapes_dir(self) -> Path:
        """``shapes/``: SHACL shapes, one file per concern."""
        return self.root / "shapes"

    @property
    def data_dir(self) -> Path:
        """``data/``: reference data and one file per source report."""
        return self.root / "data"

    @property
    def queries_dir(self) -> Path:
        """``queries/``: saved SPARQL queries."""
        return self.root / "queries"

    @property
    def seeds_dir(self) -> Path:
        """The texts of the source documents: ``$HISAB_SEEDS`` or ``../shared/seeds`` beside the project."""
        env = os.environ.get("HISAB_SEEDS")
        return Path(env) if env else self.root.parent / "shared" / "seeds"

    @property
    def imports_dir(self) -> Path:
        """``ontology/imports/``: the axioms of the reused vocabularies, restated."""
        return self.ontology_dir / "imports"

    def ontology_files(self) -> list[Path]:
        """The RDF files of the Hisab ontology and its code lists (not the imports), sorted."""
        return [p for p in rdf_files([self.ontology_dir]) if self.imports_dir not in p.parents]

    def import_files(self) -> list[Path]:
        """The RDF files of ``ontology/imports/``, sorted (none if the folder is absent)."""
        return rdf_files([self.imports_dir]) if self.imports_dir.is_dir() else []

    def shape_files(self) -> list[Path]:
        """Every RDF file of the shapes, sorted."""
        return rdf_files([self.shapes_dir])

    def data_files(self) -> list[Path]:
        """Every RDF file under ``data/``, sorted."""
        return rdf_files([self.data_dir])

    def all_files(self) -> list[Path]:
        """Every input file of the project: ontology, imports, shapes and data."""
        return [*self.ontology_files(), *self.import_files(), *self.shape_files(), *self.data_files()]

    def relative(self, path: Path) -> str:
        """``path`` relative to the data folder when inside it, else to the root, else as given."""
        path = path.resolve()
        for base in (self.data_dir.resolve(), self.root.resolve()):
            try:
                return path.relative_to(base).as_posix()
            except ValueError:
                continue
        return path.name


    def display(self, path: Path) -> str:
        """``path`` relative to the project root when inside it, else its name: how files are named in
        the data (no machine paths)."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.name


#: hashes worked out in this process, by file, with the file's status when they were (one command
#: asks for the same files' hashes several times: a million triples are 170 MB to read each time)
_HASHED: dict[Path, tuple[tuple[int, ...], str]] = {}
_SETTLED_NS = 3_000_000_000
_KEPT_FORMAT = 1


def known_hashes(file: Path) -> None:
    """Remember the hashes that :func:`keep_hashes` wrote to ``file`` (a store folder keeps them): a
    file whose size, times and inode are those it had then is not read again. A missing or damaged
    ``file`` is only a cache: nothing is remembered from it."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        entries = data["files"] if data.get("format") == _KEPT_FORMAT else {}
        for name, (inode, size, modified, changed, digest) in entries.items():
            key = (int(inode), int(size), int(modified), int(changed))
            if isinstance(digest, str) and len(digest) == 64:
                _HASHED.setdefault(Path(name), (key, digest))
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        return


def keep_hashes(file: Path) -> None:
    """Write the hashes worked out (or remembered) in this process to ``file``, for :func:`known_hashes`,
    atomically; files that no longer exist are left out. Only a cache: failing to write it is not an error."""
    entries = {str(path): [*key, digest] for path, (key, digest) in _HASHED.items() if path.exists()}
    temporary = file.with_name(file.name + ".tmp")
    try:
        temporary.write_text(json.dumps({"format": _KEPT_FORMAT, "files": entries}), encoding="utf-8")
        os.replace(temporary, file)
    except OSError:
        temporary.unlink(missing_ok=True)


def input_hashes(layout: Layout, files: list[Path]) -> dict[str, str]:
    """``files`` by their display path, with the SHA-256 of their bytes (unreadable: empty). A file
    hashed before in this process is read again only if its size, times or inode changed since."""
    hashes = {}
    for path in files:
        hashes[layout.display(path)] = _sha256(path)
    return hashes


def _sha256(path: Path) -> str:
    try:
        status = path.stat()
        key = (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
        known = _HASHED.get(path.absolute())
        if known is not None and known[0] == key:
            return known[1]
        # a file changed within the last seconds may change again within its times' resolution,
        # unseen: only a file older than that is remembered
        settled = max(status.st_mtime_ns, status.st_ctime_ns) < time.time_ns() - _SETTLED_NS
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""
    if settled:
        _HASHED[path.absolute()] = (key, digest)
    return digest


def rdf_files(paths: list[Path], *, require: bool = False) -> list[Path]:
    """Expand files and folders into the RDF files they hold, sorted, without duplicates.

    A folder that cannot be read is an error, never silently left out; so is a path that does not
    exist. Files that are not RDF (by suffix) are listed by :func:`other_files`.
    """
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            inside = [p for p in _walk(path) if p.suffix.lower() in RDF_SUFFIXES]
            if require and not inside:
                raise HisabError(f"{path}: the folder holds no RDF file ({', '.join(RDF_SUFFIXES)}); "
                                 "give RDF files or folders that hold them")
            found.update(inside)
        elif path.is_file():
            found.add(path)
        else:
            raise HisabError(f"{path}: no such file or folder. Give RDF files ({', '.join(RDF_SUFFIXES)}) "
                             "or folders that hold them.")
    return sorted(found)


def other_files(folder: Path) -> list[Path]:
    """Files under ``folder`` that are not RDF by their suffix (hidden files aside), sorted."""
    if not folder.is_dir():
        return []
    return sorted(p for p in _walk(folder) if p.suffix.lower() not in RDF_SUFFIXES
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def _walk(folder: Path) -> list[Path]:
    unreadable: list[str] = []

    def refuse(exc: OSError) -> None:
        unreadable.append(f"{exc.filename}: {exc.strerror or exc}")

    files = []
    for top, folders, names in os.walk(folder, onerror=refuse, followlinks=False):
        for name in folders:
            if (Path(top) / name).is_symlink():
                unreadable.append(f"{Path(top) / name}: a symbolic link to a folder, which Hisab does not follow")
        for name in names:
            path = Path(top) / name
            if path.is_symlink() and not path.exists():
                unreadable.append(f"{path}: a symbolic link to nothing")
            files.append(path)
    if unreadable:
        raise HisabError(f"cannot read everything under {folder} ({'; '.join(unreadable[:3])}"
                         f"{' …' if len(unreadable) > 3 else ''}); every file must be read, so nothing was loaded. "
                         "Fix the permissions, or move the files themselves into the folder")
    return [f for f in files if f.is_file()]


def find_layout(start: Path | None = None) -> Layout:
    """Find the project folder.

    ``$HISAB_ROOT`` if set; else the nearest folder at or above ``start`` (default: the working
    directory) with ``ontology/`` and ``shapes/``; else the checkout this package was installed from.
    """
    env = os.environ.get("HISAB_ROOT")
    if env:
        return _checked(Path(env))
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "ontology").is_dir() and (candidate / "shapes").is_dir():
            return Layout(candidate)
    package_root = Path(__file__).resolve().parents[2]
    return _checked(package_root)


def _checked(root: Path) -> Layout:
    if not (root / "ontology").is_dir():
        raise HisabError(
            f"{root} is not a Hisab project (no ontology/ folder). Run from a checkout or set HISAB_ROOT."
        )
    return Layout(root.resolve())
