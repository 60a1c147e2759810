"""The header of a .rq file (a named query or a rule): its leading ``# key: value`` comment lines, in words."""

from __future__ import annotations

import re
from collections.abc import Iterable

_LINE = re.compile(r"#\s*(?P<key>[\w ]+?)\s*:\s*(?P<value>.*)$")


def header(text: str, keys: Iterable[str]) -> dict[str, str]:
    """The values of ``keys`` (lower-case) in the comment lines that open ``text``; the first line of each wins."""
    wanted = set(keys)
    meta: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _LINE.match(line)
        if m and m["key"].lower() in wanted:
            meta.setdefault(m["key"].lower(), m["value"].strip())
    return meta
