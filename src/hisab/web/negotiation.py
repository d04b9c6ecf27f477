"""Content negotiation: which representation a request asks for, from ``Accept`` or a file extension.

One job: turn an ``Accept`` header (with q-values, wildcards and parameters, RFC 9110 §12.5.1) or a
path's extension into one of the media types a resource offers, or None when nothing offered is
acceptable (the caller answers 406 with the list).
"""

from __future__ import annotations

from dataclasses import dataclass

#: The RDF representations of a description, by media type, with their file extension.
RDF_TYPES = {
    "text/turtle": ".ttl",
    "application/ld+json": ".jsonld",
    "application/n-triples": ".nt",
    "application/rdf+xml": ".rdf",
    "application/trig": ".trig",
}
HTML = "text/html"
DESCRIPTION_TYPES = (*RDF_TYPES, HTML)
EXTENSIONS = {ext: media for media, ext in RDF_TYPES.items()} | {".html": HTML}
#: Other names clients send for the same formats.
ALIASES = {
    "application/x-turtle": "text/turtle",
    "application/json": "application/ld+json",
    "text/plain": "application/n-triples",
    "application/xml": "application/rdf+xml",
    "application/xhtml+xml": HTML,
}


@dataclass(frozen=True)
class Preference:
    """One entry of an Accept header."""

    media: str  # "type/subtype", "type/*" or "*/*"
    quality: float
    order: int

    def matches(self, offered: str) -> int:
        """How specifically this entry matches ``offered``: 3 exact, 2 ``type/*``, 1 ``*/*``, 0 not at all."""
        if self.media == offered:
            return 3
        kind, _, sub = self.media.partition("/")
        if sub == "*" and kind != "*" and offered.startswith(kind + "/"):
            return 2
        return 1 if self.media == "*/*" else 0


def parse_accept(header: str | None) -> list[Preference]:
    """The entries of an Accept header; an absent or empty header accepts anything."""
    if not header or not header.strip():
        return [Preference("*/*", 1.0, 0)]
    preferences = []
    for order, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        quality = 1.0
        for parameter in fields[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = min(1.0, max(0.0, float(value)))
                except ValueError:
                    quality = 0.0
                if quality != quality:  # NaN
                    quality = 0.0
        preferences.append(Preference(ALIASES.get(media, media), quality, order))
    return preferences


def choose(header: str | None, offered: tuple[str, ...] | list[str]) -> str | None:
    """The offered media type the client prefers most, or None if it accepts none of them.

    For each offered type the most specific matching entry gives its quality; ties go to the order
    in which the server offers them (its own preference), so ``*/*`` gets the first offered type.
    """
    preferences = parse_accept(header)
    best: tuple[float, int] | None = None
    chosen = None
    for rank, media in enumerate(offered):
        matches = [(p.matches(media), p.quality) for p in preferences if p.matches(media)]
        if not matches:
            continue
        quality = max(matches)[1]  # the most specific entry decides
        if quality <= 0:
            continue
        key = (quality, -rank)
        if best is None or key > best:
            best, chosen = key, media
    return chosen


def split_extension(path: str) -> tuple[str, str | None]:
    """``path`` without a known extension, and the media type the extension names (None if none)."""
    for extension, media in EXTENSIONS.items():
        if path.endswith(extension):
            return path[: -len(extension)], media
    return path, None
