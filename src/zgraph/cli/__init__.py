"""The zgraph command line: thin argument parsing over the library.

Each command lives in its own module in this package and exposes ``register(subparsers)``, which adds its
parser and sets ``func`` to a handler taking the parsed arguments and returning an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from zgraph import __version__
from zgraph.model.errors import ZGraphError

#: Order in which commands are listed in --help (modules not named here follow alphabetically).
ORDER = ["reports", "add", "extract", "review", "eval", "build", "load", "validate", "audit", "stats", "explain",
         "queries", "query", "serve", "push", "analyze", "path", "export", "render", "synth"]


def command_modules() -> list[str]:
    """Names of the command modules in this package, in help order."""
    names = [m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")]
    return sorted(names, key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n))


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with one subcommand per command module (just ``only`` when given, for a fast start:
    each command imports only what it needs)."""
    parser = argparse.ArgumentParser(
        prog="zgraph",
        description="zgraph: a knowledge graph of China's regional industrial-transfer policy "
        "(a corpus of reports, e.g. Zhanjiang 2023). Every fact carries its report's own words.",
    )
    parser.add_argument("--version", action="version", version=f"zgraph {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in [only] if only else command_modules():
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; user errors print one short line on stderr and return a non-zero code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv and argv[0] in command_modules() else None
    parser = build_parser(only=command)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except ZGraphError as e:
        print(f"zgraph: error: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
