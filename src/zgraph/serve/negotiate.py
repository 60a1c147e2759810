"""Content negotiation for the pages of IRIs: which of HTML, Turtle, JSON-LD and N-Triples a client asked for.

``?format=html|ttl|jsonld|nt`` wins over ``Accept``. Otherwise each format gets the quality (``q``) of the most
specific media range of ``Accept`` that matches its media type (its other names, such as ``application/json``
for JSON-LD, count only when named exactly); the best wins, ties going to the order of ``FORMATS`` (HTML
first, so a browser's ``text/html,…,*/*;q=0.8`` and curl's ``*/*`` get the page). No ``Accept`` at all means any.
A client that accepts none of them gets 406 (``None``).
"""

from __future__ import annotations

#: Formats in the server's order of preference, each with the media types that ask for it.
FORMATS: dict[str, tuple[str, ...]] = {
    "html": ("text/html", "application/xhtml+xml"),
    "ttl": ("text/turtle", "application/x-turtle"),
    "jsonld": ("application/ld+json", "application/json"),
    "nt": ("application/n-triples", "text/plain"),
}
#: The media type each format is answered with.
MEDIA = {"html": "text/html; charset=utf-8", "ttl": "text/turtle; charset=utf-8", "jsonld": "application/ld+json",
         "nt": "application/n-triples"}
#: Names accepted by ?format= (besides the keys of FORMATS).
ALIASES = {"turtle": "ttl", "json-ld": "jsonld", "json": "jsonld", "ntriples": "nt", "n-triples": "nt"}


def parse_accept(header: str) -> list[tuple[str, float]]:
    """``Accept`` as (media range, q) pairs; malformed q values count as 0."""
    out = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            name, _, value = f.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        out.append((media, q))
    return out


def _specificity(media_range: str, media: str) -> int:
    """How specifically ``media_range`` matches ``media``: 2 exact, 1 ``type/*``, 0 ``*/*``, -1 not at all."""
    if media_range == media:
        return 2
    kind = media.split("/", 1)[0]
    if media_range == f"{kind}/*":
        return 1
    if media_range in ("*/*", "*"):
        return 0
    return -1


def choose(accept: str | None, formats: tuple[str, ...] = tuple(FORMATS)) -> str | None:
    """The format to answer with (one of ``formats``), or None when the client accepts none of them."""
    if not accept or not accept.strip():
        return formats[0]
    ranges = parse_accept(accept)
    best, best_q = None, 0.0
    for fmt in formats:
        primary, *aliases = FORMATS[fmt]
        # the type answered with, by the most specific range that matches it; the others only when named exactly
        found = [(spec, q) for r, q in ranges if (spec := _specificity(r, primary)) >= 0]
        q_fmt = max(found)[1] if found else 0.0
        for media in aliases:
            q_fmt = max([q_fmt] + [q for r, q in ranges if r == media])
        if q_fmt > best_q:
            best, best_q = fmt, q_fmt
    return best


def format_param(value: str) -> str | None:
    """The format a ``?format=`` value names, else None."""
    v = value.strip().lower()
    v = ALIASES.get(v, v)
    return v if v in FORMATS else None
