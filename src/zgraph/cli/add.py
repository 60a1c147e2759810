"""``zgraph add REPORT.txt --id ID --title TITLE``: register a new report in the corpus.

The text is checked (UTF-8, not empty, not already registered) and copied to data/sources/<id>.txt; its
manifest entry (data/reports.toml) records the title as printed and what is known from outside the text; an
empty curated folder data/curated/<id>/ waits for its facts (drafted by `zgraph extract`, reviewed by a person).
The place's GB/T 2260 code is looked up in the gazetteer when the name is unambiguous.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("add", help="register a new report (its text, manifest entry and curated folder)",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog="example:\n  zgraph add maoming-2024.txt --id maoming-2024-industrial-transfer "
                              "--title '茂名市2024年产业有序转移工作总结' --place 茂名市 --period 2024")
    p.add_argument("text", type=Path, metavar="REPORT.txt", help="the report's text (UTF-8)")
    p.add_argument("--id", required=True, help="report id: lower-case words joined by hyphens")
    p.add_argument("--title", required=True, help="the title exactly as printed")
    p.add_argument("--title-en", default="", help="an English title (the English label of the report)")
    p.add_argument("--place", default="", help="the place the report is about, e.g. 茂名市")
    p.add_argument("--place-code", default="", help="its GB/T 2260 code (default: looked up from --place)")
    p.add_argument("--period", default="", help="the period it covers, e.g. 2024 or 2023-2025")
    p.add_argument("--year", type=int, default=None, help="its year (default: the first year in --period)")
    p.add_argument("--issuer", default="", help="the issuing body, if known from outside the text")
    p.add_argument("--published", default="", help="publication date, YYYY-MM-DD")
    p.add_argument("--origin", default="", help="where the text was obtained (URL)")
    p.add_argument("--language", default="zh", help="language of the text (default: zh)")
    p.add_argument("--fictional", action="store_true", help="mark the report fictional (test fixtures)")
    p.add_argument("--note", default="", help="a note on the report (English)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import re

    from zgraph.corpus import Corpus, Report
    from zgraph.corpus.add import add
    from zgraph.model.errors import ZGraphError

    year = args.year
    if year is None:
        m = re.search(r"(19|20)\d\d", args.period)
        year = int(m.group(0)) if m else 0
    if args.published and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.published):
        raise ZGraphError(f"--published must be YYYY-MM-DD, got {args.published!r}", exit_code=2)
    if args.origin and not re.match(r"(?i)https?://\S+$", args.origin):
        raise ZGraphError(f"--origin must be an http(s) URL, got {args.origin!r}", exit_code=2)
    report = Report(id=args.id, title=args.title, source=f"{args.id}.txt", language=args.language,
                    title_en=args.title_en, issuer=args.issuer, place=args.place, place_code=args.place_code,
                    period=args.period, year=year, published=args.published, origin=args.origin,
                    fictional=args.fictional, note=args.note)
    done = add(Corpus(), args.text, report)
    for w in done.warnings:
        print(f"zgraph: note: {w}", file=sys.stderr)
    for path in done.files:
        print(f"wrote {path}")
    print(f"registered {done.report.id}: next, `zgraph extract --report {done.report.id}` drafts its facts, "
          "or write them in its curated folder; then `zgraph build`")
    return 0
