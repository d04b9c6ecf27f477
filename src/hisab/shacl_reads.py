"""What a compiled SHACL query reads, so that triples added to validated data re-run only the queries
they can change.

One job: say which triples a query's rows can depend on. ``hisab build --reason`` validates the data,
reasons, and validates the data with its entailments; a query whose rows the entailments cannot
change keeps the rows of the first run (:class:`hisab.validate.MergedCopy`).

A query's rows depend only on the triples that match one of its triple patterns, wherever the
pattern is (its main group, an ``OPTIONAL``, a ``FILTER EXISTS``, a sub-select). :class:`Reads` keeps:

- ``predicates``: the predicates its patterns name (None when a predicate is a variable or a
  negated property set: any triple may match);
- ``classes``: classes whose instances it reads only as a set, through ``rdf:type/rdfs:subClassOf*``
  (``?x rdf:type/rdfs:subClassOf* C``, or the compiler's ``?x rdf:type ?t`` with ``?t
  rdfs:subClassOf* C`` in a ``FILTER EXISTS`` and ``?t`` used nowhere else), in a query whose answer is
  a set (no aggregate, no ``LIMIT``). Added triples change such a read only if they change the set
  of instances of ``C``; type and subclass triples read in any other way count under ``predicates``.

The compiler (:mod:`hisab.shacl_compile`) says what each query reads from the shapes it compiled;
SPARQL constraints and targets, written by hand, are read from their algebra when the reads are first
needed (:func:`sparql_reads`), as parsing them costs about a second for the project's shapes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache, partial

from rdflib import BNode, Graph, URIRef, Variable
from rdflib.namespace import RDF, RDFS, SH
from rdflib.paths import AlternativePath, InvPath, MulPath, Path, SequencePath
from rdflib.plugins.sparql.algebra import translatePath, translatePName, translatePrologue, traverse
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from hisab.shacl_shapes import SparqlText

TYPE, SUB_CLASS_OF = str(RDF.type), str(RDFS.subClassOf)

#: aggregates that see how many times a solution repeats (unless DISTINCT)
_COUNTING = frozenset({"Aggregate_Count", "Aggregate_Sum", "Aggregate_Avg", "Aggregate_GroupConcat"})
#: what makes a query's answer depend on more than the set of its patterns' solutions: such an
#: aggregate, or a slice (LIMIT, OFFSET) that keeps some of them
_NOT_A_SET = frozenset({"counting aggregate", "LimitOffsetClauses"})


@dataclass(frozen=True)
class Reads:
    """The triples a query can read (see the module's description); ``pending`` are SPARQL texts
    (with their ``$PATH``/``$currentShape`` substitutions) whose reads are added by :meth:`resolved`."""

    predicates: frozenset[str] | None = frozenset()
    classes: frozenset[str] = frozenset()
    pending: tuple[tuple[SparqlText, tuple[tuple[str, str], ...]], ...] = ()

    def __or__(self, other: Reads) -> Reads:
        predicates = (None if self.predicates is None or other.predicates is None
                      else self.predicates | other.predicates)
        pending = self.pending + tuple(p for p in other.pending if p not in self.pending)
        return Reads(predicates, self.classes | other.classes, pending)

    def resolved(self) -> Reads:
        """These reads with the pending SPARQL texts read (each text parsed once per process)."""
        reads = Reads(self.predicates, self.classes)
        for text, substitutions in self.pending:
            reads = reads | sparql_reads(text.select, tuple(sorted(text.prefixes.items())), substitutions)
        return reads

    def unchanged_by(self, predicates: frozenset[str], changed_classes: frozenset[str]) -> bool:
        """Whether added triples with these ``predicates`` (``rdf:type`` among them if any is a type
        triple), which change the instances of ``changed_classes`` only, leave the rows as they were.
        Call on resolved reads."""
        if self.pending:
            raise ValueError("resolve the reads first")
        return self.predicates is not None and not (self.predicates & predicates) and not (
            self.classes & changed_classes)


ANY = Reads(predicates=None)
NOTHING = Reads()


def predicates_read(*iris: Node) -> Reads:
    """Reads of triples with the given predicates."""
    return Reads(predicates=frozenset(str(i) for i in iris))


def instances_read(cls: Node) -> Reads:
    """Reads of the instances of ``cls`` as a set (an IRI; a blank node class is read as any type)."""
    if isinstance(cls, URIRef):
        return Reads(classes=frozenset({str(cls)}))
    return predicates_read(RDF.type, RDFS.subClassOf)


def path_reads(shapes: Graph, path: Node, depth: int = 0) -> Reads:
    """The predicates a SHACL property path follows (any predicate for something that is not a path)."""
    if isinstance(path, URIRef):
        return predicates_read(path)
    if not isinstance(path, BNode) or depth > 12:
        return ANY
    if shapes.value(path, RDF.first) is not None:
        reads = NOTHING
        for step in shapes.items(path):
            reads = reads | path_reads(shapes, step, depth + 1)
        return reads
    for parameter in (SH.inversePath, SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath, SH.alternativePath):
        inner = shapes.value(path, parameter)
        if inner is not None:
            return path_reads(shapes, inner, depth + 1)
    return ANY


# --- SPARQL written by hand -------------------------------------------------------------------------

@lru_cache(maxsize=1024)
def sparql_reads(select: str, prefixes: tuple[tuple[str, str], ...] = (),
                 substitutions: tuple[tuple[str, str], ...] = (), *, exists_class_test: bool = False) -> Reads:
    """The reads of a SELECT (``$PATH`` and the other ``substitutions`` replaced first), from its
    syntax tree (rdflib's algebra drops a ``FILTER`` nested in an ``EXISTS``); any predicate when
    rdflib cannot read it. With ``exists_class_test`` the form
    ``?x rdf:type ?t`` with ``FILTER EXISTS { ?t rdfs:subClassOf* C }`` counts as a read of the
    instances of ``C`` where ``?t`` appears in no other pattern (the compiler's class test, whose
    ``?t`` is never projected); hand-written queries may project or compare such a variable."""
    for name, value in substitutions:
        select = select.replace(f"${name}", value)
    try:
        body = syntax_tree(select, dict(prefixes))
    except Exception:  # a query rdflib cannot read may read anything
        return ANY
    names: set[str] = set()
    uses: dict[Node, int] = {}  # how often each variable appears anywhere: patterns, projection, filters
    triples = list(_walk(body, names, uses))
    if names & {"ServiceGraphPattern", "GraphGraphPattern"}:
        return ANY  # another graph or another store: not the merged data
    as_set = not (names & _NOT_A_SET)
    predicates: set[str] = set()
    classes: set[str] = set()
    subclass_tests = {s: o for s, p, o in triples if _is_subclass_closure(p) and isinstance(o, URIRef)}
    for s, p, o in triples:
        if isinstance(p, (Variable, BNode)):
            return ANY
        if as_set and isinstance(o, URIRef) and _is_type_path(p):
            classes.add(str(o))
            continue
        if (as_set and exists_class_test and p == RDF.type and o in subclass_tests and uses.get(o) == 2):
            classes.add(str(subclass_tests[o]))
            continue
        if (as_set and exists_class_test and s in subclass_tests and _is_subclass_closure(p) and uses.get(s) == 2
                and any(t == RDF.type and oo == s for _, t, oo in triples)):
            continue  # the other half of the class test above
        found = _path_predicates(p)
        if found is None:
            return ANY
        predicates |= found
    return Reads(frozenset(predicates), frozenset(classes))


def syntax_tree(query: str, prefixes: dict[str, str] | None = None) -> CompValue:
    """The syntax tree of a SPARQL query (after its prologue), with prefixed names and property paths
    read. rdflib's algebra would not do: it drops a ``FILTER`` nested in an ``EXISTS`` (rdflib 7.6).
    Raises what rdflib raises for a query it cannot read."""
    tree = parseQuery(query)
    prologue = translatePrologue(tree[0], None, prefixes or {})
    body = traverse(tree[1], visitPost=partial(translatePName, prologue=prologue))
    return traverse(body, visitPost=translatePath)


def _is_type_path(path: Node | Path) -> bool:
    """``rdf:type/rdfs:subClassOf*``."""
    return (isinstance(path, SequencePath) and len(path.args) == 2 and path.args[0] == RDF.type
            and _is_subclass_closure(path.args[1]))


def _is_subclass_closure(path: Node | Path) -> bool:
    return isinstance(path, MulPath) and path.path == RDFS.subClassOf and path.mod == "*"


def _path_predicates(path: Node | Path) -> set[str] | None:
    """The predicates of a path; None for a negated property set (any predicate but some)."""
    if isinstance(path, URIRef):
        return {str(path)}
    if isinstance(path, InvPath):
        return _path_predicates(path.arg)
    if isinstance(path, MulPath):
        return _path_predicates(path.path)
    if isinstance(path, (SequencePath, AlternativePath)):
        found: set[str] = set()
        for part in path.args:
            more = _path_predicates(part)
            if more is None:
                return None
            found |= more
        return found
    return None  # a negated property set, or something that is not a path


def tree_field(node: CompValue, key: str, default: object = None) -> object:
    """A field of a syntax tree node (``CompValue.get`` gives the key itself for a missing key)."""
    return dict.get(node, key, default)


def _walk(tree: object, names: set[str], uses: dict[Node, int]) -> Iterator[tuple[Node, Node | Path, Node]]:
    """Every triple pattern anywhere in a query's syntax tree; ``names`` collects the kinds of node
    met, ``uses`` counts the appearances of each variable and blank node."""
    if isinstance(tree, (Variable, BNode)):
        uses[tree] = uses.get(tree, 0) + 1
    elif isinstance(tree, CompValue):
        names.add(tree.name)
        if tree.name in _COUNTING and not tree_field(tree, "distinct"):
            names.add("counting aggregate")
        if tree.name == "TriplesBlock":
            for triple in tree_field(tree, "triples", []):
                items = list(triple)
                for i in range(0, len(items) - 2, 3):
                    yield items[i], items[i + 1], items[i + 2]
        for key, value in tree.items():
            if not key.startswith("_"):
                yield from _walk(value, names, uses)
    elif isinstance(tree, (list, tuple)):
        for value in tree:
            yield from _walk(value, names, uses)
    elif hasattr(tree, "__dict__") and not isinstance(tree, (Node, Graph)):  # a path: its parts
        for value in vars(tree).values():
            yield from _walk(value, names, uses)


__all__ = ["ANY", "NOTHING", "Reads", "instances_read", "path_reads", "predicates_read", "sparql_reads",
           "syntax_tree", "tree_field"]
