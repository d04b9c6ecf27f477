"""Bring a persistent store (``--store DIR``) up to date with the project, loading only what changed.

One job: compare the input files' hashes recorded when the store was last completed with the files
the project holds now, and do the least work that makes the store equal to a fresh load:

* nothing changed: nothing is read (a million-triple store is ready at once);
* only data files changed, were added or were removed: their graphs (and their statements in the
  metadata graph) are replaced, and the rest stays;
* the ontology, the reused vocabularies' axioms or the shapes changed, or the last run did not finish:
  everything is loaded again.

The entailments depend on everything, so any change drops the inferred graph; the build computes it
again. What a refresh did is reported so that a user sees why a run was quick or slow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from hisab.build import drop_entailments
from hisab.errors import Diagnostic, InputProblems
from hisab.layout import Layout, input_hashes
from hisab.load import LoadResult, Progress, known_terms_of, load_files, load_project
from hisab.namespaces import GRAPH_METADATA, data_graph_name
from hisab.store import EmbeddedStore

_SCHEMA_KINDS = ("ontology", "imports", "shapes")


@dataclass
class Refresh:
    """What bringing the store up to date did."""

    how: str  # "reused" | "partial" | "full"
    reloaded: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    reasoned: bool = False  # the store still holds the entailments of these very inputs

    def describe(self) -> str:
        """One line for the user."""
        if self.how == "reused":
            return "the store is up to date with the project's files: nothing was loaded"
        if self.how == "partial":
            parts = []
            if self.reloaded:
                parts.append(f"reloaded {', '.join(self.reloaded)}")
            if self.removed:
                parts.append(f"removed {', '.join(self.removed)}")
            return "only data files changed: " + "; ".join(parts)
        return "loaded the whole project"


def project_files(layout: Layout, data_paths: list[Path] | None) -> dict[str, list[Path]]:
    """The files a load reads, by kind."""
    return {"ontology": layout.ontology_files(), "imports": layout.import_files(), "shapes": layout.shape_files(),
            "data": layout.data_files() if data_paths is None else list(data_paths)}


def refresh_project(layout: Layout, store: EmbeddedStore, data_paths: list[Path] | None, previous: dict | None,
                    progress: Progress | None = None) -> tuple[LoadResult, Refresh]:
    """Make ``store`` hold exactly the project's files (default: all of ``data/``), reusing what the store
    already holds according to ``previous`` (the record :func:`record` made when the store was last
    completed, or None). Raises :class:`hisab.errors.HisabError` as :func:`hisab.load.load_project` does."""
    files = project_files(layout, data_paths)
    hashes = {kind: input_hashes(layout, paths) for kind, paths in files.items()}
    before = _usable(previous)
    if before is None or any(before["hashes"].get(kind) != hashes[kind] for kind in _SCHEMA_KINDS):
        store.clear()
        return load_project(layout, store, data_paths, progress=progress), Refresh("full")
    old, new = before["hashes"]["data"], hashes["data"]
    changed = sorted(name for name in new if old.get(name) != new[name])
    removed = sorted(name for name in old if name not in new)
    result = LoadResult(graphs={kind: list(names) for kind, names in before["graphs"].items()}, files=files,
                        problems=_problems(before["warnings"], drop={*changed, *removed}))
    if not changed and not removed:
        result.reasoned = bool(before.get("reasoned"))
        result.changed = {}
        return result, Refresh("reused", reasoned=result.reasoned)
    drop_entailments(store)
    by_name = {layout.display(path): path for path in files["data"]}
    graphs = set(result.graphs["data"])
    result.changed = {str(GRAPH_METADATA): _triples(store, str(GRAPH_METADATA))}
    for name in (*changed, *removed):
        graph = data_graph_name(layout.relative(by_name[name])) if name in by_name else before["data_graphs"][name]
        result.changed[graph] = _triples(store, graph)
        store.remove_graph(graph)
        store.oxigraph.update(f"DELETE WHERE {{ GRAPH <{GRAPH_METADATA}> {{ <{graph}> ?p ?o }} }}")
        graphs.discard(graph)
    added = load_files(store, [(by_name[name], data_graph_name(layout.relative(by_name[name]))) for name in changed],
                       known_terms_of(store), result.problems, progress, data=True, display=layout.display)
    result.problems.raise_if_errors()
    result.graphs["data"] = sorted(graphs | set(added))
    return result, Refresh("partial", reloaded=changed, removed=removed)


def _triples(store: EmbeddedStore, graph: str) -> list[ox.Triple]:
    """The triples ``graph`` holds (what a replaced graph held, for incremental validation)."""
    return [q.triple for q in store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(graph))]


def record(layout: Layout, loaded: LoadResult, *, reasoned: bool) -> dict:
    """What the store's marker keeps about a completed load, for the next :func:`refresh_project`."""
    return {
        "hashes": {kind: input_hashes(layout, paths) for kind, paths in loaded.files.items()},
        "graphs": loaded.graphs,
        "data_graphs": {layout.display(path): data_graph_name(layout.relative(path)) for path in loaded.files["data"]},
        "warnings": [{"file": str(d.file) if d.file else None, "source": _source(layout, d.file),
                      "message": d.message, "hint": d.hint, "line": d.line, "column": d.column}
                     for d in loaded.problems.warnings],
        "reasoned": reasoned,
    }


def _usable(previous: dict | None) -> dict | None:
    keys = {"hashes", "graphs", "data_graphs", "warnings"}
    if not isinstance(previous, dict) or not keys <= set(previous):
        return None
    return previous


def _problems(warnings: list[dict], drop: set[str]) -> InputProblems:
    """The warnings of the last load, but for the files in ``drop`` (loaded again, they are checked afresh)."""
    problems = InputProblems()
    for w in warnings:
        if w.get("source") in drop:
            continue
        problems.diagnostics.append(Diagnostic("warning", Path(w["file"]) if w.get("file") else None, w["message"],
                                               hint=w.get("hint"), line=w.get("line"), column=w.get("column")))
    return problems


def _source(layout: Layout, file: Path | None) -> str | None:
    """The data file a warning is about, by its display path (None for a warning about no data file)."""
    if file is None:
        return None
    try:
        return layout.display(Path(file))
    except ValueError:
        return None
