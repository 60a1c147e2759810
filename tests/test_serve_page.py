"""The landing page's template: autoescaped names and questions, a script block no text can close."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from zgraph.serve import page


@dataclass
class Fake:
    name: str
    question: dict[str, str]
    text: str
    headline: bool = False
    params: dict[str, str] = field(default_factory=dict)


def test_names_and_questions_are_escaped_and_the_json_cannot_close_its_script(monkeypatch):
    evil = '<script>alert("x")</script> & \' "'
    monkeypatch.setattr(page, "named_queries", lambda: [Fake("q<1>", {"zh": evil, "en": evil}, "ASK {} # </script>")])
    html = page.landing_page()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert 'data-name="q&lt;1&gt;"' in html
    blob = re.search(r'<script type="application/json" id="named">(.*?)</script>', html, re.S).group(1)
    assert "</script>" not in blob and "<" not in blob
    assert json.loads(blob) == [{"name": "q<1>", "zh": evil, "en": evil, "text": "ASK {} # </script>",
                                 "headline": False}]


def test_the_page_lists_every_named_query_once_and_marks_the_headline_ones():
    from zgraph.sparql.catalogue import named_queries

    html = page.landing_page()
    for q in named_queries():
        item = re.search(rf'<li><button type="button" data-name="{q.name}">{q.name}</button>( ★)? ', html)
        assert item and bool(item.group(1)) == bool(q.headline)
    assert html.endswith("</html>\n")
