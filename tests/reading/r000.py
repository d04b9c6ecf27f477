"""Second reading of report 000 (000_ed63434a47593e25.txt): SNHR on killings and weapon use by Russian and Syrian government forces in the five days after the US missile strike on al Shayrat (7-11 April 2017)."""
from tests.reading.model import Attribution, Figure, Incident, Statement

SEED = "000_ed63434a47593e25.txt"
DOCUMENT = "snhr-alliance-violations-after-us-strike-2017"
# Stated scope: from Friday 7 April 2017 to the evening of Tuesday 11 April 2017 (existing slug).
PERIOD = "2017-04-07--2017-04-11"

_P = PERIOD
_SCOPE_NOTE = (
    "Period from the report's stated scope (it documents violations from 7 April to the evening of "
    "11 April 2017); the figure's own sentence says only that the report documents or records it."
)

KS = "khan-sheikhoun-chemical-attack-2017-04-04"
QAB = "al-qaboun-chemical-attack-2017-04-07"
USS = "al-shayrat-missile-strike-2017-04-07"
DAM13 = "damascus-suburbs-chemical-attack-2013-08"

# ---------------------------------------------------------------------------------------------
FIGURES = [
    # --- deaths ---------------------------------------------------------------------------
    Figure(
        key="alliance-civilians-killed",
        category="civilians-killed",
        span=(1874, 2006),
        count=98,
        qualifier="at-least",
        perpetrator="syrian-russian-alliance",
        grade="confirmed",
        period=_P,
        lower_bound_reason="The report adds that 98 is only the number it managed to document, "
        "so the true toll may be higher.",
        note="Five days = the stated period 7-11 April 2017. The same 98 is repeated in the headline "
        "(207-248) and at 2990-3087, where it is split into 56 (Russian forces) and 42 (Syrian regime "
        "forces); encoded once, the repeats are not separate figures.",
    ),
    Figure(
        key="headline-children-killed",
        category="children-killed",
        span=(207, 248),
        count=24,
        part_of=("alliance-civilians-killed",),
        note="Stated only in the headline, as a subset ('including') of the 98 civilians killed. The "
        "headline names no perpetrator and no period; it equals the body's 10 (Russian forces) + 14 "
        "(Syrian regime forces) children, but the text never states that sum, so the 10 and 14 are "
        "not linked to it.",
    ),
    Figure(
        key="russian-forces-civilians-killed",
        category="civilians-killed",
        span=(2990, 3087),
        count=56,
        perpetrator="russian-forces",
        grade="confirmed",
        period=_P,
        part_of=("alliance-civilians-killed",),
        note="'including' within the 98. The 'only what we could document' caveat is stated for the "
        "98 only; kept exact here. " + _SCOPE_NOTE,
    ),
    Figure(
        key="russian-forces-children-killed",
        category="children-killed",
        span=(3049, 3139),
        count=10,
        perpetrator="russian-forces",
        grade="confirmed",
        period=_P,
        part_of=("russian-forces-civilians-killed",),
        note="'Among the 56'. " + _SCOPE_NOTE,
    ),
    Figure(
        key="russian-forces-women-killed",
        category="women-killed",
        span=(3049, 3139),
        count=8,
        perpetrator="russian-forces",
        grade="confirmed",
        period=_P,
        part_of=("russian-forces-civilians-killed",),
        note="'Among the 56'. " + _SCOPE_NOTE,
    ),
    Figure(
        key="regime-forces-civilians-killed",
        category="civilians-killed",
        span=(2990, 3187),
        count=42,
        perpetrator="syrian-regime-forces",
        grade="confirmed",
        period=_P,
        part_of=("alliance-civilians-killed",),
        note="The text gives the 98 'including' 56 by Russian forces, 'while' regime forces killed 42: "
        "the complementary part of the same 98 (56 + 42 = 98). " + _SCOPE_NOTE,
    ),
    Figure(
        key="regime-forces-children-killed",
        category="children-killed",
        span=(3147, 3222),
        count=14,
        perpetrator="syrian-regime-forces",
        grade="confirmed",
        period=_P,
        part_of=("regime-forces-civilians-killed",),
        note="'including' within the 42. " + _SCOPE_NOTE,
    ),
    Figure(
        key="regime-forces-women-killed",
        category="women-killed",
        span=(3147, 3222),
        count=7,
        perpetrator="syrian-regime-forces",
        grade="confirmed",
        period=_P,
        part_of=("regime-forces-civilians-killed",),
        note="'including' within the 42. " + _SCOPE_NOTE,
    ),
    # --- massacres ------------------------------------------------------------------------
    Figure(
        key="russian-forces-massacres",
        category="massacres",
        span=(3223, 3268),
        count=2,
        perpetrator="russian-forces",
        grade="confirmed",
        period=_P,
        note="Written 'two'. No total of massacres is stated. " + _SCOPE_NOTE,
    ),
    Figure(
        key="regime-forces-massacres",
        category="massacres",
        span=(3276, 3321),
        count=1,
        perpetrator="syrian-regime-forces",
        grade="confirmed",
        period=_P,
        note="Written 'one'. " + _SCOPE_NOTE,
    ),
    # --- attacks on vital civilian facilities ---------------------------------------------
    Figure(
        key="vital-facility-attacks-total",
        category="attacks-on-vital-facilities",
        span=(3336, 3454),
        count=14,
        object="vital-civilian-facility",
        period=_P,
        note="The text credits the 14 jointly to Russian forces and Syrian regime forces (named "
        "separately, not as 'the alliance'); no single perpetrator is given for the total, the parts "
        "carry them. " + _SCOPE_NOTE,
    ),
    Figure(
        key="russian-forces-vital-facility-attacks",
        category="attacks-on-vital-facilities",
        span=(3336, 3503),
        count=7,
        object="vital-civilian-facility",
        perpetrator="russian-forces",
        grade="confirmed",
        period=_P,
        part_of=("vital-facility-attacks-total",),
        note="'each party was responsible for 7' of the 14. " + _SCOPE_NOTE,
    ),
    Figure(
        key="regime-forces-vital-facility-attacks",
        category="attacks-on-vital-facilities",
        span=(3336, 3503),
        count=7,
        object="vital-civilian-facility",
        perpetrator="syrian-regime-forces",
        grade="confirmed",
        period=_P,
        part_of=("vital-facility-attacks-total",),
        note="'each party was responsible for 7' of the 14. " + _SCOPE_NOTE,
    ),
    # --- weapons --------------------------------------------------------------------------
    Figure(
        key="cluster-munition-attacks-total",
        category="weapon-uses",
        span=(3529, 3754),
        count=5,
        weapon="cluster-munitions",
        period=_P,
        note="Total of documented cluster-munition attacks: 4 by Russian forces plus 1 whose "
        "perpetrator is still under investigation; no single perpetrator for the total. " + _SCOPE_NOTE,
    ),
    Figure(
        key="russian-forces-cluster-munition-attacks",
        category="weapon-uses",
        span=(3529, 3608),
        count=4,
        weapon="cluster-munitions",
        perpetrator="russian-forces",
        grade="confirmed",
        period=_P,
        part_of=("cluster-munition-attacks-total",),
        note="'including' within the 5. " + _SCOPE_NOTE,
    ),
    Figure(
        key="undetermined-cluster-munition-attack",
        category="weapon-uses",
        span=(3529, 3754),
        count=1,
        weapon="cluster-munitions",
        grade="undetermined",
        candidates=("syrian-regime", "russia"),
        period=_P,
        part_of=("cluster-munition-attacks-total",),
        note="Written 'one attack'; still under investigation to find the perpetrator; the report "
        "names the two candidates as 'The Syrian regime or the Russian regime' (state level, not "
        "forces). Counted within the 5 ('in addition to' the 4). " + _SCOPE_NOTE,
    ),
    Figure(
        key="russian-forces-incendiary-attacks",
        category="weapon-uses",
        span=(3790, 3842),
        count=6,
        weapon="incendiary-weapons",
        perpetrator="russian-forces",
        grade="confirmed",
        period=_P,
        note="No total of incendiary attacks is stated (the 6 and the 2 are not summed in the text). "
        + _SCOPE_NOTE,
    ),
    Figure(
        key="undetermined-incendiary-attacks",
        category="weapon-uses",
        span=(3790, 3926),
        count=2,
        weapon="incendiary-weapons",
        grade="undetermined",
        period=_P,
        note="Still under investigation; unlike the cluster case, the report names no candidate "
        "perpetrators for these two. " + _SCOPE_NOTE,
    ),
    Figure(
        key="regime-forces-chemical-attacks",
        category="weapon-uses",
        span=(3954, 3995),
        count=1,
        weapon="chemical-weapons",
        perpetrator="syrian-regime-forces",
        grade="confirmed",
        period=_P,
        note="The text does not say which attack this is; the al Qaboun attack of 7 April falls in "
        "the period but is attributed elsewhere to 'the Syrian regime', so the figure is not linked "
        "to that incident. " + _SCOPE_NOTE,
    ),
    Figure(
        key="regime-barrel-bombs",
        category="munitions-delivered",
        span=(4001, 4064),
        count=162,
        weapon="barrel-bombs",
        perpetrator="syrian-regime",
        grade="confirmed",
        period=_P,
        note="Individual barrel bombs (not attacks), dropped from helicopters that the text calls "
        "'Syrian regime helicopters': the owner is named at the level of the regime, not its forces. "
        + _SCOPE_NOTE,
    ),
    # --- the US strike --------------------------------------------------------------------
    Figure(
        key="us-strike-missiles",
        category="munitions-delivered",
        span=(1050, 1230),
        count=59,
        weapon="cruise-missiles",
        incident=USS,
        note="Claimant: the U.S. Department of Defense, whose statement the report relays; the "
        "missiles are named as Tomahawk (weapon code cruise-missiles). Launched, per that statement, "
        "by the USS Porter and USS Ross (see attributions). No period: a figure of one incident.",
    ),
]

