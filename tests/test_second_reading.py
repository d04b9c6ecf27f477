"""The graph says what the reports say: every item of the second reading (tests/reading/r000 … r004) is
in the data, with the same figure, qualifier, grade, dimensions, parts, dates at the same precision,
places, kinds, claimants and evidence span; and nothing is in the data that the reading does not have.

The readings were written from the reports' texts alone (sentence by sentence; see tests/reading/).
A figure, claim or qualifier that the data leaves out, adds, or makes more certain fails here with the
report, the item and what differs.
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from dataclasses import dataclass, field

import pytest
from rdflib import Literal
from rdflib.namespace import RDF, XSD

from tests.reading.model import Attribution, CounterClaim, Figure, Incident, Statement

REPORTS = ["r000", "r001", "r002", "r003", "r004"]
H = "https://w3id.org/hisab/ontology#"
ID = "https://w3id.org/hisab/id/"
SCHEME = "https://w3id.org/hisab/scheme/"

ACTOR_PROPERTIES = ("attributedTo", "allegedViolator", "accused", "concernsActor", "addressee", "candidate",
                    "perpetrator", "claimedBy", "sponsor", "primarySponsor", "guarantor", "party", "hasMember",
                    "underAuthorityOf", "roleIn", "affiliatedWith", "describes")
PLACE_PROPERTIES = ("concernsPlace", "place", "target", "damaged", "locatedIn", "partlyLocatedIn", "near",
                    "coversArea", "describes", "refArea")
NORM_PROPERTIES = ("allegedBreachOf", "cites", "invokes", "wordingMatches", "mappedProvision", "establishedBy")
AGREEMENT_PROPERTIES = ("describes", "concernsAgreement", "allegedBreachOf", "invokes", "cites", "resultOfAgreement",
                        "precededBy", "partOfAgreement")
STATEMENT_CLASSES = {
    "allegation": "ViolationAllegation", "demand": "Demand", "citation": "Citation", "definition": "Definition",
    "agreement": "AgreementDescription",
}
COUNTER_CLASSES = {"denial": "Denial", "counter-claim": "CounterClaim", "rebuttal": "Rebuttal"}
#: the readings' kinds of qualitative statement and the claim kinds of the model that express them (the
#: model distinguishes imputed intentions, consequences and context, which the readings' vocabulary folds
#: into accusations and characterisations)
CLAIM_KINDS = {"accusation": {"accusation", "intention", "consequence"}, "allegation": {"accusation"},
               "characterisation": {"characterisation", "consequence", "context"},
               "relation": {"context"}, "agreement": {"consequence", "context"}}
DIMENSION_CODES = {f"{SCHEME}dimension/{c}" for c in ("total", "not-stated", "undetermined", "not-applicable")}
#: facts of agreement statements and the properties that state them
AGREEMENT_FACTS = {"entry-into-force": ("entryIntoForce",), "date": ("signatureDate", "entryIntoForce"),
                   "sponsor": ("sponsor", "primarySponsor"),
                   "primary-sponsor": ("primarySponsor",), "guarantor": ("guarantor",), "party": ("party",),
                   "area": ("coversArea",), "coverage": ("coversArea",), "preceded-by": ("precededBy",),
                   "status": ("agreementStatus",), "part-of": ("partOfAgreement",)}
#: facts of relation statements and the description properties that state them
RELATION_FACTS = {"located-in": ("locatedIn",), "partly-located-in": ("partlyLocatedIn",), "near": ("near",),
                  "affiliated-with": ("affiliatedWith",), "has-member": ("hasMember",),
                  "established-by": ("establishedBy",), "part-of": ("underAuthorityOf",),
                  "under-authority-of": ("underAuthorityOf",), "chairman-of": ("roleIn",)}


@dataclass
class Claim:
    """One claim of the graph, with everything said on it."""

    iri: str
    types: set[str] = field(default_factory=set)
    spans: set[tuple[int, int]] = field(default_factory=set)
    props: dict[str, set] = field(default_factory=lambda: defaultdict(set))

    def values(self, *names: str) -> set:
        """The values of the Hisab properties ``names``, as strings (IRIs) or Python values (literals)."""
        out: set = set()
        for name in names:
            out |= self.props.get(name, set())
        return out

    def is_a(self, local: str) -> bool:
        return H + local in self.types


@dataclass
class Index:
    """The claims of one document, and a few things about all of them."""

    claims: dict[str, Claim]
    literals: dict[tuple[str, str], set[Literal]]  # (claim, property) -> typed literals, for date precision


def _index(project, document: str) -> Index:
    rows = project.store.query(f"""
        PREFIX hisab: <{H}>
        PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT DISTINCT ?claim ?p ?o WHERE {{
            ?claim hisab:statedIn <{ID}document/{document}> .
            {{ ?claim ?p ?o }}
            UNION {{ ?claim hisab:evidence ?span . ?span oa:hasSelector ?sel . ?sel oa:start ?s ; oa:end ?e .
                    BIND (hisab:__span AS ?p) BIND (CONCAT(STR(?s), "-", STR(?e)) AS ?o) }}
        }}""")
    claims: dict[str, Claim] = {}
    literals: dict[tuple[str, str], set[Literal]] = defaultdict(set)
    for claim, p, o in rows:
        c = claims.setdefault(str(claim), Claim(str(claim)))
        if p == RDF.type:
            c.types.add(str(o))
        elif str(p) == H + "__span":
            start, end = str(o).split("-")
            c.spans.add((int(start), int(end)))
        elif str(p).startswith(H):
            name = str(p)[len(H):]
            c.props[name].add(o.toPython() if isinstance(o, Literal) and o.datatype not in _DATES else str(o))
            if isinstance(o, Literal):
                literals[(str(claim), name)].add(o)
    return Index(claims, literals)


_DATES = {XSD.date, XSD.gYearMonth, XSD.gYear, XSD.time}


def _iri(kind: str, slug: str | None) -> str | None:
    return None if slug is None else f"{ID}{kind}/{slug}"


def _code(scheme: str, code: str) -> str:
    return f"{SCHEME}{scheme}/{code}"


def _with_span(index: Index, span: tuple[int, int], *classes: str) -> list[Claim]:
    return [c for c in index.claims.values() if span in c.spans and (not classes or any(c.is_a(k) for k in classes))]


def _date_literal(value: str) -> Literal:
    datatype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}[len(value)]
    return Literal(value, datatype=datatype)


def _reading(name: str):
    return importlib.import_module(f"tests.reading.{name}")


@pytest.fixture(scope="module")
def indexes(project) -> dict[str, Index]:
    return {name: _index(project, _reading(name).DOCUMENT) for name in REPORTS}


# --- figures ----------------------------------------------------------------------------------------

def _figure_claims(index: Index, figure: Figure) -> list[Claim]:
    found = []
    for c in _with_span(index, figure.span, "Tally"):
        if c.values("category") != {_code("category", figure.category)}:
            continue
        if figure.count is not None and c.values("count") != {figure.count}:
            continue
        if figure.share is not None and (c.values("shareNumerator"), c.values("shareDenominator")) != (
                {figure.share[0]}, {figure.share[1]}):
            continue
        found.append(c)
    if len(found) > 1 and figure.perpetrator:  # figures of two perpetrators in one sentence
        found = [c for c in found if _iri("actor", figure.perpetrator) in c.values("perpetrator")] or found
    return found


def _figure_map(index: Index, figures: list[Figure]) -> dict[str, Claim]:
    out = {}
    for figure in figures:
        found = _figure_claims(index, figure)
        if len(found) == 1:
            out[figure.key] = found[0]
    return out


def _figure_problems(index: Index, figure: Figure, by_key: dict[str, Claim]) -> list[str]:
    found = _figure_claims(index, figure)
    if len(found) != 1:
        return [f"{len(found)} figures of {figure.category} = {figure.count or figure.share} on span {figure.span}"]
    c = found[0]
    problems = []

    def expect(what: str, got: set, want: set) -> None:
        if got != want:
            problems.append(f"{what}: the data has {sorted(map(str, got))}, the reading {sorted(map(str, want))}")

    expect("qualifier", c.values("valueQualifier"), {_code("qualifier", figure.qualifier)})
    expect("incident kind", c.values("incidentKind"),
           {_code("incident-kind", figure.incident_kind or "all")} if not figure.incident or figure.incident_kind
           else c.values("incidentKind"))
    expect("object category", c.values("objectCategory"), {_code("object", figure.object or "all")})
    expect("weapon", c.values("weapon"), {_code("weapon", figure.weapon or "all")})
    if figure.incident:
        expect("incident", c.values("aboutIncident"), {_iri("incident", figure.incident)})
        if figure.perpetrator:
            attributed = {(a.values("attributedTo").pop() if a.values("attributedTo") else None,
                           a.values("confidence").pop() if a.values("confidence") else None)
                          for a in index.claims.values() if a.is_a("Attribution")
                          and a.values("aboutIncident") == {_iri("incident", figure.incident)}}
            want = (_iri("actor", figure.perpetrator), _code("grade", figure.grade or "confirmed"))
            if want not in attributed:
                problems.append(f"the incident's attributions {sorted(map(str, attributed))} do not include {want}")
    else:
        if figure.perpetrator:
            expect("perpetrator", c.values("perpetrator"), {_iri("actor", figure.perpetrator)})
            expect("grade", c.values("confidence"), {_code("grade", figure.grade or "confirmed")})
        elif figure.grade == "undetermined":
            expect("perpetrator", c.values("perpetrator"), {_code("dimension", "undetermined")})
            expect("grade", c.values("confidence"), {_code("grade", "undetermined")})
        elif not c.values("perpetrator") <= DIMENSION_CODES or not c.values("perpetrator"):
            problems.append(f"perpetrator {sorted(c.values('perpetrator'))}: the reading names none")
        expect("candidates", c.values("candidate"), {_iri("actor", a) for a in figure.candidates})
        for dimension, kind, slug in (("refPeriod", "period", figure.period), ("refArea", "place", figure.area)):
            if slug:
                expect(dimension, c.values(dimension), {_iri(kind, slug)})
            elif not c.values(dimension) or not c.values(dimension) <= DIMENSION_CODES:
                problems.append(f"{dimension} {sorted(c.values(dimension))}: the reading states none")
    parts = {by_key[k].iri for k in figure.part_of if k in by_key}
    expect("part of", c.values("partOfTotal"), parts)
    if figure.lower_bound_reason and not c.values("lowerBoundNote"):
        problems.append("the reason it is a lower bound is not recorded (hisab:lowerBoundNote)")
    return problems


# --- incidents, attributions, counter-claims ----------------------------------------------------------

def _incident_problems(index: Index, incident: Incident) -> list[str]:
    found = [c for c in index.claims.values() if c.is_a("IncidentDescription")
             and c.values("describes") == {_iri("incident", incident.key)}]
    if not found:
        return [f"no description of incident {incident.key} in this report"]
    c = _merged(index, found)  # the report's own account and the accounts it relays, together
    problems = []

    def expect(what: str, got: set, want: set) -> None:
        if got != want:
            problems.append(f"{what}: the data has {sorted(map(str, got))}, the reading {sorted(map(str, want))}")

    expect("kinds", c.values("incidentKind"), {_code("incident-kind", k) for k in incident.kinds})
    for name, value in (("date", incident.date), ("startDate", incident.start), ("endDate", incident.end)):
        got = index.literals.get((c.iri, name), set())
        expect(name, got, {_date_literal(value)} if value else set())
    expect("time of day", {str(t) for t in c.values("timeOfDay")}, {incident.time} if incident.time else set())
    expect("time qualifier", c.values("timeQualifier"),
           {_code("qualifier", incident.time_qualifier)} if incident.time_qualifier else set())
    expect("places", c.values("place"), {_iri("place", p) for p in incident.places})
    expect("targets", c.values("target"), {_iri("place", p) for p in incident.targets})
    expect("damaged", c.values("damaged"), {_iri("place", p) for p in incident.damaged})
    expect("weapons", c.values("weapon"), {_code("weapon", w) for w in incident.weapons})
    expect("part of", c.values("partOfIncident"), {_iri("incident", p) for p in incident.part_of})
    expect("result of agreement", c.values("resultOfAgreement"),
           {_iri("agreement", incident.result_of_agreement)} if incident.result_of_agreement else set())
    if incident.conflict_character == "non-international":
        expect("armed conflict", c.values("inConflict"), {_iri("armed-conflict", "syria-non-international")})
    missing = set(incident.spans) - c.spans
    if missing:
        problems.append(f"evidence spans {sorted(missing)} are missing")
    return problems


def _merged(index: Index, claims: list[Claim]) -> Claim:
    """One claim holding what all of ``claims`` say (their values, spans and literals together)."""
    merged = Claim(claims[0].iri)
    for c in claims:
        merged.types |= c.types
        merged.spans |= c.spans
        for name, values in c.props.items():
            merged.props[name] |= values
            index.literals[(merged.iri, name)] = index.literals.get((merged.iri, name), set()) | index.literals.get(
                (c.iri, name), set())
    return merged


def _attribution_problems(index: Index, attribution: Attribution) -> list[str]:
    found = [c for c in _with_span(index, attribution.span, "Attribution")
             if c.values("aboutIncident") == {_iri("incident", attribution.incident)}]
    want_actor = {_iri("actor", attribution.actor)} if attribution.actor else set()
    matching = [c for c in found if c.values("attributedTo") == want_actor
                and c.values("confidence") == {_code("grade", attribution.grade)}
                and c.values("candidate") == {_iri("actor", a) for a in attribution.candidates}
                and c.values("claimedBy") == {_iri("actor", attribution.claimant)}
                and (c.values("role") or {_code("role", "perpetrator")}) == {_code("role", attribution.role)}]
    if not matching:
        return [f"no attribution of {attribution.incident} to {attribution.actor or attribution.candidates} "
                f"({attribution.grade}, {attribution.role}) by {attribution.claimant} on span {attribution.span}; "
                f"on that span: {[(sorted(c.values('attributedTo')), sorted(c.values('confidence'))) for c in found]}"]
    return []


def _counter_problems(index: Index, counter: CounterClaim, claim_of: dict[str, str]) -> list[str]:
    found = [c for c in _with_span(index, counter.span, COUNTER_CLASSES[counter.kind])
             if c.values("claimedBy") == {_iri("actor", counter.claimant)}]
    if counter.kind == "counter-claim":
        found = [c for c in found if not (c.is_a("Denial") or c.is_a("Rebuttal"))]
    if len(found) != 1:
        return [f"{len(found)} {counter.kind}s by {counter.claimant} on span {counter.span}"]
    c = found[0]
    if "#" in counter.disputes:
        incident, prop = counter.disputes.split("#")
        disputed = [index.claims[d] for d in c.values("disputes") if d in index.claims]
        if not any(d.values("describes") == {_iri("incident", incident)} for d in disputed) or \
                c.values("disputedProperty") != {H + prop}:
            return [f"does not dispute the {prop} in this report's description of {incident}"]
    elif counter.disputes in claim_of and claim_of[counter.disputes] not in c.values("disputes"):
        return [f"disputes {sorted(c.values('disputes'))}, not the claim of {counter.disputes} "
                f"({claim_of[counter.disputes]})"]
    return []


# --- statements -----------------------------------------------------------------------------------------

def _statement_candidates(index: Index, statement: Statement) -> list[Claim]:
    if statement.kind == "agreement":  # effects, threats and places of an agreement are qualitative claims
        classes = ("AgreementDescription", "QualitativeClaim")
    elif statement.kind == "allegation" and not statement.provisions and not statement.crime:
        # an allegation that names no norm, provision or crime has nothing to breach: an accusation
        classes = ("ViolationAllegation", "QualitativeClaim")
    elif statement.kind in STATEMENT_CLASSES:
        classes = (STATEMENT_CLASSES[statement.kind],)
    elif statement.kind == "relation":
        classes = ("PlaceDescription", "ActorDescription", "QualitativeClaim", "Citation")
    else:
        classes = ("QualitativeClaim",)
    found = _with_span(index, statement.span, *classes)
    kinds = {_code("claim-kind", k) for k in CLAIM_KINDS.get(statement.kind, {statement.kind})}
    found = [c for c in found if not c.is_a("QualitativeClaim") or c.values("claimKind") <= kinds]
    if statement.kind == "agreement" and statement.agreements:
        described = statement.facts.get("agreement") or statement.agreements[0]
        found = [c for c in found if c.values("describes") == {_iri("agreement", described)}
                 or _iri("agreement", described) in c.values("concernsAgreement")]
    return [c for c in found if c.values("claimedBy") == {_iri("actor", statement.claimant)}]


def _statement_problems(index: Index, statement: Statement) -> list[str]:
    subject = statement.facts.get("agreement", "")
    if statement.kind == "agreement" and len(statement.agreements) > 1 and (not subject or "+" in subject):
        # a statement about several agreements alike: each has a description on that span
        return [p for a in (subject.split("+") if subject else statement.agreements)
                for p in _statement_problems(index, Statement(
                    statement.key, "agreement", statement.span, statement.gist, statement.claimant, agreements=(a,),
                    facts={k: v for k, v in statement.facts.items() if k != "agreement"}))]
    found = _statement_candidates(index, statement)
    if not found:
        return [f"no {statement.kind} claim by {statement.claimant} on span {statement.span}"]
    # what the statement is about may be spread over the claims the report makes in that passage
    around = _merged(index, [c for c in _with_span(index, statement.span)
                             if c.values("claimedBy") == {_iri("actor", statement.claimant)}])
    problems_per_claim = [_one_statement(c, statement, around) for c in found]
    return [] if any(not p for p in problems_per_claim) else problems_per_claim[0]


def _one_statement(c: Claim, s: Statement, around: Claim) -> list[str]:
    problems = []

    def within(what: str, want: set, got: set) -> None:
        if not want <= got:
            problems.append(f"{what} {sorted(want - got)} missing (the claim has {sorted(got)})")

    actors = around.values(*ACTOR_PROPERTIES)
    within("actors", {_iri("actor", a) for a in s.actors if a != s.claimant}, actors)
    if s.kind == "demand":
        if c.values("addressee") != {_iri("actor", a) for a in s.addressees}:
            problems.append(f"addressees {sorted(c.values('addressee'))}, the reading {list(s.addressees)}")
        if c.values("demandKind") != {_code("demand", k) for k in s.demand_kinds}:
            problems.append(f"demand kinds {sorted(c.values('demandKind'))}, the reading {list(s.demand_kinds)}")
    within("places", {_iri("place", p) for p in s.places}, around.values(*PLACE_PROPERTIES))
    within("incidents", {_iri("incident", i) for i in s.incidents}, around.values("aboutIncident", "describes"))
    within("agreements", {_iri("agreement", a) for a in s.agreements}, around.values(*AGREEMENT_PROPERTIES))
    norms = around.values(*NORM_PROPERTIES)
    missing = [p for p in s.provisions if not any(n.endswith("/" + p) for n in norms)]
    if missing and s.kind in ("allegation", "citation", "demand"):
        problems.append(f"provisions {missing} missing (the claim has {sorted(norms)})")
    if s.crime and _code("crime", s.crime) not in c.values("crimeCategory"):
        problems.append(f"crime category {s.crime} missing")
    if s.conflict_character and c.values("statedConflictCharacter") != {_code("conflict", s.conflict_character)}:
        problems.append(f"stated conflict character {sorted(c.values('statedConflictCharacter'))}")
    if s.cited_as and c.values("citedAs") != {s.cited_as}:
        problems.append(f"cited as {sorted(c.values('citedAs'))}, the report writes {s.cited_as!r}")
    if s.grade == "believed" and c.values("confidence") != {_code("grade", "believed")}:
        problems.append("the report only believes it: hisab:confidence grade:believed")
    facts = AGREEMENT_FACTS if s.kind == "agreement" else RELATION_FACTS if s.kind == "relation" else {}
    if c.is_a("QualitativeClaim") or c.is_a("Citation"):  # a relation the model has no property for
        facts = {}
    for key, value in s.facts.items():
        if key not in facts or "+" in value or "#" in value:
            continue
        got = [str(g) for g in c.values(*facts[key])]
        for one in value.split(","):  # a date is met by the same date at a finer precision
            if not any(g == one or g.endswith("/" + one) or g.startswith(one + "-") for g in got):
                problems.append(f"fact {key} = {one} missing (the claim has {sorted(got)})")
    return problems


# --- the tests ------------------------------------------------------------------------------------------

def _report(name: str, problems: dict[str, list[str]]) -> str:
    lines = [f"{name}: {len(problems)} item(s) of the reading are not in the data as the report states them"]
    for key, items in problems.items():
        lines.append(f"  {key}:")
        lines.extend(f"    - {p}" for p in items)
    return "\n".join(lines)


@pytest.mark.seeds
@pytest.mark.parametrize("name", REPORTS)
def test_every_figure_is_in_the_data_as_the_report_states_it(indexes, name):
    reading, index = _reading(name), indexes[name]
    by_key = _figure_map(index, reading.FIGURES)
    problems = {f.key: p for f in reading.FIGURES if (p := _figure_problems(index, f, by_key))}
    assert not problems, _report(name, problems)


@pytest.mark.seeds
@pytest.mark.parametrize("name", REPORTS)
def test_every_incident_is_described_as_the_report_describes_it(indexes, name):
    reading, index = _reading(name), indexes[name]
    problems = {i.key: p for i in reading.INCIDENTS if (p := _incident_problems(index, i))}
    assert not problems, _report(name, problems)


@pytest.mark.seeds
@pytest.mark.parametrize("name", REPORTS)
def test_every_attribution_and_counter_claim(indexes, name):
    reading, index = _reading(name), indexes[name]
    problems = {a.key: p for a in reading.ATTRIBUTIONS if (p := _attribution_problems(index, a))}
    claim_of = {}
    for a in reading.ATTRIBUTIONS:
        for c in _with_span(index, a.span, "Attribution"):
            if c.values("attributedTo") == ({_iri("actor", a.actor)} if a.actor else set()):
                claim_of[a.key] = c.iri
    for counter in reading.COUNTER_CLAIMS:
        for c in _with_span(index, counter.span, COUNTER_CLASSES[counter.kind]):
            claim_of.setdefault(counter.key, c.iri)
    problems |= {c.key: p for c in reading.COUNTER_CLAIMS if (p := _counter_problems(index, c, claim_of))}
    assert not problems, _report(name, problems)


@pytest.mark.seeds
@pytest.mark.parametrize("name", REPORTS)
def test_every_statement_is_a_claim_with_its_kind_claimant_and_subjects(indexes, name):
    reading, index = _reading(name), indexes[name]
    problems = {s.key: p for s in reading.STATEMENTS if (p := _statement_problems(index, s))}
    assert not problems, _report(name, problems)


@pytest.mark.seeds
@pytest.mark.parametrize("name", REPORTS)
def test_nothing_is_in_the_data_that_the_reading_does_not_have(indexes, name):
    """Every evidence span of every claim of the report is the span of some item of the reading."""
    reading, index = _reading(name), indexes[name]
    spans = {f.span for f in reading.FIGURES} | {a.span for a in reading.ATTRIBUTIONS} | {
        c.span for c in reading.COUNTER_CLAIMS} | {s.span for s in reading.STATEMENTS} | {
        sp for i in reading.INCIDENTS for sp in i.spans}
    unread = {c.iri.rsplit("/", 1)[-1]: sorted(c.spans - spans) for c in index.claims.values() if c.spans - spans}
    assert not unread, f"{name}: claims whose evidence no item of the reading has: {unread}"


def test_the_readings_are_well_formed():
    """Keys unique, references resolve, spans inside the report's own text: a broken reading fails here."""
    for name in REPORTS:
        reading = _reading(name)
        for group in (reading.FIGURES, reading.INCIDENTS, reading.ATTRIBUTIONS, reading.COUNTER_CLAIMS,
                      reading.STATEMENTS):
            keys = [item.key for item in group]
            assert len(keys) == len(set(keys)), f"{name}: duplicate keys"
        figure_keys = {f.key for f in reading.FIGURES}
        for f in reading.FIGURES:
            assert set(f.part_of) <= figure_keys, (name, f.key, f.part_of)
            assert f.span[0] < f.span[1]


def test_every_document_of_a_reading_is_in_the_data(project):
    rows = project.select(f"SELECT ?d WHERE {{ ?d a <{H}SourceDocument> }}")
    documents = {str(r["d"]) for r in rows}
    assert {f"{ID}document/{_reading(n).DOCUMENT}" for n in REPORTS} <= documents


def test_an_item_missing_from_the_data_is_reported():
    """Control: the checker finds a figure whose count differs, and a statement with no claim."""
    index = Index({"c": Claim("c", {H + "Tally"}, {(1, 2)}, defaultdict(set, {
        "category": {_code("category", "civilians-killed")}, "count": {5}}))}, {})
    assert _figure_problems(index, Figure("k", "civilians-killed", (1, 2), count=6), {})
    assert _statement_problems(index, Statement("s", "demand", (1, 2), "gist"))
