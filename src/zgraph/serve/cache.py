"""The front's caches: SPARQL answers of the read-only database, and rendered pages.

The database never changes while the front runs (``oxigraph serve-read-only`` on a folder loaded once at start),
so the same request gets the same bytes, and ``ResponseCache`` keeps them: the key is the method, the target, the
body, ``Accept`` and ``Content-Type``; the value is the status, headers and body of a 200 answer that Oxigraph gave
whole (buffered, or streamed to its end and at most an eighth of the cache). While such a request is on its way to
Oxigraph, the same request from other clients waits for its answer instead of being evaluated again (a slow query
asked by twenty clients at once runs once). What is *not* kept, because the same request could get other bytes:

- a query that calls ``RAND``, ``NOW``, ``UUID``, ``STRUUID`` or ``BNODE``, or reaches another endpoint
  (``SERVICE``) — found in the query's text (percent-decoded), case-insensitively;
- an answer that holds blank nodes (Oxigraph labels them afresh on every evaluation): ``"bnode"`` in JSON,
  ``<bnode>`` in XML, ``_:`` in CSV, TSV, Turtle or N-Triples, ``nodeID`` in RDF/XML;
- anything but 200 (errors are cheap, and a 503 says something about that moment).

A restarted Oxigraph child (time limit, crash) serves the same database, so the cache is kept across restarts. The
memory is bounded: entries are dropped least-recently-used first once their bytes pass ``max_bytes``
(``zgraph serve --cache-size``; 0 turns the cache off).
"""

from __future__ import annotations

import re
import urllib.parse
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

#: What makes a query's answer differ from one evaluation to the next.
VOLATILE = re.compile(rb"(?i)\b(?:RAND|NOW|UUID|STRUUID|BNODE)\s*\(|\bSERVICE\b")
#: How blank nodes show in each results or RDF format.
BLANK = (b'"bnode"', b"<bnode>", b"_:", b"nodeID")
#: Bytes of the default cache.
DEFAULT_BYTES = 64 * 1024 * 1024


class ByteLRU:
    """A least-recently-used map from keys to bytes-like values, bounded by the values' total size."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.entries: OrderedDict[Hashable, tuple[int, object]] = OrderedDict()
        self.size = 0
        self.hits = self.misses = 0

    def get(self, key: Hashable) -> object | None:
        found = self.entries.get(key)
        if found is None:
            self.misses += 1
            return None
        self.entries.move_to_end(key)
        self.hits += 1
        return found[1]

    def put(self, key: Hashable, value: object, size: int) -> None:
        if size > self.max_bytes:
            return
        old = self.entries.pop(key, None)
        if old is not None:
            self.size -= old[0]
        self.entries[key] = (size, value)
        self.size += size
        while self.size > self.max_bytes:
            _, (n, _) = self.entries.popitem(last=False)
            self.size -= n

    def __len__(self) -> int:
        return len(self.entries)


@dataclass(frozen=True)
class Answer:
    """A kept answer: status, headers (as passed to ASGI) and body."""

    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes


def query_text(method: str, query_string: bytes, body: bytes, content_type: bytes) -> bytes:
    """What of a request can hold the query: the percent-decoded target and body (form or direct)."""
    text = urllib.parse.unquote_to_bytes(query_string.replace(b"+", b" "))
    if method == "POST":
        if content_type.startswith(b"application/x-www-form-urlencoded"):
            text += b"\n" + urllib.parse.unquote_to_bytes(body.replace(b"+", b" "))
        else:
            text += b"\n" + body
    return text


class ResponseCache:
    """SPARQL answers by request (see the module docstring)."""

    def __init__(self, max_bytes: int = DEFAULT_BYTES) -> None:
        self.lru = ByteLRU(max_bytes)

    @property
    def enabled(self) -> bool:
        return self.lru.max_bytes > 0

    @staticmethod
    def key(method: str, path: bytes, headers: list[tuple[bytes, bytes]], body: bytes) -> tuple | None:
        """The key of a request that may be answered from the cache, else None."""
        if method not in ("GET", "POST"):
            return None
        target, _, query = path.partition(b"?")
        if target not in (b"/sparql", b"/query"):
            return None
        accept = ctype = b""
        for k, v in headers:
            if k == b"accept":
                accept = v
            elif k == b"content-type":
                ctype = v
        if VOLATILE.search(query_text(method, query, body, ctype)):
            return None
        return method, path, body, accept, ctype

    def get(self, key: tuple | None) -> Answer | None:
        if key is None or not self.enabled:
            return None
        found = self.lru.get(key)
        return found if isinstance(found, Answer) else None

    def put(self, key: tuple | None, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        if key is None or not self.enabled or status != 200 or any(b in body for b in BLANK):
            return
        self.lru.put(key, Answer(status, tuple(headers), body), len(body) + sum(len(k) + len(v) for k, v in headers)
                     + sum(len(x) for x in key if isinstance(x, bytes)))
