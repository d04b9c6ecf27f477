"""The OpenAPI 3 description of the saved-queries API, generated from the ``.rq`` headers, grlc-style.

One job: turn the catalogue of saved queries (:mod:`hisab.queries`) into an OpenAPI 3.0.3 document:
one path per query (``/api/queries/{name}``) with its header's ``summary``, ``description`` and
``tags``, one query-string parameter per query parameter, typed by its grlc suffix, with its
``default`` and, for the parameters the header's ``enumerate`` names, the values the data holds as
``enum`` (:func:`enumeration_query` writes the query that finds them, as grlc does: the values the
parameter's variable takes in the query's own triple patterns).
"""

from __future__ import annotations

from collections.abc import Mapping

from hisab.errors import HisabError
from hisab.namespaces import PREFIXES
from hisab.paging import MAX_PAGE
from hisab.queries import _INT64, _MAX_VALUE, Param, SavedQuery, sparql_term, term_for
from hisab.sparql_text import analyse

#: The answer formats of a SELECT or ASK query: ``?format=`` value → media type.
FORMATS = {"json": "application/json", "csv": "text/csv", "sparql-json": "application/sparql-results+json"}
#: The answer formats of a CONSTRUCT or DESCRIBE query.
GRAPH_FORMATS = {"turtle": "text/turtle", "ntriples": "application/n-triples", "jsonld": "application/ld+json"}

#: What a parameter of type iri accepts: an absolute IRI (scheme://… or urn:…) or a short name with one of
#: the project's prefixes, without spaces or the characters IRIs exclude (as :func:`hisab.queries.term_for`).
_IRI_CHAR = r'[^\s\x00-\x20\x85<>"{}|^`\\]'
IRI_PATTERN = (rf"^(?:[A-Za-z][A-Za-z0-9+.-]*://{_IRI_CHAR}+|urn:{_IRI_CHAR}+"
               rf"|(?:{'|'.join(sorted(PREFIXES, key=lambda p: (-len(p), p)))}):{_IRI_CHAR}*)$")

_KIND_SCHEMAS: dict[str, dict] = {
    "iri": {"type": "string", "format": "uri-reference", "pattern": IRI_PATTERN, "maxLength": _MAX_VALUE},
    "integer": {"type": "integer", "format": "int64", "minimum": _INT64[0], "maximum": _INT64[1]},
    "xsd_date": {"type": "string", "format": "date"},
    "literal": {"type": "string", "maxLength": _MAX_VALUE},
}
_KIND_HELP = {
    "iri": "An IRI: in full (https://w3id.org/hisab/id/actor/russian-forces) or as a short name "
           "(actor:russian-forces).",
    "integer": "An integer (64-bit).",
    "xsd_date": "A date, YYYY-MM-DD.",
    "literal": "A text.",
}


def query_formats(form: str) -> dict[str, str]:
    """The formats a saved query of this form (SELECT, ASK, CONSTRUCT, DESCRIBE) answers in, by ``?format=`` value."""
    return GRAPH_FORMATS if form in ("CONSTRUCT", "DESCRIBE") else FORMATS


def uses_format_parameter(query: SavedQuery) -> bool:
    """Whether ``?format=`` chooses the answer's format (it does unless the query has a parameter of that name)."""
    return all(param.name != "format" for param in query.params)


def parameter_default(query: SavedQuery, param: Param) -> str | None:
    """The value ``param`` takes when none is given (the header's ``defaults``; an IRI in full), or None."""
    default = query.defaults.get(param.variable) or query.defaults.get(param.name)
    if default is not None and param.kind == "iri":
        try:
            return str(term_for(param, default))
        except HisabError:
            return default  # binding says what is wrong with it when the query runs
    return default


def must_be_given(query: SavedQuery, param: Param) -> bool:
    """Whether a request must give ``param``: it is required and has no default."""
    return param.required and parameter_default(query, param) is None


