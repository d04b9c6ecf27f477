"""HTML documentation of the ontology, generated from the ontology itself with pyLODE.

One job: the page a person gets at ``/ontology`` (and ``/ontology#Term``): every class and property
with its label, definition, domain, range and super-terms, as pyLODE writes it. It is generated once,
when first asked for, from the ontology graph the server holds, and kept; the HTML is self-contained
(its style is inline, nothing is fetched from elsewhere).
"""

from __future__ import annotations

import html
import logging
import re
import threading
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph
from rdflib.term import Identifier

from hisab.namespaces import SCHEME, bind_prefixes

Triple = tuple[Identifier, Identifier, Identifier]
_lock = threading.Lock()
_cache: dict[int, str] = {}


def ontology_html(files: Iterable[Path] = (), triples: Iterable[Triple] = ()) -> str:
    """The pyLODE documentation of the ontology: read from its ``files`` (which keeps pyLODE's anchors the
    terms' local names, ``#Incident``), or else made of ``triples`` (a remote store)."""
    graph = Graph()
    files = tuple(files)
    for path in files:
        graph.parse(path)
    if not files:
        bind_prefixes(graph)
        for triple in triples:
            graph.add(triple)
    for triple in list(graph):
        if str(triple[0]).startswith(str(SCHEME)):  # the code lists have pages of their own (/scheme/…)
            graph.remove(triple)
    key = hash((files, len(graph)))
    with _lock:
        if key not in _cache:
            _cache[key] = _generate(graph)
        return _cache[key]


def _generate(graph: Graph) -> str:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    logging.disable(logging.WARNING)  # pyLODE logs its progress through the root logger
    try:
        from pylode import OntPub  # and configures the root logger: put it back after

        return _accessible(OntPub(ontology=graph).make_html())
    finally:
        logging.disable(logging.NOTSET)
        root.handlers[:] = handlers
        root.setLevel(level)


def _accessible(page: str) -> str:
    """pyLODE's page with a language and its vertical "made with pyLODE" mark in a readable grey."""
    page = page.replace("<html>", '<html lang="en">', 1)
    return page.replace("color: grey;", "color: #555555;", 1)


def term_anchors(page: str) -> dict[str, str]:
    """Each documented term's IRI with the id of its section in the pyLODE page (pyLODE makes the ids of the
    labels, "date of conclusion" → ``#dateofconclusion``, not of the IRIs' local names)."""
    found: dict[str, str] = {}
    for match in re.finditer(r'class="[^"]*\bentity\b[^"]*" id="([^"]+)"', page):
        code = re.search(r"<code>([^<]+)</code>", page[match.end():match.end() + 2000])
        if code is not None:
            found.setdefault(html.unescape(code.group(1)).strip(), match.group(1))
    return found
