"""Deliberate defects for synthetic data: each breaks one constraint of the shapes, and says what it draws.

A *kind* of defect breaks one constraint (a property shape's component, a SPARQL constraint, closedness,
a node-level ``sh:or`` / ``sh:xone`` / ``sh:not``) of one targeted node shape, and lists the validation
results it must draw: focus node, node shape, constraint component, path and severity. Where one defect
inevitably draws two results (two shapes check the same thing, or a SPARQL constraint reports both ends
of a loop), it lists both.

Where defects go:

* kinds that need an incident's structure (its sources, their descriptions, attributions and figures,
  its legal claims) change the claims of a real incident, one defect per incident; the incident's plan is
  adjusted first where the kind needs it (three sources that agree, an exact figure under the source's
  massacre threshold …);
* every other kind writes its own small, otherwise valid, things (an actor, a provision, a claim, a
  figure …) into a synthetic *annex*: two source documents of a synthetic registrar, with their data
  sets. Defects share nothing they write but the annex's documents and data sets, and the world's places,
  actors and law, which they only point at (and three object categories that protection defects add a
  protection to, each with a node of its own as the value), so no two defects meet.

Every kind appears once the defects number at least the kinds, which :func:`plan_defects` ensures when
there are enough incidents for the kinds that need one (:data:`INCIDENT_KINDS`). :data:`NOT_GENERATED`
lists the constraints no generated data set can break in isolation, with the reason.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import pyoxigraph as ox

from hisab.namespaces import SCHEME, compact
from hisab.synth import (
    DCT,
    RDFS,
    SKOS,
    XSD,
    A,
    Block,
    DocumentText,
    H,
    O,
    P,
    Plan,
    Q,
    Rendered,
    World,
    code,
    day,
    english,
    evidence_span,
    integer,
    iri,
    month,
    period_node,
    source_document,
    text,
    typed,
)

#: Constraints of targeted shapes that no generated data set breaks in isolation, and why.
NOT_GENERATED = {
    "hsh:DataGraphShape": "its focus is the data file's own graph, which the loader names after the file's path when "
                          "it loads it (and N-Triples cannot write <>): the focus of the result depends on where the "
                          "file is put, not on the data. The generator writes the graph's provenance (prov:"
                          "wasDerivedFrom its documents) so that the file conforms wherever it is loaded from.",
    "hsh:DatedShape (a time zone on a date)": "rdflib drops the time zone of an xsd:date when the graph is read for "
                                               "validation, so no result can be expected (tests/test_shapes.py "
                                               "SHAPE_BUGS, DatedShape/invalid-time-zone.ttl).",
    "hsh:CorroborationShape (links asserted one way)": "no constraint asks for it yet (tests/test_shapes.py "
                                                        "SHAPE_BUGS, CorroborationShape/invalid-one-way.ttl).",
}


@dataclass(frozen=True)
class Result:
    """One validation result a defect must draw."""

    focus: str  # the focus node's full IRI
    node_shape: str  # compact: hsh:IncidentShape
    constraint: str  # compact: sh:MinCountConstraintComponent
    path: str | None  # compact; None when the result has no path or a complex one (inverse, sequence)
    severity: str = "Violation"


def result(focus: ox.NamedNode, shape: str, component: str, path: ox.NamedNode | None = None,
           severity: str = "Violation") -> Result:
    """A result of ``hsh:<shape>`` and ``sh:<component>ConstraintComponent``."""
    return Result(focus.value, f"hsh:{shape}", f"sh:{component}ConstraintComponent",
                  compact(path.value) if path is not None else None, severity)


# --- the annex and the sites of defects ---------------------------------------------------------------------

class Annex:
    """Two synthetic source documents of a synthetic registrar, with their spans and data sets, that
    hold the defects that need no incident."""

    def __init__(self, world: World, block: Block) -> None:
        self.world = world
        self.registrar = iri("actor/defect-registrar")
        block.add(self.registrar, A, H.Organisation)
        block.add(self.registrar, RDFS.label, english("Synthetic Defect Registrar"))
        self.documents: list[ox.NamedNode] = []
        self.spans: list[ox.NamedNode] = []
        self.lengths: list[int] = []
        for letter in ("a", "b"):
            self._document(block, letter)
        self.datasets = {structure: iri(f"dataset/defect-annex-a-{structure}")
                         for structure in ("incident", "aggregate", "share")}
        for structure, node in self.datasets.items():
            block.add(node, A, Q.DataSet)
            block.add(node, RDFS.label, english(f"Synthetic defect annex A: {structure} figures"))
            block.add(node, Q.structure, world.dsd[{"incident": "incident-figures", "aggregate": "aggregate-figures",
                                                    "share": "aggregate-shares"}[structure]])
            block.add(node, P.wasDerivedFrom, self.documents[0])
        self.period = period_node(world.months[0])

    def _document(self, block: Block, letter: str) -> None:
        node = iri(f"document/defect-annex-{letter}")
        doc = DocumentText(f"Synthetic defect annex {letter.upper()}", self.world.seed,
                           keep=self.world.texts is not None)
        start, end = doc.passage("This annex holds claims and things written with deliberate defects, each "
                                 "listed with the validation results it must draw.")
        self.spans.append(evidence_span(block, node, f"defect-annex-{letter}", start, end))
        source_document(block, node, doc, label=f"Synthetic defect annex {letter.upper()}",
                        title="Synthetic annex of deliberate defects", publisher=self.registrar,
                        published=date(2020, 12, 31), kind="defect annex", texts=self.world.texts)
        self.lengths.append(doc.length)
        self.documents.append(node)


class Site:
    """Where one defect goes: the block it writes into, fresh names, and the world and annex to point at."""

    def __init__(self, number: int, block: Block, world: World, annex: Annex | None,
                 rendered: Rendered | None = None) -> None:
        self.number = number
        self.block = block
        self.world = world
        self.annex = annex
        self.rendered = rendered

    # names and things
    def fresh(self, name: str) -> ox.NamedNode:
        """A new IRI for this defect."""
        return iri(f"defect/{self.number:05d}-{name}")

    def label(self, what: str) -> ox.Literal:
        """A label that says what the thing is and which defect made it."""
        return english(f"Synthetic {what}, defect {self.number:05d}")

    def add(self, subject: ox.NamedNode | ox.BlankNode, predicate: ox.NamedNode, obj) -> None:
        """Add one triple."""
        self.block.add(subject, predicate, obj)

    def thing(self, cls: str, name: str, *, labelled: bool = True) -> ox.NamedNode:
        """A new thing of a Hisab class (with a label unless told not to)."""
        node = self.fresh(name)
        self.add(node, A, H[cls])
        if labelled:
            self.add(node, RDFS.label, self.label(name.replace("-", " ")))
        return node

    @property
    def country(self) -> ox.NamedNode:
        """A place: the wrong value where an actor, a document or a claim is asked for."""
        return self.world.country.node

    def actor(self, key: str) -> ox.NamedNode:
        """One of the world's actors."""
        return self.world.actors[key].node

    # claims
    def claim(self, cls: str, name: str = "claim", *, document: int = 0, claimant: ox.NamedNode | None = None,
              gist: str | None = None) -> ox.NamedNode:
        """A claim of the annex (document A or B) with its provenance and evidence span."""
        assert self.annex is not None
        node = self.thing(cls, name, labelled=False)
        if gist is not None:
            self.add(node, H.gist, text(gist))
        self.add(node, H.claimedBy, claimant or self.annex.registrar)
        self.add(node, H.statedIn, self.annex.documents[document])
        self.add(node, H.evidence, self.annex.spans[document])
        return node

    def reference_claim(self, cls: str, thing: ox.NamedNode | None, name: str = "description", *,
                        reference: str = "register", locator: bool = True) -> ox.NamedNode:
        """A description stated in one of the world's reference documents, with a locator."""
        publisher = {"register": "council", "gazetteer": "mapping-office"}[reference]
        node = self.thing(cls, name, labelled=False)
        if thing is not None:
            self.add(node, H.describes, thing)
        self.add(node, H.claimedBy, self.actor(publisher))
        self.add(node, H.statedIn, self.world.references[reference])
        if locator:
            self.add(node, H.locator, text(f"entry {self.number}"))
        return node

    def qualitative(self) -> ox.NamedNode:
        """A valid qualitative claim of the annex."""
        node = self.claim("QualitativeClaim", "claim", gist="A synthetic qualitative claim.")
        self.add(node, H.claimKind, code("claim-kind", "context"))
        return node

    def incident(self, name: str = "incident") -> ox.NamedNode:
        """A new incident (identity only)."""
        return self.thing("Incident", name)

    def description(self, incident: ox.NamedNode | None = None) -> ox.NamedNode:
        """A valid description of a (new) incident in the annex: a shelling on a day."""
        node = self.claim("IncidentDescription", "description")
        self.add(node, H.describes, incident or self.incident())
        self.add(node, H.incidentKind, code("incident-kind", "shelling"))
        self.add(node, H.date, day(self.world.months[0] + timedelta(days=9)))
        return node

    def tally(self, structure: str = "incident") -> ox.NamedNode:
        """A valid figure of the annex: about a new incident, by perpetrator and period, or a share."""
        assert self.annex is not None
        node = self.claim("Tally", "tally")
        self.add(node, Q.dataSet, self.annex.datasets[structure])
        if structure == "incident":
            self.add(node, H.aboutIncident, self.incident())
            self.add(node, H.category, code("category", "injured"))
        else:
            self.add(node, H.perpetrator, self.actor("gamma-brigade" if structure == "aggregate" else "alliance"))
            self.add(node, H.confidence, code("grade", "confirmed"))
            self.add(node, H.refPeriod, self.annex.period)
            self.add(node, H.refArea, self.country)
            self.add(node, H.category, code("category", "civilians-killed" if structure == "aggregate"
                                             else "incidents"))
            self.add(node, H.incidentKind, code("incident-kind", "all"))
        self.add(node, H.objectCategory, code("object", "all"))
        self.add(node, H.weapon, code("weapon", "all"))
        if structure == "share":
            self.add(node, H.shareNumerator, integer(1))
            self.add(node, H.shareDenominator, integer(3))
        else:
            self.add(node, H.count, integer(12))
        self.add(node, H.valueQualifier, code("qualifier", "exact"))
        return node

    def set(self, subject: ox.NamedNode, predicate: ox.NamedNode, obj) -> None:
        """Replace the values of ``predicate`` on ``subject``."""
        self.block.set(subject, predicate, obj)

    def drop(self, subject, predicate: ox.NamedNode | None = None, obj=None) -> None:
        """Remove triples of ``subject``."""
        self.block.drop(subject, predicate, obj)


@dataclass(frozen=True)
class Kind:
    """A kind of defect: the constraint it breaks, where it goes, what it writes and draws."""

    name: str
    shape: str
    make: Callable[[Site], list[Result]]
    incident: bool = False  # changes an incident's claims (else it writes into the annex)
    needs: Callable[[Plan, World], Plan] | None = None  # how the host incident must be for it


KINDS: dict[str, Kind] = {}


def kind(name: str, shape: str, *, incident: bool = False, needs: Callable[[Plan, World], Plan] | None = None):
    """Register a kind of defect (a decorator)."""
    def register(make: Callable[[Site], list[Result]]) -> Callable[[Site], list[Result]]:
        if name in KINDS:
            raise ValueError(f"two kinds of defect named {name}")
        KINDS[name] = Kind(name, shape, make, incident, needs)
        return make
    return register


