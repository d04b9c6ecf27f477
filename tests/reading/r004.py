"""Second reading of report 004 (004_82a42a3317d463bf.txt): SNHR on the 33 massacres in the fourth de-escalation zone, 26 April to 27 July 2019, and the Ma'aret al Numan market massacre."""

from tests.reading.model import Attribution, CounterClaim, Figure, Incident, Statement

SEED = "004_82a42a3317d463bf.txt"
DOCUMENT = "snhr-fourth-de-escalation-zone-massacres-2019"
PERIOD = "2019-04-26--2019-07-27"

P = PERIOD
Z4 = "fourth-de-escalation-zone"
ALLIANCE, REGIME, RUSSIA = "syrian-russian-alliance", "syrian-regime-forces", "russian-forces"
OFFENSIVE = "fourth-zone-offensive-2019"
MAARET = "maaret-al-numan-market-2019-07-22"
INTERVENTION = "intervention-2015-09-30"
DISPLACEMENT = "displacement-ghouta-homs-daraa"
ARRESTS = "arrests-ghouta-homs-daraa"
CHAIR = "fadel-abdul-ghany"

# Sentence spans used by several figures (the whole sentence up to the clause that carries the figure,
# so that period, area and perpetrator named at the start of the sentence are inside the span).
S_TOTAL = (1220, 1448)  # at-least total, children and women, zone, dates, alliance
S_REGIME = (1220, 1534)  # ... up to the Syrian regime forces' share
S_RUSSIA = (1220, 1613)  # ... up to the Russian forces' share
S_MASSACRES = (1616, 1813)  # 33 massacres, 26 + 7, "same period", zone
S_MASS_KILLED = (1616, 1914)  # ... victims of these massacres, with children and women
S_MASS_REGIME = (1616, 2026)  # ... the regime forces' share of those victims
S_MASS_RUSSIA = (1616, 2115)  # ... the Russian forces' share of those victims
S_MAARET = (4957, 5223)  # Ma'aret al Numan: perpetrator, date, victims
S_DENIED = (5660, 5886)  # seven of the eight denied large massacres

