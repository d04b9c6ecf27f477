"""Expected answers of the saved queries on responsibility and figures: attributions followed along chains of
responsibility, civilian deaths and weapon use by perpetrator, figures by category and area, the numbers
adding up, massacres, undetermined perpetrators, attacks on protected objects and the number of sources
behind a claim.

The expected values are read from the five reports (``../shared/seeds/000`` … ``004``), not from what the
queries return; each test says which passage it rests on. Chains of responsibility come from the project's
register of names (data/reference/name-register.ttl: "Russian air force" is a branch of the Russian forces,
"Syrian regime forces" are the forces of the Syrian regime), the one place the reports' relations between
actors are stated.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hisab.evidence import Seeds
from hisab.layout import Layout
from hisab.queries import bind, load_catalogue
from tests.conftest import Project

QUERIES = Path(__file__).resolve().parents[1] / "queries"
CATALOGUE = load_catalogue(QUERIES)
RESPONSIBILITY_QUERIES = (
    "incidents-attributed-to-actor", "chain-of-responsibility", "civilian-deaths-by-perpetrator", "figures-by-category",
    "tally-consistency", "massacres-with-victims", "undetermined-perpetrators", "weapon-use-by-actor",
    "attacks-on-protected-objects", "sources-per-claim",
)
SAME = "same actor"
BELOW = "subordinate of the asked actor"
ABOVE = "superior of the asked actor"
ATAREB = "al-atareb-market-2017-11-13"
MAARET = "maaret-al-numan-market-2019-07-22"
KHAN_SHEIKHOUN = "khan-sheikhoun-chemical-attack-2017-04-04"
INTERVENTION = "intervention-2015-09-30"


def run(project: Project, name: str, **values: str) -> list[dict]:
    """Rows of a saved query on the project's data, as dicts of Python values (None when unbound)."""
    text, _ = bind(CATALOGUE[name], values)
    result = project.store.query(text)
    names = [str(var) for var in result.vars]
    return [{key: (row[key].toPython() if row[key] is not None else None) for key in names} for row in result]


def local(value: object) -> str:
    """The last segment of an IRI."""
    return str(value).rsplit("/", 1)[-1]


def report(row: dict, column: str = "source") -> str:
    """The report number (000 … 004) of a row's document."""
    return str(row[column])[:3]


@pytest.fixture(scope="module")
def seeds(layout: Layout) -> Seeds:
    """The source texts, to check that a row's passage says what the row says."""
    found = Seeds(layout.seeds_dir)
    if not found.available:
        pytest.skip("the source texts are not available")
    return found


def passage(seeds: Seeds, row: dict, column: str = "source") -> str:
    """The text of a row's evidence span."""
    return seeds.get(row[column]).text[row["start"]:row["end"]]


# --- the catalogue -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", RESPONSIBILITY_QUERIES)
def test_query_is_documented_and_answers(project: Project, name: str) -> None:
    """Each query has a summary, a description and tags, a default for a required parameter, and answers."""
    query = CATALOGUE[name]
    assert query.summary and query.description and query.tags
    for param in query.params:
        if param.required:
            assert param.variable in query.defaults
    assert run(project, name)


# --- incidents attributed to an actor, along the chain of responsibility -------------------------

