"""IRIs of the Hisab vocabulary, its things and graphs, and the vocabularies it reuses."""

from __future__ import annotations

from urllib.parse import quote

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

HISAB = Namespace("https://w3id.org/hisab/ontology#")
ID = Namespace("https://w3id.org/hisab/id/")
SCHEME = Namespace("https://w3id.org/hisab/scheme/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
OA = Namespace("http://www.w3.org/ns/oa#")
QB = Namespace("http://purl.org/linked-data/cube#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SCHEMA = Namespace("https://schema.org/")
TIME = Namespace("http://www.w3.org/2006/time#")

GRAPH_ONTOLOGY = ID["graph/ontology"]
GRAPH_SHAPES = ID["graph/shapes"]
GRAPH_INFERRED = ID["graph/inferred"]
GRAPH_IMPORTS = ID["graph/imports"]
GRAPH_METADATA = ID["graph/metadata"]
GRAPH_DATA_PREFIX = str(ID["graph/data/"])

PREFIXES: dict[str, Namespace] = {
    "hisab": HISAB,
    "hid": ID,
    "scheme": SCHEME,
    "sem": SEM,
    "oa": OA,
    "qb": QB,
    "eli": ELI,
    "schema": SCHEMA,
    "time": TIME,
    "prov": PROV,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "sh": SH,
    "hsh": Namespace("https://w3id.org/hisab/shapes#"),
    "sdmx-dimension": Namespace("http://purl.org/linked-data/sdmx/2009/dimension#"),
    "sdmx-measure": Namespace("http://purl.org/linked-data/sdmx/2009/measure#"),
    "sdmx-attribute": Namespace("http://purl.org/linked-data/sdmx/2009/attribute#"),
    "sdmx-concept": Namespace("http://purl.org/linked-data/sdmx/2009/concept#"),
}
#: Code lists: prefix -> scheme name (the path under ``scheme/``).
SCHEMES = {"grade": "grade", "qualifier": "qualifier", "conflict": "conflict", "crime": "crime", "status": "status",
           "precision": "precision", "weapon": "weapon", "object": "object", "category": "category",
           "demand": "demand", "kind": "incident-kind", "dim": "dimension", "role": "role",
           "claimkind": "claim-kind"}
for _name, _scheme in SCHEMES.items():
    PREFIXES[_name] = Namespace(f"{SCHEME}{_scheme}/")
#: One prefix per kind of thing, so that Turtle can name them (``/`` is not allowed in prefixed names).
KINDS = ("actor", "place", "agreement", "instrument", "provision", "norm", "document", "incident", "claim",
         "tally", "period", "dataset", "dsd", "span", "armed-conflict")
for _name in KINDS:
    PREFIXES[_name] = Namespace(f"{ID}{_name}/")


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes on ``graph`` (for readable serialisations) and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def data_graph_name(relative_path: str) -> str:
    """Name of the named graph holding one data file: ``reports/x.ttl`` → ``…/graph/data/reports/x``."""
    stem = relative_path.rsplit(".", 1)[0]
    return GRAPH_DATA_PREFIX + quote(stem, safe="/-._~")  # a file name may hold spaces, '%', '#' …


def compact(iri: str) -> str:
    """``prefix:local`` for an IRI in a known namespace (longest match), else ``<iri>``."""
    best = ""
    best_prefix = ""
    for prefix, namespace in PREFIXES.items():
        ns = str(namespace)
        if iri.startswith(ns) and len(ns) > len(best):
            best, best_prefix = ns, prefix
    return f"{best_prefix}:{iri[len(best):]}" if best else f"<{iri}>"


def turtle_prefixes(names: list[str] | None = None) -> str:
    """``@prefix`` lines for Turtle or TriG: the project's prefixes (or just ``names``), one per line."""
    selected = PREFIXES if names is None else {n: PREFIXES[n] for n in names}
    return "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in selected.items())
