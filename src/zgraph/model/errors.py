"""Errors that are the user's to fix: the CLI prints their message and exits non-zero, without a traceback."""

from __future__ import annotations


class ZGraphError(Exception):
    """A user-facing error with a short message and an exit code."""

    exit_code = 1

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class InputError(ZGraphError):
    """Unreadable input: a missing file or broken Turtle (exit code 2)."""

    exit_code = 2


class UnknownName(ZGraphError):
    """A query, view or entity name that does not exist; carries the nearest suggestions."""

    exit_code = 2

    def __init__(self, kind: str, name: str, suggestions: list[str]) -> None:
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown {kind} {name!r}.{hint}")
        self.kind = kind
        self.name = name
        self.suggestions = suggestions


class QueryError(ZGraphError):
    """Malformed SPARQL, or a query the engine or endpoint refused."""

    exit_code = 2


class EndpointError(ZGraphError):
    """A remote SPARQL endpoint or graph store that cannot be reached."""

    exit_code = 3
