"""The landing page at ``/``: the named queries, a SPARQL box and a results table, rendered once at start.

A Jinja2 template (``templates/landing.html``) with autoescape on: names and questions are HTML-escaped by
Jinja2; the named queries also go into a ``<script type="application/json">`` block, written by the
``script_json`` filter (JSON with ``<``, ``>`` and ``&`` as ``\\u`` escapes, so no text can close the script).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from zgraph.query import PAGE_STYLE, named_queries


def script_json(value: Any) -> Markup:
    """JSON safe inside a ``<script>`` element (and left readable: non-ASCII text stays as it is)."""
    text = json.dumps(value, ensure_ascii=False)
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


@cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("zgraph.serve", "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, keep_trailing_newline=True)
    env.filters["script_json"] = script_json
    return env


def landing_page() -> str:
    """The page at ``/``: the named queries with their questions, a SPARQL box, results as a table; offline."""
    queries = [{"name": q.name, "zh": q.question["zh"], "en": q.question["en"], "text": q.text,
                "headline": q.headline} for q in named_queries()]
    return environment().get_template("landing.html").render(style=Markup(PAGE_STYLE), queries=queries)
