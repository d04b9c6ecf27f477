"""The catalogue of saved SPARQL queries, and safe binding of their parameters.

A saved query is a ``.rq`` file in ``queries/`` with a grlc-style header: lines starting with
``#+`` hold YAML (``summary``, ``description``, ``tags``, ``defaults``, ``enumerate``, ``pagination``).
Parameters follow grlc's naming: ``?_name`` is required, ``?__name`` optional, and a suffix gives the type
(``?_actor_iri``, ``?_limit_integer``, ``?_from_xsd_date``).

Values are never spliced into the query text as text. Each value is first turned into an RDF term
of the parameter's type (an absolute IRI, an integer, a valid date …) and then bound through a
``VALUES`` block placed at the start of the query's WHERE clause, written from the term's own
serialisation. Anything that is not a valid term of that type is rejected with a clear error.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from hisab.errors import HisabError
from hisab.namespaces import PREFIXES
from hisab.paging import page_size_of, pageable_problem
from hisab.sparql_text import Shape, analyse, variable_positions
from hisab.values_pushdown import pushdown_offsets

_PARAM = re.compile(r"\?(__?)([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*)")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_INT64 = (-(2**63), 2**63 - 1)  # what SPARQL engines hold in an xsd:integer
_MAX_VALUE = 2_000  # characters of a parameter value: in UTF-8 and percent-encoded, a URL servers accept
_TYPES = {
    "iri": "an absolute IRI or a known short name such as actor:russian-forces",
    "integer": "an integer",
    "xsd_date": "a date as YYYY-MM-DD",
    "literal": "a text",
}


@dataclass(frozen=True)
class Param:
    """One parameter of a saved query."""

    variable: str  # without the question mark, e.g. "_actor_iri"
    name: str  # e.g. "actor"
    kind: str  # iri | integer | xsd_date | literal
    required: bool

    def describe(self) -> str:
        """``name (kind, required)``."""
        return f"{self.name} ({self.kind}{', required' if self.required else ', optional'})"


@dataclass
class SavedQuery:
    """A query of the catalogue."""

    name: str
    path: Path
    text: str
    summary: str = ""
    description: str = ""
    tags: list[str] = field(default_factory=list)
    defaults: dict[str, str] = field(default_factory=dict)
    enumerate: list[str] = field(default_factory=list)
    params: list[Param] = field(default_factory=list)
    pagination: int | None = None  # rows per page of the API's answer (grlc's ``#+ pagination``)

    def param(self, name: str) -> Param:
        """The parameter called ``name`` (its short name or its variable)."""
        for param in self.params:
            if name in (param.name, param.variable):
                return param
        known = ", ".join(p.name for p in self.params) or "none"
        raise HisabError(f"query {self.name} has no parameter {name!r} (its parameters: {known})")


def parse_query_file(path: Path) -> SavedQuery:
    """Read one ``.rq`` file: its grlc header and its parameters."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise HisabError(f"{path}: cannot read the query ({exc})") from exc
    header_lines = [line[2:].removeprefix(" ") for line in text.splitlines() if line.startswith("#+")]
    try:
        header = yaml.safe_load("\n".join(header_lines)) or {}
    except yaml.YAMLError as exc:
        raise HisabError(f"{path}: the '#+' header is not valid YAML ({exc})") from exc
    if not isinstance(header, dict):
        raise HisabError(f"{path}: the '#+' header must be YAML key: value lines")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    params: dict[str, Param] = {}
    for prefix, variable in _PARAM.findall(body):
        var = f"{prefix}{variable}"
        kind, name = _kind_of(variable)
        params.setdefault(var, Param(var, name, kind, required=(prefix == "_")))
    defaults: dict[str, str] = {}
    for entry in _listed(header, "defaults", path):
        if not isinstance(entry, dict):
            raise HisabError(f"{path}: each entry of the '#+' header's defaults must be 'name: value'")
        defaults.update({str(k): str(v) for k, v in entry.items()})
    pagination = page_size_of(header, str(path))
    if pagination is not None:
        problem = pageable_problem(text)
        if problem is not None:
            raise HisabError(f"{path}: the '#+' header asks for pagination, but {problem}")
        if any(param.name == "page" for param in params.values()):
            raise HisabError(f"{path}: a paginated query cannot have a parameter called page (it names the page)")
    return SavedQuery(
        name=path.stem, path=path, text=text, pagination=pagination,
        summary=str(header.get("summary", "")).strip(), description=str(header.get("description", "")).strip(),
        tags=[str(t) for t in _listed(header, "tags", path)], defaults=defaults,
        enumerate=[str(e) for e in _listed(header, "enumerate", path)], params=list(params.values()),
    )


