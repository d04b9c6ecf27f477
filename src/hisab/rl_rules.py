"""The OWL 2 RL rules as SPARQL, so that reasoning runs inside the store that holds the data.

One job: say each rule of the OWL 2 RL/RDF rule set (W3C OWL 2 Profiles, section 4.3) as SPARQL 1.1
patterns, in the form owlrl (the reference implementation Hisab's tests compare against) applies it.
Running them to a fixpoint is :mod:`hisab.reasoner`.

A rule has a head (the triple it entails) and a body made of *schema* patterns (axioms of the
ontology: ``?c1 rdfs:subClassOf ?c2``) and *fact* patterns (``?x a ?c1``). The runner evaluates the
rules semi-naively: after the first round, a rule is evaluated once per fact pattern with that
pattern matched only against the triples the previous round added, which is what makes a closure of
a million triples take seconds rather than an hour.

Triples owlrl adds that carry no information are not produced at all: ``x owl:sameAs x``,
``c rdfs:subClassOf c`` and the other reflexive axioms, and typing with ``owl:Thing``,
``rdfs:Resource`` or ``owl:NamedIndividual`` (:data:`NOISE_TYPES`). Rules whose premises need a
reflexive axiom owlrl would have added (``p rdfs:subPropertyOf p`` for a declared property) state it
in their body instead.
"""

from __future__ import annotations

from dataclasses import dataclass

PREFIXES = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""

#: Types every resource has, which owlrl adds and Hisab leaves out.
NOISE_TYPES = ("owl:Thing", "rdfs:Resource", "owl:NamedIndividual")
#: Properties whose reflexive statements (``x owl:sameAs x``) owlrl adds and Hisab leaves out.
REFLEXIVE_NOISE = ("owl:sameAs", "owl:equivalentClass", "owl:equivalentProperty", "rdfs:subClassOf",
                   "rdfs:subPropertyOf")
_NOT_NOISE = "FILTER(?{v} NOT IN (owl:Thing, rdfs:Resource, owl:NamedIndividual))"
_NOT_LITERAL = "FILTER(!isLiteral(?{v}))"
_DIFFERENT = "FILTER(!sameTerm(?{a}, ?{b}))"
_MEMBER = "?{list} rdf:rest*/rdf:first ?{member} ."

#: ``?p1`` is a sub-property of ``?p2``, counting a declared property as its own sub-property
#: (owlrl adds ``p rdfs:subPropertyOf p`` for every declared property: rule scm-op).
_SUBPROPERTY = ("FILTER(EXISTS {{ ?{p1} rdfs:subPropertyOf ?{p2} }} || (sameTerm(?{p1}, ?{p2}) && EXISTS {{ "
                "?{p1} a ?_pt . FILTER(?_pt IN (owl:ObjectProperty, owl:DatatypeProperty, rdf:Property)) }}))")
#: Likewise for classes (rule scm-cls adds ``c rdfs:subClassOf c`` for every declared class).
_SUBCLASS = ("FILTER(EXISTS {{ ?{c1} rdfs:subClassOf ?{c2} }} || (sameTerm(?{c1}, ?{c2}) && "
             "EXISTS {{ ?{c1} a owl:Class }}))")


@dataclass(frozen=True)
class Rule:
    """One rule: ``head`` is entailed wherever ``schema`` and every pattern of ``facts`` match."""

    name: str
    head: str
    schema: str = ""
    facts: tuple[str, ...] = ()
    filters: str = ""

    def bodies(self, delta: str | None) -> list[str]:
        """The rule's WHERE bodies: one over everything (``delta`` None), or one per fact pattern with
        that pattern matched in the graph ``delta`` only (semi-naive evaluation)."""
        if delta is None or not self.facts:
            return [self._body(self.facts)]
        bodies = []
        for i in range(len(self.facts)):
            facts = list(self.facts)
            facts[i] = f"GRAPH <{delta}> {{ {facts[i]} }}"
            bodies.append(self._body(facts))
        return bodies

    def _body(self, facts) -> str:
        # the fact from the last round first: it is the smallest part of the join
        ordered = sorted(facts, key=lambda f: not f.startswith("GRAPH"))
        return "\n".join(part for part in (*ordered, self.schema, self.filters) if part)