def simple(name: str, shape: str, build: Callable[[Site], ox.NamedNode], change: Callable[[Site, ox.NamedNode], None],
           component: str, path: ox.NamedNode | None) -> None:
    """Register a kind that builds one valid thing, changes it, and draws one result on it."""
    def make(site: Site) -> list[Result]:
        node = build(site)
        change(site, node)
        return [result(node, shape, component, path)]
    kind(name, shape)(make)


# --- the plans incidents need -------------------------------------------------------------------------------

def _sources(count: int, *, same_actor: bool = False) -> Callable[[Plan, World], Plan]:
    """The incident is described by exactly ``count`` sources (with ``same_actor``: all attributing it, with
    confidence, to the same actor)."""
    def needs(plan: Plan, world: World) -> Plan:
        if same_actor:
            plan.truth = plan.truth or world.perpetrators[0]
        accounts = []
        for source in range(count):
            account = replace(plan.accounts[source] if source < len(plan.accounts) else plan.accounts[0],
                              source=source, diverges=False)
            if same_actor:
                grade = account.grade if account.grade != "undetermined" else "believed"
                account = replace(account, actor=plan.truth, grade=grade)
            accounts.append(account)
        plan.accounts = accounts
        return _consistent(plan)
    return needs


def _first(**changes) -> Callable[[Plan, World], Plan]:
    """The first source's account has these values."""
    def needs(plan: Plan, world: World) -> Plan:
        plan.accounts[0] = replace(plan.accounts[0], **changes)
        return _consistent(plan)
    return needs


def _attributed(**changes) -> Callable[[Plan, World], Plan]:
    """The first source attributes the incident, confirmed, to its perpetrator (and has these values)."""
    def needs(plan: Plan, world: World) -> Plan:
        plan.truth = plan.truth or world.perpetrators[0]
        plan.accounts[0] = replace(plan.accounts[0], actor=plan.truth, grade="confirmed", **changes)
        return _consistent(plan)
    return needs


def _consistent(plan: Plan) -> Plan:
    """Denials and disputed targets only where the first source names someone to deny."""
    if plan.accounts[0].actor is None:
        plan.denial = plan.rebuttal = plan.target_disputed = False
    return plan


def _killed(plan: Plan, world: World, count: int, exact: bool, *, children: int | None = None,
            injured: int | None = None) -> Plan:
    plan.accounts[0] = replace(plan.accounts[0], killed=count, killed_exact=exact, children=children, women=None,
                               injured=injured)
    return plan


# --- defects on incidents -----------------------------------------------------------------------------------

@kind("incident-fact-on-incident", "IncidentShape", incident=True)
def _incident_closed(site: Site) -> list[Result]:
    r = _rendered(site)
    site.add(r.incident, H.date, day(r.plan.date))
    return [result(r.incident, "IncidentShape", "Closed", H.date)]


@kind("incident-without-label", "IncidentShape", incident=True)
def _incident_unlabelled(site: Site) -> list[Result]:
    r = _rendered(site)
    site.drop(r.incident, RDFS.label)
    return [result(r.incident, "IncidentShape", "MinCount", RDFS.label)]


@kind("incident-label-names-actor", "IncidentShape", incident=True)
def _incident_label_names_actor(site: Site) -> list[Result]:
    r = _rendered(site)
    label = site.block.values(r.incident, RDFS.label)[0]
    site.set(r.incident, RDFS.label, english(f"{label.value}, by the {site.world.actors['gamma-brigade'].label}"))
    return [result(r.incident, "IncidentShape", "SPARQL")]


@kind("corroboration-in-one-document", "CorroborationShape", incident=True, needs=_first(no_warning=True))
def _corroboration_same_document(site: Site) -> list[Result]:
    r = _rendered(site)
    claim = r.claims[0]["no-warning"]
    again = iri(f"claim/{r.plan.index:06d}-no-warning-again")
    for triple in [t for t in site.block.triples if t.subject == claim and t.predicate != H.gist]:
        site.add(again, triple.predicate, triple.object)
    site.add(again, H.gist, text("Residents were not warned."))
    site.add(claim, H.corroborates, again)
    return [result(claim, "CorroborationShape", "SPARQL")]


def _two_sources_first_warns(plan: Plan, world: World) -> Plan:
    plan = _sources(2)(plan, world)
    return _first(no_warning=True)(plan, world)


@kind("corroboration-of-another-kind", "CorroborationShape", incident=True, needs=_two_sources_first_warns)
def _corroboration_other_kind(site: Site) -> list[Result]:
    r = _rendered(site)
    claim = r.claims[0]["no-warning"]
    site.add(claim, H.corroborates, r.tallies[1]["killed"])
    return [result(claim, "CorroborationShape", "SPARQL")]


@kind("corroboration-group-not-linked", "CorroborationShape", incident=True, needs=_sources(3, same_actor=True))
def _corroboration_group(site: Site) -> list[Result]:
    r = _rendered(site)
    first, _, third = r.attributions
    site.drop(first, H.corroborates, third)
    # the third states no link itself: the shape targets subjects of hisab:corroborates only
    return [result(first, "CorroborationShape", "SPARQL")]


def _diverging_second(plan: Plan, world: World) -> Plan:
    plan = _sources(2)(plan, world)
    plan.accounts[1] = replace(plan.accounts[1], diverges=True)
    plan.target_disputed = False
    return plan


@kind("corroboration-without-a-common-fact", "CorroborationShape", incident=True, needs=_diverging_second)
def _corroboration_no_fact(site: Site) -> list[Result]:
    r = _rendered(site)
    site.add(r.descriptions[0], H.corroborates, r.descriptions[1])
    return [result(r.descriptions[0], "CorroborationShape", "SPARQL")]


def _under_threshold(plan: Plan, world: World) -> Plan:
    minimum = world.monitors[plan.accounts[0].source].minimum
    return _killed(plan, world, minimum - 1, True)


@kind("massacre-below-the-sources-threshold", "MassacreThresholdShape", incident=True, needs=_under_threshold)
def _massacre_threshold(site: Site) -> list[Result]:
    r = _rendered(site)
    site.add(r.descriptions[0], H.incidentKind, code("incident-kind", "massacre"))
    return [result(r.descriptions[0], "MassacreThresholdShape", "SPARQL")]


@kind("part-exceeds-its-exact-total", "PartOfTotalShape", incident=True,
      needs=lambda plan, world: _killed(plan, world, 4, True, children=1))
def _part_exceeds(site: Site) -> list[Result]:
    r = _rendered(site)
    site.set(r.tallies[0]["children"], H.count, integer(7))
    return [result(r.tallies[0]["children"], "PartOfTotalShape", "SPARQL")]


@kind("part-of-another-category", "PartOfTotalShape", incident=True,
      needs=lambda plan, world: _killed(plan, world, 6, False, injured=9))
def _part_category(site: Site) -> list[Result]:
    r = _rendered(site)
    site.add(r.tallies[0]["injured"], H.partOfTotal, r.tallies[0]["killed"])
    return [result(r.tallies[0]["injured"], "PartOfTotalShape", "SPARQL")]


_WAR_CRIME = _attributed(norm_allegation=True, war_crime=True)


@kind("wording-of-international-conflict", "ConflictCharacterShape", incident=True, needs=_WAR_CRIME)
def _wording_international(site: Site) -> list[Result]:
    r = _rendered(site)
    claim = r.claims[0]["war-crime"]
    site.set(claim, H.wordingMatches, site.world.law["art-1-a"])
    return [result(claim, "ConflictCharacterShape", "SPARQL", severity="Warning")]


@kind("citation-of-international-provision", "ConflictCharacterShape", incident=True, needs=_WAR_CRIME)
def _citation_international(site: Site) -> list[Result]:
    r = _rendered(site)
    claim = r.claims[0]["war-crime"]
    site.set(claim, H.allegedBreachOf, site.world.law["art-1-a"])
    return [result(claim, "ConflictCharacterShape", "SPARQL", severity="Warning")]


@kind("mapping-to-international-provision", "MappedProvisionShape", incident=True, needs=_WAR_CRIME)
def _mapping_international(site: Site) -> list[Result]:
    r = _rendered(site)
    claim = r.claims[0]["war-crime"]
    site.set(claim, H.mappedProvision, site.world.law["art-1-a"])
    return [result(claim, "MappedProvisionShape", "SPARQL")]


@kind("undetermined-attribution-names-actor", "AttributionShape", incident=True, needs=_attributed())
def _undetermined_names(site: Site) -> list[Result]:
    r = _rendered(site)
    site.set(r.attributions[0], H.confidence, code("grade", "undetermined"))
    return [result(r.attributions[0], "AttributionShape", "SPARQL")]


@kind("incident-dated-in-words", "DatedShape", incident=True, needs=_first(when="day"))
def _dated_in_words(site: Site) -> list[Result]:
    r = _rendered(site)
    when = r.plan.accounts[0].date
    site.set(r.descriptions[0], H.date, text(f"mid-{when:%B %Y}"))
    return [result(r.descriptions[0], "DatedShape", "Node", H.date)]


@kind("counter-claim-of-unstated-fact", "CounterClaimShape", incident=True, needs=_attributed())
def _counter_claim_unstated(site: Site) -> list[Result]:
    r = _rendered(site)
    node = iri(f"claim/{r.plan.index:06d}-counter-claim")
    site.add(node, A, H.CounterClaim)
    site.add(node, H.disputes, r.descriptions[0])
    site.add(node, H.disputedProperty, H.target)
    site.add(node, H.disputedValue, site.world.neighbourhoods[r.plan.neighbourhood].node)
    site.add(node, H.claimedBy, site.world.actors["alpha"].node)
    site.add(node, H.statedIn, r.reports[0].node)
    site.add(node, H.evidence, r.spans[0])
    return [result(node, "CounterClaimShape", "SPARQL", H.target)]


def _rendered(site: Site) -> Rendered:
    if site.rendered is None:
        raise ValueError("this kind of defect changes an incident")
    return site.rendered


# --- things: incidents, actors, places, agreements, armed conflicts ---------------------------------------------

@kind("actor-fact-on-actor", "ActorShape")
def _actor_closed(site: Site) -> list[Result]:
    node = site.thing("ArmedGroup", "actor")
    site.add(node, H.underAuthorityOf, site.actor("alpha"))
    return [result(node, "ActorShape", "Closed", H.underAuthorityOf)]


simple("actor-without-label", "ActorShape", lambda s: s.thing("ArmedGroup", "actor", labelled=False),
       lambda s, n: None, "MinCount", RDFS.label)


@kind("alliance-of-one-member", "AllianceShape")
def _alliance_one(site: Site) -> list[Result]:
    node = site.thing("Alliance", "alliance")
    description = site.reference_claim("ActorDescription", node)
    site.add(description, H.hasMember, site.actor("alpha-forces"))
    return [result(node, "AllianceShape", "MinCount")]


@kind("place-fact-on-place", "PlaceShape")
def _place_closed(site: Site) -> list[Result]:
    node = site.thing("Settlement", "place")
    site.add(node, H.locatedIn, site.country)
    return [result(node, "PlaceShape", "Closed", H.locatedIn)]


