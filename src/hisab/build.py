"""Build the dataset: load, validate, optionally reason, and write it with a manifest.

Nothing is written when the input has errors, nor when validation finds violations unless
``force`` is set; the dataset and its manifest are written to temporary files first and moved
into place together, so a failed build never leaves half-written output.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hisab import __version__
from hisab.errors import EXIT_VIOLATIONS, HisabError
from hisab.layout import Layout
from hisab.load import LoadResult, load_project
from hisab.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_SHAPES
from hisab.reason import infer
from hisab.store import Store
from hisab.validate import ValidationOutcome, validate_graph

Stage = Callable[[str], None]
SUFFIXES = {"trig": ".trig", "nquads": ".nq"}


class ValidationFailed(HisabError):
    """The data does not conform; exit 1."""

    exit_code = EXIT_VIOLATIONS

    def __init__(self, outcome: ValidationOutcome) -> None:
        super().__init__(
            f"the data does not conform ({len(outcome.violations)} violations); nothing was written. "
            "Run 'hisab validate' for the report, fix the data, or build with --force."
        )
        self.outcome = outcome


@dataclass
class BuildResult:
    """What a build produced."""

    loaded: LoadResult
    outcome: ValidationOutcome
    inferred: int = 0
    graphs: dict[str, int] = field(default_factory=dict)
    out: Path | None = None
    manifest: Path | None = None


def load_and_validate(layout: Layout, store: Store, data_paths: list[Path] | None = None,
                      stage: Stage | None = None) -> tuple[LoadResult, ValidationOutcome]:
    """Load the project into ``store`` and validate its data graphs."""
    if stage:
        stage("loading")
    loaded = load_project(layout, store, data_paths,
                          progress=(lambda path: stage(f"reading {Path(path).name}")) if stage else None)
    if stage:
        stage("validating")
    outcome = validate_graph(
        store.union(loaded.graphs["data"]), store.graph(str(GRAPH_SHAPES)), store.graph(str(GRAPH_ONTOLOGY))
    )
    return loaded, outcome


def build(layout: Layout, store: Store, *, reason: bool = False, out: Path | None = None, fmt: str = "trig",
          force: bool = False, stage: Stage | None = None) -> BuildResult:
    """Load, validate, reason if asked, and write the dataset and its manifest to ``out``."""
    loaded, outcome = load_and_validate(layout, store, stage=stage)
    if not outcome.conforms and not force:
        raise ValidationFailed(outcome)
    result = BuildResult(loaded, outcome)
    if reason:
        if stage:
            stage("reasoning (OWL RL)")
        inferred = infer(store.graph(str(GRAPH_ONTOLOGY)), store.union(loaded.graphs["data"]))
        store.add_graph(str(GRAPH_INFERRED), inferred)
        result.inferred = len(inferred)
    result.graphs = {name: store.count(name) for name in store.graph_names()}
    if out is not None:
        if stage:
            stage(f"writing {out}")
        result.out, result.manifest = write_outputs(layout, store, result, out, fmt)
    return result


def manifest_of(layout: Layout, result: BuildResult, dataset_name: str, fmt: str) -> dict:
    """The manifest: what went in (files and their hashes), what came out (triples per graph), the verdict."""
    inputs = []
    for kind in ("ontology", "shapes", "data"):
        for path in result.loaded.files[kind]:
            inputs.append({"kind": kind, "path": _display(layout, path), "sha256": _sha256(path)})
    return {
        "hisab_version": __version__,
        "dataset": dataset_name,
        "format": fmt,
        "graphs": result.graphs,
        "total_quads": sum(result.graphs.values()),
        "inferred_triples": result.inferred,
        "validation": {
            "conforms": result.outcome.conforms,
            "violations": len(result.outcome.violations),
            "warnings": len(result.outcome.warnings),
        },
        "inputs": inputs,
    }


def write_outputs(layout: Layout, store: Store, result: BuildResult, out: Path, fmt: str) -> tuple[Path, Path]:
    """Write the dataset and ``<out>.manifest.json`` atomically (both or neither)."""
    out = out.resolve()
    manifest_path = out.with_name(out.name + ".manifest.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    data_tmp = _temp_beside(out)
    manifest_tmp = _temp_beside(manifest_path)
    try:
        store.dump(data_tmp, fmt)
        manifest = manifest_of(layout, result, out.name, fmt)
        manifest_tmp.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        os.replace(data_tmp, out)
        os.replace(manifest_tmp, manifest_path)
    except OSError as exc:
        raise HisabError(f"{out}: cannot write the dataset ({exc.strerror or exc}); nothing was written.") from exc
    finally:
        for tmp in (data_tmp, manifest_tmp):
            tmp.unlink(missing_ok=True)
    return out, manifest_path


def _temp_beside(path: Path) -> Path:
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    return Path(name)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _display(layout: Layout, path: Path) -> str:
    try:
        return path.resolve().relative_to(layout.root).as_posix()
    except ValueError:
        return path.name