FIGURES = [
    # --- all civilian deaths in the zone, 26 April - 27 July 2019 -----------------------------------
    Figure("alliance-civilians-killed", "civilians-killed", S_TOTAL, count=781, qualifier="at-least",
           perpetrator=ALLIANCE, grade="confirmed", period=P, area=Z4),
    Figure("alliance-children-killed", "children-killed", S_TOTAL, count=208, qualifier="at-least",
           perpetrator=ALLIANCE, grade="confirmed", period=P, area=Z4, part_of=("alliance-civilians-killed",),
           note="Included in the at-least total; 'at least' governs the whole noun phrase, so the included "
                "counts are read as lower bounds too. Equals 170 (regime forces) + 38 (Russian forces)."),
    Figure("alliance-women-killed", "women-killed", S_TOTAL, count=140, qualifier="at-least",
           perpetrator=ALLIANCE, grade="confirmed", period=P, area=Z4, part_of=("alliance-civilians-killed",),
           note="The report glosses women as adult females. Included in the at-least total; equals 115 + 25."),
    Figure("regime-civilians-killed", "civilians-killed", S_REGIME, count=625,
           perpetrator=REGIME, grade="confirmed", period=P, area=Z4, part_of=("alliance-civilians-killed",),
           note="Breakdown of the alliance total by member ('with ... killing'); 625 + 156 = 781. Stated without "
                "'at least', so kept exact as written."),
    Figure("regime-children-killed", "children-killed", S_REGIME, count=170,
           perpetrator=REGIME, grade="confirmed", period=P, area=Z4,
           part_of=("regime-civilians-killed", "alliance-children-killed")),
    Figure("regime-women-killed", "women-killed", S_REGIME, count=115,
           perpetrator=REGIME, grade="confirmed", period=P, area=Z4,
           part_of=("regime-civilians-killed", "alliance-women-killed")),
    Figure("russia-civilians-killed", "civilians-killed", S_RUSSIA, count=156,
           perpetrator=RUSSIA, grade="confirmed", period=P, area=Z4, part_of=("alliance-civilians-killed",),
           note="Breakdown of the alliance total by member; stated without 'at least'."),
    Figure("russia-children-killed", "children-killed", S_RUSSIA, count=38,
           perpetrator=RUSSIA, grade="confirmed", period=P, area=Z4,
           part_of=("russia-civilians-killed", "alliance-children-killed")),
    Figure("russia-women-killed", "women-killed", S_RUSSIA, count=25,
           perpetrator=RUSSIA, grade="confirmed", period=P, area=Z4,
           part_of=("russia-civilians-killed", "alliance-women-killed")),
    # --- massacres in the zone in the same period ------------------------------------------------------
    Figure("alliance-massacres", "massacres", S_MASSACRES, count=33,
           perpetrator=ALLIANCE, grade="confirmed", period=P, area=Z4,
           note="This sentence splits the 33 between the two members of the alliance; the title and the lead "
                "(131-238, 402-607) name the alliance as author of all 33. 'Same period' points back to "
                "26 April - 27 July 2019. Massacre as defined by the chairman: five or more civilians at once."),
    Figure("regime-massacres", "massacres", S_MASSACRES, count=26,
           perpetrator=REGIME, grade="confirmed", period=P, area=Z4, part_of=("alliance-massacres",)),
    Figure("russia-massacres", "massacres", S_MASSACRES, count=7,
           perpetrator=RUSSIA, grade="confirmed", period=P, area=Z4, part_of=("alliance-massacres",),
           note="Written as 'seven'."),
    Figure("alliance-massacre-civilians-killed", "civilians-killed", S_MASS_KILLED, count=271,
           perpetrator=ALLIANCE, grade="confirmed", period=P, area=Z4, incident_kind="massacre",
           part_of=("alliance-civilians-killed",),
           note="Victims of the 33 massacres; a subset of all civilians killed in the zone in the period."),
    Figure("alliance-massacre-children-killed", "children-killed", S_MASS_KILLED, count=85,
           perpetrator=ALLIANCE, grade="confirmed", period=P, area=Z4, incident_kind="massacre",
           part_of=("alliance-massacre-civilians-killed", "alliance-children-killed")),
    Figure("alliance-massacre-women-killed", "women-killed", S_MASS_KILLED, count=58,
           perpetrator=ALLIANCE, grade="confirmed", period=P, area=Z4, incident_kind="massacre",
           part_of=("alliance-massacre-civilians-killed", "alliance-women-killed")),
    Figure("regime-massacre-civilians-killed", "civilians-killed", S_MASS_REGIME, count=188,
           perpetrator=REGIME, grade="confirmed", period=P, area=Z4, incident_kind="massacre",
           part_of=("alliance-massacre-civilians-killed", "regime-civilians-killed"),
           note="'188 of these civilians': the regime forces' share of the 271 massacre victims."),
    Figure("regime-massacre-children-killed", "children-killed", S_MASS_REGIME, count=63,
           perpetrator=REGIME, grade="confirmed", period=P, area=Z4, incident_kind="massacre",
           part_of=("regime-massacre-civilians-killed", "alliance-massacre-children-killed", "regime-children-killed")),
    Figure("regime-massacre-women-killed", "women-killed", S_MASS_REGIME, count=44,
           perpetrator=REGIME, grade="confirmed", period=P, area=Z4, incident_kind="massacre",
           part_of=("regime-massacre-civilians-killed", "alliance-massacre-women-killed", "regime-women-killed")),
    Figure("russia-massacre-civilians-killed", "civilians-killed", S_MASS_RUSSIA, count=83,
           perpetrator=RUSSIA, grade="confirmed", period=P, area=Z4, incident_kind="massacre",
           part_of=("alliance-massacre-civilians-killed", "russia-civilians-killed"),
           note="'the other 83': 188 + 83 = 271."),
    Figure("russia-massacre-children-killed", "children-killed", S_MASS_RUSSIA, count=22,
           perpetrator=RUSSIA, grade="confirmed", period=P, area=Z4, incident_kind="massacre",
           part_of=("russia-massacre-civilians-killed", "alliance-massacre-children-killed", "russia-children-killed")),
    Figure("russia-massacre-women-killed", "women-killed", S_MASS_RUSSIA, count=14,
           perpetrator=RUSSIA, grade="confirmed", period=P, area=Z4, incident_kind="massacre",
           part_of=("russia-massacre-civilians-killed", "alliance-massacre-women-killed", "russia-women-killed")),
    # --- the Ma'aret al Numan massacre ----------------------------------------------------------------------
    Figure("maaret-civilians-killed", "civilians-killed", S_MAARET, count=39, incident=MAARET,
           note="Perpetrator is carried by the incident's attribution (Russian forces). The report does not say "
                "that these 39 are among the 83 victims of Russian-forces massacres, though the date and place "
                "fall within that count's period and zone: no part_of recorded."),
    Figure("maaret-children-killed", "children-killed", S_MAARET, count=4, incident=MAARET,
           part_of=("maaret-civilians-killed",), note="Written as 'four'."),
    Figure("maaret-women-killed", "women-killed", S_MAARET, count=7, incident=MAARET,
           part_of=("maaret-civilians-killed",), note="Written as 'seven'."),
    Figure("maaret-civil-defence-killed", "civil-defence-personnel-killed", S_MAARET, count=1, incident=MAARET,
           part_of=("maaret-civilians-killed",), note="Written as 'one'; a member of the Civil Defense."),
    # --- denied massacres -------------------------------------------------------------------------------
    Figure("massacres-denied", "massacres-denied", S_DENIED, count=8, period="since-russian-intervention",
           note="Large massacres for which Russia (the state, as named) denied responsibility since the Russian "
                "military intervention began. No perpetrator is confirmed for all eight: SNHR says it proved "
                "Russian forces' involvement in seven of them; the eighth is left open. Written as 'eight'."),
    Figure("massacres-denied-proven", "massacres-denied-proven", S_DENIED, count=7,
           perpetrator=RUSSIA, grade="confirmed", period="since-russian-intervention", part_of=("massacres-denied",),
           note="'definitively prove the involvement of the Russian forces': involvement of Russian forces (not "
                "'Russia') proven in seven of the eight. Written as 'seven'."),
    # --- population and displacement named in the demands ----------------------------------------------
    Figure("idlib-area-population", "population", (9696, 9878), count=3_000_000, qualifier="at-least",
           note="People living in what the report calls 'the Idlib area'; the text does not say whether this is "
                "the governorate or the whole fourth zone, so area is left unset. Written as 'three million'."),
    Figure("displaced-one-third", "displaced", (9935, 10031), share=(1, 3),
           perpetrator="syrian-regime", grade="confirmed",
           note="One-third of the Syrian people displaced; the report asks the General Assembly to hold the "
                "ruling Syrian regime (state level) responsible. No period given. A share of the population, "
                "not of an area: area left unset."),
]