def test_incidents_attributed_to_russian_forces(project: Project, seeds: Seeds) -> None:
    """Attributions to Russian forces, to the air force below them and to Russia above them."""
    rows = run(project, "incidents-attributed-to-actor")
    found = {(local(r["incident"]), local(r["attributedTo"]), r["level"], r["grade"], r["role"], report(r, "document"))
             for r in rows}
    # 003: "Russian forces perpetrated a huge massacre", and "warplanes we believe were part of the Russian air force"
    assert (ATAREB, "russian-forces", SAME, "confirmed", None, "003") in found
    assert (ATAREB, "russian-air-force", BELOW, "believed", None, "003") in found
    # 004: "the massacre committed by the Russian forces in Ma'aret al Numan city"
    assert (MAARET, "russian-forces", SAME, "confirmed", None, "004") in found
    # 001: "Russian forces supported the Syrian regime in its Khan Sheikoun chemical attack"
    assert (KHAN_SHEIKHOUN, "russian-forces", SAME, "confirmed", "supporter", "001") in found
    # the intervention: Russian forces in 001, Russia (a level above them) in 004
    assert (INTERVENTION, "russian-forces", SAME, "confirmed", None, "001") in found
    assert (INTERVENTION, "russia", ABOVE, "confirmed", None, "004") in found
    # 002: the victims "who were killed by the present Russian regime"
    assert ("eastern-aleppo-attacks-after-second-coh", "russia", ABOVE, "confirmed", None, "002") in found
    # one row per attribution claim, and nothing attributed to anyone outside the Russian chain
    assert len({r["claim"] for r in rows}) == len(rows)
    assert {local(r["attributedTo"]) for r in rows} == {"russian-forces", "russian-air-force", "russia"}
    atareb = [r for r in rows if local(r["incident"]) == ATAREB and local(r["attributedTo"]) == "russian-forces"]
    assert "Russian forces" in passage(seeds, atareb[0], "document")


def test_incident_dates_keep_the_precision_of_the_source(project: Project) -> None:
    """Dates come from the descriptions, a month staying a month."""
    rows = run(project, "incidents-attributed-to-actor", actor="actor:russia")
    dates = {local(r["incident"]): r["date"] for r in rows}
    assert dates[ATAREB] == "2017-11-13"
    assert dates["eastern-aleppo-displacement"] == "2016-12"  # 001: "in December 2016"
    assert dates[INTERVENTION] == "2015-09-30"  # 001: "since September 30, 2015"
    assert all(r["start"] < r["end"] for r in rows)


def test_the_syrian_regime_and_its_forces_find_each_others_incidents(project: Project) -> None:
    """Asking about the regime finds its forces' incidents, and the other way round."""
    by_regime = {(local(r["incident"]), local(r["attributedTo"]), r["level"], report(r, "document"))
                 for r in run(project, "incidents-attributed-to-actor", actor="actor:syrian-regime")}
    # 000: "Syrian regime forces carried out a chemical attack against the residents of Khan Sheikhoun city"
    assert (KHAN_SHEIKHOUN, "syrian-regime-forces", BELOW, "000") in by_regime
    assert (KHAN_SHEIKHOUN, "syrian-regime", SAME, "001") in by_regime
    by_forces = {(local(r["incident"]), local(r["attributedTo"]), r["level"], report(r, "document"))
                 for r in run(project, "incidents-attributed-to-actor", actor="actor:syrian-regime-forces")}
    assert (KHAN_SHEIKHOUN, "syrian-regime", ABOVE, "001") in by_forces
    # 000: "the Syrian regime used chemical weapons for a second time in an attack in al Qaboun"
    assert ("al-qaboun-chemical-attack-2017-04-07", "syrian-regime", ABOVE, "000") in by_forces
    assert (KHAN_SHEIKHOUN, "syrian-regime-forces", SAME, "000") in by_forces


def test_an_alliance_is_not_a_chain_of_authority(project: Project) -> None:
    """An alliance's incidents are its own; its members' are not rolled up into it."""
    rows = run(project, "incidents-attributed-to-actor", actor="actor:syrian-russian-alliance")
    # 001: the alliance "started an offensive" on Idlib suburbs; 004: the alliance's violations since April 26, 2019
    assert {(local(r["incident"]), r["level"]) for r in rows} == {
        ("idlib-offensive-2017-09", SAME), ("fourth-zone-offensive-2019", SAME)}


# --- chains of responsibility ------------------------------------------------------------------

