"""``zgraph export``: the entity graph as GraphML, GEXF or CSV (nodes.csv + edges.csv, for Gephi), or the RDF
graph as JSON-LD, Turtle or N-Triples. Written atomically; the same input gives the same bytes."""

from __future__ import annotations

import argparse
from pathlib import Path

from zgraph.cli._common import add_data_arg, add_lang_arg, data_files
from zgraph.model.loading import load
from zgraph.network import export


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="export for Gephi and other tools (graphml, gexf, jsonld, ttl, nt, csv)",
                       description=__doc__)
    p.add_argument("--format", choices=export.FORMATS, required=True, help="output format")
    p.add_argument("--out", type=Path, required=True, metavar="FILE",
                   help="output file (for csv: a folder that receives nodes.csv and edges.csv)")
    p.add_argument("--no-model", action="store_true",
                   help="jsonld/ttl/nt: export the data only, without the ontology and vocabularies")
    add_data_arg(p)
    add_lang_arg(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    model = not (args.no_model and args.format in ("jsonld", "ttl", "nt"))
    for path in export.export(load(data_files(args), model=model), args.format, args.out, args.lang):
        print(f"wrote {path}")
    return 0
