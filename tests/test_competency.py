"""Competency questions: what a legal researcher asks of these reports, answered by SPARQL over the
graph and compared with what the reports say."""

from __future__ import annotations

PREFIXES = """
PREFIX hisab: <https://w3id.org/hisab/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX actor: <https://w3id.org/hisab/id/actor/>
PREFIX place: <https://w3id.org/hisab/id/place/>
PREFIX incident: <https://w3id.org/hisab/id/incident/>
PREFIX agreement: <https://w3id.org/hisab/id/agreement/>
PREFIX instrument: <https://w3id.org/hisab/id/instrument/>
PREFIX provision: <https://w3id.org/hisab/id/provision/>
PREFIX document: <https://w3id.org/hisab/id/document/>
PREFIX grade: <https://w3id.org/hisab/scheme/grade/>
PREFIX qualifier: <https://w3id.org/hisab/scheme/qualifier/>
PREFIX category: <https://w3id.org/hisab/scheme/category/>
PREFIX weapon: <https://w3id.org/hisab/scheme/weapon/>
PREFIX object: <https://w3id.org/hisab/scheme/object/>
PREFIX conflict: <https://w3id.org/hisab/scheme/conflict/>
PREFIX demand: <https://w3id.org/hisab/scheme/demand/>
"""
ID = "https://w3id.org/hisab/id/"


def ask(project, query: str) -> list[dict]:
    return project.select(PREFIXES + query)


def local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def test_civilians_and_children_killed_by_russian_forces_in_the_fourth_zone(project):
    """How many civilians did Russian forces kill in the fourth de-escalation zone between 26 April and
    27 July 2019, and how many were children?"""
    rows = ask(project, """
        SELECT ?category ?n WHERE {
            ?t hisab:perpetrator actor:russian-forces ; hisab:refArea place:fourth-de-escalation-zone ;
               hisab:refPeriod [ hisab:startDate "2019-04-26"^^<http://www.w3.org/2001/XMLSchema#date> ;
                                 hisab:endDate "2019-07-27"^^<http://www.w3.org/2001/XMLSchema#date> ] ;
               hisab:category ?category ; hisab:count ?n .
            FILTER NOT EXISTS { ?t hisab:incidentKind ?k }
            FILTER (?category IN (category:civilians-killed, category:children-killed))
        }""")
    assert {local(r["category"]): r["n"] for r in rows} == {"civilians-killed": 156, "children-killed": 38}


def test_agreements_russia_sponsored_or_guaranteed(project):
    rows = ask(project, """
        SELECT DISTINCT ?agreement WHERE { ?agreement hisab:sponsor|hisab:primarySponsor|hisab:guarantor actor:russia }""")
    assert {local(r["agreement"]) for r in rows} == {
        "eastern-aleppo-evacuation", "al-waer-agreement", "astana", "south-syria",
        "eastern-ghouta-de-escalation", "homs-hama-de-escalation"}


def test_agreements_russia_guaranteed(project):
    rows = ask(project, "SELECT ?a WHERE { ?a hisab:guarantor actor:russia }")
    assert {local(r["a"]) for r in rows} == {"eastern-aleppo-evacuation", "al-waer-agreement"}


def test_incidents_in_a_de_escalation_zone_after_it_came_into_force(project):
    rows = ask(project, """
        SELECT DISTINCT ?incident WHERE {
            ?agreement a hisab:DeEscalationAgreement ; hisab:coversArea ?area ; hisab:entryIntoForce ?force .
            ?incident hisab:place/hisab:locatedIn* ?area .
            OPTIONAL { ?incident hisab:date ?d } OPTIONAL { ?incident hisab:startDate ?s }
            FILTER (STR(COALESCE(?d, ?s)) >= STR(?force))
        }""")
    assert {local(r["incident"]) for r in rows} == {
        "al-atareb-market-2017-11-13", "maaret-al-numan-market-2019-07-22", "fourth-zone-offensive-2019",
        "idlib-offensive-2017-09"}  # Idlib governorate lies in the fourth zone; 19 Sep 2017 is after 6 May 2017


def test_disputed_attributions_and_who_disputes_them(project):
    rows = ask(project, """
        SELECT DISTINCT ?incident ?by ?kind WHERE {
            ?attribution a hisab:Attribution ; hisab:aboutIncident ?incident .
            ?counter hisab:disputes ?attribution ; hisab:claimedBy ?by ; a ?kind .
            FILTER (?kind IN (hisab:Denial, hisab:CounterClaim))
        }""")
    assert {(local(r["incident"]), local(r["by"])) for r in rows} == {
        ("maaret-al-numan-market-2019-07-22", "russian-mod")}
    assert {r["kind"].rsplit("#", 1)[1] for r in rows} == {"Denial", "CounterClaim"}