def test_chain_of_responsibility(project: Project) -> None:
    """Every link of the chains, with its depth, and the members of the alliance."""
    rows = run(project, "chain-of-responsibility")
    found = {(local(r["actor"]), local(r["superior"]), r["relation"], r["depth"]) for r in rows}
    assert found == {
        ("russian-air-force", "russian-forces", "under the authority of", 1),
        ("russian-forces", "russia", "under the authority of", 1),
        ("russian-mod", "russia", "under the authority of", 1),
        ("syrian-regime-forces", "syrian-regime", "under the authority of", 1),
        ("russian-air-force", "russia", "under the authority of", 2),
        # 004: the alliance's toll split between "Syrian Regime forces" and "Russian forces"
        ("russian-forces", "syrian-russian-alliance", "member of the alliance", 1),
        ("syrian-regime-forces", "syrian-russian-alliance", "member of the alliance", 1),
    }
    longer = [r for r in rows if r["depth"] == 2]
    assert longer[0]["via"] == "Russian forces"
    for r in rows:
        assert r["locator"] or (r["start"] is not None and r["start"] < r["end"]) or r["depth"] > 1, r


def test_chain_of_one_actor_reads_both_ways(project: Project) -> None:
    """Asking about one actor lists the links above and below it."""
    rows = run(project, "chain-of-responsibility", actor="actor:russian-forces")
    assert {(local(r["actor"]), local(r["superior"])) for r in rows} == {
        ("russian-air-force", "russian-forces"), ("russian-forces", "russia"),
        ("russian-forces", "syrian-russian-alliance")}
    assert run(project, "chain-of-responsibility", actor="actor:uss-porter") == []


# --- civilian deaths by perpetrator ----------------------------------------------------------------

def _deaths(rows: list[dict]) -> set[tuple]:
    """(report, category, figure as written, level, grade) of each row."""
    return {(report(r), r["categoryLabel"], r["value"], r["level"], r["grade"]) for r in rows}


def test_civilian_deaths_by_russian_forces(project: Project) -> None:
    """Every figure of civilians killed by Russian forces, aggregate and about one incident."""
    rows = run(project, "civilian-deaths-by-perpetrator", perpetrator="actor:russian-forces")
    found = _deaths(rows)
    expected_aggregates = {
        # 000: "56 civilians killed by Russian forces. Among the 56 civilians were 10 children and 8 women"
        ("000", "civilians killed", "56"), ("000", "children killed", "10"), ("000", "women killed", "8"),
        # 001: "Russian forces have killed 5,233 civilians, including 1,417 children and 886 women"
        ("001", "civilians killed", "5233"), ("001", "children killed", "1417"), ("001", "women killed", "886"),
        # 001: "47 medical personnel, including eight women, 24 civil defense personnel, and 16 media activists"
        ("001", "medical personnel killed", "47"), ("001", "female medical personnel killed", "8"),
        ("001", "civil-defence personnel killed", "24"), ("001", "media activists killed", "16"),
        # 002: "287 civilians who were killed by Russian forces including 82 children and 46 women"
        ("002", "civilians killed", "287"), ("002", "children killed", "82"), ("002", "women killed", "46"),
        # 004: "Russian forces killing 156 civilians, including 38 children and 25 women", and in massacres 83, 22, 14
        ("004", "civilians killed", "156"), ("004", "children killed", "38"), ("004", "women killed", "25"),
        ("004", "civilians killed", "83"), ("004", "children killed", "22"), ("004", "women killed", "14"),
        # incident figures: 79, eight children, eight women at al Atareb; 39, four children, seven women and one
        # Civil Defense member at Ma'aret al Numan
        ("003", "civilians killed", "79"), ("003", "children killed", "8"), ("003", "women killed", "8"),
        ("004", "civilians killed", "39"), ("004", "children killed", "4"), ("004", "women killed", "7"),
        ("004", "civil-defence personnel killed", "1"),
    }
    assert {(s, c, v) for s, c, v, level, grade in found} == expected_aggregates
    assert {(level, grade) for *_, level, grade in found} == {(SAME, "confirmed")}
    assert len(rows) == len(expected_aggregates)


def test_an_incident_attributed_at_two_levels_of_one_chain_is_counted_once(project: Project) -> None:
    """Al Atareb's 79 appear once under each actor of the Russian chain, at the closest level."""
    # 003 attributes al Atareb to Russian forces (confirmed) and to the Russian air force (believed)
    for actor, level, grade in (("actor:russian-forces", SAME, "confirmed"), ("actor:russia", BELOW, "confirmed"),
                                ("actor:russian-air-force", SAME, "believed")):
        rows = [r for r in run(project, "civilian-deaths-by-perpetrator", perpetrator=actor)
                if local(r["incident"] or "") == ATAREB and r["categoryLabel"] == "civilians killed"]
        assert len(rows) == 1, actor
        assert (rows[0]["count"], rows[0]["level"], rows[0]["grade"]) == (79, level, grade), actor
        assert "Russian air force (believed)" in rows[0]["attributions"]
        assert "Russian forces (confirmed)" in rows[0]["attributions"]


