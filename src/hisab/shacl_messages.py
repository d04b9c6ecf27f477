"""Result messages worded as pyshacl words them.

When a shape has no ``sh:message``, pyshacl writes a message of its own for each constraint
component ("Less than 1 values on …", "Value does not have class …"), naming RDF terms the way its
``stringify_node`` does: IRIs through an rdflib namespace manager with rdflib's default prefixes,
literals as ``Literal("1", datatype=xsd:integer)``, blank nodes by their triples. The messages of
SPARQL-based constraints are templates whose ``{?var}``/``{$var}`` are replaced by the row's values.
This module does the same, so that the compiled validator's results read exactly as pyshacl's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SH, NamespaceManager
from rdflib.term import Node

#: The triples (predicate, object) of a blank node, for naming it; None where they cannot be read.
Describe = Callable[[BNode], Iterable[tuple[Node, Node]] | None]


def default_namespaces() -> NamespaceManager:
    """A namespace manager with rdflib's default prefixes, as on the graphs pyshacl is given."""
    manager = Graph().namespace_manager
    manager.bind("sh", SH, override=False, replace=False)
    return manager


class Stringifier:
    """pyshacl's ``stringify_node``: an RDF term as text, blank nodes described by their triples."""

    def __init__(self, namespaces: NamespaceManager, describe: Describe | None = None) -> None:
        self.namespaces = namespaces
        self.describe = describe
        self._blank: dict[str, str] = {}

    def __call__(self, node: Node, recursion: int = 0) -> str:
        """The text pyshacl gives ``node``."""
        if isinstance(node, Literal):
            return self._literal(node)
        if isinstance(node, BNode):
            return self._blank_node(node, recursion + 1)
        if isinstance(node, URIRef):
            try:
                return node.n3(namespace_manager=self.namespaces)
            except Exception:  # pyshacl falls back the same way
                return str(node)
        return str(node)

    def _literal(self, node: Literal) -> str:
        value = None if node.value is None else str(node.value)
        lexical = str(node)
        if value is not None:
            cut = value.find(" object at 0x")
            if cut > 0:
                value = value[:cut]
        text = f'"{lexical}" = {value}' if value is not None and value != lexical else f'"{lexical}"'
        language = f", lang={node.language}" if node.language else ""
        datatype = f", datatype={self(node.datatype)}" if node.datatype else ""
        return f"Literal({text}{language}{datatype})"

    def _blank_node(self, node: BNode, recursion: int) -> str:
        if recursion >= 12:
            return "<http://recursion.too.deep>"
        if str(node) in self._blank:
            return self._blank[str(node)]
        pairs = list(self.describe(node) or ()) if self.describe is not None else []
        predicates = [p for p, _ in pairs]
        if not predicates:
            return "[ ]"
        if RDF.first in predicates:
            return "( " + " ".join(self(item, recursion + 1) for item in self._items(node)) + " )"
        texts: dict[str, str] = {}
        for predicate in dict.fromkeys(predicates):
            key = predicate.n3(namespace_manager=self.namespaces) if isinstance(
                predicate, (Literal, BNode, URIRef)) else str(predicate)
            objects = [o for p, o in pairs if p == predicate]
            rendered = sorted("<self>" if predicate == OWL.sameAs and o == node else self(o, recursion + 1)
                              for o in objects)
            texts[key] = ", ".join(rendered) if len(rendered) > 1 else rendered[0]
        if len(texts) > 1:
            body = " ; ".join(f"{p} {o}" for p, o in sorted(texts.items()))
        else:
            body = " ".join(next(iter(texts.items())))
        text = f"[ {body} ]"
        self._blank[str(node)] = text
        return text

    def _items(self, head: Node) -> Iterable[Node]:
        seen = set()
        while isinstance(head, BNode) and head not in seen:
            seen.add(head)
            pairs = list(self.describe(head) or ()) if self.describe is not None else []
            first = next((o for p, o in pairs if p == RDF.first), None)
            if first is None:
                return
            yield first
            head = next((o for p, o in pairs if p == RDF.rest), RDF.nil)


def graph_describer(graph: Graph) -> Describe:
    """Describe blank nodes from an rdflib graph (the shapes graph)."""
    return lambda node: graph.predicate_objects(node)


class Slot(Enum):
    """A place in a generic message filled from the result: its focus node or its value."""

    FOCUS = "focus"
    VALUE = "value"


@dataclass(frozen=True)
class MessageTemplate:
    """A generic message: text with the result's focus node and value to be named in it."""

    parts: tuple[str | Slot, ...]

    def render(self, name: Callable[[Node], str], focus: Node, value: Node | None) -> str:
        """The message for one result, terms named by ``name`` (a data-graph :class:`Stringifier`)."""
        out = []
        for part in self.parts:
            if part is Slot.FOCUS:
                out.append(name(focus))
            elif part is Slot.VALUE:
                out.append(name(value) if value is not None else "None")
            else:
                out.append(part)
        return "".join(out)


def fill_template(message: str, bindings: Mapping[str, Node]) -> str:
    """pyshacl's expansion of ``{?var}`` and ``{$var}`` in a SPARQL constraint's message (each
    binding in order, its ``str`` used as a regular-expression replacement as pyshacl does)."""
    for variable, value in bindings.items():
        message = re.sub(f"{{[?$]{variable}}}", str(value), message)
    return message
