"""Notebook support: answers and evidence as DataFrames, inline offline pages, and running the notebooks.

:func:`ask` and :func:`evidence` give pandas DataFrames with labels in the reader's language; :func:`iframe` shows
one of zgraph's offline HTML pages inline. :func:`execute` runs a notebook from a clean kernel of this very
interpreter (a kernelspec written to a temporary folder, so no kernel installed elsewhere is picked up), with
its ``parameters`` cell (``LANG = "zh"``) optionally replaced; :func:`execute_all` writes executed copies and
HTML pages that fetch nothing from a network.
"""

from __future__ import annotations

import html
import re
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV

from zgraph import atomic, paths, sources
from zgraph.errors import InputError, ZGraphError
from zgraph.explain import quotes_of
from zgraph.labels import label, qname
from zgraph.names import resolve
from zgraph.namespaces import PREFIXES, ZG, sparql_prologue

if TYPE_CHECKING:  # nbformat takes over a second to import: notebooks that only use the tables do not pay for it
    import nbformat
    import pandas as pd

#: The shipped notebooks.
NOTEBOOKS_DIR = paths.ROOT / "notebooks"
#: Tag of the cell whose assignments :func:`execute` may replace (papermill's convention).
PARAMETERS_TAG = "parameters"
#: Seconds one cell may run.
CELL_TIMEOUT = 300
#: Name of the kernelspec written for each run.
KERNEL_NAME = "zgraph-python3"
#: nbconvert's lab template without the scripts it would fetch from a CDN (require.js, MathJax, Mermaid).
OFFLINE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""
#: Terminal colour codes (in tracebacks from the kernel).
ANSI = re.compile(r"\x1b\[[0-9;]*m")
#: A tag that would load a script, stylesheet, image or frame from the network.
REMOTE_REFERENCE = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//",
                              re.IGNORECASE)


# ------------------------------------------------------------------------------------ tables for notebooks

def term(g: Graph, value: object, lang: str = "zh") -> object:
    """How an answer reads: an entity or concept by its label in ``lang``, a literal by its Python value."""
    if isinstance(value, URIRef):
        return label(g, value, lang)
    if isinstance(value, Literal):
        return value.toPython()
    return value


def ask(g: Graph, sparql: str, lang: str = "zh", ids: Sequence[str] = ()) -> pd.DataFrame:
    """Run a SPARQL SELECT (zgraph's prefixes declared) on ``g``: one row per answer, IRIs shown as labels.

    Columns named in ``ids`` keep compact ids instead (``zgi:…``), to look an answer up later.
    """
    import pandas as pd

    result = g.query(sparql_prologue() + sparql)
    columns = [str(v) for v in result.vars or []]
    rows = [[qname(v) if c in ids and isinstance(v, URIRef) else term(g, v, lang)
             for c, v in zip(columns, row, strict=True)] for row in result]
    return pd.DataFrame(rows, columns=columns)


def entity(g: Graph, name: str | URIRef) -> URIRef:
    """The node called ``name``: a compact id (``zgi:…``) or IRI that the graph describes, else names.resolve."""
    if isinstance(name, URIRef):
        return name
    prefix, _, local = name.partition(":")
    iri = URIRef(f"{PREFIXES[prefix]}{local}") if prefix in PREFIXES and local else URIRef(name)
    if (iri, None, None) in g:
        return iri
    return resolve(g, name)


def report_text(g: Graph) -> str:
    """The report's text exactly as shipped (evidence offsets count the code points of this string)."""
    text = sources.report_text(g)
    if text is None:
        raise ZGraphError("the graph has no zg:Report whose zg:sourceFile is shipped")
    return text


def _rule(g: Graph, activity: URIRef, lang: str) -> str:
    rules = sorted((r for r in g.objects(activity, ZG.rule) if isinstance(r, Literal)),
                   key=lambda r: (r.language != lang, str(r)))
    return str(rules[0]) if rules else "inferred by zgraph"


