"""What the server reads: the embedded store, opened once at start-up, or a remote SPARQL endpoint.

One job: give the web handlers one interface whatever stands behind them. ``construct`` runs the
server's own, trusted queries (descriptions) directly and fast; ``answer`` runs a client's query
through :func:`hisab.answer.answer` — checked (read-only, local), in a worker process with a time
limit that really stops it, and a row cap.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from hisab.answer import Answer, Embedded, Endpoint, answer, from_ox
from hisab.bounded import Limits
from hisab.web.describe import Triple

if TYPE_CHECKING:
    from rdflib.term import Identifier

_KEPT_ANSWERS = 256  # answers kept per server process (each holds at most the row cap)


@dataclass
class Backend:
    """The store behind the server."""

    embedded: ox.Store | None = None  # open for the server's lifetime (in memory, or read-only on disk)
    path: Path | None = None  # the database folder of a --store, for query workers to open read-only
    endpoint: str | None = None
    loaded_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC).replace(microsecond=0))
    _answers: OrderedDict = field(default_factory=OrderedDict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def construct(self, query: str) -> list[Triple]:
        """The triples of one of the server's own CONSTRUCT queries."""
        if self.endpoint is not None:
            from hisab.remote import RemoteStore

            return RemoteStore(self.endpoint, timeout=30).graph_query(query)
        assert self.embedded is not None
        result = self.embedded.query(query, use_default_graph_as_union=True)
        return [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in result]

    def select(self, query: str) -> list[dict[str, Identifier]]:
        """The rows of one of the server's own SELECT queries (the pages' queries): variable name to term,
        unbound variables left out."""
        return self.table(query)[1]

    def table(self, query: str) -> tuple[tuple[str, ...], list[dict[str, Identifier]]]:
        """The projected variables, in order, and the rows of one of the server's own SELECT queries."""
        if self.endpoint is not None:
            from hisab.remote import RemoteStore

            result = RemoteStore(self.endpoint, timeout=30).query(query)
            return tuple(str(v) for v in result.vars or ()), [{str(k): v for k, v in row.items()}
                                                              for row in result.bindings]
        assert self.embedded is not None
        result = self.embedded.query(query, use_default_graph_as_union=True)
        names = tuple(v.value for v in result.variables)
        return names, [{name: from_ox(term) for name, term in zip(names, row, strict=True) if term is not None}
                       for row in result]

    def answer(self, text: str, limits: Limits, limit: int | None, allow_service: Iterable[str] = ()) -> Answer:
        """A client's query, checked and bounded. On the embedded store answers are kept (it does not change
        while the server runs): the same query asked again is answered from memory."""
        if self.endpoint is not None:  # a remote store may change: ask it every time
            return self._answer(text, limits, limit, allow_service)
        key = (text, limit, tuple(allow_service))
        with self._lock:
            if key in self._answers:
                self._answers.move_to_end(key)
                return self._answers[key]
        result = self._answer(text, limits, limit, allow_service)
        with self._lock:
            self._answers[key] = result
            while len(self._answers) > _KEPT_ANSWERS:
                self._answers.popitem(last=False)
        return result

    def _answer(self, text: str, limits: Limits, limit: int | None, allow_service: Iterable[str]) -> Answer:
        if self.endpoint is not None:
            target: Embedded | Endpoint = Endpoint(self.endpoint)
        elif self.path is not None:
            target = Embedded(path=self.path)
        else:
            target = Embedded(store=self.embedded)
        return answer(target, text, limits=limits, limit=limit, allow_service=allow_service, origin="the query")

    def graph_triples(self, graph: str) -> list[Triple]:
        """Every triple of one named graph (the ontology, for /ontology)."""
        return self.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
