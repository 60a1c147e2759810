"""``zgraph review DRAFT.ttl --report ID``: a local page to accept, edit or reject a draft's candidates.

It serves one offline page on 127.0.0.1 at a free port (printed) listing the candidates by kind, each with the
report's words highlighted in their sentence. Accepted facts are merged into data/curated/ID/80-reviewed.ttl
(atomically; other curated files are never touched; reviewing again does not duplicate), with a zg:Review
recording the reviewer (--reviewer, else $USER) and the time. Stop it with Ctrl-C.
"""

from __future__ import annotations

import argparse
import getpass
import os
import signal
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("review", help="review a draft in the browser and write the accepted facts",
                       description=__doc__)
    p.add_argument("draft", type=Path, metavar="DRAFT.ttl", help="a draft written by `zgraph extract`")
    p.add_argument("--report", required=True, metavar="ID", help="the report the draft is of (see `zgraph reports`)")
    p.add_argument("--reviewer", help="who reviews (default: $USER)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=0, help="port (default: 0, a free one)")
    p.add_argument("--corpus", type=Path, metavar="DIR", help="the corpus folder (default: data/)")
    p.set_defaults(func=run)


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run(args: argparse.Namespace) -> int:
    from zgraph.corpus import Corpus
    from zgraph.extract.review import Review, ReviewServer

    corpus = Corpus(args.corpus) if args.corpus else Corpus()
    reviewer = args.reviewer or os.environ.get("USER") or getpass.getuser()
    review = Review(args.draft, corpus, corpus.report(args.report), reviewer)
    server = ReviewServer(review, args.host, args.port)
    signal.signal(signal.SIGTERM, _stop)
    print(f"zgraph: reviewing {len(review.items)} candidates of {args.report} at {server.url} "
          f"(reviewer {reviewer}); Ctrl-C stops", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    print("zgraph: stopped", file=sys.stderr)
    return 0