def test_civilian_deaths_roll_up_to_the_syrian_regime(project: Project) -> None:
    """The regime's forces' figures are found when asking about the regime."""
    rows = run(project, "civilian-deaths-by-perpetrator", perpetrator="actor:syrian-regime")
    found = {(report(r), r["value"], local(r["perpetrator"]), r["level"])
             for r in rows if r["categoryLabel"] == "civilians killed"}
    # 000: 42; 002: 74; 004: 625, and 188 in massacres -- all by "Syrian regime forces", a level below the regime
    assert found == {("000", "42", "syrian-regime-forces", BELOW), ("002", "74", "syrian-regime-forces", BELOW),
                     ("004", "625", "syrian-regime-forces", BELOW), ("004", "188", "syrian-regime-forces", BELOW)}


def test_civilian_deaths_without_a_perpetrator_show_totals_and_lower_bounds(project: Project) -> None:
    """Without a perpetrator: every figure once, with its qualifier and the total it falls within."""
    rows = run(project, "civilian-deaths-by-perpetrator")
    found = {(report(r), r["categoryLabel"], r["value"], r["perpetratorLabel"]) for r in rows}
    # 000: "the Syrian-Russian alliance has killed 98 civilians, and this just what we were able to document"
    assert ("000", "civilians killed", "≥ 98", "Syrian-Russian alliance") in found
    # 000's headline: 24 children, no perpetrator named
    assert ("000", "children killed", "24", "not stated") in found
    # 002: "the killing of 361 civilians", over both perpetrators
    assert ("002", "civilians killed", "361", "total") in found
    # 004: "at least 781 civilians, including 208 children, and 140 women"
    assert ("004", "civilians killed", "≥ 781", "Syrian-Russian alliance") in found
    within = {r["value"]: r["withinTotal"] for r in rows
              if report(r) == "000" and r["categoryLabel"] == "civilians killed"}
    assert within["56"] == within["42"] == "at least 98 civilians killed (Syrian-Russian alliance)"
    assert len({r["figure"] for r in rows}) == len(rows)  # one row per figure


# --- figures by category and area ------------------------------------------------------------------

def test_figures_of_an_area_include_the_places_inside_it(project: Project) -> None:
    """Aleppo governorate takes in eastern Aleppo and al Atareb."""
    rows = run(project, "figures-by-category", category="category:civilians-killed", area="place:aleppo-governorate")
    found = {(report(r), r["categoryLabel"], r["value"]) for r in rows}
    # 002 (eastern Aleppo, inside Aleppo city): 361 = 287 + 74, with 82 and 14 children, 46 and 9 women
    # 003 (al Atareb, western suburbs of Aleppo governorate): 79, with eight children and eight women
    assert found == {
        ("002", "civilians killed", "361"), ("002", "civilians killed", "287"), ("002", "civilians killed", "74"),
        ("002", "children killed", "82"), ("002", "children killed", "14"), ("002", "women killed", "46"),
        ("002", "women killed", "9"), ("003", "civilians killed", "79"), ("003", "children killed", "8"),
        ("003", "women killed", "8")}


def test_figures_of_the_fourth_zone(project: Project) -> None:
    """The fourth zone takes in Idlib governorate and so Ma'aret al Numan."""
    rows = run(project, "figures-by-category", category="category:civilians-killed",
               area="place:fourth-de-escalation-zone")
    values = {r["value"] for r in rows if r["categoryLabel"] == "civilians killed"}
    # 004: at least 781 (625 + 156), 271 in massacres (188 + 83); Ma'aret al Numan (southern Idlib suburbs): 39
    assert values == {"≥ 781", "625", "156", "271", "188", "83", "39"}
    assert all(report(r) == "004" for r in rows)