INCIDENTS = [
    Incident(OFFENSIVE,
             kinds=("military-offensive", "extrajudicial-killing", "attack", "forced-displacement",
                    "attack-on-protected-object", "chemical-attack"),
             spans=((817, 1177), (1178, 1217), (724, 781)),
             start="2019-04-26", places=(Z4,), weapons=("chemical-weapons",),
             label="Military escalation in the fourth de-escalation zone from 26 April 2019",
             note="Kinds of violation the report lists: extrajudicial killings, bombardment it calls both "
                  "indiscriminate and deliberate, enforced displacement, bombing of residential buildings and "
                  "vital facilities (hospitals and schools among them), reaching as far as chemical weapons use. "
                  "No end: the report says these acts are still going on. No particular chemical attack, date "
                  "or place is given. 'attack' stands for the bombardment (no means named, so not airstrike or "
                  "shelling)."),
    Incident(MAARET, kinds=("massacre", "attack-on-protected-object"),
             spans=((4957, 5086), (3064, 3205), (5887, 6211), (608, 696)),
             date="2019-07-22", places=("maaret-al-numan",), targets=("maaret-al-numan-popular-market",),
             part_of=(OFFENSIVE,),
             label="Massacre at the popular market of Ma'aret al Numan, 22 July 2019",
             note="The report calls it a massacre in the city and places it at the popular market; it does not "
                  "name the weapon or means (the Russian ministry's denial mentions warplanes, SNHR's text does "
                  "not). part_of the escalation: the report calls it the largest massacre since the escalation "
                  "began and lists it among the massacres of 26 April - 27 July in the zone. The market is "
                  "described as attacked (third span); attack-on-protected-object per the scheme's reading of a "
                  "market as a civilian object, not a word the report uses."),
    Incident(INTERVENTION, kinds=("military-intervention",), spans=((5826, 5885),), places=("syria",),
             label="Military intervention in Syria",
             note="Named only as a starting point ('since the beginning of'); no date in this report."),
    Incident(DISPLACEMENT, kinds=("forced-displacement",), spans=((11482, 11680),),
             places=("eastern-ghouta", "homs-governorate", "daraa-governorate"),
             label="Displacement of people from Eastern Ghouta and the Homs and Daraa governorates",
             note="Stated inside the demand to Russian forces; displaced 'by the Russian war machine'. No date."),
    Incident(ARRESTS, kinds=("detention",),
             spans=((11482, 11680), (11681, 11869)),
             places=("eastern-ghouta", "homs-governorate", "daraa-governorate"),
             label="Arrests, persecution, kidnappings and disappearances of residents who stayed in Eastern "
                   "Ghouta, Homs and Daraa",
             note="Described as ongoing ('being perpetrated'); no date. 'Those areas' points back to the places "
                  "named in the preceding clause (first span). Kind 'detention' covers arrests, persecution, "
                  "kidnappings and enforced disappearances, all four named."),
]

