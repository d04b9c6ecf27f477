"""Per-report checklists: every figure each report states is in the graph, with the right dimensions.

The checklists are a second, independent reading of the reports: a figure missing from the graph,
or recorded with another perpetrator, period, area, breakdown, grade or qualifier, fails here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

DOCS = {
    "000": "snhr-alliance-violations-after-us-strike-2017",
    "001": "snhr-russian-intervention-second-anniversary-2017",
    "002": "snhr-eastern-aleppo-after-second-coh",
    "003": "snhr-al-atareb-massacre-2017",
    "004": "snhr-fourth-de-escalation-zone-massacres-2019",
}
ID = "https://w3id.org/hisab/id/"
SCHEME = "https://w3id.org/hisab/scheme/"
ALLIANCE, RUSSIA, REGIME = "syrian-russian-alliance", "russian-forces", "syrian-regime-forces"


@dataclass(frozen=True)
class Figure:
    """One figure as the report states it."""

    category: str
    count: int | None = None
    perpetrator: str | None = None
    qualifier: str = "exact"
    grade: str | None = None  # defaults to "confirmed" when a perpetrator is given
    period: str | None = None
    area: str | None = None
    weapon: str | None = None
    object: str | None = None
    incident: str | None = None
    kind: str | None = None
    share: tuple[int, int] | None = None
    candidates: tuple[str, ...] = ()
    claimed_by: str = "snhr"


P000, P001, P002, P004 = "2017-04-07--2017-04-11", "2015-09-30--2017-09-30", "25-days-after-second-coh", "2019-04-26--2019-07-27"
Z4 = "fourth-de-escalation-zone"
EA = "eastern-aleppo"

CHECKLISTS: dict[str, list[Figure]] = {
    "000": [
        Figure("civilians-killed", 98, ALLIANCE, period=P000), Figure("children-killed", 24, ALLIANCE, period=P000),
        Figure("civilians-killed", 56, RUSSIA, period=P000), Figure("children-killed", 10, RUSSIA, period=P000),
        Figure("women-killed", 8, RUSSIA, period=P000),
        Figure("civilians-killed", 42, REGIME, period=P000), Figure("children-killed", 14, REGIME, period=P000),
        Figure("women-killed", 7, REGIME, period=P000),
        Figure("massacres", 2, RUSSIA, period=P000), Figure("massacres", 1, REGIME, period=P000),
        Figure("attacks-on-vital-facilities", 14, ALLIANCE, period=P000),
        Figure("attacks-on-vital-facilities", 7, RUSSIA, period=P000),
        Figure("attacks-on-vital-facilities", 7, REGIME, period=P000),
        Figure("weapon-uses", 5, period=P000, weapon="cluster-munitions"),
        Figure("weapon-uses", 4, RUSSIA, period=P000, weapon="cluster-munitions"),
        Figure("weapon-uses", 1, grade="undetermined", period=P000, weapon="cluster-munitions",
               candidates=("russia", "syrian-regime")),
        Figure("weapon-uses", 6, RUSSIA, period=P000, weapon="incendiary-weapons"),
        Figure("weapon-uses", 2, grade="undetermined", period=P000, weapon="incendiary-weapons"),
        Figure("weapon-uses", 1, REGIME, period=P000, weapon="chemical-weapons"),
        Figure("munitions-delivered", 162, REGIME, period=P000, weapon="barrel-bombs"),
        Figure("munitions-delivered", 59, weapon="cruise-missiles", incident="us-strike-al-shayrat-2017-04-07",
               claimed_by="us-department-of-defense"),
    ],
    "001": [
        Figure("civilians-killed", 5233, RUSSIA, period=P001), Figure("children-killed", 1417, RUSSIA, period=P001),
        Figure("women-killed", 886, RUSSIA, period=P001), Figure("massacres", 251, RUSSIA, period=P001),
        Figure("attacks-on-vital-facilities", 707, RUSSIA, "at-least", period=P001),
        Figure("attacks-on-vital-facilities", 109, RUSSIA, period=P001, object="mosque"),
        Figure("attacks-on-vital-facilities", 143, RUSSIA, period=P001, object="educational-facility"),
        Figure("attacks-on-vital-facilities", 119, RUSSIA, period=P001, object="medical-facility"),
        Figure("weapon-uses", 212, RUSSIA, period=P001, weapon="cluster-munitions"),
        Figure("weapon-uses", 105, RUSSIA, period=P001, weapon="incendiary-weapons"),
        Figure("medical-personnel-killed", 47, RUSSIA, period=P001),
        Figure("female-medical-personnel-killed", 8, RUSSIA, period=P001),
        Figure("civil-defence-personnel-killed", 24, RUSSIA, period=P001),
        Figure("media-activists-killed", 16, RUSSIA, period=P001),
        Figure("displaced", 2_300_000, RUSSIA, "at-least", period=P001),
        Figure("eyewitness-accounts", 14, period=P001),
        Figure("attacks", None, RUSSIA, "approximately", period=P001, area="opposition-held-areas", share=(85, 100)),
        Figure("attacks", None, RUSSIA, period=P001, area="isis-held-areas", share=(15, 100)),
    ],
    "002": [
        Figure("civilians-killed", 361, ALLIANCE, period=P002, area=EA),
        Figure("civilians-killed", 287, RUSSIA, period=P002, area=EA), Figure("children-killed", 82, RUSSIA, period=P002, area=EA),
        Figure("women-killed", 46, RUSSIA, period=P002, area=EA),
        Figure("civilians-killed", 74, REGIME, period=P002, area=EA), Figure("children-killed", 14, REGIME, period=P002, area=EA),
        Figure("women-killed", 9, REGIME, period=P002, area=EA),
        Figure("massacres", 13, RUSSIA, period=P002, area=EA), Figure("massacres", 3, REGIME, period=P002, area=EA),
        Figure("attacks-on-vital-facilities", 22, RUSSIA, period=P002, area=EA),
        Figure("attacks-on-vital-facilities", 4, REGIME, period=P002, area=EA),
        Figure("weapon-uses", 6, RUSSIA, grade="believed", period=P002, area=EA, weapon="incendiary-weapons"),
        Figure("munitions-delivered", 151, REGIME, period=P002, area=EA, weapon="barrel-bombs"),
    ],
    "003": [
        Figure("civilians-killed", 79, incident="al-atareb-market-2017-11-13"),
        Figure("children-killed", 8, incident="al-atareb-market-2017-11-13"),
        Figure("women-killed", 8, incident="al-atareb-market-2017-11-13"),
        Figure("injured", 83, qualifier="at-least", incident="al-atareb-market-2017-11-13"),
        Figure("airstrikes", 3, incident="al-atareb-market-2017-11-13"),
        Figure("aircraft", 2, incident="al-atareb-market-2017-11-13", weapon="fixed-wing-aircraft"),
        Figure("eyewitness-accounts", 8, incident="al-atareb-market-2017-11-13"),
    ],
    "004": [
        Figure("civilians-killed", 781, ALLIANCE, "at-least", period=P004, area=Z4),
        Figure("children-killed", 208, ALLIANCE, "at-least", period=P004, area=Z4),
        Figure("women-killed", 140, ALLIANCE, "at-least", period=P004, area=Z4),
        Figure("civilians-killed", 625, REGIME, period=P004, area=Z4), Figure("children-killed", 170, REGIME, period=P004, area=Z4),
        Figure("women-killed", 115, REGIME, period=P004, area=Z4),
        Figure("civilians-killed", 156, RUSSIA, period=P004, area=Z4), Figure("children-killed", 38, RUSSIA, period=P004, area=Z4),
        Figure("women-killed", 25, RUSSIA, period=P004, area=Z4),
        Figure("massacres", 33, ALLIANCE, period=P004, area=Z4), Figure("massacres", 26, REGIME, period=P004, area=Z4),
        Figure("massacres", 7, RUSSIA, period=P004, area=Z4),
        Figure("civilians-killed", 271, ALLIANCE, period=P004, area=Z4, kind="Massacre"),
        Figure("children-killed", 85, ALLIANCE, period=P004, area=Z4, kind="Massacre"),
        Figure("women-killed", 58, ALLIANCE, period=P004, area=Z4, kind="Massacre"),
        Figure("civilians-killed", 188, REGIME, period=P004, area=Z4, kind="Massacre"),
        Figure("children-killed", 63, REGIME, period=P004, area=Z4, kind="Massacre"),
        Figure("women-killed", 44, REGIME, period=P004, area=Z4, kind="Massacre"),
        Figure("civilians-killed", 83, RUSSIA, period=P004, area=Z4, kind="Massacre"),
        Figure("children-killed", 22, RUSSIA, period=P004, area=Z4, kind="Massacre"),
        Figure("women-killed", 14, RUSSIA, period=P004, area=Z4, kind="Massacre"),
        Figure("civilians-killed", 39, incident="maaret-al-numan-market-2019-07-22"),
        Figure("children-killed", 4, incident="maaret-al-numan-market-2019-07-22"),
        Figure("women-killed", 7, incident="maaret-al-numan-market-2019-07-22"),
        Figure("civil-defence-personnel-killed", 1, incident="maaret-al-numan-market-2019-07-22"),
        Figure("massacres-denied", 8, "russia", period="since-russian-intervention"),
        Figure("massacres-denied-proven", 7, "russia", period="since-russian-intervention"),
        Figure("population", 3_000_000, qualifier="at-least", area=Z4),
        Figure("displaced", None, area="syria", share=(1, 3)),
    ],
}

TALLIES = """
PREFIX hisab: <https://w3id.org/hisab/ontology#>
SELECT ?t ?category ?count ?num ?den ?perpetrator ?qualifier ?grade ?period ?area ?weapon ?object ?incident ?kind
       (GROUP_CONCAT(DISTINCT STR(?cand); separator=" ") AS ?candidates) (SAMPLE(?by) AS ?claimed)
