"""``zgraph export``: the entity graph as GraphML, GEXF or CSV (nodes.csv + edges.csv, for Gephi), or the RDF
graph as JSON-LD, Turtle or N-Triples. Written atomically; the same input gives the same bytes, from Turtle files
or from ``--store DIR`` (its database for the entity graph, its copies of the loaded files for RDF)."""

from __future__ import annotations

import argparse
from pathlib import Path

from zgraph.cli._common import add_data_arg, add_lang_arg, add_store_arg, data_files, source_store, whole_store
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
    add_store_arg(p)
    add_lang_arg(p)
    p.set_defaults(func=run)


def _rdf_files(args: argparse.Namespace, model: bool) -> list[Path]:
    """The Turtle files an RDF export is written from: the model (unless --no-model) and the data."""
    from zgraph.model.store import source_files

    disk = whole_store(args)
    if disk is None:
        return source_files(data_files(args), model)
    return source_files(disk.part_files(), model)


def run(args: argparse.Namespace) -> int:
    if args.format in ("jsonld", "ttl", "nt"):
        written = export.export(None, args.format, args.out, args.lang,  # type: ignore[arg-type]
                                files=_rdf_files(args, model=not args.no_model))
    else:
        written = export.export(source_store(args), args.format, args.out, args.lang)
    for path in written:
        print(f"wrote {path}")
    return 0
