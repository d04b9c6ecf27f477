"""Second reading of report 002 (002_cce8ff8c781ed7dd.txt): SNHR tally of Russian and government attacks on besieged eastern Aleppo in the 25 days after the second truce statement ended."""
from tests.reading.model import Attribution, Figure, Incident, Statement

SEED = "002_cce8ff8c781ed7dd.txt"
DOCUMENT = "snhr-eastern-aleppo-after-second-coh"
# The report states its period only as a length (25 days) after the end of the cessation of
# hostilities statement; it gives no calendar dates. The slug is the one the project already uses.
PERIOD = "25-days-after-second-coh"

_P = PERIOD
_A = "eastern-aleppo"
_SCOPE_NOTE = (
    "Period and area come from the report's stated scope (title: attacks on eastern Aleppo's "
    "neighbourhoods; body: violations documented in the 25 days after the truce statement ended); "
    "the figure's own sentence repeats neither."
)

# ---------------------------------------------------------------------------------------------
FIGURES = [
    # killings (one sentence, 1883-2113)
    Figure(
        key="civilians-killed-total",
        category="civilians-killed",
        span=(1883, 1932),
        count=361,
        period=_P,
        area=_A,
        note="No perpetrator is stated for the total; the same sentence splits it into 287 by Russian "
        "forces and 74 by government forces (287 + 74 = 361). The text names no alliance here. " + _SCOPE_NOTE,
    ),
    Figure(
        key="russian-forces-civilians-killed",
        category="civilians-killed",
        span=(1919, 1996),
        count=287,
        perpetrator="russian-forces",
        grade="confirmed",
        period=_P,
        area=_A,
        part_of=("civilians-killed-total",),
        note="'among whom were' makes it a subset of the 361. " + _SCOPE_NOTE,
    ),
    Figure(
        key="russian-forces-children-killed",
        category="children-killed",
        span=(1949, 2018),
        count=82,
        perpetrator="russian-forces",
        grade="confirmed",
        period=_P,
        area=_A,
        part_of=("russian-forces-civilians-killed",),
        note="'including' within the 287. " + _SCOPE_NOTE,
    ),
    Figure(
        key="russian-forces-women-killed",
        category="women-killed",
        span=(1949, 2031),
        count=46,
        perpetrator="russian-forces",
        grade="confirmed",
        period=_P,
        area=_A,
        part_of=("russian-forces-civilians-killed",),
        note="'including' within the 287. " + _SCOPE_NOTE,
    ),
    Figure(
        key="regime-forces-civilians-killed",
        category="civilians-killed",
        span=(1919, 2075),
        count=74,
        perpetrator="syrian-regime-forces",
        grade="confirmed",
        period=_P,
        area=_A,
        part_of=("civilians-killed-total",),
        note="Set against the 287 with 'while'; together they make up the 361, so it is the other part "
        "of that total. " + _SCOPE_NOTE,
    ),
    Figure(
        key="regime-forces-children-killed",
        category="children-killed",
        span=(2038, 2097),
        count=14,
        perpetrator="syrian-regime-forces",
        grade="confirmed",
        period=_P,
        area=_A,
        part_of=("regime-forces-civilians-killed",),
        note="'including' within the 74. " + _SCOPE_NOTE,
    ),
    Figure(
        key="regime-forces-women-killed",
        category="women-killed",
        span=(2038, 2112),
        count=9,
        perpetrator="syrian-regime-forces",
        grade="confirmed",
        period=_P,
        area=_A,
        part_of=("regime-forces-civilians-killed",),
        note="Written as 'nine'; 'including' within the 74. " + _SCOPE_NOTE,
    ),
    # massacres and attacks on vital facilities (2115-2333)
    Figure(
        key="russian-forces-massacres",
        category="massacres",
        span=(2115, 2223),
        count=13,
        perpetrator="russian-forces",
        grade="confirmed",
        period=_P,
        area=_A,
        note=_SCOPE_NOTE,
    ),
    Figure(
        key="russian-forces-vital-facility-attacks",
        category="attacks-on-vital-facilities",
        span=(2115, 2223),
        count=22,
        perpetrator="russian-forces",
        grade="confirmed",
        period=_P,
        area=_A,
        object="vital-civilian-facility",
        note="Facilities are not broken down by kind. " + _SCOPE_NOTE,
    ),
    Figure(
        key="regime-forces-massacres",
        category="massacres",
        span=(2232, 2277),
        count=3,
        perpetrator="syrian-regime-forces",
        grade="confirmed",
        period=_P,
        area=_A,
        note="Written as 'three'. " + _SCOPE_NOTE,
    ),
    Figure(
        key="regime-forces-vital-facility-attacks",
        category="attacks-on-vital-facilities",
        span=(2232, 2332),
        count=4,
        perpetrator="syrian-regime-forces",
        grade="confirmed",
        period=_P,
        area=_A,
        object="vital-civilian-facility",
        note="Written as 'four'. " + _SCOPE_NOTE,
    ),
    # weapons (2334-2570)
    Figure(
        key="russian-forces-incendiary-attacks",
        category="weapon-uses",
        span=(2334, 2453),
        count=6,
        perpetrator="russian-forces",
        grade="believed",
        period=_P,
        area=_A,
        weapon="incendiary-weapons",
        note="Written as 'six'. The perpetrator is only believed to be Russian ('forces we believe are "
        "Russian'). " + _SCOPE_NOTE,
    ),
    Figure(
        key="regime-forces-barrel-bombs",
        category="munitions-delivered",
        span=(2458, 2569),
        count=151,
        perpetrator="syrian-regime-forces",
        grade="confirmed",
        period=_P,
        area=_A,
        weapon="barrel-bombs",
        note="Counts bombs dropped, not attacks; dropped from government forces' helicopters. The area "
        "(eastern neighbourhoods of Aleppo city) is stated in the figure's own sentence; the period comes "
        "from the report's scope.",
    ),
]