def openapi_document(catalogue: Mapping[str, SavedQuery], server_url: str,
                     enums: Mapping[str, Mapping[str, list[str]]] | None = None) -> dict:
    """The OpenAPI 3.0.3 document of the saved-queries API served at ``server_url``.

    ``enums`` gives, by query and parameter name, the values found in the data for the parameters
    the header's ``enumerate`` names; a parameter without values found has no ``enum``.
    """
    enums = enums or {}
    paths: dict[str, dict] = {
        "/api/queries": {"get": {
            "operationId": "listQueries",
            "summary": "The catalogue of saved queries, with their parameters",
            "tags": ["catalogue"],
            "responses": {"200": {"description": "Every saved query.", "content": {
                "application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Query"}}}}}},
        }},
    }
    for name, query in catalogue.items():
        paths[f"/api/queries/{name}"] = {"get": _operation(query, enums.get(name, {}))}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Hisab saved queries",
            "version": "1.0.0",
            "description": "The saved SPARQL queries of the Hisab knowledge graph as a web API, described from "
                           "their grlc-style '#+' headers. Each query answers JSON (one object per row), CSV or "
                           "SPARQL 1.1 JSON results, by Accept or ?format=. Parameter values are checked and "
                           "bound exactly as 'hisab query NAME --param NAME=VALUE' does.",
        },
        "servers": [{"url": server_url.rstrip("/")}],
        "paths": paths,
        "components": {"schemas": _SCHEMAS, "responses": _RESPONSES},
    }


def _operation(query: SavedQuery, enums: Mapping[str, list[str]]) -> dict:
    form = analyse(query.text).form or "SELECT"
    formats = query_formats(form)
    parameters = [_parameter(query, param, enums.get(param.name)) for param in query.params]
    if uses_format_parameter(query):
        parameters.append({
            "name": "format", "in": "query", "required": False,
            "description": "The answer's format, instead of negotiating it with Accept.",
            "schema": {"type": "string", "enum": list(formats)},
        })
    if query.pagination is not None:
        parameters.append({
            "name": "page", "in": "query", "required": False,
            "description": f"Which page of the answer, {query.pagination} rows each, in the answer's order. The "
                           "Link header names the first, previous and next pages (no next on the last page).",
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
        })
    if form == "SELECT":
        content = {
            "application/json": {"schema": {"$ref": "#/components/schemas/Rows"}},
            "text/csv": {"schema": {"type": "string"}},
            "application/sparql-results+json": {"schema": {"$ref": "#/components/schemas/SparqlResults"}},
        }
    elif form == "ASK":
        content = {
            "application/json": {"schema": {"$ref": "#/components/schemas/AskResult"}},
            "text/csv": {"schema": {"type": "string"}},
            "application/sparql-results+json": {"schema": {"$ref": "#/components/schemas/AskResult"}},
        }
    else:
        content = {media: {"schema": {"type": "object" if media.endswith("json") else "string"}}
                   for media in formats.values()}
    operation = {
        "operationId": query.name,
        "summary": query.summary or query.name,
        "description": query.description or query.summary or query.name,
        "tags": list(query.tags),
        "parameters": parameters,
        "responses": {
            "200": {
                "description": "The answer, one row per solution (at most the server's row cap; the "
                               "Hisab-Result-Limit header says when the cap cut it).",
                "headers": {"Hisab-Result-Limit": {
                    "description": "The row cap and 'truncated', when the answer has more rows than the cap.",
                    "schema": {"type": "string"}}} | ({"Link": {
                    "description": "The first, previous and next pages (RFC 8288 rel first, prev, next).",
                    "schema": {"type": "string"}}} if query.pagination is not None else {}),
                "content": content,
            },
            "400": {"$ref": "#/components/responses/BadRequest"},
            "403": {"$ref": "#/components/responses/Refused"},
            "404": {"$ref": "#/components/responses/NotFound"},
            "406": {"$ref": "#/components/responses/NotAcceptable"},
            "503": {"$ref": "#/components/responses/Stopped"},
        },
    }
    return operation


