"""SPARQL-based constraints rewritten to run once over all focus nodes.

SHACL runs the ``sh:select`` of a SPARQL constraint once per focus node with ``$this`` pre-bound
to it. Here ``$this`` stays a variable, joined with a pattern that binds it to every focus node (the
focus block), in the query's WHERE group and in every sub-select that uses ``$this``: one query gives
the results of all focus nodes. Where the group's first triples use ``$this`` (so bind it before any
``OPTIONAL``, ``BIND`` or filter sees it) the block goes at the end of the group, so the query's own
patterns lead as with pre-binding (Oxigraph then evaluates them in the same order, which keeps
order-dependent aggregates such as ``GROUP_CONCAT`` as pyshacl gets them); otherwise at its head.
``$this`` is added to the projection (the query must still tell the focus node of each row) and to
``GROUP BY`` (an aggregate is then computed per focus node, as with pre-binding). ``$PATH`` is replaced
by the shape's path and ``$currentShape`` by the shape's IRI, as in pyshacl.

A ``FILTER NOT EXISTS { P }`` of the WHERE group (or of a sub-select) whose ``P`` holds a property
path (``/``, ``|``, ``*``, ``?``; not ``+``) becomes ``MINUS { F P }`` at the end of the group, ``F``
being the group's first triples, where that is equivalent: the variables ``P`` shares with the rest
of the query are bound by ``F`` (or are ``$this``) and by ``F`` or ``P``'s own triples, so a row is
removed exactly when ``P`` matches with its values. A UNION in ``P`` is distributed, one ``MINUS``
per branch. Oxigraph plans the pattern of a ``NOT EXISTS`` without knowing which of its variables the
row binds, so it evaluates its paths over the whole graph for every row (a ``*`` path enumerating
every node); a ``MINUS`` is evaluated once, its triples joined from ``F``'s. Measured on 1,000,000
triples with this project's shapes: one constraint went from 12 s to 0.6 s, another from about 15
minutes to 4 s; a ``+`` path was cheaper row by row.

Where the UNION's branches are plain triples, each holding a ``*`` path whose variables shared with
the rest (``V``) are all bound by ``F`` and the triples outside the UNION (``R``), the ``MINUS`` is
``MINUS { F R { SELECT V WHERE { { SELECT V WHERE { F R } GROUP BY V } FILTER EXISTS { B1 UNION … } } } }``:
Oxigraph would otherwise walk the paths once for every row of ``F R`` (39,336 rows for 648 distinct
pairs of ends at 1,000,000 triples). The grouping is a barrier Oxigraph does not push the filter
through (it does through ``DISTINCT``), and ``EXISTS`` walks from ends the row binds; its triples are
matched in the order written, so a shape should lead with the triples that bind a walk's far end.
18 s to 1.2 s for the agreement-reach constraint at 1,000,000 triples.

A ``FILTER EXISTS { P }`` of a group is, likewise, evaluated by Oxigraph once per row from an
unbound plan (4 ms a row for two triples on 1,000,000 triples). Where every variable ``P`` shares
with the rest of the query is bound by ``F`` (``$this`` may be bound by ``P``), it becomes a join
with ``{ SELECT DISTINCT V WHERE { F P } }`` at the end of the group, ``V`` those shared variables:
each row is kept once exactly when ``P`` matches with its values. A query that uses ``GROUP_CONCAT``
is left alone, so that its rows keep the order pyshacl concatenates them in.

What pre-binding cannot be turned into a join raises :class:`UnsupportedShapes`: aggregates
without ``GROUP BY`` (a focus node without matches would give a row of zeros), ``LIMIT``/``OFFSET``
(per focus node), ``$shapesGraph``, a sub-select that uses ``$this`` without selecting it, and what
SHACL forbids (``MINUS``, ``VALUES``, ``SERVICE``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hisab.shacl_shapes import UnsupportedShapes

_PROTECTED = re.compile(
    r'(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')'
    r'|(?P<iri><[^<>"{}|^`\\\s]*>)'
    r'|(?P<comment>\#[^\n]*)',
    re.S)
_CODE_TOKEN = re.compile(r"(?P<var>[?$][A-Za-z0-9_\u00b7-\uffff]+)|(?P<word>[A-Za-z_][A-Za-z0-9_\-.:]*)"
                         r"|(?P<punct>[{}()])|\S")
_AGGREGATES = {"COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"}
_FORBIDDEN = {"MINUS", "VALUES", "SERVICE", "FROM"}


@dataclass(frozen=True)
class _Token:
    kind: str  # var, word, punct, other, string, iri, comment
    text: str
    start: int

    @property
    def upper(self) -> str:
        return self.text.upper()

    @property
    def name(self) -> str:
        """A variable's name without ``?``/``$``."""
        return self.text[1:]


