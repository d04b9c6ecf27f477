"""Every evidence pointer checks out against the source texts in ../shared/seeds."""

from __future__ import annotations

import hashlib
import os
import re

import pytest
from num2words import num2words

from hisab.evidence import Seeds, resolve_spans

pytestmark = pytest.mark.seeds


@pytest.fixture(scope="module")
def seeds(layout) -> Seeds:
    found = Seeds(layout.seeds_dir)
    if not found.available:
        message = (f"the source texts are missing: {layout.seeds_dir} does not exist or is empty; "
                   "the evidence checks cannot run. Put the seeds there or set HISAB_SEEDS.")
        if os.environ.get("HISAB_ALLOW_MISSING_SEEDS") == "1":
            pytest.skip(message)
        pytest.fail(message)
    return found


def figure_forms(count: int | None, numerator: int | None = None, denominator: int | None = None) -> set[str]:
    """The ways a report may write a figure: digits, with separators, in words, in millions, as a share."""
    forms: set[str] = set()
    if count is not None:
        forms |= {str(count), f"{count:,}", num2words(count), num2words(count).capitalize()}
        if count >= 1_000_000:
            millions = count / 1_000_000
            forms |= {f"{millions:g} million", f"{num2words(int(millions))} million"}
    if numerator is not None and denominator is not None:
        if denominator == 100:
            forms |= {f"{numerator}%"}
        forms |= {f"one-{num2words(denominator, to='ordinal')}" if numerator == 1 else f"{numerator}/{denominator}"}
        if (numerator, denominator) == (1, 3):
            forms.add("one-third")
    return forms


def test_every_document_hash_matches_its_text(project, seeds):
    rows = project.select("""
        PREFIX hisab: <https://w3id.org/hisab/ontology#>
        SELECT ?doc ?file ?sha WHERE { ?doc a hisab:SourceDocument ; hisab:localFileName ?file ; hisab:sha256 ?sha }""")
    assert rows, "no source documents in the data"
    for row in rows:
        text = (seeds.folder / row["file"]).read_bytes()
        assert hashlib.sha256(text).hexdigest() == row["sha"], row["file"]


def test_every_span_resolves(project, seeds):
    reports = resolve_spans(project.store, seeds)
    assert reports, "no evidence spans in the data"
    assert [(r.span, r.problem) for r in reports if r.problem] == []


def test_every_tally_figure_lies_in_its_span(project, seeds):
    rows = project.select("""
        PREFIX hisab: <https://w3id.org/hisab/ontology#>
        PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?tally ?count ?num ?den ?file ?start ?end WHERE {
            ?tally a hisab:Tally ; hisab:evidence ?span .
            OPTIONAL { ?tally hisab:count ?count }
            OPTIONAL { ?tally hisab:shareNumerator ?num ; hisab:shareDenominator ?den }
            ?span oa:hasSource/hisab:localFileName ?file ; oa:hasSelector [ oa:start ?start ; oa:end ?end ] .
        }""")
    assert rows
    texts = {name: seeds.get(name).text for name in seeds.names()}
    by_tally: dict[str, list[str]] = {}
    forms: dict[str, set[str]] = {}
    for row in rows:
        passage = texts[row["file"]][row["start"]:row["end"]]
        by_tally.setdefault(row["tally"], []).append(passage)
        forms[row["tally"]] = figure_forms(row.get("count"), row.get("num"), row.get("den"))
    def stated(form: str, passage: str) -> bool:  # the figure, not part of a longer number
        return re.search(rf"(?<![\d,.]){re.escape(form)}(?!\d|[,.]\d)", passage) is not None

    missing = [(tally, sorted(forms[tally])) for tally, passages in by_tally.items()
               if not any(stated(form, p) for p in passages for form in forms[tally])]
    assert missing == []


def test_every_claim_has_evidence_in_its_own_document(project):
    """A claim of a report points at a passage of that report; one of reference data, at its locator."""
    rows = project.select("""
        PREFIX hisab: <https://w3id.org/hisab/ontology#>
        PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?x WHERE {
            ?x a/rdfs:subClassOf* hisab:Claim .
            FILTER NOT EXISTS { ?x hisab:evidence/oa:hasSource ?doc . ?x hisab:statedIn ?doc }
            # reference data (a gazetteer, a statute) points at its place in the document instead
            FILTER NOT EXISTS { ?x hisab:statedIn/a hisab:ReferenceDocument ; hisab:locator ?where }
        }""")
    assert rows == []


