"""A file of triples is loaded by the store itself while Python checks it (:func:`hisab.load.load_files`);
the store then holds what the streaming load puts there, and a file with an error still adds nothing."""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest

from hisab.errors import InputProblems
from hisab.load import load_files
from hisab.namespaces import GRAPH_METADATA, HISAB
from hisab.store import EmbeddedStore
from tests.conftest import graphs_by_name

GRAPH = "https://hisab.example/graph/data/reports/sample"
BOM = b"\xef\xbb\xbf"

# provenance about the file's own graph with a blank node, whose own triples stay in the data graph
SAMPLE = """@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<> prov:wasDerivedFrom [ rdfs:label "a monitoring report" ; prov:generatedAtTime "2017-05-04"^^xsd:date ] ;
   rdfs:comment "sample" .
<https://hisab.example/id/incident/1> rdfs:label "an incident" ;
   <http://www.w3.org/2006/time#inXSDgYearMonth> "2017-04"^^xsd:gYearMonth .
"""


def _load(store, path: Path) -> tuple[list[str], InputProblems]:
    problems = InputProblems()
    names = load_files(store, [(path, GRAPH)], set(), problems, data=True)
    return names, problems


_JOINED = f"""SELECT ?label WHERE {{
  GRAPH <{GRAPH_METADATA}> {{ <{GRAPH}> <http://www.w3.org/ns/prov#wasDerivedFrom> ?doc }}
  GRAPH <{GRAPH}> {{ ?doc <http://www.w3.org/2000/01/rdf-schema#label> ?label }} }}"""


class _Recording(EmbeddedStore):
    """A store that says which files it loaded by itself."""

    def __init__(self, path: Path | None = None) -> None:
        super().__init__(path)
        self.loaded: list[Path] = []

    def load_file(self, path: Path, fmt: ox.RdfFormat, name: str) -> None:
        self.loaded.append(path)
        super().load_file(path, fmt, name)


# a store on disk loads a small file in one transaction and bulk-loads a large one: both ways are tested,
# the bulk load by making every file count as large
STORES = pytest.mark.parametrize(("on_disk", "bulk_from"), [(False, None), (True, None), (True, 0)],
                                 ids=["memory", "disk", "disk-bulk"])


@STORES
def test_a_loaded_file_is_split_as_the_streaming_load_splits_it(tmp_path: Path, monkeypatch, on_disk: bool,
                                                                bulk_from: int | None) -> None:
    if bulk_from is not None:
        monkeypatch.setattr("hisab.store.BULK_LOAD_FROM", bulk_from)
    direct = tmp_path / "sample.ttl"
    direct.write_text(SAMPLE, encoding="utf-8")
    streamed = tmp_path / "streamed.ttl"  # a byte-order mark makes the loader stream the quads itself
    streamed.write_bytes(BOM + SAMPLE.encode("utf-8"))
    stores = []
    for path, folder in ((direct, tmp_path / "a"), (streamed, tmp_path / "b")):
        store = _Recording(folder if on_disk else None)
        names, problems = _load(store, path)
        assert not problems.errors, problems.diagnostics
        assert store.loaded == ([path] if path == direct else [])
        assert names == sorted({GRAPH, str(GRAPH_METADATA)})
        stores.append(store)
    one, other = (graphs_by_name(s.quads()) for s in stores)
    # the source file's name differs; everything else is the same
    source = ox.NamedNode(str(HISAB.sourceFile))
    for shape in (one, other):
        plain, blank = shape[str(GRAPH_METADATA)]
        shape[str(GRAPH_METADATA)] = (frozenset(t for t in plain if t[1] != source), blank)
    assert one == other
    assert one[str(GRAPH_METADATA)][1] == 1, "the statement about the graph with a blank node is in the metadata"
    assert not any(t[0] == ox.NamedNode(GRAPH) for t in one[GRAPH][0]), "nothing about the graph stays in it"
    for store in stores:
        # the blank node in the metadata graph is the one the data graph describes
        assert [str(row["label"].value) for row in store.oxigraph.query(_JOINED)] == ["a monitoring report"]
        store.close()


