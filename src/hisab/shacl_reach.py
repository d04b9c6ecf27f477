"""How far from its focus node a shape looks: what a change to the data can affect.

One job: for each shape that selects focus nodes, bound the triples its constraints (and its
target) read, so that after a change only the focus nodes near the change need checking again
(:mod:`hisab.incremental`). A shape reads the triples of nodes at most ``depth`` steps from a focus
node, following predicates forwards, except for the predicates in ``inverted``, which it also
follows backwards (an inverse path, ``?x p $this`` in a SPARQL constraint, a ``sh:targetObjectsOf``
target). So a focus node whose result may change lies within ``depth`` steps of the subject of a
changed triple, walking triples backwards, and forwards along ``inverted``.

Steps along a ``*`` or ``+`` path are not counted: its predicates (``closure``) are followed both
ways, any number of times, from a changed triple. A shape is *unbounded* when no bound can be
given: such a path over any predicate or over ``rdf:type``, a SPARQL query that joins nodes through
their class or through any predicate walked backwards, or a query the analysis cannot read. Its
constraints are checked again in full.

A SPARQL query may also read patterns that no variable joins to ``$this``: an incident's label is
compared with the names of every actor. When those patterns are all required (in the query's main
group, not in an ``OPTIONAL``, a ``UNION``, a ``MINUS`` or a filter) they are kept as *detached*
components: the query's rows for a focus node depend on the data near it and on the solutions of
each component, and a component's solutions change only if a changed triple takes part in one
(:func:`hisab.incremental` asks the store). While they do not change, the bound holds.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rdflib import BNode, URIRef, Variable
from rdflib.namespace import RDF, RDFS, SH
from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, Path, SequencePath
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from hisab.shacl_reads import syntax_tree, tree_field
from hisab.shacl_shapes import Shape, ShapesModel, SparqlText
from hisab.shacl_text import sparql_path, sparql_term

ANY = None  # "every predicate" in an inverted set


@dataclass(frozen=True)
class DetachedPattern:
    """A required triple pattern of a SPARQL query that no variable joins to the focus node."""

    subject: str  # a variable (``?name``) or a constant, in SPARQL syntax
    path: str  # the predicate or property path, in SPARQL syntax
    object: str
    predicates: frozenset[str]  # every predicate IRI the path reads
    direct: bool  # the path is one predicate or an alternative of predicates: a matching triple binds both ends

    def text(self) -> str:
        """The pattern in SPARQL syntax."""
        return f"{self.subject} {self.path} {self.object} ."


#: patterns joined to each other by variables, and to nothing else of the query
Component = tuple[DetachedPattern, ...]


@dataclass(frozen=True)
class Reach:
    """How far a shape reads from its focus nodes; ``inverted`` is None when any predicate may be
    followed backwards."""

    depth: float
    inverted: frozenset[Node] | None = frozenset()
    #: predicates a ``*`` or ``+`` path may follow any number of times (steps along them are not counted)
    closure: frozenset[Node] | None = frozenset()
    #: components the rows also depend on, anywhere in the data (the bound holds while their solutions do not change)
    detached: tuple[Component, ...] = ()

    @property
    def bounded(self) -> bool:
        """Whether the shape reads only near its focus nodes: a finite depth, no walk backwards along
        any predicate or from a class to its instances (a join of nodes through their class), and no
        ``*`` or ``+`` over any predicate or over ``rdf:type``."""
        return (not math.isinf(self.depth) and self.inverted is not None and RDF.type not in self.inverted
                and self.closure is not None and RDF.type not in self.closure)

    def then(self, other: Reach, offset: float = 0) -> Reach:
        """The larger of this reach and ``other`` taken ``offset`` steps further."""
        return Reach(max(self.depth, offset + other.depth), _union((self.inverted, other.inverted)),
                     _union((self.closure, other.closure)),
                     self.detached + tuple(c for c in other.detached if c not in self.detached))


UNBOUNDED = Reach(math.inf, None, None)
_NEAR = Reach(0)
_PARTS = (SH["and"], SH["or"], SH.xone)


def shape_reaches(model: ShapesModel) -> dict[Node, Reach]:
    """The reach of every shape that selects focus nodes (all its constraints), by shape node."""
    walker = _Walker(model)
    return {shape.node: walker.target(shape).then(walker.shape(shape)) for shape in model.targeted()}


class QueryReach:
    """The reach of one compiled query: its root shape's target, then the constraint it checks."""

    def __init__(self, model: ShapesModel) -> None:
        self.model = model
        self.walker = _Walker(model)

    def __call__(self, root: Node, shape: Node, constraint: Node | None) -> Reach:
        """The reach of the constraint ``constraint`` (a ``sh:sparql`` node; None: the core constraints)
        of ``shape``, for the focus nodes of the targeted shape ``root``."""
        try:
            target = self.walker.target(self.model.shape(root))
            checked = self.model.shape(shape)
            if constraint is None:
                return target.then(self.walker.shape(checked, sparql=False))
            found = [c for c in checked.sparql if c.node == constraint]
            if len(found) != 1:
                return UNBOUNDED
            return target.then(sparql_reach(found[0].query, self.walker.substitutions(checked)))
        except Exception:  # what the analysis cannot read is not bounded
            return UNBOUNDED