def _listed(header: dict, key: str, path: Path) -> list:
    """The list under ``key`` in a query's header (a single value counts as a list of one)."""
    value = header.get(key)
    if value is None:
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, str) or (key == "defaults" and isinstance(value, dict)):
        return [value]  # one tag written without brackets
    raise HisabError(f"{path}: the '#+' header's {key} must be a list (e.g. {key}: [a, b]), not {value!r}")


def load_catalogue(folder: Path) -> dict[str, SavedQuery]:
    """Every saved query in ``folder``, by name."""
    return {path.stem: parse_query_file(path) for path in sorted(folder.glob("*.rq"))}


def term_for(param: Param, value: str) -> Identifier:
    """The RDF term ``value`` stands for as a value of ``param``, or a clear error."""
    if any(0xD800 <= ord(c) <= 0xDFFF for c in value):  # undecodable bytes from the command line
        raise HisabError(f"parameter {param.name} is not valid UTF-8 text; give the value in UTF-8")
    if len(value) > _MAX_VALUE:
        raise HisabError(f"parameter {param.name} is {len(value)} characters long; at most {_MAX_VALUE} are accepted")
    problem = f"parameter {param.name} must be {_TYPES[param.kind]}, not {_shown(value)}"
    if param.kind == "iri":
        iri = _expand(value)
        if iri is None or _IRI_FORBIDDEN.search(iri) or not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$", iri):
            raise HisabError(problem)
        return URIRef(iri)
    if param.kind == "integer":
        digits = value.strip()
        if not re.fullmatch(r"[+-]?[0-9]{1,30}", digits) or not _INT64[0] <= int(digits) <= _INT64[1]:
            raise HisabError(f"{problem} (a whole number between {_INT64[0]} and {_INT64[1]})"
                             if re.fullmatch(r"[+-]?[0-9]+", digits) else problem)
        return Literal(int(digits), datatype=XSD.integer)
    if param.kind == "xsd_date":
        try:
            dt.date.fromisoformat(value.strip())
        except ValueError:
            raise HisabError(problem) from None
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
            raise HisabError(problem)
        return Literal(value.strip(), datatype=XSD.date)
    return Literal(value)


def bind(query: SavedQuery, values: dict[str, str]) -> tuple[str, dict[str, Identifier]]:
    """The query text to execute with ``values`` bound, and the bound terms by variable.

    Required parameters without a value take their default; a required parameter with neither is an
    error. Optional parameters without a value stay unbound.
    """
    terms: dict[str, Identifier] = {}
    for key, value in values.items():
        param = query.param(key)
        terms[param.variable] = term_for(param, value)
    for param in query.params:
        if param.variable in terms:
            continue
        default = query.defaults.get(param.variable) or query.defaults.get(param.name)
        if default is not None:
            terms[param.variable] = term_for(param, default)
        elif param.required:
            raise HisabError(f"query {query.name} needs a value for {param.name} (--param {param.name}=…)")
    return inject_values(query.text, terms), terms


