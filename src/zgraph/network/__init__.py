"""The graph as a network: one projection of the RDF graph to NetworkX and everything computed on it.

``projection`` builds the entity graph (docs/analysis.md says what becomes a node or an edge); ``metrics`` holds
centrality, communities and structural holes; ``policy`` the pairings, enclaves, policy coverage and chains;
``paths`` the shortest connection between two entities with its quotes; ``report`` the whole analysis and its
text; ``export`` GraphML, GEXF, CSV and the RDF exports. It imports only ``zgraph.model``.
"""