def _parameter(query: SavedQuery, param: Param, values: list[str] | None) -> dict:
    schema = dict(_KIND_SCHEMAS[param.kind])
    default = parameter_default(query, param)
    if default is not None:
        schema["default"] = int(default) if param.kind == "integer" and _is_int(default) else default
    description = _KIND_HELP[param.kind]
    if param.required and default is not None:
        description += f" Required by the query; {default} when not given."
    elif not param.required:
        description += " Optional: without it the query is not restricted by it."
    if values:
        schema["enum"] = list(values)
        description += (" The values listed are those the data holds (the header enumerates them); "
                        "any other valid value is accepted too.")
    return {"name": param.name, "in": "query", "required": must_be_given(query, param),
            "description": description, "schema": schema}


def _is_int(text: str) -> bool:
    try:
        int(text)
    except ValueError:
        return False
    return True


def parameter_listing(query: SavedQuery, values: Mapping[str, list[str]]) -> list[dict]:
    """The parameters of ``query`` as the catalogue (``/api/queries``) lists them."""
    return [{"name": param.name, "type": param.kind, "required": must_be_given(query, param),
             "default": parameter_default(query, param), "enum": list(values.get(param.name, [])) or None}
            for param in query.params]


def enumeration_queries(query: SavedQuery, param: Param, limit: int) -> list[str]:
    """Queries for the IRIs ``param`` can usefully take, as grlc enumerates them: one per group of triple
    patterns of the query (a basic graph pattern) that mentions the parameter's variable.

    Each asks for the values the variable takes in that group's patterns that mention it — or mention
    the variable it stands in for, ``BIND (COALESCE(?param, ?x) AS ?y)`` — together (a value must fit
    them all). Patterns with a variable predicate, or a path that can have length zero (``p*``, ``p?``:
    every node matches), are left out. When the parameter has a default, only IRIs in the default's
    namespace are asked for (``…/id/actor/`` for an actor).
    """
    from rdflib import Literal, Variable
    from rdflib.paths import Path
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        algebra = translateQuery(parseQuery(query.text)).algebra
    except Exception:  # rdflib reads less SPARQL than Oxigraph does: then there is no enumeration
        return []
    groups: list[list[tuple]] = []
    names = {param.variable}
    _collect(algebra, groups, param.variable, names)
    default = parameter_default(query, param)
    namespace = default[: max(default.rfind("/"), default.rfind("#")) + 1] if default and "://" in default else ""
    restriction = ""
    if namespace.count("/") > 3:  # a namespace of kind (https://w3id.org/hisab/id/actor/), not a whole site
        restriction = f" FILTER (STRSTARTS(STR(?value), {sparql_term(Literal(namespace))}))"
    texts = []
    for triples in groups:
        patterns: list[str] = []
        others: dict[str, str] = {}  # the group's other variables, renamed in order so that equal groups are equal
        for triple in triples:
            subject, predicate, obj = triple
            if isinstance(predicate, Variable) or (isinstance(predicate, Path) and _zero_length(predicate)):
                continue
            if not any(isinstance(term, Variable) and str(term) in names for term in (subject, obj)):
                continue
            written = " ".join(_written(term, names, others) for term in triple)
            if written not in patterns:
                patterns.append(written)
        if patterns:
            text = (f"SELECT DISTINCT ?value WHERE {{ {' . '.join(patterns)} FILTER (isIRI(?value)){restriction} }} "
                    f"ORDER BY ?value LIMIT {limit}")
            if text not in texts:
                texts.append(text)
    return texts


def _written(term, names: set[str], others: dict[str, str]) -> str:
    from rdflib import Variable

    if isinstance(term, Variable):
        if str(term) in names:
            return "?value"
        return others.setdefault(str(term), f"?v{len(others) + 1}")
    return term.n3()


