"""Competency questions: what a legal researcher asks of these reports, answered by ad-hoc SPARQL over
model v2 and compared with what the reports say.

Every expected answer below was read in the report text (the seeds, ../shared/seeds/NNN_*.txt beside the project; the comment
names the report), never copied from what a query returns. Where the graph answers otherwise, the
test keeps the report's answer and is marked ``xfail(strict=True)`` with the data problem it shows.

Model v2 in a line: things carry only identity; every fact is a claim of a source (descriptions of
incidents, agreements, actors and places; attributions with grades; allegations; demands; figures as
Data Cube tallies whose parts are linked to their totals with hisab:partOfTotal).
"""

from __future__ import annotations

from hisab.evidence import Seeds
from hisab.layout import Layout
from tests.conftest import Project

PREFIXES = """
PREFIX hisab: <https://w3id.org/hisab/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX actor: <https://w3id.org/hisab/id/actor/>
PREFIX place: <https://w3id.org/hisab/id/place/>
PREFIX incident: <https://w3id.org/hisab/id/incident/>
PREFIX agreement: <https://w3id.org/hisab/id/agreement/>
PREFIX instrument: <https://w3id.org/hisab/id/instrument/>
PREFIX provision: <https://w3id.org/hisab/id/provision/>
PREFIX document: <https://w3id.org/hisab/id/document/>
PREFIX armed-conflict: <https://w3id.org/hisab/id/armed-conflict/>
PREFIX claim: <https://w3id.org/hisab/id/claim/>
PREFIX grade: <https://w3id.org/hisab/scheme/grade/>
PREFIX qualifier: <https://w3id.org/hisab/scheme/qualifier/>
PREFIX category: <https://w3id.org/hisab/scheme/category/>
PREFIX weapon: <https://w3id.org/hisab/scheme/weapon/>
PREFIX object: <https://w3id.org/hisab/scheme/object/>
PREFIX conflict: <https://w3id.org/hisab/scheme/conflict/>
PREFIX crime: <https://w3id.org/hisab/scheme/crime/>
PREFIX demand: <https://w3id.org/hisab/scheme/demand/>
PREFIX kind: <https://w3id.org/hisab/scheme/incident-kind/>
PREFIX dim: <https://w3id.org/hisab/scheme/dimension/>
PREFIX role: <https://w3id.org/hisab/scheme/role/>
PREFIX claimkind: <https://w3id.org/hisab/scheme/claim-kind/>
"""

# A figure as a reader should see it: "≥ 781" for a lower bound, "≈ 85 %" for an approximate share.
FIGURE = """
    OPTIONAL { ?t hisab:count ?n }
    OPTIONAL { ?t hisab:shareNumerator ?num ; hisab:shareDenominator ?den }
    BIND (IF(?q = qualifier:at-least, "≥ ", IF(?q = qualifier:approximately, "≈ ", "")) AS ?sign)
    BIND (CONCAT(?sign, IF(BOUND(?n), STR(?n),
                           IF(?den = 100, CONCAT(STR(?num), " %"), CONCAT(STR(?num), "/", STR(?den))))) AS ?figure)
"""


def ask(project: Project, query: str) -> list[dict]:
    """Run a SELECT with the prefixes above; rows as dicts of Python values."""
    return project.select(PREFIXES + query)


def local(iri: object) -> str:
    """The last segment of an IRI (slug, or code after the scheme)."""
    return str(iri).rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def report(file_name: object) -> str:
    """Report number ("000" … "004") from a source document's local file name."""
    return str(file_name)[:3]


# --- figures ------------------------------------------------------------------------------------

def test_civilians_and_children_killed_by_russian_forces_in_the_fourth_zone(project: Project) -> None:
    """How many civilians did Russian forces kill in the fourth de-escalation zone between 26 April and
    27 July 2019, and how many of them were children and women (all kinds of incident, all weapons)?"""
    # 004: Russian forces killed 156 civilians, including 38 children and 25 women, in the zone in that period.
    rows = ask(project, """
        SELECT DISTINCT ?category ?figure WHERE {
            ?t a hisab:Tally ; hisab:perpetrator actor:russian-forces ; hisab:refArea place:fourth-de-escalation-zone ;
               hisab:refPeriod ?period ; hisab:incidentKind kind:all ; hisab:objectCategory object:all ;
               hisab:weapon weapon:all ; hisab:category ?category ; hisab:valueQualifier ?q .
            ?period hisab:startDate "2019-04-26"^^xsd:date ; hisab:endDate "2019-07-27"^^xsd:date .
            FILTER (?category IN (category:civilians-killed, category:children-killed, category:women-killed))
    """ + FIGURE + "}")
    assert {local(r["category"]): r["figure"] for r in rows} == {
        "civilians-killed": "156", "children-killed": "38", "women-killed": "25"}


def test_civilians_killed_by_russian_forces_with_incident_figures_counted_once(project: Project) -> None:
    """Which figures of civilians killed by Russian forces do the reports give — the aggregate ones, and
    those of single incidents whose perpetrator is named only by the incident's attributions — with the
    grade and level of each attribution, and each figure once even where a report attributes the incident
    at two levels (the forces and their air force)?"""
    # Aggregates: 000 56 (7-11 April 2017), 001 5,233 (two years), 002 287 (25 days), 004 156 (fourth zone).
    aggregates = ask(project, """
        SELECT DISTINCT ?t ?file ?n WHERE {
            ?t a hisab:Tally ; hisab:perpetrator actor:russian-forces ; hisab:category category:civilians-killed ;
               hisab:incidentKind kind:all ; hisab:objectCategory object:all ; hisab:weapon weapon:all ;
               hisab:count ?n ; hisab:statedIn/hisab:localFileName ?file .
        }""")
    assert sorted((report(r["file"]), r["n"]) for r in aggregates) == [
        ("000", 56), ("001", 5233), ("002", 287), ("004", 156)]
    # Incidents: 003 al Atareb market, 79 killed, by Russian forces (lead, stated flatly) and by two warplanes
    # "we believe" were Russian air force (body); 004 Ma'aret al Numan, 39 killed, by Russian forces.
    rows = ask(project, """
        SELECT ?t ?incident ?n ?file (GROUP_CONCAT(DISTINCT ?level; separator=", ") AS ?levels) WHERE {
            ?t a hisab:Tally ; hisab:aboutIncident ?incident ; hisab:category category:civilians-killed ;
               hisab:count ?n ; hisab:statedIn/hisab:localFileName ?file .
            ?a a hisab:Attribution ; hisab:aboutIncident ?incident ; hisab:attributedTo ?actor ;
               hisab:confidence ?grade .
            FILTER NOT EXISTS { ?a hisab:role role:supporter }
            ?actor (^hisab:describes/hisab:underAuthorityOf)* actor:russian-forces .
            BIND (CONCAT(STRAFTER(STR(?actor), "/actor/"), " ", STRAFTER(STR(?grade), "/grade/")) AS ?level)
        } GROUP BY ?t ?incident ?n ?file""")
    assert len(rows) == len({r["t"] for r in rows}), "a figure is counted twice"
    found = {(local(r["incident"]), r["n"], report(r["file"])): set(r["levels"].split(", ")) for r in rows}
    assert set(found) == {("al-atareb-market-2017-11-13", 79, "003"), ("maaret-al-numan-market-2019-07-22", 39, "004")}
    assert "russian-forces confirmed" in found[("al-atareb-market-2017-11-13", 79, "003")]
    assert found[("maaret-al-numan-market-2019-07-22", 39, "004")] == {"russian-forces confirmed"}


