"""Where a parameter's one-row VALUES may also go inside subqueries, without changing any result.

One job: a saved query binds its parameters with one VALUES row at the start of its outermost group
(:func:`hisab.queries.inject_values`). A subquery is evaluated on its own, before the join with that
row, so an engine that does not push bindings into subqueries (Oxigraph does not) computes the
subquery for every actor, incident or agreement in the store and only then keeps the asked one. At a
million triples that turns a query answering in milliseconds into one stopped after minutes.

The same row placed at the start of the subquery's WHERE group gives the same results when

- the subquery is joined with the row: the groups between it and the outermost group are plain
  groups or UNION branches (not OPTIONAL, MINUS, EXISTS, GRAPH or SERVICE, whose right side meets
  rows that may leave the variable unbound);
- it projects the variable as itself (not ``(expr AS ?v)``), has no LIMIT or OFFSET (a slice of
  other rows is another slice), and binds the variable in every solution of its WHERE — otherwise a
  solution leaving it unbound would be merged into the asked value's group (GROUP BY, DISTINCT)
  instead of forming its own;
- every subquery around it qualifies too.

Binding is checked on the algebra rdflib makes of the subquery's WHERE group; a group rdflib cannot
read is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib.paths import Path as RdfPath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Identifier, Variable

from hisab.sparql_text import QUERY_FORMS, Token, tokens

#: Keywords before a group whose pattern does not simply join the rows around it.
_NOT_A_JOIN = frozenset({"OPTIONAL", "MINUS", "EXISTS", "SERVICE", "GRAPH", "SILENT"})


@dataclass
class _Group:
    """One ``{ … }`` of the text: where it opens and closes, its parent, and what kind it is."""

    start: int  # index of the '{' token
    end: int | None  # index of the matching '}' token
    parent: _Group | None
    joins: bool  # its rows are joined with its parent's (not OPTIONAL, MINUS, …)
    subquery: bool  # '{ SELECT …'
    where: _Group | None = None  # for a subquery: its WHERE group (its first child group)


@lru_cache(maxsize=512)
def pushdown_offsets(text: str, variable: str) -> tuple[int, ...]:
    """Text offsets just after the '{' of each subquery WHERE group that can take ``?variable``'s
    one-row VALUES too (see the module's conditions); empty when none can. Cached: saved queries are
    bound again and again, and reading a subquery's algebra takes rdflib tens of milliseconds."""
    toks = [t for t in tokens(text) if t.kind != "comment"]
    prologue = text[:next((t.start for t in toks if t.keyword in QUERY_FORMS), 0)]
    return tuple(toks[sub.where.start].start + 1 for sub in _groups(toks)
                 if sub.subquery and _qualifies(text, toks, sub, variable, prologue))


def _groups(toks: list[Token]) -> list[_Group]:
    groups: list[_Group] = []
    stack: list[_Group] = []
    for index, token in enumerate(toks):
        if token.text == "{" and token.kind == "punct":
            before = [t.keyword for t in toks[max(0, index - 3):index]]
            joins = not any(k in _NOT_A_JOIN for k in before[-1:]) and not (
                len(before) >= 2 and before[-2] in ("GRAPH", "SERVICE")) and not (
                len(before) >= 3 and before[-3] == "SERVICE")
            subquery = index + 1 < len(toks) and toks[index + 1].keyword == "SELECT"
            parent = stack[-1] if stack else None
            group = _Group(index, None, parent, joins, subquery)
            if parent is not None and parent.subquery and parent.where is None:
                parent.where = group
            groups.append(group)
            stack.append(group)
        elif token.text == "}" and token.kind == "punct" and stack:
            stack.pop().end = index
    return groups


def _qualifies(text: str, toks: list[Token], sub: _Group, variable: str, prologue: str) -> bool:
    """Whether ``sub`` and every group up to the outermost one let the VALUES row in."""
    node: _Group | None = sub
    while node is not None and node.parent is not None:
        if not node.joins or (node.subquery and not _subquery_takes(text, toks, node, variable, prologue)):
            return False
        node = node.parent
    return _subquery_takes(text, toks, sub, variable, prologue)


def _subquery_takes(text: str, toks: list[Token], sub: _Group, variable: str, prologue: str) -> bool:
    where = sub.where
    if where is None or where.end is None or sub.end is None:
        return False
    depth = 0
    plain: list[str] = []
    for token in toks[sub.start + 2:where.start]:  # the projection
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
        elif token.kind == "var" and depth == 0:
            plain.append(token.text[1:])
        elif token.text == "*" and depth == 0:
            return False  # SELECT *: the variable's scope is not visible in the text
    if variable not in plain:
        return False
    if any(t.keyword in ("LIMIT", "OFFSET") for t in toks[where.end + 1:sub.end]):
        return False
    if _in_a_top_level_pattern(toks[where.start + 1:where.end], variable):
        return True  # the common case, read from the tokens: no need to parse the group
    group_text = text[toks[where.start].start:toks[where.end].start + 1]
    return variable in certainly_bound(prologue + "\nSELECT * WHERE " + group_text)


def _in_a_top_level_pattern(toks: list[Token], variable: str) -> bool:
    """Whether every solution of a group (the tokens between its braces) binds ``?variable``, as far as
    its tokens show: the variable is a term of one of the group's own triple patterns (outside any
    parentheses: expressions, BIND, collections; and outside VALUES), or is so in a plain inner group,
    or in every branch of a UNION. False when in doubt (the caller then reads the algebra)."""
    braces = parens = 0
    after_values = False
    branches: list[bool] = []  # the inner groups of the UNION chain being read: whether each binds it
    opened = 0
    plain = False
    for index, token in enumerate(toks):
        if token.kind == "punct" and token.text == "{":
            if braces == 0:
                opened = index
                before = toks[index - 1] if index else None
                plain = before is None or before.keyword == "UNION" or (before.kind == "punct" and before.text in ".})")
                if before is None or before.keyword != "UNION":
                    branches = []
            braces += 1
        elif token.kind == "punct" and token.text == "}":
            braces -= 1
            if braces == 0:
                after_values = False  # a VALUES block, or the group of a GRAPH or SERVICE, ends here
                inner = toks[opened + 1:index]
                subquery = bool(inner) and inner[0].keyword == "SELECT"
                branches.append(plain and not subquery and _in_a_top_level_pattern(inner, variable))
                following = toks[index + 1].keyword if index + 1 < len(toks) else None
                if following != "UNION" and all(branches):
                    return True
        elif braces:
            continue
        elif token.kind == "punct" and token.text in "()":
            parens += 1 if token.text == "(" else -1
        elif token.keyword in ("VALUES", "SERVICE", "GRAPH"):
            after_values = True
        elif token.kind == "punct" and token.text == ".":
            after_values = False
        elif token.kind == "var" and token.text[1:] == variable and parens == 0 and not after_values:
            return True
    return False


@lru_cache(maxsize=512)
def certainly_bound(query: str) -> frozenset[str]:
    """The variables every solution of ``query``'s WHERE binds (empty when rdflib cannot read it)."""
    try:
        algebra = prepareQuery(query).algebra
    except Exception:  # any text rdflib cannot read (its parser raises several kinds): push nothing
        return frozenset()
    return frozenset(str(v) for v in _certain(algebra))


def _certain(node: object) -> set[Variable]:
    if not isinstance(node, CompValue):
        return set()
    name = node.name
    if name == "BGP":
        found: set[Variable] = set()
        for triple in node.triples:
            for term in (triple[0], triple[2]) if isinstance(triple[1], RdfPath) else triple:
                if isinstance(term, Variable):
                    found.add(term)
        return found
    if name == "Join":
        return _certain(node.p1) | _certain(node.p2)
    if name in ("LeftJoin", "Minus"):
        return _certain(node.p1)
    if name == "Union":
        return _certain(node.p1) & _certain(node.p2)
    if name == "Graph":
        return _certain(node.p) | ({node.term} if isinstance(node.term, Variable) else set())
    if name == "values":
        rows = node.res or []
        return {v for v in (rows[0].keys() if rows else [])
                if all(isinstance(row.get(v), Identifier) for row in rows)}  # rdflib writes UNDEF as "UNDEF"
    if name == "AggregateJoin":  # a nested subquery's GROUP BY: its plain keys, where its group binds them
        group = node.p
        keys = {e for e in (group.expr or []) if isinstance(e, Variable)}
        return keys & _certain(group.p)
    if name == "Project":
        return _certain(node.p) & set(node.PV)
    if name in ("SelectQuery", "Filter", "Extend", "ToMultiSet", "Distinct", "Reduced", "OrderBy"):
        return _certain(node.p)
    return set()