# ---------------------------------------------------------------------------------------------
INCIDENTS = [
    Incident(
        key=KS,
        kinds=("chemical-attack",),
        spans=((841, 963), (2318, 2358)),
        date="2017-04-04",
        places=("khan-sheikhoun",),
        weapons=("chemical-weapons",),
        label="Chemical attack on Khan Sheikhoun, 4 April 2017",
        note="Directed, per the report, against the town's residents. No time of day and no "
        "casualty figure are given in this report. Also reported by report 001 under the same slug.",
    ),
    Incident(
        key=DAM13,
        kinds=("chemical-attack",),
        spans=((965, 1048),),
        date="2013-08",
        places=("damascus-suburbs-governorate",),
        weapons=("chemical-weapons",),
        label="Chemical attack on the Damascus suburbs, August 2013",
        note="Named only as the benchmark of the Khan Sheikhoun comparison; month-only date; no "
        "perpetrator is named in this report.",
    ),
    Incident(
        key=USS,
        kinds=("missile-strike",),
        spans=((1050, 1336),),  # SNHR's own mention (530-596) is the attribution to the United States
        date="2017-04-07",
        time="04:40:00",
        time_qualifier="exact",
        places=("al-shayrat-airbase",),
        targets=("al-shayrat-airbase",),
        weapons=("cruise-missiles", "warships"),
        weapon_models=("Tomahawk",),
        label="Missile strike on al Shayrat Airbase, 7 April 2017",
        note="An incident between states: the United States striking a base the report describes as "
        "one of the Syrian regime's most important. The report does not state a conflict character "
        "for it, so none is recorded. The report itself only names 'the American strike' on the base "
        "in Homs governorate; date, time 04:40, launch platforms (two guided-missile destroyers), "
        "missile count and model, and the target's chemical warehouses are all the U.S. Department "
        "of Defense's statement as relayed. No casualties or damage are reported.",
    ),
    Incident(
        key=QAB,
        kinds=("chemical-attack",),
        spans=((2143, 2263), (2412, 2483)),
        date="2017-04-07",
        time="16:00:00",
        time_qualifier="approximately",
        places=("al-qaboun",),
        weapons=("chemical-weapons",),
        label="Chemical attack on al Qaboun, Damascus, 7 April 2017",
        note="'at approximately 16:00'. The report does not link it to any of its counted figures or "
        "to a larger offensive; no casualty figure is given for it.",
    ),
]