@STORES
@pytest.mark.parametrize("tail, words", [
    ('<https://hisab.example/id/x> rdfs:label "unclosed .\n', "syntax error"),
    ('<https://hisab.example/id/x> <http://www.w3.org/2006/time#inXSDDate> "2017-02-30"^^xsd:date .\n',
     "no day 30"),
])
def test_a_file_with_an_error_adds_nothing(tmp_path: Path, monkeypatch, on_disk: bool, bulk_from: int | None,
                                           tail: str, words: str) -> None:
    if bulk_from is not None:
        monkeypatch.setattr("hisab.store.BULK_LOAD_FROM", bulk_from)
    path = tmp_path / "bad.ttl"
    # many triples before the error, so the store has loaded some of them when it is found
    body = "".join(f'<https://hisab.example/id/n{i}> rdfs:label "n{i}" .\n' for i in range(20_000))
    path.write_text(SAMPLE + body + tail, encoding="utf-8")
    store = EmbeddedStore(tmp_path / "store" if on_disk else None)
    names, problems = _load(store, path)
    assert names == []
    assert [d for d in problems.errors if words in d.message and d.line == SAMPLE.count("\n") + 20_001]
    assert store.count() == 0, "the graph the store had started to load is taken back"
    store.close()


class _FailingStore(EmbeddedStore):
    """A store whose own load fails where Python's reading of the file finds nothing wrong."""

    def load_file(self, path: Path, fmt: ox.RdfFormat, name: str) -> None:
        self._ox.load(b'<https://hisab.example/id/half> <https://hisab.example/p> "loaded" .',
                      format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
        raise OSError("No space left on device")


def test_a_failing_store_load_is_an_error_and_is_taken_back(tmp_path: Path) -> None:
    path = tmp_path / "sample.ttl"
    path.write_text(SAMPLE, encoding="utf-8")
    store = _FailingStore()
    names, problems = _load(store, path)
    assert names == []
    [error] = problems.errors
    assert error.file == path and "could not load the file" in error.message and "No space left" in error.message
    assert store.count() == 0


def test_formats_with_graphs_are_streamed_and_still_confined(tmp_path: Path) -> None:
    """TriG may name other graphs: it is read quad by quad, and a data file writing elsewhere adds nothing."""
    path = tmp_path / "sample.trig"
    path.write_text(SAMPLE + "<https://hisab.example/graph/ontology> { <urn:x:a> <urn:x:b> <urn:x:c> }\n",
                    encoding="utf-8")
    store = EmbeddedStore()
    store.add_quads([ox.Quad(ox.NamedNode("urn:x:kept"), ox.NamedNode("urn:x:b"), ox.NamedNode("urn:x:c"),
                             ox.NamedNode("https://hisab.example/graph/ontology"))])
    names, problems = _load(store, path)
    assert names == [] and any("another graph" in d.message for d in problems.errors)
    assert store.count() == 1, "the other graph is untouched and the file added nothing"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_an_input_error(tmp_path: Path) -> None:
    """A pipe cannot be read twice (the checks, the store's own load, the line numbers of a diagnostic):
    it is an error naming the file, and nothing is read from it or added."""
    path = tmp_path / "piped.ttl"
    os.mkfifo(path)

    def write() -> None:  # a writer, so that opening the pipe for reading does not block
        with contextlib.suppress(BrokenPipeError), path.open("w", encoding="utf-8") as pipe:
            pipe.write(SAMPLE)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    store = _Recording()
    names, problems = _load(store, path)
    writer.join(timeout=10)
    assert names == [] and store.loaded == [] and store.count() == 0
    [error] = problems.errors
    assert error.file == path and "not a regular file" in error.message and error.hint


class _Compacting(EmbeddedStore):
    """A store on disk that counts its compactions."""

    def __init__(self, path: Path | None = None) -> None:
        super().__init__(path)
        self.compactions = 0
        real = self._ox

        class _Counting:
            def __getattr__(inner, name: str):
                return getattr(real, name)

            def optimize(inner) -> None:
                self.compactions += 1
                real.optimize()

        self._ox = _Counting()


@pytest.mark.parametrize(("on_disk", "large"), [(False, True), (True, True), (True, False)],
                         ids=["memory", "disk-large-file", "disk-small-file"])
def test_a_bulk_load_on_disk_is_compacted_once_and_keeps_every_triple(tmp_path: Path, monkeypatch,
                                                                        on_disk: bool, large: bool) -> None:
    """After a large file is bulk-loaded into a store folder, settle() compacts the folder's files once
    (queries read fewer of them); the triples are the same before and after. A small file is loaded in one
    transaction and a store in memory is never compacted: compacting a large store for a small change would
    cost more than it saves."""
    monkeypatch.setattr("hisab.store.BULK_LOAD_FROM", 0 if large else 10**9)
    path = tmp_path / "sample.ttl"
    path.write_text(SAMPLE, encoding="utf-8")
    store = _Compacting(tmp_path / "db" if on_disk else None)
    try:
        store.settle()
        assert store.compactions == 0  # nothing loaded yet
        _, problems = _load(store, path)
        assert not problems.errors
        before = graphs_by_name(store.quads())
        store.settle()
        store.settle()
        assert store.compactions == (1 if on_disk and large else 0)
        assert graphs_by_name(store.quads()) == before
    finally:
        store.close()