ATTRIBUTIONS = [
    Attribution("alliance-offensive", OFFENSIVE, (817, 1177), actor=ALLIANCE),
    Attribution("russian-forces-maaret", MAARET, (4957, 5086), actor=RUSSIA,
                note="Also stated in the lead (608-696) and the scope sentence (3064-3205)."),
    Attribution("russia-intervention", INTERVENTION, (5826, 5885), actor="russia",
                note="Only the adjective is given ('the Russian military intervention'); read at state level."),
    Attribution("russian-forces-displacement", DISPLACEMENT, (11482, 11680), actor=RUSSIA,
                note="The report says 'the Russian war machine'; read as Russian forces."),
    Attribution("regime-arrests", ARRESTS, (11681, 11869), actor="syrian-regime",
                note="'the Syrian Regime' (state level), not 'regime forces'."),
    Attribution("iranian-militias-arrests", ARRESTS, (11681, 11869), actor="iranian-militias"),
]

COUNTER_CLAIMS = [
    CounterClaim("russia-denial-headline", "denial", "russian-forces-maaret", "russia", (247, 318),
                 gist="Russia denies having committed the Ma'aret al Numan massacre.",
                 places=("maaret-al-numan",),
                 note="The headline names the state; the body names the Ministry of Defence (mod-denial). Same "
                      "denial at two levels."),
    CounterClaim("mod-denial", "denial", "russian-forces-maaret", "russian-mod", (5224, 5394),
                 gist="The Russian defence ministry said its warplanes conducted no military operation in that area.",
                 evidence_offered="a statement", places=("maaret-al-numan",)),
    CounterClaim("mod-videos", "counter-claim", MAARET + "#target", "russian-mod", (5927, 6107),
                 gist="The ministry's videos purported to show that the market said to have been attacked was not hit.",
                 evidence_offered="videos published on 26 and 27 July (year not written)",
                 places=("maaret-al-numan-popular-market",),
                 note="Disputes a fact of the incident (that the market was hit), not only who did it."),
    CounterClaim("snhr-rebuttal-videos", "rebuttal", "mod-videos", "snhr", (5887, 6211),
                 gist="The places in the ministry's videos are the city's al Hal market, not the popular market "
                      "where the massacre happened.",
                 evidence_offered="identification of the sites shown in the videos",
                 places=("maaret-al-numan-al-hal-market", "maaret-al-numan-popular-market")),
    CounterClaim("snhr-rebuttal-denial-record", "rebuttal", "mod-denial", "snhr", (5450, 5886),
                 gist="The ministry has denied attacks before whose responsibility was established; SNHR proved "
                      "Russian forces took part in seven of the eight large massacres Russia denied since the "
                      "intervention began.",
                 evidence_offered="SNHR's record of earlier denials (massacres-denied, massacres-denied-proven)"),
]

