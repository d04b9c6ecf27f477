"""The OWL 2 RL rules over facts, applied in one pass over the store's triples (the embedded store's fast path).

One job: given the closed schema (what the scm-* rules of :mod:`hisab.reasoner` leave: every class's
superclasses, every property's super-properties, domains, ranges, inverses, the restrictions, chains and
transitive properties), compute the facts the rules over facts entail — cax-sco, prp-dom, prp-rng,
prp-spo1, prp-inv, prp-symp, prp-trp, prp-spo2, cls-int1, cls-svf, cls-avf, cls-hv — with a work list:
each triple, asserted or entailed, is looked at once, and joined with the triples already seen through
indexes kept only for the properties and classes that need them. That is several times faster than the
same rules as SPARQL updates, which pay for a join and an insert per candidate.

Equality is not done here: a ``owl:sameAs`` triple, or a functional property or maximum-cardinality
restriction with two values, raises :class:`NeedsEquality`, and the caller runs the SPARQL rules, which
cover it. So does an entailed schema triple (:class:`NeedsEquality` too: the schema is no longer closed).
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pyoxigraph as ox

OWL = "http://www.w3.org/2002/07/owl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
TYPE = ox.NamedNode(RDF + "type")
SAME_AS = ox.NamedNode(OWL + "sameAs")
_NOISE_TYPES = {ox.NamedNode(OWL + "Thing"), ox.NamedNode(RDFS + "Resource"), ox.NamedNode(OWL + "NamedIndividual")}
_REFLEXIVE_NOISE = {ox.NamedNode(OWL + n) for n in ("sameAs", "equivalentClass", "equivalentProperty")} | \
    {ox.NamedNode(RDFS + n) for n in ("subClassOf", "subPropertyOf")}
_THING = ox.NamedNode(OWL + "Thing")

Triple = tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal]
Select = Callable[[str], list[tuple]]


class NeedsEquality(Exception):
    """The facts call for a rule this pass does not apply (equality, or a change of the schema)."""


@dataclass
class Schema:
    """The closed schema, as lookup tables."""

    superclasses: dict = field(default_factory=lambda: defaultdict(set))
    superproperties: dict = field(default_factory=lambda: defaultdict(set))
    domains: dict = field(default_factory=lambda: defaultdict(set))
    ranges: dict = field(default_factory=lambda: defaultdict(set))
    inverses: dict = field(default_factory=lambda: defaultdict(set))  # p -> q with x p y ⇒ y q x
    transitive: set = field(default_factory=set)
    has_value_by_class: dict = field(default_factory=lambda: defaultdict(set))  # c -> {(p, v)}
    has_value_by_value: dict = field(default_factory=lambda: defaultdict(set))  # (p, v) -> {c}
    some_by_property: dict = field(default_factory=lambda: defaultdict(set))  # p -> {(c, d)}
    some_by_class: dict = field(default_factory=lambda: defaultdict(set))  # d -> {(c, p)}
    all_by_class: dict = field(default_factory=lambda: defaultdict(set))  # c -> {(p, d)}
    all_by_property: dict = field(default_factory=lambda: defaultdict(set))  # p -> {(c, d)}
    intersections_by_member: dict = field(default_factory=lambda: defaultdict(set))  # ck -> {c}
    intersections: dict = field(default_factory=dict)  # c -> members
    chains: list = field(default_factory=list)  # (head, [p1 … pn])
    functional: set = field(default_factory=set)
    inverse_functional: set = field(default_factory=set)
    max_one: dict = field(default_factory=lambda: defaultdict(set))  # c -> {p} (maxCardinality 1)
    schema_terms: set = field(default_factory=set)  # predicates and types that make a triple part of the schema

    def indexed(self) -> set:
        """Properties whose triples must be findable by subject and by object."""
        chained = {p for _, chain in self.chains for p in chain}
        return (self.transitive | chained | set(self.some_by_property) | set(self.all_by_property)
                | self.functional | self.inverse_functional | {p for ps in self.max_one.values() for p in ps})


def read_schema(select: Select, schema_predicates: Iterable[str], schema_types: Iterable[str]) -> Schema:
    """The lookup tables, from the store's (closed) schema through ``select`` (a SELECT returning terms)."""
    s = Schema()
    pairs = {
        "superclasses": "?a rdfs:subClassOf ?b", "superproperties": "?a rdfs:subPropertyOf ?b",
        "domains": "?a rdfs:domain ?b", "ranges": "?a rdfs:range ?b",
    }
    for name, pattern in pairs.items():
        table = getattr(s, name)
        for a, b in select(f"SELECT DISTINCT ?a ?b WHERE {{ {pattern} }}"):
            if a != b and not (name in ("superclasses", "domains", "ranges") and b in _NOISE_TYPES):
                table[a].add(b)
    for a, b in select("SELECT DISTINCT ?a ?b WHERE { ?a owl:inverseOf ?b }"):
        s.inverses[a].add(b)
        s.inverses[b].add(a)
    for (p,) in select("SELECT DISTINCT ?p WHERE { ?p a owl:SymmetricProperty }"):
        s.inverses[p].add(p)
    s.transitive = {p for (p,) in select("SELECT DISTINCT ?p WHERE { ?p a owl:TransitiveProperty }")}
    s.functional = {p for (p,) in select("SELECT DISTINCT ?p WHERE { ?p a owl:FunctionalProperty }")}
    s.inverse_functional = {p for (p,) in select("SELECT DISTINCT ?p WHERE { ?p a owl:InverseFunctionalProperty }")}
    for c, p, v in select("SELECT DISTINCT ?c ?p ?v WHERE { ?c owl:hasValue ?v ; owl:onProperty ?p }"):
        s.has_value_by_class[c].add((p, v))
        s.has_value_by_value[(p, v)].add(c)
    for c, p, d in select("SELECT DISTINCT ?c ?p ?d WHERE { ?c owl:someValuesFrom ?d ; owl:onProperty ?p }"):
        s.some_by_property[p].add((c, d))
        s.some_by_class[d].add((c, p))
    for c, p, d in select("SELECT DISTINCT ?c ?p ?d WHERE { ?c owl:allValuesFrom ?d ; owl:onProperty ?p }"):
        s.all_by_class[c].add((p, d))
        s.all_by_property[p].add((c, d))
    for c, p, n in select("SELECT DISTINCT ?c ?p ?n WHERE { ?c owl:maxCardinality ?n ; owl:onProperty ?p }"):
        if isinstance(n, ox.Literal) and n.value.strip() in ("1", "+1", "01"):
            s.max_one[c].add(p)
    members: dict = defaultdict(set)
    for c, m in select("SELECT DISTINCT ?c ?m WHERE { ?c owl:intersectionOf ?l . ?l rdf:rest*/rdf:first ?m }"):
        members[c].add(m)
    for c, found in members.items():
        s.intersections[c] = frozenset(found)
        for m in found:
            s.intersections_by_member[m].add(c)
    chains: dict = defaultdict(list)
    for p, head, m, k in select("SELECT ?p ?l ?m (COUNT(?mid) AS ?k) WHERE { ?p owl:propertyChainAxiom ?l . "
                                "?l rdf:rest* ?mid . ?mid rdf:rest* ?n . ?n rdf:first ?m } GROUP BY ?p ?l ?n ?m"):
        chains[(p, head)].append((int(k.value), m))
    s.chains = [(p, [m for _, m in sorted(found)]) for (p, _), found in chains.items()]
    s.schema_terms = {ox.NamedNode(_expand(t)) for t in (*schema_predicates, *schema_types)}
    return s


