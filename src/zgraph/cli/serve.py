"""``zgraph serve``: a read-only SPARQL 1.1 endpoint at /sparql, with an offline page of the named queries at /.

It runs Oxigraph's SPARQL server (the ``oxigraph`` command, from ``pip install oxigraph``) on the model and the
data, behind a front (Starlette on uvicorn) that adds the landing page, stops any query that runs past the time
limit, and bounds what a client may send. Stop it with Ctrl-C.
"""

from __future__ import annotations

import argparse
import signal
import sys

from zgraph.cli._common import add_data_arg, add_store_arg, data_files, whole_store
from zgraph.serve.limits import Limits


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="serve a read-only SPARQL endpoint (/sparql) and a query page (/)",
                       description=__doc__)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000; 0 = any free port)")
    add_data_arg(p)
    add_store_arg(p)
    p.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                   help="longest time a query may run; a longer one is stopped and answered 503 (default: 10)")
    p.add_argument("--max-body", type=int, default=Limits.max_body, metavar="BYTES",
                   help=f"largest request body; a larger one is answered 413 (default: {Limits.max_body})")
    p.add_argument("--max-concurrent", type=int, default=Limits.max_inflight, metavar="N",
                   help="most requests handled at once; more are answered 503 with Retry-After "
                        f"(default: {Limits.max_inflight})")
    p.add_argument("--client-timeout", type=float, default=Limits.client_timeout, metavar="SECONDS",
                   help="time a client has to send a request's head, and then its body; a slower one is answered "
                        f"408 (default: {Limits.client_timeout:g})")
    p.add_argument("--base", metavar="URL",
                   help="where pages link IRIs to, e.g. https://w3id.org/zgraph/ when a w3id redirect points at "
                        "this server (default: this server's own root; see docs/linked-data.md)")
    p.add_argument("--cache-size", type=int, default=64 * 1024 * 1024, metavar="BYTES",
                   help="memory for SPARQL answers kept for repeated queries (the database is read-only); "
                        "0 turns the cache off (default: 64 MiB)")
    p.add_argument("--oxigraph", metavar="PATH", help="the oxigraph server binary (default: found automatically)")
    p.add_argument("--verbose", action="store_true", help="log every request on stderr")
    p.set_defaults(func=run)


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run(args: argparse.Namespace) -> int:
    from zgraph.model.errors import ZGraphError
    from zgraph.serve import SparqlServer, configure_logging

    for option, value in [("--timeout", args.timeout), ("--max-body", args.max_body),
                          ("--max-concurrent", args.max_concurrent), ("--client-timeout", args.client_timeout)]:
        if value <= 0:
            raise ZGraphError(f"{option} must be positive", exit_code=2)
    configure_logging(args.verbose)
    limits = Limits(max_body=args.max_body, max_inflight=args.max_concurrent, client_timeout=args.client_timeout)
    if args.base and not (args.base.startswith("https://") or args.base.startswith("http://")):
        raise ZGraphError("--base must be an http(s) URL, e.g. https://w3id.org/zgraph/", exit_code=2)
    if args.cache_size < 0:
        raise ZGraphError("--cache-size must be 0 or more", exit_code=2)
    disk = whole_store(args)
    server = SparqlServer(args.host, args.port, data_files(args), args.timeout, args.oxigraph, args.verbose, limits,
                          base=args.base, cache_bytes=args.cache_size,
                          store=disk.folder if disk is not None else None)
    signal.signal(signal.SIGTERM, _stop)
    try:
        server.start()
        print(f"zgraph: serving {server.triples} triples at {server.url}/ "
              f"(SPARQL endpoint {server.url}/sparql); Ctrl-C stops", flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    print("zgraph: stopped", file=sys.stderr)
    return 0
