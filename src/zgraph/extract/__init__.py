"""Drafting the graph of a new report, measuring drafts, and reviewing them (issue 13).

This subpackage owns ``zgraph extract``, ``zgraph eval`` and ``zgraph review``: rule-based extraction of candidate
facts from a report's text, each with the exact words behind it (``zg:quote``), the rule that proposed it
(``zg:extractedBy``) and a confidence (``zg:confidence``) — but no inference: what the rules of ``rules/*.rq``
infer, the build infers from the drafted premises; precision and recall of a draft (completed by those rules)
against a report's built graph, matched by meaning; and a local review page whose accepted facts are merged into
the report's curated folder with a ``zg:Review`` activity recording who accepted them and when. Nothing is merged
silently.

Modules, one job each: ``segment`` (title, preamble, directions, actions, sentences), ``numbers`` (Arabic and
Chinese numerals via cn2an, units), ``lexicon`` (the vocabularies, gazetteer, CLDR country names, function-word
lists), ``names`` (where a name begins), ``model`` (candidates and the shared context), ``reuse`` (IRIs the corpus
already has), one module per kind of fact (``places``, ``bodies``, ``documents``, ``figures``, ``enclaves`` with
pairings, ``platforms``, ``industry``), ``draft`` (running the rules, writing Turtle), ``facts`` and ``evaluate``
(measuring), ``accept`` (writing reviewed facts) and ``review`` (the review server).
"""

from __future__ import annotations

__all__ = ["Draft", "extract_file", "extract_report", "extract_text"]


def __getattr__(name: str) -> object:
    if name in __all__:
        from zgraph.extract import draft

        return getattr(draft, name)
    raise AttributeError(name)
