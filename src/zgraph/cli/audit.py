"""``zgraph audit``: the sentence-by-sentence audit of a report — every sentence (its offsets), the facts the graph
draws from it and what it deliberately leaves out (from data/curated/<id>/audit-notes.toml) — as Markdown.

Exit 1 when a sentence has no fact and no note saying what it leaves out, or with --check when FILE is stale.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("audit", help="the sentence-by-sentence audit of a report (Markdown)", description=__doc__,
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog="example:\n"
                              "  zgraph audit --report zhanjiang-2023-industrial-transfer --out docs/audit.md")
    p.add_argument("--report", metavar="ID", help="the report (default: the corpus's only report)")
    p.add_argument("--out", type=Path, metavar="FILE", help="write the audit to FILE instead of stdout")
    p.add_argument("--check", type=Path, metavar="FILE", help="do not write; exit 1 if FILE differs from the audit")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from zgraph.corpus import Corpus
    from zgraph.model import atomic
    from zgraph.model.errors import ZGraphError
    from zgraph.model.loading import load_files
    from zgraph.pipeline.audit import audit_report

    corpus = Corpus()
    reports = corpus.reports()
    if args.report:
        report = corpus.report(args.report)
    elif len(reports) == 1:
        report = reports[0]
    else:
        raise ZGraphError(f"the corpus has {len(reports)} reports: choose one with --report ID", exit_code=2)
    text, bare = audit_report(corpus, report, load_files([corpus.built_file(report)]))
    for s in bare:
        print(f"zgraph: sentence {s.start}–{s.end} has no fact and no left_out note: {s.text[:40]}…",
              file=sys.stderr)
    if args.check:
        current = args.check.is_file() and args.check.read_text(encoding="utf-8") == text
        print(f"{args.check} is {'up to date' if current else 'stale: run `make data`'}",
              file=sys.stdout if current else sys.stderr)
        return 0 if current and not bare else 1
    if args.out:
        print(f"wrote {atomic.write_text(args.out, text)}")
    else:
        sys.stdout.write(text)
    return 1 if bare else 0