def _f(template: str, **names: str) -> str:
    return template.format(**names)


#: Rules over the axioms only (the scm-* rules and the one-off cls-oneOf): evaluated over everything
#: until nothing new comes, before the rules over facts. The schema is small, so naive evaluation is fine.
SCHEMA_RULES: tuple[Rule, ...] = (
    Rule("scm-cls (owl:Thing)", "?c rdfs:subClassOf owl:Thing",
         "?c a owl:Class .", filters="FILTER(?c != owl:Thing)"),
    Rule("scm-cls (owl:Nothing)", "owl:Nothing rdfs:subClassOf ?c",
         "?c a owl:Class .", filters="FILTER(?c != owl:Nothing)"),
    Rule("scm-sco", "?c1 rdfs:subClassOf ?c3", "?c1 rdfs:subClassOf ?c2 . ?c2 rdfs:subClassOf ?c3 .",
         filters="FILTER(?c1 != ?c2 && ?c1 != ?c3)"),
    Rule("scm-eqc2", "?c1 owl:equivalentClass ?c2", "?c1 rdfs:subClassOf ?c2 . ?c2 rdfs:subClassOf ?c1 .",
         filters="FILTER(?c1 != ?c2)"),
    Rule("scm-eqc1 (1)", "?c1 rdfs:subClassOf ?c2", "?c1 owl:equivalentClass ?c2 .", filters="FILTER(?c1 != ?c2)"),
    Rule("scm-eqc1 (2)", "?c2 rdfs:subClassOf ?c1", "?c1 owl:equivalentClass ?c2 .", filters="FILTER(?c1 != ?c2)"),
    Rule("scm-spo", "?p1 rdfs:subPropertyOf ?p3",
         "?p1 rdfs:subPropertyOf ?p2 . ?p2 rdfs:subPropertyOf ?p3 .", filters="FILTER(?p1 != ?p2 && ?p1 != ?p3)"),
    Rule("scm-eqp2", "?p1 owl:equivalentProperty ?p2",
         "?p1 rdfs:subPropertyOf ?p2 . ?p2 rdfs:subPropertyOf ?p1 .", filters="FILTER(?p1 != ?p2)"),
    Rule("scm-eqp1 (1)", "?p1 rdfs:subPropertyOf ?p2", "?p1 owl:equivalentProperty ?p2 .",
         filters="FILTER(?p1 != ?p2)"),
    Rule("scm-eqp1 (2)", "?p2 rdfs:subPropertyOf ?p1", "?p1 owl:equivalentProperty ?p2 .",
         filters="FILTER(?p1 != ?p2)"),
    Rule("scm-dom1", "?p rdfs:domain ?c2", "?p rdfs:domain ?c1 . ?c1 rdfs:subClassOf ?c2 .",
         filters="FILTER(?c1 != ?c2)"),
    Rule("scm-dom2", "?p1 rdfs:domain ?c", "?p2 rdfs:domain ?c . ?p1 rdfs:subPropertyOf ?p2 .",
         filters="FILTER(?p1 != ?p2)"),
    Rule("scm-rng1", "?p rdfs:range ?c2", "?p rdfs:range ?c1 . ?c1 rdfs:subClassOf ?c2 .",
         filters="FILTER(?c1 != ?c2)"),
    Rule("scm-rng2", "?p1 rdfs:range ?c", "?p2 rdfs:range ?c . ?p1 rdfs:subPropertyOf ?p2 .",
         filters="FILTER(?p1 != ?p2)"),
    Rule("scm-hv", "?c1 rdfs:subClassOf ?c2",
         "?c1 owl:hasValue ?i ; owl:onProperty ?p1 . ?c2 owl:hasValue ?i ; owl:onProperty ?p2 .",
         filters=_f(_SUBPROPERTY, p1="p1", p2="p2") + " FILTER(?c1 != ?c2)"),
    Rule("scm-svf1", "?c1 rdfs:subClassOf ?c2",
         "?c1 owl:someValuesFrom ?y1 ; owl:onProperty ?p . ?c2 owl:someValuesFrom ?y2 ; owl:onProperty ?p .",
         filters=_f(_SUBCLASS, c1="y1", c2="y2") + " FILTER(?c1 != ?c2)"),
    Rule("scm-svf2", "?c1 rdfs:subClassOf ?c2",
         "?c1 owl:someValuesFrom ?y ; owl:onProperty ?p1 . ?c2 owl:someValuesFrom ?y ; owl:onProperty ?p2 .",
         filters=_f(_SUBPROPERTY, p1="p1", p2="p2") + " FILTER(?c1 != ?c2)"),
    Rule("scm-avf1", "?c1 rdfs:subClassOf ?c2",
         "?c1 owl:allValuesFrom ?y1 ; owl:onProperty ?p . ?c2 owl:allValuesFrom ?y2 ; owl:onProperty ?p .",
         filters=_f(_SUBCLASS, c1="y1", c2="y2") + " FILTER(?c1 != ?c2)"),
    Rule("scm-avf2", "?c2 rdfs:subClassOf ?c1",
         "?c1 owl:allValuesFrom ?y ; owl:onProperty ?p1 . ?c2 owl:allValuesFrom ?y ; owl:onProperty ?p2 .",
         filters=_f(_SUBPROPERTY, p1="p1", p2="p2") + " FILTER(?c1 != ?c2)"),
    Rule("scm-int", "?c rdfs:subClassOf ?ci", "?c owl:intersectionOf ?l . " + _f(_MEMBER, list="l", member="ci"),
         filters="FILTER(?c != ?ci)"),
    Rule("scm-uni", "?ci rdfs:subClassOf ?c", "?c owl:unionOf ?l . " + _f(_MEMBER, list="l", member="ci"),
         filters="FILTER(?c != ?ci)"),
    Rule("cls-oo", "?y a ?c", "?c owl:oneOf ?l . " + _f(_MEMBER, list="l", member="y"),
         filters=_f(_NOT_NOISE, v="c")),
)