def evidence(g: Graph, name: str | URIRef, lang: str = "zh") -> pd.DataFrame:
    """The report's words behind an entity (name or id): quote, offsets, section, and a check against the source.

    An inferred entity has no words of its own: its rows are the quotes of its premises, with the rule applied.
    """
    import pandas as pd

    node = entity(g, name)
    text = report_text(g)
    rows = [(node, "", q) for q in quotes_of(g, node, lang)]
    for activity in sorted(g.objects(node, PROV.wasGeneratedBy)):
        rule = _rule(g, activity, lang)
        rows += [(premise, rule, q) for premise in sorted(g.objects(activity, PROV.used))
                 for q in quotes_of(g, premise, lang)]
    columns = ["about", "inferred by rule", "quote", "start", "end", "section", "verbatim"]
    return pd.DataFrame([[label(g, about, lang), rule, q.exact, q.start, q.end, q.section,
                          text[q.start:q.end] == q.exact] for about, rule, q in rows], columns=columns)


def remote_references(page: str) -> list[str]:
    """Tags of ``page`` that would load a script, stylesheet, image or frame from the network."""
    return [m.group(0) for m in REMOTE_REFERENCE.finditer(page)]


def iframe(page: str, height: int = 640, title: str = "") -> str:
    """Markup that shows a whole offline HTML page inline: a sandboxed ``srcdoc`` iframe (scripts run, no network).

    Display it with ``IPython.display.HTML``. A page that references anything remote raises ZGraphError.
    """
    remote = remote_references(page)
    if remote:
        raise ZGraphError(f"page is not offline: it references {remote[0]}")
    return (f'<div class="zgraph-inline"><iframe srcdoc="{html.escape(page, quote=True)}" sandbox="allow-scripts" '
            f'title="{html.escape(title, quote=True)}" '
            f'style="width:100%;height:{int(height)}px;border:1px solid #ddd"></iframe></div>')


# ------------------------------------------------------------------------------------- running notebooks

def notebooks(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The notebooks in ``folder``, in file-name order."""
    return sorted(Path(folder).glob("*.ipynb"))


def read(path: Path) -> nbformat.NotebookNode:
    """Read a notebook (nbformat 4); unreadable files raise InputError."""
    import nbformat
    try:
        return nbformat.read(Path(path), as_version=4)
    except FileNotFoundError:
        raise InputError(f"{path}: no such notebook") from None
    except (ValueError, nbformat.reader.NotJSONError) as e:
        raise InputError(f"{path}: not a readable notebook: {e}") from None


def parameters_cell(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The code cell tagged ``parameters``; a notebook without one raises ZGraphError."""
    for cell in nb.cells:
        if cell.cell_type == "code" and PARAMETERS_TAG in cell.get("metadata", {}).get("tags", []):
            return cell
    raise ZGraphError(f"notebook has no code cell tagged {PARAMETERS_TAG!r}")


def set_parameters(nb: nbformat.NotebookNode, values: Mapping[str, object]) -> nbformat.NotebookNode:
    """Replace the parameters cell by assignments of ``values``; each name must be assigned there already."""
    cell = parameters_cell(nb)
    for name in values:
        if not re.search(rf"^{re.escape(name)}\s*=", cell.source, re.MULTILINE):
            raise ZGraphError(f"the parameters cell does not set {name!r}")
    cell.source = "\n".join(f"{name} = {value!r}  # set by zgraph.notebooks" for name, value in values.items())
    return nb


def has_outputs(nb: nbformat.NotebookNode) -> bool:
    """True when any code cell carries outputs or an execution count (notebooks are committed without)."""
    return any(c.cell_type == "code" and (c.get("outputs") or c.get("execution_count") is not None)
               for c in nb.cells)


def _kernel_manager(folder: Path):  # noqa: ANN202 (jupyter_client's class)
    """A kernel manager whose only kernel is this interpreter's ipykernel (kernelspec written into ``folder``)."""
    from ipykernel.kernelspec import write_kernel_spec
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    write_kernel_spec(folder / KERNEL_NAME, overrides={"display_name": "zgraph (Python 3)"})  # argv: sys.executable
    specs = KernelSpecManager(kernel_dirs=[str(folder)], ensure_native_kernel=False)
    return AsyncKernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=specs, transport="ipc",
                         ip=str(folder / "kernel"))