class _Walker:
    def __init__(self, model: ShapesModel) -> None:
        self.model = model
        self.stack: list[Node] = []

    def target(self, shape: Shape) -> Reach:
        """What selecting the focus nodes of ``shape`` reads."""
        reach = _NEAR
        if shape.targets.objects_of:  # a focus node is an object: found from the subject, forwards
            reach = reach.then(Reach(1, frozenset(shape.targets.objects_of)))
        for text in shape.targets.sparql:
            reach = reach.then(sparql_reach(text))
        return reach

    def substitutions(self, shape: Shape) -> dict[str, str]:
        """What ``$PATH`` and ``$currentShape`` stand for in the SPARQL constraints of ``shape``."""
        found = {}
        if isinstance(shape.node, URIRef):
            found["currentShape"] = sparql_term(shape.node)
        if shape.is_property and shape.path is not None:
            found["PATH"] = sparql_path(self.model.graph, shape.path)
        return found

    def shape(self, shape: Shape, *, sparql: bool = True) -> Reach:
        """What the constraints of ``shape`` read from a focus node (without its own SPARQL
        constraints unless ``sparql``; those of the shapes it uses always)."""
        if shape.node in self.stack or len(self.stack) > 24:  # a recursive shape: no bound
            return UNBOUNDED
        self.stack.append(shape.node)
        try:
            reach, offset = _NEAR, 0.0
            substitutions = self.substitutions(shape)
            if "PATH" in substitutions:
                step = path_reach(_parse_path(substitutions["PATH"]))
                reach, offset = reach.then(step), step.depth
            if sparql:
                for constraint in shape.sparql:
                    reach = reach.then(sparql_reach(constraint.query, substitutions))
            for member in self._members(shape):
                reach = reach.then(self.shape(self.model.shape(member)), offset)
            return reach if reach.bounded else UNBOUNDED
        finally:
            self.stack.pop()

    def _members(self, shape: Shape) -> Iterator[Node]:
        graph = self.model.graph
        yield from shape.values(SH.property)
        yield from shape.values(SH.node)
        yield from shape.values(SH["not"])
        yield from shape.values(SH.qualifiedValueShape)
        for parameter in _PARTS:
            for head in shape.values(parameter):
                yield from graph.items(head)


# --- paths ------------------------------------------------------------------------------------------

def path_reach(path: Node | Path) -> Reach:
    """How many steps ``path`` takes, which predicates it follows backwards and which any number of times."""
    length, _, inverted, closure = _path(path)
    return Reach(length, inverted, closure)


_Steps = tuple[float, frozenset[Node] | None, frozenset[Node] | None, frozenset[Node] | None]


