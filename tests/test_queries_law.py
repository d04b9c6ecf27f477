"""Expected answers of the saved queries on agreements, law, demands, disputes, time and accusations.

The expected values are read from the five reports (``../shared/seeds/000`` … ``004``), not from what the
queries return: each test names the passage of the report it rests on.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from SPARQLWrapper import SPARQLWrapper

from hisab.evidence import Seeds
from hisab.queries import bind, load_catalogue, without_comments

QUERIES = Path(__file__).resolve().parents[1] / "queries"
CATALOGUE = load_catalogue(QUERIES)
LAW_QUERIES = (
    "agreement-breaches", "agreements-sponsored-by-actor", "incidents-within-agreement-reach", "claims-about-incident",
    "claims-by-provision", "legal-citations-per-report", "demands-by-kind", "demands-to-body", "disputed-claims",
    "timeline", "incidents-between-dates", "accusations-against-actor", "qualitative-claims",
)
MOD = "Ministry of Defence of the Russian Federation"
SNHR = "Syrian Network for Human Rights"
WORDING = "wording matches (project's reading)"
MAPPED = "mapped by the project"
CITED = "cited by the source"


def run(project, name: str, **values: str) -> list[dict]:
    """Rows of a saved query on the project's data, as dicts of Python values (None when unbound)."""
    text, _ = bind(CATALOGUE[name], values)
    result = project.store.query(text)
    names = [str(var) for var in result.vars]
    return [{name: (row[name].toPython() if row[name] is not None else None) for name in names} for row in result]


def local(value: object) -> str:
    """The last path segment of an IRI."""
    return str(value).rsplit("/", 1)[-1]


def doc(row: dict, column: str = "source") -> str:
    """The report number (000 … 004) of a row's document."""
    return str(row[column])[:3]


def items(value: object) -> set[str]:
    """The items of a "; "-separated list column."""
    return {part for part in str(value or "").split("; ") if part}


@pytest.fixture(scope="module")
def seeds(layout) -> Seeds:
    """The report texts; missing texts fail the evidence checks unless HISAB_ALLOW_MISSING_SEEDS=1."""
    found = Seeds(layout.seeds_dir)
    if not found.available:
        message = f"the source texts are missing: {layout.seeds_dir} does not exist or is empty"
        if os.environ.get("HISAB_ALLOW_MISSING_SEEDS") == "1":
            pytest.skip(message)
        pytest.fail(message)
    return found


def span_texts(seeds: Seeds, file_name: str, spans: str) -> list[str]:
    """The passages of a report that a "start-end; …" column points to."""
    text = seeds.get(file_name).text
    return [text[int(start):int(end)] for start, end in (span.split("-") for span in items(spans))]


# --- the catalogue entries ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", LAW_QUERIES)
def test_query_is_documented_and_answers_with_its_defaults(project, name: str) -> None:
    """Each query has a grlc header, defaults for its required parameters, and rows with sound spans."""
    query = CATALOGUE[name]
    assert query.summary and query.description and query.tags
    for param in query.params:
        assert not param.required or param.variable in query.defaults, param
    rows = run(project, name)
    assert rows, f"{name} returned no rows"
    for row in rows:
        for column in ("spans", "counterSpans", "disputedSpans"):
            for span in items(row.get(column)):
                start, end = (int(n) for n in span.split("-"))
                assert 0 <= start < end, (name, span)


@pytest.mark.parametrize("name", LAW_QUERIES)
def test_sparqlwrapper_reads_the_query_as_a_select(name: str) -> None:
    """SPARQLWrapper (behind 'hisab query --endpoint') guesses the query type from the text, with only every
    other comment line removed: a header word such as 'add' or 'describes' would make it send the query as
    an update or ask for RDF. So the remote store hands it the text with every comment line blanked; this
    is the text it reads."""
    text, _ = bind(CATALOGUE[name], {})
    assert SPARQLWrapper("http://127.0.0.1/sparql")._parseQueryType(without_comments(text)) == "SELECT"


# --- agreements -------------------------------------------------------------------------------------------