simple("place-without-label", "PlaceShape", lambda s: s.thing("Settlement", "place", labelled=False),
       lambda s, n: None, "MinCount", RDFS.label)


def _facility(site: Site) -> ox.NamedNode:
    node = site.thing("Facility", "facility")
    site.add(node, H.objectCategory, code("object", "market"))
    site.add(node, H.coordinates, text("POINT(30.1 30.2)"))
    site.add(node, H.coordinatePrecision, code("precision", "site"))
    return node


for _name, _change, _component, _path in (
        ("facility-of-all-kinds", lambda s, n: s.set(n, H.objectCategory, code("object", "all")), "Node",
         H.objectCategory),
        ("facility-of-two-kinds", lambda s, n: s.add(n, H.objectCategory, code("object", "shop")), "MaxCount",
         H.objectCategory),
        ("coordinates-not-a-point", lambda s, n: s.set(n, H.coordinates, text("30.1, 30.2")), "Pattern",
         H.coordinates),
        ("two-points", lambda s, n: s.add(n, H.coordinates, text("POINT(30.3 30.4)")), "MaxCount", H.coordinates),
        ("coordinate-precision-miscoded",
         lambda s, n: s.set(n, H.coordinatePrecision, code("qualifier", "approximately")), "Node",
         H.coordinatePrecision),
        ("two-coordinate-precisions", lambda s, n: s.add(n, H.coordinatePrecision, code("precision", "settlement")),
         "MaxCount", H.coordinatePrecision),
        ("coordinates-without-precision", lambda s, n: s.drop(n, H.coordinatePrecision), "SPARQL", None),
        ("coordinates-in-a-language", lambda s, n: s.set(n, H.coordinates, english("POINT(30.1 30.2)")), "Datatype",
         H.coordinates)):
    simple(_name, "PlaceShape", _facility, _change, _component, _path)
simple("facility-of-no-kind", "FacilityShape", _facility, lambda s, n: s.drop(n, H.objectCategory), "MinCount",
       H.objectCategory)


def _agreement(site: Site, *, labelled: bool = True, described: bool = True) -> ox.NamedNode:
    node = site.thing("CeasefireAgreement", "agreement", labelled=labelled)
    if described:
        site.reference_claim("AgreementDescription", node)
    return node


simple("agreement-fact-on-agreement", "AgreementShape", _agreement,
       lambda s, n: s.add(n, H.sponsor, s.actor("council")), "Closed", H.sponsor)
simple("agreement-without-label", "AgreementShape", lambda s: _agreement(s, labelled=False), lambda s, n: None,
       "MinCount", RDFS.label)
simple("agreement-undescribed", "AgreementShape", lambda s: _agreement(s, described=False), lambda s, n: None,
       "MinCount", None)


def _conflict(site: Site, *characters: str, labelled: bool = True) -> ox.NamedNode:
    node = site.thing("ArmedConflict", "armed-conflict", labelled=labelled)
    for character in characters:
        site.add(node, H.conflictCharacter, code("conflict", character) if character != "war-crime"
                 else code("crime", "war-crime"))
    return node


simple("armed-conflict-without-label", "ArmedConflictShape", lambda s: _conflict(s, "international", labelled=False),
       lambda s, n: None, "MinCount", RDFS.label)
simple("armed-conflict-of-no-character", "ArmedConflictShape", lambda s: _conflict(s), lambda s, n: None,
       "MinCount", H.conflictCharacter)
simple("armed-conflict-of-two-characters", "ArmedConflictShape",
       lambda s: _conflict(s, "international", "non-international"), lambda s, n: None, "MaxCount",
       H.conflictCharacter)
simple("armed-conflict-miscoded", "ArmedConflictShape", lambda s: _conflict(s, "war-crime"), lambda s, n: None,
       "Node", H.conflictCharacter)


@kind("node-without-class", "TypedShape")
def _untyped(site: Site) -> list[Result]:
    node = site.qualitative()
    site.drop(node, A)
    return [result(node, "TypedShape", "SPARQL")]


@kind("class-written-as-literal", "TypedShape")
def _literal_class(site: Site) -> list[Result]:
    node = site.qualitative()
    site.add(node, A, text("hisab:QualitativeClaim"))
    return [result(node, "TypedShape", "SPARQL")]


# --- descriptions ----------------------------------------------------------------------------------------------------

@kind("description-of-nothing", "DescriptionShape")
def _describes_nothing(site: Site) -> list[Result]:
    node = site.reference_claim("PlaceDescription", None, reference="gazetteer")
    site.add(node, H.near, site.country)
    return [result(node, "DescriptionShape", "MinCount", H.describes)]


@kind("description-of-two-things", "DescriptionShape")
def _describes_two(site: Site) -> list[Result]:
    node = site.reference_claim("PlaceDescription", site.thing("Settlement", "place"), reference="gazetteer")
    site.add(node, H.describes, site.thing("Settlement", "other-place"))
    site.add(node, H.locatedIn, site.country)
    return [result(node, "DescriptionShape", "MaxCount", H.describes)]


@kind("two-descriptions-by-one-source", "DescriptionShape")
def _two_descriptions(site: Site) -> list[Result]:
    place = site.thing("Settlement", "place")
    first = site.reference_claim("PlaceDescription", place, "description", reference="gazetteer")
    second = site.reference_claim("PlaceDescription", place, "description-again", reference="gazetteer")
    site.add(first, H.locatedIn, site.country)
    site.add(second, H.near, site.country)
    return [result(first, "DescriptionShape", "SPARQL"), result(second, "DescriptionShape", "SPARQL")]


def _described(site: Site) -> ox.NamedNode:
    return site.description()


for _name, _change, _component, _path in (
        ("incident-description-of-a-place", lambda s, n: s.set(n, H.describes, s.thing("Settlement", "place")),
         "Class", H.describes),
        ("incident-description-of-no-kind", lambda s, n: s.drop(n, H.incidentKind), "MinCount", H.incidentKind),
        ("incident-of-all-kinds", lambda s, n: s.set(n, H.incidentKind, code("incident-kind", "all")), "Node",
         H.incidentKind),
        ("incident-place-not-a-place", lambda s, n: s.add(n, H.place, s.actor("alpha")), "Class", H.place),
        ("incident-target-not-a-place", lambda s, n: s.add(n, H.target, s.actor("alpha")), "Class", H.target),
        ("incident-damage-not-a-place", lambda s, n: s.add(n, H.damaged, s.actor("alpha")), "Class", H.damaged),
        ("incident-weapon-all", lambda s, n: s.add(n, H.weapon, code("weapon", "all")), "Node", H.weapon),
        ("weapon-model-not-a-string", lambda s, n: s.add(n, H.weaponModel, integer(24)), "Datatype", H.weaponModel),
        ("incident-part-of-a-place", lambda s, n: s.add(n, H.partOfIncident, s.country), "Class", H.partOfIncident),
        ("incident-preceded-by-an-agreement",
         lambda s, n: s.add(n, H.precededBy, s.world.agreements[0].node), "Class", H.precededBy),
        ("result-of-an-incident", lambda s, n: s.add(n, H.resultOfAgreement, s.incident("other-incident")),
         "Class", H.resultOfAgreement),
        ("incident-in-two-conflicts", lambda s, n: [s.add(n, H.inConflict, c) for c in s.world.conflicts.values()],
         "MaxCount", H.inConflict),
        ("incident-in-a-place-as-conflict", lambda s, n: s.add(n, H.inConflict, s.country), "Class", H.inConflict),
        ("conflict-mapped-to-a-place",
         lambda s, n: [s.add(n, H.mappedConflict, s.country), s.add(n, H.mappingNote, text("A wrong mapping."))],
         "Class", H.mappedConflict),
        ("conflict-mapped-twice",
         lambda s, n: [s.add(n, H.mappedConflict, c) for c in s.world.conflicts.values()]
         + [s.add(n, H.mappingNote, text("Two mappings."))], "MaxCount", H.mappedConflict),
        ("time-of-day-not-a-time",
         lambda s, n: [s.add(n, H.timeOfDay, text("14:00:00")), s.add(n, H.timeQualifier, code("qualifier", "exact"))],
         "Datatype", H.timeOfDay),
        ("incident-dated-twice", lambda s, n: s.add(n, H.date, day(s.world.months[0] + timedelta(days=10))),
         "MaxCount", H.date)):
    _shape = {"time-of-day-not-a-time": "TimeOfDayShape", "incident-dated-twice": "DatedShape"}.get(
        _name, "IncidentDescriptionShape")
    simple(_name, _shape, _described, _change, _component, _path)


@kind("date-and-period", "IncidentDescriptionShape")
def _date_and_period(site: Site) -> list[Result]:
    node = site.description()
    site.add(node, H.startDate, day(site.world.months[0] + timedelta(days=9)))
    return [result(node, "IncidentDescriptionShape", "Not")]


def _timed(site: Site) -> ox.NamedNode:
    node = site.description()
    site.add(node, H.timeOfDay, typed("14:00:00", XSD.time))
    site.add(node, H.timeQualifier, code("qualifier", "exact"))
    return node


for _name, _change, _component, _path in (
        ("two-times-of-day", lambda s, n: s.add(n, H.timeOfDay, typed("15:00:00", XSD.time)), "MaxCount",
         H.timeOfDay),
        ("time-without-qualifier", lambda s, n: s.drop(n, H.timeQualifier), "MinCount", H.timeQualifier),
        ("time-with-two-qualifiers", lambda s, n: s.add(n, H.timeQualifier, code("qualifier", "approximately")),
         "MaxCount", H.timeQualifier),
        ("time-qualifier-not-listed", lambda s, n: s.set(n, H.timeQualifier, code("qualifier", "at-least")), "In",
         H.timeQualifier),
        ("time-of-day-with-fraction", lambda s, n: s.set(n, H.timeOfDay, typed("14:00:00.5", XSD.time)), "Pattern",
         H.timeOfDay)):
    simple(_name, "TimeOfDayShape", _timed, _change, _component, _path)


def _agreement_description(site: Site) -> ox.NamedNode:
    """A description of a new agreement (or, where the defect makes it describe something else, of nothing yet)."""
    return site.reference_claim("AgreementDescription", site.thing("CeasefireAgreement", "agreement"))