def _expand(name: str) -> str:
    prefix, local = name.split(":", 1)
    return {"owl": OWL, "rdf": RDF, "rdfs": RDFS}[prefix] + local


def relevant_predicates(schema: Schema) -> set:
    """The predicates of the triples :func:`close` must be given: those a rule reads, and those a rule
    may entail (an asserted triple then keeps its copy from being entailed again). Other triples change
    nothing and may be left out."""
    read = (set(schema.superproperties) | set(schema.domains) | set(schema.ranges) | set(schema.inverses)
            | schema.indexed() | {p for p, _ in schema.has_value_by_value} | {TYPE, SAME_AS})
    entailed = ({q for qs in schema.superproperties.values() for q in qs}
                | {q for qs in schema.inverses.values() for q in qs} | schema.transitive
                | {head for head, _ in schema.chains}
                | {q for pairs in schema.has_value_by_class.values() for q, _ in pairs})
    return read | entailed


def close(asserted: Iterable[Triple], schema: Schema,
          progress: Callable[[int], None] | None = None) -> tuple[list[Triple], dict]:
    """The triples the rules over facts add to ``asserted`` (which must include the schema's own entailed
    triples, and may leave out those whose predicate is not among :func:`relevant_predicates`), and
    every resource's types; raises :class:`NeedsEquality` where equality or a new schema
    triple would be needed.

    Python's cycle collector is paused meanwhile: the pass keeps millions of tuples alive until it ends,
    and the collector's repeated walks over them took a third of its time (15 s -> 10 s at 1M triples);
    nothing the pass makes holds a reference cycle."""
    with collector_paused():
        return _close(asserted, schema, progress)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector (reference counting still frees memory) and resume it afterwards,
    unless it was paused already; for work that allocates many long-lived objects and no cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _close(asserted: Iterable[Triple], schema: Schema,
           progress: Callable[[int], None] | None) -> tuple[list[Triple], dict]:
    known: set = set()  # every triple seen but the typing ones, which ``types`` holds
    work: list[Triple] = []
    indexed = schema.indexed()
    out: dict = defaultdict(lambda: defaultdict(set))  # p -> s -> {o}
    into: dict = defaultdict(lambda: defaultdict(set))  # p -> o -> {s}
    types: dict = defaultdict(set)
    for triple in asserted:
        s, p, o = triple
        if p == TYPE:
            found = types[s]
            if o in found:
                continue
            found.add(o)
        elif triple in known:
            continue
        else:
            known.add(triple)
            if p in indexed:
                out[p][s].add(o)
                into[p][o].add(s)
        work.append(triple)
    first_new = len(work)
    rule_terms = (set(schema.superproperties) | set(schema.domains) | set(schema.ranges) | set(schema.inverses)
                  | indexed | {p for p, _ in schema.has_value_by_value} | {TYPE, SAME_AS})
    schema_terms = schema.schema_terms

    def emit_type(s, c) -> None:
        if c in _NOISE_TYPES or isinstance(s, ox.Literal):
            return
        found = types[s]
        if c in found:
            return
        if c in schema_terms:
            raise NeedsEquality(f"the facts entail a schema triple ({s} a {c})")
        found.add(c)
        work.append((s, TYPE, c))

    def emit(s, p, o) -> None:
        if p == TYPE:
            emit_type(s, o)
            return
        if isinstance(s, ox.Literal) or (s == o and p in _REFLEXIVE_NOISE):
            return
        triple = (s, p, o)
        if triple in known:
            return
        if p in schema_terms:
            raise NeedsEquality(f"the facts entail a schema triple ({s} {p} {o})")
        known.add(triple)
        work.append(triple)
        if p in indexed:
            out[p][s].add(o)
            into[p][o].add(s)

    # per property and per class, what the rules do with it, looked up once per triple
    plans = {p: (tuple(schema.domains.get(p, ())), tuple(schema.ranges.get(p, ())),
                 tuple(schema.inverses.get(p, ())), tuple(schema.superproperties.get(p, ())),
                 p in indexed, any(q == p for q, _ in schema.has_value_by_value)) for p in rule_terms}
    special = (set(schema.has_value_by_class) | set(schema.all_by_class) | set(schema.some_by_class)
               | set(schema.intersections_by_member) | set(schema.max_one))
    superclasses = {c: tuple(ds) for c, ds in schema.superclasses.items()}
    i = 0
    while i < len(work):
        s, p, o = work[i]
        i += 1
        if progress is not None and i % 250_000 == 0:
            progress(i)
        plan = plans.get(p)
        if plan is None:
            continue
        if p == SAME_AS:
            raise NeedsEquality("the data uses owl:sameAs")
        domains, ranges, inverses, supers, is_indexed, has_values = plan
        literal = isinstance(o, ox.Literal)
        if p == TYPE:
            found = types[s]
            for d in superclasses.get(o, ()):
                if d not in found:
                    emit_type(s, d)
            if o in special:
                _class_rules(s, o, schema, out, into, types, emit, emit_type)
        if domains:
            found = types[s]
            for c in domains:
                if c not in found:
                    emit_type(s, c)
        if not literal:
            if ranges:
                found = types[o]
                for c in ranges:
                    if c not in found:
                        emit_type(o, c)
            for q in inverses:
                emit(o, q, s)
        for q in supers:
            emit(s, q, o)
        if has_values:
            for c in schema.has_value_by_value.get((p, o), ()):
                emit_type(s, c)
        if is_indexed:
            _indexed_rules(s, p, o, literal, schema, out, into, types, emit, emit_type)
    return work[first_new:], types


