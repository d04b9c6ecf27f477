"""OWL 2 RL reasoning inside the store: the rules of :mod:`hisab.rl_rules` run to a fixpoint as SPARQL Update.

The data never leaves the store: every rule is an ``INSERT … WHERE`` that the store evaluates, on the
embedded Oxigraph store or on a remote SPARQL 1.1 endpoint alike (:class:`SparqlTarget`). The
entailments go into one named graph (``hid:graph/inferred``); asserted triples are never changed.

How it runs:

1. the datatype and axiomatic triples owlrl adds once (cls-thing, prp-ap, dt-type1, the datatype
   subsumptions and disjointness of the datatypes in use) are inserted;
2. the schema rules (scm-*) run over everything until nothing new comes (the schema is small);
3. the rules over facts run semi-naively: the first round over everything, each later round only
   joins what the previous round added (kept in a scratch graph) with everything else;
4. if facts entailed a schema triple, steps 2–3 run again; then the inconsistency checks run.

owlrl (the reference implementation, pure Python) stays the oracle: the tests compare both closures
triple for triple. An ontology using an OWL construct the rules do not cover raises
:class:`Unsupported`, and :func:`hisab.reason.infer` then reasons with owlrl instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import pyoxigraph as ox
from owlrl.AxiomaticTriples import OWLRL_Datatypes_Disjointness
from owlrl.OWLRL import OWLRL_Annotation_properties
from owlrl.XsdDatatypes import OWL_Datatype_Subsumptions, OWL_RL_Datatypes

from hisab.errors import Diagnostic, HisabError
from hisab.rl_facts import NeedsEquality, class_clashes, close, read_schema, relevant_predicates
from hisab.rl_rules import (
    CHECKS,
    CLASS_CHECKS,
    FACT_RULES,
    NOISE_TYPES,
    PREFIXES,
    REFLEXIVE_NOISE,
    SCHEMA_PREDICATES,
    SCHEMA_RULES,
    SCHEMA_TYPES,
    UNSUPPORTED,
    Rule,
    chain_rule,
)

SCRATCH = "urn:hisab:reasoning:"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_MAX_ROUNDS = 1_000

Progress = Callable[[str], None]


class Unsupported(HisabError):
    """The ontology or data uses an OWL construct the SPARQL rules do not cover."""


class SparqlTarget(Protocol):
    """Where the rules run: a store that answers SPARQL 1.1 queries and updates."""

    def update(self, text: str) -> None:
        """Run a SPARQL 1.1 Update."""

    def select(self, text: str) -> list[tuple[str | None, ...]]:
        """Run a SELECT; each row's values as strings (an IRI's value, a literal's lexical form)."""

    def size(self, graph: str) -> int:
        """Number of triples in the named graph ``graph``."""


