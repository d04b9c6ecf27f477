"""``hisab serve`` as Linked Data clients meet it: a real uvicorn server on 127.0.0.1, a real HTTP client.

Cool URIs (303 from /id/ to /doc/), content negotiation with q-values, wildcards and extensions, 304 on
revalidation, 406 and 404, CORS and gzip; every IRI in the data dereferences to Turtle and HTML, and
the Turtle parses back to the store's description; the SPARQL 1.1 Protocol, read-only, with a time
limit that stops the work.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, URIRef
from rdflib.compare import to_isomorphic

from hisab.web.app import Settings, create_app
from hisab.web.backend import Backend
from hisab.web.describe import describe
from hisab.web.rdf_out import Rebase
from tests.servers import free_port, serving

BASE = "https://w3id.org/hisab/"
INCIDENT = "khan-sheikhoun-chemical-attack-2017-04-04"
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/trig": "trig",
}
CARTESIAN = ("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l "
             "FILTER (STRLEN(STR(?a)) + STRLEN(STR(?d)) + STRLEN(STR(?g)) + STRLEN(STR(?j)) < 0) }")


@pytest.fixture(scope="module")
def server(project, layout) -> Iterator[str]:
    """The server over the project's store, running in this process on a free port."""
    backend = Backend(embedded=project.store.oxigraph)
    app = create_app(backend, Settings(query_timeout=3, max_rows=50, queries_dir=layout.queries_dir,
                                       ontology_files=tuple(layout.ontology_files())))
    with serving(app) as origin:
        yield origin


