"""Validate a persistent store (``--store DIR``) again after its data changed, checking only what the
change can affect.

One job. The store folder keeps a *validation view* (``DIR/validation/``): an Oxigraph store whose
default graph is the RDF merge of the data graphs and the ontology, exactly what a full validation
checks, with the rows every compiled query gave on it. After :mod:`hisab.reuse` replaced the graphs
of the changed files, the view takes the difference (triples no data graph holds any more are
removed, new ones added) and each compiled query is run again only for the focus nodes near a
changed triple: those within the query's reach (:mod:`hisab.shacl_reach`) of a changed triple's
subject, walking triples backwards, and forwards along the predicates the query reads backwards.
The query's old rows for those focus nodes are replaced by the new ones; its other rows stand.
A query whose reach has no bound (a ``*`` path over any predicate, a join through a class) runs in
full, on the view, which is not copied again. A SPARQL constraint that compares a focus node with
nodes anywhere (an incident's label with every actor's name) has *detached* components: the store is
asked whether a changed triple takes part in one of their solutions, before the removals and after
the additions; only if one does is the query run in full.

Everything is checked in full, and the view built afresh, when the view does not match the store's
last run, when the shapes changed (the compiled queries differ), or when the change touches the
schema (a triple about a class or property, ``rdfs:subClassOf`` …). The verdict and the results are
those of a full run (a test compares them).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from hisab import shacl_run
from hisab.shacl_compile import CompiledQuery, CompiledShapes
from hisab.shacl_messages import Stringifier, default_namespaces
from hisab.shacl_reach import UNBOUNDED, Component, DetachedPattern, QueryReach, Reach
from hisab.shacl_shapes import ShapesModel
from hisab.store import in_memory
from hisab.validate import StoreLabels, ValidationOutcome, compiled_shapes, outcome_of

FOLDER = "validation"
MARKER = "hisab-validation.json"
ROWS = "rows.json"
REACHES = "reaches.json"
FORMAT = 1
#: the version of :mod:`hisab.shacl_reach`'s analysis: reaches worked out by another are worked out again
REACH_ANALYSIS = 3
FOCUS_GRAPH = ox.NamedNode("urn:hisab:validation:focus")
FOCUS_NODE = ox.NamedNode("urn:hisab:validation:node")
#: above this many focus nodes near a change, checking them one by one is no quicker than a full run
MOST_NEAR = 200_000
_SCHEMA_NAMESPACES = ("http://www.w3.org/2000/01/rdf-schema#", "http://www.w3.org/2002/07/owl#",
                      "http://www.w3.org/ns/shacl#")
_LABELS = {"http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2000/01/rdf-schema#comment",
           "http://www.w3.org/2000/01/rdf-schema#seeAlso", "http://www.w3.org/2000/01/rdf-schema#isDefinedBy"}

Row = dict[str, Node]
Stage = Callable[[str], None]


@dataclass
class Checked:
    """What an incremental validation did, for the user."""

    how: str  # "full" | "incremental"
    reason: str = ""
    changed: int = 0  # triples added to or removed from the view
    near: int = 0  # focus-node candidates near the change
    rerun: int = 0  # queries run for the nodes near the change
    full: int = 0  # queries run in full

    def describe(self) -> str:
        """One line for the user."""
        if self.how == "full":
            return f"validated everything ({self.reason})"
        return (f"validated what the change can affect: {self.changed} changed triples, {self.near} nodes near "
                f"them; {self.rerun} constraints checked for those nodes, {self.full} in full")


class ValidationView:
    """The validation view of a store folder, with the rows of its last validation."""

    def __init__(self, store_folder: Path) -> None:
        self.path = store_folder / FOLDER
        self.marker = self.path / MARKER
        self.database = self.path / "oxigraph"
        self.rows_file = self.path / ROWS
        self._store: ox.Store | None = None

    def usable(self) -> bool:
        """Whether Hisab may use the folder: new, empty, or its own (it has the marker)."""
        if self.path.is_symlink() or (self.path.exists() and not self.path.is_dir()):
            return False
        return not self.path.exists() or self.marker.exists() or not any(self.path.iterdir())

    @property
    def store(self) -> ox.Store:
        """The view's Oxigraph store (opened on first use)."""
        if self._store is None:
            self.path.mkdir(parents=True, exist_ok=True)
            self._store = ox.Store(str(self.database))
        return self._store

    def state(self) -> dict | None:
        """What the marker says the view holds (None when it is not known to be complete)."""
        try:
            data = json.loads(self.marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("state") != "complete":
            return None
        return data

    def mark(self, state: str, inputs: dict | None = None) -> None:
        """Write the marker (atomically)."""
        self.path.mkdir(parents=True, exist_ok=True)
        temporary = self.marker.with_suffix(".tmp")
        temporary.write_text(json.dumps({"format": FORMAT, "state": state, "inputs": inputs}), encoding="utf-8")
        os.replace(temporary, self.marker)

    def rows(self) -> dict[str, list[Row]] | None:
        """The rows of the last validation, by query fingerprint (None when missing or unreadable)."""
        kept = _read_json(self.rows_file)
        try:
            return {key: [{name: _term(value) for name, value in row.items()} for row in rows]
                    for key, rows in kept.items()} if isinstance(kept, dict) else None
        except (AttributeError, KeyError, TypeError, ValueError):
            return None

    def save_rows(self, rows: dict[str, list[Row]]) -> None:
        """Keep the rows of this validation (atomically)."""
        _write_json(self.rows_file, {key: [{name: _json_term(value) for name, value in row.items()} for row in found]
                                     for key, found in rows.items()})

    def reaches(self, compiled: CompiledShapes) -> dict[str, Reach]:
        """The reach of every compiled query, by fingerprint (worked out once per shapes and kept)."""
        file = self.path / REACHES
        wanted = {fingerprint(q) for q in compiled.queries}
        kept = _read_json(file)
        if isinstance(kept, dict) and kept.get("analysis") == REACH_ANALYSIS:
            try:
                found = {key: _reach(value) for key, value in kept["reaches"].items()}
            except (AttributeError, KeyError, TypeError, ValueError):
                found = {}
            if wanted <= set(found):
                return found
        reach = QueryReach(ShapesModel(in_memory(compiled.shapes)))
        found = {fingerprint(q): (reach(q.root, q.shape, q.sparql_constraint.node if q.sparql_constraint else None)
                                  if q.root is not None else UNBOUNDED) for q in compiled.queries}
        _write_json(file, {"analysis": REACH_ANALYSIS, "reaches": {k: _json_reach(r) for k, r in found.items()}})
        return found

    def close(self) -> None:
        """Close the view's store."""
        self._store = None


def _read_json(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_json(path: Path, data: object) -> None:
    """Write ``data`` to ``path`` atomically (a reader sees the old file or the new one)."""
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    os.replace(temporary, path)


def _json_term(term: Node) -> dict:
    """An RDF term as JSON (the view's files hold no code: JSON, not pickle)."""
    if isinstance(term, URIRef):
        return {"iri": str(term)}
    if isinstance(term, BNode):
        return {"blank": str(term)}
    if isinstance(term, Literal):
        found = {"literal": str(term)}
        if term.language:
            found["language"] = term.language
        elif term.datatype is not None:
            found["datatype"] = str(term.datatype)
        return found
    raise TypeError(f"cannot keep {term!r}")


def _term(data: dict) -> Node:
    if "iri" in data:
        return URIRef(data["iri"])
    if "blank" in data:
        return BNode(data["blank"])
    return Literal(data["literal"], lang=data.get("language"),
                   datatype=URIRef(data["datatype"]) if "datatype" in data else None)


def _json_reach(reach: Reach) -> dict:
    def names(found: frozenset[Node] | None) -> list[str] | None:
        return None if found is None else sorted(str(p) for p in found)

    return {"depth": None if math.isinf(reach.depth) else reach.depth, "inverted": names(reach.inverted),
            "closure": names(reach.closure),
            "detached": [[[d.subject, d.path, d.object, sorted(d.predicates), d.direct] for d in component]
                         for component in reach.detached]}


def _reach(data: dict) -> Reach:
    def nodes(found: list[str] | None) -> frozenset[Node] | None:
        return None if found is None else frozenset(URIRef(p) for p in found)

    detached = tuple(tuple(DetachedPattern(str(s), str(p), str(o), frozenset(str(x) for x in predicates),
                                           bool(direct)) for s, p, o, predicates, direct in component)
                     for component in data["detached"])
    return Reach(math.inf if data["depth"] is None else float(data["depth"]), nodes(data["inverted"]),
                 nodes(data["closure"]), detached)


def fingerprint(query: CompiledQuery) -> str:
    """What identifies a compiled query between runs."""
    return hashlib.sha256(query.sparql.encode("utf-8")).hexdigest()


def validate_view(source: ox.Store, graphs: Sequence[str], ontology: Sequence[str], compiled: CompiledShapes,
                  view: ValidationView, inputs: dict, previous: dict | None,
                  changed: dict[str, list[ox.Triple]] | None,
                  stage: Stage | None = None) -> tuple[list[shacl_run.ValidationResult], Checked]:
    """Validate the data graphs ``graphs`` of ``source`` (with the ontology graphs ``ontology``)
    through ``view``: incrementally when the view holds ``previous`` (the input hashes of the store's
    last run) and ``changed`` says which graphs changed since (see :class:`hisab.load.LoadResult`),
    else in full. ``inputs`` are the hashes of this run's inputs. Returns the results and what was done."""
    held = view.state()
    old_rows = view.rows() if held is not None else None
    wanted = {fingerprint(q) for q in compiled.queries}
    reason = ""
    if changed is None:
        reason = "the store was loaded afresh"
    elif held is None or previous is None or held.get("inputs") != _comparable(previous):
        reason = "the validation view does not match the store's last run"
    elif old_rows is None or not wanted <= set(old_rows):
        reason = "the shapes changed"
    view.mark("updating")
    if reason:
        rows = _full(source, graphs, ontology, compiled, view, stage)
        view.reaches(compiled)  # worked out now, while a full run takes its time anyway
        checked = Checked("full", reason)
    else:
        assert changed is not None and old_rows is not None
        rows, checked = _incremental(source, graphs, ontology, compiled, view, changed, old_rows, stage)
    view.save_rows(rows)
    view.mark("complete", _comparable(inputs))
    name = Stringifier(default_namespaces(), shacl_run.oxigraph_describe(view.store))
    results = [r for q in compiled.queries for r in shacl_run.results_of(q, rows[fingerprint(q)], name)]
    return results, checked


def _comparable(inputs: dict) -> dict:
    """Input hashes as JSON keeps them."""
    return json.loads(json.dumps(inputs, sort_keys=True))


def _full(source: ox.Store, graphs: Sequence[str], ontology: Sequence[str], compiled: CompiledShapes,
          view: ValidationView, stage: Stage | None) -> dict[str, list[Row]]:
    """Copy the data and the ontology into the view afresh and run every query in full."""
    if stage:
        stage("validating: copying the data into the validation view")
    store = view.store
    store.clear()
    for name in [*graphs, *ontology]:
        store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                          for q in source.quads_for_pattern(None, None, None, ox.NamedNode(name)))
    store.optimize()
    return _run_all(compiled.queries, store, stage)


def _run_all(queries: Iterable[CompiledQuery], store: ox.Store, stage: Stage | None) -> dict[str, list[Row]]:
    select = shacl_run.oxigraph_select(store)
    if stage:
        stage("validating: every constraint in full")
    queries = list(queries)
    rows = shacl_run.select_each([q.sparql for q in queries], select, shacl_run.parallel_workers())
    return {fingerprint(q): found for q, found in zip(queries, rows, strict=True)}


def _incremental(source: ox.Store, graphs: Sequence[str], ontology: Sequence[str], compiled: CompiledShapes,
                 view: ValidationView, changed: dict[str, list[ox.Triple]], old_rows: dict[str, list[Row]],
                 stage: Stage | None) -> tuple[dict[str, list[Row]], Checked]:
    store = view.store
    if stage:
        stage("validating: bringing the validation view up to date")
    removed, added = _difference(source, graphs, ontology, changed)
    delta = [*removed, *added]
    if not delta:
        return {fingerprint(q): old_rows[fingerprint(q)] for q in compiled.queries}, Checked("incremental")
    reaches = view.reaches(compiled)
    components = {c for r in reaches.values() if r.bounded for c in r.detached}
    moved = {c for c in components if _takes_part(store, c, removed)}  # before the removal: what they matched
    for triple in removed:
        store.remove(ox.Quad(triple.subject, triple.predicate, triple.object, ox.DefaultGraph()))
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in added)
    if _touches_schema(store, delta):
        rows = _run_all(compiled.queries, store, stage)
        return rows, Checked("full", "the change touches classes or properties", changed=len(delta))
    moved |= {c for c in components - moved if _takes_part(store, c, added)}
    # a query whose detached components' solutions changed is checked again in full
    reaches = {k: (UNBOUNDED if moved.intersection(r.detached) else r) for k, r in reaches.items()}
    groups: dict[_Walk, float] = {}  # how queries walk from a change -> the farthest they reach
    depths: dict[_Walk, set[int]] = {}
    for r in reaches.values():
        if r.bounded:
            groups[_walk(r)] = max(groups.get(_walk(r), 0), r.depth)
            depths.setdefault(_walk(r), set()).add(int(r.depth))
    if stage:
        stage("validating: finding the focus nodes near the change")
    seeds = {t.subject for t in delta}
    near = {walk: _near(store, seeds, depth, *walk) for walk, depth in groups.items()}
    nodes = {n for found in near.values() for n in found}
    checked = Checked("incremental", changed=len(delta), near=len(nodes))
    if any(len(found) > MOST_NEAR for found in near.values()):
        return _run_all(compiled.queries, store, stage), Checked("full", "the change reaches most of the data",
                                                                 changed=len(delta))
    index = {walk: i for i, walk in enumerate(near)}
    store.bulk_extend(q for walk, found in near.items() for q in _focus_quads(found, index[walk], depths[walk]))
    try:
        rows: dict[str, list[Row]] = {}
        select = shacl_run.oxigraph_select(store)
        if stage:
            stage(f"validating: {len(nodes)} nodes near {len(delta)} changed triples")
        keys = [fingerprint(q) for q in compiled.queries]
        restricted = [q.restricted_to(_restriction(index[_walk(reaches[k])], reaches[k].depth))
                      if reaches[k].bounded else None for q, k in zip(compiled.queries, keys, strict=True)]
        checked.full += sum(text is None for text in restricted)
        checked.rerun += len(restricted) - sum(text is None for text in restricted)
        found = shacl_run.select_each([text or q.sparql for q, text in zip(compiled.queries, restricted, strict=True)],
                                      select, shacl_run.parallel_workers())
        for key, text, new in zip(keys, restricted, found, strict=True):
            r = reaches[key]
            if text is None:
                rows[key] = new
                continue
            again = {shacl_run.from_ox(n) for n, d in near[_walk(r)].items() if d <= r.depth}
            rows[key] = [row for row in old_rows[key] if row.get("this") not in again] + new
    finally:
        store.remove_graph(FOCUS_GRAPH)
    return rows, checked