# ---------------------------------------------------------------------------------------------
ATTRIBUTIONS = [
    Attribution(
        key="ks-by-regime-forces",
        incident=KS,
        span=(868, 963),
        actor="syrian-regime-forces",
        note="Stated plainly by the report.",
    ),
    Attribution(
        key="ks-by-regime",
        incident=KS,
        span=(2143, 2358),
        actor="syrian-regime",
        note="Second mention: the regime's 'earlier' use of the same weapons in Khan Sheikhoun; named "
        "at state level here.",
    ),
    Attribution(
        key="qaboun-by-regime",
        incident=QAB,
        span=(2143, 2263),
        actor="syrian-regime",
        note="'the Syrian regime', not its forces.",
    ),
    Attribution(
        key="us-strike-by-united-states",
        incident=USS,
        span=(530, 596),
        actor="united-states",
        note="The report's own wording: 'the American strike'.",
    ),
    Attribution(
        key="us-strike-by-uss-porter",
        incident=USS,
        span=(1050, 1230),
        actor="uss-porter",
        claimant="us-department-of-defense",
        note="Per the relayed DoD statement, one of two guided-missile destroyers that launched the "
        "59 missiles at 04:40.",
    ),
    Attribution(
        key="us-strike-by-uss-ross",
        incident=USS,
        span=(1050, 1230),
        actor="uss-ross",
        claimant="us-department-of-defense",
        note="Per the relayed DoD statement, one of two guided-missile destroyers that launched the "
        "59 missiles at 04:40.",
    ),
]