def _collect(node, groups: list[list[tuple]], variable: str, names: set[str]) -> None:
    from rdflib import Variable
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if node.name == "BGP" and node.triples:
            groups.append(list(node.triples))
        if node.name == "Extend":
            expr = node.get("expr")
            if isinstance(expr, CompValue) and expr.name == "Builtin_COALESCE":
                args = list(expr.get("arg") or [])
                if args and isinstance(args[0], Variable) and str(args[0]) == variable:
                    names.add(str(node.get("var")))
                    names.update(str(a) for a in args[1:] if isinstance(a, Variable))
        for value in node.values():
            _collect(value, groups, variable, names)
    elif isinstance(node, (list, tuple)):
        for value in node:
            _collect(value, groups, variable, names)


def _zero_length(path) -> bool:
    """Whether ``path`` can match a path of length zero (``p*``, ``p?``, or a sequence or alternative of such)."""
    from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath

    if isinstance(path, MulPath):
        return path.zero
    if isinstance(path, SequencePath):
        return all(_zero_length(p) for p in path.args)
    if isinstance(path, AlternativePath):
        return any(_zero_length(p) for p in path.args)
    if isinstance(path, InvPath):
        return _zero_length(path.arg)
    return False


_ERROR = {"description": "", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_RESPONSES = {
    "BadRequest": {**_ERROR, "description": "An unknown parameter, or a value that is not valid for its parameter: "
                                            "the message names the parameter and what it must be."},
    "Refused": {**_ERROR, "description": "The query is refused (it is not read-only and local)."},
    "NotFound": {**_ERROR, "description": "No saved query of that name."},
    "NotAcceptable": {**_ERROR, "description": "None of the formats offered is acceptable."},
    "Stopped": {**_ERROR, "description": "The query was stopped: it took too long or used too much memory."},
}
_SCHEMAS = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
    "Rows": {
        "type": "array",
        "description": "One object per row: variable → value (IRIs and texts as strings, numbers as numbers, "
                       "null where the variable is unbound).",
        "items": {"type": "object", "additionalProperties": {"anyOf": [
            {"type": "string", "nullable": True}, {"type": "number"}, {"type": "boolean"}]}},
    },
    "SparqlResults": {
        "type": "object",
        "description": "SPARQL 1.1 Query Results JSON Format.",
        "required": ["head", "results"],
        "properties": {
            "head": {"type": "object", "required": ["vars"],
                     "properties": {"vars": {"type": "array", "items": {"type": "string"}}}},
            "results": {"type": "object", "required": ["bindings"], "properties": {"bindings": {
                "type": "array",
                "items": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/RdfTerm"}}}}},
        },
    },
    "AskResult": {
        "type": "object",
        "description": "SPARQL 1.1 Query Results JSON Format, for an ASK query.",
        "required": ["head", "boolean"],
        "properties": {"head": {"type": "object"}, "boolean": {"type": "boolean"}},
    },
    "RdfTerm": {
        "type": "object",
        "required": ["type", "value"],
        "properties": {
            "type": {"type": "string", "enum": ["uri", "literal", "bnode"]},
            "value": {"type": "string"},
            "datatype": {"type": "string"},
            "xml:lang": {"type": "string"},
        },
    },
    "Parameter": {
        "type": "object",
        "required": ["name", "type", "required", "default", "enum"],
        "properties": {
            "name": {"type": "string"},
            "type": {"type": "string", "enum": ["iri", "integer", "xsd_date", "literal"]},
            "required": {"type": "boolean", "description": "Whether a request must give it (required, no default)."},
            "default": {"type": "string", "nullable": True},
            "enum": {"type": "array", "items": {"type": "string"}, "nullable": True},
        },
    },
    "Query": {
        "type": "object",
        "required": ["name", "summary", "description", "tags", "parameters", "pagination", "url"],
        "properties": {
            "name": {"type": "string"},
            "summary": {"type": "string"},
            "description": {"type": "string"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "parameters": {"type": "array", "items": {"$ref": "#/components/schemas/Parameter"}},
            "pagination": {"type": "integer", "nullable": True,
                           "description": "Rows per page (?page=N), or null when the answer comes whole."},
            "url": {"type": "string", "format": "uri"},
        },
    },
}
