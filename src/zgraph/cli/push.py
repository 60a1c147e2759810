"""``zgraph push``: put the ontology, vocabularies and data into a triple store (SPARQL 1.1 Graph Store Protocol).

The target graph is replaced (HTTP PUT of Turtle): the store's default graph, or ``--graph IRI``. Afterwards
``zgraph query NAME --endpoint QUERY_URL [--graph IRI]`` gives the same rows as locally.
"""

from __future__ import annotations

import argparse

from zgraph.cli._common import add_data_arg, data_files


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("push", help="put the graph into a triple store (SPARQL 1.1 Graph Store Protocol)",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog="examples:\n  zgraph push --store http://localhost:7878/store\n"
                              "  zgraph push --store http://localhost:3030/zgraph/data "
                              "--graph https://w3id.org/zgraph/graph")
    p.add_argument("--store", metavar="URL", required=True,
                   help="the store's Graph Store Protocol endpoint (user:password@ in the URL for Basic auth)")
    p.add_argument("--graph", metavar="IRI", help="named graph to replace (default: the default graph)")
    add_data_arg(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from zgraph.sparql.remote import push

    n = push(args.store, args.graph, data_files(args))
    print(f"pushed {n} triples to {args.graph or 'the default graph'} of {args.store.split('@')[-1]}")
    return 0