def _path(path: Node | Path) -> _Steps:
    """(steps, predicates followed forwards, predicates followed backwards, predicates followed any
    number of times, either way); None means any predicate."""
    if isinstance(path, URIRef):
        return 1, frozenset({path}), frozenset(), frozenset()
    if isinstance(path, InvPath):
        length, forwards, backwards, closure = _path(path.arg)
        return length, backwards, forwards, closure
    if isinstance(path, (SequencePath, AlternativePath)):
        parts = [_path(p) for p in path.args]
        lengths = [p[0] for p in parts]
        return ((sum(lengths) if isinstance(path, SequencePath) else max(lengths)), _union(p[1] for p in parts),
                _union(p[2] for p in parts), _union(p[3] for p in parts))
    if isinstance(path, MulPath):
        length, forwards, backwards, closure = _path(path.path)
        if path.mod == "?":
            return length, forwards, backwards, closure
        if path.path == RDFS.subClassOf:  # walks the class hierarchy (the ontology), not the data
            return 0, frozenset(), frozenset(), frozenset()
        # any number of steps: not counted, but the BFS follows these predicates both ways without end
        return 0, frozenset(), frozenset(), _union((forwards, backwards, closure))
    if isinstance(path, NegatedPath):
        return 1, None, None if any(isinstance(a, InvPath) for a in path.args) else frozenset(), frozenset()
    return math.inf, None, None, None  # a variable or an unknown kind of path


def _union(sets: Iterable[frozenset[Node] | None]) -> frozenset[Node] | None:
    out: frozenset[Node] = frozenset()
    for s in sets:
        if s is None:
            return None
        out |= s
    return out


def _parse_path(text: str) -> Path | URIRef:
    return next(_triples(syntax_tree(f"SELECT * WHERE {{ ?s {text} ?o }}")))[1]


# --- SPARQL -----------------------------------------------------------------------------------------

def sparql_reach(text: SparqlText, substitutions: dict[str, str] | None = None) -> Reach:
    """The reach of a SPARQL constraint or target whose focus node is ``$this`` (or ``?this``), with
    ``$PATH`` and ``$currentShape`` replaced by ``substitutions``."""
    select = text.select
    for name, value in (substitutions or {}).items():
        select = select.replace(f"${name}", value)
    try:
        tree = syntax_tree(select, text.prefixes)
    except Exception:  # a query rdflib cannot read is not bounded
        return UNBOUNDED
    try:
        alternatives = _alternatives(tree, True, None)
    except _TooManyAlternatives:
        return UNBOUNDED
    reach = _NEAR
    for found in alternatives:
        reach = reach.then(pattern_reach([(s, p, o) for s, p, o, _ in found], [required for *_, required in found]))
    return reach if reach.bounded else UNBOUNDED


def pattern_reach(triples: list[tuple[Node, Node | Path, Node]], required: list[bool] | None = None) -> Reach:
    """The reach of triple patterns from ``?this``: the farthest variable, and the predicates a walk
    from ``?this`` takes backwards. A pattern not joined to ``?this`` is kept as part of a detached
    component when ``required`` says it is required (same order as ``triples``); otherwise the
    reach is unbounded."""
    this = Variable("this")
    steps = []
    closure: frozenset[Node] | None = frozenset()
    for s, p, o in triples:
        if isinstance(p, Variable):  # any predicate: followed backwards when walked from the object
            length, forwards, backwards, more = 1.0, None, frozenset(), frozenset()
        else:
            length, forwards, backwards, more = _path(p)
        closure = _union((closure, more))
        steps.append((s, o, length, forwards, backwards))
    distance = {this: 0.0}
    heap = [(0.0, 0, this)]
    counter = 0
    while heap:
        d, _, node = heapq.heappop(heap)
        if d > distance.get(node, math.inf):
            continue
        for (s, o, length, _, _), (_, p, _) in zip(steps, triples, strict=True):
            for here, there in ((s, o), (o, s)):
                if here != node:
                    continue
                if isinstance(p, Variable) and d < distance.get(p, math.inf):
                    distance[p] = d  # reached, but joins nothing further: nodes sharing a predicate are not near
                if _joins(there) and d + length < distance.get(there, math.inf):
                    distance[there] = d + length
                    counter += 1
                    heapq.heappush(heap, (d + length, counter, there))
    reach = Reach(0, frozenset(), closure)
    apart: list[tuple[Node, Node | Path, Node]] = []
    for i, (s, o, length, forwards, backwards) in enumerate(steps):
        ds = distance.get(s, math.inf) if _joins(s) else None
        do = distance.get(o, math.inf) if _joins(o) else None
        known = [d for d in (ds, do) if d is not None]
        if all(math.isinf(d) for d in known) and required and required[i] and _detachable(triples[i][1]):
            apart.append(triples[i])  # not joined to ?this at all: read anywhere, checked as a component
            continue
        if not known or any(math.isinf(d) for d in known) or math.isinf(length):
            return UNBOUNDED
        depth = max(known) if len(known) == 2 else known[0] + length
        # reached from the object, a change at the subject is found walking forwards; else backwards
        inverted = forwards if ds is None or (do is not None and do < ds) else backwards
        reach = reach.then(Reach(depth, inverted))
    if apart:
        reach = reach.then(Reach(0, detached=_components(apart)))
    return reach