def execute(path: Path, parameters: Mapping[str, object] | None = None, extra_cells: Sequence[str] = (),
            timeout: int = CELL_TIMEOUT) -> nbformat.NotebookNode:
    """Run a notebook top to bottom in a fresh kernel (working folder: the notebook's) and return it executed.

    ``parameters`` replace the parameters cell; ``extra_cells`` are code appended at the end (tests use them to
    look at the notebook's variables). A failing cell raises ZGraphError naming the notebook and the error.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    path = Path(path)
    nb = read(path)
    if parameters:
        set_parameters(nb, parameters)
    for i, source in enumerate(extra_cells):
        nb.cells.append(nbformat.v4.new_code_cell(source, id=f"zgraph-extra-{i}"))
    kernelspec = nb.metadata.get("kernelspec")
    with tempfile.TemporaryDirectory(prefix="zgraph-kernel-") as tmp:
        client = NotebookClient(nb, km=_kernel_manager(Path(tmp)), timeout=timeout, record_timing=False,
                                resources={"metadata": {"path": str(path.resolve().parent)}})
        try:
            client.execute(cleanup_kc=True)  # shut the kernel down even though we made its manager
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as e:
            raise ZGraphError(f"{path.name}: {ANSI.sub('', str(e))}") from None
    if kernelspec is not None:
        nb.metadata["kernelspec"] = kernelspec
    return nb


def to_html(nb: nbformat.NotebookNode, title: str = "") -> str:
    """An executed notebook as one HTML page (nbconvert's lab template, nothing fetched from a CDN)."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", template_file="zgraph-offline.html.j2",
                            extra_loaders=[DictLoader({"zgraph-offline.html.j2": OFFLINE_TEMPLATE})],
                            embed_images=True)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title or "notebook"}})
    return body


def title_of(nb: nbformat.NotebookNode) -> str:
    """The notebook's first Markdown heading, without the ``#``."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return ""


def index_page(entries: Sequence[tuple[str, str, str]], lang: str) -> str:
    """A page listing the executed notebooks: (HTML file, notebook file, title) each."""
    items = "\n".join(f'<li><a href="{html.escape(page)}">{html.escape(title)}</a> '
                      f'(<a href="{html.escape(notebook)}">{html.escape(notebook)}</a>)</li>'
                      for page, notebook, title in entries)
    return (f'<!DOCTYPE html>\n<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
            "<title>zgraph notebooks</title>\n</head>\n"
            '<body style="font-family:sans-serif;max-width:50em;margin:2em auto">\n<h1>zgraph notebooks</h1>\n'
            f"<p>Executed copies of <code>notebooks/</code>, labels in <code>{html.escape(lang)}</code>. "
            "To explore them yourself: <code>.venv/bin/jupyter lab notebooks/</code></p>\n"
            f"<ul>\n{items}\n</ul>\n</body>\n</html>\n")


def execute_all(out_dir: Path, lang: str = "zh", folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """Execute every notebook with ``LANG = lang``; write ``NAME.ipynb``, ``NAME.html`` and ``index.html``."""
    import nbformat

    out_dir = Path(out_dir)
    written: list[Path] = []
    entries = []
    for path in notebooks(folder):
        nb = execute(path, {"LANG": lang})
        title = title_of(nb) or path.stem
        written.append(atomic.write_text(out_dir / path.name, nbformat.writes(nb) + "\n"))
        written.append(atomic.write_text(out_dir / f"{path.stem}.html", to_html(nb, title)))
        entries.append((f"{path.stem}.html", path.name, title))
    written.append(atomic.write_text(out_dir / "index.html", index_page(entries, lang)))
    return written