def test_agreement_breaches(project) -> None:
    """003: the alliance 'deliberately breached the de-escalation agreement', and the attacks of Russian forces
    'constitute a breach of the de-escalation agreements'; 004: the alliance 'violated the de-escalation zone
    agreement in all regions … and violated the Sochi Agreement'."""
    rows = run(project, "agreement-breaches")
    assert {(local(r["agreement"]), r["violators"], doc(r)) for r in rows} == {
        ("de-escalation", "Syrian-Russian alliance", "003"), ("de-escalation", "Russian forces", "003"),
        ("de-escalation", "Syrian-Russian alliance", "004"), ("sochi", "Syrian-Russian alliance", "004")}
    assert len(rows) == len({r["allegation"] for r in rows}), "an allegation is listed once"
    assert {r["grade"] for r in rows} == {"confirmed"}
    assert {r["claimantLabel"] for r in rows} == {SNHR}
    by_russian_forces = next(r for r in rows if r["violators"] == "Russian forces")
    assert "al Atareb" in by_russian_forces["incidents"]
    sochi = run(project, "agreement-breaches", agreement="agreement:sochi")
    assert [(local(r["agreement"]), doc(r)) for r in sochi] == [("sochi", "004")]


@pytest.mark.seeds
def test_agreement_breach_evidence_is_the_breach_passage(project, seeds: Seeds) -> None:
    """Each allegation's spans hold the words of the breach in the report."""
    for row in run(project, "agreement-breaches"):
        passage = " ".join(span_texts(seeds, row["source"], row["spans"]))
        assert re.search(r"breach|violated", passage), (row["allegation"], passage)


def test_agreements_sponsored_by_russia(project) -> None:
    """001: Russia 'one of the sponsoring parties to Astana Talks in May 2017', 'the primary sponsor for the
    South Syria agreement, as well as other local agreements … in Eastern Ghouta on July 22, 2017, and …
    northern suburbs of Homs and southern suburbs of Hama in August 2017', and 'sponsor and a guarantor' of
    the evacuation of eastern Aleppo (13 December 2016) and of al Wa'er (13 March 2017)."""
    rows = run(project, "agreements-sponsored-by-actor")
    assert {(local(r["agreement"]), r["role"]) for r in rows} == {
        ("astana", "sponsor"), ("south-syria", "primary sponsor"), ("eastern-ghouta-de-escalation", "primary sponsor"),
        ("homs-hama-de-escalation", "primary sponsor"), ("eastern-aleppo-evacuation", "sponsor"),
        ("eastern-aleppo-evacuation", "guarantor"), ("al-waer-agreement", "sponsor"),
        ("al-waer-agreement", "guarantor")}
    assert {doc(r) for r in rows} == {"001"}
    dates = {local(r["agreement"]): str(r["signatureDate"]) for r in rows}
    assert dates["south-syria"] == "2017-07-09" and dates["eastern-ghouta-de-escalation"] == "2017-07-22"
    assert dates["homs-hama-de-escalation"] == "2017-08" and dates["astana"] == "2017-05"  # month-only, as written
    assert items(next(r for r in rows if local(r["agreement"]) == "homs-hama-de-escalation")["areas"]) == {
        "northern suburbs of Homs", "southern suburbs of Hama"}


def test_agreement_parties(project) -> None:
    """001: the bases struck belonged to 'opposition factions that were part of Astana Talks'."""
    rows = run(project, "agreements-sponsored-by-actor", actor="actor:armed-opposition-factions")
    assert {(local(r["agreement"]), r["role"], doc(r)) for r in rows} == {("astana", "party", "001")}