def test_rebuttal_of_the_videos_names_the_other_market(project):
    rows = ask(project, """
        SELECT ?place WHERE { ?r a hisab:Rebuttal ; hisab:disputes ?videos ; hisab:concernsPlace ?place .
                              ?videos hisab:claimedBy actor:russian-mod }""")
    assert {local(r["place"]) for r in rows} == {"maaret-al-numan-al-hal-market", "maaret-al-numan-popular-market"}


def test_denied_massacres_proven(project):
    rows = ask(project, """
        SELECT ?c ?n WHERE { ?t hisab:perpetrator actor:russia ; hisab:category ?c ; hisab:count ?n .
                             FILTER (?c IN (category:massacres-denied, category:massacres-denied-proven)) }""")
    assert {local(r["c"]): r["n"] for r in rows} == {"massacres-denied": 8, "massacres-denied-proven": 7}


def test_civilians_killed_by_the_alliance_per_report(project):
    rows = ask(project, """
        SELECT ?file ?n ?q WHERE {
            ?t hisab:perpetrator actor:syrian-russian-alliance ; hisab:category category:civilians-killed ;
               hisab:count ?n ; hisab:valueQualifier ?q ; hisab:statedIn/hisab:localFileName ?file .
            FILTER NOT EXISTS { ?t hisab:incidentKind ?k }
        }""")
    assert {(r["file"][:3], r["n"], local(r["q"])) for r in rows} == {
        ("000", 98, "exact"), ("002", 361, "exact"), ("004", 781, "at-least")}


def test_who_carried_out_the_khan_sheikhoun_chemical_attack(project):
    rows = ask(project, """
        SELECT ?actor ?grade ?by WHERE { ?a a hisab:Attribution ; hisab:aboutIncident incident:khan-sheikhoun-chemical-attack-2017-04-04 ;
                                       hisab:attributedTo ?actor ; hisab:confidence ?grade ; hisab:claimedBy ?by }""")
    assert [(local(r["actor"]), local(r["grade"]), local(r["by"])) for r in rows] == [
        ("syrian-regime-forces", "confirmed", "snhr")]


def test_attributions_the_source_only_believes(project):
    rows = ask(project, """
        SELECT ?incident ?actor WHERE { ?a a hisab:Attribution ; hisab:confidence grade:believed ;
                                        hisab:aboutIncident ?incident ; hisab:attributedTo ?actor }""")
    assert {(local(r["incident"]), local(r["actor"])) for r in rows} == {
        ("al-atareb-market-2017-11-13", "russian-air-force")}


def test_figures_with_undetermined_perpetrator_and_their_candidates(project):
    rows = ask(project, """
        SELECT ?t ?n (GROUP_CONCAT(STR(?c); separator=" ") AS ?candidates) WHERE {
            ?t hisab:confidence grade:undetermined ; hisab:count ?n . OPTIONAL { ?t hisab:candidate ?c } }
        GROUP BY ?t ?n""")
    found = {(r["n"], tuple(sorted(local(c) for c in (r.get("candidates") or "").split()))) for r in rows}
    assert found == {(1, ("russia", "syrian-regime")), (2, ())}


def test_claims_under_rome_statute_article_8_through_the_provision_hierarchy(project):
    rows = ask(project, """
        SELECT DISTINCT ?file WHERE {
            ?claim hisab:allegedBreachOf|hisab:cites|hisab:mappedProvision ?p ; hisab:statedIn/hisab:localFileName ?file .
            ?p hisab:partOf* provision:rome-statute-art-8 .
        }""")
    assert {r["file"][:3] for r in rows} == {"000", "001", "002", "003", "004"}


def test_reports_alleging_breach_of_resolution_2254(project):
    rows = ask(project, """
        SELECT DISTINCT ?file WHERE { ?a hisab:allegedBreachOf instrument:s-res-2254-2015 ;
                                         hisab:statedIn/hisab:localFileName ?file }""")
    assert {r["file"][:3] for r in rows} == {"000", "001", "002", "003"}


def test_adoption_date_of_2254_and_its_source(project):
    rows = ask(project, """
        SELECT ?date ?symbol ?source WHERE { instrument:s-res-2254-2015 hisab:adoptionDate ?date ; hisab:symbol ?symbol ;
                                                dcterms:source ?source }""")
    assert [(str(r["date"]), r["symbol"], local(r["source"])) for r in rows] == [
        ("2015-12-18", "S/RES/2254 (2015)", "s-res-2254-2015-text")]


