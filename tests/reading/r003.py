"""Second reading of report 003 (003_40c18af2d2edad8b.txt): SNHR on the November 2017 air attack on al Atareb's market."""
from tests.reading.model import Attribution, Figure, Incident, Statement

SEED = "003_40c18af2d2edad8b.txt"
DOCUMENT = "snhr-al-atareb-massacre-2017"
PERIOD = None  # the report states no covered period; it dates only the attack (13 Nov 2017)

INC = "al-atareb-market-2017-11-13"

FIGURES = [
    Figure(
        key="atareb-civilians-killed", category="civilians-killed", span=(371, 542), count=79,
        perpetrator="russian-forces", grade="confirmed", area="al-atareb", incident=INC,
        note="Lead sentence: Russian forces' massacre killed 79 civilians. Restated in the subtitle (no actor level "
             "beyond 'Russian bombing') and in the body (1980-2039), where the strike is tied to warplanes only "
             "believed Russian.",
    ),
    Figure(
        key="atareb-children-killed", category="children-killed", span=(371, 542), count=8,
        perpetrator="russian-forces", grade="confirmed", area="al-atareb", incident=INC,
        part_of=("atareb-civilians-killed",),
        note="'eight children' among the 79; restated in the subtitle and in the body (2041-2065).",
    ),
    Figure(
        key="atareb-women-killed", category="women-killed", span=(1980, 2081), count=8,
        incident=INC, part_of=("atareb-civilians-killed",),
        note="Body only; the sentence names no actor (the bombardment of the preceding sentence).",
    ),
    Figure(
        key="atareb-injured", category="injured", span=(1980, 2128), count=83, qualifier="at-least",
        incident=INC, note="'no less than'; not said to be civilians, 'individuals'.",
    ),
    Figure(
        key="atareb-aircraft", category="aircraft", span=(1764, 1863), count=2, weapon="fixed-wing-aircraft",
        perpetrator="russian-air-force", grade="believed", incident=INC,
        note="two fixed-wing warplanes the report believes belonged to the Russian air force.",
    ),
    Figure(
        key="atareb-airstrikes", category="airstrikes", span=(1764, 1863), count=3, weapon="fixed-wing-aircraft",
        perpetrator="russian-air-force", grade="believed", incident=INC,
        note="three airstrikes carried out by those warplanes (attribution graded 'we believe').",
    ),
    Figure(
        key="atareb-accounts", category="eyewitness-accounts", span=(1013, 1115), count=8, incident=INC,
        note="Accounts of injured people, survivors, paramedics and central-signal workers; the report says "
             "'accounts', not 'eyewitness accounts'.",
    ),
]

INCIDENTS = [
    Incident(
        key=INC,
        kinds=("airstrike", "massacre"),
        spans=((371, 542), (1743, 1979), (2130, 2259), (2799, 2947)),
        date="2017-11-13",
        time="14:08:00",
        time_qualifier="approximately",
        places=("al-atareb",),
        targets=("al-atareb-market",),
        damaged=("al-atareb-shops", "al-atareb-police-station", "al-atareb-msf-clinic"),
        weapons=("fixed-wing-aircraft",),
        conflict_character="non-international",
        label="Airstrikes on a market in al Atareb, 13 November 2017",
        note="Three airstrikes by two fixed-wing warplanes on a market in the town centre, near a police station; "
             "'at around 14:08' on Monday 13 Nov 2017. Shops heavily destroyed; a police station and an MSF-affiliated "
             "clinic also damaged (the text does not say the clinic or station were targeted). The non-international "
             "character is stated of 'these violations' (2799-2947).",
    ),
]