STATEMENTS = [
    # --- scope and method ---------------------------------------------------------------------------
    Statement("scope-extent", "scope", (785, 816), "The full report runs to 25 pages.",
              facts={"extent": "25 pages"}),
    Statement("scope-catalogue", "scope", (2718, 3205),
              "The report records the most notable massacres by the alliance in the zone from 26 April to "
              "27 July 2019, details the largest, and singles out Ma'aret al Numan.",
              actors=(ALLIANCE,), places=(Z4,), incidents=(MAARET,),
              facts={"period": P, "area": Z4, "subject": "most notable massacres"}),
    Statement("chair-method", "method", (2485, 2621),
              "The chairman draws his view from SNHR's daily monitoring of incidents and of the pattern of attacks.",
              claimant=CHAIR),
    Statement("definition-massacre", "definition", (2194, 2309),
              "A massacre is an incident killing many civilians at one time: five or more.",
              claimant=CHAIR, facts={"term": "massacre", "minimum-civilians-killed": "5", "timing": "at one time"}),
    # --- characterisations, comparisons, accusations ------------------------------------------------
    Statement("comparison-largest", "comparison", (656, 782),
              "Ma'aret al Numan is the biggest massacre since the recent escalation on the region began.",
              incidents=(MAARET, OFFENSIVE)),
    Statement("char-most-egregious", "characterisation", (817, 895),
              "The alliance's violations in the zone are called the gravest kind.", actors=(ALLIANCE,),
              incidents=(OFFENSIVE,)),
    Statement("char-bombardment", "characterisation", (985, 1026),
              "The bombardment is described as both indiscriminate and deliberate.", actors=(ALLIANCE,),
              incidents=(OFFENSIVE,)),
    Statement("char-ongoing", "characterisation", (1178, 1217),
              "The atrocities were still going on when the report came out.", incidents=(OFFENSIVE,)),
    Statement("chair-disregard", "characterisation", (2310, 2398),
              "Massacres usually show how little the attacker cares about civilian lives.", claimant=CHAIR),
    Statement("chair-desire-to-kill", "accusation", (2310, 2484),
              "Or they show a strong wish to kill civilians and be rid of as many as possible.", claimant=CHAIR,
              note="Generic: said of 'the attacking party' before being applied to the two forces."),
    Statement("chair-leadership-wants", "accusation", (2485, 2713),
              "The chairman's impression is that this mass killing is exactly what the political leaders of the "
              "Russian and Syrian forces want; he calls the forces barbaric and their attacks brutal.",
              claimant=CHAIR, grade="believed", actors=(RUSSIA, REGIME),
              note="Hedged ('it seems to us'). The intention is imputed to the political leadership of the forces; "
                   "'Syrian forces' read as Syrian regime forces."),
    Statement("headline-denial-silence", "characterisation", (247, 394),
              "Russia will keep denying as long as the international community says nothing.",
              actors=("russia", "international-community"), incidents=(MAARET,)),
    Statement("regime-grave-crimes", "allegation", (3208, 3332),
              "For eight years the Syrian regime has committed serious crimes and violations against civilians.",
              actors=("syrian-regime",)),
    Statement("regime-ignores-un", "accusation", (3333, 3563),
              "The regime has never answered the demands of the Commission of Inquiry or the High Commission "
              "for Human Rights, nor complied with Security Council resolutions.",
              actors=("syrian-regime", "coi-syria", "ohchr", "un-security-council"),
              note="'High Commission for Human Rights' read as OHCHR."),
    Statement("charter-41-42", "citation", (3564, 3704),
              "The Security Council should have taken collective measures under the UN Charter's Articles 41 and 42.",
              actors=("un-security-council",), cited_as="Article 41 and 42",
              provisions=("un-charter-art-41", "un-charter-art-42")),
    Statement("sc-failure-russian-veto", "accusation", (3564, 3852),
              "The Security Council failed because Russia shields the Syrian regime, regularly using its veto for it.",
              actors=("un-security-council", "russia", "syrian-regime")),
    Statement("regime-failed-protection", "allegation", (3834, 3938),
              "The regime did not meet its responsibility to protect civilians.", actors=("syrian-regime",),
              note="No instrument or norm named; not mapped to R2P."),
    Statement("regime-crimes-against-humanity", "allegation", (3834, 4043),
              "The regime's violations against civilians reach the level of crimes against humanity.",
              actors=("syrian-regime",), crime="crime-against-humanity",
              note="No article cited."),
    Statement("regime-extermination-detention", "allegation", (3834, 4103),
              "The regime carries out extermination in detention centres by torture.",
              actors=("syrian-regime",),
              note="Extermination and torture are named without an article and without saying which crime "
                   "category the report files them under (the sentence joins them to crimes against humanity)."),
    Statement("syria-conscience-shocking", "characterisation", (4106, 4506),
              "Syria keeps seeing the conscience-shocking situations the UN must prevent, at industrial scale: "
              "killing, torture, sexual violence, disappearances, chemical weapons and barrel bombs, sieges.",
              places=("syria",), note="No perpetrator named."),
    Statement("iciss-citation", "citation", (4507, 4954),
              "The report quotes the ICISS report of December 2001: if the Security Council fails its "
              "responsibility to protect in conscience-shocking cases, concerned states may turn to other means.",
              actors=("iciss", "un-security-council"), provisions=("r2p",),
              facts={"document": "iciss-report-2001", "date": "2001-12", "author": "iciss"},
              note="The quoted words are ICISS's."),
    Statement("mod-accuses-civil-defence", "accusation", (5224, 5449),
              "The Russian defence ministry said the Civil Defense made false statements.",
              claimant="russian-mod", actors=("syrian-civil-defence",), incidents=(MAARET,)),
    # --- legal allegations and citations --------------------------------------------------------------
    Statement("ihl-violations", "allegation", (6214, 6556),
              "Syrian and Russian forces broke several IHL rules, chiefly by not distinguishing civilians from "
              "combatants or civilian from military targets, and by bombing hospitals, schools, centres and "
              "residential districts; these are war crimes.",
              actors=(REGIME, RUSSIA), provisions=("ihl-distinction",), crime="war-crime",
              note="'Syrian forces' read as Syrian regime forces. No incident named in the sentence."),
    Statement("citation-medical-personnel", "citation", (6557, 6875),
              "Deliberately attacking medical staff in a non-international armed conflict is a war crime.",
              cited_as="Articles 8 (2) (b), 24, 8 (2) (e) (2)",
              provisions=("rome-statute-art-8-2-b-xxiv", "rome-statute-art-8-2-e-ii"),
              crime="war-crime", conflict_character="non-international",
              note="'8 (2) (b), 24' read as 8(2)(b)(xxiv), '8 (2) (e) (2)' as 8(2)(e)(ii). 8(2)(b) is the "
                   "international-conflict list although the sentence speaks of a non-international conflict. "
                   "No actor is accused of attacking medical staff in this text."),
    Statement("citation-displacement-war-crime", "citation", (6878, 7187),
              "Forced displacement done as part of a deliberate or widespread attack on civilians is a war crime "
              "in non-international conflicts.",
              cited_as="Articles 8 (2) (b) (7) and 8 (2) (e) (8)",
              provisions=("rome-statute-art-8-2-b-vii", "rome-statute-art-8-2-e-viii"),
              crime="war-crime", conflict_character="non-international",
              note="Recorded as written: 8(2)(b)(vii) is the improper-use-of-flags provision; the transfer "
                   "provision would be 8(2)(b)(viii). A mapping, if any, is the project's, not the report's."),
    Statement("citation-displacement-cah", "citation", (6878, 7311),
              "Forced displacement may also amount to a crime against humanity.",
              cited_as="Articles 7 (1) (d)", provisions=("rome-statute-art-7-1-d",), crime="crime-against-humanity",
              note="'may also be considered': a possibility, not a finding."),
    Statement("deesc-violation", "allegation", (7314, 7462),
              "The alliance breached the de-escalation agreement in every zone, Idlib included.",
              actors=(ALLIANCE,), agreements=("de-escalation",), places=("de-escalation-zones", Z4),
              note="'the Idlib region' read as the fourth zone (the project's alternative label for it)."),
    Statement("sochi-violation", "allegation", (7314, 7535),
              "The alliance also breached the Sochi agreement.", actors=(ALLIANCE,), agreements=("sochi",)),
    Statement("russian-forces-war-crimes", "allegation", (11052, 11152),
              "Russian forces commit war crimes of every type in Syria (presupposed by the call to stop).",
              actors=(RUSSIA,), crime="war-crime", places=("syria",)),
    Statement("regime-war-crimes-ongoing", "allegation", (11294, 11481),
              "The Syrian regime has been committing war crimes.", actors=("syrian-regime",), crime="war-crime"),
    Statement("regime-cah-ongoing", "allegation", (11294, 11481),
              "The Syrian regime has been committing crimes against humanity.", actors=("syrian-regime",),
              crime="crime-against-humanity"),
    Statement("russian-forces-complicity", "accusation", (11052, 11481),
              "Russian forces back the regime's crimes, and that backing is to be treated as direct "
              "participation in them.", actors=(RUSSIA, "syrian-regime")),
    Statement("russia-control-by-force", "accusation", (10567, 10813),
              "Russia seeks full control of Syrian territory by force and openly wants to rehabilitate the "
              "present regime, i.e. a political settlement serving only Russia's interests.",
              actors=("russia", "syrian-regime")),
    Statement("sg-rationale", "characterisation", (9163, 9583),
              "Naming perpetrators helps condemn and expose them and shows solidarity with victims; not naming "
              "them emboldens these and other perpetrators to commit and repeat violations.",
              actors=("un-secretary-general",)),
    # --- agreements -------------------------------------------------------------------------------------
    Statement("agreement-fourth-final-zone", "agreement", (2833, 2964),
              "The zone is the fourth and last de-escalation zone.",
              agreements=("de-escalation",), facts={"agreement": "de-escalation", "area": Z4}),
    Statement("agreement-sochi-in-force", "agreement", (7476, 7534),
              "The Sochi agreement took effect in September 2018.",
              agreements=("sochi",), facts={"agreement": "sochi", "entry-into-force": "2018-09"}),
    Statement("agreement-deesc-collapsed", "agreement", (10344, 10414),
              "The de-escalation agreements have collapsed, and someone is chiefly to blame.",
              agreements=("de-escalation",), facts={"agreement": "de-escalation", "status": "collapsed"},
              note="Presupposed inside the demand to the UN envoy; the culprits are not named in this clause."),
    # --- relations ------------------------------------------------------------------------------------
    Statement("rel-chairman", "relation", (2118, 2191), "Fadel Abdul Ghany chairs SNHR.",
              actors=(CHAIR, "snhr"), facts={"subject": CHAIR, "role": "chairman", "of": "snhr"}),
    Statement("rel-alliance-regime-forces", "relation", S_RUSSIA,
              "Syrian regime forces are one of the two forces whose tolls make up the alliance's.",
              actors=(ALLIANCE, REGIME), facts={"subject": ALLIANCE, "has-member": REGIME}),
    Statement("rel-alliance-russian-forces", "relation", S_RUSSIA,
              "Russian forces are the other member of the alliance in the breakdown.",
              actors=(ALLIANCE, RUSSIA), facts={"subject": ALLIANCE, "has-member": RUSSIA}),
    Statement("rel-zone-idlib", "relation", (2833, 2964), "All of Idlib governorate lies in the fourth zone.",
              places=("idlib-governorate", Z4), facts={"subject": "idlib-governorate", "located-in": Z4}),
    Statement("rel-zone-hama", "relation", (2833, 2964), "The fourth zone takes in part of Hama governorate.",
              places=(Z4, "hama-governorate"), facts={"subject": Z4, "partly-located-in": "hama-governorate"}),
    Statement("rel-zone-aleppo", "relation", (2833, 2964), "The fourth zone takes in part of Aleppo governorate.",
              places=(Z4, "aleppo-governorate"), facts={"subject": Z4, "partly-located-in": "aleppo-governorate"}),
    Statement("rel-zone-latakia", "relation", (2833, 2964), "The fourth zone takes in part of Latakia governorate.",
              places=(Z4, "latakia-governorate"), facts={"subject": Z4, "partly-located-in": "latakia-governorate"}),
    Statement("rel-maaret-southern-idlib", "relation", (3139, 3193),
              "Ma'aret al Numan is a city in Idlib's southern suburbs.",
              places=("maaret-al-numan", "southern-idlib-suburbs"),
              facts={"subject": "maaret-al-numan", "located-in": "southern-idlib-suburbs"}),
    Statement("rel-al-hal-market", "relation", (6125, 6149), "The al Hal market is in Ma'aret al Numan.",
              places=("maaret-al-numan-al-hal-market", "maaret-al-numan"),
              facts={"subject": "maaret-al-numan-al-hal-market", "located-in": "maaret-al-numan"}),
    Statement("rel-popular-market", "relation", (6109, 6210),
              "The popular market of the massacre is, like al Hal, one of the city's markets.",
              places=("maaret-al-numan-popular-market",),
              facts={"subject": "maaret-al-numan-popular-market", "located-in": "maaret-al-numan"}),
    Statement("rel-eastern-ghouta", "relation", (11586, 11640),
              "Eastern Ghouta is in Damascus Suburbs governorate.",
              places=("eastern-ghouta", "damascus-suburbs-governorate"),
              facts={"subject": "eastern-ghouta", "located-in": "damascus-suburbs-governorate"}),
    Statement("rel-russia-supporting-state", "relation", (9612, 9694),
              "Russia is among the states backing parties to the Syrian conflict.",
              actors=("russia", "states-supporting-parties"),
              facts={"subject": "russia", "member-of": "states-supporting-parties"}),
    Statement("rel-r2p-general-assembly", "relation", (8680, 8825),
              "The report says the General Assembly established the Responsibility to Protect.",
              actors=("un-general-assembly",), provisions=("r2p",),
              facts={"subject": "r2p", "established-by": "un-general-assembly"}),
    # --- demands ----------------------------------------------------------------------------------------
    Statement("demand-unsc", "demand", (7538, 8286),
              "Security Council: a resolution to stabilise the Idlib ceasefire with penalties for violators; real "
              "support for the peace process and a just transition; ICC referral; accountability; a resolution on "
              "enforced displacement so it does not become a lasting crisis; pressure on the regime to stop "
              "displacing people; laws against looting of displaced people's property.",
              addressees=("un-security-council",),
              demand_kinds=("stabilise-ceasefire", "support-political-transition", "refer-to-icc", "hold-accountable",
                            "address-displacement", "pressure-party", "protect-property"),
              actors=("syrian-regime", "international-criminal-court"),
              note="'Idlib' unqualified (ceasefire in Idlib): no place slug assumed."),
    Statement("demand-international-community", "demand", (8289, 8551),
              "International community: build national and regional alliances to shield Syrians from daily "
              "killing, lift sieges, and raise relief support.",
              addressees=("international-community",),
              demand_kinds=("protect-civilians", "lift-sieges", "increase-relief")),
    Statement("demand-universal-jurisdiction", "demand", (8552, 8677),
              "Universal jurisdiction should be used in domestic courts for these crimes.",
              demand_kinds=("apply-universal-jurisdiction",), provisions=("universal-jurisdiction",),
              note="No addressee named in this sentence (it follows the paragraph to the international community)."),
    Statement("demand-r2p", "demand", (8680, 8958),
              "Apply the Responsibility to Protect, and pursue justice and accountability for Syria through the "
              "General Assembly and the Human Rights Council.",
              demand_kinds=("apply-r2p", "achieve-accountability"), provisions=("r2p",),
              actors=("un-general-assembly", "un-human-rights-council"),
              note="No addressee named; the two UN bodies are the channels, not the addressees."),
    Statement("demand-ohchr", "demand", (8959, 9160),
              "OHCHR: report to the Human Rights Council and other UN organs on the alliance's violations.",
              addressees=("ohchr",), demand_kinds=("submit-report",),
              actors=("un-human-rights-council", ALLIANCE)),
    Statement("demand-secretary-general", "demand", (9163, 9259),
              "UN Secretary-General: name the perpetrators clearly.",
              addressees=("un-secretary-general",), demand_kinds=("identify-perpetrators",)),
    Statement("demand-supporting-states", "demand", (9584, 9878),
              "States backing the parties, Russia above all: press allies on the ground to keep the Idlib area out "
              "of combat and protect the three million or more who live there.",
              addressees=("states-supporting-parties", "russia"), demand_kinds=("pressure-party", "protect-civilians"),
              figures=("idlib-area-population",)),
    Statement("demand-general-assembly", "demand", (9881, 10232),
              "General Assembly: hold the regime legally and materially responsible for displacing a third of "
              "Syrians; ensure full compensation, including return of looted property.",
              addressees=("un-general-assembly",), demand_kinds=("hold-accountable", "compensate", "protect-property"),
              actors=("syrian-regime",), figures=("displaced-one-third",)),
    Statement("demand-un-envoy", "demand", (10235, 10813),
              "UN envoy: condemn the perpetrators and those chiefly to blame for the collapse of the de-escalation "
              "agreements; declare the political process collapsed and over; hold the alliance to account; tell "
              "Syrians about Russia's aims.",
              addressees=("un-envoy-for-syria",),
              demand_kinds=("condemn-perpetrators", "declare-collapse", "hold-accountable", "disclose-to-public"),
              actors=(ALLIANCE, "russia"), agreements=("de-escalation",),
              note="'disclose-to-public' is a proposed new demand code (see notes)."),
    Statement("demand-donors", "demand", (10816, 11049),
              "Donor countries and UNOCHR: secure basic living conditions and care for the thousands displaced in "
              "Idlib's north-western suburbs.",
              addressees=("donor-countries", "unochr"), demand_kinds=("increase-relief", "assist-displaced"),
              places=("north-western-idlib-suburbs",),
              note="'thousands' gives no number; not recorded as a figure."),
    Statement("demand-russian-forces", "demand", (11052, 11869),
              "Russian forces: stop all war crimes; keep to the Sochi summit outcome without repeating the "
              "de-escalation violations; stop backing the regime's crimes; help those they displaced from Eastern "
              "Ghouta, Homs and Daraa; protect those who stayed from the regime and Iranian militias.",
              addressees=(RUSSIA,),
              demand_kinds=("cease-violations", "comply-with-agreement", "assist-displaced", "protect-civilians"),
              agreements=("sochi", "de-escalation"), incidents=(DISPLACEMENT, ARRESTS),
              places=("eastern-ghouta", "homs-governorate", "daraa-governorate"),
              note="'outcome of the Sochi Summit' read as the Sochi agreement."),
]

NOT_ENCODED = [
    ((131, 238), "headline: restates alliance-massacres (33 by the alliance in the zone, about three months)"),
    ((396, 400), "byline"),
    ((402, 607), "lead: publication remark ('released today', no date) and restatement of alliance-massacres"),
]