# ---------------------------------------------------------------------------------------------
INCIDENTS = [
    Incident(
        key="eastern-aleppo-attacks-after-second-coh",
        kinds=("military-offensive",),
        spans=((116, 264), (548, 767), (2334, 2453), (2458, 2569)),
        places=("eastern-aleppo",),
        weapons=("incendiary-weapons", "barrel-bombs", "helicopters"),
        label="Attacks on the eastern neighbourhoods of Aleppo in the 25 days after the second cessation "
        "of hostilities statement ended",
        note="The report treats the attacks of the whole 25-day period as its subject (a campaign of many "
        "attacks); it gives no calendar dates, only the length of the period after the statement's end. "
        "Weapons: incendiary weapons, barrel bombs, helicopters as the platform for the barrel bombs.",
    ),
    Incident(
        key="eastern-aleppo-siege",
        kinds=("siege",),
        spans=((1010, 1123), (1330, 1493)),
        start="2016-09",
        places=("eastern-aleppo",),
        label="Siege of the eastern neighbourhoods of Aleppo",
        note="Under siege 'since the beginning of September 2016' (month precision only); still in place "
        "when the report was written, no end given. Relief is blocked and residents cannot enter or leave.",
    ),
]

# ---------------------------------------------------------------------------------------------
ATTRIBUTIONS = [
    Attribution(
        key="attacks-by-regime-forces",
        incident="eastern-aleppo-attacks-after-second-coh",
        span=(623, 691),
        actor="syrian-regime-forces",
        note="Named as 'government forces' that perpetrated the violations the report documents.",
    ),
    Attribution(
        key="attacks-by-russian-forces",
        incident="eastern-aleppo-attacks-after-second-coh",
        span=(623, 691),
        actor="russian-forces",
        note="Named as the government forces' allies and co-perpetrators of the violations.",
    ),
    Attribution(
        key="attacks-killings-by-russia",
        incident="eastern-aleppo-attacks-after-second-coh",
        span=(3590, 3680),
        actor="russia",
        note="Inside the compensation demand: the victims are said to have been killed by 'the present "
        "Russian regime' (state level).",
    ),
    Attribution(
        key="siege-blocking-by-syrian-regime",
        incident="eastern-aleppo-siege",
        span=(1330, 1493),
        actor="syrian-regime",
        note="The text states the siege itself in the passive; what it attributes to the Syrian regime (and "
        "to unnamed 'allies', not encoded as an actor) is the blocking of all relief and of residents' "
        "movement in and out.",
    ),
]

COUNTER_CLAIMS: list = []

