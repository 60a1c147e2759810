"""SPARQL: the named queries and the engines that run them.

``catalogue`` owns the shipped ``queries/*.rq`` files (each with a header in words: questions in zh and en,
columns, parameters) and turns a user's NAME, FILE.rq or text into SPARQL; ``backends`` runs it on Oxigraph
(default) or rdflib; ``remote`` talks to other stores (SPARQL 1.1 Protocol and Graph Store Protocol);
``results`` writes answers as tables, CSV, TSV, JSON or XML. It imports only ``zgraph.model``.
"""

from zgraph.sparql.backends import run, run_oxigraph, run_rdflib
from zgraph.sparql.catalogue import NamedQuery, get, named_queries, prepare
from zgraph.sparql.results import cell, rows_of, serialize

__all__ = ["NamedQuery", "cell", "get", "named_queries", "prepare", "rows_of", "run", "run_oxigraph", "run_rdflib",
           "serialize"]
