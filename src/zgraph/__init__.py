"""zgraph: a knowledge graph of China's regional industrial-transfer policy.

The public API is small: load the graph, validate it, query it, analyse and render it.
"""

from zgraph.errors import UnknownName, ZGraphError
from zgraph.graph import load

__all__ = ["load", "ZGraphError", "UnknownName"]
__version__ = "0.1.0"
