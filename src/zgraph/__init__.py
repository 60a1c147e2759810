"""zgraph: a knowledge graph of China's regional industrial-transfer policy.

The public API is small: load the graph, validate it, query it, analyse and render it. ``zgraph.load`` is
imported on first use so that commands which never touch rdflib start fast.
"""

from __future__ import annotations

from typing import Any

from zgraph.model.errors import UnknownName, ZGraphError

__all__ = ["load", "ZGraphError", "UnknownName"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name == "load":
        from zgraph.model.loading import load

        return load
    raise AttributeError(f"module 'zgraph' has no attribute {name!r}")