# ---------------------------------------------------------------------------------------------
STATEMENTS = [
    # title, headline, scope
    Statement(
        key="scope-title",
        kind="scope",
        span=(116, 264),
        gist="The report's subject: attacks by Russia and the Syrian side on eastern Aleppo's neighbourhoods "
        "over 25 days in connection with the second truce statement.",
        actors=("syrian-russian-alliance",),
        places=("eastern-aleppo",),
        agreements=("second-cessation-of-hostilities",),
        incidents=("eastern-aleppo-attacks-after-second-coh",),
        facts={"area": "eastern-aleppo", "period": "25-days-after-second-coh",
               "agreement": "second-cessation-of-hostilities"},
        note="The title says 'Russian-Syrian Attacks' (read as the joint Syrian-Russian side); the body "
        "names the two as government forces and Russian forces. The title alone says 'after 25 days of' "
        "the statement; the body makes clear the 25 days follow its end.",
    ),
    Statement(
        key="headline-demand-prevent-genocide",
        kind="demand",
        span=(267, 337),
        gist="Headline: the Security Council must stop a Rwanda-like genocide from happening in Syria.",
        addressees=("un-security-council",),
        demand_kinds=("prevent-genocide",),
        places=("syria",),
        crime="genocide",
    ),
    Statement(
        key="headline-rwanda-comparison",
        kind="comparison",
        span=(267, 337),
        gist="Headline frames events in Syria as threatening to repeat the Rwandan genocide.",
        places=("syria",),
        crime="genocide",
        note="The headline speaks of preventing a 'second' Rwandan genocide; it does not itself say one is "
        "complete. The chairman's quote (separate items) says a genocide is under way.",
    ),
    Statement(
        key="scope-period",
        kind="scope",
        span=(548, 767),
        gist="The report covers the most notable human-rights violations in the 25 days after the truce "
        "statement ended.",
        actors=("syrian-regime-forces", "russian-forces"),
        agreements=("second-cessation-of-hostilities",),
        facts={"period": "25-days-after-second-coh", "period-length": "P25D",
               "starts-after-end-of": "second-cessation-of-hostilities",
               "coverage": "most notable violations"},
        note="No calendar dates are given for the period. The body says only 'the Cessation of Hostilities "
        "statement'; the title identifies it as the second one.",
    ),
    Statement(
        key="relation-russian-forces-allies",
        kind="relation",
        span=(638, 691),
        gist="The Russian forces are the government forces' allies.",
        actors=("russian-forces", "syrian-regime-forces"),
        facts={"subject": "russian-forces", "ally-of": "syrian-regime-forces"},
    ),
    Statement(
        key="agreement-coh-ended",
        kind="agreement",
        span=(717, 766),
        gist="The cessation of hostilities statement had come to an end before the period covered.",
        agreements=("second-cessation-of-hostilities",),
        facts={"agreement": "second-cessation-of-hostilities", "status": "ended"},
        note="Identified as the second statement by the title (116-264). No date of its end is given.",
    ),
    # method
    Statement(
        key="method-archive",
        kind="method",
        span=(768, 951),
        gist="Built on SNHR's archive from its daily, continuing documentation and monitoring during the "
        "period covered.",
    ),
    Statement(
        key="method-accounts",
        kind="method",
        span=(768, 1008),
        gist="Also draws on what survivors and eyewitnesses told SNHR.",
    ),
    # siege
    Statement(
        key="characterisation-medical-situation",
        kind="characterisation",
        span=(1010, 1329),
        gist="In besieged eastern Aleppo medical care is getting worse: supplies are short and the medical "
        "points and hospitals cannot cope with the great number of wounded.",
        places=("eastern-aleppo",),
        incidents=("eastern-aleppo-siege",),
    ),
    Statement(
        key="characterisation-siege-blocking",
        kind="characterisation",
        span=(1330, 1493),
        gist="The Syrian regime and its (unnamed) allies let no relief through and let no resident enter or "
        "leave the neighbourhoods.",
        actors=("syrian-regime",),
        places=("eastern-aleppo",),
        incidents=("eastern-aleppo-siege",),
        note="'its allies' are not named; no actor is inferred for them.",
    ),
    # chairman's quote
    Statement(
        key="relation-chairman",
        kind="relation",
        span=(1494, 1536),
        gist="Fadel Abdul Ghany chairs SNHR.",
        actors=("fadel-abdul-ghany", "snhr"),
        facts={"subject": "fadel-abdul-ghany", "chairman-of": "snhr"},
        note="Spelled 'Ghani' in this text.",
    ),
    Statement(
        key="chairman-genocide-in-syria",
        kind="accusation",
        span=(1694, 1733),
        gist="The chairman says a genocide is going on in Syria.",
        claimant="fadel-abdul-ghany",
        places=("syria",),
        crime="genocide",
        note="He names no perpetrator of the genocide.",
    ),
    Statement(
        key="chairman-unga-coi-responsible",
        kind="accusation",
        span=(1537, 1733),
        gist="The chairman holds the UN General Assembly and the Commission of Inquiry on Syria responsible "
        "for failing to stop the genocide.",
        claimant="fadel-abdul-ghany",
        actors=("un-general-assembly", "coi-syria"),
        places=("syria",),
        crime="genocide",
        note="Responsibility for a failure to end it, not for committing it.",
    ),
    Statement(
        key="chairman-rwanda-comparison",
        kind="comparison",
        span=(1712, 1786),
        gist="The chairman likens the situation in Syria to what happened in Rwanda.",
        claimant="fadel-abdul-ghany",
        places=("syria",),
        crime="genocide",
    ),
    Statement(
        key="chairman-unsc-presidents-blamed",
        kind="accusation",
        span=(1787, 1882),
        gist="The chairman warns that history will remember the heads of state of the Security Council's "
        "present members.",
        claimant="fadel-abdul-ghany",
        actors=("unsc-member-state-presidents",),
        note="An implied reproach; it does not say explicitly what they are blamed for (the context is the "
        "failure to end the genocide).",
    ),
    # place relation
    Statement(
        key="relation-eastern-aleppo-in-aleppo-city",
        kind="relation",
        span=(2529, 2569),
        gist="The eastern neighbourhoods are part of Aleppo city.",
        places=("eastern-aleppo", "aleppo-city"),
        facts={"subject": "eastern-aleppo", "located-in": "aleppo-city"},
    ),
    # allegations
    Statement(
        key="allegation-unsc-resolutions",
        kind="allegation",
        span=(2571, 2763),
        gist="SNHR says it is certain that the Russian and Syrian regimes breached Security Council "
        "resolutions 2139 and 2254.",
        actors=("russia", "syrian-regime"),
        incidents=("eastern-aleppo-attacks-after-second-coh",),
        cited_as="Security Council Resolutions 2139 and 2254",
        provisions=("s-res-2139-2014", "s-res-2254-2015"),
        note="'beyond any doubt' -> confirmed. Cited as whole resolutions; their content is given in the "
        "citation item citation-resolutions-indiscriminate.",
    ),
    Statement(
        key="citation-resolutions-indiscriminate",
        kind="citation",
        span=(2660, 2762),
        gist="According to the report, resolutions 2139 and 2254 each require that indiscriminate attacks "
        "stop.",
        cited_as="Security Council Resolutions 2139 and 2254",
        provisions=("s-res-2139-2014-demand", "s-res-2254-2015-demand"),
    ),
    Statement(
        key="allegation-rome-statute-art-8",
        kind="allegation",
        span=(2571, 2874),
        gist="The same two regimes breached Article 8 of the Rome Statute by wilful killing, a war crime.",
        actors=("russia", "syrian-regime"),
        incidents=("eastern-aleppo-attacks-after-second-coh",),
        cited_as="Article 8 of Rome Statute",
        provisions=("rome-statute-art-8",),
        crime="war-crime",
        note="The sentence's subject is 'they', i.e. the regimes named in the previous sentence, so the span "
        "starts there. The report cites Article 8 only, no sub-paragraph.",
    ),
    Statement(
        key="characterisation-unarmed-civilians-targeted",
        kind="characterisation",
        span=(2876, 2962),
        gist="The bombardment the report describes was aimed at unarmed civilians.",
        incidents=("eastern-aleppo-attacks-after-second-coh",),
    ),
    Statement(
        key="allegation-right-to-life",
        kind="allegation",
        span=(2963, 3100),
        gist="Hence the Russian and Syrian forces breached human-rights rules protecting the right to life.",
        actors=("russian-forces", "syrian-regime-forces"),
        incidents=("eastern-aleppo-attacks-after-second-coh",),
        provisions=("ihrl-right-to-life",),
    ),
    Statement(
        key="allegation-niac-war-crime",
        kind="allegation",
        span=(2963, 3249),
        gist="Those violations happened in a non-international armed conflict and, with all elements met, "
        "amount to a war crime.",
        actors=("russian-forces", "syrian-regime-forces"),
        incidents=("eastern-aleppo-attacks-after-second-coh",),
        crime="war-crime",
        conflict_character="non-international",
        note="'these violations' refers back to the right-to-life sentence about the Russian and Syrian "
        "forces, so the span includes it. No provision is cited in this sentence.",
    ),
    # demands without a named addressee
    Statement(
        key="demand-investigate-inform-account",
        kind="demand",
        span=(3250, 3480),
        gist="Investigate the incidents, tell Syrians what the investigations find, and hold everyone "
        "responsible to account.",
        demand_kinds=("investigate", "publish-findings", "hold-accountable"),
        incidents=("eastern-aleppo-attacks-after-second-coh",),
        note="No addressee named.",
    ),
    Statement(
        key="demand-facilities",
        kind="demand",
        span=(3481, 3576),
        gist="Compensate for, rebuild and re-equip every damaged centre and facility.",
        demand_kinds=("compensate", "reconstruct"),
        note="No addressee named.",
    ),
    Statement(
        key="demand-compensate-families",
        kind="demand",
        span=(3577, 3702),
        gist="Compensate the families of the dead and the wounded, victims the report ascribes to the "
        "Russian regime.",
        actors=("russia",),
        demand_kinds=("compensate",),
        note="No addressee named (the text does not say who should pay).",
    ),
    # Security Council
    Statement(
        key="demand-unsc-additional-steps",
        kind="demand",
        span=(3704, 3850),
        gist="The Security Council should go further, one year after it adopted resolution 2254.",
        addressees=("un-security-council",),
        demand_kinds=("take-additional-steps",),
        provisions=("s-res-2254-2015",),
        cited_as="Resolution 2254",
    ),
    Statement(
        key="citation-s-res-2254-quote",
        kind="citation",
        span=(3823, 4121),
        gist="Quotes resolution 2254's demand that every party stop attacking civilians and civilian objects, "
        "medical facilities and staff, and stop indiscriminate weapons use incl. shelling and air raids.",
        cited_as="Resolution 2254",
        provisions=("s-res-2254-2015-demand",),
    ),
    Statement(
        key="demand-icc-accountability",
        kind="demand",
        span=(4122, 4301),
        gist="Refer Syria to the ICC and bring all responsible to account, the Russian regime among them.",
        actors=("russia",),
        demand_kinds=("refer-to-icc", "hold-accountable"),
        note="No addressee named; the ICC is where the case should go, not who is asked.",
    ),
    Statement(
        key="allegation-russia-war-crimes-proven",
        kind="allegation",
        span=(4283, 4349),
        gist="The Russian regime's part in war crimes is said to be established.",
        actors=("russia",),
        crime="war-crime",
        note="'has been proven' -> confirmed.",
    ),
    Statement(
        key="demand-unsc-peace-r2p",
        kind="demand",
        span=(4351, 4587),
        gist="The Security Council must bring peace and security to Syria and apply R2P, to save Syrians' "
        "lives and their culture and art from destruction, theft and ruin.",
        addressees=("un-security-council",),
        demand_kinds=("ensure-peace-and-security", "apply-r2p", "protect-civilians", "protect-cultural-heritage"),
        provisions=("r2p",),
        places=("syria",),
        note="protect-civilians and the proposed protect-cultural-heritage code render the stated purpose "
        "(saving lives, culture and arts).",
    ),
    Statement(
        key="demand-unsc-sanctions",
        kind="demand",
        span=(4588, 4703),
        gist="The Security Council should widen sanctions to cover the Russian and Iranian regimes.",
        addressees=("un-security-council",),
        actors=("russia", "iranian-regime"),
        demand_kinds=("expand-sanctions",),
    ),
    Statement(
        key="allegation-russia-iran-crimes-against-humanity",
        kind="allegation",
        span=(4672, 4809),
        gist="The Russian and Iranian regimes take direct part in crimes against humanity against Syrians.",
        actors=("russia", "iranian-regime"),
        crime="crime-against-humanity",
    ),
    Statement(
        key="allegation-russia-iran-war-crimes",
        kind="allegation",
        span=(4672, 4809),
        gist="The Russian and Iranian regimes take direct part in war crimes against Syrians.",
        actors=("russia", "iranian-regime"),
        crime="war-crime",
    ),
]

NOT_ENCODED = [
    ((339, 365), "caption or sub-heading repeating words of the title; no claim"),
    ((367, 547), "announcement that the report was published, repeating its title; no claim beyond the title"),
]
