"""Read a SPARQL request's text: its tokens, its form, and where its parts are.

One job: look at the text of a query the user (or, later, a web client) sends, without an engine,
so that policy checks (:mod:`hisab.query_policy`) and parameter binding (:mod:`hisab.queries`) see
what the engine will see. The lexer knows SPARQL's comments, strings (all four quote forms), IRI
references, variables, prefixed names and keywords, so a word inside a string, an IRI or a comment
is never taken for a keyword, and a keyword is recognised in any letter case.

SPARQL processes codepoint escapes (``\\u0044``) before parsing (SPARQL 1.1 §19.2); engines differ
in whether they do. :func:`analyse` therefore reads the text both as written and with its escapes
decoded; a checker refuses what either reading shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

#: Keywords that only SPARQL 1.1 Update (or an engine's update extension) uses.
UPDATE_KEYWORDS = frozenset({
    "INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH", "USING", "MODIFY",
})
QUERY_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<long_string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*''')
  | (?P<string>"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
  | (?P<word>[A-Za-z0-9_\u00C0-\uFFFF][A-Za-z0-9_\-.:%\\\u00B7\u00C0-\uFFFF]*|:[A-Za-z0-9_\-.:%\\\u00C0-\uFFFF]*)
  | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    """One token: its kind (``comment``, ``string``, ``iri``, ``var``, ``word``, ``punct``), text and offset."""

    kind: str
    text: str
    start: int

    @property
    def keyword(self) -> str | None:
        """The upper-cased keyword this token is, if it is a bare word (not a prefixed name)."""
        if self.kind == "word" and ":" not in self.text:
            return self.text.upper()
        return None

    @property
    def prefix(self) -> str | None:
        """The prefix of a prefixed name (``bif`` for ``bif:contains``), or None."""
        if self.kind == "word" and ":" in self.text:
            return self.text.split(":", 1)[0].lower()
        return None


def tokens(text: str) -> Iterator[Token]:
    """The tokens of ``text``, comments and whitespace included (kind ``ws`` is skipped)."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        if kind == "ws":
            continue
        value = match.group()
        if kind == "word":  # a final dot ends the triple, it is not part of the name
            stripped = value.rstrip(".")
            if not stripped:
                yield Token("punct", value, match.start())
                continue
            value = stripped
        if kind == "long_string":
            kind = "string"
        yield Token(kind, value, match.start())


def decode_escapes(text: str) -> str:
    """``text`` with its ``\\uXXXX`` and ``\\UXXXXXXXX`` codepoint escapes decoded."""
    def char(match: re.Match) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else match.group()

    return _ESCAPE.sub(char, text)


@dataclass
class Shape:
    """What a request's text shows: its form, the graphs and services it names, where its body starts."""

    form: str | None = None  # SELECT | CONSTRUCT | DESCRIBE | ASK, or an update keyword, or None
    update_keywords: list[str] = field(default_factory=list)
    services: list[str | None] = field(default_factory=list)  # IRIs after SERVICE; None for a variable
    from_graphs: list[str] = field(default_factory=list)
    from_named_graphs: list[str] = field(default_factory=list)
    engine_extensions: list[str] = field(default_factory=list)  # e.g. Virtuoso's DEFINE, bif:, sql:
    body_start: int | None = None  # offset of the '{' that opens the outermost group
    body_end: int | None = None  # offset of the '}' that closes it
    subqueries: list[tuple[int, int, list[str] | None]] = field(default_factory=list)  # (start, end, projected)


#: Prefixes of engine built-ins that reach outside the query (Virtuoso's SQL functions).
EXTENSION_PREFIXES = frozenset({"bif", "sql"})


def analyse(text: str) -> Shape:
    """The shape of one SPARQL request as written (codepoint escapes not decoded)."""
    shape = Shape()
    toks = [t for t in tokens(text) if t.kind != "comment"]
    depth_brace = depth_paren = 0
    open_braces: list[tuple[int, bool]] = []  # (offset, opens a subquery)
    construct_template = False
    for index, token in enumerate(toks):
        keyword = token.keyword
        nxt = toks[index + 1] if index + 1 < len(toks) else None
        if keyword in UPDATE_KEYWORDS:
            shape.update_keywords.append(keyword)
            shape.form = shape.form or keyword
        elif keyword in QUERY_FORMS and shape.form is None:
            shape.form = keyword
            construct_template = keyword == "CONSTRUCT" and nxt is not None and nxt.text == "{"
        elif keyword == "DEFINE":
            shape.engine_extensions.append("DEFINE")
        elif keyword == "SERVICE":
            target = nxt
            if target is not None and target.keyword == "SILENT":
                target = toks[index + 2] if index + 2 < len(toks) else None
            if target is not None and target.kind == "iri":
                shape.services.append(target.text[1:-1])
            elif target is not None and target.kind == "word" and target.prefix is not None:
                shape.services.append(target.text)
            else:
                shape.services.append(None)
        elif keyword == "FROM" and depth_brace == 0:
            named = nxt is not None and nxt.keyword == "NAMED"
            target = toks[index + 2] if named and index + 2 < len(toks) else nxt
            name = target.text[1:-1] if target is not None and target.kind == "iri" else (
                target.text if target is not None else "")
            (shape.from_named_graphs if named else shape.from_graphs).append(name)
        iri_scheme = token.text[1:-1].split(":", 1)[0].lower() if token.kind == "iri" else None
        if token.prefix in EXTENSION_PREFIXES or iri_scheme in EXTENSION_PREFIXES:
            shape.engine_extensions.append(token.text)
        if token.kind != "punct":
            continue
        if token.text == "(":
            depth_paren += 1
        elif token.text == ")":
            depth_paren = max(0, depth_paren - 1)
        elif token.text == "{":
            subquery = nxt is not None and nxt.keyword == "SELECT"
            if depth_brace == 0 and depth_paren == 0 and construct_template:
                pass  # the template of CONSTRUCT { … } WHERE { … }
            elif depth_brace == 0 and depth_paren == 0 and shape.body_start is None and shape.form in QUERY_FORMS:
                shape.body_start = token.start
            open_braces.append((token.start, subquery))
            depth_brace += 1
        elif token.text == "}":
            depth_brace = max(0, depth_brace - 1)
            start, subquery = open_braces.pop() if open_braces else (None, False)
            if depth_brace == 0:
                if construct_template and shape.body_start is None:
                    construct_template = False
                elif start == shape.body_start:
                    shape.body_end = token.start
            if subquery and start is not None:
                shape.subqueries.append((start, token.start, _projection(text[start:token.start])))
    return shape


def _projection(subquery: str) -> list[str] | None:
    """The variables a subquery (text from its '{') projects, or None for ``SELECT *``."""
    projected: list[str] = []
    for token in tokens(subquery[1:]):
        if token.kind == "comment" or token.keyword in ("SELECT", "DISTINCT", "REDUCED"):
            continue
        if token.text == "*":
            return None
        if token.text == "{" or token.keyword == "WHERE":
            break
        if token.kind == "var":
            projected.append(token.text[1:])
    # "(expr AS ?v)": ?v is projected; the expression's own variables are not, but listing them
    # too only makes the scope check more lenient, never stricter.
    return projected


def variable_positions(text: str, variable: str) -> list[int]:
    """Offsets where ``?variable`` or ``$variable`` occurs as a variable token."""
    return [t.start for t in tokens(text) if t.kind == "var" and t.text[1:] == variable]