def _detachable(path: Node | Path) -> bool:
    """Whether a pattern with this predicate or path can be checked as part of a detached component:
    it names the predicates it reads (no variable, no negated path)."""
    if isinstance(path, URIRef):
        return True
    if isinstance(path, (SequencePath, AlternativePath)):
        return all(_detachable(p) for p in path.args)
    if isinstance(path, (InvPath, MulPath)):
        return _detachable(path.arg if isinstance(path, InvPath) else path.path)
    return False


def _components(triples: list[tuple[Node, Node | Path, Node]]) -> tuple[Component, ...]:
    """Detached patterns grouped into components: patterns sharing a variable (or blank node) belong together."""
    group = list(range(len(triples)))

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    first: dict[Node, int] = {}
    for i, (s, _, o) in enumerate(triples):
        for term in (s, o):
            if _joins(term):
                group[root(i)] = root(first.setdefault(term, i))
    names: dict[Node, str] = {}
    members: dict[int, list[DetachedPattern]] = {}
    for i, (s, p, o) in enumerate(triples):
        members.setdefault(root(i), []).append(DetachedPattern(
            _term_text(s, names), _path_text(p), _term_text(o, names), frozenset(str(x) for x in _predicates(p)),
            isinstance(p, URIRef) or (isinstance(p, AlternativePath) and all(isinstance(a, URIRef) for a in p.args))))
    return tuple(tuple(found) for found in members.values())


def _term_text(term: Node, names: dict[Node, str]) -> str:
    if isinstance(term, Variable):
        return term.n3()
    if isinstance(term, BNode):  # a blank node of a query is a variable that is not projected
        return names.setdefault(term, f"?_detached{len(names)}")
    return sparql_term(term)


def _path_text(path: Node | Path) -> str:
    """A property path of a query's algebra in SPARQL syntax, every compound part in parentheses."""
    if isinstance(path, URIRef):
        return sparql_term(path)
    if isinstance(path, InvPath):
        return f"^({_path_text(path.arg)})"
    if isinstance(path, MulPath):
        return f"({_path_text(path.path)}){path.mod}"
    separator = "/" if isinstance(path, SequencePath) else "|"
    return separator.join(f"({_path_text(p)})" for p in path.args)


def _predicates(path: Node | Path) -> Iterator[URIRef]:
    if isinstance(path, URIRef):
        yield path
    elif isinstance(path, InvPath):
        yield from _predicates(path.arg)
    elif isinstance(path, MulPath):
        yield from _predicates(path.path)
    else:
        for p in path.args:
            yield from _predicates(p)


def _joins(term: Node) -> bool:
    """Whether a pattern term joins patterns (a variable or a blank node), as a constant does not."""
    return isinstance(term, (Variable, BNode))


#: the parts of a query's syntax tree whose every solution is a solution of the parts under these
#: keys, so that the triple patterns there are required: a query's or a sub-select's WHERE, a group's
#: parts, a group in braces (a UNION of one branch); not an OPTIONAL, a MINUS, a GRAPH, a filter's
#: expression, a BIND or a VALUES
_THROUGH = {"SelectQuery": ("where",), "SubSelect": ("where",), "GroupGraphPatternSub": ("part",),
            "GroupOrUnionGraphPattern": ("graph",)}