#: Rules over facts, evaluated semi-naively once the schema is closed.
FACT_RULES: tuple[Rule, ...] = (
    Rule("cax-sco", "?x a ?c2", "?c1 rdfs:subClassOf ?c2 .", ("?x a ?c1 .",),
         "FILTER(?c1 != ?c2) " + _f(_NOT_NOISE, v="c2")),
    Rule("prp-dom", "?x a ?c", "?p rdfs:domain ?c .", ("?x ?p ?y .",), _f(_NOT_NOISE, v="c")),
    Rule("prp-rng", "?y a ?c", "?p rdfs:range ?c .", ("?x ?p ?y .",),
         _f(_NOT_LITERAL, v="y") + " " + _f(_NOT_NOISE, v="c")),
    Rule("prp-spo1", "?x ?p2 ?y", "?p1 rdfs:subPropertyOf ?p2 .", ("?x ?p1 ?y .",), "FILTER(?p1 != ?p2)"),
    Rule("prp-inv1", "?y ?p2 ?x", "?p1 owl:inverseOf ?p2 .", ("?x ?p1 ?y .",), _f(_NOT_LITERAL, v="y")),
    Rule("prp-inv2", "?y ?p1 ?x", "?p1 owl:inverseOf ?p2 .", ("?x ?p2 ?y .",), _f(_NOT_LITERAL, v="y")),
    Rule("prp-symp", "?y ?p ?x", "?p a owl:SymmetricProperty .", ("?x ?p ?y .",), _f(_NOT_LITERAL, v="y")),
    Rule("prp-trp", "?x ?p ?z", "?p a owl:TransitiveProperty .", ("?x ?p ?y .", "?y ?p ?z .")),
    Rule("prp-fp", "?y1 owl:sameAs ?y2", "?p a owl:FunctionalProperty .", ("?x ?p ?y1 .", "?x ?p ?y2 ."),
         _f(_DIFFERENT, a="y1", b="y2") + " " + _f(_NOT_LITERAL, v="y1") + " " + _f(_NOT_LITERAL, v="y2")),
    Rule("prp-fp (literal values)", "?s ?q ?y2", "?p a owl:FunctionalProperty .",
         ("?x ?p ?y1 .", "?x ?p ?y2 .", "?s ?q ?y1 ."),
         "FILTER(isLiteral(?y1) && isLiteral(?y2)) " + _f(_DIFFERENT, a="y1", b="y2")),
    Rule("prp-ifp", "?x1 owl:sameAs ?x2", "?p a owl:InverseFunctionalProperty .",
         ("?x1 ?p ?y .", "?x2 ?p ?y ."), _f(_DIFFERENT, a="x1", b="x2")),
    Rule("cls-int1", "?x a ?c",
         "?c owl:intersectionOf ?l . " + _f(_MEMBER, list="l", member="ck"),
         ("?x a ?ck .",),
         "FILTER NOT EXISTS { ?l rdf:rest*/rdf:first ?ci . FILTER NOT EXISTS { ?x a ?ci } } "
         + _f(_NOT_NOISE, v="c")),
    Rule("cls-svf1", "?u a ?c", "?c owl:someValuesFrom ?d ; owl:onProperty ?p .", ("?u ?p ?v .", "?v a ?d ."),
         "FILTER(?d != owl:Thing)"),
    Rule("cls-svf2", "?u a ?c", "?c owl:someValuesFrom owl:Thing ; owl:onProperty ?p .", ("?u ?p ?v .",)),
    Rule("cls-avf", "?v a ?d", "?c owl:allValuesFrom ?d ; owl:onProperty ?p .", ("?u a ?c .", "?u ?p ?v ."),
         _f(_NOT_LITERAL, v="v") + " " + _f(_NOT_NOISE, v="d")),
    Rule("cls-hv1", "?u ?p ?v", "?c owl:hasValue ?v ; owl:onProperty ?p .", ("?u a ?c .",)),
    Rule("cls-hv2", "?u a ?c", "?c owl:hasValue ?v ; owl:onProperty ?p .", ("?u ?p ?v .",)),
    Rule("cls-maxc2", "?y1 owl:sameAs ?y2", "?c owl:maxCardinality ?n ; owl:onProperty ?p . FILTER(?n = 1)",
         ("?u a ?c .", "?u ?p ?y1 .", "?u ?p ?y2 ."),
         _f(_DIFFERENT, a="y1", b="y2") + " " + _f(_NOT_LITERAL, v="y1") + " " + _f(_NOT_LITERAL, v="y2")),
    Rule("cls-maxc2 (literal values)", "?s ?q ?y2", "?c owl:maxCardinality ?n ; owl:onProperty ?p . FILTER(?n = 1)",
         ("?u a ?c .", "?u ?p ?y1 .", "?u ?p ?y2 .", "?s ?q ?y1 ."),
         "FILTER(isLiteral(?y1) && isLiteral(?y2)) " + _f(_DIFFERENT, a="y1", b="y2")),
    Rule("eq-sym", "?y owl:sameAs ?x", "", ("?x owl:sameAs ?y .",), _f(_DIFFERENT, a="x", b="y")),
    Rule("eq-trans", "?x owl:sameAs ?z", "", ("?x owl:sameAs ?y .", "?y owl:sameAs ?z ."),
         _f(_DIFFERENT, a="x", b="z")),
    Rule("eq-rep-s", "?s2 ?p ?o", "", ("?s owl:sameAs ?s2 .", "?s ?p ?o ."), _f(_DIFFERENT, a="s", b="s2")),
    Rule("eq-rep-p", "?s ?p2 ?o", "", ("?p owl:sameAs ?p2 .", "?s ?p ?o ."), _f(_DIFFERENT, a="p", b="p2")),
    Rule("eq-rep-o", "?s ?p ?o2", "", ("?o owl:sameAs ?o2 .", "?s ?p ?o ."), _f(_DIFFERENT, a="o", b="o2")),
)