def inject_values(text: str, terms: dict[str, Identifier]) -> str:
    """``text`` with a one-row VALUES block for ``terms`` at the start of its outermost group (the
    query's WHERE clause, written with or without the keyword WHERE).

    A parameter that the outermost group cannot see — one used only inside a subquery that does not
    project it — would be bound in vain; that is an error, never a silent no-op.
    """
    if not terms:
        return text
    shape = analyse(text)
    if shape.body_start is None:
        raise HisabError("a query with parameters needs a WHERE { … } clause")
    for variable in terms:
        _check_visible(text, shape, variable)
    variables = " ".join(f"?{v}" for v in terms)
    row = " ".join(sparql_term(term) for term in terms.values())
    block = f"\n  VALUES ({variables}) {{ ({row}) }}\n"
    # the same row inside the subqueries it joins, where that cannot change a result (engines that
    # evaluate a subquery on its own would otherwise compute it for every value in the store)
    inner = sorted(((at, variable) for variable in terms for at in pushdown_offsets(text, variable)), reverse=True)
    for offset, variable in inner:
        text = text[:offset] + f" VALUES (?{variable}) {{ ({sparql_term(terms[variable])}) }} " + text[offset:]
    if inner:
        shape = analyse(text)
    at = shape.body_start + 1
    if any(sub[0] == shape.body_start for sub in shape.subqueries) and shape.body_end is not None:
        # "WHERE { SELECT … }": the group is a subquery itself; VALUES joins it from outside
        return text[:at] + block + "  {" + text[at:shape.body_end] + "}\n" + text[shape.body_end:]
    return text[:at] + block + text[at:]


def _check_visible(text: str, shape: Shape, variable: str) -> None:
    positions = variable_positions(text, variable)
    if not positions:
        return  # not used at all: binding it changes nothing, as for any unused VALUES variable
    for at in positions:
        enclosing = [sub for sub in shape.subqueries if sub[0] < at < sub[1]]
        if not enclosing:
            return
        outermost = min(enclosing, key=lambda sub: sub[0])
        if outermost[2] is None or variable in outermost[2]:
            return
    raise HisabError(
        f"parameter ?{variable} is used only inside a subquery that does not project it, so a value bound "
        "for the query would not reach it; project it from the subquery (SELECT … ?" + variable + ") or use it "
        "in the outer query"
    )


def sparql_term(term: Identifier) -> str:
    """``term`` written in SPARQL: an IRI in angle brackets, a literal in one line with every special
    character escaped (so no value can end the string early or span lines)."""
    if isinstance(term, URIRef):
        iri = str(term)
        if _IRI_FORBIDDEN.search(iri):
            raise HisabError(f"not a valid IRI: {_shown(iri)}")
        return f"<{iri}>"
    if isinstance(term, Literal):
        body = "".join(_ESCAPES.get(c) or (f"\\u{ord(c):04X}" if ord(c) < 0x20 or ord(c) == 0x7F else c)
                       for c in str(term))
        if term.language:
            return f'"{body}"@{term.language}'
        if term.datatype:
            return f'"{body}"^^{sparql_term(URIRef(term.datatype))}'
        return f'"{body}"'
    raise HisabError(f"cannot bind {term!r}: only IRIs and literals can be parameter values")


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _shown(value: str, limit: int = 60) -> str:
    """``value`` quoted for a message, cut if long."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


def without_comments(text: str) -> str:
    """``text`` with its comment lines blanked (same length, so offsets still match)."""
    return "\n".join(" " * len(line) if line.lstrip().startswith("#") else line for line in text.split("\n"))


def _kind_of(variable: str) -> tuple[str, str]:
    for suffix in ("_xsd_date", "_iri", "_integer", "_literal"):
        if variable.endswith(suffix):
            return suffix[1:], variable[: -len(suffix)]
    return "literal", variable


def _expand(value: str) -> str | None:
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return str(PREFIXES[prefix]) + local
    return value if "://" in value or value.startswith("urn:") else None