def test_air_force_level_attribution_reached_from_russian_forces(project: Project) -> None:
    """Asking for Russian forces, does the researcher also see the al Atareb attribution the source makes at
    the level of the Russian air force, with its own grade (believed)?"""
    # 003: Russian forces committed the massacre (title, lead); the two warplanes were, SNHR believes, of the
    # Russian air force; later the report speaks of "Russian warplanes".
    rows = ask(project, """
        SELECT DISTINCT ?actor ?grade WHERE {
            ?a a hisab:Attribution ; hisab:aboutIncident incident:al-atareb-market-2017-11-13 ;
               hisab:attributedTo ?actor ; hisab:confidence ?grade .
            ?actor (^hisab:describes/hisab:underAuthorityOf)* actor:russian-forces .
        }""")
    assert {(local(r["actor"]), local(r["grade"])) for r in rows} == {
        ("russian-forces", "confirmed"), ("russian-air-force", "believed")}


def test_parts_are_linked_to_their_totals_not_added(project: Project) -> None:
    """Which figures are parts of which totals? The 83 killed in Russian massacres within the 156 killed by
    Russian forces; the 109 mosques within the at least 707 attacks on vital facilities; the 4 Russian and
    1 undetermined cluster attacks within the 5 — read from the links, never from sums."""
    rows = ask(project, """
        SELECT DISTINCT ?file ?pn ?pk ?po ?pp ?tn ?tk ?to ?tp WHERE {
            ?part hisab:partOfTotal ?total ; hisab:count ?pn ; hisab:incidentKind ?pk ; hisab:objectCategory ?po ;
                  hisab:perpetrator ?pp ; hisab:statedIn/hisab:localFileName ?file .
            ?total hisab:count ?tn ; hisab:incidentKind ?tk ; hisab:objectCategory ?to ; hisab:perpetrator ?tp .
        }""")
    links = {(report(r["file"]), r["pn"], local(r["pk"]), local(r["po"]), local(r["pp"]),
              r["tn"], local(r["tk"]), local(r["to"]), local(r["tp"])) for r in rows}
    # 004: of the massacre victims, Russian forces killed "the other 83"; Russian forces killed 156 in all.
    assert ("004", 83, "massacre", "all", "russian-forces", 156, "all", "all", "russian-forces") in links
    # 004: 188 + 83 = 271 massacre victims; the 83 is also within the 271.
    assert ("004", 83, "massacre", "all", "russian-forces", 271, "massacre", "all", "syrian-russian-alliance") in links
    # 001: no less than 707 attacks on vital facilities, including 109 on mosques, 143 on schools, 119 medical.
    for n, obj in ((109, "mosque"), (143, "educational-facility"), (119, "medical-facility")):
        assert ("001", n, "all", obj, "russian-forces", 707, "all", "vital-civilian-facility", "russian-forces") in links
    # 000: 5 cluster-munition attacks, 4 by Russian forces and one still being investigated.
    assert ("000", 4, "all", "all", "russian-forces", 5, "all", "all", "total") in links
    assert ("000", 1, "all", "all", "undetermined", 5, "all", "all", "total") in links
    # A total is never taken for one of its own parts.
    assert not any(link[1:5] == link[5:9] for link in links)


def test_lower_bounds_and_approximations_keep_their_qualifier(project: Project) -> None:
    """Which figures are lower bounds ("at least", "no less than", "only what we could document") and which
    approximate, shown as a reader should see them, with the 15 % remainder of the approximate 85 %?"""
    rows = ask(project, """
        SELECT DISTINCT ?t ?file ?category ?figure WHERE {
            ?t a hisab:Tally ; hisab:category ?category ; hisab:valueQualifier ?q ;
               hisab:statedIn/hisab:localFileName ?file .
    """ + FIGURE + "}")
    shown = {(report(r["file"]), local(r["category"]), r["figure"]) for r in rows}
    assert {
        ("000", "civilians-killed", "≥ 98"),                # 000: only what SNHR "was able to document"
        ("001", "attacks-on-vital-facilities", "≥ 707"),    # 001: "no less than 707 attacks"
        ("001", "displaced", "≥ 2300000"),                  # 001: "no less than 2.3 million"
        ("001", "attacks", "≈ 85 %"),                       # 001: "approximately 85% of all attacks"
        ("001", "attacks", "≈ 15 %"),                       # 001: "the remainder of attacks, at 15%"
        ("003", "injured", "≥ 83"),                         # 003: "no less than 83" injured
        ("004", "civilians-killed", "≥ 781"),               # 004: "at least 781 civilians"
        ("004", "population", "≥ 3000000"),                 # 004: "at least three million" live in Idlib
    } <= shown
    # Plain figures stay plain: 5,233 (001), 156 (004) and 79 (003) carry no qualifier.
    assert {("001", "civilians-killed", "5233"), ("004", "civilians-killed", "156"),
            ("003", "civilians-killed", "79")} <= shown
    assert not {("001", "civilians-killed", "≥ 5233"), ("003", "civilians-killed", "≥ 79")} & shown
    # 000: the 98 is a lower bound in other words than "at least": the reason is kept as a note.
    notes = ask(project, """
        SELECT ?note WHERE { ?t hisab:count 98 ; hisab:category category:civilians-killed ;
                                hisab:lowerBoundNote ?note ; hisab:valueQualifier qualifier:at-least }""")
    assert len(notes) == 1
    # 001: the 85 % and the 15 % split the same attacks by area of control.
    shares = ask(project, """
        SELECT ?area ?figure WHERE {
            ?t hisab:perpetrator actor:russian-forces ; hisab:category category:attacks ; hisab:refArea ?area ;
               hisab:valueQualifier ?q .
    """ + FIGURE + "}")
    assert {(local(r["area"]), r["figure"]) for r in shares} == {
        ("opposition-held-areas", "≈ 85 %"), ("isis-held-areas", "≈ 15 %")}


def test_undetermined_perpetrators_and_their_candidates(project: Project) -> None:
    """Which figures does a source leave without a determined perpetrator, and between which candidates?"""
    # 000: one cluster-munition attack still being investigated, the Syrian regime or the Russian regime;
    # 2 incendiary attacks still being investigated, no candidate named.
    rows = ask(project, """
        SELECT ?t ?n ?weapon (GROUP_CONCAT(STR(?c); separator=" ") AS ?candidates) WHERE {
            ?t a hisab:Tally ; hisab:perpetrator dim:undetermined ; hisab:confidence grade:undetermined ;
               hisab:count ?n ; hisab:weapon ?weapon .
            OPTIONAL { ?t hisab:candidate ?c }
        } GROUP BY ?t ?n ?weapon""")
    found = {(r["n"], local(r["weapon"]), tuple(sorted(local(c) for c in (r.get("candidates") or "").split())))
             for r in rows}
    assert found == {(1, "cluster-munitions", ("russia", "syrian-regime")), (2, "incendiary-weapons", ())}