@dataclass(frozen=True)
class Check:
    """A rule whose conclusion is that the graph is inconsistent: ``message`` is owlrl's wording,
    filled with the query's variables in order."""

    name: str
    select: str
    message: str


#: The rules that find an inconsistency, with owlrl's messages so that a report reads the same.
CHECKS: tuple[Check, ...] = (
    Check("cax-dw", "SELECT DISTINCT ?c1 ?c2 ?x WHERE { ?c1 owl:disjointWith ?c2 . ?x a ?c1 . "
                    "FILTER EXISTS { ?x a ?c2 } }",
          "Disjoint classes {} and {} have a common individual {}"),
    Check("cax-adc", "SELECT DISTINCT ?c1 ?c2 ?x WHERE { ?a a owl:AllDisjointClasses ; owl:members ?l . "
                     "?l rdf:rest* ?n1 . ?n1 rdf:first ?c1 ; rdf:rest+ ?n2 . ?n2 rdf:first ?c2 . "
                     "?x a ?c1 . FILTER EXISTS { ?x a ?c2 } }",
          "Disjoint classes {} and {} have a common individual {}"),
    Check("prp-pdw", "SELECT DISTINCT ?p1 ?p2 ?x ?y WHERE { ?p1 owl:propertyDisjointWith ?p2 . ?x ?p1 ?y . "
                     "FILTER EXISTS { ?x ?p2 ?y } }",
          "Erroneous usage of disjoint properties {} and {} on {} and {}"),
    Check("cls-nothing2", "SELECT DISTINCT ?x WHERE { ?x a owl:Nothing . }", "{} is defined of type 'Nothing'"),
    Check("cls-maxc1", "SELECT DISTINCT ?c ?y WHERE { ?c owl:maxCardinality ?n ; owl:onProperty ?p . "
                       "FILTER(?n = 0) ?u a ?c ; ?p ?y . }",
          "Erroneous usage of maximum cardinality with {} and {}"),
    Check("prp-irp", "SELECT DISTINCT ?x ?p WHERE { ?p a owl:IrreflexiveProperty . ?x ?p ?x . }",
          "Irreflexive property used on {} with {}"),
    Check("prp-asyp", "SELECT DISTINCT ?p ?x ?y WHERE { ?p a owl:AsymmetricProperty . ?x ?p ?y . ?y ?p ?x . }",
          "Erroneous usage of asymmetric property {} on {} and {}"),
    Check("cls-com", "SELECT DISTINCT ?c1 ?c2 ?x WHERE { ?c1 owl:complementOf ?c2 . ?x a ?c1 . ?x a ?c2 . }",
          "Violation of complementarity for classes {} and {} on element {}"),
)

