"""SPARQL 1.1 syntax for the RDF terms and SHACL property paths of a shapes graph."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from hisab.shacl_shapes import UnsupportedShapes

_STRING_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def sparql_string(text: str) -> str:
    """``text`` as a SPARQL string literal (double quotes, escaped)."""
    return '"' + "".join(_STRING_ESCAPES.get(c, c) for c in text) + '"'


def sparql_iri(iri: str) -> str:
    """``<iri>``, refusing characters an IRI reference cannot hold in SPARQL."""
    if any(c in iri for c in '<>"{}|^`\\ \n\t'):
        raise UnsupportedShapes(f"cannot write the IRI {iri!r} in SPARQL")
    return f"<{iri}>"


def sparql_term(node: Node) -> str:
    """An IRI or literal of the shapes graph in SPARQL syntax (blank nodes cannot be written)."""
    if isinstance(node, URIRef):
        return sparql_iri(str(node))
    if isinstance(node, Literal):
        text = sparql_string(str(node))
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype is not None:
            return f"{text}^^{sparql_iri(str(node.datatype))}"
        return text
    raise UnsupportedShapes(f"a shape parameter is a blank node ({node}); the SPARQL validator needs IRIs or literals")


def sparql_path(shapes: Graph, path: Node, depth: int = 0) -> str:
    """A SHACL property path as a SPARQL property path (full IRIs, every compound part in parentheses)."""
    if depth > 12:
        raise UnsupportedShapes(f"the property path {path} is nested too deeply")
    if isinstance(path, URIRef):
        return sparql_iri(str(path))
    if not isinstance(path, BNode):
        raise UnsupportedShapes(f"a property path cannot be the literal {path}")
    if shapes.value(path, RDF.first) is not None:
        steps = [sparql_path(shapes, step, depth + 1) for step in shapes.items(path)]
        if len(steps) < 2:
            raise UnsupportedShapes("a sequence path needs at least two steps")
        return "(" + "/".join(steps) + ")"
    inverse = shapes.value(path, SH.inversePath)
    if inverse is not None:
        return f"(^{sparql_path(shapes, inverse, depth + 1)})"
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        options = [sparql_path(shapes, option, depth + 1) for option in shapes.items(alternatives)]
        if len(options) < 2:
            raise UnsupportedShapes("an alternative path needs at least two paths")
        return "(" + "|".join(options) + ")"
    for predicate, operator in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = shapes.value(path, predicate)
        if inner is not None:
            return f"({sparql_path(shapes, inner, depth + 1)}{operator})"
    raise UnsupportedShapes(f"{path} is not a SHACL property path")
