"""The demo's query results: every named query's answers as CSV and JSON, and a page of the headline ones."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from markupsafe import Markup

from zgraph.model import atomic
from zgraph.model.store import load_store
from zgraph.pages import fonts
from zgraph.pages.assets import asset, environment
from zgraph.sparql.backends import run_oxigraph
from zgraph.sparql.catalogue import named_queries, prepare
from zgraph.sparql.results import serialize, text_rows

TITLE = "zgraph 常用查询结果 · headline query results"


def write_results(out_dir: Path, lang: str = "zh", data: Sequence[Path | str] | None = None,
                  views: bool = False) -> list[Path]:
    """Write every named query's results to ``out_dir/queries/<name>.csv`` and ``.json``, plus an index.html;
    with ``views`` (``<name>.html``, written by ``zgraph.pages.charts``) the index links every query's view."""
    store = load_store(data)
    folder = Path(out_dir) / "queries"
    written: list[Path] = []
    sections: list[dict[str, Any]] = []
    pages = [{"name": nq.name, "question": nq.question[lang]} for nq in named_queries()] if views else []
    for nq in named_queries():
        text = prepare(nq.text, lang)
        for fmt in ("csv", "json"):
            written.append(atomic.write_bytes(folder / f"{nq.name}.{fmt}",
                                              serialize(run_oxigraph(store, text), fmt)))
        if nq.headline:
            result = run_oxigraph(store, text)
            assert isinstance(result, ox.QuerySolutions)
            columns, rows = text_rows(result)
            sections.append({"rank": nq.headline, "name": nq.name, "question_zh": nq.question["zh"],
                             "question_en": nq.question["en"], "columns": columns, "rows": rows})
    sections.sort(key=lambda s: s["rank"])
    html = environment().get_template("results.html").render(
        lang=lang, title=TITLE, sections=sections, views=pages, style=Markup(asset("zgraph.pages", "static/page.css")))
    written.append(atomic.write_text(folder / "index.html", fonts.embed(html)))
    return written