#: The checks about the classes of one resource, which the one-pass reasoner (:mod:`hisab.rl_facts`) makes
#: from the types it gathers instead.
CLASS_CHECKS = ("cax-dw", "cax-adc", "cls-nothing2")

#: OWL constructs the SPARQL rules do not cover; an ontology or data using one is reasoned with owlrl.
UNSUPPORTED = {
    "predicates": ("owl:hasKey", "owl:maxQualifiedCardinality", "owl:differentFrom", "owl:sourceIndividual",
                   "owl:distinctMembers", "owl:onDataRange", "owl:withRestrictions"),
    "types": ("owl:AllDifferent", "owl:AllDisjointProperties", "owl:NegativePropertyAssertion"),
}

#: Predicates and types that make a triple part of the schema: when reasoning over facts entails one,
#: the schema rules run again.
SCHEMA_PREDICATES = ("rdfs:subClassOf", "rdfs:subPropertyOf", "rdfs:domain", "rdfs:range", "owl:equivalentClass",
                     "owl:equivalentProperty", "owl:inverseOf", "owl:onProperty", "owl:hasValue",
                     "owl:someValuesFrom", "owl:allValuesFrom", "owl:intersectionOf", "owl:unionOf", "owl:oneOf",
                     "owl:propertyChainAxiom", "owl:maxCardinality", "owl:disjointWith", "owl:propertyDisjointWith",
                     "owl:complementOf")
SCHEMA_TYPES = ("owl:Class", "owl:ObjectProperty", "owl:DatatypeProperty", "rdf:Property", "owl:TransitiveProperty",
                "owl:SymmetricProperty", "owl:FunctionalProperty", "owl:InverseFunctionalProperty",
                "owl:IrreflexiveProperty", "owl:AsymmetricProperty", "owl:AllDisjointClasses")


def chain_rule(head: str, chain: list[str]) -> Rule:
    """Rule prp-spo2 for one property chain: ``x p1 y1 … y(n-1) pn z`` entails ``x head z``."""
    nodes = ["?x", *(f"?y{i}" for i in range(1, len(chain))), "?z"]
    facts = tuple(f"{nodes[i]} <{p}> {nodes[i + 1]} ." for i, p in enumerate(chain))
    return Rule(f"prp-spo2 <{head}>", f"?x <{head}> ?z", "", facts)
