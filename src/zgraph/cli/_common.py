"""Arguments shared by several commands."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_data_arg(p: argparse.ArgumentParser) -> None:
    """``--data FILE ...`` (repeatable): Turtle files that replace the shipped data/triples.ttl."""
    p.add_argument("--data", metavar="FILE", type=Path, action="extend", nargs="+",
                   help="Turtle data file(s) to use instead of the shipped data/triples.ttl (repeatable)")


def add_lang_arg(p: argparse.ArgumentParser) -> None:
    """``--lang zh|en``: language of labels in the output."""
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="label language (default: zh)")