def _triples(tree: object) -> Iterator[tuple[Node, Node | Path, Node]]:
    """Every triple pattern anywhere in a query's syntax tree (sub-selects, EXISTS, MINUS, OPTIONAL …)."""
    for alternative in _alternatives(tree, True, None):
        for s, p, o, _ in alternative:
            yield s, p, o


_Pattern = tuple[Node, Node | Path, Node, bool]
MOST_ALTERNATIVES = 256  # combinations of UNION branches analysed one by one; more: not bounded


class _Scope:
    """The names of a query's variables in one scope: a subquery's variables that it does not
    project are its own, whatever their names (``?this`` is the focus node everywhere)."""

    def __init__(self, outer: _Scope | None = None, projected: frozenset[Node] | None = frozenset(),
                 numbers: Iterator[int] | None = None) -> None:
        self.outer, self.projected = outer, projected  # projected None: all (SELECT *)
        self.numbers = numbers if numbers is not None else itertools.count()
        self.number = next(self.numbers)

    def inner(self, projected: frozenset[Node] | None) -> _Scope:
        """The scope of a subquery projecting ``projected`` (None: every variable)."""
        return _Scope(self, projected, self.numbers)

    def __call__(self, term: Node) -> Node:
        if not isinstance(term, Variable) or str(term) == "this" or self.outer is None:
            return term
        if self.projected is None or term in self.projected:
            return self.outer(term)
        return Variable(f"{term}_{self.number}")


def _projected(select: CompValue) -> frozenset[Node] | None:
    """The variables a SELECT projects (None for ``SELECT *``)."""
    projection = tree_field(select, "projection")
    if not projection:
        return None
    return frozenset(v["evar"] if "evar" in v else v["var"] for v in projection)


def _alternatives(tree: object, required: bool, scope: _Scope | None) -> list[list[_Pattern]]:
    """The triple patterns of a query's syntax tree, once for each combination of UNION branches (a
    union's rows are those of one branch or the other, so each combination is read on its own),
    each with whether every solution matches it: in the query's main group or the main group of a
    joined subquery, not in an OPTIONAL's or a MINUS's group, nor in a filter's expression."""
    if isinstance(tree, CompValue):
        if tree.name == "GroupOrUnionGraphPattern" and len(tree_field(tree, "graph", [])) > 1:
            found: list[list[_Pattern]] = []
            for branch in tree["graph"]:
                found += _alternatives(branch, False, scope)
            if len(found) > MOST_ALTERNATIVES:
                raise _TooManyAlternatives
            return found
        if tree.name in ("SelectQuery", "SubSelect"):  # the query's own projection, or a subquery's
            scope = _Scope() if scope is None else scope.inner(_projected(tree))
        found = [[]]
        if tree.name == "TriplesBlock":
            name = scope if scope is not None else _SAME_NAMES
            for triple in tree_field(tree, "triples", []):
                items = list(triple)
                found[0] += [(name(items[i]), _renamed(items[i + 1], name), name(items[i + 2]), required)
                             for i in range(0, len(items) - 2, 3)]
            return found
        through = _THROUGH.get(tree.name, ())
        for key, value in tree.items():
            if not key.startswith("_"):
                found = _product(found, _alternatives(value, required and key in through, scope))
        return found
    if isinstance(tree, (list, tuple)):  # a group's parts, a union's branches: as required as their holder
        found = [[]]
        for value in tree:
            found = _product(found, _alternatives(value, required, scope))
        return found
    return [[]]


_SAME_NAMES = _Scope()  # patterns outside any projection keep their names


def _product(left: list[list[_Pattern]], right: list[list[_Pattern]]) -> list[list[_Pattern]]:
    if len(right) == 1:
        return [a + right[0] for a in left]
    if len(left) * len(right) > MOST_ALTERNATIVES:
        raise _TooManyAlternatives
    return [a + b for a in left for b in right]


class _TooManyAlternatives(Exception):
    """More combinations of UNION branches than are worth analysing."""


def _renamed(path: Node | Path, scope: _Scope) -> Node | Path:
    return scope(path) if isinstance(path, Variable) else path