for _name, _change, _component, _path in (
        ("party-not-an-actor", lambda s, n: s.add(n, H.party, s.country), "Class", H.party),
        ("sponsor-not-an-actor", lambda s, n: s.add(n, H.sponsor, s.country), "Class", H.sponsor),
        ("primary-sponsor-not-an-actor", lambda s, n: s.add(n, H.primarySponsor, s.country), "Class",
         H.primarySponsor),
        ("two-primary-sponsors",
         lambda s, n: [s.add(n, H.primarySponsor, s.actor(k)) for k in ("alpha", "beta")], "MaxCount",
         H.primarySponsor),
        ("guarantor-not-an-actor", lambda s, n: s.add(n, H.guarantor, s.country), "Class", H.guarantor),
        ("area-not-a-place", lambda s, n: s.add(n, H.coversArea, s.actor("alpha")), "Class", H.coversArea),
        ("part-of-a-place-as-agreement", lambda s, n: s.add(n, H.partOfAgreement, s.country), "Class",
         H.partOfAgreement),
        ("agreement-preceded-by-an-incident", lambda s, n: s.add(n, H.precededBy, s.incident("other-incident")),
         "Class", H.precededBy),
        ("two-agreement-statuses",
         lambda s, n: [s.add(n, H.agreementStatus, code("status", k)) for k in ("in-force", "ended")], "MaxCount",
         H.agreementStatus),
        ("agreement-status-miscoded", lambda s, n: s.add(n, H.agreementStatus, code("grade", "confirmed")), "Node",
         H.agreementStatus),
        ("signature-date-in-words", lambda s, n: s.add(n, H.signatureDate, text("2012-11-10")), "Node",
         H.signatureDate),
        ("two-signature-dates",
         lambda s, n: [s.add(n, H.signatureDate, day(date(2012, 11, d))) for d in (9, 10)], "MaxCount",
         H.signatureDate),
        ("two-dates-of-entry-into-force",
         lambda s, n: [s.add(n, H.entryIntoForce, day(date(2012, 11, d))) for d in (14, 15)], "MaxCount",
         H.entryIntoForce),
        ("entry-into-force-with-time",
         lambda s, n: s.add(n, H.entryIntoForce, typed("2012-11-15T00:00:00", XSD.dateTime)), "Node",
         H.entryIntoForce)):
    _shape = "DatedShape" if _path in (H.signatureDate, H.entryIntoForce) else "AgreementDescriptionShape"
    simple(_name, _shape, _agreement_description, _change, _component, _path)


simple("agreement-description-of-a-place", "AgreementDescriptionShape",
       lambda s: s.reference_claim("AgreementDescription", s.thing("Settlement", "place")), lambda s, n: None,
       "Class", H.describes)


def _actor_description(site: Site) -> ox.NamedNode:
    return site.reference_claim("ActorDescription", site.thing("ArmedGroup", "actor"))


for _name, _change, _component, _path in (
        ("actor-description-of-a-place", lambda s, n: s.set(n, H.describes, s.thing("Settlement", "place")),
         "Class", H.describes),
        ("authority-not-an-actor", lambda s, n: s.add(n, H.underAuthorityOf, s.country), "Class",
         H.underAuthorityOf),
        ("member-not-an-actor", lambda s, n: s.add(n, H.hasMember, s.country), "Class", H.hasMember),
        ("role-in-a-place", lambda s, n: s.add(n, H.roleIn, s.country), "Class", H.roleIn),
        ("role-title-not-a-string", lambda s, n: s.add(n, H.roleTitle, english("spokesperson")), "Datatype",
         H.roleTitle),
        ("actor-affiliated-with-a-place", lambda s, n: s.add(n, H.affiliatedWith, s.country), "Class",
         H.affiliatedWith),
        ("established-by-an-agreement", lambda s, n: s.add(n, H.establishedBy, s.world.agreements[0].node), "Class",
         H.establishedBy)):
    simple(_name, "ActorDescriptionShape", _actor_description, _change, _component, _path)


@kind("chain-of-responsibility-loop", "ActorDescriptionShape")
def _authority_loop(site: Site) -> list[Result]:
    first, second = site.thing("ArmedGroup", "actor"), site.thing("ArmedGroup", "other-actor")
    one = site.reference_claim("ActorDescription", first, "description")
    two = site.reference_claim("ActorDescription", second, "other-description")
    site.add(one, H.underAuthorityOf, second)
    site.add(two, H.underAuthorityOf, first)
    return [result(one, "ActorDescriptionShape", "SPARQL"), result(two, "ActorDescriptionShape", "SPARQL")]


def _place_description(site: Site) -> ox.NamedNode:
    return site.reference_claim("PlaceDescription", site.thing("Settlement", "place"), reference="gazetteer")


for _name, _change, _component, _path in (
        ("place-description-of-an-actor", lambda s, n: s.set(n, H.describes, s.thing("ArmedGroup", "actor")),
         "Class", H.describes),
        ("located-in-an-actor", lambda s, n: s.add(n, H.locatedIn, s.actor("alpha")), "Class", H.locatedIn),
        ("partly-located-in-an-actor", lambda s, n: s.add(n, H.partlyLocatedIn, s.actor("alpha")), "Class",
         H.partlyLocatedIn),
        ("near-an-actor", lambda s, n: s.add(n, H.near, s.actor("alpha")), "Class", H.near),
        ("place-affiliated-with-a-place", lambda s, n: s.add(n, H.affiliatedWith, s.country), "Class",
         H.affiliatedWith)):
    simple(_name, "PlaceDescriptionShape", _place_description, _change, _component, _path)


@kind("place-located-in-itself", "PlaceDescriptionShape")
def _place_loop(site: Site) -> list[Result]:
    first, second = site.thing("Settlement", "place"), site.thing("Settlement", "other-place")
    one = site.reference_claim("PlaceDescription", first, "description", reference="gazetteer")
    two = site.reference_claim("PlaceDescription", second, "other-description", reference="gazetteer")
    site.add(one, H.locatedIn, second)
    site.add(two, H.locatedIn, first)
    return [result(one, "PlaceDescriptionShape", "SPARQL"), result(two, "PlaceDescriptionShape", "SPARQL")]


# --- agreements: breaches out of reach ----------------------------------------------------------------------------

def _breach(site: Site, agreement: ox.NamedNode, place: ox.NamedNode, when: date) -> ox.NamedNode:
    incident = site.incident()
    description = site.description(incident)
    site.set(description, H.date, day(when))
    site.add(description, H.place, place)
    node = site.claim("ViolationAllegation", "allegation")
    site.add(node, H.allegedViolator, site.actor("alpha-forces"))
    site.add(node, H.allegedBreachOf, agreement)
    site.add(node, H.aboutIncident, incident)
    site.add(node, H.confidence, code("grade", "confirmed"))
    return node


@kind("breach-outside-the-agreements-area", "AgreementBreachShape")
def _breach_outside(site: Site) -> list[Result]:
    world = site.world
    ceasefire = world.agreements[0]
    outside = next(h for h in world.neighbourhoods
                   if h.governorate not in ceasefire.governorates and not h.in_zone)
    node = _breach(site, ceasefire.node, outside.node, world.months[-1] + timedelta(days=19))
    return [result(node, "AgreementBreachShape", "SPARQL")]


@kind("breach-before-entry-into-force", "AgreementBreachShape")
def _breach_early(site: Site) -> list[Result]:
    world = site.world
    zone = world.agreements[1]
    inside = next(h for h in world.neighbourhoods if h.in_zone)
    node = _breach(site, zone.node, inside.node, zone.entry - timedelta(days=10))
    return [result(node, "AgreementBreachShape", "SPARQL")]


# --- documents and evidence ----------------------------------------------------------------------------------------

def _source_document(site: Site, *, labelled: bool = True) -> ox.NamedNode:
    node = site.thing("SourceDocument", "document", labelled=labelled)
    site.add(node, DCT.title, english("Synthetic document with a deliberate defect"))
    site.add(node, DCT.publisher, site.annex.registrar if site.annex else site.actor("council"))
    site.add(node, H.sha256, text(hashlib.sha256(f"defect {site.number}".encode()).hexdigest()))
    site.add(node, H.characterCount, integer(1000))
    site.add(node, H.localFileName, text(f"synthetic-defect-{site.number:05d}.txt"))
    return node


def _own_text(start: int | None, end: int | None) -> Callable[[Site, ox.NamedNode], None]:
    def change(site: Site, node: ox.NamedNode) -> None:
        if start is not None:
            site.add(node, H.ownTextStart, integer(start))
        if end is not None:
            site.add(node, H.ownTextEnd, integer(end))
    return change


def _sha(site: Site) -> str:
    return hashlib.sha256(f"defect {site.number}".encode()).hexdigest()


for _name, _change, _component, _path in (
        ("document-without-title", lambda s, n: s.drop(n, DCT.title), "MinCount", DCT.title),
        ("document-without-publisher", lambda s, n: s.drop(n, DCT.publisher), "MinCount", DCT.publisher),
        ("publisher-not-an-actor", lambda s, n: s.set(n, DCT.publisher, s.country), "Class", DCT.publisher),
        ("sha256-not-lower-case-hex", lambda s, n: s.set(n, H.sha256, text(_sha(s).upper())), "Pattern", H.sha256),
        ("two-sha256", lambda s, n: s.add(n, H.sha256, text(hashlib.sha256(_sha(s).encode()).hexdigest())),
         "MaxCount", H.sha256),
        ("document-without-sha256", lambda s, n: s.drop(n, H.sha256), "MinCount", H.sha256),
        ("document-without-length", lambda s, n: s.drop(n, H.characterCount), "MinCount", H.characterCount),
        ("document-of-no-characters", lambda s, n: s.set(n, H.characterCount, integer(0)), "MinExclusive",
         H.characterCount),
        ("two-lengths", lambda s, n: s.add(n, H.characterCount, integer(999)), "MaxCount", H.characterCount),
        ("length-not-an-integer", lambda s, n: s.set(n, H.characterCount, typed("1000.0", XSD.decimal)), "Datatype",
         H.characterCount),
        ("document-without-file-name", lambda s, n: s.drop(n, H.localFileName), "MinCount", H.localFileName),
        ("two-file-names", lambda s, n: s.add(n, H.localFileName, text("another-name.txt")), "MaxCount",
         H.localFileName),
        ("period-not-a-period", lambda s, n: s.add(n, H.period, s.country), "Class", H.period),
        ("two-periods", lambda s, n: [s.add(n, H.period, period_node(m)) for m in (s.world.months[0],)]
         + [s.add(n, H.period, _period(s))], "MaxCount", H.period),
        ("own-text-ends-before-it-starts", _own_text(500, 100), "LessThan", H.ownTextStart),
        ("own-text-starts-before-the-text", _own_text(-1, 100), "MinInclusive", H.ownTextStart),
        ("own-text-ends-at-zero", _own_text(None, 0), "MinExclusive", H.ownTextEnd),
        ("own-text-beyond-the-text", _own_text(0, 1500), "SPARQL", None),
        ("two-own-text-starts", lambda s, n: [_own_text(0, 100)(s, n), s.add(n, H.ownTextStart, integer(10))],
         "MaxCount", H.ownTextStart),
        ("two-own-text-ends", lambda s, n: [_own_text(0, 100)(s, n), s.add(n, H.ownTextEnd, integer(200))],
         "MaxCount", H.ownTextEnd),
        ("own-text-start-not-an-integer",
         lambda s, n: [s.add(n, H.ownTextStart, typed("0.0", XSD.decimal)), s.add(n, H.ownTextEnd, integer(100))],
         "Datatype", H.ownTextStart),
        ("own-text-end-not-an-integer",
         lambda s, n: [s.add(n, H.ownTextStart, integer(0)), s.add(n, H.ownTextEnd, typed("100.0", XSD.decimal))],
         "Datatype", H.ownTextEnd),
        ("sha256-in-a-language", lambda s, n: s.set(n, H.sha256, english(_sha(s))), "Datatype", H.sha256),
        ("file-name-not-a-string", lambda s, n: s.set(n, H.localFileName, integer(5)), "Datatype", H.localFileName)):
    simple(_name, "SourceDocumentShape", _source_document, _change, _component, _path)

simple("document-without-label", "DocumentShape", lambda s: _source_document(s, labelled=False),
       lambda s, n: None, "MinCount", RDFS.label)