@dataclass(frozen=True)
class Rewritten:
    """A SPARQL-based constraint ready to run over all focus nodes."""

    query: str  # the rewritten SELECT (its own prologue kept, the caller adds PREFIX lines before it)
    variables: tuple[str, ...]  # the projected variables, in order (``this`` included)
    this_selected: bool  # whether the original query selected $this itself


def tokens(text: str) -> list[_Token]:
    """The tokens of a SPARQL query: strings, IRIs and comments whole, then variables, words, braces."""
    found: list[_Token] = []
    position = 0
    for match in _PROTECTED.finditer(text):
        found.extend(_code_tokens(text[position:match.start()], position))
        found.append(_Token(match.lastgroup or "other", match.group(0), match.start()))
        position = match.end()
    found.extend(_code_tokens(text[position:], position))
    return found


def _code_tokens(code: str, offset: int) -> list[_Token]:
    return [_Token(m.lastgroup or "other", m.group(0), offset + m.start()) for m in _CODE_TOKEN.finditer(code)]


def mentions(text: str, variable: str) -> bool:
    """Whether the query uses ``?variable``/``$variable`` (outside strings, IRIs and comments)."""
    return any(t.kind == "var" and t.name == variable for t in tokens(text))


def rewrite(select: str, focus_block: str, substitutions: dict[str, str], where: str, *,
            few: bool = False) -> Rewritten:
    """``select`` restricted to the focus nodes by ``focus_block`` (a group pattern binding ``?this``
    to each focus node) in its WHERE group and in every sub-select using ``$this``; ``substitutions``
    maps variable names (``PATH``, ``currentShape``) to the SPARQL text that replaces them. ``where``
    names the constraint in errors.

    With ``few`` the query is shaped for a few focus nodes: the focus block comes first in each group
    (binding ``?this`` before anything else is matched), and a ``MINUS`` made of a ``FILTER NOT
    EXISTS`` holds the focus block too, so that it is matched for those nodes only."""
    substituted: list[tuple[int, int, str]] = []  # (start, end, replacement)
    for t in tokens(select):
        if t.kind == "var" and t.name == "shapesGraph":
            raise UnsupportedShapes(f"{where}: $shapesGraph is not supported")
        if t.kind == "var" and t.name in substitutions:
            substituted.append((t.start, t.start + len(t.text), substitutions[t.name]))
        if t.kind == "word" and t.upper in _FORBIDDEN:
            raise UnsupportedShapes(f"{where}: a SPARQL constraint may not use {t.upper}")
    select = _apply(select, substituted)
    edits: list[tuple[int, int, str]] = []
    code = [t for t in tokens(select) if t.kind != "comment"]
    select_at = next((i for i, t in enumerate(code) if t.kind == "word" and t.upper == "SELECT"), None)
    if select_at is None:
        raise UnsupportedShapes(f"{where}: sh:select holds no SELECT query")
    query = _Select.parse(code, select_at, where)
    if query.end != len(code):
        raise UnsupportedShapes(f"{where}: unexpected text after the query")
    variables = query.projection
    this_selected = query.star or "this" in variables
    if not query.star and not this_selected:
        edits.append((query.projection_end, query.projection_end, " ?this "))
        variables = (*variables, "this")
    if not query.star and not {"this", "path", "value"} & set(query.projection):
        raise UnsupportedShapes(f"{where}: the query selects none of $this, ?path, ?value, so pyshacl would "
                                "report nothing; select $this")
    edits.extend(query.edits(focus_block, top=True, first=few))
    edits.extend(query.anti_joins(select, focus_block if few else None))
    return Rewritten(_apply(select, edits), tuple(variables), this_selected)


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    """``text`` with each (start, end, replacement) edit made (edits do not overlap)."""
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