class OxigraphTarget:
    """The embedded store as a :class:`SparqlTarget`."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def update(self, text: str) -> None:
        """Run an update inside Oxigraph."""
        self.store.update(text)

    def select(self, text: str) -> list[tuple[str | None, ...]]:
        """Run a SELECT inside Oxigraph."""
        solutions = self.store.query(text)
        return [tuple(None if term is None else term.value for term in row) for row in solutions]

    def size(self, graph: str) -> int:
        """Triples in one named graph."""
        (row,) = self.store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        return int(row[0].value)


@dataclass
class Closure:
    """What a run of the rules did: the graphs that hold the entailments, and where the time went."""

    graphs: list[str] = field(default_factory=list)
    rounds: int = 0
    how: str = "sparql"  # "sparql": every rule as SPARQL; "one pass": the rules over facts in one pass
    seconds_by_rule: dict[str, float] = field(default_factory=dict)


def reason(target: SparqlTarget, inputs: Sequence[str] | None, inferred: str | None, *,
           progress: Progress | None = None) -> Closure:
    """Compute the OWL 2 RL entailments of the union of the graphs ``inputs`` that no input asserts.

    With ``inputs`` and ``inferred``, the rules read the input graphs and write the entailments into
    the graph ``inferred`` (which should be empty); scratch graphs are dropped at the end. With
    ``inputs`` None, the target's default graph holds the inputs and receives the entailments as well,
    and ``Closure.graphs`` names the scratch graphs that, together, hold exactly the entailments (the
    fast form for a private scratch store: :func:`reason_in_store`).

    Raises :class:`Unsupported` for an OWL construct the rules do not cover, and :class:`HisabError`
    naming what was found if the graph is inconsistent."""
    run = _Run(target, None if inputs is None else list(inputs), inferred, progress)
    run.check_supported()
    run.one_time_triples()
    while True:
        run.schema_rules()
        if not run.fact_rules(run.rules()):
            break
    problems = run.inconsistencies()
    if inputs is not None:
        run.drop_scratch()
    if problems:
        raise HisabError(
            "OWL RL reasoning found the graph inconsistent; fix the data so that no resource has disjoint types",
            [Diagnostic("error", None, message) for message in problems],
        )
    return run.closure


def reason_in_store(store: ox.Store, inputs: Sequence[str], inferred: str, *,
                    progress: Progress | None = None) -> tuple[int, Closure]:
    """Add to the named graph ``inferred`` of the embedded ``store`` the entailments of the graphs
    ``inputs``, and return their number.

    The schema rules run as SPARQL; the rules over facts then run in one pass over the triples
    (:mod:`hisab.rl_facts`), unless the data calls for equality reasoning, in which case every rule runs
    as SPARQL (:func:`_reason_in_default_graph`)."""
    try:
        return _reason_in_one_pass(store, list(inputs), inferred, progress)
    except NeedsEquality as why:
        if progress:
            progress(f"reasoning: {why}; every rule runs as SPARQL")
        store.update(f"DROP SILENT GRAPH <{inferred}>")
        return _reason_in_default_graph(store, inputs, inferred, progress)


def _reason_in_one_pass(store: ox.Store, inputs: list[str], inferred: str,
                        progress: Progress | None) -> tuple[int, Closure]:
    target = OxigraphTarget(store)
    run = _Run(target, inputs, inferred, progress)
    try:
        run.check_supported()
        run.one_time_triples()
        run.schema_rules()
    finally:
        run.drop_scratch()
    union = [ox.NamedNode(g) for g in (*inputs, inferred)]

    def select(text: str) -> list[tuple]:
        return [tuple(row) for row in store.query(PREFIXES + text, default_graph=union)]

    schema = read_schema(select, SCHEMA_PREDICATES, SCHEMA_TYPES)
    if progress:
        progress("reasoning: rules over facts")
    relevant = relevant_predicates(schema)  # about 15 % of the data's triples are left out
    asserted = ((q.subject, q.predicate, q.object) for graph in union for predicate in relevant
                for q in store.quads_for_pattern(None, predicate, None, graph))
    entailed, types = close(asserted, schema)
    target_graph = ox.NamedNode(inferred)
    store.extend(ox.Quad(s, p, o, target_graph) for s, p, o in entailed)
    run.closure.rounds, run.closure.how = 1, "one pass"
    disjoint = select("SELECT DISTINCT ?a ?b WHERE { { ?a owl:disjointWith ?b } UNION { ?x a owl:AllDisjointClasses ; "
                      "owl:members ?l . ?l rdf:rest* ?n1 . ?n1 rdf:first ?a ; rdf:rest+ ?n2 . ?n2 rdf:first ?b } }")
    problems = class_clashes(types, disjoint, ox.NamedNode("http://www.w3.org/2002/07/owl#Nothing"))
    problems += run.inconsistencies(skip=CLASS_CHECKS)
    if problems:
        raise HisabError(
            "OWL RL reasoning found the graph inconsistent; fix the data so that no resource has disjoint types",
            [Diagnostic("error", None, message) for message in sorted(problems)],
        )
    return target.size(inferred), run.closure


def _reason_in_default_graph(store: ox.Store, inputs: Sequence[str], inferred: str,
                             progress: Progress | None) -> tuple[int, Closure]:
    """Every rule as SPARQL. The rules join one graph much faster than a union of several, so the inputs
    are copied into the store's default graph (which Hisab does not otherwise use) for the run, inside
    Oxigraph, and the default graph is emptied again at the end, whatever happens."""
    target = OxigraphTarget(store)
    if next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
        closure = reason(target, inputs, inferred, progress=progress)  # the default graph is in use: read in place
        return target.size(inferred), closure
    closure = Closure()
    try:
        store.update(" ; ".join(f"ADD <{name}> TO DEFAULT" for name in inputs))
        closure = reason(target, None, None, progress=progress)
        if closure.graphs:
            store.update(" ; ".join(f"ADD <{name}> TO <{inferred}>" for name in closure.graphs))
    finally:
        store.update(" ; ".join(["DROP SILENT DEFAULT", *(f"DROP SILENT GRAPH <{g}>" for g in closure.graphs)]))
    return target.size(inferred), closure


class _Run:
    def __init__(self, target: SparqlTarget, inputs: list[str] | None, inferred: str | None,
                 progress: Progress | None) -> None:
        self.target = target
        self.inferred = inferred
        # None: the target's default graph holds the inputs, and the entailments go there too
        self.union = None if inputs is None else [*inputs, str(inferred)]
        self.progress = progress or (lambda _text: None)
        self.closure = Closure()

    # --- SPARQL text ---------------------------------------------------------------------------
    def _using(self, *, named: Iterable[str] = ()) -> str:
        if self.union is None:
            return ""
        return "".join(f"USING <{g}>\n" for g in self.union) + "".join(f"USING NAMED <{g}>\n" for g in named)

    def _from(self) -> str:
        if self.union is None:
            return ""
        return "".join(f"FROM <{g}>\n" for g in self.union)

    def _stage(self, name: str) -> str:
        """A new scratch graph for what one stage entails."""
        graph = f"{SCRATCH}{len(self.closure.graphs)}-{name}"
        self.closure.graphs.append(graph)
        return graph

    def _into(self, template: str, stage: str) -> str:
        """The INSERT template that writes ``template`` to the entailments and to the stage's graph."""
        where = f"GRAPH <{self.inferred}> {{ {template} }}" if self.union is not None else template
        return f"{where} GRAPH <{stage}> {{ {template} }}"

    def _insert(self, rule: Rule, body: str, stage: str, named: Iterable[str] = ()) -> str:
        variables = " ".join(sorted(set(re.findall(r"\?\w+", rule.head))))
        return (f"{PREFIXES}INSERT {{ {self._into(rule.head, stage)} }}\n{self._using(named=named)}"
                f"WHERE {{\n{{ SELECT DISTINCT {variables} WHERE {{\n{body}\n}} }}\n"
                f"{_not_noise(rule.head)}FILTER NOT EXISTS {{ {rule.head} }}\n}}")

    def select(self, body: str) -> list[tuple[str | None, ...]]:
        return self.target.select(f"{PREFIXES}{body.replace(' WHERE ', ' ' + self._from() + 'WHERE ', 1)}")

    def _holds_triples(self, graph: str) -> bool:
        return bool(self.target.select(f"SELECT ?s WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} LIMIT 1"))

    def drop_scratch(self) -> None:
        """Drop the scratch graphs (their triples are in the graph of entailments too)."""
        if self.closure.graphs:
            self.target.update(" ; ".join(f"DROP SILENT GRAPH <{g}>" for g in self.closure.graphs))

    # --- steps ---------------------------------------------------------------------------------
    def check_supported(self) -> None:
        found = []
        for predicate in UNSUPPORTED["predicates"]:
            if self.select(f"SELECT ?s WHERE {{ ?s {predicate} ?o }} LIMIT 1"):
                found.append(predicate)
        for kind in UNSUPPORTED["types"]:
            if self.select(f"SELECT ?s WHERE {{ ?s a {kind} }} LIMIT 1"):
                found.append(kind)
        if found:
            raise Unsupported(f"the graph uses {', '.join(found)}, which the SPARQL OWL RL rules do not cover")

    def one_time_triples(self) -> None:
        """cls-thing, cls-nothing1, prp-ap and the datatype rules, as owlrl applies them once."""
        owl, rdfs = "http://www.w3.org/2002/07/owl#", "http://www.w3.org/2000/01/rdf-schema#"
        triples = {(owl + "Thing", _RDF_TYPE, owl + "Class"), (owl + "Nothing", _RDF_TYPE, owl + "Class")}
        triples |= {(str(a), _RDF_TYPE, owl + "AnnotationProperty") for a in OWLRL_Annotation_properties}
        stage = self._stage("axioms")
        rl_datatypes = {str(d) for d in OWL_RL_Datatypes}
        triples |= {(d, _RDF_TYPE, rdfs + "Datatype") for d in rl_datatypes}
        subsumptions = {str(k): [str(v) for v in vs] for k, vs in OWL_Datatype_Subsumptions.items()}
        # datatypes of the literals in the graph …
        used = {row[0] for row in self.select(
            "SELECT DISTINCT ?d WHERE { ?s ?p ?o . FILTER(isLiteral(?o)) BIND(datatype(?o) AS ?d) }")}
        used = {d for d in used if d in rl_datatypes}
        # … and of resources typed with a datatype
        explicit = self.select("SELECT DISTINCT ?r ?d WHERE { ?r a ?d . FILTER(!isLiteral(?r)) }")
        explicit = [(r, d) for r, d in explicit if d in rl_datatypes]
        used |= {d for _, d in explicit}
        for datatype in sorted(used):
            for wider in subsumptions.get(datatype, []):
                triples.add((wider, _RDF_TYPE, rdfs + "Datatype"))
                used.add(wider)
        widening = [(d, wider) for _, d in explicit for wider in subsumptions.get(d, [])]
        if widening:  # a resource typed with a datatype is typed with every wider one (may be a blank node)
            values = " ".join(f"(<{d}> <{wider}>)" for d, wider in sorted(set(widening)))
            self.target.update(f"INSERT {{ {self._into('?r a ?w', stage)} }}\n{self._using()}"
                               f"WHERE {{ VALUES (?d ?w) {{ {values} }} ?r a ?d . FILTER NOT EXISTS {{ ?r a ?w }} }}")
        triples |= {(str(a), str(p), str(b)) for a, p, b in OWLRL_Datatypes_Disjointness
                    if str(a) in used and str(b) in used}
        values = " ".join(f"(<{s}> <{p}> <{o}>)" for s, p, o in sorted(triples))
        self.target.update(f"INSERT {{ {self._into('?s ?p ?o', stage)} }}\n{self._using()}"
                           f"WHERE {{ VALUES (?s ?p ?o) {{ {values} }} FILTER NOT EXISTS {{ ?s ?p ?o }} }}")

    def schema_rules(self) -> None:
        """The scm-* rules, naively, until nothing new comes."""
        self.progress("reasoning: schema rules")
        while True:
            stage = self._stage("schema")
            for rule in SCHEMA_RULES:
                self._timed(rule.name, self._insert(rule, rule.bodies(None)[0], stage))
            if not self._holds_triples(stage):
                break

    def rules(self) -> list[Rule]:
        """The rules over facts, with one prp-spo2 rule per property chain of the (closed) schema."""
        rows = self.select("SELECT ?p ?l ?m (COUNT(?mid) AS ?k) WHERE { ?p owl:propertyChainAxiom ?l . "
                           "?l rdf:rest* ?mid . ?mid rdf:rest* ?n . ?n rdf:first ?m } GROUP BY ?p ?l ?n ?m")
        members: dict[tuple[str, str], list[tuple[int, str]]] = {}
        for prop, head, member, position in rows:
            members.setdefault((str(prop), str(head)), []).append((int(position or 0), str(member)))
        chains = [chain_rule(prop, [m for _, m in sorted(found)]) for (prop, _), found in sorted(members.items())]
        return [*FACT_RULES, *chains]

    def fact_rules(self, rules: list[Rule]) -> bool:
        """Semi-naive rounds until a round adds nothing; True if a schema triple was entailed."""
        delta: str | None = None  # the first round joins everything
        schema_added = False
        for round_number in range(1, _MAX_ROUNDS + 1):
            self.progress(f"reasoning: round {round_number}")
            self.closure.rounds += 1
            stage = self._stage(f"round-{round_number}")
            for rule in rules:
                for body in rule.bodies(delta):
                    self._timed(rule.name, self._insert(rule, body, stage, named=[delta] if delta else []))
            if not self._holds_triples(stage):
                break
            schema_added = schema_added or self._has_schema(stage)
            delta = stage
        return schema_added

    def _has_schema(self, graph: str) -> bool:
        predicates = " ".join(SCHEMA_PREDICATES)
        types = " ".join(SCHEMA_TYPES)
        return bool(self.target.select(
            f"{PREFIXES}SELECT ?s WHERE {{ {{ VALUES ?p {{ {predicates} }} GRAPH <{graph}> {{ ?s ?p ?o }} }} UNION "
            f"{{ VALUES ?o {{ {types} }} GRAPH <{graph}> {{ ?s a ?o }} }} }} LIMIT 1"))

    def inconsistencies(self, skip: Iterable[str] = ()) -> list[str]:
        problems = []
        for check in CHECKS:
            if check.name in skip:
                continue
            for row in self.select(check.select):
                problems.append(check.message.format(*(value or "" for value in row)))
        return sorted(problems)

    def _timed(self, name: str, text: str) -> None:
        import time

        start = time.perf_counter()
        self.target.update(text)
        self.closure.seconds_by_rule[name] = self.closure.seconds_by_rule.get(name, 0.0) + time.perf_counter() - start


def _not_noise(head: str) -> str:
    """A filter that keeps a head with a variable predicate from entailing a triple owlrl's trivial ones
    are made of (a reflexive ``owl:sameAs`` …, a type every resource has)."""
    subject, predicate, obj = head.split()
    if not predicate.startswith("?"):
        return ""
    return (f"FILTER(!(sameTerm({subject}, {obj}) && {predicate} IN ({', '.join(REFLEXIVE_NOISE)})))\n"
            f"FILTER(!({predicate} = rdf:type && {obj} IN ({', '.join(NOISE_TYPES)})))\n")