@kind("document-dated-twice", "DocumentShape")
def _document_dated_twice(site: Site) -> list[Result]:
    node = _source_document(site)
    site.add(node, DCT.date, month(site.world.months[0]))
    site.add(node, DCT.date, day(site.world.months[0] + timedelta(days=30)))
    return [result(node, "DocumentShape", "MaxCount", DCT.date), result(node, "DatedShape", "MaxCount", DCT.date)]


@kind("document-dated-with-time", "DocumentShape")
def _document_timed(site: Site) -> list[Result]:
    node = _source_document(site)
    site.add(node, DCT.date, typed("2013-01-31T10:00:00", XSD.dateTime))
    return [result(node, "DocumentShape", "Node", DCT.date), result(node, "DatedShape", "Node", DCT.date)]


def _reference(site: Site) -> ox.NamedNode:
    node = site.thing("ReferenceDocument", "reference")
    site.add(node, DCT.bibliographicCitation, text("Synthetic reference with a deliberate defect."))
    return node


simple("reference-without-citation", "ReferenceDocumentShape", _reference,
       lambda s, n: s.drop(n, DCT.bibliographicCitation), "MinCount", DCT.bibliographicCitation)
simple("citation-not-a-string", "ReferenceDocumentShape", _reference,
       lambda s, n: s.set(n, DCT.bibliographicCitation, english("Synthetic reference.")), "Datatype",
       DCT.bibliographicCitation)


def _span(site: Site, *, source: bool = True, selector: bool = True) -> ox.NamedNode:
    assert site.annex is not None
    node = site.thing("EvidenceSpan", "span", labelled=False)
    if source:
        site.add(node, O.hasSource, site.annex.documents[0])
    if selector:
        _selector(site, node, "selector", 0, 10)
    return node


def _selector(site: Site, span: ox.NamedNode, name: str, start: int | None, end: int,
              typed_selector: bool = True) -> None:
    selector = ox.BlankNode(f"defect-{site.number:05d}-{name}")
    site.add(span, O.hasSelector, selector)
    if typed_selector:
        site.add(selector, A, O.TextPositionSelector)
    if start is not None:
        site.add(selector, O.start, integer(start))
    site.add(selector, O.end, integer(end))


for _name, _build, _change, _component, _path in (
        ("span-in-no-document", lambda s: _span(s, source=False), lambda s, n: None, "MinCount", O.hasSource),
        ("span-in-a-reference-document", lambda s: _span(s, source=False),
         lambda s, n: s.add(n, O.hasSource, s.world.references["gazetteer"]), "Class", O.hasSource),
        ("span-in-two-documents", _span, lambda s, n: s.add(n, O.hasSource, s.annex.documents[1]), "MaxCount",
         O.hasSource),
        ("span-without-selector", lambda s: _span(s, selector=False), lambda s, n: None, "MinCount", O.hasSelector),
        ("span-with-two-selectors", _span, lambda s, n: _selector(s, n, "other-selector", 10, 20), "MaxCount",
         O.hasSelector),
        ("span-ending-before-it-starts", lambda s: _span(s, selector=False),
         lambda s, n: _selector(s, n, "selector", 30, 20), "Node", O.hasSelector),
        ("span-without-start", lambda s: _span(s, selector=False), lambda s, n: _selector(s, n, "selector", None, 20),
         "Node", O.hasSelector),
        ("span-with-untyped-selector", lambda s: _span(s, selector=False),
         lambda s, n: _selector(s, n, "selector", 0, 20, typed_selector=False), "Node", O.hasSelector),
        ("span-beyond-the-text", lambda s: _span(s, selector=False),
         lambda s, n: _selector(s, n, "selector", 0, s.annex.lengths[0] + 10), "SPARQL", None)):
    simple(_name, "EvidenceSpanShape", _build, _change, _component, _path)


# --- claims: provenance and values --------------------------------------------------------------------------------

def _qualitative(site: Site) -> ox.NamedNode:
    return site.qualitative()


for _name, _change, _component, _path in (
        ("claim-without-claimant", lambda s, n: s.drop(n, H.claimedBy), "MinCount", H.claimedBy),
        ("claimant-not-an-actor", lambda s, n: s.set(n, H.claimedBy, s.country), "Class", H.claimedBy),
        ("claim-in-no-document", lambda s, n: [s.drop(n, H.statedIn), s.drop(n, H.evidence)], "MinCount", H.statedIn),
        ("claim-in-two-documents", lambda s, n: s.add(n, H.statedIn, s.annex.documents[1]), "MaxCount", H.statedIn),
        ("claim-in-a-place", lambda s, n: [s.set(n, H.statedIn, s.country), s.drop(n, H.evidence)], "Class",
         H.statedIn),
        ("evidence-not-a-span", lambda s, n: s.add(n, H.evidence, s.country), "Class", H.evidence),
        ("two-locators", lambda s, n: [s.add(n, H.locator, text(f"paragraph {k}")) for k in (1, 2)], "MaxCount",
         H.locator),
        ("locator-not-a-string", lambda s, n: s.add(n, H.locator, integer(7)), "Datatype", H.locator),
        ("two-gists", lambda s, n: s.add(n, H.gist, text("Another gist.")), "MaxCount", H.gist),
        ("gist-not-a-string", lambda s, n: s.set(n, H.gist, english("A gist in English.")), "Datatype", H.gist),
        ("claim-without-evidence", lambda s, n: s.drop(n, H.evidence), "SPARQL", None),
        ("evidence-from-another-document", lambda s, n: s.add(n, H.evidence, s.annex.spans[1]), "SPARQL", None)):
    simple(_name, "ClaimProvenanceShape", _qualitative, _change, _component, _path)


@kind("reference-claim-without-locator", "ClaimProvenanceShape")
def _no_locator(site: Site) -> list[Result]:
    node = site.reference_claim("PlaceDescription", site.thing("Settlement", "place"), reference="gazetteer",
                                locator=False)
    site.add(node, H.locatedIn, site.country)
    return [result(node, "ClaimProvenanceShape", "SPARQL")]


_NOTE = text("A mapping of the project, for the test.")
for _name, _change, _component, _path in (
        ("confidence-miscoded", lambda s, n: s.add(n, H.confidence, code("qualifier", "exact")), "Node", H.confidence),
        ("two-confidences", lambda s, n: [s.add(n, H.confidence, code("grade", g)) for g in ("believed", "confirmed")],
         "MaxCount", H.confidence),
        ("about-a-place-as-incident", lambda s, n: s.add(n, H.aboutIncident, s.country), "Class", H.aboutIncident),
        ("candidate-not-an-actor", lambda s, n: s.add(n, H.candidate, s.country), "Class", H.candidate),
        ("concerns-a-place-as-actor", lambda s, n: s.add(n, H.concernsActor, s.country), "Class", H.concernsActor),
        ("concerns-an-actor-as-place", lambda s, n: s.add(n, H.concernsPlace, s.actor("alpha")), "Class",
         H.concernsPlace),
        ("concerns-a-place-as-agreement", lambda s, n: s.add(n, H.concernsAgreement, s.country), "Class",
         H.concernsAgreement),
        ("concerns-a-claim-as-figure", lambda s, n: s.add(n, H.concernsTally, n), "Class", H.concernsTally),
        ("invokes-a-place", lambda s, n: s.add(n, H.invokes, s.country), "Class", H.invokes),
        ("accuses-a-place", lambda s, n: s.add(n, H.accused, s.country), "Class", H.accused),
        ("mapped-to-a-place", lambda s, n: [s.add(n, H.mappedProvision, s.country), s.add(n, H.mappingNote, _NOTE)],
         "Class", H.mappedProvision),
        ("wording-matches-a-place",
         lambda s, n: [s.add(n, H.wordingMatches, s.country), s.add(n, H.mappingNote, _NOTE)], "Class",
         H.wordingMatches),
        ("cited-as-twice", lambda s, n: [s.add(n, H.citedAs, text(f"article {k}")) for k in (1, 2)], "MaxCount",
         H.citedAs),
        ("cited-as-a-number", lambda s, n: s.add(n, H.citedAs, integer(1)), "Datatype", H.citedAs),
        ("two-stated-conflict-characters",
         lambda s, n: [s.add(n, H.statedConflictCharacter, code("conflict", c))
                       for c in ("international", "non-international")], "MaxCount", H.statedConflictCharacter),
        ("stated-conflict-character-miscoded",
         lambda s, n: s.add(n, H.statedConflictCharacter, code("crime", "war-crime")), "Node",
         H.statedConflictCharacter),
        ("crime-as-crime-category", lambda s, n: s.add(n, H.crimeCategory, s.world.law["murder"]), "Node",
         H.crimeCategory),
        ("two-mapping-notes", lambda s, n: [s.add(n, H.mappingNote, text(f"Note {k}.")) for k in (1, 2)], "MaxCount",
         H.mappingNote),
        ("mapping-note-not-a-string", lambda s, n: s.add(n, H.mappingNote, english("A note.")), "Datatype",
         H.mappingNote),
        ("two-claim-kinds", lambda s, n: s.add(n, H.claimKind, code("claim-kind", "method")), "MaxCount", H.claimKind),
        ("claim-kind-miscoded", lambda s, n: s.set(n, H.claimKind, code("incident-kind", "massacre")), "Node",
         H.claimKind),
        ("mapping-without-note", lambda s, n: s.add(n, H.mappedProvision, s.world.law["art-1-c"]), "SPARQL",
         H.mappedProvision)):
    simple(_name, "ClaimShape", _qualitative, _change, _component, _path)


@kind("corroborates-a-place", "ClaimShape")
def _corroborates_place(site: Site) -> list[Result]:
    node = site.qualitative()
    site.add(node, H.corroborates, site.country)
    return [result(node, "ClaimShape", "Class", H.corroborates), result(node, "CorroborationShape", "SPARQL")]


simple("qualitative-claim-of-no-kind", "QualitativeClaimShape", _qualitative, lambda s, n: s.drop(n, H.claimKind),
       "MinCount", H.claimKind)
simple("qualitative-claim-without-gist", "QualitativeClaimShape", _qualitative, lambda s, n: s.drop(n, H.gist),
       "MinCount", H.gist)


def _attribution(site: Site) -> ox.NamedNode:
    node = site.claim("Attribution", "attribution")
    site.add(node, H.aboutIncident, site.incident())
    site.add(node, H.attributedTo, site.actor("alpha-forces"))
    site.add(node, H.confidence, code("grade", "confirmed"))
    return node


for _name, _change, _component, _path in (
        ("attribution-about-no-incident", lambda s, n: s.drop(n, H.aboutIncident), "MinCount", H.aboutIncident),
        ("attribution-about-two-incidents", lambda s, n: s.add(n, H.aboutIncident, s.incident("other-incident")),
         "MaxCount", H.aboutIncident),
        ("attribution-ungraded", lambda s, n: s.drop(n, H.confidence), "MinCount", H.confidence),
        ("attributed-to-a-place", lambda s, n: s.add(n, H.attributedTo, s.country), "Class", H.attributedTo),
        ("two-roles", lambda s, n: [s.add(n, H.role, code("role", r)) for r in ("perpetrator", "supporter")],
         "MaxCount", H.role),
        ("role-miscoded", lambda s, n: s.add(n, H.role, code("grade", "confirmed")), "Node", H.role),
        ("attribution-to-nobody", lambda s, n: s.drop(n, H.attributedTo), "SPARQL", None)):
    simple(_name, "AttributionShape", _attribution, _change, _component, _path)