def class_clashes(types: dict, disjoint: Iterable[tuple], nothing: ox.NamedNode) -> list[str]:
    """owlrl's messages for resources typed with two disjoint classes (``disjoint``: pairs in the order
    owlrl names them) or with ``owl:Nothing``."""
    by_first: dict = defaultdict(set)
    for c1, c2 in disjoint:
        by_first[c1].add(c2)
    messages = []
    for x, found in types.items():
        if nothing in found:
            messages.append(f"{x.value} is defined of type 'Nothing'")
        for c1 in found & by_first.keys():
            for c2 in by_first[c1] & found:
                messages.append(f"Disjoint classes {c1.value} and {c2.value} have a common individual {x.value}")
    return messages


def _class_rules(s, o, schema: Schema, out: dict, into: dict, types: dict, emit, emit_type) -> None:
    """cls-hv1, cls-avf, cls-svf1, cls-int1 and the cls-maxc2 guard, for ``s a o``."""
    for q, v in schema.has_value_by_class.get(o, ()):
        emit(s, q, v)
    for q, d in schema.all_by_class.get(o, ()):
        for v in list(out[q].get(s, ())):
            emit_type(v, d)
    for c, q in schema.some_by_class.get(o, ()):
        for u in list(into[q].get(s, ())):
            emit_type(u, c)
    for c in schema.intersections_by_member.get(o, ()):
        if schema.intersections[c] <= types[s]:
            emit_type(s, c)
    for q in schema.max_one.get(o, ()):
        if len(out[q].get(s, ())) > 1:
            raise NeedsEquality("a maximum-cardinality restriction has two values")


