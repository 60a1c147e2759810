"""``Limits``: what one client may ask of the front (kept apart so that the CLI loads it without asyncio)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """What one client may ask of the front (the CLI's --max-body, --max-concurrent, --client-timeout)."""

    max_body: int = 1024 * 1024
    max_inflight: int = 64
    max_connections: int = 1024
    max_headers: int = 100
    max_header_bytes: int = 16 * 1024
    client_timeout: float = 10.0  # to send a request's head, and then its body
    write_timeout: float = 60.0  # for a client to take each piece of an answer
    keep_alive: int = 5  # seconds an idle client connection is kept