def test_no_report_sentence_is_copied_into_the_data(layout, seeds):
    """The data points at the reports; it does not quote them. No run of 12 words of a report appears in
    data/, titles (dcterms:title, bibliographic metadata) aside."""
    data = " ".join(p.read_text(encoding="utf-8") for p in layout.data_files())
    data = re.sub(r'dcterms:title "[^"]*"', "", data)
    data = re.sub(r"\s+", " ", data.lower())
    for name in seeds.names():
        words = re.findall(r"\S+", seeds.get(name).text.lower())
        for i in range(len(words) - 12):
            window = " ".join(words[i:i + 12])
            assert window not in data, f"{name}: copied passage '{window}'"


#: words too common in actor and place names to show, alone, that a passage names the thing
GENERIC_WORDS = {"force", "armed", "group", "the", "and", "city", "governorate", "suburb",
                 "area", "escalation", "eastern", "western", "northern", "southern",
                 "military", "militia", "state", "international", "united", "nation", "council", "general",
                 "special"}
#: claims whose passage refers back to the thing instead of naming it ("they", "that area", "these
#: violations"): the name is in the sentence before, which the claim's evidence does not need to repeat
REFERS_BACK = {
    ("000-damascus-capital", "syria"): "'the capital Damascus': the country is implied, not named",
    ("002-siege-blocking", "eastern-aleppo"): "'the neighborhoods' of the sentence before",
    ("003-bombed-area-opposition-held", "al-atareb"): "'they bombed areas': the town of the paragraph",
    ("004-denial-russian-mod", "maaret-al-numan"): "'in that area': the market of the sentence before",
    ("001-astana-threatened", "syrian-russian-alliance"): "'these violations' of the alliance, named before",
    ("004-char-bombardment", "syrian-russian-alliance"): "the bombardment of the alliance named in the title",
    ("001-briefings-limited", "un-envoy-for-syria"): "the envoy is the addressee of the paragraph's demands",
}


def test_every_actor_and_place_a_claim_names_is_in_its_passage(project, seeds):
    """A claim that names an actor (as perpetrator, violator, accused, addressee, candidate, party …) or a
    place (as its subject, place, area) has a passage that names it too, by one of its names, unless
    the passage refers back to it (listed in REFERS_BACK with the reason)."""
    rows = project.select("""
        PREFIX hisab: <https://w3id.org/hisab/ontology#>
        PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?claim ?thing ?file (GROUP_CONCAT(DISTINCT ?name; separator="|") AS ?names)
               (GROUP_CONCAT(DISTINCT CONCAT(STR(?start), "-", STR(?end)); separator=" ") AS ?spans) WHERE {
            ?claim ?property ?thing ; hisab:evidence ?span .
            FILTER (?property IN (hisab:attributedTo, hisab:allegedViolator, hisab:accused, hisab:perpetrator,
                                  hisab:addressee, hisab:candidate, hisab:place, hisab:coversArea, hisab:describes,
                                  hisab:concernsPlace, hisab:party, hisab:sponsor, hisab:guarantor,
                                  hisab:primarySponsor))
            { ?thing a/rdfs:subClassOf* hisab:Actor } UNION { ?thing a/rdfs:subClassOf* hisab:Place }
            # an alliance is named by its name or by naming its members
            { ?thing rdfs:label ?name } UNION { ?thing skos:altLabel ?name }
            UNION { ?thing ^hisab:describes/hisab:hasMember/rdfs:label ?name }
            ?span oa:hasSource/hisab:localFileName ?file ; oa:hasSelector [ oa:start ?start ; oa:end ?end ] .
        } GROUP BY ?claim ?thing ?file""")
    assert len(rows) > 300
    texts = {name: seeds.get(name).text for name in seeds.names()}
    unnamed = []
    for row in rows:
        spans = [tuple(map(int, s.split("-"))) for s in row["spans"].split()]
        passage = " ".join(texts[row["file"]][a:b] for a, b in spans)
        passage = passage.lower().replace("\u2019", "'").replace("-", " ")
        names = [n.lower().replace("-", " ") for n in row["names"].split("|")]
        words = {w.removesuffix("s") for n in names for w in re.findall(r"[a-z']{4,}", n)} - GENERIC_WORDS
        if any(n in passage for n in names) or any(re.search(rf"\b{re.escape(w)}", passage) for w in words):
            continue
        key = (row["claim"].rsplit("/", 1)[1], row["thing"].rsplit("/", 1)[1])
        if key not in REFERS_BACK:
            unnamed.append((*key, names))
    assert unnamed == [], "passages that do not name what their claim names:\n" + "\n".join(map(str, unnamed))


def test_the_refers_back_list_has_no_stale_entries(project):
    claims = {r["c"].rsplit("/", 1)[1] for r in project.select(
        "PREFIX hisab: <https://w3id.org/hisab/ontology#> SELECT ?c WHERE { ?c hisab:evidence ?s }")}
    assert {claim for claim, _ in REFERS_BACK} <= claims
