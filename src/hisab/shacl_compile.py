"""SHACL shapes compiled to SPARQL 1.1 SELECT queries whose rows are validation results.

Each constraint of a shape that selects focus nodes of its own becomes one query that is run once
over all its focus nodes (not once per node, as pyshacl does). The semantics are pyshacl's (the
validator the project used before): for instance a ``sh:node`` failure is one result on the outer
focus node with the failing value, ``sh:or``/``sh:and``/``sh:not``/``sh:xone`` treat a member
shape of severity Warning or Info as conforming, and the message of a result is the shape's
``sh:message`` or pyshacl's own wording.

Nested shapes (``sh:node``, the members of ``sh:or``/``sh:and``/``sh:not``/``sh:xone``, property
shapes inside them) become boolean SPARQL expressions ("validating ?v against this shape gives a
result"), built from ``EXISTS`` and error-free value tests, that the queries filter on.

Focus nodes are bound by the target pattern at the head of the query (``?this
rdf:type/rdfs:subClassOf* C`` …, in the same basic graph pattern as the constraint's own triples, so
that Oxigraph looks them up focus node by focus node), the query selecting DISTINCT results; SPARQL
targets and SPARQL-based constraints (whose aggregates must see each focus node once) get a
``SELECT DISTINCT ?this`` sub-select instead. Property paths between bound variables are tested in
a nested ``FILTER EXISTS`` (``?v rdf:type ?t FILTER EXISTS { ?t rdfs:subClassOf* C }``): Oxigraph
then evaluates them from both ends, not over the whole graph.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from hisab import shacl_prebind
from hisab.shacl_messages import MessageTemplate, Slot, Stringifier, default_namespaces, graph_describer
from hisab.shacl_reads import ANY, NOTHING, Reads, instances_read, path_reads, predicates_read
from hisab.shacl_shapes import (
    Shape,
    ShapesModel,
    SparqlConstraint,
    SparqlText,
    Targets,
    UnsupportedShapes,
    integer_parameter,
    is_string_literal,
)
from hisab.shacl_text import sparql_iri, sparql_path, sparql_string, sparql_term

#: Marks, in a query's text, where the focus nodes are bound: a comment in the query that is run.
FOCUS_SLOT = "#hisab:focus-slot\n"

RDF_TYPE, SUB_CLASS_OF = sparql_iri(str(RDF.type)), sparql_iri(str(RDFS.subClassOf))
TYPE_PATH = f"{RDF_TYPE}/{SUB_CLASS_OF}*"

#: Datatypes whose well-formedness rdflib checks (an ill-typed literal does not match sh:datatype in
#: pyshacl): tested with SPARQL's isNumeric or with a cast from the lexical form.
_NUMERIC = {XSD[t] for t in ("integer", "decimal", "float", "double", "int", "long", "short", "byte",
                             "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger",
                             "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
_CAST = {XSD.date, XSD.time, XSD.dateTime, XSD.boolean, XSD.duration}

_COMPONENT = {
    SH["class"]: SH.ClassConstraintComponent, SH.datatype: SH.DatatypeConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent, SH["in"]: SH.InConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent, SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent, SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent, SH.node: SH.NodeConstraintComponent,
    SH["not"]: SH.NotConstraintComponent, SH["and"]: SH.AndConstraintComponent,
    SH["or"]: SH.OrConstraintComponent, SH.xone: SH.XoneConstraintComponent,
}
_RANGE = {SH.minInclusive: (">=", "Value is not >="), SH.minExclusive: (">", "Value is not >"),
          SH.maxInclusive: ("<=", "Value is not <="), SH.maxExclusive: ("<", "Value is not <")}
_PAIRS = {SH.lessThan: ("<", SH.LessThanConstraintComponent, "<="),
          SH.lessThanOrEquals: ("<=", SH.LessThanOrEqualsConstraintComponent, "<")}


@dataclass(frozen=True)
class CompiledQuery:
    """One SELECT whose rows are the results of one constraint of one shape.

    Every row binds ``?this`` (the focus node). The result's value is ``?value`` when ``value_var``
    is set, the focus node itself when ``value_is_focus``, else none; its path is ``?path`` when
    ``path_var`` is set, else the shape's path. ``key`` names the variables that identify one
    result (rows equal on them are one result, as pyshacl's sets of value nodes make them).
    """

    sparql: str
    shape: Node
    component: URIRef
    severity: Node
    path: Node | None
    messages: tuple[Literal, ...]
    generic: MessageTemplate | None = None
    value_var: str | None = None
    value_is_focus: bool = False
    path_var: str | None = None
    key: tuple[str, ...] = ("this",)
    sparql_constraint: SparqlResults | None = None
    #: the query with :data:`FOCUS_SLOT` where a pattern restricting ``?this`` may go (None when it
    #: cannot be restricted so): see :meth:`restricted_to`
    slotted: str | None = None
    root: Node | None = None  # the targeted shape whose focus nodes the query checks
    #: the triples its rows can depend on (:mod:`hisab.shacl_reads`); by default any
    reads: Reads = ANY

    def restricted_to(self, pattern: str) -> str | None:
        """The query checking only the focus nodes that ``pattern`` (a group pattern binding ``?this``)
        binds, or None when it cannot be restricted."""
        return None if self.slotted is None else self.slotted.replace(FOCUS_SLOT, pattern)


@dataclass(frozen=True)
class SparqlResults:
    """How the rows of a SPARQL-based constraint become results, as pyshacl reads them."""

    node: Node  # the sh:sparql constraint (sh:sourceConstraint)
    messages: tuple[Literal, ...]  # the constraint's own sh:message templates
    variables: tuple[str, ...]  # projected variables, in order
    this_selected: bool  # pyshacl only fills {$this} when the query selects it


@dataclass
class CompiledShapes:
    """The queries of a shapes graph, and what a report needs from the shapes."""

    queries: list[CompiledQuery]
    shapes: Graph
    parents: dict[Node, Node] = field(default_factory=dict)  # property shape → its node shape

    def __len__(self) -> int:
        return len(self.queries)


def compile_shapes(shapes: Graph) -> CompiledShapes:
    """Compile every shape of ``shapes`` that has targets into SPARQL queries.

    Raises :class:`UnsupportedShapes` for anything the compiler does not evaluate.
    """
    model = ShapesModel(shapes)
    compiler = _Compiler(model)
    for shape in model.targeted():
        start = len(compiler.queries)
        compiler.shape_queries(shape, _Focus.of(shape.targets))
        compiler.queries[start:] = [replace(q, root=shape.node) for q in compiler.queries[start:]]
    parents = {prop: node for node, prop in shapes.subject_objects(SH.property)}
    return CompiledShapes(compiler.queries, shapes, parents)


# --- focus nodes ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Focus:
    """The focus nodes of a shape: ``block``, a group pattern binding each once to ``?this``, and
    where the targets allow it ``pattern``, triples binding ``?this`` to each (maybe more than once)."""

    block: str
    pattern: str | None
    test: str | None  # a boolean expression: the bound ?this is a focus node (None for SPARQL targets)
    prefixes: dict[str, str]
    nested: bool = False  # value nodes of other focus nodes: cannot be restricted by FOCUS_SLOT
    reads: Reads = ANY  # what finding them reads

    @property
    def head(self) -> str:
        """What starts a query whose results are made DISTINCT: the pattern where there is one."""
        return self.pattern if self.pattern is not None else self.block

    @classmethod
    def of(cls, targets: Targets) -> _Focus:
        branches, tests, prefixes = [], [], {}
        reads = NOTHING
        for i, c in enumerate(targets.classes):
            branches.append(f"?this {TYPE_PATH} {sparql_term(c)} .")
            tests.append(f"EXISTS {{ ?this {RDF_TYPE} ?_ft{i} . "
                         f"FILTER EXISTS {{ ?_ft{i} {SUB_CLASS_OF}* {sparql_term(c)} }} }}")
            reads |= instances_read(c)
        for p in targets.subjects_of:
            branches.append(f"?this {sparql_term(p)} ?_t .")
            tests.append(f"EXISTS {{ ?this {sparql_term(p)} ?_t }}")
            reads |= predicates_read(p)
        for p in targets.objects_of:
            branches.append(f"?_t {sparql_term(p)} ?this .")
            tests.append(f"EXISTS {{ ?_t {sparql_term(p)} ?this }}")
            reads |= predicates_read(p)
        for n in targets.nodes:
            branches.append(f"VALUES ?this {{ {sparql_term(n)} }}")
            tests.append(_same("?this", n))
        # a subject of several values of a targetSubjectsOf property would repeat: only classes inline
        inline = None
        if len(branches) == 1 and (targets.classes or targets.nodes):
            inline = FOCUS_SLOT + branches[0]
        for target in targets.sparql:
            select, declared = _split_prologue(target)
            _merge_prefixes(prefixes, declared)
            branches.append(_slot_in_where(select))
            reads |= Reads(pending=((target, ()),))
        unions = " UNION ".join(f"{{ {b} }}" for b in branches)
        block = "{ SELECT DISTINCT ?this WHERE { " + FOCUS_SLOT + unions + " } }"
        return cls(block, inline, None if targets.sparql else " || ".join(tests), prefixes, reads=reads)

    def values(self, path: str, reads: Reads) -> _Focus:
        """The value nodes of ``path`` (which reads ``reads``) from these focus nodes, as focus nodes
        (nested sh:property)."""
        block = (f"{{ SELECT DISTINCT ?this WHERE {{ {{ SELECT (?this AS ?_f) WHERE {{ {self.head} }} }} "
                 f"?_f {path} ?this }} }}")
        return _Focus(block, None, None, self.prefixes, nested=True, reads=self.reads | reads)


def _slot_in_where(select: str) -> str:
    """A SPARQL target's SELECT with FOCUS_SLOT first in its WHERE group, so that a restriction binds
    ``?this`` before the target's own patterns are matched (as a sub-select, it sees no outer binding)."""
    toks = [t for t in shacl_prebind.tokens(select) if t.kind != "comment"]
    at = next((i for i, t in enumerate(toks) if t.kind == "word" and t.upper == "WHERE"), None)
    if at is None:
        at = next((i for i, t in enumerate(toks) if t.text == "{"), None)
    else:
        at = at + 1 if at + 1 < len(toks) and toks[at + 1].text == "{" else None
    if at is None:
        return select
    return select[:toks[at].start + 1] + " " + FOCUS_SLOT + select[toks[at].start + 1:]


def _split_prologue(text: SparqlText) -> tuple[str, dict[str, str]]:
    """A SPARQL target's SELECT without its PREFIX lines, and the prefixes it may use."""
    prefixes = dict(text.prefixes)
    toks = shacl_prebind.tokens(text.select)
    at = next((t.start for t in toks if t.kind == "word" and t.upper == "SELECT"), None)
    if at is None:
        raise UnsupportedShapes(f"a SPARQL target holds no SELECT: {text.select[:80]}")
    words = [t for t in toks if t.start < at and t.kind != "comment"]
    for i, t in enumerate(words):
        if t.kind == "word" and t.upper == "BASE":
            raise UnsupportedShapes("BASE in a SPARQL target is not supported")
        if t.kind == "word" and t.upper == "PREFIX" and i + 2 < len(words):
            _merge_prefixes(prefixes, {words[i + 1].text.rstrip(":"): words[i + 2].text[1:-1]})
    return text.select[at:], prefixes


def _merge_prefixes(into: dict[str, str], new: dict[str, str]) -> None:
    for prefix, namespace in new.items():
        if into.get(prefix, namespace) != namespace:
            raise UnsupportedShapes(f"the prefix {prefix}: means two namespaces in one query "
                                    f"({into[prefix]}, {namespace})")
        into[prefix] = namespace


def _prologue(prefixes: dict[str, str]) -> str:
    return "".join(f"PREFIX {p}: {sparql_iri(ns)}\n" for p, ns in prefixes.items())


# --- value checks ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Check:
    """A constraint that tests each value node on its own: ``test(v)`` is true when ``v`` fails."""

    component: URIRef
    test: Callable[[str], str]
    generic: MessageTemplate
    reads: Reads = NOTHING  # what the test reads besides the value node itself


class _Compiler:
    def __init__(self, model: ShapesModel) -> None:
        self.model = model
        self.queries: list[CompiledQuery] = []
        self.name = Stringifier(default_namespaces(), graph_describer(model.graph))
        self._counter = 0
        self._stack: list[Node] = []
        self._reads: dict[Node, Reads] = {}

    def fresh(self) -> str:
        """A variable no query text uses otherwise."""
        self._counter += 1
        return f"?_v{self._counter}"

    # --- top-level queries of one shape ----------------------------------------------------------

    def shape_queries(self, shape: Shape, focus: _Focus) -> None:
        """The queries of every constraint of ``shape`` for the given focus nodes."""
        if shape.deactivated:
            return
        path = sparql_path(self.model.graph, shape.path) if shape.is_property else None
        # what finding the focus nodes and their values reads
        base = focus.reads if path is None else focus.reads | path_reads(self.model.graph, shape.path)
        for check in self.value_checks(shape):
            if path is None:
                self._emit(shape, focus, check.component, f"FILTER ({check.test('?this')})",
                           generic=check.generic, value_is_focus=True, reads=base | check.reads)
            else:
                self._emit_value_check(shape, focus, path, check, base | check.reads)
        if path is not None:
            self._cardinality(shape, focus, path, base)
            self._has_value(shape, focus, path, base)
            self._pairs(shape, focus, path, base)
        elif shape.values(SH.minCount) or shape.values(SH.maxCount) or shape.values(SH.lessThan) or shape.values(
                SH.lessThanOrEquals):
            raise UnsupportedShapes(f"{shape.name()}: cardinality and property pair constraints on a node shape "
                                    "are not supported")
        self._closed(shape, focus, path)
        for prop in shape.values(SH.property):
            child = self._property_shape(prop)
            self.shape_queries(child, focus if path is None else focus.values(path, base))
        for constraint in shape.sparql:
            self._sparql(shape, focus, constraint, path)

    def _emit_value_check(self, shape: Shape, focus: _Focus, path: str, check: _Check, reads: Reads) -> None:
        """One check of the values of a property shape. A test with EXISTS runs once per distinct value
        (a GROUP BY, which Oxigraph does not push the filter below), and only the failing values are
        joined with their focus nodes."""
        test = check.test("?value")
        if "EXISTS" not in test:
            self._emit(shape, focus, check.component, f"?this {path} ?value . FILTER ({test})",
                       variables=("this", "value"), generic=check.generic, value_var="value", reads=reads)
            return
        failing = (f"{{ SELECT ?value WHERE {{ {{ SELECT ?value WHERE {{ ?_s {path} ?value }} GROUP BY ?value }} "
                   f"FILTER ({test}) }} }} ?this {path} ?value .")
        if focus.test is not None:
            body, head = f"{failing} FILTER ({focus.test})", ""
        else:
            body, head = failing, focus.block
        self._emit(shape, focus, check.component, body, head=head, variables=("this", "value"),
                   generic=check.generic, value_var="value", restricted=f"?this {path} ?value . FILTER ({test})",
                   reads=reads)

    def _emit(self, shape: Shape, focus: _Focus, component: URIRef, body: str, *, reads: Reads,
              variables: tuple[str, ...] = ("this",), head: str | None = None, restricted: str | None = None,
              **kwargs) -> None:
        """A query: the focus nodes (``head``, by default the focus pattern), then ``body``; its rows are
        results identified by ``variables``. ``restricted`` is the body to use when only some focus
        nodes are checked (default: ``body``). ``reads``: every triple the query can read, the focus
        nodes' included (:mod:`hisab.shacl_reads`)."""
        start = f"{_prologue(focus.prefixes)}SELECT DISTINCT {' '.join('?' + v for v in variables)} WHERE {{ "
        sparql = start + f"{focus.head if head is None else head} {body} }}"
        slotted = start + f"{focus.head} {restricted} }}" if restricted is not None else sparql
        self.queries.append(CompiledQuery(sparql=sparql.replace(FOCUS_SLOT, ""), shape=shape.node,
                                          component=component, severity=shape.severity, path=shape.path,
                                          messages=shape.messages, key=variables,
                                          slotted=_slotted(slotted, focus), reads=reads, **kwargs))

    def _property_shape(self, node: Node) -> Shape:
        shape = self.model.shape(node)
        if not shape.is_property:
            raise UnsupportedShapes(f"{node} is the value of sh:property but has no sh:path")
        return shape

    def _cardinality(self, shape: Shape, focus: _Focus, path: str, reads: Reads) -> None:
        if shape.values(SH.minCount):
            n = integer_parameter(shape, SH.minCount)
            if n > 0:
                body = f"FILTER NOT EXISTS {{ {self._distinct_values('?this', path, n)} }}"
                self._emit(shape, focus, SH.MinCountConstraintComponent, body, reads=reads,
                           generic=MessageTemplate((f"Less than {n} values on ", Slot.FOCUS,
                                                    f"->{self.name(shape.path)}")))
        if shape.values(SH.maxCount):
            n = integer_parameter(shape, SH.maxCount)
            variables = [self.fresh() for _ in range(n + 1)]
            pattern = " ".join(f"?this {path} {v} ." for v in variables)
            self._emit(shape, focus, SH.MaxCountConstraintComponent, f"{pattern} FILTER ({_pairwise(variables)})",
                       reads=reads,
                       generic=MessageTemplate((f"More than {n} values on ", Slot.FOCUS, f"->{self.name(shape.path)}")))

    def _distinct_values(self, subject: str, path: str, n: int) -> str:
        """A pattern matching when ``subject`` has at least ``n`` distinct values of ``path``."""
        variables = [self.fresh() for _ in range(n)]
        pattern = " ".join(f"{subject} {path} {v} ." for v in variables)
        return f"{pattern} FILTER ({_pairwise(variables)})" if n > 1 else pattern

    def _has_value(self, shape: Shape, focus: _Focus, path: str, reads: Reads) -> None:
        values = shape.values(SH.hasValue)
        the_set = [self.name(v) for v in set(values)]
        for value in values:
            body = f"FILTER NOT EXISTS {{ ?this {path} {sparql_term(value)} }}"
            self._emit(shape, focus, SH.HasValueConstraintComponent, body, reads=reads, generic=MessageTemplate(
                ("Node ", Slot.FOCUS, f"->{self.name(shape.path)} does not contain a value in the set: {the_set}")))

    def _pairs(self, shape: Shape, focus: _Focus, path: str, reads: Reads) -> None:
        for parameter, (operator, component, wording) in _PAIRS.items():
            others = list(self.model.graph.objects(shape.node, parameter))
            if not others:
                continue
            rules = (self.name(others[0]) if len(others) < 2 else ", ".join(self.name(p) for p in set(others)))
            generic = MessageTemplate(("Value of ", Slot.FOCUS, f"->{rules} {wording} ", Slot.VALUE))
            for other in set(others):
                if not isinstance(other, URIRef):
                    raise UnsupportedShapes(f"{shape.name()}: {parameter} takes an IRI")
                o = self.fresh()
                self._emit(shape, focus, component, f"?this {path} ?value . ?this {sparql_term(other)} {o} . "
                           f"FILTER (!COALESCE(?value {operator} {o}, false))", variables=("this", "value", o[1:]),
                           generic=generic, value_var="value", reads=reads | predicates_read(other))

    def _closed(self, shape: Shape, focus: _Focus, path: str | None) -> None:
        closed = shape.values(SH.closed)
        if not closed:
            return
        if len(closed) > 1 or not isinstance(closed[0], Literal):
            raise UnsupportedShapes(f"{shape.name()}: sh:closed takes one boolean")
        if not bool(closed[0].value):
            return
        test = self._closed_test(shape, "?path", "?value")
        generic = MessageTemplate(("Node ", Slot.FOCUS, " is closed. It cannot have value: ", Slot.VALUE))
        if path is None:
            self._emit(shape, focus, SH.ClosedConstraintComponent, f"?this ?path ?value . FILTER ({test})",
                       variables=("this", "path", "value"), generic=generic, value_var="value", path_var="path",
                       reads=ANY)
        else:
            node = self.fresh()
            self._emit(shape, focus, SH.ClosedConstraintComponent,
                       f"?this {path} {node} . {node} ?path ?value . FILTER ({test})",
                       variables=("this", node[1:], "path", "value"), generic=generic, value_var="value",
                       path_var="path", reads=ANY)

    def _closed_test(self, shape: Shape, predicate: str, value: str) -> str:
        allowed = set()
        for head in shape.values(SH.ignoredProperties):
            allowed.update(self.model.graph.items(head))
        for prop in shape.values(SH.property):
            prop_path = self._property_shape(prop).path
            if isinstance(prop_path, URIRef):
                allowed.add(prop_path)
        listed = ", ".join(sparql_term(p) for p in sorted(allowed, key=str) if not isinstance(p, BNode))
        not_allowed = f"!({predicate} IN ({listed}))" if listed else "true"
        rdf_type, resource = sparql_term(RDF.type), sparql_term(RDFS.Resource)
        return f"{not_allowed} && !({predicate} = {rdf_type} && {value} = {resource})"

    def _sparql(self, shape: Shape, focus: _Focus, constraint: SparqlConstraint, path: str | None) -> None:
        if not constraint.query.select:  # deactivated
            return
        substitutions = {}
        if path is not None:
            substitutions["PATH"] = path
        if isinstance(shape.node, URIRef):
            substitutions["currentShape"] = sparql_term(shape.node)
        where = f"SPARQL constraint of {shape.name()}"
        if path is None and shacl_prebind.mentions(constraint.query.select, "PATH"):
            raise UnsupportedShapes(f"{where}: $PATH needs a property shape")
        rewritten = shacl_prebind.rewrite(constraint.query.select, focus.block, substitutions, where)
        few = shacl_prebind.rewrite(constraint.query.select, focus.block, substitutions, where, few=True)
        prefixes = dict(focus.prefixes)
        _merge_prefixes(prefixes, constraint.query.prefixes)
        results = SparqlResults(constraint.node, constraint.messages, rewritten.variables, rewritten.this_selected)
        reads = focus.reads | Reads(pending=((constraint.query, tuple(sorted(substitutions.items()))),))
        self.queries.append(CompiledQuery(
            sparql=_prologue(prefixes) + rewritten.query.replace(FOCUS_SLOT, ""),
            slotted=_slotted(_prologue(prefixes) + few.query, focus), shape=shape.node,
            component=SH.SPARQLConstraintComponent,
            severity=shape.severity, path=shape.path, messages=shape.messages, value_var="value",
            value_is_focus=not shape.is_property, path_var="path", key=rewritten.variables,
            sparql_constraint=results, reads=reads))

    # --- checks of single values ------------------------------------------------------------------

    def value_checks(self, shape: Shape) -> list[_Check]:
        """The constraints of ``shape`` that test each value node on its own, one per parameter value."""
        checks: list[_Check] = []
        graph, name = self.model.graph, self.name
        classes = list(graph.objects(shape.node, SH["class"]))
        for c in classes:
            checks.append(_Check(SH.ClassConstraintComponent, self._class_test(c), MessageTemplate((
                f"Value does not have class {name(c)}" if len(classes) < 2 else
                f"Value class is not in classes ({', '.join(name(x) for x in classes)})",)), instances_read(c)))
        datatypes = shape.values(SH.datatype)
        if len(datatypes) > 1:
            raise UnsupportedShapes(f"{shape.name()}: sh:datatype takes one value")
        for d in datatypes:
            checks.append(_Check(SH.DatatypeConstraintComponent, _datatype_test(d),
                                 MessageTemplate((f"Value is not Literal with datatype {name(d)}",))))
        checks.extend(self._pattern_checks(shape))
        lists = shape.values(SH["in"])
        if len(lists) > 1:
            raise UnsupportedShapes(f"{shape.name()}: sh:in takes one list")
        for head in lists:
            members = list(graph.items(head))
            listed = [name(v) for v in set(members)]
            checks.append(_Check(SH.InConstraintComponent, _in_test(members), MessageTemplate(
                ("Value ", Slot.VALUE, f" not in list {listed}"))))
        if not shape.is_property:
            values = shape.values(SH.hasValue)
            the_set = [name(v) for v in set(values)]
            for value in values:
                checks.append(_Check(SH.HasValueConstraintComponent, lambda v, t=value: f"!{_same(v, t)}",
                                     MessageTemplate(("Node ", Slot.FOCUS,
                                                      f" value is not a in the set of values: {the_set}"))))
        for parameter, (operator, wording) in _RANGE.items():
            bounds = list(graph.objects(shape.node, parameter))
            text = ("" if not bounds else f"{wording} {name(bounds[0])}" if len(bounds) == 1 else
                    f"{wording} in ({', '.join(name(b) for b in bounds)})")
            for bound in bounds:
                if not isinstance(bound, Literal):
                    raise UnsupportedShapes(f"{shape.name()}: {parameter} takes a literal")
                term = sparql_term(bound)
                checks.append(_Check(_COMPONENT[parameter],
                                     lambda v, o=operator, b=term: f"!COALESCE({v} {o} {b}, false)",
                                     MessageTemplate((text,))))
        nodes = list(graph.objects(shape.node, SH.node))
        node_text = ("" if not nodes else f"Value does not conform to Shape {name(nodes[0])}." if len(nodes) < 2
                     else "Value must conform to every Shape in ('" + "', '".join(name(n) for n in nodes) + "').")
        for n in nodes:
            checks.append(_Check(SH.NodeConstraintComponent, lambda v, s=n: self.fails(s, v, results=True),
                                 MessageTemplate((node_text + " See details for more information.",)),
                                 self.shape_reads(n)))
        checks.extend(self._logical_checks(shape))
        return checks

    def _pattern_checks(self, shape: Shape) -> list[_Check]:
        patterns = shape.values(SH.pattern)
        if not patterns:
            return []
        flags_values = shape.values(SH.flags)
        flags = "".join(f for f in "im" if flags_values and f in str(flags_values[0]).lower())
        if any(not isinstance(p, Literal) for p in patterns):
            raise UnsupportedShapes(f"{shape.name()}: sh:pattern takes a literal")
        text = (f"Value does not match pattern '{patterns[0].value}'" if len(patterns) < 2 else
                "Value does not match every pattern in ('" + "', '".join(str(p.value) for p in patterns) + "')")
        checks = []
        for p in patterns:
            regex = str(p.value) if p.value is not None and len(str(p.value)) > 1 else str(p)
            if not is_string_literal(p):
                raise UnsupportedShapes(f"{shape.name()}: sh:pattern takes a string")
            args = sparql_string(regex) + (f", {sparql_string(flags)}" if flags else "")
            checks.append(_Check(SH.PatternConstraintComponent,
                                 lambda v, a=args: f"!COALESCE(!isBlank({v}) && REGEX(STR({v}), {a}), false)",
                                 MessageTemplate((text,))))
        return checks

    def _logical_checks(self, shape: Shape) -> list[_Check]:
        graph, name = self.model.graph, self.name
        checks = []
        nots = list(graph.objects(shape.node, SH["not"]))
        not_text = ("" if not nots else f" must not conform to shape {name(nots[0])}" if len(nots) == 1 else
                    f" must not conform to any shapes in {' , '.join(name(n) for n in nots)}")
        for n in nots:
            checks.append(_Check(SH.NotConstraintComponent, lambda v, s=n: f"!{self.fails(s, v, results=False)}",
                                 MessageTemplate(("Node ", Slot.VALUE, not_text)), self.shape_reads(n)))
        for parameter, wording, combine in ((SH["and"], "must conform to all shapes in", _any),
                                             (SH["or"], "must conform to one or more shapes in", _all),
                                             (SH.xone, "must conform to exactly one shape in", _not_one)):
            heads = list(graph.objects(shape.node, parameter))
            if len(heads) < 2:
                members_text = " , ".join(name(m) for m in graph.items(heads[0])) if heads else ""
            else:
                members_text = " and ".join("(" + " , ".join(name(m) for m in graph.items(h)) + ")" for h in heads)
            for head in heads:
                members = list(graph.items(head))
                if not members:
                    raise UnsupportedShapes(f"{shape.name()}: {parameter} needs a non-empty list")
                reads = NOTHING
                for m in members:
                    reads |= self.shape_reads(m)
                checks.append(_Check(
                    _COMPONENT[parameter],
                    lambda v, ms=members, c=combine: c([self.fails(m, v, results=False) for m in ms]),
                    MessageTemplate(("Node ", Slot.VALUE, f" {wording} {members_text}")), reads))
        return checks

    # --- nested shapes -------------------------------------------------------------------------

    def shape_reads(self, node: Node) -> Reads:
        """Everything validating a value against the shape at ``node`` (as :meth:`fails` does) can
        read, beyond the value itself; any triple for a shape that refers to itself."""
        if node in self._reads:
            return self._reads[node]
        self._reads[node] = ANY  # while it is worked out: a shape reached again refers to itself
        shape = self.model.shape(node)
        reads = NOTHING
        if shape.is_property:
            reads |= path_reads(self.model.graph, shape.path)
            for parameter in _PAIRS:
                for other in self.model.graph.objects(shape.node, parameter):
                    reads |= predicates_read(other)
        for check in self.value_checks(shape):
            reads |= check.reads
        if self._is_closed(shape) or shape.sparql:
            reads = ANY
        for prop in shape.values(SH.property):
            reads |= self.shape_reads(prop)
        self._reads[node] = reads
        return reads

    def fails(self, node: Node, value: str, *, results: bool) -> str:
        """A boolean expression: validating ``value`` against the shape at ``node`` fails.

        With ``results`` (sh:node) any result counts, as pyshacl's sh:node reports a value whose
        validation gives any result; without it (sh:not, sh:and, sh:or, sh:xone) a shape of severity
        Warning or Info conforms, as pyshacl decides conformance with ``allow_warnings``.
        """
        if node in self._stack:
            raise UnsupportedShapes(f"the shape {node} refers to itself (recursive shapes are not supported)")
        shape = self.model.shape(node)
        if shape.deactivated or (not results and shape.allowed):
            return "false"
        if shape.sparql:
            raise UnsupportedShapes(f"{shape.name()}: SPARQL constraints in a nested shape are not supported")
        self._stack.append(node)
        try:
            parts = self._failing_parts(shape, value, results)
        finally:
            self._stack.pop()
        return "(" + " || ".join(parts) + ")" if parts else "false"

    def _failing_parts(self, shape: Shape, value: str, results: bool) -> list[str]:
        parts: list[str] = []
        graph = self.model.graph
        if not shape.is_property:
            parts.extend(check.test(value) for check in self.value_checks(shape))
            if shape.values(SH.minCount) or shape.values(SH.maxCount) or shape.values(SH.lessThan) or shape.values(
                    SH.lessThanOrEquals):
                raise UnsupportedShapes(f"{shape.name()}: cardinality and property pair constraints on a node "
                                        "shape are not supported")
            if self._is_closed(shape):
                p, o = self.fresh(), self.fresh()
                parts.append(f"EXISTS {{ {value} {p} {o} . FILTER ({self._closed_test(shape, p, o)}) }}")
            for prop in shape.values(SH.property):
                parts.append(self.fails(self._property_shape(prop).node, value, results=results))
            return parts
        path = sparql_path(graph, shape.path)
        x = self.fresh()
        tests = [check.test(x) for check in self.value_checks(shape)]
        if tests:
            parts.append(f"EXISTS {{ {value} {path} {x} . FILTER ({' || '.join(tests)}) }}")
        if shape.values(SH.minCount):
            n = integer_parameter(shape, SH.minCount)
            if n > 0:
                parts.append(f"NOT EXISTS {{ {self._distinct_values(value, path, n)} }}")
        if shape.values(SH.maxCount):
            n = integer_parameter(shape, SH.maxCount)
            parts.append(f"EXISTS {{ {self._distinct_values(value, path, n + 1)} }}")
        for has in shape.values(SH.hasValue):
            parts.append(f"NOT EXISTS {{ {value} {path} {sparql_term(has)} }}")
        for parameter, (operator, _, _) in _PAIRS.items():
            for other in set(graph.objects(shape.node, parameter)):
                y, o = self.fresh(), self.fresh()
                parts.append(f"EXISTS {{ {value} {path} {y} . {value} {sparql_term(other)} {o} . "
                             f"FILTER (!COALESCE({y} {operator} {o}, false)) }}")
        if self._is_closed(shape):
            y, p, o = self.fresh(), self.fresh(), self.fresh()
            parts.append(f"EXISTS {{ {value} {path} {y} . {y} {p} {o} . FILTER ({self._closed_test(shape, p, o)}) }}")
        for prop in shape.values(SH.property):
            y = self.fresh()
            inner = self.fails(self._property_shape(prop).node, y, results=results)
            parts.append(f"EXISTS {{ {value} {path} {y} . FILTER ({inner}) }}")
        return parts

    def _class_test(self, cls: Node) -> Callable[[str], str]:
        """``v`` is not an instance of ``cls`` (the subclass path tested from both ends, see above)."""
        term = sparql_term(cls)
        rdf_type, sub_class = sparql_iri(str(RDF.type)), sparql_iri(str(RDFS.subClassOf))

        def test(v: str) -> str:
            t = self.fresh()
            return f"NOT EXISTS {{ {v} {rdf_type} {t} . FILTER EXISTS {{ {t} {sub_class}* {term} }} }}"
        return test

    def _is_closed(self, shape: Shape) -> bool:
        closed = shape.values(SH.closed)
        return bool(closed) and isinstance(closed[0], Literal) and bool(closed[0].value)


def _slotted(text: str, focus: _Focus) -> str | None:
    """``text`` if every place binding ``?this`` in it is marked by FOCUS_SLOT, else None."""
    return text if FOCUS_SLOT in text and not focus.nested else None


def _datatype_test(datatype: Node) -> Callable[[str], str]:
    if datatype == RDFS.Literal:
        return lambda v: f"!isLiteral({v})"
    if datatype == RDFS.Datatype:
        return lambda v: f'!COALESCE(isLiteral({v}) && LANG({v}) = "", false)'
    term = sparql_term(datatype)
    if datatype in _NUMERIC:
        return lambda v: f"!COALESCE(isLiteral({v}) && DATATYPE({v}) = {term} && isNumeric({v}), false)"
    if datatype in _CAST:
        return lambda v: (f"!COALESCE(isLiteral({v}) && DATATYPE({v}) = {term} && isLiteral({term}(STR({v}))), "
                          "false)")
    return lambda v: f"!COALESCE(isLiteral({v}) && DATATYPE({v}) = {term}, false)"


def _in_test(members: list[Node]) -> Callable[[str], str]:
    return lambda v: "!(" + " || ".join(_same(v, m) for m in members) + ")" if members else "true"


def _same(variable: str, term: Node) -> str:
    """``variable`` is ``term``: ``=`` for an IRI (the same as sameTerm there, a literal or blank node
    compared with an IRI being unequal, not an error; and Virtuoso compares IRIs reliably only with
    ``=``), sameTerm for a literal (``=`` would compare values: 1 = 1.0)."""
    if isinstance(term, URIRef):
        return f"({variable} = {sparql_term(term)})"
    return f"sameTerm({variable}, {sparql_term(term)})"


def _pairwise(variables: list[str]) -> str:
    return " && ".join(f"!sameTerm({a}, {b})" for i, a in enumerate(variables) for b in variables[i + 1:])


def _any(fails: list[str]) -> str:
    """sh:and fails when a member fails."""
    return "(" + " || ".join(fails) + ")"


def _all(fails: list[str]) -> str:
    """sh:or fails when every member fails."""
    return "(" + " && ".join(fails) + ")"


def _not_one(fails: list[str]) -> str:
    """sh:xone fails unless exactly one member conforms."""
    exactly_one = [" && ".join([f"!{f}" if j == i else f for j, f in enumerate(fails)]) for i in range(len(fails))]
    return "!(" + " || ".join(f"({e})" for e in exactly_one) + ")"


__all__ = ["CompiledQuery", "CompiledShapes", "SparqlResults", "UnsupportedShapes", "compile_shapes"]