def test_incidents_within_the_de_escalation_agreement(project) -> None:
    """The agreement took effect on 6 May 2017 (001, 003) and covers the de-escalation zones, the fourth among
    them (004), which holds Idlib governorate (004). Within it and after that date: al Atareb, 'a
    de-escalation zone' (003, 13 November 2017); the offensive on the fourth zone since 26 April 2019 and the
    Ma'aret al Numan massacre in Idlib's southern suburbs on 22 July 2019 (004); the offensive on the Idlib
    suburbs from 19 September 2017 (001). Khan Sheikhoun, in Idlib governorate (000), was attacked on 4 April
    2017, before the agreement took effect."""
    rows = run(project, "incidents-within-agreement-reach")
    found = {(local(r["agreement"]), local(r["incident"])) for r in rows}
    assert {("de-escalation", "al-atareb-market-2017-11-13"), ("de-escalation", "fourth-zone-offensive-2019"),
            ("de-escalation", "maaret-al-numan-market-2019-07-22"),
            ("de-escalation", "idlib-offensive-2017-09")} <= found
    assert ("de-escalation", "khan-sheikhoun-chemical-attack-2017-04-04") not in found
    atareb = next(r for r in rows if local(r["incident"]) == "al-atareb-market-2017-11-13")
    assert str(atareb["entryIntoForce"]) == "2017-05-06"
    assert {s[:3] for s in items(atareb["entryStatedIn"])} == {"001", "003"}
    assert atareb["alleged"] == "yes"  # 003: the attacks of Russian forces breach the de-escalation agreements
    assert atareb["dateStatedIn"][:3] == "003" and atareb["placeStatedIn"][:3] == "003"
    zone = next(r for r in rows if local(r["incident"]) == "fourth-zone-offensive-2019")
    assert zone["reach"] == "is the area"
    assert run(project, "incidents-within-agreement-reach", agreement="agreement:sochi") == []  # 004 gives no area


# --- claims about an incident, disputes -----------------------------------------------------------------

def test_claims_about_the_maaret_al_numan_massacre(project) -> None:
    """004: Russian forces committed it; 39 civilians killed, four children, seven women and one Civil Defense
    member; Russia denies it (headline); the Ministry of Defense denied any operation and published videos
    said to show the market unhit; SNHR answers with its record of denials and the al Hal market."""
    rows = run(project, "claims-about-incident")
    assert {"attribution", "denial", "counter-claim", "rebuttal", "figure", "incident description"} <= {
        r["class"] for r in rows}
    assert {r["figure"] for r in rows if r["figure"]} == {
        "39 civilians killed", "4 children killed", "7 women killed", "1 civil-defence personnel killed"}
    assert {doc(r) for r in rows} == {"004"}
    assert {SNHR, MOD, "Russian Federation"} <= {r["claimantLabel"] for r in rows}
    attribution = next(r for r in rows if r["class"] == "attribution")
    assert (attribution["actors"], attribution["grade"]) == ("Russian forces", "confirmed")
    indirect = {local(r["claim"]) for r in rows if r["how"] == "disputes a claim about the incident"}
    assert "004-rebuttal-denial-record" in indirect


def test_claims_about_the_al_atareb_market_attack(project) -> None:
    """003: 79 civilians killed, including eight children and eight women, no less than 83 injured; Russian
    forces perpetrated it, by two warplanes 'we believe were part of the Russian air force'."""
    rows = run(project, "claims-about-incident", incident="incident:al-atareb-market-2017-11-13")
    figures = {r["figure"] for r in rows if r["figure"]}
    assert {"79 civilians killed", "8 children killed", "8 women killed", "≥ 83 people injured"} <= figures
    grades = {(r["actors"], r["grade"]) for r in rows if r["class"] == "attribution"}
    assert grades == {("Russian forces", "confirmed"), ("Russian air force", "believed")}


def test_disputed_claims(project) -> None:
    """004: Russia and its Ministry of Defense deny the Ma'aret al Numan attribution; the ministry's videos
    dispute that the popular market was hit; SNHR rebuts the denial and the videos (al Hal market)."""
    rows = run(project, "disputed-claims")
    assert {(r["counterClass"], r["counterClaimant"], r["disputedClass"]) for r in rows} == {
        ("denial", "Russian Federation", "attribution"), ("denial", MOD, "attribution"),
        ("counter-claim", MOD, "incident description"), ("rebuttal", SNHR, "denial"),
        ("rebuttal", SNHR, "counter-claim")}
    fact = next(r for r in rows if r["counterClass"] == "counter-claim")
    assert (fact["disputedFact"], fact["disputedValue"]) == ("target", "popular market of Ma'aret al Numan")
    assert "26 and 27 July" in fact["evidenceOffered"]
    assert any("al Hal" in r["counterGist"] for r in rows if r["counterClass"] == "rebuttal")
    attribution = next(r for r in rows if r["counterClaimant"] == MOD and r["counterClass"] == "denial")
    assert (attribution["disputedClaimant"], attribution["disputedGrade"]) == (SNHR, "confirmed")
    assert all("Ma'aret al Numan" in r["incidents"] for r in rows)