ATTRIBUTIONS = [
    Attribution(
        key="lead-russian-forces", incident=INC, span=(325, 582), actor="russian-forces", grade="confirmed",
        note="Lead (and the headline) say plainly that Russian forces committed the massacre.",
    ),
    Attribution(
        key="warplanes-russian-air-force", incident=INC, span=(1743, 1979), actor="russian-air-force",
        grade="believed", note="the two warplanes are only believed ('we believe') to belong to the Russian air force.",
    ),
    Attribution(
        key="russian-warplanes", incident=INC, span=(2948, 3051), actor="russian-forces", grade="confirmed",
        note="Text: the attacks 'were carried out by Russian warplanes', stated without hedge; 'Russian warplanes' is "
             "read as Russian forces (the report does not name the air force here), as in report 000.",
    ),
    Attribution(
        key="attacks-by-russian-forces", incident=INC, span=(3212, 3298), actor="russian-forces", grade="confirmed",
    ),
]

COUNTER_CLAIMS = []

STATEMENTS = [
    # --- scope, place relations, characterisation of the event ---------------------------------
    Statement(
        key="scope-atareb-massacre", kind="scope", span=(325, 582),
        gist="The report (released 'today', undated in the text) documents one massacre: the air attack on a market "
             "in al Atareb.",
        incidents=(INC,), places=("al-atareb",), facts={"subject": INC},
    ),
    Statement(
        key="huge-massacre", kind="characterisation", span=(371, 437),
        gist="SNHR calls the killing a huge massacre committed inside a de-escalation zone.",
        actors=("russian-forces",), incidents=(INC,),
    ),
    Statement(
        key="atareb-in-de-escalation-zone", kind="relation", span=(371, 542),
        gist="Al Atareb lies in a de-escalation zone (the zone is not named).",
        places=("al-atareb", "de-escalation-zones"),
        facts={"subject": "al-atareb", "located-in": "de-escalation-zones"},
    ),
    Statement(
        key="atareb-in-western-aleppo-suburbs", kind="relation", span=(528, 581),
        gist="Al Atareb is a town in the western suburbs of Aleppo governorate.",
        places=("al-atareb", "western-aleppo-suburbs"),
        facts={"subject": "al-atareb", "located-in": "western-aleppo-suburbs"},
    ),
    Statement(
        key="western-aleppo-suburbs-in-aleppo-governorate", kind="relation", span=(528, 581),
        gist="The western suburbs named are those of Aleppo governorate.",
        places=("western-aleppo-suburbs", "aleppo-governorate"),
        facts={"subject": "western-aleppo-suburbs", "located-in": "aleppo-governorate"},
    ),
    Statement(
        key="market-in-atareb-centre", kind="relation", span=(1864, 1933),
        gist="The struck market is in the centre of al Atareb, near a police station.",
        places=("al-atareb-market", "al-atareb", "al-atareb-police-station"),
        facts={"subject": "al-atareb-market", "located-in": "al-atareb", "near": "al-atareb-police-station"},
        note="The sentence can be parsed with either the market or the strikes lying near the station; read "
             "here as the market's position.",
    ),
    Statement(
        key="clinic-affiliated-msf", kind="relation", span=(2197, 2259),
        gist="The damaged clinic is affiliated to Doctors Without Borders.",
        actors=("doctors-without-borders",), places=("al-atareb-msf-clinic",),
        facts={"subject": "al-atareb-msf-clinic", "affiliated-with": "doctors-without-borders"},
    ),
    # --- the de-escalation agreement and the alliance --------------------------------------------
    Statement(
        key="alliance-breached-de-escalation", kind="allegation", span=(583, 800),
        gist="The Syrian-Russian alliance deliberately breached the de-escalation agreement from its entry into "
             "force, in places such as Idlib, Eastern Ghouta and later Aleppo.",
        actors=("syrian-russian-alliance",), agreements=("de-escalation",),
        places=("idlib-governorate", "eastern-ghouta", "aleppo-governorate"),
        note="'deliberately' is part of the claim. The places are where the breaches happened, not the agreement's "
             "coverage. The text says only 'Idlib' and 'Aleppo' (no level); mapped to the governorates.",
    ),
    Statement(
        key="de-escalation-entry-into-force", kind="agreement", span=(604, 731),
        gist="The de-escalation agreement took effect on 6 May 2017.",
        agreements=("de-escalation",),
        facts={"agreement": "de-escalation", "entry-into-force": "2017-05-06"},
    ),
    Statement(
        key="alliance-aims-doom-de-escalation", kind="accusation", span=(801, 1012), grade="believed",
        gist="The pattern of breaches is said to show that the alliance wants every de-escalation agreement to fail "
             "and works to force Syrians to accept the regime as legitimate.",
        actors=("syrian-russian-alliance", "syrian-regime"), agreements=("de-escalation",),
        note="Imputed intention inferred from conduct ('clearly suggests'), not stated as established; graded "
             "believed for that reason.",
    ),
    # --- method ------------------------------------------------------------------------------------
    Statement(
        key="method-accounts", kind="method", span=(1013, 1115),
        gist="Eight accounts were used: from injured people, survivors, paramedics and staff of the central signal "
             "(observatory).",
        figures=("atareb-accounts",), incidents=(INC,),
    ),
    Statement(
        key="method-images-videos", kind="method", span=(1117, 1249),
        gist="Photos and videos were analysed, either published online or sent by local activists by e-mail, Skype "
             "and social media.",
        incidents=(INC,),
    ),
    Statement(
        key="method-video-content", kind="method", span=(1250, 1417),
        gist="Some activist videos show the attack site, bodies, wounded people and very heavy destruction after the "
             "bombing.",
        incidents=(INC,),
    ),
    # --- absence findings and IHL claims ---------------------------------------------------------
    Statement(
        key="targeted-areas-civilian", kind="characterisation", span=(1418, 1626),
        gist="The areas hit were civilian areas.",
        incidents=(INC,),
    ),
    Statement(
        key="no-military-targets-found", kind="finding-of-absence", span=(1418, 1626),
        gist="No military posts or arms depots of armed opposition factions or extremist Islamist groups were found "
             "in the targeted areas, before or during the attack.",
        actors=("armed-opposition-factions", "extremist-islamic-groups"), incidents=(INC,),
    ),
    Statement(
        key="no-warning", kind="finding-of-absence", span=(1627, 1742),
        gist="Russian forces gave civilians no warning before the attack.",
        actors=("russian-forces",), incidents=(INC,),
    ),
    Statement(
        key="no-warning-breaches-ihl", kind="allegation", span=(1627, 1742),
        gist="Failing to warn civilians breached what international humanitarian law requires.",
        actors=("russian-forces",), incidents=(INC,), provisions=("ihl-precautions-warning",),
        note="The text says IHL requires a warning; it does not use the word 'violated'.",
    ),
    Statement(
        key="russia-violated-unsc-2139-2254", kind="allegation", span=(2260, 2439),
        gist="The Russian regime has, beyond doubt, violated Security Council resolutions 2139 and 2254.",
        actors=("russia",), incidents=(INC,), provisions=("s-res-2139-2014", "s-res-2254-2015"),
        cited_as="Security Council Resolutions 2139 and 2254",
        note="'beyond any doubt' → confirmed. Resolutions cited as wholes (no paragraph).",
    ),
    Statement(
        key="resolutions-demand-halt-indiscriminate", kind="citation", span=(2336, 2439),
        gist="Both resolutions are said to require an end to indiscriminate attacks.",
        provisions=("s-res-2139-2014-demand", "s-res-2254-2015-demand"),
        note="The report paraphrases their content; no paragraph number given.",
    ),
    Statement(
        key="russia-violated-rome-art-8", kind="allegation", span=(2440, 2568),
        gist="The Russian regime breached Article 8 of the Rome Statute by wilful killing, which is a war crime.",
        actors=("russia",), incidents=(INC,), provisions=("rome-statute-art-8",),
        cited_as="Article 8 of Rome Statute", crime="war-crime",
        note="Only Article 8 is cited; no sub-paragraph. The conflict character is not stated in this sentence.",
    ),
    Statement(
        key="bombardment-targeted-defenceless-civilians", kind="characterisation", span=(2569, 2655),
        gist="The bombing was aimed at defenceless civilians.",
        incidents=(INC,),
    ),
    Statement(
        key="alliance-violated-right-to-life", kind="allegation", span=(2569, 2798),
        gist="Because the bombing hit defenceless civilians, the Syrian-Russian alliance breached the right to life "
             "under international human rights law.",
        actors=("syrian-russian-alliance",), incidents=(INC,), provisions=("ihrl-right-to-life",),
        note="Here the report names the alliance (not Russian forces) as the violator of this bombardment.",
    ),
    Statement(
        key="violations-war-crime-niac", kind="allegation", span=(2799, 2947),
        gist="These violations, committed in a non-international armed conflict, amount to a war crime with all its "
             "elements met.",
        actors=("syrian-russian-alliance",), incidents=(INC,), crime="war-crime",
        conflict_character="non-international",
        note="'these violations' follows the alliance/right-to-life sentence; no provision is cited.",
    ),
    Statement(
        key="russian-warplanes-violated-customary-ihl", kind="allegation", span=(2948, 3211),
        gist="The attacks by Russian warplanes breach customary IHL, since they fired on a populated area and not "
             "on a specific military objective.",
        actors=("russian-forces",), incidents=(INC,), provisions=("ihl-indiscriminate-attacks",),
        note="The report says 'customary international humanitarian law' and gives the indiscriminate-attack "
             "reason; 'Russian warplanes' read as Russian forces.",
    ),
    Statement(
        key="fired-at-populated-area", kind="characterisation", span=(3127, 3211),
        gist="The munitions were fired at a populated area rather than at a particular military object.",
        incidents=(INC,),
    ),
    Statement(
        key="russian-forces-breached-de-escalation", kind="allegation", span=(3212, 3407),
        gist="Russian forces' attacks breach the de-escalation agreements because they bombed areas held by armed "
             "opposition factions.",
        actors=("russian-forces",), incidents=(INC,), agreements=("de-escalation",),
        places=("opposition-held-areas",),
    ),
    Statement(
        key="bombed-area-opposition-held", kind="relation", span=(3331, 3407),
        gist="The areas bombed in these attacks were under the control of armed opposition factions.",
        actors=("armed-opposition-factions",), places=("al-atareb",), incidents=(INC,),
        facts={"subject": "al-atareb", "controlled-by": "armed-opposition-factions"},
        note="The text says 'areas'; the attacks of this report are those on al Atareb.",
    ),
    Statement(
        key="breach-voids-geneva", kind="accusation", span=(3212, 3462),
        gist="The breach empties the Geneva track and agreements of any meaning.",
        actors=("russian-forces",), agreements=("geneva", "de-escalation"), incidents=(INC,),
    ),
    Statement(
        key="breach-strengthens-nusra", kind="accusation", span=(3212, 3527),
        gist="The breach strengthens al Nusra Front to the detriment of the opposition factions.",
        actors=("russian-forces", "al-nusra-front", "armed-opposition-factions"), agreements=("de-escalation",),
        incidents=(INC,),
    ),
    # --- demands -----------------------------------------------------------------------------------
    Statement(
        key="demand-unsc-additional-steps", kind="demand", span=(3528, 3708),
        gist="The Security Council should take further steps, as resolution 2139 was not followed by any pledge to "
             "stop indiscriminate bombing.",
        addressees=("un-security-council",), demand_kinds=("take-additional-steps",),
        provisions=("s-res-2139-2014",),
    ),
    Statement(
        key="no-pledges-after-2139", kind="finding-of-absence", span=(3591, 3708),
        gist="Since resolution 2139 was adopted, no commitments to stop indiscriminate bombardment have been made.",
        provisions=("s-res-2139-2014",),
    ),
    Statement(
        key="demand-parties-respect-steps-ihl", kind="demand", span=(3709, 3830),
        gist="All conflict parties should respect those Council steps and abide by IHL.",
        addressees=("parties-to-the-conflict",), demand_kinds=("respect-ihl", "comply-with-measures"),
        note="'comply-with-measures' proposed: respecting the Council's steps is a separate ask from IHL.",
    ),
    Statement(
        key="demand-icc-accountability", kind="demand", span=(3831, 3991),
        gist="Refer the Syria situation to the ICC and hold everyone involved to account.",
        addressees=(), demand_kinds=("refer-to-icc", "hold-accountable"),
        actors=("international-criminal-court",),
    ),
    Statement(
        key="demand-r2p-protect-people", kind="demand", span=(3992, 4170),
        gist="Apply the Responsibility to Protect to save Syrians' lives, culture and arts from destruction and "
             "looting.",
        addressees=(), demand_kinds=("apply-r2p", "protect-civilians", "protect-cultural-heritage"),
        provisions=("r2p",),
        note="The purpose (lives; culture and arts) is inside the span: protect-civilians and "
             "protect-cultural-heritage.",
    ),
    Statement(
        key="demand-expand-sanctions", kind="demand", span=(4171, 4364),
        gist="Widen sanctions to every pillar of the Syrian and Iranian regimes directly involved in crimes against "
             "humanity and war crimes.",
        addressees=(), demand_kinds=("expand-sanctions",), actors=("syrian-regime", "iranian-regime"),
    ),
    Statement(
        key="syrian-iranian-pillars-cah", kind="allegation", span=(4224, 4364),
        gist="Pillars of the Syrian and Iranian regimes are directly involved in crimes against humanity against "
             "Syrians.",
        actors=("syrian-regime", "iranian-regime"), crime="crime-against-humanity",
        note="Stated as the premise of the sanctions demand.",
    ),
    Statement(
        key="syrian-iranian-pillars-war-crimes", kind="allegation", span=(4224, 4364),
        gist="Pillars of the Syrian and Iranian regimes are directly involved in war crimes against Syrians.",
        actors=("syrian-regime", "iranian-regime"), crime="war-crime",
        note="Stated as the premise of the sanctions demand.",
    ),
    Statement(
        key="demand-support-iiim", kind="demand", span=(4365, 4451),
        gist="Support the International, Impartial and Independent Mechanism.",
        addressees=(), demand_kinds=("support-mechanism",), actors=("iiim",),
    ),
    Statement(
        key="iiim-established-by-a-res-71-248", kind="citation", span=(4386, 4557),
        gist="The IIIM was set up under General Assembly resolution 71/248 of 21 December 2016.",
        actors=("iiim",), provisions=("a-res-71-248",), cited_as="General Assembly Resolution 71/248",
        facts={"subject": "a-res-71-248", "adoption-date": "2016-12-21"},
    ),
    Statement(
        key="iiim-relation-a-res-71-248", kind="relation", span=(4386, 4557),
        gist="The IIIM was established by General Assembly resolution 71/248.",
        actors=("iiim",), provisions=("a-res-71-248",),
        facts={"subject": "iiim", "established-by": "a-res-71-248"},
    ),
    Statement(
        key="demand-local-tribunals", kind="demand", span=(4558, 4683),
        gist="Set up local courts with universal jurisdiction to deal with the war crimes committed in Syria.",
        addressees=(), demand_kinds=("establish-tribunals",), provisions=("universal-jurisdiction",),
        crime="war-crime", places=("syria",),
    ),
    Statement(
        key="demand-ohchr-report", kind="demand", span=(4684, 4868),
        gist="OHCHR should report to the Human Rights Council and other UN bodies on this massacre and the earlier "
             "ones.",
        addressees=("ohchr",), demand_kinds=("submit-report",), actors=("un-human-rights-council",),
        incidents=(INC,),
    ),
    Statement(
        key="string-of-smaller-massacres", kind="comparison", span=(4805, 4957),
        gist="This massacre stands out within a series of daily, sporadic massacres that were smaller in scale.",
        incidents=(INC,),
    ),
    Statement(
        key="demand-r2p-after-political-tracks", kind="demand", span=(4958, 5230),
        gist="Apply R2P now that the political routes (Arab League agreement, Annan plan, then the Cessation of "
             "Hostilities and Astana) are exhausted.",
        addressees=(), demand_kinds=("apply-r2p",), provisions=("r2p",),
        agreements=("arab-league-plan", "annan-plan", "cessation-of-hostilities", "astana"),
    ),
    Statement(
        key="political-tracks-exhausted", kind="characterisation", span=(5042, 5230),
        gist="Every political avenue has been used up through the successive agreements and plans.",
        agreements=("arab-league-plan", "annan-plan", "cessation-of-hostilities", "astana"),
        note="'drought out' read as 'wrung out' (exhausted). Which cessation of hostilities is not said.",
    ),
    Statement(
        key="annan-plan-after-arab-league", kind="agreement", span=(5095, 5155),
        gist="Kofi Annan's plan came after the Arab League agreement.",
        agreements=("annan-plan", "arab-league-plan"),
        facts={"agreement": "annan-plan", "preceded-by": "arab-league-plan"},
    ),
    Statement(
        key="coh-astana-after-annan", kind="agreement", span=(5138, 5230),
        gist="The Cessation of Hostilities and the Astana agreements followed Annan's plan.",
        agreements=("cessation-of-hostilities", "astana", "annan-plan"),
        facts={"agreement": "cessation-of-hostilities+astana", "preceded-by": "annan-plan"},
    ),
    Statement(
        key="arab-league-agreement-sponsor", kind="agreement", span=(5095, 5128),
        gist="The agreement named is the Arab League's.",
        actors=("arab-league",), agreements=("arab-league-plan",),
        facts={"agreement": "arab-league-plan", "sponsor": "arab-league"},
        note="Only from the name 'the Arab League agreement'.",
    ),
    Statement(
        key="annan-plan-author", kind="agreement", span=(5138, 5155),
        gist="The plan named is Kofi Annan's.",
        actors=("kofi-annan",), agreements=("annan-plan",),
        facts={"agreement": "annan-plan", "sponsor": "kofi-annan"},
        note="Only from the possessive 'Kofi Annan's plan'.",
    ),
    Statement(
        key="demand-chapter-vii-r2p", kind="demand", span=(5231, 5428),
        gist="Take measures under Chapter VII of the UN Charter and apply the R2P norm.",
        addressees=(), demand_kinds=("act-under-chapter-vii", "apply-r2p"),
        provisions=("un-charter-chapter-vii", "r2p"),
        note="No addressee is named (the Security Council is mentioned only in the next sentence).",
    ),
    Statement(
        key="r2p-established-by-unga", kind="relation", span=(5326, 5405),
        gist="The R2P norm was established by the UN General Assembly.",
        actors=("un-general-assembly",), provisions=("r2p",),
        facts={"subject": "r2p", "established-by": "un-general-assembly"},
    ),
    Statement(
        key="unsc-hinders-protection", kind="accusation", span=(5429, 5506),
        gist="The Security Council keeps obstructing the protection of civilians in Syria.",
        actors=("un-security-council",), places=("syria",),
    ),
]

NOT_ENCODED = [
    ((102, 168), "headline; its claim (Russian forces, huge massacre, de-escalation zone) is encoded from the lead"),
    ((171, 255), "subtitle; restates the 79 killed / eight children and a 'Russian bombing', encoded from the lead"),
    ((257, 323), "headline repeated"),
    ((1980, 2065), "body restatement of the 79 civilians and eight children already encoded from the lead"),
]