def _denial(site: Site) -> ox.NamedNode:
    node = site.claim("Denial", "denial", claimant=site.actor("alpha"))
    site.add(node, H.disputes, _attribution(site))
    return node


for _name, _change, _component, _path in (
        ("denial-of-nothing", lambda s, n: s.drop(n, H.disputes), "MinCount", H.disputes),
        ("denial-of-a-place", lambda s, n: s.set(n, H.disputes, s.country), "Class", H.disputes),
        ("counter-evidence-not-a-string", lambda s, n: s.add(n, H.counterEvidence, integer(3)), "Datatype",
         H.counterEvidence),
        ("half-a-disputed-fact", lambda s, n: s.add(n, H.disputedProperty, H.attributedTo), "SPARQL", None)):
    simple(_name, "CounterClaimShape", _denial, _change, _component, _path)


@kind("two-disputed-properties", "CounterClaimShape")
def _two_disputed(site: Site) -> list[Result]:
    facility = site.thing("Settlement", "place")
    description = site.description()
    site.add(description, H.target, facility)
    site.add(description, H.damaged, facility)
    node = site.claim("Denial", "denial", claimant=site.actor("alpha"))
    site.add(node, H.disputes, description)
    site.add(node, H.disputedProperty, H.target)
    site.add(node, H.disputedProperty, H.damaged)
    site.add(node, H.disputedValue, facility)
    return [result(node, "CounterClaimShape", "MaxCount", H.disputedProperty)]


def _allegation(site: Site) -> ox.NamedNode:
    node = site.claim("ViolationAllegation", "allegation")
    site.add(node, H.allegedViolator, site.actor("alpha-forces"))
    site.add(node, H.allegedBreachOf, site.world.law["indiscriminate"])
    site.add(node, H.confidence, code("grade", "confirmed"))
    site.add(node, H.legalLanguage, text("indiscriminate attack"))
    return node


for _name, _change, _component, _path in (
        ("breach-of-a-place", lambda s, n: s.add(n, H.allegedBreachOf, s.country), "Class", H.allegedBreachOf),
        ("allegation-without-violator", lambda s, n: s.drop(n, H.allegedViolator), "MinCount", H.allegedViolator),
        ("violator-not-an-actor", lambda s, n: s.set(n, H.allegedViolator, s.country), "Class", H.allegedViolator),
        ("allegation-ungraded", lambda s, n: s.drop(n, H.confidence), "MinCount", H.confidence),
        ("two-legal-languages", lambda s, n: s.add(n, H.legalLanguage, text("failure to distinguish")), "MaxCount",
         H.legalLanguage),
        ("legal-language-not-a-string", lambda s, n: s.set(n, H.legalLanguage, english("indiscriminate attack")),
         "Datatype", H.legalLanguage),
        ("allegation-of-nothing-breached", lambda s, n: s.drop(n, H.allegedBreachOf), "Or", None)):
    simple(_name, "ViolationAllegationShape", _allegation, _change, _component, _path)


def _demand(site: Site) -> ox.NamedNode:
    node = site.claim("Demand", "demand")
    site.add(node, H.demandKind, code("demand", "investigate"))
    site.add(node, H.addressee, site.actor("council"))
    return node


for _name, _change, _component, _path in (
        ("demand-of-no-kind", lambda s, n: s.drop(n, H.demandKind), "MinCount", H.demandKind),
        ("demand-kind-miscoded", lambda s, n: s.set(n, H.demandKind, code("claim-kind", "accusation")), "Node",
         H.demandKind),
        ("demand-to-a-place", lambda s, n: s.set(n, H.addressee, s.country), "Class", H.addressee)):
    simple(_name, "DemandShape", _demand, _change, _component, _path)


def _citation(site: Site) -> ox.NamedNode:
    node = site.claim("Citation", "citation")
    site.add(node, H.citedAs, text("the statute"))
    return node


simple("citation-of-nothing", "CitationShape", _citation, lambda s, n: None, "MinCount", H.cites)
simple("citation-of-a-place", "CitationShape", _citation, lambda s, n: s.add(n, H.cites, s.country), "SPARQL", None)


def _definition(site: Site) -> ox.NamedNode:
    return site.claim("Definition", "definition")


for _name, _change, _component, _path in (
        ("definition-of-nothing", lambda s, n: s.add(n, H.minimumCivilianDeaths, integer(3)), "MinCount", H.defines),
        ("definition-of-an-actor", lambda s, n: s.add(n, H.defines, s.actor("alpha")), "Class", H.defines),
        ("massacre-of-no-deaths",
         lambda s, n: [s.add(n, H.defines, code("incident-kind", "massacre")),
                       s.add(n, H.minimumCivilianDeaths, integer(0))], "MinInclusive", H.minimumCivilianDeaths),
        ("minimum-not-an-integer",
         lambda s, n: [s.add(n, H.defines, code("incident-kind", "massacre")),
                       s.add(n, H.minimumCivilianDeaths, typed("5.0", XSD.decimal))], "Datatype",
         H.minimumCivilianDeaths),
        ("two-minimums",
         lambda s, n: [s.add(n, H.defines, code("incident-kind", "massacre"))]
         + [s.add(n, H.minimumCivilianDeaths, integer(k)) for k in (3, 5)], "MaxCount", H.minimumCivilianDeaths)):
    simple(_name, "DefinitionShape", _definition, _change, _component, _path)


# --- law -----------------------------------------------------------------------------------------------------------

def _instrument(site: Site, cls: str = "Treaty", *, labelled: bool = True) -> ox.NamedNode:
    return site.thing(cls, "instrument", labelled=labelled)


for _name, _build, _change, _shape, _component, _path in (
        ("instrument-without-label", lambda s: _instrument(s, labelled=False), lambda s, n: None,
         "LegalInstrumentShape", "MinCount", RDFS.label),
        ("two-symbols", _instrument, lambda s, n: [s.add(n, H.symbol, text(v)) for v in ("SYN/1", "SYN/1/Rev.1")],
         "LegalInstrumentShape", "MaxCount", H.symbol),
        ("symbol-not-a-string", _instrument, lambda s, n: s.add(n, H.symbol, integer(14)), "LegalInstrumentShape",
         "Datatype", H.symbol),
        ("issued-by-a-place", _instrument, lambda s, n: s.add(n, H.issuedBy, s.country), "LegalInstrumentShape",
         "Class", H.issuedBy),
        ("adopted-in-a-year", _instrument, lambda s, n: s.add(n, H.adoptionDate, typed("2016", XSD.gYear)),
         "DatedShape", "Datatype", H.adoptionDate),
        ("adopted-twice", _instrument,
         lambda s, n: [s.add(n, H.adoptionDate, day(date(2016, 2, d))) for d in (1, 2)], "DatedShape", "MaxCount",
         H.adoptionDate),
        ("council-resolution-without-symbol", lambda s: _instrument(s, "SecurityCouncilResolution"),
         lambda s, n: None, "SecurityCouncilResolutionShape", "MinCount", H.symbol),
        ("council-resolution-symbol-without-year", lambda s: _instrument(s, "SecurityCouncilResolution"),
         lambda s, n: s.add(n, H.symbol, text("S/RES/9902")), "SecurityCouncilResolutionShape", "Pattern", H.symbol),
        ("assembly-resolution-without-symbol", lambda s: _instrument(s, "GeneralAssemblyResolution"),
         lambda s, n: None, "GeneralAssemblyResolutionShape", "MinCount", H.symbol),
        ("assembly-resolution-symbol-with-year", lambda s: _instrument(s, "GeneralAssemblyResolution"),
         lambda s, n: s.add(n, H.symbol, text("A/RES/99/902 (2017)")), "GeneralAssemblyResolutionShape", "Pattern",
         H.symbol),
        ("norm-without-label", lambda s: s.thing("LegalNorm", "norm", labelled=False), lambda s, n: None,
         "LegalNormShape", "MinCount", RDFS.label)):
    simple(_name, _shape, _build, _change, _component, _path)


def _provision(site: Site, name: str = "provision", *, labelled: bool = True, parent: bool = True) -> ox.NamedNode:
    node = site.thing("Provision", name, labelled=labelled)
    if parent:
        site.add(node, H.partOf, site.world.law["statute"])
    return node


for _name, _build, _change, _component, _path in (
        ("provision-without-label", lambda s: _provision(s, labelled=False), lambda s, n: None, "MinCount",
         RDFS.label),
        ("provision-of-nothing", lambda s: _provision(s, parent=False), lambda s, n: None, "MinCount", H.partOf),
        ("provision-of-two-parents", _provision, lambda s, n: s.add(n, H.partOf, s.world.law["art-1"]), "MaxCount",
         H.partOf),
        ("provision-of-a-place", lambda s: _provision(s, parent=False), lambda s, n: s.add(n, H.partOf, s.country),
         "Class", H.partOf),
        ("conflict-character-of-provision-miscoded", _provision,
         lambda s, n: s.add(n, H.appliesInConflict, code("crime", "war-crime")), "Node", H.appliesInConflict),
        ("crime-as-category-of-provision", _provision, lambda s, n: s.add(n, H.crimeCategory, s.world.law["murder"]),
         "Node", H.crimeCategory),
        ("counterpart-not-a-provision", _provision, lambda s, n: s.add(n, H.counterpartIn, s.world.law["statute"]),
         "Class", H.counterpartIn),
        ("exact-counterpart-not-a-provision", _provision,
         lambda s, n: s.add(n, H.exactCounterpart, s.world.law["indiscriminate"]), "Class", H.exactCounterpart),
        ("partial-counterpart-not-a-provision", _provision, lambda s, n: s.add(n, H.partialCounterpart, s.country),
         "Class", H.partialCounterpart),
        ("two-citations-of-provision", _provision,
         lambda s, n: [s.add(n, H.citation, text(v)) for v in ("Statute art. 9", "Synthetic Statute art. 9")],
         "MaxCount", H.citation),
        ("citation-of-provision-not-a-string", _provision, lambda s, n: s.add(n, H.citation, integer(9)), "Datatype",
         H.citation),
        ("two-numbers", _provision, lambda s, n: [s.add(n, H.number, text(v)) for v in ("9", "9 bis")], "MaxCount",
         H.number),
        ("number-not-a-string", _provision, lambda s, n: s.add(n, H.number, integer(9)), "Datatype", H.number)):
    simple(_name, "ProvisionShape", _build, _change, _component, _path)


@kind("provision-part-of-itself", "ProvisionShape")
def _provision_cycle(site: Site) -> list[Result]:
    first = _provision(site, "provision", parent=False)
    second = _provision(site, "other-provision", parent=False)
    site.add(first, H.partOf, second)
    site.add(second, H.partOf, first)
    return [result(first, "ProvisionShape", "SPARQL"), result(second, "ProvisionShape", "SPARQL")]


@kind("counterpart-exact-and-partial", "ProvisionShape")
def _exact_and_partial(site: Site) -> list[Result]:
    first, second = _provision(site, "provision"), _provision(site, "other-provision")
    site.add(first, H.exactCounterpart, second)
    site.add(second, H.partialCounterpart, first)
    return [result(first, "ProvisionShape", "SPARQL"), result(second, "ProvisionShape", "SPARQL")]