# --- law ---------------------------------------------------------------------------------------------------

def test_claims_under_article_8(project) -> None:
    """000-003 cite 'Article 8 of Rome Statute' for 'willful killing' (the international-conflict wording) in a
    conflict they call non-international; 004 cites 'Articles 8 (2) (b), 24, 8 (2) (e) (2)' for attacks on
    medical personnel and '8 (2) (b) (7) and 8 (2) (e) (8)' for displacement, both non-international."""
    rows = run(project, "claims-by-provision")
    by_link = {link: {(doc(r), r["citation"]) for r in rows if r["link"] == link} for link in (CITED, WORDING, MAPPED)}
    art8 = "Rome Statute art. 8"
    assert by_link[CITED] == {(n, art8) for n in ("000", "001", "002", "003")} | {
        ("004", f"{art8}(2)(b)"), ("004", f"{art8}(2)(e)(ii)"), ("004", f"{art8}(2)(b)(vii)"),
        ("004", f"{art8}(2)(e)(viii)")}
    assert by_link[WORDING] == {(n, f"{art8}(2)(a)(i)") for n in ("000", "001", "002", "003")} | {
        ("004", f"{art8}(2)(b)(xxiv)"), ("004", f"{art8}(2)(b)(viii)")}
    assert by_link[MAPPED] == {(n, f"{art8}(2)(c)(i)") for n in ("000", "001", "002", "003")} | {
        ("004", f"{art8}(2)(e)(ii)"), ("004", f"{art8}(2)(e)(viii)")}
    assert {r["citedAs"] for r in rows if doc(r) in ("000", "001", "002", "003")} == {"Article 8 of Rome Statute"}
    assert {r["statedConflict"] for r in rows if doc(r) == "004"} == {"non-international armed conflict"}
    aleppo = next(r for r in rows if doc(r) == "002" and r["link"] == CITED)
    assert items(aleppo["violators"]) == {"Russian Federation", "Syrian regime"}  # 'the Russian and Syrian regimes'


def test_claims_under_article_7_and_resolution_2254(project) -> None:
    """004 alone cites article 7 ('Articles 7 (1) (d)'); 000-003 cite resolutions 2139 and 2254, 004 none."""
    art7 = run(project, "claims-by-provision", provision="provision:rome-statute-art-7")
    assert {(doc(r), r["citation"], r["link"]) for r in art7} == {("004", "Rome Statute art. 7(1)(d)", CITED)}
    resolution = run(project, "claims-by-provision", provision="instrument:s-res-2254-2015")
    assert {doc(r) for r in resolution if r["link"] == CITED} == {"000", "001", "002", "003"}


def test_legal_citations_warn_where_the_wording_is_the_international_term(project) -> None:
    """The same passages as above: the wording or citation is that of a provision for international armed
    conflict while the reports place the conduct in a non-international one."""
    rows = run(project, "legal-citations-per-report")
    warned = {(doc(r), r["role"], r["citation"]) for r in rows if r["warning"]}
    art8 = "Rome Statute art. 8"
    assert warned == {(n, WORDING, f"{art8}(2)(a)(i)") for n in ("000", "001", "002", "003")} | {
        ("004", CITED, f"{art8}(2)(b)"), ("004", CITED, f"{art8}(2)(b)(vii)"),
        ("004", WORDING, f"{art8}(2)(b)(xxiv)"), ("004", WORDING, f"{art8}(2)(b)(viii)")}
    counterpart = {r["citation"]: r["warning"] for r in rows if r["warning"]}
    assert f"{art8}(2)(c)(i)" in counterpart[f"{art8}(2)(a)(i)"]
    assert f"{art8}(2)(e)(ii)" in counterpart[f"{art8}(2)(b)(xxiv)"]
    assert f"{art8}(2)(e)(viii)" in counterpart[f"{art8}(2)(b)(viii)"]
    assert all("international armed conflict" in w and "non-international armed conflict applies" in w
               for w in counterpart.values())
    cited = {(doc(r), r["citation"]) for r in rows if r["role"] == CITED}
    assert {("004", "UN Charter art. 41"), ("004", "UN Charter art. 42"), ("003", "General Assembly resolution 71/248"),
            ("004", "Rome Statute art. 7(1)(d)")} <= cited
    # the source's citation and the project's note are kept in columns of their own
    medical = next(r for r in rows if r["citation"] == f"{art8}(2)(e)(ii)" and r["role"] == CITED)
    assert medical["citedAs"] == "Articles 8 (2) (b), 24, 8 (2) (e) (2)"
    assert "project reads it" in medical["mappingNote"]