def _difference(source: ox.Store, graphs: Sequence[str], ontology: Sequence[str],
                changed: dict[str, list[ox.Triple]]) -> tuple[list[ox.Triple], list[ox.Triple]]:
    """The triples the merge of the data graphs and the ontology lost, and those it gained, given the
    triples ``changed`` graphs held before."""
    validated = {ox.NamedNode(g) for g in [*graphs, *ontology]}
    before = {t for triples in changed.values() for t in triples}
    after = {q.triple for g in changed if ox.NamedNode(g) in validated
             for q in source.quads_for_pattern(None, None, None, ox.NamedNode(g))}
    kept = {ox.NamedNode(g) for g in changed}

    def held_elsewhere(t: ox.Triple) -> bool:
        return any(q.graph_name in validated and q.graph_name not in kept
                   for q in source.quads_for_pattern(t.subject, t.predicate, t.object, None))

    removed = [t for t in before - after if not held_elsewhere(t)]
    added = [t for t in after - before if not held_elsewhere(t)]
    return removed, added


def _takes_part(store: ox.Store, component: Component, triples: list[ox.Triple]) -> bool:
    """Whether any of ``triples`` (all in ``store``) may take part in a solution of ``component``: if
    none does, adding or removing them leaves its solutions as they were. Asked per pattern, with
    the pattern's variables bound to each matching triple's terms (a blank node's left unbound, so
    that the answer can only err towards yes)."""
    for pattern in component:
        matching = [t for t in triples if t.predicate.value in pattern.predicates]
        if not matching:
            continue
        if not pattern.direct:  # a longer path: where the triple falls on it is not worked out
            return True
        ends = [(pattern.subject, "subject"), (pattern.object, "object")]
        names = list(dict.fromkeys(term for term, _ in ends if term.startswith("?")))
        rows = set()
        for t in matching:
            bound: dict[str, str] = {}
            for term, end in ends:
                if term.startswith("?"):
                    value = getattr(t, end)
                    text = "UNDEF" if isinstance(value, ox.BlankNode) else str(value)
                    if bound.setdefault(term, text) != text:
                        break  # the pattern's two ends are one variable, and the triple's are not one term
            else:
                rows.add(tuple(bound[n] for n in names))
        if not rows:
            continue
        values = (f"VALUES ({' '.join(names)}) {{ {' '.join('(' + ' '.join(r) + ')' for r in sorted(rows))} }} "
                  if names else "")
        try:
            if store.query(f"ASK {{ {values}{' '.join(p.text() for p in component)} }}"):
                return True
        except SyntaxError:  # a term the query cannot hold as written: assume it takes part
            return True
    return False