def _crime(site: Site) -> ox.NamedNode:
    node = site.thing("Crime", "crime")
    site.add(node, A, SKOS.Concept)
    site.add(node, SKOS.inScheme, ox.NamedNode(f"{SCHEME}crime"))
    site.add(node, SKOS.broader, code("crime", "war-crime"))
    site.add(node, H.definedIn, site.world.law["art-1-c"])
    return node


for _name, _change, _component, _path in (
        ("crime-defined-nowhere", lambda s, n: s.drop(n, H.definedIn), "MinCount", H.definedIn),
        ("crime-defined-in-an-instrument", lambda s, n: s.set(n, H.definedIn, s.world.law["statute"]), "Class",
         H.definedIn),
        ("crime-of-no-category", lambda s, n: s.drop(n, SKOS.broader), "MinCount", SKOS.broader),
        ("crime-under-a-crime", lambda s, n: s.set(n, SKOS.broader, s.world.law["murder"]), "Node", SKOS.broader),
        ("crime-outside-the-crime-scheme", lambda s, n: s.drop(n, SKOS.inScheme), "HasValue", SKOS.inScheme),
        ("crime-matching-a-category", lambda s, n: s.add(n, SKOS.exactMatch, code("crime", "genocide")), "Class",
         SKOS.exactMatch),
        ("crime-close-to-a-category", lambda s, n: s.add(n, SKOS.closeMatch, code("crime", "war-crime")), "Class",
         SKOS.closeMatch)):
    simple(_name, "CrimeShape", _crime, _change, _component, _path)


@kind("protected-by-a-place", "ProtectedObjectShape")
def _protected_by_place(site: Site) -> list[Result]:
    focus = code("object", "school")
    site.add(focus, H.protectedBy, site.thing("Settlement", "place"))
    return [result(focus, "ProtectedObjectShape", "Class", H.protectedBy)]


@kind("protection-of-something-else", "ProtectedObjectShape")
def _protection_of_other(site: Site) -> list[Result]:
    node = site.fresh("category")
    site.add(node, A, SKOS.Concept)
    site.add(node, SKOS.prefLabel, site.label("category"))
    site.add(node, H.protectedBy, site.world.law["indiscriminate"])
    return [result(node, "ProtectedObjectShape", "HasValue", SKOS.inScheme)]


@kind("protection-stated-again-for-narrower", "ProtectedObjectShape")
def _protection_narrower(site: Site) -> list[Result]:
    norm = site.thing("LegalNorm", "norm")
    site.add(code("object", "medical-facility"), H.protectedBy, norm)
    site.add(code("object", "hospital"), H.protectedBy, norm)
    return [result(code("object", "hospital"), "ProtectedObjectShape", "SPARQL")]


# --- figures -------------------------------------------------------------------------------------------------------

@kind("parts-part-of-each-other", "PartOfTotalShape")
def _part_cycle(site: Site) -> list[Result]:
    assert site.annex is not None
    incident = site.incident()
    tallies = []
    for name in ("tally", "other-tally"):
        node = site.claim("Tally", name)
        site.add(node, Q.dataSet, site.annex.datasets["incident"])
        site.add(node, H.aboutIncident, incident)
        for predicate, value in ((H.category, code("category", "civilians-killed")), (H.objectCategory,
                                 code("object", "all")), (H.weapon, code("weapon", "all")), (H.count, integer(7)),
                                 (H.valueQualifier, code("qualifier", "at-least"))):
            site.add(node, predicate, value)
        tallies.append(node)
    site.add(tallies[0], H.partOfTotal, tallies[1])
    site.add(tallies[1], H.partOfTotal, tallies[0])
    return [result(t, "PartOfTotalShape", "SPARQL") for t in tallies]


def _aggregate_part(site: Site, total: ox.NamedNode, name: str, perpetrator: str, count: int) -> ox.NamedNode:
    """An exact part of the aggregate figure ``total`` by another perpetrator, with its other dimensions."""
    part = site.fresh(name)
    for triple in [t for t in site.block.triples if t.subject == total]:
        site.add(part, triple.predicate, triple.object)
    site.set(part, H.perpetrator, site.actor(perpetrator))
    site.set(part, H.confidence, code("grade", "confirmed"))
    site.set(part, H.count, integer(count))
    site.set(part, H.valueQualifier, code("qualifier", "exact"))
    site.add(part, H.partOfTotal, total)
    return part


@kind("parts-add-up-to-more-than-the-total", "SumOfPartsShape")
def _sum_of_parts(site: Site) -> list[Result]:
    total = site.tally("aggregate")
    site.set(total, H.perpetrator, code("dimension", "total"))
    site.drop(total, H.confidence)
    site.set(total, H.count, integer(10))
    _aggregate_part(site, total, "gamma", "gamma-brigade", 6)
    _aggregate_part(site, total, "delta", "delta-front", 7)
    return [result(total, "SumOfPartsShape", "SPARQL", H.perpetrator)]


def _alliance_sum(total_count: int, qualifier: str, parts: tuple[int, int]) -> Callable[[Site], list[Result]]:
    def make(site: Site) -> list[Result]:
        total = site.tally("aggregate")
        site.set(total, H.perpetrator, site.actor("alliance"))
        site.set(total, H.count, integer(total_count))
        site.set(total, H.valueQualifier, code("qualifier", qualifier))
        for member, count in zip(site.world.members, parts, strict=True):
            _aggregate_part(site, total, member, member, count)
        return [result(total, "AllianceSumShape", "SPARQL")]
    return make


kind("alliance-figure-not-the-sum-of-its-members", "AllianceSumShape")(_alliance_sum(12, "exact", (7, 4)))
kind("alliance-lower-bound-above-its-members", "AllianceSumShape")(_alliance_sum(20, "at-least", (8, 9)))


def _tally(site: Site) -> ox.NamedNode:
    return site.tally("incident")


def _aggregate(site: Site) -> ox.NamedNode:
    return site.tally("aggregate")


def _share(site: Site) -> ox.NamedNode:
    return site.tally("share")


def _second_dataset(site: Site, node: ox.NamedNode) -> None:
    assert site.annex is not None
    dataset = site.fresh("dataset")
    site.add(dataset, A, Q.DataSet)
    site.add(dataset, RDFS.label, site.label("data set"))
    site.add(dataset, Q.structure, site.world.dsd["incident-figures"])
    site.add(dataset, P.wasDerivedFrom, site.annex.documents[0])
    site.add(node, Q.dataSet, dataset)


def _period(site: Site, name: str = "period") -> ox.NamedNode:
    node = site.thing("Period", name)
    site.add(node, H.startDate, day(site.world.months[0]))
    return node


for _name, _build, _change, _component, _path in (
        ("figure-in-no-data-set", _tally, lambda s, n: s.drop(n, Q.dataSet), "MinCount", Q.dataSet),
        ("figure-in-two-data-sets", _tally, _second_dataset, "MaxCount", Q.dataSet),
        ("figure-in-a-document-as-data-set", _tally, lambda s, n: s.set(n, Q.dataSet, s.annex.documents[0]), "Class",
         Q.dataSet),
        ("figure-of-two-categories", _tally, lambda s, n: s.add(n, H.category, code("category", "displaced")),
         "MaxCount", H.category),
        ("category-miscoded", _tally, lambda s, n: s.set(n, H.category, code("incident-kind", "massacre")), "Node",
         H.category),
        ("two-counts", _tally, lambda s, n: s.add(n, H.count, integer(13)), "MaxCount", H.count),
        ("count-not-an-integer", _tally, lambda s, n: s.set(n, H.count, typed("12.5", XSD.decimal)), "Datatype",
         H.count),
        ("negative-count", _tally, lambda s, n: s.set(n, H.count, integer(-3)), "MinInclusive", H.count),
        ("two-value-qualifiers", _tally, lambda s, n: s.add(n, H.valueQualifier, code("qualifier", "at-least")),
         "MaxCount", H.valueQualifier),
        ("value-qualifier-not-listed", _tally, lambda s, n: s.set(n, H.valueQualifier, code("grade", "confirmed")),
         "In", H.valueQualifier),
        ("figure-about-two-incidents", _tally, lambda s, n: s.add(n, H.aboutIncident, s.incident("other-incident")),
         "MaxCount", H.aboutIncident),
        ("object-category-miscoded", _tally, lambda s, n: s.set(n, H.objectCategory, code("weapon", "all")), "Node",
         H.objectCategory),
        ("two-object-categories", _tally, lambda s, n: s.add(n, H.objectCategory, code("object", "market")),
         "MaxCount", H.objectCategory),
        ("weapon-miscoded", _tally, lambda s, n: s.set(n, H.weapon, code("object", "all")), "Node", H.weapon),
        ("two-weapons", _tally, lambda s, n: s.add(n, H.weapon, code("weapon", "barrel-bombs")), "MaxCount",
         H.weapon),
        ("figure-part-of-a-place", _tally, lambda s, n: s.add(n, H.partOfTotal, s.country), "Class", H.partOfTotal),
        ("two-lower-bound-notes", _tally,
         lambda s, n: [s.add(n, H.lowerBoundNote, text(f"Note {k}.")) for k in (1, 2)], "MaxCount",
         H.lowerBoundNote),
        ("lower-bound-note-not-a-string", _tally, lambda s, n: s.add(n, H.lowerBoundNote, integer(1)), "Datatype",
         H.lowerBoundNote),
        ("count-and-share", _tally,
         lambda s, n: [s.add(n, H.shareNumerator, integer(1)), s.add(n, H.shareDenominator, integer(2))], "Xone",
         None),
        ("perpetrator-neither-actor-nor-code", _aggregate, lambda s, n: s.set(n, H.perpetrator, s.country), "Or",
         H.perpetrator),
        ("two-perpetrators", _aggregate, lambda s, n: s.add(n, H.perpetrator, s.actor("delta-front")), "MaxCount",
         H.perpetrator),
        ("reference-period-not-a-period", _aggregate, lambda s, n: s.set(n, H.refPeriod, s.country), "Or",
         H.refPeriod),
        ("two-reference-periods", _aggregate, lambda s, n: s.add(n, H.refPeriod, _period(s)), "MaxCount",
         H.refPeriod),
        ("reference-area-not-a-place", _aggregate, lambda s, n: s.set(n, H.refArea, s.actor("alpha")), "Or",
         H.refArea),
        ("two-reference-areas", _aggregate, lambda s, n: s.add(n, H.refArea, s.world.governorates[0].node),
         "MaxCount", H.refArea),
        ("incident-kind-of-figure-miscoded", _aggregate,
         lambda s, n: s.set(n, H.incidentKind, code("weapon", "all")), "Node", H.incidentKind),
        ("two-incident-kinds-of-figure", _aggregate,
         lambda s, n: s.add(n, H.incidentKind, code("incident-kind", "airstrike")), "MaxCount", H.incidentKind),
        ("numerator-above-denominator", _share, lambda s, n: s.set(n, H.shareNumerator, integer(4)),
         "LessThanOrEquals", H.shareNumerator),
        ("numerator-not-an-integer", _share, lambda s, n: s.set(n, H.shareNumerator, typed("0.5", XSD.decimal)),
         "Datatype", H.shareNumerator),
        ("two-numerators", _share, lambda s, n: s.add(n, H.shareNumerator, integer(2)), "MaxCount", H.shareNumerator),
        ("negative-numerator", _share, lambda s, n: s.set(n, H.shareNumerator, integer(-1)), "MinInclusive",
         H.shareNumerator),
        ("denominator-of-zero",
         _share, lambda s, n: [s.set(n, H.shareNumerator, integer(0)), s.set(n, H.shareDenominator, integer(0))],
         "MinExclusive", H.shareDenominator),
        ("two-denominators", _share, lambda s, n: s.add(n, H.shareDenominator, integer(4)), "MaxCount",
         H.shareDenominator),
        ("denominator-not-an-integer", _share,
         lambda s, n: s.set(n, H.shareDenominator, typed("3.0", XSD.decimal)), "Datatype", H.shareDenominator)):
    simple(_name, "TallyShape", _build, _change, _component, _path)