@pytest.mark.seeds
def test_cited_as_is_the_reports_own_text(project, seeds: Seeds) -> None:
    """Every citation 'as the source writes it' occurs word for word in the report."""
    for row in run(project, "legal-citations-per-report"):
        if row["citedAs"]:
            assert row["citedAs"] in seeds.get(row["source"]).text, row


# --- demands -----------------------------------------------------------------------------------------------

def test_demands_by_kind(project) -> None:
    """Every report calls for referral to the International Criminal Court; 000-003 for wider sanctions,
    which 002 addresses to the Security Council."""
    rows = run(project, "demands-by-kind")
    assert {doc(r) for r in rows if r["kindLabel"] == "refer to the ICC"} == {"000", "001", "002", "003", "004"}
    sanctions = [r for r in rows if r["kindLabel"] == "expand sanctions"]
    assert {doc(r) for r in sanctions} == {"000", "001", "002", "003"}
    assert {doc(r) for r in sanctions if r["addressees"] == "UN Security Council"} == {"002"}
    icc = run(project, "demands-by-kind", kind="demand:refer-to-icc")
    assert len(icc) == 5 and {r["kindLabel"] for r in icc} == {"refer to the ICC"}


def test_demands_to_the_security_council(project) -> None:
    """000, 001 and 003 each call on the Council to take additional steps; 002 to prevent a second Rwanda,
    to take additional steps, to bring peace and apply R2P, and to expand sanctions; 004 to stabilise the
    ceasefire in Idlib (one list of recommendations)."""
    rows = run(project, "demands-to-body")
    per_report: dict[str, int] = {}
    for row in rows:
        per_report[doc(row)] = per_report.get(doc(row), 0) + 1
    assert per_report == {"000": 1, "001": 1, "002": 4, "003": 1, "004": 1}
    assert "stabilise a ceasefire" in next(r for r in rows if doc(r) == "004")["kinds"]
    ohchr = run(project, "demands-to-body", addressee="actor:ohchr")
    assert {(doc(r), r["kinds"]) for r in ohchr} == {("003", "submit a report"), ("004", "submit a report")}
    russia = run(project, "demands-to-body", addressee="actor:russia")
    assert [(doc(r), r["otherAddressees"]) for r in russia] == [
        ("004", "countries that support the parties to the conflict in Syria")]


# --- time --------------------------------------------------------------------------------------------------

def test_timeline_keeps_each_sources_precision(project) -> None:
    """Month-only dates stay months: August 2013 (000), February 2016 and December 2016 (001), the siege since
    September 2016 (002), Astana in May 2017 and Homs/Hama in August 2017 (001), Sochi in September 2018 (004);
    6 May 2017 is given by 001 and 003."""
    rows = run(project, "timeline")
    dates = [str(r["date"]) for r in rows]
    assert dates == sorted(dates)
    assert {"2013-08", "2016-02", "2016-09", "2016-12", "2017-05", "2017-08", "2018-09"} <= set(dates)
    assert sorted(doc(r) for r in rows if local(r["thing"]) == "de-escalation") == ["001", "003"]
    later = run(project, "timeline", **{"from": "2019-01-01"})
    assert {str(r["date"]) for r in later} == {"2019-04-26", "2019-07-22"}
    early = {str(r["date"]) for r in run(project, "timeline", to="2016-12-05")}
    assert "2016-12" in early and "2016-12-13" not in early  # the month overlaps, the day does not


