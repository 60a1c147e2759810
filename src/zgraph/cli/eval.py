"""``zgraph eval DRAFT.ttl --against REPORT-ID``: precision and recall of a draft, per kind of fact.

Both sides as `zgraph build` completes them: the gold is the report's built graph (its curated facts and what the
rules of rules/ infer from them), and the draft, which drafts no inference, gets the report's node and the same
rules first. Facts are matched by meaning (subject, kind, value, unit; names and division codes, not IRIs);
--details marks the inferred ones. A draft that does not parse is named with its file and line.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="precision and recall of a draft against a report's built graph",
                       description=__doc__)
    p.add_argument("draft", type=Path, metavar="DRAFT.ttl", help="a draft written by `zgraph extract`")
    p.add_argument("--against", required=True, metavar="REPORT-ID", help="the report whose built graph is the gold")
    p.add_argument("--format", choices=["table", "json"], default="table", help="output format (default: table)")
    p.add_argument("--details", action="store_true", help="list the facts drafted but not curated, and the missed")
    p.add_argument("--corpus", type=Path, metavar="DIR", help="the corpus folder (default: data/)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from zgraph.corpus import Corpus
    from zgraph.extract.evaluate import evaluate_file

    result = evaluate_file(args.draft, args.against, Corpus(args.corpus) if args.corpus else Corpus())
    print(result.to_json() if args.format == "json" else result.render(details=args.details))
    return 0
