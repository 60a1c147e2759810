"""``zgraph extract REPORT.txt --out DRAFT.ttl`` (or ``--report ID``): draft a report's graph for review.

Every candidate fact carries the report's words (zg:quote), the rule that proposed it (zg:extractedBy) and a
confidence (zg:confidence). The draft is never merged by itself: review it with `zgraph review`, measure it with
`zgraph eval`. A text that is not UTF-8, is empty or huge, or is not a work report of this genre is refused and
nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="draft the graph of a report (candidates with quotes, rules, confidences)",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog="examples:\n  zgraph extract maoming-2024.txt --report-id maoming-2024 --out draft.ttl\n"
                              "  zgraph extract --report maoming-2024 --out draft.ttl")
    p.add_argument("text", nargs="?", type=Path, metavar="REPORT.txt", help="the report's text (UTF-8)")
    p.add_argument("--report", metavar="ID", help="a report registered with `zgraph add` (instead of REPORT.txt)")
    p.add_argument("--report-id", metavar="ID", help="the id to draft REPORT.txt under (default: from its file name)")
    p.add_argument("--out", type=Path, metavar="DRAFT.ttl", help="where to write the draft (default with --report: "
                   "out/drafts/ID.ttl)")
    p.add_argument("--corpus", type=Path, metavar="DIR", help="the corpus folder (default: data/)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from zgraph.corpus import Corpus
    from zgraph.corpus.manifest import ID_PATTERN
    from zgraph.extract.draft import extract_file, extract_report, write
    from zgraph.model.errors import ZGraphError

    corpus = Corpus(args.corpus) if args.corpus else Corpus()
    if bool(args.text) == bool(args.report):
        raise ZGraphError("give REPORT.txt or --report ID (one of them)", exit_code=2)
    if args.report:
        draft = extract_report(corpus, args.report)
        out = args.out or Path("out") / "drafts" / f"{args.report}.ttl"
    else:
        report_id = args.report_id or args.text.stem
        if not ID_PATTERN.fullmatch(report_id):
            raise ZGraphError(f"{report_id!r} is not a report id (lower-case words joined by hyphens); "
                              "give one with --report-id", exit_code=2)
        if not args.out:
            raise ZGraphError("say where to write the draft: --out DRAFT.ttl", exit_code=2)
        draft = extract_file(args.text, report_id, corpus)
        out = args.out
    curated = corpus.curated.resolve()
    if curated in out.resolve().parents:
        raise ZGraphError(f"{out}: a draft is not curated data; write it outside {corpus.curated} and accept its "
                          "facts with `zgraph review`", exit_code=2)
    write(draft, out)
    counts = ", ".join(f"{k} {len(v)}" for k, v in draft.by_kind().items() if v)
    print(f"wrote {out}: {sum(c.kind != 'support' for c in draft.candidates)} candidates ({counts})")
    print(f"next: zgraph review {out} --report {draft.report.id}", file=sys.stderr)
    return 0
