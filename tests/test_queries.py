"""The saved-query catalogue: documented, runnable with its defaults, answering what the reports say,
and binding parameters safely."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from hisab.errors import HisabError
from hisab.queries import bind, load_catalogue, term_for
from hisab.values_pushdown import pushdown_offsets

QUERIES = Path(__file__).resolve().parents[1] / "queries"
CATALOGUE = load_catalogue(QUERIES)
ID = "https://w3id.org/hisab/id/"


def run(project, name: str, **values: str) -> list[dict]:
    text, _ = bind(CATALOGUE[name], values)
    return [{k: (v.toPython() if v is not None else None) for k, v in row.asdict().items()}
            for row in project.store.query(text)]


def local(value: str) -> str:
    return str(value).rsplit("/", 1)[-1]


def test_catalogue_has_at_least_18_documented_queries():
    assert len(CATALOGUE) >= 18
    for name, query in CATALOGUE.items():
        assert query.summary and query.description and query.tags, name
        for param in query.params:
            assert param.kind in ("iri", "integer", "xsd_date", "literal"), (name, param)
            if param.required:
                assert param.variable in query.defaults, f"{name}: required {param.name} has no default"


#: saved queries whose answer on the project's data is rightly empty, and where they are tested instead
EMPTY_ON_THE_PROJECT = {"contested-facts": "the five reports never contradict each other on a one-value fact; "
                                           "tests/test_two_sources.py runs it on two sources that do"}


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_every_query_runs_with_its_defaults_and_answers(project, name):
    rows = run(project, name)
    if name in EMPTY_ON_THE_PROJECT:
        assert rows == [], f"{name} now answers on the project's data: take it off EMPTY_ON_THE_PROJECT"
    else:
        assert rows, f"{name} returned no rows on the project's data"


# --- every answer once, every figure with its qualifier, no total added to its parts --------------

@pytest.fixture(scope="module")
def doubled(layout):
    """The project with every data graph asserted twice: once in its own graph, once in a copy."""
    from hisab.load import load_project
    from hisab.store import EmbeddedStore

    store = EmbeddedStore()
    loaded = load_project(layout, store)
    for name in loaded.graphs["data"]:
        copy = store.graph(f"{name}/copy")
        for triple in store.graph(name):
            copy.add(triple)
    return store


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_a_triple_asserted_in_two_graphs_does_not_duplicate_rows(project, doubled, name):
    text, _ = bind(CATALOGUE[name], {})
    once = [tuple(row) for row in project.store.query(text)]
    twice = [tuple(row) for row in doubled.query(text)]
    assert len(twice) == len(once) and set(twice) == set(once)


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_no_query_adds_a_total_to_its_own_parts(project, name):
    """No sum a saved query shows is a total plus one or all of its own parts (the 156 killed by Russian
    forces plus the 83 of them killed in massacres, say), unless a source states that number."""
    pairs = project.select("""
        PREFIX hisab: <https://w3id.org/hisab/ontology#>
        SELECT ?total (SUM(?p) AS ?parts) (MAX(?t) AS ?whole) (MIN(?p) AS ?smallest) WHERE {
            ?part hisab:partOfTotal ?total ; hisab:count ?p . ?total hisab:count ?t .
        } GROUP BY ?total""")
    assert pairs
    stated = {r["n"] for r in project.select(
        "PREFIX hisab: <https://w3id.org/hisab/ontology#> SELECT DISTINCT ?n WHERE { ?t hisab:count ?n }")}
    suspicious = {r["whole"] + r["smallest"] for r in pairs} | {r["whole"] + r["parts"] for r in pairs}
    # the columns that add figures up: (SUM(…) AS ?column)
    summed = set(re.findall(r"SUM\s*\((?:[^()]|\([^()]*\))*\)\s+AS\s+\?(\w+)", CATALOGUE[name].text, re.I))
    for row in run(project, name):
        for column in summed & set(row):
            value = row[column]
            if isinstance(value, int) and not isinstance(value, bool) and value not in stated:
                assert value not in suspicious, f"{name}: {column} = {value} adds a total to its parts"


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_a_row_that_shows_a_bounded_figure_shows_its_qualifier(project, name):
    """Where a row names a figure that is a lower bound or approximate, it reads "≥ n" or "≈ n"."""
    bounded = {r["t"] for r in project.select("""
        PREFIX hisab: <https://w3id.org/hisab/ontology#>
        SELECT ?t WHERE { ?t hisab:valueQualifier ?q .
            FILTER (?q != <https://w3id.org/hisab/scheme/qualifier/exact>) }""")}
    assert bounded
    for row in run(project, name):
        if bounded & {v for v in row.values() if isinstance(v, str)}:
            assert any(isinstance(v, str) and ("≥" in v or "≈" in v) for v in row.values()), (name, row)


# --- safe parameters -----------------------------------------------------------------------------

def _with_param(kind: str):
    """A saved query with a parameter of this kind, and the parameter."""
    for name in sorted(CATALOGUE):
        for param in CATALOGUE[name].params:
            if param.kind == kind:
                return CATALOGUE[name], param
    raise AssertionError(f"no saved query has a parameter of kind {kind}")


def test_parameters_are_checked():
    query, date = _with_param("xsd_date")
    for bad in ("2017-13-01", "yesterday", "2017-1-1"):
        with pytest.raises(HisabError, match="must be a date"):
            bind(query, {date.name: bad})
    iri_query, iri = _with_param("iri")
    with pytest.raises(HisabError, match="must be an absolute IRI"):
        bind(iri_query, {iri.name: "not an iri"})
    with pytest.raises(HisabError, match="has no parameter"):
        bind(query, {"nonsense": "1"})


def test_short_names_resolve_to_iris():
    query, param = _with_param("iri")
    _, terms = bind(query, {param.name: "actor:russian-forces"})
    assert terms[param.variable] == URIRef(f"{ID}actor/russian-forces")


HOSTILE = st.one_of(
    st.text(max_size=60),
    # IRI-shaped values with hostile tails: accepted when every character is legal in an IRI
    st.builds(lambda tail: f"https://w3id.org/hisab/id/actor/{tail}", st.text(max_size=40)),
    st.builds(lambda tail: f"actor:{tail}", st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)),
    st.sampled_from(['} ; DROP ALL ; {', '"} ; DROP ALL ; {"', "> } DROP ALL { <", '\\" . }', "\n}\nSELECT * {", "𝕏\u202e'\"",
                     "x> . ?s ?p ?o . <y", "2017-01-01\"^^<x> } ; CLEAR ALL #"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=HOSTILE, name=st.sampled_from(sorted(n for n, q in CATALOGUE.items() if q.params)))
def test_hostile_values_never_change_the_query(value, name):
    """Whatever string a user passes, either it is rejected, or the executed text is the saved query
    plus one VALUES row holding exactly the intended term, and it parses to the same query shape."""
    query = CATALOGUE[name]
    param = query.params[0]
    try:
        text, terms = bind(query, {param.name: value})
    except HisabError:
        return
    term = terms[param.variable]
    assert term == term_for(param, value)
    # the executed text is the saved text with one block inserted after "WHERE {", and the same row at the
    # start of each subquery it may also go into (hisab.values_pushdown), nothing else
    original = query.text
    at = re.search(r"\bWHERE\s*\{", original, re.IGNORECASE).end()
    inner = pushdown_offsets(original, param.variable)
    expected = original
    for offset in sorted(inner, reverse=True):
        expected = expected[:offset] + f" VALUES (?{param.variable}) {{ ({term.n3()}) }} " + expected[offset:]
    expected = expected[:at] + f"\n  VALUES (?{param.variable}) {{ ({term.n3()}) }}\n" + expected[at:]
    assert text == expected
    # it parses, and the only value in the VALUES row is the intended term
    parsed = prepareQuery(text)
    values = _values_rows(parsed.algebra)
    assert values and all(row.get(param.variable) in (term, None) or str(k) != param.variable
                          for row in values for k in row)
    bound = [row[k] for row in values for k in row if str(k) == param.variable]
    assert bound == [term] * (1 + len(inner))
    if isinstance(term, Literal):
        assert str(term) == (value if param.kind == "literal" else value.strip())


def test_an_accepted_hostile_iri_reaches_the_engine_as_one_term(project):
    value = "https://w3id.org/hisab/id/actor/x';DROP_ALL;SELECT(*)"
    query, param = _with_param("iri")
    text, terms = bind(query, {param.name: value})
    assert terms[param.variable] == URIRef(value)
    # one row in the outermost group, and the same row in each subquery it may also go into
    assert f"<{value}>" in text and text.count("VALUES (") == 1 + len(pushdown_offsets(query.text, param.variable))
    assert text.count(f"<{value}>") == text.count("VALUES (")
    assert list(project.store.query(text)) == []  # no such actor: nothing, and nothing else happened
    assert len(project.store.graph_names()) > 5


def _values_rows(node) -> list[dict]:
    found = []
    if hasattr(node, "name") and node.name == "values":
        found.extend(node.res)
    if isinstance(node, dict):
        for child in node.values():
            found.extend(_values_rows(child))
    elif isinstance(node, list):
        for child in node:
            found.extend(_values_rows(child))
    return found


def test_cli_lists_and_runs_queries(cli):
    listing = cli("queries")
    assert listing.code == 0 and all(name in listing.out for name in CATALOGUE)
    query, param = _with_param("iri")
    run_ = cli("query", query.name, "--param", f"{param.name}=actor:russian-forces", "--format", "json")
    assert run_.code == 0, run_.err
    assert isinstance(json.loads(run_.out), list)
    csv_ = cli("query", "source-documents", "--format", "csv", "--limit", "2")
    assert csv_.code == 0 and len(csv_.out.strip().splitlines()) == 3
    sparql_json = json.loads(cli("query", "source-documents", "--format", "sparql-json").out)
    assert sparql_json["head"]["vars"][0] == "document" and len(sparql_json["results"]["bindings"]) == 5
    dated, date = _with_param("xsd_date")
    bad = cli("query", dated.name, "--param", f"{date.name}=not-a-date")
    assert bad.code == 2 and "must be a date" in bad.err


def test_cli_runs_an_ad_hoc_query_file(cli, tmp_path):
    path = tmp_path / "mine.rq"
    path.write_text("PREFIX hisab: <https://w3id.org/hisab/ontology#>\nSELECT (COUNT(?t) AS ?n) WHERE { ?t a hisab:Tally }\n")
    run_ = cli("query", "--file", str(path), "--format", "json")
    assert run_.code == 0 and json.loads(run_.out)[0]["n"] > 80
    broken = tmp_path / "broken.rq"
    broken.write_text("SELECT ?x WHERE { ?x \n")
    failed = cli("query", "--file", str(broken))
    assert failed.code == 2 and "broken.rq" in failed.err and "Traceback" not in failed.err


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_an_endpoint_client_reads_every_saved_query_as_a_select(name):
    """SPARQLWrapper guesses the query form from the text; the words of a header ("addressee",
    "delete" …) must not turn a saved query into an update or an ASK on a remote endpoint."""
    from SPARQLWrapper import SPARQLWrapper

    from hisab.queries import without_comments

    text, _ = bind(CATALOGUE[name], {})
    client = SPARQLWrapper("http://127.0.0.1:9/sparql")
    client.setQuery(without_comments(text))
    assert client.queryType == "SELECT"