def test_denied_massacres_of_which_seven_are_proven(project: Project) -> None:
    """Of the large massacres Russia has denied since its intervention, how many has SNHR proven to involve
    Russian forces?"""
    # 004: SNHR proved Russian forces' involvement in seven of the eight large massacres Russia denied.
    rows = ask(project, """
        SELECT ?proven ?denied ?who WHERE {
            ?p hisab:category category:massacres-denied-proven ; hisab:count ?proven ; hisab:perpetrator ?who ;
               hisab:partOfTotal ?d .
            ?d hisab:category category:massacres-denied ; hisab:count ?denied .
        }""")
    assert [(r["proven"], r["denied"], local(r["who"])) for r in rows] == [(7, 8, "russian-forces")]


def test_civilians_killed_by_the_alliance_per_report(project: Project) -> None:
    """How many civilians did the Syrian-Russian alliance kill, per report — stated for the alliance, or as a
    total the report splits between the alliance's members?"""
    # 000: 98 killed by the alliance, only what SNHR could document; 002: 361 killed, 287 by Russian
    # forces and 74 by government forces; 004: at least 781 at the hands of the alliance forces.
    rows = ask(project, """
        SELECT DISTINCT ?t ?file ?figure WHERE {
            ?t a hisab:Tally ; hisab:category category:civilians-killed ; hisab:incidentKind kind:all ;
               hisab:objectCategory object:all ; hisab:weapon weapon:all ; hisab:perpetrator ?who ;
               hisab:valueQualifier ?q ; hisab:statedIn/hisab:localFileName ?file .
            FILTER (?who IN (actor:syrian-russian-alliance, dim:total))
            FILTER (?who = actor:syrian-russian-alliance || (
                EXISTS { ?part hisab:partOfTotal ?t }
                && NOT EXISTS {
                    ?part hisab:partOfTotal ?t ; hisab:perpetrator ?member .
                    FILTER NOT EXISTS { ?ad hisab:describes actor:syrian-russian-alliance ; hisab:hasMember ?member }
                }))
    """ + FIGURE + "}")
    assert sorted((report(r["file"]), r["figure"]) for r in rows) == [("000", "≥ 98"), ("002", "361"), ("004", "≥ 781")]


def test_victims_of_the_maaret_al_numan_massacre(project: Project) -> None:
    """Who was killed in the Ma'aret al Numan market massacre, each group as part of the 39?"""
    # 004: 39 civilians, including four children, seven women and one Civil Defense member.
    rows = ask(project, """
        SELECT ?category ?n ?total WHERE {
            ?t hisab:aboutIncident incident:maaret-al-numan-market-2019-07-22 ; hisab:category ?category ; hisab:count ?n .
            OPTIONAL { ?t hisab:partOfTotal/hisab:count ?total }
        }""")
    assert {local(r["category"]): (r["n"], r.get("total")) for r in rows} == {
        "civilians-killed": (39, None), "children-killed": (4, 39), "women-killed": (7, 39),
        "civil-defence-personnel-killed": (1, 39)}


def test_weapon_uses_by_russian_forces_per_report_and_grade(project: Project) -> None:
    """How often did Russian forces use cluster munitions and incendiary weapons, per report and with the
    grade of the attribution? (Reports' periods overlap: the figures are listed, never added.)"""
    # 001: cluster munitions 212 times, incendiary 105 times (two years); 000: 4 cluster and 6 incendiary
    # attacks by Russian forces; 002: six incendiary attacks by forces SNHR "believe[s] are Russian".
    rows = ask(project, """
        SELECT DISTINCT ?file ?weapon ?n ?grade WHERE {
            ?t hisab:perpetrator actor:russian-forces ; hisab:category category:weapon-uses ; hisab:weapon ?weapon ;
               hisab:count ?n ; hisab:confidence ?grade ; hisab:statedIn/hisab:localFileName ?file .
        }""")
    assert {(report(r["file"]), local(r["weapon"]), r["n"], local(r["grade"])) for r in rows} == {
        ("001", "cluster-munitions", 212, "confirmed"), ("001", "incendiary-weapons", 105, "confirmed"),
        ("000", "cluster-munitions", 4, "confirmed"), ("000", "incendiary-weapons", 6, "confirmed"),
        ("002", "incendiary-weapons", 6, "believed")}


def test_barrel_bombs_dropped_by_regime_helicopters(project: Project) -> None:
    """How many barrel bombs did the Syrian regime's helicopters drop, per report?"""
    # 000: 162 barrel bombs dropped by Syrian regime helicopters; 002: 151 by government forces helicopters.
    rows = ask(project, """
        SELECT DISTINCT ?file ?n WHERE {
            ?t hisab:perpetrator ?who ; hisab:weapon weapon:barrel-bombs ; hisab:count ?n ;
               hisab:statedIn/hisab:localFileName ?file .
            FILTER (?who IN (actor:syrian-regime, actor:syrian-regime-forces))
        }""")
    assert {(report(r["file"]), r["n"]) for r in rows} == {("000", 162), ("002", 151)}


# --- attributions and disputes ----------------------------------------------------------------------

def test_sources_for_the_khan_sheikhoun_attack_being_the_regimes(project: Project) -> None:
    """Which sources state that the Khan Sheikhoun chemical attack was the Syrian regime's, at which level and
    grade, who only supported it, and how many documents and independent claimants stand behind it?"""
    # 000: Syrian regime forces carried out the chemical attack on Khan Sheikhoun, and the regime used the
    # weapons again at al Qaboun after Khan Sheikhoun; 001: Russian forces "supported the Syrian regime" in its
    # Khan Sheikoun attack. Both are SNHR reports.
    rows = ask(project, """
        SELECT DISTINCT ?file ?actor ?grade ?role WHERE {
            ?a a hisab:Attribution ; hisab:aboutIncident incident:khan-sheikhoun-chemical-attack-2017-04-04 ;
               hisab:attributedTo ?actor ; hisab:confidence ?grade ; hisab:statedIn/hisab:localFileName ?file .
            OPTIONAL { ?a hisab:role ?r }
            BIND (COALESCE(?r, role:perpetrator) AS ?role)
        }""")
    found = {(report(r["file"]), local(r["actor"]), local(r["grade"]), local(r["role"])) for r in rows}
    perpetrators = {f for f in found if f[3] == "perpetrator"}
    assert {f[1] for f in perpetrators} <= {"syrian-regime", "syrian-regime-forces"}
    assert {f[0] for f in perpetrators} == {"000", "001"}
    assert ("000", "syrian-regime-forces", "confirmed", "perpetrator") in found
    assert ("001", "syrian-regime", "confirmed", "perpetrator") in found
    assert {f for f in found if f[3] == "supporter"} == {("001", "russian-forces", "confirmed", "supporter")}
    counts = ask(project, """
        SELECT ?a (COUNT(DISTINCT ?doc) AS ?documents) (COUNT(DISTINCT ?claimant) AS ?claimants) WHERE {
            ?a a hisab:Attribution ; hisab:aboutIncident incident:khan-sheikhoun-chemical-attack-2017-04-04 ;
               hisab:attributedTo actor:syrian-regime .
            ?a hisab:corroborates? ?same .
            ?same hisab:statedIn ?doc ; hisab:claimedBy ?claimant .
        } GROUP BY ?a""")
    assert counts and {(r["documents"], r["claimants"]) for r in counts} == {(2, 1)}


