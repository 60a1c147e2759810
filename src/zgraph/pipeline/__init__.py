"""The pipeline: from curated Turtle and the source texts to the built graph, and the checks on it.

``build`` turns ``data/curated/`` and ``data/sources/`` into ``data/triples.ttl`` (quotes located, evidence
minted, sections placed, rules applied, output sorted); ``validate`` runs the SHACL shapes and the verbatim-quote
check; ``stats`` counts what the graph holds. It imports only ``zgraph.model``.
"""