def _touches_schema(store: ox.Store, delta: list[ox.Triple]) -> bool:
    """Whether a changed triple is about the schema: a triple in the RDFS, OWL or SHACL vocabulary
    (other than labels), or about a node that is used as a class or as a property."""
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    subjects = set()
    for t in delta:
        p = t.predicate.value
        if p.startswith(_SCHEMA_NAMESPACES) and p not in _LABELS:
            return True
        if t.predicate == rdf_type and isinstance(t.object, ox.NamedNode) \
                and t.object.value.startswith(_SCHEMA_NAMESPACES):
            return True
        subjects.add(t.subject)
    for s in subjects:
        if isinstance(s, ox.NamedNode) and (next(iter(store.quads_for_pattern(None, s, None, None)), None) is not None
                                            or next(iter(store.quads_for_pattern(None, rdf_type, s, None)), None)
                                            is not None):
            return True
    return False


def _inverted(reaches: Iterable[Reach]) -> frozenset[Node] | None:
    found: frozenset[Node] = frozenset()
    for r in reaches:
        if r.inverted is None:
            return None
        found |= r.inverted
    return found


_Walk = tuple[frozenset[Node], frozenset[Node]]


def _walk(reach: Reach) -> _Walk:
    """How a bounded query is walked back to from a change: the predicates it reads backwards, and
    those it follows any number of times."""
    assert reach.inverted is not None and reach.closure is not None
    return reach.inverted, reach.closure