def test_attributions_the_source_only_believes(project: Project) -> None:
    """Which attributions does a source make only as a belief?"""
    # 003: the two warplanes that struck the al Atareb market were, "we believe", of the Russian air force.
    rows = ask(project, """
        SELECT DISTINCT ?incident ?actor ?file WHERE {
            ?a a hisab:Attribution ; hisab:confidence grade:believed ; hisab:aboutIncident ?incident ;
               hisab:attributedTo ?actor ; hisab:statedIn/hisab:localFileName ?file .
        }""")
    assert {(local(r["incident"]), local(r["actor"]), report(r["file"])) for r in rows} == {
        ("al-atareb-market-2017-11-13", "russian-air-force", "003")}


def test_disputes_of_the_maaret_al_numan_massacre(project: Project) -> None:
    """Who disputes that Russian forces committed the Ma'aret al Numan massacre, what fact do they dispute,
    and how does the source answer?"""
    # 004 headline: Russia denies the massacre; body: the Russian Ministry of Defense denied its
    # warplanes carried out any operation there; its videos claimed the attacked market was not hit; SNHR:
    # the videos show the al Hal market, not the popular market where the massacre took place.
    denials = ask(project, """
        SELECT DISTINCT ?by ?kind WHERE {
            ?attribution a hisab:Attribution ; hisab:aboutIncident incident:maaret-al-numan-market-2019-07-22 .
            ?counter hisab:disputes ?attribution ; hisab:claimedBy ?by ; a ?kind .
            FILTER (?kind IN (hisab:Denial, hisab:CounterClaim, hisab:Rebuttal))
        }""")
    assert {(local(r["by"]), local(r["kind"])) for r in denials} == {("russia", "Denial"), ("russian-mod", "Denial")}
    facts = ask(project, """
        SELECT DISTINCT ?by ?property ?value WHERE {
            ?d hisab:describes incident:maaret-al-numan-market-2019-07-22 .
            ?counter a hisab:CounterClaim ; hisab:disputes ?d ; hisab:claimedBy ?by ;
                     hisab:disputedProperty ?property ; hisab:disputedValue ?value .
            ?d ?property ?value .
        }""")
    assert {(local(r["by"]), local(r["property"]), local(r["value"])) for r in facts} == {
        ("russian-mod", "target", "maaret-al-numan-popular-market")}
    rebuttal = ask(project, """
        SELECT DISTINCT ?place WHERE {
            ?r a hisab:Rebuttal ; hisab:disputes ?videos ; hisab:concernsPlace ?place .
            ?videos hisab:claimedBy actor:russian-mod ; hisab:disputedProperty hisab:target .
        }""")
    assert {local(r["place"]) for r in rebuttal} == {"maaret-al-numan-al-hal-market", "maaret-al-numan-popular-market"}


def test_evidence_of_the_maaret_al_numan_attribution_points_into_report_004(project: Project, layout: Layout) -> None:
    """Where in the report does the source say Russian forces committed the Ma'aret al Numan massacre?"""
    rows = ask(project, """
        SELECT DISTINCT ?file ?start ?end WHERE {
            ?a a hisab:Attribution ; hisab:aboutIncident incident:maaret-al-numan-market-2019-07-22 ;
               hisab:evidence ?span .
            ?span oa:hasSource/hisab:localFileName ?file ; oa:hasSelector ?selector .
            ?selector oa:start ?start ; oa:end ?end .
        }""")
    seeds = Seeds(layout.seeds_dir)
    passages = [seeds.get(r["file"]).text[r["start"]:r["end"]] for r in rows]
    assert {report(r["file"]) for r in rows} == {"004"}
    assert any("committed by Russian forces" in p for p in passages)  # 004, on the July 22 massacre


def test_the_us_strike_on_whose_word(project: Project) -> None:
    """Who launched the strike on al Shayrat, how many missiles, at what time — and on whose word?"""
    # 000: the U.S. Department of Defense said that at 04:40 on 7 April 2017 the USS Porter and USS Ross
    # launched 59 Tomahawk missiles; the report itself speaks of "the American strike".
    attributions = ask(project, """
        SELECT DISTINCT ?actor ?by WHERE {
            ?a a hisab:Attribution ; hisab:aboutIncident incident:al-shayrat-missile-strike-2017-04-07 ;
               hisab:attributedTo ?actor ; hisab:claimedBy ?by .
        }""")
    assert {(local(r["actor"]), local(r["by"])) for r in attributions} == {
        ("uss-porter", "us-department-of-defense"), ("uss-ross", "us-department-of-defense"),
        ("united-states", "snhr")}
    facts = ask(project, """
        SELECT DISTINCT ?time ?tq ?by ?n ?figureBy WHERE {
            ?d hisab:describes incident:al-shayrat-missile-strike-2017-04-07 ; hisab:timeOfDay ?time ;
               hisab:timeQualifier ?tq ; hisab:claimedBy ?by .
            ?t hisab:aboutIncident incident:al-shayrat-missile-strike-2017-04-07 ; hisab:count ?n ;
               hisab:claimedBy ?figureBy .
        }""")
    assert {(str(r["time"]), local(r["tq"]), local(r["by"]), r["n"], local(r["figureBy"])) for r in facts} == {
        ("04:40:00", "exact", "us-department-of-defense", 59, "us-department-of-defense")}


# --- law ------------------------------------------------------------------------------------------

def test_article_8_wilful_killing_citation_wording_and_mapping(project: Project) -> None:
    """For "Article 8 of Rome Statute … wilful killing": what does the source cite, which provision do its
    words match, and to which provision does the project map it for the conflict the reports state?"""
    # 000, 001, 002, 003: violated "Article 8 of Rome Statute" through "willful killing"; each report
    # places the violations in a non-international armed conflict.
    rows = ask(project, """
        SELECT DISTINCT ?file ?citedAs ?cited ?wording ?wordingConflict ?mapped ?mappedConflict WHERE {
            ?c a hisab:ViolationAllegation ; hisab:allegedBreachOf ?p ; hisab:citedAs ?citedAs ;
               hisab:wordingMatches ?w ; hisab:mappedProvision ?m ; hisab:mappingNote ?note ;
               hisab:statedIn/hisab:localFileName ?file .
            ?p hisab:partOf* provision:rome-statute-art-8 ; hisab:citation ?cited .
            ?w hisab:citation ?wording ; hisab:appliesInConflict ?wordingConflict .
            ?m hisab:citation ?mapped ; hisab:appliesInConflict ?mappedConflict .
        }""")
    found = {(report(r["file"]), r["citedAs"], r["cited"], r["wording"], local(r["wordingConflict"]), r["mapped"],
              local(r["mappedConflict"])) for r in rows}
    assert found == {(n, "Article 8 of Rome Statute", "Rome Statute art. 8", "Rome Statute art. 8(2)(a)(i)",
                      "international", "Rome Statute art. 8(2)(c)(i)", "non-international")
                     for n in ("000", "001", "002", "003")}