def test_every_report_calls_for_icc_referral(project):
    rows = ask(project, """
        SELECT DISTINCT ?file WHERE { ?d hisab:demandKind demand:refer-to-icc ; hisab:statedIn/hisab:localFileName ?file }""")
    assert {r["file"][:3] for r in rows} == {"000", "001", "002", "003", "004"}


def test_demands_addressed_to_the_security_council_per_report(project):
    rows = ask(project, """
        SELECT ?file (COUNT(?d) AS ?n) WHERE { ?d hisab:addressee actor:un-security-council ;
                                               hisab:statedIn/hisab:localFileName ?file } GROUP BY ?file""")
    assert {r["file"][:3]: r["n"] for r in rows} == {"000": 1, "001": 1, "002": 4, "003": 1, "004": 1}


def test_who_should_be_sanctioned(project):
    rows = ask(project, "SELECT DISTINCT ?actor WHERE { ?d hisab:demandKind demand:expand-sanctions ; hisab:concernsActor ?actor }")
    assert {local(r["actor"]) for r in rows} == {"russia", "iranian-regime", "syrian-regime"}


def test_chain_of_responsibility_from_russian_forces(project):
    rows = ask(project, "SELECT ?up WHERE { actor:russian-air-force hisab:underAuthorityOf+ ?up }")
    assert {local(r["up"]) for r in rows} == {"russian-forces", "russian-mod", "russia"}


def test_weapon_uses_by_russian_forces(project):
    rows = ask(project, """
        SELECT ?weapon (SUM(?n) AS ?total) WHERE { ?t hisab:perpetrator actor:russian-forces ; hisab:category category:weapon-uses ;
                                                   hisab:weapon ?weapon ; hisab:count ?n } GROUP BY ?weapon""")
    assert {local(r["weapon"]): r["total"] for r in rows} == {"cluster-munitions": 212 + 4, "incendiary-weapons": 105 + 6 + 6}


def test_barrel_bombs_dropped_by_regime_helicopters(project):
    rows = ask(project, """
        SELECT ?file ?n WHERE { ?t hisab:perpetrator actor:syrian-regime-forces ; hisab:weapon weapon:barrel-bombs ;
                                  hisab:count ?n ; hisab:statedIn/hisab:localFileName ?file }""")
    assert {(r["file"][:3], r["n"]) for r in rows} == {("000", 162), ("002", 151)}


def test_attacks_on_medical_and_worship_facilities_by_russian_forces(project):
    rows = ask(project, """
        SELECT ?object ?n WHERE { ?t hisab:perpetrator actor:russian-forces ; hisab:category category:attacks-on-vital-facilities ;
                                     hisab:objectCategory ?object ; hisab:count ?n }""")
    assert {local(r["object"]): r["n"] for r in rows} == {"mosque": 109, "educational-facility": 143, "medical-facility": 119}


def test_victims_of_the_maaret_al_numan_massacre(project):
    rows = ask(project, """
        SELECT ?c ?n WHERE { ?t hisab:aboutIncident incident:maaret-al-numan-market-2019-07-22 ; hisab:category ?c ; hisab:count ?n }""")
    assert {local(r["c"]): r["n"] for r in rows} == {
        "civilians-killed": 39, "children-killed": 4, "women-killed": 7, "civil-defence-personnel-killed": 1}


def test_international_conflict_provisions_cited_for_a_non_international_conflict(project):
    rows = ask(project, """
        SELECT DISTINCT ?citation WHERE {
            ?claim hisab:statedConflictCharacter conflict:non-international ;
                   hisab:allegedBreachOf|hisab:mappedProvision|hisab:cites ?p .
            ?p hisab:appliesInConflict conflict:international ; hisab:citation ?citation .
        }""")
    assert {r["citation"] for r in rows} == {
        "Rome Statute art. 8(2)(a)(i)", "Rome Statute art. 8(2)(b)(vii)", "Rome Statute art. 8(2)(b)(viii)",
        "Rome Statute art. 8(2)(b)(xxiv)"}


def test_non_international_counterpart_of_wilful_killing(project):
    rows = ask(project, "SELECT ?c WHERE { provision:rome-statute-art-8-2-a-i hisab:counterpartIn/hisab:citation ?c }")
    assert [r["c"] for r in rows] == ["Rome Statute art. 8(2)(c)(i)"]