@dataclass
class _Select:
    """The parts of one SELECT (the top query or a sub-select) that the rewrite touches."""

    tokens: list[_Token]
    projection: tuple[str, ...]
    star: bool
    projection_end: int  # character offset where the projection ends
    where_open: int  # character offset just after the WHERE group's "{"
    where_close: int  # character offset of the WHERE group's "}"
    this_first: bool  # whether the group's first triples block uses $this (so binds it)
    aggregates: bool
    group_by: list[_Token] | None  # the GROUP BY conditions' tokens
    group_by_end: int
    subqueries: list[_Select]
    uses_this: bool
    start: int  # index (in tokens) of the SELECT keyword
    end: int  # index (in tokens) just after the query
    where: str

    @classmethod
    def parse(cls, code: list[_Token], start: int, where: str) -> _Select:
        """The SELECT whose keyword is ``code[start]``."""
        i = start + 1
        projection: list[str] = []
        star = aggregates = False
        depth = 0
        while i < len(code) and not (depth == 0 and code[i].text == "{"):
            t = code[i]
            if t.text == "(":
                depth += 1
            elif t.text == ")":
                depth -= 1
            elif t.text == "*" and depth == 0:
                star = True
            elif t.kind == "var" and (depth == 0 or (depth == 1 and code[i - 1].upper == "AS")):
                projection.append(t.name)
            elif t.kind == "word" and t.upper in _AGGREGATES:
                aggregates = True
            i += 1
        if i >= len(code):
            raise UnsupportedShapes(f"{where}: no WHERE group in the query")
        last = code[i - 1]
        projection_end = (last.start if last.kind == "word" and last.upper == "WHERE"
                          else code[i].start)
        open_at = i
        close_at = _matching(code, open_at, where)
        subqueries: list[_Select] = []
        uses_this = False
        j = open_at + 1
        while j < close_at:
            t = code[j]
            if t.text == "{" and j + 1 < close_at and code[j + 1].kind == "word" and code[j + 1].upper == "SELECT":
                sub = cls.parse(code, j + 1, where)
                subqueries.append(sub)
                uses_this = uses_this or sub.uses_this
                j = sub.end
                continue
            if t.kind == "var" and t.name == "this":
                uses_this = True
            j += 1
        group_by: list[_Token] | None = None
        group_by_end = code[close_at].start + 1
        k = close_at + 1
        while k < len(code) and code[k].text != "}":
            t = code[k]
            if t.kind == "word" and t.upper in ("LIMIT", "OFFSET"):
                raise UnsupportedShapes(f"{where}: LIMIT and OFFSET are per focus node in SHACL; not supported")
            if t.kind == "word" and t.upper == "GROUP" and k + 1 < len(code) and code[k + 1].upper == "BY":
                group_by = []
                k += 2
                depth = 0
                while k < len(code) and not (depth == 0 and (code[k].text == "}" or (
                        code[k].kind == "word" and code[k].upper in ("HAVING", "ORDER", "LIMIT", "OFFSET")))):
                    depth += {"(": 1, ")": -1}.get(code[k].text, 0)
                    group_by.append(code[k])
                    k += 1
                group_by_end = group_by[-1].start + len(group_by[-1].text) if group_by else group_by_end
                continue
            if t.kind == "word" and t.upper in _AGGREGATES:
                aggregates = True
            k += 1
        uses_this = uses_this or "this" in projection
        return cls(code, tuple(projection), star, projection_end, code[open_at].start + 1, code[close_at].start,
                   "this" in _first_block_vars(code, open_at + 1, close_at), aggregates, group_by, group_by_end,
                   subqueries, uses_this, start, k, where)

    def edits(self, focus_block: str, *, top: bool, first: bool = False) -> list[tuple[int, int, str]]:
        """Restrict to the focus nodes (top query, and sub-selects using $this) and group by $this."""
        if not top and not self.uses_this:
            return []
        if not top and not self.star and "this" not in self.projection:
            raise UnsupportedShapes(f"{self.where}: a sub-select that uses $this must select it")
        if self.this_first and not first:
            found = [(self.where_close, self.where_close, f" {focus_block} ")]
        else:
            found = [(self.where_open, self.where_open, f" {focus_block} ")]
        if self.aggregates and self.group_by is None:
            raise UnsupportedShapes(f"{self.where}: aggregates without GROUP BY $this are not supported "
                                    "(with pre-binding, a focus node without matches still gives a row)")
        if self.group_by is not None and not any(t.kind == "var" and t.name == "this" for t in self.group_by):
            found.append((self.group_by_end, self.group_by_end, " ?this"))
        for sub in self.subqueries:
            found.extend(sub.edits(focus_block, top=False, first=first))
        return found

    def anti_joins(self, text: str, focus_block: str | None = None) -> list[tuple[int, int, str]]:
        """Each ``FILTER NOT EXISTS { P }`` of the group (and of sub-selects) with a property path in
        ``P`` turned into ``MINUS { F P }`` at the end of the group, ``F`` being the group's first
        triples, and each ``FILTER EXISTS { P }`` into a join with ``{ SELECT DISTINCT V WHERE { F P } }``
        (``V`` the variables ``P`` shares with the rest of the query), where that is equivalent (see the
        module's documentation). With ``focus_block``, ``B F P`` instead of ``F P`` (``B`` the block),
        where ``F`` binds ``$this`` so that this is equivalent."""
        code = self.tokens
        open_at = next(i for i, t in enumerate(code) if t.start == self.where_open - 1)
        close_at = _matching(code, open_at, self.where)
        first_end = _first_block_end(code, open_at + 1, close_at)
        first_vars = {t.name for t in code[open_at + 1:first_end] if t.kind == "var"}
        first_text = _without_comments(text[code[open_at].start + 1:code[first_end].start]).strip()
        if first_text and not first_text.endswith("."):
            first_text += " ."
        if focus_block is not None:
            if "this" not in first_vars:
                return []
            first_text = f"{focus_block} {first_text}"
        found: list[tuple[int, int, str]] = []
        joins: list[str] = []
        minuses: list[str] = []
        ordered = any(t.kind == "word" and t.upper == "GROUP_CONCAT" for t in code)  # keep rows in their order
        i = open_at + 1
        while i < close_at:
            t = code[i]
            if t.text == "{":
                i = _matching(code, i, self.where) + 1
                continue
            if (t.kind == "word" and t.upper == "FILTER" and i + 3 < close_at and code[i + 1].upper == "NOT"
                    and code[i + 2].upper == "EXISTS" and code[i + 3].text == "{"):
                end = _matching(code, i + 3, self.where)
                inner = code[i + 4:end]
                outside = {u.name for u in code[self.start:i] + code[end + 1:self.end] if u.kind == "var"}
                shared = {u.name for u in inner if u.kind == "var"} & outside
                bound_inside = first_vars | _triple_vars(code, i + 4, end)
                operators = {u.text for u in inner if u.kind == "other"} & _PATH_OPERATORS
                if (operators and "+" not in operators
                        and not _has_select(code, i + 4, end)
                        and shared <= first_vars | {"this"} and shared <= bound_inside):
                    parts = _distributed(code, text, i + 4, end, shared - first_vars, first_vars) or [
                        _Body(text[code[i + 3].start + 1:code[end].start])]
                    found.append((t.start, code[end].start + 1, ""))
                    minuses.extend(f" MINUS {{ {part.minus_body(first_text)} }} " for part in parts)
                i = end + 1
                continue
            if (t.kind == "word" and t.upper == "FILTER" and i + 2 < close_at and code[i + 1].upper == "EXISTS"
                    and code[i + 2].text == "{" and not ordered):
                end = _matching(code, i + 2, self.where)
                outside = {u.name for u in code[self.start:i] + code[end + 1:self.end] if u.kind == "var"}
                shared = {u.name for u in code[i + 3:end] if u.kind == "var"} & outside
                binds_this = "this" in first_vars | _triple_vars(code, i + 3, end)
                if (shared and shared <= first_vars | ({"this"} if binds_this else set())
                        and not _has_select(code, i + 3, end)):
                    body = text[code[i + 2].start + 1:code[end].start]
                    projection = " ".join(f"?{name}" for name in sorted(shared))
                    found.append((t.start, code[end].start + 1, ""))
                    joins.append(f" {{ SELECT DISTINCT {projection} WHERE {{ {first_text} {body} }} }} ")
                i = end + 1
                continue
            i += 1
        if joins or minuses:  # the joins first: they narrow the rows each MINUS is matched against
            found.append((self.where_close, self.where_close, "".join(joins + minuses)))
        for sub in self.subqueries:
            found.extend(sub.anti_joins(text, focus_block))
        return found


