"""What every page is made with: one Jinja environment (autoescape on), inline assets, safe JSON, a strict CSP."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from zgraph.model.errors import ZGraphError

#: vis-network as shipped inside the pyvis package (inlined at render time, never fetched).
VIS_DIR = "templates/lib/vis-9.1.2"
#: A policy for pages that run no script at all.
NO_SCRIPT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; base-uri 'none'; "
                 "form-action 'none'")


@cache
def asset(package: str, name: str) -> str:
    """A text file shipped inside ``package`` (read once)."""
    return (resources.files(package) / name).read_text(encoding="utf-8")


def vis_assets() -> tuple[str, str]:
    """vis-network's JavaScript and CSS from the installed pyvis package, checked safe to inline."""
    js, css = asset("pyvis", f"{VIS_DIR}/vis-network.min.js"), asset("pyvis", f"{VIS_DIR}/vis-network.css")
    if "</script" in js.lower() or "<!--" in js or "</style" in css.lower():
        raise ZGraphError("the vis-network files shipped with pyvis cannot be inlined safely")
    return js, css


def environment() -> Environment:
    """Jinja for zgraph's templates, autoescaping everything (pyvis's own environment escapes nothing)."""
    return Environment(loader=PackageLoader("zgraph.pages", "templates"), autoescape=select_autoescape(default=True),
                       keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)


def script_json(obj: object) -> Markup:
    """JSON that is safe inside <script>: ``<``, ``>``, ``&`` and ``'`` are \\u-escaped; keys sorted."""
    return htmlsafe_json_dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def csp_for(scripts: Sequence[str]) -> str:
    """A policy allowing exactly these inline scripts, inline styles, data: fonts and images, and no fetch at all."""
    hashes = " ".join("'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
                      for s in scripts)
    return (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; font-src data:; img-src data:; "
            "base-uri 'none'; form-action 'none'")

