"""Synthetic Hisab data, for benchmarks and tests: ``hisab synth --incidents N --seed S --out FILE``.

The generator writes a self-contained world in the project's model (the ontology and the shapes are
all it needs to conform): its own actors, places, agreements, law and source documents, and N
incidents, each described by one to three synthetic monitors in their monthly reports. Everything is
obviously synthetic: every IRI is under ``https://w3id.org/hisab/id/synthetic/`` (``hid:synthetic/``),
every label starts with "Synthetic", every source document says it is synthetic, and no name or
figure is taken from the world.

What an incident brings (each source its own claims, with the passage of its report that supports them):

* the incident itself (a label that names no perpetrator) and the facility it hit, with coordinates;
* per source: a description (kind, weapon, target, place, and a date at the source's precision: a
  day, a month only, or a two-day period; sometimes a time of day), an attribution with its grade
  (or undetermined, with candidates), the figures (civilians killed, children and women among them as
  parts of that total, injured) in the report's data set, and sometimes violation allegations (a
  customary norm, a provision of the synthetic statute with the project's mapping for the stated
  conflict character, an agreement whose area and period the incident falls in), a finding that no
  warning was given, a demand, a citation;
* descriptions and attributions of the same incident by different sources linked as corroborating;
  denials by the accused party, rebuttals, and counter-claims about the target.

Each monthly report also gives aggregate figures: civilians killed by perpetrator, the alliance's
figure split exactly between its members, an undetermined share with its candidates, and a total
that its parts add up to; and a share of incidents. Places form a hierarchy (country > governorate >
city > neighbourhood, from a synthetic gazetteer); two agreements cover areas (governorates, a
de-escalation zone of named cities) from a date of entry into force.

**Source texts.** A source document's text is never written out, but it is defined: a header line,
then each passage the generator writes for the document, one per line, in the order generated, then a
footer line. Every evidence span ``[start, end)`` is one passage; ``hisab:sha256`` and
``hisab:characterCount`` are the SHA-256 and length of that (ASCII) text, ``hisab:ownTextStart`` and
``hisab:ownTextEnd`` frame the passages. The same N and seed give the same texts; with ``texts``,
:meth:`Synthetic.write` also writes them, one file per document (``hisab:localFileName``).

**Determinism.** The same N, seed and defect rate give byte-identical files: every choice comes from
:class:`random.Random` generators seeded from the seed (one for the world, one per incident, one for the
defects), and nothing depends on set order, hashing or the clock.

**Defects.** With ``defects`` > 0, :mod:`hisab.synth_defects` injects deliberate defects, each
breaking one constraint of the shapes, and lists the validation results they must draw in
``FILE.defects.json``: one object per result, ``{"defect": its number, "kind", "focus" (full IRI),
"node_shape" (compact, ``hsh:IncidentShape``), "constraint" (compact, ``sh:MinCountConstraintComponent``),
"path" (compact, or null when the result has no path or a complex one), "severity"}`` (an empty list
without defects). ``hisab validate FILE`` reports exactly these results, no more and no fewer.

**Size.** Triples by number of incidents (seed 0, no defects). An incident brings about 125 triples (its
sources' claims, figures and evidence spans); the monthly reports' own figures add about 15 more per
incident while the period grows (25 incidents a month, up to 96 months, 2013 to 2020), and the world
(places, actors, agreements, law, structures) about 600:

==========  ==========  ====================  =================
incidents   triples     triples per incident  writing (``.nt``)
==========  ==========  ====================  =================
100         14,513      145                   0.06 s
1,000       141,302     141                   0.3 s
10,000      1,267,783   127                   2.5 s
==========  ==========  ====================  =================

(2 CPU cores, Python 3.11; memory stays under 50 MB whatever N, since triples are streamed to the file;
with ``defects`` 1.0, 10,000 incidents take 4 s.)
"""

from __future__ import annotations

import calendar
import contextlib
import hashlib
import json
import os
import random
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from hisab.errors import HisabError
from hisab.namespaces import HISAB, OA, PREFIXES, PROV, QB, SCHEME

if TYPE_CHECKING:
    from hisab.synth_defects import DefectPlan

#: Every synthetic IRI starts with this.
SYNTHETIC = "https://w3id.org/hisab/id/synthetic/"
#: File suffixes the generator writes, and their formats.
FORMATS = {".nt": ox.RdfFormat.N_TRIPLES, ".ttl": ox.RdfFormat.TURTLE}
DEFECTS_SUFFIX = ".defects.json"
FIRST_MONTH = (2013, 1)
MAX_MONTHS = 96  # 2013-01 to 2020-12: every date lies in the past
INCIDENTS_PER_MONTH = 25

Progress = Callable[[int, int], None]


# --- terms ----------------------------------------------------------------------------------------------

class _Terms:
    """The named nodes of one namespace, each made once: ``H.describes``, ``H["not-stated"]``."""

    def __init__(self, base: str) -> None:
        self._base = base

    def __getattr__(self, local: str) -> ox.NamedNode:
        if local.startswith("_"):
            raise AttributeError(local)
        node = ox.NamedNode(self._base + local)
        setattr(self, local, node)
        return node

    def __getitem__(self, local: str) -> ox.NamedNode:
        return self.__getattr__(local) if "-" not in local else ox.NamedNode(self._base + local)


