"""Shared fixtures: the project layout, the loaded project, and a CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from hisab.build import load_and_validate
from hisab.layout import Layout, find_layout
from hisab.load import load_project
from hisab.namespaces import GRAPH_ONTOLOGY, GRAPH_SHAPES
from hisab.store import EmbeddedStore
from hisab.validate import ValidationOutcome

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session")
def layout() -> Layout:
    """The project checkout under test."""
    return find_layout(ROOT)


@dataclass
class Project:
    """The whole project loaded into one store, with its validation outcome."""

    store: EmbeddedStore
    outcome: ValidationOutcome
    data_graphs: list[str]

    def select(self, query: str, **bindings) -> list[dict]:
        """Run a SELECT and return rows as dicts of Python values."""
        rows = []
        for row in self.store.query(query, bindings or None):
            rows.append({k: (v.toPython() if v is not None else None) for k, v in row.asdict().items()})
        return rows


@pytest.fixture(scope="session")
def project(layout: Layout) -> Project:
    """The project's data, loaded and validated once per test session."""
    store = EmbeddedStore()
    loaded, outcome = load_and_validate(layout, store)
    return Project(store, outcome, loaded.graphs["data"])


@dataclass
class Vocabulary:
    """The ontology and shapes graphs, loaded once for the shape tests."""

    ontology: Graph
    shapes: Graph


@pytest.fixture(scope="session")
def vocabulary(layout: Layout) -> Vocabulary:
    """Ontology and shapes as rdflib graphs."""
    store = EmbeddedStore()
    load_project(layout, store, data_paths=[])
    return Vocabulary(store.graph(str(GRAPH_ONTOLOGY)), store.graph(str(GRAPH_SHAPES)))


@dataclass
class Run:
    """The result of one CLI run."""

    code: int
    out: str
    err: str


def run_cli(*args: str, cwd: Path = ROOT, env: dict | None = None) -> Run:
    """Run ``python -m hisab ARGS`` as a user would, and capture its exit status and output."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run([sys.executable, "-m", "hisab", *args], cwd=cwd, capture_output=True, text=True,
                          env=full_env, timeout=600)
    return Run(proc.returncode, proc.stdout, proc.stderr)


BASE_WORLD = FIXTURES / "cli" / "base.ttl"


def graphs_by_name(quads) -> dict[str, tuple[frozenset, int]]:
    """Per named graph: its triples without blank nodes, and how many triples have one (blank node
    labels differ from store to store, so two stores are compared by these)."""
    graphs: dict[str, tuple[set, int]] = {}
    for quad in quads:
        plain, blank = graphs.setdefault(quad.graph_name.value, (set(), 0))
        if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode):
            graphs[quad.graph_name.value] = (plain, blank + 1)
        else:
            plain.add((quad.subject, quad.predicate, quad.object))
    return {name: (frozenset(plain), blank) for name, (plain, blank) in graphs.items()}


def _copy_folders(folder: Path, layout: Layout, names: tuple[str, ...]) -> None:
    """The project's folders ``names`` copied into ``folder``."""
    import shutil

    for name in names:
        shutil.copytree(layout.root / name, folder / name)


def copy_project(folder: Path, layout: Layout) -> Path:
    """A copy of the whole project, data included, in ``folder``, that a test may change."""
    _copy_folders(folder, layout, ("ontology", "shapes", "queries", "data"))
    return folder


def make_project(folder: Path, layout: Layout, *data: Path) -> Path:
    """A copy of the project (ontology, shapes, queries) in ``folder`` whose data is only the given files."""
    _copy_folders(folder, layout, ("ontology", "shapes", "queries"))
    (folder / "data" / "reports").mkdir(parents=True)
    for path in data:
        text = path.read_text(encoding="utf-8")
        if path == BASE_WORLD:  # as a data file, the base world says where its triples come from
            text += "\n<> prov:wasDerivedFrom t:report , t:gazetteer .\n"
        (folder / "data" / "reports" / path.name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def small_project(tmp_path: Path, layout: Layout) -> Path:
    """A fresh copy of the project with only the base world as data: quick to load, and it conforms."""
    return make_project(tmp_path / "project", layout, BASE_WORLD)


@pytest.fixture
def cli():
    """The CLI runner."""
    return run_cli