def test_massacre_counts_by_category(project: Project) -> None:
    """Figures of massacres, and of the narrower categories of denied massacres."""
    rows = run(project, "figures-by-category", category="category:massacres")
    found = {(report(r), r["categoryLabel"], r["count"], r["perpetratorLabel"]) for r in rows}
    assert found == {
        ("000", "massacres", 2, "Russian forces"), ("000", "massacres", 1, "Syrian regime forces"),
        ("001", "massacres", 251, "Russian forces"),
        ("002", "massacres", 13, "Russian forces"), ("002", "massacres", 3, "Syrian regime forces"),
        ("004", "massacres", 33, "Syrian-Russian alliance"), ("004", "massacres", 26, "Syrian regime forces"),
        ("004", "massacres", 7, "Russian forces"),
        # 004: "seven of the eight large massacres for which Russia had denied responsibility"
        ("004", "massacres whose responsibility was denied", 8, "not stated"),
        ("004", "denied massacres proven", 7, "Russian forces"),
    }


# --- the numbers add up ---------------------------------------------------------------------------

def test_tally_consistency(project: Project) -> None:
    """Every total the reports split adds up, by the rules of the shapes."""
    rows = run(project, "tally-consistency")
    assert rows and {r["verdict"] for r in rows} == {"consistent"}
    sums = {(report(r), r["totalFigure"], r["split"], r["sumOfParts"]) for r in rows}
    assert ("000", "≥ 98", "split by perpetrator", 98) in sums  # 56 + 42
    assert ("000", "14", "split by perpetrator", 14) in sums  # "each party was responsible for 7 attacks"
    assert ("000", "5", "split by perpetrator", 5) in sums  # 4 by Russian forces, one still investigated
    assert ("001", "≥ 707", "split by object category", 371) in sums  # 109 + 143 + 119
    assert ("002", "361", "split by perpetrator", 361) in sums  # 287 + 74
    assert ("004", "≥ 781", "split by perpetrator", 781) in sums  # 625 + 156
    assert ("004", "33", "split by perpetrator", 33) in sums  # 26 + 7
    assert ("004", "271", "split by perpetrator", 271) in sums  # 188 + 83
    # a part compared alone: the eight children of al Atareb within its 79 dead
    assert ("003", "79", "a part: children killed", 8) in sums


def test_tally_consistency_flags_parts_that_exceed_an_exact_total(layout: Layout) -> None:
    """Parts that add up to more than an exact total are inconsistent, as hsh:SumOfPartsShape says."""
    from rdflib import Graph

    from hisab.load import load_project
    from hisab.store import EmbeddedStore

    store = EmbeddedStore()
    load_project(layout, store, data_paths=[layout.root / "data" / "reference" / "actors.ttl"])
    fixture = Graph().parse(format="turtle", data="""
        @prefix hisab: <https://w3id.org/hisab/ontology#> .
        @prefix actor: <https://w3id.org/hisab/id/actor/> .
        @prefix t: <https://example.org/hisab-test/> .
        t:doc hisab:localFileName "fixture.txt" .
        t:total hisab:category <https://w3id.org/hisab/scheme/category/civilians-killed> ; hisab:statedIn t:doc ;
            hisab:perpetrator <https://w3id.org/hisab/scheme/dimension/total> ; hisab:count 10 ;
            hisab:valueQualifier <https://w3id.org/hisab/scheme/qualifier/exact> .
        t:a hisab:partOfTotal t:total ; hisab:category <https://w3id.org/hisab/scheme/category/civilians-killed> ;
            hisab:perpetrator actor:russian-forces ; hisab:count 6 ; hisab:statedIn t:doc ;
            hisab:valueQualifier <https://w3id.org/hisab/scheme/qualifier/exact> .
        t:b hisab:partOfTotal t:total ; hisab:category <https://w3id.org/hisab/scheme/category/civilians-killed> ;
            hisab:perpetrator actor:syrian-regime-forces ; hisab:count 7 ; hisab:statedIn t:doc ;
            hisab:valueQualifier <https://w3id.org/hisab/scheme/qualifier/exact> .
    """)
    store.add_graph("https://example.org/hisab-test/graph", fixture)
    text, _ = bind(CATALOGUE["tally-consistency"], {})
    rows = [{str(k): v.toPython() for k, v in row.asdict().items()} for row in store.query(text)]
    assert [(r["sumOfParts"], r["verdict"]) for r in rows] == [(13, "inconsistent")]