def _indexed_rules(s, p, o, literal: bool, schema: Schema, out: dict, into: dict, types: dict, emit,
                   emit_type) -> None:
    """prp-fp/ifp guards, prp-trp, cls-svf, cls-avf, the cls-maxc2 guard and prp-spo2, for ``s p o``."""
    if (p in schema.functional and len(out[p].get(s, ())) > 1) or \
            (p in schema.inverse_functional and len(into[p].get(o, ())) > 1):
        raise NeedsEquality("a functional property has two values")
    if p in schema.transitive and not literal:
        for z in list(out[p].get(o, ())):
            emit(s, p, z)
        for w in list(into[p].get(s, ())):
            emit(w, p, o)
    for c, d in schema.some_by_property.get(p, ()):
        if d == _THING or d in types.get(o, ()):
            emit_type(s, c)
    for c, d in schema.all_by_property.get(p, ()):
        if c in types.get(s, ()):
            emit_type(o, d)
    for c, ps in schema.max_one.items():
        if p in ps and c in types.get(s, ()) and len(out[p].get(s, ())) > 1:
            raise NeedsEquality("a maximum-cardinality restriction has two values")
    for head, chain in schema.chains:
        for position, link in enumerate(chain):
            if link == p:
                for start in _walk(into, reversed(chain[:position]), s):
                    for end in _walk(out, chain[position + 1:], o):
                        emit(start, head, end)


def _walk(index: dict, links: Iterable, start) -> set:
    """The nodes reached from ``start`` along ``links`` through ``index`` (out: forwards, into: backwards)."""
    frontier = {start}
    for link in links:
        frontier = {n for node in frontier for n in index[link].get(node, ())}
        if not frontier:
            break
    return frontier