WHERE {
    ?t a hisab:Tally ; hisab:statedIn ?doc ; hisab:category ?category ; hisab:valueQualifier ?qualifier ; hisab:claimedBy ?by .
    OPTIONAL { ?t hisab:count ?count } OPTIONAL { ?t hisab:shareNumerator ?num ; hisab:shareDenominator ?den }
    OPTIONAL { ?t hisab:perpetrator ?perpetrator } OPTIONAL { ?t hisab:confidence ?grade }
    OPTIONAL { ?t hisab:refPeriod ?period } OPTIONAL { ?t hisab:refArea ?area } OPTIONAL { ?t hisab:weapon ?weapon }
    OPTIONAL { ?t hisab:objectCategory ?object } OPTIONAL { ?t hisab:aboutIncident ?incident }
    OPTIONAL { ?t hisab:incidentKind ?kind } OPTIONAL { ?t hisab:candidate ?cand }
}
GROUP BY ?t ?category ?count ?num ?den ?perpetrator ?qualifier ?grade ?period ?area ?weapon ?object ?incident ?kind
"""


def _as_figure(row: dict) -> Figure:
    def local(value: str | None, base: str) -> str | None:
        return None if value is None else value.rsplit("/", 1)[-1] if value.startswith(base) else value.rsplit("#", 1)[-1]

    grade = local(row.get("grade"), SCHEME)
    return Figure(
        category=local(row["category"], SCHEME),
        count=row.get("count"),
        perpetrator=local(row.get("perpetrator"), ID),
        qualifier=local(row["qualifier"], SCHEME),
        grade=None if grade == "confirmed" and row.get("perpetrator") else grade,
        period=local(row.get("period"), ID),
        area=local(row.get("area"), ID),
        weapon=local(row.get("weapon"), SCHEME),
        object=local(row.get("object"), SCHEME),
        incident=local(row.get("incident"), ID),
        kind=local(row.get("kind"), ID),
        share=(row["num"], row["den"]) if row.get("num") is not None else None,
        candidates=tuple(sorted(local(c, ID) for c in row["candidates"].split())) if row.get("candidates") else (),
        claimed_by=local(row["claimed"], ID),
    )


@pytest.mark.parametrize("report", sorted(CHECKLISTS))
def test_every_figure_of_the_report_is_in_the_graph(project, report):
    doc = f"{ID}document/{DOCS[report]}"
    rows = project.select(TALLIES.replace("?doc", f"<{doc}>"))
    in_graph = sorted((_as_figure(r) for r in rows), key=repr)
    expected = sorted(CHECKLISTS[report], key=repr)
    missing = [f for f in expected if f not in in_graph]
    extra = [f for f in in_graph if f not in expected]
    assert missing == [], "figures of the report not in the graph (or with other dimensions)"
    assert extra == [], "figures in the graph that the checklist does not list"