def _near(store: ox.Store, seeds: set, depth: float, inverted: frozenset[Node], closure: frozenset[Node]) -> dict:
    """Nodes within ``depth`` steps of ``seeds``, with their distance: walking triples backwards, and
    forwards along ``inverted``; steps along ``closure`` (either way) are not counted."""
    forwards = [ox.NamedNode(str(p)) for p in inverted]
    free = [ox.NamedNode(str(p)) for p in closure]
    graph = ox.DefaultGraph()
    distance = {s: 0 for s in seeds}
    queue = deque((s, 0) for s in seeds)
    while queue and len(distance) <= MOST_NEAR:
        node, d = queue.popleft()
        if d > distance[node]:
            continue
        steps: list[tuple[object, int]] = []
        literal = isinstance(node, ox.Literal)
        for p in free:  # not counted: visited before the nodes one step further
            steps += [(q.subject, d) for q in store.quads_for_pattern(None, p, node, graph)]
            if not literal:
                steps += [(q.object, d) for q in store.quads_for_pattern(node, p, None, graph)]
        if d < depth:
            steps += [(q.subject, d + 1) for q in store.quads_for_pattern(None, None, node, graph)]
            if not literal:
                for p in forwards:
                    steps += [(q.object, d + 1) for q in store.quads_for_pattern(node, p, None, graph)]
        for n, nd in steps:
            if nd < distance.get(n, math.inf):
                distance[n] = nd
                if nd == d:
                    queue.appendleft((n, nd))
                else:
                    queue.append((n, nd))
    return distance


