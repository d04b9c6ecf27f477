"""Queries are read-only, local and bounded: updates and unlisted SERVICE calls are refused before anything
is sent, a time limit really stops the work, --limit bounds it, FROM is honoured, every query form has
an output, and parameter values are bound exactly or refused clearly."""

from __future__ import annotations

import http.server
import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hisab.errors import HisabError
from hisab.queries import Param, inject_values, term_for
from hisab.query_policy import RefusedQuery, check_query

CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
UPDATES = [
    "DROP ALL",
    "drop all",
    "DrOp SILENT GRAPH <http://example.org/g>",
    "\\u0044ROP ALL",
    "# a comment first\nCLEAR DEFAULT",
    "PREFIX x: <http://example.org/> INSERT DATA { x:a x:b x:c }",
    "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "CREATE GRAPH <http://example.org/g>",
    "ADD DEFAULT TO <http://example.org/g>",
    "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
    "delete where { ?s ?p ?o }",
]


class _Recorder(http.server.BaseHTTPRequestHandler):
    """An endpoint that records every request and answers with a canned body."""

    requests: list[str]
    answer: tuple[int, str, bytes] = (200, "application/sparql-results+json",
                                      b'{"head": {"vars": ["n"]}, "results": {"bindings": []}}')
    redirect_to: str | None = None

    def _reply(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.requests.append(self.path + " " + self.rfile.read(length).decode("utf-8", "replace"))
        if self.redirect_to:
            self.send_response(302)
            self.send_header("Location", self.redirect_to)
            self.end_headers()
            return
        status, content_type, body = self.answer
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _reply

    def log_message(self, *args) -> None:  # keep the test output clean
        pass


def _serve(**attributes) -> Iterator[tuple[str, list[str]]]:
    requests: list[str] = []
    handler = type("Handler", (_Recorder,), {"requests": requests, **attributes})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", requests
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def endpoint() -> Iterator[tuple[str, list[str]]]:
    """A recording endpoint: its URL and the requests it received."""
    yield from _serve()


def _file(tmp_path: Path, text: str, name: str = "q.rq") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- read-only ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused_in_any_spelling(update):
    with pytest.raises(RefusedQuery, match="update"):
        check_query(update)


def test_an_update_never_reaches_the_endpoint(cli, small_project, tmp_path, endpoint):
    url, requests = endpoint
    for number, update in enumerate(UPDATES[:6]):
        run = cli("query", "--file", str(_file(tmp_path, update, f"u{number}.rq")), "--endpoint", url,
                  cwd=small_project)
        assert run.code == 2 and "update" in run.err and "Traceback" not in run.err, update
    assert requests == []


def test_words_that_only_look_like_updates_are_not_refused():
    text = ('PREFIX drop: <http://example.org/>\nSELECT ?insert WHERE { ?insert drop:delete "CLEAR ALL" . '
            '<http://example.org/LOAD> ?p ?o } # DROP ALL in a comment')
    assert check_query(text).form == "SELECT"


# --- local --------------------------------------------------------------------------------------------
def test_service_is_refused_before_anything_is_contacted(cli, small_project, tmp_path, endpoint):
    url, requests = endpoint
    query = _file(tmp_path, f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}")
    run = cli("query", "--file", str(query), cwd=small_project)
    assert run.code == 2 and "SERVICE" in run.err and "--allow-service" in run.err
    assert requests == []


def test_service_is_allowed_only_for_the_listed_endpoints():
    query = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    assert check_query(query, allow_service=["http://example.org/sparql"]).services == ["http://example.org/sparql"]
    with pytest.raises(RefusedQuery):
        check_query(query, allow_service=["http://example.org/other"])
    with pytest.raises(RefusedQuery, match="variable"):
        check_query("SELECT * WHERE { SERVICE ?where { ?s ?p ?o } }", allow_service=["http://example.org/sparql"])


@pytest.mark.parametrize("text", [
    'SELECT * WHERE { ?s ?p ?o FILTER(bif:contains(?o, "x")) }',
    "SELECT * WHERE { BIND(<bif:file_to_string>('/etc/passwd') AS ?x) }",
    "DEFINE input:grab-all \"yes\" SELECT * WHERE { ?s ?p ?o }",
])
def test_engine_extensions_that_reach_outside_are_refused(text):
    with pytest.raises(RefusedQuery, match="extension"):
        check_query(text)


def test_a_redirecting_endpoint_is_not_followed(cli, small_project, tmp_path):
    for target, target_requests in _serve():
        for url, _ in _serve(redirect_to=target):
            run = cli("query", "--file", str(_file(tmp_path, "SELECT * WHERE { ?s ?p ?o }")), "--endpoint", url,
                      cwd=small_project)
            assert run.code == 2 and "redirects" in run.err and "Traceback" not in run.err
        assert target_requests == []


# --- bounded ------------------------------------------------------------------------------------------
def test_the_time_limit_stops_the_work(cli, small_project, tmp_path):
    query = _file(tmp_path, CARTESIAN.replace("}", "FILTER (?c = 0) }"))
    started = time.monotonic()
    run = cli("query", "--file", str(query), "--timeout", "2", cwd=small_project)
    assert run.code == 2 and "stopped after 2 s" in run.err and "Traceback" not in run.err
    assert time.monotonic() - started < 30


def test_limit_bounds_the_work_not_just_the_output(cli, small_project, tmp_path):
    run = cli("query", "--file", str(_file(tmp_path, CARTESIAN)), "--limit", "1", "--format", "json",
              "--timeout", "20", cwd=small_project)
    assert run.code == 0, run.err
    assert len(json.loads(run.out)) == 1 and "more rows" in run.err


def test_a_query_that_needs_too_much_memory_is_stopped(cli, small_project, tmp_path):
    query = _file(tmp_path, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i")
    run = cli("query", "--file", str(query), "--memory-limit", "256", "--timeout", "120", cwd=small_project)
    assert run.code == 2 and "memory" in run.err and "Traceback" not in run.err
    assert "memory allocation" not in run.err  # the engine's own panic text stays in the worker


def test_a_hanging_endpoint_is_abandoned_at_the_time_limit(cli, small_project, tmp_path):
    class Slow(_Recorder):
        def _reply(self) -> None:
            time.sleep(30)

        do_GET = do_POST = _reply

    for url, _ in _serve(_reply=Slow._reply, do_GET=Slow._reply, do_POST=Slow._reply):
        started = time.monotonic()
        run = cli("query", "--file", str(_file(tmp_path, "ASK { ?s ?p ?o }")), "--endpoint", url, "--timeout", "2",
                  cwd=small_project)
        assert run.code == 2 and "stopped after 2 s" in run.err
        assert time.monotonic() - started < 20


# --- FROM, forms ----------------------------------------------------------------------------------------
def test_from_and_from_named_are_honoured(cli, small_project, tmp_path):
    graph = "https://w3id.org/hisab/id/graph/data/reports/base"

    def count(text: str) -> int:
        run = cli("query", "--file", str(_file(tmp_path, text, f"c{abs(hash(text))}.rq")), "--format", "json",
                  cwd=small_project)
        assert run.code == 0, run.err
        return json.loads(run.out)[0]["n"]

    everything = count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    one_graph = count(f"SELECT (COUNT(*) AS ?n) FROM <{graph}> WHERE {{ ?s ?p ?o }}")
    direct = count(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    assert one_graph == direct and 0 < one_graph < everything
    # FROM NAMED alone: the default graph is empty, the named graph is there for GRAPH
    assert count(f"SELECT (COUNT(*) AS ?n) FROM NAMED <{graph}> WHERE {{ ?s ?p ?o }}") == 0
    assert count(f"SELECT (COUNT(*) AS ?n) FROM NAMED <{graph}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}") == direct


def test_ask_construct_and_describe_have_outputs(cli, small_project, tmp_path):
    ask = cli("query", "--file", str(_file(tmp_path, "ASK { ?s a <https://w3id.org/hisab/ontology#Incident> }",
                                           "a.rq")), "--format", "json", cwd=small_project)
    assert ask.code == 0 and json.loads(ask.out)["boolean"] is True
    construct = _file(tmp_path, "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 5", "c.rq")
    turtle = cli("query", "--file", str(construct), cwd=small_project)
    assert turtle.code == 0 and " a " in turtle.out
    nt = cli("query", "--file", str(construct), "--format", "ntriples", cwd=small_project)
    assert nt.code == 0 and len(nt.out.strip().splitlines()) == 5
    describe = _file(tmp_path, "DESCRIBE <https://w3id.org/hisab/id/test/report>", "d.rq")
    jsonld = cli("query", "--file", str(describe), "--format", "jsonld", cwd=small_project)
    assert jsonld.code == 0 and "@context" in json.loads(jsonld.out)
    wrong = cli("query", "--file", str(construct), "--format", "csv", cwd=small_project)
    assert wrong.code == 2 and "graph" in wrong.err


# --- parameters -----------------------------------------------------------------------------------------
def test_a_parameter_is_bound_when_the_where_clause_is_a_subquery(cli, small_project, tmp_path):
    # the first "WHERE {" of the text is the subquery's; the parameter is used by the outer query
    text = ("SELECT ?thing ?label {\n"
            "  { SELECT ?thing WHERE { ?thing a <https://w3id.org/hisab/ontology#SourceDocument> } }\n"
            "  ?thing <http://www.w3.org/2000/01/rdf-schema#label> ?label FILTER (?thing = ?_thing_iri)\n}")
    everything = cli("query", "--file", str(_file(tmp_path, text.replace("?_thing_iri", "?thing"), "all.rq")),
                     "--format", "json", cwd=small_project)
    assert everything.code == 0 and len(json.loads(everything.out)) == 2
    run = cli("query", "--file", str(_file(tmp_path, text)), "--param", "thing=https://w3id.org/hisab/id/test/report",
              "--format", "json", cwd=small_project)
    assert run.code == 0, run.err
    assert [row["thing"] for row in json.loads(run.out)] == ["https://w3id.org/hisab/id/test/report"]


def test_a_parameter_hidden_in_a_subquery_is_refused():
    text = "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?_x_iri } } }"
    with pytest.raises(HisabError, match="subquery"):
        inject_values(text, {"_x_iri": term_for(Param("_x_iri", "x", "iri", True), "http://example.org/a")})


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40))
def test_any_text_value_is_bound_exactly(value):
    import pyoxigraph as ox

    text = inject_values("SELECT ?got WHERE { BIND(?_v AS ?got) }", {"_v": term_for(Param("_v", "v", "literal", True),
                                                                                    value)})
    got = [solution["got"] for solution in ox.Store().query(text)]
    assert [g.value for g in got] == [value]


def test_a_value_with_a_newline_and_a_quote_is_bound_exactly(cli, small_project, tmp_path):
    value = 'line one\n\\" still the value """ and \'\'\''
    query = _file(tmp_path, "SELECT ?got WHERE { BIND(?_text AS ?got) }")
    run = cli("query", "--file", str(query), "--param", f"text={value}", "--format", "json", cwd=small_project)
    assert run.code == 0, run.err
    assert json.loads(run.out) == [{"got": value}]


@pytest.mark.parametrize("value, words", [
    ("9" * 1500, "between"),
    ("12abc", "integer"),
    ("9" * 2001, "2001 characters long; at most 2000 are accepted"),
])
def test_bad_integers_are_clear_errors(cli, small_project, tmp_path, value, words):
    query = _file(tmp_path, "SELECT ?got WHERE { BIND(?_n_integer AS ?got) }")
    run = cli("query", "--file", str(query), "--param", f"n={value}", cwd=small_project)
    assert run.code == 2 and words in run.err and "parameter n" in run.err and "Traceback" not in run.err


def test_invalid_utf8_in_a_value_is_a_clear_error(small_project, tmp_path, endpoint):
    url, requests = endpoint
    query = _file(tmp_path, "SELECT ?got WHERE { BIND(?_text AS ?got) }")
    for extra in ([], ["--endpoint", url]):
        proc = subprocess.run([sys.executable, "-m", "hisab", "query", "--file", str(query), "--param",
                               b"text=\xff\xfe caf\xe9", *extra], cwd=small_project, capture_output=True, timeout=120)
        err = proc.stderr.decode("utf-8", "replace")
        assert proc.returncode == 2 and "UTF-8" in err and "Traceback" not in err
    assert requests == []


# --- misbehaving endpoints ----------------------------------------------------------------------------------
@pytest.mark.parametrize("answer, words", [
    ((200, "text/html", b"<html><body>Welcome</body></html>"), "not SPARQL JSON"),
    ((200, "application/sparql-results+json", b'{"head": '), "not SPARQL JSON"),
    ((200, "application/sparql-results+json", b'{"hello": "world"}'), "not SPARQL 1.1 query results"),
    ((200, "application/sparql-results+json", b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": 3}]}}'),
     "malformed"),
    ((500, "text/plain", b"internal error"), "failed"),
])
def test_a_misbehaving_endpoint_is_a_clear_error(cli, small_project, tmp_path, answer, words):
    for url, _ in _serve(answer=answer):
        run = cli("query", "--file", str(_file(tmp_path, "SELECT * WHERE { ?s ?p ?o }")), "--endpoint", url,
                  cwd=small_project)
        assert run.code == 2 and words in run.err and "Traceback" not in run.err, run.err
        assert url in run.err