# --- massacres, undetermined perpetrators, weapons, protected objects ------------------------------

def test_massacres_with_victims(project: Project) -> None:
    """The two massacres with their victims, dates, places and attributions."""
    rows = run(project, "massacres-with-victims")
    atareb = {(r["categoryLabel"], r["value"]) for r in rows if local(r["incident"]) == ATAREB}
    # 003: "79 civilians, including eight children and eight women while no less than 83 individuals were injured"
    assert atareb == {("civilians killed", "79"), ("children killed", "8"), ("women killed", "8"),
                      ("people injured", "≥ 83")}
    maaret = {(r["categoryLabel"], r["value"]) for r in rows if local(r["incident"]) == MAARET}
    assert maaret == {("civilians killed", "39"), ("children killed", "4"), ("women killed", "7"),
                      ("civil-defence personnel killed", "1")}
    by_incident = {local(r["incident"]): r for r in rows}
    assert by_incident[ATAREB]["date"] == "2017-11-13" and by_incident[MAARET]["date"] == "2019-07-22"
    assert set(by_incident[ATAREB]["attributions"].split("; ")) == {
        "Russian forces (confirmed)", "Russian air force (believed)"}
    assert by_incident[MAARET]["attributions"] == "Russian forces (confirmed)"
    assert by_incident[MAARET]["placeLabel"] == "Ma'aret al Numan"


def test_undetermined_perpetrators(project: Project, seeds: Seeds) -> None:
    """The two figures of report 000 whose perpetrator is still being investigated."""
    rows = run(project, "undetermined-perpetrators")
    found = {(report(r), r["weaponLabel"], r["count"], r["candidates"]) for r in rows}
    # 000: one cluster-munition attack "still being investigated ... (The Syrian regime or the Russian regime)";
    # two incendiary attacks "still being investigated", no candidate named
    assert found == {("000", "cluster munitions", 1, "Russian Federation; Syrian regime"),
                     ("000", "incendiary weapons", 2, None)} or found == {
        ("000", "cluster munitions", 1, "Syrian regime; Russian Federation"), ("000", "incendiary weapons", 2, None)}
    for r in rows:
        assert "investigated" in passage(seeds, r)


def test_weapon_use(project: Project) -> None:
    """Weapon figures under the perpetrator each source names, with grade."""
    rows = run(project, "weapon-use-by-actor")
    figures = {(r["weaponLabel"], r["perpetratorLabel"], r["count"], report(r)) for r in rows if r["what"] == "figure"}
    assert ("cluster munitions", "Russian forces", 212, "001") in figures  # "used cluster munitions 212 times"
    assert ("incendiary weapons", "Russian forces", 105, "001") in figures
    assert ("barrel bombs", "Syrian regime", 162, "000") in figures  # "dropped by Syrian regime helicopters"
    assert ("barrel bombs", "Syrian regime forces", 151, "002") in figures  # "dropped by government forces helicopters"
    assert ("incendiary weapons", "undetermined", 2, "000") in figures
    assert ("incendiary weapons", "Russian forces", 6, "002") in figures  # "forces we believe are Russian"
    missiles = [r for r in rows if r["weaponLabel"] == "cruise missiles" and r["what"] == "figure"]
    assert [r["count"] for r in missiles] == [59]  # "59 Tomahawk missiles", from the Department of Defense
    assert {"USS Porter (confirmed)", "USS Ross (confirmed)"} <= set(missiles[0]["attributions"].split("; "))
    believed = [r for r in rows
                if r["what"] == "figure" and report(r) == "002" and r["weaponLabel"] == "incendiary weapons"]
    assert believed[0]["grade"] == "believed"