def _focus_quads(found: dict, group: int, depths: Iterable[int]) -> Iterable[ox.Quad]:
    """For each depth, the nodes of ``found`` within that many steps of the change (walking as the
    queries of ``group`` read), as objects of a subject naming the group and the depth."""
    for depth in depths:
        subject = _near_subject(group, depth)
        for node, distance in found.items():
            if distance <= depth:
                yield ox.Quad(subject, FOCUS_NODE, node, FOCUS_GRAPH)


def _near_subject(group: int, depth: float) -> ox.NamedNode:
    return ox.NamedNode(f"{FOCUS_GRAPH.value}:{group}:{int(depth)}")


def _restriction(group: int, depth: float) -> str:
    """A group pattern binding ``?this`` to each node within ``depth`` steps of the change, walking as
    the queries of ``group`` read (one constant subject and predicate, so that it is matched first)."""
    return f"GRAPH <{FOCUS_GRAPH.value}> {{ <{_near_subject(group, depth).value}> <{FOCUS_NODE.value}> ?this }} "


def open_view(store_folder: Path) -> ValidationView | None:
    """The validation view of a store folder, or None when the folder's ``validation/`` is not Hisab's."""
    view = ValidationView(store_folder)
    return view if view.usable() else None




def validate_folder_store(store: ox.Store, store_folder: Path, graphs: Sequence[str], ontology: Sequence[str],
                          shapes: Graph, inputs: dict, previous: dict | None,
                          changed: dict[str, list[ox.Triple]] | None,
                          stage: Stage | None = None) -> tuple[ValidationOutcome, Checked] | None:
    """:func:`validate_view` for the store of the folder ``store_folder``, as a validation outcome; None
    when the folder's ``validation/`` is not Hisab's (the caller then validates as usual). ``previous``
    and ``inputs`` are the input hashes, by kind, of the folder's last run and of this one."""
    view = ValidationView(store_folder)
    if not view.usable():
        return None
    compiled = compiled_shapes(shapes)
    try:
        results, checked = validate_view(store, graphs, ontology, compiled, view, inputs, previous, changed, stage)
    except OSError:  # the view cannot be opened or written (damaged, no space): validate as usual
        return None
    finally:
        view.close()
    return outcome_of(results, compiled, StoreLabels(store, graphs, ontology)), checked
