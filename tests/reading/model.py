"""The vocabulary of the reading checklists: what a report says, item by item, with the span of its text.

Slugs name things the way the data does: actors ``russian-forces``, places ``al-atareb``, agreements
``de-escalation``, provisions ``rome-statute-art-8-2-e-iv`` (the local part of the IRI under
``https://w3id.org/hisab/id/<kind>/``). Codes are local names in the code lists of
``ontology/schemes.ttl`` (``civilians-killed``, ``at-least``, ``believed``, ``cluster-munitions``).
A span is ``(start, end)``: zero-based character offsets ``[start, end)`` into the report's text as
published (the seed file). Every item carries the span that supports *every part* of it.

Nothing here is copied from the reports: gists are in our own words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Span = tuple[int, int]


@dataclass(frozen=True)
class Figure:
    """A figure the report states: a count or a share, with everything that qualifies it."""

    key: str  # unique within the report, e.g. "russia-civilians-killed"
    category: str  # tally-category code: civilians-killed, children-killed, massacres, weapon-uses …
    span: Span
    count: int | None = None
    share: tuple[int, int] | None = None  # (numerator, denominator): 85 % is (85, 100)
    qualifier: str = "exact"  # exact | at-least | approximately
    perpetrator: str | None = None  # actor slug, at the level the report names ("russian-forces" vs "russia")
    grade: str | None = None  # confirmed | believed | undetermined (None only when no perpetrator is in question)
    candidates: tuple[str, ...] = ()  # for grade "undetermined": the actors the report names as possible
    period: str | None = None  # period slug, or None when the report states none for this figure
    area: str | None = None  # place slug, or None when the report states none
    incident: str | None = None  # incident key (figure about one incident)
    incident_kind: str | None = None  # restricts the count, e.g. "massacre" for victims of massacres
    object: str | None = None  # object-category code (mosque, medical-facility …)
    weapon: str | None = None  # weapon code
    part_of: tuple[str, ...] = ()  # keys of figures this figure is a subset of, as the text says ("including", "among them")
    lower_bound_reason: str = ""  # when the report says the figure is only what it could document, say so
    note: str = ""  # anything a reader of the data should know (our words)


@dataclass(frozen=True)
class Incident:
    """Something that happened, as this report describes it."""

    key: str  # incident slug; the same slug in two reports means the same incident
    kinds: tuple[str, ...]  # airstrike, barrel-bomb-attack, chemical-attack, missile-strike, shelling, massacre,
    # attack-on-protected-object, forced-displacement, siege, military-offensive, detention …
    spans: tuple[Span, ...]
    date: str | None = None  # "2017-04-04" | "2017-04" | "2017" — only at the precision the report gives
    start: str | None = None
    end: str | None = None
    time: str | None = None  # "16:00:00"
    time_qualifier: str | None = None  # exact | approximately
    places: tuple[str, ...] = ()  # place slugs, finest the report gives
    targets: tuple[str, ...] = ()
    damaged: tuple[str, ...] = ()
    weapons: tuple[str, ...] = ()  # weapon codes
    weapon_models: tuple[str, ...] = ()  # as named, e.g. "Tomahawk"
    part_of: tuple[str, ...] = ()  # incident slugs of larger incidents (an offensive)
    result_of_agreement: str | None = None  # agreement slug (a displacement under an evacuation deal)
    conflict_character: str | None = None  # international | non-international, only where the report states it
    label: str = ""  # a neutral label in our words: never names a perpetrator
    note: str = ""


@dataclass(frozen=True)
class Attribution:
    """The report's claim that an actor did (or took part in) an incident."""

    key: str
    incident: str
    span: Span
    actor: str | None = None
    grade: str = "confirmed"  # confirmed | believed | undetermined
    candidates: tuple[str, ...] = ()
    role: str = "perpetrator"  # perpetrator | supporter (e.g. "supported the regime in its attack")
    claimant: str = "snhr"
    note: str = ""


@dataclass(frozen=True)
class CounterClaim:
    """A denial, a counter-claim or a rebuttal, and what it disputes."""

    key: str
    kind: str  # denial | counter-claim | rebuttal
    disputes: str  # key of the claim it disputes (an Attribution, a fact of an Incident: "incident-key#target", …)
    claimant: str
    span: Span
    gist: str = ""
    evidence_offered: str = ""  # what the claimant offered, in our words
    places: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Statement:
    """Any other claim the report makes: an allegation, an accusation, a comparison, a demand …

    kind is one of:
      allegation       — X violated Y (a provision, resolution, norm, agreement), or X's conduct amounts to a crime
      accusation       — an accusation or imputed intention that is not a legal allegation
                         ("a strong desire to kill", "genocide", "complicity", "submission of the Syrian people")
      comparison       — "the largest since …", "second most used after …", "a rise in …", "a significant drop in …"
      distribution     — "mostly in Idlib", "approximately 85 % in opposition-held areas"
      finding-of-absence — "no military centres were found", "no warning was given"
      characterisation — "deliberate rather than indiscriminate", "a Grozny-esque bombardment"
      demand           — what the report asks someone to do (one item per addressee or group of asks)
      citation         — the report invokes a legal text or document outside an allegation or demand
      agreement        — what the report says about an agreement (date, sponsor, guarantor, area, status, effect)
      definition       — how the report defines a term it counts by
      method           — how the report documented (accounts, videos, cross-checking)
      scope            — the period, area or subject the report covers
      relation         — how actors or places relate (X is part of Y, X lies in Y, X is affiliated with Y)
    """

    key: str
    kind: str
    span: Span
    gist: str  # our words, never a quotation
    claimant: str = "snhr"
    grade: str = "confirmed"  # confirmed ("beyond any doubt", plain statement) | believed ("we believe")
    actors: tuple[str, ...] = ()  # who the statement is about (the accused, the compared …)
    addressees: tuple[str, ...] = ()  # for demands: who is asked
    demand_kinds: tuple[str, ...] = ()  # demand codes, each supported by the span
    places: tuple[str, ...] = ()
    incidents: tuple[str, ...] = ()
    agreements: tuple[str, ...] = ()
    cited_as: str = ""  # a legal citation exactly as the report writes it ("Articles 8 (2) (b), 24, 8 (2) (e) (2)")
    provisions: tuple[str, ...] = ()  # provisions/instruments/norms at the depth the report names them
    crime: str | None = None  # war-crime | crime-against-humanity | genocide, when the report names one
    conflict_character: str | None = None  # when the report states it for the conduct
    figures: tuple[str, ...] = ()  # figure keys the statement is about
    facts: dict[str, str] = field(default_factory=dict)  # for agreement/relation/scope statements: property -> value,
    # e.g. {"entry-into-force": "2017-05-06"}, {"located-in": "aleppo-governorate"}, {"guarantor": "russia"}
    note: str = ""