def test_weapon_use_rolls_up_to_russia(project: Project) -> None:
    """Russia's weapon use: its forces' figures below it, and where it is a candidate."""
    rows = run(project, "weapon-use-by-actor", actor="actor:russia")
    figures = {(r["weaponLabel"], r["count"], report(r), r["level"]) for r in rows if r["what"] == "figure"}
    assert ("cluster munitions", 212, "001", BELOW) in figures
    # 000: the cluster attack whose perpetrator is either the Syrian regime or Russia
    assert ("cluster munitions", 1, "000", "same actor, named as a candidate (perpetrator undetermined)") in figures
    # 003: two warplanes, three airstrikes, at the level of the Russian forces (confirmed) rather than the air force
    atareb = {(r["categoryLabel"], r["count"], r["level"], r["grade"])
              for r in rows if report(r) == "003" and r["what"] == "figure"}
    assert atareb == {("aircraft involved", 2, BELOW, "confirmed"), ("airstrikes", 3, BELOW, "confirmed")}
    assert "barrel bombs" not in {r["weaponLabel"] for r in rows if r["what"] == "figure"}


def test_attacks_on_protected_objects(project: Project) -> None:
    """Attacks on protected kinds of object, never on an airbase or police station."""
    rows = run(project, "attacks-on-protected-objects")
    figures = {(report(r), r["objectCategory"], r["value"]) for r in rows if r["what"] == "figure"}
    # 001: "no less than 707 attacks on vital civilian facilities, including 109 on mosques, 143 on educational
    # facilities, and 119 on medical facilities"; 000: 14 (7 + 7); 002: 22 and 4
    assert figures == {
        ("001", "vital civilian facility", "≥ 707"), ("001", "mosque", "≥ 109"),
        ("001", "educational facility", "≥ 143"), ("001", "medical facility", "≥ 119"),
        ("000", "vital civilian facility", "14"), ("000", "vital civilian facility", "7"),
        ("002", "vital civilian facility", "22"), ("002", "vital civilian facility", "4")}
    objects = {(r["objectCategory"], r["how"]) for r in rows if r["what"] == "incident" and r["objectCategory"]}
    # 003: the market targeted; shops, a police station and a clinic of Doctors Without Borders damaged; 004: the
    # popular market; 001: the hospitals and emergency centres treating the Khan Sheikhoun injured
    assert objects == {("market", "targeted"), ("shop", "damaged"), ("clinic", "damaged"),
                       ("medical facility", "targeted")}
    assert not any("police" in (r["objectLabel"] or "") or "Airbase" in (r["objectLabel"] or "") for r in rows)
    clinic = next(r for r in rows if r["objectCategory"] == "clinic")
    assert "Rome Statute art. 8(2)(e)(iv)" in clinic["protectedBy"]
    assert "Rome Statute art. 8(2)(e)(ii)" in clinic["protectedBy"]
    assert all("project's mapping" in r["basis"] for r in rows if r["protectedBy"])


# --- the number of sources behind a claim ---------------------------------------------------------

def test_sources_per_claim(project: Project) -> None:
    """Khan Sheikhoun and the intervention are stated by two documents of one publisher."""
    rows = {local(r["claim"]): r for r in run(project, "sources-per-claim")}
    # the Khan Sheikhoun attack, described and put on the Syrian regime by both 000 and 001
    for claim in ("000-incident-khan-sheikhoun", "001-incident-khan-sheikhoun-chemical",
                  "000-attribution-khan-sheikhoun-regime", "001-attribution-khan-sheikhoun-chemical-regime",
                  # the Russian intervention, described by 001 and 004
                  "001-incident-intervention", "004-incident-intervention"):
        assert (rows[claim]["documents"], rows[claim]["claimants"]) == (2, 1), claim
    # 000 alone puts Khan Sheikhoun on "Syrian regime forces"; one publisher, SNHR, behind both reports
    regime_forces = rows["000-attribution-khan-sheikhoun"]
    assert (regime_forces["documents"], regime_forces["claimants"]) == (1, 1)
    assert rows["000-incident-khan-sheikhoun"]["documentList"].count(".txt") == 2