COUNTER_CLAIMS = []  # the report relays no denial or counter-claim

# ---------------------------------------------------------------------------------------------
STATEMENTS = [
    # --- framing, scope, method -----------------------------------------------------------
    Statement(
        key="headline-retaliation",
        kind="characterisation",
        span=(94, 202),
        gist="Title and headline cast the alliance's post-strike conduct as a brutal reprisal aimed "
        "at civilians.",
        actors=("syrian-russian-alliance",),
        incidents=(USS,),
    ),
    Statement(
        key="scope",
        kind="scope",
        span=(277, 668),
        gist="The report covers the most notable human-rights violations by the Syrian-Russian "
        "alliance after the US strike on al Shayrat, from 7 April to the evening of 11 April 2017.",
        actors=("syrian-russian-alliance",),
        incidents=(USS,),
        facts={"period": "2017-04-07--2017-04-11", "start": "2017-04-07", "end": "2017-04-11",
               "end-time-of-day": "evening", "subject": "most notable violations",
               "after-incident": USS},
        note="'most notable': the report does not claim to be exhaustive.",
    ),
    Statement(
        key="method-archive",
        kind="method",
        span=(669, 818),
        gist="Based on SNHR's archive, built from continuous daily monitoring and documentation "
        "during the covered period.",
    ),
    # --- the US strike and al Shayrat -----------------------------------------------------
    Statement(
        key="dod-statement-relayed",
        kind="citation",
        span=(1050, 1336),
        gist="The report relays a US defence department statement giving the strike's time, the two "
        "launching destroyers, the number and model of missiles and the target.",
        actors=("us-department-of-defense",),
        incidents=(USS,),
        places=("al-shayrat-airbase",),
        figures=("us-strike-missiles",),
    ),
    Statement(
        key="shayrat-chemical-warehouses",
        kind="characterisation",
        span=(1050, 1336),
        gist="The targeted base holds warehouses of chemical substances.",
        claimant="us-department-of-defense",
        places=("al-shayrat-airbase",),
        incidents=(USS,),
        note="Part of the relayed DoD statement, not the report's own finding.",
    ),
    Statement(
        key="shayrat-importance-to-regime",
        kind="characterisation",
        span=(1358, 1474),
        gist="Al Shayrat ranks among the Syrian regime's most important airbases for its military "
        "operations.",
        actors=("syrian-regime",),
        places=("al-shayrat-airbase",),
        note="Hedged as what the base 'is considered'; no 'we believe', so kept confirmed.",
    ),
    Statement(
        key="shayrat-used-to-bomb-civilians",
        kind="accusation",
        span=(1358, 1539),
        gist="The regime has used al Shayrat to bomb civilian neighbourhoods and commit massacres.",
        actors=("syrian-regime",),
        places=("al-shayrat-airbase",),
    ),
    Statement(
        key="shayrat-second-after-hmeimim",
        kind="comparison",
        span=(1358, 1661),
        gist="Among airbases used by Russian warplanes, al Shayrat comes second only to Hmeimim.",
        actors=("russian-forces",),
        places=("al-shayrat-airbase", "hmeimim-airbase"),
        note="The text says 'Russian warplanes'; mapped to russian-forces as no finer actor is "
        "named. Span starts at the previous sentence because this one refers to the base as 'It'.",
    ),
    # --- Khan Sheikhoun, al Qaboun --------------------------------------------------------
    Statement(
        key="ks-largest-since-2013",
        kind="comparison",
        span=(868, 1049),
        gist="Khan Sheikhoun was the biggest chemical attack since the one on the Damascus suburbs "
        "in August 2013.",
        actors=("syrian-regime-forces",),
        incidents=(KS, DAM13),
        places=("khan-sheikhoun", "damascus-suburbs-governorate"),
    ),
    Statement(
        key="qaboun-second-use-within-72h",
        kind="comparison",
        span=(2143, 2358),
        gist="Al Qaboun was the regime's second chemical use, coming under 72 hours after Khan "
        "Sheikhoun.",
        actors=("syrian-regime",),
        incidents=(QAB, KS),
        places=("al-qaboun", "khan-sheikhoun"),
    ),
    Statement(
        key="qaboun-challenge-to-international-community",
        kind="accusation",
        span=(2143, 2411),
        gist="By the repeated chemical use the regime openly defied the international community.",
        actors=("syrian-regime",),
        incidents=(QAB, KS),
        note="The international community is the party defied, not an accused.",
    ),
    # --- escalation ----------------------------------------------------------------------
    Statement(
        key="alliance-escalation",
        kind="comparison",
        span=(1687, 1804),
        gist="The alliance stepped up its military operations aimed at civilian areas and "
        "facilities.",
        actors=("syrian-russian-alliance",),
        note="Set in the paragraph after the US strike; the sentence itself names no baseline. Not "
        "described as a single incident or offensive.",
    ),
    Statement(
        key="some-operations-deliberate",
        kind="characterisation",
        span=(1687, 1873),
        gist="Part of these operations were intentional attacks, not merely indiscriminate ones.",
        actors=("syrian-russian-alliance",),
        note="'Some' of the operations, not all. No legal norm is cited for it.",
    ),
    Statement(
        key="rise-in-weapon-use",
        kind="comparison",
        span=(2007, 2121),
        gist="SNHR observed higher rates of use of cluster munitions, incendiary weapons and barrel "
        "bombs.",
        note="No actor named in the sentence (the paragraph is about the alliance) and no baseline "
        "or figure given for the rise.",
    ),
    # --- the chairman --------------------------------------------------------------------
    Statement(
        key="us-failed-to-stop-chemical-use",
        kind="accusation",
        span=(2484, 2670),
        gist="The US administration neither stopped the regime's chemical-weapon use nor upheld its "
        "own red line.",
        claimant="fadel-abdul-ghany",
        actors=("united-states", "syrian-regime"),
        note="'the American administration' (altLabel of united-states).",
    ),
    Statement(
        key="us-failure-emboldened-regime",
        kind="characterisation",
        span=(2527, 2766),
        gist="That US failure encouraged the regime to keep using chemical weapons.",
        claimant="fadel-abdul-ghany",
        actors=("united-states", "syrian-regime"),
        note="A causal claim; span includes the previous sentence that 'This' refers to.",
    ),
    Statement(
        key="regime-hunting-syrians",
        kind="accusation",
        span=(2671, 2766),
        gist="The regime is openly hunting down the Syrian people, with chemical weapons among its "
        "means.",
        claimant="fadel-abdul-ghany",
        actors=("syrian-regime",),
    ),
    Statement(
        key="regime-will-keep-testing-limits",
        kind="accusation",
        span=(2767, 2989),
        gist="Experience shows the regime will go on defying the international community and probing "
        "how far it can go.",
        claimant="fadel-abdul-ghany",
        actors=("syrian-regime",),
        note="A prediction presented as learned from experience; no hedge, kept confirmed.",
    ),
    Statement(
        key="regime-gradual-escalation-to-chemical",
        kind="comparison",
        span=(2892, 2987),
        gist="The regime escalated its weaponry step by step until it reached chemical weapons.",
        claimant="fadel-abdul-ghany",
        actors=("syrian-regime",),
    ),
    # --- legal allegations ---------------------------------------------------------------
    Statement(
        key="violated-unsc-2139-2254",
        kind="allegation",
        span=(4091, 4254),
        gist="Beyond doubt, the alliance breached Security Council resolutions 2139 and 2254.",
        actors=("syrian-russian-alliance",),
        cited_as="Security Council Resolutions 2139 and 2254",
        provisions=("s-res-2139-2014", "s-res-2254-2015"),
        note="Cited as whole resolutions; the report adds what they require (see "
        "citation unsc-resolutions-content).",
    ),
    Statement(
        key="unsc-resolutions-content",
        kind="citation",
        span=(4151, 4253),
        gist="Both resolutions, per the report, require an end to indiscriminate attacks.",
        provisions=("s-res-2139-2014-demand", "s-res-2254-2015-demand"),
        note="The report paraphrases; the project's demand provisions of the two resolutions match "
        "the paraphrase.",
    ),
    Statement(
        key="violated-rome-statute-art-8",
        kind="allegation",
        span=(4091, 4365),
        gist="The alliance breached Rome Statute article 8 by wilful killing, amounting to war "
        "crimes.",
        actors=("syrian-russian-alliance",),
        cited_as="Article 8 of Rome Statute",
        provisions=("rome-statute-art-8",),
        crime="war-crime",
        note="Only Article 8 is cited, no paragraph; 'they' refers back to the alliance, hence the "
        "span from the previous sentence. No conflict character is stated in this passage.",
    ),
    Statement(
        key="bombardment-targeted-unarmed-civilians",
        kind="characterisation",
        span=(4366, 4459),
        gist="The bombardment the report documents was aimed at unarmed civilians.",
        note="No actor named in the sentence; the next sentence draws the alliance's liability from it.",
    ),
    Statement(
        key="violated-right-to-life",
        kind="allegation",
        span=(4460, 4600),
        gist="Hence the alliance's forces breached human-rights rules protecting the right to life.",
        actors=("syrian-russian-alliance",),
        provisions=("ihrl-right-to-life",),
        note="'Syrian-Russian alliance forces' (altLabel of the alliance).",
    ),
    Statement(
        key="right-to-life-violations-war-crime-niac",
        kind="allegation",
        span=(4460, 4753),
        gist="Those violations, committed in a non-international armed conflict, amount to a war "
        "crime, all its elements being met.",
        actors=("syrian-russian-alliance",),
        crime="war-crime",
        conflict_character="non-international",
        note="'these violations' are the right-to-life breaches of the previous sentence; the "
        "non-international character is stated here, not in the Article 8 passage. No provision is "
        "cited.",
    ),
    Statement(
        key="pillars-crimes-against-humanity",
        kind="allegation",
        span=(5993, 6147),
        gist="Leading figures of the Russian and Iranian regimes are directly involved in crimes "
        "against humanity against Syrians.",
        actors=("russia", "iranian-regime"),
        crime="crime-against-humanity",
        note="Stated within the sanctions demand; 'the pillars of' the two regimes, mapped to the "
        "state actors as the closest named level. No provision cited.",
    ),
    Statement(
        key="pillars-war-crimes",
        kind="allegation",
        span=(5993, 6147),
        gist="Leading figures of the Russian and Iranian regimes are directly involved in war crimes "
        "against Syrians.",
        actors=("russia", "iranian-regime"),
        crime="war-crime",
        note="Same clause as pillars-crimes-against-humanity.",
    ),
    # --- demands -------------------------------------------------------------------------
    Statement(
        key="demand-investigate-publish",
        kind="demand",
        span=(4754, 4908),
        gist="Investigate the incidents covered and make the results public to Syrians.",
        demand_kinds=("investigate", "publish-findings"),
        note="No addressee named.",
    ),
    Statement(
        key="demand-accountability",
        kind="demand",
        span=(4909, 4968),
        gist="Everyone involved should be held to account.",
        demand_kinds=("hold-accountable",),
        note="No addressee named.",
    ),
    Statement(
        key="demand-reconstruct-compensate",
        kind="demand",
        span=(4969, 5186),
        gist="Rebuild and re-equip the damaged facilities and centres, and properly compensate the "
        "families of those killed and the wounded.",
        demand_kinds=("reconstruct", "compensate"),
        actors=("russia",),
        note="No addressee named (it is not said who should pay). The victims are described as "
        "killed by 'the current Russian regime' (actor russia); the text's wording lumps the wounded "
        "in with those killed.",
    ),
    Statement(
        key="demand-unsc-additional-steps",
        kind="demand",
        span=(5187, 5335),
        gist="The Security Council should go further, over a year after adopting resolution 2254.",
        addressees=("un-security-council",),
        demand_kinds=("take-additional-steps",),
        provisions=("s-res-2254-2015",),
    ),
    Statement(
        key="citation-unsc-2254-demand",
        kind="citation",
        span=(5291, 5609),
        gist="The report quotes resolution 2254's demand that all parties stop attacking civilians, "
        "civilian objects and medical facilities and personnel, and stop indiscriminate shelling and "
        "aerial bombardment.",
        cited_as="Security Council Resolution 2254",
        provisions=("s-res-2254-2015-demand",),
    ),
    Statement(
        key="demand-icc-referral-accountability",
        kind="demand",
        span=(5610, 5769),
        gist="Refer the Syrian situation to the International Criminal Court and hold all involved "
        "accountable.",
        demand_kinds=("refer-to-icc", "hold-accountable"),
        note="No addressee named; the ICC is where the case should go, not who is asked.",
    ),
    Statement(
        key="demand-r2p",
        kind="demand",
        span=(5770, 5943),
        gist="Apply the Responsibility to Protect to save Syrians' lives and their culture and arts "
        "from destruction, theft and sabotage.",
        demand_kinds=("apply-r2p",),
        provisions=("r2p",),
        note="No addressee named.",
    ),
    Statement(
        key="demand-expand-sanctions",
        kind="demand",
        span=(5944, 6147),
        gist="Widen sanctions to cover leading figures of the Russian and Iranian regimes.",
        demand_kinds=("expand-sanctions",),
        actors=("russia", "iranian-regime"),
        note="No addressee named. The crimes the targets are accused of are separate allegations.",
    ),
    # --- relations -----------------------------------------------------------------------
    Statement(
        key="shayrat-in-homs",
        kind="relation",
        span=(558, 596),
        gist="Al Shayrat Airbase lies in Homs governorate.",
        places=("al-shayrat-airbase", "homs-governorate"),
        facts={"subject": "al-shayrat-airbase", "located-in": "homs-governorate"},
    ),
    Statement(
        key="shayrat-in-eastern-homs",
        kind="relation",
        span=(1050, 1336),
        gist="Al Shayrat Airbase lies in the east of Homs governorate.",
        claimant="us-department-of-defense",
        places=("al-shayrat-airbase", "eastern-homs-governorate"),
        facts={"subject": "al-shayrat-airbase", "located-in": "eastern-homs-governorate"},
        note="Part of the relayed DoD statement. New place eastern-homs-governorate (within "
        "homs-governorate).",
    ),
    Statement(
        key="shayrat-used-by-regime",
        kind="relation",
        span=(1358, 1474),
        gist="Al Shayrat is an airbase of the Syrian regime's military operations.",
        actors=("syrian-regime",),
        places=("al-shayrat-airbase",),
        facts={"subject": "al-shayrat-airbase", "used-by": "syrian-regime"},
    ),
    Statement(
        key="shayrat-used-by-russian-warplanes",
        kind="relation",
        span=(1358, 1661),
        gist="Russian warplanes use al Shayrat, as they use Hmeimim.",
        actors=("russian-forces",),
        places=("al-shayrat-airbase", "hmeimim-airbase"),
        facts={"subject": "al-shayrat-airbase", "used-by": "russian-forces"},
        note="'Russian warplanes'; see the comparison shayrat-second-after-hmeimim.",
    ),
    Statement(
        key="hmeimim-in-latakia-suburbs",
        kind="relation",
        span=(1607, 1660),
        gist="Hmeimim Airbase lies in the suburbs of Latakia governorate.",
        places=("hmeimim-airbase", "latakia-suburbs"),
        facts={"subject": "hmeimim-airbase", "located-in": "latakia-suburbs"},
    ),
    Statement(
        key="latakia-suburbs-in-latakia",
        kind="relation",
        span=(1607, 1660),
        gist="Those suburbs belong to Latakia governorate.",
        places=("latakia-suburbs", "latakia-governorate"),
        facts={"subject": "latakia-suburbs", "located-in": "latakia-governorate"},
    ),
    Statement(
        key="qaboun-in-damascus",
        kind="relation",
        span=(2217, 2263),
        gist="Al Qaboun is a neighbourhood of Damascus.",
        places=("al-qaboun", "damascus"),
        facts={"subject": "al-qaboun", "located-in": "damascus"},
    ),
    Statement(
        key="damascus-capital",
        kind="relation",
        span=(2217, 2263),
        gist="Damascus is the capital.",
        places=("damascus", "syria"),
        facts={"subject": "damascus", "capital-of": "syria"},
        note="The text says 'the capital Damascus' without naming the country; Syria is the "
        "report's subject throughout.",
    ),
    Statement(
        key="khan-sheikhoun-in-idlib",
        kind="relation",
        span=(2318, 2358),
        gist="Khan Sheikhoun is a city in Idlib governorate.",
        places=("khan-sheikhoun", "idlib-governorate"),
        facts={"subject": "khan-sheikhoun", "located-in": "idlib-governorate"},
    ),
    Statement(
        key="chairman-of-snhr",
        kind="relation",
        span=(2484, 2526),
        gist="Fadel Abdul Ghany chairs SNHR.",
        actors=("fadel-abdul-ghany", "snhr"),
        facts={"subject": "fadel-abdul-ghany", "chairman-of": "snhr"},
    ),
]

# ---------------------------------------------------------------------------------------------
NOT_ENCODED = [
    ((250, 275), "image caption fragment repeating the title's first words; no claim"),
    ((819, 840), "reporting frame ('the report notes'), no claim of its own"),
    ((1337, 1357), "reporting frame ('the report says'), no claim of its own"),
    ((1662, 1686), "reporting frame ('according to the report'), no claim of its own"),
    ((2122, 2142), "reporting frame ('the report adds'), no claim of its own"),
    ((3268, 3275), "connective between the two massacre figures"),
    ((3323, 3335), "connective, no claim"),
    ((3504, 3528), "reporting frame ('according to the report'), no claim of its own"),
    ((3755, 3789), "reporting frame before the incendiary figures, no claim of its own"),
    ((3927, 3953), "reporting frame before the chemical and barrel-bomb figures, no claim of its own"),
    ((3995, 4000), "connective between the chemical and barrel-bomb figures"),
    ((4066, 4090), "reporting frame ('the report stresses'), no claim of its own"),
]