def _has_select(code: list[_Token], start: int, end: int) -> bool:
    """Whether ``code[start:end]`` holds a sub-select (whose variables are scoped apart: left alone)."""
    return any(t.kind == "word" and t.upper == "SELECT" for t in code[start:end])


def _without_comments(text: str) -> str:
    """``text`` with its comments removed (copied elsewhere, a comment would swallow what follows it)."""
    for t in reversed([t for t in tokens(text) if t.kind == "comment"]):
        text = text[:t.start] + " " + text[t.start + len(t.text):]
    return text


@dataclass(frozen=True)
class _Body:
    """The pattern of one ``MINUS``: ``rest`` alone, or ``rest`` joined with the UNION of ``branches``
    (plain triples, each holding a ``*`` path), whose variables shared with ``F`` and ``rest`` are
    ``walked``."""

    rest: str
    branches: tuple[str, ...] = ()
    walked: tuple[str, ...] = ()

    def minus_body(self, first_text: str) -> str:
        """``F rest``, or, with ``walked`` variables, ``F rest`` joined with their distinct values for
        which a branch matches: grouped first, so that Oxigraph walks each distinct tuple of ends once
        instead of once a row, then checked by ``FILTER EXISTS``, which walks from bound ends."""
        if not self.walked:
            return f"{first_text} {self.rest}"
        names = " ".join(f"?{name}" for name in self.walked)
        union = " UNION ".join(f"{{ {branch} }}" for branch in self.branches)
        return (f"{first_text} {self.rest} {{ SELECT {names} WHERE {{ {{ SELECT {names} WHERE {{ {first_text} "
                f"{self.rest} }} GROUP BY {names} }} FILTER EXISTS {{ {union} }} }} }}")


