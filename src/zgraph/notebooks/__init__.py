"""Notebook support: answers and evidence as DataFrames, zgraph's pages inline, and running the notebooks.

``tables`` gives :func:`ask`, :func:`entity`, :func:`evidence` and :func:`iframe` to the notebooks in
``notebooks/``; ``run`` executes them (tests and ``make demo``). It imports the other subpackages, none imports it.
"""

from zgraph.notebooks.tables import ask, entity, evidence, iframe, remote_references, term

__all__ = ["ask", "entity", "evidence", "iframe", "remote_references", "term"]