H = _Terms(str(HISAB))
RDF = _Terms("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = _Terms("http://www.w3.org/2000/01/rdf-schema#")
SKOS = _Terms("http://www.w3.org/2004/02/skos/core#")
DCT = _Terms("http://purl.org/dc/terms/")
XSD = _Terms("http://www.w3.org/2001/XMLSchema#")
O = _Terms(str(OA))  # noqa: E741 (the Web Annotation namespace)
Q = _Terms(str(QB))
P = _Terms(str(PROV))
A = RDF.type


@cache
def code(scheme: str, local: str) -> ox.NamedNode:
    """A concept of one of the project's schemes: ``code("grade", "confirmed")``."""
    return ox.NamedNode(f"{SCHEME}{scheme}/{local}")


def iri(path: str) -> ox.NamedNode:
    """A synthetic IRI: ``iri("actor/monitor-one")``."""
    return ox.NamedNode(SYNTHETIC + path)


def text(value: str) -> ox.Literal:
    """An xsd:string literal."""
    return ox.Literal(value)


def english(value: str) -> ox.Literal:
    """A label in English."""
    return ox.Literal(value, language="en")


def integer(value: int) -> ox.Literal:
    """An xsd:integer literal."""
    return ox.Literal(str(value), datatype=XSD.integer)


def day(value: date) -> ox.Literal:
    """An xsd:date literal."""
    return ox.Literal(value.isoformat(), datatype=XSD.date)


def month(value: date) -> ox.Literal:
    """An xsd:gYearMonth literal: the month of ``value``."""
    return ox.Literal(value.isoformat()[:7], datatype=XSD.gYearMonth)


def typed(value: str, datatype: ox.NamedNode) -> ox.Literal:
    """A literal of any datatype."""
    return ox.Literal(value, datatype=datatype)


# --- blocks of triples ----------------------------------------------------------------------------------

Term = ox.NamedNode | ox.BlankNode | ox.Literal


class Block:
    """The triples of one part of the world (an incident, a document), in the order they are written.

    Small enough to be changed in place before it is written: a defect adds, drops or replaces triples.
    """

    __slots__ = ("triples",)

    def __init__(self) -> None:
        self.triples: list[ox.Triple] = []

    def add(self, subject: ox.NamedNode | ox.BlankNode, predicate: ox.NamedNode, obj: Term) -> None:
        """Add one triple."""
        self.triples.append(ox.Triple(subject, predicate, obj))

    def drop(self, subject: Term, predicate: ox.NamedNode | None = None, obj: Term | None = None) -> None:
        """Remove the triples of ``subject`` (with ``predicate``, with ``obj`` when given)."""
        self.triples = [t for t in self.triples if not (
            t.subject == subject and (predicate is None or t.predicate == predicate)
            and (obj is None or t.object == obj))]

    def set(self, subject: ox.NamedNode | ox.BlankNode, predicate: ox.NamedNode, obj: Term) -> None:
        """Replace the values of ``predicate`` on ``subject`` with ``obj``."""
        self.drop(subject, predicate)
        self.add(subject, predicate, obj)

    def values(self, subject: Term, predicate: ox.NamedNode) -> list[Term]:
        """The objects of ``subject`` and ``predicate``."""
        return [t.object for t in self.triples if t.subject == subject and t.predicate == predicate]



# --- the world: actors, places, agreements, law, structures, reference documents --------------------------

@dataclass(frozen=True)
class Place:
    """A place of the synthetic gazetteer, with the indexes that say where it lies."""

    node: ox.NamedNode
    label: str
    governorate: int
    city: int | None = None  # index into World.cities
    in_zone: bool = False
    longitude: float = 0.0
    latitude: float = 0.0


@dataclass(frozen=True)
class Actor:
    """An actor and, for an armed force, the state it answers to."""

    node: ox.NamedNode
    label: str
    state: int | None = None  # index into World.actors


@dataclass(frozen=True)
class Agreement:
    """An agreement, the governorates or zone it covers and when it entered into force."""

    node: ox.NamedNode
    label: str
    entry: date
    governorates: tuple[int, ...] = ()
    zone: bool = False


@dataclass(frozen=True)
class Monitor:
    """A synthetic monitoring organisation: the sources of the incidents."""

    actor: Actor
    slug: str
    minimum: int  # its definition of a massacre: civilian deaths from this many
    methodology: ox.NamedNode
    definition_span: ox.NamedNode


@dataclass
class World:
    """Everything the incidents refer to."""

    seed: int
    months: list[date]
    country: Place
    governorates: list[Place]
    cities: list[Place]
    neighbourhoods: list[Place]
    zone: ox.NamedNode
    actors: dict[str, Actor]
    monitors: list[Monitor]
    perpetrators: list[str]  # keys of actors incidents are attributed to
    members: tuple[str, str]  # the alliance's members
    agreements: list[Agreement]
    law: dict[str, ox.NamedNode]
    conflicts: dict[str, ox.NamedNode]
    dsd: dict[str, ox.NamedNode]
    references: dict[str, ox.NamedNode]
    block: Block = field(default_factory=Block)
    texts: dict[str, str] | None = None  # file name -> synthetic text, when the texts are kept


# incident kind, its label, weapon, weapon model (or None)
ATTACKS = (
    ("airstrike", "airstrike", "fixed-wing-aircraft", None),
    ("airstrike", "helicopter strike", "helicopters", None),
    ("barrel-bomb-attack", "barrel bomb attack", "barrel-bombs", None),
    ("shelling", "shelling", "munition", None),
    ("missile-strike", "missile strike", "cruise-missiles", "Synthetic missile model SM-1"),
)
FACILITIES = ("market", "hospital", "school", "mosque", "shop", "residential-building", "clinic", "police-station")
MONITORS = (("monitor-one", "Synthetic Monitor One", 5), ("monitor-two", "Synthetic Monitor Two", 5),
            ("monitor-three", "Synthetic Monitor Three", 3))


def world_of(incidents: int, seed: int, *, keep_texts: bool = False) -> World:
    """The world ``incidents`` incidents happen in: its size grows slowly with their number. With
    ``keep_texts``, the synthetic texts of its source documents are kept in ``texts``."""
    rng = random.Random(f"{seed}:world")
    months = _months(incidents)
    block = Block()
    country, governorates, cities, neighbourhoods, zone = _places(incidents, rng, block)
    actors = _actors(block)
    references = _reference_documents(block, actors)
    world = World(seed=seed, months=months, country=country, governorates=governorates, cities=cities,
                  neighbourhoods=neighbourhoods, zone=zone, actors=actors, monitors=[],
                  perpetrators=["alpha-forces", "beta-forces", "gamma-brigade", "delta-front"],
                  members=("alpha-forces", "beta-forces"), agreements=[], law={}, conflicts={}, dsd={},
                  references=references, block=block, texts={} if keep_texts else None)
    _gazetteer(world)
    _register(world)
    _agreements(world)
    _law(world)
    _conflicts_and_structures(world)
    _monitors(world)
    return world


def _months(incidents: int) -> list[date]:
    count = max(1, min(MAX_MONTHS, -(-incidents // INCIDENTS_PER_MONTH)))
    year, first = FIRST_MONTH
    return [date(year + (first - 1 + k) // 12, (first - 1 + k) % 12 + 1, 1) for k in range(count)]


def _places(incidents: int, rng: random.Random, block: Block):
    governorates = max(2, min(8, 2 + incidents // 1500))
    cities_each = max(2, min(4, 2 + incidents // 4000))
    neighbourhoods_each = max(2, min(6, 2 + incidents // 1000))
    country = Place(iri("place/country"), "Synthetic Country", -1)
    _place(block, country, "Country")
    govs, cities, hoods = [], [], []
    for g in range(governorates):
        gov = Place(iri(f"place/governorate-{g + 1}"), f"Synthetic Governorate {g + 1}", g)
        govs.append(gov)
        _place(block, gov, "Governorate")
        for c in range(cities_each):
            lon, lat = round(30 + 2 * g + rng.random(), 4), round(30 + c + rng.random(), 4)
            city = Place(iri(f"place/city-{g + 1}-{c + 1}"), f"Synthetic City {g + 1}-{c + 1}", g, len(cities),
                         in_zone=g in (0, 1) and c == 0, longitude=lon, latitude=lat)
            cities.append(city)
            _place(block, city, "Settlement")
            for n in range(neighbourhoods_each):
                hood = Place(iri(f"place/neighbourhood-{g + 1}-{c + 1}-{n + 1}"),
                             f"Synthetic Neighbourhood {g + 1}-{c + 1}-{n + 1}", g, city.city, city.in_zone,
                             round(lon + 0.01 * (n + 1), 4), round(lat + 0.01 * (n + 1), 4))
                hoods.append(hood)
                _place(block, hood, "Neighbourhood")
    zone = iri("place/de-escalation-zone")
    block.add(zone, A, H.DeEscalationZone)
    block.add(zone, RDFS.label, english("Synthetic De-escalation Zone"))
    return country, govs, cities, hoods, zone


def _place(block: Block, place: Place, cls: str) -> None:
    block.add(place.node, A, H[cls])
    block.add(place.node, RDFS.label, english(place.label))


ACTORS = {  # key: (class, label, the key of its state)
    "alpha": ("State", "Synthetic State Alpha", None),
    "beta": ("State", "Synthetic State Beta", None),
    "alpha-forces": ("ArmedForce", "Synthetic Alpha Armed Forces", "alpha"),
    "beta-forces": ("ArmedForce", "Synthetic Beta Armed Forces", "beta"),
    "alliance": ("Alliance", "Synthetic Alpha-Beta Coalition", None),
    "gamma-brigade": ("ArmedGroup", "Synthetic Gamma Brigade", None),
    "delta-front": ("ArmedGroup", "Synthetic Delta Front", None),
    "council": ("IntergovernmentalBody", "Synthetic Council of Nations", None),
    "mapping-office": ("GovernmentBody", "Synthetic Mapping Office", None),
    **{slug: ("MonitoringOrganisation", label, None) for slug, label, _ in MONITORS},
}


def _actors(block: Block) -> dict[str, Actor]:
    actors = {}
    for key, (cls, label, state) in ACTORS.items():
        actor = Actor(iri(f"actor/{key}"), label, state)
        actors[key] = actor
        block.add(actor.node, A, H[cls])
        block.add(actor.node, RDFS.label, english(label))
    return actors


SYNTHETIC_NOTE = ("Synthetic document made up by hisab synth, the Hisab project's generator of test data: "
                  "not a real report; every name, place and figure in it is invented.")


def _reference_documents(block: Block, actors: dict[str, Actor]) -> dict[str, ox.NamedNode]:
    references = {}
    for key, label, publisher in (
            ("gazetteer", "Synthetic gazetteer of the Synthetic Country", "mapping-office"),
            ("register", "Synthetic register of the parties to the conflict", "council"),
            ("ceasefire-text", "Synthetic ceasefire agreement, text", "council"),
            ("zone-text", "Synthetic de-escalation agreement, text", "council")):
        node = iri(f"document/{key}")
        references[key] = node
        block.add(node, A, H.ReferenceDocument)
        block.add(node, RDFS.label, english(label))
        block.add(node, DCT.publisher, actors[publisher].node)
        block.add(node, DCT.description, english(SYNTHETIC_NOTE))
        block.add(node, DCT.bibliographicCitation, text(f"{label} (synthetic reference, hisab synth)."))
    return references


def describe(block: Block, node: ox.NamedNode, cls: str, thing: ox.NamedNode, claimant: ox.NamedNode,
             document: ox.NamedNode, *, locator: str | None = None, evidence: ox.NamedNode | None = None,
             gist: str | None = None) -> ox.NamedNode:
    """A description (or any claim when ``thing`` is None) with its provenance: claimant, document and a
    locator (reference documents) or an evidence span (source documents)."""
    block.add(node, A, H[cls])
    if thing is not None:
        block.add(node, H.describes, thing)
    if gist is not None:
        block.add(node, H.gist, text(gist))
    block.add(node, H.claimedBy, claimant)
    block.add(node, H.statedIn, document)
    if locator is not None:
        block.add(node, H.locator, text(locator))
    if evidence is not None:
        block.add(node, H.evidence, evidence)
    return node


def _gazetteer(world: World) -> None:
    """Where the places lie, as the synthetic mapping office's gazetteer says."""
    block, office, gazetteer = world.block, world.actors["mapping-office"].node, world.references["gazetteer"]
    for place, parent, level in (
            *((g, world.country, "governorates") for g in world.governorates),
            *((c, world.governorates[c.governorate], "cities") for c in world.cities),
            *((n, world.cities[n.city], "neighbourhoods") for n in world.neighbourhoods)):
        node = describe(block, iri(f"claim/gazetteer-{place.node.value.rsplit('/', 1)[1]}"), "PlaceDescription",
                        place.node, office, gazetteer, locator=f"table of {level}")
        block.add(node, H.locatedIn, parent.node)


def _register(world: World) -> None:
    """Who answers to whom and who is in the alliance, as the synthetic council's register says."""
    block, council, register = world.block, world.actors["council"].node, world.references["register"]
    for key, actor in world.actors.items():
        if actor.state is not None:
            node = describe(block, iri(f"claim/register-{key}"), "ActorDescription", actor.node, council, register,
                            locator="list of armed forces")
            block.add(node, H.underAuthorityOf, world.actors[actor.state].node)
    node = describe(block, iri("claim/register-alliance"), "ActorDescription", world.actors["alliance"].node,
                    council, register, locator="list of alliances")
    for member in world.members:
        block.add(node, H.hasMember, world.actors[member].node)


def _agreements(world: World) -> None:
    """A ceasefire over every governorate but the last, in force before the first incident, and a
    de-escalation agreement over a zone of two cities, in force from the middle of the period."""
    block, council, actors = world.block, world.actors["council"].node, world.actors
    middle = world.months[len(world.months) // 2]
    ceasefire = Agreement(iri("agreement/ceasefire"), "Synthetic ceasefire agreement", date(2012, 11, 15),
                          governorates=tuple(range(len(world.governorates) - 1)))
    zone = Agreement(iri("agreement/de-escalation"), "Synthetic de-escalation agreement", middle.replace(day=15),
                     zone=True)
    world.agreements = [ceasefire, zone]
    for agreement, cls, doc, status in ((ceasefire, "CeasefireAgreement", "ceasefire-text", "in-force"),
                                        (zone, "DeEscalationAgreement", "zone-text", "collapsed")):
        block.add(agreement.node, A, H[cls])
        block.add(agreement.node, RDFS.label, english(agreement.label))
        node = describe(block, iri(f"claim/{doc}-agreement"), "AgreementDescription", agreement.node, council,
                        world.references[doc], locator="preamble and article 1")
        block.add(node, H.party, actors["alliance"].node)
        block.add(node, H.party, actors["gamma-brigade"].node)
        block.add(node, H.primarySponsor, actors["council"].node)
        block.add(node, H.guarantor, actors["alpha"].node)
        block.add(node, H.guarantor, actors["beta"].node)
        block.add(node, H.signatureDate, day(agreement.entry - timedelta(days=5)))
        block.add(node, H.entryIntoForce, day(agreement.entry))
        block.add(node, H.agreementStatus, code("status", status))
        for g in agreement.governorates:
            block.add(node, H.coversArea, world.governorates[g].node)
        if agreement.zone:
            block.add(node, H.coversArea, world.zone)
    text_doc = world.references["zone-text"]
    node = describe(block, iri("claim/zone-text-zone"), "PlaceDescription", world.zone, council, text_doc,
                    locator="article 2")
    block.add(node, H.partlyLocatedIn, world.country.node)
    for city in world.cities:
        if city.in_zone:
            node = describe(block, iri(f"claim/zone-text-{city.node.value.rsplit('/', 1)[1]}"), "PlaceDescription",
                            city.node, council, text_doc, locator="article 2, list of cities")
            block.add(node, H.locatedIn, world.zone)


def _law(world: World) -> None:
    """A synthetic statute (a war-crimes article with its international and non-international parts), two
    synthetic crimes, norms, and two resolutions (typed as Security Council and General Assembly ones)."""
    block, law = world.block, world.law
    statute = law["statute"] = iri("instrument/statute")
    block.add(statute, A, H.Treaty)
    block.add(statute, RDFS.label, english("Synthetic Statute"))
    for key, label, number, parent, conflict in (
            ("art-1", "Synthetic Statute, art. 1", "1", "statute", None),
            ("art-1-a", "Synthetic Statute, art. 1(a)", "(a)", "art-1", "international"),
            ("art-1-c", "Synthetic Statute, art. 1(c)", "(c)", "art-1", "non-international")):
        node = law[key] = iri(f"provision/statute-{key}")
        block.add(node, A, H.Provision)
        block.add(node, RDFS.label, english(label))
        block.add(node, H.number, text(number))
        block.add(node, H.citation, text(label.replace("Synthetic Statute, ", "Synthetic Statute ")))
        block.add(node, H.partOf, law[parent])
        block.add(node, H.crimeCategory, code("crime", "war-crime"))
        if conflict:
            block.add(node, H.appliesInConflict, code("conflict", conflict))
    block.add(law["art-1-a"], H.partialCounterpart, law["art-1-c"])
    for key, label, provision in (("wilful-killing", "Synthetic crime: wilful killing", "art-1-a"),
                                  ("murder", "Synthetic crime: murder", "art-1-c")):
        node = law[key] = iri(f"crime/{key}")
        block.add(node, A, H.Crime)
        block.add(node, A, SKOS.Concept)
        block.add(node, SKOS.inScheme, ox.NamedNode(f"{SCHEME}crime"))
        block.add(node, RDFS.label, english(label))
        block.add(node, SKOS.prefLabel, english(label))
        block.add(node, SKOS.broader, code("crime", "war-crime"))
        block.add(node, H.definedIn, law[provision])
    block.add(law["wilful-killing"], SKOS.closeMatch, law["murder"])
    for key, label in (("indiscriminate", "Synthetic norm: prohibition of indiscriminate attacks"),
                       ("medical", "Synthetic norm: protection of medical units"),
                       ("schools", "Synthetic norm: protection of schools")):
        node = law[key] = iri(f"norm/{key}")
        block.add(node, A, H.LegalNorm)
        block.add(node, RDFS.label, english(label))
    block.add(code("object", "medical-facility"), H.protectedBy, law["medical"])
    block.add(code("object", "educational-facility"), H.protectedBy, law["schools"])
    resolution = law["resolution"] = iri("instrument/council-resolution-9901")
    block.add(resolution, A, H.SecurityCouncilResolution)
    block.add(resolution, RDFS.label, english("Synthetic Council of Nations resolution 9901 (2016)"))
    block.add(resolution, H.symbol, text("S/RES/9901 (2016)"))
    block.add(resolution, H.adoptionDate, day(date(2016, 2, 1)))
    block.add(resolution, H.issuedBy, world.actors["council"].node)
    demand = law["resolution-demand"] = iri("provision/council-resolution-9901-demand")
    block.add(demand, A, H.Provision)
    block.add(demand, RDFS.label, english("Synthetic resolution 9901: demand that indiscriminate attacks stop"))
    block.add(demand, H.partOf, resolution)
    assembly = law["assembly-resolution"] = iri("instrument/assembly-resolution-99-901")
    block.add(assembly, A, H.GeneralAssemblyResolution)
    block.add(assembly, RDFS.label, english("Synthetic Assembly of Nations resolution 99/901"))
    block.add(assembly, H.symbol, text("A/RES/99/901"))


def _conflicts_and_structures(world: World) -> None:
    block = world.block
    for key, label in (("non-international", "Synthetic non-international armed conflict"),
                       ("international", "Synthetic international armed conflict")):
        node = world.conflicts[key] = iri(f"armed-conflict/{key}")
        block.add(node, A, H.ArmedConflict)
        block.add(node, RDFS.label, english(label))
        block.add(node, H.conflictCharacter, code("conflict", key))
    aggregate_dimensions = ("perpetrator", "refPeriod", "refArea", "category", "incidentKind", "objectCategory",
                            "weapon")
    for key, label, dimensions, measures, optional in (
            ("aggregate-figures", "aggregate figures", aggregate_dimensions, ("count",), ("confidence", "candidate")),
            ("aggregate-shares", "aggregate shares", aggregate_dimensions, ("shareNumerator", "shareDenominator"),
             ("confidence", "candidate")),
            ("incident-figures", "incident figures", ("aboutIncident", "category", "objectCategory", "weapon"),
             ("count",), ())):
        node = world.dsd[key] = iri(f"dsd/{key}")
        block.add(node, A, Q.DataStructureDefinition)
        block.add(node, RDFS.label, english(f"Synthetic structure of {label}"))
        _components(block, key, node, dimensions, measures, optional)


def _components(block: Block, key: str, dsd: ox.NamedNode, dimensions: Iterable[str], measures: Iterable[str],
                optional: Iterable[str]) -> None:
    parts = [(Q.dimension, name, order) for order, name in enumerate(dimensions, start=1)]
    parts += [(Q.measure, name, None) for name in measures]
    parts += [(Q.attribute, name, True) for name in ("valueQualifier",)]
    parts += [(Q.attribute, name, False) for name in optional]
    for number, (kind, name, extra) in enumerate(parts):
        component = ox.BlankNode(f"{key}-component-{number}")
        block.add(dsd, Q.component, component)
        block.add(component, kind, H[name])
        if kind == Q.dimension:
            block.add(component, Q.order, integer(extra))
        elif kind == Q.attribute:
            block.add(component, Q.componentRequired, typed("true" if extra else "false", XSD.boolean))


def _monitors(world: World) -> None:
    """Each monitor, with a methodology note (a source document) that defines a massacre."""
    for slug, label, minimum in MONITORS:
        actor = world.actors[slug]
        doc = DocumentText(f"{label}, methodology note", world.seed, keep=world.texts is not None)
        start, end = doc.passage(f"{label} counts an incident as a massacre when at least {minimum} "
                                 "civilians are killed in it at one time.")
        node = iri(f"document/{slug}-methodology")
        span = evidence_span(world.block, node, f"{slug}-methodology", start, end)
        monitor = Monitor(actor, slug, minimum, node, span)
        world.monitors.append(monitor)
        claim = describe(world.block, iri(f"claim/{slug}-definition-of-massacre"), "Definition", None, actor.node,
                         node, evidence=span, gist=f"A massacre: {minimum} or more civilians killed at one time.")
        world.block.add(claim, H.defines, code("incident-kind", "massacre"))
        world.block.add(claim, H.minimumCivilianDeaths, integer(minimum))
        source_document(world.block, node, doc, label=f"{label}, methodology note",
                        title="Synthetic methodology: how incidents are documented and counted",
                        publisher=actor.node, published=date(2012, 12, 1), kind="methodology note",
                        texts=world.texts)


# --- source documents and their texts -------------------------------------------------------------------

class DocumentText:
    """The text of a synthetic source document, hashed as it grows: its passages are the evidence spans.

    With ``keep``, the text is also kept (to be written out); otherwise only its hash and length are.
    """

    def __init__(self, title: str, seed: int, *, keep: bool = False) -> None:
        self._sha = hashlib.sha256()
        self.length = 0
        self.chunks: list[str] | None = [] if keep else None
        self._append(f"SYNTHETIC TEXT (hisab synth, seed {seed}): {title}. Not a real document.\n")
        self.own_start = self.length

    def _append(self, chunk: str) -> None:
        if not chunk.isascii():
            raise ValueError(f"synthetic texts are ASCII: {chunk!r}")
        self._sha.update(chunk.encode("ascii"))
        self.length += len(chunk)
        if self.chunks is not None:
            self.chunks.append(chunk)

    def passage(self, sentence: str) -> tuple[int, int]:
        """Append one passage (a line); return its ``[start, end)`` offsets."""
        start = self.length
        self._append(sentence + "\n")
        return start, start + len(sentence)

    def close(self) -> tuple[str, int, int]:
        """End the text; return its SHA-256, its length and where its own text (the passages) ends."""
        own_end = self.length
        self._append("END OF SYNTHETIC TEXT\n")
        return self._sha.hexdigest(), self.length, own_end


def evidence_span(block: Block, document: ox.NamedNode, slug: str, start: int, end: int) -> ox.NamedNode:
    """An evidence span ``[start, end)`` of ``document``, with its text position selector."""
    node = iri(f"span/{slug}-{start}-{end}")
    selector = ox.BlankNode(f"selector-{slug}-{start}-{end}")
    block.add(node, A, H.EvidenceSpan)
    block.add(node, O.hasSource, document)
    block.add(node, O.hasSelector, selector)
    block.add(selector, A, O.TextPositionSelector)
    block.add(selector, O.start, integer(start))
    block.add(selector, O.end, integer(end))
    return node


def source_document(block: Block, node: ox.NamedNode, doc: DocumentText, *, label: str, title: str,
                    publisher: ox.NamedNode, published: date, kind: str,
                    period: ox.NamedNode | None = None, texts: dict[str, str] | None = None) -> None:
    """A source document, identified by the SHA-256 and length of its (closed) synthetic text (kept in
    ``texts`` when given and kept)."""
    sha, length, own_end = doc.close()
    if texts is not None and doc.chunks is not None:
        texts[file_name(node)] = "".join(doc.chunks)
    block.add(node, A, H.SourceDocument)
    block.add(node, RDFS.label, english(label))
    block.add(node, DCT.title, english(title))
    block.add(node, DCT.publisher, publisher)
    block.add(node, DCT.date, day(published))
    block.add(node, DCT.description, english(SYNTHETIC_NOTE))
    block.add(node, H.documentKind, text(kind))
    if period is not None:
        block.add(node, H.period, period)
    block.add(node, H.sha256, text(sha))
    block.add(node, H.characterCount, integer(length))
    block.add(node, H.ownTextStart, integer(doc.own_start))
    block.add(node, H.ownTextEnd, integer(own_end))
    block.add(node, H.localFileName, text(file_name(node)))


def file_name(document: ox.NamedNode) -> str:
    """The file name of a synthetic document's text."""
    return "synthetic-" + document.value.rsplit("/", 1)[1] + ".txt"


@dataclass
class Report:
    """A monitor's monthly report: its text, its data sets and what its aggregate figures add up."""

    monitor: int
    month: int
    node: ox.NamedNode
    slug: str
    text: DocumentText
    killed: dict[str, list] = field(default_factory=dict)  # perpetrator key -> [count, all exact, all confirmed]
    incidents: int = 0
    alliance_incidents: int = 0

    def dataset(self, structure: str) -> ox.NamedNode:
        """The report's data set for one structure."""
        return iri(f"dataset/{self.slug}-{structure}")


class Reports:
    """The monthly reports, made when a first passage is written into them."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.by_key: dict[tuple[int, int], Report] = {}

    def get(self, monitor: int, month_index: int) -> Report:
        """The report of ``monitor`` for the month ``month_index``."""
        report = self.by_key.get((monitor, month_index))
        if report is None:
            m = self.world.monitors[monitor]
            when = self.world.months[month_index]
            slug = f"{m.slug}-{when.isoformat()[:7]}"
            report = Report(monitor, month_index, iri(f"document/{slug}"), slug,
                            DocumentText(f"{m.actor.label}, monthly report for {when:%B %Y}", self.world.seed,
                                         keep=self.world.texts is not None))
            self.by_key[(monitor, month_index)] = report
        return report

    def span(self, block: Block, report: Report, sentence: str) -> ox.NamedNode:
        """Write ``sentence`` into the report; return the evidence span that points at it."""
        start, end = report.text.passage(sentence)
        return evidence_span(block, report.node, report.slug, start, end)


# --- incidents: what happened, and what each source says ----------------------------------------------------

@dataclass
class Account:
    """What one source says about one incident."""

    source: int
    when: str  # "day", "month" or "period"
    date: date
    killed: int
    killed_exact: bool
    children: int | None
    women: int | None
    injured: int | None
    injured_qualifier: str
    grade: str  # confirmed, believed, undetermined
    actor: str | None  # key of the actor it attributes the incident to
    time: str | None
    damaged: bool
    role: bool
    norm_allegation: bool
    war_crime: bool
    agreement_allegation: bool
    no_warning: bool
    demand: bool
    citation: bool
    diverges: bool = False  # states nothing alike with the first source (another kind, place, date)


@dataclass
class Plan:
    """An incident: when, where, what, who (in truth), and each source's account."""

    index: int
    month: int
    date: date
    neighbourhood: int
    attack: int
    facility: str
    truth: str | None
    accounts: list[Account]
    denial: bool
    rebuttal: bool
    target_disputed: bool


def plan_incident(world: World, index: int, total: int) -> Plan:
    """Draw incident ``index`` of ``total`` from its own random sequence."""
    rng = random.Random(f"{world.seed}:incident:{index}")
    month_index = index * len(world.months) // total
    first = world.months[month_index]
    when = first.replace(day=rng.randint(1, calendar.monthrange(first.year, first.month)[1]))
    truth = rng.choice(world.perpetrators) if rng.random() < 0.85 else None
    sources = rng.sample(range(len(world.monitors)), k=rng.choices((1, 2, 3), weights=(50, 35, 15))[0])
    sources.sort()
    killed = min(120, int(rng.expovariate(1 / 9)))
    accounts = [_account(rng, world, source, n, when, killed, truth) for n, source in enumerate(sources)]
    attributed = accounts[0].actor is not None
    denial = attributed and rng.random() < 0.2
    rebuttal = denial and rng.random() < 0.5
    return Plan(index=index, month=month_index, date=when, neighbourhood=rng.randrange(len(world.neighbourhoods)),
                attack=rng.randrange(len(ATTACKS)), facility=rng.choice(FACILITIES), truth=truth, accounts=accounts,
                denial=denial, rebuttal=rebuttal, target_disputed=attributed and rng.random() < 0.05)


def _account(rng: random.Random, world: World, source: int, n: int, when: date, killed: int,
             truth: str | None) -> Account:
    """What the ``n``-th source to describe an incident says: the first to the day (sometimes as a two-day
    period), the others a day off at times, or to the month only; figures near the others'."""
    stated, precision = when, "day"
    if n > 0:
        stated = _within_month(when, when + timedelta(days=rng.choice((0, 0, 1, -1))))
        precision = "month" if rng.random() < 0.3 else "day"
    elif rng.random() < 0.1:
        precision = "period"
    figure = max(0, killed + rng.choice((0, 0, 0, 1, -1, 2)) * (n > 0))
    children = rng.randint(0, figure // 2) if figure >= 2 and rng.random() < 0.6 else None
    women = rng.randint(0, (figure - (children or 0)) // 2) if children is not None and rng.random() < 0.4 else None
    injured = int(figure * rng.uniform(0.5, 2.5)) + rng.randint(0, 3) if rng.random() < 0.5 else None
    grade, actor = "undetermined", None
    if truth is not None and rng.random() < 0.9:
        grade, actor = rng.choices((("confirmed", truth), ("believed", truth)), weights=(65, 35))[0]
    time = f"{rng.randint(0, 23):02d}:{rng.choice((0, 15, 30, 45)):02d}:00" if rng.random() < 0.3 else None
    allegation = actor is not None and rng.random() < 0.4
    return Account(source=source, when=precision, date=stated, killed=figure, killed_exact=rng.random() < 0.7,
                   children=children, women=women, injured=injured,
                   injured_qualifier=rng.choice(("approximately", "at-least")), grade=grade, actor=actor, time=time,
                   damaged=rng.random() < 0.5, role=actor is not None and rng.random() < 0.3,
                   norm_allegation=allegation, war_crime=allegation and rng.random() < 0.3,
                   agreement_allegation=allegation and rng.random() < 0.5, no_warning=rng.random() < 0.25,
                   demand=n == 0 and rng.random() < 0.05, citation=n == 0 and rng.random() < 0.05)


def _within_month(anchor: date, value: date) -> date:
    return value if value.month == anchor.month else anchor


@dataclass
class Rendered:
    """The nodes the generator made for one incident (what a defect may change), and its triples."""

    plan: Plan
    block: Block
    incident: ox.NamedNode
    facility: ox.NamedNode
    facility_description: ox.NamedNode
    reports: list[Report] = field(default_factory=list)
    spans: list[ox.NamedNode] = field(default_factory=list)
    legal_spans: list[ox.NamedNode | None] = field(default_factory=list)
    descriptions: list[ox.NamedNode] = field(default_factory=list)
    attributions: list[ox.NamedNode] = field(default_factory=list)
    tallies: list[dict[str, ox.NamedNode]] = field(default_factory=list)
    claims: list[dict[str, ox.NamedNode]] = field(default_factory=list)  # per account: kind -> claim
    counter_claims: dict[str, ox.NamedNode] = field(default_factory=dict)


MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")


class IncidentWriter:
    """Turns a plan into triples, writing each source's passages into its monthly report."""

    def __init__(self, world: World, reports: Reports) -> None:
        self.world = world
        self.reports = reports

    def render(self, plan: Plan) -> Rendered:
        """The triples of one incident, and the nodes a defect may change."""
        w, i = self.world, plan.index
        block = Block()
        incident = iri(f"incident/{i:06d}")
        hood = w.neighbourhoods[plan.neighbourhood]
        kind_label = ATTACKS[plan.attack][1]
        block.add(incident, A, H.Incident)
        block.add(incident, RDFS.label, english(
            f"Synthetic incident {i:06d}: {kind_label} in {hood.label} ({MONTH_NAMES[plan.date.month - 1]} "
            f"{plan.date.year})"))
        facility = iri(f"place/facility-{i:06d}")
        r = Rendered(plan, block, incident, facility, iri(f"claim/{i:06d}-facility"))
        self._facility(r, hood)
        for n, account in enumerate(plan.accounts):
            self._account(r, n, account)
        self._facility_description(r, hood)
        self._corroboration(r)
        return r

    def _facility(self, r: Rendered, hood: Place) -> None:
        label = r.plan.facility.replace("-", " ")
        r.block.add(r.facility, A, H.Facility)
        r.block.add(r.facility, RDFS.label, english(f"Synthetic {label} {r.plan.index:06d}"))
        r.block.add(r.facility, H.objectCategory, code("object", r.plan.facility))
        point = f"POINT({hood.longitude + 0.0001 * (r.plan.index % 97):.4f} {hood.latitude:.4f})"
        r.block.add(r.facility, H.coordinates, text(point))
        r.block.add(r.facility, H.coordinatePrecision, code("precision", "site"))

    def _facility_description(self, r: Rendered, hood: Place) -> None:
        monitor = self.world.monitors[r.plan.accounts[0].source]
        describe(r.block, r.facility_description, "PlaceDescription", r.facility, monitor.actor.node,
                 r.reports[0].node, evidence=r.spans[0],
                 gist=f"The {r.plan.facility.replace('-', ' ')} struck lies in {hood.label}.")
        r.block.add(r.facility_description, H.locatedIn, hood.node)

    def _account(self, r: Rendered, n: int, account: Account) -> None:
        w, plan = self.world, r.plan
        monitor = w.monitors[account.source]
        report = self.reports.get(account.source, plan.month)
        report.incidents += 1
        r.reports.append(report)
        span = self.reports.span(r.block, report, self._narrative(r, account, monitor))
        r.spans.append(span)
        r.claims.append({})
        self._description(r, n, account, monitor, report, span)
        self._attribution(r, n, account, monitor, report, span)
        self._tallies(r, n, account, monitor, report, span)
        legal = self._legal_claims(r, n, account)
        r.legal_spans.append(None)
        if legal:
            sentence = " ".join(sentence for sentence, _ in legal)
            legal_span = self.reports.span(r.block, report, sentence)
            r.legal_spans[n] = legal_span
            for _, emit in legal:
                emit(legal_span)
        self._count(report, account)

    def _narrative(self, r: Rendered, account: Account, monitor: Monitor) -> str:
        plan, w = r.plan, self.world
        when = {"day": account.date.isoformat(), "month": f"{MONTH_NAMES[account.date.month - 1]} {account.date.year}",
                "period": f"{account.date.isoformat()} and the day after"}[account.when]
        who = w.actors[account.actor].label if account.actor else "an undetermined party"
        parts = f", among them {account.children or 0} children and {account.women or 0} women" \
            if account.children is not None else ""
        injured = f" and about {account.injured} injured" if account.injured is not None else ""
        return (f"On {when} a {ATTACKS[plan.attack][1]} hit Synthetic {plan.facility.replace('-', ' ')} "
                f"{plan.index:06d} in {w.neighbourhoods[plan.neighbourhood].label}. {monitor.actor.label} counted "
                f"{account.killed} civilians killed{parts}{injured}, and holds {who} responsible "
                f"({account.grade}).")

    def _description(self, r: Rendered, n: int, account: Account, monitor: Monitor, report: Report,
                     span: ox.NamedNode) -> None:
        plan, w, block = r.plan, self.world, r.block
        node = describe(block, iri(f"claim/{plan.index:06d}-{monitor.slug}-description"), "IncidentDescription",
                        r.incident, monitor.actor.node, report.node, evidence=span,
                        gist=f"{monitor.actor.label} reports a {ATTACKS[plan.attack][1]} on a "
                             f"{plan.facility.replace('-', ' ')}.")
        r.descriptions.append(node)
        kind, _, weapon, model = ATTACKS[plan.attack]
        if account.diverges:
            block.add(node, H.incidentKind, code("incident-kind", "attack"))
            block.add(node, H.place, w.cities[w.neighbourhoods[plan.neighbourhood].city].node)
            block.add(node, H.date, month(account.date))
            return
        block.add(node, H.incidentKind, code("incident-kind", kind))
        if account.killed >= monitor.minimum:
            block.add(node, H.incidentKind, code("incident-kind", "massacre"))
        self._date(block, node, account)
        if account.time is not None:
            block.add(node, H.timeOfDay, typed(account.time, XSD.time))
            block.add(node, H.timeQualifier, code("qualifier", "approximately" if n else "exact"))
        block.add(node, H.place, w.neighbourhoods[plan.neighbourhood].node)
        block.add(node, H.target, r.facility)
        if account.damaged:
            block.add(node, H.damaged, r.facility)
        block.add(node, H.weapon, code("weapon", weapon))
        if model is not None:
            block.add(node, H.weaponModel, text(model))
        if n == 0:
            block.add(node, H.inConflict, w.conflicts["non-international"])

    @staticmethod
    def _date(block: Block, node: ox.NamedNode, account: Account) -> None:
        if account.when == "day":
            block.add(node, H.date, day(account.date))
        elif account.when == "month":
            block.add(node, H.date, month(account.date))
        else:
            start = account.date if account.date.day < 28 else account.date - timedelta(days=1)
            block.add(node, H.startDate, day(start))
            block.add(node, H.endDate, day(start + timedelta(days=1)))

    def _attribution(self, r: Rendered, n: int, account: Account, monitor: Monitor, report: Report,
                     span: ox.NamedNode) -> None:
        w, block = self.world, r.block
        node = describe(block, iri(f"claim/{r.plan.index:06d}-{monitor.slug}-attribution"), "Attribution", None,
                        monitor.actor.node, report.node, evidence=span)
        r.attributions.append(node)
        block.add(node, H.aboutIncident, r.incident)
        block.add(node, H.confidence, code("grade", account.grade))
        if account.actor is not None:
            block.add(node, H.attributedTo, w.actors[account.actor].node)
            if account.role:
                block.add(node, H.role, code("role", "perpetrator"))
        else:
            for member in w.members:
                block.add(node, H.candidate, w.actors[member].node)

    def _tallies(self, r: Rendered, n: int, account: Account, monitor: Monitor, report: Report,
                 span: ox.NamedNode) -> None:
        tallies: dict[str, ox.NamedNode] = {}
        r.tallies.append(tallies)
        base = f"{r.plan.index:06d}-{monitor.slug}"
        exact = "exact" if account.killed_exact else "at-least"
        tallies["killed"] = self._tally(r, f"{base}-killed", "civilians-killed", account.killed, exact, report, span)
        for key, category, count in (("children", "children-killed", account.children),
                                     ("women", "women-killed", account.women)):
            if count is not None:
                tallies[key] = self._tally(r, f"{base}-{key}", category, count, "exact", report, span)
                r.block.add(tallies[key], H.partOfTotal, tallies["killed"])
        if account.injured is not None:
            tallies["injured"] = self._tally(r, f"{base}-injured", "injured", account.injured,
                                             account.injured_qualifier, report, span)

    def _tally(self, r: Rendered, slug: str, category: str, count: int, qualifier: str, report: Report,
               span: ox.NamedNode) -> ox.NamedNode:
        block = r.block
        node = describe(block, iri(f"tally/{slug}"), "Tally", None, self.world.monitors[report.monitor].actor.node,
                        report.node, evidence=span)
        block.add(node, Q.dataSet, report.dataset("incident"))
        block.add(node, H.aboutIncident, r.incident)
        block.add(node, H.category, code("category", category))
        block.add(node, H.objectCategory, code("object", "all"))
        block.add(node, H.weapon, code("weapon", "all"))
        block.add(node, H.count, integer(count))
        block.add(node, H.valueQualifier, code("qualifier", qualifier))
        return node

    def _legal_claims(self, r: Rendered, n: int, account: Account) -> list[tuple[str, Callable]]:
        """Sentences of the legal passage, each with the function that writes its claim given the span."""
        w, monitor = self.world, self.world.monitors[account.source]
        claims: list[tuple[str, Callable]] = []
        actor = w.actors[account.actor] if account.actor else None
        base = f"claim/{r.plan.index:06d}-{monitor.slug}"
        if actor is not None and account.norm_allegation:
            claims.append((f"{monitor.actor.label} finds that {actor.label} attacked a populated area "
                           "indiscriminately.", lambda span: self._allegation(
                               r, n, iri(f"{base}-indiscriminate"), "norm", actor, w.law["indiscriminate"], span)))
        if actor is not None and account.war_crime:
            claims.append(("It calls the killing of civilians murder, a war crime in a non-international armed "
                           "conflict (Article 1 of the Synthetic Statute).", lambda span: self._war_crime(
                               r, n, iri(f"{base}-war-crime"), actor, span)))
        agreement = self._agreement_in_reach(r.plan) if account.agreement_allegation else None
        if actor is not None and agreement is not None:
            claims.append((f"The attack breached the {agreement.label}.", lambda span: self._allegation(
                r, n, iri(f"{base}-agreement-breach"), "agreement", actor, agreement.node, span)))
        if account.no_warning:
            claims.append(("No warning was given before the attack.",
                           lambda span: self._no_warning(r, n, iri(f"{base}-no-warning"), actor, span)))
        if account.demand:
            claims.append((f"It calls on the {w.actors['council'].label} to investigate.",
                           lambda span: self._demand(r, n, iri(f"{base}-demand"), span)))
        if account.citation:
            claims.append(("It recalls Synthetic resolution 9901 (2016).",
                           lambda span: self._citation(r, n, iri(f"{base}-citation"), span)))
        if n == 0 and r.plan.denial:
            claims.append(self._denial_sentence(r, actor))
        if n == 0 and r.plan.target_disputed:
            claims.append(("The accused party says the facility was not hit.",
                           lambda span: self._target_disputed(r, actor, span)))
        return claims

    def _agreement_in_reach(self, plan: Plan) -> Agreement | None:
        hood = self.world.neighbourhoods[plan.neighbourhood]
        for agreement in self.world.agreements:
            in_area = hood.governorate in agreement.governorates or (agreement.zone and hood.in_zone)
            if in_area and plan.date >= agreement.entry:
                return agreement
        return None

    def _claim(self, r: Rendered, n: int, node: ox.NamedNode, cls: str, key: str, span: ox.NamedNode,
               gist: str | None = None) -> ox.NamedNode:
        account = r.plan.accounts[n]
        describe(r.block, node, cls, None, self.world.monitors[account.source].actor.node, r.reports[n].node,
                 evidence=span, gist=gist)
        r.claims[n][key] = node
        return node

    def _allegation(self, r: Rendered, n: int, node: ox.NamedNode, key: str, actor: Actor, breached: ox.NamedNode,
                    span: ox.NamedNode) -> None:
        self._claim(r, n, node, "ViolationAllegation", key, span)
        r.block.add(node, H.allegedViolator, actor.node)
        r.block.add(node, H.allegedBreachOf, breached)
        r.block.add(node, H.aboutIncident, r.incident)
        r.block.add(node, H.legalLanguage, text("indiscriminate attack on a populated area" if key == "norm"
                                                else "breach of the agreement"))
        r.block.add(node, H.confidence, code("grade", r.plan.accounts[n].grade))

    def _war_crime(self, r: Rendered, n: int, node: ox.NamedNode, actor: Actor, span: ox.NamedNode) -> None:
        law, block = self.world.law, r.block
        self._claim(r, n, node, "ViolationAllegation", "war-crime", span)
        block.add(node, H.allegedViolator, actor.node)
        block.add(node, H.allegedBreachOf, law["art-1"])
        block.add(node, H.citedAs, text("Article 1 of the Synthetic Statute"))
        block.add(node, H.crimeCategory, code("crime", "war-crime"))
        block.add(node, H.statedConflictCharacter, code("conflict", "non-international"))
        block.add(node, H.wordingMatches, law["art-1-c"])
        block.add(node, H.mappedProvision, law["art-1-c"])
        block.add(node, H.mappingNote, text("The source cites Article 1 as a whole and speaks of murder in a "
                                            "non-international conflict: art. 1(c)."))
        block.add(node, H.legalLanguage, text("murder of civilians, a war crime"))
        block.add(node, H.aboutIncident, r.incident)
        block.add(node, H.confidence, code("grade", r.plan.accounts[n].grade))

    def _no_warning(self, r: Rendered, n: int, node: ox.NamedNode, actor: Actor | None, span: ox.NamedNode) -> None:
        self._claim(r, n, node, "QualitativeClaim", "no-warning", span, gist="No warning was given before the attack.")
        r.block.add(node, H.claimKind, code("claim-kind", "finding-of-absence"))
        r.block.add(node, H.aboutIncident, r.incident)
        if actor is not None:
            r.block.add(node, H.accused, actor.node)

    def _demand(self, r: Rendered, n: int, node: ox.NamedNode, span: ox.NamedNode) -> None:
        self._claim(r, n, node, "Demand", "demand", span, gist="The council should investigate the attack.")
        r.block.add(node, H.demandKind, code("demand", "investigate"))
        r.block.add(node, H.addressee, self.world.actors["council"].node)
        r.block.add(node, H.invokes, self.world.law["resolution"])
        r.block.add(node, H.aboutIncident, r.incident)

    def _citation(self, r: Rendered, n: int, node: ox.NamedNode, span: ox.NamedNode) -> None:
        self._claim(r, n, node, "Citation", "citation", span)
        r.block.add(node, H.cites, self.world.law["resolution"])
        r.block.add(node, H.citedAs, text("resolution 9901 (2016)"))

    def _denial_sentence(self, r: Rendered, actor: Actor | None) -> tuple[str, Callable]:
        denier = self._accused_party(actor)
        sentence = f"{denier.label} denies any part in the attack."
        if r.plan.rebuttal:
            sentence += " The monitor's record contradicts the denial."
        return sentence, lambda span: self._denial(r, denier, span)

    def _accused_party(self, actor: Actor | None) -> Actor:
        if actor is None:
            raise ValueError("a denial needs an accused actor")
        return self.world.actors[actor.state] if actor.state is not None else actor

    def _denial(self, r: Rendered, denier: Actor, span: ox.NamedNode) -> None:
        block, i = r.block, r.plan.index
        node = r.counter_claims["denial"] = iri(f"claim/{i:06d}-denial")
        describe(block, node, "Denial", None, denier.node, r.reports[0].node, evidence=span,
                 gist="The accused party denies carrying out the attack.")
        block.add(node, H.disputes, r.attributions[0])
        block.add(node, H.counterEvidence, text("a statement of the accused party"))
        block.add(node, H.aboutIncident, r.incident)
        if r.plan.rebuttal:
            monitor = self.world.monitors[r.plan.accounts[0].source]
            rebuttal = r.counter_claims["rebuttal"] = iri(f"claim/{i:06d}-rebuttal")
            describe(block, rebuttal, "Rebuttal", None, monitor.actor.node, r.reports[0].node, evidence=span,
                     gist="The monitor's record contradicts the denial.")
            block.add(rebuttal, H.disputes, node)
            block.add(rebuttal, H.counterEvidence, text("the monitor's record of the attack"))

    def _target_disputed(self, r: Rendered, actor: Actor | None, span: ox.NamedNode) -> None:
        party = self._accused_party(actor)
        node = r.counter_claims["target"] = iri(f"claim/{r.plan.index:06d}-target-disputed")
        describe(r.block, node, "CounterClaim", None, party.node, r.reports[0].node, evidence=span,
                 gist="The accused party says the facility was not hit.")
        r.block.add(node, H.disputes, r.descriptions[0])
        r.block.add(node, H.disputedProperty, H.target)
        r.block.add(node, H.disputedValue, r.facility)
        r.block.add(node, H.counterEvidence, text("images the accused party published"))

    def _corroboration(self, r: Rendered) -> None:
        """Descriptions of the incident by different sources corroborate each other (they share its place);
        so do attributions to the same actor."""
        accounts = r.plan.accounts
        for a in range(len(accounts)):
            for b in range(a + 1, len(accounts)):
                if not accounts[b].diverges:
                    r.block.add(r.descriptions[a], H.corroborates, r.descriptions[b])
                if accounts[a].actor is not None and accounts[a].actor == accounts[b].actor:
                    r.block.add(r.attributions[a], H.corroborates, r.attributions[b])

    def _count(self, report: Report, account: Account) -> None:
        key = account.actor or "undetermined"
        entry = report.killed.setdefault(key, [0, True, True])
        entry[0] += account.killed
        entry[1] = entry[1] and account.killed_exact
        entry[2] = entry[2] and account.grade == "confirmed"
        if account.actor in self.world.members:
            report.alliance_incidents += 1


# --- the reports, written last (their texts are complete) ----------------------------------------------------

def report_triples(world: World, reports: Reports) -> Iterator[Block]:
    """The monthly reports: documents, periods, data sets, aggregate figures and report-wide claims."""
    periods_written: set[int] = set()
    for key in sorted(reports.by_key):
        report = reports.by_key[key]
        block = Block()
        if report.month not in periods_written:
            periods_written.add(report.month)
            _period(block, world.months[report.month])
        _datasets(block, world, report)
        _aggregates(block, world, reports, report)
        monitor = world.monitors[report.monitor]
        when = world.months[report.month]
        next_month = (when + timedelta(days=31)).replace(day=1)
        source_document(block, report.node, report.text, label=f"{monitor.actor.label}, monthly report for "
                        f"{when:%B %Y}", title=f"Synthetic report: attacks documented in {when:%B %Y}",
                        publisher=monitor.actor.node, published=next_month, kind="monthly report",
                        period=period_node(when), texts=world.texts)
        yield block


def period_node(first: date) -> ox.NamedNode:
    """The period of one month."""
    return iri(f"period/{first.isoformat()[:7]}")


def _period(block: Block, first: date) -> None:
    node = period_node(first)
    block.add(node, A, H.Period)
    block.add(node, RDFS.label, english(f"Synthetic period: {first:%B %Y}"))
    block.add(node, H.startDate, day(first))
    block.add(node, H.endDate, day(first.replace(day=calendar.monthrange(first.year, first.month)[1])))


def _datasets(block: Block, world: World, report: Report) -> None:
    for structure, label in (("incident", "incident figures"), ("aggregate", "aggregate figures"),
                             ("share", "shares")):
        node = report.dataset(structure)
        block.add(node, A, Q.DataSet)
        block.add(node, RDFS.label, english(f"Synthetic {label} of {report.slug}"))
        block.add(node, Q.structure, world.dsd[{"incident": "incident-figures", "aggregate": "aggregate-figures",
                                                "share": "aggregate-shares"}[structure]])
        block.add(node, P.wasDerivedFrom, report.node)


def _aggregates(block: Block, world: World, reports: Reports, report: Report) -> None:
    """Civilians killed in the month by perpetrator: the alliance's figure split between its members, an
    undetermined figure, and the total; the share of incidents by the alliance. All from the report's
    own incident figures, so they add up."""
    monitor = world.monitors[report.monitor]
    members = [(k, report.killed[k]) for k in world.members if k in report.killed]
    others = [(k, v) for k, v in sorted(report.killed.items()) if k not in world.members]
    parts: list[tuple[str, list]] = []
    if members:
        parts.append(("alliance", [sum(v[0] for _, v in members), all(v[1] for _, v in members),
                                   all(v[2] for _, v in members)]))
    parts.extend(others)
    total_count = sum(v[0] for _, v in parts)
    total_exact = all(v[1] for _, v in parts)
    summary = (f"In {world.months[report.month]:%B %Y} {monitor.actor.label} documented {report.incidents} "
               f"incidents and {total_count} civilian deaths, {report.alliance_incidents} of the incidents by "
               f"the {world.actors['alliance'].label}.")
    span = reports.span(block, report, summary)
    figure = _AggregateWriter(block, world, report, span)
    total = figure.tally("total", code("dimension", "total"), total_count, total_exact, None)
    for key, (count, exact, confirmed) in parts:
        node = figure.by_perpetrator(key, count, exact, confirmed)
        block.add(node, H.partOfTotal, total)
        if key == "alliance":
            for member, (m_count, m_exact, m_confirmed) in members:
                block.add(figure.by_perpetrator(member, m_count, m_exact, m_confirmed), H.partOfTotal, node)
    figure.share(report.alliance_incidents, report.incidents)
    scope = describe(block, iri(f"claim/{report.slug}-scope"), "QualitativeClaim", None, monitor.actor.node,
                     report.node, evidence=span, gist=summary)
    block.add(scope, H.claimKind, code("claim-kind", "scope"))
    block.add(scope, H.concernsPlace, world.country.node)


class _AggregateWriter:
    """The aggregate figures of one report."""

    def __init__(self, block: Block, world: World, report: Report, span: ox.NamedNode) -> None:
        self.block, self.world, self.report, self.span = block, world, report, span

    def tally(self, key: str, perpetrator: ox.NamedNode, count: int | None, exact: bool,
              grade: str | None, structure: str = "aggregate") -> ox.NamedNode:
        """One aggregate observation (a count, or a share when ``count`` is None)."""
        block, world, report = self.block, self.world, self.report
        node = describe(block, iri(f"tally/{report.slug}-{key}"), "Tally", None,
                        world.monitors[report.monitor].actor.node, report.node, evidence=self.span)
        block.add(node, Q.dataSet, report.dataset(structure))
        block.add(node, H.perpetrator, perpetrator)
        if grade is not None:
            block.add(node, H.confidence, code("grade", grade))
        block.add(node, H.refPeriod, period_node(world.months[report.month]))
        block.add(node, H.refArea, world.country.node)
        block.add(node, H.category, code("category", "civilians-killed" if count is not None else "incidents"))
        for dimension, scheme in ((H.incidentKind, "incident-kind"), (H.objectCategory, "object"),
                                  (H.weapon, "weapon")):
            block.add(node, dimension, code(scheme, "all"))
        if count is not None:
            block.add(node, H.count, integer(count))
        block.add(node, H.valueQualifier, code("qualifier", "exact" if exact else "at-least"))
        return node

    def by_perpetrator(self, key: str, count: int, exact: bool, confirmed: bool) -> ox.NamedNode:
        """The figure of one perpetrator (an actor, or undetermined with the alliance's members as candidates)."""
        if key == "undetermined":
            node = self.tally(key, code("dimension", "undetermined"), count, exact, "undetermined")
            for member in self.world.members:
                self.block.add(node, H.candidate, self.world.actors[member].node)
            return node
        return self.tally(key, self.world.actors[key].node, count, exact, "confirmed" if confirmed else "believed")

    def share(self, numerator: int, denominator: int) -> None:
        """The share of the report's incidents attributed to the alliance's members."""
        node = self.tally("alliance-share", self.world.actors["alliance"].node, None, True, "confirmed", "share")
        self.block.add(node, H.shareNumerator, integer(numerator))
        self.block.add(node, H.shareDenominator, integer(denominator))


# --- the whole: generation, writing --------------------------------------------------------------------------

@dataclass
class Summary:
    """What :meth:`Synthetic.write` wrote."""

    path: Path
    defects_path: Path
    triples: int
    incidents: int
    defects: dict[str, int]  # kind -> number of defects of that kind
    results: int  # validation results the defects must draw

    def line(self) -> str:
        """A one-line account for the command line."""
        return (f"wrote {self.triples:,} triples about {self.incidents:,} synthetic incidents with "
                f"{sum(self.defects.values()):,} deliberate defects ({self.results:,} expected results) to "
                f"{self.path}")


class Synthetic:
    """A synthetic data set, made on demand (nothing is held in memory but the plan of the defects).

    :meth:`triples` streams it; :meth:`write` writes it (N-Triples or Turtle) and its defect list.
    """

    def __init__(self, incidents: int, seed: int, defects: DefectPlan, progress: Progress | None = None) -> None:
        self.incidents = incidents
        self.seed = seed
        self.defect_plan = defects
        self.progress = progress

    @property
    def defects(self) -> list[dict]:
        """The validation results the injected defects must draw, one row each (see ``FILE.defects.json``);
        known once the data has been generated (this generates it, without writing it, if need be)."""
        if self.defect_plan.planned and not self.defect_plan.results:
            for _ in self.triples():
                pass
        return self.defect_plan.rows()

    def triples(self, progress: Progress | None = None, *, texts: dict[str, str] | None = None,
                documents: list[ox.NamedNode] | None = None) -> Iterator[ox.Triple]:
        """Every triple, in a fixed order. With ``texts``, the synthetic texts of the source documents are
        put into it (file name -> text); with ``documents``, the source documents are listed in it."""
        world = world_of(self.incidents, self.seed, keep_texts=texts is not None)
        reports = Reports(world)
        writer = IncidentWriter(world, reports)
        defects = self.defect_plan
        defects.start()
        yield from world.block.triples
        for index in range(self.incidents):
            plan = defects.adjust(world, plan_incident(world, index, self.incidents))
            rendered = writer.render(plan)
            defects.apply_to_incident(world, rendered)
            yield from rendered.block.triples
            if progress is not None and (index + 1) % 500 == 0:
                progress(index + 1, self.incidents)
        for block in defects.bundles(world):
            yield from block.triples
        for block in report_triples(world, reports):
            yield from block.triples
        if documents is not None:
            documents.extend(world.references.values())
            documents.extend(m.methodology for m in world.monitors)
            documents.extend(reports.by_key[k].node for k in sorted(reports.by_key))
            documents.extend(defects.documents)
        if texts is not None and world.texts is not None:
            texts.update(world.texts)
        if progress is not None:
            progress(self.incidents, self.incidents)

    def write(self, out: Path, *, graph: str | None = None, progress: Progress | None = None,
              texts: Path | None = None) -> Summary:
        """Write the data to ``out`` (``.nt`` or ``.ttl``) and the defect list to ``out.defects.json``,
        each atomically (a temporary file beside it, renamed into place).

        The data file states where its triples come from: in Turtle on the file's own graph (``<>``); in
        N-Triples, which cannot name it, on ``graph`` when given (the graph the loader will name it by).
        With ``texts``, the source documents' synthetic texts are written into that folder too.
        """
        out = Path(out)
        fmt = FORMATS.get(out.suffix.lower())
        if fmt is None:
            raise HisabError(f"{out}: the file name must end in .nt (N-Triples) or .ttl (Turtle)")
        defects_path = out.with_name(out.name + DEFECTS_SUFFIX)
        check_writable(out, defects_path)
        counter = _Counter()
        documents: list[ox.NamedNode] = []
        kept: dict[str, str] | None = {} if texts is not None else None
        # both files are written in full before either is renamed into place (the data first)
        with _atomic(defects_path) as listing, _atomic(out) as handle:
            triples = counter.count(self.triples(progress or self.progress, texts=kept, documents=documents))
            ox.serialize(triples, handle, fmt, **({"prefixes": _turtle_prefixes()} if fmt == ox.RdfFormat.TURTLE
                                                  else {}))
            handle.write(_provenance(documents, fmt, graph, counter))
            rows = self.defect_plan.rows()
            listing.write((json.dumps(rows, indent=1) + "\n").encode("utf-8"))
        if texts is not None and kept is not None:
            _write_texts(texts, kept)
        return Summary(out, defects_path, counter.value, self.incidents, self.defect_plan.by_kind(), len(rows))


def _write_texts(folder: Path, texts: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in texts.items():
        with _atomic(folder / name) as handle:
            handle.write(content.encode("ascii"))


class _Counter:
    def __init__(self) -> None:
        self.value = 0

    def count(self, triples: Iterable[ox.Triple]) -> Iterator[ox.Triple]:
        for triple in triples:
            self.value += 1
            yield triple


#: The kinds of synthetic things: each is a folder of ``SYNTHETIC`` and a prefix (``syn-claim:``) in Turtle.
THING_KINDS = ("actor", "agreement", "armed-conflict", "claim", "crime", "dataset", "defect", "document", "dsd",
               "incident", "instrument", "norm", "period", "place", "provision", "span", "tally")


def _turtle_prefixes() -> dict[str, str]:
    prefixes = {name: str(PREFIXES[name]) for name in ("hisab", "rdf", "rdfs", "xsd", "skos", "dcterms", "prov",
                                                       "oa", "qb", "grade", "qualifier", "category", "object",
                                                       "weapon", "kind", "dim", "claimkind", "conflict", "crime",
                                                       "status", "precision", "role", "demand")}
    prefixes.update({f"syn-{kind}": f"{SYNTHETIC}{kind}/" for kind in THING_KINDS})
    return prefixes


def _provenance(documents: list[ox.NamedNode], fmt: ox.RdfFormat, graph: str | None, counter: _Counter) -> bytes:
    """The statement that the file's triples come from the synthetic documents, on the file's graph."""
    derived = f"<{P.wasDerivedFrom.value}>"
    if fmt == ox.RdfFormat.TURTLE:
        counter.value += len(documents)
        return ("\n<> " + derived + " " + " ,\n    ".join(f"<{d.value}>" for d in documents) + " .\n").encode()
    if graph is None:
        return b""
    counter.value += len(documents)
    return "".join(f"<{graph}> {derived} <{d.value}> .\n" for d in documents).encode()


def check_writable(*targets: Path) -> None:
    """Refuse, before anything is written, a target that is a folder or lies under a file."""
    for target in targets:
        if target.is_dir():
            raise HisabError(f"{target} is a folder; give --out a file name (e.g. {target / 'synthetic.nt'}). "
                             "Nothing was written.")
        for parent in target.parents:
            if parent.exists() and not parent.is_dir():
                raise HisabError(f"{target}: {parent} is a file, not a folder; choose another --out. "
                                 "Nothing was written.")


class _atomic:
    """Write a file through a temporary beside it, renamed into place when the block ends without error;
    missing folders are created (and removed again on failure)."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.created: list[Path] = []
        self.temporary: Path | None = None

    def __enter__(self):
        try:
            self._make_folders(self.target.parent)
            fd, name = _mkstemp(self.target)
        except OSError as exc:
            self._remove_folders()
            raise _write_error(self.target, exc) from exc
        self.temporary = Path(name)
        self.handle = os.fdopen(fd, "wb")
        return self.handle

    def __exit__(self, kind, exc, traceback) -> None:
        assert self.temporary is not None
        try:
            self.handle.close()
            if kind is None:
                os.replace(self.temporary, self.target)
                return
        except OSError as error:
            self._cleanup()
            raise _write_error(self.target, error) from error
        self._cleanup()
        if isinstance(exc, OSError):
            raise _write_error(self.target, exc) from exc

    def _cleanup(self) -> None:
        if self.temporary is not None:
            with contextlib.suppress(OSError):
                self.temporary.unlink()
        self._remove_folders()

    def _make_folders(self, folder: Path) -> None:
        missing = []
        while not folder.exists() and folder != folder.parent:
            missing.append(folder)
            folder = folder.parent
        for path in reversed(missing):
            path.mkdir()
            self.created.append(path)

    def _remove_folders(self) -> None:
        for path in reversed(self.created):
            try:
                path.rmdir()
            except OSError:
                break


def _mkstemp(target: Path) -> tuple[int, str]:
    """A new temporary file beside ``target``, created with mode 0666 less the umask (as ``open`` does)."""
    while True:
        name = str(target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"))
        try:
            return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666), name
        except FileExistsError:
            continue


def _write_error(target: Path, exc: OSError) -> HisabError:
    return HisabError(f"{target}: cannot write ({exc.strerror or exc}); nothing was written. Choose --out in a "
                      "folder you can write to.")


def data_graph_of(out: Path) -> str | None:
    """The graph the loader names ``out`` by, when ``out`` lies in the data folder of the project found from
    the working directory (where the graph must say where its triples come from); else None."""
    from hisab.layout import find_layout
    from hisab.namespaces import data_graph_name

    try:
        layout = find_layout()
        Path(out).resolve().relative_to(layout.data_dir.resolve())
    except (HisabError, ValueError, OSError):
        return None
    return data_graph_name(layout.relative(Path(out)))


def synthesize(incidents: int, seed: int = 0, defects: float = 0.0, progress: Progress | None = None) -> Synthetic:
    """A synthetic data set of ``incidents`` incidents drawn from ``seed``, with a share ``defects`` (0 to 1)
    of deliberate defects: about ``defects × incidents`` of them, and at least one of every kind when
    ``defects`` > 0 and there are enough incidents to host them (see :mod:`hisab.synth_defects`).

    Nothing is generated yet: :meth:`Synthetic.write` (or :meth:`Synthetic.triples`) does it, streaming,
    and reports ``progress`` (incidents done, incidents in all) when given here or there.
    """
    from hisab.synth_defects import plan_defects

    if isinstance(incidents, bool) or not isinstance(incidents, int) or incidents < 1:
        raise HisabError(f"the number of incidents must be a whole number of 1 or more, not {incidents!r}")
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise HisabError(f"the seed must be a whole number, not {seed!r}")
    if not (isinstance(defects, int | float) and 0.0 <= defects <= 1.0):
        raise HisabError(f"the share of defects must be between 0 and 1, not {defects!r}")
    return Synthetic(incidents, seed, plan_defects(incidents, seed, float(defects)), progress)