def _distributed(code: list[_Token], text: str, start: int, end: int, needed: set[str],
                 first_vars: set[str]) -> list[_Body] | None:
    """The group ``code[start:end]`` with its one UNION distributed: ``F {A} UNION {B} R`` as the
    patterns ``F A R`` and ``F B R`` (a join distributes over a union, so NOT EXISTS of the group is NOT
    EXISTS of each; as one MINUS each, Oxigraph joins each branch's paths from bound ends instead of
    evaluating the union alone). None when the group holds no UNION, several, or a branch would
    leave a shared variable unbound.

    A branch of plain triples holding a ``*`` path, all of whose shared variables are bound outside
    it, is kept apart (:class:`_Body` ``walked``): joined row by row, Oxigraph would walk the path
    once for every row of ``F R`` (39,336 walks for 648 distinct pairs of ends at 1,000,000 triples)."""
    chains, i = [], start
    while i < end:
        if code[i].text != "{":
            i += 1
            continue
        branches = [(i, _matching(code, i, ""))]
        while branches[-1][1] + 2 < end and code[branches[-1][1] + 1].upper == "UNION" \
                and code[branches[-1][1] + 2].text == "{":
            at = branches[-1][1] + 2
            branches.append((at, _matching(code, at, "")))
        chains.append(branches)
        i = branches[-1][1] + 1
    unions = [c for c in chains if len(c) > 1]
    if len(unions) != 1 or len(chains) != 1:
        return None
    branches = unions[0]
    head = _without_comments(text[code[start].start:code[branches[0][0]].start])
    tail = _without_comments(text[code[branches[-1][1]].start + 1:code[end].start])
    rest_vars = _triple_vars(code, start, branches[0][0]) | _triple_vars(code, branches[-1][1] + 1, end)
    rest_plain = _plain(code, start, branches[0][0]) and _plain(code, branches[-1][1] + 1, end)
    outside = rest_vars | first_vars
    bodies = []
    for open_at, close_at in branches:
        if not needed <= outside | _triple_vars(code, open_at + 1, close_at):
            return None
        branch = _without_comments(text[code[open_at].start + 1:code[close_at].start])
        branch_vars = {t.name for t in code[open_at + 1:close_at] if t.kind == "var"}
        walked = tuple(sorted(branch_vars & outside))
        if (rest_plain and walked and needed <= outside and _plain(code, open_at + 1, close_at)
                and any(t.text == "*" for t in code[open_at + 1:close_at])):
            bodies.append(_Body(f"{head} {tail}", (branch,), walked))
        else:
            bodies.append(_Body(f"{head} {branch} {tail}"))
    if len({body.walked for body in bodies}) == 1 and bodies[0].walked:  # one MINUS: one grouping
        return [_Body(bodies[0].rest, tuple(b for body in bodies for b in body.branches), bodies[0].walked)]
    return bodies


