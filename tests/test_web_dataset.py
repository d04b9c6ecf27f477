"""The dataset's description (VoID and DCAT at /.well-known/void) and its dumps, as clients meet them.

The server runs over the store that ``hisab --store DIR build --out x.trig`` wrote for a small project (no
reasoning), opened read-only as ``hisab --store DIR serve`` opens it. That is what makes the byte comparison
mean something: the dump and the build's file are the same store written twice. Two loads of the same files
differ in their blank node labels (and an in-memory store lists quads in another order), so a dump can only
be byte-identical to a build of the very store it is served from.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, VOID

from hisab.namespaces import HISAB
from hisab.web.app import Settings, create_app
from hisab.web.backend import Backend
from hisab.web.rdf_out import Rebase
from hisab.web.server import ServeConfig, open_backend
from tests.conftest import BASE_WORLD, make_project, run_cli
from tests.servers import serving

BASE = "https://w3id.org/hisab/"
SD = "http://www.w3.org/ns/sparql-service-description#"
IANA = "https://www.iana.org/assignments/media-types/"
DCAT = Namespace("http://www.w3.org/ns/dcat#")  # plain: pytest pokes at module names, rdflib's DCAT warns
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")


def _serving(backend: Backend):
    """A real uvicorn server over ``backend`` on a free port, in this process."""
    return serving(create_app(backend, Settings()))


@dataclass
class Served:
    url: str
    store: ox.Store  # the store the server reads
    build: Path  # the dataset hisab build wrote from that store
    manifest: dict


@pytest.fixture(scope="module")
def served(tmp_path_factory, layout) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("dataset")
    project = make_project(folder / "project", layout, BASE_WORLD)
    built = run_cli("--store", str(folder / "store"), "build", "--out", str(folder / "x.trig"), cwd=project)
    assert built.code == 0, built.err
    manifest = json.loads((folder / "x.trig.manifest.json").read_text(encoding="utf-8"))
    assert manifest["inferred_triples"] == 0
    with open_backend(ServeConfig(store=str(folder / "store")), notice=lambda text: None) as backend, \
            _serving(backend) as url:
        assert backend.embedded is not None
        yield Served(url, backend.embedded, folder / "x.trig", manifest)


@pytest.fixture(scope="module")
def http(served) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=served.url, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def void(served, http) -> Graph:
    response = http.get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == "text/turtle"
    return Graph().parse(data=response.content, format="turtle")


def _dataset(void: Graph) -> URIRef:
    (found,) = set(void.subjects(RDF.type, VOID.Dataset)) & set(void.subjects(RDF.type, DCAT.Dataset))
    return found


def _graphs_in_store(store: ox.Store) -> dict[str, int]:
    return {g.value: sum(1 for _ in store.quads_for_pattern(None, None, None, g)) for g in store.named_graphs()}


def _subsets(void: Graph, rebase: Rebase) -> dict[str, int]:
    """Graph IRI (canonical) -> void:triples of its subset, by sd:name / sd:graph."""
    found = {}
    dataset = _dataset(void)
    for named in void.objects(dataset, URIRef(SD + "namedGraph")):
        subset = void.value(named, URIRef(SD + "graph"))
        assert (dataset, VOID.subset, subset) in void
        found[rebase.canonical(str(void.value(named, URIRef(SD + "name"))))] = int(void.value(subset, VOID.triples))
    return found


# --- the description ------------------------------------------------------------------------------
def test_the_description_parses_as_turtle_and_json_ld_and_says_the_same(http, void):
    response = http.get("/.well-known/void", headers={"Accept": "application/ld+json"})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == "application/ld+json"
    as_json_ld = Graph().parse(data=response.content, format="json-ld")
    assert isomorphic(as_json_ld, void)
    dataset = _dataset(void)
    assert (dataset, DCTERMS.license, LICENSE) in void
    assert void.value(dataset, DCTERMS.title) is not None and void.value(dataset, DCTERMS.description) is not None


@pytest.mark.parametrize("accept, fmt", [("application/n-triples", "nt"), ("application/rdf+xml", "xml"),
                                         ("text/html", None)])
def test_the_description_is_negotiated(http, void, accept, fmt):
    response = http.get("/.well-known/void", headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].split(";")[0] == accept
    assert "Accept" in response.headers["vary"]
    if fmt:
        assert isomorphic(Graph().parse(data=response.content, format=fmt), void)
    else:
        assert "<h1>Hisab: the dataset</h1>" in response.text and "/dumps/hisab.trig.gz" in response.text
    assert http.get("/.well-known/void", headers={"Accept": "image/png"}).status_code == 406


def test_the_home_page_links_to_the_description_and_the_dataset_iri_to_it(http):
    assert '/.well-known/void"' in http.get("/").text
    response = http.get("/dataset")
    assert response.status_code == 303 and response.headers["location"] == "/.well-known/void"


def test_the_counts_are_the_stores(served, void):
    in_store = _graphs_in_store(served.store)
    dataset = _dataset(void)
    assert int(void.value(dataset, VOID.triples)) == len(served.store) == served.manifest["total_quads"]
    assert _subsets(void, Rebase(BASE, served.url)) == in_store == served.manifest["graphs"]


def test_every_source_document_is_listed_with_its_title(served, void):
    dataset = _dataset(void)
    rebase = Rebase(BASE, served.url)
    listed = {rebase.canonical(str(d)): {str(t) for t in void.objects(d, DCTERMS.title)}
              for d in void.objects(dataset, DCTERMS.source)}
    documents = {}
    query = f"SELECT ?d ?t WHERE {{ ?d a <{HISAB.SourceDocument}> OPTIONAL {{ ?d <{DCTERMS.title}> ?t }} }}"
    for row in served.store.query(query, use_default_graph_as_union=True):
        documents.setdefault(row["d"].value, set()).update({row["t"].value} if row["t"] is not None else set())
    assert len(documents) == 2 and listed == documents


def test_it_names_the_endpoint_the_examples_the_uri_space_and_the_vocabularies(http, served, void):
    dataset = _dataset(void)
    endpoint = str(void.value(dataset, VOID.sparqlEndpoint))
    assert endpoint == served.url + "/sparql"
    answer = http.get(endpoint, params={"query": "ASK { ?s ?p ?o }"},
                      headers={"Accept": "application/sparql-results+json"})
    assert answer.status_code == 200 and answer.json()["boolean"] is True
    examples = list(void.objects(dataset, VOID.exampleResource))
    assert examples == [URIRef(served.url + "/id/test/incident")]
    for example in examples:
        assert http.get(str(example), headers={"Accept": "text/turtle"}, follow_redirects=True).status_code == 200
    assert void.value(dataset, VOID.uriSpace) == Literal(served.url + "/")
    vocabularies = {str(v) for v in void.objects(dataset, VOID.vocabulary)}
    assert {str(DCTERMS), "http://www.w3.org/ns/oa#", "http://www.w3.org/ns/prov#",
            "http://purl.org/linked-data/cube#", served.url + "/ontology#"} <= vocabularies


def test_the_dumps_it_names_answer_as_gzip_files(http, void):
    dataset = _dataset(void)
    dumps = {str(u) for u in void.objects(dataset, VOID.dataDump)}
    described = {}
    for distribution in void.objects(dataset, DCAT.distribution):
        assert void.value(distribution, DCAT.compressFormat) == URIRef(IANA + "application/gzip")
        described[str(void.value(distribution, DCAT.downloadURL))] = (
            str(void.value(distribution, DCAT.mediaType)), int(void.value(distribution, DCAT.byteSize)))
    assert set(described) == dumps and len(dumps) == 2
    media = {url.rsplit("/", 1)[1]: m for url, (m, _) in described.items()}
    assert media == {"hisab.trig.gz": IANA + "application/trig", "hisab.nq.gz": IANA + "application/n-quads"}
    for url, (_, size) in described.items():
        response = http.get(url, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/gzip"
        assert "content-encoding" not in response.headers  # the file is the gzip, not a transfer of TriG
        assert response.headers["content-disposition"] == f'attachment; filename="{url.rsplit("/", 1)[1]}"'
        assert int(response.headers["content-length"]) == len(response.content) == size
        assert response.content[:2] == b"\x1f\x8b"


# --- the dumps ------------------------------------------------------------------------------------
def test_the_trig_dump_is_what_hisab_build_wrote(http, served):
    response = http.get("/dumps/hisab.trig.gz")
    assert response.status_code == 200
    dumped = gzip.decompress(response.content)
    assert dumped == served.build.read_bytes()
    assert hashlib.sha256(dumped).hexdigest() == served.manifest["dataset_sha256"]
    assert b"<https://w3id.org/hisab/" in dumped and served.url.encode() not in dumped  # canonical IRIs


def test_the_nquads_dump_holds_the_same_quads(http, served):
    response = http.get("/dumps/hisab.nq.gz")
    assert response.status_code == 200
    quads = list(ox.parse(gzip.decompress(response.content), format=ox.RdfFormat.N_QUADS))
    assert len(quads) == len(served.store)
    built = set(ox.parse(path=str(served.build), format=ox.RdfFormat.TRIG))
    assert set(quads) == built == set(served.store.quads_for_pattern(None, None, None, None))


@pytest.mark.parametrize("path", ["/.well-known/void.ttl", "/dumps/hisab.trig.gz", "/dumps/hisab.nq.gz"])
def test_revalidation_answers_304(http, path):
    first = http.get(path)
    assert first.status_code == 200
    again = http.get(path, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == first.headers["etag"]
    since = http.get(path, headers={"If-Modified-Since": first.headers["last-modified"]})
    assert since.status_code == 304
    assert http.get(path, headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_an_unknown_dump_is_404(http):
    assert http.get("/dumps/hisab.ttl.gz").status_code == 404


# --- a remote store -------------------------------------------------------------------------------
def test_over_a_remote_store_the_description_counts_and_the_dumps_are_404(served, void):
    with _serving(Backend(endpoint=served.url + "/sparql")) as url, httpx.Client(base_url=url, timeout=30) as client:
        response = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
        assert response.status_code == 200
        remote = Graph().parse(data=response.content, format="turtle")
        dataset = _dataset(remote)
        assert int(remote.value(dataset, VOID.triples)) == len(served.store)
        assert _subsets(remote, Rebase(BASE, url)) == _subsets(void, Rebase(BASE, served.url))
        assert remote.value(dataset, VOID.dataDump) is None and remote.value(dataset, DCAT.distribution) is None
        dump = client.get("/dumps/hisab.trig.gz")
        assert dump.status_code == 404 and "embedded store" in dump.text


def test_an_in_memory_servers_dump_is_the_same_dataset_as_a_build(monkeypatch, served):
    """Served from a store loaded at start-up (plain hisab serve), the dump holds the same dataset as a separate
    build: the same named graphs, each isomorphic. Byte identity cannot hold across loads — two builds of the same
    files differ in their blank-node labels too."""
    def graphs(data: bytes) -> dict[str, Graph]:
        dataset = Dataset()
        dataset.parse(data=data, format="trig")
        found: dict[str, Graph] = {}
        for s, p, o, g in dataset.quads():
            found.setdefault(str(g), Graph()).add((s, p, o))
        return found

    # open_backend finds the project from the working folder, as hisab serve does
    monkeypatch.chdir(served.build.parent / "project")
    with open_backend(ServeConfig(), notice=lambda text: None) as backend, _serving(backend) as url:
        dumped = gzip.decompress(httpx.get(f"{url}/dumps/hisab.trig.gz", timeout=60).content)
    ours, built = graphs(dumped), graphs(served.build.read_bytes())
    assert ours.keys() == built.keys()
    assert all(isomorphic(ours[name], built[name]) for name in ours)
