"""Render SPARQL SELECT results as a table, CSV, TSV, JSON rows or SPARQL 1.1 JSON results."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from hisab.namespaces import compact

FORMATS = ("table", "csv", "tsv", "json", "sparql-json")
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld")


@dataclass
class Rows:
    """The variables of a SELECT and its rows of RDF terms (None where unbound)."""

    variables: list[str]
    rows: list[Sequence[Identifier | None]]

    @classmethod
    def from_result(cls, result, limit: int | None = None) -> Rows:
        """From an rdflib query result."""
        variables = [str(v) for v in result.vars]
        rows = [tuple(row) for row in result]
        return cls(variables, rows[:limit] if limit is not None else rows)


def plain(term: Identifier | None) -> str:
    """A term as plain text: IRIs in full, literals by their lexical form, unbound as empty."""
    if term is None:
        return ""
    return str(term)


def readable(term: Identifier | None) -> str:
    """A term for people: compact IRIs, literal values."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return compact(str(term))
    return str(term)


def as_delimited(rows: Rows, delimiter: str) -> str:
    """CSV or TSV with a header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(rows.variables)
    writer.writerows([plain(t) for t in row] for row in rows.rows)
    return buffer.getvalue()


def as_json(rows: Rows) -> str:
    """A JSON list of objects: variable → value (numbers as numbers, IRIs as strings)."""
    def value(term):
        if isinstance(term, Literal):
            python = term.toPython()
            return python if isinstance(python, (int, float, bool)) else str(term)
        return plain(term) if term is not None else None

    return json.dumps([dict(zip(rows.variables, (value(t) for t in row), strict=True)) for row in rows.rows],
                      indent=2, ensure_ascii=False) + "\n"


def as_sparql_json(rows: Rows) -> str:
    """The SPARQL 1.1 Query Results JSON format."""
    def binding(term):
        if isinstance(term, URIRef):
            return {"type": "uri", "value": str(term)}
        if isinstance(term, BNode):
            return {"type": "bnode", "value": str(term)}
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype:
            out["datatype"] = str(term.datatype)
        return out

    bindings = [{v: binding(t) for v, t in zip(rows.variables, row, strict=True) if t is not None} for row in rows.rows]
    return json.dumps({"head": {"vars": rows.variables}, "results": {"bindings": bindings}}, indent=2) + "\n"


def as_ask(answer: bool, fmt: str) -> str:
    """An ASK answer: SPARQL 1.1 JSON results (json, sparql-json), or CSV/TSV with the one column
    ``_askResult`` as Jena and RDF4J write it."""
    if fmt in ("json", "sparql-json"):
        return json.dumps({"head": {}, "boolean": answer}) + "\n"
    return f"_askResult\n{'true' if answer else 'false'}\n"


def as_graph(triples, fmt: str) -> str:
    """A CONSTRUCT/DESCRIBE answer as Turtle, N-Triples or JSON-LD (compacted with the project's prefixes)."""
    from rdflib import Graph

    from hisab.namespaces import PREFIXES, bind_prefixes

    graph = bind_prefixes(Graph())
    for triple in triples:
        graph.add(triple)
    if fmt == "jsonld":
        context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
        return graph.serialize(format="json-ld", context=context, auto_compact=True, indent=2) + "\n"
    return graph.serialize(format="nt" if fmt == "ntriples" else "turtle")
