"""The SPARQL 1.1 Protocol at ``/sparql``: read a request, answer it in the negotiated format.

One job: the protocol. A query comes as ``GET ?query=``, ``POST`` urlencoded (``query=``) or
``POST`` direct (``application/sparql-query``); an update in any form (``update=``,
``application/sparql-update``, or update text in ``query``) is refused with 403, as is ``SERVICE``
and any engine extension that reaches outside. Answers: SELECT and ASK as SPARQL JSON, XML, CSV or
TSV; CONSTRUCT and DESCRIBE as Turtle, N-Triples or JSON-LD.
"""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from hisab.answer import Answer
from hisab.results import Rows, as_sparql_json

SELECT_TYPES = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values")
ASK_TYPES = ("application/sparql-results+json", "application/sparql-results+xml")
GRAPH_TYPES = ("text/turtle", "application/n-triples", "application/ld+json")


class ProtocolError(Exception):
    """A request the endpoint answers with an error status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def query_text(method: str, content_type: str, params: dict[str, list[str]], body: bytes) -> str:
    """The query of a protocol request, or :class:`ProtocolError`."""
    media = content_type.split(";")[0].strip().lower()
    if "update" in params or media == "application/sparql-update":
        raise ProtocolError(403, "this endpoint is read-only: SPARQL updates are refused")
    if method == "POST" and media == "application/sparql-query":
        try:
            queries = [body.decode("utf-8")]
        except UnicodeDecodeError:
            raise ProtocolError(400, "the query is not valid UTF-8") from None
    else:
        queries = params.get("query", [])
    if len(queries) != 1:
        raise ProtocolError(400, "give exactly one query: ?query=… (GET), query=… (POST form) or a POST body of "
                                 "type application/sparql-query")
    for name in ("default-graph-uri", "named-graph-uri"):
        if params.get(name):
            raise ProtocolError(400, f"{name} is not supported here; name graphs with FROM / FROM NAMED in the query")
    return queries[0]


def render(result: Answer, media: str) -> bytes:
    """An answer in ``media`` (chosen from the types its form offers)."""
    if result.kind == "ask":
        if media == "application/sparql-results+xml":
            return (_XML_HEAD + "<head/>" + f"<boolean>{'true' if result.boolean else 'false'}</boolean>"
                    + "</sparql>\n").encode()
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}).encode()
    if result.kind == "graph":
        from hisab.web.rdf_out import Rebase, serialize

        return serialize(result.triples, media, Rebase.none())
    rows = Rows(result.variables, result.rows)
    if media == "application/sparql-results+xml":
        return _xml(rows).encode()
    if media == "text/csv":
        return _csv(rows).encode()
    if media == "text/tab-separated-values":
        return _tsv(rows).encode()
    return as_sparql_json(rows).encode()


_XML_HEAD = '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'


def _xml(rows: Rows) -> str:
    out = [_XML_HEAD, "<head>", *(f"<variable name={quoteattr(v)}/>" for v in rows.variables), "</head><results>"]
    for row in rows.rows:
        out.append("<result>")
        for variable, term in zip(rows.variables, row, strict=True):
            if term is None:
                continue
            out.append(f"<binding name={quoteattr(variable)}>{_xml_term(term)}</binding>")
        out.append("</result>")
    out.append("</results></sparql>\n")
    return "".join(out)


def _xml_term(term: Identifier) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{xml_escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{xml_escape(str(term))}</bnode>"
    assert isinstance(term, Literal)
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{xml_escape(str(term))}</literal>"
    if term.datatype:
        return f"<literal datatype={quoteattr(str(term.datatype))}>{xml_escape(str(term))}</literal>"
    return f"<literal>{xml_escape(str(term))}</literal>"


def _csv(rows: Rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # SPARQL 1.1 CSV: RFC 4180 line ends
    writer.writerow(rows.variables)
    writer.writerows([("" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t))) for t in row]
                     for row in rows.rows)
    return buffer.getvalue()


def _tsv(rows: Rows) -> str:
    lines = ["\t".join(f"?{v}" for v in rows.variables)]
    for row in rows.rows:
        lines.append("\t".join("" if t is None else _tsv_term(t) for t in row))
    return "\n".join(lines) + "\n"


def _tsv_term(term: Identifier) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    from hisab.queries import sparql_term

    return sparql_term(term)
