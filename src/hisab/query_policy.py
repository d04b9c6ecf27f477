"""What a query may do: read, locally, within bounds. One job: refuse the rest before anything runs.

Hisab runs queries on a store it was asked to read: the embedded store, or an endpoint the user named.
A request is refused, before anything is sent or evaluated, if it

- is an update (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``DROP``, ``CREATE``, ``ADD``, ``MOVE``,
  ``COPY``, in any letter case, written with codepoint escapes or not);
- calls a ``SERVICE`` (a federated query makes the engine contact another address) that is not on the
  caller's explicit allow list — ``SERVICE ?variable`` is always refused;
- uses an engine's extensions that reach outside the query: Virtuoso's ``DEFINE`` pragmas (which can
  make it fetch the web) and its ``bif:``/``sql:`` built-ins (which can read files or run SQL);
- is not a query at all (no ``SELECT``, ``CONSTRUCT``, ``DESCRIBE`` or ``ASK``).
"""

from __future__ import annotations

from collections.abc import Iterable

from hisab.errors import HisabError
from hisab.sparql_text import QUERY_FORMS, Shape, analyse, decode_escapes


class RefusedQuery(HisabError):
    """A request Hisab does not run; the message says why and what to do."""


def check_query(text: str, *, allow_service: Iterable[str] = (), origin: str = "the query") -> Shape:
    """The shape of ``text`` if it is a read-only, local query; else :class:`RefusedQuery`."""
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        raise RefusedQuery(f"{origin} is not valid UTF-8 text; save it as UTF-8")
    shape = analyse(text)
    decoded = decode_escapes(text)
    readings = [shape] if decoded == text else [shape, analyse(decoded)]
    for reading in readings:
        if reading.update_keywords:
            words = ", ".join(dict.fromkeys(reading.update_keywords))
            raise RefusedQuery(
                f"{origin} is a SPARQL update ({words}); Hisab only reads — it runs SELECT, ASK, CONSTRUCT "
                "and DESCRIBE queries, never anything that changes a store"
            )
        if reading.engine_extensions:
            names = ", ".join(dict.fromkeys(reading.engine_extensions))
            raise RefusedQuery(
                f"{origin} uses engine extensions that can reach outside the query ({names}); "
                "Hisab runs standard SPARQL 1.1 queries only"
            )
        allowed = set(allow_service)
        for service in reading.services:
            if service is None:
                raise RefusedQuery(f"{origin} calls SERVICE with a variable; a federated query may only "
                                   "name an endpoint explicitly, and only one allowed with --allow-service")
            if service not in allowed:
                raise RefusedQuery(
                    f"{origin} calls SERVICE <{service}>: a federated query makes the engine contact "
                    "another address. Allow it explicitly with --allow-service " + service
                )
    if shape.form not in QUERY_FORMS:
        raise RefusedQuery(f"{origin} is not a SPARQL query: it needs SELECT, CONSTRUCT, DESCRIBE or ASK")
    return shape