@kind("figure-of-no-category", "TallyShape")
def _no_category(site: Site) -> list[Result]:
    node = _tally(site)
    site.drop(node, H.category)
    return [result(node, "TallyShape", "MinCount", H.category),
            result(node, "ObservationStructureShape", "SPARQL", H.category)]


@kind("figure-without-value-qualifier", "TallyShape")
def _no_qualifier(site: Site) -> list[Result]:
    node = _tally(site)
    site.drop(node, H.valueQualifier)
    return [result(node, "TallyShape", "MinCount", H.valueQualifier),
            result(node, "ObservationStructureShape", "SPARQL", H.valueQualifier)]


simple("figure-missing-a-dimension", "ObservationStructureShape", _tally, lambda s, n: s.drop(n, H.weapon), "SPARQL",
       H.weapon)
simple("figure-with-a-foreign-dimension", "ObservationStructureShape", _tally,
       lambda s, n: [s.add(n, H.perpetrator, s.actor("alpha-forces")),
                     s.add(n, H.confidence, code("grade", "confirmed"))], "SPARQL", H.perpetrator)


@kind("undetermined-figure-names-actor", "UndeterminedTallyShape")
def _undetermined_figure_named(site: Site) -> list[Result]:
    node = _aggregate(site)
    site.set(node, H.confidence, code("grade", "undetermined"))
    return [result(node, "UndeterminedTallyShape", "SPARQL"), result(node, "UndeterminedTallyShape", "SPARQL")]


for _name, _change in (
        ("undetermined-figure-ungraded",
         lambda s, n: [s.set(n, H.perpetrator, code("dimension", "undetermined")), s.drop(n, H.confidence)]),
        ("candidates-of-a-determined-figure", lambda s, n: s.add(n, H.candidate, s.actor("delta-front"))),
        ("figure-of-an-actor-ungraded", lambda s, n: s.drop(n, H.confidence))):
    simple(_name, "UndeterminedTallyShape", _aggregate, _change, "SPARQL", None)


def _dataset(site: Site) -> ox.NamedNode:
    assert site.annex is not None
    node = site.fresh("dataset")
    site.add(node, A, Q.DataSet)
    site.add(node, RDFS.label, site.label("data set"))
    site.add(node, Q.structure, site.world.dsd["incident-figures"])
    site.add(node, P.wasDerivedFrom, site.annex.documents[0])
    return node


def _held_from_elsewhere(site: Site, dataset: ox.NamedNode) -> None:
    tally = site.claim("Tally", "tally", document=1)
    for predicate, value in ((Q.dataSet, dataset), (H.aboutIncident, site.incident()),
                             (H.category, code("category", "injured")), (H.objectCategory, code("object", "all")),
                             (H.weapon, code("weapon", "all")), (H.count, integer(5)),
                             (H.valueQualifier, code("qualifier", "exact"))):
        site.add(tally, predicate, value)


for _name, _change, _component, _path in (
        ("data-set-without-label", lambda s, n: s.drop(n, RDFS.label), "MinCount", RDFS.label),
        ("data-set-without-structure", lambda s, n: s.drop(n, Q.structure), "MinCount", Q.structure),
        ("data-set-of-two-structures", lambda s, n: s.add(n, Q.structure, s.world.dsd["aggregate-figures"]),
         "MaxCount", Q.structure),
        ("data-set-structured-by-a-document", lambda s, n: s.set(n, Q.structure, s.annex.documents[0]), "Class",
         Q.structure),
        ("data-set-of-no-source", lambda s, n: s.drop(n, P.wasDerivedFrom), "MinCount", P.wasDerivedFrom),
        ("data-set-of-two-sources", lambda s, n: s.add(n, P.wasDerivedFrom, s.annex.documents[1]), "MaxCount",
         P.wasDerivedFrom),
        ("data-set-of-a-place", lambda s, n: s.set(n, P.wasDerivedFrom, s.country), "Class", P.wasDerivedFrom),
        ("data-set-holding-another-sources-figure", _held_from_elsewhere, "SPARQL", None)):
    simple(_name, "DataSetShape", _dataset, _change, _component, _path)


# --- time ----------------------------------------------------------------------------------------------------------

for _name, _build, _change, _shape, _component, _path in (
        ("period-starting-twice", _period, lambda s, n: s.add(n, H.startDate, day(s.world.months[0]
                                                                                   + timedelta(days=1))),
         "DatedShape", "MaxCount", H.startDate),
        ("period-starting-at-a-time", lambda s: s.thing("Period", "period"),
         lambda s, n: s.add(n, H.startDate, typed("2013-01-01T00:00:00", XSD.dateTime)), "DatedShape", "Node",
         H.startDate),
        ("period-ending-at-a-time", _period,
         lambda s, n: s.add(n, H.endDate, typed("2013-01-31T23:59:59", XSD.dateTime)), "DatedShape", "Node",
         H.endDate),
        ("period-ending-twice", _period,
         lambda s, n: [s.add(n, H.endDate, day(s.world.months[0] + timedelta(days=d))) for d in (29, 30)],
         "DatedShape", "MaxCount", H.endDate),
        ("period-in-the-future", lambda s: s.thing("Period", "period"),
         lambda s, n: s.add(n, H.startDate, day(date(2999, 1, 1))), "DatedShape", "SPARQL", H.startDate),
        ("period-ending-before-it-starts", _period,
         lambda s, n: s.add(n, H.endDate, day(s.world.months[0] - timedelta(days=1))), "DatedShape", "SPARQL", None),
        ("period-without-label", lambda s: s.thing("Period", "period", labelled=False),
         lambda s, n: s.add(n, H.startDate, day(s.world.months[0])), "PeriodShape", "MinCount", RDFS.label),
        ("period-undated", lambda s: s.thing("Period", "period"), lambda s, n: None, "PeriodShape", "Or", None),
        ("duration-in-words", lambda s: s.thing("Period", "period"), lambda s, n: s.add(n, H.duration, text("25 days")),
         "PeriodShape", "Datatype", H.duration),
        ("two-durations", lambda s: s.thing("Period", "period"),
         lambda s, n: [s.add(n, H.duration, typed(v, XSD.duration)) for v in ("P25D", "P26D")], "PeriodShape",
         "MaxCount", H.duration),
        ("period-after-two-ends", lambda s: s.thing("Period", "period"),
         lambda s, n: [s.add(n, H.startsAfterEndOf, a.node) for a in s.world.agreements], "PeriodShape", "MaxCount",
         H.startsAfterEndOf),
        ("period-starting-with-a-place", lambda s: s.thing("Period", "period"),
         lambda s, n: s.add(n, H.startsWith, s.country), "PeriodShape", "Class", H.startsWith),
        ("period-starting-with-two-incidents", lambda s: s.thing("Period", "period"),
         lambda s, n: [s.add(n, H.startsWith, s.incident(name)) for name in ("incident", "other-incident")],
         "PeriodShape", "MaxCount", H.startsWith)):
    simple(_name, _shape, _build, _change, _component, _path)


#: The kinds that change an incident (each needs one incident of its own).
INCIDENT_KINDS = sorted(name for name, k in KINDS.items() if k.incident)


# --- the plan ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Planned:
    """One defect to inject: its number, its kind, and the incident it changes (if it changes one)."""

    number: int
    kind: str
    incident: int | None


@dataclass
class DefectPlan:
    """Which defects go where, and (once the data is generated) the results they must draw."""

    planned: list[Planned] = field(default_factory=list)
    results: dict[int, list[Result]] = field(default_factory=dict)
    documents: list[ox.NamedNode] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_incident = {p.incident: p for p in self.planned if p.incident is not None}

    def start(self) -> None:
        """Forget the results of an earlier generation."""
        self.results = {}
        self.documents = []

    def adjust(self, world: World, plan: Plan) -> Plan:
        """The plan of an incident, as the defect it hosts needs it."""
        planned = self._by_incident.get(plan.index)
        needs = KINDS[planned.kind].needs if planned is not None else None
        return needs(plan, world) if needs is not None else plan

    def apply_to_incident(self, world: World, rendered: Rendered) -> None:
        """Inject the defect the incident hosts, if any."""
        planned = self._by_incident.get(rendered.plan.index)
        if planned is not None:
            site = Site(planned.number, rendered.block, world, None, rendered)
            self.results[planned.number] = KINDS[planned.kind].make(site)

    def bundles(self, world: World) -> Iterator[Block]:
        """The annex, then the defects that need no incident, each in a block of its own."""
        others = [p for p in self.planned if p.incident is None]
        if not others:
            return
        block = Block()
        annex = Annex(world, block)
        self.documents = list(annex.documents)
        yield block
        for planned in others:
            site = Site(planned.number, Block(), world, annex)
            self.results[planned.number] = KINDS[planned.kind].make(site)
            yield site.block

    def rows(self) -> list[dict]:
        """One row per expected result: the defect's number and kind, and the result."""
        kinds = {p.number: p.kind for p in self.planned}
        return [{"defect": number, "kind": kinds[number], "focus": r.focus, "node_shape": r.node_shape,
                 "constraint": r.constraint, "path": r.path, "severity": r.severity}
                for number in sorted(self.results) for r in self.results[number]]

    def by_kind(self) -> dict[str, int]:
        """How many defects of each kind are planned."""
        return dict(sorted(Counter(p.kind for p in self.planned).items()))


def plan_defects(incidents: int, seed: int, rate: float) -> DefectPlan:
    """Plan ``rate × incidents`` defects (rounded), or one of every kind if that is more and there are enough
    incidents for the kinds that change one; kinds follow each other in an order drawn from ``seed``, and the
    defects that change an incident each get an incident of their own."""
    if rate <= 0:
        return DefectPlan()
    rng = random.Random(f"{seed}:defects")
    order = sorted(KINDS)
    rng.shuffle(order)
    count = round(rate * incidents)
    if incidents >= len(INCIDENT_KINDS):
        count = max(count, len(order))
    chosen = [order[j % len(order)] for j in range(count)]
    hosted = [j for j, name in enumerate(chosen) if KINDS[name].incident]
    hosts = iter(rng.sample(range(incidents), min(len(hosted), incidents)))
    planned = []
    for number, name in enumerate(chosen):
        if KINDS[name].incident:
            host = next(hosts, None)
            if host is None:
                continue  # more defects of incidents than incidents: left out
            planned.append(Planned(number, name, host))
        else:
            planned.append(Planned(number, name, None))
    return DefectPlan(planned)