def test_time_of_the_al_atareb_attack_is_approximate(project):
    rows = ask(project, """
        SELECT ?time ?q WHERE { incident:al-atareb-market-2017-11-13 hisab:timeOfDay ?time ; hisab:timeQualifier ?q }""")
    assert [(str(r["time"]), local(r["q"])) for r in rows] == [("14:08:00", "approximately")]


def test_month_only_dates_keep_month_precision(project):
    rows = ask(project, """
        SELECT ?x ?d WHERE { ?x hisab:date|hisab:startDate|hisab:entryIntoForce|hisab:signatureDate ?d .
                             FILTER (DATATYPE(?d) = <http://www.w3.org/2001/XMLSchema#gYearMonth>) }""")
    found = {(local(r["x"]), str(r["d"])) for r in rows}
    assert {("sochi", "2018-09"), ("cessation-of-hostilities-2016-02", "2016-02"), ("homs-hama-de-escalation", "2017-08"),
            ("eastern-aleppo-siege-2016", "2016-09"), ("damascus-suburbs-chemical-attack-2013-08", "2013-08")} <= found


def test_share_of_russian_attacks_on_opposition_held_areas(project):
    rows = ask(project, """
        SELECT ?num ?den ?q WHERE { ?t hisab:refArea place:opposition-held-areas ; hisab:shareNumerator ?num ;
                                       hisab:shareDenominator ?den ; hisab:valueQualifier ?q }""")
    assert [(r["num"], r["den"], local(r["q"])) for r in rows] == [(85, 100, "approximately")]


def test_people_displaced_by_russian_attacks(project):
    rows = ask(project, """
        SELECT ?n ?q WHERE { ?t hisab:perpetrator actor:russian-forces ; hisab:category category:displaced ;
                             hisab:count ?n ; hisab:valueQualifier ?q }""")
    assert [(r["n"], local(r["q"])) for r in rows] == [(2_300_000, "at-least")]


def test_the_us_strike_on_whose_word(project):
    rows = ask(project, """
        SELECT ?actor ?by ?time ?n WHERE {
            ?a a hisab:Attribution ; hisab:aboutIncident incident:us-strike-al-shayrat-2017-04-07 ;
               hisab:attributedTo ?actor ; hisab:claimedBy ?by .
            incident:us-strike-al-shayrat-2017-04-07 hisab:timeOfDay ?time .
            ?t hisab:aboutIncident incident:us-strike-al-shayrat-2017-04-07 ; hisab:count ?n .
        }""")
    assert {(local(r["actor"]), local(r["by"]), str(r["time"]), r["n"]) for r in rows} == {
        ("uss-porter", "us-department-of-defense", "04:40:00", 59), ("uss-ross", "us-department-of-defense", "04:40:00", 59)}


def test_displacements_under_agreements_russia_sponsored(project):
    rows = ask(project, """
        SELECT ?incident ?date WHERE { ?incident a hisab:ForcedDisplacement ; hisab:resultOfAgreement ?a ; hisab:date ?date .
                                       ?a hisab:sponsor actor:russia }""")
    assert {(local(r["incident"]), str(r["date"])) for r in rows} == {
        ("eastern-aleppo-displacement-2016-12", "2016-12-13"), ("al-waer-displacement-2017-03", "2017-03-13")}


def test_allegations_of_breaching_an_agreement(project):
    rows = ask(project, """
        SELECT DISTINCT ?agreement ?violator WHERE { ?a hisab:allegedBreachOf ?agreement ; hisab:allegedViolator ?violator .
                                                     ?agreement a/rdfs:subClassOf* hisab:Agreement }""")
    assert {(local(r["agreement"]), local(r["violator"])) for r in rows} == {
        ("de-escalation", "russian-forces"), ("de-escalation", "syrian-russian-alliance"), ("sochi", "syrian-russian-alliance")}


def test_evidence_of_the_maaret_al_numan_attribution_points_into_report_004(project, layout):
    from hisab.evidence import Seeds

    rows = ask(project, """
        SELECT ?file ?start ?end WHERE {
            ?a a hisab:Attribution ; hisab:aboutIncident incident:maaret-al-numan-market-2019-07-22 ;
               hisab:evidence [ oa:hasSource/hisab:localFileName ?file ; oa:hasSelector [ oa:start ?start ; oa:end ?end ] ] }""")
    seeds = Seeds(layout.seeds_dir)
    passages = [seeds.get(r["file"]).text[r["start"]:r["end"]] for r in rows]
    assert {r["file"][:3] for r in rows} == {"004"}
    assert any("committed by Russian forces" in p for p in passages)