def test_unclear_statute_citations_recorded_as_written_with_the_projects_reading(project: Project) -> None:
    """How does report 004 cite the Statute for attacks on medical personnel and for displacement, what do its
    citations literally name, how does the project read them, and which provision applies to the
    non-international conflict it states?"""
    # 004: "(Articles 8 (2) (b), 24, 8 (2) (e) (2) of the Statute …)" for medical personnel, and "(Articles
    # 8 (2) (b) (7) and 8 (2) (e) (8) …)" for displacement, both in non-international armed conflicts.
    rows = ask(project, """
        SELECT ?citedAs ?character
               (GROUP_CONCAT(DISTINCT ?cited; separator=" | ") AS ?literal)
               (GROUP_CONCAT(DISTINCT ?wording; separator=" | ") AS ?reading)
               (GROUP_CONCAT(DISTINCT ?mapped; separator=" | ") AS ?mapping) WHERE {
            ?c hisab:statedIn document:snhr-fourth-de-escalation-zone-massacres-2019 ; hisab:citedAs ?citedAs ;
               hisab:statedConflictCharacter ?character ; hisab:mappingNote ?note ;
               hisab:cites/hisab:citation ?cited ; hisab:wordingMatches/hisab:citation ?wording ;
               hisab:mappedProvision/hisab:citation ?mapped .
        } GROUP BY ?citedAs ?character""")
    found = {r["citedAs"]: (local(r["character"]), set(r["literal"].split(" | ")), r["reading"], r["mapping"])
             for r in rows}
    assert found == {
        "Articles 8 (2) (b), 24, 8 (2) (e) (2)": (
            "non-international", {"Rome Statute art. 8(2)(b)", "Rome Statute art. 8(2)(e)(ii)"},
            "Rome Statute art. 8(2)(b)(xxiv)", "Rome Statute art. 8(2)(e)(ii)"),
        "Articles 8 (2) (b) (7) and 8 (2) (e) (8)": (
            "non-international", {"Rome Statute art. 8(2)(b)(vii)", "Rome Statute art. 8(2)(e)(viii)"},
            "Rome Statute art. 8(2)(b)(viii)", "Rome Statute art. 8(2)(e)(viii)"),
    }


def test_international_conflict_provisions_cited_for_a_non_international_conflict(project: Project) -> None:
    """Which provisions for international armed conflict does a source literally cite for conduct it places in
    a non-international one — and does the project's mapping always pick a provision for the conflict stated?"""
    # 004: "8 (2) (b)" and "8 (2) (b) (7)" belong to the international-conflict list, cited for a
    # non-international conflict.
    rows = ask(project, """
        SELECT DISTINCT ?citation WHERE {
            ?claim hisab:statedConflictCharacter conflict:non-international ; hisab:allegedBreachOf|hisab:cites ?p .
            ?p hisab:appliesInConflict conflict:international ; hisab:citation ?citation .
        }""")
    assert {r["citation"] for r in rows} == {"Rome Statute art. 8(2)(b)", "Rome Statute art. 8(2)(b)(vii)"}
    wrong = ask(project, """
        SELECT ?claim ?p WHERE {
            ?claim hisab:statedConflictCharacter ?character ; hisab:mappedProvision ?p .
            ?p hisab:appliesInConflict ?other . FILTER (?other != ?character)
        }""")
    assert wrong == []


def test_crimes_defined_by_the_provisions_report_004_invokes(project: Project) -> None:
    """Which crimes, as the Statute defines them, do report 004's citations come to — and is each of the
    category the report names (war crime; crime against humanity)?"""
    # 004: deliberate attacks on medical personnel in a non-international conflict are a war crime;
    # displacement is another war crime in such conflicts and may also be a crime against humanity (7 (1) (d)).
    rows = ask(project, """
        SELECT DISTINCT ?crime ?category ?stated WHERE {
            ?c a hisab:Citation ; hisab:statedIn document:snhr-fourth-de-escalation-zone-massacres-2019 ;
               hisab:crimeCategory ?stated .
            { ?c hisab:mappedProvision ?p }
            UNION { ?c hisab:cites ?p . FILTER NOT EXISTS { ?c hisab:mappedProvision ?any } }
            ?crime a hisab:Crime ; hisab:definedIn ?p ; skos:broader ?category .
        }""")
    found = {(local(r["crime"]), local(r["category"]), local(r["stated"])) for r in rows}
    assert {c for c, _, _ in found} == {
        "attacking-emblem-users-niac", "displacing-civilians", "deportation-or-forcible-transfer"}
    assert all(category == stated for _, category, stated in found)
    assert ("deportation-or-forcible-transfer", "crime-against-humanity", "crime-against-humanity") in found


def test_claims_under_rome_statute_article_8_through_the_provision_hierarchy(project: Project) -> None:
    """Which reports invoke Article 8 of the Rome Statute, at whatever depth, and which allege a breach of
    Security Council resolution 2254?"""
    # 000-003: "Article 8 of Rome Statute"; 004: "Articles 8 (2) (b), 24, 8 (2) (e) (2)" and others.
    rows = ask(project, """
        SELECT DISTINCT ?file WHERE {
            ?claim hisab:allegedBreachOf|hisab:cites|hisab:wordingMatches|hisab:mappedProvision ?p ;
                   hisab:statedIn/hisab:localFileName ?file .
            ?p hisab:partOf* provision:rome-statute-art-8 .
        }""")
    assert {report(r["file"]) for r in rows} == {"000", "001", "002", "003", "004"}
    # 000, 001, 002, 003: violated Security Council resolutions 2139 and 2254; 004 does not say so.
    rows = ask(project, """
        SELECT DISTINCT ?file WHERE { ?a a hisab:ViolationAllegation ; hisab:allegedBreachOf instrument:s-res-2254-2015 ;
                                         hisab:statedIn/hisab:localFileName ?file }""")
    assert {report(r["file"]) for r in rows} == {"000", "001", "002", "003"}


def test_adoption_date_of_the_resolution_establishing_the_iiim(project: Project) -> None:
    """Under which resolution was the IIIM established, and when was it adopted?"""
    # 003: the Mechanism "established in accordance with General Assembly Resolution 71/248, adopted on
    # December 21, 2016".
    rows = ask(project, """
        SELECT DISTINCT ?symbol ?date WHERE {
            ?d hisab:describes actor:iiim ; hisab:establishedBy ?resolution ;
               hisab:statedIn document:snhr-al-atareb-massacre-2017 .
            ?resolution hisab:symbol ?symbol ; hisab:adoptionDate ?date .
        }""")
    assert [(r["symbol"], str(r["date"])) for r in rows] == [("A/RES/71/248", "2016-12-21")]


