"""Pages: everything zgraph draws for people, as offline HTML files.

``views`` says which part of the entity graph a page shows, ``layout`` how it looks, ``cards`` what hovering or
clicking shows, ``graph`` writes one graph page, ``site`` the whole static site (views, the report's text, the
index), ``results`` the demo's query results, ``ontology`` the ontology's documentation, ``fonts`` the Chinese font
every page embeds (and charts use), and ``screenshot`` drives headless Chromium. Every page comes from
``templates/`` through the one Jinja environment in ``assets`` (autoescape on). It imports ``zgraph.model``,
``zgraph.sparql`` and ``zgraph.network``.
"""
