"""The landing page at ``/``: the named queries (each linked to its view, ``/query/<name>``), a SPARQL box and a
results table, rendered once at start.

It comes from ``pages/templates/landing.html`` through the one Jinja environment of ``zgraph.pages.assets``
(autoescape on): names and questions are HTML-escaped; the named queries also go into a
``<script type="application/json">`` block as JSON in which ``<``, ``>``, ``&`` and ``'`` are ``\\u`` escapes, so
no text can close the script.
"""

from __future__ import annotations

from markupsafe import Markup

from zgraph.pages.assets import asset, environment, script_json
from zgraph.pages.charts import declared_view
from zgraph.sparql.catalogue import named_queries


def landing_page() -> str:
    """The page at ``/``: the named queries with their questions, a SPARQL box, results as a table; offline."""
    queries = [{"name": q.name, "zh": q.question["zh"], "en": q.question["en"], "text": q.text,
                "headline": q.headline} for q in named_queries()]
    views = {q.name: declared_view(q) for q in named_queries()}
    return environment().get_template("landing.html").render(
        style=Markup(asset("zgraph.pages", "static/page.css")), queries=queries, named_json=script_json(queries),
        views=views)
