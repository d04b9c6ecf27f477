"""SHACL validation compiled to SPARQL: the public interface.

The shapes graph is compiled once (:func:`compile_shapes`) into SPARQL 1.1 SELECT queries, one per
constraint, each run once over all focus nodes, whose rows are validation results with pyshacl's
semantics and wording. The queries run wherever a function runs a SELECT:

* on an embedded :class:`pyoxigraph.Store`: :func:`validate_store` (named graphs of a store, merged
  into a scratch store first) or :func:`validate_graph` (rdflib graphs, as before);
* on a remote SPARQL 1.1 endpoint: :func:`validate_dataset` with a :data:`SelectRunner` that sends a
  query and gives its rows as mappings of variable names to rdflib terms (:func:`rows_from_json`
  reads the standard JSON results; :func:`with_default_graphs` adds ``FROM`` clauses to a query
  for data held in named graphs).

Modules: :mod:`hisab.shacl_shapes` reads the shapes, :mod:`hisab.shacl_compile` writes the queries
(:mod:`hisab.shacl_prebind` rewrites SPARQL-based constraints, :mod:`hisab.shacl_text` writes terms
and paths), :mod:`hisab.shacl_run` runs them and reads rows as results, :mod:`hisab.shacl_messages`
words messages as pyshacl does, :mod:`hisab.validate` makes the outcome.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from hisab.shacl_compile import CompiledQuery, CompiledShapes, compile_shapes
from hisab.shacl_prebind import tokens
from hisab.shacl_run import Row, SelectRunner, ValidationResult, oxigraph_describe, oxigraph_select
from hisab.shacl_shapes import UnsupportedShapes
from hisab.shacl_text import sparql_iri
from hisab.validate import compiled_shapes, validate_dataset, validate_graph, validate_store

__all__ = [
    "CompiledQuery", "CompiledShapes", "Row", "SelectRunner", "UnsupportedShapes", "ValidationResult",
    "compile_shapes", "compiled_shapes", "oxigraph_describe", "oxigraph_select", "rows_from_json",
    "validate_dataset", "validate_graph", "validate_store", "with_default_graphs",
]


def with_default_graphs(sparql: str, graphs: Sequence[str]) -> str:
    """``sparql`` (a compiled query) with ``FROM <g>`` for each of ``graphs``, so that an endpoint
    evaluates it over their merge. An endpoint may, like Oxigraph, repeat a triple held by two of
    the graphs; the results of core constraints do not change, those of a SPARQL constraint that
    counts might."""
    code = [t for t in tokens(sparql) if t.kind != "comment"]
    at = next((i for i, t in enumerate(code) if t.kind == "word" and t.upper == "SELECT"), None)
    if at is None:
        raise ValueError("not a SELECT query")
    depth = 0
    for t in code[at + 1:]:
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth -= 1
        elif depth == 0 and (t.text == "{" or (t.kind == "word" and t.upper == "WHERE")):
            clauses = "".join(f"FROM {sparql_iri(g)} " for g in graphs)
            return sparql[:t.start] + clauses + sparql[t.start:]
    raise ValueError("no WHERE clause in the query")


def rows_from_json(results: Mapping[str, Any]) -> Iterator[Row]:
    """The rows of a SPARQL 1.1 JSON result (``application/sparql-results+json``) as rdflib terms (a
    simple literal typed xsd:string, as Oxigraph gives it)."""
    for binding in results.get("results", {}).get("bindings", []):
        yield {name: _term(value) for name, value in binding.items()}


def _term(value: Mapping[str, str]) -> Node:
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return Literal(value["value"], lang=value["xml:lang"])
        datatype = URIRef(value["datatype"]) if value.get("datatype") else XSD.string  # SPARQL 1.1: simple = string
        return Literal(value["value"], datatype=datatype)
    raise ValueError(f"unexpected term in SPARQL JSON results: {value}")
