"""Where a Hisab project keeps its ontology, shapes, data, queries and the seed texts."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from hisab.errors import HisabError

RDF_SUFFIXES = {".ttl": "turtle", ".trig": "trig"}


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


def rdf_files(paths: list[Path]) -> list[Path]:
    """Expand files and folders into the Turtle/TriG files they hold, sorted, without duplicates."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(p for p in path.rglob("*") if p.suffix in RDF_SUFFIXES and p.is_file())
        elif path.is_file():
            found.add(path)
        else:
            raise HisabError(f"{path}: no such file or folder. Give Turtle (.ttl) or TriG (.trig) files or folders.")
    return sorted(found)


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