@pytest.fixture(scope="module", params=["embedded", "oxigraph-server"])
def endpoint(request, server) -> Iterator[httpx.Client]:
    """A client of the server: over the embedded store, and over the Oxigraph server (hisab serve --endpoint)."""
    if request.param == "embedded":
        with httpx.Client(base_url=server, timeout=30) as client:
            yield client
        return
    remote = request.getfixturevalue("oxigraph_server_with_project")
    app = create_app(Backend(endpoint=remote), Settings(query_timeout=10, max_rows=50))
    with serving(app) as origin, httpx.Client(base_url=origin, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def http(server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=30) as client:
        yield client


def _local(server: str) -> Rebase:
    return Rebase(BASE, server)


# --- Cool URIs ----------------------------------------------------------------------------------------
def test_a_thing_answers_303_to_its_description(http):
    response = http.get(f"/id/incident/{INCIDENT}")
    assert response.status_code == 303
    assert response.headers["location"] == f"/doc/incident/{INCIDENT}"
    scheme = http.get("/scheme/grade/confirmed")
    assert scheme.status_code == 303 and scheme.headers["location"] == "/doc/scheme/grade/confirmed"


@pytest.mark.parametrize("media, fmt", list(RDF_TYPES.items()))
def test_every_rdf_type_is_negotiated_and_parses(http, server, project, media, fmt):
    response = http.get(f"/id/incident/{INCIDENT}", headers={"Accept": media}, follow_redirects=True)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    assert "Accept" in response.headers["vary"]
    graph = Graph()
    if fmt == "trig":
        from rdflib import Dataset

        dataset = Dataset()
        dataset.parse(data=response.content, format="trig")
        for s, p, o, _ in dataset.quads():
            graph.add((s, p, o))
    else:
        graph.parse(data=response.content, format=fmt, publicID=server + "/")
    assert (URIRef(f"{server}/id/incident/{INCIDENT}"), None, None) in graph or \
        (None, None, URIRef(f"{server}/id/incident/{INCIDENT}")) in graph


@pytest.mark.parametrize("accept, expected", [
    ("text/turtle;q=0.5, application/ld+json;q=0.9", "application/ld+json"),
    ("application/rdf+xml;q=0.1, text/turtle", "text/turtle"),
    ("*/*", "text/turtle"),
    ("text/*", "text/turtle"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
    ("application/n-triples, */*;q=0.1", "application/n-triples"),
    ("", "text/turtle"),
])
def test_q_values_and_wildcards_choose_the_representation(http, accept, expected):
    response = http.get(f"/doc/incident/{INCIDENT}", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == expected


@pytest.mark.parametrize("extension, media", [(".ttl", "text/turtle"), (".jsonld", "application/ld+json"),
                                              (".nt", "application/n-triples"), (".rdf", "application/rdf+xml"),
                                              (".trig", "application/trig"), (".html", "text/html")])
def test_an_extension_overrides_accept(http, extension, media):
    response = http.get(f"/doc/incident/{INCIDENT}{extension}", headers={"Accept": "image/png"})
    assert response.status_code == 200 and response.headers["content-type"].split(";")[0] == media


def test_not_acceptable_lists_what_is_offered(http):
    response = http.get(f"/doc/incident/{INCIDENT}", headers={"Accept": "image/png, application/pdf"})
    assert response.status_code == 406
    assert "text/turtle" in response.text and "application/ld+json" in response.text


def test_an_unknown_thing_is_404_as_a_page_and_as_rdf(http):
    page = http.get("/id/incident/no-such-incident", headers={"Accept": "text/html"}, follow_redirects=True)
    assert page.status_code == 404 and "<h1>Not found</h1>" in page.text
    rdf = http.get("/doc/incident/no-such-incident", headers={"Accept": "text/turtle"})
    assert rdf.status_code == 404
    assert len(Graph().parse(data=rdf.text, format="turtle")) == 1


def test_revalidation_answers_304(http):
    first = http.get(f"/doc/incident/{INCIDENT}.ttl")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    again = http.get(f"/doc/incident/{INCIDENT}.ttl", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    since = http.get(f"/doc/incident/{INCIDENT}.ttl", headers={"If-Modified-Since": modified})
    assert since.status_code == 304
    other = http.get(f"/doc/incident/{INCIDENT}.jsonld", headers={"If-None-Match": etag})
    assert other.status_code == 200  # another representation has another ETag


def test_alternates_cors_and_gzip(http):
    response = http.get(f"/doc/incident/{INCIDENT}", headers={"Accept": "text/turtle", "Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["access-control-allow-origin"] == "*"
    links = response.headers["link"]
    for extension in (".ttl", ".jsonld", ".nt", ".rdf", ".trig", ".html"):
        assert f"/doc/incident/{INCIDENT}{extension}>" in links
    preflight = http.options("/sparql", headers={"Origin": "https://example.org",
                                                 "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 200 and preflight.headers["access-control-allow-origin"] in ("*",
                                                                                                "https://example.org")


def test_json_ld_refers_to_the_published_context(http, server):
    document = http.get(f"/doc/incident/{INCIDENT}.jsonld").json()
    assert document["@context"] == f"{server}/context.jsonld"
    context = http.get("/context.jsonld").json()["@context"]
    assert context["hisab"] == f"{server}/ontology#"


def test_the_ontology_is_negotiated(http):
    turtle = http.get("/ontology", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200
    graph = Graph().parse(data=turtle.text, format="turtle")
    assert len(graph) > 500
    page = http.get("/ontology", headers={"Accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html")
    assert 'id="Incident"' in page.text and 'id="aboutIncident"' in page.text  # /ontology#Incident lands on it
    assert "<script src=" not in page.text  # self-contained: nothing fetched from elsewhere
    assert http.get("/ontology.jsonld").status_code == 200


def _data_iris(project) -> list[str]:
    query = ("SELECT DISTINCT ?x WHERE { { ?x ?p ?o } UNION { ?s ?p ?x } FILTER (isIRI(?x) && "
             "(STRSTARTS(STR(?x), 'https://w3id.org/hisab/id/') || STRSTARTS(STR(?x), 'https://w3id.org/hisab/scheme/'))"
             " && !STRSTARTS(STR(?x), 'https://w3id.org/hisab/id/graph/')) }")
    return sorted(str(row[0]) for row in project.store.query(query))


def _isomorphic(graph: Graph, triples) -> bool:
    expected = Graph()
    for triple in triples:
        expected.add(triple)
    return to_isomorphic(graph) == to_isomorphic(expected)


def test_every_iri_in_the_data_dereferences_to_turtle_and_html(http, server, project):
    iris = _data_iris(project)
    assert len(iris) > 500
    rebase = _local(server)
    backend = Backend(embedded=project.store.oxigraph)
    problems = []
    for iri in iris:
        served = rebase.iri(iri)[len(server):]
        turtle = http.get(served, headers={"Accept": "text/turtle"}, follow_redirects=True)
        html = http.get(served, headers={"Accept": "text/html"}, follow_redirects=True)
        if turtle.status_code != 200 or html.status_code != 200:
            problems.append(f"{iri}: {turtle.status_code} {html.status_code}")
            continue
        graph = Graph().parse(data=turtle.text, format="turtle")
        canonical = Graph()
        for s, p, o in graph:
            canonical.add(tuple(URIRef(rebase.canonical(str(t))) if isinstance(t, URIRef) else t for t in (s, p, o)))
        if not _isomorphic(canonical, describe(iri, backend.construct).triples):
            problems.append(f"{iri}: the Turtle is not the store's description")
    assert not problems, problems[:10]


def test_the_page_shows_each_attribution_with_its_grade(http):
    page = http.get(f"/doc/incident/{INCIDENT}.html").text
    attributions = page.split('id="section-attributions"', 1)[1].split('id="section-', 1)[0]
    assert 'class="badge grade">grade: <a href="' in attributions and ">confirmed</a>" in attributions
    assert ">attributed to</a>" in attributions and ">Syrian regime</a>" in attributions
    assert ">Syrian regime forces</a>" in attributions


def test_a_description_holds_the_claims_about_the_thing(http, server):
    graph = Graph().parse(data=http.get(f"/doc/incident/{INCIDENT}.ttl").text, format="turtle")
    ontology = f"{server}/ontology#"
    attributions = set(graph.subjects(URIRef(ontology + "aboutIncident"), URIRef(f"{server}/id/incident/{INCIDENT}")))
    graded = [a for a in attributions if (a, URIRef(ontology + "confidence"), None) in graph]
    assert graded, "no graded attribution in the description"
    for claim in graded:
        assert (claim, URIRef(ontology + "claimedBy"), None) in graph
        span = graph.value(claim, URIRef(ontology + "evidence"))
        selector = graph.value(span, URIRef("http://www.w3.org/ns/oa#hasSelector"))
        assert isinstance(selector, BNode)
        assert graph.value(selector, URIRef("http://www.w3.org/ns/oa#start")) is not None


# --- SPARQL 1.1 Protocol ------------------------------------------------------------------------------
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/hisab/ontology#Incident> }"


def test_sparql_get_post_form_and_post_direct_agree(endpoint):
    get = endpoint.get("/sparql", params={"query": COUNT}, headers={"Accept": "application/sparql-results+json"})
    form = endpoint.post("/sparql", data={"query": COUNT}, headers={"Accept": "application/sparql-results+json"})
    direct = endpoint.post("/sparql", content=COUNT.encode(), headers={"Content-Type": "application/sparql-query",
                                                                    "Accept": "application/sparql-results+json"})
    values = [r.json()["results"]["bindings"][0]["n"]["value"] for r in (get, form, direct)]
    assert len(set(values)) == 1 and int(values[0]) > 5


@pytest.mark.parametrize("accept, check", [
    ("application/sparql-results+json", lambda r: "results" in r.json()),
    ("application/sparql-results+xml", lambda r: "<sparql" in r.text and "<binding name=\"n\">" in r.text),
    ("text/csv", lambda r: r.text.startswith("n\r\n")),
    ("text/tab-separated-values", lambda r: r.text.startswith("?n\n") and "^^<" in r.text),
])
def test_sparql_result_formats(endpoint, accept, check):
    response = endpoint.get("/sparql", params={"query": COUNT}, headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    assert check(response)


def test_sparql_construct_and_ask(endpoint):
    construct = endpoint.get("/sparql", params={"query": "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 3"},
                         headers={"Accept": "text/turtle"})
    assert construct.status_code == 200 and len(Graph().parse(data=construct.text, format="turtle")) == 3
    ask = endpoint.get("/sparql", params={"query": "ASK { ?s ?p ?o }"},
                   headers={"Accept": "application/sparql-results+json"})
    assert ask.json()["boolean"] is True


def test_sparql_without_a_query_describes_the_service(endpoint):
    response = endpoint.get("/sparql", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.text, format="turtle")
    assert (None, URIRef("http://www.w3.org/ns/sparql-service-description#endpoint"), None) in graph


UPDATE_WORDS = ["INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
                "DELETE WHERE { ?s ?p ?o }", "LOAD <http://example.org/x>", "CLEAR ALL", "DROP ALL",
                "CREATE GRAPH <http://example.org/g>"]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(UPDATE_WORDS), st.lists(st.booleans(), min_size=8, max_size=8), st.booleans(),
       st.sampled_from(["get", "form", "direct", "update-form"]))
def test_updates_are_refused_with_403_in_any_spelling(endpoint, update, upper, escape_first, how):
    http = endpoint
    spelled = "".join(c.upper() if upper[i % 8] else c.lower() for i, c in enumerate(update[:6])) + update[6:]
    if escape_first:
        spelled = f"\\u{ord(spelled[0]):04X}" + spelled[1:]
    if how == "get":
        response = http.get("/sparql", params={"query": spelled})
    elif how == "form":
        response = http.post("/sparql", data={"query": spelled})
    elif how == "direct":
        response = http.post("/sparql", content=spelled.encode(), headers={"Content-Type": "application/sparql-query"})
    else:
        response = http.post("/sparql", data={"update": spelled})
    assert response.status_code == 403, (spelled, how, response.text)
    assert "read-only" in response.text or "update" in response.text


def test_service_is_refused_and_errors_are_400(endpoint):
    service = endpoint.get("/sparql",
                           params={"query": "SELECT * WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }"})
    assert service.status_code == 403 and "SERVICE" in service.text
    broken = endpoint.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert broken.status_code == 400 and broken.text.strip()


def test_the_row_cap_is_stated_when_it_cuts(endpoint):
    response = endpoint.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"},
                        headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200
    assert len(response.json()["results"]["bindings"]) == 50
    assert "truncated" in response.headers["hisab-result-limit"]


def test_the_time_limit_stops_the_query_and_the_next_request_is_prompt(http):
    started = time.monotonic()
    stopped = http.get("/sparql", params={"query": CARTESIAN})
    assert stopped.status_code == 503 and "stopped after 3 s" in stopped.text
    assert time.monotonic() - started < 15
    started = time.monotonic()
    quick = http.get("/sparql", params={"query": "ASK { ?s ?p ?o }"},
                     headers={"Accept": "application/sparql-results+json"})
    assert quick.status_code == 200 and time.monotonic() - started < 1.0


@pytest.fixture(scope="module")
def oxigraph_server_with_project(project, tmp_path_factory) -> Iterator[str]:
    """The Oxigraph server, on 127.0.0.1, holding the project's graphs; its query URL."""
    import pyoxigraph as ox

    from hisab.remote import RemoteStore
    from tests.servers import oxigraph_server

    try:
        context = oxigraph_server(tmp_path_factory.mktemp("oxigraph-web"))
        started = context.__enter__()
    except RuntimeError as exc:
        pytest.fail(str(exc))
    try:
        quads = [q for q in project.store.quads() if isinstance(q.graph_name, ox.NamedNode)]
        RemoteStore(started.query, started.update, started.graph_store).load(quads)
        yield started.query
    finally:
        context.__exit__(None, None, None)


def test_a_remote_store_can_stand_behind_the_server(oxigraph_server_with_project):
    """The same endpoint and descriptions with --endpoint pointing at the Oxigraph server."""
    backend = Backend(endpoint=oxigraph_server_with_project)
    app = create_app(backend, Settings(query_timeout=10))
    import starlette.testclient

    with starlette.testclient.TestClient(app, base_url="http://127.0.0.1:9999") as client:
        description = client.get(f"/doc/incident/{quote(INCIDENT)}.ttl")
        assert description.status_code == 200
        assert len(Graph().parse(data=description.text, format="turtle")) > 20
        answer = client.get("/sparql", params={"query": COUNT}, headers={"Accept": "application/sparql-results+json"})
        assert answer.status_code == 200 and int(answer.json()["results"]["bindings"][0]["n"]["value"]) > 5
        assert client.get("/sparql", params={"query": "DROP ALL"}).status_code == 403


def test_hisab_serve_starts_on_the_embedded_store_and_stops(small_project):
    """The README's first command, on a small project: the server prints its URL and answers."""
    import signal
    import subprocess
    import sys

    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "hisab", "serve", "--port", str(port)], cwd=small_project,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, process.stderr.read()
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/id/test/report", headers={"Accept": "text/turtle"},
                                     follow_redirects=True, timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "hisab serve did not start"
                time.sleep(0.3)
        assert response.status_code == 200
        assert f"<http://127.0.0.1:{port}/id/test/report>" in response.text or "test:report" in response.text \
            or "/id/test/report" in response.text
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in err and "Traceback" not in err


def test_serve_help_documents_every_option(cli):
    run = cli("serve", "--help")
    assert run.code == 0
    for option in ("--host", "--port", "--base", "--endpoint", "--workers", "--query-timeout", "--max-rows"):
        assert option in run.out