def test_allegations_of_breaching_an_agreement(project: Project) -> None:
    """Who is alleged to have breached which agreement, and in which report?"""
    # 003: the alliance deliberately breached the de-escalation agreement; attacks by Russian forces breach the
    # de-escalation agreements. 004: the alliance violated the de-escalation zone agreement and the Sochi
    # agreement.
    rows = ask(project, """
        SELECT DISTINCT ?agreement ?violator ?file WHERE {
            ?a a hisab:ViolationAllegation ; hisab:allegedBreachOf ?agreement ; hisab:allegedViolator ?violator ;
               hisab:statedIn/hisab:localFileName ?file .
            ?agreement a/rdfs:subClassOf* hisab:Agreement .
        }""")
    assert {(local(r["agreement"]), local(r["violator"]), report(r["file"])) for r in rows} == {
        ("de-escalation", "syrian-russian-alliance", "003"), ("de-escalation", "russian-forces", "003"),
        ("de-escalation", "syrian-russian-alliance", "004"), ("sochi", "syrian-russian-alliance", "004")}


def test_armed_conflicts_the_incidents_belong_to(project: Project) -> None:
    """In which armed conflict, international or non-international, is each incident — and who says so? The US
    strike on al Shayrat, an act of force between two states, is in an international one; the incidents the
    reports place in a non-international conflict are there, and none is in both."""
    rows = ask(project, """
        SELECT DISTINCT ?incident ?character ?how WHERE {
            {
                ?d hisab:describes ?incident ; hisab:inConflict ?conflict .
                ?conflict hisab:conflictCharacter ?character .
                BIND ("source" AS ?how)
            } UNION {
                ?d hisab:describes ?incident ; hisab:mappedConflict ?conflict ; hisab:mappingNote ?note .
                ?conflict hisab:conflictCharacter ?character .
                BIND ("project" AS ?how)
            } UNION {
                ?allegation hisab:aboutIncident ?incident ; hisab:statedConflictCharacter ?character .
                BIND ("source" AS ?how)
            }
        }""")
    found = {(local(r["incident"]), local(r["character"]), r["how"]) for r in rows}
    # No report states a character for the strike: the classification is the project's.
    assert {f for f in found if f[1] == "international"} == {
        ("al-shayrat-missile-strike-2017-04-07", "international", "project")}
    non_international = {f[0] for f in found if f[1] == "non-international"}
    # 003 (al Atareb) and 002 (eastern Aleppo): the violations took place in a "non-international armed conflict".
    assert {"al-atareb-market-2017-11-13", "eastern-aleppo-attacks-after-second-coh"} <= non_international
    assert "al-shayrat-missile-strike-2017-04-07" not in non_international
    # 000: the strike was carried out by the United States against a Syrian airbase: between states.
    states = ask(project, """
        SELECT DISTINCT ?actor WHERE {
            ?a hisab:aboutIncident incident:al-shayrat-missile-strike-2017-04-07 ; hisab:attributedTo ?actor .
            ?actor a hisab:State .
        }""")
    assert {local(r["actor"]) for r in states} == {"united-states"}


# --- other claims ------------------------------------------------------------------------------------

def test_every_claim_against_the_iranian_regime(project: Project) -> None:
    """Every claim that holds the Iranian regime responsible for something, of whatever kind (attribution,
    allegation, accusation, figure), with the report and the crime category."""
    # 000: pillars of the Russian and Iranian regimes; 001: the Syrian, Russian and Iranian regimes; 002: the
    # Russian and Iranian regimes; 003: pillars of the Syrian and Iranian regimes — each "directly involved"
    # in crimes against humanity and war crimes. (004 names Iranian militias, a different actor.)
    rows = ask(project, """
        SELECT DISTINCT ?file ?kind ?category WHERE {
            { ?c hisab:attributedTo actor:iranian-regime } UNION { ?c hisab:allegedViolator actor:iranian-regime }
            UNION { ?c hisab:accused actor:iranian-regime } UNION { ?c hisab:perpetrator actor:iranian-regime }
            ?c a ?kind ; hisab:statedIn/hisab:localFileName ?file .
            FILTER (?kind IN (hisab:Attribution, hisab:ViolationAllegation, hisab:QualitativeClaim, hisab:Tally))
            OPTIONAL { ?c hisab:crimeCategory ?category }
        }""")
    assert {(report(r["file"]), local(r["kind"]), local(r["category"])) for r in rows} == {
        (n, "ViolationAllegation", c) for n in ("000", "001", "002", "003")
        for c in ("crime-against-humanity", "war-crime")}


def test_accusations_against_the_un_general_assembly(project: Project) -> None:
    """Who accuses the UN General Assembly of what, and in which report?"""
    # 002: the chairman says the General Assembly and the Commission of Inquiry are responsible for the failure
    # to end the genocide in Syria.
    rows = ask(project, """
        SELECT DISTINCT ?c ?by ?file ?category WHERE {
            ?c a hisab:QualitativeClaim ; hisab:claimKind claimkind:accusation ; hisab:accused actor:un-general-assembly ;
               hisab:claimedBy ?by ; hisab:statedIn/hisab:localFileName ?file .
            OPTIONAL { ?c hisab:crimeCategory ?category }
        }""")
    assert {(local(r["by"]), report(r["file"]), local(r["category"])) for r in rows} == {
        ("fadel-abdul-ghany", "002", "genocide")}
    also = ask(project, """
        SELECT ?other WHERE { ?c hisab:accused actor:un-general-assembly , ?other . FILTER (?other != actor:un-general-assembly) }""")
    assert {local(r["other"]) for r in also} == {"coi-syria"}


def test_findings_of_absence_at_al_atareb(project: Project, layout: Layout) -> None:
    """What does the source say was NOT there or NOT done at the al Atareb attack?"""
    # 003: no military centres or weapon warehouses were found before or during the attack; Russian forces did
    # not alert the civilians beforehand.
    rows = ask(project, """
        SELECT DISTINCT ?c ?file ?start ?end WHERE {
            ?c a hisab:QualitativeClaim ; hisab:claimKind claimkind:finding-of-absence ;
               hisab:aboutIncident incident:al-atareb-market-2017-11-13 ; hisab:evidence ?span .
            ?span oa:hasSource/hisab:localFileName ?file ; oa:hasSelector ?selector .
            ?selector oa:start ?start ; oa:end ?end .
        }""")
    seeds = Seeds(layout.seeds_dir)
    passages = " ".join(seeds.get(r["file"]).text[r["start"]:r["end"]] for r in rows)
    assert len({r["c"] for r in rows}) == 2
    assert "no military centers" in passages and "alert the civilians" in passages