def _plain(code: list[_Token], start: int, end: int) -> bool:
    """Whether ``code[start:end]`` holds triples only (no keyword, group or filter)."""
    return not any(t.text in ("{", "}") or (t.kind == "word" and t.upper in _GROUP_KEYWORDS)
                   for t in code[start:end])


#: Property path operators (``^`` alone is a cheap inverse step, left out). A ``NOT EXISTS`` holding
#: ``+`` stays as it is: on Oxigraph, evaluating a one-or-more path over the whole graph once costs
#: more than evaluating it row by row.
_PATH_OPERATORS = {"/", "*", "+", "?", "|"}
_GROUP_KEYWORDS = {"OPTIONAL", "FILTER", "BIND", "UNION", "MINUS", "GRAPH", "SERVICE", "VALUES", "SELECT"}


def _first_block_end(code: list[_Token], start: int, end: int) -> int:
    """The index of the first keyword or nested group after the group's first triples."""
    for i in range(start, end):
        if code[i].text in ("{", "}") or (code[i].kind == "word" and code[i].upper in _GROUP_KEYWORDS):
            return i
    return end


def _first_block_vars(code: list[_Token], start: int, end: int) -> set[str]:
    """The variables of the triples before the group's first keyword or nested group."""
    return {t.name for t in code[start:_first_block_end(code, start, end)] if t.kind == "var"}


def _triple_vars(code: list[_Token], start: int, end: int) -> set[str]:
    """The variables of the group's own triples (not those of filters, BIND, OPTIONAL or nested groups)."""
    found: set[str] = set()
    i = start
    while i < end:
        t = code[i]
        if t.text == "{":
            i = _matching(code, i, "") + 1
            continue
        if t.kind == "word" and t.upper in ("FILTER", "BIND"):
            i += 1
            while i < end and code[i].kind == "word" and code[i].upper in ("NOT", "EXISTS"):
                i += 1
            if i < end and code[i].text == "(":
                depth = 0
                while i < end:
                    depth += {"(": 1, ")": -1}.get(code[i].text, 0)
                    if depth == 0:
                        break
                    i += 1
            elif i < end and code[i].text == "{":
                i = _matching(code, i, "")
            elif i + 1 < end and code[i + 1].text == "(":  # FILTER isIRI(?x) and other calls
                i += 1
                continue
            i += 1
            continue
        if t.kind == "word" and t.upper in ("OPTIONAL", "MINUS", "GRAPH", "SERVICE", "VALUES", "UNION"):
            i += 1
            continue
        if t.kind == "var":
            found.add(t.name)
        i += 1
    return found


def _matching(code: list[_Token], open_at: int, where: str) -> int:
    depth = 0
    for i in range(open_at, len(code)):
        if code[i].text == "{":
            depth += 1
        elif code[i].text == "}":
            depth -= 1
            if depth == 0:
                return i
    raise UnsupportedShapes(f"{where}: unbalanced braces")