def test_incidents_between_dates(project) -> None:
    """000: Khan Sheikhoun on 4 April 2017, al Shayrat and al Qaboun on 7 April 2017. The intervention, under
    way since 30 September 2015 with no end stated, is not taken to reach April 2017. 001: the evacuation of
    eastern Aleppo in December 2016 (month only)."""
    april = run(project, "incidents-between-dates", **{"from": "2017-04-01", "to": "2017-04-30"})
    assert {local(r["incident"]) for r in april} == {
        "khan-sheikhoun-chemical-attack-2017-04-04", "al-shayrat-missile-strike-2017-04-07",
        "al-qaboun-chemical-attack-2017-04-07"}
    year = {local(r["incident"]) for r in run(project, "incidents-between-dates")}
    assert {"idlib-offensive-2017-09", "al-atareb-market-2017-11-13"} <= year
    december = run(project, "incidents-between-dates", **{"from": "2016-12-20", "to": "2017-01-31"})
    assert [(local(r["incident"]), str(r["date"])) for r in december] == [("eastern-aleppo-displacement", "2016-12")]


# --- accusations ---------------------------------------------------------------------------------------------

def test_accusations_against_russian_forces_at_every_level(project) -> None:
    """Russian forces are named themselves (004: Ma'aret al Numan; 001: 'barbarian hordes', no less than 707
    attacks on vital facilities); the Russian air force under them (003, believed); the Russian state above
    them (001: 'The Russian regime has violated Article 8'); and the alliance, whose members 004 names."""
    rows = run(project, "accusations-against-actor")
    levels = {(r["level"], r["namedLabel"]) for r in rows}
    assert levels == {("the actor itself", "Russian forces"), ("under the actor's authority", "Russian air force"),
                      ("the actor is under its authority", "Russian Federation"),
                      ("an alliance or group the actor is a member of", "Syrian-Russian alliance")}
    own = {local(r["claim"]): r for r in rows if r["level"] == "the actor itself"}
    assert own["004-attribution-maaret-al-numan"]["how"] == "attributed to"
    assert own["001-barbarian-hordes"]["how"] == "accused"
    assert own["001-vital-facilities"]["figure"].startswith("≥ 707 attacks on vital civilian facilities")
    air = next(r for r in rows if r["namedLabel"] == "Russian air force")
    assert (air["grade"], doc(air)) == ("believed", "003")
    assert next(r for r in rows if r["namedLabel"] == "Syrian-Russian alliance")["levelStatedIn"][:3] == "004"
    state = {local(r["claim"]) for r in rows if r["namedLabel"] == "Russian Federation"}
    assert {"001-breach-rome-statute-art-8", "003-breach-rome-statute-art-8"} <= state


def test_accusations_against_russia_include_undetermined_candidates(project) -> None:
    """000: one cluster-munition attack 'still being investigated … (The Syrian regime or the Russian regime)'."""
    rows = run(project, "accusations-against-actor", actor="actor:russia")
    candidate = next(r for r in rows if r["how"] == "candidate perpetrator")
    assert (doc(candidate), candidate["grade"]) == ("000", "undetermined")
    assert items(candidate["candidates"]) == {"Russian Federation", "Syrian regime"}
    assert "under the actor's authority" in {r["level"] for r in rows}  # its forces, air force and ministry


def test_qualitative_claims(project) -> None:
    """003: no warning to civilians (Russian forces) and no military posts found; 000: Khan Sheikhoun the
    largest chemical attack since August 2013; 002: the chairman holds the General Assembly and the
    Commission of Inquiry responsible for failing to end the genocide."""
    absence = run(project, "qualitative-claims", claimKind="claimkind:finding-of-absence")
    assert {"003-no-warning", "003-no-military-targets"} <= {local(r["claim"]) for r in absence}
    assert next(r for r in absence if local(r["claim"]) == "003-no-warning")["accused"] == "Russian forces"
    comparisons = run(project, "qualitative-claims", claimKind="claimkind:comparison")
    largest = next(r for r in comparisons if local(r["claim"]) == "000-ks-largest-since-2013")
    assert "Khan Sheikhoun" in largest["incidents"]
    accusations = run(project, "qualitative-claims", claimKind="claimkind:accusation")
    blame = next(r for r in accusations if local(r["claim"]) == "002-chairman-unga-coi-responsible")
    assert items(blame["accused"]) == {
        "UN General Assembly", "Independent International Commission of Inquiry on the Syrian Arab Republic"}
    assert blame["crimeCategory"] == "genocide" and blame["claimantLabel"] == "Fadel Abdul Ghany"
    kinds = {r["kindLabel"] for r in run(project, "qualitative-claims")}
    assert {"comparison", "accusation", "method", "scope"} <= kinds
