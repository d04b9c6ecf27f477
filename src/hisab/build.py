"""Build the dataset: load, validate, optionally reason, and write it with a manifest.

Nothing is written when the input has errors, nor when validation finds violations unless
``force`` is set. Writing the dataset and its manifest safely is :mod:`hisab.outputs`.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from hisab.errors import EXIT_VIOLATIONS, HisabError
from hisab.layout import Layout, input_hashes
from hisab.load import Loader, LoadResult, load_project
from hisab.namespaces import GRAPH_IMPORTS, GRAPH_INFERRED, GRAPH_METADATA, GRAPH_ONTOLOGY, GRAPH_SHAPES
from hisab.outputs import manifest_of, write_outputs  # re-exported: build.write_outputs stays importable
from hisab.reason import infer_in_store
from hisab.store import EmbeddedStore, Store
from hisab.validate import MergedCopy, ValidationOutcome, validate_store

Stage = Callable[[str], None]
SUFFIXES = {"trig": ".trig", "nquads": ".nq"}

__all__ = ["BuildResult", "Incremental", "ValidationFailed", "add_entailments", "build", "drop_entailments",
           "inferred_graph_provenance", "load_and_validate", "manifest_of", "write_outputs"]


class ValidationFailed(HisabError):
    """The data does not conform; exit 1."""

    exit_code = EXIT_VIOLATIONS

    def __init__(self, outcome: ValidationOutcome, reasoned: bool = False) -> None:
        what = "the data with its OWL RL entailments" if reasoned else "the data"
        again = "hisab validate --reason" if reasoned else "hisab validate"
        super().__init__(
            f"{what} does not conform ({len(outcome.violations)} violations); nothing was written. "
            f"Run '{again}' for the report, fix the data, or build with --force."
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


@dataclass
class Incremental:
    """A store folder whose validation view lets a validation check only what changed since its last
    run (:mod:`hisab.incremental`): the folder, and the input hashes of that run by kind (or None)."""

    folder: Path
    previous: dict | None
    notice: Callable[[str], None] | None = None


def load_and_validate(layout: Layout, store: Store, data_paths: list[Path] | None = None,
                      stage: Stage | None = None, *, reasoned: bool = False,
                      loader: Loader | None = None,
                      incremental: Incremental | None = None,
                      merged: MergedCopy | None = None,
                      alongside: Callable[[LoadResult], None] | None = None) -> tuple[LoadResult, ValidationOutcome]:
    """Load the project into ``store`` (with ``loader``, default :func:`hisab.load.load_project`) and
    validate its data graphs; with ``reasoned``, validate them together with their OWL RL entailments
    (which are also added to the store's inferred graph, unless it holds them already). With
    ``incremental`` (a persistent store holding all the data files), the asserted data is validated
    through the folder's validation view: only what changed since its last run is checked again.
    ``merged``, if given, receives the copy of the graphs the validation ran on, for a later run to
    extend (:class:`hisab.validate.MergedCopy`). ``alongside``, if given, is called with the loaded
    project while the validation runs on a thread of its own (the validation's queries run in
    Oxigraph, outside Python's lock, so work in Python, such as reasoning, shares the machine with
    them); the validation is waited for whatever ``alongside`` does."""
    if stage:
        stage("loading")
    loaded = (loader or load_project)(layout, store, data_paths, stage)
    if reasoned and not loaded.reasoned:
        add_entailments(store, loaded, stage)
        loaded.reasoned = True
    if alongside is None:
        return loaded, _validate_loaded(layout, store, loaded, data_paths, stage, reasoned, incremental, merged)
    if stage:
        stage("validating the data" + (" with its entailments" if reasoned else "") + ", alongside what follows")
    with ThreadPoolExecutor(1, thread_name_prefix="hisab-validate") as pool:
        validation = pool.submit(_validate_loaded, layout, store, loaded, data_paths, None, reasoned,
                                 incremental, merged)
        try:
            alongside(loaded)
        finally:
            if stage and not validation.done():
                stage("validating: finishing the data's validation")
            wait([validation])
    return loaded, validation.result()


def _validate_loaded(layout: Layout, store: Store, loaded: LoadResult, data_paths: list[Path] | None,
                     stage: Stage | None, reasoned: bool, incremental: Incremental | None,
                     merged: MergedCopy | None) -> ValidationOutcome:
    """The validation of :func:`load_and_validate`, once the project is loaded."""
    if stage:
        stage("validating" + (" asserted and inferred triples" if reasoned else ""))
    names = loaded.graphs["data"] + ([str(GRAPH_INFERRED)] if reasoned else [])
    if incremental is not None and not reasoned and data_paths is None and isinstance(store, EmbeddedStore):
        from hisab.incremental import validate_folder_store

        inputs = {kind: input_hashes(layout, paths) for kind, paths in loaded.files.items()}
        done = validate_folder_store(store.oxigraph, incremental.folder, names, [str(GRAPH_ONTOLOGY)],
                                     store.graph(str(GRAPH_SHAPES)), inputs, incremental.previous, loaded.changed,
                                     stage)
        if done is not None:
            if incremental.notice is not None:
                incremental.notice(done[1].describe())
            return done[0]
    return validate_store(store.oxigraph, names, store.graph(str(GRAPH_SHAPES)),
                          copy=True if merged is None else merged)


def add_entailments(store: Store, loaded: LoadResult, stage: Stage | None = None) -> int:
    """Compute the OWL RL entailments of the ontology, the reused vocabularies' axioms and the data,
    put them in the inferred graph with its provenance in the metadata graph, and return their number."""
    count = compute_entailments(store, loaded, stage)
    record_provenance(store, loaded)
    return count


def record_provenance(store: Store, loaded: LoadResult) -> None:
    """The inferred graph's provenance in the metadata graph, in place of any earlier one."""
    _drop_provenance(store)
    store.add_graph(str(GRAPH_METADATA), inferred_graph_provenance(loaded.graphs["data"]))


def compute_entailments(store: Store, loaded: LoadResult, stage: Stage | None = None) -> int:
    """The OWL RL entailments into the inferred graph (emptied first), and their number; the metadata
    graph, which the data's validation may be reading meanwhile, is left as it is."""
    if stage:
        stage("reasoning (OWL RL)")
    inputs = [str(GRAPH_ONTOLOGY), str(GRAPH_IMPORTS), *loaded.graphs["data"]]
    store.remove_graph(str(GRAPH_INFERRED))
    return infer_in_store(store.oxigraph, inputs, str(GRAPH_INFERRED), notice=stage, progress=stage)


def build(layout: Layout, store: Store, *, reason: bool = False, out: Path | None = None, fmt: str = "trig",
          force: bool = False, stage: Stage | None = None, loader: Loader | None = None,
          incremental: Incremental | None = None) -> BuildResult:
    """Load, validate, reason if asked, and write the dataset and its manifest to ``out``."""
    # the data's copy, then extended by its entailments (empty when the data ran incrementally: filled then)
    merged = MergedCopy(store.oxigraph) if reason else None
    inferred: list[int] = []  # with reason: the number of entailments, computed while the data is validated
    failed: list[HisabError] = []

    def reason_alongside(loaded: LoadResult) -> None:
        if loaded.reasoned:
            inferred.append(store.count(str(GRAPH_INFERRED)))
            return
        try:
            inferred.append(compute_entailments(store, loaded, stage))
        except HisabError as exc:  # reported once the data is known to conform, as when run after it
            failed.append(exc)

    loaded, outcome = load_and_validate(layout, store, stage=stage, loader=loader, incremental=incremental,
                                        merged=merged, alongside=reason_alongside if reason else None)
    if not outcome.conforms and not force:
        if reason and not loaded.reasoned:
            drop_entailments(store)  # the store is left as if the build had stopped before reasoning
        raise ValidationFailed(outcome)
    if failed:
        raise failed[0]
    if reason and not loaded.reasoned:  # the provenance, once the data's validation no longer reads the metadata
        record_provenance(store, loaded)
    result = BuildResult(loaded, outcome)
    if not reason and loaded.reasoned:
        drop_entailments(store)
        loaded.reasoned = False
    result.graphs = {name: store.count(name) for name in store.graph_names()}
    if reason:
        result.inferred = inferred[0]
        loaded.reasoned = True
        if stage:
            stage("validating asserted and inferred triples" + (f", writing {out} meanwhile" if out else ""))
        _validate_reasoned_while_writing(layout, store, result, merged, out, fmt, force)
    elif out is not None:
        if stage:
            stage(f"writing {out}")
        result.out, result.manifest = write_outputs(layout, store, result, out, fmt)
    return result


class _NotKept(Exception):
    """The output written beside the last validation is not to be kept: it failed."""


def _validate_reasoned_while_writing(layout: Layout, store: Store, result: BuildResult, merged: MergedCopy | None,
                                     out: Path | None, fmt: str, force: bool) -> None:
    """Validate the data with its entailments (the store no longer changes) while the dataset is written
    to temporaries on a thread of its own; the files are put in place only if the data conforms (or
    ``force``), else nothing is left and :class:`ValidationFailed` is raised."""
    verdict: Future[bool] = Future()

    def kept() -> None:
        if not verdict.result():
            raise _NotKept

    with ThreadPoolExecutor(1, thread_name_prefix="hisab-write") as pool:
        writing = pool.submit(write_outputs, layout, store, result, out, fmt, kept) if out is not None else None
        try:
            reasoned = validate_store(store.oxigraph, [*result.loaded.graphs["data"], str(GRAPH_INFERRED)],
                                      store.graph(str(GRAPH_SHAPES)), copy=merged or True)
        except BaseException as exc:
            verdict.set_exception(exc)
            raise
        verdict.set_result(reasoned.conforms or force)
        if not (reasoned.conforms or force):
            raise ValidationFailed(reasoned, reasoned=True)
        if writing is not None:
            result.out, result.manifest = writing.result()


def drop_entailments(store: Store) -> None:
    """Remove the inferred graph and its provenance from the metadata graph."""
    store.remove_graph(str(GRAPH_INFERRED))
    _drop_provenance(store)


def _drop_provenance(store: Store) -> None:
    store.oxigraph.update(f"DELETE WHERE {{ GRAPH <{GRAPH_METADATA}> {{ <{GRAPH_INFERRED}> ?p ?o }} }} ; "
                          f"DELETE WHERE {{ GRAPH <{GRAPH_METADATA}> {{ <{GRAPH_INFERRED}#reasoning> ?p ?o }} }}")


def inferred_graph_provenance(data_graphs: list[str]) -> Graph:
    """PROV triples on the inferred graph: generated by OWL RL reasoning from the ontology, the reused
    vocabularies' axioms and the data graphs."""
    graph = Graph()
    inferred = URIRef(str(GRAPH_INFERRED))
    activity = URIRef(str(GRAPH_INFERRED) + "#reasoning")
    graph.add((inferred, RDF.type, PROV.Entity))
    graph.add((inferred, PROV.wasGeneratedBy, activity))
    graph.add((activity, RDF.type, PROV.Activity))
    label = "OWL 2 RL reasoning over the ontology, the reused vocabularies' axioms and the data"
    graph.add((activity, RDFS.label, Literal(label, lang="en")))
    for source in (str(GRAPH_ONTOLOGY), str(GRAPH_IMPORTS), *data_graphs):
        if source != str(GRAPH_METADATA):
            graph.add((inferred, PROV.wasDerivedFrom, URIRef(source)))
    return graph
