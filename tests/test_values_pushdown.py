"""A parameter's VALUES row goes into a subquery only where that cannot change a result.

Each case is run twice on Oxigraph — with the row only in the outermost group, as SPARQL's semantics
place it, and with the row also where :func:`hisab.values_pushdown.pushdown_offsets` puts it — and the
answers must be equal. The data is made so that a wrong pushdown would show: solutions that leave the
variable unbound, other values, and rows that a slice or an OPTIONAL would treat differently.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import URIRef

from hisab.queries import inject_values
from hisab.values_pushdown import certainly_bound, pushdown_offsets

EX = "http://example.org/"
DATA = f"""
@prefix : <{EX}> .
:c1 :about :a ; :label "one" ; :score 1 .
:c2 :about :a ; :label "two" ; :score 2 .
:c3 :about :b ; :label "three" ; :score 3 .
:c4 :label "four" ; :score 4 .
:c5 :about :b ; :score 5 .
:a :name "A" .
:b :name "B" .
"""
PREFIX = f"PREFIX : <{EX}>\n"

#: (query, variable, whether it may go into the subquery)
CASES = [
    # joined, projected, bound in every solution: pushed
    ("SELECT ?x ?n WHERE { { SELECT ?x (COUNT(*) AS ?n) WHERE { ?c :about ?x } GROUP BY ?x } }", "x", True),
    # in every UNION branch: pushed
    ("SELECT ?x ?c WHERE { { SELECT ?x ?c WHERE { { ?c :about ?x } UNION { ?x :name ?c } } } }", "x", True),
    # a subquery in a UNION branch of the outer query: still joined with the row
    ("SELECT ?x ?c WHERE { { SELECT ?x ?c WHERE { ?c :about ?x } } UNION { ?c :score 4 } }", "x", True),
    # bound only by an OPTIONAL: a solution without it would join the asked group
    ("SELECT ?x ?n WHERE { { SELECT ?x (COUNT(*) AS ?n) WHERE { ?c :label ?l OPTIONAL { ?c :about ?x } } "
     "GROUP BY ?x } }", "x", False),
    # in one UNION branch only
    ("SELECT DISTINCT ?x ?s WHERE { { SELECT DISTINCT ?x ?s WHERE { { ?c :about ?x ; :score ?s } UNION "
     "{ ?c :score ?s } } } }", "x", False),
    # a slice of the subquery's rows
    ("SELECT ?x ?c WHERE { { SELECT ?x ?c WHERE { ?c :about ?x } ORDER BY ?c LIMIT 2 } }", "x", False),
    ("SELECT ?x ?c WHERE { { SELECT ?x ?c WHERE { ?c :about ?x } ORDER BY ?c OFFSET 1 } }", "x", False),
    # projected as an expression, not as itself
    ("SELECT ?x ?c WHERE { { SELECT (?y AS ?x) ?c WHERE { ?c :about ?y } } }", "x", False),
    # not projected
    ("SELECT ?x ?n WHERE { ?x :name ?m { SELECT (COUNT(*) AS ?n) WHERE { ?c :about ?x } } }", "x", False),
    # the right side of an OPTIONAL, a MINUS, an EXISTS: not joined with the row
    ("SELECT ?c ?x WHERE { ?c :score ?s OPTIONAL { SELECT ?c ?x WHERE { ?c :about ?x } } }", "x", False),
    ("SELECT ?c ?x WHERE { ?c :score ?s MINUS { SELECT ?c ?x WHERE { ?c :about ?x } } }", "x", False),
    ("SELECT ?c ?x WHERE { ?c :score ?s FILTER NOT EXISTS { SELECT ?c ?x WHERE { ?c :about ?x } } }", "x", False),
    # nested: the inner subquery only when the outer one takes the row too
    ("SELECT ?x ?n WHERE { { SELECT ?x ?n WHERE { { SELECT ?x (COUNT(*) AS ?n) WHERE { ?c :about ?x } "
     "GROUP BY ?x } } } }", "x", True),
    ("SELECT ?x ?n WHERE { { SELECT ?x ?n WHERE { { SELECT ?x (COUNT(*) AS ?n) WHERE { ?c :about ?x } "
     "GROUP BY ?x } } LIMIT 5 } }", "x", False),
]


@pytest.fixture(scope="module")
def store() -> ox.Store:
    found = ox.Store()
    found.load(DATA.encode(), format=ox.RdfFormat.TURTLE)
    return found


def _rows(store: ox.Store, text: str) -> list[tuple]:
    return sorted(tuple(str(v) if v is not None else "" for v in row) for row in store.query(text))


def _outer_only(text: str, variable: str, value: str) -> str:
    at = text.index("{", text.index("WHERE")) + 1
    return text[:at] + f" VALUES (?{variable}) {{ (<{value}>) }} " + text[at:]


@pytest.mark.parametrize(("query", "variable", "pushed"), CASES)
@pytest.mark.parametrize("value", [f"{EX}a", f"{EX}b", f"{EX}nothing"])
def test_pushdown_keeps_every_answer(store, query, variable, pushed, value) -> None:
    text = PREFIX + query
    offsets = pushdown_offsets(text, variable)
    assert bool(offsets) == pushed
    bound = inject_values(text, {variable: URIRef(value)})
    assert bound.count("VALUES") == 1 + len(offsets)
    assert _rows(store, bound) == _rows(store, _outer_only(text, variable, value))


def test_the_row_goes_first_in_the_subquery_where() -> None:
    text = PREFIX + CASES[0][0]
    bound = inject_values(text, {"x": URIRef(f"{EX}a")})
    assert f"WHERE {{ VALUES (?x) {{ (<{EX}a>) }}  ?c :about ?x }}" in bound


def test_text_rdflib_cannot_read_binds_nothing() -> None:
    assert certainly_bound("SELECT * WHERE { ?s ?p }") == set()
    assert certainly_bound(PREFIX + "SELECT * WHERE { ?s :p ?o OPTIONAL { ?s :q ?z } }") == {"s", "o"}
    assert certainly_bound(PREFIX + "SELECT * WHERE { ?s :p* ?o }") == {"s", "o"}
    assert certainly_bound(PREFIX + "SELECT * WHERE { VALUES (?a ?b) { (1 UNDEF) (2 3) } }") == {"a"}


@settings(max_examples=60, deadline=None)
@given(case=st.sampled_from(CASES), value=st.sampled_from(["a", "b", "c1", "nothing"]),
       wrap=st.sampled_from(["{ %s }", "%s", "{ %s } UNION { ?c :score 5 }"]))
def test_pushdown_keeps_every_answer_in_any_group(store, case, value, wrap) -> None:
    """The same cases inside other groups of the outer query: the answers never change."""
    query, variable, _ = case
    head, body = query.split(" WHERE ", 1)
    inner = body.strip()[1:-1]
    text = PREFIX + f"{head} WHERE {{ {wrap % inner} }}"
    bound = inject_values(text, {variable: URIRef(f"{EX}{value}")})
    assert _rows(store, bound) == _rows(store, _outer_only(text, variable, f"{EX}{value}"))


@pytest.mark.parametrize(("group", "bound"), [
    ("{ ?s :p ?o . ?o :q ?z }", {"s", "o", "z"}),
    ("{ ?s :p ?o OPTIONAL { ?s :q ?z } MINUS { ?m :q ?s } FILTER NOT EXISTS { ?e :q ?s } }", {"s", "o"}),
    ("{ { ?a :p ?b } UNION { ?a :q ?c } UNION { ?a :r ?b } }", {"a"}),
    ("{ { ?a :p ?b } UNION { ?x :q ?c } }", set()),
    ("{ { ?a :p ?b } ?b :q ?c }", {"a", "b", "c"}),
    ("{ ?s :p ?o BIND (?o AS ?copy) FILTER (?z) }", {"s", "o"}),
    ("{ VALUES ?v { 1 UNDEF } ?s :p ?o }", {"s", "o"}),
    ("{ GRAPH ?g { ?s :p ?o } }", set()),  # not read from the tokens: the algebra is read instead
    ("{ ?s :p ( ?first ?second ) ; :q [ :r ?inner ] }", {"s", "inner"}),
    ("{ { SELECT ?s WHERE { ?s :p ?o } } }", set()),
])
def test_the_tokens_say_bound_only_what_the_algebra_says(group: str, bound: set[str]) -> None:
    """The fast reading of a subquery's tokens never calls a variable bound that rdflib's algebra does
    not (it may miss some: the algebra is read then)."""
    from hisab.sparql_text import tokens
    from hisab.values_pushdown import _in_a_top_level_pattern

    toks = [t for t in tokens(group) if t.kind != "comment"][1:-1]
    variables = {t.text[1:] for t in toks if t.kind == "var"}
    fast = {v for v in variables if _in_a_top_level_pattern(toks, v)}
    assert fast == bound
    assert fast <= certainly_bound(PREFIX + "SELECT * WHERE " + group)