def test_comparisons_the_reports_make(project: Project) -> None:
    """Which comparisons do the reports draw: Khan Sheikhoun as the largest chemical attack since August 2013,
    al Shayrat as the airbase Russian warplanes use most after Hmeimim?"""
    # 000: the largest chemical attack since the Damascus suburbs attack in August 2013.
    rows = ask(project, """
        SELECT DISTINCT ?date ?file WHERE {
            ?c a hisab:QualitativeClaim ; hisab:claimKind claimkind:comparison ;
               hisab:aboutIncident incident:khan-sheikhoun-chemical-attack-2017-04-04 , ?other ;
               hisab:statedIn/hisab:localFileName ?file .
            ?d hisab:describes ?other ; hisab:incidentKind kind:chemical-attack ; hisab:date ?date .
            FILTER (?other != incident:khan-sheikhoun-chemical-attack-2017-04-04)
        }""")
    assert ("2013-08", "000") in {(str(r["date"]), report(r["file"])) for r in rows}
    # 000: al Shayrat is the second most used airbase by Russian warplanes after Hmeimim.
    rows = ask(project, """
        SELECT DISTINCT ?place ?actor WHERE {
            ?c a hisab:QualitativeClaim ; hisab:claimKind claimkind:comparison ;
               hisab:concernsPlace place:al-shayrat-airbase , ?place ; hisab:concernsActor ?actor .
            FILTER (?place != place:al-shayrat-airbase)
        }""")
    assert {(local(r["place"]), local(r["actor"])) for r in rows} == {("hmeimim-airbase", "russian-forces")}


def test_incidents_in_aleppo_governorate(project: Project) -> None:
    """Which incidents took place in Aleppo governorate, at whatever level the source places them?"""
    # 001: eastern Aleppo retaken, and its people displaced under the December 2016 evacuation agreement;
    # 002: eastern Aleppo city besieged since September 2016 and attacked for 25 days; 003: al Atareb town,
    # western suburbs of Aleppo governorate. (Aleppo city lies in Aleppo governorate.)
    rows = ask(project, """
        SELECT DISTINCT ?incident WHERE {
            ?d hisab:describes ?incident ; hisab:place ?p .
            ?p (^hisab:describes/hisab:locatedIn)* place:aleppo-governorate .
        }""")
    assert {local(r["incident"]) for r in rows} == {
        "eastern-aleppo-retaking", "eastern-aleppo-displacement", "eastern-aleppo-siege",
        "eastern-aleppo-attacks-after-second-coh", "al-atareb-market-2017-11-13"}
    chain = ask(project, "SELECT ?up WHERE { place:eastern-aleppo (^hisab:describes/hisab:locatedIn)+ ?up }")
    assert {"aleppo-city", "aleppo-governorate", "syria"} <= {local(r["up"]) for r in chain}


def test_incidents_in_a_de_escalation_zone_after_it_came_into_force(project: Project) -> None:
    """Which incidents happened in an area a de-escalation agreement covers, after it came into force?"""
    # 001/003: the de-escalation agreement took effect on 6 May 2017; 004: it covers the de-escalation zones,
    # the fourth of which consists of Idlib governorate and parts of Hama, Aleppo and Latakia.
    # 001: offensive on the Idlib suburbs from 19 September 2017; 003: al Atareb (13 November 2017) in a
    # de-escalation zone; 004: the escalation from 26 April 2019, and the Ma'aret al Numan massacre within it.
    rows = ask(project, """
        SELECT DISTINCT ?incident WHERE {
            ?ad hisab:describes ?agreement ; hisab:coversArea ?area .
            ?fd hisab:describes ?agreement ; hisab:entryIntoForce ?force .
            ?id hisab:describes ?incident .
            ?incident (^hisab:describes/hisab:partOfIncident)* ?whole .
            ?wd hisab:describes ?whole ; hisab:place ?p .
            ?p (^hisab:describes/hisab:locatedIn)* ?area .
            { ?id hisab:date ?when } UNION { ?id hisab:startDate ?when }
            FILTER (STR(?when) >= STR(?force))
        }""")
    assert {local(r["incident"]) for r in rows} == {
        "al-atareb-market-2017-11-13", "maaret-al-numan-market-2019-07-22", "fourth-zone-offensive-2019",
        "idlib-offensive-2017-09"}


# --- agreements -------------------------------------------------------------------------------------

def test_agreements_russia_sponsored_or_guaranteed(project: Project) -> None:
    """Which agreements did Russia sponsor or guarantee, in what role, and according to which report?"""
    # 001: one of the sponsors of the Astana talks; primary sponsor of the South Syria agreement and of local
    # agreements such as the Eastern Ghouta and northern Homs / southern Hama de-escalation agreements;
    # sponsor and guarantor of the eastern Aleppo evacuation and al Wa'er agreements.
    rows = ask(project, """
        SELECT DISTINCT ?agreement ?role ?file WHERE {
            ?d hisab:describes ?agreement ; ?role actor:russia ; hisab:statedIn/hisab:localFileName ?file .
            FILTER (?role IN (hisab:sponsor, hisab:primarySponsor, hisab:guarantor))
        }""")
    found = {(local(r["agreement"]), local(r["role"]), report(r["file"])) for r in rows}
    assert {a for a, _, _ in found} == {
        "eastern-aleppo-evacuation", "al-waer-agreement", "astana", "south-syria",
        "eastern-ghouta-de-escalation", "homs-hama-de-escalation"}
    assert {f[2] for f in found} == {"001"}
    assert {a for a, role, _ in found if role == "guarantor"} == {"eastern-aleppo-evacuation", "al-waer-agreement"}
    assert ("south-syria", "primarySponsor", "001") in found


def test_agreements_russia_was_primary_sponsor_of(project: Project) -> None:
    """Of which agreements was Russia the primary sponsor?"""
    # 001: on 9 July 2017 Russia was the primary sponsor for the South Syria agreement, as well as other local
    # agreements in opposition-held areas: Eastern Ghouta (22 July 2017) and northern Homs / southern Hama.
    rows = ask(project, """
        SELECT DISTINCT ?agreement WHERE { ?d hisab:describes ?agreement ; hisab:primarySponsor actor:russia }""")
    assert {local(r["agreement"]) for r in rows} == {
        "south-syria", "eastern-ghouta-de-escalation", "homs-hama-de-escalation"}


def test_agreement_dates_per_source_at_their_precision(project: Project) -> None:
    """When did the agreements come into force, according to which source — and when were the Astana talks,
    at the precision the source gives (a month is never padded to a day)?"""
    # 001 and 003: the de-escalation agreement took effect on 6 May 2017; 004: the Sochi agreement came into
    # force in September 2018; 001: the Astana talks in May 2017.
    rows = ask(project, """
        SELECT DISTINCT ?agreement ?date ?datatype ?file WHERE {
            ?d hisab:describes ?agreement ; hisab:entryIntoForce ?date ; hisab:statedIn/hisab:localFileName ?file .
            BIND (DATATYPE(?date) AS ?datatype)
        }""")
    assert {(local(r["agreement"]), str(r["date"]), local(r["datatype"]), report(r["file"])) for r in rows} == {
        ("de-escalation", "2017-05-06", "date", "001"), ("de-escalation", "2017-05-06", "date", "003"),
        ("sochi", "2018-09", "gYearMonth", "004")}
    astana = ask(project, """
        SELECT DISTINCT ?date ?datatype ?file WHERE {
            ?d hisab:describes agreement:astana ; hisab:signatureDate|hisab:date|hisab:startDate ?date ;
               hisab:statedIn/hisab:localFileName ?file .
            BIND (DATATYPE(?date) AS ?datatype)
        }""")
    assert [(str(r["date"]), local(r["datatype"]), report(r["file"])) for r in astana] == [("2017-05", "gYearMonth", "001")]


