"""The SHACL shapes graph read into plain objects, for the compiler of :mod:`hisab.shacl_compile`.

A node counts as a shape, and a shape validates focus nodes of its own, as in pyshacl (advanced
mode): typed ``sh:NodeShape``/``sh:PropertyShape``, subjects of target, ``sh:property`` or
``sh:node`` triples, and values of shape-expecting parameters are shapes; those with a target
(``sh:targetClass``, ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``, ``sh:targetNode``, a
SPARQL-based ``sh:target``, or an implicit class target) are validated on their own.

Only what the compiler supports is read. Any other constraint parameter (``sh:equals``,
``sh:qualifiedValueShape`` …), a custom constraint component, a rule, a non-SPARQL target type or a
recursive shape raises :class:`UnsupportedShapes` naming the shape, so that a new kind of constraint
in ``shapes/`` fails loudly instead of being skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

from hisab.errors import HisabError

#: Constraint parameters the compiler evaluates.
SUPPORTED = frozenset({
    SH["class"], SH.datatype, SH.minCount, SH.maxCount, SH.pattern, SH["in"], SH.hasValue,
    SH.minInclusive, SH.minExclusive, SH.maxInclusive, SH.maxExclusive, SH.lessThan, SH.lessThanOrEquals,
    SH.node, SH.property, SH["not"], SH["and"], SH["or"], SH.xone, SH.closed, SH.ignoredProperties, SH.sparql,
})
#: Constraint parameters (and advanced features) of SHACL that the compiler does not evaluate.
UNSUPPORTED = frozenset({
    SH.nodeKind, SH.minLength, SH.maxLength, SH.languageIn, SH.uniqueLang, SH.equals, SH.disjoint,
    SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint,
    SH.expression, SH.rule, SH.js, SH.jsFunctionName,
})
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf)
_ALLOWED_SEVERITIES = frozenset({SH.Warning, SH.Info})


class UnsupportedShapes(HisabError):
    """The shapes use something the SPARQL compiler does not evaluate (or are malformed)."""


@dataclass(frozen=True)
class SparqlText:
    """A SPARQL SELECT from the shapes graph with the prefixes it declares (``sh:prefixes``)."""

    select: str
    prefixes: dict[str, str]


@dataclass(frozen=True)
class Targets:
    """How a shape selects its focus nodes."""

    classes: tuple[Node, ...] = ()
    subjects_of: tuple[Node, ...] = ()
    objects_of: tuple[Node, ...] = ()
    nodes: tuple[Node, ...] = ()
    sparql: tuple[SparqlText, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.classes or self.subjects_of or self.objects_of or self.nodes or self.sparql)


@dataclass(frozen=True)
class SparqlConstraint:
    """One ``sh:sparql`` constraint of a shape."""

    node: Node
    query: SparqlText
    messages: tuple[Literal, ...]


@dataclass
class Shape:
    """A node or property shape with its constraint parameters (parameter → values, in graph order)."""

    node: Node
    path: Node | None
    severity: Node
    messages: tuple[Literal, ...]
    deactivated: bool
    targets: Targets
    params: dict[URIRef, list[Node]] = field(default_factory=dict)
    sparql: list[SparqlConstraint] = field(default_factory=list)

    @property
    def is_property(self) -> bool:
        """Whether the shape has a path (its value nodes are the path's values, not the focus node)."""
        return self.path is not None

    @property
    def allowed(self) -> bool:
        """Whether results of this shape never make data non-conforming (sh:Warning, sh:Info)."""
        return self.severity in _ALLOWED_SEVERITIES

    def values(self, parameter: URIRef) -> list[Node]:
        """The values of one constraint parameter (empty when the shape does not use it)."""
        return self.params.get(parameter, [])

    def name(self) -> str:
        """The shape's IRI, or a description of a blank-node shape, for error messages."""
        return str(self.node) if isinstance(self.node, URIRef) else f"blank node shape (path {self.path})"


class ShapesModel:
    """Every shape of a shapes graph, read once."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._check_graph()
        self.prefixes = self._declared_prefixes()
        self._shapes: dict[Node, Shape] = {}
        self.candidates = self._shape_nodes()
        self.property_nodes = self._property_shape_nodes()
        for node in self.candidates:
            self.shape(node)

    # --- which nodes are shapes ------------------------------------------------------------------

    def _check_graph(self) -> None:
        g = self.graph
        for kind in (SH.ConstraintComponent, SH.SPARQLRule, SH.TripleRule, SH.JSConstraint, SH.JSTarget):
            found = next(g.subjects(RDF.type, kind), None)
            if found is not None:
                raise UnsupportedShapes(f"the shapes declare {kind} ({found}), which the SPARQL validator does not "
                                        "evaluate; add it to hisab.shacl_compile or remove it")

    def _shape_nodes(self) -> list[Node]:
        g = self.graph
        nodes: dict[Node, None] = {}
        for kind in (SH.NodeShape, SH.PropertyShape):
            nodes.update(dict.fromkeys(g.subjects(RDF.type, kind)))
        for predicate in (*_TARGETS, SH.property, SH.node):
            nodes.update(dict.fromkeys(g.subjects(predicate, None)))
        for predicate in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape):
            nodes.update(dict.fromkeys(g.objects(None, predicate)))
        for predicate in (SH["and"], SH["or"], SH.xone):
            for head in g.objects(None, predicate):
                nodes.update(dict.fromkeys(g.items(head)))
        return [n for n in nodes if not isinstance(n, Literal)]

    def _property_shape_nodes(self) -> set[Node]:
        g = self.graph
        return set(g.subjects(RDF.type, SH.PropertyShape)) | {n for n in self.candidates
                                                                if g.value(n, SH.path) is not None}

    def targeted(self) -> list[Shape]:
        """Shapes that select focus nodes of their own (and are not deactivated), in a stable order."""
        found = [s for s in self._shapes.values() if s.targets and not s.deactivated]
        return sorted(found, key=lambda s: (isinstance(s.node, BNode), str(s.node)))

    def shape(self, node: Node) -> Shape:
        """The shape at ``node`` (read on first use)."""
        if node not in self._shapes:
            self._shapes[node] = self._read(node)
        return self._shapes[node]

    # --- reading one shape ------------------------------------------------------------------------

    def _read(self, node: Node) -> Shape:
        g = self.graph
        paths = list(g.objects(node, SH.path))
        typed = set(g.objects(node, RDF.type))
        if SH.NodeShape in typed and paths:
            raise UnsupportedShapes(f"{node}: a sh:NodeShape cannot have a sh:path")
        if len(paths) > 1:
            raise UnsupportedShapes(f"{node}: a property shape has exactly one sh:path")
        if SH.PropertyShape in typed and not paths:
            raise UnsupportedShapes(f"{node}: a sh:PropertyShape needs a sh:path")
        severities = list(g.objects(node, SH.severity))
        deactivated = [bool(d.value) for d in g.objects(node, SH.deactivated) if isinstance(d, Literal)]
        shape = Shape(
            node=node,
            path=paths[0] if paths else None,
            severity=severities[0] if severities else SH.Violation,
            messages=tuple(m for m in g.objects(node, SH.message) if isinstance(m, Literal)),
            deactivated=bool(deactivated and deactivated[0]),
            targets=self._targets(node),
        )
        for predicate, value in g.predicate_objects(node):
            if predicate in UNSUPPORTED:
                raise UnsupportedShapes(
                    f"shape {shape.name()} uses {predicate}, which the SPARQL validator does not evaluate yet; "
                    "add it to hisab.shacl_compile (with a test against pyshacl) or rewrite the shape")
            if predicate in SUPPORTED and predicate != SH.sparql:
                shape.params.setdefault(predicate, []).append(value)
        for constraint in g.objects(node, SH.sparql):
            shape.sparql.append(self._sparql_constraint(shape, constraint))
        if SH.ignoredProperties in shape.params and SH.closed not in shape.params:
            raise UnsupportedShapes(f"{shape.name()}: sh:ignoredProperties needs sh:closed")
        return shape

    def _targets(self, node: Node) -> Targets:
        g = self.graph
        classes = list(g.objects(node, SH.targetClass))
        if self._is_class(node):
            classes.append(node)
        sparql = []
        for target in g.objects(node, SH.target):
            selects = list(g.objects(target, SH.select))
            if not selects and SH.SPARQLTarget not in set(g.objects(target, RDF.type)):
                raise UnsupportedShapes(f"{node}: only SPARQL-based targets (sh:select) are supported, not {target}")
            if len(selects) != 1:
                raise UnsupportedShapes(f"{node}: a SPARQL target needs exactly one sh:select")
            sparql.append(SparqlText(str(selects[0]), self._prefixes_of(target)))
        return Targets(
            classes=tuple(dict.fromkeys(classes)),
            subjects_of=tuple(g.objects(node, SH.targetSubjectsOf)),
            objects_of=tuple(g.objects(node, SH.targetObjectsOf)),
            nodes=tuple(g.objects(node, SH.targetNode)),
            sparql=tuple(sparql),
        )

    def _is_class(self, node: Node) -> bool:
        """pyshacl's implicit class target: the shape is typed rdfs:Class or a (declared) subclass of it."""
        classes = {RDFS.Class, *self.graph.subjects(RDFS.subClassOf, RDFS.Class)}
        return any(t in classes for t in self.graph.objects(node, RDF.type))

    def _sparql_constraint(self, shape: Shape, node: Node) -> SparqlConstraint:
        g = self.graph
        selects = list(g.objects(node, SH.select))
        if len(selects) != 1 or not isinstance(selects[0], Literal):
            raise UnsupportedShapes(f"{shape.name()}: a SPARQL constraint needs exactly one sh:select literal "
                                    "(sh:ask validators are not supported)")
        messages = tuple(m for m in g.objects(node, SH.message) if isinstance(m, Literal))
        deactivated = [bool(d.value) for d in g.objects(node, SH.deactivated) if isinstance(d, Literal)]
        if deactivated and deactivated[0]:
            return SparqlConstraint(node, SparqlText("", {}), messages)  # compiled to nothing
        return SparqlConstraint(node, SparqlText(str(selects[0]), self._prefixes_of(node)), messages)

    # --- prefixes for SPARQL text ---------------------------------------------------------------

    def _declared_prefixes(self) -> dict[Node, dict[str, str]]:
        """The sh:declare prefixes of every node that declares some."""
        g = self.graph
        declared: dict[Node, dict[str, str]] = {}
        for holder, declaration in g.subject_objects(SH.declare):
            prefix = g.value(declaration, SH.prefix)
            namespace = g.value(declaration, SH.namespace)
            if prefix is None or namespace is None:
                raise UnsupportedShapes(f"{holder}: each sh:declare needs one sh:prefix and one sh:namespace")
            declared.setdefault(holder, {})[str(prefix)] = str(namespace)
        return declared

    def _prefixes_of(self, node: Node) -> dict[str, str]:
        """The prefixes a SPARQL query at ``node`` may use, as pyshacl collects them: rdf, rdfs and owl,
        then those declared by its ``sh:prefixes`` values and by every owl:Ontology of the shapes graph."""
        prefixes = {"rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL)}
        holders = list(self.graph.objects(node, SH.prefixes))
        if not holders:
            return prefixes
        ontologies = set(self.graph.subjects(RDF.type, OWL.Ontology))
        for holder in holders:
            if not (self._declared_prefixes_of(holder) and holder in ontologies):
                for ontology in ontologies:
                    prefixes.update(self._declared_prefixes_of(ontology))
            prefixes.update(self._declared_prefixes_of(holder))
        return prefixes

    def _declared_prefixes_of(self, holder: Node) -> dict[str, str]:
        return self.prefixes.get(holder, {})


def integer_parameter(shape: Shape, parameter: URIRef) -> int:
    """The single integer value of ``parameter`` (sh:minCount, sh:maxCount)."""
    values = shape.values(parameter)
    if len(values) != 1 or not isinstance(values[0], Literal) or not isinstance(values[0].value, int):
        raise UnsupportedShapes(f"{shape.name()}: {parameter} takes exactly one integer")
    return int(values[0].value)


def is_string_literal(node: Node) -> bool:
    """Whether ``node`` is a plain or xsd:string literal (what sh:pattern and sh:flags take)."""
    return isinstance(node, Literal) and node.language is None and node.datatype in (None, XSD.string)
