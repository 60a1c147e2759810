"""The graph as a network: one projection of the RDF graph to NetworkX and everything computed on it.

``reader`` reads what the projection needs from an Oxigraph store by SPARQL (files are loaded into an in-memory
store; a ``--store`` database is read as is); ``projection`` builds the entity graph (docs/analysis.md says what
becomes a node or an edge); ``metrics`` holds centrality (sampled betweenness past a size), communities and
``holes`` the structural holes; ``policy`` the pairings, enclaves, policy coverage and chains; ``paths`` the
shortest connection between two entities with its quotes; ``report`` the whole analysis and its text; ``export``
GraphML, GEXF and CSV, ``rdfexport`` the RDF exports streamed from the files. It imports only ``zgraph.model``.
"""