def test_documents_behind_the_de_escalation_entry_into_force(project: Project) -> None:
    """How many documents state that the de-escalation agreement took effect on 6 May 2017, counted through the
    corroboration links?"""
    # 001: the agreement's "commencement on May 6, 2017"; 003: in effect since that day; 004 gives no date.
    rows = ask(project, """
        SELECT DISTINCT ?file WHERE {
            claim:003-agreement-de-escalation hisab:entryIntoForce "2017-05-06"^^xsd:date .
            claim:003-agreement-de-escalation hisab:corroborates? ?same .
            ?same hisab:statedIn/hisab:localFileName ?file .
        }""")
    assert {report(r["file"]) for r in rows} == {"001", "003"}


def test_displacements_under_agreements_russia_sponsored(project: Project) -> None:
    """Which forced displacements were carried out under agreements Russia sponsored, and when were those
    agreements struck?"""
    # 001: forced displacement under the evacuation agreement of Aleppo's eastern neighbourhoods of 13 December
    # 2016 and the al Wa'er agreement of 13 March 2017, both sponsored and guaranteed by Russia.
    rows = ask(project, """
        SELECT DISTINCT ?incident ?agreement ?date WHERE {
            ?id hisab:describes ?incident ; hisab:incidentKind kind:forced-displacement ; hisab:resultOfAgreement ?agreement .
            ?ad hisab:describes ?agreement ; hisab:sponsor actor:russia ; hisab:signatureDate ?date .
        }""")
    assert {(local(r["incident"]), local(r["agreement"]), str(r["date"])) for r in rows} == {
        ("eastern-aleppo-displacement", "eastern-aleppo-evacuation", "2016-12-13"),
        ("al-waer-displacement", "al-waer-agreement", "2017-03-13")}


def test_month_only_dates_keep_month_precision(project: Project) -> None:
    """Which dates do the sources give only to the month, and does the graph keep them so?"""
    # 000: Damascus suburbs attack in August 2013; 001: cessation of hostilities in February 2016, Homs/Hama
    # de-escalation in August 2017, Astana talks in May 2017, eastern Aleppo evacuated in December 2016;
    # 002: siege since the beginning of September 2016; 004: Sochi in force since September 2018.
    rows = ask(project, """
        SELECT DISTINCT ?x ?d WHERE {
            ?desc hisab:describes ?x ; hisab:date|hisab:startDate|hisab:entryIntoForce|hisab:signatureDate ?d .
            FILTER (DATATYPE(?d) = xsd:gYearMonth)
        }""")
    found = {(local(r["x"]), str(r["d"])) for r in rows}
    assert {("sochi", "2018-09"), ("cessation-of-hostilities-2016-02", "2016-02"), ("homs-hama-de-escalation", "2017-08"),
            ("eastern-aleppo-siege", "2016-09"), ("damascus-suburbs-chemical-attack-2013-08", "2013-08"),
            ("astana", "2017-05"), ("eastern-aleppo-displacement", "2016-12")} <= found


def test_times_of_day_and_their_precision(project: Project) -> None:
    """At what time of day did the attacks happen, and is the time exact or approximate?"""
    # 003: "at around 14:08" (al Atareb); 000: "approximately 16:00" (al Qaboun); 000: "at 04:40" (DoD, strike).
    rows = ask(project, """
        SELECT DISTINCT ?incident ?time ?q WHERE { ?d hisab:describes ?incident ; hisab:timeOfDay ?time ;
                                                      hisab:timeQualifier ?q }""")
    assert {(local(r["incident"]), str(r["time"]), local(r["q"])) for r in rows} == {
        ("al-atareb-market-2017-11-13", "14:08:00", "approximately"),
        ("al-qaboun-chemical-attack-2017-04-07", "16:00:00", "approximately"),
        ("al-shayrat-missile-strike-2017-04-07", "04:40:00", "exact")}


# --- demands -----------------------------------------------------------------------------------------

def test_demands_to_the_security_council_with_their_kinds(project: Project) -> None:
    """What does each report ask of the UN Security Council?"""
    rows = ask(project, """
        SELECT DISTINCT ?file ?kind WHERE {
            ?d a hisab:Demand ; hisab:addressee actor:un-security-council ; hisab:demandKind ?kind ;
               hisab:statedIn/hisab:localFileName ?file .
        }""")
    kinds: dict[str, set[str]] = {}
    for r in rows:
        kinds.setdefault(report(r["file"]), set()).add(local(r["kind"]))
    assert set(kinds) == {"000", "001", "002", "003", "004"}
    # 000, 001 and 003: the Security Council should take additional steps.
    for n in ("000", "001", "003"):
        assert kinds[n] == {"take-additional-steps"}, n
    # 002: prevent a second Rwandan genocide; take additional steps; instil peace and security and implement
    # the Responsibility to Protect; expand the sanctions.
    assert {"prevent-genocide", "take-additional-steps", "ensure-peace-and-security", "apply-r2p",
            "expand-sanctions"} <= kinds["002"]
    # 004: a resolution stabilising the ceasefire in Idlib; the peace process and political transition; refer
    # to the ICC; accountability; a resolution on enforced displacement; pressure on the regime; laws against
    # plunder of displaced persons' property.
    assert kinds["004"] == {"stabilise-ceasefire", "support-political-transition", "refer-to-icc", "hold-accountable",
                            "address-displacement", "pressure-party", "protect-property"}


def test_icc_referral_and_sanctions_asked_for(project: Project) -> None:
    """Which reports call for referral to the International Criminal Court, and whom should sanctions cover?"""
    # Every report asks that the Syrian case be referred to the ICC (004: the Security Council should refer it).
    rows = ask(project, """
        SELECT DISTINCT ?file WHERE { ?d hisab:demandKind demand:refer-to-icc ; hisab:statedIn/hisab:localFileName ?file }""")
    assert {report(r["file"]) for r in rows} == {"000", "001", "002", "003", "004"}
    # 000: Russian and Iranian regimes' pillars; 001: Syrian, Russian and Iranian regimes; 002: Russian and
    # Iranian regimes; 003: pillars of the Syrian and Iranian regimes.
    rows = ask(project, """
        SELECT DISTINCT ?actor ?file WHERE { ?d hisab:demandKind demand:expand-sanctions ; hisab:concernsActor ?actor ;
                                                hisab:statedIn/hisab:localFileName ?file }""")
    assert {(local(r["actor"]), report(r["file"])) for r in rows} == {
        ("russia", "000"), ("iranian-regime", "000"), ("syrian-regime", "001"), ("russia", "001"),
        ("iranian-regime", "001"), ("russia", "002"), ("iranian-regime", "002"), ("syrian-regime", "003"),
        ("iranian-regime", "003")}
