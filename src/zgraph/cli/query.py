"""``zgraph query``: run a named query, a .rq file or SPARQL text, locally (Oxigraph by default) or remotely.

Results come out as an aligned table (CJK-aware), or as SPARQL 1.1 results in CSV, TSV, JSON or XML written by
Oxigraph's serialisers. Labels are in the language of ``--lang`` (zh by default), falling back to the other.
"""

from __future__ import annotations

import argparse
import sys

from zgraph.cli._common import add_data_arg, add_lang_arg, add_store_arg, data_files, whole_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("query", help="run a named SPARQL query, a .rq file or --sparql TEXT",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog="examples:\n  zgraph query pairings\n  zgraph query documents --lang en --format csv\n"
                              "  zgraph query entity_facts --param entity=越秀区\n"
                              "  zgraph query --sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?s a zg:Pairing }'\n"
                              "  zgraph query pairings --endpoint http://localhost:7878/query")
    p.add_argument("target", nargs="?", metavar="NAME|FILE.rq",
                   help="a named query (see `zgraph queries`) or a SPARQL file")
    p.add_argument("--sparql", metavar="TEXT", help="SPARQL text to run (zgraph prefixes are predeclared)")
    p.add_argument("--format", "-f", choices=["table", "csv", "tsv", "json", "xml"], default="table",
                   help="output format (default: table; json/xml are SPARQL 1.1 results)")
    add_lang_arg(p)
    add_data_arg(p)
    add_store_arg(p)
    p.add_argument("--backend", choices=["oxigraph", "rdflib"], default="oxigraph",
                   help="local SPARQL engine (default: oxigraph, fast at any size; rdflib for comparison)")
    p.add_argument("--endpoint", metavar="URL", help="run on this remote SPARQL 1.1 query endpoint instead")
    p.add_argument("--graph", metavar="IRI", help="with --endpoint: query this named graph (default-graph-uri)")
    p.add_argument("--param", metavar="NAME=VALUE", action="append", default=[],
                   help="set a query parameter (a one-value VALUES line), e.g. entity=越秀区 (repeatable)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from zgraph.model.errors import ZGraphError
    from zgraph.sparql.backends import run as run_query
    from zgraph.sparql.catalogue import entity_param, is_entity_param, prepare, query_text, sparql_term
    from zgraph.sparql.results import serialize

    if args.endpoint and args.reports:
        raise ZGraphError("--report narrows the local corpus; with --endpoint, choose a graph with --graph",
                          exit_code=2)
    data = data_files(args)
    disk = None if args.endpoint else whole_store(args)
    if disk is not None and args.backend != "oxigraph":
        raise ZGraphError("--store is an Oxigraph database: use it with --backend oxigraph", exit_code=2)
    db = disk.open() if disk is not None else None
    text, named = query_text(args.target, args.sparql)
    params = {}
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise ZGraphError(f"--param wants NAME=VALUE, got {item!r}", exit_code=2)
        default = named.params.get(name, "") if named else ""
        params[name] = entity_param(value, data, store=db) if is_entity_param(default) else sparql_term(value)
    result = run_query(prepare(text, args.lang, params), backend=args.backend, data=data,
                       endpoint=args.endpoint, graph=args.graph,
                       store=db)
    sys.stdout.buffer.write(serialize(result, args.format))
    sys.stdout.buffer.flush()
    return 0
